"""Translated names for layers, style columns and input kinds (the words the panels show)."""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui.bolivia import is_bolivian_layer
from concession_gis_ui.i18n import words


def layer_title(name: str) -> str:
    """'concessions' → 'Concessions'; 'input:registrations:REINFO.csv' → 'Registrations: REINFO.csv'."""
    titles = {
        "concessions": words("ui.names.concessions"),
        "registrations": words("ui.names.registrations_reinfo"),
        "concession_overlaps": words("ui.names.overlaps_between_concessions"),
        "coexistence_candidates": words("ui.names.coexistence_candidates"),
        "restricted_areas": words("ui.names.restricted_areas"),
        "allowed_zones": words("ui.names.allowed_zones"),
        "extinct_free_ground": words("ui.names.extinct_free_ground"),
        "loss_fronts": words("ui.names.loss_fronts"),
        "loss_by_year": words("ui.names.forest_loss_by_year"),
        "district_summary": words("ui.names.district_summary"),
        "rejected_rows": words("ui.names.rejected_rows"),
        # A Bolivian run's (concession_gis_ui.bolivia)
        "areas": words("ui.names.areas"),
        "work_sites": words("ui.names.work_sites"),
        "reversion_candidates": words("ui.names.reversion_candidates"),
    }
    if name in titles:
        return titles[name]
    if name.startswith("changes:"):  # a change layer of a comparison (change_layers.py)
        return words(f"ui.compare.layer.{name.split(':', 1)[1]}")
    if name.startswith("input:"):
        _, kind, file = name.split(":", 2)
        return f"{kind_title(kind)}: {Path(file).name}"
    if name == "basemap":
        return words("ui.names.basemap")
    if name.startswith("context:"):  # a user's context layer (context_layers.py)
        return f"{words('ui.names.context_layer')}: {Path(name.split(':', 1)[1]).name}"
    if name.startswith("raster:"):
        return f"{kind_title('raster')}: {Path(name.split(':', 1)[1]).name}"
    return name


def kind_title(kind: str) -> str:
    return {
        "concessions": words("ui.names.concessions"),
        "registrations": words("ui.names.registrations"),
        "restricted": words("ui.names.restricted_areas"),
        "raster": words("ui.names.forest_loss_raster"),
        "activity": words("ui.names.declared_production"),
        "holders": words("ui.names.holder_strata"),
        "allowed_zones": words("map.source_kind.allowed_zones"),
    }.get(kind) or _kind_label(kind)


def _kind_label(kind: str) -> str:
    """An input kind's own label (``input_kind.*``), capitalised; its name when it has none."""
    key = f"input_kind.{kind}"
    text = words(key)
    return f"{text[:1].upper()}{text[1:]}" if text != key else kind


def style_title(column: str | None, layer: str = "") -> str:
    """What a style is called in the layer panel: the window's own words for it, else the
    column's heading in the catalogue (a style offered under its code read 'front_type'); a
    Bolivian layer's in Bolivian terms."""
    if is_bolivian_layer(layer) and column in _BOLIVIAN_STYLES:
        return words(_BOLIVIAN_STYLES[column])
    if column in _STYLES:
        return words(_STYLES[column])
    key = f"column.{column}"
    heading = words(key)
    return heading if heading != key else column or ""


_STYLES = {None: "ui.names.single_colour", "legal_state": "ui.names.legal_state", "stratum": "ui.names.holder_stratum",
           "idle": "ui.names.idle_claim", "loss_year": "ui.names.latest_forest_loss_year",
           "conflict_type": "ui.names.conflict_type", "relation": "ui.names.relation_claim",
           "reg_status": "ui.names.registration_status"}


_BOLIVIAN_STYLES = {"actor_type": "column_bo.actor_type", "area_state": "column_bo.area_state",
                    "right_type": "column_bo.right_type", "relation": "ui.names.relation_area",
                    "idle": "ui.names.idle_area", "conflict_type": "ui.names.conflict_type"}


def field_title(field: str) -> str:
    """An input field in words ("latitude" → "Latitud (grados)"): the window's own word, else
    the table heading of the column it becomes, else its name."""
    for key in (f"ui.field.{field}", f"column.{field}"):
        text = words(key)
        if text != key:
            return text
    return field


def schema_problem(key: str | None, values: dict) -> str:
    """What the column dialog says was wrong, in words of the dialog (the core's message tells
    the command line's --map, which the dialog replaces)."""
    if key == "error.no_coordinate_columns":
        return words("ui.columns_dialog.problem_coordinates")
    if key == "error.required_column_missing" and values.get("field"):
        return words("ui.columns_dialog.problem_field", field=field_title(str(values["field"])))
    return words("ui.columns_dialog.problem_other") if key else ""
