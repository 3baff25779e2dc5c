"""Spanish everywhere: every dialog of the Spanish window, its menus, panels, file filters and
table headings, searched for English words.

An English word is one of the English catalogue's words that the Spanish catalogue never uses
(so "total", "error" or "normal" are not counted); proper names, units and file formats are
allowed. Rule keys and values (what a rules file says) and the file's own column names are
data, not words of the window, and are left out.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)

CATALOGUE = Path(__file__).parents[1] / "concession_gis" / "messages.toml"
# Proper names, units, formats and names of files that read the same in both languages.
ALLOWED = {"concession", "gis", "qgis", "pdf", "png", "svg", "toml", "csv", "xlsx", "excel", "wgs", "utm",
           "epsg", "psad", "reinfo", "ruc", "ingemmet", "gpkg", "json", "results", "summary", "wkt", "datum",
           "geopackage", "ubigeo", "inei", "anp", "sernanp",
           "english"}  # the language menu names English in its own words, as it names Español
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{3,}")


def english_words() -> set[str]:
    catalogue = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))

    def vocabulary(lang: str) -> set[str]:
        """Words of the catalogue's texts; placeholders, file names, options and codes
        (rules.toml, --rules, legal_state) are not words."""
        return {w.lower() for text in catalogue[lang].values()
                for w in WORD.findall(re.sub(r"\{[^}]*\}|\S*[._=-]\S*", " ", text))}

    return vocabulary("en") - vocabulary("es") - ALLOWED


def texts_of(widget: QWidget, skip_tree_columns: tuple[int, ...] = ()) -> list[str]:
    """Every text a person reads in ``widget`` and its children."""
    found = [widget.windowTitle()]
    for child in [widget, *widget.findChildren(QWidget)]:
        found.append(child.toolTip())
        if isinstance(child, QLabel):
            found.append(re.sub(r"<[^>]+>", " ", child.text()))
        elif isinstance(child, QAbstractButton):
            found.append(child.text())
        elif isinstance(child, QLineEdit):
            found += [child.placeholderText(), child.text()]
        elif isinstance(child, QComboBox):
            found += [child.itemText(i) for i in range(child.count())]
        elif isinstance(child, QGroupBox):
            found.append(child.title())
        elif isinstance(child, QTabWidget):
            found += [child.tabText(i) for i in range(child.count())]
        if isinstance(child, QTreeWidget):
            header = child.headerItem()
            found += [header.text(c) for c in range(child.columnCount())]
            stack = [child.topLevelItem(i) for i in range(child.topLevelItemCount())]
            while stack:
                item = stack.pop()
                found += [item.text(c) for c in range(child.columnCount()) if c not in skip_tree_columns]
                stack += [item.child(i) for i in range(item.childCount())]
        elif isinstance(child, QAbstractItemView) and hasattr(child, "horizontalHeader") and child.model() is not None:
            model = child.model()
            found += [str(model.headerData(c, 1) or "") for c in range(model.columnCount())]
    return [text for text in found if text]


CODES = re.compile(r"`[^`]*`|\S*[._=-]\S*")  # codes, keys, file names and options are not words


def english_in(texts: list[str], english: set[str]) -> dict[str, str]:
    return {w: text for text in texts for w in WORD.findall(CODES.sub(" ", text)) if w.lower() in english}


@pytest.fixture
def claims() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": ["010000101"], "legal_state": ["titled"], "department": ["MADRE DE DIOS"],
                             "idle": [True]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")


def test_every_dialog_of_the_spanish_window_speaks_spanish(make_window, claims, monkeypatch):
    from concession_gis_ui.dialogs.columns_dialog import ColumnMapDialog
    from concession_gis_ui.dialogs.compare_dialog import CompareDialog
    from concession_gis_ui.dialogs.crs_dialog import CrsDialog
    from concession_gis_ui.dialogs.export_dialog import ExportDialog
    from concession_gis_ui.dialogs.rules_dialog import RulesDialog
    from concession_gis_ui.file_filters import PATTERNS, file_filter
    from concession_gis_ui.names import schema_problem
    from PyQt5.QtWidgets import QMessageBox

    english = english_words()
    assert {"file", "claims", "rules", "choose", "column", "idle"} <= english  # the detector knows English
    window = make_window("es", ask_to_save=True)
    seen: dict[str, str] = {}
    # The window: menus, actions, panels.
    seen |= english_in(texts_of(window), english)
    for action in window.findChildren(type(window.actions["open"])):
        seen |= english_in([action.text(), action.toolTip()], english)
    for menu in window.actions.menus.values():
        seen |= english_in([menu.title()], english)
    # The dialogs.
    rules = RulesDialog({}, window)  # values and keys are what a rules file writes: columns 1, 2, 4
    seen |= english_in(texts_of(rules, skip_tree_columns=(1, 2, 4)), english)
    problem = schema_problem("error.required_column_missing", {"field": "latitude"})
    columns = ColumnMapDialog("REINFO.csv", "registrations", ["LAT", "LON", "CODIGO"], [], problem, window)
    seen |= english_in([t for t in texts_of(columns) if t not in ("LAT", "LON", "CODIGO")], english)
    assert "--map" not in " ".join(texts_of(columns))
    assert "Latitud (grados)" in " ".join(texts_of(columns))
    seen |= english_in(texts_of(CrsDialog("catastro.shp", "", None, window)), english)
    export = ExportDialog(["010000101"], None, (0, 0, 1, 1), window, claims=claims)
    seen |= english_in(texts_of(export), english)
    assert export.where.placeholderText().startswith("Vacío")
    seen |= english_in(texts_of(CompareDialog(None, "", window)), english)
    window.goto_dialog()  # go to a code or a coordinate, with its message for an entry it cannot read
    window.active_dialog.entry.setText("xyz")
    window.active_dialog.accept()
    seen |= english_in(texts_of(window.active_dialog), english)
    window.active_dialog.reject()
    # File filters, the "save the changes?" question.
    seen |= english_in([file_filter(kind) for kind in PATTERNS], english)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[1:3]) or QMessageBox.Cancel)
    window.unsaved.set(True)
    window.unsaved.settle()
    seen |= english_in(list(asked[0]), english)
    window.unsaved.set(False)
    assert seen == {}, "\n".join(f"{w}: {t}" for w, t in seen.items())


def test_table_headings_of_every_result_column_are_in_words(demo_results):
    from concession_gis_ui.table_model import column_heading

    english = english_words()
    for name in ("concessions", "registrations", "restricted_areas", "concession_overlaps",
                 "coexistence_candidates", "district_summary", "rejected_rows", "loss_by_year"):
        frame = getattr(demo_results, name)
        for column in frame.columns:
            if column == "geometry" or column != column.lower() or column.startswith("anp_"):
                continue  # a column of the input file keeps its name
            heading = column_heading(column, "es")
            assert heading != column and "_" not in heading, (name, column)
            assert not english_in([heading], english), (name, column, heading)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_style_a_layer_offers_is_named_in_words(lang):
    """The layer panel's "Simbolizar por" box: every column a Peruvian or Bolivian layer can be
    styled by, in words (it offered 'restricted_category' and 'front_type' as codes)."""
    from concession_gis_ui.i18n import LANGUAGE
    from concession_gis_ui.names import style_title
    from concession_gis_ui.styles import STYLE_COLUMNS, STYLE_COLUMNS_BO

    previous = LANGUAGE.code
    LANGUAGE.set(lang)
    try:
        for layer, styles in (("concessions", STYLE_COLUMNS), ("areas", STYLE_COLUMNS_BO)):
            for kind, columns in styles.items():
                for column in (None, *columns):
                    title = style_title(column, layer if kind == "polygon" else {"concessions": "registrations",
                                                                                 "areas": "work_sites"}[layer])
                    assert title and "_" not in title and title != column, (layer, kind, column, title)
    finally:
        LANGUAGE.set(previous)
