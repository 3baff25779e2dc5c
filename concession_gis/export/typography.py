"""Text measured before it is placed, so nothing on a sheet runs over its box.

Widths come from the font itself (matplotlib's text-to-path engine), not from an average
character width, so a line of capitals and accented names is measured as it will print.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Literal

import matplotlib
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.ticker import Formatter

from concession_gis.i18n import format_number

__all__ = ["format_number"]  # the one number style (concession_gis.i18n), re-exported for the sheets

MM_PER_PT = 25.4 / 72.0
FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib; has Ñ, accents, ° and ′
FontStyle = Literal["normal", "italic", "oblique"]
_ENGINE = TextToPath()


# The smallest type on any sheet (notes, grid labels, the locator's names, chart ticks): below it
# A4 print is read with a magnifier. Every size given for a sheet is checked against it.
MIN_TEXT_PT = 6.5


@contextmanager
def print_fonts() -> Iterator[None]:
    """While saving a sheet: TrueType fonts embedded as such (Type 42), not drawn as Type 3
    procedures, so text copied out of a PDF stays text ("fi" is two letters); SVG keeps its
    words as text, not outlines."""
    with matplotlib.rc_context({"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none"}):
        yield


# Standard ligatures off on printed sheets: matplotlib files a glyph of several letters ("fi",
# "ff", "fl") in a second copy of its font, embedded and subset again when each PDF closes (two
# of the atlas's five fonts, about 0.13 s each per file). The letters' widths are also what
# text_width_mm measures.
NO_LIGATURES = ("-liga", "-clig")


def plain_letters(figure: Figure) -> None:
    """Every text of ``figure`` set in single letters (:data:`NO_LIGATURES`): the figure's and
    its axes' texts, titles, axis labels, legends and the tick labels of axes that show them
    (``findobj`` took 16 ms a page, creating the hidden axes' ticks). A matplotlib that does not
    shape text (before 3.11) sets no ligature anyway."""
    if not hasattr(Text, "set_fontfeatures"):
        return
    texts = list(figure.texts)
    for ax in figure.axes:
        texts += [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label]
        legend = ax.get_legend()
        if legend is not None:
            texts += legend.get_texts()
        if ax.axison:
            texts += [*ax.xaxis.get_ticklabels(), *ax.yaxis.get_ticklabels()]
    for text in texts:
        text.set_fontfeatures(NO_LIGATURES)


def text_pt(size: float) -> float:
    """``size``, never under :data:`MIN_TEXT_PT`."""
    return max(MIN_TEXT_PT, size)


# Summing cached glyph advances ignores kerning, which in DejaVu Sans changes a line's width by
# well under 2%; this margin covers it, and measuring stays fast enough for thousands of labels.
KERNING_MARGIN = 1.02


def text_width_mm(text: str, size_pt: float, weight: str = "normal", style: FontStyle = "normal") -> float:
    """Printed width of one line of ``text``."""
    return sum(_glyph_width_mm(ch, weight, style) for ch in text) * size_pt * KERNING_MARGIN


@lru_cache(maxsize=4096)
def _glyph_width_mm(char: str, weight: str, style: FontStyle) -> float:
    """Advance of one character at 1 pt, measured by the font engine."""
    prop = FontProperties(family=FONT_FAMILY, size=100.0, weight=weight, style=style)
    width, _, _ = _ENGINE.get_text_width_height_descent(char, prop, ismath=False)
    return width * MM_PER_PT / 100.0


def line_height_mm(size_pt: float, spacing: float = 1.25) -> float:
    return size_pt * spacing * MM_PER_PT


def wrap(text: str, width_mm: float, size_pt: float, weight: str = "normal") -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_mm`` (a longer word stands alone)."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        current = ""
        for word in paragraph.split(" "):
            trial = f"{current} {word}" if current else word
            if current and text_width_mm(trial, size_pt, weight) > width_mm:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


def ellipsize(text: str, width_mm: float, size_pt: float, weight: str = "normal") -> str:
    """``text`` cut and ended with an ellipsis so that it fits in ``width_mm``."""
    text = str(text)
    if text_width_mm(text, size_pt, weight) <= width_mm:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width_mm(text[:middle].rstrip() + "…", size_pt, weight) <= width_mm:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def halo(width_pt: float = 1.6, colour: str = "white") -> list:
    """A light outline that keeps labels legible over fills and hatching."""
    return [patheffects.withStroke(linewidth=width_pt, foreground=colour)]


SMALL_WORDS = {"DE", "DEL", "LA", "LAS", "LOS", "Y", "EL"}


def title_case(name: str) -> str:
    """MADRE DE DIOS -> Madre de Dios (registry place names are upper case)."""
    words = str(name).strip().split()
    return " ".join(w.lower() if i and w.upper() in SMALL_WORDS else w.capitalize() for i, w in enumerate(words))


def join_words(items: list[str], lang: str) -> str:
    """'a, b y c' in Spanish, 'a, b and c' in English."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'y' if lang == 'es' else 'and'} {items[-1]}"


class AxisNumbers(Formatter):
    """A chart axis's numbers in the reader's style ("2,5" in Spanish, where matplotlib writes
    "2.5"), every tick with the decimals the finest of them needs ("0,0 2,5 5,0")."""

    def __init__(self, lang: str):
        self.lang, self.decimals = lang, 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.decimals = max((next((d for d in range(4) if abs(round(v, d) - v) < 1e-9), 3) for v in locs), default=0)

    def __call__(self, x, pos=None) -> str:
        return format_number(x, self.lang, self.decimals)
