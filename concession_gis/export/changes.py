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
from concession_gis.export.outputs import refuse_inputs
from concession_gis.export.results import GPKG_OPTIONS
from concession_gis.export.snapshots import FRONTS_LAYER, Snapshot, read_snapshot
from concession_gis.i18n import tr
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


# The lines of the text summary, in order: a count key of changes.json and its catalogue key.
TEXT_LINES = (
    ("claims_new", "compare.text.claims_new"), ("claims_extinct", "compare.text.claims_extinct"),
    ("claims_state_changed", "compare.text.claims_state_changed"),
    ("claims_holder_changed", "compare.text.claims_holder_changed"),
    ("claims_area_changed", "compare.text.claims_area_changed"), ("claims_recoded", "compare.text.claims_recoded"),
    ("registrations_new", "compare.text.registrations_new"),
    ("registrations_excluded", "compare.text.registrations_excluded"),
    ("registrations_status_changed", "compare.text.registrations_status_changed"),
    ("registrations_host_changed", "compare.text.registrations_host_changed"),
    ("registrations_conflict_changed", "compare.text.registrations_conflict_changed"),
    ("registrations_legal_status_changed", "compare.text.registrations_legal_status_changed"),
    ("fronts_new", "compare.text.fronts_new"), ("fronts_grown", "compare.text.fronts_grown"),
)
# The catalogue prefix of each transition variable's values.
VALUE_WORDS = {"legal_state": "legal_state", "reg_status": "reg_status", "conflict_type": "conflict_type",
               "legal_status": "legal_status"}


def change_text(summary: dict, lang: str) -> str:
    """changes_es.md / changes_en.md: the counts and the transitions (changed pairs only) in words."""
    counts = summary["counts"]
    lines = [f"# {tr('compare.text.title', lang)}", "",
             tr("compare.text.snapshots", lang, old=Path(summary["old"]["path"]).name, old_date=summary["old"]["analysed"],
                new=Path(summary["new"]["path"]).name, new_date=summary["new"]["analysed"]), "",
             tr("compare.text.totals", lang, claims_old=counts["claims_old"], claims_new=counts["claims_new_total"],
                regs_old=counts["registrations_old"], regs_new=counts["registrations_new_total"]), ""]
    lines += [f"- {tr(key, lang, n=counts[name])}" for name, key in TEXT_LINES if name in counts]
    if "loss_fronts" not in summary["compared"]:
        lines.append(f"- {tr('compare.text.no_fronts', lang)}")
    for variable, rows in summary["transitions"].items():
        changed = [row for row in rows if row["from"] != row["to"]]
        lines += ["", f"## {tr(f'compare.text.transitions.{variable}', lang)}", ""]
        if not changed:
            lines.append(tr("compare.text.no_transitions", lang))
            continue
        lines += [f"| {tr('compare.text.from', lang)} | {tr('compare.text.to', lang)} | {tr('compare.text.count', lang)} |",
                  "|---|---|---:|"]
        lines += [f"| {_value_words(variable, row['from'], lang)} | {_value_words(variable, row['to'], lang)} | {row['count']} |"
                  for row in changed]
    lines += ["", tr("compare.text.rules", lang, **summary["rules"]["compare"]), ""]
    return "\n".join(lines)


def _value_words(variable: str, value: str, lang: str) -> str:
    if value == "absent":
        return tr("compare.absent", lang)
    key = f"{VALUE_WORDS[variable]}.{value}"
    words = tr(key, lang)
    return value if words == key else words
