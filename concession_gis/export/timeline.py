"""A claim's history on one time axis: when it was filed, when its title was granted (where
the cadastre says), when each miner on it was inscribed in REINFO, the forest lost on it each
year, and each year its holder declared production (``production_by_year``, with what was
declared, told in words under the chart).

Two panels share the years: events above (a lane each), loss below as bars coloured by year as
on the map. Dates are drawn as fractions of their year, so two inscriptions months apart stand
apart.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from concession_gis import palette
from concession_gis.export.layout import Box, Page
from concession_gis.export.typography import AxisNumbers, format_number
from concession_gis.i18n import tr
from concession_gis.io.values import is_missing


def decimal_year(values) -> np.ndarray:
    """Dates as years with their fraction (2014-07-02 -> 2014.5); NaN where no date."""
    dates = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")
    return (dates.dt.year + (dates.dt.day_of_year - 1) / 365.25).to_numpy(dtype=float, na_value=np.nan)


def production_rows(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """The claim's rows of ``production_by_year`` (none for results without the table)."""
    if "code" not in table:
        return pd.DataFrame(columns=["year"])
    return table.loc[table["code"].astype(str) == str(code)]


def production_years(claim: pd.Series, declared: pd.DataFrame | None = None) -> np.ndarray:
    """The years the claim's holder declared production: those of its ``production_by_year``
    rows, else of ``production_years`` (a results file from before either was kept gives the
    last one only)."""
    if declared is not None and len(declared):
        return np.unique(declared["year"].to_numpy(dtype=float))
    text = claim.get("production_years")
    if isinstance(text, str) and text.strip():
        return np.array([float(y) for y in text.split(";") if y.strip()])
    last = pd.to_numeric(pd.Series([claim.get("last_production_year")]), errors="coerce").to_numpy(dtype=float)
    return last[np.isfinite(last)]


def production_text(declared: pd.DataFrame, lang: str) -> str:
    """Each year's declared production as the table gives it, "2018: ORO 12,5 kg; PLATA · 2020:
    ORO"; the year alone where it gives neither mineral nor quantity. Consecutive years that
    declared the same run on as one span, "2015–2025: ORO", as a reader would write them."""
    said: list[tuple[int, int, str]] = []  # first year, last year, what they declared
    for year, rows in declared.sort_values("year", kind="stable").groupby("year", sort=True):
        items = []
        for row in rows.itertuples(index=False):
            quantity, mineral, unit = (getattr(row, name, None) for name in ("quantity", "mineral", "unit"))
            words = ["" if is_missing(mineral) else str(mineral).strip(),
                     "" if is_missing(quantity) else format_number(quantity, lang, None),
                     "" if is_missing(quantity) or is_missing(unit) else str(unit).strip()]
            items.append(" ".join(w for w in words if w))
        text = "; ".join(dict.fromkeys(i for i in items if i))
        if said and said[-1][1] == int(year) - 1 and said[-1][2] == text:
            said[-1] = (said[-1][0], int(year), text)
        else:
            said.append((int(year), int(year), text))
    spans = [str(first) if first == last else f"{first}–{last}" for first, last, _ in said]
    return " · ".join(f"{span}: {text}" if text else span for span, (_, _, text) in zip(spans, said, strict=True))


def timeline_span(claim: pd.Series, hosted: gpd.GeoDataFrame, by_year: pd.Series,
                  declared: pd.DataFrame | None = None) -> tuple[float, float] | None:
    """The years the chart spans: every date it shows, a year of room each side; None if none."""
    years = [*decimal_year([claim.get("filed_on"), claim.get("titled_on")]),
             *decimal_year(hosted.get("registered_on", pd.Series(dtype=object))),
             *(by_year.index.to_numpy(dtype=float) + 0.5 if len(by_year) else []),
             *(production_years(claim, declared) + 0.5)]
    known = [y for y in years if np.isfinite(y)]
    if not known:
        return None
    return float(np.floor(min(known))) - 1, float(np.ceil(max(known))) + 1


def draw_timeline(fig: Figure, page: Page, box: Box, claim: pd.Series, hosted: gpd.GeoDataFrame,
                  by_year: pd.Series, lang: str, size: float, declared: pd.DataFrame | None = None) -> bool:
    """The chart in ``box``; False (nothing drawn) when the claim has no date at all. A lane for
    the title only where the claim has its date (``titled_on``): no title is ever assumed."""
    span = timeline_span(claim, hosted, by_year, declared)
    if span is None:
        return False
    label_w = 34 * page.k
    events_h = box.h * 0.42
    events = fig.add_axes(page.rect(Box(box.x + label_w, box.y + box.h - events_h, box.w - label_w, events_h)))
    bars = fig.add_axes(page.rect(Box(box.x + label_w, box.y + 6 * page.k, box.w - label_w, box.h - events_h - 9 * page.k)),
                        sharex=events)
    titled = decimal_year([claim.get("titled_on")])
    has_title = bool(np.isfinite(titled).all())
    top = 3 if has_title else 2  # the filing's lane; the title's below it
    lanes = [tr("dossier.timeline.filed", lang), *([tr("dossier.timeline.titled", lang)] if has_title else []),
             tr("dossier.timeline.registrations", lang, n=len(hosted)), tr("dossier.timeline.production", lang)]
    filed = decimal_year([claim.get("filed_on")])
    if np.isfinite(filed).all():
        events.scatter(filed, [top], marker="D", s=36, color="#1b4a80", zorder=3)
    if has_title:
        events.scatter(titled, [2], marker="*", s=60, color="#6a3d9a", zorder=3)
    inscribed = decimal_year(hosted["registered_on"]) if "registered_on" in hosted else np.array([])
    inscribed = inscribed[np.isfinite(inscribed)]
    if inscribed.size:
        # Inscriptions on the same day stack upwards, so each one shows.
        order = pd.Series(inscribed).groupby(np.round(inscribed, 3)).cumcount().to_numpy()
        events.scatter(inscribed, 1 + np.minimum(order, 6) * 0.1, marker="o", s=14, color="#d95f02",
                       edgecolors="#1a1a1a", linewidths=0.3, zorder=3)
    production = production_years(claim, declared)
    if production.size:
        events.scatter(production + 0.5, np.zeros(production.size), marker="s", s=30, color="#1b9e77", zorder=3)
    events.set_yticks(list(range(top, -1, -1)), lanes, fontsize=size)
    events.set_ylim(-0.6, top + 0.8)
    events.grid(axis="x", linewidth=0.3, color="#cccccc")
    events.tick_params(labelbottom=False, length=0)
    for side in ("top", "right", "left"):
        events.spines[side].set_visible(False)

    if len(by_year) and (by_year > 0).any():
        years = by_year.index.to_numpy(dtype=int)
        bars.bar(years + 0.5, by_year.to_numpy(), width=0.8, color=[palette.loss_year_colour(y) for y in years],
                 edgecolor="#333333", linewidth=0.3)
        bars.yaxis.set_major_locator(MaxNLocator(4))
        bars.yaxis.set_major_formatter(AxisNumbers(lang))
    else:
        bars.set_yticks([])
        bars.text(0.5, 0.5, tr("dossier.timeline.no_loss", lang), transform=bars.transAxes, ha="center", va="center",
                  fontsize=size, color="#444444")
    bars.set_ylabel(tr("dossier.timeline.loss", lang), fontsize=size)
    if np.isfinite(filed).all():
        for ax in (events, bars):
            ax.axvline(float(filed[0]), color="#1b4a80", linewidth=0.6, linestyle="--", zorder=1)
    bars.set_xlim(*span)
    bars.xaxis.set_major_locator(MaxNLocator(10, integer=True))
    bars.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))  # years, never 2 014
    bars.tick_params(labelsize=size, length=2, width=0.4)
    events.tick_params(labelsize=size)
    bars.grid(axis="y", linewidth=0.3, color="#cccccc")
    bars.set_axisbelow(True)
    for side in ("top", "right"):
        bars.spines[side].set_visible(False)
    return True
