"""The window's actions (menus and toolbar), created once and retranslated on a language change."""

from __future__ import annotations

from concession_gis_ui.i18n import LANGUAGE_NAMES, words
from concession_gis_ui.icons import ICONS
from PyQt5.QtCore import Qt
from PyQt5.QtGui import QKeySequence
from PyQt5.QtWidgets import QAction, QActionGroup, QMenu, QStyle, QToolBar

# name: (text, shortcut, standard icon)
ACTIONS = {
    "open": ("ui.actions.open", QKeySequence.Open, QStyle.SP_DialogOpenButton),
    "open_project": ("ui.actions.open_project", None, None),
    "add_layer": ("ui.actions.add_layer", "Ctrl+Shift+L", None),
    "save_project": ("ui.actions.save_project", QKeySequence.Save, QStyle.SP_DialogSaveButton),
    "save_project_as": ("ui.actions.save_project_as", QKeySequence.SaveAs, None),
    "export": ("ui.actions.export", "Ctrl+E", None),
    "export_table": ("ui.actions.export_table", None, None),
    "save_image": ("ui.actions.save_image", None, None),
    "quit": ("ui.actions.quit", QKeySequence.Quit, None),
    "zoom_in": ("ui.actions.zoom_in", QKeySequence.ZoomIn, None),
    "zoom_out": ("ui.actions.zoom_out", QKeySequence.ZoomOut, None),
    "zoom_full": ("ui.actions.zoom_full", "Ctrl+0", None),
    "zoom_layer": ("ui.actions.zoom_layer", None, None),
    "zoom_selection": ("ui.actions.zoom_selection", "Ctrl+J", None),
    "box_zoom": ("ui.actions.box_zoom", "Ctrl+B", None),
    "goto": ("ui.actions.goto", "Ctrl+G", None),
    "run": ("ui.actions.run", "F5", QStyle.SP_MediaPlay),
    "cancel": ("ui.actions.cancel", "Esc", QStyle.SP_MediaStop),
    "rules": ("ui.actions.rules", None, None),
    "add_inputs": ("ui.actions.add_inputs", None, None),
    "compare": ("ui.actions.compare", None, None),
    "open_change_map": ("ui.actions.open_change_map", None, None),
    "guide": ("ui.actions.guide", None, None),
    "shortcuts": ("ui.actions.shortcuts", "F1", None),
    "about": ("ui.actions.about", None, None),
}
TOOLBAR = ("open", "save_project", None, "run", "cancel", None, "zoom_in", "zoom_out", "zoom_full",
           "zoom_layer", "zoom_selection", "box_zoom", None, "export")
MENUS = {
    "file": ("ui.actions.file", ("open", "add_layer", "recent", "open_project", "save_project", "save_project_as", None, "export",
                       "export_table", "save_image", None, "quit")),
    "view": ("ui.actions.view", ("zoom_in", "zoom_out", "zoom_full", "zoom_layer", "zoom_selection", "box_zoom", "goto", None, "panels")),
    "analysis": ("ui.actions.analysis", ("add_inputs", "rules", None, "run", "cancel", None, "compare", "open_change_map")),
    "settings": ("ui.actions.settings", ("language",)),
    "help": ("ui.actions.help", ("guide", "shortcuts", None, "about")),
}


class Actions:
    """All actions by name, the menus and the toolbar."""

    def __init__(self, window):
        self.window = window
        self.by_name: dict[str, QAction] = {}
        style = window.style()
        for name, (_, shortcut, icon) in ACTIONS.items():
            action = QAction(window)
            action.setObjectName(f"action_{name}")
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if icon is not None:
                action.setIcon(style.standardIcon(icon))
            self.by_name[name] = action
        for name, make in ICONS.items():
            self.by_name[name].setIcon(make())
        self.by_name["box_zoom"].setCheckable(True)
        self.recent = QMenu(window)
        self.recent.setObjectName("menu_recent")
        self.panels = QMenu(window)
        self.language = QMenu(window)
        self.language_group = QActionGroup(window)
        self.language_actions = {}
        for lang, title in LANGUAGE_NAMES.items():
            action = QAction(title, window, checkable=True)
            action.setObjectName(f"action_language_{lang}")
            self.language_group.addAction(action)
            self.language.addAction(action)
            self.language_actions[lang] = action
        self.menus = {}
        bar = window.menuBar()
        for key, (_, items) in MENUS.items():
            menu = bar.addMenu("")
            menu.setObjectName(f"menu_{key}")
            for item in items:
                if item is None:
                    menu.addSeparator()
                elif item in ("recent", "panels", "language"):
                    menu.addMenu(getattr(self, item))
                else:
                    menu.addAction(self.by_name[item])
            self.menus[key] = menu
        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonIconOnly)
        for item in TOOLBAR:
            if item is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(self.by_name[item])
        window.addToolBar(self.toolbar)

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def retranslate(self) -> None:
        for name, (text, _, _) in ACTIONS.items():
            action = self.by_name[name]
            action.setText(words(text))
            action.setToolTip(action.text().replace("&", "").rstrip("…"))
        for key, (title, _) in MENUS.items():
            self.menus[key].setTitle(words(title))
        self.recent.setTitle(words("ui.actions.recent"))
        self.panels.setTitle(words("ui.actions.panels"))
        self.language.setTitle(words("ui.actions.language"))
        self.toolbar.setWindowTitle(words("ui.actions.tools"))
