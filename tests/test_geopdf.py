"""Maps in PDF are georeferenced: GDAL reads each map page back as a raster with the map's CRS
and a geotransform that puts the frame's corners where they are on the page.

The expected page position of a frame comes from the layout (millimetres on the sheet), its
ground corners from the sheet's extent; GDAL (``gdalinfo -json``, the same library QGIS opens
PDFs with) does the reading. The ISO 32000 dictionary itself is checked without GDAL too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import matplotlib
import pytest
from matplotlib.figure import Figure
from pyproj import CRS, Transformer

from concession_gis.export.dossier import write_dossier
from concession_gis.export.geopdf import GeoPdfPages, register_frame
from concession_gis.export.layout import make_page, regional_layout
from concession_gis.export.maps import write_map
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs
from tests.test_compare import NEW_CLAIMS, NEW_REGS, OLD_CLAIMS, OLD_REGS, write_snapshot

matplotlib.use("agg")
DPI = 150  # GDAL's PDF driver rasterises at 150 dpi unless told otherwise
MM_PER_INCH = 25.4


def gdal_info(path, page: int | None = None) -> dict:
    gdalinfo = shutil.which("gdalinfo")
    if gdalinfo is None:
        pytest.skip("gdalinfo (GDAL) is not installed")
    name = f"PDF:{page}:{path}" if page else str(path)
    done = subprocess.run([gdalinfo, "-json", name], capture_output=True, text=True, check=False)
    if done.returncode != 0 and "not recognized" in done.stderr:
        pytest.skip("this GDAL has no PDF reader")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def pixel_of(info: dict, x: float, y: float) -> tuple[float, float]:
    """The page pixel of map point (x, y) under GDAL's (north-up) geotransform."""
    x0, dx, _, y0, _, dy = info["geoTransform"]
    return (x - x0) / dx, (y - y0) / dy


@pytest.fixture(scope="module")
def spanish():
    return analyze(bundled_inputs(), lang="es")


def test_regional_map_reads_back_with_its_crs_and_frame_within_a_pixel(spanish, tmp_path):
    sheet = write_map(spanish, tmp_path / "regional.pdf", lang="es")
    info = gdal_info(tmp_path / "regional.pdf")
    assert "UTM zone 19S" in info["coordinateSystem"]["wkt"]
    page = make_page("A4", "landscape")
    box = regional_layout(page)["map"]
    e = sheet.frame.extent
    # upper left and lower right corners of the frame, in page pixels at 150 dpi from the top left
    expected = [((box.x) / MM_PER_INCH * DPI, (page.height_mm - box.top) / MM_PER_INCH * DPI),
                ((box.right) / MM_PER_INCH * DPI, (page.height_mm - box.y) / MM_PER_INCH * DPI)]
    for (x, y), (px, py) in zip([(e.xmin, e.ymax), (e.xmax, e.ymin)], expected, strict=True):
        got = pixel_of(info, x, y)
        assert abs(got[0] - px) < 1 and abs(got[1] - py) < 1, (got, (px, py))
    assert info["size"] == [round(page.width_mm / MM_PER_INCH * DPI), round(page.height_mm / MM_PER_INCH * DPI)]


def test_case_page_and_dossier_map_page_are_georeferenced(spanish, tmp_path):
    write_map(spanish, tmp_path / "case.pdf", case="010000198", lang="es")
    report = write_dossier(spanish, "010000198", tmp_path / "dossier.pdf", lang="es")
    for info in (gdal_info(tmp_path / "case.pdf", 1), gdal_info(tmp_path / "dossier.pdf", 1)):
        assert "UTM zone 19S" in info["coordinateSystem"]["wkt"] and "geoTransform" in info
        _, dx, rx, _, ry, dy = info["geoTransform"]
        assert rx == ry == 0 and dx > 0 and abs(dx + dy) < 1e-3 * dx  # north up, square pixels
    assert report.pages > 1
    assert "geoTransform" not in gdal_info(tmp_path / "dossier.pdf", 2)  # text pages carry no map


def test_change_map_is_georeferenced(tmp_path, capsys):
    from concession_gis.cli import main

    old = write_snapshot(tmp_path / "old.gpkg", OLD_CLAIMS, OLD_REGS)
    new = write_snapshot(tmp_path / "new.gpkg", NEW_CLAIMS, NEW_REGS)
    assert main(["compare", str(old), str(new), "--out", str(tmp_path / "changes"), "--lang", "en", "--quiet"]) == 0
    info = gdal_info(tmp_path / "changes" / "change_map.pdf")
    assert "UTM" in info["coordinateSystem"]["wkt"] and "geoTransform" in info


def hand_made_page(tmp_path, crs: CRS, limits):
    """One A4 page with one frame at 20 mm, 30 mm, 150 x 100 mm showing ``limits`` in ``crs``."""
    fig = Figure(figsize=(210 / MM_PER_INCH, 297 / MM_PER_INCH))
    ax = fig.add_axes((20 / 210, 30 / 297, 150 / 210, 100 / 297))
    (x0, y0, x1, y1) = limits
    ax.plot([x0, x1], [y0, y1])
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    register_frame(ax, crs)
    path = tmp_path / "hand.pdf"
    with GeoPdfPages(path, {"Creator": "test"}) as pdf:
        pdf.savefig(fig)
    return path


def test_viewport_dictionary_gives_the_corners_in_latitude_longitude(tmp_path):
    crs = CRS.from_epsg(32718)
    path = hand_made_page(tmp_path, crs, (500_000, 8_600_000, 530_000, 8_620_000))
    data = path.read_bytes()
    mm = 72 / 25.4
    bbox = [float(v) for v in re.search(rb"/BBox \[ ([^\]]+) \]", data).group(1).split()]
    assert bbox == pytest.approx([20 * mm, 30 * mm, 170 * mm, 130 * mm], abs=0.01)
    gpts = [float(v) for v in re.search(rb"/GPTS \[ ([^\]]+) \]", data).group(1).split()]
    lpts = [float(v) for v in re.search(rb"/LPTS \[ ([^\]]+) \]", data).group(1).split()]
    to_ll = Transformer.from_crs(32718, 4326, always_xy=True)
    for (u, v), (lat, lon) in zip(zip(lpts[::2], lpts[1::2], strict=True), zip(gpts[::2], gpts[1::2], strict=True), strict=True):
        elon, elat = to_ll.transform(500_000 + u * 30_000, 8_600_000 + v * 20_000)
        assert (lat, lon) == pytest.approx((elat, elon), abs=1e-9)
    assert b"/EPSG 32718" in data and b"/Type /PROJCS" in data
    assert data.count(b"%%EOF") == 1 and data.count(b"/Type /Page ") == 1  # one revision, one page
    # every cross-reference entry still points at its object, and startxref at the table
    xref = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[xref:xref + 4] == b"xref"
    entries = re.findall(rb"(\d{10}) 00000 n", data[xref:])
    for number, offset in enumerate(entries, start=1):
        assert re.match(rb"%d 0 obj" % number, data[int(offset):]), number


def test_transverse_mercator_without_epsg_code_reads_back(tmp_path):
    crs = CRS.from_proj4("+proj=tmerc +lat_0=0 +lon_0=-72.5 +k=0.9996 +x_0=500000 +y_0=10000000 +datum=WGS84 +units=m")
    path = hand_made_page(tmp_path, crs, (400_000, 8_500_000, 700_000, 8_700_000))
    info = gdal_info(path)
    assert "Transverse_Mercator" in info["coordinateSystem"]["wkt"] or "Transverse Mercator" in info["coordinateSystem"]["wkt"]
    ul = pixel_of(info, 400_000, 8_700_000)
    assert ul == pytest.approx((20 / MM_PER_INCH * DPI, (297 - 130) / MM_PER_INCH * DPI), abs=1)
    lr = pixel_of(info, 700_000, 8_500_000)
    assert lr == pytest.approx((170 / MM_PER_INCH * DPI, (297 - 30) / MM_PER_INCH * DPI), abs=1)


def test_gdal_translates_the_map_page_to_a_georeferenced_geotiff(tmp_path):
    translate = shutil.which("gdal_translate")
    if translate is None:
        pytest.skip("gdal_translate (GDAL) is not installed")
    path = hand_made_page(tmp_path, CRS.from_epsg(32719), (300_000, 8_500_000, 330_000, 8_520_000))
    tif = tmp_path / "page.tif"
    subprocess.run([translate, "-q", "--config", "GDAL_PDF_DPI", "50", str(path), str(tif)], check=True)
    info = gdal_info(tif)
    assert "UTM zone 19S" in info["coordinateSystem"]["wkt"]
    x0, dx, _, y0, _, dy = info["geoTransform"]
    # 30 km over 150 mm of paper at 50 dpi
    assert dx == pytest.approx(30_000 / (150 / MM_PER_INCH * 50), rel=1e-3)


def test_svg_words_are_text_elements_not_glyph_outlines(spanish, tmp_path):
    import xml.etree.ElementTree as ET

    write_map(spanish, tmp_path / "case.svg", case="010000198", lang="es")
    root = ET.parse(tmp_path / "case.svg").getroot()
    texts = [" ".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("010000198" in t for t in texts) and any("DATOS SINTÉTICOS" in t for t in texts)
    # matplotlib's outlined text defines each glyph as a path named after the font
    assert not [e for e in root.iter("{http://www.w3.org/2000/svg}path") if "DejaVuSans" in (e.get("id") or "")]


def test_a_page_is_found_where_the_cross_reference_table_is_wrong(tmp_path):
    from concession_gis.export.geopdf import _object_span, _page_objects
    from concession_gis.export.pdf_merge import object_offsets

    data = hand_made_page(tmp_path, CRS.from_epsg(32718), (500_000, 8_600_000, 530_000, 8_620_000)).read_bytes()
    offsets = object_offsets(data)
    page = _page_objects(data)[0]
    start, end = _object_span(data, page, offsets)
    assert data[offsets[page]:start].startswith(b"%d 0 obj" % page) and b"/Type /Page" in data[start:end]
    assert _object_span(data, page, [offset + 7 for offset in offsets]) == (start, end)  # offsets off
    assert _object_span(data, page, offsets[:page]) == (start, end)  # a table too short
