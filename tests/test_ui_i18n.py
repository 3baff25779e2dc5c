"""The Spanish and English catalogues cover every text of the code, and the compiled .qm loads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("PyQt5")

UI = Path(__file__).resolve().parents[1] / "ui"
I18N = UI / "i18n"


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(context.findtext("name"), message.findtext("source")): message.find("translation")
            for context in root.iter("context") for message in context.iter("message")}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_text_is_translated(lang):
    found = messages(I18N / f"concession_gis_ui_{lang}.ts")
    unfinished = [key for key, translation in found.items() if translation.get("type") in ("unfinished", "obsolete")
                  or not (translation.text or "").strip()]
    assert found and unfinished == []


def test_the_catalogue_is_in_step_with_the_code(tmp_path):
    pylupdate = shutil.which("pylupdate5") or str(Path(sys.executable).with_name("pylupdate5"))
    if not Path(pylupdate).exists():
        pytest.skip("pylupdate5 not available")
    from concession_gis_ui.i18n.update import sources

    fresh = tmp_path / "fresh.ts"
    subprocess.run([pylupdate, "-noobsolete", *sources(), "-ts", str(fresh)], cwd=UI, check=True, capture_output=True)
    assert set(messages(fresh)) == set(messages(I18N / "concession_gis_ui_es.ts")), (
        "run: python -m concession_gis_ui.i18n.update, then translate the new texts")


def test_the_spanish_qm_translates(qapp):
    from concession_gis_ui.i18n import Translators
    from PyQt5.QtCore import QCoreApplication

    translators = Translators()
    assert translators.install("es")
    assert QCoreApplication.translate("MainWindow", "Layers") == "Capas"
    assert translators.install("en")
    assert QCoreApplication.translate("MainWindow", "Layers") == "Layers"
