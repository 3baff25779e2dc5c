"""The command line: parses options, calls the core, turns input errors into exit status 2."""

from __future__ import annotations

import argparse
import sys

from concession_gis import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="concession-gis", description=__doc__)
    parser.add_argument("--version", action="version", version=f"concession-gis {__version__}")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    return 0
