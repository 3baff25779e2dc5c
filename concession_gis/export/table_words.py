"""Tables for people: the copies of the layers a spreadsheet opens (CSV, XLSX), in the run's language.

results.gpkg, GeoJSON and KML are read by programs and keep the canonical column names and the
codes. The tables for Excel are read by people: their canonical columns are headed in words
("Estado de la concesión"), their codes written as words ("Titulada"), true and false as "sí"/"no",
and each file and sheet is named in the run's language (:func:`table_name`: ``registros.csv``,
sheet ``registros``). Source columns keep their own names and values. ``--codes`` asks for the
tables as the GeoPackage has them (canonical names, codes); the file names still follow the
language, so a run in one language always writes the same files.
"""

from __future__ import annotations

import json

import pandas as pd

from concession_gis.columns import CODED_LISTS, CODES, NUMBER_LISTS, YEAR_NUMBERS
from concession_gis.i18n import LANGUAGES, column_heading, format_number, tr
from concession_gis.io.values import fold, is_missing

WORKBOOK = "workbook"  # table_name's key for the XLSX file itself: results / resultados
# Tables read by programs even in a spreadsheet: the QCA cases go to R's QCA package or fs/QCA,
# which want plain column names and codes, comma-separated with a decimal point.
FOR_PROGRAMS = frozenset({"cases"})

# Columns whose values are codes, and the catalogue prefix that turns each code into words. A
# value the catalogue does not know (a district's name beside ``outside_districts``) stays as it is.
VALUE_WORDS = {
    **{column: column for column in CODES},
    "host_legal_state": "legal_state", "legal_state_a": "legal_state", "legal_state_b": "legal_state",
    "host_stratum": "stratum", "restricted_category": "restricted_category", "district": "district",
}


def table_name(layer: str, lang: str) -> str:
    """The file stem and sheet name of ``layer`` in ``lang`` ('registrations' → 'registros');
    ASCII, so that every disk, zip and e-mail keeps it."""
    key = f"table.{layer}"
    name = tr(key, lang)
    return layer if name == key else name


def heading(column: str, lang: str) -> str:
    """A table's heading for ``column``: a short form where the catalogue's description is long
    (``heading.latitude``), else :func:`~concession_gis.i18n.column_heading`."""
    key = f"heading.{column}"
    short = tr(key, lang)
    return short if short != key else column_heading(column, lang)


def for_people(frame: pd.DataFrame, lang: str, codes: bool = False, decimal: str | None = None) -> pd.DataFrame:
    """``frame`` with codes and booleans in words and canonical columns headed in ``lang``; with
    ``codes``, unchanged. Headings are kept unique: one that repeats another column's (case
    ignored, as Excel does) carries the canonical name too. Numbers written as text take
    ``decimal`` (a CSV's), else the language's decimal mark."""
    if codes:
        return frame
    frame = in_words(frame, lang, decimal)
    return frame.rename(columns=people_headings(list(frame.columns), lang))


def in_words(frame: pd.DataFrame, lang: str, decimal: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with its codes, lists of codes and booleans in words, its lists of
    numbers with ``decimal`` (else the language's mark), its columns named as they were."""
    frame = frame.copy()
    mark = decimal or decimal_mark(lang)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values):
            frame[column] = values.astype(object).map(_yes_no(lang)).where(values.notna(), None)
        elif column in VALUE_WORDS:
            frame[column] = values.map(lambda v, p=VALUE_WORDS[column]: code_words(p, v, lang))
        elif column in CODED_LISTS:
            prefix, separator = CODED_LISTS[column]
            frame[column] = values.map(lambda v, p=prefix, s=separator: list_words(p, s, v, lang))
        elif column in NUMBER_LISTS and mark != ".":
            frame[column] = values.map(lambda v: v.replace(".", mark) if isinstance(v, str) else v)
        elif column in YEAR_NUMBERS:
            frame[column] = values.map(lambda v: by_year(v, mark))
    return frame


def by_year(value, mark: str):
    """A JSON object of numbers by year ('{"2019": 2.8485, "2020": 20.3}') as a person reads it:
    "2019: 2,8485; 2020: 20,3" with the decimal ``mark``; anything else as it is."""
    if not isinstance(value, str) or not value.startswith("{"):
        return value
    try:
        numbers = json.loads(value)
    except ValueError:
        return value
    return "; ".join(f"{year}: {str(number).replace('.', mark)}" for year, number in numbers.items())


def decimal_mark(lang: str) -> str:
    """The decimal mark of ``lang``'s number style (:func:`~concession_gis.i18n.format_number`)."""
    return format_number(0.5, lang, 1)[1]


def people_headings(columns: list, lang: str) -> dict:
    """The heading of each canonical column of ``columns`` in ``lang``, unique: one that would
    repeat a source column's name (case ignored, as Excel does) says it is the tool's reading
    of it ("Departamento (normalizado)" beside the file's DEPARTAMENTO), else carries its name."""
    taken = {str(c).lower() for c in columns}
    renamed = {}
    for column in columns:
        words = heading(str(column), lang)
        if words == column:
            continue
        if words.lower() in taken:
            read = f"{words} ({tr('heading_suffix.normalized', lang)})"
            words = read if read.lower() not in taken else f"{words} ({column})"
        taken.add(words.lower())
        renamed[column] = words
    return renamed


def code_of(column: str, text: str) -> str | None:
    """The code of ``column`` that ``text`` is, or names in words in any language ("titulada",
    "Titled", "TITLED" are ``titled``; case and accents ignored); None when it names none, or
    when ``column`` holds no codes."""
    prefix = VALUE_WORDS.get(column)
    if prefix not in CODES:
        return None
    wanted = fold(str(text)).strip().lower()
    for code in CODES[prefix]:
        if wanted == str(code).lower() or any(wanted == fold(tr(f"{prefix}.{code}", lang)).lower() for lang in LANGUAGES):
            return str(code)
    return None


def value_words(column: str, value: str, lang: str) -> str:
    """One value of ``column`` as a person reads it in ``lang``: a code in words, true/false as
    sí/no; anything else as it is."""
    if value.lower() in ("true", "false"):
        return _yes_no(lang)[value.lower() == "true"]
    prefix = VALUE_WORDS.get(column)
    return str(code_words(prefix, value, lang)) if prefix else value


def _yes_no(lang: str) -> dict:
    return {True: tr("value.true", lang), False: tr("value.false", lang)}


def code_words(prefix: str, value, lang: str):
    """A code in words through the catalogue's ``prefix`` ("titled" → "Titulada"); a value the
    catalogue does not know, or no text, as it is."""
    if not isinstance(value, str) or not value:
        return value
    key = f"{prefix}.{value}"
    words = tr(key, lang)
    return value if words == key else words


def sheet_words(prefix: str, value, lang: str) -> str:
    """A code in words on a printed sheet (a dossier's facts, an area's subtitle); a dash where
    the value is missing; a code the catalogue does not know as it is (:func:`code_words`),
    never the catalogue's key ("legal_state.xyz")."""
    return "–" if is_missing(value) or not str(value) else str(code_words(prefix, str(value), lang))


def list_words(prefix: str, separator: str, value, lang: str):
    """A list of codes written with ``separator`` ("activity,forest_loss") in words, each through
    the catalogue's ``prefix`` ("producción declarada, pérdida de bosque")."""
    if not isinstance(value, str) or not value:
        return value
    return f"{separator} ".join(str(code_words(prefix, part.strip(), lang)) for part in value.split(separator))
