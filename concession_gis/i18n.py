"""Words the core shows to people (stage names, reasons, map text) in Spanish and English.

The catalog is messages.toml beside this module: one table per language, keys shared. Spanish is
the default because most users work in Spanish; English is used when the locale says so.

Numbers have one style per language, written by :func:`format_number` wherever a person reads
them (maps, case pages, the reasons in tables, messages): thousands grouped by a thin space
(ISO 80000-1, read the same in both languages: ``1 200``), a decimal comma in Spanish
(``1 200,4``) and a decimal point in English (``1 200.4``). A catalogue text's ``{ha:.1f}``
(and ``{pixels:,}``) goes through it too. Dates have one style per language too, written by
:func:`format_date`: day first in Spanish as the registries write them (``15/03/1994``), ISO 8601
in English (``1994-03-15``), as the spreadsheets show them; :func:`format_timestamp` adds the
time of day, in the reader's local time (a run's ``finished`` is stored in UTC). A key with a ``.one`` variant (``case.years.one`` = "hace 1 año") is
written in that variant when its count (the value ``n``, else ``years``) is 1.
"""

from __future__ import annotations

import datetime as dt
import locale
import numbers
import os
import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"


@cache
def _catalog() -> dict[str, dict[str, str]]:
    text = resources.files("concession_gis").joinpath("messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def system_language() -> str:
    """'en' when the user's locale is English, else Spanish (the default when unsure)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "en" if code.lower().startswith("en") else DEFAULT_LANGUAGE


def resolve_language(lang: str | None) -> str:
    """``lang`` if it is a supported language, the system language when None."""
    if lang is None:
        return system_language()
    lang = lang.lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def tr(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text of ``key`` in ``lang`` with ``{placeholders}`` filled; the key itself if unknown.

    A date value (``datetime.date``) is written in the language's date style (:func:`format_date`).
    A value whose name ends in ``_key`` is itself a catalogue key, written in the same language
    with the other values: ``tr("error.empty_file", "es", path=p, what_key="input_kind.holders")``
    says "titulares".
    """
    table = _catalog().get(lang) or _catalog()[DEFAULT_LANGUAGE]
    count = next((values[name] for name in PLURAL_COUNTS if name in values), None)
    if _is_number(count) and count == 1 and f"{key}.one" in table:
        key = f"{key}.one"
    text = table.get(key) or _catalog()[DEFAULT_LANGUAGE].get(key) or key
    if not values:
        return text
    if isinstance(values.get("detail"), str):
        values["detail"] = library_words(values["detail"], lang)
    plain = {name: value for name, value in values.items() if not name.endswith("_key")}
    values = {name: tr(value, lang, **plain) if name.endswith("_key")
              else _Number(value, lang) if _is_number(value)
              else format_date(value, lang) if isinstance(value, dt.date) else value for name, value in values.items()}
    return text.format(**values)


# What GDAL, the zip reader and the operating system say most often in a message's ``detail``,
# by a phrase of theirs: said in the reader's words ("formato no reconocido"), where their English
# (with the path again) reached a Spanish reader inside an error message.
LIBRARY_PHRASES = {
    "not recognized as being in a supported file format": "library.unknown_format",
    "not recognised as being in a supported file format": "library.unknown_format",
    "file is not a zip file": "library.not_a_zip",
    "no such file or directory": "library.no_such_file",
    "permission denied": "library.permission_denied",
    "no space left on device": "library.disk_full",
}


def library_words(detail: str, lang: str) -> str:
    """``detail`` (a library's words) in ``lang`` where it says one of :data:`LIBRARY_PHRASES`,
    else as the library said it."""
    said = detail.lower()
    key = next((key for phrase, key in LIBRARY_PHRASES.items() if phrase in said), None)
    return tr(key, lang) if key else detail


PLURAL_COUNTS = ("n", "years")
THIN_SPACE = "\u2009"
_FIXED = re.compile(r"^,?\.(\d+)f$")


def format_number(value: Any, lang: str, decimals: int | None = 0, grouped: bool = True) -> str:
    """``value`` in ``lang``'s number style: thousands grouped by a thin space, a decimal comma in
    Spanish; ``decimals=None`` keeps the digits the value has (no grouping); ``grouped=False``
    writes no thousands separator (a year, a code, or a cell pasted into a spreadsheet, which
    would read ``1 200,4`` as text); an en dash for a missing value.

    >>> format_number(1200.44, "es", 1), format_number(1200.44, "en", 1), format_number(2020, "es", grouped=False)
    ('1\u2009200,4', '1\u2009200.4', '2020')
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if number != number:  # NaN
        return "–"
    if decimals is None:
        text = f"{number:g}"
    else:
        text = f"{number:,.{decimals}f}".replace(",", THIN_SPACE if grouped else "")
    return text.replace(".", ",") if lang == "es" else text


DATE_FORMATS = {"es": "%d/%m/%Y", "en": "%Y-%m-%d"}


def format_date(value: Any, lang: str) -> str:
    """The day of ``value`` (a date, datetime, pandas or numpy timestamp, or ISO text) in ``lang``'s
    date style: ``15/03/1994`` in Spanish (day first, as the registries write dates), ``1994-03-15``
    in English; an en dash for a missing or unreadable value. A timestamp keeps its own day (no
    time-zone shift: a registry's date is a day, not an instant).

    >>> format_date("1994-03-15", "es"), format_date("1994-03-15", "en")
    ('15/03/1994', '1994-03-15')
    """
    day = _as_datetime(value)
    return "–" if day is None else day.strftime(DATE_FORMATS.get(lang, DATE_FORMATS["en"]))


def format_timestamp(value: Any, lang: str) -> str:
    """An instant (``2025-03-15T16:10:29+00:00``, as a run's summary stores it) as the reader's
    local date and time to the minute, in ``lang``'s date style: ``15/03/2025 11:10`` in Lima;
    a timestamp without a time zone is taken as local time already; an en dash when missing."""
    moment = _as_datetime(value)
    if moment is None:
        return "–"
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # the machine's local time zone
    return f"{moment.strftime(DATE_FORMATS.get(lang, DATE_FORMATS['en']))} {moment:%H:%M}"


def _as_datetime(value: Any) -> dt.datetime | None:
    """``value`` as a datetime (a date at midnight); None when missing or not a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    elif type(value).__name__ == "datetime64":  # numpy, without importing it here
        text = str(value)
        if text == "NaT":
            return None
        moment = dt.datetime.fromisoformat(text[:26])
    else:
        return None
    # pandas' NaT is a datetime subclass whose every field is missing.
    return None if type(moment).__name__ == "NaTType" else moment


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and type(value).__name__ not in ("bool", "bool_")


class _Number:
    """A number given to a catalogue text: ``{ha:.1f}`` is written by :func:`format_number`; a
    bare ``{year}`` as the number itself (years and counts are not grouped)."""

    def __init__(self, value: Any, lang: str):
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        fixed = _FIXED.match(spec)
        if fixed:
            return format_number(self.value, self.lang, int(fixed[1]))
        if spec in (",", ",d"):  # a count grouped by thousands: "4 096 píxeles", never "4,096"
            return format_number(self.value, self.lang, 0)
        if not spec and isinstance(self.value, float):  # as written ("-95.0"), in the language's decimal mark
            return str(self.value).replace(".", ",") if self.lang == "es" else str(self.value)
        if spec.endswith("g"):  # significant digits ("0.00025°", "28.0443 m"), never grouped
            text = format(self.value, spec)
            return text.replace(".", ",") if self.lang == "es" else text
        return format(self.value, spec)

    def __str__(self) -> str:
        return format(self, "")


def column_heading(column: str, lang: str) -> str:
    """How a table heads ``column`` for someone reading ``lang`` ('legal_state' → 'Estado de la concesión');
    the district summary's counts by relation and conflict type take the value's words; a column
    the catalogue does not know (a source column) keeps its name."""
    key = f"column.{column}"
    text = tr(key, lang)
    if text != key:
        return text
    for prefix, catalogue in (("relation_", "relation"), ("conflict_", "conflict_type")):
        if column.startswith(prefix):
            value_key = f"{catalogue}.{column.removeprefix(prefix)}"
            words = tr(value_key, lang)
            if words != value_key:
                return f"{words} (n)"
    return column
