"""The filters of the file dialogs, in the window's language ("Proyectos (*.cgis.json)")."""

from __future__ import annotations

from concession_gis_ui.context_layers import RASTER_SUFFIXES, VECTOR_SUFFIXES
from concession_gis_ui.i18n import words

from concession_gis.inputs import KINDS
from concession_gis.inputs import SUFFIXES as FORMAT_SUFFIXES

PROJECT_PATTERNS = "*.cgis.json *.cgisproj"
# Every suffix an input kind accepts, then results and projects.
OPENABLE_PATTERNS = " ".join(dict.fromkeys(f"*{suffix}" for kind in KINDS for form in sorted(kind.formats)
                                           for suffix in FORMAT_SUFFIXES[form])) + " " + PROJECT_PATTERNS
PATTERNS = {
    "openable": OPENABLE_PATTERNS, "project": PROJECT_PATTERNS, "new_project": "*.cgis.json",
    "xlsx": "*.xlsx", "csv": "*.csv", "png": "*.png", "pdf": "*.pdf", "svg": "*.svg", "toml": "*.toml",
    "results": "*.gpkg", "all": "*",
    "context": " ".join(f"*{suffix}" for suffix in (*VECTOR_SUFFIXES, *RASTER_SUFFIXES)),
}


def file_filter(*kinds: str) -> str:
    """A QFileDialog filter of ``kinds`` (keys of :data:`PATTERNS`), each named in words."""
    return ";;".join(f"{words(f'ui.files.{kind}')} ({PATTERNS[kind]})" for kind in kinds)
