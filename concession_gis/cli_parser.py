"""The command line's options, in the reader's language.

Every help text and placeholder comes from the catalogue (messages.toml, ``cli.*``), and so do
argparse's own words while the command line is read (:func:`argparse_words`): "usage", the
section titles, "the following arguments are required", "invalid choice". The language is the
one ``--lang`` asks for on the command line, else the system's (:func:`parser_language`): the
help and the refusals of a mistyped command speak as the run will.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from concession_gis import __version__
from concession_gis.i18n import LANGUAGES, system_language, tr
from concession_gis.inputs import KINDS
from concession_gis.profile import COUNTRIES, DEFAULT_COUNTRY

# argparse's words as it asks gettext for them, and their catalogue keys (tests/test_cli_words.py
# checks that this Python's argparse still asks for each). Words not here (argparse's errors in
# a program's own use of it, never a user's) stay in English.
ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "the following arguments are required: %s": "cli.argparse.required",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected %s argument": "cli.argparse.expected_n_one",
    "expected %s arguments": "cli.argparse.expected_n",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
}
# The placeholders of values (metavar) and their catalogue keys; file and format names stay.
METAVARS = {
    "COMMAND": "cli.metavar.command", "PATH": "cli.metavar.path", "PATH[:ENCODING]": "cli.metavar.path_encoding",
    "FIELD=COLUMN": "cli.metavar.field_column", "DIR": "cli.metavar.dir", "FILE": "cli.metavar.file",
    "FILE.pdf": "cli.metavar.file_pdf", "CODE": "cli.metavar.code", "COLUMN=VALUE": "cli.metavar.column_value",
    "OLD": "cli.metavar.old", "NEW": "cli.metavar.new", "PROJECT_OR_FILES": "cli.metavar.project_or_files",
    "YYYY-MM-DD": "cli.metavar.date", "SEED": "cli.metavar.seed",
}


def parser_language(argv: Sequence[str]) -> str:
    """The language ``--lang`` names in ``argv`` (``--lang en`` or ``--lang=en``), else the system's."""
    for i, item in enumerate(argv):
        value = item.partition("=")[2] if item.startswith("--lang=") else (
            argv[i + 1] if item == "--lang" and i + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return system_language()


@contextlib.contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """argparse's own words in ``lang`` while the block runs. argparse looks each up when it uses
    it, through its module's ``_`` and ``ngettext`` (gettext's, which would need a compiled
    catalogue file per language): those two are answered from the catalogue, then put back."""
    words = {english: tr(key, lang) for english, key in ARGPARSE_WORDS.items()}
    plain = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda text: words.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: words.get(one if n == 1 else many, one if n == 1 else many)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = plain  # type: ignore[attr-defined]


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, its help and placeholders in ``lang`` (argparse's own words
    too while :func:`argparse_words` is in force)."""

    def say(key: str, **values: Any) -> str:
        return tr(f"cli.help.{key}", lang, **values)

    def mv(text: str) -> str:
        return tr(METAVARS[text], lang) if text in METAVARS else text

    parser = argparse.ArgumentParser(prog="concession-gis", description=tr("cli.description", lang))
    parser.add_argument("--version", action="version", version=f"concession-gis {__version__}", help=say("version"))
    commands = parser.add_subparsers(dest="command", metavar=mv("COMMAND"))

    analyze = commands.add_parser("analyze", help=say("analyze"))
    for kind in KINDS:
        repeated: dict[str, Any] = {"action": "append", "default": []} if kind.repeats else {}
        analyze.add_argument(kind.flag, dest=kind.attribute, metavar=mv(kind.metavar), help=tr(kind.help, lang),
                             **repeated)
    analyze.add_argument("--rules", metavar=mv("PATH"), help=say("rules"))
    _reading(analyze, say, mv)
    analyze.add_argument("--country", choices=COUNTRIES, help=say("country"))
    analyze.add_argument("--since", metavar=mv("YYYY-MM-DD"), help=tr("input_help.since", lang))
    analyze.add_argument("--out", required=True, metavar=mv("DIR"), help=say("out_dir"))
    analyze.add_argument("--format", default="", metavar="csv,xlsx,geojson,kml", help=say("format"))
    analyze.add_argument("--csv-dialect", metavar="excel-es|excel-en|plain", help=say("csv_dialect"))
    analyze.add_argument("--codes", action="store_true", help=say("codes"))
    analyze.add_argument("--no-map", action="store_true", help=say("no_map"))
    cluster = analyze.add_mutually_exclusive_group()
    cluster.add_argument("--workers", type=int, metavar="N", help=say("workers"))
    cluster.add_argument("--scheduler", metavar="tcp://HOST:PORT", help=say("scheduler"))
    _common(analyze, say)

    validate = commands.add_parser("validate", help=say("validate"))
    validate.add_argument("file", metavar=mv("FILE"), help=say("validate_file"))
    validate.add_argument("--kind", choices=[kind.name for kind in KINDS], help=say("kind"))
    _reading(validate, say, mv)
    _common(validate, say)

    map_ = commands.add_parser("map", help=say("map"))
    map_.add_argument("results", metavar="RESULTS.gpkg", help=say("results"))
    map_.add_argument("--out", required=True, metavar=mv("FILE"), help=say("map_out"))
    map_.add_argument("--case", metavar=mv("CODE"), help=say("map_case"))
    map_.add_argument("--bbox", metavar="MINX,MINY,MAXX,MAXY", help=say("bbox"))
    _sheet_options(map_, say, default_dpi=300)
    _context_option(map_, say, mv)
    _common(map_, say)

    atlas = commands.add_parser("atlas", help=say("atlas"))
    atlas.add_argument("results", metavar="RESULTS.gpkg", help=say("results"))
    atlas.add_argument("--out", required=True, metavar=mv("FILE.pdf"), help=say("atlas_out"))
    atlas.add_argument("--where", action="append", default=[], metavar=mv("COLUMN=VALUE"), help=say("where"))
    _sheet_options(atlas, say, default_dpi=200)
    _context_option(atlas, say, mv)
    _common(atlas, say)

    compare = commands.add_parser("compare", help=say("compare"))
    compare.add_argument("old", metavar=mv("OLD"), help=say("old"))
    compare.add_argument("new", metavar=mv("NEW"), help=say("new"))
    compare.add_argument("--out", required=True, metavar=mv("DIR"), help=say("out_dir"))
    compare.add_argument("--rules", metavar=mv("PATH"), help=say("compare_rules"))
    compare.add_argument("--no-map", action="store_true", help=say("no_change_map"))
    _common(compare, say)

    dossier = commands.add_parser("dossier", help=say("dossier"))
    dossier.add_argument("results", metavar="RESULTS.gpkg", help=say("results"))
    dossier.add_argument("--case", required=True, metavar=mv("CODE"), help=say("dossier_case"))
    dossier.add_argument("--out", required=True, metavar=mv("FILE.pdf"), help=say("dossier_out"))
    dossier.add_argument("--dpi", type=int, default=200, help=say("loss_dpi", dpi=200))
    _context_option(dossier, say, mv)
    _common(dossier, say)

    sample = commands.add_parser("sample", help=say("sample"))
    sample.add_argument("--scale", choices=["demo", "region", "national"], default="demo", help=say("scale"))
    sample.add_argument("--out", required=True, metavar=mv("DIR"), help=say("out_dir"))
    sample.add_argument("--seed", type=int, default=0, metavar=mv("SEED"), help=say("seed"))
    sample.add_argument("--country", choices=COUNTRIES, default=DEFAULT_COUNTRY, help=say("sample_country"))
    _common(sample, say)

    gui = commands.add_parser("gui", help=say("gui"))
    gui.add_argument("paths", nargs="*", metavar=mv("PROJECT_OR_FILES"), help=say("gui_paths"))
    gui.add_argument("--lang", choices=LANGUAGES, help=say("gui_lang"))
    gui.add_argument("--smoke-test", action="store_true", help=say("smoke_test"))
    return parser


def _sheet_options(command: argparse.ArgumentParser, say, default_dpi: int) -> None:
    command.add_argument("--page", choices=["A4", "A3"], default="A4", type=str.upper, help=say("page"))
    command.add_argument("--orientation", choices=["portrait", "landscape"], help=say("orientation"))
    command.add_argument("--dpi", type=int, default=default_dpi, help=say("dpi", dpi=default_dpi))


def _context_option(command: argparse.ArgumentParser, say, mv) -> None:
    command.add_argument("--context", action="append", default=[], metavar=mv("FILE"), help=say("context"))


def _reading(command: argparse.ArgumentParser, say, mv) -> None:
    """How the files are read where the user's headings or CRS differ: ``analyze`` and ``validate``."""
    command.add_argument("--map", action="append", default=[], dest="column_map", metavar=mv("FIELD=COLUMN"),
                         help=say("column_map"))
    command.add_argument("--crs", metavar="EPSG", help=say("crs"))


def _common(command: argparse.ArgumentParser, say) -> None:
    command.add_argument("--lang", choices=LANGUAGES, help=say("lang"))
    command.add_argument("--quiet", action="store_true", help=say("quiet"))
