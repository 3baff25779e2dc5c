"""Translated names for layers, style columns and input kinds (the words the panels show)."""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui.i18n import translate


def layer_title(name: str) -> str:
    """'concessions' → 'Concessions'; 'input:registrations:REINFO.csv' → 'Registrations: REINFO.csv'."""
    titles = {
        "concessions": translate("Names", "Concessions"),
        "registrations": translate("Names", "Registrations (REINFO)"),
        "concession_overlaps": translate("Names", "Overlaps between concessions"),
        "coexistence_candidates": translate("Names", "Coexistence candidates"),
        "restricted_areas": translate("Names", "Restricted areas"),
        "loss_by_year": translate("Names", "Forest loss by year"),
        "district_summary": translate("Names", "District summary"),
        "rejected_rows": translate("Names", "Rejected rows"),
    }
    if name in titles:
        return titles[name]
    if name.startswith("input:"):
        _, kind, file = name.split(":", 2)
        return f"{kind_title(kind)}: {Path(file).name}"
    if name.startswith("raster:"):
        return f"{kind_title('raster')}: {Path(name.split(':', 1)[1]).name}"
    return name


def kind_title(kind: str) -> str:
    return {
        "concessions": translate("Names", "Concessions"),
        "registrations": translate("Names", "Registrations"),
        "restricted": translate("Names", "Restricted areas"),
        "raster": translate("Names", "Forest loss raster"),
        "activity": translate("Names", "Declared production"),
        "holders": translate("Names", "Holder strata"),
    }.get(kind, kind)


def style_title(column: str | None) -> str:
    return {
        None: translate("Names", "Single colour"),
        "legal_state": translate("Names", "Legal state"),
        "stratum": translate("Names", "Holder stratum"),
        "idle": translate("Names", "Idle claim"),
        "loss_year": translate("Names", "Latest forest-loss year"),
        "conflict_type": translate("Names", "Conflict type"),
        "relation": translate("Names", "Relation to the claim"),
        "reg_status": translate("Names", "Registration status"),
    }.get(column, column or "")
