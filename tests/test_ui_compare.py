"""Comparing two moments in the window: the dialog, the job in the worker process, the change
layers on the map with their legends, the counts in words, the change map opened; a bad file is
an error message and no crash; cancel stops it.

The two results.gpkg are test_compare's hand-built snapshots, whose changes were listed by hand:
1 claim filed, 2 gone (one extinguished, one gone from the cadastre), 1 re-registered under
another code, 1 registration new and 2 excluded (one excluded, one gone from REINFO).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from tests.test_compare import NEW_CLAIMS, NEW_REGS, OLD_CLAIMS, OLD_REGS, write_snapshot  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)

EXPECTED = {"claims_new": 1, "claims_extinct": 2, "claims_recoded": 1, "registrations_new": 1,
            "registrations_excluded": 2}


@pytest.fixture
def snapshots(tmp_path):
    return (write_snapshot(tmp_path / "old.gpkg", OLD_CLAIMS, OLD_REGS),
            write_snapshot(tmp_path / "new.gpkg", NEW_CLAIMS, NEW_REGS))


def open_compare_dialog(window, monkeypatch, old, new, out):
    """The menu action, its file dialogs answered: the dialog ready to start."""
    from concession_gis_ui.dialogs.compare_dialog import CompareDialog
    from concession_gis_ui.i18n import words
    from PyQt5.QtWidgets import QFileDialog, QPushButton

    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, title, folder, filters: (asked.append(filters) or str(old if not asked[1:] else new), ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda parent, title, folder: str(out))
    window.actions["compare"].trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, CompareDialog)
    dialog.initial = dialog.paths()  # what it proposes before any file is chosen
    browse = [b for b in dialog.findChildren(QPushButton) if b.text() == words("ui.compare.browse")]
    for button in browse:
        button.click()
    assert dialog.paths() == (str(old), str(new), str(out))
    assert asked and "*.gpkg" in asked[0] and words("ui.files.results") in asked[0]
    return dialog


def test_compare_draws_the_changes_and_says_the_counts(make_window, qtbot, monkeypatch, snapshots, tmp_path):
    from concession_gis_ui.panels.layer_panel import legend_entries
    from PyQt5.QtGui import QDesktopServices
    from PyQt5.QtWidgets import QMessageBox

    window = make_window("en")
    out = tmp_path / "changes"
    dialog = open_compare_dialog(window, monkeypatch, *snapshots, out)
    assert dialog.initial == ("", "", "")  # no results on the map: nothing proposed
    with qtbot.waitSignal(window.controller.comparison_ended, timeout=60_000) as ended:
        dialog.accept()
        assert not window.actions["compare"].isEnabled() and window.cancel_button.isEnabled()
    assert ended.args[0] == "done", window.messages.texts()
    for name in ("changes.gpkg", "changes.json", "changes_es.md", "changes_en.md", "change_map.pdf"):
        assert (out / name).is_file(), name
    # Each change layer on the map, with its count in the legend and its rows in the table.
    for change, n in EXPECTED.items():
        layer = window.session.layers.get(f"changes:{change}")
        assert layer is not None and len(layer.frame) == n, change
        assert [text for _, text in legend_entries(layer)] == [f"All  ({n})"]  # said of what, not a bare number
    assert window.session.layers.get("changes:claims_new").frame["code"].tolist() == ["010000010"]
    assert sorted(window.session.layers.get("changes:registrations_excluded").frame["reg_id"]) == ["0000002", "0000003"]
    titles = [window.layer_panel.tree.topLevelItem(i).text(0) for i in range(window.layer_panel.tree.topLevelItemCount())]
    assert "Changes: new claims" in titles and "Changes: registrations excluded or gone" in titles
    assert window.central.currentWidget() is window.canvas
    assert window.layer_panel.current_layer().name == "changes:claims_new" and window.table.model.rowCount() == 1
    # The counts in words, in a message box and in the messages panel.
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    for line in ("Claims: 9 before, 9 after. REINFO registrations: 6 before, 6 after.", "New claims: 1",
                 "Claims extinguished or gone from the cadastre: 2", "Claims with another code (recognised by their polygon): 1",
                 "New registrations: 1", "Registrations excluded or gone from REINFO: 2"):
        assert line in box.text(), box.text()
        assert any(line in text for text in window.messages.texts("info"))
    # The change map PDF opened from the box, and later from the menu.
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    [button] = [b for b in box.buttons() if b.text() == "Open the change map (PDF)"]
    button.click()
    assert window.actions["open_change_map"].isEnabled()
    window.actions["open_change_map"].trigger()
    assert [Path(p) for p in opened] == [out / "change_map.pdf"] * 2
    assert window.actions["compare"].isEnabled() and not window.cancel_button.isEnabled()
    assert window.save_project(str(tmp_path / "p.cgis.json"))  # a project with change layers on the map saves


def test_a_bad_file_is_one_message_in_the_window_language(make_window, qtbot, monkeypatch, snapshots, tmp_path):
    window = make_window("es")
    old, _ = snapshots
    bad = tmp_path / "bad.gpkg"
    bad.write_text("code;name\n1;x\n", encoding="utf-8")
    dialog = open_compare_dialog(window, monkeypatch, old, bad, tmp_path / "out")
    with qtbot.waitSignal(window.controller.comparison_ended, timeout=60_000) as ended:
        dialog.accept()
    assert ended.args[0] == "failed"
    errors = window.messages.texts("error")
    assert len(errors) == 1  # each message is shown after its time
    assert errors[0].endswith(f"  {bad}: no es un results.gpkg de concession-gis (no tiene la capa concessions).")
    assert "Traceback" not in errors[0] and not list((tmp_path / "logs").glob("*"))
    assert not any(layer.name.startswith("changes:") for layer in window.session.layers)
    assert not (tmp_path / "out").exists()
    assert window.actions["compare"].isEnabled() and not window.actions["open_change_map"].isEnabled()


def test_cancel_stops_a_comparison(make_window, qtbot, monkeypatch, snapshots, tmp_path):
    from concession_gis_ui import jobs
    from PyQt5.QtCore import Qt

    from tests.gui_helpers import slow_compare_job

    window = make_window("en")
    dialog = open_compare_dialog(window, monkeypatch, *snapshots, tmp_path / "out")
    monkeypatch.setattr(jobs, "compare_job", slow_compare_job)
    dialog.accept()
    qtbot.waitUntil(lambda: window.stage_label.text() == "Reading both results", timeout=30_000)
    with qtbot.waitSignal(window.controller.comparison_ended, timeout=2_000) as ended:
        started = time.perf_counter()
        qtbot.mouseClick(window.cancel_button, Qt.LeftButton)
    assert ended.args[0] == "cancelled" and time.perf_counter() - started < 1.0
    assert any(text.endswith("Comparison cancelled.") for text in window.messages.texts("info"))
    assert not any(layer.name.startswith("changes:") for layer in window.session.layers)


def test_the_change_layers_have_the_change_maps_colours():
    from concession_gis_ui.styles import SINGLE, hex_rgba

    from concession_gis.export.change_map import CLAIM_SYMBOLS, POINT_SYMBOLS

    for name in ("claims_new", "claims_extinct"):
        assert SINGLE[f"changes:{name}"][:3] == hex_rgba(CLAIM_SYMBOLS[name][0])[:3]
    for name in ("registrations_new", "registrations_excluded"):
        assert SINGLE[f"changes:{name}"][:3] == hex_rgba(POINT_SYMBOLS[name][1])[:3]


def test_the_demo_and_its_second_snapshot_as_make_compare_does(make_window, gui, qtbot, monkeypatch, tmp_path):
    """The window analyses sample_data/later (the later one defaults to its results); the earlier
    is the bundled demo analysed by the core. sample/later.py's Drift on the demo's 20 claims and
    55 registrations: 2 extinguished + 2 gone = 4 extinct, their ground filed again as 2 new, 1
    re-registered under a new code; 3 new registrations. The rasters are the same at both moments:
    no new front."""
    import json
    from dataclasses import replace

    from concession_gis.export.results import write_results
    from concession_gis.pipeline import analyze
    from concession_gis.sample.bundled import bundled_inputs, sample_dir
    from concession_gis.sample.demo import FILES

    first = bundled_inputs()
    old = write_results(analyze(first, lang="en"), tmp_path / "old")["results.gpkg"]
    later = sample_dir() / "later"
    window = make_window("en")
    qtbot.waitUntil(window.open_inputs(replace(first, concessions=[str(later / FILES["concessions"])],
                                                registrations=[str(later / FILES["registrations"])])), timeout=30_000)
    gui.run_and_wait(window)
    out = tmp_path / "changes"
    dialog = open_compare_dialog(window, monkeypatch, old, window.session.results_path, out)
    assert dialog.initial == ("", window.session.results_path, "")  # the later: the results on the map
    with qtbot.waitSignal(window.controller.comparison_ended, timeout=60_000) as ended:
        dialog.accept()
    assert ended.args[0] == "done", window.messages.texts()
    shown = {name: len(window.session.layers.get(f"changes:{name}").frame) for name in EXPECTED}
    assert {k: shown[k] for k in ("claims_new", "claims_extinct", "claims_recoded", "registrations_new")} == {
        "claims_new": 2, "claims_extinct": 4, "claims_recoded": 1, "registrations_new": 3}
    counts = json.loads((out / "changes.json").read_text(encoding="utf-8"))["counts"]
    assert shown == {name: counts[name] for name in EXPECTED} and counts["fronts_new"] == 0
    assert "New claims: 2" in window.active_dialog.text() and "New forest-loss fronts: 0" in window.active_dialog.text()
