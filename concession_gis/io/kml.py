"""KML and KMZ layers: GDAL reads the geometries, and the attributes where its driver can.

Google Earth and ArcGIS ("Layer to KML") keep a claim's fields in ``<ExtendedData>``: typed,
``<SchemaData schemaUrl="#id"><SimpleData name="CODIGOU">`` under a ``<Schema>``, or untyped,
``<Data name="CODIGOU"><value>``. GDAL leaves them out in three cases seen with real files:
its LIBKML driver opening a ``.kmz`` finds no ``<Schema>`` for the SchemaData (the same document
unzipped reads whole); a ``schemaUrl`` naming the schema by its ``name`` rather than its ``id``;
and GDAL builds without LIBKML, whose KML driver reads only ``Name`` and ``Description``
(https://github.com/OSGeo/gdal/issues/14698). Each gave a layer of claims without a code.

So a ``.kmz`` is opened through its main KML (:func:`kml_dataset`: the KML driver cannot open a
KMZ), and the fields GDAL left out are read from the XML with the standard library and joined to
GDAL's features by their order in the layer, checked by count and by each placemark's ``<name>``
(:func:`with_extended_data`). Where they cannot be joined so, the file is refused with words,
never read without them.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import iterparse

import pandas as pd

from concession_gis.errors import InputError

KML_SUFFIXES = (".kml", ".kmz")
_CONTAINERS = {"Document", "Folder"}


def kml_dataset(path: Path) -> str:
    """What GDAL opens for a KML (the file) or a KMZ (its main KML, by ``/vsizip/``)."""
    if path.suffix.lower() != ".kmz":
        return str(path)
    return f"/vsizip/{path.resolve().as_posix()}/{_main_kml(path)}"


def _main_kml(path: Path) -> str:
    """The KML of a KMZ that Google Earth shows: ``doc.kml``, else the first ``.kml`` at its root,
    else the first anywhere."""
    if not zipfile.is_zipfile(path):  # a portal's error page saved under the name asked for
        raise InputError(key="error.not_a_zip", path=str(path))
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
    if not names:
        raise InputError(key="error.zip_without_layers", path=str(path))
    at_root = [n for n in names if "/" not in n.strip("/")]
    return next((n for n in names if n.lower() == "doc.kml"), (at_root or names)[0])


@dataclass
class _Container:
    name: str | None = None


@dataclass
class _Placemark:
    container: _Container
    name: str | None = None
    fields: dict[str, str | None] = field(default_factory=dict)


def with_extended_data(frame: pd.DataFrame, path: Path, layer: str | None, max_features: int | None = None,
                       columns: list[str] | None = None) -> pd.DataFrame:
    """``frame`` (GDAL's reading of the KML layer ``layer`` of ``path``; None: its only layer)
    with the ExtendedData fields GDAL left out, as text (codes keep their leading zeros).

    ``max_features`` and ``columns`` as the frame was read with them. Refused with
    ``error.kml_fields_unmatched`` when its placemarks do not line up with GDAL's features.
    """
    if columns == []:
        return frame
    placemarks, names = _read_placemarks(path)
    missing = [n for n in names if n not in frame.columns and (columns is None or n in columns)]
    if not missing:
        return frame
    if layer is not None:
        placemarks = [p for p in placemarks if p.container.name == layer]
    if max_features is not None:
        placemarks = placemarks[:max_features]
    if not _line_up(frame, placemarks):
        raise InputError(key="error.kml_fields_unmatched", path=str(path), fields=", ".join(missing[:6]),
                         n=len(frame), placemarks=len(placemarks))
    frame = frame.copy()
    for name in missing:
        frame[name] = pd.Series([p.fields.get(name) for p in placemarks], index=frame.index, dtype=object)
    return frame


def _line_up(frame: pd.DataFrame, placemarks: list[_Placemark]) -> bool:
    """Whether the placemarks are GDAL's features one for one: as many, and the same names."""
    if len(placemarks) != len(frame):
        return False
    if "Name" not in frame.columns:
        return True
    read = ["" if pd.isna(v) else str(v).strip() for v in frame["Name"]]
    return read == [(p.name or "").strip() for p in placemarks]


def _read_placemarks(path: Path) -> tuple[list[_Placemark], list[str]]:
    """Every placemark of the document in order, and the ExtendedData field names in the order
    first seen. Streamed: a national cadastre's KML is hundreds of megabytes. (XML that does not
    parse raises ``xml.etree.ElementTree.ParseError``; GDAL has refused such a file first.)"""
    with _open_kml(path) as handle:
        return _parse(handle)


@contextlib.contextmanager
def _open_kml(path: Path) -> Iterator[IO[bytes]]:
    if path.suffix.lower() != ".kmz":
        with open(path, "rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive, archive.open(_main_kml(path)) as member:
        yield member


def _parse(handle: IO[bytes]) -> tuple[list[_Placemark], list[str]]:
    placemarks: list[_Placemark] = []
    names: dict[str, None] = {}
    tags: list[str] = []
    containers = [_Container()]
    current: _Placemark | None = None
    for event, element in iterparse(handle, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            tags.append(tag)
            if tag in _CONTAINERS:
                containers.append(_Container())
            elif tag == "Placemark":
                current = _Placemark(containers[-1])
            continue
        tags.pop()
        parent = tags[-1] if tags else ""
        if tag == "name" and parent in _CONTAINERS:
            containers[-1].name = (element.text or "").strip()
        elif current is None:
            pass
        elif tag == "name" and parent == "Placemark":
            current.name = element.text
        elif tag in ("SimpleData", "Data") and element.get("name"):
            name = str(element.get("name"))
            text = element.text if tag == "SimpleData" else next(_values(element), None)
            current.fields[name] = text.strip() if text and text.strip() else None
            names[name] = None
        elif tag == "Placemark":
            placemarks.append(current)
            current = None
            element.clear()  # its fields are kept: the tree need not hold them all
        if tag in _CONTAINERS:
            containers.pop()
    return placemarks, list(names)


def _values(data) -> Iterator[str | None]:
    """The text of a ``<Data>``'s ``<value>``."""
    return (child.text for child in data if _local(child.tag) == "value")


def _local(tag: str) -> str:
    """A tag without its namespace (KML 2.2's, Google's 2.1, or none)."""
    return tag.rsplit("}", 1)[-1]
