"""A folder of inputs as :class:`~concession_gis.model.Inputs`: each file's kind guessed as
`validate` and the window guess it (`compare OLD_DIR NEW_DIR` analyses two such folders).

Only the folder's own files are read (no subfolder); a shapefile's sidecars, texts, images and
tool outputs are skipped, and so are GeoTIFF tiles when a VRT mosaic beside them names them.
"""

from __future__ import annotations

from pathlib import Path

from concession_gis.errors import InputError
from concession_gis.inputs import KINDS, RASTER_SUFFIXES
from concession_gis.model import Inputs

READ_SUFFIXES = (".shp", ".gpkg", ".geojson", ".fgb", ".zip", ".csv", ".xlsx", ".xls", *RASTER_SUFFIXES)
OUTPUT_NAMES = ("results.gpkg", "changes.gpkg")


def inputs_in_folder(folder: str | Path) -> Inputs:
    """The inputs in ``folder``, by kind; two files of a kind that is given once is an error."""
    from concession_gis.validate import guess_kind

    folder = Path(folder)
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in READ_SUFFIXES
                   and p.name not in OUTPUT_NAMES and not p.name.startswith("."))
    if any(p.suffix.lower() == ".vrt" for p in files):  # a mosaic's tiles are read through it
        files = [p for p in files if p.suffix.lower() not in (".tif", ".tiff")]
    by_attribute = {kind.attribute: kind for kind in KINDS}
    values: dict[str, object] = {}
    for path in files:
        kind = next(k for k in KINDS if k.name == guess_kind(str(path)))
        if kind.repeats:
            values.setdefault(kind.attribute, [])
            values[kind.attribute].append(str(path))  # type: ignore[attr-defined]
        elif kind.attribute in values:
            raise InputError(key="error.folder_two_inputs", path=str(folder), what_key=f"input_kind.{kind.name}",
                             first=Path(str(values[kind.attribute])).name, second=path.name)
        else:
            values[kind.attribute] = str(path)
    if not values.get(by_attribute["concessions"].attribute):
        raise InputError(key="error.folder_no_concessions", path=str(folder))
    return Inputs(**values)
