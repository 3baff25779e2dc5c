"""Never lose work: the change mark, the project's name in the title, "save the changes?"."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtWidgets import QMessageBox  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def questions(monkeypatch):
    """Every question the window asks, answered with ``questions.answer``."""

    class Asked(list):
        answer = QMessageBox.Cancel

    asked = Asked()

    def question(parent, title, text, buttons, default):
        asked.append((title, text))
        return asked.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_closing_without_changes_asks_nothing(make_window, questions):
    window = make_window("es", ask_to_save=True)
    assert not window.isWindowModified()
    assert window.close()
    assert questions == []


def test_closing_with_changes_asks_to_save_and_cancel_keeps_the_window(make_window, questions):
    window = make_window("es", ask_to_save=True)
    window.session.set_crs("EPSG:32719")  # a change of the user's (as the CRS dialog makes it)
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    questions.answer = QMessageBox.Cancel
    assert not window.close()
    assert window.isVisible()
    assert questions == [("¿Guardar los cambios?",
                          "El proyecto tiene cambios sin guardar. ¿Guardar los cambios antes de continuar?")]
    questions.answer = QMessageBox.Discard
    assert window.close()
    assert len(questions) == 2
    assert not window.isVisible()


def test_save_clears_the_mark_and_a_project_opened_shows_its_name(make_window, questions, tmp_path):
    window = make_window("es", ask_to_save=True)
    assert window.windowTitle().startswith("sin título")
    window.session.set_crs("EPSG:32719")
    path = window.save_project(str(tmp_path / "Madre de Dios.cgis.json"))
    assert path and not window.isWindowModified()
    assert window.windowTitle() == "Madre de Dios[*] — concession-gis"
    other = make_window("es", ask_to_save=True)
    other.session.set_crs("EPSG:32718")
    questions.answer = QMessageBox.Discard  # opening another project over unsaved work asks first
    other.open_paths([path])
    assert len(questions) == 1
    assert other.windowTitle() == "Madre de Dios[*] — concession-gis"
    assert not other.isWindowModified()
    assert other.session.inputs.crs == "EPSG:32719"
    # The layer panel's own changes mark the project too.
    other.layer_panel.user_changed.emit()
    assert other.isWindowModified()
    questions.answer = QMessageBox.Discard  # for the windows closed after the test
