"""The changes between two moments on the map: which change layers the window draws, read back
from frame folders (:mod:`concession_gis_ui.frames`), and their counts in words. No Qt.

The layers are those of the change map (new and extinct claims, new and excluded registrations)
and the claims recognised by their polygon under another code; the others stay in changes.gpkg.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from concession_gis_ui.frames import read_frame, write_frame
from concession_gis_ui.loading import LoadedLayers, big_allocations, prepare_frames, search_texts
from concession_gis_ui.table_data import cell_arrays

from concession_gis.export.change_text import change_text
from concession_gis.i18n import tr

PREFIX = "changes:"  # a change layer's name on the map: changes:claims_new
# Drawn bottom first: new claims above the extinct ones (filed on freed ground), points on top.
SHOWN = ("claims_extinct", "claims_recoded", "claims_new", "registrations_excluded", "registrations_new")


def layer_name(change: str) -> str:
    return PREFIX + change


def write_change_display(layers: dict, folder: str | Path) -> Path:
    """The shown change layers (empty ones too: a count of 0 is an answer) as frame folders (worker side)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in SHOWN:
        frame = layers.get(name)
        if isinstance(frame, gpd.GeoDataFrame):
            write_frame(frame, folder / name)
    return folder


def load_changes_for_display(folder: str | Path) -> LoadedLayers:
    """The change layers of ``folder``, with their canvas arrays and table cells (in a thread)."""
    folder = Path(folder)
    with big_allocations():
        frames = {layer_name(name): read_frame(folder / name) for name in SHOWN
                  if (folder / name / "frame.json").is_file()}
        loaded = LoadedLayers(frames, prepare_frames(frames), search_texts(frames), None, str(folder))
        loaded.cells = {name: cell_arrays(frame) for name, frame in frames.items()}
        return loaded


def count_lines(summary: dict, lang: str) -> list[str]:
    """The totals and one line per kind of change, as changes_es.md / changes_en.md word them."""
    counts = summary["counts"]
    totals = tr("compare.text.totals", lang, claims_old=counts["claims_old"], claims_new=counts["claims_new_total"],
                regs_old=counts["registrations_old"], regs_new=counts["registrations_new_total"])
    return [totals] + [line[2:] for line in change_text(summary, lang).splitlines() if line.startswith("- ")]
