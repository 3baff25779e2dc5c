"""Build the offline base map (concession_gis/data/basemap_pe_bo.gpkg) from Natural Earth files.

    python packaging/build_basemap.py SOURCE_DIR [--out concession_gis/data/basemap_pe_bo.gpkg]

SOURCE_DIR holds these Natural Earth 1:10 million files (public domain), in any format GDAL
reads (shapefile, GeoJSON); each is looked up by its stem:

    ne_10m_rivers_lake_centerlines     physical, rivers and lake centre lines
    ne_10m_lakes                       physical, lakes
    ne_10m_admin_0_boundary_lines_land cultural, land borders between countries
    ne_10m_populated_places_simple     cultural, towns and cities
    ne_10m_admin_1_label_points        cultural, where each department's name is written

Every layer is cut to the box around Peru and Bolivia (BBOX), lines and polygons simplified by
SIMPLIFY_DEG (about 500 m, below the source's own 1:10 million detail) and coordinates rounded
to ROUND_DEG, so the file stays well under a megabyte. The run is deterministic: the same
sources give the same features in the same order. concession_gis/data/NATURAL_EARTH.txt says
which versions the shipped file was built from.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

# Peru (81.4 W to 68.6 W, 18.4 S to 0.0) and Bolivia (69.7 W to 57.4 W, 22.9 S to 9.7 S), with a
# margin so a map of a border claim still shows the rivers and towns across the border.
BBOX = (-82.0, -23.5, -57.0, 0.5)
COUNTRIES = ("PER", "BOL")
SIMPLIFY_DEG = 0.005
ROUND_DEG = 1e-4
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "concession_gis" / "data" / "basemap_pe_bo.gpkg"


def find_source(folder: Path, stem: str) -> Path:
    for suffix in (".shp", ".geojson", ".json", ".gpkg"):
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            return path
    sys.exit(f"{stem}: not found in {folder} (as .shp, .geojson, .json or .gpkg)")


def read(folder: Path, stem: str) -> gpd.GeoDataFrame:
    frame = pyogrio.read_dataframe(find_source(folder, stem), bbox=BBOX)
    return frame.set_crs(4326, allow_override=True)


def clip(frame: gpd.GeoDataFrame, simplify: bool = True) -> gpd.GeoDataFrame:
    geometry = shapely.clip_by_rect(frame.geometry.values, *BBOX)
    if simplify:
        geometry = shapely.simplify(geometry, SIMPLIFY_DEG, preserve_topology=True)
    geometry = shapely.set_precision(geometry, ROUND_DEG)
    out = frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=4326))
    return out.loc[~out.geometry.is_empty & out.geometry.notna()].reset_index(drop=True)


def _rank(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    return frame["scalerank"].fillna(10).astype(int)


def build(folder: Path) -> dict[str, gpd.GeoDataFrame]:
    """Each layer of the base map: its columns and geometries, clipped and simplified."""
    rivers = read(folder, "ne_10m_rivers_lake_centerlines")
    rivers = clip(gpd.GeoDataFrame({"name": rivers["name"].fillna(""), "rank": _rank(rivers)},
                                   geometry=rivers.geometry, crs=4326))
    lakes = read(folder, "ne_10m_lakes")
    lakes = clip(gpd.GeoDataFrame({"name": lakes["name"].fillna(""), "rank": _rank(lakes)},
                                  geometry=lakes.geometry, crs=4326))
    borders = read(folder, "ne_10m_admin_0_boundary_lines_land")
    borders = clip(gpd.GeoDataFrame({"name": borders["name"].fillna("")}, geometry=borders.geometry, crs=4326))
    places = read(folder, "ne_10m_populated_places_simple")
    places = places.loc[places["adm0_a3"].isin(COUNTRIES)]
    towns = gpd.GeoDataFrame({"name": places["name"], "country": places["adm0_a3"],
                              "population": places["pop_max"].fillna(0).astype(int),
                              "rank": _rank(places), "capital": places["adm0cap"].fillna(0).astype(int)},
                             geometry=places.geometry, crs=4326)
    towns = clip(towns, simplify=False).sort_values(["rank", "population", "name"], ascending=[True, False, True])
    labels = read(folder, "ne_10m_admin_1_label_points")
    labels = labels.loc[labels["sr_adm0_a3"].isin(COUNTRIES)]
    departments = clip(gpd.GeoDataFrame({"name": labels["name"], "country": labels["sr_adm0_a3"]},
                                        geometry=labels.geometry, crs=4326), simplify=False)
    # A department with islands (Callao, Ica, Piura) has a label point per part: keep the first.
    departments = departments.drop_duplicates(["name", "country"])
    return {"rivers": rivers, "lakes": lakes, "country_borders": borders,
            "towns": towns.reset_index(drop=True), "departments": departments.sort_values("name").reset_index(drop=True)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with the Natural Earth 1:10m files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    layers = build(args.source)
    args.out.unlink(missing_ok=True)
    for name, frame in layers.items():
        pyogrio.write_dataframe(frame, args.out, layer=name, driver="GPKG")
        print(f"{name}: {len(frame)} features")
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
