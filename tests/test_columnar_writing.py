"""Where pyarrow is installed beside pandas, results.gpkg is written through GDAL's columnar
(Arrow) path, several times faster; the file must be the one the feature-by-feature path writes:
the same layers, fields, field types, geometry types, metadata and values. Run by
`make test-pyarrow`; skipped where pyarrow is absent (`make test`, the bundle)."""

from __future__ import annotations

import pyogrio
import pytest

from concession_gis.export import results as results_module
from concession_gis.export.results import write_geopackage
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs

pytest.importorskip("pyarrow")


def test_the_columnar_path_writes_the_same_results_gpkg(tmp_path, monkeypatch):
    run = analyze(bundled_inputs(), lang="es")
    files = {}
    for columnar in (False, True):
        monkeypatch.setattr(results_module, "COLUMNAR", columnar)
        files[columnar] = write_geopackage(run, tmp_path / f"columnar_{columnar}.gpkg")
    plain, columnar = files[False], files[True]
    layers = pyogrio.list_layers(plain).tolist()
    assert pyogrio.list_layers(columnar).tolist() == layers and len(layers) > 10
    for name, _ in layers:
        a, b = pyogrio.read_info(plain, layer=name), pyogrio.read_info(columnar, layer=name)
        for key in ("fields", "dtypes", "geometry_type", "crs", "features", "dataset_metadata"):
            same = (list(a[key]) == list(b[key])) if key in ("fields", "dtypes") else a[key] == b[key]
            assert same, (name, key)
        read = [pyogrio.read_dataframe(path, layer=name).drop(columns="update_time", errors="ignore")
                for path in (plain, columnar)]  # the styles' time of writing aside
        assert read[0].equals(read[1]), name
