"""The case dossier (issue 18), read back from its PDF: every one of 44 registrations listed and
numbered on the map, the holder's other claims, no data said where the raster does not reach.

The claims are 1-km UTM cells (tests.builders). Expected values are written by hand or, for the
share of a claim off the raster, computed here on the ellipsoid (pyproj.Geod) from the raster's
own bounds.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from affine import Affine
from pyproj import Geod

from concession_gis.cli import main
from concession_gis.export.case_page import find_claim, render_case
from concession_gis.export.dossier_pages import map_page
from concession_gis.export.layout import make_page
from concession_gis.export.results import read_results, write_results
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from tests.builders import claims, lonlat, registrations_csv
from tests.raster_fixtures import write_raster

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")

BIG, SECOND, THIRD, HALF = "010000001", "010000002", "010000003", "020000001"
SECOND_TITLED = "15/03/2016"
HOLDER = "MINERA CONDOR S.A.C."
# 44 miners on BIG (4 x 11 km): one a kilometre cell, at its centre.
MINERS = [(f"R{n:03d}", 0.5 + (n % 4), 0.5 + (n // 4)) for n in range(44)]
# The raster reaches 11 km east of the grid corner: HALF (10 to 12 km) is half on it.
RASTER_WEST_EAST_KM = (-1.0, 11.0)
RES = 0.00025


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def raster_box() -> shapely.Polygon:
    west, south = lonlat(RASTER_WEST_EAST_KM[0], -1.0)
    east, north = lonlat(RASTER_WEST_EAST_KM[1], 12.0)
    return shapely.box(west, south, east, north)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dossier")
    layer = claims([
        {"code": BIG, "name": "CONDOR UNO", "holder": HOLDER, "cells": (0, 0, 4, 11)},
        {"code": SECOND, "name": "CONDOR DOS", "holder": HOLDER, "cells": (6, 0, 8, 2)},
        {"code": THIRD, "name": "CONDOR TRES", "holder": HOLDER, "cells": (6, 4, 8, 6), "estado": "P"},
        {"code": HALF, "name": "MEDIA LUNA", "holder": "JUAN PEREZ QUISPE", "cells": (10, 0, 12, 2)},
    ])
    layer["RUC_TITULAR"] = ["20100000001"] * 3 + ["10400000001"]
    layer["FEC_TITULO"] = [None, SECOND_TITLED, None, None]  # as INGEMMET writes it; the others have none
    layer.to_file(folder / "catastro.gpkg")
    regs = registrations_csv(folder / "reinfo.csv", [
        {"id": i, "miner": f"MINERO {i}", "x": x, "y": y, "estado": "SUSPENDIDO" if n % 7 == 3 else "VIGENTE",
         "declared": SECOND if n == 0 else BIG}  # R000 declared the holder's other claim
        for n, (i, x, y) in enumerate(MINERS)])
    # Loss in 2010 and 2015 on BIG only; none on the covered half of HALF.
    box = raster_box()
    west, south, east, north = box.bounds
    shape = (int(round((north - south) / RES)), int(round((east - west) / RES)))
    years = np.zeros(shape, dtype=np.uint8)
    transform = Affine(RES, 0, west, 0, -RES, north)
    big_west, big_south = lonlat(1.0, 2.0)
    col, row = ~transform @ (big_west, big_south)
    years[int(row) - 40:int(row), int(col):int(col) + 40] = 10
    years[int(row) - 80:int(row) - 40, int(col):int(col) + 40] = 15
    raster = write_raster(folder / "lossyear.tif", years, transform)
    # The holder declared production on SECOND in 2018 (twice: gold and silver, the silver with
    # no quantity) and 2020, once with the code's leading zero dropped (as a spreadsheet does);
    # a row on a claim outside the results is left out of production_by_year.
    (folder / "produccion.csv").write_text(f"CODIGOU;ANIO;MINERAL;CANTIDAD;UNIDAD\n{SECOND};2020;ORO;12,5;kg\n"
                                           f"{SECOND.lstrip('0')};2018;ORO;3;kg\n{SECOND};2018;PLATA;;\n"
                                           "099999999;2019;COBRE;7;t\n", encoding="utf-8")
    results = analyze(Inputs(concessions=[str(folder / "catastro.gpkg")], registrations=[str(regs)],
                             loss_rasters=[str(raster)], activity=str(folder / "produccion.csv"),
                             rule_overrides={"reference_date": "2025-06-30"}), lang="es")
    out = folder / "out"
    write_results(results, out)
    return out / "results.gpkg", folder


def test_every_registration_is_listed_with_why(run, tmp_path, capsys):
    gpkg, _ = run
    out = tmp_path / "dossier.pdf"
    assert main(["dossier", str(gpkg), "--case", BIG, "--out", str(out), "--lang", "en"]) == 0
    assert f"dossier written to {out}: case {BIG}" in capsys.readouterr().out
    pages = pdf_pages(out)
    text = "\n".join(pages)
    assert len(pages) >= 3
    listed = re.findall(r"\bR0\d\d\b", "\n".join(pages[1:]))
    assert sorted(set(listed)) == [i for i, _, _ in MINERS]
    assert "more registrations" not in text and "… and" not in text
    # Each registration says whether it is a candidate and why; suspended ones are not.
    assert len(re.findall(r"(Coexistence candidate|Not a candidate): ", text)) == 44
    assert text.count("Not a candidate: the registration is not active") == sum(n % 7 == 3 for n in range(44))
    flat = " ".join(text.split())
    assert flat.count("In REINFO the miner declared another concession") == 1
    assert f"In REINFO the miner declared another concession: {SECOND}; the point lies on this one." in flat
    # The holder's other claims, each by code and name; the half claim's holder is another.
    assert SECOND in text and "CONDOR DOS" in text and THIRD in text and "CONDOR TRES" in text
    assert "Concessions of the holder in these results: 3" in text
    assert "Timeline" in text and "Page 1 of" in pages[0]


def test_every_year_of_declared_production_is_kept_and_marked_on_the_timeline(run):
    from concession_gis.export.dossier import render_dossier
    from concession_gis.i18n import tr

    gpkg, _ = run
    results = read_results(gpkg)
    years = results.concessions.set_index("code")["production_years"]
    assert years[SECOND] == "2018; 2020" and years[BIG] == "" and years[HALF] == ""
    assert results.concessions.set_index("code")["last_production_year"][SECOND] == 2020
    pages = render_dossier(results, find_claim(results, SECOND), "en", 40)
    lane = tr("dossier.timeline.production", "en")
    events = [ax for fig in pages for ax in fig.axes if lane in [t.get_text() for t in ax.get_yticklabels()]]
    assert len(events) == 1
    marks = np.concatenate([c.get_offsets() for c in events[0].collections])
    # Each year's mark at its middle, on the production lane (y = 0)
    assert sorted(marks[marks[:, 1] == 0][:, 0].tolist()) == [2018.5, 2020.5]


def test_production_by_year_and_the_title_date_are_kept_and_in_the_dossier(run, tmp_path):
    """results.gpkg keeps each declared row under the claim's code, and the title date where
    the cadastre gives one; the dossier says both, and nothing of titles where there is none."""
    from concession_gis.export.dossier import render_dossier
    from concession_gis.i18n import tr

    gpkg, _ = run
    table = pyogrio.read_dataframe(gpkg, layer="production_by_year")
    assert list(table.columns) == ["code", "year", "mineral", "quantity", "unit"]
    assert table.astype(object).where(table.notna(), None).values.tolist() == [
        [SECOND, 2018, "ORO", 3.0, "kg"], [SECOND, 2018, "PLATA", None, None], [SECOND, 2020, "ORO", 12.5, "kg"]]
    results = read_results(gpkg)
    titled = results.concessions.set_index("code")["titled_on"]
    assert str(pd.Timestamp(titled[SECOND]).date()) == "2016-03-15" and titled.drop(SECOND).isna().all()

    out = tmp_path / "second.pdf"
    assert main(["dossier", str(gpkg), "--case", SECOND, "--out", str(out), "--lang", "en", "--quiet"]) == 0
    flat = " ".join("\n".join(pdf_pages(out)).split())
    assert "Declared production by year: 2018: ORO 3 kg; PLATA · 2020: ORO 12.5 kg." in flat
    assert "Title granted on 2016-03-15" in flat
    assert main(["dossier", str(gpkg), "--case", SECOND, "--out", str(tmp_path / "es.pdf"), "--lang", "es", "--quiet"]) == 0
    flat_es = " ".join("\n".join(pdf_pages(tmp_path / "es.pdf")).split())
    assert "Producción declarada por año: 2018: ORO 3 kg; PLATA · 2020: ORO 12,5 kg." in flat_es
    assert "Título otorgado el 15/03/2016" in flat_es
    # The title's lane, its mark in March 2016; a claim with no title date has no such lane.
    lane = tr("dossier.timeline.titled", "en")
    pages = render_dossier(results, find_claim(results, SECOND), "en", 40)
    events = [ax for fig in pages for ax in fig.axes if lane in [t.get_text() for t in ax.get_yticklabels()]]
    marks = np.concatenate([c.get_offsets() for c in events[0].collections])
    assert marks[marks[:, 1] == 2][:, 0].round(2).tolist() == [2016.2]
    big = render_dossier(results, find_claim(results, BIG), "en", 40)
    assert not [ax for fig in big for ax in fig.axes if lane in [t.get_text() for t in ax.get_yticklabels()]]
    assert "Title granted" not in " ".join(pdf_pages_of(big))


def pdf_pages_of(figures) -> list[str]:
    return [t.get_text() for fig in figures for ax in fig.axes for t in ax.texts]


def test_the_map_numbers_every_registration_at_a_scale_from_the_claims_size(run):
    gpkg, _ = run
    results = read_results(gpkg)
    claim = find_claim(results, BIG)
    _, frame = map_page(results, claim, "en", make_page("A4", "portrait"), 40)
    numbers = {label.text for label in frame.labels}
    assert {str(n) for n in range(1, 45)} <= numbers
    # 4 x 11 km with a quarter of room each side in a 177 x 128 mm frame: 16.5 km high needs
    # 1:128,906, so the next common scale, 1:150,000.
    assert frame.scale == pytest.approx(150_000, rel=1e-9)


def test_the_map_pages_notes_stay_in_their_box_however_many_sources(run):
    """The sources of a run of thirteen files ran 11.7 mm under the notes' box, over "Página 1 de
    2" (the sample's nine, 3.4 mm); here those of nineteen files."""
    import copy

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from concession_gis.export.dossier_pages import MARGIN_MM

    gpkg, _ = run
    results = copy.copy(read_results(gpkg))
    results.summary = {**results.summary, "inputs": [*results.summary["inputs"], *[
        {"kind": "protected_areas", "path": f"/datos/anp_capa_adicional_{i}.gpkg", "sha256": f"{i}" * 64,
         "modified": "2026-01-02"} for i in range(10)]]}
    fig, _ = map_page(results, find_claim(results, BIG), "es", make_page("A4", "portrait"), 30)
    renderer = FigureCanvasAgg(fig).get_renderer()
    lowest = min(t.get_window_extent(renderer).y0 * 25.4 / fig.dpi for t in fig.findobj(Text)
                 if t.get_visible() and t.get_text().strip())
    assert lowest >= MARGIN_MM + 6 - 0.1  # the notes' box starts 6 mm above the margin


def test_the_case_page_lists_every_registration_on_further_pages(run, tmp_path):
    gpkg, _ = run
    results = read_results(gpkg)
    sheet = render_case(results, BIG, lang="en", dpi=40)
    assert len(sheet.more) == 1  # 9 rows on the case page, 35 on the next
    assert {str(n) for n in range(1, 45)} <= {label.text for label in sheet.frame.labels}
    out = tmp_path / "case.pdf"
    assert main(["map", str(gpkg), "--case", BIG, "--out", str(out), "--lang", "en", "--dpi", "50"]) == 0
    text = "\n".join(pdf_pages(out))
    assert all(f"MINERO {i}" in text for i, _, _ in MINERS)
    assert "more registrations" not in text
    assert "The table continues on the next page (registrations" in text


def uncovered_pct() -> float:
    """Share of HALF off the raster, on the ellipsoid, from the raster's bounds."""
    geod = Geod(ellps="WGS84")
    claim = claims([{"code": HALF, "holder": "X", "cells": (10, 0, 12, 2)}], "EPSG:4326").geometry.iloc[0]
    claim = shapely.segmentize(claim, 0.0005)
    whole = abs(geod.geometry_area_perimeter(claim)[0])
    on = abs(geod.geometry_area_perimeter(claim.intersection(raster_box()))[0])
    return 100 * (1 - on / whole)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_claim_half_off_the_raster_says_no_data_not_no_loss(run, tmp_path, lang):
    gpkg, _ = run
    pct = uncovered_pct()
    assert 40 < pct < 60
    out = tmp_path / "half.pdf"
    assert main(["dossier", str(gpkg), "--case", HALF, "--out", str(out), "--lang", lang]) == 0
    text = " ".join(" ".join(pdf_pages(out)).split())
    expected = {"en": f"No data for {pct:.0f}% of the concession", "es": f"Sin datos para el {pct:.0f} % de la concesión"}
    assert expected[lang] in text
    wrong = {"en": "The loss raster records no forest loss on this concession",
             "es": "El ráster de pérdida no registra pérdida de bosque en esta concesión"}
    assert wrong[lang] not in text
    # The raster's edge crosses the map, and the legend says so.
    assert {"en": "Outside the loss raster: no data", "es": "Fuera del ráster: sin datos"}[lang] in text
    # The case page says the same.
    case = tmp_path / "half-case.pdf"
    assert main(["map", str(gpkg), "--case", HALF, "--out", str(case), "--lang", lang, "--dpi", "50"]) == 0
    case_text = " ".join(" ".join(pdf_pages(case)).split())
    assert expected[lang] in case_text and wrong[lang] not in case_text


def test_a_wholly_covered_claim_without_loss_says_none_was_found(run, tmp_path):
    gpkg, _ = run
    out = tmp_path / "second.pdf"
    assert main(["dossier", str(gpkg), "--case", SECOND, "--out", str(out), "--lang", "en"]) == 0
    text = " ".join(" ".join(pdf_pages(out)).split())
    assert "The loss rasters cover the whole concession." in text
    assert "The loss raster records no forest loss on this concession." in text


def test_unknown_case_and_files_that_are_no_results_exit_2(run, tmp_path, capsys):
    gpkg, folder = run
    out = tmp_path / "d.pdf"
    assert main(["dossier", str(gpkg), "--case", "999999999", "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "--case 999999999: no concession with that code" in err and err.count("\n") == 1
    text_file = tmp_path / "notes.gpkg"
    text_file.write_text("not a geopackage", encoding="utf-8")
    for path in (text_file, folder / "catastro.gpkg"):
        assert main(["dossier", str(path), "--case", BIG, "--out", str(out), "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert "not a concession-gis results.gpkg" in err and err.count("\n") == 1
    assert main(["dossier", str(gpkg), "--case", BIG, "--out", str(tmp_path / "d.png"), "--lang", "en"]) == 2
    assert "a dossier is a multi-page PDF" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".d-*"))


def test_the_atlas_counts_the_pages_a_long_case_table_takes(run, tmp_path):
    from concession_gis.export.atlas import write_atlas

    gpkg, _ = run
    results = read_results(gpkg)
    report = write_atlas(results, tmp_path / "atlas.pdf", lang="en", dpi=50)
    # Cover, one index page, then BIG on two pages (9 rows fit its case page, the other 35 the
    # next), and one page each for the three claims without registrations.
    assert report.pages == 1 + 1 + 2 + 3
    pages = pdf_pages(tmp_path / "atlas.pdf")
    assert len(pages) == report.pages
    index = " ".join(pages[1].split())
    assert re.search(rf"{BIG} CONDOR UNO MINERA CONDOR S\.A\.C\.[ .]*3\b", index)
    assert re.search(rf"{SECOND} CONDOR DOS MINERA CONDOR S\.A\.C\.[ .]*5\b", index)
    assert "Page 4 of 7" in pages[3] and "MINERO R043" in pages[3]


def test_consecutive_years_that_declared_the_same_run_on_as_one_span():
    """The sample's dossier listed "2015: ORO · 2016: ORO · ..." eleven times over; a year whose
    mineral was missing (NaN, as a GeoPackage gives it back) read "2023: nan"."""
    from concession_gis.export.timeline import production_text

    declared = pd.DataFrame({"year": [2015, 2016, 2017, 2019, 2020, 2021, 2022, 2023],
                             "mineral": ["ORO", "ORO", "ORO", "ORO", "ORO", "ORO", "ORO", None],
                             "quantity": [None, None, None, None, 2.5, 2.5, None, None]})
    assert production_text(declared, "es") == "2015–2017: ORO · 2019: ORO · 2020–2021: ORO 2,5 · 2022: ORO · 2023"


def test_an_overlap_whose_first_filed_claim_is_extinct_says_so():
    """ANDINA I's dossier named SANTA ROSA, extinct, the "senior title" of their 100 ha."""
    from concession_gis.export.dossier import render_dossier
    from concession_gis.sample.bundled import bundled_inputs

    results = analyze(bundled_inputs(), lang="es")
    conc = results.concessions.set_index("code")
    assert conc.loc["010000077", "legal_state"] == "extinct"
    assert conc.loc["010000077", "filed_on"] < conc.loc["010000198", "filed_on"]
    text = " ".join(pdf_pages_of(render_dossier(results, find_claim(results, "010000198"), "es", dpi=30)))
    assert "Petitorio más antiguo" in text and "010000077 (la otra, hoy extinguida)" in text
    assert "Título prioritario" not in text
