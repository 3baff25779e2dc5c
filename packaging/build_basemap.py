"""Build the offline base map (concession_gis/data/basemap_pe_bo.gpkg) from Natural Earth files.

    python packaging/build_basemap.py SOURCE_DIR --admin1 ADMIN1 [--peru-districts DISTRICTS] [--out ...gpkg]
    python packaging/build_basemap.py --admin1 ADMIN1 --departments-only   # replace those layers only
    python packaging/build_basemap.py --peru-districts DISTRICTS --peru-admin-only  # likewise

SOURCE_DIR holds these Natural Earth 1:10 million files (public domain), in any format GDAL
reads (shapefile, GeoJSON); each is looked up by its stem:

    ne_10m_rivers_lake_centerlines     physical, rivers and lake centre lines
    ne_10m_lakes                       physical, lakes
    ne_10m_admin_0_boundary_lines_land cultural, land borders between countries
    ne_10m_populated_places_simple     cultural, towns and cities
    ne_10m_admin_1_label_points        cultural, where each department's name is written

ADMIN1 is Natural Earth's Admin 1 – States, Provinces polygons: ne_10m_admin_1_states_provinces,
or the generalised copy QGIS ships (/usr/share/qgis/resources/data/world_map.gpkg, layer
states_provinces, v4.1.0; its README_world_map.md says how it was made). From it come the
borders between departments of one country (the borders between countries are their own layer)
and, where a label point is missing or lies outside its own department, a point inside it
(version 4.0.0 has none for Puno and writes Callao's name on Puno's point).

DISTRICTS is a polygon file of Peru's districts as INEI draws them, with each district's
six-digit ubigeo (column IDDIST, UBIGEO or ubigeo) and its name and its province's (NOMBDIST /
NOMBPROV, DISTRITO / PROVINCIA or nombre_distrito / nombre_provincia). The shipped file used
peru_distrital_simple.geojson of github.com/juaneladio/peru-geojson (INEI 2007 limits, MPL 2.0;
see concession_gis/data/SOURCES.txt). Its neighbours must share their vertices (a topological
file, as mapshaper or TopoJSON write it): the borders are the edges two districts share, so a
file simplified polygon by polygon, with slivers and gaps between neighbours, is refused. From
it come two line layers, each border once: province_borders (between provinces; ``level``
"department" where the two lie in different departments, else "province") and district_borders
(between districts of one province). The coast and the country border are in no layer.

Every layer is cut to the box around Peru and Bolivia (BBOX), lines and polygons simplified by
SIMPLIFY_DEG (about 500 m, below the source's own 1:10 million detail) and coordinates rounded
to ROUND_DEG, so the file stays around a megabyte. The run is deterministic: the same
sources give the same features in the same order. concession_gis/data/SOURCES.txt says which
versions the shipped file was built from.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
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


def department_borders(admin1: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The borders between neighbouring departments of one country (lines named "A / B") and a
    point inside each department, from Natural Earth's Admin 1 polygons."""
    names = [name for name, _ in pyogrio.list_layers(admin1)]
    polygons = pyogrio.read_dataframe(admin1, layer="states_provinces" if "states_provinces" in names else names[0],
                                      columns=["name", "adm0_a3"], bbox=BBOX)
    polygons = polygons.loc[polygons["adm0_a3"].isin(COUNTRIES)].sort_values(["adm0_a3", "name"])
    polygons = polygons.set_crs(4326, allow_override=True).reset_index(drop=True)
    geometry = polygons.geometry.values
    left, right = shapely.STRtree(geometry).query(geometry, predicate="intersects")
    pair = (left < right) & (polygons["adm0_a3"].to_numpy()[left] == polygons["adm0_a3"].to_numpy()[right])
    left, right = left[pair], right[pair]
    shared = shapely.intersection(shapely.boundary(geometry[left]), shapely.boundary(geometry[right]))
    # Only the line parts: neighbours also meet at single points (corners, ends of a border).
    parts, pair_of = shapely.get_parts(shapely.get_parts(shared), return_index=True)
    outer = shapely.get_parts(shared, return_index=True)[1]
    line = shapely.get_type_id(parts) == 1
    parts, pair_of = parts[line], outer[pair_of[line]]
    kept = np.unique(pair_of)
    merged = [shapely.line_merge(shapely.multilinestrings(parts[pair_of == k])) for k in kept]
    name = [f"{polygons['name'][left[k]]} / {polygons['name'][right[k]]}" for k in kept]
    borders = gpd.GeoDataFrame({"name": name, "country": polygons["adm0_a3"].to_numpy()[left[kept]]},
                               geometry=merged, crs=4326)
    borders = clip(borders.reset_index(drop=True))
    areas = gpd.GeoDataFrame({"name": polygons["name"], "country": polygons["adm0_a3"]}, geometry=geometry, crs=4326)
    return borders, areas


def checked_labels(labels: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One label point per department of ``areas``: Natural Earth's where it lies in its own
    department (names compared without accents), else a point inside the department. Version
    4.0.0's label points lack Puno and put Callao's name on Puno's point."""
    from concession_gis.io.values import fold

    given = {(fold(n), c): g for n, c, g in zip(labels["name"], labels["country"], labels.geometry, strict=True)}
    names, points = [], []
    for name, country, area in zip(areas["name"], areas["country"], areas.geometry, strict=True):
        point = given.get((fold(name), country))
        ok = point is not None and area.intersects(point)
        label = next((n for n in labels["name"] if fold(n) == fold(name)), name) if ok else name
        names.append(label)
        points.append(point if ok else shapely.point_on_surface(area))
    out = gpd.GeoDataFrame({"name": names, "country": areas["country"].to_numpy()}, geometry=points, crs=4326)
    return clip(out, simplify=False).sort_values("name").reset_index(drop=True)


def _column(frame: gpd.GeoDataFrame, *names: str) -> str:
    found = next((n for n in names if n in frame.columns), None)
    if found is None:
        sys.exit(f"districts: no column {' or '.join(names)} (has {', '.join(map(str, frame.columns))})")
    return found


# INEI codes Lima Metropolitana as province 1501 of department 15 (Lima), but it has its own
# regional government and Natural Earth's admin-1 layer draws it as a department ("Lima
# Province"): its borders with the other provinces of Lima are department borders (level).
OWN_DEPARTMENT = {"1501"}


def peru_admin_borders(path: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Peru's borders between provinces of one department and between districts of one province
    (lines named "A / B", ``codes`` "ubigeo A / ubigeo B"), from INEI's district polygons."""
    districts = pyogrio.read_dataframe(path)
    districts = districts.set_crs(4326, allow_override=True) if districts.crs is None else districts.to_crs(4326)
    code = districts[_column(districts, "IDDIST", "UBIGEO", "ubigeo")].astype(str).str.strip().str.zfill(6)
    district = districts[_column(districts, "NOMBDIST", "DISTRITO", "nombre_distrito")].astype(str).str.strip()
    province = districts[_column(districts, "NOMBPROV", "PROVINCIA", "nombre_provincia")].astype(str).str.strip()
    order = np.argsort(code.to_numpy(), kind="stable")
    code, district, province = (c.to_numpy()[order] for c in (code, district, province))
    geometry = districts.geometry.values[order]
    if len(set(code)) != len(code):
        sys.exit(f"{path}: a ubigeo is repeated; one polygon (or multipolygon) per district is expected")
    left, right = shapely.STRtree(geometry).query(geometry, predicate="intersects")
    pair = left < right
    left, right = left[pair], right[pair]
    overlap = shapely.area(shapely.intersection(shapely.make_valid(geometry[left]), shapely.make_valid(geometry[right])))
    if overlap.sum() > 1e-6 * shapely.area(geometry).sum():
        sys.exit(f"{path}: neighbouring districts overlap ({overlap.sum():.4f} square degrees): not a topological "
                 "file, whose neighbours share their vertices; simplify it with mapshaper or take its TopoJSON")
    province_code = np.array([c[:4] for c in code])
    department = np.array([p if p in OWN_DEPARTMENT else p[:2] for p in province_code])
    shared = shapely.intersection(shapely.boundary(geometry[left]), shapely.boundary(geometry[right]))
    # Only the line parts: neighbours also meet at single points (corners, ends of a border).
    parts, pair_of = shapely.get_parts(shapely.get_parts(shared), return_index=True)
    outer = shapely.get_parts(shared, return_index=True)[1]
    line = shapely.get_type_id(parts) == 1
    parts, pair_of = parts[line], outer[pair_of[line]]
    a, b = left[pair_of], right[pair_of]
    same_province = province_code[a] == province_code[b]
    department_of = dict(zip(province_code, department, strict=True))
    layers = []
    for kind in ("province", "district"):
        if kind == "province":
            # Every border between provinces, those that are department borders too marked as
            # such: zoomed in, where Natural Earth's department lines (kilometres off) give way
            # to INEI's, they are the department borders drawn.
            keep = ~same_province
            key_a, key_b, names = province_code[a], province_code[b], dict(zip(province_code, province, strict=True))
        else:
            keep = same_province
            key_a, key_b, names = code[a], code[b], dict(zip(code, district, strict=True))
        keys = [tuple(sorted(k)) for k in zip(key_a[keep], key_b[keep], strict=True)]
        lines = parts[keep]
        rows = {}
        for k, piece in zip(keys, lines, strict=True):
            rows.setdefault(k, []).append(piece)
        ordered = sorted(rows)
        merged = [shapely.line_merge(shapely.multilinestrings(rows[k])) for k in ordered]
        level = [("department" if kind == "province" and department_of[x] != department_of[y] else kind)
                 for x, y in ordered]
        frame = gpd.GeoDataFrame({"name": [f"{names[x]} / {names[y]}" for x, y in ordered],
                                  "codes": [f"{x} / {y}" for x, y in ordered], "level": level, "country": "PER"},
                                 geometry=merged, crs=4326)
        layers.append(clip(frame))
    return layers[0], layers[1]


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
    parser.add_argument("source", type=Path, nargs="?", help="folder with the Natural Earth 1:10m files")
    parser.add_argument("--admin1", type=Path, help="Natural Earth Admin 1 polygons")
    parser.add_argument("--departments-only", action="store_true",
                        help="replace only the department layers of the file at --out")
    parser.add_argument("--peru-districts", type=Path, help="INEI's district polygons of Peru (topological)")
    parser.add_argument("--peru-admin-only", action="store_true",
                        help="replace only province_borders and district_borders of the file at --out")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.admin1 is None and not args.peru_admin_only:
        parser.error("--admin1 is needed unless --peru-admin-only")
    if args.peru_admin_only and args.peru_districts is None:
        parser.error("--peru-admin-only needs --peru-districts")
    if args.departments_only or args.peru_admin_only:
        layers = {name: pyogrio.read_dataframe(args.out, layer=name) for name, _ in pyogrio.list_layers(args.out)}
    elif args.source is None:
        parser.error("SOURCE_DIR is needed unless --departments-only or --peru-admin-only")
    else:
        layers = build(args.source)
    if not args.peru_admin_only:
        borders, areas = department_borders(args.admin1)
        layers["department_borders"] = borders
        layers["departments"] = checked_labels(layers["departments"], areas)
    if args.peru_districts is not None:
        layers["province_borders"], layers["district_borders"] = peru_admin_borders(args.peru_districts)
    args.out.unlink(missing_ok=True)
    for name, frame in layers.items():
        pyogrio.write_dataframe(frame, args.out, layer=name, driver="GPKG")
        print(f"{name}: {len(frame)} features")
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
