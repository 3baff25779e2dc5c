"""Write a GDAL VRT that mosaics raster tiles of one grid, so they read as one raster.

The one VRT writer: the analysis mosaics the user's tiles through it (absolute paths, in a
temporary folder) and the sample generator writes its ``lossyear.vrt`` with it (paths relative
to the VRT, so the sample folder can be moved).

Neither rasterio nor the absent GDAL Python bindings build VRTs, and the format is a short,
documented XML file (https://gdal.org/drivers/raster/vrt.html), so it is written here.
Tiles are placed by their offset on the common grid; pixels that no tile covers, and each tile's
own nodata, read as invalid, so a mosaic with gaps never counts a gap as "no loss".
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from affine import Affine

GDAL_TYPES = {
    "uint8": "Byte",
    "int8": "Int8",
    "uint16": "UInt16",
    "int16": "Int16",
    "uint32": "UInt32",
    "int32": "Int32",
    "uint64": "UInt64",
    "int64": "Int64",
    "float32": "Float32",
    "float64": "Float64",
}


@dataclass(frozen=True)
class Tile:
    """One raster file of a mosaic: its path, grid placement, size, type and nodata value;
    ``nodata_cleared``: the file declares a nodata value that is to be read as a value (every
    pixel of the tile valid)."""

    path: Path
    transform: Affine
    width: int
    height: int
    dtype: str
    nodata: float | None
    nodata_cleared: bool = False


def mosaic_grid(tiles: list[Tile]) -> tuple[Affine, int, int]:
    """Transform, width and height of the smallest grid holding every tile."""
    res_x, res_y = tiles[0].transform.a, tiles[0].transform.e
    left = min(t.transform.c for t in tiles)
    top = max(t.transform.f for t in tiles)
    right = max(t.transform.c + t.width * res_x for t in tiles)
    bottom = min(t.transform.f + t.height * res_y for t in tiles)
    width = round((right - left) / res_x)
    height = round((bottom - top) / res_y)
    return Affine(res_x, 0.0, left, 0.0, res_y, top), width, height


def write_mosaic_vrt(tiles: list[Tile], crs_wkt: str, out_path: Path, relative: bool = False) -> Path:
    """Write a VRT mosaic of ``tiles`` (same CRS, pixel size and grid) to ``out_path``.

    ``relative``: name each tile by its path from the VRT's folder, not from the file system root.
    """
    transform, width, height = mosaic_grid(tiles)
    root = ET.Element("VRTDataset", rasterXSize=str(width), rasterYSize=str(height))
    ET.SubElement(root, "SRS").text = crs_wkt
    ET.SubElement(root, "GeoTransform").text = ", ".join(
        repr(v) for v in (transform.c, transform.a, 0.0, transform.f, 0.0, transform.e)
    )
    gdal_type = GDAL_TYPES[tiles[0].dtype]
    band = ET.SubElement(root, "VRTRasterBand", dataType=gdal_type, band="1")
    nodata_values = {t.nodata for t in tiles}
    shared_nodata = nodata_values.pop() if len(nodata_values) == 1 else None
    names = {tile.path: _source_name(tile.path, out_path, relative) for tile in tiles}
    if shared_nodata is not None:
        # One nodata value for all: gaps are filled with it and each tile's nodata is see-through.
        ET.SubElement(band, "NoDataValue").text = _number(shared_nodata)
        for tile in tiles:
            _add_source(band, tile, names[tile.path], relative, transform, source_band="1", nodata=tile.nodata)
    else:
        # Mixed or missing nodata: an explicit mask band (255 valid, 0 gap or nodata) built
        # from each tile's own mask says which pixels are valid.
        for tile in tiles:
            _add_source(band, tile, names[tile.path], relative, transform, source_band="1", nodata=tile.nodata)
        mask = ET.SubElement(ET.SubElement(band, "MaskBand"), "VRTRasterBand", dataType="Byte")
        for tile in tiles:
            if tile.nodata_cleared:  # valid wherever the tile is: band 1 scaled to a constant 255
                _add_source(mask, tile, names[tile.path], relative, transform, source_band="1", nodata=None,
                            constant=255)
            else:
                _add_source(mask, tile, names[tile.path], relative, transform, source_band="mask,1", nodata=0)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out_path, encoding="utf-8", xml_declaration=False)
    return out_path


def _source_name(path: Path, vrt_path: Path, relative: bool) -> str:
    if not relative:
        return str(path.resolve())
    return Path(os.path.relpath(path.resolve(), vrt_path.resolve().parent)).as_posix()


def _add_source(parent: ET.Element, tile: Tile, name: str, relative: bool, grid: Affine, source_band: str,
                nodata: float | None, constant: int | None = None) -> None:
    kind = "ComplexSource" if nodata is not None or constant is not None else "SimpleSource"
    source = ET.SubElement(parent, kind)
    ET.SubElement(source, "SourceFilename", relativeToVRT="1" if relative else "0").text = name
    ET.SubElement(source, "SourceBand").text = source_band
    x_off = round((tile.transform.c - grid.c) / grid.a)
    y_off = round((tile.transform.f - grid.f) / grid.e)
    size = {"xSize": str(tile.width), "ySize": str(tile.height)}
    ET.SubElement(source, "SrcRect", {"xOff": "0", "yOff": "0", **size})
    ET.SubElement(source, "DstRect", {"xOff": str(x_off), "yOff": str(y_off), **size})
    if nodata is not None:
        ET.SubElement(source, "NODATA").text = _number(nodata)
    if constant is not None:
        ET.SubElement(source, "ScaleOffset").text = str(constant)
        ET.SubElement(source, "ScaleRatio").text = "0"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
