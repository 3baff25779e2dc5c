"""Coverage fractions from polygon edges, cell by cell against shapely and exactextract."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from affine import Affine
from exactextract import exact_extract
from exactextract.raster import NumPyRasterSource

from concession_gis.raster.coverage import coverage

# Cells of 0.5 x 0.25 units, so that rounding is checked on pixels that are not square.
TRANSFORMS = {
    "north-up": Affine(0.5, 0, 10.0, 0, -0.25, 20.0),
    "south-up": Affine(0.5, 0, 10.0, 0, 0.25, 10.0),
}
MARGIN = 8  # cells around the 40 x 40 grid, so cells of polygons partly outside are checked too


def dense(cover, owner: int, shape: tuple[int, int]) -> np.ndarray:
    """The coverage of polygon ``owner`` as a grid, from its boundary cells and runs."""
    # One more cell all round, so that nothing beyond the grid wraps around into it.
    grid = np.zeros((shape[0] + 2 * MARGIN, shape[1] + 2 * MARGIN))
    cells = np.flatnonzero(cover.cell_owner == owner)
    rows, cols = cover.cell_row[cells] + 2 * MARGIN, cover.cell_col[cells] + 2 * MARGIN
    inside = (rows >= 0) & (rows < grid.shape[0]) & (cols >= 0) & (cols < grid.shape[1])
    np.add.at(grid, (rows[inside], cols[inside]), cover.cell_fraction[cells][inside])
    for i in np.flatnonzero(cover.run_owner == owner):
        row = cover.run_row[i] + 2 * MARGIN
        if 0 <= row < grid.shape[0]:
            start, stop = (max(0, c + 2 * MARGIN) for c in (cover.run_start[i], cover.run_stop[i]))
            grid[row, start:stop] += cover.run_fraction[i]
    return grid[MARGIN:-MARGIN, MARGIN:-MARGIN]


def shapely_truth(geom, transform: Affine, shape: tuple[int, int]) -> np.ndarray:
    """Area of each cell inside ``geom`` over the cell's area: one shapely intersection per cell."""
    rows, cols = np.mgrid[-MARGIN : shape[0] - MARGIN, -MARGIN : shape[1] - MARGIN]
    x0, y0 = transform @ (cols, rows)
    x1, y1 = transform @ (cols + 1, rows + 1)
    boxes = shapely.box(np.minimum(x0, x1), np.minimum(y0, y1), np.maximum(x0, x1), np.maximum(y0, y1))
    return shapely.area(shapely.intersection(boxes, geom)) / abs(transform.a * transform.e)


def awkward_polygons(rng) -> list:
    shapes = []
    for trial in range(30):
        points = rng.uniform([10.5, 11.0], [24.5, 19.5], (12, 2))
        shape = shapely.concave_hull(shapely.MultiPoint(points), ratio=0.3).buffer(0)
        if trial % 3 == 0:  # a hole
            shape = shape.difference(shapely.Point(points[0]).buffer(1.0))
        if trial % 5 == 0:  # a second part, with a top edge inside a row of cells
            shape = shapely.union(shape, shapely.box(10.2, 10.5, 11.3, 12.1))
        shapes.append(shape)
    return shapes + [
        shapely.box(9.0, 15.0, 12.0, 18.0),  # half outside the grid
        shapely.box(12.0, 14.0, 13.5, 15.0),  # edges exactly on cell edges
        shapely.box(15.01, 15.01, 15.02, 15.02),  # far smaller than a cell
        shapely.Polygon([(11, 11), (24, 19.5), (11, 19.5), (24, 11)]).buffer(0),  # bow tie repaired
        shapely.Polygon([(10.1, 12.0), (23.9, 12.0001), (23.9, 12.3), (10.1, 12.2999)]),  # nearly flat
    ]


@pytest.mark.parametrize("orientation", list(TRANSFORMS))
def test_every_cell_equals_the_shapely_intersection(orientation):
    transform = TRANSFORMS[orientation]
    polygons = awkward_polygons(np.random.default_rng(1))
    geoms = np.array(polygons + [shapely.Polygon()], dtype=object)
    # Clockwise exteriors and counter-clockwise holes, as some cadastres write them.
    geoms[::2] = shapely.orient_polygons(geoms[::2], exterior_cw=True)
    cover = coverage(geoms, transform)
    shape = (40 + 2 * MARGIN, 40 + 2 * MARGIN)
    for k, geom in enumerate(polygons):
        np.testing.assert_allclose(dense(cover, k, shape), shapely_truth(geom, transform, shape), atol=1e-12, err_msg=f"polygon {k}")
    assert not (cover.cell_owner == len(polygons)).any() and not (cover.run_owner == len(polygons)).any()


def test_overlapping_polygons_each_get_their_whole_coverage():
    transform = TRANSFORMS["north-up"]
    a, b = shapely.box(11.0, 12.0, 17.3, 18.1), shapely.box(13.2, 11.1, 19.9, 16.6)
    cover = coverage(np.array([a, b, a], dtype=object), transform)
    shape = (40 + 2 * MARGIN, 40 + 2 * MARGIN)
    np.testing.assert_allclose(dense(cover, 0, shape), dense(cover, 2, shape))
    for k, geom in enumerate([a, b]):
        assert dense(cover, k, shape).sum() * 0.125 == pytest.approx(geom.area, rel=1e-13)


def test_cells_of_tilted_claims_equal_exactextract():
    """Claims on a tilted grid (as UTM claims over a degree raster): exactextract's fractions."""
    transform = Affine(0.00025, 0, -70.0, 0, -0.00025, -13.0)
    rng = np.random.default_rng(7)
    claims = []
    for _ in range(40):
        x, y = -70.0 + rng.uniform(0.002, 0.045), -13.0 - rng.uniform(0.002, 0.045)
        claim = shapely.box(x, y, x + rng.uniform(0.001, 0.01), y + rng.uniform(0.001, 0.01))
        claims.append(shapely.affinity.rotate(claim, rng.uniform(-3, 3)))
    height = width = 200
    raster = NumPyRasterSource(
        np.arange(height * width, dtype=np.float64).reshape(height, width),
        xmin=-70.0, ymin=-13.0 - height * 0.00025, xmax=-70.0 + width * 0.00025, ymax=-13.0,
    )
    import geopandas as gpd

    frame = gpd.GeoDataFrame(geometry=claims, crs="EPSG:4326")
    theirs = exact_extract(raster, frame, ["values", "coverage"], output="pandas")
    cover = coverage(np.array(claims, dtype=object), transform)
    shape = (height + 2 * MARGIN, width + 2 * MARGIN)
    for k in range(len(claims)):
        ours = dense(cover, k, shape)[MARGIN:-MARGIN, MARGIN:-MARGIN].ravel()
        expected = np.zeros(height * width)
        expected[theirs["values"][k].astype(int)] = theirs["coverage"][k]
        # exactextract hands its fractions out as float32: 6e-8 is its rounding, not ours.
        np.testing.assert_allclose(ours, expected, atol=6e-8, err_msg=f"claim {k}")
