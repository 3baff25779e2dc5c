"""Work the GUI hands to its child process: each function here runs there, never in the GUI.

Jobs are submitted as these function objects (``runner.submit(jobs.export_job, ...)``), pickled
by name into the child, so each stays a top-level function of picklable arguments. Every job
takes ``progress`` (a :class:`~concession_gis.progress.Step` listener that posts to the GUI) and
returns something small and picklable; frames travel through GeoPackage files written here and
read back by the GUI in chunks (:mod:`concession_gis_ui.loading`). An error is raised as the
core raises it; the job server sends it back as a :class:`~concession_gis_ui.failure.Failure`.
No Qt here.
"""

from __future__ import annotations

from pathlib import Path

from concession_gis.progress import Feedback, Step


def analysis_job(inputs: dict, lang: str, out_dir: str, progress, country: str = "pe") -> dict:
    """The whole analysis, written as results.gpkg + summary.json into ``out_dir``; ``country``
    ``bo``: Bolivia's (pipeline_bolivia), a cadastre given as concessions read as AJAM's, as
    ``analyze --country bo`` reads it."""
    from concession_gis_ui.loading import write_display

    from concession_gis.model import inputs_from

    feedback = Feedback(progress)
    given = inputs_from(inputs)
    if country == "bo":
        from concession_gis.export.bolivia import write_bolivia
        from concession_gis.pipeline_bolivia import analyze_bolivia

        if not given.ajam:
            given.ajam, given.concessions = given.concessions, []
        bolivian = analyze_bolivia(given, feedback, lang)
        write_bolivia(bolivian, Path(out_dir))
        display = write_display(bolivian, Path(out_dir) / "display")
        return {"results": str(Path(out_dir) / "results.gpkg"), "display": str(display), "summary": bolivian.summary}
    from concession_gis.export.results import write_results
    from concession_gis.pipeline import analyze

    results = analyze(given, feedback, lang)
    written = write_results(results, out_dir, (), feedback)
    display = write_display(results, Path(out_dir) / "display")
    return {"results": str(written["results.gpkg"]), "display": str(display), "summary": results.summary}


def display_job(results_path: str, out_dir: str, progress) -> str:
    """A results.gpkg (from a project, or opened) as frame folders the GUI reads without stalling."""
    from concession_gis_ui.loading import write_display

    from concession_gis.export.bolivia import is_bolivian_results, read_bolivia_results
    from concession_gis.export.results import read_results

    read = read_bolivia_results if is_bolivian_results(results_path) else read_results
    return str(write_display(read(results_path), out_dir))


def guess_kind_job(spec: str, progress) -> str:
    """What an input file is: the name of one of the kinds declared in concession_gis.inputs."""
    from concession_gis.validate import guess_kind

    return guess_kind(spec)


def check_input_job(spec: str, kind: str, column_map: list[str], crs: str | None, out_path: str, progress) -> dict:
    """Load one input as the analysis will; write its usable rows to ``out_path`` for the map."""
    from concession_gis.inputs import KIND
    from concession_gis.io.schema import parse_column_map
    from concession_gis.pipeline import load_input

    declared = KIND[kind]
    if declared.attribute == "loss_rasters":
        return _describe_raster(spec, crs)
    if declared.attribute == "forest":  # checked as the analysis opens it; not drawn on the map
        from concession_gis.raster.forest import open_forest_sources

        source = open_forest_sources([spec], assume_crs=crs)[0]
        return {"kind": kind, "rows": source.width * source.height, "rejected": 0, "preview": None, "pixels": True}
    progress(Step("load_tables" if declared.is_table else f"load_{kind}", 0, None))
    loaded = load_input(kind, spec, parse_column_map(column_map), crs)
    result = {"kind": kind, "rows": len(loaded.frame), "rejected": len(loaded.rejected), "preview": None}
    if not declared.is_table and len(loaded.frame):
        write_preview(loaded.frame, Path(out_path))
        result["preview"] = out_path
    return result


def write_preview(frame, path: Path) -> None:
    from concession_gis_ui.frames import write_frame

    write_frame(frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")]), path)


def _describe_raster(spec: str, crs: str | None) -> dict:
    from concession_gis.raster.sources import open_loss_sources

    source = open_loss_sources([spec], assume_crs=crs)[0]
    return {"kind": "raster", "rows": source.width * source.height, "rejected": 0, "preview": None, "pixels": True,
            "encoding": source.encoding, "path": str(source.paths[0])}


def file_columns_job(spec: str, progress) -> list[str]:
    """The column names of a vector file or table (for the column-mapping dialog)."""
    from concession_gis.io.sources import column_names

    return column_names(spec)


def file_bounds_job(spec: str, progress) -> dict:
    """What a vector file says of its CRS without one: its bounds in its own coordinates and the
    distinct values of its UTM zone column (ZONA, HUSO...), if it has one."""
    import pyogrio

    from concession_gis.inputs import REGISTRATIONS
    from concession_gis.io.sources import split_layer

    path, layer = split_layer(spec)
    info = pyogrio.read_info(path, layer=layer, force_total_bounds=True)
    aliases = next(f.aliases for f in REGISTRATIONS.fields if f.name == "utm_zone")
    column = next((c for c in info["fields"] if str(c).upper() in aliases), None)
    zones = [] if column is None else sorted({str(v) for v in pyogrio.read_dataframe(
        path, layer=layer, columns=[column], read_geometry=False)[column].dropna()})
    return {"bounds": [float(v) for v in info["total_bounds"]], "zones": zones[:10]}


def export_job(results_path: str, out_dir: str, formats: list[str], maps: bool, progress) -> list[str]:
    """results.gpkg, summary.json, the tables as CSV/XLSX and the default maps into ``out_dir``."""
    from concession_gis.export.bolivia import (
        is_bolivian_results,
        read_bolivia_results,
        write_bolivia,
    )
    from concession_gis.export.results import read_results, write_results

    if is_bolivian_results(results_path):  # a Bolivian run's tables, and its map in Bolivian terms
        from concession_gis.export.bolivia import bolivia_output_names
        from concession_gis.export.outputs import refuse_inputs

        bolivian = read_bolivia_results(results_path)
        refuse_inputs(Path(out_dir), bolivia_output_names(bolivian.lang, formats, maps=maps), [results_path])
        return [str(p) for p in write_bolivia(bolivian, Path(out_dir), formats=formats, maps=maps)]
    results = read_results(results_path)
    feedback = Feedback(progress)
    written = write_results(results, out_dir, formats, feedback, maps=maps, inputs=[results_path])
    return [str(p) for p in written.values()]


def map_job(results_path: str, out: str, progress, case: str | None = None, bbox=None,
            lang: str | None = None, dpi: float = 300, where: list[str] | None = None, atlas: bool = False,
            context: list[str] | None = None) -> str:
    """A print map (regional, or the case page of one claim), or an atlas, saved to ``out``, with
    the user's ``context`` files drawn on it."""
    results = _for_prints(results_path, context)
    feedback = Feedback(progress)
    inputs = [results_path, *(context or [])]
    if atlas:
        from concession_gis.export.atlas import write_atlas

        write_atlas(results, out, where=where, lang=lang, feedback=feedback, inputs=inputs)
    else:
        from concession_gis.export.maps import write_map

        write_map(results, out, case=case, bbox=tuple(bbox) if bbox else None, lang=lang, dpi=dpi, feedback=feedback,
                  inputs=inputs)
    return out


def dossier_job(results_path: str, out: str, case: str, lang: str | None, progress,
                context: list[str] | None = None) -> str:
    """The dossier of claim ``case`` saved to ``out`` (a PDF), the user's ``context`` files on its map."""
    from concession_gis.export.dossier import write_dossier

    write_dossier(_for_prints(results_path, context), case, out, lang=lang, inputs=[results_path, *(context or [])],
                  feedback=Feedback(progress))
    return out


def _for_prints(results_path: str, context: list[str] | None):
    from concession_gis.export.context_layers import with_context
    from concession_gis.export.results import read_results

    return with_context(read_results(results_path, for_prints=True), context or [])


def table_job(gpkg: str, layer: str, rows: list[int] | None, out: str, lang: str, progress) -> str:
    """One layer (the rows shown in the table, in their order) as CSV or XLSX, its reasons in
    ``lang``, the window's language (the results.gpkg holds them in the run's)."""
    import pyogrio

    from concession_gis.export.outputs import refuse_inputs
    from concession_gis.export.results import read_results
    from concession_gis.export.spreadsheet import write_csv, write_xlsx
    from concession_gis.model import Results
    from concession_gis.reasons import with_words

    if layer in Results.__dataclass_fields__:
        frame = read_results(gpkg).layers()[layer]
    else:
        frame = pyogrio.read_dataframe(gpkg)
    if rows is not None:
        frame = frame.iloc[rows]
    frame = with_words(frame, lang)
    target = Path(out)
    refuse_inputs(target.parent, [target.name], [gpkg])
    if target.suffix.lower() == ".xlsx":
        write_xlsx({layer[:31]: frame}, target)
    else:
        write_csv(frame, target)
    return out


def compare_job(old_path: str, new_path: str, out_dir: str, lang: str, display_dir: str, progress) -> dict:
    """`concession-gis compare` of two results.gpkg into ``out_dir``; the change layers the
    window draws also as frame folders in ``display_dir``, read back without parsing the GeoPackage."""
    from concession_gis_ui.change_layers import write_change_display

    from concession_gis.export.changes import compare_results

    report = compare_results(old_path, new_path, out_dir, lang=lang, feedback=Feedback(progress))
    display = write_change_display(report.changes.layers, display_dir)
    return {"summary": report.summary, "display": str(display),
            "written": {name: str(path) for name, path in report.written.items()}}


def bolivian_demo_job(folder: str, progress) -> dict[str, list[str]]:
    """The Bolivian sample (``concession-gis sample --country bo``) in ``folder``, written once
    and kept: its files by the name of their input kind (the LEEME.txt aside)."""
    from concession_gis.inputs import kind_of
    from concession_gis.sample.bolivia import write_bolivia_sample

    written = write_bolivia_sample("demo", Path(folder))
    return {kind_of(attribute).name: [str(p) for p in paths] for attribute, paths in written.items()
            if attribute != "readme"}
