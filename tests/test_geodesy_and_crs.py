"""Areas against pyproj.Geod, and the same case in three CRSs giving the same answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod, Transformer

from concession_gis.pipeline import analyze
from concession_gis.sample.demo import CLAIMS, FILES, UTM, grid_box
from tests.conftest import demo_inputs

GEOD = Geod(ellps="WGS84")


def geodesic_area_ha(polygon_utm: shapely.Polygon, crs: str) -> float:
    """Independent truth: UTM edges sampled every 10 m, to lon/lat, area on the ellipsoid."""
    dense = shapely.segmentize(polygon_utm, 10.0)
    x, y = np.asarray(dense.exterior.coords).T
    lon, lat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(x, y)
    area, _ = GEOD.polygon_area_perimeter(lon, lat)
    return abs(area) / 10_000


def test_concession_areas_match_geodesic_truth(demo_results):
    conc = demo_results.concessions.set_index("code")
    for code, *_, cells, _ in CLAIMS:
        truth = geodesic_area_ha(grid_box(cells), UTM)
        assert conc.loc[code, "area_ha"] == pytest.approx(truth, rel=1e-3), code
        # and much better than required: the working CRS is equal-area on the ellipsoid
        assert conc.loc[code, "area_ha"] == pytest.approx(truth, rel=1e-6), code


@pytest.mark.parametrize("size_km", [1, 30, 300])
def test_large_polygons_keep_their_ellipsoidal_area(tmp_path, size_km):
    import geopandas as gpd

    from concession_gis.geodesy import area_ha, to_working, working_crs

    box = shapely.box(300_000, 8_400_000, 300_000 + size_km * 1000, 8_400_000 + size_km * 1000)
    frame = gpd.GeoSeries([box], crs="EPSG:32719")
    ours = area_ha(to_working(frame, working_crs((-72, -15, -69, -12))))[0]
    assert ours == pytest.approx(geodesic_area_ha(box, "EPSG:32719"), rel=1e-4)


@pytest.fixture(scope="module")
def three_crs_dirs(tmp_path_factory, demo_dir):
    """The demo's concessions written in WGS84 UTM (as built), PSAD56 UTM and geographic degrees."""
    import geopandas as gpd

    source = gpd.read_file(demo_dir / FILES["concessions"], engine="pyogrio")
    folders = {}
    for label, crs, name in [("utm_wgs84", None, None), ("psad56", "EPSG:24879", "cat_psad56.shp"),
                             ("geographic", "EPSG:4326", "cat_geo.geojson")]:
        if crs is None:
            folders[label] = demo_dir / FILES["concessions"]
            continue
        folder = tmp_path_factory.mktemp(label)
        source.to_crs(crs).to_file(folder / name, engine="pyogrio")
        folders[label] = folder / name
    return folders


def test_same_answers_in_wgs84_utm_psad56_utm_and_degrees(demo_dir, three_crs_dirs):
    runs = {label: analyze(demo_inputs(demo_dir, concessions=[str(path)]), lang="en")
            for label, path in three_crs_dirs.items()}
    base = runs.pop("utm_wgs84")
    base_reg = base.registrations.set_index("reg_id")
    base_conc = base.concessions.set_index("code")
    for label, run in runs.items():
        reg = run.registrations.set_index("reg_id")
        for column in ("host_code", "relation", "conflict_type", "n_hosts", "coexistence_score"):
            pd.testing.assert_series_equal(reg[column], base_reg[column], check_dtype=False, obj=f"{label}.{column}")
        conc = run.concessions.set_index("code")
        np.testing.assert_allclose(conc["area_ha"], base_conc["area_ha"], rtol=1e-6, err_msg=label)
        pd.testing.assert_series_equal(conc["idle"], base_conc["idle"], obj=f"{label}.idle")
        assert sorted(run.concession_overlaps["senior_code"]) == sorted(base.concession_overlaps["senior_code"])


def _strip() -> shapely.Polygon:
    """A claim 5 m wide and 1.9 km long, turned 30°: every edge under MAX_EDGE_M (UTM 19S)."""
    return shapely.affinity.rotate(shapely.box(300_000, 8_400_000, 300_005, 8_401_900), 30, origin=(300_000, 8_400_000))


def _metres(geom: shapely.Geometry, lat: float) -> shapely.Geometry:
    """Degrees as metres around ``lat`` (a local plane, good to 1e-5 over 2 km)."""
    return shapely.transform(geom, lambda xy: xy * [111_320.0 * np.cos(np.radians(lat)), 110_600.0])


def test_short_edges_keep_their_path_when_moved_to_degrees():
    import geopandas as gpd

    from concession_gis.geodesy import WGS84, to_working

    strip = _strip()
    to_lonlat = Transformer.from_crs("EPSG:32719", "EPSG:4326", always_xy=True)
    truth = shapely.transform(shapely.segmentize(strip, 1.0), lambda xy: np.column_stack(to_lonlat.transform(*xy.T)))
    moved = to_working(gpd.GeoSeries([strip], crs="EPSG:32719"), WGS84).iloc[0]
    ends_only = gpd.GeoSeries([strip], crs="EPSG:32719").to_crs(WGS84).iloc[0]
    lat = truth.centroid.y
    # Moved by its corners only, the long edges stray over a centimetre: 0.3% of the strip's width.
    assert shapely.hausdorff_distance(_metres(ends_only, lat), _metres(truth, lat)) > 0.01
    assert shapely.hausdorff_distance(_metres(moved, lat), _metres(truth, lat), densify=0.01) < 0.002
    x, y = np.asarray(truth.exterior.coords).T
    area = abs(GEOD.polygon_area_perimeter(x, y)[0])
    x, y = np.asarray(moved.exterior.coords).T
    assert abs(GEOD.polygon_area_perimeter(x, y)[0]) == pytest.approx(area, rel=1e-6)



@pytest.mark.parametrize("workers", ["1", "2"])
def test_shapes_moved_in_blocks_as_in_one(monkeypatch, workers):
    """Moved a block at a time, on one core or two, every shape comes out vertex for vertex as
    moved all at once: claims, their PSAD56 twins (Peru's transformation, rebuilt to be shared by
    threads), registrations' points and a line, in one layer."""
    import geopandas as gpd

    import concession_gis.geodesy as geodesy
    from concession_gis.io.geometry import to_lonlat

    rng = np.random.default_rng(7)
    x, y = rng.uniform(300_000, 700_000, 60), rng.uniform(8_500_000, 8_900_000, 60)
    claims = [shapely.box(a, b, a + rng.uniform(500, 4_000), b + rng.uniform(500, 4_000)) for a, b in zip(x, y, strict=True)]
    shapes = [*claims, *shapely.points(x, y), shapely.LineString([(x[0], y[0]), (x[1], y[1])])]
    for crs in ("EPSG:32719", "EPSG:24879"):  # WGS 84 / UTM 19S, PSAD56 / UTM 19S
        frame = gpd.GeoDataFrame(geometry=gpd.GeoSeries(shapes, crs=crs))
        whole = to_lonlat(frame)
        monkeypatch.setattr(geodesy, "BLOCK_SHAPES", 8)
        monkeypatch.setattr(geodesy, "SHARED_BLOCK_SHAPES", 4)
        monkeypatch.setenv("CONCESSION_GIS_WORKERS", workers)
        blocks = to_lonlat(frame)
        monkeypatch.undo()
        assert shapely.equals_exact(blocks.geometry.values, whole.geometry.values, tolerance=0).all()
        assert blocks.attrs.get("datum_transformation") == whole.attrs.get("datum_transformation")
    assert whole.attrs["datum_transformation"] == geodesy.PERU_PSAD56_NAME
