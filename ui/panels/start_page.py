"""What the window shows while nothing is loaded: what to do first, in a few clicks."""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui.i18n import LANGUAGE, words
from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PATH_ROLE = Qt.UserRole + 1


class StartPage(QWidget):
    """Open files, a project, a recent one or the demo; a short guide; and the hint of what is
    missing when the analysis is asked for too early."""

    open_files = pyqtSignal()
    open_project = pyqtSignal()
    open_demo = pyqtSignal()
    open_demo_bolivia = pyqtSignal()
    open_recent = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("startPage")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20px; font-weight: bold")
        self.hint = QLabel()
        self.hint.setObjectName("startHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("background: #fff3cd; color: #5c4400; border: 1px solid #e0c060; padding: 8px")
        self.hint.hide()
        self.buttons = {name: QPushButton() for name in ("files", "project", "demo", "demo_bo")}
        for name, button in self.buttons.items():
            button.setObjectName(f"start_{name}")
            button.setMinimumHeight(34)
        self.buttons["files"].clicked.connect(self.open_files)
        self.buttons["project"].clicked.connect(self.open_project)
        self.buttons["demo"].clicked.connect(self.open_demo)
        self.buttons["demo_bo"].clicked.connect(self.open_demo_bolivia)
        self.recent_label = QLabel()
        self.recent = QListWidget()
        self.recent.setObjectName("startRecent")
        self.recent.itemActivated.connect(lambda item: self.open_recent.emit(item.data(PATH_ROLE)))
        self.guide = QLabel()
        self.guide.setObjectName("startGuide")
        self.guide.setWordWrap(True)
        self.guide.setTextFormat(Qt.RichText)
        self.guide.setAlignment(Qt.AlignTop | Qt.AlignLeft)

        left = QVBoxLayout()
        for button in self.buttons.values():
            left.addWidget(button)
        left.addSpacing(12)
        left.addWidget(self.recent_label)
        left.addWidget(self.recent, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addSpacing(24)
        columns.addWidget(self.guide, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addLayout(columns, 1)
        self._recent: list[str] = []
        self.retranslate()
        LANGUAGE.follow(self.retranslate)

    def set_recent(self, paths: list[str]) -> None:
        self._recent = list(paths)
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(Path(path).name)
            item.setToolTip(path)
            item.setData(PATH_ROLE, path)
            self.recent.addItem(item)
        self.recent_label.setVisible(bool(paths))
        self.recent.setVisible(bool(paths))

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.show()

    def retranslate(self) -> None:
        self.title.setText(words("ui.start.title"))
        self.buttons["files"].setText(words("ui.start.open_files"))
        self.buttons["project"].setText(words("ui.start.open_project"))
        self.buttons["demo"].setText(words("ui.start.open_demo"))
        self.buttons["demo_bo"].setText(words("ui.start.open_demo_bo"))
        self.recent_label.setText(words("ui.start.recent"))
        self.guide.setText(words("ui.start.guide"))
        self.hint.hide()
