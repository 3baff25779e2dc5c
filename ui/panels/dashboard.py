"""The results dashboard: the counts and hectares of summary.json, and the district table with m."""

from __future__ import annotations

import time

from concession_gis_ui.heartbeat import beat_timer
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.session import Session
from concession_gis_ui.styles import value_label
from concession_gis_ui.table_model import FrameTableModel
from PyQt5.QtCore import Qt, QTimer
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from concession_gis import columns
from concession_gis.columns_bo import ActorType, AreaState, GridCheck, SiteConflict, SiteRelation
from concession_gis.i18n import format_number, format_timestamp
from concession_gis.model import Results
from concession_gis.pipeline_bolivia import BoliviaResults

KEY_ROLE = Qt.UserRole + 1
# The value of a loss row when no raster covered any claim (summary.json's forest_loss.status).
NOT_COVERED = "not_covered"
# Widest a column of the district table gets (pixels).
DISTRICT_COLUMN_MAX_WIDTH = 150
# Rows the district table's columns are fitted to: its first screenful and more.
FIT_ROWS = 40
# The GUI thread's time for fitting columns in one event (the rest in the next ones): with the
# repaint that follows, well under the 50 ms a turn of the event loop may take, even when another
# program halves the GUI thread's speed (12 ms pieces took 13-16 ms there, and with the paint
# after them and the next results step, 50-80 ms turns).
FIT_BUDGET_S = 0.006
DISTRICT_FIRST = ("department", "province", "district", "m_informal_share", "n_concessions", "titled_ha",
                  "loss_ha", "n_registrations", "n_active_registrations")


class Dashboard(QWidget):
    """Key figures, counts per relation / conflict type / legal state, hectares, and districts."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.session = session
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        # Two columns, each group a row of its own across both: at the panel's 280 px on a
        # 1366 x 768 laptop a group column beside the item left "Registros…" three times over.
        self.counts = QTableWidget(0, 2)
        self.counts.setObjectName("dashboardCounts")
        self.counts.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.counts.verticalHeader().setVisible(False)
        self.counts.setWordWrap(True)
        # The figure (column 1) always shows whole; the item's words take what is left, wrapped.
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.counts.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        # Rows as tall as their words wrap to at the width the panel has now (60 rows: 1 ms).
        self.counts.horizontalHeader().sectionResized.connect(lambda *_: self.counts.resizeRowsToContents())
        # The run's warnings (summary.json's, also of results opened from a file): the figures
        # below may be wrong in ways only they tell.
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings = QListWidget()
        self.warnings.setObjectName("dashboardWarnings")
        self.warnings.setWordWrap(True)
        self.districts_label = QLabel()
        self.districts_label.setWordWrap(True)  # unwrapped, its sentence made the panel 680 px wide
        self.district_model = FrameTableModel(parent=self, canonical_first=False)
        self._fit_next = 0
        self._fit_timer = beat_timer(self, self._fit_district_columns)
        self.districts = QTableView()
        self.districts.setObjectName("districtTable")
        self.districts.setModel(self.district_model)
        self.districts.setSortingEnabled(True)
        # A heading cut to the column's width keeps its start ("m: proporción…").
        self.districts.horizontalHeader().setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.districts_label)
        lower_layout.addWidget(self.districts, 1)
        warned = QWidget()
        warned_layout = QVBoxLayout(warned)
        warned_layout.setContentsMargins(0, 0, 0, 0)
        warned_layout.addWidget(self.warnings_label)
        warned_layout.addWidget(self.warnings, 1)
        self.warnings_box = warned
        split = QSplitter(Qt.Vertical)
        split.addWidget(warned)
        split.addWidget(self.counts)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        session.results_changed.connect(lambda results: self.show_results(results))
        self.retranslate()
        LANGUAGE.follow(self.retranslate)

    def show_results(self, results: Results | BoliviaResults | None) -> None:
        self.counts.setRowCount(0)
        self._show_warnings(results.summary if results is not None else {})
        if results is None or not results.summary:
            self.heading.setText(words("ui.dashboard.empty"))
            self.district_model.set_frame(getattr(results, "district_summary", _empty()) if results is not None
                                          else _empty())
            return
        summary = results.summary
        # When the run ended, in the reader's local time (summary.json stores it in UTC).
        finished = summary.get("finished", summary.get("started", ""))
        self.heading.setText(words("ui.dashboard.heading", date=format_timestamp(finished, self.session.language)
                                   if finished else "",
                                   version=summary.get("version", ""), seconds=summary.get("seconds", "")))
        rows = _bolivian_rows(summary, self.session.language) if summary.get("country") == "bo" else \
            self._peru_rows(summary)
        self._fill_counts(rows)
        # The district table in the next turn of the event loop: each step stays short. A bound
        # method, so the timer dies with the panel (a closed window's panel may follow a language
        # switch and be deleted before the timer fires).
        QTimer.singleShot(0, self._show_districts)

    def _peru_rows(self, summary: dict) -> list[tuple]:
        counts, hectares = summary.get("counts", {}), summary.get("hectares", {})
        lang = self.session.language
        rows = [("figures", key, _figure_title(key), counts.get(key, 0)) for key in
                ("concessions", "registrations_in", "registrations_out", "registrations_rejected",
                 "idle_concessions", "coexistence_candidates", "overlapping_pairs")]
        for section, keys in (("relation", columns.RELATIONS), ("conflict_type", columns.CONFLICT_TYPES),
                              ("legal_state", columns.LEGAL_STATES), ("reg_status", columns.REG_STATUSES),
                              ("stratum", columns.STRATA)):
            found = counts.get(section, {})
            rows += [(section, key, value_label(section, key, lang), found.get(key, 0)) for key in keys]
        rows += [("hectares", key, _hectare_title(key, lang), value) for key, value in hectares.items()]
        if summary.get("forest_loss", {}).get("status") == "not_covered":
            # No claim on a valid pixel: no figure at all, which must never read as 0 ha.
            rows += [("hectares", key, _hectare_title(key, lang), NOT_COVERED)
                     for key in ("forest_loss", "forest_loss_claimed_ground")]
        return rows

    def _fill_counts(self, rows: list[tuple]) -> None:
        self.counts.clearSpans()
        sections = list(dict.fromkeys(section for section, *_ in rows))
        self.counts.setRowCount(len(rows) + len(sections))
        i, current = 0, None
        for section, key, title, value in rows:
            if section != current:  # the group's name, bold, across both columns
                current = section
                head = QTableWidgetItem(_section_title(section))
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                self.counts.setItem(i, 0, head)
                self.counts.setSpan(i, 0, 1, 2)
                i += 1
            words_item = QTableWidgetItem(title)
            words_item.setData(KEY_ROLE, f"{section}.{key}")
            words_item.setToolTip(title)
            number = QTableWidgetItem(_figure_text(value))
            if value == NOT_COVERED:
                number.setToolTip(words("ui.dashboard.not_covered_note"))
            number.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))
            number.setData(KEY_ROLE, value)
            self.counts.setItem(i, 0, words_item)
            self.counts.setItem(i, 1, number)
            i += 1
        self.counts.resizeRowsToContents()

    def _show_districts(self) -> None:
        results = self.session.results
        if results is None:
            return
        if isinstance(results, BoliviaResults):  # by municipality, with Bolivia's m
            self.districts_label.setText(words("ui.dashboard.bo.by_municipality"))
            self.district_model.set_frame(results.reversion_by_place, bolivian=True)
            self._fit_from(0)
            return
        self.districts_label.setText(words("ui.dashboard.by_district"))
        districts = results.district_summary
        if len(districts):
            ordered = [c for c in DISTRICT_FIRST if c in districts] + [c for c in districts if c not in DISTRICT_FIRST]
            districts = districts[ordered]
        self.district_model.set_frame(districts)
        self._fit_from(0)

    def _fit_from(self, column: int) -> None:
        """Fit the district table's columns from ``column`` on, in the events to come."""
        self._fit_next = column
        self._fit_timer.start()

    def _fit_district_columns(self) -> None:
        """Columns as wide as their heading and first rows, up to a limit (the m column is
        explained above the table); as many as fit in one short event, the rest in the next,
        each once the GUI thread is on its beat (:mod:`~concession_gis_ui.heartbeat`)."""
        self._fit_next = fit_columns(self.districts, FIT_ROWS, DISTRICT_COLUMN_MAX_WIDTH, self._fit_next, FIT_BUDGET_S)
        if self._fit_next < self.district_model.columnCount():
            self._fit_timer.start()

    def _show_warnings(self, summary) -> None:
        messages = list(dict.fromkeys(summary.get("warning_messages", [])))
        self.warnings.clear()
        self.warnings.addItems(messages)
        self.warnings_label.setText(words("ui.dashboard.warnings", n=len(messages)))
        self.warnings_box.setVisible(bool(messages))

    def warning_texts(self) -> list[str]:
        """The warnings shown, as listed."""
        return [self.warnings.item(i).text() for i in range(self.warnings.count())]

    def value(self, section: str, key: str):
        """The number shown for ``section.key`` (e.g. 'relation.own_title'), or None."""
        for i in range(self.counts.rowCount()):
            if self.counts.item(i, 0).data(KEY_ROLE) == f"{section}.{key}":
                return self.counts.item(i, 1).data(KEY_ROLE)
        return None

    def retranslate(self) -> None:
        self.counts.setHorizontalHeaderLabels([words("ui.dashboard.item"), words("ui.dashboard.value")])
        self.districts_label.setText(words("ui.dashboard.by_district"))
        self.show_results(self.session.results)



# A Bolivian run's summary.json: its totals, its counts by code (section, catalogue prefix of the
# codes' words, codes) and its hectares.
_BO_FIGURES = ("areas", "work_sites", "cooperatives", "idle_areas", "leased_to_private", "reversion_candidates",
               "rejected_rows")
_BO_SECTIONS = (("actor_type", "actor_type", tuple(a for a in ActorType if a)), ("area_state", "area_state", tuple(AreaState)),
                ("right_type", "right_type", ("cam", "ate", "licence", "other")),
                ("grid_check", "grid_check", tuple(GridCheck)), ("relation", "site_relation", tuple(SiteRelation)),
                ("conflict_type", "site_conflict", tuple(SiteConflict)))
_BO_HECTARES = ("areas", "actor_cooperative", "actor_state", "actor_private", "reverted", "reversion_candidates")


def _bolivian_rows(summary: dict, lang: str) -> list[tuple]:
    """The dashboard's rows of a Bolivian run, in Bolivian terms."""
    counts, hectares = summary.get("counts", {}), summary.get("hectares", {})
    rows: list[tuple] = [("figures", key, words(f"ui.dashboard.bo.{key}"), counts.get(key, 0)) for key in _BO_FIGURES]
    for section, prefix, keys in _BO_SECTIONS:
        found = counts.get(section, {})
        rows += [(f"bo_{section}", str(key), value_label(prefix, str(key), lang), found.get(str(key), 0)) for key in keys]
    rows += [("hectares", key, words(f"ui.dashboard.bo.ha_{key}"), hectares.get(key, 0.0)) for key in _BO_HECTARES]
    return rows


def _figure_text(value) -> str:
    if value == NOT_COVERED:
        return words("ui.dashboard.not_covered")
    return format_number(value, LANGUAGE.code, 2 if isinstance(value, float) else 0)


def _section_title(section: str) -> str:
    return {
        "figures": words("ui.dashboard.totals"),
        "relation": words("ui.dashboard.relation_claim"),
        "conflict_type": words("ui.dashboard.conflict_type"),
        "legal_state": words("ui.dashboard.legal_state"),
        "reg_status": words("ui.dashboard.registration_status"),
        "stratum": words("ui.dashboard.holder_stratum"),
        "hectares": words("ui.dashboard.hectares"),
        "bo_actor_type": words("column_bo.actor_type"),
        "bo_area_state": words("column_bo.area_state"),
        "bo_right_type": words("column_bo.right_type"),
        "bo_grid_check": words("column_bo.grid_check"),
        "bo_relation": words("ui.names.relation_area"),
        "bo_conflict_type": words("ui.dashboard.conflict_type"),
    }[section]


def _figure_title(key: str) -> str:
    return {
        "concessions": words("ui.dashboard.concessions"),
        "registrations_in": words("ui.dashboard.registrations_read"),
        "registrations_out": words("ui.dashboard.registrations_placed"),
        "registrations_rejected": words("ui.dashboard.registrations_rejected"),
        "idle_concessions": words("ui.dashboard.idle_claims"),
        "coexistence_candidates": words("ui.dashboard.coexistence_candidates"),
        "overlapping_pairs": words("ui.dashboard.overlapping_pairs"),
    }[key]


def _hectare_title(key: str, lang: str) -> str:
    fixed = {
        "concessions": words("ui.dashboard.all_concessions"),
        "idle": words("ui.dashboard.idle_claims"),
        "overlaps": words("ui.dashboard.overlaps"),
        "forest_loss": words("ui.dashboard.forest_loss"),
        "forest_loss_claimed_ground": words("ui.dashboard.forest_loss_claimed_ground"),
        "extinct_free": words("ui.names.extinct_free_ground"),
    }
    return fixed.get(key) or value_label("legal_state", key, lang)


def _empty():
    import pandas as pd

    return pd.DataFrame()


def fit_columns(view: QTableView, rows: int, max_width: int, start: int = 0, budget_s: float | None = None) -> int:
    """The columns of ``view`` from ``start`` on as wide as their heading and the text of their
    first ``rows`` rows, at most ``max_width`` pixels, as Qt's ``resizeColumnsToContents`` fits
    them; within ``budget_s`` seconds when given. The column to go on from (the column count
    when done).

    Qt asks the delegate for every cell's size, a dozen data() calls in Python each: the
    region's district table took 50-60 ms of the GUI thread after an analysis and at every
    change of language. Here each cell's text is asked once and measured, and the delegate
    sizes the widest only."""
    model, header = view.model(), view.horizontalHeader()
    metrics = view.fontMetrics()
    grid = int(view.showGrid())
    started = time.perf_counter()
    for j in range(start, model.columnCount()):
        if budget_s is not None and j > start and time.perf_counter() - started > budget_s:
            return j
        widest, cell = -1, None
        for i in range(min(rows, model.rowCount())):
            index = model.index(i, j)
            width = metrics.horizontalAdvance(str(model.data(index) or ""))
            if width > widest:
                widest, cell = width, index
        fitted = view.sizeHintForIndex(cell).width() + grid if cell is not None else 0
        view.setColumnWidth(j, min(max(fitted, header.sectionSizeHint(j)), max_width))
    return model.columnCount()
