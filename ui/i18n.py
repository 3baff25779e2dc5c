"""The window's words and the one owner of the language it speaks. No Qt at import.

Every word comes from the core's catalogue (``concession_gis/messages.toml``, keys ``ui.*`` for
the window's own): ``words("ui.controller.project_saved", path=p)``. :data:`LANGUAGE` is the one
place that knows the current language; the session, the layers, the table models, the panels and
Qt's own translator (standard dialog buttons) read it or follow its one event, so switching
language re-words everything live, with no restart. It is one per application because Qt's
translators are too.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable
from functools import cache

from concession_gis.i18n import DEFAULT_LANGUAGE, LANGUAGES, resolve_language, system_language, tr

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


class Language:
    """The current language and the callbacks that follow it.

    A bound method is held weakly, so a panel or model that follows the language is not kept
    alive by it, and one whose Qt object was deleted (its window closed) is skipped.
    """

    def __init__(self, code: str = DEFAULT_LANGUAGE) -> None:
        self.code = code
        self._followers: list[Callable[[], Callable | None]] = []

    def follow(self, callback: Callable[[], object]) -> None:
        """Call ``callback()`` after every change of language (it reads :attr:`code`)."""
        self._followers.append(weakref.WeakMethod(callback) if hasattr(callback, "__self__") else (lambda: callback))

    def set(self, code: str) -> None:
        code = resolve_language(code)  # ValueError for a language the tool does not speak
        if code == self.code:
            return
        self.code = code
        self._followers = [ref for ref in self._followers if _alive(ref())]
        for ref in list(self._followers):
            callback = ref()
            if _alive(callback):
                callback()


def _alive(callback) -> bool:
    """False for a callback gone, or bound to a Qt object that Qt has deleted."""
    if callback is None:
        return False
    sip = sys.modules.get("PyQt5.sip")  # loaded only where Qt is
    owner = getattr(callback, "__self__", None)
    return not (sip is not None and isinstance(owner, sip.simplewrapper) and sip.isdeleted(owner))


LANGUAGE = Language()


def words(key: str, **values) -> str:
    """The catalogue text of ``key`` in the current language, ``{placeholders}`` filled."""
    return tr(key, LANGUAGE.code, **values)


def choose_language(explicit: str | None, saved: str | None) -> str:
    """The command line's language, else the one saved in the settings, else the locale's (Spanish when unsure)."""
    for candidate in (explicit, saved):
        if candidate and candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    return system_language()


@cache
def qt_words() -> QtWords:
    """Qt's own translator for the application, installed once; it follows :data:`LANGUAGE`."""
    return QtWords()


class QtWords:
    """Qt's own translator (the buttons of standard dialogs) in the current language."""

    def __init__(self) -> None:
        self._installed = None
        self.install()
        LANGUAGE.follow(self.install)

    def install(self) -> None:
        from PyQt5.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

        app = QCoreApplication.instance()
        if self._installed is not None:
            app.removeTranslator(self._installed)
            self._installed = None
        code = LANGUAGE.code
        translator = QTranslator()
        if translator.load(QLocale(code), "qtbase", "_", QLibraryInfo.location(QLibraryInfo.TranslationsPath)):
            app.installTranslator(translator)
            self._installed = translator
        QLocale.setDefault(QLocale(code))
