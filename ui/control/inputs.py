"""Inputs: opening files, checking each one as the analysis will read it, showing its preview,
and the dialogs that fix a missing CRS or unrecognised columns."""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui import jobs
from concession_gis_ui.canvas.raster import RasterSource
from concession_gis_ui.control.load_progress import Load
from concession_gis_ui.failure import Failure, FailureKind
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.layers import RasterLayer, VectorLayer
from concession_gis_ui.loading import LoadedLayers, load_preview_for_display
from concession_gis_ui.names import schema_problem
from concession_gis_ui.project import cache_dir, is_project_file
from concession_gis_ui.worker import run_in_thread

from concession_gis.i18n import format_number
from concession_gis.inputs import LOSS_RASTERS, RASTER_SUFFIXES, raster_kind, split_spec
from concession_gis.io.sources import split_layer
from concession_gis.user_crs import suggest_crs

# Inputs shown as context layers also once results are on the map (the results do not hold them).
CONTEXT_KINDS = ("allowed_zones",)


class InputsControl:
    """Part of :class:`~concession_gis_ui.controller.Controller`: the inputs."""

    def open_paths(self, paths: list[str]) -> None:
        for path in paths:
            path = str(path)
            if is_project_file(path):
                self.open_project(path)
            elif split_spec(path)[0].lower().endswith(RASTER_SUFFIXES):
                self.add_input(raster_kind(split_spec(path)[0]).name, path)
            elif path.lower().endswith(".gpkg") and _is_results_file(path):
                self.open_results(path)
            else:
                load = self.begin_load(_file_name(path))
                job = self.track(load, self.runner.submit(jobs.guess_kind_job, spec=path))
                job.finished.connect(load.guard(lambda kind, p=path, load=load: self.add_input(kind, p, load)))
                job.failed.connect(load.guard(lambda failure, p=path, load=load: self._load_failed(load, failure, p)))

    def add_input(self, kind: str, spec: str, load: Load | None = None) -> None:
        self.session.add_input(kind, spec)
        self.check_input(kind, spec, load)

    def _load_failed(self, load: Load, failure: Failure, spec: str | None = None) -> None:
        self._report(failure, spec)
        self.end_load(load)

    def remove_input(self, kind: str, spec: str) -> None:
        self.session.remove_input(kind, spec)
        for name in (f"input:{kind}:{spec}", f"raster:{spec}"):
            layer = self.session.layers.get(name)
            if layer is not None:
                self.session.layers.remove(layer)

    def check_input(self, kind: str, spec: str, load: Load | None = None) -> None:
        """Load one input as the analysis will and show it; a fixable problem opens a dialog.
        Cancelled while loading, the input leaves the inputs."""
        if load is None:
            load = self.begin_load(_file_name(spec))
        load.on_cancel.append(lambda: self.remove_input(kind, spec))
        if kind == LOSS_RASTERS.name:
            self._add_raster(spec, load)
            return
        preview = self.autosave.work_dir / "previews" / f"{kind}-{abs(hash(spec)) % 10**10}-{self._next_preview()}"
        job = self.track(load, self.runner.submit(
            jobs.check_input_job, spec=spec, kind=kind, column_map=self.session.inputs.column_map,
            crs=self.session.inputs.crs, out_path=str(preview)))
        job.finished.connect(load.guard(lambda result: self._on_checked(kind, spec, result, load)))
        job.failed.connect(load.guard(lambda failure: (self.end_load(load), self._on_input_failed(kind, spec, failure))))

    def _next_preview(self) -> int:
        self._previews += 1
        return self._previews

    def _on_checked(self, kind: str, spec: str, result: dict, load: Load) -> None:
        lang = LANGUAGE.code
        key = "ui.controller.raster_checked" if result.get("pixels") else "ui.controller.input_checked"  # not "rows"
        self.message.emit("info", words(key, file=Path(spec).name, rows=format_number(result["rows"], lang),
                                        rejected=format_number(result["rejected"], lang), n=result["rejected"]))
        if result.get("preview") and (self.session.results is None or kind in CONTEXT_KINDS):
            name = f"input:{kind}:{spec}"
            self.track(load, run_in_thread(
                load_preview_for_display, result["preview"], name, load.check,
                on_done=load.guard(lambda loaded: (self._install_preview(loaded), self.end_load(load))),
                on_error=load.guard(lambda f: self._load_failed(load, f, spec))))
        else:
            self.end_load(load)

    def _install_preview(self, loaded: LoadedLayers) -> None:
        if self.session.results is not None and not all(name.split(":")[1] in CONTEXT_KINDS for name in loaded.frames):
            return
        first = not any(isinstance(layer, VectorLayer) for layer in self.session.layers)
        for name, frame in loaded.frames.items():
            prepared = loaded.prepared[name]
            kind = name.split(":")[1]
            style = {"concessions": "legal_state", "registrations": None, "ajam": None}.get(kind)
            layer = VectorLayer(name, name, prepared.kind, frame=frame, prepared=prepared,
                                style_column=style if style in frame.columns else None,
                                search_text=loaded.search.get(name), cells=loaded.cells.get(name))
            self._apply_style(layer)
            index = 0 if prepared.kind == "point" else self._polygon_index()
            self.session.layers.add(layer, index)
        if first:
            self.view_requested.emit(None, None)

    def _polygon_index(self) -> int:
        """Polygons go under every point layer."""
        layers = list(self.session.layers)
        return next((i for i, layer in enumerate(layers) if getattr(layer, "kind", "") != "point"), len(layers))

    def _add_raster(self, spec: str, load: Load) -> None:
        def open_source():
            from rasterio.errors import RasterioError

            from concession_gis.errors import InputError
            from concession_gis.raster.sources import parse_loss_spec

            path, encoding = parse_loss_spec(spec)
            try:
                return RasterSource(path, encoding)
            except RasterioError as exc:  # the user's file, not the program: said as the command line says it
                raise InputError(key="error.unreadable_raster", path=str(path), detail=str(exc)) from None

        def installed(source: RasterSource) -> None:
            path, encoding = source.path, source.encoding
            layer = RasterLayer(f"raster:{spec}", Path(path).name, "raster", path=path, encoding=encoding, source=source)
            self._apply_style(layer)
            self.session.layers.add(layer, len(self.session.layers))
            # The pyramid of a national mosaic takes a while: part of the load, cancellable.
            self.track(load, run_in_thread(
                source.build_pyramid, cache_dir() / "raster-pyramids", load.check,
                on_done=load.guard(lambda _: (layer.changed.emit(layer, "data"), self.end_load(load))),
                on_error=load.guard(lambda f: self._load_failed(load, f, spec))))

        self.track(load, run_in_thread(open_source, on_done=load.guard(installed),
                                       on_error=load.guard(lambda f: self._load_failed(load, f, spec))))

    def _on_input_failed(self, kind: str, spec: str, failure: Failure) -> None:
        if failure.kind is FailureKind.MISSING_CRS:
            job = self.runner.submit(jobs.file_bounds_job, spec=spec)
            job.finished.connect(lambda said: self._ask_crs(kind, spec, self._text(failure), said["bounds"], said["zones"]))
            job.failed.connect(lambda _: self._ask_crs(kind, spec, self._text(failure), None))
        elif failure.kind is FailureKind.SCHEMA:
            job = self.runner.submit(jobs.file_columns_job, spec=spec)
            problem = schema_problem(failure.key, failure.values)
            job.finished.connect(lambda columns: self.columns_needed.emit(kind, spec, columns, problem))
            job.failed.connect(lambda f: self._report(f, spec))
        else:
            self._report(failure, spec)

    def _ask_crs(self, kind: str, spec: str, message: str, bounds, zones=()) -> None:
        self.crs_needed.emit(kind, spec, message, suggest_crs(bounds, spec, zones))

    def resolve_crs(self, kind: str, spec: str, epsg: str) -> None:
        self.session.set_crs(epsg)
        self.check_input(kind, spec)

    def resolve_columns(self, kind: str, spec: str, items: list[str]) -> None:
        self.session.merge_column_map(items)
        self.check_input(kind, spec)

    def ask_columns(self, kind: str, spec: str) -> None:
        job = self.runner.submit(jobs.file_columns_job, spec=spec)
        job.finished.connect(lambda columns: self.columns_needed.emit(kind, spec, columns, ""))
        job.failed.connect(lambda f: self._report(f, spec))


def _file_name(spec: str) -> str:
    return Path(split_layer(spec)[0]).name


def _is_results_file(path: str) -> bool:
    import pyogrio

    from concession_gis.export.bolivia import is_bolivian_results

    try:
        names = {name for name, _ in pyogrio.list_layers(path)}
    except Exception:  # noqa: BLE001 - not a readable GeoPackage: treat it as an input
        return False
    return {"concessions", "district_summary"} <= names or is_bolivian_results(path)


def names_input(failure: Failure, spec: str) -> bool:
    """Whether ``failure`` is about the file of the input ``spec`` (by the path the error names)."""
    if failure.path is None:
        return False
    return Path(split_layer(spec)[0]).resolve() == Path(failure.path).resolve()
