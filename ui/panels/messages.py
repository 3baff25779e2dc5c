"""The message panel: every error, warning and notice of the session, with the time it came.

Nothing the tool reports goes only to a console: failures of jobs land here (and the details of
a bug in a log file whose path is shown).
"""

from __future__ import annotations

import time

from concession_gis_ui.i18n import LANGUAGE, words
from PyQt5.QtCore import pyqtSignal
from PyQt5.QtGui import QBrush, QColor
from PyQt5.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

LEVEL_COLORS = {"error": QColor(170, 20, 20), "warning": QColor(150, 90, 0), "info": QColor(40, 40, 40)}


class MessagePanel(QWidget):
    """A list of timestamped messages; ``added`` lets the window raise itself on errors."""

    added = pyqtSignal(str, str)  # level, text

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("messagePanel")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setObjectName("messageList")
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.list.clear)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.retranslate()
        LANGUAGE.follow(self.retranslate)

    def add(self, level: str, text: str) -> None:
        item = QListWidgetItem(f"{time.strftime('%H:%M:%S')}  {text}")
        item.setForeground(QBrush(LEVEL_COLORS.get(level, LEVEL_COLORS["info"])))
        item.setData(256, level)
        self.list.addItem(item)
        self.list.scrollToBottom()
        self.added.emit(level, text)

    def texts(self, level: str | None = None) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item.text() for item in items if level is None or item.data(256) == level]

    def retranslate(self) -> None:
        self.clear_button.setText(words("ui.messages.clear"))

