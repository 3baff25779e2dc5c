"""One number and date style per language in the window, as on the printed maps: thousands by a
thin space, a decimal comma in Spanish (``1 200,33``), a point in English (``1 200.33``); dates
day first in Spanish as the registries write them (``15/03/1994``), ISO in English; codes and
years never grouped; sorting still by value, never by the text shown. Expected texts are
written out by hand."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from concession_gis_ui.i18n import LANGUAGE  # noqa: E402
from concession_gis_ui.table_model import SORT_ROLE, FrameTableModel  # noqa: E402
from PyQt5.QtCore import Qt  # noqa: E402

from concession_gis.i18n import format_date, format_number, format_timestamp  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(180)

T = "\u2009"  # the thin space that groups thousands


@pytest.fixture(autouse=True)
def spanish():
    """Spanish, the window's default, whatever an earlier test chose."""
    LANGUAGE.set("es")
    yield
    LANGUAGE.set("es")


# --- the core's formatters ----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "es", "en"), [
    ("1994-03-15", "15/03/1994", "1994-03-15"),
    (pd.Timestamp("2010-04-15"), "15/04/2010", "2010-04-15"),
    (np.datetime64("2001-02-03T23:59:00"), "03/02/2001", "2001-02-03"),  # a day stays its day
    (np.datetime64("NaT"), "–", "–"), (pd.NaT, "–", "–"), (None, "–", "–"), ("no es fecha", "–", "–"),
])
def test_dates_are_day_first_in_spanish_and_iso_in_english(value, es, en):
    assert (format_date(value, "es"), format_date(value, "en")) == (es, en)


def test_a_timestamp_is_read_in_local_time_not_utc(monkeypatch):
    monkeypatch.setenv("TZ", "America/Lima")  # UTC-5 all year, no summer time
    time.tzset()
    try:
        assert format_timestamp("2025-03-15T16:10:29+00:00", "es") == "15/03/2025 11:10"
        assert format_timestamp("2025-03-15T16:10:29+00:00", "en") == "2025-03-15 11:10"
        assert format_timestamp("2025-03-15T02:00:00+00:00", "es") == "14/03/2025 21:00"  # the day before, in Lima
    finally:
        monkeypatch.undo()
        time.tzset()


def test_numbers_ungrouped_for_codes_years_and_pastes():
    assert format_number(2020, "es", grouped=False) == "2020"
    assert format_number(1200.44, "es", 2, grouped=False) == "1200,44"
    assert format_number(1200.44, "en", 2, grouped=False) == "1200.44"
    assert format_number(1200.44, "es", 2) == f"1{T}200,44"


# --- the table model ----------------------------------------------------------------------------


@pytest.fixture
def claims_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "code": ["010000198", "010011397", "070004518"],
        "filed_on": pd.to_datetime(["1994-03-15", "1996-07-02", "1985-11-20"]),
        "area_ha": [75.05, 1200.33, 900.0],
        "n_registrations": [3, 1200, 0],
        "last_production_year": pd.array([2020, None, 2019], dtype="Int64"),
        "UBIGEO": [170101, 170102, 170103],  # a source column: a code held as a number
        "HECTAGIS": [75.05, 1200.33, 900.0],  # a source column: its numbers as written, decimal mark of the language
    })


def column_texts(model, name, role=Qt.DisplayRole):
    j = model.column_names.index(name)
    return [model.data(model.index(i, j), role) for i in range(model.rowCount())]


def test_table_cells_in_the_language_style_and_sorted_by_value(qtbot, claims_frame):
    model = FrameTableModel(claims_frame)
    assert column_texts(model, "area_ha") == ["75,05", f"1{T}200,33", "900,00"]
    assert column_texts(model, "filed_on") == ["15/03/1994", "02/07/1996", "20/11/1985"]
    assert column_texts(model, "n_registrations") == ["3", f"1{T}200", "0"]
    assert column_texts(model, "code") == ["010000198", "010011397", "070004518"]  # a code stays as written
    assert column_texts(model, "last_production_year") == ["2020", "", "2019"]  # a year is never "2 020"
    assert column_texts(model, "UBIGEO") == ["170101", "170102", "170103"]  # nor a code held as a number
    assert column_texts(model, "HECTAGIS") == ["75,05", "1200,33", "900,00"]
    # Sorted by the values, not by the text ("1 200,33" < "75,05" as text; "02/07/1996" < "15/03/1994").
    model.sort(model.column_names.index("area_ha"), Qt.AscendingOrder)
    assert column_texts(model, "code") == ["010000198", "070004518", "010011397"]
    model.sort(model.column_names.index("filed_on"), Qt.AscendingOrder)
    assert column_texts(model, "filed_on") == ["20/11/1985", "15/03/1994", "02/07/1996"]
    model.sort(model.column_names.index("filed_on"), Qt.DescendingOrder)
    assert column_texts(model, "code") == ["010011397", "010000198", "070004518"]
    # The sort role gives the value itself, for any other view.
    assert column_texts(model, "area_ha", SORT_ROLE) == [1200.33, 75.05, 900.0]
    with qtbot.waitSignal(model.dataChanged):
        LANGUAGE.set("en")
    assert column_texts(model, "area_ha") == [f"1{T}200.33", "75.05", "900.00"]
    assert column_texts(model, "filed_on") == ["1996-07-02", "1994-03-15", "1985-11-20"]
    assert column_texts(model, "last_production_year") == ["", "2020", "2019"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("es", "75,05\t15/03/1994\t3\t2020"),
    ("en", "75.05\t1994-03-15\t3\t2020"),
])
def test_a_copy_is_what_a_spreadsheet_in_the_language_reads(qtbot, claims_frame, lang, expected):
    """No thin space (Excel would read "1 200,33" as text), the language's decimal mark and dates."""
    LANGUAGE.set(lang)
    model = FrameTableModel(claims_frame)
    columns = [model.column_names.index(c) for c in ("area_ha", "filed_on", "n_registrations", "last_production_year")]
    lines = model.copy_text([0, 1], columns).split("\r\n")
    assert lines[1] == expected
    assert lines[2].split("\t")[:3] == (["1200,33", "02/07/1996", "1200"] if lang == "es"
                                        else ["1200.33", "1996-07-02", "1200"])
    assert lines[0].split("\t")[0] == ("Área (ha)" if lang == "es" else "Area (ha)")


# --- the window ---------------------------------------------------------------------------------


def field_value(details, column: str) -> str:
    for i in range(details.fields.rowCount()):
        if details.fields.item(i, 0).toolTip() == column:
            return details.fields.item(i, 1).text()
    raise KeyError(column)


def test_the_spanish_window_writes_numbers_and_dates_as_the_maps_and_switches(make_window, gui, qtbot):
    window = make_window("es")
    gui.open_bundled(window)
    gui.run_and_wait(window)
    claims = window.session.layers.get("concessions")
    frame = claims.frame
    table = window.table
    table.show_layer(claims)
    model = table.model
    row = int(np.flatnonzero(frame["code"].to_numpy() == "010011397")[0])
    display = model.display_row(row)

    def cell(column, r=display):
        return model.data(model.index(r, model.column_names.index(column)))

    area = float(frame["area_ha"].iloc[row])
    assert area > 1000  # the demo's claim of 1 200 declared hectares
    whole, cents = divmod(round(area * 100), 100)
    assert cell("area_ha") == f"{whole // 1000}{T}{whole % 1000:03d},{cents:02d}"
    assert cell("filed_on") == "10/05/1998"
    assert cell("code") == "010011397"
    # Sorting by area and by date still follows the values.
    model.sort(model.column_names.index("area_ha"), Qt.AscendingOrder)
    areas = frame["area_ha"].to_numpy()[model.rows]
    assert (np.diff(areas[~np.isnan(areas)]) >= 0).all()
    model.sort(model.column_names.index("filed_on"), Qt.AscendingOrder)
    dates = frame["filed_on"].to_numpy()[model.rows]
    assert (np.diff(dates[~np.isnat(dates)].astype("int64")) >= 0).all()
    years = [cell("last_production_year", r) for r in range(model.rowCount())]
    assert "2025" in years and not any(T in y for y in years)
    assert f"{len(frame)} de {len(frame)} filas" == table.count.text()
    # Ctrl+C on a chosen row: what a Spanish spreadsheet reads (no thin space, decimal comma).
    table.view.selectRow(model.display_row(row))
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key_C, Qt.ControlModifier)
    qtbot.keyRelease(table.view, Qt.Key_Control)  # Ctrl let go: a later selectRow must not add to the selection
    from PyQt5.QtWidgets import QApplication

    pasted = QApplication.clipboard().text().split("\r\n")[1].split("\t")
    assert "010011397" in pasted and "10/05/1998" in pasted and f"{whole},{cents:02d}" in pasted

    # The details of the claim with most forest loss: its date, its hectares and the loss chart.
    loss = window.session.results.loss_by_year.groupby("code")["loss_ha"].sum()
    code = str(loss.idxmax())
    chosen = int(np.flatnonzero(frame["code"].to_numpy() == code)[0])
    details = window.details
    details.show_feature(claims, chosen)
    filed = pd.Timestamp(frame["filed_on"].iloc[chosen])
    assert field_value(details, "filed_on") == f"{filed.day:02d}/{filed.month:02d}/{filed.year}"
    assert "," in field_value(details, "area_ha") and "." not in field_value(details, "area_ha")
    tenths = round(float(loss.max()) * 10)
    assert details.loss_title.text() == f"Pérdida de bosque por año: {tenths // 10},{tenths % 10} ha"
    assert "," in details.loss_chart.top_text() and "." not in details.loss_chart.top_text()

    # The dashboard's hectares with a decimal comma; its date in local time, day first.
    hectares = window.dashboard.counts
    figures = [hectares.item(i, 1).text() for i in range(hectares.rowCount()) if hectares.item(i, 1)]
    assert any("," in f for f in figures) and not any("." in f for f in figures)
    assert "/" in window.dashboard.heading.text() and "+00:00" not in window.dashboard.heading.text()

    window.set_language("en")
    assert cell("filed_on", model.display_row(row)) == "1998-05-10"
    assert cell("area_ha", model.display_row(row)) == f"{whole // 1000}{T}{whole % 1000:03d}.{cents:02d}"
    assert field_value(details, "filed_on") == f"{filed.year}-{filed.month:02d}-{filed.day:02d}"
    assert details.loss_title.text() == f"Forest loss by year: {tenths // 10}.{tenths % 10} ha"
    assert "." in details.loss_chart.top_text()
    figures = [hectares.item(i, 1).text() for i in range(hectares.rowCount()) if hectares.item(i, 1)]
    assert any("." in f for f in figures) and not any("," in f for f in figures)


def test_the_loss_charts_tallest_bar_stops_under_its_hectares(qtbot):
    """The chart's top line gives the tallest bar's hectares ("10,4 ha"); the bar was drawn
    behind the text, up to the widget's edge."""
    from concession_gis_ui.panels.details import LABEL_PX, LossChart

    chart = LossChart()
    qtbot.addWidget(chart)
    chart.resize(240, 110)
    chart.set_series(pd.Series({2018: 1.0, 2019: 2.0, 2020: 3.0, 2021: 10.4}))  # the tallest at the right, under the text
    image = chart.grab().toImage()
    rows = range(chart.height())
    x = int(chart.width() * 7 / 8)  # the middle of the last bar
    barred = [y for y in rows if image.pixelColor(x, y).saturation() > 60]  # the loss palette is saturated, text grey
    assert barred and min(barred) >= LABEL_PX and max(barred) < chart.height() - LABEL_PX
