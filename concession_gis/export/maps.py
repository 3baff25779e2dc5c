"""Print-quality conflict maps: the regional map, a case page, and the files ``analyze`` writes.

:func:`render_regional` and :func:`~concession_gis.export.case_page.render_case` build a sheet
(:class:`~concession_gis.export.sheet.MapSheet`) without touching the disk; :func:`write_map`
saves one as PDF, PNG or SVG, chosen by the file's extension.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
from matplotlib.figure import Figure

from concession_gis.analysis.intersecting import in_box
from concession_gis.errors import InputError
from concession_gis.export.atomic import atomic_path
from concession_gis.export.case_page import render_case
from concession_gis.export.furniture import degree_text
from concession_gis.export.geopdf import GeoPdfPages
from concession_gis.export.layout import DEFAULT_DPI, add_axes_mm, make_page, regional_layout
from concession_gis.export.legend import draw_legend, legend_height
from concession_gis.export.locator import draw_locator
from concession_gis.export.map_theme import theme_of
from concession_gis.export.mapframe import fit_extent, map_crs, projected_bounds, to_lonlat
from concession_gis.export.outputs import refuse_inputs, run_inputs
from concession_gis.export.sheet import MapSheet, draw_map_frame
from concession_gis.export.sheet_text import (
    draw_paragraphs,
    draw_title,
    provenance_lines,
    rule_lines,
    sheet_language,
    source_lines,
)
from concession_gis.export.typography import (
    MIN_TEXT_PT,
    format_number,
    join_words,
    print_fonts,
    title_case,
)
from concession_gis.i18n import tr
from concession_gis.model import Results
from concession_gis.progress import Feedback

MAP_FORMATS = (".pdf", ".png", ".svg")


def render_regional(results: Results, bbox: tuple[float, float, float, float] | None = None,
                    lang: str | None = None, page: str = "A4", orientation: str = "landscape",
                    dpi: float = DEFAULT_DPI) -> MapSheet:
    """The conflict map of the whole results (or of ``bbox``, lon/lat degrees) on one sheet."""
    lang = sheet_language(lang, results)
    sheet_page = make_page(page, orientation)
    boxes = regional_layout(sheet_page)  # the map frame does not depend on the legend's length
    lonlat = bbox if bbox is not None else data_bounds(results)
    crs = map_crs(*lonlat)
    extent = fit_extent(projected_bounds(lonlat, crs), boxes["map"].w / boxes["map"].h,
                        pad=0.0 if bbox is not None else 0.04)
    fig = sheet_page.figure()
    frame = draw_map_frame(fig, sheet_page, boxes["map"], results, crs, extent, lang, dpi)
    boxes = regional_layout(sheet_page, legend_height(frame.legend, lang, sheet_page.k))
    draw_title(fig, sheet_page, boxes["title"], tr(theme_of(results).title, lang),
               regional_subtitle(results, frame, lang))
    draw_locator(fig.add_axes(sheet_page.rect(boxes["inset"])), frame_lonlat_bounds(frame), sheet_page.pt(MIN_TEXT_PT))
    draw_legend(add_axes_mm(fig, sheet_page, boxes["legend"]), boxes["legend"], frame.legend, lang,
                sheet_page.pt(6.6), sheet_page.k)
    # Sources and provenance run on as paragraphs: at the smallest type (MIN_TEXT_PT) a line per
    # file would not fit beside the legend.
    blocks = [(tr("map.sources", lang), [" · ".join(source_lines(results.summary, lang, frame.basemap, frame.context))]),
              (tr("map.rules", lang), rule_lines(results, lang)),
              (None, [" ".join(provenance_lines(results, lang, frame.crs, frame.scale, sheet_page))])]
    if "notes_extra" in boxes:  # portrait: sources beside the legend, criteria under the inset
        draw_paragraphs(fig, sheet_page, boxes["notes"], blocks[:1] + blocks[2:], sheet_page.pt(MIN_TEXT_PT))
        draw_paragraphs(fig, sheet_page, boxes["notes_extra"], blocks[1:2], sheet_page.pt(MIN_TEXT_PT))
    else:
        draw_paragraphs(fig, sheet_page, boxes["notes"], blocks, sheet_page.pt(MIN_TEXT_PT))
    return MapSheet(fig, sheet_page, frame, "regional")


def write_map(results: Results, out: str | Path, case: str | None = None,
              bbox: tuple[float, float, float, float] | None = None, lang: str | None = None,
              page: str = "A4", orientation: str | None = None, dpi: float = DEFAULT_DPI,
              feedback: Feedback | None = None, inputs: Sequence[str] = ()) -> MapSheet:
    """Render the regional map (or the case page of ``case``) and save it to ``out``, which may
    be none of the run's inputs nor ``inputs`` (the results.gpkg read)."""
    out = Path(out)
    check_map_path(out)
    refuse_inputs(out.parent, [out.name], [*run_inputs(results), *inputs])
    if feedback:
        feedback.stage("map")
    if case is not None:
        sheet = render_case(results, case, lang=lang, page=page, orientation=orientation or "portrait", dpi=dpi)
    else:
        sheet = render_regional(results, bbox, lang, page, orientation or "landscape", dpi)
    save_sheet(sheet, out, dpi)
    return sheet


def save_sheet(sheet: MapSheet, out: Path, dpi: float) -> list[Path]:
    """A sheet and the pages that carry it on (a long case table): one PDF of several pages, or
    for PNG and SVG one file a page, the next ones numbered (case.png, case-2.png...)."""
    if not sheet.more:
        save_figure(sheet.figure, out, dpi)
        return [out]
    if out.suffix.lower() == ".pdf":
        with atomic_path(out) as temporary, print_fonts(), GeoPdfPages(temporary, {"Creator": "concession-gis"}) as pdf:
            for figure in [sheet.figure, *sheet.more]:
                pdf.savefig(figure)
        return [out]
    paths = sheet_paths(sheet, out)
    for figure, path in zip([sheet.figure, *sheet.more], paths, strict=True):
        save_figure(figure, path, dpi)
    return paths


def sheet_paths(sheet: MapSheet, out: Path) -> list[Path]:
    """The files :func:`save_sheet` writes: ``out``, and for PNG or SVG one more per further page."""
    if out.suffix.lower() == ".pdf":
        return [out]
    return [out] + [out.with_name(f"{out.stem}-{i}{out.suffix}") for i in range(2, len(sheet.more) + 2)]


def write_default_maps(results: Results, out_dir: Path, feedback: Feedback | None = None) -> dict[str, Path]:
    """conflict_map.pdf and conflict_map.png (300 dpi) of the whole results, in the run's language."""
    if feedback:
        feedback.stage("map")
    if results.concessions.empty and results.registrations.empty:
        return {}
    sheet = render_regional(results, lang=results.lang)
    written = {}
    for name in ("conflict_map.pdf", "conflict_map.png"):
        save_figure(sheet.figure, Path(out_dir) / name, DEFAULT_DPI)
        written[name] = Path(out_dir) / name
    return written


def save_figure(fig: Figure, out: Path, dpi: float) -> None:
    """Save under a temporary name and rename, so a reader never opens half a map; a PDF
    georeferenced (:mod:`~concession_gis.export.geopdf`)."""
    if out.suffix.lower() == ".pdf":
        with atomic_path(out) as temporary, print_fonts(), GeoPdfPages(temporary, {"Creator": "concession-gis"}) as pdf:
            pdf.savefig(fig)
        return
    metadata = {"Creator": "concession-gis"}
    if out.suffix.lower() == ".png":
        metadata = {"Software": "concession-gis"}
    with atomic_path(out) as temporary, print_fonts():
        fig.savefig(temporary, format=out.suffix.lower().lstrip("."), dpi=dpi, metadata=metadata)


def check_map_path(out: Path) -> None:
    if out.suffix.lower() not in MAP_FORMATS:
        raise InputError(key="error.map_format", path=str(out), formats=", ".join(MAP_FORMATS))


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """``--bbox minx,miny,maxx,maxy`` in degrees (longitude, latitude, WGS 84)."""
    if not text:
        return None
    try:
        values = tuple(float(v) for v in text.replace(";", ",").split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise InputError(key="error.bbox_syntax", bbox=text)
    minx, miny, maxx, maxy = values
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        raise InputError(key="error.bbox_range", bbox=text)
    return values


def bbox_on_data(bbox: tuple[float, float, float, float], results: Results
                 ) -> tuple[tuple[float, float, float, float], bool]:
    """``bbox`` and False when it covers some of the claims or registrations; swapped and True
    when it covers them only read latitude first (``-13.2,-70.5,-12.9,-70.1``); refused when it
    covers none either way: a map of nothing is never what was meant."""
    data = data_bounds(results)
    swapped = (bbox[1], bbox[0], bbox[3], bbox[2])
    for candidate, was_swapped in ((bbox, False), (swapped, True)):
        if candidate[0] <= data[2] and data[0] <= candidate[2] and candidate[1] <= data[3] and data[1] <= candidate[3]:
            return candidate, was_swapped
    extent = ",".join(f"{v:.2f}" for v in data)
    raise InputError(key="error.bbox_outside_data", bbox=",".join(f"{v:g}" for v in bbox), extent=extent)


def data_bounds(results: Results) -> tuple[float, float, float, float]:
    """Lon/lat bounds of the claims and registrations (restricted areas may reach far beyond)."""
    boxes = [f.total_bounds for f in (results.concessions, results.registrations)
             if isinstance(f, gpd.GeoDataFrame) and not f.empty]
    boxes = [b for b in boxes if np.all(np.isfinite(b))]
    if not boxes:
        raise InputError(key="error.nothing_to_map")
    b = np.array(boxes)
    return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


def frame_lonlat_bounds(frame) -> tuple[float, float, float, float]:
    e = frame.extent
    lon, lat = to_lonlat(frame.crs).transform([e.xmin, e.xmax, e.xmin, e.xmax], [e.ymin, e.ymin, e.ymax, e.ymax])
    return min(lon), min(lat), max(lon), max(lat)


def regional_subtitle(results: Results, frame, lang: str) -> str:
    """Where the map is (:func:`place_subtitle`) and, when titled claims are on it, their m with
    the definition it is under (``m_informal_share``: the titled area on claims with an active
    registration, over the titled area; docs/domain.md, "m")."""
    where = place_subtitle(results, frame, lang)
    conc = results.concessions
    bolivian = theme_of(results).country == "bo"
    # Bolivia's m (m_cooperative_share, docs/domain.md "m in Bolivia"): the hectares in force that
    # cooperatives hold or work, over the hectares in force.
    worked_by = ("actor_type", "n_cooperative_sites") if bolivian else ("n_active_registrations",)
    if not {"legal_state", "area_ha", *worked_by} <= set(conc.columns) or conc.empty:
        return where
    lon0, lat0, lon1, lat1 = frame_lonlat_bounds(frame)
    shown = conc[in_box(conc.geometry.values, (lon0, lat0, lon1, lat1))]
    titled = shown["area_ha"].where(shown["legal_state"] == "titled", 0.0).astype(float)
    if titled.sum() <= 0:
        return where
    if bolivian:
        worked = (shown["actor_type"] == "cooperative") | (shown["n_cooperative_sites"].fillna(0).astype(float) > 0)
    else:
        worked = shown["n_active_registrations"].fillna(0).astype(float) > 0
    m = titled.where(worked, 0.0).sum() / titled.sum()
    return tr("map.subtitle.m", lang, where=where, m=format_number(m, lang, 2),
              definition=tr("map.m.m_cooperative_share" if bolivian else "map.m.m_informal_share", lang))


def place_subtitle(results: Results, frame, lang: str) -> str:
    """Departments and districts of the claims on the map, or the map's corners when there are none."""
    conc = results.concessions
    if "district" in conc and "department" in conc and not conc.empty:
        lon0, lat0, lon1, lat1 = frame_lonlat_bounds(frame)
        shown = conc[in_box(conc.geometry.values, (lon0, lat0, lon1, lat1))]
        departments = sorted({title_case(d) for d in shown["department"].dropna() if str(d).strip()})
        districts = sorted({title_case(d) for d in shown["district"].dropna() if str(d).strip()})
        if departments and districts:
            theme = theme_of(results)  # Peru's districts, Bolivia's municipalities
            if len(districts) > 6:
                return tr(theme.many_places, lang, departments=join_words(departments, lang), n=len(districts))
            return tr(theme.places, lang, departments=join_words(departments, lang), districts=join_words(districts, lang))
    lon0, lat0, lon1, lat1 = frame_lonlat_bounds(frame)
    return tr("map.subtitle.bbox", lang, west=degree_text(lon0, "lon", lang), east=degree_text(lon1, "lon", lang),
              south=degree_text(lat0, "lat", lang), north=degree_text(lat1, "lat", lang))
