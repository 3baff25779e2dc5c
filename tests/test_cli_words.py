"""The command line speaks the reader's language: its help, its placeholders and argparse's own
refusals (a missing option, a mistyped command) come from the catalogue, in the language
``--lang`` names or else the locale's, as the run's messages do."""

from __future__ import annotations

import argparse
import gettext
import inspect

import pytest

from concession_gis.cli import main
from concession_gis.cli_parser import ARGPARSE_WORDS, METAVARS, build_parser, parser_language
from concession_gis.i18n import LANGUAGES, tr


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(commands.choices)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_help_and_placeholder_comes_from_the_catalogue(lang):
    parser = build_parser(lang)
    for name, command in {"": parser, **subparsers(parser)}.items():
        command.format_help()  # a stray % in a help text would fail here
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):  # the commands, each with its own help
                assert all(c.help and not c.help.startswith("cli.") for c in action._choices_actions)
                continue
            assert action.help and not action.help.startswith(("cli.", "input_help.")), (name, action.dest)
            assert action.metavar not in METAVARS or lang == "en", (name, action.dest, action.metavar)
    words = {a.help for c in subparsers(parser).values() for a in c._actions}
    assert tr("cli.help.out_dir", lang) in words and tr("input_help.concessions", lang) in words


def test_spanish_help_has_spanish_words_and_placeholders(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "es_PE.UTF-8")
    with pytest.raises(SystemExit) as done:
        main(["analyze", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("uso: concession-gis analyze")
    assert "--out CARPETA" in out and "--concessions RUTA" in out and "opciones:" in out
    assert "carpeta de salida" in out and "muestra esta ayuda y termina" in out
    assert "usage" not in out and "show this help" not in out


@pytest.mark.parametrize(("argv", "spanish", "english"), [
    (["analyze"], "faltan argumentos obligatorios: --out", "the following arguments are required: --out"),
    (["frobnicate"], "argumento COMANDO: valor no válido: 'frobnicate' (elija entre 'analyze'",
     "argument COMMAND: invalid choice: 'frobnicate' (choose from 'analyze'"),
    (["map", "r.gpkg", "--out", "x.pdf", "--dpi", "abc"], "argumento --dpi: valor no válido (se esperaba int): 'abc'",
     "argument --dpi: invalid int value: 'abc'"),
    (["map", "r.gpkg", "--out"], "argumento --out: se esperaba un valor", "argument --out: expected one argument"),
    (["map", "r.gpkg", "--out", "x.pdf", "--zzz"], "argumentos no reconocidos: --zzz", "unrecognized arguments: --zzz"),
    (["analyze", "--out", "x", "--workers", "2", "--scheduler", "tcp://a:1"],
     "argumento --scheduler: no se admite junto con el argumento --workers",
     "argument --scheduler: not allowed with argument --workers"),
])
def test_a_mistyped_command_is_refused_in_the_readers_language(monkeypatch, capsys, argv, spanish, english):
    monkeypatch.setenv("LANG", "es_PE.UTF-8")
    for args, expected in ((argv, spanish), ([*argv, "--lang", "en"], english), ([*argv, "--lang=en"], english)):
        with pytest.raises(SystemExit) as done:
            main(args)
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert expected in err, (args, err)
        assert err.startswith("uso: " if expected == spanish else "usage: ")
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext  # put back


def test_the_language_of_the_command_line_is_lang_else_the_locale(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert parser_language(["map", "--lang", "es"]) == "es" and parser_language(["map", "--lang=es"]) == "es"
    assert parser_language(["map"]) == "en" and parser_language(["map", "--lang", "xx"]) == "en"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert parser_language(["map", "--lang"]) == "es"  # Spanish when unsure


def test_each_argparse_word_translated_is_one_this_python_asks_for():
    """argparse's words are its own English: one it no longer uses would silently stay English."""
    source = inspect.getsource(argparse)
    for english, key in ARGPARSE_WORDS.items():
        assert repr(english)[1:-1] in source, english
        assert tr(key, "en") == english
        assert tr(key, "es") != english or english == "%(prog)s: error: %(message)s\n"


def test_the_spanish_help_written_to_a_cp1252_file_on_windows_is_whole(tmp_path):
    """A Windows console redirected to a file writes cp1252: every word of the help fits it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LANG": "es_PE.UTF-8", "PYTHONIOENCODING": "cp1252"}
    for command in ("analyze", "sample", "atlas", "map"):
        done = subprocess.run([sys.executable, "-m", "concession_gis", command, "--help"], env=env,
                              capture_output=True, check=False)
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("cp1252")
        assert "muestra esta ayuda y termina" in text and "\\u" not in text and "\\x" not in text, command


def test_the_summary_counts_warnings_in_words_not_by_their_class(monkeypatch, capsys, tmp_path):
    import json

    monkeypatch.setenv("LANG", "es_PE.UTF-8")
    assert main(["analyze", "--out", str(tmp_path / "salida"), "--no-map", "--quiet"]) == 0
    out = capsys.readouterr().out
    kinds = json.loads((tmp_path / "salida" / "summary.json").read_text(encoding="utf-8"))["warnings"]
    assert kinds, "the bundled sample warns of an expired contract"  # the codes stay in summary.json
    line = next(line for line in out.splitlines() if line.startswith("advertencias"))
    assert line.split()[1] == str(sum(kinds.values())) and "(ver arriba" in line
    assert "Warning" not in out


@pytest.mark.parametrize("country", ["pe", "bo"])
def test_the_sample_lists_its_files_in_words(monkeypatch, capsys, tmp_path, country):
    monkeypatch.setenv("LANG", "es_PE.UTF-8")
    assert main(["sample", "--country", country, "--out", str(tmp_path / "muestra"), "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    words = [line.rsplit("  ", 1)[0].strip() for line in lines]
    assert words and not [w for w in words if "_" in w or w.startswith("cli.")], words
    if country == "pe":
        assert "catastro minero" in words and "registros REINFO, segundo momento" in words
    else:
        assert "catastro minero de la AJAM" in words and "sitios de trabajo minero" in words
