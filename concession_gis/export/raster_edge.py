"""Where the loss rasters end: their edge drawn on a map, and the ground beyond it greyed.

A claim half outside the rasters has forest loss measured on half of it; without the edge a
reader takes the empty half for forest that stood. The footprint is each raster's extent (its
bounds, edges densified because they curve in the map's projection), so ground beyond it is
ground the run had no pixel for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import rasterio
import shapely
from pyproj import CRS, Transformer
from rasterio.errors import RasterioError

from concession_gis.export import map_layers
from concession_gis.export.loss_layer import loss_sources
from concession_gis.export.mapframe import Extent

EDGE_COLOUR = "#5e3c99"
NO_DATA_FACE = (0.62, 0.62, 0.62, 0.35)
_Z_NO_DATA = map_layers.Z_LOSS + 0.1


def raster_footprint(summary: Mapping[str, Any], crs: CRS) -> shapely.Geometry | None:
    """The union of the run's readable loss rasters' extents in ``crs``; None when none is readable."""
    parts = []
    for source in loss_sources(summary):
        if not source.readable:
            continue
        try:
            with rasterio.open(source.path) as raster:
                box = shapely.segmentize(shapely.box(*raster.bounds), max(raster.width, raster.height) * abs(raster.res[0]) / 50)
                move = Transformer.from_crs(raster.crs or 4326, crs, always_xy=True)
        except (RasterioError, ValueError):
            continue
        x, y = np.asarray(box.exterior.coords).T
        parts.append(shapely.Polygon(np.column_stack(move.transform(x, y))))
    return shapely.union_all(parts) if parts else None


def draw_raster_edge(ax, summary: Mapping[str, Any], crs: CRS, extent: Extent) -> bool:
    """Grey the map beyond the loss rasters and draw their edge, dashed; whether the edge shows."""
    footprint = raster_footprint(summary, crs)
    if footprint is None:
        return False
    frame = shapely.box(extent.xmin, extent.ymin, extent.xmax, extent.ymax)
    outside = shapely.difference(frame, footprint)
    if outside.is_empty or outside.area < frame.area * 1e-6:
        return False
    from matplotlib.collections import PathCollection

    ax.add_collection(PathCollection(map_layers.polygon_paths([outside]), facecolors=[NO_DATA_FACE],
                                     edgecolors=["none"], zorder=_Z_NO_DATA))
    edge = shapely.intersection(shapely.boundary(footprint), frame)
    for line in shapely.get_parts(shapely.line_merge(edge) if edge.geom_type == "MultiLineString" else edge):
        if line.is_empty or line.geom_type not in ("LineString", "LinearRing"):
            continue
        x, y = np.asarray(line.coords).T
        ax.plot(x, y, color=EDGE_COLOUR, linewidth=1.1, linestyle=(0, (4, 2)), zorder=map_layers.Z_OVERLAP)
    return True
