"""Writing a run's results into its output folder: results.gpkg, summary.json, tables, maps.

Every layer is written with its reasons twice: as codes with their values (``*_codes``, what a
program reads) and, beside them in the contract's columns, in words in the run's language.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from concession_gis.errors import InputError
from concession_gis.export.atomic import atomic_path, output_lock, remove_stale, staged, write_text
from concession_gis.export.cartography import UNEXPLAINED_FRONTS
from concession_gis.export.columnar import arrow_stream
from concession_gis.export.on_disk import read_on_disk
from concession_gis.export.outputs import (
    KML_FILE,
    RESULTS_FILE,
    SUMMARY_FILE,
    output_names,
    refuse_inputs,
    run_inputs,
)
from concession_gis.export.spreadsheet import (
    csv_file,
    default_dialect,
    workbook_file,
    write_csv,
    write_xlsx,
)
from concession_gis.export.styles import write_layer_styles
from concession_gis.export.table_words import FOR_PROGRAMS
from concession_gis.export.vector_formats import VECTOR_FORMATS, write_geojson, write_kml
from concession_gis.io.values import is_missing
from concession_gis.model import Results
from concession_gis.progress import Feedback
from concession_gis.reasons import with_words

TABLE_FORMATS = ("csv", "xlsx")
FORMATS = (*TABLE_FORMATS, *VECTOR_FORMATS)


def parse_formats(text: str | None) -> list[str]:
    """``--format csv,xlsx,geojson,kml`` as a list, refusing unknown formats."""
    formats = [f.strip().lower() for f in (text or "").split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(key="error.unknown_format", text=text, unknown=", ".join(unknown), formats=", ".join(FORMATS))
    return formats


def write_results(
    results: Results, out_dir: str | Path, formats: Sequence[str] = (), feedback: Feedback | None = None,
    maps: bool = False, inputs: Sequence[str] = (), csv_dialect: str | None = None, codes: bool = False,
) -> dict[str, Path]:
    """Write every output of ``results`` (and with ``maps`` the default maps) into ``out_dir``;
    returns the paths written by name. The tables for Excel are in the run's language, in words
    unless ``codes``; CSV in ``csv_dialect`` (default: the language's, ``excel-es`` in Spanish).

    No output may replace an input of the run (the summary's, or ``inputs``). The folder is
    locked while writing, and nothing is renamed into place until everything is written:
    a failed run leaves the previous outputs as they were, summary.json last (see
    :mod:`concession_gis.export.atomic`).
    """
    out = Path(out_dir)
    layers = written_layers(results)
    names = output_names(formats, maps, layers, results.lang)
    with output_lock(out):
        refuse_inputs(out, names, [*run_inputs(results), *inputs])
        remove_stale(out, names)
        if feedback:
            feedback.stage("write", total=len(layers) + len(formats))
        with staged(out, last=SUMMARY_FILE):
            written = _write_all(results, layers, out, formats, feedback, csv_dialect, codes)
            if maps:
                from concession_gis.export.maps import write_default_maps

                written.update(write_default_maps(results, out, feedback))
            results.stop_clock()  # summary.json is the last file: its time is the whole run's
            write_text(out / SUMMARY_FILE, json.dumps(results.summary, indent=2, ensure_ascii=False, default=_json_value))
            written[SUMMARY_FILE] = out / SUMMARY_FILE
    return written


def _write_all(results: Results, layers: dict[str, pd.DataFrame], out: Path, formats: Sequence[str],
               feedback: Feedback | None, csv_dialect: str | None = None, codes: bool = False) -> dict[str, Path]:
    written = {RESULTS_FILE: write_geopackage(results, out / RESULTS_FILE, feedback, layers)}
    lang = results.lang
    if "csv" in formats:
        for name, frame in layers.items():
            target = out / csv_file(name, lang)
            if name in FOR_PROGRAMS:
                write_csv(frame, target, dialect="plain")
            else:
                write_csv(frame, target, lang, codes, csv_dialect or default_dialect(lang))
            written[target.name] = target
        if feedback:
            feedback.advance()
    if "xlsx" in formats:
        target = out / workbook_file(lang)
        write_xlsx(layers, target, lang, codes)
        written[target.name] = target
        if feedback:
            feedback.advance()
    if "geojson" in formats:
        spatial = {name: frame for name, frame in layers.items() if isinstance(frame, gpd.GeoDataFrame)}
        written.update(write_geojson({name: _storable(frame) for name, frame in spatial.items()}, out))
        if feedback:
            feedback.advance()
    if "kml" in formats:
        written[KML_FILE] = write_kml(layers["concessions"], layers["registrations"], out / KML_FILE, results.lang)
        if feedback:
            feedback.advance()
    return written


SUMMARY_KEY = "concession_gis_summary"


def written_layers(results: Results) -> dict[str, pd.DataFrame]:
    """:meth:`Results.layers` as they are written: reasons in words in the run's language beside
    their codes (:func:`concession_gis.reasons.with_words`)."""
    return {name: with_words(frame, results.lang) for name, frame in results.layers().items()}


def write_geopackage(results: Results, target: Path, feedback: Feedback | None = None,
                     layers: dict[str, pd.DataFrame] | None = None) -> Path:
    """results.gpkg with every layer (``layers``, those of :func:`written_layers` when not
    given), written under a temporary name and renamed when complete.

    The run's summary (inputs, rules, counts) travels inside the file as dataset metadata, so a
    results.gpkg copied on its own still knows where it came from; QGIS styles travel in its
    ``layer_styles`` table, written into the temporary file so they arrive with the data.
    """
    summary = json.dumps(results.summary, ensure_ascii=False, default=_json_value)
    with atomic_path(target) as temporary, warnings.catch_warnings():
        # GDAL notes that GeoPackage field names are case-insensitive; clashes were renamed on load.
        warnings.simplefilter("ignore", RuntimeWarning)
        for i, (name, frame) in enumerate((written_layers(results) if layers is None else layers).items()):
            _write_layer(frame, temporary, name, {SUMMARY_KEY: summary} if i == 0 else None)
            if feedback:
                feedback.advance()
        write_layer_styles(temporary, results.lang)
    return target


# The fronts a print draws (cartography.UNEXPLAINED_FRONTS), as an OGR SQL filter.
PRINTED_FRONTS = "front_type IN ({})".format(", ".join(f"'{t}'" for t in UNEXPLAINED_FRONTS))
# Layers no map, atlas or dossier draws or cites: prints leave them in the file.
NOT_PRINTED = frozenset({"coexistence_candidates", "extinct_free_ground", "district_summary", "cases",
                         "rejected_rows", "loss_by_zone"})


def read_results(path: str | Path, for_prints: bool = False) -> Results:
    """A :class:`Results` read back from a results.gpkg written by :func:`write_geopackage`.

    ``for_prints``: only what maps, atlases and dossiers draw. Of the loss fronts, those no
    register explains, with their type: on a whole Hansen tile the fronts are most of the file
    (264,292 of them, every one's claims, shares and hectares per year), and a print needs a
    few thousand outlines; their outlines stay in the file until a map reads those in its frame
    (:mod:`~concession_gis.export.on_disk`). The layers of :data:`NOT_PRINTED` are left empty.

    Reading its metadata writes no .aux.xml beside it: see ``GDAL_PAM_ENABLED`` in
    :mod:`concession_gis.io.sources`, the one switch for inputs and outputs.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(key="error.results_not_found", path=str(path))
    try:
        names = {name for name, _ in pyogrio.list_layers(path)}
        if "concessions" not in names and "areas" in names:  # a Bolivian run's (analyze --country bo)
            return _read_bolivian(path, names)
        info = pyogrio.read_info(path, layer="concessions")
    except (DataSourceError, DataLayerError):
        raise InputError(key="error.not_results", path=str(path)) from None
    summary = json.loads((info.get("dataset_metadata") or {}).get(SUMMARY_KEY, "{}"))
    layers = {}
    for name in Results.__dataclass_fields__:
        if for_prints and name in NOT_PRINTED:
            continue
        if name in names and for_prints and name == "loss_fronts":
            layers[name] = read_on_disk(path, name, ["front_type"], PRINTED_FRONTS)
        elif name in names:
            layers[name] = pyogrio.read_dataframe(path, layer=name)
    for name in ("concessions", "registrations", "concession_overlaps", "coexistence_candidates", "restricted_areas"):
        layers.setdefault(name, gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326), crs=4326))
        frame = layers[name]
        for column in ("idle", "host_idle", "coexistence", "in_restricted", "declared_code_match"):
            if column in frame and frame[column].dtype.kind == "f":
                frame[column] = frame[column].map({1.0: True, 0.0: False}).astype("boolean")
    for name in ("loss_by_year", "district_summary", "rejected_rows"):
        layers.setdefault(name, pd.DataFrame())
    return Results(**layers, summary=summary, rules=summary.get("rules", {}), lang=summary.get("language", "es"))


def _read_bolivian(path: Path, names: set[str]) -> Results:
    """A Bolivian results.gpkg as the sheets read it (:mod:`~concession_gis.export.bolivia_sheets`);
    its summary from the file, else from the summary.json beside it (files written before the
    summary travelled inside)."""
    from concession_gis.export.bolivia_sheets import sheet_results

    info = pyogrio.read_info(path, layer="areas")
    summary = json.loads((info.get("dataset_metadata") or {}).get(SUMMARY_KEY, "{}"))
    beside = path.with_name(SUMMARY_FILE)
    if not summary and beside.is_file():
        summary = json.loads(beside.read_text(encoding="utf-8"))
    layers: dict[str, pd.DataFrame] = {name: pyogrio.read_dataframe(path, layer=name)
              for name in ("areas", "work_sites", "restricted_areas", "loss_by_year") if name in names}
    return sheet_results(layers, summary)


# GeoPackage 1.2: QGIS 3.22, still common on government desktops, only partly supports 1.4.
GPKG_OPTIONS = {"VERSION": "1.2"}
# GDAL's columnar writing (:mod:`~concession_gis.export.columnar`; GDAL 3.8 and later, as pyogrio's
# wheels carry): the national results' 12 layers in 5.0 s against 7.9-10.3 s feature by feature,
# the same fields, types and values read back.
COLUMNAR = pyogrio.__gdal_version__ >= (3, 8, 0)


def _write_layer(frame: pd.DataFrame, path: Path, layer: str, metadata: dict | None = None) -> None:
    frame = _storable(frame)
    options = GPKG_OPTIONS if not path.exists() else None
    spatial = isinstance(frame, gpd.GeoDataFrame)
    kind = _geometry_type(frame) if spatial else None
    stream = arrow_stream(frame, multi=kind == "MultiPolygon") if COLUMNAR else None
    if stream is not None:
        where = {"geometry_name": frame.geometry.name, "geometry_type": kind, "crs": _crs_text(frame.crs)} if spatial else {}
        pyogrio.write_arrow(stream, path, layer=layer, driver="GPKG", dataset_metadata=metadata,
                            dataset_options=options, **where)
    elif spatial:  # a column of a kind the columnar path does not know: feature by feature
        pyogrio.write_dataframe(
            frame, path, layer=layer, driver="GPKG", geometry_type=kind, promote_to_multi=kind == "MultiPolygon",
            dataset_metadata=metadata, dataset_options=options,
        )
    else:
        pyogrio.write_dataframe(pd.DataFrame(frame), path, layer=layer, driver="GPKG", dataset_metadata=metadata,
                                dataset_options=options)


def _crs_text(crs) -> str | None:
    """The layer's CRS as pyogrio names it to GDAL: its EPSG code where it has one."""
    if crs is None:
        return None
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else crs.to_wkt("WKT1_GDAL")


def _geometry_type(frame: gpd.GeoDataFrame) -> str:
    types = set(shapely.get_type_id(frame.geometry.values[~frame.geometry.isna()]).tolist())
    if types <= {shapely.GeometryType.POINT}:
        return "Point"
    if types <= {shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON}:
        return "MultiPolygon"
    return "Unknown"


def _storable(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns GeoPackage can hold: text for mixed objects, nothing the driver would refuse, and
    every missing value (None, NA, NaN) a NULL: a column of NA alone (a front's
    ``in_allowed_zone`` where no zone was given) was written as the text "<NA>". The frame
    itself where every column can be written as it is (copying each of the 12 layers whole, to
    change none, took a twentieth of the writing)."""
    texts = {}
    for column in frame.columns:
        values = frame[column]
        if isinstance(frame, gpd.GeoDataFrame) and column == frame.geometry.name:
            continue
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) != "string":
            texts[column] = values.map(lambda v: None if is_missing(v) else str(v))
    return frame.assign(**texts) if texts else frame


def _json_value(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)
