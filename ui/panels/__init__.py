"""The dockable panels of the main window: layers, attribute table, details, dashboard, inputs, messages."""
