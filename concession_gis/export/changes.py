"""`concession-gis compare OLD NEW --out DIR`: two results.gpkg read, their changes written.

Writes changes.gpkg (one layer per kind of change, and the ``transitions`` table), changes.json
(counts, transitions, the two snapshots' provenance, the rules), changes_es.md and changes_en.md
(the same in words) and change_map.pdf/.png. Everything is staged (:mod:`.atomic`): a failed
comparison leaves the folder's previous outputs as they were, changes.json last.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from concession_gis import __version__
from concession_gis.analysis.changes import (
    OPTIONAL_REGISTRATION_COLUMNS,
    Changes,
    compare,
)
from concession_gis.export.atomic import atomic_path, output_lock, remove_stale, staged, write_text
from concession_gis.export.change_text import change_text
from concession_gis.export.outputs import refuse_inputs
from concession_gis.export.results import GPKG_OPTIONS
from concession_gis.export.snapshots import FRONTS_LAYER, Snapshot, read_snapshot
from concession_gis.io.sources import file_fingerprints
from concession_gis.progress import Feedback
from concession_gis.rules import load_rules

CHANGES_FILE, CHANGES_SUMMARY = "changes.gpkg", "changes.json"
TEXT_FILES = {"es": "changes_es.md", "en": "changes_en.md"}
CHANGE_MAP_FILES = ("change_map.pdf", "change_map.png")


@dataclass
class ChangeReport:
    changes: Changes
    old: Snapshot
    new: Snapshot
    summary: dict
    written: dict[str, Path]
    text: str = ""  # the counts in words, in the comparison's language


def compare_results(old_path: str | Path, new_path: str | Path, out_dir: str | Path, rules_path: str | None = None,
                    lang: str = "es", maps: bool = True, feedback: Feedback | None = None) -> ChangeReport:
    """Compare two results.gpkg and write the changes into ``out_dir`` (which may hold neither)."""
    started = time.perf_counter()
    began = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    rules = load_rules(rules_path)["compare"]
    feedback = feedback or Feedback()
    feedback.stage("compare_read", total=2)
    old = read_snapshot(old_path)
    feedback.advance()
    new = read_snapshot(new_path)
    feedback.advance()
    feedback.stage("compare")
    changes = compare(old.claims, new.claims, old.registrations, new.registrations, dict(rules),  # type: ignore[arg-type]
                      old.fronts, new.fronts)
    out = Path(out_dir)
    names = [CHANGES_FILE, CHANGES_SUMMARY, *TEXT_FILES.values(), *(CHANGE_MAP_FILES if maps else ())]
    with output_lock(out):
        refuse_inputs(out, names, [str(old_path), str(new_path), rules_path])
        remove_stale(out, names)
        feedback.stage("write", total=len(changes.layers) + 1)
        with staged(out, last=CHANGES_SUMMARY):
            written = {CHANGES_FILE: write_changes(changes, out / CHANGES_FILE, feedback)}
            summary = change_summary(changes, old, new, dict(rules), lang, began)
            for language, name in TEXT_FILES.items():
                write_text(out / name, change_text(summary, language))
                written[name] = out / name
            if maps:
                from concession_gis.export.change_map import write_change_maps

                feedback.stage("map")
                written.update(write_change_maps(changes, old, new, out, lang, dict(rules)))
            summary["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            summary["seconds"] = round(time.perf_counter() - started, 2)
            write_text(out / CHANGES_SUMMARY, json.dumps(summary, indent=2, ensure_ascii=False, default=str))
            written[CHANGES_SUMMARY] = out / CHANGES_SUMMARY
    counts = "\n".join(line for line in change_text(summary, lang).splitlines() if line.startswith("- "))
    return ChangeReport(changes, old, new, summary, written, counts)


def write_changes(changes: Changes, target: Path, feedback: Feedback | None = None) -> Path:
    """changes.gpkg: every change layer (empty ones too, so a script finds them all) and the
    transitions table."""
    with atomic_path(target) as temporary, warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for name, frame in changes.layers.items():
            options = GPKG_OPTIONS if not temporary.exists() else None
            if isinstance(frame, gpd.GeoDataFrame):
                kind = "Point" if name.startswith("registrations") else "MultiPolygon"
                pyogrio.write_dataframe(frame, temporary, layer=name, driver="GPKG", geometry_type=kind,
                                        promote_to_multi=kind == "MultiPolygon", dataset_options=options)
            else:
                pyogrio.write_dataframe(pd.DataFrame(frame), temporary, layer=name, driver="GPKG", dataset_options=options)
            if feedback:
                feedback.advance()
        pyogrio.write_dataframe(changes.transitions, temporary, layer="transitions", driver="GPKG")
    return target


def change_summary(changes: Changes, old: Snapshot, new: Snapshot, rules: dict, lang: str, started: str) -> dict:
    """What changes.json holds: counts, transitions, both snapshots' provenance, the rules."""
    transitions: dict[str, list[dict]] = {}
    for row in changes.transitions.itertuples(index=False):
        transitions.setdefault(str(row.variable), []).append(
            {"from": row.from_value, "to": row.to_value, "count": int(row.count)})
    return {
        "tool": "concession-gis", "version": __version__, "language": lang, "started": started,
        "old": _provenance(old), "new": _provenance(new),
        "counts": changes.counts, "transitions": transitions, "compared": changes.compared,
        "skipped": [name for name in (*OPTIONAL_REGISTRATION_COLUMNS, FRONTS_LAYER) if name not in changes.compared],
        "rules": {"compare": rules},
    }


def _provenance(snapshot: Snapshot) -> dict:
    fingerprint = file_fingerprints(snapshot.path)[0]
    return {**fingerprint, "analysed": snapshot.moment(),
            "reference_date": snapshot.summary.get("rules", {}).get("reference_date"),
            "tool_version": snapshot.summary.get("version")}
