"""The atlas drawn in several processes is the atlas drawn in one: same pages, same words on
each, in order, fonts TrueType, map pages georeferenced; and the PDF joiner keeps pages whole."""

from __future__ import annotations

import re
import shutil
import subprocess

import matplotlib
import pytest
from matplotlib.figure import Figure

from concession_gis.export.atlas import write_atlas
from concession_gis.export.atlas_pages import runs, worker_count
from concession_gis.export.pdf_merge import merge_pdfs
from concession_gis.export.typography import print_fonts
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs

matplotlib.use("agg")


def page_texts(path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def xref_is_sound(data: bytes) -> bool:
    xref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    entries = re.findall(rb"(\d{10}) 00000 n", data[xref:])
    return data[xref:xref + 4] == b"xref" and all(
        re.match(rb"%d 0 obj" % number, data[int(offset):]) for number, offset in enumerate(entries, start=1))


def test_atlas_in_two_processes_has_the_pages_of_the_atlas_in_one(tmp_path):
    results = analyze(bundled_inputs(), lang="es")
    one = write_atlas(results, tmp_path / "one.pdf", lang="es", dpi=40, workers=1)
    two = write_atlas(results, tmp_path / "two.pdf", lang="es", dpi=40, workers=2)
    assert one.pages == two.pages == 22 and one.codes == two.codes  # cover, index, 20 cases
    assert page_texts(tmp_path / "one.pdf") == page_texts(tmp_path / "two.pdf")
    data = (tmp_path / "two.pdf").read_bytes()
    assert b"/Type3" not in data and b"/FontFile2" in data
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) == 22
    assert data.count(b"/VP [") == 21  # the cover's map and every case's, not the index
    assert xref_is_sound(data)
    assert b"/Title (" in data  # the atlas's title kept from the first part


def test_work_is_cut_into_consecutive_runs(monkeypatch):
    cases = [(f"{i:09d}", 3 + i) for i in range(20)]
    assert runs(cases, 2) == [cases[:10], cases[10:]]
    assert [len(part) for part in runs(cases * 5, 2)] == [25, 25, 25, 25]
    assert [c for part in runs(cases, 3) for c in part] == cases
    assert worker_count(3) == 1 and worker_count(40, asked=3) == 3 and worker_count(2, asked=8) == 2
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "1")  # the window's worker leaves a core to the GUI
    assert worker_count(40) == 1


def test_joined_pdf_keeps_every_page_its_size_and_words(tmp_path):
    paths = []
    for name, size in (("a", (3, 2)), ("b", (2, 3))):
        path = tmp_path / f"{name}.pdf"
        from matplotlib.backends.backend_pdf import PdfPages

        with print_fonts(), PdfPages(path) as pdf:
            for i in range(2):
                fig = Figure(figsize=size)
                fig.text(0.1, 0.5, f"página {name}{i}")
                pdf.savefig(fig)
        paths.append(path)
    assert merge_pdfs(paths, tmp_path / "joined.pdf") == 4
    data = (tmp_path / "joined.pdf").read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert [(float(w), float(h)) for w, h in boxes] == [(216, 144)] * 2 + [(144, 216)] * 2
    assert [t.strip() for t in page_texts(tmp_path / "joined.pdf")] == ["página a0", "página a1", "página b0", "página b1"]
    assert xref_is_sound(data)
