"""`concession-gis validate FILE`: read one input as the analysis would and list every problem."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from concession_gis.analysis.legal_state import legal_states
from concession_gis.errors import ConcessionGisWarning, InputError, text_of
from concession_gis.i18n import tr
from concession_gis.io.layers import load_concessions, load_registrations, load_restricted
from concession_gis.io.schema import ALIASES, parse_column_map, resolve_columns
from concession_gis.io.sources import is_table, read_table, read_vector, split_layer
from concession_gis.reasons import render
from concession_gis.rules import load_rules

RASTER_SUFFIXES = {".tif", ".tiff", ".vrt", ".img", ".jp2"}
MAX_LISTED = 50
KINDS = ("concessions", "registrations", "restricted", "raster")


@dataclass
class Report:
    """What was found in one file: facts, problems, and whether the analysis can use it.

    Labels and problems are in ``lang``, the language the report is written for.
    """

    path: str
    kind: str
    lang: str = "es"
    usable: bool = True
    facts: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def fact(self, name: str, value: str) -> None:
        """Add the fact labelled by ``validate.label.<name>``."""
        self.facts.append((tr(f"validate.label.{name}", self.lang), value))

    def text(self) -> str:
        kind = tr(f"validate.kind.{self.kind}", self.lang) if self.kind in KINDS else self.kind
        lines = [f"{self.path}  ({kind})"]
        width = max((len(label) for label, _ in self.facts), default=0)
        lines += [f"  {label:<{width}}  {value}" for label, value in self.facts]
        if self.problems:
            lines.append(tr("validate.problems", self.lang, n=len(self.problems)))
            lines += [f"  - {p}" for p in self.problems[:MAX_LISTED]]
            if len(self.problems) > MAX_LISTED:
                lines.append("  " + tr("validate.more_problems", self.lang, n=len(self.problems) - MAX_LISTED))
        else:
            lines.append(tr("validate.no_problems", self.lang))
        lines.append(tr("validate.usable" if self.usable else "validate.not_usable", self.lang))
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
    report = Report(str(spec), kind or "?", lang=lang)
    try:
        report.kind = kind or guess_kind(spec)
        checks = {"concessions": _concessions, "registrations": _registrations,
                  "restricted": _restricted, "raster": _raster}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConcessionGisWarning)
            checks[report.kind](spec, parse_column_map(column_map), crs, lang, report)
        report.problems += [text_of(w.message, lang) for w in caught if issubclass(w.category, ConcessionGisWarning)]
    except InputError as exc:
        report.usable = False
        report.problems.append(text_of(exc, lang))
    return report


def _describe_columns(frame, kind: str, column_map: dict, path: str, report: Report) -> dict:
    found = resolve_columns(frame, kind, column_map, path)
    recognised = ", ".join(f"{f}={c}" for f, c in found.items())
    report.fact("columns_recognised", recognised or tr("validate.no_columns", report.lang))
    missing = [f for f in ALIASES[kind] if f not in found]
    if missing:
        report.fact("fields_not_found", ", ".join(missing))
    return found


def _concessions(spec, column_map, crs, lang, report: Report) -> None:
    raw = read_vector(spec, "concessions", crs)
    path = str(split_layer(spec)[0])
    report.fact("crs", raw.crs.to_string() if raw.crs else tr("validate.no_crs", report.lang))
    report.fact("features", str(len(raw)))
    _describe_columns(raw, "concessions", column_map, path, report)
    loaded = load_concessions([spec], column_map, crs)
    frame = loaded.frame
    states = legal_states(frame["status_code"], frame["status_text"], load_rules())
    report.fact("legal_states", ", ".join(f"{k} {v}" for k, v in states.value_counts().items()))
    if frame["filed_on"].notna().any():
        report.fact("filed", tr("validate.date_range", report.lang, first=f"{frame['filed_on'].min():%Y-%m-%d}",
                                last=f"{frame['filed_on'].max():%Y-%m-%d}"))
    undated = int(frame["filed_on"].isna().sum())
    if undated:
        report.problems.append(tr("validate.undated_concessions", report.lang, n=undated))
    _list_rejected(loaded.rejected, report)


def _registrations(spec, column_map, crs, lang, report: Report) -> None:
    path = str(split_layer(spec)[0])
    raw = read_table(spec, "registrations") if is_table(Path(path)) else read_vector(spec, "registrations", crs)
    report.fact("rows", str(len(raw)))
    found = _describe_columns(raw, "registrations", column_map, path, report)
    if "latitude" in found:
        report.fact("coordinates", tr("validate.lonlat_columns", lang, latitude=found["latitude"],
                                      longitude=found["longitude"]))
    elif "easting" in found:
        report.fact("coordinates", tr("validate.utm_columns", lang, easting=found["easting"], northing=found["northing"],
                                      zone=found.get("utm_zone", "--crs")))
    loaded = load_registrations([spec], column_map, load_rules(), crs)
    statuses = loaded.frame["_status_text"].value_counts()
    empty = tr("validate.empty_value", lang)
    report.fact("status_values", ", ".join(f"{k or empty} {v}" for k, v in statuses.items()))
    report.fact("usable_rows", tr("validate.n_of_total", lang, n=len(loaded.frame), total=len(raw)))
    _list_rejected(loaded.rejected, report)


def _restricted(spec, column_map, crs, lang, report: Report) -> None:
    loaded = load_restricted(spec, column_map, crs)
    report.fact("areas", str(len(loaded.frame)))
    report.fact("names", ", ".join(loaded.frame["restricted_name"].head(10)))
    _list_rejected(loaded.rejected, report)


def _raster(spec, column_map, crs, lang, report: Report) -> None:
    from concession_gis.raster.describe import inspect_raster
    from concession_gis.raster.sources import ENCODINGS, open_loss_sources, parse_loss_spec

    path, encoding = parse_loss_spec(spec)
    stated = str(spec).rsplit(":", 1)[-1] in ENCODINGS
    facts, problems = inspect_raster(path, encoding if stated else None)
    report.facts += [(tr(f"raster.label.{name}", lang), value if isinstance(value, str) else render(value, lang))
                     for name, value in facts]
    report.problems += [problem.text(lang) for problem in problems]
    try:  # opened as the analysis opens it: what it refuses (no CRS without --crs) is not usable
        open_loss_sources([str(spec)], assume_crs=crs)
    except InputError as exc:
        report.usable = False
        if not problems:
            report.problems.append(text_of(exc, lang))


def _list_rejected(rejected, report: Report) -> None:
    for row, reasons in zip(rejected["row"], rejected["reason_codes"], strict=True):
        report.problems.append(tr("validate.rejected_row", report.lang, row=row, reason=render(reasons, report.lang)))
