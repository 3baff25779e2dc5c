"""Country profiles: what differs between Peru and Bolivia, as data (``profiles/<code>.toml``).

Peru's profile names today's behaviour (its legal states and restricted categories stay in
rules.toml, the tables ``rules_tables`` names); Bolivia's carries AJAM's states, right types,
actor types, SERNAP's categories, its coordinate systems and administrative levels. Code that
serves both countries asks the profile, never a country's words.

>>> load_profile("bo").crs_offered[1:4]
[32719, 32720, 32721]
>>> sorted(load_profile("bo").table("states"))
['extinct', 'in_force', 'in_process', 'reverted']
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from concession_gis.errors import InputError
from concession_gis.rules import Rules

COUNTRIES = ("pe", "bo")
DEFAULT_COUNTRY = "pe"


@dataclass(frozen=True)
class Profile:
    """One country's profile, as read from its TOML file."""

    code: str
    data: dict[str, Any]

    @property
    def admin_levels(self) -> list[str]:
        return list(self.data["admin_levels"])

    @property
    def crs_offered(self) -> list[int]:
        return list(self.data["crs_offered"])

    def table(self, name: str) -> dict[str, list[str]]:
        """A table of words by code (``states``, ``right_types``, ``actor_types``...), without
        its sub-tables."""
        return {k: list(v) for k, v in self.data[name].items() if isinstance(v, list)}

    def restricted_categories(self, rules: Rules) -> dict[str, list[str]]:
        """The words of the prohibited and conditional categories: the profile's own, or, for a
        country whose profile points to rules.toml (Peru), the rules' (a --rules file's)."""
        pointer = self.data.get("rules_tables", {}).get("restricted_categories")
        if pointer:
            section: Any = rules
            for part in pointer.split("."):
                section = section[part]
            return {"prohibited": list(section["prohibited"]), "conditional": list(section["conditional"])}
        return self.table("restricted_categories")


@cache
def load_profile(code: str) -> Profile:
    """The profile of the country ``code`` (``pe`` or ``bo``); an InputError naming the choices
    for any other."""
    if code not in COUNTRIES:
        raise InputError(key="error.unknown_country", value=code, allowed=", ".join(COUNTRIES))
    text = resources.files("concession_gis").joinpath("profiles", f"{code}.toml").read_text(encoding="utf-8")
    return Profile(code, tomllib.loads(text))
