"""Entry point of the desktop application: ``concession-gis gui [PROJECT_OR_FILES…] [--lang es|en]``."""

from __future__ import annotations

import sys

ORGANIZATION = "concession-gis"
# Python hands the GIL to a waiting thread after this long (default 5 ms). The GUI thread waits
# behind the render and loading threads; a shorter interval lets it in sooner (measured: the
# 99th-percentile event-loop gap while a national frame is drawn).
GIL_SWITCH_INTERVAL_S = 0.001
APPLICATION = "concession-gis"


def create_app(argv: list[str] | None = None):
    """The QApplication (made once), with the names QSettings uses."""
    from PyQt5.QtCore import QCoreApplication, Qt
    from PyQt5.QtWidgets import QApplication

    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setAttribute(Qt.AA_EnableHighDpiScaling, True)
        QCoreApplication.setAttribute(Qt.AA_UseHighDpiPixmaps, True)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    return app


def make_window(lang: str | None = None, paths: list[str] | None = None, offer_recovery: bool = True):
    """The main window in the chosen language, with ``paths`` opened (and a crashed session offered)."""
    from concession_gis_ui import heartbeat
    from concession_gis_ui.i18n import choose_language, qt_words
    from concession_gis_ui.main_window import MainWindow
    from concession_gis_ui.recovery import offer_recovery as offer
    from PyQt5.QtCore import QSettings, QTimer

    language = choose_language(lang, QSettings().value("language", None))
    window = MainWindow(language)
    heartbeat.start(window)  # the window's threads make way for its GUI thread
    qt_words()
    if paths:
        QTimer.singleShot(0, lambda: window.open_paths(list(paths)))
    elif offer_recovery:
        QTimer.singleShot(0, lambda: offer(window))
    return window


def install_excepthook(window) -> None:
    """Errors raised in a slot go to the message panel and a log file, not to a console (and
    PyQt would otherwise abort the whole application on them)."""
    import traceback

    from concession_gis_ui.i18n import words

    from concession_gis.logs import log_path

    def hook(kind, value, tb) -> None:
        path = log_path()
        path.write_text("".join(traceback.format_exception(kind, value, tb)), encoding="utf-8")
        window.messages.add("error", words("ui.controller.internal_error", error=repr(value), log=str(path)))

    sys.excepthook = hook
