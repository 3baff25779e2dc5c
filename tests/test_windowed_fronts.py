"""Windowed fronts and loss by zone give what one whole-raster pass gives (issue 17, real size).

A full Hansen tile is read in tiles of 4096 pixels on several threads; here the tiles are forced
small (odd sizes that cut patches everywhere, with a gap that joins across tile edges) on a
raster with scattered and clustered loss, and everything is compared with the same raster read
as one tile: the patches, their hectares, years, days and shapes, and the loss by zone table.
The labelling itself is checked against a plain flood fill.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from affine import Affine

from concession_gis.raster.labels import label_runs
from concession_gis.raster.patches import hectares, loss_patches
from concession_gis.raster.sources import open_loss_sources
from concession_gis.raster.zone_loss import classed_loss
from tests.raster_fixtures import pixel_box, write_raster

T = Affine(0.001, 0.0, -70.0, 0.0, -0.001, -13.0)
SIZE = 90


def flood_labels(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected components by a plain flood fill (the independent check)."""
    labels, n = np.zeros(mask.shape, dtype=int), 0
    h, w = mask.shape
    for i, j in zip(*np.nonzero(mask), strict=True):
        if labels[i, j]:
            continue
        n += 1
        labels[i, j], stack = n, [(i, j)]
        while stack:
            y, x = stack.pop()
            for yy in range(max(y - 1, 0), min(y + 2, h)):
                for xx in range(max(x - 1, 0), min(x + 2, w)):
                    if mask[yy, xx] and not labels[yy, xx]:
                        labels[yy, xx] = n
                        stack.append((yy, xx))
    return labels, n


@pytest.mark.parametrize("seed", range(40))
def test_runs_label_as_a_flood_fill(seed):
    rng = np.random.default_rng(seed)
    h, w = rng.integers(1, 40, 2)
    mask = rng.random((h, w)) < rng.uniform(0.05, 0.7)
    truth, n = flood_labels(mask)
    runs = label_runs(mask)
    assert runs.n == n
    rows, cols = np.nonzero(mask)
    got = runs.labels_at(rows, cols)
    assert len(set(zip(truth[rows, cols].tolist(), got.tolist(), strict=True))) == n  # the same partition
    r, c, labels = runs.pixels()
    assert (r == rows).all() and (c == cols).all() and (labels == got).all()


def scarred(seed: int, encoding: str) -> np.ndarray:
    """Clustered loss (blobs of a few to a few hundred pixels) over scattered single pixels."""
    rng = np.random.default_rng(seed)
    years = rng.integers(1, 24, (SIZE, SIZE))
    lost = rng.random((SIZE, SIZE)) < 0.02
    for _ in range(15):
        r, c, radius = rng.integers(0, SIZE), rng.integers(0, SIZE), rng.uniform(1.5, 9)
        yy, xx = np.ogrid[:SIZE, :SIZE]
        lost |= ((yy - r) ** 2 + (xx - c) ** 2 < radius**2) & (rng.random((SIZE, SIZE)) < 0.8)
    if encoding == "alerts":  # high confidence, days since 2014-12-31
        values = 30000 + rng.integers(1, 3000, (SIZE, SIZE))
        return np.where(lost, values, 0).astype(np.uint16)
    return np.where(lost, years, 0).astype(np.uint8)


@pytest.fixture(scope="module", params=[(1, "lossyear"), (2, "alerts")])
def source(request, tmp_path_factory):
    seed, encoding = request.param
    path = write_raster(tmp_path_factory.mktemp("windowed") / "loss.tif", scarred(seed, encoding), T)
    return open_loss_sources([f"{path}:{encoding}"])[0]


def by_patch(patches) -> dict:
    """Each patch by where it lies (its shape's bounds): shape, hectares, and its (year, m2,
    first day, last day) rows."""
    n = len(patches.shapes)
    ha = hectares(patches.loss, n)
    out = {}
    groups = dict(tuple(patches.loss.groupby("patch")))
    for k in range(n):
        rows = groups[k]
        key = tuple(np.round(patches.shapes[k].bounds, 9)) + (round(patches.shapes[k].area, 12),)
        out[key] = (patches.shapes[k], ha[k], [(int(y), m2, f, la) for y, m2, f, la in
                                               zip(rows["year"], rows["m2"], rows["first"], rows["last"], strict=True)])
    assert len(out) == n
    return out


@pytest.mark.parametrize("gap_m", [0.0, 250.0, 450.0])
@pytest.mark.parametrize("side", [13, 29])
def test_windowed_patches_are_the_whole_raster_patches(source, gap_m, side):
    whole = by_patch(loss_patches(source, gap_m))
    tiled = by_patch(loss_patches(source, gap_m, side=side))
    assert len(whole) > 20
    assert tiled.keys() == whole.keys()
    for key, (shape, ha, rows) in whole.items():
        # The same ground; cut by tile edges, a patch's outline may keep vertices there, and
        # parts touching at a corner come as two polygons instead of one touching itself.
        assert shapely.symmetric_difference(tiled[key][0], shape).area < 1e-15
        assert tiled[key][1] == pytest.approx(ha, rel=1e-12)
        got = tiled[key][2]
        assert [r[0] for r in got] == [r[0] for r in rows]
        assert [r[1] for r in got] == pytest.approx([r[1] for r in rows], rel=1e-12)
        assert [r[2:] for r in got] == [r[2:] for r in rows]


@pytest.mark.parametrize("side", [5, 13, 4096])
def test_patches_are_numbered_by_their_first_pixel_north_to_south_west_to_east(tmp_path, side):
    """Fronts tied in hectares are ranked in this order, so it must not depend on the tiling."""
    image = np.zeros((20, 20), dtype=np.uint8)
    image[12:15, 14:17] = 7  # first pixel (12, 14): third
    image[2:4, 9:11] = 7     # (2, 9): second
    image[2, 1] = 7          # (2, 1): first, on the same row as the second
    image[0:11, 18] = 7      # (0, 18): before all, though it ends below the others' start
    image[12:15, 3:6] = 7    # (12, 3): before (12, 14) on the same row
    image[16:19, 0:2] = 7    # (16, 0): last, though furthest west
    loss = open_loss_sources([str(write_raster(tmp_path / "loss.tif", image, T))])[0]
    patches = loss_patches(loss, 0.0, side=side)
    firsts = [(round(-13.0 - s.bounds[3], 6), round(s.bounds[0] + 70.0, 6)) for s in patches.shapes]
    # (row, column) of each patch's first pixel, in degrees from the raster's corner
    assert firsts == [(0.0, 0.018), (0.002, 0.001), (0.002, 0.009), (0.012, 0.003), (0.012, 0.014), (0.016, 0.0)]


def test_without_a_gap_patches_are_the_flood_fill_components(source):
    with __import__("rasterio").open(source.dataset) as ds:
        mask = ds.read(1) > 0
    _, n = flood_labels(mask)
    assert len(loss_patches(source, 0.0, side=16).shapes) == n


def test_small_patches_wholly_inside_a_tile_get_no_shape_and_the_rest_keep_theirs(source):
    every = loss_patches(source, 250.0, side=16)
    some = loss_patches(source, 250.0, side=16, min_ha=5.0)
    ha = hectares(every.loss, len(every.shapes))
    big = ha >= 5.0
    assert big.any() and not big.all()
    assert all(s is not None for s in some.shapes[big])
    assert (shapely.area(shapely.symmetric_difference(some.shapes[big], every.shapes[big])) == 0).all()


@pytest.mark.parametrize("side", [13, 29])
def test_windowed_loss_by_zone_is_the_whole_raster_table(source, side):
    # Two overlapping zone layers cutting through pixels and across tile edges.
    claims = np.array([pixel_box(T, 10.5, 10.2, 60.3, 50.7), pixel_box(T, 40.1, 30.9, 85.6, 80.2)], dtype=object)
    areas = np.array([shapely.Point(-70 + 0.06, -13 - 0.06).buffer(0.03)], dtype=object)
    layers = [(claims, np.array([1, 2])), (areas, np.array([1]))]
    whole = classed_loss(source, layers)
    tiled = classed_loss(source, layers, side=side)
    keys = ["zone0", "zone1", "year"]
    assert tiled[keys].values.tolist() == whole[keys].values.tolist()
    assert tiled["m2"].to_numpy() == pytest.approx(whole["m2"].to_numpy(), rel=1e-12)
    assert len(whole[["zone0", "zone1"]].drop_duplicates()) >= 4
