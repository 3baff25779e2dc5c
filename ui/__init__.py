"""concession-gis desktop application (PyQt5). Installed as ``concession_gis_ui``; calls the core only."""
