"""Results on the map: a results.gpkg or a finished run read in a thread, installed a step per
turn of the event loop, with the styles a project asked for."""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui import jobs
from concession_gis_ui.context_layers import ContextLayer
from concession_gis_ui.control.inputs import CONTEXT_KINDS
from concession_gis_ui.control.load_progress import Load
from concession_gis_ui.failure import Failure
from concession_gis_ui.graveyard import Graveyard
from concession_gis_ui.heartbeat import run_steps
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.layers import RESULT_LAYERS, RasterLayer, VectorLayer
from concession_gis_ui.loading import LoadedLayers, load_results_for_display
from concession_gis_ui.styles import classify
from concession_gis_ui.worker import run_in_thread

# Previews of inputs whose features the results do not carry: kept beside the results.


class ResultsControl:
    """Part of :class:`~concession_gis_ui.controller.Controller`: results on the map."""

    def open_results(self, gpkg: str, then=None) -> None:
        """A results.gpkg: the worker turns it into frame folders, then they are loaded."""
        self._runs += 1
        load = self.begin_load(Path(gpkg).name, on_cancel=then)
        job = self.track(load, self.runner.submit(jobs.display_job, results_path=gpkg,
                                                  out_dir=str(self.autosave.work_dir / f"opened-{self._runs}")))
        job.finished.connect(load.guard(lambda folder: self.load_results(folder, gpkg, then, load)))
        job.failed.connect(load.guard(lambda failure: (self._report(failure, gpkg), self.end_load(load),
                                                       then and then())))

    def load_results(self, path: str, source: str, then=None, load: Load | None = None) -> None:
        """Read a display folder in a thread (in chunks), then install it a step per event-loop turn."""
        if load is None:
            load = self.begin_load(Path(source or path).name, on_cancel=then)

        def ended() -> None:  # on the map, or failed: the load ends, then what the caller asked
            self.end_load(load)
            if then:
                then()

        self._load_generation += 1
        generation = self._load_generation
        styles = {name: self._pending_styles.get(name, {}).get("style", style) for name, _, style in RESULT_LAYERS}
        lang = LANGUAGE.code

        def read():
            loaded = load_results_for_display(path, source, load.check)
            # Colours are worked out here too, not on the GUI thread (30 ms for 87,000 points).
            loaded.classes = {name: classify(frame, styles.get(name) if styles.get(name) in frame else None,
                                             loaded.prepared[name].kind, name, lang)
                              for name, frame in loaded.frames.items()}
            return loaded

        def done(loaded: LoadedLayers) -> None:
            if generation == self._load_generation:
                self._install_results(loaded, styles, ended)
            else:
                ended()

        def failed(failure: Failure) -> None:
            self._report(failure, path)
            ended()

        self.track(load, run_in_thread(read, on_done=load.guard(done), on_error=load.guard(failed)))

    def _install_results(self, loaded: LoadedLayers, styles: dict, then=None) -> None:
        """Replace the layers by the results': each step a separate turn of the event loop, so
        the GUI thread is never held for long (measured: one step at a time stays under 50 ms)."""
        layers = self.session.layers
        # Rasters, context layers (the base map, the user's own files) and context inputs the
        # results do not hold (allowed zones of an older run) stay on the map; where the results
        # hold them, their layer replaces the input's preview.
        kept = tuple(f"input:{kind}:" for kind in CONTEXT_KINDS if kind not in loaded.frames)
        steps = [lambda: _discard([layer for layer in layers if not isinstance(layer, (RasterLayer, ContextLayer))
                                   and not (kept and layer.name.startswith(kept))], layers)]
        for name, _kind, _style in RESULT_LAYERS:
            if name in loaded.frames:
                steps.append(lambda name=name: self._add_result_layer(loaded, name, styles.get(name)))
        steps += [self._restore_order, lambda: setattr(self, "_pending_styles", {}),
                  lambda: self.session.set_results(loaded.results, loaded.source),
                  lambda: self.status.emit(words("ui.controller.results_loaded")),
                  self.results_loaded.emit, self.save_autosave]
        steps.append(then or (lambda: None))
        run_steps(self, steps, self._reported)

    def _add_result_layer(self, loaded: LoadedLayers, name: str, style: str | None) -> None:
        frame = loaded.frames[name]
        layer = VectorLayer(name, name, loaded.prepared[name].kind, frame=frame, prepared=loaded.prepared[name],
                            style_column=style if style in frame else None,
                            classes=loaded.classes.get(name), search_text=loaded.search.get(name),
                            cells=loaded.cells.get(name),
                            # Hidden at first: the candidates repeat registrations; the free
                            # extinct ground covers extinct claims, which a click should reach.
                            visible=name not in ("coexistence_candidates", "extinct_free_ground"))
        self._apply_style(layer)
        self.session.layers.add(layer, 0)

    def _apply_style(self, layer) -> None:
        state = self._pending_styles.get(layer.name)
        if not state:
            return
        layer.visible = bool(state.get("visible", layer.visible))
        layer.opacity = float(state.get("opacity", layer.opacity))
        wanted = state.get("style", layer.style_column if isinstance(layer, VectorLayer) else None)
        if isinstance(layer, VectorLayer) and wanted != layer.style_column and (wanted is None or wanted in layer.frame):
            layer.set_style(wanted)

    def _restore_order(self) -> None:
        if not self._pending_styles:
            return
        known = [layer for layer in self.session.layers if layer.name in self._pending_styles]
        for layer in sorted(known, key=lambda layer: self._pending_styles[layer.name].get("order", 0)):
            self.session.layers.move(layer, self._pending_styles[layer.name].get("order", 0))


GRAVEYARD = Graveyard()


def _discard(old: list, layers) -> None:
    """Take ``old`` off the map; their memory is freed gently by the graveyard thread."""
    for layer in old:
        layers.remove(layer)
    GRAVEYARD.bury(*old)
