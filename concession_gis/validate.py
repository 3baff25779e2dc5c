"""`concession-gis validate FILE`: read one input as the analysis would and list every problem."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from concession_gis.analysis.legal_state import legal_states
from concession_gis.errors import ConcessionGisWarning, InputError
from concession_gis.io.layers import load_concessions, load_registrations, load_restricted
from concession_gis.io.schema import ALIASES, parse_column_map, resolve_columns
from concession_gis.io.sources import is_table, read_table, read_vector, split_layer
from concession_gis.rules import load_rules

RASTER_SUFFIXES = {".tif", ".tiff", ".vrt", ".img", ".jp2"}
MAX_LISTED = 50


@dataclass
class Report:
    """What was found in one file: facts, problems, and whether the analysis can use it."""

    path: str
    kind: str
    usable: bool = True
    facts: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"{self.path}  ({self.kind})"]
        width = max((len(label) for label, _ in self.facts), default=0)
        lines += [f"  {label:<{width}}  {value}" for label, value in self.facts]
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s):")
            lines += [f"  - {p}" for p in self.problems[:MAX_LISTED]]
            if len(self.problems) > MAX_LISTED:
                lines.append(f"  ... and {len(self.problems) - MAX_LISTED} more")
        else:
            lines.append("no problems found")
        lines.append("usable: yes" if self.usable else "usable: NO")
        return "\n".join(lines)


def guess_kind(spec: str) -> str:
    """concessions, registrations, restricted or raster, from the file's type and contents."""
    path, _ = split_layer(spec)
    suffix = path.suffix.lower()
    if suffix in RASTER_SUFFIXES:
        return "raster"
    if is_table(path):
        return "registrations"
    frame = read_vector(spec, "input", assume_crs=4326)
    types = set(frame.geom_type.dropna())
    if types and types <= {"Point", "MultiPoint"}:
        return "registrations"
    try:
        resolve_columns(frame, "concessions", {}, str(path))
        return "concessions"
    except InputError:
        return "restricted"


def validate_file(spec: str, kind: str | None, column_map: list[str], crs, lang: str) -> Report:
    """Read ``spec`` as ``kind`` (guessed when None) and report what the analysis would see."""
    report = Report(str(spec), kind or "?")
    try:
        report.kind = kind or guess_kind(spec)
        checks = {"concessions": _concessions, "registrations": _registrations,
                  "restricted": _restricted, "raster": _raster}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConcessionGisWarning)
            checks[report.kind](spec, parse_column_map(column_map), crs, lang, report)
        report.problems += [str(w.message) for w in caught if issubclass(w.category, ConcessionGisWarning)]
    except InputError as exc:
        report.usable = False
        report.problems.append(str(exc))
    return report


def _describe_columns(frame, kind: str, column_map: dict, path: str, report: Report) -> dict:
    found = resolve_columns(frame, kind, column_map, path)
    report.facts.append(("columns recognised", ", ".join(f"{f}={c}" for f, c in found.items()) or "none"))
    missing = [f for f in ALIASES[kind] if f not in found]
    if missing:
        report.facts.append(("fields not found", ", ".join(missing)))
    return found


def _concessions(spec, column_map, crs, lang, report: Report) -> None:
    raw = read_vector(spec, "concessions", crs)
    path = str(split_layer(spec)[0])
    report.facts.append(("CRS", raw.crs.to_string() if raw.crs else "none"))
    report.facts.append(("features", str(len(raw))))
    _describe_columns(raw, "concessions", column_map, path, report)
    loaded = load_concessions([spec], column_map, crs, lang)
    frame = loaded.frame
    states = legal_states(frame["status_code"], frame["status_text"], load_rules())
    report.facts.append(("legal states", ", ".join(f"{k} {v}" for k, v in states.value_counts().items())))
    if frame["filed_on"].notna().any():
        report.facts.append(("filed", f"{frame['filed_on'].min():%Y-%m-%d} to {frame['filed_on'].max():%Y-%m-%d}"))
    undated = int(frame["filed_on"].isna().sum())
    if undated:
        report.problems.append(f"{undated} concession(s) without a readable filing date: seniority and idle cannot be judged for them")
    _list_rejected(loaded.rejected, report)


def _registrations(spec, column_map, crs, lang, report: Report) -> None:
    path = str(split_layer(spec)[0])
    raw = read_table(spec, "registrations") if is_table(Path(path)) else read_vector(spec, "registrations", crs)
    report.facts.append(("rows", str(len(raw))))
    found = _describe_columns(raw, "registrations", column_map, path, report)
    if "latitude" in found:
        report.facts.append(("coordinates", f"{found['latitude']} / {found['longitude']} (WGS84 degrees)"))
    elif "easting" in found:
        report.facts.append(("coordinates", f"{found['easting']} / {found['northing']} (UTM, zone from {found.get('utm_zone', '--crs')})"))
    loaded = load_registrations([spec], column_map, load_rules(), crs, lang)
    statuses = loaded.frame["_status_text"].value_counts()
    report.facts.append(("status values", ", ".join(f"{k or '(empty)'} {v}" for k, v in statuses.items())))
    report.facts.append(("usable rows", f"{len(loaded.frame)} of {len(raw)}"))
    _list_rejected(loaded.rejected, report)


def _restricted(spec, column_map, crs, lang, report: Report) -> None:
    loaded = load_restricted(spec, column_map, crs, lang)
    report.facts.append(("areas", str(len(loaded.frame))))
    report.facts.append(("names", ", ".join(loaded.frame["restricted_name"].head(10))))
    _list_rejected(loaded.rejected, report)


def _raster(spec, column_map, crs, lang, report: Report) -> None:
    from concession_gis.raster.describe import describe_raster
    from concession_gis.raster.sources import ENCODINGS, parse_loss_spec

    path, encoding = parse_loss_spec(spec)
    stated = str(spec).rsplit(":", 1)[-1] in ENCODINGS
    for label, value in describe_raster(path, encoding if stated else None):
        if label == "problem":
            report.problems.append(value)
        else:
            report.facts.append((label, value))


def _list_rejected(rejected, report: Report) -> None:
    for row, reason in zip(rejected["row"], rejected["reason"], strict=True):
        report.problems.append(f"row {row}: {reason}")
