"""Exports: results and tables, print maps, atlases and case dossiers, written by the worker process."""

from __future__ import annotations

from concession_gis_ui import jobs
from concession_gis_ui.context_layers import ContextLayer, file_kind
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.layers import VectorLayer


class ExportsControl:
    """Part of :class:`~concession_gis_ui.controller.Controller`: exports."""

    def export_results(self, folder: str, formats: list[str], maps: bool):
        return self._export("results", jobs.export_job, results_path=self.session.results_path, out_dir=folder,
                            formats=formats, maps=maps)

    def export_map(self, out: str, case: str | None, bbox, dpi: float = 300, preview: bool = False):
        return self._export("preview" if preview else "map", jobs.map_job, results_path=self.session.results_path,
                            out=out, case=case, bbox=bbox, lang=LANGUAGE.code, dpi=dpi, context=self.printed_context())

    def export_atlas(self, out: str, where: list[str]):
        return self._export("atlas", jobs.map_job, results_path=self.session.results_path, out=out, where=where,
                            lang=LANGUAGE.code, atlas=True, context=self.printed_context())

    def export_dossier(self, out: str, code: str):
        return self._export("dossier", jobs.dossier_job, results_path=self.session.results_path, out=out, case=code,
                            lang=LANGUAGE.code, context=self.printed_context())

    def printed_context(self) -> list[str]:
        """The user's vector files the map shows, bottom first: prints draw them as the window does
        (a raster of the user's stays in the window)."""
        return [layer.source for layer in self.session.layers.drawing_order()
                if isinstance(layer, ContextLayer) and not layer.is_basemap and file_kind(layer.source) == "vector"]

    def export_table(self, layer: VectorLayer, rows, out: str):
        source = self.session.results_path if self.session.results is not None else None
        if source is None:
            self.message.emit("warning", words("ui.controller.no_results_for_table"))
            return None
        return self._export("table", jobs.table_job, gpkg=source, layer=layer.name,
                            rows=[int(r) for r in rows] if rows is not None else None, out=out,
                            lang=LANGUAGE.code)

    def _export(self, what: str, function, **kwargs):
        if not self.session.results_path:
            self.message.emit("warning", words("ui.controller.nothing_to_export"))
            return None
        job = self.runner.submit(function, **kwargs)
        job.progress.connect(self._on_progress)
        job.finished.connect(lambda result: self._on_exported(what, result))
        job.failed.connect(lambda failure: (self.progress.emit(0, 1), self._report(failure)))
        self.status.emit(words("ui.controller.drawing_preview" if what == "preview" else "ui.controller.exporting"))
        return job

    def _on_exported(self, what: str, result) -> None:
        self.progress.emit(0, 1)  # idle again: a map's busy bar went on moving after it was drawn
        if what == "preview":  # drawn for the dialog only: nothing was exported
            self.status.emit(words("ui.controller.preview_ready"))
        else:
            paths = result if isinstance(result, list) else [result]
            self.status.emit(words("ui.controller.exported"))
            self.message.emit("info", words("ui.controller.written", paths=", ".join(map(str, paths))))
        self.export_done.emit(what, result)
