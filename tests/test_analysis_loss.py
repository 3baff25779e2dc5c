"""Forest loss through the whole analysis, checked against pixel-by-pixel geodesic truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from pyproj import Geod, Transformer

from concession_gis.pipeline import analyze
from concession_gis.sample.demo import CLAIMS, FILES, UTM, grid_box, place
from tests.conftest import demo_inputs

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def with_raster(demo_dir):
    return analyze(demo_inputs(demo_dir, loss_rasters=[str(demo_dir / FILES["loss_raster"])]), lang="en")


def true_loss_ha(raster_path, polygon_lonlat: shapely.Polygon, year: int | None = None) -> float:
    """Sum over loss pixels of the geodesic area of (pixel ∩ polygon), each pixel cut exactly."""
    with rasterio.open(raster_path) as dataset:
        west, south, east, north = polygon_lonlat.bounds
        t = dataset.transform
        col0, row0 = int((west - t.c) // t.a) - 2, int((north - t.f) // t.e) - 2
        col1, row1 = int((east - t.c) // t.a) + 3, int((south - t.f) // t.e) + 3
        window = rasterio.windows.Window(col0, row0, col1 - col0, row1 - row0)
        window = window.intersection(rasterio.windows.Window(0, 0, dataset.width, dataset.height))
        values = dataset.read(1, window=window, boundless=False)
        transform = dataset.window_transform(window)
    rows, cols = np.nonzero(values if year is None else values == year - 2000)
    total = 0.0
    for r, c in zip(rows, cols, strict=True):
        west, north = transform.c + c * transform.a, transform.f + r * transform.e
        east, south = west + transform.a, north + transform.e
        piece = shapely.box(west, south, east, north).intersection(polygon_lonlat)
        if piece.is_empty:
            continue
        for part in shapely.get_parts(piece):
            area, _ = GEOD.geometry_area_perimeter(part)
            total += abs(area)
    return total / 10_000


def claim_lonlat(code: str) -> shapely.Polygon:
    cells = next(c[6] for c in CLAIMS if c[0] == code)
    dense = shapely.segmentize(grid_box(cells), 10.0)
    x, y = np.asarray(dense.exterior.coords).T
    lon, lat = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True).transform(x, y)
    return shapely.Polygon(np.column_stack([lon, lat]))


@pytest.mark.parametrize("code", ["010000198", "070004518", "010060100"])
def test_claim_loss_matches_pixel_by_pixel_geodesic_truth(demo_dir, with_raster, code):
    conc = with_raster.concessions.set_index("code")
    truth = true_loss_ha(demo_dir / FILES["loss_raster"], claim_lonlat(code))
    assert truth > 10
    assert conc.loc[code, "loss_ha"] == pytest.approx(truth, rel=1e-3)


def test_loss_by_year_adds_up_and_matches_truth_for_one_year(demo_dir, with_raster):
    by_year = with_raster.loss_by_year
    conc = with_raster.concessions.set_index("code")
    sums = by_year.groupby("code")["loss_ha"].sum()
    np.testing.assert_allclose(sums, conc.loc[sums.index, "loss_ha"], rtol=1e-9)
    one = by_year[(by_year["code"] == "070004518") & (by_year["year"] == 2018)]["loss_ha"].sum()
    assert one == pytest.approx(true_loss_ha(demo_dir / FILES["loss_raster"], claim_lonlat("070004518"), 2018), rel=1e-3)


def test_registration_loss_within_500_m(demo_dir, with_raster):
    reg = with_raster.registrations.set_index("reg_id")
    lon, lat = place(3.5, 3.5)  # registration 0010231
    to_utm = Transformer.from_crs("EPSG:4326", UTM, always_xy=True)
    back = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True)
    x, y = to_utm.transform(lon, lat)
    circle = shapely.Point(x, y).buffer(500, quad_segs=64)
    ring = np.asarray(circle.exterior.coords)
    circle_lonlat = shapely.Polygon(np.column_stack(back.transform(ring[:, 0], ring[:, 1])))
    truth = true_loss_ha(demo_dir / FILES["loss_raster"], circle_lonlat)
    # the analysis buffers in an equal-area plane, UTM here: the circles differ by far under 0.5%
    assert reg.loc["0010231", "loss_ha_500m"] == pytest.approx(truth, rel=5e-3)


def test_forest_loss_is_idle_evidence(with_raster):
    conc = with_raster.concessions.set_index("code")
    idle = set(conc.index[conc["idle"].fillna(False).astype(bool)])
    # San Pedro (010060100) has no production record and lost 3.7% of its forest since filing,
    # but nearly all of it within 500 m of its miner (0010254): the miners' loss, not the holder's.
    assert idle == {"010011397", "010011398", "010020011", "010030555", "010060100"}
    assert conc.loc["010060100", "loss_by_holder_ha"] < 0.01 * conc.loc["010060100", "area_ha"]
    reg = with_raster.registrations.set_index("reg_id")
    assert reg.loc["0010254", "conflict_type"] == "speculation"


def test_raster_is_evidence_only_inside_its_footprint(demo_dir, tmp_path):
    """Crop the raster to the west: claims to the east get no loss evidence from it."""
    source = demo_dir / FILES["loss_raster"]
    with rasterio.open(source) as dataset:
        half = rasterio.windows.Window(0, 0, dataset.width // 2, dataset.height)
        profile = dataset.profile | {"width": half.width, "transform": dataset.window_transform(half)}
        with rasterio.open(tmp_path / "west.tif", "w", **profile) as out:
            out.write(dataset.read(1, window=half), 1)
    # With the forest map, which covers every claim: absence of loss speaks only where there was forest.
    results = analyze(demo_inputs(demo_dir, activity=None, loss_rasters=[str(tmp_path / "west.tif")],
                                  forest=[str(demo_dir / FILES["forest"])]), lang="en")
    conc = results.concessions.set_index("code")
    west, east = "010011397", "010060100"  # Inambari Dorado 1 (x 12-16 km), San Pedro (x 30-33 km)
    assert conc.loc[west, "raster_coverage"] == pytest.approx(1.0)
    assert conc.loc[west, "idle"] == True  # noqa: E712 inside: no loss seen
    assert conc.loc[east, "raster_coverage"] == 0
    assert pd.isna(conc.loc[east, "idle"])  # outside: this source cannot speak for it
    assert pd.isna(conc.loc[east, "loss_ha"])
    districts = results.district_summary.set_index("district")
    assert pd.isna(districts.loc["LABERINTO", "loss_ha"])  # none of its claims on the raster: unknown, not 0
    assert districts.loc["AYAPATA", "loss_ha"] > 0


def test_raster_elsewhere_warns_and_the_run_goes_on(demo_dir, tmp_path):
    """A raster of another region: every claim outside it, a warning in the summary, no failure."""
    from concession_gis.errors import NoOverlapWarning

    source = demo_dir / FILES["loss_raster"]
    with rasterio.open(source) as dataset:
        t = dataset.transform
        profile = dataset.profile | {"transform": rasterio.Affine(t.a, 0, t.c + 5.0, 0, t.e, t.f)}  # 5° east
        with rasterio.open(tmp_path / "elsewhere.tif", "w", **profile) as out:
            out.write(dataset.read(1), 1)
    results = analyze(demo_inputs(demo_dir, loss_rasters=[str(tmp_path / "elsewhere.tif")]), lang="en")
    assert results.summary["warnings"] == {"NoOverlapWarning": 1, "ExpiredContractsWarning": 1}  # the demo's expired contract
    assert any("does not cover any concession" in m for m in results.summary["warning_messages"])
    assert results.concessions["loss_ha"].isna().all()
    assert (results.concessions["raster_coverage"] == 0).all()
    assert len(results.registrations) == 55
    assert NoOverlapWarning.__name__ in results.summary["warnings"]
    # Not "0.0 ha of loss": there is no figure.
    assert results.summary["forest_loss"] == {"status": "not_covered", "concessions_covered": 0}
    assert "forest_loss" not in results.summary["hectares"]
    assert "forest_loss_claimed_ground" not in results.summary["hectares"]


def test_claims_wholly_on_nodata_have_no_loss_figure(demo_dir, tmp_path):
    """The raster spans the claims but every pixel is nodata (a clip outside the data): loss
    empty and coverage 0 for every claim, the run says "not covered", whatever the CLI prints."""

    source = demo_dir / FILES["loss_raster"]
    with rasterio.open(source) as dataset:
        profile = dataset.profile | {"nodata": 255}
        with rasterio.open(tmp_path / "clip.tif", "w", **profile) as out:
            out.write(np.full((dataset.height, dataset.width), 255, dataset.dtypes[0]), 1)
    results = analyze(demo_inputs(demo_dir, loss_rasters=[str(tmp_path / "clip.tif")]), lang="en")
    conc = results.concessions
    assert conc["loss_ha"].isna().all() and conc["loss_since_filed_ha"].isna().all()
    assert (conc["raster_coverage"] == 0).all()
    assert results.summary["forest_loss"] == {"status": "not_covered", "concessions_covered": 0}
    assert results.loss_by_year.empty


def test_the_command_line_prints_not_covered(demo_dir, tmp_path, capsys):
    from concession_gis.cli import main

    source = demo_dir / FILES["loss_raster"]
    with rasterio.open(source) as dataset:
        t = dataset.transform
        profile = dataset.profile | {"transform": rasterio.Affine(t.a, 0, t.c + 5.0, 0, t.e, t.f)}
        with rasterio.open(tmp_path / "elsewhere.tif", "w", **profile) as out:
            out.write(dataset.read(1), 1)
    code = main(["analyze", "--concessions", str(demo_dir / FILES["concessions"]), "--loss-raster",
                 str(tmp_path / "elsewhere.tif"), "--out", str(tmp_path / "out"), "--no-map", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    (line,) = [line for line in out.splitlines() if line.startswith("forest loss")]
    assert "not covered" in line and "0.0" not in line


def test_raster_without_crs_needs_crs(demo_dir, tmp_path):
    from concession_gis.errors import MissingCRSError

    source = demo_dir / FILES["loss_raster"]
    with rasterio.open(source) as dataset:
        profile = {k: v for k, v in dataset.profile.items() if k != "crs"}
        with rasterio.open(tmp_path / "nocrs.tif", "w", **profile) as out:
            out.write(dataset.read(1), 1)
    with pytest.raises(MissingCRSError, match="nocrs.tif"):
        analyze(demo_inputs(demo_dir, loss_rasters=[str(tmp_path / "nocrs.tif")]))


def test_district_loss_counts_each_hectare_once(demo_dir, with_raster):
    """Santa Rosa lies inside Andina I (Ayapata): its lost pixels count once in the district."""
    conc = with_raster.concessions
    table = with_raster.district_summary.set_index("district")
    raster = demo_dir / FILES["loss_raster"]
    for district, claims in conc.groupby("district"):
        ground = shapely.union_all([claim_lonlat(code) for code in claims["code"]])
        assert table.loc[district, "loss_ha"] == pytest.approx(true_loss_ha(raster, ground), rel=1e-4), district
    ayapata = conc.loc[conc["district"] == "AYAPATA", "loss_ha"].sum()
    santa_rosa = conc.set_index("code").loc["010000077", "loss_ha"]
    assert santa_rosa > 1
    assert table.loc["AYAPATA", "loss_ha"] == pytest.approx(ayapata - santa_rosa, rel=1e-6)
    hectares = with_raster.summary["hectares"]
    assert hectares["forest_loss"] == pytest.approx(conc["loss_ha"].sum(), abs=0.01)
    assert hectares["forest_loss_claimed_ground"] == pytest.approx(hectares["forest_loss"] - santa_rosa, abs=0.01)
    assert hectares["forest_loss_claimed_ground"] == pytest.approx(table["loss_ha"].sum(), abs=0.01)


def test_claimed_ground_unites_only_overlapping_claims_of_one_district():
    import geopandas as gpd

    from concession_gis.analysis.districts import claimed_ground

    boxes = [shapely.box(0, 0, 2, 2), shapely.box(1, 1, 3, 3), shapely.box(2.5, 2.5, 4, 4),  # a chain
             shapely.box(10, 10, 11, 11),  # alone
             shapely.box(0.5, 0.5, 1.5, 1.5)]  # overlaps the first, but lies in another district
    claims = gpd.GeoDataFrame({
        "department": ["MADRE DE DIOS"] * 5, "province": ["TAMBOPATA"] * 5,
        "district": ["INAMBARI"] * 4 + ["LABERINTO"],
    }, geometry=boxes, crs=32719)
    pairs = (np.array([0, 1, 0]), np.array([1, 2, 4]))
    pieces, unions = claimed_ground(claims, pairs)
    assert sorted(pieces.loc[pieces["claim"] >= 0, "claim"]) == [3, 4]
    assert len(unions) == 1 and (pieces["claim"] < 0).sum() == 1
    assert pieces.loc[pieces["claim"] < 0, "district"].tolist() == ["INAMBARI"]
    assert unions[0].area == pytest.approx(4 + 4 + 2.25 - 1 - 0.25)
