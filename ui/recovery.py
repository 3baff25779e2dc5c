"""Offering the autosave of a session that crashed, on the next start."""

from __future__ import annotations

import shutil
from pathlib import Path

from concession_gis_ui.i18n import words
from concession_gis_ui.project import load_project
from PyQt5.QtWidgets import QMessageBox


def recover(window, orphan: Path) -> None:
    """Reopen a crashed session's autosave; its results are copied into this session first."""
    project = load_project(orphan)
    if project.results and Path(project.results).exists():
        kept = window.autosave.work_dir / "recovered-results.gpkg"
        shutil.copyfile(project.results, kept)
        project.results = str(kept)
    window.autosave.forget(orphan)
    window.controller.apply_project(project)
    window.messages.add("info", words("ui.recovery.recovered"))


def offer_recovery(window, answer: bool | None = None) -> bool:
    """Ask whether to reopen the newest crashed session (``answer`` skips the question in tests)."""
    orphans = window.autosave.orphans()
    if not orphans:
        return False
    if answer is None:
        reply = QMessageBox.question(
            window, words("ui.recovery.title"),
            words("ui.recovery.question"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        answer = reply == QMessageBox.Yes
    if answer:
        recover(window, orphans[0])
    for orphan in orphans[1 if answer else 0:]:
        window.autosave.forget(orphan)
    return answer
