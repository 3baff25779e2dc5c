"""Dialogs: fixing a missing CRS or unrecognised columns, editing rules, exporting."""
