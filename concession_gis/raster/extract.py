"""exactextract plumbing: per-feature sums of coverage x ellipsoidal pixel area, by pixel value.

exactextract computes each pixel's coverage fraction and asks for the pixels one feature window at
a time. Those windows are served from one block read per batch of neighbouring features
(:class:`BlockRaster`), so each part of the raster is decompressed about once. The weights that
coverage is multiplied by come from :class:`PixelAreaRaster`, a raster that exists only as a
function of the window asked for, so no area grid is ever stored. The writer reduces each
feature's pixel arrays to one (value, area) table the moment they are handed over.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import rasterio
from exactextract import exact_extract
from exactextract.feature import Feature, FeatureSource
from exactextract.raster import RasterSource
from exactextract.writer import Writer
from rasterio.windows import Window

from concession_gis.raster.pixel_area import PixelAreas
from concession_gis.raster.sources import LossSource

# Largest pixel value summed with a direct bincount; larger or negative values take np.unique.
BINCOUNT_MAX = 65_535


class BlockRaster(RasterSource):
    """The loss raster's grid, with the windows exactextract asks for served from a loaded block."""

    def __init__(self, dataset: rasterio.DatasetReader):
        super().__init__()
        self._dataset = dataset
        self._block: np.ndarray | None = None
        self._col_off = self._row_off = 0
        bounds = dataset.bounds
        self._extent = (bounds.left, bounds.bottom, bounds.right, bounds.top)
        self._res = ((bounds.right - bounds.left) / dataset.width,
                     (bounds.top - bounds.bottom) / dataset.height)
        is_float = dataset.dtypes[0].startswith("float")
        nodata = dataset.nodata
        self._nodata = None if nodata is None else (nodata if is_float else int(nodata))

    def load(self, col_off: int, row_off: int, width: int, height: int) -> None:
        """Read the block that the next batch of features lies in."""
        self._block = self._read(col_off, row_off, width, height)
        self._col_off, self._row_off = col_off, row_off

    def res(self):
        return self._res

    def extent(self):
        return self._extent

    def srs_wkt(self):
        return None

    def nodata_value(self):
        return self._nodata

    def read_window(self, x0, y0, nx, ny):
        block = self._block
        col, row = x0 - self._col_off, y0 - self._row_off
        if block is not None and col >= 0 and row >= 0 and col + nx <= block.shape[1] and row + ny <= block.shape[0]:
            return block[row : row + ny, col : col + nx]
        return self._read(x0, y0, nx, ny)

    def _read(self, col_off, row_off, width, height) -> np.ndarray:
        data = self._dataset.read(1, window=Window(col_off, row_off, width, height), masked=True)
        # A mask with nothing masked is dropped: exactextract then skips the per-pixel check.
        return data if np.ma.getmask(data) is not np.ma.nomask and data.mask.any() else data.data


class PixelAreaRaster(RasterSource):
    """A weights raster on the loss raster's grid whose pixels hold their own area in m²."""

    def __init__(self, source: LossSource, grid: RasterSource):
        super().__init__()
        self._areas = PixelAreas(source.crs, source.transform, source.width, source.height)
        # The very same floats as the loss raster's grid: were they to differ in the last bit,
        # exactextract would resample onto a common grid and lose the loss raster's mask.
        self._res = grid.res()
        self._extent = grid.extent()

    def res(self):
        return self._res

    def extent(self):
        return self._extent

    def srs_wkt(self):
        return None

    def nodata_value(self):
        return None

    def read_window(self, x0, y0, nx, ny):
        return self._areas.window(x0, y0, nx, ny)


class _WkbFeature(Feature):
    """A feature exactextract reads as WKB, identified by its position in the input."""

    def __init__(self, position: int = -1, wkb: bytes | None = None):
        super().__init__()
        self.position = position
        self.wkb = wkb
        self.results: dict[str, object] = {}

    def geometry(self):
        return self.wkb

    def get(self, name):
        return self.position

    def set(self, name, value):
        self.results[name] = value

    def fields(self):
        return ["id"]

    def set_geometry(self, wkb):
        self.wkb = wkb

    def set_geometry_format(self):
        return "wkb"


class _WkbFeatures(FeatureSource):
    def __init__(self, positions: np.ndarray, wkbs: list[bytes]):
        super().__init__()
        self._positions, self._wkbs = positions, wkbs

    def count(self):
        return len(self._wkbs)

    def __iter__(self) -> Iterator[_WkbFeature]:
        for position, wkb in zip(self._positions, self._wkbs, strict=True):
            yield _WkbFeature(int(position), wkb)

    def srs_wkt(self):
        # Geometries are already in the raster's CRS; None keeps exactextract from comparing
        # two spellings of one CRS and warning.
        return None


class _Results(Writer):
    """Reduces each feature's pixel arrays to its (values, m²) table as exactextract hands it over."""

    def __init__(self, small_unsigned: bool):
        super().__init__()
        self.tables: list[tuple[int, np.ndarray, np.ndarray]] = []
        self._small_unsigned = small_unsigned

    def add_operation(self, op):
        pass

    def add_column(self, name):
        pass

    def write(self, feature):
        copy = _WkbFeature()
        feature.copy_to(copy)
        found = copy.results
        values = found.get("values")
        if values is None or len(values) == 0:
            return
        keys, areas = area_by_value(
            values, found["coverage"], found["weights"], self._small_unsigned
        )
        self.tables.append((int(found["id"]), keys, areas))

    def features(self):
        return self.tables


def area_by_value(
    values, coverage, weights, small_unsigned: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pixel values and the sum of coverage x pixel area (m²) of each.

    ``small_unsigned`` says the raster is of bytes or 16-bit unsigned integers, so the values
    can index a bincount without being checked first.
    """
    weight = np.asarray(coverage) * np.asarray(weights)
    values = np.asarray(values)
    if small_unsigned or (
        values.dtype.kind in "iu" and values.min() >= 0 and values.max() <= BINCOUNT_MAX
    ):
        sums = np.bincount(values, weights=weight)
        keys = np.flatnonzero(sums)
        return keys, sums[keys]
    keys, inverse = np.unique(values, return_inverse=True)
    return keys, np.bincount(inverse, weights=weight)


class FeatureExtractor:
    """Runs exactextract over batches of features of one loss source, raster kept open."""

    def __init__(self, source: LossSource):
        self._dataset = rasterio.open(source.dataset)
        self._small_unsigned = source.dtype in ("uint8", "uint16")
        self._values = BlockRaster(self._dataset)
        self._weights = PixelAreaRaster(source, self._values)
        # exactextract tells rasters apart by name; two unnamed ones would be read as one.
        self._values.set_name("loss")
        self._weights.set_name("pixel_area")

    def close(self) -> None:
        self._dataset.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def run(
        self, positions: np.ndarray, wkbs: list[bytes], window: tuple[int, int, int, int]
    ) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """(position, values, m²) of each feature (or piece of one) in ``window`` of the raster.

        ``window`` is (col_off, row_off, width, height) and holds every feature given.
        """
        self._values.load(*window)
        # "values", "coverage" and "weights" are built-in array operations: exactextract fills
        # them in C++ for valid (non-nodata) pixels only, much faster than a Python operation.
        return exact_extract(
            self._values,
            _WkbFeatures(positions, wkbs),
            ["values", "coverage", "weights"],
            weights=self._weights,
            include_cols=["id"],
            output=_Results(self._small_unsigned),
        )
