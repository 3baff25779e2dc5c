"""The message catalogue: both languages say the same things, and the core shows only catalogue text.

The source checks read the code rather than run it, so that a message nobody's test reaches
(a rare input error) is still known to exist in Spanish and English with the values it is given.
"""

from __future__ import annotations

import ast
import pickle
import re
import string
import tomllib
from pathlib import Path

import pytest

from concession_gis import errors
from concession_gis.errors import InputError, RepairedGeometryWarning, text_of
from concession_gis.i18n import LANGUAGES, tr
from concession_gis.inputs import KINDS
from concession_gis.io.schema import ALIASES

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "concession_gis"
CATALOGUE = tomllib.loads((CORE / "messages.toml").read_text(encoding="utf-8"))

# Exceptions that may keep a plain English message: programming errors, never an input a person
# can fix. The command line reports them as an internal error with a log file.
INTERNAL_ERRORS = {
    ("concession_gis/i18n.py", "ValueError"),  # an unsupported language code from a caller
    ("concession_gis/export/mapframe.py", "ValueError"),  # an extent fitted to empty bounds
    ("concession_gis/export/geopdf.py", "ValueError"),  # a PDF not as matplotlib writes it
    ("concession_gis/export/pdf_merge.py", "ValueError"),  # likewise
    ("concession_gis/raster/pixel_area.py", "ValueError"),  # rotated rasters are refused earlier
    ("concession_gis/raster/loss_years.py", "ValueError"),  # unknown encodings are refused with the spec
    ("concession_gis/raster/forest.py", "ValueError"),  # likewise, forest encodings
    ("concession_gis/utm.py", "ValueError"),  # unknown datums are refused with the rules
    ("concession_gis/sample/dbf.py", "ValueError"),  # the sample writer's own field types
    ("concession_gis/sample/names.py", "RuntimeError"),  # the sample generator's word lists
    ("ui/session.py", "ValueError"),  # an input kind the application itself does not know
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def sources() -> list[tuple[str, ast.Module]]:
    """The core's modules and the desktop application's, whose errors use the same catalogue."""
    files = [*CORE.rglob("*.py"), *(REPO / "ui").rglob("*.py")]
    return [(str(p.relative_to(REPO)), ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(files)]


def literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def keyed_calls():
    """(file, line, key, names of the values given) for every ``key="..."``, ``tr("...")`` and
    reason (``cell("...", name=value)``, ``Reason("...", {"name": value})``) and, in the window,
    ``words("...")``; names is None when values are passed as ``**mapping`` and cannot be read."""
    for path, tree in sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            names = {k.arg for k in node.keywords}
            given = None if None in names else names
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if func in ("tr", "cell", "words") and node.args and literal(node.args[0]):
                yield path, node.lineno, literal(node.args[0]), given
            if func == "Reason" and node.args and literal(node.args[0]):
                yield path, node.lineno, literal(node.args[0]), reason_values(node)
            for keyword in node.keywords:
                if keyword.arg == "key" and literal(keyword.value):
                    yield path, node.lineno, literal(keyword.value), given and given - {"key"}
                elif keyword.arg and keyword.arg.endswith("_key") and literal(keyword.value):
                    yield path, node.lineno, literal(keyword.value), set()


def reason_values(call: ast.Call) -> set[str] | None:
    """The names of a ``Reason(code, {...})``'s values; None when they cannot be read."""
    if len(call.args) < 2:
        return set()
    values = call.args[1]
    if isinstance(values, ast.Dict) and all(literal(k) for k in values.keys):
        return {literal(k) for k in values.keys}
    return None


def window_keys():
    """(file, line, key) for every literal ``ui.*`` key in the window's code (menus are tables
    of keys read later by ``words``)."""
    for path, tree in sources():
        if path.startswith("ui/"):
            for node in ast.walk(tree):
                text = literal(node)
                if text and re.fullmatch(r"ui\.[a-z_]+\.[a-z0-9_]+", text):
                    yield path, node.lineno, text


def test_every_word_of_the_window_is_in_the_catalogue():
    found = list(window_keys())
    assert len(found) > 150  # the scan sees the window's words
    assert [f"{path}:{line} {key}" for path, line, key in found if key not in CATALOGUE["en"]] == []
    assert not any(path.startswith("ui/") and func == "translate" for path, func in calls_by_name()), (
        "the window's words come from words(), not Qt's translate()")


def test_the_window_has_no_catalogue_of_its_own():
    assert not list((REPO / "ui").rglob("*.ts")) and not list((REPO / "ui").rglob("*.qm"))


def calls_by_name():
    for path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield path, node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


def test_both_languages_have_the_same_keys():
    assert set(CATALOGUE) == set(LANGUAGES)
    assert sorted(set(CATALOGUE["es"]) ^ set(CATALOGUE["en"])) == []


@pytest.mark.parametrize("key", sorted(CATALOGUE["en"]))
def test_each_key_has_the_same_placeholders_in_both_languages(key):
    assert placeholders(CATALOGUE["es"][key]) == placeholders(CATALOGUE["en"][key])
    assert CATALOGUE["es"][key].strip() and CATALOGUE["en"][key].strip()


def test_every_key_in_the_code_is_in_the_catalogue_with_the_values_it_needs():
    missing, mismatched = [], []
    for path, line, key, given in keyed_calls():
        if key not in CATALOGUE["en"]:
            missing.append(f"{path}:{line} {key}")
        elif given is not None and given != placeholders(CATALOGUE["en"][key]):
            mismatched.append(f"{path}:{line} {key}: gives {sorted(given)}, "
                              f"needs {sorted(placeholders(CATALOGUE['en'][key]))}")
    assert missing == []
    assert mismatched == []


def test_keys_built_from_names_are_in_the_catalogue():
    built = {"input_kind.input", *(f"input_kind.{kind}" for kind in ALIASES)}
    built |= {key for kind in KINDS for key in (kind.label, kind.help, *(f.reject for f in kind.fields if f.reject))}
    # The sources printed on a map name each input's kind (summary.json's "kind"; rasters as loss_raster).
    built |= {f"map.source_kind.{kind.name}" for kind in KINDS if kind.name != "raster"} | {"map.source_kind.loss_raster"}
    assert sorted(k for k in built if k not in CATALOGUE["en"]) == []


def test_every_canonical_column_has_a_heading():
    from concession_gis import columns

    canonical = {*columns.CONCESSIONS, *columns.REGISTRATIONS, *columns.OVERLAPS, *columns.LOSS_BY_YEAR,
                 *columns.REJECTED}
    assert sorted(c for c in canonical if f"column.{c}" not in CATALOGUE["en"]) == []


def test_no_error_or_warning_is_raised_with_plain_text():
    """Errors and warnings take key=...; only the internal errors above keep an English literal."""
    localized = {name for name, value in vars(errors).items()
                 if isinstance(value, type) and issubclass(value, errors.Localized)}

    def given_text(call: ast.Call) -> bool:
        return bool(call.args) and isinstance(call.args[0], ast.Constant | ast.JoinedStr)

    offenders = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name):
                if given_text(node.exc) and (path, node.exc.func.id) not in INTERNAL_ERRORS:
                    offenders.append(f"{path}:{node.lineno} raise {node.exc.func.id}(<text>)")
            elif isinstance(node, ast.Call) and given_text(node):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in localized or name == "warn":
                    offenders.append(f"{path}:{node.lineno} {name}(<text>)")
    assert offenders == []


def test_a_value_named_key_is_written_in_the_same_language():
    error = InputError(key="error.empty_file", path="t.csv", what_key="input_kind.holders")
    assert str(error) == "t.csv: the holder strata file is empty. Export it again with its header row."
    assert error.text("es") == "t.csv: el archivo de estratos de titulares está vacío. Expórtelo de nuevo con su fila de encabezado."
    assert tr("error.empty_file", "en", path="t.csv", what_key="input_kind.holders") == str(error)


def test_errors_and_warnings_keep_their_languages_across_processes():
    error = pickle.loads(pickle.dumps(InputError(key="error.no_such_layer", path="a.gpkg", layer="x", layers="y, z")))
    assert isinstance(error, InputError)
    assert text_of(error, "es") == "a.gpkg: no hay ninguna capa 'x' (capas: y, z)."
    assert str(error) == "a.gpkg: no layer 'x' (layers: y, z)."
    warning = RepairedGeometryWarning(key="warning.repaired_restricted", path="anp.shp", n=2)
    assert text_of(warning, "es") == "anp.shp: se repararon 2 polígono(s) inválido(s) de áreas restringidas."
