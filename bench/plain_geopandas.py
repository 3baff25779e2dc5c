"""The same joins done the way a GIS analyst would script them in plain geopandas (issue 22's
baseline): no classification, no validation, no warnings, no rejected rows; what remains is
the work any tool must do on these inputs.

Reads the INGEMMET shapefile(s), the REINFO CSV, the protected areas, districts and the
mining corridor; joins every registration to the claims it lies in (one to many), to the
protected areas, the corridor and its district; pairs the overlapping claims and measures each
overlap; measures every claim; attaches declared production and the holders' strata; writes a
GeoPackage with claims, registrations and overlaps.

Areas come from an equal-area projection (South America Albers, vectorized), the usual shortcut;
concession-gis measures on the ellipsoid instead (pyproj.Geod), which costs more. Where the
shortcut is cheaper the baseline gets it: the comparison favours the baseline.

Run: python bench/plain_geopandas.py MANIFEST.json OUT.gpkg
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd

EQUAL_AREA = "ESRI:102033"  # South America Albers Equal Area Conic


def read_claims(paths: list[str]) -> gpd.GeoDataFrame:
    parts = [gpd.read_file(path, engine="pyogrio").to_crs(4326) for path in paths]
    claims = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326)
    claims["geometry"] = claims.geometry.make_valid()
    return claims


def read_registrations(path: str) -> gpd.GeoDataFrame:
    options = {"sep": ";", "decimal": ",", "dtype": {"COD_REINFO": str, "CODIGOU": str}}
    try:
        table = pd.read_csv(path, encoding="utf-8-sig", **options)
    except UnicodeDecodeError:  # the national list comes in Latin-1, as REINFO's downloads do
        table = pd.read_csv(path, encoding="latin-1", **options)
    table = table.dropna(subset=["LATITUD_G84", "LONGITUD_G84"])
    points = gpd.points_from_xy(table["LONGITUD_G84"], table["LATITUD_G84"], crs=4326)
    return gpd.GeoDataFrame(table, geometry=points)


def main(manifest: str, out: str) -> int:
    warnings.simplefilter("ignore")
    files = json.loads(Path(manifest).read_text(encoding="utf-8"))
    claims = read_claims(files["concessions"])
    claims["ha"] = claims.to_crs(EQUAL_AREA).area / 10_000
    registrations = read_registrations(files["registrations"][0])

    # Who works on whose claim: one row per registration and claim it lies in.
    hosts = gpd.sjoin(registrations, claims[["CODIGOU", "TIT_CONCES", "ESTADO", "geometry"]].rename(
        columns={"CODIGOU": "host_code"}), how="left", predicate="within")
    hosts = hosts.drop(columns="index_right")
    n_hosts = hosts.groupby("COD_REINFO")["host_code"].count().rename("n_hosts")
    registrations = registrations.merge(n_hosts, left_on="COD_REINFO", right_index=True, how="left")

    # Protected areas, corridor and district of each registration.
    for kind, column in (("restricted", "anp_nomb"), ("allowed_zones", "NOMB_ZONA"), ("districts", "NOMBDIST")):
        for path in files.get(kind, []):
            layer = gpd.read_file(path, engine="pyogrio").to_crs(4326)
            joined = gpd.sjoin(registrations[["geometry"]], layer[[column, "geometry"]], how="left", predicate="within")
            registrations[column] = joined[~joined.index.duplicated()][column]

    # Overlapping claims: every pair once, with the overlap's hectares.
    pairs = gpd.sjoin(claims[["CODIGOU", "geometry"]], claims[["CODIGOU", "geometry"]], predicate="intersects")
    pairs = pairs[pairs.index < pairs["index_right"]]
    left = claims.geometry.loc[pairs.index].reset_index(drop=True)
    right = claims.geometry.loc[pairs["index_right"].to_numpy()].reset_index(drop=True)
    overlaps = gpd.GeoDataFrame({"code_a": pairs["CODIGOU_left"].to_numpy(), "code_b": pairs["CODIGOU_right"].to_numpy()},
                                geometry=left.intersection(right), crs=4326)
    overlaps = overlaps[~overlaps.geometry.is_empty & overlaps.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    overlaps["ha"] = overlaps.to_crs(EQUAL_AREA).area / 10_000
    overlaps = overlaps[overlaps["ha"] > 0]

    # Declared production and holder strata.
    for kind, left_on, right_on in (("activity", "CODIGOU", "code"), ("holders", "TIT_CONCES", "holder")):
        for path in files.get(kind, []):
            table = pd.read_csv(path, dtype=str)
            if kind == "activity":
                table = table.groupby("code", as_index=False)["year"].max()
            claims = claims.merge(table, left_on=left_on, right_on=right_on, how="left")

    claims.to_file(out, layer="concessions", engine="pyogrio")
    registrations.to_file(out, layer="registrations", engine="pyogrio")
    overlaps.to_file(out, layer="overlaps", engine="pyogrio")
    print(json.dumps({"claims": len(claims), "registrations": len(registrations), "host_rows": len(hosts),
                      "overlaps": len(overlaps)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
