"""Where a run writes: the names of its outputs, and the check that none of them is an input.

A REINFO export is often called ``registrations.csv``, the very name of the CSV table ``analyze
--format csv`` writes, and a results.gpkg can be analysed again into its own folder: an output
that is an input of the run is refused before anything is written. Paths are compared resolved
(links followed) and as files (hard links, case-insensitive disks), a shapefile with its parts.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from concession_gis.errors import InputError
from concession_gis.export.spreadsheet import csv_file, workbook_file
from concession_gis.inputs import split_spec
from concession_gis.io.sources import SHAPEFILE_PARTS
from concession_gis.model import Results

RESULTS_FILE, SUMMARY_FILE, WORKBOOK_FILE, KML_FILE = "results.gpkg", "summary.json", "results.xlsx", "results.kml"
MAP_FILES = ("conflict_map.pdf", "conflict_map.png")
LAYER_NAMES = tuple(f.name for f in dataclasses.fields(Results) if f.name not in ("summary", "rules", "lang", "clock", "context"))


def output_names(formats: Sequence[str] = (), maps: bool = False, layers: Iterable[str] = LAYER_NAMES,
                 lang: str = "en") -> list[str]:
    """Every file name a run in ``lang`` with ``formats`` (and the default maps) may write into its
    folder; the tables for Excel are named in the run's language (``registros.csv``)."""
    names = [RESULTS_FILE, SUMMARY_FILE]
    if "csv" in formats:
        names += [csv_file(name, lang) for name in layers]
    if "xlsx" in formats:
        names.append(workbook_file(lang))
    if "geojson" in formats:
        names += [f"{name}.geojson" for name in layers]
    if "kml" in formats:
        names.append(KML_FILE)
    return names + (list(MAP_FILES) if maps else [])


def input_files(specs: Iterable[str | Path | None]) -> list[Path]:
    """The files behind input specs ('PATH', 'PATH:LAYER', 'PATH:ENCODING'), a shapefile with its parts."""
    files = []
    for spec in specs:
        if not spec:
            continue
        path = Path(split_spec(spec)[0])
        files.append(path)
        if path.suffix.lower() == ".shp":
            files += [path.with_suffix(part) for part in SHAPEFILE_PARTS if part != ".shp"]
    return files


def run_inputs(results: Results) -> list[str]:
    """The input files a run's summary lists (each part of a shapefile already)."""
    return [str(item["path"]) for item in results.summary.get("inputs", []) if item.get("path")]


def refuse_inputs(folder: str | Path, names: Iterable[str], specs: Iterable[str | Path | None]) -> None:
    """Raise if writing any of ``names`` into ``folder`` would replace one of the input ``specs``."""
    inputs = input_files(specs)
    for name in names:
        target = Path(folder) / name
        hit = next((path for path in inputs if _same_file(target, path)), None)
        if hit is not None:
            raise InputError(key="error.output_is_input", path=str(hit), name=name, folder=str(folder))


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
