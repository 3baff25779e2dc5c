"""A dBASE III table writer with real Date fields and a chosen single-byte encoding.

GDAL (through pyogrio) writes dates to a shapefile as text and always adds a .cpg file, while
INGEMMET's older files have Date fields, Latin-1 text and no .cpg; so the generator writes the
.dbf itself. The header carries no language driver id (byte 29 is 0), as in those files: a
reader must infer the encoding.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Field:
    """One DBF column: name (at most 10 characters), type C/N/D, width and decimals."""

    name: str
    kind: str
    width: int
    decimals: int = 0


def _cells(values, field: Field, encoding: str) -> np.ndarray:
    """The column as an (n, width) array of bytes, padded the way dBASE pads each type."""
    if field.kind == "C":
        text = [("" if v is None else str(v)).encode(encoding)[: field.width] for v in values]
        fixed = np.array(text, dtype=f"S{field.width}")
    elif field.kind == "N":
        numbers = np.asarray(values, dtype=float)
        fixed = np.char.mod(f"%{field.width}.{field.decimals}f", numbers).astype(f"S{field.width}")
    elif field.kind == "D":
        fixed = np.array([b"" if v is None else v.strftime("%Y%m%d").encode() for v in values], dtype="S8")
    else:
        raise ValueError(f"unsupported DBF field type {field.kind!r}")
    cells = fixed.view(np.uint8).reshape(len(fixed), field.width).copy()
    cells[cells == 0] = ord(" ")  # numpy pads with NUL; dBASE pads with blanks
    return cells


def write_dbf(path: Path, fields: list[Field], columns: dict[str, list], encoding: str,
              last_update: dt.date) -> None:
    """Write ``columns`` (one list per field, all the same length) as a dBASE III file."""
    n_records = len(columns[fields[0].name]) if fields else 0
    record_len = 1 + sum(f.width for f in fields)
    header_len = 32 + 32 * len(fields) + 1
    header = struct.pack(
        "<B3BIHH20x", 0x03, last_update.year - 1900, last_update.month, last_update.day,
        n_records, header_len, record_len,
    )
    descriptors = b"".join(
        struct.pack("<11sc4xBB14x", f.name.encode("ascii"), f.kind.encode("ascii"), f.width, f.decimals)
        for f in fields
    )
    body = np.full((n_records, record_len), ord(" "), dtype=np.uint8)  # column 0: not deleted
    offset = 1
    for f in fields:
        body[:, offset: offset + f.width] = _cells(columns[f.name], f, encoding)
        offset += f.width
    with open(path, "wb") as out:
        out.write(header + descriptors + b"\r")
        out.write(body.tobytes())
        out.write(b"\x1a")
