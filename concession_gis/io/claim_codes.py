"""INGEMMET claim codes a file stored as numbers: shown again with their leading zero.

``CODIGOU`` is nine digits of text (``010123405``: the first two name the office that took the
filing). A DBF's numeric field, or a spreadsheet's number cells, keep ``10123405``: matching
already compares codes without their zeros (:func:`~concession_gis.io.values.code_key`), but the
claim was shown and exported under a code INGEMMET does not have. Only Peru's loaders call this:
AJAM's Bolivian codes have other widths and are never padded.
"""

from __future__ import annotations

import pandas as pd

from concession_gis.errors import LeadingZerosWarning, warn

INGEMMET_DIGITS = 9
# A code that lost its zero: digits only, none leading, eight of them or the nine of a code whose
# office number needs no zero. Two zeros are never put back: no office is numbered 00, and a
# seven-digit number is as likely another kind of code.
LOST_ZERO = r"[1-9][0-9]{7,8}"


def restore_claim_codes(codes: pd.Series, stored_as_numbers: bool, path: str, column: str | None) -> pd.Series:
    """``codes`` (the text of ``column``) zero-padded to INGEMMET's nine digits where the column
    stored them as numbers and every code fits the pattern once padded (:data:`LOST_ZERO`);
    otherwise as they are. Said once per file and column (``LeadingZerosWarning``).

    ``stored_as_numbers``: the column is a numeric field, or its cells were read as text from a
    CSV or a workbook, whose numbers look so (every one digits, none with a leading zero).

    >>> restore_claim_codes(pd.Series(["10123405", "650001508", ""]), True, "c.shp", "CODIGOU").tolist()
    ['010123405', '650001508', '']
    """
    filled = codes[codes != ""]
    if not stored_as_numbers or filled.empty or not filled.str.fullmatch(LOST_ZERO).all():
        return codes
    short = filled[filled.str.len() < INGEMMET_DIGITS]
    if short.empty:
        return codes
    warn(LeadingZerosWarning(key="warning.code_zeros_restored", path=path, column=str(column), n=len(short),
                             before=short.iat[0], after=short.iat[0].zfill(INGEMMET_DIGITS)))
    return codes.where(codes == "", codes.str.zfill(INGEMMET_DIGITS))


def is_number_column(values: pd.Series) -> bool:
    """Whether a vector layer's column is a numeric field (not a boolean one)."""
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
