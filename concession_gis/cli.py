"""concession-gis: who works on whose mining claim, idle and extinct claims, coexistence candidates
and forest loss, from INGEMMET, REINFO and deforestation rasters.

The command line only parses options, reads files and calls the core. An input problem exits
with status 2 and one message that says what to do; an internal error exits with status 1 and
the path of a log file holding the details.
"""

from __future__ import annotations

import contextlib
import io
import logging
import multiprocessing
import os
import sys
import time
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from concession_gis.cli_parser import argparse_words, build_parser, parser_language
from concession_gis.columns import LegalState
from concession_gis.errors import Cancelled, ConcessionGisWarning, InputError, disk_error, text_of
from concession_gis.i18n import format_number, resolve_language, tr
from concession_gis.inputs import BOLIVIAN_KINDS as INPUT_BOLIVIAN_KINDS
from concession_gis.inputs import KINDS
from concession_gis.logs import log_path
from concession_gis.profile import DEFAULT_COUNTRY
from concession_gis.progress import Feedback, Step

if TYPE_CHECKING:
    from tqdm import tqdm

    from concession_gis.model import RunSummary

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_CANCELLED = 0, 1, 2, 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a command ended by SIGPIPE (128 + 13)


def main(argv: list[str] | None = None) -> int:
    # The GUI's job-server process, in a frozen (PyInstaller) application, starts through here.
    multiprocessing.freeze_support()
    _forgiving_streams()
    argv = _attach_negative_values(sys.argv[1:] if argv is None else argv)
    words = parser_language(argv)  # the help's and the refusals' before --lang is read
    with argparse_words(words):
        parser = build_parser(words)
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_INPUT
    lang = resolve_language(getattr(args, "lang", None))
    try:
        with _libraries_quiet():
            status = COMMANDS[args.command](args)
        if sys.stdout is not None:  # None in a windowed (frozen) application
            sys.stdout.flush()  # a reader that left (`| head`) is found here, not at exit
        return status
    except BrokenPipeError:
        return _reader_left()
    except InputError as exc:
        return _refuse(exc, lang)
    except (Cancelled, KeyboardInterrupt):
        print(f"concession-gis: {tr('cli.cancelled', lang)}", file=sys.stderr)
        return EXIT_CANCELLED
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into a log file
        error = disk_error(exc) if isinstance(exc, OSError) else None
        return _refuse(error, lang) if error is not None else _report_bug(exc, lang)


def _refuse(exc: InputError, lang: str) -> int:
    print(f"concession-gis: {tr('cli.error', lang)}: {text_of(exc, lang)}", file=sys.stderr)
    return EXIT_INPUT


def _report_bug(exc: Exception, lang: str) -> int:
    """One line naming the log that holds the traceback; the line alone when no log can be written."""
    details = traceback.format_exc()
    try:
        path = log_path()
        path.write_text(details, encoding="utf-8")
    except OSError:
        print(f"concession-gis: {tr('cli.internal_error_no_log', lang, error=repr(exc))}", file=sys.stderr)
    else:
        print(f"concession-gis: {tr('cli.internal_error', lang, error=repr(exc), path=path)}", file=sys.stderr)
    return EXIT_INTERNAL


def _forgiving_streams() -> None:
    """What the terminal's encoding cannot show is printed as an escape rather than failing the
    print, from the help on: a file name that is not UTF-8, a sign a Windows console's code page
    lacks when the output goes to a file."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # not a test's capture or a closed console
            with contextlib.suppress(ValueError):
                stream.reconfigure(errors="backslashreplace")


@contextlib.contextmanager
def _libraries_quiet() -> Iterator[None]:
    """Only the tool's own words on the terminal: the libraries' warnings (pyogrio's, GDAL's through
    rasterio's logger) say nothing a user can act on, and each refusal they lead to is an error of
    ours."""
    loggers = [logging.getLogger(name) for name in ("rasterio", "pyogrio", "fiona")]
    handler = logging.NullHandler()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("default", ConcessionGisWarning)
        for logger in loggers:
            logger.addHandler(handler)
        try:
            yield
        finally:
            for logger in loggers:
                logger.removeHandler(handler)


def _reader_left() -> int:
    """The reader of our output closed it (``validate FILE | head -1``): not an error of ours.
    Python would report the unflushed rest again at exit; it goes nowhere instead."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


def _attach_negative_values(argv: list[str], options=("--bbox",)) -> list[str]:
    """``--bbox -70.6,-13.3,...`` as ``--bbox=-70.6,...``: argparse would take a value that starts
    with '-' for an option, and longitudes west of Greenwich always do."""
    out: list[str] = []
    for item in argv:
        if out and out[-1] in options and item.startswith("-") and item[1:2].isdigit():
            out[-1] = f"{out[-1]}={item}"
        else:
            out.append(item)
    return out


# --- commands --------------------------------------------------------------------------------


def run_analyze(args) -> int:
    from concession_gis.export.atomic import output_lock
    from concession_gis.export.outputs import output_names, refuse_inputs
    from concession_gis.export.results import parse_formats, write_results
    from concession_gis.export.spreadsheet import check_dialect
    from concession_gis.model import Inputs
    from concession_gis.pipeline import analyze

    lang = resolve_language(args.lang)
    formats = parse_formats(args.format)
    dialect = check_dialect(args.csv_dialect)
    given = {kind.attribute: getattr(args, kind.attribute) for kind in KINDS}
    if any(given.values()):
        inputs = Inputs(**given)
    else:
        from concession_gis.sample.bundled import bundled_inputs

        inputs = bundled_inputs()
        print(tr("cli.bundled_sample", lang, folder=str(Path(inputs.concessions[0]).parent)), file=sys.stderr)
    inputs.rules, inputs.column_map, inputs.crs = args.rules, args.column_map, args.crs
    inputs.since = args.since
    if (args.country or _guess_country(inputs)) == "bo":
        if not inputs.ajam:  # --country bo: the cadastre given as --concessions is AJAM's
            _concessions_as_ajam(inputs)
        return _run_bolivia(args, inputs, lang)
    protected = [*inputs.files(), inputs.rules]
    out = Path(args.out)
    # Locked and checked before the analysis, so a run that cannot write is refused at once.
    with output_lock(out):
        refuse_inputs(out, output_names(formats, maps=not args.no_map, lang=lang), protected)
        with _raster_engine(args), ProgressBar(lang, enabled=not args.quiet) as bar:
            feedback = Feedback(bar.update)
            results = analyze(inputs, feedback, lang)
            written = write_results(results, out, formats, feedback, maps=not args.no_map,
                                    inputs=[spec for spec in protected if spec], csv_dialect=dialect, codes=args.codes)
    # Each warning in words, where a reader of the terminal sees it, not only counted.
    for text in dict.fromkeys(results.summary["warning_messages"]):
        print(f"concession-gis: {tr('cli.warning', lang)}: {text}", file=sys.stderr)
    _print_summary(results.summary, written, out, lang)
    return EXIT_OK


# The inputs only a Bolivian run reads (inputs.BOLIVIAN_KINDS): any of them given makes the run Bolivian.
BOLIVIAN_KINDS = tuple(kind.attribute for kind in INPUT_BOLIVIAN_KINDS)


def _guess_country(inputs) -> str:
    """``bo`` when a Bolivian kind of input was given, or when the first ``--concessions`` file
    is AJAM's cadastre by its columns (it is then read as ``--ajam``); else Peru. A file that
    cannot be read is left for the analysis to refuse, as it would without the guess."""
    from concession_gis.validate import guess_kind

    if any(getattr(inputs, kind) for kind in BOLIVIAN_KINDS):
        return "bo"
    try:
        with warnings.catch_warnings():  # the analysis warns of what the file holds, once
            warnings.simplefilter("ignore")
            ajam = bool(inputs.concessions) and guess_kind(inputs.concessions[0]) == "ajam"
    except Exception:  # noqa: BLE001 - only a guess: the analysis reports what is wrong with the file
        ajam = False
    if ajam:
        _concessions_as_ajam(inputs)
        return "bo"
    return DEFAULT_COUNTRY


def _concessions_as_ajam(inputs) -> None:
    """The files given as ``--concessions`` read as ``--ajam``."""
    inputs.ajam, inputs.concessions = inputs.concessions, []


def _run_bolivia(args, inputs, lang: str) -> int:
    """``analyze --country bo``: AJAM's areas, work sites and reversion (pipeline_bolivia)."""
    from concession_gis.export.atomic import output_lock
    from concession_gis.export.bolivia import bolivia_output_names, write_bolivia
    from concession_gis.export.outputs import refuse_inputs
    from concession_gis.export.results import parse_formats
    from concession_gis.export.spreadsheet import check_dialect
    from concession_gis.pipeline_bolivia import analyze_bolivia

    out = Path(args.out)
    dialect = check_dialect(args.csv_dialect)
    with output_lock(out):  # as for Peru: one run at a time into a folder, never over an input
        formats = parse_formats(args.format)  # csv always; xlsx too on request (geojson, kml: Peru's only)
        refuse_inputs(out, bolivia_output_names(lang, formats, maps=not args.no_map), [*inputs.files(), inputs.rules])
        with ProgressBar(lang, enabled=not args.quiet) as bar:
            results = analyze_bolivia(inputs, Feedback(bar.update), lang)
            write_bolivia(results, out, dialect, codes=args.codes, formats=formats, maps=not args.no_map)
    for text in dict.fromkeys(results.summary["warning_messages"]):
        print(f"concession-gis: {tr('cli.warning', lang)}: {text}", file=sys.stderr)
    counts, hectares = results.summary["counts"], results.summary["hectares"]
    print(tr("cli.bo.summary", lang, country=tr("country.bo", lang), areas=counts["areas"],
             ha=format_number(hectares["areas"], lang, 1), sites=counts["work_sites"],
             candidates=counts["reversion_candidates"], candidate_ha=format_number(hectares["reversion_candidates"], lang, 1),
             cooperatives=counts["cooperatives"], out=str(out)))
    return EXIT_OK


def _raster_engine(args) -> contextlib.AbstractContextManager[Any]:
    """Where the raster work runs: a Dask cluster with ``--workers``/``--scheduler``, else here."""
    if args.workers is None and not args.scheduler:
        return contextlib.nullcontext()
    from concession_gis.raster.cluster import cluster_engine

    return cluster_engine(workers=args.workers, scheduler=args.scheduler)


def run_map(args) -> int:
    from concession_gis.export.maps import bbox_on_data, parse_bbox, sheet_paths, write_map

    bbox = parse_bbox(args.bbox)
    _check_dpi(args.dpi)
    results = _results_for_prints(args)
    lang = resolve_language(args.lang)
    if bbox is not None and args.case is None:
        bbox, swapped = bbox_on_data(bbox, results)
        if swapped:
            print(f"concession-gis: {tr('cli.bbox_swapped', lang, bbox=args.bbox, swapped=','.join(f'{v:g}' for v in bbox))}",
                  file=sys.stderr)
    sheet = write_map(results, args.out, case=args.case, bbox=bbox, lang=lang, page=args.page,
                      orientation=args.orientation, dpi=args.dpi, inputs=[args.results, *args.context])
    for path in sheet_paths(sheet, Path(args.out)):  # a long case table continues in further files
        print(tr("cli.map_written", lang, path=str(path)))
    return EXIT_OK


def run_atlas(args) -> int:
    from concession_gis.export.atlas import write_atlas

    _check_dpi(args.dpi)
    results = _results_for_prints(args)
    lang = resolve_language(args.lang)
    with ProgressBar(lang, enabled=not args.quiet) as bar:
        report = write_atlas(results, args.out, where=args.where, lang=lang, page=args.page,
                             orientation=args.orientation or "portrait", dpi=args.dpi, feedback=Feedback(bar.update),
                             inputs=[args.results, *args.context])
    print(tr("cli.atlas_written", lang, path=str(report.path), cases=len(report.codes), pages=report.pages))
    return EXIT_OK


def run_dossier(args) -> int:
    from concession_gis.export.dossier import write_dossier

    _check_dpi(args.dpi)
    results = _results_for_prints(args)
    lang = resolve_language(args.lang)
    report = write_dossier(results, args.case, args.out, lang=lang, dpi=args.dpi, inputs=[args.results, *args.context])
    print(tr("cli.dossier_written", lang, path=str(report.path), code=report.code, pages=report.pages))
    return EXIT_OK


def _results_for_prints(args):
    """The results.gpkg as prints read it, with the user's ``--context`` layers to draw (what is
    suspicious about them said on the terminal)."""
    from concession_gis.errors import collecting_warnings
    from concession_gis.export.context_layers import with_context
    from concession_gis.export.results import read_results

    results = read_results(args.results, for_prints=True)
    with collecting_warnings() as said:
        results = with_context(results, args.context)
    lang = resolve_language(args.lang)
    for warning in said:
        print(f"concession-gis: {tr('cli.warning', lang)}: {text_of(warning, lang)}", file=sys.stderr)
    return results


def _check_dpi(dpi: int) -> None:
    if not 50 <= dpi <= 1200:
        raise InputError(key="error.dpi_range", dpi=dpi)


def run_compare(args) -> int:
    from concession_gis.export.changes import compare_results

    lang = resolve_language(args.lang)
    with ProgressBar(lang, enabled=not args.quiet) as bar:
        old, new = (_results_of(path, Path(args.out) / name, args.rules, lang, Feedback(bar.update))
                    for path, name in ((args.old, "old"), (args.new, "new")))
        report = compare_results(old, new, args.out, rules_path=args.rules, lang=lang,
                                 maps=not args.no_map, feedback=Feedback(bar.update))
    print(report.text)
    print(tr("cli.compare_written", lang, path=str(args.out), files=", ".join(report.written),
             seconds=report.summary["seconds"]))
    return EXIT_OK


def _results_of(path: str, out: Path, rules: str | None, lang: str, feedback: Feedback) -> str:
    """``path`` when it is a file; a folder's results.gpkg; else the folder's inputs analysed
    (with ``rules``) into ``out``, whose results.gpkg is returned."""
    from concession_gis.export.results import write_results
    from concession_gis.folders import inputs_in_folder
    from concession_gis.pipeline import analyze

    folder = Path(path)
    if not folder.is_dir():
        return path
    if (folder / "results.gpkg").is_file():
        return str(folder / "results.gpkg")
    inputs = inputs_in_folder(folder)
    inputs.rules = rules
    print(tr("cli.compare_analysing", lang, folder=str(folder), out=str(out)), file=sys.stderr)
    results = analyze(inputs, feedback, lang)
    write_results(results, out, inputs=[spec for spec in [*inputs.files(), rules] if spec])
    return str(out / "results.gpkg")


def run_validate(args) -> int:
    from concession_gis.validate import validate_file

    report = validate_file(args.file, args.kind, args.column_map, args.crs, resolve_language(args.lang))
    print(report.text())
    return EXIT_OK if report.usable else EXIT_INPUT


def run_sample(args) -> int:
    from concession_gis.sample.bundled import write_sample

    lang = resolve_language(args.lang)
    if args.country == "bo":
        from concession_gis.sample.bolivia import write_bolivia_sample

        written = write_bolivia_sample(args.scale, Path(args.out), args.seed)
    else:
        with ProgressBar(lang, enabled=not args.quiet) as bar:
            written = write_sample(args.scale, Path(args.out), args.seed, Feedback(bar.update))
    listed = [(_sample_words(kind, lang), path) for kind, paths in written.items() for path in paths]
    width = max((len(words) for words, _ in listed), default=0)
    for words, path in listed:
        print(f"{words:<{width}}  {path}")
    return EXIT_OK


def _sample_words(kind: str, lang: str) -> str:
    """What a file the sample wrote is, in ``lang``: 'catastro minero, segundo momento' for
    ``later_concessions``."""
    if kind.startswith("later_"):
        return tr("cli.sample.later", lang, what_key=f"cli.sample.{kind.removeprefix('later_')}")
    return tr(f"cli.sample.{kind}", lang)


def run_gui(args) -> int:
    started = time.perf_counter()
    try:
        from concession_gis_ui.launch import run
    except ImportError as exc:
        raise InputError(key="error.gui_needs_pyqt", detail=str(exc)) from None
    return run(args.paths, args.lang, smoke_test_started=started if args.smoke_test else None)


COMMANDS = {"analyze": run_analyze, "validate": run_validate, "sample": run_sample, "gui": run_gui,
            "map": run_map, "atlas": run_atlas, "compare": run_compare, "dossier": run_dossier}


# --- terminal output ---------------------------------------------------------------------------


class ProgressBar:
    """A tqdm bar per stage on a terminal; silent when output is not a terminal or in CI."""

    def __init__(self, lang: str, enabled: bool = True):
        self.lang = lang
        self.enabled = enabled and sys.stderr.isatty() and not os.environ.get("CI")
        self._bar: tqdm[Any] | None = None
        self._stage: str | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._close()

    def update(self, step: Step) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if step.stage != self._stage:
            self._close()
            self._stage = step.stage
            # A stage of unknown size shows its name alone rather than a meaningless count.
            shape = "{desc}…" if step.total is None else "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]"
            self._bar = tqdm(total=step.total, desc=tr(f"stage.{step.stage}", self.lang), bar_format=shape,
                             leave=False, file=sys.stderr, dynamic_ncols=True)
        if self._bar is not None:
            self._bar.n = step.done
            self._bar.refresh()

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _print_summary(summary: RunSummary, written: dict, out: Path, lang: str) -> None:
    """The counts of a run, one per line, in ``lang``: legal states and conflict types in words."""
    counts = summary["counts"]
    states = ", ".join(f"{tr(f'legal_state.{k}', lang)} {v}" for k, v in counts["legal_state"].items()
                       if v or k != LegalState.UNKNOWN)  # said only where a file has no state column
    rows: list[tuple[str, int | str, str]] = [
        ("concessions", counts["concessions"], f"({states})"),
        ("registrations", counts["registrations_out"],
         tr("cli.summary.rejected_rows", lang, n=counts["registrations_rejected"])),
        ("idle", counts["idle_concessions"], ""),
        ("overlaps", counts["overlapping_pairs"], ""),
        ("coexistence", counts["coexistence_candidates"], ""),
    ]
    ground_loss = summary["hectares"].get("forest_loss_claimed_ground")
    if ground_loss is not None:
        rows.append(("forest_loss", format_number(ground_loss, lang, 1), tr("cli.summary.forest_loss_note", lang)))
    elif summary.get("forest_loss", {}).get("status") == "not_covered":
        rows.append(("forest_loss", tr("cli.summary.not_covered", lang), tr("cli.summary.not_covered_note", lang)))
    kinds = [(tr(f"conflict_type.{k}", lang), v) for k, v in counts["conflict_type"].items() if v]
    if summary["warnings"]:  # each said in words as it came; summary.json keeps their kinds as codes
        rows.append(("warnings", sum(summary["warnings"].values()), tr("cli.summary.warnings_note", lang)))
    labels = {name: tr(f"cli.summary.{name}", lang) for name, *_ in rows}
    labels["conflict_types"] = tr("cli.summary.conflict_types", lang)
    width = max(len(label) for label in labels.values())
    lines = [f"{labels[name]:<{width}}{number:>8}   {note}".rstrip() for name, number, note in rows]
    lines.append(labels["conflict_types"])
    kind_width = max((len(words) for words, _ in kinds), default=0)
    lines += [f"  {words:<{kind_width}}{number:>8}" for words, number in kinds]
    lines.append(tr("cli.summary.written", lang, path=str(out), files=", ".join(written), seconds=summary["seconds"]))
    print("\n".join(lines))
