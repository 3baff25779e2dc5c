"""Parsing the values people type into registries and spreadsheets: numbers, dates and names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9A-Z ]+")
_NON_WORD_NUL = re.compile(r"[^0-9A-Z \x00]+")


def code_key(codes: pd.Series) -> pd.Series:
    """Claim codes compared without leading zeros or punctuation: spreadsheets drop the zeros.

    >>> code_key(pd.Series(["010001523", "10001523", "01-000 1523"])).tolist()
    ['10001523', '10001523', '10001523']
    """
    # One pass in Python beats pandas' four string passes threefold on 87,000 ids (`compare`
    # keys two registries); a code of plain digits, nearly all of them, needs no pattern at all.
    values = codes.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        # Text only (missing cells aside): each distinct code once; production records repeat
        # a claim's code every year. Not for mixed numbers, which factorize would merge (1, 1.0).
        at, distinct = pd.factorize(values)
        keys = np.array(["", *(_code_text(value) for value in distinct)], dtype=object)[at + 1]
        return pd.Series(keys, index=codes.index, dtype=object)
    keys = [_code_text(value) for value in values]
    return pd.Series(keys, index=codes.index, dtype=object)


_NOT_CODE = re.compile(r"[^0-9A-Z]")


def _code_text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        text = _NOT_CODE.sub("", text.upper())
    return text.lstrip("0")


def fold(text) -> str:
    r"""Upper case without accents, every run of white space (a line break too) one space.

    How names are matched and searched: the cadastre, the registries and the window's table
    search all compare folded text. '' for missing values; Ñ becomes N.

    >>> fold("  Minera\nAndina  Ñaupa ")
    'MINERA ANDINA NAUPA'
    """
    if is_missing(text):
        return ""
    plain = str(text)
    if not plain.isascii():  # most cells are plain ASCII; the table search folds a million of them
        # NFKD splits "Ñ" into "N" plus a combining tilde; the ASCII round trip drops the marks.
        plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.upper().split())


def per_distinct(values: pd.Series, compute: Callable[[np.ndarray], Sequence]) -> pd.Series:
    """``compute`` of the distinct values of ``values`` (one result each, in their order), spread
    back over every value: a column of 87,000 cells names a few hundred holders.

    Every missing value (None, NaN, NaT, NA) is one distinct value, None: a dict keyed by the
    values themselves would hold None and NaN apart and then fail to look them up (pandas
    reindexes on two keys it takes for the same). Values equal as numbers (1, 1.0) are one, as
    in a dict.

    >>> per_distinct(pd.Series(["a", None, float("nan"), "a"]), lambda vs: [repr(v) for v in vs]).tolist()
    ["'a'", 'None', 'None', "'a'"]
    """
    at, distinct = pd.factorize(values.to_numpy(dtype=object))
    given = np.empty(len(distinct) + 1, dtype=object)
    given[:-1], given[-1] = distinct, None
    results = np.fromiter(compute(given), dtype=object, count=len(given))
    return pd.Series(results[at], index=values.index, dtype=object)  # at = -1 (missing) takes the last


def fold_series(values: pd.Series) -> pd.Series:
    """:func:`fold` applied to every value, computed once per distinct value."""
    return per_distinct(values, lambda distinct: _fold_all(distinct, _upper_ascii, fold))


def _upper_ascii(text: str) -> str:
    """Upper case without accents; NUL kept (the separator of :func:`_fold_all`)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.upper()


def _fold_all(values, step, one) -> list[str]:
    """``step`` applied to the texts of ``values`` joined into one (a few calls into C instead of
    several per value), then :func:`fold`'s white space for each; '' for missing values.

    Joined by NUL, which no step changes: decomposition, dropping marks and upper case act
    character by character, never across it. Values holding NUL get ``one`` each instead.
    """
    texts = ["" if is_missing(v) else str(v) for v in values]
    joined = "\x00".join(texts)
    if joined.count("\x00") != max(len(texts) - 1, 0):
        return [one(v) for v in values]
    return [" ".join(part.split()) for part in step(joined).split("\x00")] if texts else []


# An identifier as a spreadsheet shows a long number in a narrow column and saves it so: RUC
# 20601234561 becomes "2,06E+10", whose digits are gone.
_SCIENTIFIC = r"^\s*\d(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d+\s*$"


def identifier_digits(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(identifiers such as RUC or NIT as their digits, where one was written in scientific
    notation): those are left empty, never read as the few digits they kept ("2,06E+10" as
    20610, which other miners' RUCs may share)."""
    rounded = text.str.match(_SCIENTIFIC).fillna(False).astype(bool)
    return text.str.replace(r"\D", "", regex=True).mask(rounded, ""), rounded


def is_missing(value) -> bool:
    """Whether one cell is missing however pandas or a reader left it: None, NA, NaN or NaT."""
    return value is None or (isinstance(value, float) and bool(np.isnan(value))) or value is pd.NA or value is pd.NaT


# What a byte 0x80-0xBF (a UTF-8 continuation byte) becomes when UTF-8 is read as Windows-1252
# or Latin-1: 'Ñ' (C3 91) read so is 'Ã‘', written back as UTF-8 it stays so in the file.
_CONTINUATIONS = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)}
                                | {chr(b) for b in range(0x80, 0xC0)}))
# Every Spanish letter and sign lies in U+0080-U+00FF, whose UTF-8 starts with C2 'Â' or C3 'Ã';
# quotes and dashes (U+2010-U+201F) start with E2 80 'â€'.
_DOUBLE_UTF8 = re.compile("[\u00c2\u00c3][" + re.escape(_CONTINUATIONS) + "]|\u00e2\u20ac")


def undo_double_utf8(text: str) -> str:
    """``text`` with a double UTF-8 encoding undone, else ``text`` as it is.

    A name read from UTF-8 bytes as Windows-1252 and saved again as UTF-8 ('COMPAÃ‘IA') is
    turned back into bytes one character each (Windows-1252, or Latin-1 for the five bytes
    Windows-1252 leaves undefined) and read as UTF-8 ('COMPAÑIA'). Only when that round trip
    succeeds: a text whose characters are not all single bytes, or whose bytes are not UTF-8,
    was not encoded twice.

    >>> undo_double_utf8("COMPAÃ‘IA MINERA SAN JOSÃ‰")
    'COMPAÑIA MINERA SAN JOSÉ'
    """
    if not _DOUBLE_UTF8.search(text):
        return text
    try:
        raw = bytes(_single_byte(ch) for ch in text)
        return raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return text


def _single_byte(ch: str) -> int:
    try:
        encoded = ch.encode("cp1252")
    except UnicodeEncodeError:
        encoded = ch.encode("latin-1")  # raises (a ValueError) for a character beyond one byte
    return encoded[0]


def undo_double_utf8_columns(frame: pd.DataFrame) -> tuple[int, list[str], tuple[str, str] | None]:
    """Undo double UTF-8 encodings in the text columns of ``frame``, in place.

    Returns how many values were repaired, in which columns, and the first (before, after).
    """
    repaired, named, example = 0, [], None
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        if not _may_be_double_utf8(values):
            continue
        uniques = [v for v in pd.unique(values) if isinstance(v, str) and not v.isascii()]
        table = {v: undo_double_utf8(v) for v in uniques}
        table = {before: after for before, after in table.items() if after != before}
        if not table:
            continue
        changed = values.isin(list(table))
        frame[column] = values.where(~changed, values.map(table))
        repaired += int(changed.sum())
        named.append(str(column))
        example = example or next(iter(table.items()))
    return repaired, named, example


def _may_be_double_utf8(values: pd.Series) -> bool:
    """Whether any text of ``values`` may be encoded twice: False only when none is (one search
    over the column's text joined, instead of one per distinct value)."""
    # str() of a value that is no text (a number) cannot hold the marks: no false "no". Joined
    # as they are where all are text (one call into C; str() of each cost a call per cell).
    cells = values.to_numpy(dtype=object)
    cells = cells[~pd.isna(cells)]
    try:
        joined = "\x00".join(cells)
    except TypeError:
        joined = "\x00".join(map(str, cells))
    if joined.isascii() or not any(mark in joined for mark in ("\u00c2", "\u00c3", "\u00e2\u20ac")):
        return False
    return _DOUBLE_UTF8.search(joined) is not None


def stripped_texts(values: pd.Series) -> np.ndarray:
    """Each value as stripped text ('' when missing), an array of objects: ``str(v).strip()``
    without pandas' per-call overhead, the step every reader of text columns starts with."""
    cells = values.to_numpy(dtype=object)
    missing = pd.isna(cells)
    if missing.any():
        cells = np.where(missing, "", cells)
    if pd.api.types.infer_dtype(cells, skipna=False) != "string":
        cells = np.array([v if type(v) is str else str(v) for v in cells], dtype=object)
    return np.array([v.strip() for v in cells], dtype=object)


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Floats from text with a decimal point or comma; returns (numbers, unparseable mask).

    Accepts '-12,345', '−12.345', '345 678,5', '1.234.567,8' and '1,234,567.8'. When both a
    point and a comma appear the last one is the decimal mark. Empty cells are NaN, not errors.
    """
    cells = values.to_numpy(dtype=object)
    missing = pd.isna(cells)
    text = np.full(len(cells), np.nan, dtype=object)
    plain = ~missing & np.fromiter((type(v) is str for v in cells), dtype=bool, count=len(cells))
    text[plain] = _clean_numbers(cells[plain])
    other = ~missing & ~plain
    text[other] = [_clean_number(v) for v in cells[other]]
    numbers = pd.to_numeric(pd.Series(text, index=values.index), errors="coerce")
    present = pd.Series(stripped_texts(values) != "", index=values.index)
    return numbers.astype(float), present & numbers.isna()


# Degrees, minutes and seconds as people write them (13°10'15.74"S, 70º 26' 44" O, 13°10,5'S):
# the hemisphere's letter, or a minus sign before, says south or west (O: oeste).
DMS = re.compile(
    r"([+\-−]?)\s*(\d+(?:[.,]\d+)?)\s*[°º]\s*(?:(\d+(?:[.,]\d+)?)\s*['′’]\s*)?"
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:\"|″|''|”)\s*)?([NSEWO])?", re.IGNORECASE)


def dms_degrees(match: re.Match) -> float:
    """Decimal degrees of a :data:`DMS` match, negative to the south and the west."""
    sign, degrees, minutes, seconds, letter = match.groups()
    value = sum(float((part or "0").replace(",", ".")) / scale
                for part, scale in ((degrees, 1), (minutes, 60), (seconds, 3600)))
    south_or_west = sign in ("-", "−") or (letter or "").upper() in ("S", "W", "O")
    return -value if south_or_west else value


def parse_degrees(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """:func:`parse_numbers`, and degrees with minutes and seconds (``13°10'15.74"S``) read as
    decimal degrees (-13.171039): a registry typed by hand writes them so."""
    numbers, bad = parse_numbers(values)
    if bad.any():
        text = pd.Series(stripped_texts(values), index=values.index)
        for i in np.flatnonzero(bad.to_numpy()):
            match = DMS.fullmatch(text.iat[i])
            if match:
                numbers.iat[i], bad.iat[i] = dms_degrees(match), False
    return numbers, bad


def _clean_numbers(texts: np.ndarray) -> np.ndarray:
    """:func:`_clean_number` of every text, each step skipped where no text of the column needs it."""
    text = [v.strip() for v in texts]
    joined = "\x00".join(text)
    if "," in joined and "." in joined:  # a value may hold both marks: the one-value rule decides
        return np.array([_clean_number(v) for v in text], dtype=object)
    for gone, put in (("\u2212", "-"), (" ", ""), ("\u00a0", ""), (",", ".")):
        if gone in joined:
            text = [v.replace(gone, put) for v in text]
    return np.array(text, dtype=object)


def _clean_number(value) -> str:
    if isinstance(value, int | float | np.number):
        return str(value)
    text = str(value).strip().replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")
    comma, point = text.rfind(","), text.rfind(".")
    if comma >= 0 and point >= 0:
        thousands = "." if comma > point else ","
        text = text.replace(thousands, "")
    return text.replace(",", ".")


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})")
_YEAR = re.compile(r"^(\d{4})(\.0+)?$")
# Day, month's name and year as Oracle exports write them (20-NOV-85, 03-SET-1998, 5 ene 2001).
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[-/. ]+([^\W\d_]{3,10})\.?[-/. ]+(\d{2,4})\b")
_MONTHS = {name: number for number, names in enumerate((
    ("ene", "enero", "jan", "january"), ("feb", "febrero", "february"), ("mar", "marzo", "march"),
    ("abr", "abril", "apr", "april"), ("may", "mayo"), ("jun", "junio", "june"), ("jul", "julio", "july"),
    ("ago", "agosto", "aug", "august"), ("set", "sep", "sept", "setiembre", "septiembre", "september"),
    ("oct", "octubre", "october"), ("nov", "noviembre", "november"), ("dic", "diciembre", "dec", "december")),
    start=1) for name in names}
_EPOCH_MS = re.compile(r"^-?\d{11,13}(\.0+)?$")
# Excel's day numbers (42809 is 2017-03-15) as five-digit numbers: 10000 is 1927-05-18, 99999
# 2173-10-14. Fewer digits would be years (1998) and more epoch milliseconds, so five digits
# cannot be anything else a registry writes. Counted from Excel's day 0, 1899-12-30 (the
# 1900 leap day Excel invented lies before every five-digit number).
_EXCEL_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
_EXCEL_EPOCH = pd.Timestamp(1899, 12, 30)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from mixed text; returns (datetime64 series at midnight, unparseable mask).

    Understands ISO dates (with or without a time), day/month/year as used in Peru, a day, a
    month's name and a year as Oracle exports write them (20-NOV-85, 03-SET-1998), a bare year
    (read as 1 January), epoch milliseconds and values already parsed by the file driver; Excel
    day numbers when the column holds them (see :func:`_excel_serials`). The order of day and
    month is the column's, not each value's: month/day where some value can only be so
    (03/25/1998) and none only day/month, so 07/02/1996 is then 2 July; where the column holds
    both, a value that reads either way is unreadable rather than guessed.
    """
    reading = read_dates(values)
    return reading.dates, reading.unreadable


class DateReading(NamedTuple):
    """A column's dates (:func:`parse_dates`) and how it writes them, for the warnings."""

    dates: pd.Series
    unreadable: pd.Series
    order: str  # of day and month (:func:`_day_month_order`): "dmy", "mdy" or "mixed"
    serials: pd.Series  # which values are Excel day numbers (:func:`_excel_serials`)


def read_dates(values: pd.Series) -> DateReading:
    """:func:`parse_dates`, with the order of day and month the column writes and its Excel day
    numbers, from one pass over its text. Dates the file's driver read as dates (a shapefile's
    date field) are neither: "dmy" and none, without writing 67,000 of them as text to look
    (half a second on a national cadastre)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = values.dt.tz_localize(None) if values.dt.tz is not None else values
        none = pd.Series(False, index=values.index)
        return DateReading(dates.dt.normalize(), none, "dmy", none)
    text = stripped_texts(values)
    order = _day_month_order(pd.unique(text))
    parsed = per_distinct(values, lambda distinct: [_parse_date(value, order) for value in distinct])
    serials = _excel_serials(text, values.index)
    if serials.any():
        days = pd.to_numeric(pd.Series(text, index=values.index)[serials], errors="coerce")
        parsed = parsed.where(~serials, _EXCEL_EPOCH + pd.to_timedelta(days, unit="D"))
    dates = pd.to_datetime(parsed, errors="coerce")
    present = pd.Series(text != "", index=values.index)
    return DateReading(dates, present & dates.isna(), order, serials)


def _excel_serials(text: np.ndarray, index: pd.Index) -> pd.Series:
    """Which of the stripped ``text`` (:func:`stripped_texts`) are Excel day numbers: the
    five-digit numbers of a column where at least half of the values present are such numbers
    (a date column exported from a spreadsheet whose cells were formatted as numbers). False
    everywhere else."""
    present = int((text != "").sum())
    uniques = pd.unique(text)
    table = {value: _EXCEL_SERIAL.match(value) is not None for value in uniques}
    serial = np.fromiter((table[value] for value in text), dtype=bool, count=len(text))
    if not present or 2 * int(serial.sum()) < present:
        return pd.Series(False, index=index)
    return pd.Series(serial, index=index)


def _day_month_order(texts) -> str:
    """How a column writes dd/mm/yyyy-like dates: "dmy" (Peru's), "mdy" where some value can
    only be month first and none only day first, "mixed" where both occur."""
    day_first = month_first = False
    for text in texts:
        if match := _DMY.match(str(text)):
            first, second = int(match[1]), int(match[2])
            day_first |= first > 12 >= second
            month_first |= second > 12 >= first
    return "mixed" if day_first and month_first else "mdy" if month_first else "dmy"


def _parse_date(value, order: str = "dmy"):
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if hasattr(value, "year") and hasattr(value, "month"):
        return pd.Timestamp(value.year, value.month, value.day)
    text = str(value).strip()
    if not text:
        return None
    if match := _ISO.match(text):
        return _date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if year < 100:
            year += 1900 if year >= 50 else 2000
        if order == "mixed" and day <= 12 and month <= 12 and day != month:
            return None  # 07/02/1996 in a column that writes both orders: 7 February or 2 July
        if order == "mdy" or month > 12 >= day:
            day, month = month, day
        return _date(year, month, day)
    if (match := _DAY_MONTH_NAME.match(text)) and match[2].lower() in _MONTHS:
        year = int(match[3])
        if year < 100:
            year += 1900 if year >= 50 else 2000
        return _date(year, _MONTHS[match[2].lower()], int(match[1]))
    if match := _YEAR.match(text):
        year = int(match[1])
        return _date(year, 1, 1) if 1800 <= year <= 2200 else None
    if _EPOCH_MS.match(text):
        return pd.Timestamp(int(float(text)), unit="ms").normalize()
    return None


def _date(year: int, month: int, day: int):
    try:
        return pd.Timestamp(year, month, day)
    except ValueError:
        return None


def parse_hours(values: pd.Series) -> pd.Series:
    """Filing hours 'hh:mm[:ss]' as fractions of a day (NaN when absent), for seniority ties."""
    text = values.astype(object).map(lambda v: "" if v is None or pd.isna(v) else str(v).strip()).astype(object)
    parts = text.str.extract(r"^(\d{1,2})[:.h](\d{2})(?::(\d{2}))?")
    hours = pd.to_numeric(parts[0], errors="coerce")
    minutes = pd.to_numeric(parts[1], errors="coerce")
    seconds = pd.to_numeric(parts[2], errors="coerce").fillna(0)
    return (hours * 3600 + minutes * 60 + seconds) / 86400


def normalize_name(name, legal_forms: list[str]) -> str:
    """A holder or miner name reduced for comparison: folded, no punctuation, no legal form.

    'Minera Peña Dorada S.A.C.' and 'MINERA PENA DORADA SAC' give the same key.
    """
    return _Normalizer(legal_forms)(name)


def normalize_names(names: pd.Series, legal_forms: list[str]) -> pd.Series:
    """:func:`normalize_name` for every value, computed once per distinct value."""
    normalize = _Normalizer(legal_forms)

    def keys(distinct: np.ndarray) -> list[str]:
        # Dots inside abbreviations go first so that S.A.C. becomes SAC, not S A C.
        folded = _fold_all(distinct, lambda joined: _word_only(_upper_ascii(joined).replace(".", "")), normalize)
        return [normalize.without_forms(key) for key in folded]

    return per_distinct(names, keys)


def _word_only(text: str) -> str:
    """Every run of characters other than letters, digits, spaces (and NUL) one space."""
    return _NON_WORD_NUL.sub(" ", text)


class _Normalizer:
    """Name keys with the legal-form words folded once, longest first."""

    def __init__(self, legal_forms: list[str]):
        self.forms = sorted({fold(f) for f in legal_forms}, key=len, reverse=True)
        self.suffixes = tuple(" " + form for form in self.forms)
        self.prefixes = tuple(form + " " for form in self.forms)

    def __call__(self, name) -> str:
        # Dots inside abbreviations go first so that S.A.C. becomes SAC, not S A C.
        return self.without_forms(_SPACES.sub(" ", _NON_WORD.sub(" ", fold(name).replace(".", ""))).strip())

    def without_forms(self, text: str) -> str:
        """``text`` (folded, words only) without the legal forms that begin or end it."""
        if not text.endswith(self.suffixes) and not text.startswith(self.prefixes):
            return text  # no legal form (a person's name): the loop below would change nothing
        for form in self.forms:
            if text == form:
                continue
            if text.endswith(" " + form):
                text = text[: -len(form) - 1].rstrip()
            elif text.startswith(form + " "):
                text = text[len(form) + 1 :].lstrip()
        return text

def text_column(frame: pd.DataFrame, column: str | None) -> pd.Series:
    """A column as stripped text ('' when absent); integral floats lose their '.0'."""
    if not column:
        return pd.Series("", index=frame.index, dtype=object)
    values = frame[column]
    if pd.api.types.is_float_dtype(values):
        values = values.map(lambda v: "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else str(v)))
    elif pd.api.types.is_datetime64_any_dtype(values):
        values = values.dt.strftime("%Y-%m-%d")
    return pd.Series(stripped_texts(values), index=frame.index, dtype=object)
