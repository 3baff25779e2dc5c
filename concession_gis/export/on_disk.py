"""A layer whose outlines stay in its GeoPackage until a map needs them.

The loss fronts are traced along pixel edges: the region's 1,311 unexplained fronts hold 12.8
million vertices, 713 MiB once read, while an atlas of 24 claims draws a few of them (its cover
and its case pages). Prints therefore read the fronts' rows and their boxes (the GeoPackage's
R-tree, no geometry parsed), and each map reads by feature id the outlines whose box meets its
frame (:func:`~concession_gis.export.near_features.in_extent`), the same features in the same
order as from the whole layer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from concession_gis.errors import InputError

# Where a frame read by :func:`read_on_disk` keeps its :class:`OnDisk` (``frame.attrs``).
ON_DISK = "on_disk"


@dataclass(eq=False)
class OnDisk:
    """Where a layer's geometries are and its features' boxes in degrees (minx, miny, maxx,
    maxy; the R-tree's, rounded outwards to 32-bit floats), by feature id."""

    path: Path
    layer: str
    boxes: np.ndarray = field(repr=False)
    stamp: tuple[int, int]

    def geometries(self, fids: np.ndarray) -> np.ndarray:
        """The geometries of ``fids``, in their order (EPSG:4326)."""
        if _stamp(self.path) != self.stamp:  # replaced by another run while its results were printed
            raise InputError(key="error.results_changed", path=str(self.path))
        read = pyogrio.read_dataframe(self.path, layer=self.layer, columns=[], fids=np.asarray(fids, dtype=np.int64),
                                      fid_as_index=True)
        return np.asarray(read.geometry.reindex(fids).values, dtype=object)


def read_on_disk(path: Path, layer: str, columns: list[str], where: str) -> gpd.GeoDataFrame:
    """The rows of ``layer`` that meet ``where``, with ``columns`` and no geometry yet (None),
    indexed by feature id, in the layer's order; rows with an empty or no geometry are left out
    (a map draws none). The whole layer, geometries included, when it has no R-tree."""
    info = pyogrio.read_info(path, layer=layer)
    rtree = f"rtree_{layer}_{info['geometry_name']}"
    tables = pyogrio.read_dataframe(path, sql=f"SELECT name FROM sqlite_master WHERE name = '{rtree}'",
                                    read_geometry=False)
    if tables.empty:
        frame = pyogrio.read_dataframe(path, layer=layer, columns=columns, where=where)
        return frame.loc[~frame.geometry.is_empty & frame.geometry.notna()]
    stamp = _stamp(path)
    rows = pyogrio.read_dataframe(path, layer=layer, columns=columns, where=where, read_geometry=False,
                                  fid_as_index=True)
    boxes = pyogrio.read_dataframe(path, sql=f'SELECT id, minx, miny, maxx, maxy FROM "{rtree}"',
                                   read_geometry=False).set_index("id")
    rows = rows.loc[rows.index.isin(boxes.index)].sort_index()
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=gpd.GeoSeries([None] * len(rows), index=rows.index,
                                                                          crs=info["crs"]))
    frame.attrs[ON_DISK] = OnDisk(Path(path), layer, boxes.loc[rows.index, ["minx", "miny", "maxx", "maxy"]]
                                  .to_numpy(dtype=float), stamp)
    return frame


def _stamp(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size
