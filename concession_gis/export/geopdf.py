"""Georeferenced PDF: each map frame on a page tells GIS software where it lies on the ground.

ISO 32000-2 (and Adobe's extension to PDF 1.7) lets a page carry viewports (``/VP``), each a
rectangle of the page with a geospatial measure: the ground coordinates of its corners
(``/GPTS``, latitude and longitude), where they are in the rectangle (``/LPTS``) and the
coordinate system (``/GCS``, WKT and EPSG code). GDAL's PDF driver, and through it QGIS, opens
such a page as a raster placed on the map; Acrobat and Avenza read coordinates off it.

matplotlib writes no viewports, so the frames drawn (:func:`register_frame`) are added after the
file is written (:func:`georeference_pdf`): ``/VP`` goes into the dictionary of each page that
carries a map, and the cross-reference table's offsets move to match, so the file stays one
revision. Everything else is left as matplotlib wrote it (fonts stay TrueType).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from pyproj import CRS
from pyproj.enums import WktVersion

from concession_gis.export.mapframe import to_lonlat
from concession_gis.export.pdf_merge import cross_references, object_offsets
from concession_gis.export.typography import plain_letters

POINTS_PER_INCH = 72.0
# Map frames drawn on each figure, read when the figure is saved (the axes' limits then are final).
_FRAMES: WeakKeyDictionary[Figure, list[tuple[Axes, CRS]]] = WeakKeyDictionary()


@dataclass(frozen=True)
class Viewport:
    """One map frame of a page: where it is on the page (PDF points from the lower left corner)
    and what it shows (map coordinates of its edges, in ``crs``)."""

    bbox_pt: tuple[float, float, float, float]
    bounds: tuple[float, float, float, float]
    crs: CRS


def register_frame(ax: Axes, crs: CRS) -> None:
    """Mark ``ax`` as a map frame in ``crs``: a PDF of its figure will place it on the ground."""
    figure = ax.get_figure(root=True)
    if isinstance(figure, Figure):
        _FRAMES.setdefault(figure, []).append((ax, crs))


def viewports(figure: Figure) -> list[Viewport]:
    """The map frames registered on ``figure``, where they are once it has been drawn."""
    width_pt, height_pt = (v * POINTS_PER_INCH for v in figure.get_size_inches())
    found = []
    for ax, crs in _FRAMES.get(figure, []):
        box = ax.get_position()
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        found.append(Viewport((box.x0 * width_pt, box.y0 * height_pt, box.x1 * width_pt, box.y1 * height_pt),
                              (x0, y0, x1, y1), crs))
    return found


class GeoPdfPages:
    """matplotlib's ``PdfPages``, whose map frames are placed on the ground when it closes."""

    def __init__(self, path: str | Path, metadata: dict[str, str]):
        self.path = Path(path)
        self._pdf = PdfPages(self.path, metadata=metadata)
        self._pages: list[list[Viewport]] = []

    def savefig(self, figure: Figure) -> None:
        plain_letters(figure)
        self._pdf.savefig(figure)
        self._pages.append(viewports(figure))  # after saving: the frames' limits are final

    def __enter__(self) -> GeoPdfPages:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self._pdf.close()
        if kind is None:
            georeference_pdf(self.path, self._pages)


def georeference_pdf(path: str | Path, page_viewports: Sequence[list[Viewport]]) -> int:
    """Add ``page_viewports[i]`` to page ``i`` of ``path`` (as matplotlib wrote it); the number
    of pages changed."""
    pages = {i: found for i, found in enumerate(page_viewports) if found}
    if not pages:
        return 0
    path = Path(path)
    data = path.read_bytes()
    objects = _page_objects(data)
    offsets = object_offsets(data)
    edits = []
    for i, found in sorted(pages.items()):
        start, end = _object_span(data, objects[i], offsets)
        body = data[start:end].rstrip()
        vp = b" /VP [ " + b" ".join(_viewport_dict(v) for v in found) + b" ]"
        cut = body.rindex(b">>")
        edits.append((start + cut, start + cut, vp))
    path.write_bytes(_spliced(data, edits))
    return len(edits)


def _viewport_dict(viewport: Viewport) -> bytes:
    x0, y0, x1, y1 = viewport.bounds
    corners_x, corners_y = [x0, x0, x1, x1], [y0, y1, y1, y0]  # in /LPTS order below
    lon, lat = to_lonlat(viewport.crs).transform(corners_x, corners_y)
    gpts = " ".join(f"{la:.10f} {lo:.10f}" for la, lo in zip(lat, lon, strict=True))
    epsg = viewport.crs.to_epsg()
    kind = "GEOGCS" if viewport.crs.is_geographic else "PROJCS"
    wkt = viewport.crs.to_wkt(WktVersion.WKT1_GDAL) or viewport.crs.to_wkt()
    gcs = f"<< /Type /{kind} /WKT {_pdf_string(wkt)}{f' /EPSG {epsg}' if epsg else ''} >>"
    bbox = " ".join(f"{v:.4f}" for v in viewport.bbox_pt)
    return (f"<< /Type /Viewport /Name (Map) /BBox [ {bbox} ] /Measure << /Type /Measure /Subtype /GEO "
            f"/Bounds [ 0 0 0 1 1 1 1 0 ] /LPTS [ 0 0 0 1 1 1 1 0 ] /GPTS [ {gpts} ] /GCS {gcs} "
            f"/PDU [ /M /SQM /DEG ] >> >>").encode("latin-1")


def _pdf_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped.encode('ascii', 'replace').decode('ascii')})"


def _page_objects(data: bytes) -> list[int]:
    """Object numbers of the pages, in order (the single ``/Pages`` node matplotlib writes)."""
    kids = re.search(rb"/Type\s*/Pages\b[^>]*?/Kids\s*\[([^\]]*)\]", data)
    if kids is None:
        raise ValueError("no page tree found")
    return [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", kids.group(1))]


def _object_span(data: bytes, number: int, offsets: list[int]) -> tuple[int, int]:
    """Where the dictionary of object ``number`` starts and ends in ``data``, found at its offset
    in the cross-reference table (``offsets``, :func:`~.pdf_merge.object_offsets`); searched for in the
    whole file only where the table is wrong (a search per page took 0.26 s of a 26-page atlas)."""
    header = rb"%d\s+0\s+obj\b" % number
    found = re.compile(header).match(data, offsets[number]) if 0 < number < len(offsets) else None
    if found is None:
        found = re.search(rb"(?<![0-9])" + header, data)
    if found is None:
        raise ValueError(f"object {number} not found")
    return found.end(), data.index(b"endobj", found.end())


def _spliced(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each ``(start, end, text)`` of ``edits`` (in file order, none inside the
    cross-reference table) put in place of its bytes, the cross-reference table's offsets and
    ``startxref`` moved to match: one revision, as if the file had been written so (matplotlib
    writes one classic table, ``xref`` / ``0 N`` / N entries of 20 bytes)."""
    xref, header = cross_references(data)

    def moved(offset: int) -> int:
        return offset + sum(len(text) - (end - start) for start, end, text in edits if end <= offset)

    table = xref + header.end()
    entries = []
    for k in range(int(header.group(1))):
        entry = data[table + 20 * k:table + 20 * k + 20]
        if entry[17:18] == b"n":
            entry = b"%010d" % moved(int(entry[:10])) + entry[10:]
        entries.append(entry)
    out, position = bytearray(), 0
    for start, end, text in edits:
        out += data[position:start] + text
        position = end
    out += data[position:xref]
    new_xref = len(out)
    out += header.group(0) + b"".join(entries)
    rest = data[table + 20 * len(entries):]
    out += re.sub(rb"startxref\s+\d+", b"startxref\n%d" % new_xref, rest, count=1)
    return bytes(out)
