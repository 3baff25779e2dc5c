"""Ellipsoidal areas and the working CRS the analysis runs in.

The analysis works in one Lambert azimuthal equal-area projection on the WGS84 ellipsoid,
centred on the data. An equal-area projection of the ellipsoid preserves area exactly, so the
planar area of a projected polygon is its ellipsoidal area; only the shape of each edge differs
from a geodesic, which for edges shorter than ``MAX_EDGE_M`` is far below 0.001%.

An edge is straight in its file's CRS; moved into another CRS by its two ends only, it becomes
the straight line between them there, which strays from the true path by up to 1.5 cm on a 2 km
claim edge moved to longitude/latitude: 0.3% of a 5 m wide strip, enough to move its forest
loss by 0.2%. So edges are cut wherever the middle of one would stray more than
``TOLERANCE_M`` (:func:`densified`), however short, as well as at ``MAX_EDGE_M``.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.transformer import TransformerGroup

from concession_gis.cores import cores_here, on_cores

WGS84 = CRS.from_epsg(4326)
M2_PER_HA = 10_000.0
# Longest edge, in metres, left undensified before areas are taken in the working CRS.
MAX_EDGE_M = 2_000.0
# How far, in metres, the middle of an edge moved into another CRS may stray from its true path.
TOLERANCE_M = 0.001
# Shortest edge the tolerance may ask for: a 10 m edge strays by far under a micrometre.
MIN_EDGE_M = 10.0
# Edges shorter than this are not checked: a stray grows with the square of the edge, and a
# 1.9 km edge moved from UTM to degrees strays about 1 cm, so a 100 m one about 0.03 mm.
CHECKED_EDGE_M = 100.0
# Shapes densified and moved at a time. A national cadastre's 1.5 million vertices at once took
# 1.9-3.2 s to move into the working CRS, in blocks of this many shapes 1.3-1.4 s: the arrays of
# one block (every vertex, edge middle and stray) stay in the processor's caches. The blocks go
# to the cores of the work (PROJ, GEOS and numpy leave the interpreter's lock): 1.0-1.2 s on two.
BLOCK_SHAPES = 8_192
# Fewest shapes worth a block on a core of its own.
SHARED_BLOCK_SHAPES = 1_024
# Metres in a degree of latitude: degrees of longitude are shorter, so lengths in degrees taken
# at this rate are never too short.
M_PER_DEGREE = 111_320.0
# EPSG:1208, "PSAD56 to WGS 84 (8)", the transformation published for Peru onshore, and its
# area of use (west, south, east, north) in degrees. Left to itself PROJ picks the best one
# for each vertex, and north of 5.01 S that is Ecuador's (EPSG:3990), 10-12 m away: a claim
# across that line is stretched, a 100 ha one by about 1%.
PERU_PSAD56_TO_WGS84 = 1208
PERU_AREA = (-81.41, -18.35, -68.67, -0.03)
PERU_PSAD56_NAME = "EPSG:1208 (PSAD56 to WGS 84 (8), Peru - onshore)"


def working_crs(lonlat_bounds: tuple[float, float, float, float]) -> CRS:
    """An equal-area CRS on the WGS84 ellipsoid centred on ``(minx, miny, maxx, maxy)`` in degrees."""
    minx, miny, maxx, maxy = lonlat_bounds
    if not np.all(np.isfinite(lonlat_bounds)):
        minx, miny, maxx, maxy = -75.0, -10.0, -75.0, -10.0
    lon0 = round((minx + maxx) / 2, 3)
    lat0 = round((miny + maxy) / 2, 3)
    return CRS.from_proj4(
        f"+proj=laea +lat_0={lat0} +lon_0={lon0} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
    )


def lonlat_bounds(*frames: gpd.GeoSeries | gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """Bounds in degrees of all non-empty ``frames`` together.

    A frame in another CRS has its bounding box moved to degrees (edges densified), not every
    geometry: the box may come out a little larger, never smaller, and 87,000 buffers of 65
    vertices took 1.9 s to move one by one.
    """
    boxes = [_lonlat_box(f) for f in frames if f is not None and len(f) and f.crs]
    if not boxes:
        return (np.nan,) * 4
    b = np.array(boxes)
    return (np.nanmin(b[:, 0]), np.nanmin(b[:, 1]), np.nanmax(b[:, 2]), np.nanmax(b[:, 3]))


def _lonlat_box(frame: gpd.GeoSeries | gpd.GeoDataFrame) -> np.ndarray:
    box = np.asarray(frame.total_bounds, dtype=float)
    if frame.crs == WGS84 or not np.all(np.isfinite(box)):
        return box
    to_lonlat = Transformer.from_crs(frame.crs, WGS84, always_xy=True)
    west, south, east, north = box
    return np.array(to_lonlat.transform_bounds(west, south, east, north, densify_pts=21))


def to_working(frame: gpd.GeoDataFrame | gpd.GeoSeries, crs: CRS,
               move: Transformer | None = None) -> gpd.GeoDataFrame | gpd.GeoSeries:
    """``frame`` in ``crs`` (the working CRS, a raster's, longitude/latitude), its edges cut
    first where moving them by their ends would stray from their path (:func:`densified`);
    moved with ``move`` (2D), PROJ's choice when None.

    What ``GeoDataFrame.to_crs`` gives of the densified shapes, vertex for vertex; a polygon's
    vertices as moved by its last check are kept rather than moved a second time."""
    if frame.crs is None:
        return frame.to_crs(crs)  # refused there, with geopandas' words
    source, target = CRS(frame.crs), CRS(crs)
    geoms = np.asarray(frame.geometry.values)
    if move is None and (source.is_exact_same(target) or shapely.has_z(geoms).any()):
        # geopandas leaves these as they are (same CRS) or moves them in 3D: its own way.
        dense = gpd.GeoSeries(densified(geoms, source, target), index=frame.index, crs=frame.crs)
        return _with_geometry(frame, dense.to_crs(crs).values)
    move = move or Transformer.from_crs(source, target, always_xy=True)
    dense, moved = _densify(geoms, source, target, move)
    rest = np.flatnonzero(shapely.is_missing(moved))  # points, lines, and polygons left unchecked
    if len(rest):
        xy = shapely.get_coordinates(dense[rest])
        moved[rest] = shapely.set_coordinates(dense[rest], np.array(move.transform(xy[:, 0], xy[:, 1])).T)
    return _with_geometry(frame, gpd.array.from_shapely(moved, crs=target))


def _with_geometry(frame: gpd.GeoDataFrame | gpd.GeoSeries, values: gpd.array.GeometryArray) -> gpd.GeoDataFrame | gpd.GeoSeries:
    """``frame`` with its geometry replaced by ``values`` (with their CRS), as ``to_crs`` does."""
    if isinstance(frame, gpd.GeoDataFrame):
        out = frame.copy()
        out.geometry = gpd.GeoSeries(values, index=frame.index, name=frame.geometry.name)
        return out
    return gpd.GeoSeries(values, index=frame.index, name=frame.name)


def densified(geoms: np.ndarray, source: CRS, target: CRS, move: Transformer | None = None) -> np.ndarray:
    """``geoms`` (in ``source``) with vertices added so that no edge is longer than ``MAX_EDGE_M``
    and none, moved into ``target`` by its ends (with ``move``, PROJ's choice when None), strays
    from its path by more than ``TOLERANCE_M`` at its middle. The stray of an edge grows with the
    square of its length, so each polygon whose edges stray too far has them cut to the length
    that should bring the stray within the tolerance, and is checked again; never below
    ``MIN_EDGE_M``, where a transformation that jumps (PROJ switching datum shifts between
    vertices) would keep it cutting."""
    return _densify(geoms, source, target, move)[0]


def _densify(geoms: np.ndarray, source: CRS, target: CRS,
             move: Transformer | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(:func:`densified`'s shapes, the polygons among them moved into ``target`` by their last
    check, None for the other shapes), block by block of :data:`BLOCK_SHAPES` (each shape's
    vertices depend on itself alone), on the cores of this work."""
    move = move or Transformer.from_crs(source, target, always_xy=True)  # thread-safe (pyproj 3.1)
    cores = cores_here()
    blocks = -(-len(geoms) // BLOCK_SHAPES)
    if cores > 1 and len(geoms) >= 2 * SHARED_BLOCK_SHAPES:  # as many blocks on each core
        blocks = -(-blocks // cores) * cores
    if blocks <= 1:
        return _densify_block(geoms, source, target, move)
    done = on_cores(lambda block: _densify_block(block, source, target, move), np.array_split(geoms, blocks), "densify")
    return np.concatenate([dense for dense, _ in done]), np.concatenate([moved for _, moved in done])


def _densify_block(geoms: np.ndarray, source: CRS, target: CRS,
                   move: Transformer) -> tuple[np.ndarray, np.ndarray]:
    step = np.full(len(geoms), MAX_EDGE_M / _metres_per_unit(source))
    shortest = MIN_EDGE_M / _metres_per_unit(source)
    dense = shapely.segmentize(geoms, step) if len(geoms) else geoms
    moved = np.full(len(geoms), None, dtype=object)
    polygonal = np.isin(shapely.get_type_id(geoms), (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON))
    # Only the polygons cut again are checked again: the others' strays have not changed.
    check = np.arange(len(geoms))
    for _ in range(8):
        stray, longest, vertices, owner = _strays(dense[check], move, CHECKED_EDGE_M / _metres_per_unit(source))
        stray *= _metres_per_unit(target)
        far = (stray > TOLERANCE_M) & (step[check] > shortest)
        kept = ~far & polygonal[check]  # these keep their vertices: moved as they were checked
        moved[check[kept]] = shapely.set_coordinates(dense[check[kept]], vertices[kept[owner]])
        if not far.any():
            break
        check = check[far]
        step[check] = np.maximum(longest[far] * np.clip(np.sqrt(TOLERANCE_M / stray[far]) * 0.9, 1 / 64, 0.5), shortest)
        dense[check] = shapely.segmentize(geoms[check], step[check])
    return dense, moved


def _strays(geoms: np.ndarray, move: Transformer,
            shortest: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per polygon, the largest distance between the middle of an edge moved by ``move`` and the
    middle of the edge between its moved ends (in the target's units), and its longest edge (in
    the source's units); 0 for points and lines, which only the length cap cuts. Then every ring
    vertex moved, in order, and the position of its shape. Edges shorter than ``shortest``
    (source units) do not have their middles moved to be measured: their stray is far below the
    tolerance, and a region's 15,000 buffers of 64 such edges took 2.4 s to check."""
    stray, longest = np.zeros(len(geoms)), np.zeros(len(geoms))
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    xy, index = shapely.get_coordinates(rings, return_index=True)
    owner = part_of[ring_of[index]]
    # Each vertex moved once, though it ends two edges; kept for the shapes checked for the last time.
    moved = np.column_stack(move.transform(xy[:, 0], xy[:, 1])) if len(xy) else np.empty((0, 2))
    step = xy[1:] - xy[:-1]
    length = np.hypot(step[:, 0], step[:, 1])
    edge = np.flatnonzero((index[:-1] == index[1:]) & (length >= shortest))
    if not len(edge):
        return stray, longest, moved, owner
    start, end = xy[edge], xy[edge + 1]
    middle = np.column_stack(move.transform(*((start + end) / 2).T))
    chord = (moved[edge] + moved[edge + 1]) / 2
    # The edges come polygon by polygon: each polygon's largest over its run of edges.
    first = np.flatnonzero(np.r_[True, owner[edge][1:] != owner[edge][:-1]])
    stray[owner[edge][first]] = np.maximum.reduceat(np.nan_to_num(np.hypot(*(middle - chord).T)), first)
    longest[owner[edge][first]] = np.maximum.reduceat(length[edge], first)
    return stray, longest, moved, owner


def _metres_per_unit(crs: CRS) -> float:
    if crs.is_projected:
        return float(crs.axis_info[0].unit_conversion_factor or 1.0)
    return M_PER_DEGREE


def peru_psad56_transformer(crs: CRS | None, bounds: np.ndarray) -> Transformer | None:
    """The one transformation to WGS84 lon/lat for every vertex of a PSAD56 layer whose centre
    lies in Peru (``bounds`` in ``crs``): EPSG:1208. None for any other layer (PROJ's choice).
    """
    geodetic = crs.geodetic_crs if crs is not None else None
    if geodetic is None or not _is_psad56(geodetic) or not np.all(np.isfinite(bounds)):
        return None
    to_geodetic = Transformer.from_crs(crs, geodetic, always_xy=True)
    lon, lat = to_geodetic.transform((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    west, south, east, north = PERU_AREA
    if not (west <= lon <= east and south <= lat <= north):
        return None
    for transformer in TransformerGroup(crs, WGS84, always_xy=True).transformers:
        ids = [(op.to_json_dict().get("id") or {}).get("code") for op in transformer.operations or ()]
        if PERU_PSAD56_TO_WGS84 in ids:
            # Rebuilt from its own definition: a group's transformers are not thread-safe (two
            # blocks of :func:`densified` moved by one at once crashed in PROJ), this one is.
            return Transformer.from_pipeline(transformer.to_json())
    return None


def _is_psad56(geodetic: CRS) -> bool:
    # An ESRI .prj names the datum "D_Provisional_S_American_1956", EPSG "Provisional South American Datum 1956".
    name = geodetic.datum.name.upper() if geodetic.datum is not None else ""
    return "PROVISIONAL" in name and "AMERICAN" in name and "1956" in name


def area_ha(geometries: gpd.GeoSeries | np.ndarray) -> np.ndarray:
    """Ellipsoidal area in hectares of geometries already in the working CRS."""
    return shapely.area(np.asarray(geometries)) / M2_PER_HA
