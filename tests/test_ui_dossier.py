"""A claim's dossier from the window: its case opened, "Exportar dossier del caso…" writes the
PDF in the worker, with progress, and the PDF read back names the claim."""

from __future__ import annotations

import shutil
import subprocess

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(240)

CODE = "010000198"  # ANDINA I of the bundled demo: three registrations, a candidate among them


def test_dossier_of_a_bundled_claim_from_the_case_view(make_window, gui, qtbot, tmp_path, monkeypatch):
    from concession_gis_ui import main_window

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    window = make_window("es")
    gui.open_bundled(window)
    gui.run_and_wait(window)
    claims = window.session.layers.get("concessions")
    row = int((claims.frame["code"].astype(str) == CODE).to_numpy().nonzero()[0][0])
    window.open_case(claims, row)
    details = window.details
    assert details.export_dossier.isVisible() and details.export_dossier.text() == "Exportar dossier del caso…"
    assert details.export_case.text() == "Exportar mapa del caso…"

    out = tmp_path / "expediente.pdf"
    asked = []

    def save_name(parent, title, name, filters):
        asked.append((title, name, filters))
        return str(out), filters

    monkeypatch.setattr(main_window.QFileDialog, "getSaveFileName", save_name)
    stages = []
    window.controller.status.connect(stages.append)
    with qtbot.waitSignal(window.controller.export_done, timeout=120_000) as done:
        details.export_dossier.click()
    assert done.args[0] == "dossier" and done.args[1] == str(out)
    assert asked[0][1] == f"expediente_{CODE}.pdf" and "PDF" in asked[0][2]
    assert "Componiendo el dossier" in stages  # the worker's progress reached the status bar
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Expediente del caso {CODE}" in text
