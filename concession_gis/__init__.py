"""concession-gis: mining-concession conflict analysis for Peru and Bolivia.

The package is the headless core: it reads cadastre, registry and raster files, runs the
analysis and writes results. It never imports Qt; the desktop application lives in
``concession_gis_ui`` and only calls this core.
"""

__version__ = "0.1.0"
