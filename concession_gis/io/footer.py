"""The footer a ministry's export writes under its table: not rows of data.

REINFO and cadastre exports end with lines such as ``Total de registros: 57``, ``Fuente: DGFM``
or ``Fecha de corte: 31/12/2024``, the text in the first cell and the rest empty. Read as rows,
each was set aside as a registration without coordinates (or with the wrong number of fields),
which inflated the rejected count and put the footer into ``rejected_rows``.

A footer line here is one of the last rows of the table (after its last data row) with one
non-empty cell whose text is a footer's words, not an identifier nor a name: a label and its
colon (``Fuente: DGFM``, ``Fecha de corte: 31/12/2024``), or a footer's first word (``TOTAL 57``,
``Elaborado por DGFM``). A lone code or number (``R-00057``, ``010123405``, ``58``) stays a row,
and so does a name alone (``MINERA ANDINA S.A.C.``: the last holder of a table, its stratum
left empty), to be set aside with its reason as before.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from concession_gis.io.values import fold

# A label of words and its colon, then something: "Fuente: DGFM", "Fecha de corte: 31/12/2024".
_LABEL = re.compile(r"^[^\W\d_][^\W_]*(?:[ .][^\W_]+)*\s*:\s*\S")
# The first words of the footers registry exports write without a colon (folded: no accents).
FOOTER_WORDS = ("TOTAL", "FUENTE", "FECHA", "ELABORADO", "ELABORACION", "NOTA", "NOTAS", "REPORTE",
                "GENERADO", "PAGINA", "CANTIDAD", "SOURCE", "DATE")


def is_footer_text(text: str) -> bool:
    """Whether one cell reads as a footer's words rather than an identifier or a name.

    >>> [is_footer_text(t) for t in ("Total de registros: 57", "TOTAL 57", "R-00057", "MINERA ANDINA S.A.C.")]
    [True, True, False, False]
    """
    text = text.strip()
    first = fold(text.split()[0]).rstrip(":.") if text else ""
    return bool(_LABEL.match(text)) or (first in FOOTER_WORDS and len(text.split()) > 1)


# The most lines a footer has: only a table's last rows are looked at (a national REINFO list is
# 87,000 rows of 40 columns; copying all its cells to find two lines would cost more than the rest).
MAX_FOOTER_LINES = 20


def trailing_footer(cells: pd.DataFrame) -> pd.Series:
    """Which rows of ``cells`` (a table's data columns, every cell text or missing, blank rows
    already dropped) are its footer: the run of footer lines (at most :data:`MAX_FOOTER_LINES`)
    that ends the table."""
    footer = np.zeros(len(cells), dtype=bool)
    tail = cells.iloc[-MAX_FOOTER_LINES:].to_numpy(dtype=object)
    start = len(cells) - len(tail)
    for i in range(len(tail) - 1, -1, -1):  # from the bottom up, to the last data row
        filled = [v for v in tail[i] if isinstance(v, str) and v.strip()]
        if len(filled) != 1 or not is_footer_text(filled[0]):
            break
        footer[start + i] = True
    return pd.Series(footer, index=cells.index)


def first_filled(cells: pd.DataFrame, row) -> str:
    """The one non-empty cell of a footer line (``row`` is its index label), stripped."""
    return next(str(v).strip() for v in cells.loc[row] if isinstance(v, str) and v.strip())
