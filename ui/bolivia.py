"""The window's Bolivian words: which layers are a Bolivian run's, and how their columns and codes
read (área minera, cooperativa, cuadrícula, municipio). No Qt.

The codes are the contract's (docs/contract.md, "Bolivia"); their words are the catalogue's
``column_bo.*`` headings and the value prefixes the Bolivian tables for people use
(:data:`concession_gis.export.bolivia.BO_VALUE_WORDS`), so the window and the CSV agree.
"""

from __future__ import annotations

from concession_gis.export.bolivia import BO_VALUE_WORDS
from concession_gis.i18n import column_heading, tr

# The layers of a Bolivian run the map draws, and the tables the window shows of it.
MAP_LAYERS = ("areas", "work_sites", "reversion_candidates", "restricted_areas")
TABLES = ("cooperatives", "area_by_actor_year", "reversion_by_place", "loss_by_year", "rejected_rows")
# Previews of Bolivian inputs are named input:KIND:PATH.
_INPUT_PREFIXES = ("input:ajam:", "input:work_sites:")
_OWN_LAYERS = frozenset(MAP_LAYERS[:3]) | frozenset(TABLES[:3])


def is_bolivian_layer(name: str) -> bool:
    """Whether the layer ``name`` holds a Bolivian run's rows (or a Bolivian input's preview).
    ``restricted_areas`` is either country's and reads alike in both."""
    return name in _OWN_LAYERS or name.startswith(_INPUT_PREFIXES)


def heading_bo(column: str, lang: str) -> str:
    """A Bolivian column in words: its ``column_bo.*`` heading, else the shared one."""
    key = f"column_bo.{column}"
    text = tr(key, lang)
    return text if text != key else column_heading(column, lang)


def coded_bo(column: str, value) -> str | None:
    """The catalogue prefix of a Bolivian code (``site_relation`` for a work site's
    ``relation``), or None for a value shown as it is."""
    if not isinstance(value, str) or not value:
        return None
    return BO_VALUE_WORDS.get(column)
