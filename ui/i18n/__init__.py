"""The application's own words in Spanish and English (Qt .ts sources, compiled .qm beside them).

Source strings in the code are English and written as ``translate("Context", "text")`` so that
``pylupdate5`` finds them (``python -m concession_gis_ui.i18n.update`` refreshes the .ts files
and compiles them with ``lrelease``). The core's words (stage names, reasons) come from
``concession_gis.i18n.tr``. Switching language installs another QTranslator; every widget
retranslates itself on the LanguageChange event that Qt then sends, so no restart is needed.
"""

from __future__ import annotations

from pathlib import Path

from PyQt5.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from concession_gis.i18n import LANGUAGES, system_language

HERE = Path(__file__).parent
LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def qm_file(lang: str) -> Path:
    return HERE / f"concession_gis_ui_{lang}.qm"


def choose_language(explicit: str | None, saved: str | None) -> str:
    """The command line's language, else the one saved in the settings, else the locale's (Spanish when unsure)."""
    for candidate in (explicit, saved):
        if candidate and candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    return system_language()


class Translators:
    """The translators installed in the application for the current language."""

    def __init__(self) -> None:
        self.language: str | None = None
        self._installed: list[QTranslator] = []

    def install(self, lang: str) -> bool:
        """Switch the application to ``lang``; returns False when its .qm file is missing."""
        app = QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        ok = True
        ours = QTranslator()
        if ours.load(str(qm_file(lang))):
            self._installed.append(ours)
        elif lang != "en":
            ok = False
        qt_words = QTranslator()  # Qt's own dialogs (file chooser buttons...)
        if qt_words.load(QLocale(lang), "qtbase", "_", QLibraryInfo.location(QLibraryInfo.TranslationsPath)):
            self._installed.append(qt_words)
        for translator in self._installed:
            app.installTranslator(translator)
        QLocale.setDefault(QLocale(lang))
        self.language = lang
        return ok
