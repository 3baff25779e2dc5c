"""Tables that run over as many pages as their rows need: a heading row, then rows whose cells
wrap onto several lines, drawn until the box is full; the caller starts the next page there.

Nothing is left out: :func:`draw_rows` returns the first row it could not draw, and a table is
finished only when that is the row count (never "… and N more").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.patches import Rectangle

from concession_gis.export.typography import MM_PER_PT, ellipsize, line_height_mm, wrap


@dataclass(frozen=True)
class Column:
    """A column: its heading, its share of the table's width, and whether its cells wrap (else
    they are cut with an ellipsis to one line); ``indent`` millimetres leave room for a symbol."""

    heading: str
    share: float
    wrap: bool = True
    bold: bool = False
    indent: float = 0.0


# A symbol drawn in a row: (axes, row index, x of the row's left edge, y of its first baseline).
Marker = Callable[[object, int, float, float], None]


def column_edges(columns: Sequence[Column], width: float) -> list[float]:
    total = sum(c.share for c in columns)
    edges = [0.0]
    for column in columns:
        edges.append(edges[-1] + column.share / total * width)
    return edges


def cell_lines(row: Sequence[str], columns: Sequence[Column], edges: list[float], size: float,
               bold: bool = False) -> list[list[str]]:
    """Each cell of ``row`` as the lines it prints on (``bold``: a heading row, all bold)."""
    lines = []
    for text, column, left, right in zip(row, columns, edges[:-1], edges[1:], strict=True):
        room = right - left - (0.0 if bold else column.indent) - 2.0
        weight = "bold" if column.bold or bold else "normal"
        lines.append(wrap(str(text), room, size, weight) if column.wrap else [ellipsize(str(text), room, size, weight)])
    return lines


def row_height(n_lines: int, size: float) -> float:
    return line_height_mm(size, 1.2) * n_lines + line_height_mm(size, 0.45)


def header_height(columns: Sequence[Column], width: float, size: float) -> float:
    edges = column_edges(columns, width)
    return row_height(max(len(c) for c in cell_lines([c.heading for c in columns], columns, edges, size, bold=True)), size)


def detail_lines(text: str, edges: list[float], size: float) -> list[str]:
    """A row's detail: a paragraph under its cells, from the second column to the table's edge."""
    return wrap(text, edges[-1] - edges[1] - 2.0, size) if text else []


def full_row_height(row: Sequence[str], detail: str, columns: Sequence[Column], edges: list[float], size: float) -> float:
    cells = cell_lines(row, columns, edges, size)
    return row_height(max(len(c) for c in cells) + len(detail_lines(detail, edges, size)), size)


def draw_rows(ax, top: float, bottom: float, width: float, columns: Sequence[Column], rows: Sequence[Sequence[str]],
              size: float, first: int = 0, marker: Marker | None = None,
              details: Sequence[str] | None = None) -> tuple[int, float]:
    """Draw the heading at ``top`` (millimetres of an :func:`~.layout.add_axes_mm` axes), then
    ``rows[first:]`` while they fit above ``bottom``; returns the next row to draw and the y
    where the table ended. At least one row is drawn when any is left, so a table always ends.
    ``details``, one text a row, are printed under the row's cells, across all but the first column."""
    edges = column_edges(columns, width)
    line_h = line_height_mm(size, 1.2)
    drop = size * MM_PER_PT * 0.95  # first baseline below a row's top
    heading = cell_lines([c.heading for c in columns], columns, edges, size, bold=True)
    head_h = row_height(max(len(c) for c in heading), size)
    ax.add_patch(Rectangle((0, top - head_h), width, head_h, facecolor="#e6e6e6", edgecolor="none"))
    for lines, left in zip(heading, edges[:-1], strict=True):
        for k, line in enumerate(lines):
            ax.text(left + 1.0, top - drop - k * line_h - 0.4, line, fontsize=size, fontweight="bold", va="baseline")
    y = top - head_h
    index = first
    while index < len(rows):
        cells = cell_lines(rows[index], columns, edges, size)
        extra = detail_lines(details[index], edges, size) if details is not None else []
        n_cell = max(len(c) for c in cells)
        h = row_height(n_cell + len(extra), size)
        if y - h < bottom and index > first:
            break
        if (index - first) % 2:
            ax.add_patch(Rectangle((0, y - h), width, h, facecolor="#f5f5f5", edgecolor="none"))
        for lines, column, left in zip(cells, columns, edges[:-1], strict=True):
            for k, line in enumerate(lines):
                ax.text(left + 1.0 + column.indent, y - drop - k * line_h - 0.4, line, fontsize=size, va="baseline",
                        fontweight="bold" if column.bold else "normal")
        for k, line in enumerate(extra, start=n_cell):
            ax.text(edges[1] + 1.0, y - drop - k * line_h - 0.4, line, fontsize=size, va="baseline", color="#333333")
        if marker is not None:
            marker(ax, index, 0.0, y - drop - 0.4 + size * MM_PER_PT * 0.35)
        y -= h
        index += 1
    ax.plot([0, width], [y, y], color="#999999", linewidth=0.4)
    return index, y
