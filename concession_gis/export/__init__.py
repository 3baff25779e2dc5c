"""Exports for people: print maps, styled GeoPackages and spreadsheet tables."""
