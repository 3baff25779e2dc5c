"""Work the GUI hands to its child process: each function here runs there, never in the GUI.

Every job takes ``progress`` (a :class:`~concession_gis.progress.Step` listener that posts to
the GUI) and returns something small and picklable; frames travel through GeoPackage files
written here and read back by the GUI in chunks (:mod:`concession_gis_ui.loading`). No Qt here.
"""

from __future__ import annotations

import time
from dataclasses import fields
from pathlib import Path

from concession_gis.progress import Feedback, Step

KINDS = ("concessions", "registrations", "restricted", "raster", "activity", "holders")


def make_inputs(values: dict):
    from concession_gis.model import Inputs

    known = {f.name for f in fields(Inputs)}
    return Inputs(**{k: v for k, v in values.items() if k in known})


def analysis_job(inputs: dict, lang: str, out_dir: str, progress, step_delay: float = 0.0) -> dict:
    """The whole analysis, written as results.gpkg + summary.json into ``out_dir``.

    ``step_delay`` (seconds slept at each progress report) exists for tests that need a long
    analysis to cancel; it is 0 in the application.
    """
    from concession_gis_ui.loading import write_display

    from concession_gis.export.results import write_results
    from concession_gis.pipeline import analyze

    def listener(step: Step) -> None:
        progress(step)
        if step_delay:
            time.sleep(step_delay)

    feedback = Feedback(listener)
    results = analyze(make_inputs(inputs), feedback, lang)
    written = write_results(results, out_dir, (), feedback)
    display = write_display(results, Path(out_dir) / "display")
    return {"results": str(written["results.gpkg"]), "display": str(display), "summary": results.summary}


def display_job(results_path: str, out_dir: str, progress) -> str:
    """A results.gpkg (from a project, or opened) as frame folders the GUI reads without stalling."""
    from concession_gis_ui.loading import write_display

    from concession_gis.export.results import read_results

    return str(write_display(read_results(results_path), out_dir))


def guess_kind_job(spec: str, progress) -> str:
    """What an input file is: concessions, registrations, restricted, raster, activity or holders."""
    from concession_gis.io.schema import ALIASES, key
    from concession_gis.io.sources import is_table, read_table, split_layer
    from concession_gis.validate import guess_kind

    path, _ = split_layer(spec)
    if is_table(path):
        header = {key(c) for c in read_table(spec, "input").columns}
        for kind in ("holders", "activity"):
            required = {"holders": ("holder", "stratum"), "activity": ("code", "year")}[kind]
            if all(any(alias in header for alias in ALIASES[kind][f]) for f in required):
                has_coordinates = any(a in header for f in ("latitude", "easting") for a in ALIASES["registrations"][f])
                if not has_coordinates:
                    return kind
        return "registrations"
    return guess_kind(spec)


def check_input_job(spec: str, kind: str, column_map: list[str], crs: str | None, lang: str,
                    out_path: str, progress) -> dict:
    """Load one input as the analysis will; write its usable rows to ``out_path`` for the map."""
    from concession_gis.io import layers as loaders
    from concession_gis.io.schema import parse_column_map
    from concession_gis.rules import load_rules

    mapping = parse_column_map(column_map)
    progress(Step(f"load_{kind}" if kind in ("concessions", "registrations", "restricted") else "load_tables", 0, None))
    if kind == "raster":
        return _describe_raster(spec)
    if kind == "concessions":
        loaded = loaders.load_concessions([spec], mapping, crs, lang)
    elif kind == "registrations":
        loaded = loaders.load_registrations([spec], mapping, load_rules(), crs, lang)
    elif kind == "restricted":
        loaded = loaders.load_restricted(spec, mapping, crs, lang)
    elif kind == "activity":
        loaded = loaders.load_activity(spec, mapping, lang)
    else:
        loaded = loaders.load_holders(spec, mapping, lang)
    result = {"kind": kind, "rows": len(loaded.frame), "rejected": len(loaded.rejected), "preview": None}
    if kind in ("concessions", "registrations", "restricted") and len(loaded.frame):
        write_preview(loaded.frame, Path(out_path))
        result["preview"] = out_path
    return result


def write_preview(frame, path: Path) -> None:
    from concession_gis_ui.frames import write_frame

    write_frame(frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")]), path)


def _describe_raster(spec: str) -> dict:
    import rasterio

    from concession_gis.errors import InputError, MissingCRSError

    path, encoding = spec, "lossyear"
    head, sep, tail = spec.rpartition(":")
    if sep and tail in ("lossyear", "year", "mask"):
        path, encoding = head, tail
    try:
        with rasterio.open(path) as ds:
            if ds.crs is None:
                raise MissingCRSError(key="error.raster_without_crs", path=path)
            return {"kind": "raster", "rows": ds.width * ds.height, "rejected": 0, "preview": None,
                    "encoding": encoding, "path": path}
    except rasterio.errors.RasterioIOError as exc:
        raise InputError(key="error.unreadable_raster", path=path, detail=str(exc)) from None


def file_columns_job(spec: str, progress) -> list[str]:
    """The column names of a vector file or table (for the column-mapping dialog)."""
    import pyogrio

    from concession_gis.io.sources import is_table, read_table, split_layer

    path, layer = split_layer(spec)
    if is_table(path):
        return [c for c in read_table(spec, "input").columns if not str(c).startswith("_")]
    if path.suffix.lower() == ".zip":
        from concession_gis.io.sources import read_vector

        return [c for c in read_vector(spec, "input", assume_crs=4326).columns if c not in ("geometry", "_row")]
    return list(pyogrio.read_info(path, layer=layer)["fields"])


def file_bounds_job(spec: str, progress) -> list[float]:
    """The bounds of a vector file in its own (possibly unknown) coordinates, to guess its CRS."""
    import pyogrio

    from concession_gis.io.sources import split_layer

    path, layer = split_layer(spec)
    info = pyogrio.read_info(path, layer=layer, force_total_bounds=True)
    return [float(v) for v in info["total_bounds"]]


def export_job(results_path: str, out_dir: str, formats: list[str], maps: bool, progress) -> list[str]:
    """results.gpkg, summary.json, the tables as CSV/XLSX and the default maps into ``out_dir``."""
    from concession_gis.export.results import read_results, write_results

    results = read_results(results_path)
    feedback = Feedback(progress)
    written = write_results(results, out_dir, formats, feedback)
    if maps:
        from concession_gis.export.maps import write_default_maps

        written.update(write_default_maps(results, Path(out_dir), feedback))
    return [str(p) for p in written.values()]


def map_job(results_path: str, out: str, progress, case: str | None = None, bbox=None,
            lang: str | None = None, dpi: float = 300, where: list[str] | None = None, atlas: bool = False) -> str:
    """A print map (regional, or the case page of one claim), or an atlas, saved to ``out``."""
    from concession_gis.export.results import read_results

    results = read_results(results_path)
    feedback = Feedback(progress)
    if atlas:
        from concession_gis.export.atlas import write_atlas

        write_atlas(results, out, where=where, lang=lang, feedback=feedback)
    else:
        from concession_gis.export.maps import write_map

        write_map(results, out, case=case, bbox=tuple(bbox) if bbox else None, lang=lang, dpi=dpi, feedback=feedback)
    return out


def table_job(gpkg: str, layer: str, rows: list[int] | None, out: str, progress) -> str:
    """One layer (the rows shown in the table, in their order) as CSV or XLSX."""
    import pyogrio

    from concession_gis.export.results import read_results
    from concession_gis.export.spreadsheet import write_csv, write_xlsx
    from concession_gis.model import Results

    if layer in Results.__dataclass_fields__:
        frame = read_results(gpkg).layers()[layer]
    else:
        frame = pyogrio.read_dataframe(gpkg)
    if rows is not None:
        frame = frame.iloc[rows]
    target = Path(out)
    if target.suffix.lower() == ".xlsx":
        write_xlsx({layer[:31]: frame}, target)
    else:
        write_csv(frame, target)
    return out
