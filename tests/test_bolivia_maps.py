"""Bolivia's printed sheets (issue 20): `analyze --country bo` draws its conflict map, and `map`,
`atlas` and `dossier` read a Bolivian results.gpkg, in Bolivian terms.

The Bolivian demo sample is analysed once, as a user would; the PDFs are read back with
poppler's ``pdftotext``/``pdffonts`` and their page streams. What they must say comes from the
results' own tables read independently (the ranked candidates, the counts of areas by actor
and state), never from the map code.
"""

from __future__ import annotations

import json
import re
import subprocess

import geopandas as gpd
import pytest

from concession_gis.cli import main
from concession_gis.export.maps import render_regional
from concession_gis.export.results import read_results
from tests.test_print_quality import font_sizes, poppler

LAPAZ_BBOX = "-68.85,-15.65,-68.3,-15.35"
PERU_ONLY = ("REINFO", "INGEMMET", "SERNANP", "MINEM", "concesiones", "distritos")


@pytest.fixture(scope="module")
def bolivia(tmp_path_factory):
    """The Bolivian demo sample analysed in Spanish (its conflict map drawn), then a La Paz map,
    an English map, the dossier of the first candidate and the atlas of the candidates."""
    root = tmp_path_factory.mktemp("bo_maps")
    sample = root / "muestra"
    assert main(["sample", "--country", "bo", "--scale", "demo", "--out", str(sample), "--quiet"]) == 0
    given = [f"--{kind}={sample / name}" for kind, name in (
        ("ajam", "AJAM_areas_mineras_WGS84_19S.shp"), ("ajam", "AJAM_areas_mineras_PSAD56_20S.shp"),
        ("work-sites", "sitios_de_trabajo_lapaz.csv"), ("work-sites", "sitios_de_trabajo_potosi.csv"),
        ("restricted", "SERNAP_areas_protegidas_TIOC.gpkg"), ("activity", "produccion_minera.csv"),
        ("cooperatives", "cooperativas.csv"), ("area-contracts", "contratos_cooperativas.csv"))]
    out = root / "resultados"
    assert main(["analyze", "--country", "bo", *given, "--out", str(out), "--quiet", "--lang", "es"]) == 0
    gpkg = str(out / "results.gpkg")
    candidates = gpd.read_file(gpkg, layer="reversion_candidates").sort_values("reversion_rank")
    first = str(candidates["code"].iloc[0])
    assert main(["map", gpkg, "--out", str(root / "lapaz.pdf"), f"--bbox={LAPAZ_BBOX}", "--lang", "es", "--quiet"]) == 0
    assert main(["map", gpkg, "--out", str(root / "english.pdf"), "--lang", "en", "--quiet"]) == 0
    assert main(["dossier", gpkg, "--case", first, "--out", str(root / "dossier.pdf"), "--lang", "es", "--quiet"]) == 0
    assert main(["atlas", gpkg, "--where", "reversion_candidate=true", "--out", str(root / "atlas.pdf"),
                 "--lang", "es", "--quiet"]) == 0
    return root, out, candidates


def text_of(pdf, *pages: int) -> str:
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run([poppler("pdftotext"), *span, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def sources_block(text: str) -> str:
    return text[text.index("Fuentes"):text.index("Criterios")] if "Criterios" in text else text


def test_analyze_draws_the_bolivian_conflict_map(bolivia):
    root, out, candidates = bolivia
    assert (out / "conflict_map.pdf").is_file() and (out / "conflict_map.png").is_file()
    text = text_of(out / "conflict_map.pdf")
    for words in ("Minería en Bolivia", "Áreas mineras (AJAM)", "Vigente: cooperativa", "Vigente: estatal (COMIBOL)",
                  "Candidata a reversión (n.º de orden)", "Sitios de trabajo: tipo de conflicto",
                  "DATOS SINTÉTICOS", "municipios de", "m (sup. vigente de cooperativas"):
        assert words in text, words
    sources = sources_block(text)
    assert "Catastro minero (AJAM)" in sources and "(SERNAP)" in sources
    assert not [w for w in PERU_ONLY if w in text], "Peruvian words on a Bolivian map"
    # The legend's counts are the results' own: candidates and areas by actor in force.
    areas = gpd.read_file(out / "results.gpkg", layer="areas")
    in_force = areas["area_state"] == "in_force"
    assert f"Candidata a reversión (n.º de orden) ({len(candidates)})" in text
    assert f"Vigente: cooperativa ({int((in_force & (areas['actor_type'] == 'cooperative')).sum())})" in text
    assert f"Revertida ({int((areas['area_state'] == 'reverted').sum())})" in text


def test_every_candidate_is_ranked_on_the_map(bolivia):
    _, out, candidates = bolivia
    results = read_results(out / "results.gpkg")
    assert results.summary["country"] == "bo" and results.summary["synthetic"] is True
    sheet = render_regional(results, lang="es")
    placed = [label.text for label in sheet.frame.labels]
    for rank in candidates["reversion_rank"].astype(int):
        assert str(rank) in placed
    layers = {entry.layer for entry in sheet.frame.legend}
    assert {"areas", "reversion", "work_sites", "restricted"} <= layers
    assert not {"concessions", "registrations"} & layers


def test_regional_map_of_la_paz_names_its_municipalities(bolivia):
    root, _, _ = bolivia
    text = text_of(root / "lapaz.pdf")
    assert "La Paz: municipios de" in text and "Potosi" not in text.split("Fuentes")[0]


def test_english_map_in_english(bolivia):
    root, _, _ = bolivia
    text = text_of(root / "english.pdf")
    for words in ("Mining in Bolivia", "Mining areas (AJAM)", "In force: cooperative", "Reversion candidate (rank)",
                  "SYNTHETIC DATA", "Mining cadastre (AJAM)"):
        assert words in text, words
    assert "REINFO" not in text and "INGEMMET" not in text


def test_dossier_of_the_first_candidate(bolivia):
    root, out, candidates = bolivia
    first = candidates.iloc[0]
    text = text_of(root / "dossier.pdf")
    assert f"Expediente del caso {first['code']}" in text
    for words in ("Tipo de actor", "Cooperativa", "Cuadrículas", "Sitios de trabajo en el área",
                  f"Candidata a reversión, n.º 1 de {len(candidates)}", "Otras áreas del titular", "Área minera del caso"):
        assert words in text, words
    assert not [w for w in ("REINFO", "INGEMMET", "SERNANP") if w in text]


def test_atlas_of_the_reversion_candidates(bolivia):
    root, _, candidates = bolivia
    text = text_of(root / "atlas.pdf")
    for code in candidates["code"]:
        assert code in text
    assert "Sitios de trabajo en el área" in text and "Áreas mineras (AJAM)" in text
    assert "REINFO" not in text


@pytest.mark.parametrize("name", ["resultados/conflict_map.pdf", "lapaz.pdf", "dossier.pdf", "atlas.pdf"])
def test_print_quality_truetype_no_small_text_geopdf(bolivia, name):
    root, _, _ = bolivia
    pdf = root / name
    data = pdf.read_bytes()
    assert b"/Type3" not in data and b"/FontFile2" in data  # TrueType (Type 42), embedded
    assert min(font_sizes(data)) >= 6.5 - 1e-6
    assert re.search(rb"/Subtype /GEO", data)  # the map frame placed on the ground (GeoPDF)
    listing = subprocess.run([poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(" yes " in row and "TrueType" in row for row in rows)


def test_no_map_draws_nothing(bolivia, tmp_path):
    root, out, _ = bolivia
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    ajam = [entry["path"] for entry in summary["inputs"] if entry["kind"] == "ajam" and entry["path"].endswith(".shp")]
    assert all(len(entry["sha256"]) == 64 for entry in summary["inputs"])
    assert main(["analyze", "--country", "bo", *(f"--ajam={p}" for p in ajam), "--out", str(tmp_path / "o"),
                 "--no-map", "--quiet"]) == 0
    assert not (tmp_path / "o" / "conflict_map.pdf").exists()


def test_case_page_of_an_area_says_each_fact_whole(bolivia, tmp_path):
    """The case page's facts fit their box: every label and value whole (a long label wraps, not
    the value), the cuadrículas written out, the rank without its reasons (the notes give the
    criteria), and a Bolivian area called an area, never a concession."""
    root, out, candidates = bolivia
    areas = gpd.read_file(out / "results.gpkg", layer="areas")
    area = areas.loc[areas["code"] == candidates["code"].iloc[0]].iloc[0]
    pdf = tmp_path / "caso.pdf"
    assert main(["map", str(out / "results.gpkg"), "--case", str(area["code"]), "--out", str(pdf), "--lang", "es",
                 "--quiet"]) == 0
    text = " ".join(text_of(pdf, 1).split())
    grids = int(area["grids"])
    assert f"{grids} declaradas = {grids * 25},0 ha" in text.replace("\u202f", " ")
    assert f"sí, n.º {int(area['reversion_rank'])}" in text
    assert "Tipo de actor" in text and "Sitios de trabajo en el área" in text
    facts = text[text.index("Titular"):text.index("Sitios de trabajo en el área")]
    assert "…" not in facts and "concesión" not in text
