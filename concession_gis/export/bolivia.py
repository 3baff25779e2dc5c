"""Writing a Bolivian run: results.gpkg (every layer, canonical names and codes, as programs read
them), one CSV per table for people (headed and worded in the run's language, each reason cell
also in words, named as :func:`~.table_words.table_name` names it) and summary.json."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from concession_gis.errors import InputError
from concession_gis.export.atomic import write_text
from concession_gis.export.results import SUMMARY_KEY, _json_value, _write_layer
from concession_gis.export.spreadsheet import default_dialect, workbook_file, write_csv, write_xlsx
from concession_gis.export.table_words import code_words, heading, in_words, table_name
from concession_gis.i18n import tr
from concession_gis.model import BOLIVIA_LAYERS as LAYERS
from concession_gis.model import BoliviaResults
from concession_gis.reasons import render_column

# Columns holding Bolivian codes, and the catalogue prefix of each code's words.
BO_VALUE_WORDS = {
    "actor_type": "actor_type", "host_actor_type": "actor_type", "operator_type": "actor_type",
    "actor_type_source": "actor_type_source", "area_state": "area_state", "host_area_state": "area_state",
    "right_type": "right_type", "grid_check": "grid_check", "relation": "site_relation",
    "conflict_type": "site_conflict", "contract_type": "contract_type",
    # shared with Peru's tables
    "legal_state": "legal_state", "located_by": "located_by", "restricted_category": "restricted_category",
}


MAP_FILES = ("conflict_map.pdf", "conflict_map.png")


def bolivia_output_names(lang: str, formats: Sequence[str] = (), maps: bool = False) -> list[str]:
    """Every file name a Bolivian run in ``lang`` writes into its folder (cooperativas.csv may
    well be an input's name too: the command line refuses to replace one)."""
    return ["results.gpkg", "summary.json", *(f"{table_name(name, lang)}.csv" for name in LAYERS),
            *([workbook_file(lang)] if "xlsx" in formats else []), *(MAP_FILES if maps else ())]


def write_bolivia(results: BoliviaResults, out: Path, csv_dialect: str | None = None, codes: bool = False,
                  formats: Sequence[str] = (), maps: bool = False) -> list[Path]:
    """Every output of ``results`` under ``out``; the paths written. ``codes``: the CSV tables
    with canonical names and codes, as in results.gpkg; ``formats`` with ``xlsx``: the same
    tables as the sheets of one workbook too; ``maps``: conflict_map.pdf and .png, the regional
    map in Bolivian terms (:func:`~concession_gis.export.maps.write_default_maps`)."""
    out.mkdir(parents=True, exist_ok=True)
    gpkg = out / "results.gpkg"
    gpkg.unlink(missing_ok=True)
    written = [gpkg]
    # The summary travels inside results.gpkg too, as for Peru: `map`, `atlas` and `dossier`
    # read the sources, the rules and the synthetic mark from the file alone.
    summary = {SUMMARY_KEY: json.dumps(results.summary, ensure_ascii=False, default=_json_value)}
    for i, (name, frame) in enumerate(results.layers().items()):
        _write_layer(frame, gpkg, name, summary if i == 0 else None)
    dialect = csv_dialect or default_dialect(results.lang)
    sheets = {}
    for name, frame in results.layers().items():
        table = pd.DataFrame(frame.drop(columns=[frame.geometry.name]) if isinstance(frame, gpd.GeoDataFrame) else frame)
        for column in [c for c in table.columns if str(c).endswith("_reason_codes")]:
            table[column.removesuffix("_codes")] = render_column(table[column], results.lang)
        path = out / f"{table_name(name, results.lang)}.csv"
        sheets[table_name(name, results.lang)] = table if codes else for_people_bo(table, results.lang)
        write_csv(sheets[table_name(name, results.lang)], path, dialect=dialect)
        written.append(path)
    if "xlsx" in formats:
        workbook = out / workbook_file(results.lang)
        write_xlsx(sheets, workbook)
        written.append(workbook)
    if maps:
        from concession_gis.export.bolivia_sheets import sheet_results
        from concession_gis.export.maps import write_default_maps

        written += write_default_maps(sheet_results(results.layers(), results.summary, results.lang), out).values()
    summary_path = out / "summary.json"
    write_text(summary_path, json.dumps(results.summary, ensure_ascii=False, indent=2, default=_json_value))
    written.append(summary_path)
    return written


# The yes/no columns of a Bolivian run, which a GeoPackage stores as integers.
_FLAGS = ("idle", "leased_to_private", "reversion_candidate", "under_contract", "in_restricted")


def is_bolivian_results(path: str | Path) -> bool:
    """Whether ``path`` is the results.gpkg of a Bolivian run (its ``areas`` and ``work_sites``)."""
    import pyogrio

    try:
        names = {name for name, _ in pyogrio.list_layers(path)}
    except Exception:  # noqa: BLE001 - not a readable GeoPackage
        return False
    return {"areas", "work_sites", "reversion_candidates"} <= names


def read_bolivia_results(path: str | Path) -> BoliviaResults:
    """A :class:`BoliviaResults` read back from the results.gpkg :func:`write_bolivia` wrote
    (its summary from the GeoPackage's metadata; an older one's from summary.json beside it)."""
    import pyogrio

    path = Path(path)
    if not path.is_file():
        raise InputError(key="error.results_not_found", path=str(path))
    if not is_bolivian_results(path):
        raise InputError(key="error.not_results", path=str(path))
    info = pyogrio.read_info(path, layer=LAYERS[0])
    text = (info.get("dataset_metadata") or {}).get(SUMMARY_KEY)
    beside = path.with_name("summary.json")
    if not text and beside.is_file():
        text = beside.read_text(encoding="utf-8")
    summary = json.loads(text or "{}")
    layers: dict[str, pd.DataFrame] = {}
    for name in LAYERS:
        frame = pyogrio.read_dataframe(path, layer=name)
        for column in _FLAGS:
            if column in frame and frame[column].dtype.kind in "fi":
                frame[column] = frame[column].map({1: True, 0: False}).astype("boolean")
        layers[name] = frame
    return BoliviaResults(**layers, lang=summary.get("language", "es"), summary=summary)


def for_people_bo(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A Bolivian table in ``lang``: its codes in words, its canonical columns headed in Bolivian
    terms (``column_bo.*``: área, cuadrícula, municipio) or the shared heading, true/false as
    sí/no."""
    table = table.copy()
    # Bolivia's own words first: a code both countries use ("third_party") is worded as Bolivia's;
    # then the shared codes and lists (the idle area's evidence), before the columns are renamed.
    for column, prefix in BO_VALUE_WORDS.items():
        if column in table:
            table[column] = table[column].map(lambda v, p=prefix: code_words(p, v, lang))
    return in_words(table, lang).rename(columns={c: _heading(str(c), lang) for c in table.columns})


def _heading(column: str, lang: str) -> str:
    key = f"column_bo.{column}"
    words = tr(key, lang)
    return words if words != key else heading(column, lang)
