"""Per-feature sums of coverage x ellipsoidal pixel area, by pixel value, for one block of raster.

A batch of neighbouring features is served by one block read. Only the pixels that say something
are visited: those with a non-zero value (loss) and those that are nodata. Pixels of value 0 are
forest that stayed; together with the nodata pixels they make up the rest of each feature, whose
area the caller knows from the geometry, so they are never summed one by one. Each visited pixel
is weighted by its exact coverage (:mod:`coverage`) and its area on the ellipsoid
(:mod:`pixel_area`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import rasterio
import shapely
from rasterio.enums import MaskFlags
from rasterio.errors import RasterioError
from rasterio.windows import Window

from concession_gis.errors import InputError
from concession_gis.raster.coverage import Coverage, coverage
from concession_gis.raster.pixel_area import PixelAreas
from concession_gis.raster.sources import LossSource, open_pixels, unreadable_tile


@dataclass
class BlockSums:
    """What one batch of features holds: m² per (feature, pixel value), and m² on nodata."""

    positions: np.ndarray
    values: np.ndarray
    m2: np.ndarray
    nodata_positions: np.ndarray
    nodata_m2: np.ndarray

    @classmethod
    def concatenate(cls, parts: list[BlockSums], dtype) -> BlockSums:
        def join(name, kind):
            arrays = [getattr(part, name) for part in parts]
            return np.concatenate(arrays) if arrays else np.zeros(0, dtype=kind)

        return cls(
            join("positions", np.int64), join("values", dtype), join("m2", float),
            join("nodata_positions", np.int64), join("nodata_m2", float),
        )


# Features whose coverage is worked out together. Their arrays stay small: within the CPU's
# caches, and mostly below the size for which the allocator maps fresh memory from the system
# (measured: 32 features fault in 50,000 pages over the benchmark, 64 twice as many).
GROUP_FEATURES = 32
# One batch: input positions of its features, their geometries (WKB, in the raster's CRS) and
# the window (col_off, row_off, width, height) of the raster that holds them all.
Batch = tuple[np.ndarray, list[bytes], tuple[int, int, int, int]]


class FeatureExtractor:
    """Sums the loss pixels of batches of features of one loss source, raster kept open."""

    def __init__(self, source: LossSource, areas: PixelAreas):
        self._source = source
        self._dataset = open_pixels(source.dataset)
        self._transform = source.transform
        self._areas = areas
        self._scratch = _Scratch()
        self._small_unsigned = source.dtype in ("uint8", "uint16")

    def close(self) -> None:
        self._dataset.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def run(self, positions: np.ndarray, wkbs: list[bytes], window: tuple[int, int, int, int]) -> BlockSums:
        """Sums for the features at ``positions`` (input order) of geometries ``wkbs``.

        ``window`` is (col_off, row_off, width, height) and holds every feature given.
        """
        try:
            block = _Block(self._dataset, window, self._scratch)
        except RasterioError:
            block = None
        if block is None:
            # A damaged tile (a corrupt block the header check cannot see): named, the user's to fix.
            # Raised outside the handler, so that no GDAL error rides along as its context: those
            # do not pickle, and a cluster's worker sends this error back pickled.
            path, detail = unreadable_tile(self._source, window)
            raise InputError(key="error.raster_block_unreadable", path=str(path), detail=detail)
        geoms = shapely.from_wkb(wkbs)
        parts = [
            self._sums(block, positions[group], geoms[group])
            for group in (slice(i, i + GROUP_FEATURES) for i in range(0, len(geoms), GROUP_FEATURES))
        ]
        return BlockSums.concatenate(parts, block.values.dtype)

    def _sums(self, block: _Block, positions: np.ndarray, geoms: np.ndarray) -> BlockSums:
        cover = coverage(geoms, self._transform)
        feature, pixel, m2 = block.covered(cover, self._areas)
        on_nodata = block.on_nodata(pixel)
        nodata_m2 = np.bincount(feature[on_nodata], weights=m2[on_nodata], minlength=len(positions))
        valid = ~on_nodata
        owner, value, value_m2 = self._by_value(feature[valid], block.values.ravel()[pixel[valid]], m2[valid])
        has_nodata = np.flatnonzero(nodata_m2)
        return BlockSums(positions[owner], value, value_m2, positions[has_nodata], nodata_m2[has_nodata])

    def _by_value(self, feature: np.ndarray, values: np.ndarray, m2: np.ndarray):
        """(feature, value, m²) rows: the m² of each feature on each pixel value."""
        if self._small_unsigned:
            n_values = int(values.max()) + 1 if len(values) else 1
            sums = np.bincount(feature * n_values + values, weights=m2)
            rows = np.flatnonzero(sums)
            return rows // n_values, (rows % n_values).astype(values.dtype), sums[rows]
        keys, codes = np.unique(values, return_inverse=True)
        pairs, inverse = np.unique(feature * len(keys) + codes.ravel(), return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=m2)
        return pairs // len(keys), keys[pairs % len(keys)], sums


class _Block:
    """One window of the raster, with its wanted pixels (loss or nodata) listed in order."""

    def __init__(self, dataset: rasterio.DatasetReader, window: tuple[int, int, int, int], scratch: _Scratch):
        self.col_off, self.row_off, self.width, self.height = window
        shape, where = (self.height, self.width), Window(*window)
        self.values = dataset.read(1, window=where, out=scratch.array("values", shape, dataset.dtypes[0]))
        wanted = np.not_equal(self.values, 0, out=scratch.array("wanted", shape, bool))
        self.nodata = None
        if MaskFlags.all_valid not in dataset.mask_flag_enums[0]:
            valid = dataset.read_masks(1, window=where, out=scratch.array("valid", shape, np.uint8))
            nodata = np.equal(valid, 0, out=scratch.array("nodata", shape, bool))
            if nodata.any():
                wanted |= nodata
                self.nodata = nodata.ravel()
        self.wanted = wanted.ravel()
        self.found = np.flatnonzero(self.wanted)

    def on_nodata(self, pixel: np.ndarray) -> np.ndarray:
        return np.zeros(len(pixel), dtype=bool) if self.nodata is None else self.nodata[pixel]

    def covered(self, cover: Coverage, areas: PixelAreas):
        """(feature, flat pixel index, m² inside the feature) of each wanted pixel covered.

        Boundary cells are looked up one by one; the wanted pixels of a run are found with two
        binary searches in the sorted list of the block's wanted pixels.
        """
        rows, cols = cover.cell_row - self.row_off, cover.cell_col - self.col_off
        inside = (rows >= 0) & (rows < self.height) & (cols >= 0) & (cols < self.width)
        cell_pixel = rows[inside] * self.width + cols[inside]
        keep = self.wanted[cell_pixel]
        cell_pixel = cell_pixel[keep]
        cell_feature = cover.cell_owner[inside][keep]
        cell_m2 = cover.cell_fraction[inside][keep] * areas.at(
            rows[inside][keep] + self.row_off, cols[inside][keep] + self.col_off
        )

        rows = cover.run_row - self.row_off
        start = np.maximum(cover.run_start - self.col_off, 0)
        stop = np.minimum(cover.run_stop - self.col_off, self.width)
        inside = (rows >= 0) & (rows < self.height) & (stop > start)
        rows, start, stop = rows[inside], start[inside], stop[inside]
        first = np.searchsorted(self.found, rows * self.width + start)
        count = np.searchsorted(self.found, rows * self.width + stop) - first
        index = np.arange(count.sum()) + np.repeat(first - (np.cumsum(count) - count), count)
        run_pixel = self.found[index]
        run_feature = np.repeat(cover.run_owner[inside], count)
        fraction = cover.run_fraction[inside]
        if areas.by_row is not None:  # one area per row: one weight per run
            run_m2 = np.repeat(fraction * areas.by_row[rows + self.row_off], count)
        else:
            run_m2 = np.repeat(fraction, count) * areas.at(
                np.repeat(rows + self.row_off, count), run_pixel % self.width + self.col_off
            )
        return (
            np.concatenate([cell_feature, run_feature]),
            np.concatenate([cell_pixel, run_pixel]),
            np.concatenate([cell_m2, run_m2]),
        )


class _Scratch:
    """Arrays kept from one block to the next.

    A fresh array of a few megabytes is fresh memory from the operating system, and touching it
    page by page cost about a fifth of the extraction's time; reusing the same arrays does not.
    """

    def __init__(self):
        self._arrays: dict[str, np.ndarray] = {}

    def array(self, name: str, shape: tuple[int, int], dtype) -> np.ndarray:
        size, dtype = shape[0] * shape[1], np.dtype(dtype)
        kept = self._arrays.get(name)
        if kept is None or kept.dtype != dtype or kept.size < size:
            kept = self._arrays[name] = np.empty(size, dtype)
        return kept[:size].reshape(shape)

