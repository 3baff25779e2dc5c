"""The synthetic data looks like the real data: shares, structure and patterns from docs/domain.md.

Every share is measured here from the files alone, with shapely and rasterio, not taken from
the generator: the host of a registration is found the way docs/contract.md defines it.
"""

from __future__ import annotations

import re
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio
import shapely
from rasterio import features

from concession_gis.rules import default_rules
from concession_gis.sample.synthetic import write_synthetic

LEGAL_FORMS = re.compile(r"\b(SAC|SAA|SA|EIRL|SRL|SCRL|LTDA|SOCIEDAD MINERA DE RESPONSABILIDAD LIMITADA)\b")


def normalized(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name).upper())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(re.sub(r"[.,']", "", text).split())
    return " ".join(LEGAL_FORMS.sub(" ", text).split())


def legal_state(code: str) -> str:
    table = default_rules()["legal_state"]
    return next((state for state in ("titled", "pending", "extinct") if code in table[state]), "other")


class Data:
    """One generated dataset, read back from its files."""

    def __init__(self, files):
        self.files = files
        frames = [pyogrio.read_dataframe(p) for p in files["concessions"]]
        self.native = frames
        self.claims = gpd.GeoDataFrame(pd.concat([f.to_crs(4326) for f in frames], ignore_index=True), crs=4326)
        self.claims["state"] = self.claims["ESTADO"].map(legal_state)
        self.claims["key"] = self.claims["TIT_CONCES"].map(normalized)
        counted = self.claims["HECTAGIS"].where(self.claims["state"].isin(["titled", "pending"]), 0.0)
        self.holder_ha = counted.groupby(self.claims["key"]).sum()
        path = files["registrations"][0]
        encoding = "utf-8-sig" if path.read_bytes()[:3] == b"\xef\xbb\xbf" else "latin-1"
        self.regs = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding=encoding)
        self.lon = self.regs["LONGITUD_G84"].str.replace(",", ".").astype(float).to_numpy()
        self.lat = self.regs["LATITUD_G84"].str.replace(",", ".").astype(float).to_numpy()
        self.holders = pd.read_csv(files["holders"][0], dtype=str)
        self.activity = pd.read_csv(files["activity"][0], dtype={"code": str})

    def hosts(self) -> np.ndarray:
        """Host claim of each registration (-1 outside): senior titled, else pending, else extinct."""
        points = shapely.points(self.lon, self.lat)
        reg, claim = shapely.STRtree(self.claims.geometry.to_numpy()).query(points, predicate="within")
        rank = self.claims["state"].map({"titled": 0, "pending": 1, "extinct": 2}).to_numpy()
        pairs = pd.DataFrame({"reg": reg, "claim": claim, "rank": rank[claim],
                              "filed": self.claims["FEC_DENU"].to_numpy()[claim]}).dropna(subset="rank")
        first = pairs.sort_values(["reg", "rank", "filed"]).drop_duplicates("reg")
        host = np.full(len(self.regs), -1)
        host[first["reg"].to_numpy()] = first["claim"].to_numpy()
        return host


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return Data(write_synthetic("region", tmp_path_factory.mktemp("region"), seed=11, size_factor=0.05))


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    return Data(write_synthetic("national", tmp_path_factory.mktemp("national"), seed=11, size_factor=0.01))


@pytest.fixture(params=["region", "national"])
def data(request):
    return request.getfixturevalue(request.param)


def test_legal_state_shares(data):
    shares = data.claims["state"].value_counts(normalize=True)
    assert shares["titled"] == pytest.approx(0.64, abs=0.02)
    assert shares["pending"] == pytest.approx(0.20, abs=0.02)
    assert shares["extinct"] == pytest.approx(0.13, abs=0.02)
    assert shares["other"] == pytest.approx(0.03, abs=0.015)
    assert (data.claims["SUSTANCIA"] == "M").mean() > 0.85


def test_claims_are_whole_grid_cells(data):
    ha = data.claims["HECTAGIS"]
    assert ha.between(99.9, 1000.1).all()
    for frame in data.native:
        xy = shapely.get_coordinates(frame.geometry.to_numpy())
        on_grid = (np.abs(xy / 1000 - np.round(xy / 1000)) < 1e-9).all(axis=1)
        # Nearly every vertex is a whole kilometre of the zone's own grid (old claims are not).
        assert on_grid.mean() > 0.95
        assert np.allclose(frame.geometry.area / 10_000, frame["HECTAGIS"], atol=0.01)
    on_hundreds = np.isclose(ha % 100, 0) | np.isclose(ha % 100, 100)
    assert on_hundreds.mean() > 0.95


def test_neighbours_share_edges_some_overlap_some_are_not_rectangles(data):
    sharing, overlapping = set(), set()
    for n, frame in enumerate(data.native):
        geoms = frame.geometry.to_numpy()
        a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
        keep = a < b
        a, b = a[keep], b[keep]
        common = shapely.intersection(geoms[a], geoms[b])
        overlap = shapely.area(common) / 10_000 > 0.01
        edge = ~overlap & (shapely.length(common) > 0)
        sharing |= {(n, i) for i in np.r_[a[edge], b[edge]]}
        overlapping |= {(n, i) for i in np.r_[a[overlap], b[overlap]]}
    total = len(data.claims)
    assert len(sharing) / total > 0.4
    assert 0.01 < len(overlapping) / total < 0.12
    envelope = shapely.area(shapely.envelope(data.native[0].geometry.to_numpy()))
    assert (envelope - data.native[0].geometry.area > 10_000).sum() >= 1  # L-shaped unions of cells


def test_ownership_is_concentrated(data):
    counts = data.claims["key"].value_counts()
    holders_for_half = int(np.searchsorted(counts.cumsum().to_numpy(), len(data.claims) / 2)) + 1
    assert holders_for_half / len(counts) < 0.05
    assert data.holder_ha.max() > 2000


def test_filing_dates(data):
    year = pd.to_datetime(data.claims["FEC_DENU"]).dt.year
    assert year.between(1970, 2025).all()
    median = year.groupby(data.claims["state"]).median()
    assert median["extinct"] < median["titled"] < median["pending"]


def test_registration_shares(data):
    assert (data.regs["ESTADO"] == "VIGENTE").mean() == pytest.approx(0.27, abs=0.01)
    assert 0 < (data.regs["ESTADO"] == "EXCLUIDO").mean() < 0.05
    host = data.hosts()
    inside = host >= 0
    assert inside.mean() == pytest.approx(0.80, abs=0.02)

    claims = data.claims.iloc[host[inside]]
    miner_key = data.regs.loc[inside, "NOMBRE_MIN"].map(normalized).to_numpy()
    ruc_of = dict(zip(data.holders["holder"].map(normalized), data.holders["ruc"], strict=True))
    holder_ruc = claims["key"].map(ruc_of).to_numpy()
    own = (claims["state"].to_numpy() == "titled") & (
        (miner_key == claims["key"].to_numpy()) | (data.regs.loc[inside, "M_RUC"].to_numpy() == holder_ruc))
    assert own.mean() == pytest.approx(0.077, abs=0.02)
    large = data.holder_ha.reindex(claims["key"]).to_numpy() > 2000
    assert large[~own].mean() == pytest.approx(0.27, abs=0.04)


def test_deposit_types_follow_the_geology(region, national):
    mdd = region.regs["DEPARTAMENTO"] == "MADRE DE DIOS"
    assert mdd.mean() > 0.5 and (region.regs.loc[mdd, "TIPO_YAC"] == "ALUVIAL").mean() > 0.9
    andes = ~national.regs["DEPARTAMENTO"].isin(["MADRE DE DIOS", "PUNO", "CUSCO", "AMAZONAS"])
    assert (national.regs.loc[andes, "TIPO_YAC"] == "FILONIANO").mean() > 0.85


def test_miners_cluster(region):
    x = region.lon * 111.32 * np.cos(np.radians(region.lat.mean()))
    y = region.lat * 110.57
    points = shapely.points(x, y)
    _, distance = shapely.STRtree(points).query_nearest(points, exclusive=True, return_distance=True, all_matches=False)
    area = shapely.convex_hull(shapely.multipoints(np.column_stack([x, y]))).area
    clark_evans = distance.mean() / (0.5 * np.sqrt(area / len(x)))
    assert clark_evans < 0.8  # 1 is a random scatter


@pytest.fixture(scope="module")
def loss(region):
    with rasterio.open(region.files["loss_rasters"][0]) as src:
        return src.read(1), src.transform


def test_loss_gathers_around_registrations(region, loss):
    values, transform = loss
    rng = np.random.default_rng(0)
    rows, cols = np.nonzero(values)
    pick = rng.choice(len(rows), size=min(5000, len(rows)), replace=False)
    lost = shapely.points(*rasterio.transform.xy(transform, rows[pick], cols[pick]))
    anywhere = shapely.points(*rasterio.transform.xy(
        transform, rng.integers(0, values.shape[0], 5000), rng.integers(0, values.shape[1], 5000)))
    tree = shapely.STRtree(shapely.points(region.lon, region.lat))
    near_lost = tree.query_nearest(lost, return_distance=True, all_matches=False)[1]
    near_any = tree.query_nearest(anywhere, return_distance=True, all_matches=False)[1]
    assert np.median(near_lost) < 0.6 * np.median(near_any)


def test_mining_front_moves_over_the_years(loss):
    values, transform = loss
    rows, cols = np.nonzero(values)
    x, y = (np.asarray(v) for v in rasterio.transform.xy(transform, rows, cols))
    year = values[rows, cols]
    early, late = year <= 8, year >= 17
    assert early.sum() > 1000 and late.sum() > 1000
    shift_km = np.hypot((x[early].mean() - x[late].mean()) * 108.6, (y[early].mean() - y[late].mean()) * 110.6)
    assert shift_km > 3  # 5 to 16 km over seeds 1-20 at this size; 38 km at full size
    assert len(np.unique(year)) == 24


def test_idle_claims_exist_in_numbers(region, loss):
    """Titled, 10+ years old, no production since 2020, loss since filing at most 1% of the claim."""
    values, transform = loss
    claims = region.claims
    labels = features.rasterize(((g, i + 1) for i, g in enumerate(claims.geometry)),
                                out_shape=values.shape, transform=transform, dtype="int32")
    filed = pd.to_datetime(claims["FEC_DENU"]).dt.year.to_numpy()
    on_claim = labels > 0
    claim = labels[on_claim] - 1
    year = values[on_claim].astype(int)
    lost_since = (year > 0) & (year + 2000 >= filed[claim])
    pixels = np.bincount(claim, minlength=len(claims))
    lost = np.bincount(claim[lost_since], minlength=len(claims))
    producing = claims["CODIGOU"].isin(set(region.activity.loc[region.activity["year"] >= 2020, "code"]))
    old_titled = (claims["state"] == "titled").to_numpy() & (filed <= 2015)
    idle = old_titled & ~producing.to_numpy() & (lost <= 0.01 * np.maximum(pixels, 1))
    assert 0.2 < idle.sum() / old_titled.sum() < 0.8
    assert (old_titled & (lost > 0.01 * pixels)).sum() > 0.1 * old_titled.sum()


def test_activity_is_declared_by_titled_claims(data):
    state = dict(zip(data.claims["CODIGOU"], data.claims["state"], strict=True))
    activity = data.activity
    assert activity["code"].map(state).eq("titled").all()
    assert activity["year"].between(2005, 2024).all() and (activity["production_t"] > 0).all()
    worked = activity["code"].nunique() / (data.claims["state"] == "titled").sum()
    assert 0.03 < worked < 0.4


def test_holders_table_agrees_with_the_cadastre(data):
    listed = data.holders.assign(key=data.holders["holder"].map(normalized))
    assert listed["key"].isin(data.holder_ha.index).all()
    ha = data.holder_ha.reindex(listed["key"]).to_numpy()
    expected = np.where(ha > 2000, "large_medium", np.where(ha > 1000, "small", "artisanal"))
    # Above 2,000 ha the table tells large from medium, which area alone cannot.
    said = listed["stratum"].replace({"large": "large_medium", "medium": "large_medium"})
    assert (said.to_numpy() == expected).all()
    assert set(data.holder_ha.index[data.holder_ha > 2000]) <= set(listed["key"])


def test_protected_areas_hold_claims_and_miners(data):
    areas = pyogrio.read_dataframe(data.files["restricted"][0]).geometry.to_numpy()
    claims_in = shapely.STRtree(areas).query(data.claims.geometry.to_numpy(), predicate="intersects")[0]
    miners_in = shapely.STRtree(areas).query(shapely.points(data.lon, data.lat), predicate="within")[0]
    assert len(np.unique(claims_in)) >= 1 and len(np.unique(miners_in)) >= 1
    assert len(np.unique(miners_in)) < len(data.regs)
