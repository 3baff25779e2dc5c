"""Synthetic REINFO registrations: artisanal miners as points, most of them on someone's claim.

Shares follow docs/domain.md: about 80% of registrations lie inside a claim; 7.7% of those are on the
miner's own titled claim; of the others, 27% are on claims of large or medium holders. About 27%
are VIGENTE, the rest SUSPENDIDO and a few EXCLUIDO. Miners gather along rivers and in mining
districts, alluvial in Madre de Dios, hard-rock in the Andes.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from concession_gis.sample import names
from concession_gis.sample.cadastre import CUTOFF, Cadastre
from concession_gis.sample.holders import exact_counts
from concession_gis.sample.mixture import Mixture
from concession_gis.sample.places import HUBS, MDD_CORRIDORS, ZONES, nearest_hubs

INSIDE_SHARE = 0.80
OWN_SHARE_OF_INSIDE = 0.077
LARGE_SHARE_OF_THIRD_PARTY = 0.27
HOST_STATE_SHARES = {"titled": 0.75, "pending": 0.12, "extinct": 0.13}
HOST_RANK = {"titled": 0, "pending": 1, "extinct": 2, "other": 3}
STATUS_SHARES = {"VIGENTE": 0.27, "SUSPENDIDO": 0.71, "EXCLUIDO": 0.02}
ACTIVITY_SHARES = {"EXPLOTACIÓN": 0.86, "BENEFICIO": 0.08, "EXPLOTACIÓN Y BENEFICIO": 0.06}
INSET_M = 100.0         # inside points keep this far from their claim's edge (datum shifts)
OUTSIDE_GAP_DEG = 0.0015  # outside points keep about 160 m from every claim
REPEAT_MINER_SHARE = 0.12


def registration_mixture(bounds, zones: list[str], weight_factor=None) -> Mixture:
    """Where miners work: the registration weights of the districts and rivers in ``bounds``."""
    minx, miny, maxx, maxy = bounds
    hubs = [h for h in HUBS if h.zone in zones and minx - 0.3 <= h.lon <= maxx + 0.3
            and miny - 0.3 <= h.lat <= maxy + 0.3]
    corridors = MDD_CORRIDORS if "19S" in zones else []
    return Mixture.build(hubs, corridors, "registrations", background_share=0.03, background_km=30.0,
                         factor=weight_factor)


def claim_appeal(mixture: Mixture, claims: pd.DataFrame) -> np.ndarray:
    """How much mining each claim draws: the mixture's density at its centre, never zero."""
    appeal = mixture.density(claims["lon"].to_numpy(), claims["lat"].to_numpy())
    return appeal + appeal.mean() * 0.02


def build(rng: np.random.Generator, n: int, cadastre: Cadastre, appeal: np.ndarray, worked: np.ndarray,
          mixture: Mixture, allowed: BaseGeometry) -> pd.DataFrame:
    """``n`` registrations over ``cadastre``; outside points come from ``mixture`` within ``allowed``.

    ``appeal`` weighs the claims as hosts; large holders' ``worked`` claims draw twice as many.
    """
    claims = cadastre.claims
    groups = _groups(rng, n)
    host = np.full(n, -1)
    for (group, state), idx in groups.items():
        host[idx] = _pick_hosts(rng, claims, appeal, worked, group, state, len(idx))
    inside = host >= 0
    lon = np.empty(n)
    lat = np.empty(n)
    lon[inside], lat[inside] = _points_in_claims(rng, cadastre, host[inside])
    # A point where claims overlap belongs to the senior one (docs/contract.md); draw again the few
    # that would change host, so the shares hold for the host a reader will compute.
    tree = shapely.STRtree(claims.geometry.to_numpy())
    check = np.flatnonzero(inside)
    for attempt in range(11):
        senior = senior_hosts(claims, lon[check], lat[check], tree)
        moved = check[senior != host[check]]
        if not len(moved):
            break
        if attempt == 10:
            host[moved] = senior[senior != host[check]]  # wholly under a senior claim: it hosts
        else:
            lon[moved], lat[moved] = _points_in_claims(rng, cadastre, host[moved])
        check = moved
    lon[~inside], lat[~inside] = _points_outside(rng, claims, mixture, allowed, int((~inside).sum()))
    own = np.zeros(n, dtype=bool)
    own[groups[("own", "titled")]] = True
    zone = np.where(lon < ZONES["18S"].west, "17S", np.where(lon < ZONES["19S"].west, "18S", "19S"))
    hub = nearest_hubs(lon, lat, zone)
    district = np.array([h.distri for h in hub], dtype=object)
    miner, ruc = _identities(rng, cadastre, host, own, district)
    return _table(rng, claims, host, lon, lat, miner, ruc, own, hub)


def _groups(rng, n) -> dict[tuple[str, str], np.ndarray]:
    n_inside = round(n * INSIDE_SHARE)
    n_own = round(n_inside * OWN_SHARE_OF_INSIDE)
    n_large = round((n_inside - n_own) * LARGE_SHARE_OF_THIRD_PARTY)
    n_small = n_inside - n_own - n_large
    counts = {("outside", ""): n - n_inside, ("own", "titled"): n_own}
    states = list(HOST_STATE_SHARES)
    shares = np.array(list(HOST_STATE_SHARES.values()))
    for group, total in (("large", n_large), ("small", n_small)):
        for state, k in zip(states, exact_counts(total, shares), strict=True):
            counts[(group, state)] = int(k)
    order = rng.permutation(n)
    out = {}
    start = 0
    for key, k in counts.items():
        out[key] = np.sort(order[start: start + k])
        start += k
    return out


def _pick_hosts(rng, claims, appeal, worked, group, state, k):
    if group == "outside" or k == 0:
        return np.full(k, -1)
    large = claims["stratum"].to_numpy() == "large_medium"
    in_state = claims["legal_state"].to_numpy() == state
    owner_fits = large if group == "large" else ~large
    weight = appeal * np.where(worked & large, 2.0, 1.0)
    for mask in (in_state & owner_fits, owner_fits, np.ones(len(claims), dtype=bool)):
        if mask.any():
            w = np.where(mask, weight, 0.0)
            return rng.choice(len(claims), size=k, p=w / w.sum())
    return np.full(k, -1)


def senior_hosts(claims: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray, tree: shapely.STRtree) -> np.ndarray:
    """Row of the claim hosting each point (-1 for none): senior titled, else pending, else extinct.

    ``tree`` indexes ``claims.geometry``.
    """
    point, claim = tree.query(shapely.points(lon, lat), predicate="within")
    rank = claims["legal_state"].map(HOST_RANK).to_numpy()[claim]
    pairs = pd.DataFrame({"point": point, "claim": claim, "rank": rank,
                          "filed": claims["filed"].to_numpy()[claim], "hour": claims["hour"].to_numpy()[claim],
                          "code": claims["code"].to_numpy()[claim]})
    pairs = pairs[pairs["rank"] < len(HOST_STATE_SHARES)]
    senior = pairs.sort_values(["point", "rank", "filed", "hour", "code"]).drop_duplicates("point")
    out = np.full(len(lon), -1)
    out[senior["point"].to_numpy()] = senior["claim"].to_numpy()
    return out


def _points_in_claims(rng, cadastre: Cadastre, hosts: np.ndarray):
    """A random point in each host claim, at least INSET_M from its edge, in lon/lat."""
    lon = np.empty(len(hosts))
    lat = np.empty(len(hosts))
    zone = cadastre.claims["zone"].to_numpy()[hosts]
    for z, native in cadastre.native.items():
        idx = np.flatnonzero(zone == z)
        if not len(idx):
            continue
        polys = shapely.buffer(native.loc[hosts[idx]].to_numpy(), -INSET_M, join_style="mitre")
        minx, miny, maxx, maxy = shapely.bounds(polys).T
        x = np.empty(len(idx))
        y = np.empty(len(idx))
        todo = np.arange(len(idx))
        while len(todo):
            cx = minx[todo] + rng.random(len(todo)) * (maxx[todo] - minx[todo])
            cy = miny[todo] + rng.random(len(todo)) * (maxy[todo] - miny[todo])
            ok = shapely.contains_xy(polys[todo], cx, cy)
            x[todo[ok]], y[todo[ok]] = cx[ok], cy[ok]
            todo = todo[~ok]
        epsg = native.crs.to_epsg()
        lon[idx], lat[idx] = Transformer.from_crs(epsg, 4326, always_xy=True).transform(x, y)
    return lon, lat


def _points_outside(rng, claims: gpd.GeoDataFrame, mixture: Mixture, allowed, k: int):
    """``k`` points from ``mixture`` inside ``allowed`` and clear of every claim."""
    tree = shapely.STRtree(claims.geometry.to_numpy())
    found_x: list[np.ndarray] = []
    found_y: list[np.ndarray] = []
    have = 0
    while have < k:
        x, y = mixture.sample(rng, max(64, 3 * (k - have)))
        ok = shapely.contains_xy(allowed, x, y)
        points = shapely.points(x[ok], y[ok])
        near = np.unique(tree.query(points, predicate="dwithin", distance=OUTSIDE_GAP_DEG)[0])
        clear = np.ones(int(ok.sum()), dtype=bool)
        clear[near] = False
        found_x.append(x[ok][clear])
        found_y.append(y[ok][clear])
        have += int(clear.sum())
    return np.concatenate(found_x)[:k], np.concatenate(found_y)[:k]


def _identities(rng, cadastre: Cadastre, host, own, district):
    """Miner names and RUCs: the holder's own for own-claim registrations, new people otherwise."""
    claims = cadastre.claims
    holders = cadastre.holders
    n = len(host)
    miner = np.empty(n, dtype=object)
    ruc = np.empty(n, dtype=object)
    taken = {names.name_key(x) for x in holders["name"]} | {names.name_key(x) for x in claims["holder_written"]}
    taken_rucs = set(holders["ruc"])

    own_idx = np.flatnonzero(own)
    holder_id = claims["holder_id"].to_numpy()[host[own_idx]]
    written = claims["holder_written"].to_numpy()[host[own_idx]]
    how = rng.random(len(own_idx))
    for j, i in enumerate(own_idx):
        name = written[j]
        if how[j] < 0.25:
            name = names.spelling_variant(name, rng)
        elif how[j] < 0.40:
            name = _other_name_same_ruc(name, bool(holders["is_company"].iat[holder_id[j]]))
        miner[i] = name
        ruc[i] = holders["ruc"].iat[holder_id[j]]

    others = np.flatnonzero(~own)
    company = rng.random(len(others)) < 0.2
    miner[others[company]] = names.unique_names(names.company_names, rng, int(company.sum()), taken)
    miner[others[~company]] = names.unique_names(names.person_names, rng, int((~company).sum()), taken)
    ruc[others] = names.rucs(rng, company, taken_rucs)
    # Some miners hold several registrations: copy a neighbour's identity in the same district.
    perm = np.lexsort((rng.random(len(others)), district[others]))
    order = others[perm]
    sorted_district = district[order]
    repeat = np.flatnonzero(rng.random(len(order)) < REPEAT_MINER_SHARE)
    repeat = repeat[repeat > 0]
    repeat = repeat[sorted_district[repeat] == sorted_district[repeat - 1]]
    miner[order[repeat]] = miner[order[repeat - 1]]
    ruc[order[repeat]] = ruc[order[repeat - 1]]
    return miner, ruc


def _other_name_same_ruc(name: str, is_company: bool) -> str:
    """The same taxpayer under another name: surname first for a person, a trade name for a firm."""
    if not is_company:
        words = name.split()
        return " ".join(words[-2:] + words[:-2])
    return names.name_key(name) + " GOLD"


def _table(rng, claims, host, lon, lat, miner, ruc, own, hub) -> pd.DataFrame:
    n = len(host)
    alluvial = rng.random(n) < np.array([h.alluvial for h in hub])
    status = rng.permutation(np.repeat(list(STATUS_SHARES), exact_counts(n, np.array(list(STATUS_SHARES.values())))))
    activity = rng.choice(list(ACTIVITY_SHARES), size=n, p=list(ACTIVITY_SHARES.values()))
    declared = _declared_claims(rng, claims, host, lon, lat)
    codes = claims["code"].to_numpy()
    claim_names = claims["name"].to_numpy()
    return pd.DataFrame({
        "COD_REINFO": [f"{k:08d}" for k in rng.permutation(n) + 1 + int(rng.integers(0, 5000))],
        "NOMBRE_MIN": miner,
        "M_RUC": ruc,
        "DEPARTAMENTO": [h.depa for h in hub],
        "PROVINCIA": [h.provi for h in hub],
        "DISTRITO": [h.distri for h in hub],
        "TIPO_ACT": activity,
        "TIPO_YAC": np.where(alluvial, "ALUVIAL", "FILONIANO"),
        "MINERAL": np.where(alluvial, "ORO", [h.mineral for h in hub]),
        "ESTADO": status,
        "registered_on": _registration_dates(rng, n),
        "lat": lat,
        "lon": lon,
        "CODIGOU": np.where(declared >= 0, codes[np.maximum(declared, 0)], ""),
        "NOMBRE_DERECHO": np.where(declared >= 0, claim_names[np.maximum(declared, 0)], ""),
        "host": host,
        "own_claim": own,
    })


def _declared_claims(rng, claims, host, lon, lat) -> np.ndarray:
    """The claim each miner declared: mostly its host, sometimes another nearby, often none outside."""
    declared = np.full(len(host), -1)
    u = rng.random(len(host))
    inside = host >= 0
    declared[inside & (u < 0.82)] = host[inside & (u < 0.82)]
    other = np.flatnonzero(inside & (u >= 0.82) & (u < 0.90))
    distri = claims["distri"].to_numpy()
    by_district = pd.Series(np.arange(len(claims))).groupby(distri).apply(np.asarray).to_dict()
    for i in other:
        pool = by_district[distri[host[i]]]
        declared[i] = pool[rng.integers(len(pool))]
    outside = np.flatnonzero(~inside & (u < 0.5))
    if len(outside):
        tree = shapely.STRtree(claims.geometry.to_numpy())
        nearest = tree.query_nearest(shapely.points(lon[outside], lat[outside]), return_distance=False, all_matches=False)
        declared[outside[nearest[0]]] = nearest[1]
    return declared


def _registration_dates(rng, n) -> np.ndarray:
    """Dates of inscription: the 2012-2014 declarations of commitment, then REINFO 2017-2021."""
    early = rng.random(n) < 0.3
    year = np.where(early, rng.integers(2012, 2015, n),
                    rng.choice([2017, 2018, 2019, 2020, 2021], size=n, p=[0.3, 0.15, 0.15, 0.1, 0.3]))
    day = rng.integers(0, 365, n)
    return np.array([min(dt.date(int(y), 1, 1) + dt.timedelta(days=int(d)), CUTOFF)
                     for y, d in zip(year, day, strict=True)], dtype=object)


# The list REINFO publishes (and officials pass around) has no coordinates: the declared claim is
# the only location (docs/domain.md). Its headers as the published list writes them.
LIST_COLUMNS = ["N°", "RUC", "NOMBRE O RAZÓN SOCIAL", "CÓDIGO ÚNICO", "NOMBRE DEL DERECHO MINERO",
                "DEPARTAMENTO", "PROVINCIA", "DISTRITO", "ESTADO"]
LIST_LOST_ZERO_SHARE = 0.35   # codes opened and saved again in Excel lose their leading zero
LIST_UNKNOWN_SHARE = 0.02     # codes that name no claim in the cadastre (typos, claims since merged)


def registration_list(rng, regs: pd.DataFrame, claim_codes: pd.Series) -> pd.DataFrame:
    """The registrations that declare a claim, as a REINFO list without coordinates.

    Some codes lost their leading zero; a few (at least two) name no claim at all.
    """
    table = regs[regs["CODIGOU"] != ""]
    code = table["CODIGOU"].to_numpy().astype(object)
    lost = rng.random(len(code)) < LIST_LOST_ZERO_SHARE
    code[lost] = [c.lstrip("0") for c in code[lost]]
    n_unknown = min(len(code), max(2, round(len(code) * LIST_UNKNOWN_SHARE)))
    unknown = rng.choice(len(code), size=n_unknown, replace=False)
    known = set(claim_codes)
    fresh = (f"{k:09d}" for k in rng.integers(990_000_000, 999_999_999, size=4 * n_unknown))
    code[unknown] = [c for c in fresh if c not in known][:n_unknown]
    return pd.DataFrame(dict(zip(LIST_COLUMNS, [
        np.arange(1, len(code) + 1), table["M_RUC"].to_numpy(), table["NOMBRE_MIN"].to_numpy(), code,
        table["NOMBRE_DERECHO"].to_numpy(), table["DEPARTAMENTO"].to_numpy(), table["PROVINCIA"].to_numpy(),
        table["DISTRITO"].to_numpy(), table["ESTADO"].to_numpy()], strict=True)))
