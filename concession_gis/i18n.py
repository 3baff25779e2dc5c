"""Words the core shows to people (stage names, reasons, map text) in Spanish and English.

The catalog is messages.toml beside this module: one table per language, keys shared. Spanish is
the default because most users work in Spanish; English is used when the locale says so.
"""

from __future__ import annotations

import locale
import os
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

    A value whose name ends in ``_key`` is itself a catalogue key, written in the same language
    with the other values: ``tr("error.empty_file", "es", path=p, what_key="input_kind.holders")``
    says "titulares".
    """
    table = _catalog().get(lang) or _catalog()[DEFAULT_LANGUAGE]
    text = table.get(key) or _catalog()[DEFAULT_LANGUAGE].get(key) or key
    if not values:
        return text
    plain = {name: value for name, value in values.items() if not name.endswith("_key")}
    values = {name: tr(value, lang, **plain) if name.endswith("_key") else value for name, value in values.items()}
    return text.format(**values)


def column_heading(column: str, lang: str) -> str:
    """How a table heads ``column`` for someone reading ``lang`` ('legal_state' → 'Situación legal');
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
