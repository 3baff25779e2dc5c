"""One owner of the window's language: one event, and everything that shows words follows it."""

from __future__ import annotations

import gc

import geopandas as gpd
import pytest
from shapely.geometry import box

pytest.importorskip("PyQt5")

from concession_gis_ui.i18n import LANGUAGE, Language, words  # noqa: E402


@pytest.fixture(autouse=True)
def spanish_after():
    yield
    LANGUAGE.set("es")


def test_words_come_from_the_catalogue_in_the_current_language():
    LANGUAGE.set("es")
    assert words("ui.main_window.layers") == "Capas"
    assert words("ui.controller.project_saved", path="a.cgis.json") == "Proyecto guardado: a.cgis.json"
    LANGUAGE.set("en")
    assert words("ui.main_window.layers") == "Layers"


def test_followers_are_called_once_per_change_and_not_kept_alive():
    language = Language("es")
    calls = []

    class Panel:
        def retranslate(self):
            calls.append(language.code)

    panel = Panel()
    language.follow(panel.retranslate)
    language.set("es")  # no change, no call
    language.set("en")
    assert calls == ["en"]
    del panel
    gc.collect()
    language.set("es")
    assert calls == ["en"]
    with pytest.raises(ValueError):
        language.set("fr")


def test_session_table_model_and_layers_read_the_one_owner(qtbot):
    import pandas as pd
    from concession_gis_ui.layers import VectorLayer
    from concession_gis_ui.session import Session
    from concession_gis_ui.table_model import FrameTableModel
    from PyQt5.QtCore import Qt

    LANGUAGE.set("es")
    session = Session()
    model = FrameTableModel(pd.DataFrame({"legal_state": ["titled"]}))
    frame = gpd.GeoDataFrame({"legal_state": ["titled"]}, geometry=[box(0, 0, 1, 1)], crs=4326)
    layer = VectorLayer("concessions", "concessions", "polygon", frame=frame, style_column="legal_state")
    assert layer.classes.labels[0] == "Titulada"
    with qtbot.waitSignal(model.dataChanged):
        session.set_language("en")
    assert session.language == LANGUAGE.code == "en"
    assert model.data(model.index(0, 0), Qt.DisplayRole) == "Titled"
    assert model.headerData(0, Qt.Horizontal) == "Legal state"
    layer.set_style("legal_state")
    assert layer.classes.labels[0] == "Titled"


def test_qt_own_dialog_words_follow_the_language(qapp):
    from concession_gis_ui.i18n import qt_words
    from PyQt5.QtCore import QLocale

    qt_words()
    LANGUAGE.set("en")
    assert QLocale().name().startswith("en")
    LANGUAGE.set("es")
    assert QLocale().name().startswith("es")
