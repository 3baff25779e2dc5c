"""Regional and case maps rendered from the bundled demo: page sizes, scale bar, legend, labels, loss.

Truth comes from outside the map code: page sizes from ISO 216 in points, distances from
pyproj.Geod on the WGS84 ellipsoid, the conflict types on the map from projecting the
registrations with pyproj and testing them against the drawn extent.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation, Text
from pyproj import Geod, Transformer

from concession_gis import basemap
from concession_gis.errors import InputError
from concession_gis.export.case_page import render_case
from concession_gis.export.mapframe import Extent
from concession_gis.export.maps import parse_bbox, render_regional, write_map
from concession_gis.i18n import tr
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs, sample_dir

MM_TO_PT = 72 / 25.4
A4, A3 = (210, 297), (297, 420)
LOSS_TIF = "hansen_lossyear_demo.tif"
GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def results():
    """The demo results, with the demo's Hansen raster listed as the run's loss input."""
    found = analyze(bundled_inputs(), lang="es")
    if not any(i["kind"] == "loss_raster" for i in found.summary["inputs"]):
        path = sample_dir() / LOSS_TIF
        found.summary["inputs"].append({"kind": "loss_raster", "path": str(path), "bytes": path.stat().st_size,
                                        "sha256": "0" * 64})
    return found


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page of a PDF, from its MediaBox entries."""
    data = path.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    return [(float(w), float(h)) for w, h in boxes]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def scale_bar_metres(label: str) -> float:
    number, unit = label.replace(",", ".").split()
    return float(number) * (1000 if unit == "km" else 1)


def visible_texts(fig) -> list[Text]:
    FigureCanvasAgg(fig)
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t.axes is not None]


def assert_no_text_overlaps(fig) -> None:
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in visible_texts(fig)]
    clashes = [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2)
               if box_a.x0 < box_b.x1 - 0.5 and box_b.x0 < box_a.x1 - 0.5
               and box_a.y0 < box_b.y1 - 0.5 and box_b.y0 < box_a.y1 - 0.5]
    assert not clashes, clashes[:5]


@pytest.mark.parametrize(("page", "orientation", "expected_mm"), [
    ("A4", "landscape", A4[::-1]), ("A4", "portrait", A4), ("A3", "landscape", A3[::-1]), ("A3", "portrait", A3),
])
def test_pdf_media_box_is_the_iso_page(results, tmp_path, page, orientation, expected_mm):
    out = tmp_path / "map.pdf"
    write_map(results, out, lang="es", page=page, orientation=orientation, dpi=40)
    (width, height), = pdf_pages(out)
    assert width == pytest.approx(expected_mm[0] * MM_TO_PT, abs=0.05)
    assert height == pytest.approx(expected_mm[1] * MM_TO_PT, abs=0.05)


def test_png_at_300_dpi_has_the_pixels_of_an_a4_sheet(results, tmp_path):
    out = tmp_path / "map.png"
    write_map(results, out, lang="en")
    # 297 mm at 300 dpi is 3507.87 pixels; matplotlib keeps whole pixels only.
    assert png_size(out) == (int(297 / 25.4 * 300), int(210 / 25.4 * 300))


def test_png_pixel_size_follows_the_dpi(results, tmp_path):
    out = tmp_path / "case.png"
    write_map(results, out, case="010000198", lang="es", dpi=72)
    assert png_size(out) == (int(210 / 25.4 * 72), int(297 / 25.4 * 72))


def test_svg_is_well_formed_and_page_sized(results, tmp_path):
    out = tmp_path / "map.svg"
    write_map(results, out, lang="en", page="A3", orientation="portrait", dpi=40)
    root = ET.parse(out).getroot()
    assert float(root.get("width").removesuffix("pt")) == pytest.approx(A3[0] * MM_TO_PT, abs=0.05)
    assert float(root.get("height").removesuffix("pt")) == pytest.approx(A3[1] * MM_TO_PT, abs=0.05)


def bar_ground_length(frame) -> float:
    to_lonlat = Transformer.from_crs(frame.crs, "EPSG:4326", always_xy=True)
    (lon0, lon1), (lat0, lat1) = to_lonlat.transform(
        [frame.scale_bar.start[0], frame.scale_bar.end[0]], [frame.scale_bar.start[1], frame.scale_bar.end[1]])
    return GEOD.inv(lon0, lat0, lon1, lat1)[2]


@pytest.mark.parametrize("bbox", [None, "-70.45,-13.2,-70.3,-13.1", "-82,-18.5,-68.5,-0.5"])
def test_scale_bar_is_true_on_the_ground(results, bbox):
    sheet = render_regional(results, bbox=parse_bbox(bbox), lang="es", dpi=40)
    frame = sheet.frame
    stated = scale_bar_metres(frame.scale_bar.label)
    assert stated == frame.scale_bar.length_m
    assert bar_ground_length(frame) == pytest.approx(stated, rel=0.01)
    assert bar_ground_length(frame) == pytest.approx(stated, rel=1e-4)  # in fact far better than 1%


def test_a_national_extent_is_drawn_in_a_centred_transverse_mercator(results):
    frame = render_regional(results, bbox=(-82.0, -18.5, -68.5, -0.5), lang="en", dpi=40).frame
    assert frame.crs.to_epsg() is None  # Peru spans three UTM zones: no single zone fits
    assert frame.crs.to_dict()["lon_0"] == pytest.approx(-75.25)


def test_case_scale_bar_is_true_on_the_ground(results):
    frame = render_case(results, "010011398", lang="en", dpi=40).frame
    assert bar_ground_length(frame) == pytest.approx(scale_bar_metres(frame.scale_bar.label), rel=0.01)


def conflict_types_inside(results, frame) -> dict[str, int]:
    """Conflict types of the registrations inside the drawn extent, computed with pyproj directly."""
    reg = results.registrations
    x, y = Transformer.from_crs("EPSG:4326", frame.crs, always_xy=True).transform(reg.geometry.x, reg.geometry.y)
    e = frame.extent
    inside = (x >= e.xmin) & (x <= e.xmax) & (y >= e.ymin) & (y <= e.ymax)
    return reg.loc[np.asarray(inside), "conflict_type"].value_counts().to_dict()


@pytest.mark.parametrize("bbox", [None, "-70.46,-13.19,-70.36,-13.12", "-70.30,-13.0,-70.10,-12.9"])
def test_legend_lists_exactly_the_conflict_types_on_the_map(results, bbox):
    frame = render_regional(results, bbox=parse_bbox(bbox), lang="es", dpi=40).frame
    expected = conflict_types_inside(results, frame)
    legend = {e.key: e.count for e in frame.legend if e.layer == "registrations"}
    assert legend == expected
    assert all(e.label == tr(f"conflict_type.{e.key}", "es") for e in frame.legend if e.layer == "registrations")


def test_the_full_demo_map_shows_every_conflict_type(results):
    frame = render_regional(results, lang="en", dpi=40).frame
    assert {e.key for e in frame.legend if e.layer == "registrations"} == set(results.registrations["conflict_type"])
    assert {e.key for e in frame.legend if e.layer == "concessions"} == set(results.concessions["legal_state"])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_word_on_the_sheet_is_translated(results, lang):
    for sheet in (render_regional(results, lang=lang, dpi=40), render_case(results, "010000198", lang=lang, dpi=40)):
        texts = [t.get_text() for t in visible_texts(sheet.figure)]
        untranslated = [t for t in texts if re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", t.strip())]
        assert not untranslated
        joined = "\n".join(texts)
        assert tr("map.legend.concessions", lang) in joined
        other = "en" if lang == "es" else "es"
        assert tr("map.legend.concessions", other) not in joined


def test_title_subtitle_sources_and_rules_are_on_the_regional_map(results):
    fig = render_regional(results, lang="en", dpi=40).figure
    joined = "\n".join(t.get_text() for t in visible_texts(fig))
    assert tr("map.title.regional", "en") in joined
    assert "Ayapata" in joined and "Inambari" in joined and "Laberinto" in joined
    concessions = next(i for i in results.summary["inputs"] if i["kind"] == "concessions")
    assert concessions["sha256"][:8] in joined and Path(concessions["path"]).name in joined
    # Whose data: the institution of each kind (rules.toml [sources]) beside its file.
    assert "Mining cadastre (INGEMMET)" in joined and "(SERNANP)" in joined
    idle = results.rules["idle"]
    assert f"titled {idle['min_years']} or more years ago" in joined
    assert "concession-gis" in joined


def test_the_sources_name_the_institutions_a_user_set():
    from concession_gis.export.sheet_text import source_lines

    summary = {"inputs": [{"kind": "concessions", "path": "/d/catastro_gore.shp", "sha256": "ab" * 32,
                           "modified": "2026-01-02"},
                          {"kind": "holders", "path": "/d/titulares.csv", "sha256": "cd" * 32, "modified": "2026-01-02"}],
               "rules": {"sources": {"concessions": "Gobierno Regional de Madre de Dios", "holders": ""}}}
    assert source_lines(summary, "es") == [
        "Catastro minero (Gobierno Regional de Madre de Dios): catastro_gore.shp (02/01/2026; sha256 abababab)",
        "Titulares: titulares.csv (02/01/2026; sha256 cdcdcdcd)"]  # days as Spanish writes them


def test_no_two_texts_overlap_on_the_regional_map_or_a_case_page(results):
    assert_no_text_overlaps(render_regional(results, lang="es", dpi=40).figure)
    assert_no_text_overlaps(render_regional(results, lang="en", orientation="portrait", dpi=40).figure)
    assert_no_text_overlaps(render_case(results, "010000198", lang="es", dpi=40).figure)
    assert_no_text_overlaps(render_case(results, "010045678", lang="en", orientation="landscape", dpi=40).figure)


@pytest.mark.parametrize(("page", "orientation", "lang"), [
    ("A4", "portrait", "es"), ("A4", "portrait", "en"), ("A4", "landscape", "es"), ("A3", "portrait", "es")])
def test_a_case_pages_notes_stay_above_its_page_number_however_many_sources(results, page, orientation, lang):
    """The notes (the run's sources, criteria, projection and dates) ran 5 mm past their box
    over "Página 3 de 22" on the sample's A4 atlas: their box now grows with the run's notes,
    and the table above gives up the room."""
    import copy

    from concession_gis.export.layout import case_layout, make_page

    many = copy.copy(results)
    many.summary = {**results.summary, "inputs": [*results.summary["inputs"], *[
        {"kind": "protected_areas", "path": f"/datos/anp_capa_adicional_{i}.gpkg", "sha256": f"{i}" * 64,
         "modified": "2026-01-02"} for i in range(4)]]}
    label = "Página 23 de 230"
    sheet = render_case(many, "010000198", lang=lang, page=page, orientation=orientation, dpi=30,
                        label_of=lambda i: label)
    fig = sheet.figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    mm_per_px = 25.4 / fig.dpi
    footer_top = case_layout(make_page(page, orientation))["footer"].top
    lowest = min((t.get_window_extent(renderer).y0 * mm_per_px, t.get_text()) for t in visible_texts(fig)
                 if t.get_text() != label)
    assert lowest[0] >= footer_top - 0.1, lowest
    assert_no_text_overlaps(fig)


def test_claim_labels_fit_inside_their_claims_and_not_over_each_other(results):
    frame = render_regional(results, lang="es", dpi=40).frame
    assert frame.labels, "the demo has claims large enough to be named at this scale"
    for a, b in combinations(frame.labels, 2):
        assert a.box_mm[2] <= b.box_mm[0] or b.box_mm[2] <= a.box_mm[0] or a.box_mm[3] <= b.box_mm[1] or b.box_mm[3] <= a.box_mm[1]
    names = set(results.concessions["name"])
    assert {label.text for label in frame.labels} - names <= set(results.restricted_areas["restricted_name"])


def test_loss_raster_is_drawn_by_year_from_a_decimated_read(results, monkeypatch):
    requested = []
    original = rasterio.io.DatasetReader.read

    def spy(self, *args, **kwargs):
        requested.append(kwargs.get("out_shape"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(rasterio.io.DatasetReader, "read", spy)
    frame = render_regional(results, lang="es", dpi=40).frame
    assert requested and all(shape is not None for shape in requested)
    with rasterio.open(sample_dir() / LOSS_TIF) as raster:
        assert all(h * w < raster.width * raster.height for h, w in requested)
        years = np.unique(raster.read(1))
    assert frame.loss is not None
    assert frame.loss.first_year >= 2000 + int(years[years > 0].min())
    assert frame.loss.last_year <= 2000 + int(years.max())
    assert [e.key for e in frame.legend if e.layer == "loss"] == [f"{frame.loss.first_year}-{frame.loss.last_year}"]


def test_a_missing_loss_raster_is_skipped_and_still_named(results):
    moved = results.summary["inputs"] + [{"kind": "loss_raster", "path": "/nowhere/hansen_gone.tif", "sha256": "ab" * 32}]
    missing = type(results)(**{**results.__dict__, "summary": {**results.summary, "inputs": [
        i for i in moved if not str(i["path"]).endswith(LOSS_TIF)]}})
    sheet = render_regional(missing, lang="en", dpi=40)
    assert sheet.frame.loss is None
    assert not [e for e in sheet.frame.legend if e.layer == "loss"]
    assert "hansen_gone.tif" in "\n".join(t.get_text() for t in visible_texts(sheet.figure))


def without_loss(results):
    """The same results as if no loss raster had been given."""
    concessions = results.concessions.drop(columns=["loss_ha", "loss_since_filed_ha"], errors="ignore")
    inputs = [i for i in results.summary["inputs"] if i["kind"] != "loss_raster"]
    return type(results)(**{**results.__dict__, "concessions": concessions,
                            "loss_by_year": results.loss_by_year.iloc[:0],
                            "summary": {**results.summary, "inputs": inputs}})


def test_case_page_shows_the_claim_its_miners_and_says_when_there_is_no_loss(results):
    sheet = render_case(without_loss(results), "010000198", lang="es", dpi=40)
    texts = "\n".join(t.get_text() for t in visible_texts(sheet.figure))
    assert "010000198" in texts and "ANDINA I" in texts
    hosted = results.registrations.loc[results.registrations["host_code"] == "010000198"]
    assert all(miner[:12] in texts for miner in hosted["miner"])  # long names are cut with an ellipsis
    assert tr("case.no_loss", "es") in " ".join(texts.split())  # the message is wrapped to its box
    assert [e.key for e in sheet.frame.legend if e.layer == "focus"] == ["focus"]
    assert sheet.frame.loss is None


def test_case_page_draws_one_bar_per_year_of_loss(results):
    with_loss = type(results)(**{**results.__dict__, "loss_by_year": pd.DataFrame({
        "code": ["010000198"] * 3 + ["010000245"], "year": [2005, 2012, 2019, 2019],
        "loss_ha": [1.5, 0.0, 4.0, 9.0], "source": "demo"})})
    fig = render_case(with_loss, "010000198", lang="en", dpi=40).figure
    chart = next(ax for ax in fig.axes if ax.get_title(loc="left") == tr("case.loss_chart", "en"))
    heights = sorted(round(p.get_height(), 3) for p in chart.patches)
    assert heights == [0.0, 1.5, 4.0]


def test_bad_requests_say_what_to_do(results, tmp_path):
    with pytest.raises(InputError, match="no concession with that code"):
        render_case(results, "999999999", lang="es")
    with pytest.raises(InputError, match="four numbers"):
        parse_bbox("-70,-13,-69")
    with pytest.raises(InputError, match="minx < maxx"):
        parse_bbox("-69,-13,-70,-12")
    with pytest.raises(InputError, match=r"\.pdf, \.png, \.svg"):
        write_map(results, tmp_path / "map.jpg")
    with pytest.raises(InputError, match="page size"):
        render_regional(results, page="Letter")


def test_grid_labels_are_degrees_and_minutes_in_the_sheet_language(results):
    fig = render_regional(results, lang="es", dpi=40).figure
    grid = [t.get_text() for t in fig.findobj(Annotation)]
    assert grid and all(re.fullmatch(r"\d+°(\d\d′)?[OS]", text) for text in grid)


def test_the_map_outlines_the_unexplained_fronts_with_one_legend_entry(results):
    frame = render_regional(results, lang="en", dpi=40).frame
    fronts = results.loss_fronts
    unexplained = fronts["front_type"].isin(["in_prohibited_area", "outside_claims", "unregistered_on_claim"])
    legend = [(e.label, e.count) for e in frame.legend if e.layer == "fronts"]
    assert legend == [(tr("map.legend.loss_fronts", "en"), int(unexplained.sum()))]


def test_a_map_projects_only_the_fronts_it_draws(results):
    """The fronts registers explain are never drawn, so never projected; the subset is the same
    frame while the layer lives (an atlas's pages find its outlines projected already)."""
    from concession_gis.export.near_features import printed_fronts

    fronts = results.loss_fronts
    picked = printed_fronts(fronts)
    expected = fronts["front_type"].isin(["in_prohibited_area", "outside_claims", "unregistered_on_claim"])
    assert 0 < len(picked) < len(fronts)
    assert picked.index.tolist() == fronts.index[expected].tolist()
    assert printed_fronts(fronts) is picked and printed_fronts(picked) is picked


def test_prints_read_only_the_fronts_they_draw_and_draw_the_same(results, tmp_path):
    """A results.gpkg read for prints keeps of the fronts those no register explains, with their
    type only and their outlines left in the file; a map reads those in its frame, the same
    outlines in the same order as from everything, and the map drawn is the same."""
    from pyproj import CRS

    from concession_gis.export.near_features import in_extent
    from concession_gis.export.on_disk import ON_DISK
    from concession_gis.export.results import NOT_PRINTED, read_results, write_results

    write_results(results, tmp_path)
    whole = read_results(tmp_path / "results.gpkg")
    printed = read_results(tmp_path / "results.gpkg", for_prints=True)
    unexplained = whole.loss_fronts["front_type"].isin(["in_prohibited_area", "outside_claims", "unregistered_on_claim"])
    assert 0 < unexplained.sum() < len(whole.loss_fronts)
    assert list(printed.loss_fronts.columns) == ["front_type", "geometry"]
    assert printed.loss_fronts.geometry.isna().all() and ON_DISK in printed.loss_fronts.attrs
    assert printed.loss_fronts["front_type"].tolist() == whole.loss_fronts.loc[unexplained, "front_type"].tolist()
    # Any frame: the features in it, read from the file, are those of the layer read whole.
    crs = CRS.from_epsg(32719)
    west, south, east, north = whole.loss_fronts.loc[unexplained].geometry.iloc[0].bounds
    for lonlat in [tuple(whole.loss_fronts.total_bounds), (west - 0.01, south - 0.01, east + 0.01, north + 0.01)]:
        box = Extent(*gpd.GeoSeries([shapely.box(*lonlat)], crs=4326).to_crs(crs).total_bounds)
        ours = in_extent(printed.loss_fronts, crs, lonlat, (box.xmin, box.ymin, box.xmax, box.ymax))
        theirs = in_extent(whole.loss_fronts.loc[unexplained], crs, lonlat, (box.xmin, box.ymin, box.xmax, box.ymax))
        assert ours.geometry.to_wkb().tolist() == theirs.geometry.to_wkb().tolist()
    assert all(getattr(printed, name).empty for name in NOT_PRINTED)
    a, b = (render_regional(r, lang="es", dpi=40).frame for r in (whole, printed))
    assert [(e.layer, e.label, e.count) for e in a.legend] == [(e.layer, e.label, e.count) for e in b.legend]


def test_prints_refuse_a_results_file_replaced_under_them(results, tmp_path):
    """Outlines read when a map needs them come from the file that was read, or none."""
    from concession_gis.export.results import read_results, write_results

    write_results(results, tmp_path)
    printed = read_results(tmp_path / "results.gpkg", for_prints=True)
    (tmp_path / "results.gpkg").write_bytes((tmp_path / "results.gpkg").read_bytes() + b"\0")
    with pytest.raises(InputError) as raised:
        render_regional(printed, lang="en", dpi=40)
    assert raised.value.key == "error.results_changed"


# Around Puerto Maldonado: the Madre de Dios river, the town and the Bolivian border are in the frame.
WIDE_BBOX = (-71.5, -13.6, -68.5, -11.8)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_base_map_is_drawn_named_in_the_legend_and_in_the_sources(results, lang):
    sheet = render_regional(results, bbox=WIDE_BBOX, lang=lang, dpi=40)
    assert {"rivers", "towns", "borders", "department_borders"} <= set(sheet.frame.basemap)
    row = [e for e in sheet.frame.legend if e.layer == "basemap"]
    assert len(row) == 1 and row[0].label.startswith(tr("map.legend.basemap", lang, parts=""))
    assert row[0].label == {  # Cusco / Madre de Dios is in the frame; the administrative borders one phrase
        "es": "Mapa base: ríos, poblados y frontera; límites de departamento y provincia",
        "en": "Base map: rivers, towns and border; department and province borders"}[lang]
    joined = "\n".join(t.get_text() for t in visible_texts(sheet.figure))
    assert "Puerto Maldonado" in joined and "Natural Earth" in joined
    assert_no_text_overlaps(sheet.figure)


def test_natural_earth_is_credited_only_where_a_layer_of_theirs_is_drawn(results):
    """The demo's own few kilometres hold no river, town or department border of Natural Earth,
    only INEI's district and province borders and, at this scale, its department border
    (Madre de Dios): the sources credit INEI alone; the legend names the department border."""
    sheet = render_regional(results, lang="es", dpi=40)
    assert set(sheet.frame.basemap) == {"district_borders", "province_borders", basemap.INEI_DEPARTMENT_BORDERS}
    row = [e for e in sheet.frame.legend if e.layer == "basemap"]
    assert row[0].label == "Mapa base: límites de departamento, provincia y distrito"  # one phrase, in the legend's width
    joined = "\n".join(t.get_text() for t in visible_texts(sheet.figure))
    assert row[0].label in joined.splitlines()  # drawn whole, not cut short with an ellipsis
    assert "Natural Earth" not in joined and "INEI, 2007" in joined


def test_the_base_map_is_absent_where_it_has_nothing_and_then_not_in_legend_or_sources(results):
    sheet = render_regional(results, bbox=(-79.9, -13.9, -79.6, -13.6), lang="es", dpi=40)  # the Pacific off Ica
    assert not sheet.frame.basemap
    assert not [e for e in sheet.frame.legend if e.layer == "basemap"]
    joined = "\n".join(t.get_text() for t in visible_texts(sheet.figure))
    assert "Natural Earth" not in joined and "INEI, 2007" not in joined


# About 60 km across, between Mazuko and Laberinto: districts of Tambopata and Manu.
NARROW_BBOX = (-70.6, -13.3, -70.05, -12.85)
PERU_BBOX = (-81.4, -18.4, -68.6, 0.0)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_narrow_map_draws_district_borders_and_credits_inei(results, lang):
    sheet = render_regional(results, bbox=NARROW_BBOX, lang=lang, dpi=40)
    width_km = GEOD.inv(NARROW_BBOX[0], -13.0, NARROW_BBOX[2], -13.0)[2] / 1000
    assert width_km < 80 and sheet.frame.basemap["district_borders"] > 0
    row = [e for e in sheet.frame.legend if e.layer == "basemap"]
    assert len(row) == 1 and tr("map.legend.basemap_level.district", lang) in row[0].label
    joined = "\n".join(t.get_text() for t in visible_texts(sheet.figure))
    assert "INEI, 2007" in joined
    if lang == "es":  # the Spanish map says it in Spanish
        assert row[0].label == "Mapa base: límites de departamento, provincia y distrito"
        assert not re.search(r"\b(border|borders|district|province|base map)\b", joined, re.IGNORECASE)


def test_a_national_map_draws_no_province_or_district_borders(results):
    sheet = render_regional(results, bbox=PERU_BBOX, lang="es", dpi=40)
    assert sheet.frame.basemap["department_borders"] > 0
    assert "district_borders" not in sheet.frame.basemap and "province_borders" not in sheet.frame.basemap
    assert "INEI, 2007" not in "\n".join(t.get_text() for t in visible_texts(sheet.figure))


def test_town_names_never_cover_a_registration(results):
    """A registration placed on Puerto Maldonado's dot: the name goes where the symbol is not."""
    moved = results.registrations.copy()
    import shapely
    moved.loc[moved.index[:4], "geometry"] = [shapely.Point(-69.19 + dx, -12.60) for dx in (0.0, 0.03, -0.03, 0.06)]
    shifted = type(results)(**{**results.__dict__, "registrations": moved})
    frame = render_regional(shifted, bbox=WIDE_BBOX, lang="es", dpi=40).frame
    town = [label for label in frame.labels if label.text == "Puerto Maldonado"]
    assert town, "the name fits somewhere else around the dot"
    from concession_gis.export.sheet import _symbol_boxes, _visible_layers, lonlat_box

    layers = _visible_layers(shifted, frame.crs, frame.extent, lonlat_box(frame.crs, frame.extent))
    mm = frame.frame_mm[0] / frame.extent.width
    for x0, y0, x1, y1 in _symbol_boxes(layers["registrations"], frame.extent, mm, 1.0):
        bx0, by0, bx1, by1 = town[0].box_mm
        assert bx1 <= x0 or x1 <= bx0 or by1 <= y0 or y1 <= by0


@pytest.mark.parametrize(("page", "orientation"), [("A4", "portrait"), ("A4", "landscape"), ("A3", "portrait")])
def test_case_pages_carry_a_locator_off_the_claim_and_under_no_label(results, page, orientation):
    """The issue's case pages had no locator inset. Every claim of the demo: the inset sits in the
    map's lower-right corner, names the country, and neither the claim nor a label is under it."""
    from matplotlib.text import Text

    from concession_gis.export.case_page import locator_box
    from concession_gis.export.layout import case_layout, make_page

    sheet_page = make_page(page, orientation)
    map_box = case_layout(sheet_page)["map"]
    inset = locator_box(map_box, sheet_page)
    x0, y0, x1, y1 = inset.x - map_box.x, inset.y - map_box.y, inset.right - map_box.x, inset.top - map_box.y
    assert map_box.x < inset.x and inset.right < map_box.right and map_box.y < inset.y and inset.top < map_box.top
    for code in results.concessions["code"]:
        sheet = render_case(results, code, lang="es", page=page, orientation=orientation, dpi=20)
        frame = sheet.frame
        mm = frame.frame_mm[0] / frame.extent.width
        claim = results.concessions.loc[results.concessions["code"] == code].to_crs(frame.crs).total_bounds
        cx0, cx1 = (claim[[0, 2]] - frame.extent.xmin) * mm
        cy0, cy1 = (claim[[1, 3]] - frame.extent.ymin) * mm
        assert cx1 < x0 or cy0 > y1, (code, (cx0, cy0, cx1, cy1))  # the claim is left of or above the inset
        for label in frame.labels:
            lx0, ly0, lx1, ly1 = label.box_mm
            assert lx1 <= x0 or lx0 >= x1 or ly1 <= y0 or ly0 >= y1, (code, label.text)
        rect = sheet_page.rect(inset)
        axes = [ax for ax in sheet.figure.axes if np.allclose(ax.get_position().bounds, rect)]
        assert len(axes) == 1
        assert "PERU" in {t.get_text() for t in axes[0].findobj(Text)}


def test_the_projection_is_named_in_the_readers_words_never_unknown():
    """A map's own transverse Mercator on 75°W (Peru whole: 81°W to 69°W) matches EPSG:32718,
    whose name pyproj gives as "unknown": such a sheet printed "Proyección unknown"."""
    from pyproj import CRS

    from concession_gis.export.mapframe import map_crs
    from concession_gis.export.sheet_text import projection_name

    peru = map_crs(-81.0, -18.0, -69.0, 0.0)
    assert projection_name(peru, "es") == "transversa de Mercator de meridiano central 75°O"
    assert projection_name(peru, "en") == "transverse Mercator, central meridian 75°W"
    assert projection_name(map_crs(-81.0, -18.0, -68.0, 0.0), "es").endswith("74°30′O")
    assert projection_name(CRS.from_epsg(32719), "es") == projection_name(CRS.from_epsg(32719), "en") == "WGS 84 / UTM 19S"
    assert projection_name(CRS.from_epsg(24878), "es") == "PSAD56 / UTM 18S"


def test_chart_numbers_are_in_the_readers_style():
    """EL DORADO's loss chart read "15.0 12.5 10.0 7.5" on a Spanish case page."""
    from concession_gis.export.typography import AxisNumbers

    numbers = AxisNumbers("es")
    numbers.set_locs([0.0, 2.5, 5.0, 7.5])
    assert [numbers(v) for v in (0.0, 2.5, 5.0, 7.5)] == ["0,0", "2,5", "5,0", "7,5"]
    numbers.set_locs([0.0, 5.0, 10.0, 1500.0])
    assert [numbers(v) for v in (5.0, 1500.0)] == ["5", "1\u2009500"]
    english = AxisNumbers("en")
    english.set_locs([0.0, 0.25])
    assert english(0.25) == "0.25"


def test_idleness_of_a_claim_not_titled_does_not_apply(results):
    """An extinct claim's fact read "Ociosa: no: no está titulada", a verdict the rule never gave."""
    from concession_gis.export.case_page import claim_fact_lines, find_claim

    extinct = find_claim(results, "010000001")
    assert extinct["legal_state"] == "extinct"
    facts = dict(claim_fact_lines(extinct, "es"))
    assert facts["Ociosa"] == "no aplica: no está titulada"
    titled = results.concessions.loc[results.concessions["legal_state"] == "titled"].iloc[0]
    assert dict(claim_fact_lines(titled, "es"))["Ociosa"].split(":")[0] in ("sí", "no")
