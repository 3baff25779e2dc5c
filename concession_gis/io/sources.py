"""Opening input files: vector layers (also inside zips), CSV and XLSX tables, file fingerprints.

Every reader returns a frame with the file's own columns unchanged plus ``_row``, the number a
person uses to find the row again: the feature number (1-based) in a vector file, the
spreadsheet row (header = row 1) in CSV and XLSX.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import hashlib
import io
import os
import re
import warnings
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS

from concession_gis import errors
from concession_gis.errors import (
    FooterRowsWarning,
    InputError,
    InputNotFoundError,
    MissingCRSError,
    TextEncodingWarning,
)
from concession_gis.inputs import KIND, SUFFIXES, Format, split_spec
from concession_gis.io.footer import MAX_FOOTER_LINES, first_filled, trailing_footer
from concession_gis.io.kml import KML_SUFFIXES, kml_dataset, with_extended_data
from concession_gis.io.values import undo_double_utf8_columns
from concession_gis.user_crs import parse_crs

VECTOR_SUFFIXES = set(SUFFIXES[Format.VECTOR])
TABLE_SUFFIXES = set(SUFFIXES[Format.TABLE])
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
ROW = "_row"
BAD_FIELDS = "_bad_fields"  # raw text of a CSV row whose fields do not match the header
# The one switch against GDAL's sidecar files. Its "persistent auxiliary metadata" writes what it
# works out (raster statistics, a GeoPackage's metadata when read) to a .aux.xml beside the file:
# never beside an input (the user's folders stay exactly as given), nor beside an output (a
# results.gpkg read back by `map`, `atlas` or the window). The environment, not a GDAL config
# option: pyogrio and rasterio each carry their own GDAL, and both read the process environment
# at each open, in every thread and in the window's worker process. Every module that opens a
# file through GDAL imports this one (export/ through export/outputs.py). Set, not defaulted: a
# GDAL_PAM_ENABLED=YES left in a shell must not put files in a user's folders. (A .aux.xml a
# file already has is therefore not read either; its CRS or nodata belong in the file or in
# --crs.)
os.environ["GDAL_PAM_ENABLED"] = "NO"
# The readers' ``what`` that is not the name of a kind, and the words of files that are not inputs
# of the analysis (the user's context layers on prints, export/context_layers.py).
_WHAT = {"restricted areas": "restricted"}
_NOT_KINDS = {"context": "input_kind.context"}
# A cell of white space only among a column's cells joined and enclosed by NUL. The leading
# literal lets the search jump from NUL to NUL (a cell holding NUL only adds false alarms).
_BLANK_CELL = re.compile(r"\x00\s+(?=\x00)")


def input_kind_key(what: str) -> str:
    """The catalogue key that names ``what`` ('concessions', 'holders', ...) in the reader's words."""
    kind = KIND.get(_WHAT.get(what, what))
    return kind.label if kind else _NOT_KINDS.get(what, "input_kind.input")


def split_layer(spec: str | Path) -> tuple[Path, str | None]:
    """'PATH' or 'PATH:LAYER' (or 'BOOK.xlsx:SHEET') as a path and the layer (see split_spec)."""
    path, layer = split_spec(spec)
    return Path(path), layer


def require_file(path: Path, what: str) -> None:
    """Refuse a path that does not exist, a folder, or a name the libraries cannot open."""
    require_encodable_name(path)
    if not path.exists():
        raise InputNotFoundError(key="error.input_not_found", path=str(path), what_key=input_kind_key(what))
    if path.is_dir():
        raise InputError(key="error.folder_not_file", path=str(path), what_key=input_kind_key(what))


def require_encodable_name(path: Path) -> None:
    """Refuse a file name whose bytes are not UTF-8 (a Latin-1 name from an old Windows share).

    Python keeps such bytes as lone surrogates, which GDAL's and pyogrio's UTF-8 paths cannot carry.
    """
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(key="error.name_not_utf8", path=str(path)) from None


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def read_vector(
    spec: str | Path, what: str, assume_crs: str | int | None = None, max_features: int | None = None,
    place: bool = True, columns: list[str] | None = None,
) -> gpd.GeoDataFrame:
    """A vector layer with its CRS, from a Shapefile (also zipped), GeoPackage, GeoJSON, FlatGeobuf,
    KML or KMZ (its first ``max_features`` only, when given: enough to tell what a file is).

    ``place``: check that the layer is placed on Earth (see :func:`_place`); without it the frame
    keeps whatever CRS the file declares, for a caller that only looks at columns and geometry types.
    ``columns``: only these (``[]``: the geometry alone, for a layer drawn as it is).
    """
    path, layer = split_layer(spec)
    require_file(path, what)
    if is_table(path):
        raise InputError(key="error.table_not_vector", path=str(path), what_key=input_kind_key(what))
    if path.suffix.lower() == ".xls":  # a portal's "Export to Excel": not a map layer, nor readable
        raise InputError(key="error.old_xls", path=str(path))
    dataset: str | Path = path
    encoding = None
    if path.suffix.lower() == ".zip":
        dataset, layer, encoding = _zipped_layer(path, layer, warn=place)
    elif path.suffix.lower() == ".shp":
        _check_shapefile_parts(path)
        dbf = shapefile_part(path, ".dbf").read_bytes()
        _check_dbf_records(path, dbf, shapefile_part(path, ".shx").stat().st_size)
        cpg = shapefile_part(path, ".cpg")
        encoding = _dbf_encoding(dbf, cpg.read_bytes() if cpg.exists() else None, path, warn=place)
    elif path.suffix.lower() in KML_SUFFIXES:
        dataset = kml_dataset(path)  # a KMZ's main KML: see io/kml.py
        layer = _pick_layer(path, layer, what, dataset)
    else:
        layer = _pick_layer(path, layer, what)
    try:
        try:
            frame = pyogrio.read_dataframe(dataset, layer=layer, encoding=encoding, max_features=max_features,
                                           columns=columns)
        except shapely.errors.GEOSException:
            frame = _read_closing_rings(dataset, layer, encoding, max_features, columns)
    except UnicodeDecodeError:
        raise InputError(key="error.wrong_text_encoding", path=str(path)) from None
    except (DataSourceError, DataLayerError) as exc:
        raise InputError(
            key="error.unreadable_vector", path=str(path), what_key=input_kind_key(what), detail=_first_line(exc)
        ) from None
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise InputError(key="error.layer_without_geometry", path=str(path), what_key=input_kind_key(what))
    if path.suffix.lower() in KML_SUFFIXES:
        try:
            frame = with_extended_data(frame, path, layer, max_features, columns)
        except ParseError as exc:
            raise InputError(key="error.unreadable_vector", path=str(path), what_key=input_kind_key(what),
                             detail=str(exc)) from None
    frame[ROW] = range(1, len(frame) + 1)
    repair_double_utf8(frame, path, warn=place)
    return _place(frame, path, what, assume_crs) if place else frame


def repair_double_utf8(frame: pd.DataFrame, path: Path, warn: bool = True) -> None:
    """Undo double UTF-8 encodings ('COMPAÃ‘IA') in the text of ``frame``, in place, and say so
    (counted in summary.json as a ``TextEncodingWarning``): the one repair of vector layers and tables.

    Only the values: a header garbled the same way stays as the file has it, so that ``--map``
    names the column as a person sees it in the file.
    """
    repaired, named, example = undo_double_utf8_columns(frame)
    if repaired and warn and example is not None:
        errors.warn(TextEncodingWarning(key="warning.double_encoded_text", path=str(path), n=repaired,
                                        columns=", ".join(named), before=example[0], after=example[1]))


def _read_closing_rings(dataset, layer, encoding, max_features, columns=None) -> gpd.GeoDataFrame:
    """The layer with rings that do not end where they start closed (GDAL passes them on as they are,
    and GEOS refuses them): hand-written GeoJSON often omits the repeated last vertex."""
    from pyogrio.raw import read

    frame = pyogrio.read_dataframe(dataset, layer=layer, encoding=encoding, max_features=max_features,
                                   read_geometry=False, columns=columns)
    meta, _, wkb, _ = read(dataset, layer=layer, encoding=encoding, max_features=max_features, columns=[])
    geometry = shapely.from_wkb(wkb, on_invalid="fix")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=meta["crs"])


# Longest distance from a projected CRS's origin that is still on Earth (about its circumference).
MAX_PROJECTED_M = 4.1e7
# Degrees beyond the antimeridian or the pole that are rounding, not a wrong CRS.
DEGREE_SLACK = 1e-6


def _place(frame: gpd.GeoDataFrame, path: Path, what: str, assume_crs) -> gpd.GeoDataFrame:
    """``frame`` with a CRS that puts it on Earth, else an error naming the file (and the row).

    A layer without a CRS, or with a local engineering one, takes ``--crs``. So does a layer said
    to be in degrees whose every coordinate cannot be degrees: GeoJSON is longitude/latitude by
    definition, so GDAL calls EPSG:4326 a GeoJSON that another program wrote in UTM. Non-finite
    vertices and single claims far off the Earth (a typing slip of 1e9) are refused by row before
    anything densifies or reprojects them, which would take minutes and gigabytes.
    """
    kind = input_kind_key(what)
    crs = frame.crs
    if crs is not None and crs.is_engineering:
        if assume_crs is None:
            raise MissingCRSError(key="error.vector_local_crs", path=str(path), what_key=kind, crs=crs.name)
        crs = None
    xy, rows = shapely.get_coordinates(np.asarray(frame.geometry.values), return_index=True)
    finite = np.isfinite(xy).all(axis=1)
    if not finite.all():
        raise InputError(key="error.coordinates_not_finite", path=str(path), what_key=kind,
                         row=int(frame[ROW].iat[rows[~finite][0]]))
    if crs is not None and crs.is_geographic and len(xy) and not _degrees(xy).any():
        if assume_crs is None:
            raise MissingCRSError(key="error.coordinates_not_degrees", path=str(path), what_key=kind, crs=crs.to_string(),
                                  x=float(xy[0, 0]), y=float(xy[0, 1]))
        crs = None
    if crs is None:
        if assume_crs is None:
            raise MissingCRSError(key="error.vector_without_crs", path=str(path), what_key=kind)
        crs = parse_crs(assume_crs)
    frame = frame.set_crs(crs, allow_override=True)
    off = ~_degrees(xy) if crs.is_geographic else ~_on_earth_projected(xy, crs)
    if off.any():
        raise InputError(key="error.coordinates_off_earth", path=str(path), what_key=kind, crs=crs.to_string(),
                         row=int(frame[ROW].iat[rows[off][0]]), x=float(xy[off][0, 0]), y=float(xy[off][0, 1]))
    return frame


def _degrees(xy: np.ndarray) -> np.ndarray:
    return (np.abs(xy[:, 0]) <= 180 + DEGREE_SLACK) & (np.abs(xy[:, 1]) <= 90 + DEGREE_SLACK)


def _on_earth_projected(xy: np.ndarray, crs: CRS) -> np.ndarray:
    metres = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0
    return (np.abs(xy) * (metres or 1.0) <= MAX_PROJECTED_M).all(axis=1)


def shapefile_part(path: Path, suffix: str) -> Path:
    """The ``suffix`` part of the shapefile ``path`` as it is spelt on disk (``.DBF`` beside ``.SHP``)."""
    for spelling in (suffix.lower(), suffix.upper()):
        part = path.with_suffix(spelling)
        if part.exists():
            return part
    return path.with_suffix(suffix.upper() if path.suffix.isupper() else suffix)


def _check_shapefile_parts(path: Path) -> None:
    for suffix in (".shx", ".dbf"):
        part = shapefile_part(path, suffix)
        if not part.exists():
            raise InputError(key="error.shapefile_incomplete", path=str(path), part=part.name)


def _check_dbf_records(path: Path, dbf: bytes, shx_bytes: int, member: str | None = None) -> None:
    """Refuse a shapefile whose .dbf holds another number of records than it has shapes.

    GDAL reads as many features as the .dbf has records and says nothing, so a .dbf cut short
    (a copy or download that stopped, a .dbf from an older version) drops claims silently; and
    rows matched to shapes by position may belong to other shapes. The .shx index holds one
    8-byte entry per shape after its 100-byte header.
    """
    if len(dbf) < 12:
        return
    declared = int.from_bytes(dbf[4:8], "little")
    header, length = int.from_bytes(dbf[8:10], "little"), int.from_bytes(dbf[10:12], "little")
    records = min(declared, (len(dbf) - header) // length) if length else declared
    shapes = (shx_bytes - 100) // 8
    if records != shapes:
        raise InputError(key="error.dbf_records_mismatch", path=str(path) + (f" ({member})" if member else ""),
                         records=records, shapes=shapes)


def _dbf_encoding(dbf: bytes, cpg: bytes | None, path: Path, warn: bool) -> str | None:
    """The encoding to read a DBF in: its .cpg's unless the bytes contradict it, else decided
    from the bytes (None: GDAL's choice, the .cpg's).

    INGEMMET files often come without a .cpg; GDAL then assumes Latin-1, which garbles the
    UTF-8 files some portals export. Bytes that decode as UTF-8 and contain a multibyte
    sequence are UTF-8; anything else is Latin-1 (Windows-1252 in practice). A .cpg that says
    UTF-8 over Windows-1252 bytes (GDAL then fails on the first accent), or a single-byte code
    page over UTF-8 bytes (every accent then garbled), is overruled, with a warning.
    """
    header_length = int.from_bytes(dbf[8:10], "little") if len(dbf) >= 10 else 0
    body = dbf[header_length:]
    if body.isascii():  # in C: a Python test per character took a second on a 16 MB table
        found = None
    else:
        try:
            body.decode("utf-8")
            found = "UTF-8"
        except UnicodeDecodeError:
            found = "CP1252"
    if cpg is None:
        return found
    declared = cpg.decode("ascii", errors="replace").strip()
    says_utf8 = "UTF" in declared.upper() or "65001" in declared
    if found is None or (found == "UTF-8") == says_utf8:
        return None
    if warn:
        errors.warn(TextEncodingWarning(key="warning.cpg_contradicted", path=str(path), declared=declared,
                                        used=found))
    return found


def _zipped_layer(path: Path, layer: str | None, warn: bool) -> tuple[str, str | None, str | None]:
    if not zipfile.is_zipfile(path):  # a portal's error page saved under the name asked for
        raise InputError(key="error.not_a_zip", path=str(path))
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for name in names:
            pure = PurePosixPath(name.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", name):
                raise InputError(key="error.zip_path_outside", path=str(path), name=name)
        members = [n for n in names if PurePosixPath(n).suffix.lower() in VECTOR_SUFFIXES - {".zip", ".kmz"}]
        if layer is not None:
            chosen = [n for n in members if PurePosixPath(n).stem == layer or n == layer]
        else:
            chosen = members
        if not members:
            raise InputError(key="error.zip_without_layers", path=str(path))
        if not chosen:
            listed = ", ".join(PurePosixPath(n).stem for n in members)
            raise InputError(key="error.zip_without_layer", path=str(path), layer=layer, layers=listed)
        if len(chosen) > 1:
            listed = ", ".join(PurePosixPath(n).stem for n in chosen)
            raise InputError(key="error.zip_many_layers", path=str(path), n=len(chosen), layers=listed,
                             example=f"{path}:{PurePosixPath(chosen[0]).stem}")
        member = chosen[0]
        encoding = None
        if member.lower().endswith(".shp"):
            stem = member[:-4]
            dbf = next((n for n in names if n.lower() == (stem + ".dbf").lower()), None)
            if dbf is None:
                raise InputError(key="error.zip_shp_without_dbf", path=str(path), member=member)
            shx = next((n for n in names if n.lower() == (stem + ".shx").lower()), None)
            cpg = next((n for n in names if n.lower() == (stem + ".cpg").lower()), None)
            dbf_bytes = archive.read(dbf)
            if shx is not None:
                _check_dbf_records(path, dbf_bytes, archive.getinfo(shx).file_size, member)
            encoding = _dbf_encoding(dbf_bytes, archive.read(cpg) if cpg else None, path, warn)
    return f"/vsizip/{path.resolve().as_posix()}/{member}", None, encoding


def _pick_layer(path: Path, layer: str | None, what: str, dataset: str | None = None) -> str | None:
    """The layer of ``path`` to read (``dataset``: what GDAL opens for it, when not the file)."""
    try:
        layers = [name for name, _ in pyogrio.list_layers(dataset or path) if name != "layer_styles"]
    except DataSourceError as exc:
        raise InputError(
            key="error.unreadable_vector", path=str(path), what_key=input_kind_key(what), detail=_first_line(exc)
        ) from None
    if layer is not None:
        if layer not in layers:
            raise InputError(key="error.no_such_layer", path=str(path), layer=layer, layers=", ".join(layers))
        return layer
    if len(layers) > 1:
        raise InputError(key="error.many_layers", path=str(path), n=len(layers), layers=", ".join(layers),
                         example=f"{path}:{layers[0]}")
    return None


def _first_line(exc: Exception) -> str:
    """The first sentence of a library's message, without the path it repeats."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.split(r"[.;](\s|$)", text.split("' ")[-1])[0].strip().rstrip(".;")


# --- tables ----------------------------------------------------------------------------------


def read_table(spec: str | Path, what: str, warn: bool = True) -> pd.DataFrame:
    """A CSV or XLSX table with every cell as text (codes keep their leading zeros), double UTF-8
    encodings undone (:func:`repair_double_utf8`; ``warn``: say so, for a reader of the rows
    rather than of the header alone).
    """
    path, sheet = split_layer(spec)
    require_file(path, what)
    suffix = path.suffix.lower()
    if is_workbook(path):
        frame = _read_xlsx(path, sheet, what)
    elif suffix in {".csv", ".txt", ".tsv"}:
        frame = _read_csv(path, what)
    elif suffix == ".xls":
        raise InputError(key="error.old_xls", path=str(path))
    elif suffix:
        raise InputError(key="error.table_format", path=str(path), what_key=input_kind_key(what), suffix=suffix)
    else:
        raise InputError(key="error.table_without_extension", path=str(path), what_key=input_kind_key(what))
    if frame.columns.duplicated().any():
        dupes = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise InputError(key="error.repeated_columns", path=str(path), columns=", ".join(dupes))
    frame = _without_footer(frame, path, warn)
    repair_double_utf8(frame, path, warn)
    return frame


def _without_footer(frame: pd.DataFrame, path: Path, warn: bool) -> pd.DataFrame:
    """``frame`` without the footer lines an export writes under its rows (``Total de registros:
    57``; :mod:`concession_gis.io.footer`), said with the first one quoted (``warn``): never rows
    set aside, never dropped without a word. CSV (both readers) and XLSX alike: the cells are looked
    at after reading, so a footer with or without the header's separators is the same footer."""
    tail = frame.iloc[-MAX_FOOTER_LINES:]  # a footer's lines only: not a copy of every cell
    cells = tail[[c for c in frame.columns if not str(c).startswith("_")]]
    footer = trailing_footer(cells)
    if not footer.any():
        return frame
    first = footer[footer].index[0]
    if warn:
        errors.warn(FooterRowsWarning(key="warning.footer_rows", path=str(path), n=int(footer.sum()),
                                      row=int(frame.at[first, ROW]), first=first_filled(cells, first)))
    return frame.drop(index=footer[footer].index).reset_index(drop=True)


def _is_workbook(path: Path) -> bool:
    """A workbook saved from Excel and renamed ``.csv`` by hand: a zip holding ``xl/``."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as book:
        return any(name.startswith("xl/") for name in book.namelist())


def decode_text(raw: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"),
    else Windows-1252/Latin-1 as Excel writes it."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def sniff_separator(text: str) -> str:
    """The field separator of a CSV: ';' ',' tab or '|' (Peruvian exports mostly use ';')."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return max(";,\t|", key=header.count)


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    """Rows of a CSV; a row whose separator differs from the header's is split with its own.

    Spreadsheets pasted together from two exports mix ';' and ',' rows. A row that still has
    the wrong number of fields is kept with its raw text in ``_bad_fields`` so the loader can
    set it aside with a reason instead of failing the whole file.
    """
    text = decode_text(path.read_bytes())
    if not text.strip():
        raise InputError(key="error.empty_file", path=str(path), what_key=input_kind_key(what))
    separator = sniff_separator(text)
    regular = _read_regular_csv(text, separator)
    if regular is not None:
        return regular
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    header = next(reader)
    records, numbers, bad = [], [], []
    previous_end = reader.line_num
    for fields in reader:
        start, previous_end = previous_end, reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raw = "\n".join(lines[start:previous_end])
            fields = _resplit(raw, separator, len(header)) or fields
        bad.append("" if len(fields) == len(header) else raw)
        records.append((fields + [""] * len(header))[: len(header)])
        numbers.append(start + 1)
    frame = pd.DataFrame(records, columns=[h.strip() for h in header], dtype=object)
    return _finish_csv(frame, numbers, bad)


def _finish_csv(frame: pd.DataFrame, numbers, bad) -> pd.DataFrame:
    """``frame`` (every cell a str) with blank cells as None, the row numbers and raw bad rows."""
    for column in range(frame.shape[1]):
        cells = frame.iloc[:, column].to_numpy(dtype=object)
        if _BLANK_CELL.search("\x00" + "\x00".join(cells) + "\x00") is None:  # no cell of white space only
            blanked = cells.copy()
            blanked[cells == ""] = None
        else:
            blanked = np.array([v if v.strip() else None for v in cells], dtype=object)
        frame.isetitem(column, pd.Series(blanked, index=frame.index, dtype=object))
    frame[ROW] = numbers
    frame[BAD_FIELDS] = bad
    return frame


def _read_regular_csv(text: str, separator: str) -> pd.DataFrame | None:
    """What :func:`_read_csv` reads, parsed by pandas' C reader, for the common CSV: no quotes
    (so no field spans lines), one line break ('\n' or '\r\n'), every non-blank row with the
    header's number of fields. None for any other file, which the row-by-row reader takes.
    """
    if '"' in text or "\x00" in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    first, _, rest = text.partition("\n")
    if not first.strip():
        return None
    header = first.split(separator)
    names = [h.strip() for h in header]
    fields = len(header) - 1
    body = rest.rstrip("\n")
    rows = body.count("\n") + 1
    # Every line a row (no blank line, nor one of separators alone) and no line with more fields
    # than the header (pandas refuses those): then the file's separators, counted once, say
    # whether every line has the header's number, without a Python loop over 200,000 lines.
    if body and _blank_line(separator).search("\n" + body) is None and body.count(separator) == fields * rows:
        with contextlib.suppress(pd.errors.ParserError):
            frame = _parse_body(body, separator)
            if frame.shape[1] == len(header):
                frame.columns = names
                return _finish_csv(frame, range(2, rows + 2), [""] * rows)
    lines = text.split("\n")
    kept = [i for i, line in enumerate(lines[1:], start=1) if line.replace(separator, "").strip()]
    if any(lines[i].count(separator) != fields for i in kept):
        return None
    if not kept:
        frame = pd.DataFrame(columns=names, dtype=object)
    else:
        frame = _parse_body("\n".join(lines[i] for i in kept), separator)
        frame.columns = names
    return _finish_csv(frame, [i + 1 for i in kept], [""] * len(kept))


def _parse_body(body: str, separator: str) -> pd.DataFrame:
    """The rows of a regular CSV (no header), every cell as text, by pandas' C reader."""
    return pd.read_csv(io.StringIO(body), sep=separator, header=None, dtype=object, na_filter=False,
                       quoting=csv.QUOTE_NONE, engine="c", skip_blank_lines=False)


@functools.cache
def _blank_line(separator: str) -> re.Pattern:
    """A line of white space and ``separator`` alone (an empty line too), which is no row, with
    the line break before it: searched from line break to line break (five times faster than
    a pattern anchored at every line's start)."""
    return re.compile(rf"\n(?:{re.escape(separator)}|[^\S\n])*(?=\n|\Z)")


def _resplit(raw: str, separator: str, expected: int) -> list[str] | None:
    for other in ";,\t|":
        if other != separator:
            fields = next(csv.reader([raw], delimiter=other), [])
            if len(fields) == expected:
                return fields
    return None


def is_workbook(path: Path) -> bool:
    """An Excel workbook, by its name or (a ``.csv`` renamed from ``.xlsx``) by its contents."""
    suffix = path.suffix.lower()
    return suffix in {".xlsx", ".xlsm"} or (suffix in {".csv", ".txt", ".tsv"} and _is_workbook(path))


def workbook_sheet(path: Path, sheet: str | None) -> str:
    """The sheet of ``path`` to read: ``sheet`` when named, else the one Excel opens on.

    The first sheet of a registry workbook is often a hidden lookup table or an old copy; the
    rows a person sees are on the active sheet (or, if that one is hidden, the first visible).
    """
    if sheet is not None:
        return sheet
    import openpyxl  # 0.07 s to import: only when a workbook is read

    try:
        # An open file, not the path: openpyxl refuses a workbook renamed .csv by its name alone.
        with open(path, "rb") as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
            book = openpyxl.load_workbook(handle, read_only=True)
            active = book.active
            if active is not None and getattr(active, "sheet_state", "visible") == "visible":
                return str(active.title)
            visible = [ws.title for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
            return str(visible[0] if visible else book.sheetnames[0])
    except (ValueError, KeyError, zipfile.BadZipFile, OSError) as exc:
        raise InputError(key="error.unreadable_workbook", path=str(path), detail=_first_line(exc)) from None


def _read_xlsx(path: Path, sheet: str | None, what: str) -> pd.DataFrame:
    sheet = workbook_sheet(path, sheet)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
            book = pd.read_excel(path, sheet_name=sheet, header=None, dtype=str, engine="openpyxl")
    except (ValueError, KeyError, zipfile.BadZipFile, OSError) as exc:
        raise InputError(key="error.unreadable_workbook", path=str(path), detail=_first_line(exc)) from None
    book = book.dropna(how="all")
    if book.empty:
        raise InputError(key="error.empty_sheet", path=str(path), what_key=input_kind_key(what))
    header_index = _header_row(book)
    frame = book.loc[book.index > header_index].copy()
    frame.columns = [str(v).strip() if isinstance(v, str) else f"column_{i + 1}" for i, v in enumerate(book.loc[header_index])]
    frame[ROW] = frame.index + 1  # pandas index 0 is sheet row 1
    return frame.reset_index(drop=True)


def _header_row(book: pd.DataFrame, look: int = 15):
    """The row that names the columns: the one with most known column names among the first rows.

    Registry workbooks often put a title, or group labels in merged cells ("UBICACIÓN" over
    departamento/provincia/distrito), above the real header.
    """
    from concession_gis.io.schema import key, known_column_keys

    known = known_column_keys()
    best, best_hits = book.index[0], 0
    for index in book.index[:look]:
        hits = sum(key(v) in known for v in book.loc[index] if isinstance(v, str))
        if hits > best_hits:
            best, best_hits = index, hits
    return best


# --- fingerprints -----------------------------------------------------------------------------


def column_names(spec: str | Path) -> list[str]:
    """The column names of a vector layer or table, as a person would map them (``--map``)."""
    path, layer = split_layer(spec)
    if is_table(path):
        return [c for c in read_table(spec, "input", warn=False).columns if not str(c).startswith("_")]
    if path.suffix.lower() == ".zip":
        frame = read_vector(spec, "input", place=False)
        return [c for c in frame.columns if c != frame.geometry.name and c != ROW]
    return list(pyogrio.read_info(path, layer=layer)["fields"])


def file_fingerprints(spec: str | Path) -> list[dict]:
    """Path, size and sha256 of an input and, for a shapefile, of each of its parts; for a
    workbook also the sheet read."""
    path, layer = split_layer(spec)
    paths = [path]
    if path.suffix.lower() == ".shp":
        paths = [p for p in (shapefile_part(path, s) for s in SHAPEFILE_PARTS) if p.exists()]
    sheet = {"sheet": workbook_sheet(path, layer)} if path.is_file() and is_workbook(path) else {}
    return [
        {"path": str(p), "bytes": p.stat().st_size, "sha256": sha256(p),
         "modified": dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC).isoformat(timespec="seconds"), **sheet}
        for p in paths if p.is_file()
    ]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
