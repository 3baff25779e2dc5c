"""Pages and the boxes on them, in millimetres from the page's lower-left corner.

A layout is a handful of named boxes (title, map, legend...). Every size is given for A4 and
grows with the page, so an A3 sheet is an A4 sheet enlarged, with type a little larger but not
twice as large (a wall map is read from further away, not with a magnifying glass).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar
from weakref import WeakKeyDictionary

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox, TransformedBbox

from concession_gis.errors import InputError

MM_PER_INCH = 25.4
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ORIENTATIONS = ("portrait", "landscape")
DEFAULT_DPI = 300
ArtistT = TypeVar("ArtistT", bound=Artist)


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in millimetres: lower-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True)
class Page:
    """A sheet of paper: ISO size name and orientation."""

    size: str
    orientation: str

    @property
    def width_mm(self) -> float:
        short, long = PAGE_SIZES_MM[self.size]
        return long if self.orientation == "landscape" else short

    @property
    def height_mm(self) -> float:
        short, long = PAGE_SIZES_MM[self.size]
        return short if self.orientation == "landscape" else long

    @property
    def k(self) -> float:
        """How much larger than A4 every box is (1 for A4, the square root of 2 for A3)."""
        return PAGE_SIZES_MM[self.size][0] / PAGE_SIZES_MM["A4"][0]

    def pt(self, size: float) -> float:
        """A type size given for A4, for this page."""
        return size * (1.0 + (self.k - 1.0) * 0.5)

    @property
    def label(self) -> str:
        return self.size

    def figure(self, dpi: float = 72.0) -> Figure:
        return Figure(figsize=(self.width_mm / MM_PER_INCH, self.height_mm / MM_PER_INCH), dpi=dpi)

    def rect(self, box: Box) -> tuple[float, float, float, float]:
        """``box`` as the figure fraction (left, bottom, width, height) that add_axes takes."""
        return (box.x / self.width_mm, box.y / self.height_mm, box.w / self.width_mm, box.h / self.height_mm)


def make_page(size: str = "A4", orientation: str = "landscape") -> Page:
    """A :class:`Page`, refusing sizes and orientations the layouts do not know."""
    size = (size or "A4").upper()
    if size not in PAGE_SIZES_MM:
        raise InputError(key="error.page_size", size=size, sizes=", ".join(PAGE_SIZES_MM))
    if orientation not in ORIENTATIONS:
        raise InputError(key="error.orientation", orientation=str(orientation))
    return Page(size, orientation)


def add_axes_mm(fig: Figure, page: Page, box: Box) -> BoxAxes:
    """A surface whose coordinates are millimetres inside ``box``, for text, lines, markers and
    patches. Every box of a page draws on one axes spanning the page: an axes of its own cost
    5 ms to make (its ticks are made even when hidden), 150 of them a 26-page atlas."""
    layer = _BOX_LAYERS.get(fig)
    if layer is None:
        layer = fig.add_axes((0.0, 0.0, 1.0, 1.0), zorder=1)  # over maps and charts, never under
        layer.set_xlim(0, page.width_mm)
        layer.set_ylim(0, page.height_mm)
        layer.set_axis_off()
        _BOX_LAYERS[fig] = layer
    return BoxAxes(layer, box)


_BOX_LAYERS: WeakKeyDictionary[Figure, Axes] = WeakKeyDictionary()


class BoxAxes:
    """Millimetres inside one box of a page, drawn on the page's layer of boxes
    (:func:`add_axes_mm`). Lines, markers and patches are clipped to the box unless drawn with
    ``clip_on=False``, as an axes of the box's own clipped them; text is not clipped."""

    def __init__(self, layer: Axes, box: Box):
        self.layer, self.box, self.figure = layer, box, layer.figure
        self.transData = Affine2D().translate(box.x, box.y) + layer.transData
        self.transAxes = Affine2D().scale(box.w, box.h) + self.transData
        self._clip = TransformedBbox(Bbox.from_bounds(box.x, box.y, box.w, box.h), layer.transData)

    def text(self, x: float, y: float, s: str, **kwargs) -> Text:
        kwargs.setdefault("transform", self.transData)
        return self.layer.text(x, y, s, **kwargs)

    def plot(self, *args, **kwargs) -> list[Line2D]:
        kwargs.setdefault("transform", self.transData)
        return [self._clipped(line) for line in self.layer.plot(*args, **kwargs)]

    def scatter(self, *args, **kwargs) -> PathCollection:
        kwargs.setdefault("transform", self.transData)
        return self._clipped(self.layer.scatter(*args, **kwargs))

    def add_patch(self, patch: Patch) -> Patch:
        if not patch.is_transform_set():
            patch.set_transform(self.transData)
        return self._clipped(self.layer.add_patch(patch))

    def _clipped(self, artist: ArtistT) -> ArtistT:
        if artist.get_clip_on():
            artist.set_clip_box(self._clip)
        return artist


def regional_layout(page: Page, legend_mm: float = 80.0) -> dict[str, Box]:
    """Title band, map frame, and a side panel (landscape) or bottom panel (portrait).

    In landscape the legend and the notes share the panel's column under the inset: the
    legend takes the ``legend_mm`` it needs (leaving the notes at least 64 mm), the notes the rest.
    """
    k, W, H = page.k, page.width_mm, page.height_mm
    margin, title_h, grid_left, grid_bottom, gap = 8 * k, 19 * k, 9 * k, 7 * k, 5 * k
    title = Box(margin, H - margin - title_h, W - 2 * margin, title_h)
    if page.orientation == "landscape":
        panel_w = 100 * k  # room for the notes at the smallest type (typography.MIN_TEXT_PT)
        map_box = Box(margin + grid_left, margin + grid_bottom,
                      W - 2 * margin - panel_w - gap - grid_left, H - 2 * margin - title_h - grid_bottom)
        px = W - margin - panel_w
        inset = Box(px, map_box.top - 40 * k, panel_w, 40 * k)
        column_top, column_h = inset.y - 5 * k, inset.y - 5 * k - margin
        legend_h = max(0.0, min(legend_mm, column_h - gap - 64 * k))
        legend = Box(px, column_top - legend_h, panel_w, legend_h)
        notes = Box(px, margin, panel_w, column_h - legend_h - gap)
    else:
        panel_h = 80 * k
        map_box = Box(margin + grid_left, margin + panel_h + grid_bottom,
                      W - 2 * margin - grid_left, H - 2 * margin - title_h - panel_h - grid_bottom)
        inset_w = 52 * k
        inset = Box(margin, margin + panel_h - 40 * k, inset_w, 40 * k)
        legend = Box(margin + inset_w + gap, margin, (W - 2 * margin - inset_w - gap) * 0.52, panel_h - 2 * k)
        notes = Box(margin, margin, inset_w, panel_h - 44 * k)
        notes_right = Box(legend.right + gap, margin, W - margin - legend.right - gap, panel_h - 2 * k)
        return {"title": title, "map": map_box, "inset": inset, "legend": legend,
                "notes": notes_right, "notes_extra": notes}
    return {"title": title, "map": map_box, "inset": inset, "legend": legend, "notes": notes}


def case_layout(page: Page, notes_mm: float | None = None) -> dict[str, Box]:
    """Title band, the case map, facts, loss chart, legend, registrations table and notes; the
    notes ``notes_mm`` high (default 21 mm on A4), the table taking what they leave."""
    k, W, H = page.k, page.width_mm, page.height_mm
    margin, title_h, grid_left, grid_bottom, gap = 8 * k, 19 * k, 9 * k, 7 * k, 5 * k
    title = Box(margin, H - margin - title_h, W - 2 * margin, title_h)
    # The page number's line is the lowest, inside the margin every printer can print (not in it).
    footer = Box(margin, margin, W - 2 * margin, 4 * k)
    notes = Box(margin, footer.top, W - 2 * margin, 21 * k if notes_mm is None else notes_mm)
    if page.orientation == "portrait":
        map_box = Box(margin + grid_left, H - margin - title_h - 132 * k,
                      W - 2 * margin - grid_left, 132 * k)
        row_top = map_box.y - grid_bottom - 2 * k
        row_h = 50 * k
        facts = Box(margin, row_top - row_h, 62 * k, row_h)
        chart = Box(facts.right + gap + 6 * k, row_top - row_h + 6 * k, 58 * k, row_h - 12 * k)
        legend = Box(chart.right + gap, row_top - row_h, W - margin - chart.right - gap, row_h)
        table = Box(margin, notes.top + 3 * k, W - 2 * margin, facts.y - notes.top - 6 * k)
    else:
        side_w = 88 * k
        left_w = W - 2 * margin - side_w - gap
        map_box = Box(margin + grid_left, H - margin - title_h - 100 * k, left_w - grid_left, 100 * k)
        table = Box(margin, notes.top + 3 * k, left_w, map_box.y - grid_bottom - notes.top - 6 * k)
        sx = W - margin - side_w
        facts = Box(sx, map_box.top - 48 * k, side_w, 48 * k)
        chart = Box(sx + 9 * k, facts.y - 42 * k, side_w - 9 * k, 34 * k)
        legend = Box(sx, notes.top + 3 * k, side_w, chart.y - 7 * k - notes.top - 3 * k)
    return {"title": title, "map": map_box, "facts": facts, "chart": chart, "legend": legend,
            "table": table, "notes": notes, "footer": footer}


def cover_layout(page: Page) -> dict[str, Box]:
    """An atlas cover: a large title, an overview map, and a band for its legend and notes."""
    k, W, H = page.k, page.width_mm, page.height_mm
    margin, grid_left, grid_bottom = 12 * k, 9 * k, 7 * k
    title = Box(margin, H - margin - 34 * k, W - 2 * margin, 34 * k)
    footer = Box(margin, margin, W - 2 * margin, 4 * k)  # the page number's line
    notes = Box(margin, footer.top + 1 * k, W - 2 * margin, 62 * k)
    map_top = title.y - 6 * k
    map_box = Box(margin + grid_left, notes.top + grid_bottom + 4 * k,
                  W - 2 * margin - grid_left, map_top - notes.top - grid_bottom - 4 * k)
    return {"title": title, "map": map_box, "notes": notes, "footer": footer}
