"""The window's actions (menus and toolbar), created once and retranslated on a language change."""

from __future__ import annotations

from concession_gis_ui.i18n import LANGUAGE_NAMES, translate
from concession_gis_ui.icons import ICONS
from PyQt5.QtCore import QT_TRANSLATE_NOOP, Qt
from PyQt5.QtGui import QKeySequence
from PyQt5.QtWidgets import QAction, QActionGroup, QMenu, QStyle, QToolBar

# name: (text, shortcut, standard icon)
ACTIONS = {
    "open": (QT_TRANSLATE_NOOP("Actions", "&Open…"), QKeySequence.Open, QStyle.SP_DialogOpenButton),
    "open_project": (QT_TRANSLATE_NOOP("Actions", "Open &project…"), None, None),
    "save_project": (QT_TRANSLATE_NOOP("Actions", "&Save project"), QKeySequence.Save, QStyle.SP_DialogSaveButton),
    "save_project_as": (QT_TRANSLATE_NOOP("Actions", "Save project &as…"), QKeySequence.SaveAs, None),
    "export": (QT_TRANSLATE_NOOP("Actions", "&Export results and maps…"), "Ctrl+E", None),
    "export_table": (QT_TRANSLATE_NOOP("Actions", "Export &table (CSV/XLSX)…"), None, None),
    "save_image": (QT_TRANSLATE_NOOP("Actions", "Save map &image…"), None, None),
    "quit": (QT_TRANSLATE_NOOP("Actions", "&Quit"), QKeySequence.Quit, None),
    "zoom_in": (QT_TRANSLATE_NOOP("Actions", "Zoom &in"), QKeySequence.ZoomIn, None),
    "zoom_out": (QT_TRANSLATE_NOOP("Actions", "Zoom &out"), QKeySequence.ZoomOut, None),
    "zoom_full": (QT_TRANSLATE_NOOP("Actions", "Zoom to &all data"), "Ctrl+0", None),
    "zoom_layer": (QT_TRANSLATE_NOOP("Actions", "Zoom to &layer"), None, None),
    "zoom_selection": (QT_TRANSLATE_NOOP("Actions", "Zoom to &selection"), "Ctrl+J", None),
    "box_zoom": (QT_TRANSLATE_NOOP("Actions", "&Box zoom"), "Ctrl+B", None),
    "run": (QT_TRANSLATE_NOOP("Actions", "&Run analysis"), "F5", QStyle.SP_MediaPlay),
    "cancel": (QT_TRANSLATE_NOOP("Actions", "&Cancel analysis"), "Esc", QStyle.SP_MediaStop),
    "rules": (QT_TRANSLATE_NOOP("Actions", "R&ules…"), None, None),
    "add_inputs": (QT_TRANSLATE_NOOP("Actions", "&Add input files…"), None, None),
    "about": (QT_TRANSLATE_NOOP("Actions", "&About"), None, None),
}
TOOLBAR = ("open", "save_project", None, "run", "cancel", None, "zoom_in", "zoom_out", "zoom_full",
           "zoom_layer", "zoom_selection", "box_zoom", None, "export")
MENUS = {
    "file": (QT_TRANSLATE_NOOP("Actions", "&File"), ("open", "recent", "open_project", "save_project", "save_project_as", None, "export",
                       "export_table", "save_image", None, "quit")),
    "view": (QT_TRANSLATE_NOOP("Actions", "&View"), ("zoom_in", "zoom_out", "zoom_full", "zoom_layer", "zoom_selection", "box_zoom", None, "panels")),
    "analysis": (QT_TRANSLATE_NOOP("Actions", "&Analysis"), ("add_inputs", "rules", None, "run", "cancel")),
    "settings": (QT_TRANSLATE_NOOP("Actions", "&Settings"), ("language",)),
    "help": (QT_TRANSLATE_NOOP("Actions", "&Help"), ("about",)),
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
            action.setText(translate("Actions", text))
            action.setToolTip(action.text().replace("&", "").rstrip("…"))
        for key, (title, _) in MENUS.items():
            self.menus[key].setTitle(translate("Actions", title))
        self.recent.setTitle(translate("Actions", "Open &recent"))
        self.panels.setTitle(translate("Actions", "&Panels"))
        self.language.setTitle(translate("Actions", "&Language"))
        self.toolbar.setWindowTitle(translate("Actions", "Tools"))
