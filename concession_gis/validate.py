"""`concession-gis validate FILE`: read one input as the analysis would and list every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from concession_gis.analysis.legal_state import legal_states
from concession_gis.columns import LocatedBy
from concession_gis.errors import InputError, collecting_warnings, text_of
from concession_gis.i18n import tr
from concession_gis.inputs import (
    KIND,
    KINDS,
    RASTER_SUFFIXES,
    Format,
    InputKind,
    raster_kind,
    split_spec,
)
from concession_gis.io.layers import (
    load_allowed_zones,
    load_concessions,
    load_districts,
    load_registrations,
    load_restricted,
)
from concession_gis.io.schema import ALIASES, key, parse_column_map, resolve_columns
from concession_gis.io.sources import is_table, read_table, read_vector, split_layer
from concession_gis.io.tables import load_table
from concession_gis.reasons import render
from concession_gis.rules import load_rules

MAX_LISTED = 50
# The geometry types of a vector file, as the kinds declare the geometries they accept.
GEOMETRIES = {"Point": "point", "MultiPoint": "point", "Polygon": "polygon", "MultiPolygon": "polygon"}


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
        kind = tr(KIND[self.kind].label, self.lang) if self.kind in KIND else self.kind
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


GUESS_FEATURES = 1_000


def guess_kind(spec: str) -> str:
    """The name of the kind ``spec`` most likely is, from its format, geometry and columns.

    Among the kinds that accept the file's format (and geometry), those whose required fields
    (and, for a table, one group of ``locations``) are found through their aliases; of these the
    one with the most required fields found, then the most fields found, then the narrowest
    declaration. A table that fits no kind is taken as the first kind that reads tables, so its
    check names what is missing.
    """
    path, _ = split_layer(spec)
    if path.suffix.lower() in RASTER_SUFFIXES:
        return raster_kind(path).name
    if is_table(path):
        form, columns, geometries = Format.TABLE, read_table(spec, "input", warn=False).columns, set()
    else:
        # The first features tell the kind: a national cadastre need not be read whole for that.
        frame = read_vector(spec, "input", max_features=GUESS_FEATURES, place=False)
        form, columns = Format.VECTOR, frame.columns
        geometries = {GEOMETRIES.get(t, t) for t in frame.geom_type.dropna()}
    header = {key(c) for c in columns if not str(c).startswith("_")}
    accepting = [kind for kind in KINDS if form in kind.formats and geometries <= kind.geometries]

    def found(kind: InputKind) -> set[str]:
        return {f.name for f in kind.fields if any(alias in header for alias in f.aliases)}

    def fits(kind: InputKind) -> bool:
        fields = found(kind)
        located = form is not Format.TABLE or not kind.locations or any(set(g) <= fields for g in kind.locations)
        return set(kind.required) <= fields and located

    fitting = [kind for kind in accepting if fits(kind)]
    if not fitting:
        return accepting[0].name if accepting else KINDS[0].name
    best = max(fitting, key=lambda kind: (len(kind.required), len(found(kind)),
                                          -len(kind.formats) - len(kind.geometries)))
    return best.name


def validate_file(spec: str, kind: str | None, column_map: list[str], crs, lang: str) -> Report:
    """Read ``spec`` as ``kind`` (guessed when None) and report what the analysis would see."""
    report = Report(str(spec), kind or "?", lang=lang)
    try:
        report.kind = kind or guess_kind(spec)
        with collecting_warnings(pass_on=False) as collected:
            check = KIND[report.kind].check
            CHECKS[check](spec, KIND[report.kind], parse_column_map(column_map), crs, lang, report)
        # The raw read and the load both warn about what the file holds: each problem once.
        warned = [text_of(w, lang) for w in collected]
        report.problems += list(dict.fromkeys(warned))
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


def _concessions(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    raw = read_vector(spec, "concessions", crs)
    path = str(split_layer(spec)[0])
    report.fact("crs", raw.crs.to_string() if raw.crs else tr("validate.no_crs", report.lang))
    report.fact("features", str(len(raw)))
    _describe_columns(raw, "concessions", column_map, path, report)
    loaded = load_concessions([spec], column_map, crs)
    frame = loaded.frame
    fields = loaded.step_fields
    states = legal_states(frame["status_code"], fields["status_text"], fields["state_known"], load_rules())
    report.fact("legal_states", ", ".join(f"{k} {v}" for k, v in states.value_counts().items()))
    if frame["filed_on"].notna().any():
        report.fact("filed", tr("validate.date_range", report.lang, first=f"{frame['filed_on'].min():%Y-%m-%d}",
                                last=f"{frame['filed_on'].max():%Y-%m-%d}"))
    _list_rejected(loaded.rejected, report)


def _registrations(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    path = str(split_layer(spec)[0])
    raw = read_table(spec, "registrations") if is_table(Path(path)) else read_vector(spec, "registrations", crs)
    report.fact("rows", str(len(raw)))
    found = _describe_columns(raw, "registrations", column_map, path, report)
    rules = load_rules()
    if "latitude" in found:
        report.fact("coordinates", tr("validate.lonlat_columns", lang, latitude=found["latitude"],
                                      longitude=found["longitude"]))
    elif "easting" in found:
        # A registry's UTM export rarely says its datum, and the same numbers read in PSAD56 lie
        # 420-450 m from WGS84 in Peru: the datum the rules assume is said, not left to a guess.
        datum = (tr("validate.datum_column", lang, column=found["datum"]) if "datum" in found
                 else tr("validate.datum_rule", lang, datum=rules["registrations"]["utm_datum"]))
        report.fact("coordinates", tr("validate.utm_columns", lang, easting=found["easting"], northing=found["northing"],
                                      zone=found.get("utm_zone", "--crs"), datum=datum))
    loaded = load_registrations([spec], column_map, rules, crs)
    statuses = loaded.step_fields["status_text"].value_counts()
    empty = tr("validate.empty_value", lang)
    report.fact("status_values", ", ".join(f"{k or empty} {v}" for k, v in statuses.items()))
    report.fact("usable_rows", tr("validate.n_of_total", lang, n=len(loaded.frame), total=len(raw)))
    by_code = int((loaded.frame["located_by"] == LocatedBy.DECLARED_CODE).sum())
    if by_code:  # matched against a cadastre only when analysed with one
        report.fact("located_by_code", str(by_code))
    report.usable = not loaded.frame.empty  # the analysis runs without it, with a warning: nothing to use
    _list_rejected(loaded.rejected, report)


def _restricted(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    loaded = load_restricted(spec, column_map, crs)
    report.usable = not loaded.frame.empty
    report.fact("areas", str(len(loaded.frame)))
    report.fact("names", ", ".join(loaded.frame["restricted_name"].head(10)))
    _list_rejected(loaded.rejected, report)


def _allowed_zones(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    loaded = load_allowed_zones(spec, column_map, crs)
    report.usable = not loaded.frame.empty
    report.fact("areas", str(len(loaded.frame)))
    report.fact("names", ", ".join(loaded.frame["allowed_zone_name"].head(10)))
    _list_rejected(loaded.rejected, report)


def _districts(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    raw = read_vector(spec, "districts", crs)
    report.fact("crs", raw.crs.to_string() if raw.crs else tr("validate.no_crs", report.lang))
    report.fact("features", str(len(raw)))
    _describe_columns(raw, "districts", column_map, str(split_layer(spec)[0]), report)
    loaded = load_districts(spec, column_map, crs)
    report.usable = not loaded.frame.empty  # the analysis runs without it, with a warning: equal shares
    report.fact("districts", str(len(loaded.frame[["department", "province", "district"]].drop_duplicates())))
    report.fact("names", ", ".join(loaded.frame["district"].drop_duplicates().head(10)))
    _list_rejected(loaded.rejected, report)


def _raster(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    from concession_gis.raster.describe import inspect_raster
    from concession_gis.raster.loss_years import ENCODINGS
    from concession_gis.raster.sources import open_loss_sources, parse_loss_spec

    path, encoding = parse_loss_spec(spec)
    stated = split_spec(spec)[1] in ENCODINGS
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


# What inspect_raster says of a loss raster's values: a forest map's values mean something else.
_LOSS_ONLY_FACTS = ("values", "encoding_guess")
_LOSS_ONLY_PROBLEMS = ("raster.problem.unknown_encoding", "raster.problem.encoding_mismatch",
                       "raster.problem.no_encoding_fits", "raster.problem.impossible_values")


def _forest(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    """A forest map: the raster's facts as for a loss raster, the encoding and what counts as forest."""
    from concession_gis.raster.describe import inspect_raster
    from concession_gis.raster.forest import open_forest_sources, parse_forest_spec

    path, encoding = parse_forest_spec(spec)
    facts, problems = inspect_raster(path, None)
    report.facts += [(tr(f"raster.label.{name}", lang), value if isinstance(value, str) else render(value, lang))
                     for name, value in facts if name not in _LOSS_ONLY_FACTS]
    canopy = load_rules()["forest"]["min_canopy_percent"]
    report.facts += [(tr("forest.label.encoding", lang), encoding),
                     (tr("forest.label.forest_values", lang), tr(f"forest.{encoding}", lang, min=canopy))]
    problems = [problem for problem in problems if problem.code not in _LOSS_ONLY_PROBLEMS]
    report.problems += [problem.text(lang) for problem in problems]
    try:
        open_forest_sources([str(spec)], assume_crs=crs)
    except InputError as exc:
        report.usable = False
        if not problems:
            report.problems.append(text_of(exc, lang))


def _table(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    """Any table kind: the columns found, the rows the analysis can use, the rows set aside."""
    raw = read_table(spec, kind.name)
    report.fact("rows", str(len(raw)))
    _describe_columns(raw, kind.name, column_map, str(split_layer(spec)[0]), report)
    loaded = load_table(kind, spec, column_map)
    report.fact("usable_rows", tr("validate.n_of_total", lang, n=len(loaded.frame), total=len(raw)))
    _list_rejected(loaded.rejected, report)


def _ajam(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    """AJAM's areas: the columns found, the states and actor types read through Bolivia's profile."""
    from concession_gis.analysis.bolivia_areas import actor_types, area_states
    from concession_gis.io.bolivia import load_ajam
    from concession_gis.profile import load_profile

    raw = read_vector(spec, "AJAM areas", crs)
    report.fact("crs", raw.crs.to_string() if raw.crs else tr("validate.no_crs", report.lang))
    report.fact("features", str(len(raw)))
    _describe_columns(raw, "ajam", column_map, str(split_layer(spec)[0]), report)
    loaded = load_ajam([spec], column_map, crs)
    profile = load_profile("bo")
    states = area_states(loaded.frame["area_state"], loaded.frame["_state_known"], profile)
    actors, _ = actor_types(loaded.frame["actor_type"], loaded.frame["holder"], profile)
    report.fact("legal_states", ", ".join(f"{k} {v}" for k, v in states.value_counts().items()))
    report.fact("actor_types", ", ".join(f"{k or '?'} {v}" for k, v in actors.value_counts().items()))
    _list_rejected(loaded.rejected, report)


def _work_sites(spec, kind: InputKind, column_map, crs, lang, report: Report) -> None:
    """Work sites: the columns found, the rows placed, the rows set aside."""
    from concession_gis.io.bolivia import load_work_sites

    path = str(split_layer(spec)[0])
    raw = read_table(spec, "work sites") if is_table(Path(path)) else read_vector(spec, "work sites", crs)
    report.fact("rows", str(len(raw)))
    _describe_columns(raw, "work_sites", column_map, path, report)
    loaded = load_work_sites([spec], column_map, load_rules(), crs)
    report.fact("usable_rows", tr("validate.n_of_total", lang, n=len(loaded.frame), total=len(raw)))
    report.usable = not loaded.frame.empty
    _list_rejected(loaded.rejected, report)


CHECKS = {"concessions": _concessions, "registrations": _registrations, "restricted": _restricted, "districts": _districts,
          "raster": _raster, "forest": _forest, "table": _table, "allowed_zones": _allowed_zones,
          "ajam": _ajam, "work_sites": _work_sites}


def _list_rejected(rejected, report: Report) -> None:
    for row, reasons in zip(rejected["row"], rejected["reason_codes"], strict=True):
        report.problems.append(tr("validate.rejected_row", report.lang, row=row, reason=render(reasons, report.lang)))
