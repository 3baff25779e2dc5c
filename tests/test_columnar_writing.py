"""results.gpkg is written through GDAL's columnar path (Arrow arrays built by
:mod:`concession_gis.export.columnar`), several times faster than feature by feature; the file
must be the one the feature-by-feature path writes: the same layers, fields, field types,
geometry types, CRS, metadata and values."""

from __future__ import annotations

import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from concession_gis.export import results as results_module
from concession_gis.export.columnar import arrow_stream
from concession_gis.export.results import write_geopackage
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs


def _both_ways(run, tmp_path, monkeypatch):
    files = {}
    for columnar in (False, True):
        monkeypatch.setattr(results_module, "COLUMNAR", columnar)
        files[columnar] = write_geopackage(run, tmp_path / f"columnar_{columnar}.gpkg")
    return files[False], files[True]


def _structure(path):
    """What a GeoPackage declares of its tables: contents, geometry columns, extensions, SRS,
    the tables' and triggers' statements (R-trees included), metadata."""
    with sqlite3.connect(path) as db:
        return [
            db.execute("SELECT table_name, data_type, identifier, srs_id FROM gpkg_contents ORDER BY 1").fetchall(),
            db.execute("SELECT * FROM gpkg_geometry_columns ORDER BY 1").fetchall(),
            db.execute("SELECT * FROM gpkg_extensions ORDER BY 1, 2, 3").fetchall(),
            db.execute("SELECT srs_id, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys ORDER BY 1").fetchall(),
            db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 2").fetchall(),
            db.execute("SELECT md_scope, metadata FROM gpkg_metadata").fetchall(),
        ]


def test_the_columnar_path_writes_the_same_results_gpkg(tmp_path, monkeypatch):
    plain, columnar = _both_ways(analyze(bundled_inputs(), lang="es"), tmp_path, monkeypatch)
    layers = pyogrio.list_layers(plain).tolist()
    assert pyogrio.list_layers(columnar).tolist() == layers and len(layers) > 10
    for name, _ in layers:
        a, b = pyogrio.read_info(plain, layer=name), pyogrio.read_info(columnar, layer=name)
        for key in ("fields", "dtypes", "geometry_type", "crs", "features", "dataset_metadata"):
            same = (list(a[key]) == list(b[key])) if key in ("fields", "dtypes") else a[key] == b[key]
            assert same, (name, key)
        read = [pyogrio.read_dataframe(path, layer=name).drop(columns="update_time", errors="ignore")
                for path in (plain, columnar)]  # the styles' time of writing aside
        pd.testing.assert_frame_equal(read[0], read[1], obj=name)
    assert _structure(plain) == _structure(columnar)


def test_every_kind_of_column_and_missing_value_written_as_feature_by_feature(tmp_path, monkeypatch):
    """Hand-made: each kind of column the layers hold, each with a missing value where it can
    have one, polygons beside multipolygons, a row without a shape, and no rows at all."""
    square = shapely.box(-70.0, -12.0, -69.9, -11.9)
    frame = gpd.GeoDataFrame({
        "text": ["Mineros ñandú", None, "Ríos"],
        "words": pd.Series(["a", np.nan, "c"], dtype="str"),
        "count": np.array([1, 2, 3], dtype=np.int64),
        "small": np.array([7, 8, 9], dtype=np.int32),
        "maybe_count": pd.array([1, None, 3], dtype="Int64"),
        "ha": [1.5, np.nan, 0.25],
        "flag": [True, False, True],
        "maybe_flag": pd.array([True, None, False], dtype="boolean"),
        "filed_on": pd.to_datetime(["2001-02-03", None, "1999-12-31"]).as_unit("ms"),
        "seen_at": pd.to_datetime(["2020-01-01 10:30", "2021-06-01 00:00", None]).as_unit("us"),
    }, geometry=[square, shapely.MultiPolygon([square, shapely.box(-69.8, -12.0, -69.7, -11.9)]), None], crs=4326)
    assert arrow_stream(frame) is not None  # every column known: written columnar
    written = {}
    for columnar in (False, True):
        monkeypatch.setattr(results_module, "COLUMNAR", columnar)
        path = tmp_path / f"kinds_{columnar}.gpkg"
        results_module._write_layer(frame, path, "kinds")
        results_module._write_layer(frame.iloc[:0], path, "none")
        results_module._write_layer(pd.DataFrame(frame.drop(columns="geometry")), path, "table")
        written[columnar] = path
    for layer in ("kinds", "none", "table"):
        a, b = (pyogrio.read_info(written[c], layer=layer) for c in (False, True))
        assert list(a["fields"]) == list(b["fields"]) and list(a["dtypes"]) == list(b["dtypes"]), layer
        assert a["geometry_type"] == b["geometry_type"], layer
        pd.testing.assert_frame_equal(*(pyogrio.read_dataframe(written[c], layer=layer) for c in (False, True)), obj=layer)
    back = pyogrio.read_dataframe(written[True], layer="kinds")
    assert back["text"].tolist()[::2] == ["Mineros ñandú", "Ríos"] and pd.isna(back["text"][1])
    assert back["maybe_count"].isna().tolist() == [False, True, False] and back["ha"].isna().tolist() == [False, True, False]
    assert back["filed_on"].isna().tolist() == [False, True, False] and back.geometry.isna().tolist() == [False, False, True]
    assert set(back.geometry.dropna().geom_type) == {"MultiPolygon"}


def test_a_column_of_another_kind_goes_feature_by_feature():
    frame = pd.DataFrame({"code": ["a", "b"], "when": pd.to_datetime(["2001-01-01", "2002-01-01"]).tz_localize("UTC")})
    assert arrow_stream(frame) is None
    assert arrow_stream(pd.DataFrame({"part": pd.Categorical(["x", "y"])})) is None
    assert arrow_stream(pd.DataFrame({"mixed": pd.Series(["x", 1.5], dtype=object)})) is None
