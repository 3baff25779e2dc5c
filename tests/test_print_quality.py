"""Print quality, read back from the files as a printer, a PDF reader and a copy-paste would.

PDFs are opened as bytes: fonts must be embedded TrueType (Type 42, ``/FontFile2``), never Type 3;
every ``Tf`` operator in the page streams sets a size of at least 6.5 pt. Poppler's ``pdffonts``
and ``pdftotext`` (when installed) confirm the fonts and give each word's box: all inside the
printable area, words copied out whole ("geográfica" keeps its "fi"). Numbers are read in one
style per language, and maps from the synthetic sample say so.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zlib

import pytest

from concession_gis.cli import main
from concession_gis.export.atlas import write_atlas
from concession_gis.export.dossier import write_dossier
from concession_gis.export.maps import write_map
from concession_gis.i18n import format_number, tr
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs, sample_dir
from concession_gis.sample.demo import FILES

MIN_PT = 6.5
MM = 72 / 25.4  # PDF points per millimetre
PRINTABLE_MM = 5.0  # what office printers leave unprinted at each edge, at most


@pytest.fixture(scope="module")
def spanish():
    # Ages are printed to the reference date ("hace 32 años"): fixed, or the test fails each year.
    return analyze(dataclasses.replace(bundled_inputs(), rule_overrides={"reference_date": "2026-06-30"}), lang="es")


@pytest.fixture(scope="module")
def sheets(spanish, tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    write_map(spanish, out / "regional.pdf", lang="es")
    write_map(spanish, out / "regional_portrait.pdf", lang="es", orientation="portrait")
    write_map(spanish, out / "case.pdf", case="010000198", lang="es")
    write_map(spanish, out / "case_en.pdf", case="010000198", lang="en")
    write_map(spanish, out / "regional.svg", lang="es")
    write_atlas(spanish, out / "atlas.pdf", where=["conflict_type=coexistence_candidate"], lang="es")
    write_dossier(spanish, "010000198", out / "dossier.pdf", lang="es")
    # The change map of `compare`: the demo against its later snapshot (sample_data/later).
    assert main(["compare", str(sample_dir()), str(sample_dir() / "later"), "--out", str(out / "changes"),
                 "--lang", "es", "--quiet"]) == 0
    shutil.copy(out / "changes" / "change_map.pdf", out / "change_map.pdf")
    return out


PDFS = ("regional.pdf", "regional_portrait.pdf", "case.pdf", "case_en.pdf", "atlas.pdf", "dossier.pdf", "change_map.pdf")


def font_sizes(pdf: bytes) -> list[float]:
    """The size of every ``Tf`` (set font) in the PDF's compressed page streams."""
    sizes = []
    # The stream is inflated up to zlib's own end, the line break before ``endstream`` left over:
    # cutting at ``\r?\nendstream`` instead lost the last byte whenever it happened to be ``\r``
    # (about one stream in 256, so a page whose compressed bytes changed with its date).
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        inflate = zlib.decompressobj()
        try:
            content = inflate.decompress(match.group(1))
        except zlib.error:  # an embedded font or image, not a page's text
            continue
        if inflate.eof:
            sizes += [float(size) for size in re.findall(rb"/F\d+ ([\d.]+) Tf", content)]
    return sizes


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


@pytest.mark.parametrize("name", PDFS)
def test_fonts_are_embedded_truetype_never_type3(sheets, name):
    data = (sheets / name).read_bytes()
    assert b"/Type3" not in data
    assert b"/FontFile2" in data  # the TrueType program itself, embedded


@pytest.mark.parametrize("name", PDFS)
def test_pdffonts_lists_only_embedded_truetype(sheets, name):
    listing = subprocess.run([poppler("pdffonts"), str(sheets / name)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        assert "TrueType" in line and "Type 3" not in line, line
        assert line.split()[-5] == "yes", line  # emb


@pytest.mark.parametrize("name", PDFS)
def test_each_font_is_embedded_once(sheets, name):
    """Text is set without ligatures: a glyph of several letters ("fi") made matplotlib embed a
    second subset of its font, and subset it again, in every PDF."""
    listing = subprocess.run([poppler("pdffonts"), str(sheets / name)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    fonts = [line.split()[0].partition("+")[2] for line in listing]  # ABCDEF+DejaVuSans-Bold
    assert len(fonts) == len(set(fonts)), fonts


@pytest.mark.parametrize("name", PDFS)
def test_no_text_under_six_and_a_half_points(sheets, name):
    sizes = font_sizes((sheets / name).read_bytes())
    assert len(sizes) > 20
    assert min(sizes) >= MIN_PT - 1e-9, sorted(sizes)[:5]


def test_font_sizes_reads_a_stream_whose_last_byte_is_a_carriage_return():
    content = b"BT /F1 7.5 Tf (a) Tj ET " * 3
    packed = next(packed for packed in (zlib.compress(content + bytes([n])) for n in range(256))
                  if packed.endswith(b"\r"))
    pdf = b"1 0 obj << /Length 2 0 R /Filter /FlateDecode >> stream\n" + packed + b"\nendstream endobj"  # as matplotlib writes
    assert font_sizes(pdf) == [7.5, 7.5, 7.5]


def words_with_boxes(pdf) -> list[tuple[int, float, float, float, float, float, float, str]]:
    """(page, page width, page height, xmin, ymin, xmax, ymax, word) from ``pdftotext -bbox``."""
    html = subprocess.run([poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S), start=1):
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        for box, word in re.findall(r'<word ([^>]*)>(.*?)</word>', page):
            x0, y0, x1, y1 = (float(re.search(f'{k}="([-\\d.]+)"', box)[1]) for k in ("xMin", "yMin", "xMax", "yMax"))
            words.append((number, width, height, x0, y0, x1, y1, word))
    return words


@pytest.mark.parametrize("name", PDFS)
def test_every_word_and_page_number_lies_inside_the_printable_area(sheets, name):
    words = words_with_boxes(sheets / name)
    edge = PRINTABLE_MM * MM
    outside = [(p, w) for p, width, height, x0, y0, x1, y1, w in words
               if x0 < edge or y0 < edge or x1 > width - edge or y1 > height - edge]
    assert outside == []


def test_atlas_page_numbers_are_at_least_seven_millimetres_from_the_bottom(sheets):
    words = words_with_boxes(sheets / "atlas.pdf")
    numbered = [w for w in words if w[7] == "Página"]
    assert len(numbered) >= 4  # the cover's, and one per case page
    assert all((height - y1) / MM >= 7.0 for _, _, height, _, _, _, y1, _ in numbered)


def test_copied_text_keeps_ligature_letters_and_spanish_words(sheets):
    text = subprocess.run([poppler("pdftotext"), str(sheets / "regional.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "geográfica" in text  # "fi" copied as two letters, not a Type 3 glyph
    assert "DATOS SINTÉTICOS" in text


def test_svg_keeps_its_words_as_text(sheets):
    svg = (sheets / "regional.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "DATOS SINTÉTICOS" in svg
    assert "font-family" in svg or "font:" in svg


def test_case_pages_write_one_number_style_per_language(sheets):
    spanish = subprocess.run([poppler("pdftotext"), str(sheets / "case.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
    english = subprocess.run([poppler("pdftotext"), str(sheets / "case_en.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
    # The claim's area (900.17 ha) and its holder's loss (68.59 ha), in the facts and the idle reason.
    assert "900,2 ha" in spanish and "68,6 ha" in spanish
    assert not re.findall(r"\d\.\d+ ha", spanish)
    assert "900.2 ha" in english and "68.6 ha" in english
    assert not re.findall(r"\d,\d+ ha", english)
    assert "hace 32 años" in spanish  # filed on 1994-03-15, 32 whole years before 2026-06-30


def test_one_number_helper_thin_space_thousands_and_decimal_comma_in_spanish():
    assert format_number(1200.44, "es", 1) == "1\u2009200,4"
    assert format_number(1200.44, "en", 1) == "1\u2009200.4"
    assert format_number(float("nan"), "es") == "–"
    # Catalogue texts go through the same helper; years and counts stay as they are.
    assert tr("idle.loss", "es", ha=1234.56, pct=7.62).endswith("1\u2009234,6 ha (7,6 % del área)")
    assert tr("idle.loss", "en", ha=1234.56, pct=7.62).endswith("1\u2009234.6 ha (7.6 % of its area)")
    assert tr("idle.production", "es", year=2025) == tr("idle.production", "es", year="2025")
    # A bare float as written, with the language's decimal mark.
    assert tr("reject.out_of_range", "es", what="LATITUD", value=-95.0, low=-90, high=90) == \
        "LATITUD -95,0 fuera de rango (-90 a 90)"


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("es", "hace 1 año", "hace 2 años"),
    ("en", "1 year ago", "2 years ago"),
])
def test_singular_and_plural(lang, one, two):
    assert tr("case.years", lang, n=1) == one
    assert tr("case.years", lang, n=2) == two
    assert tr("idle.young", "es", years=1, min=10) == "petitorio hace 1 año, menos de 10"
    assert tr("atlas.n_cases", "es", n=1) == "1 concesión, en una página"


def test_only_maps_from_sample_inputs_carry_the_synthetic_mark(tmp_path, spanish):
    assert spanish.summary["synthetic"] is True
    copied = tmp_path / "datos"
    copied.mkdir()
    for name in FILES.values():  # the same files, without the sample's LEEME.txt beside them
        for part in sample_dir().glob(f"{name.rsplit('.', 1)[0]}.*"):
            shutil.copy(part, copied / part.name)
    inputs = bundled_inputs()
    folder = str(sample_dir())
    for field in ("concessions", "registrations", "loss_rasters", "forest", "restricted"):
        setattr(inputs, field, [spec.replace(folder, str(copied)) for spec in getattr(inputs, field)])
    for field in ("activity", "holders", "contracts"):
        setattr(inputs, field, getattr(inputs, field).replace(folder, str(copied)))
    results = analyze(inputs, lang="es")
    assert results.summary["synthetic"] is False
    sheet = write_map(results, tmp_path / "real.svg", lang="es")
    assert "DATOS SINTÉTICOS" not in (tmp_path / "real.svg").read_text(encoding="utf-8")
    assert sheet.frame.labels is not None


def test_atlas_cover_states_its_selection_in_words_not_codes(sheets):
    first_page = subprocess.run([poppler("pdftotext"), "-f", "1", "-l", "1", str(sheets / "atlas.pdf"), "-"],
                                capture_output=True, text=True, check=True).stdout
    assert "Selección: Tipo de conflicto = Candidato a convivencia" in first_page
    assert "conflict_type" not in first_page and "coexistence_candidate" not in first_page
    assert "3 concesiones, una por página" in first_page


def test_the_change_map_of_two_sample_snapshots_carries_the_synthetic_mark(sheets):
    text = subprocess.run([poppler("pdftotext"), str(sheets / "change_map.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "DATOS SINTÉTICOS" in text
