"""Writing a Bolivian run: results.gpkg (every layer, canonical names and codes), one CSV per
table in the reader's dialect with each reason cell also in words, and summary.json."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from concession_gis.export.atomic import write_text
from concession_gis.export.results import _json_value, _write_layer
from concession_gis.export.spreadsheet import default_dialect, write_csv
from concession_gis.pipeline_bolivia import BoliviaResults
from concession_gis.reasons import render_column


def write_bolivia(results: BoliviaResults, out: Path, csv_dialect: str | None = None) -> list[Path]:
    """Every output of ``results`` under ``out``; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    gpkg = out / "results.gpkg"
    gpkg.unlink(missing_ok=True)
    written = [gpkg]
    for name, frame in results.layers().items():
        _write_layer(frame, gpkg, name)
    dialect = csv_dialect or default_dialect(results.lang)
    for name, frame in results.layers().items():
        table = pd.DataFrame(frame.drop(columns=[frame.geometry.name]) if isinstance(frame, gpd.GeoDataFrame) else frame)
        for column in [c for c in table.columns if str(c).endswith("_reason_codes")]:
            table[column.removesuffix("_codes")] = render_column(table[column], results.lang)
        path = out / f"{name}.csv"
        write_csv(table, path, dialect=dialect)
        written.append(path)
    summary = out / "summary.json"
    write_text(summary, json.dumps(results.summary, ensure_ascii=False, indent=2, default=_json_value))
    written.append(summary)
    return written
