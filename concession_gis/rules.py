"""Load the rules: the packaged defaults (rules.toml), overridden key by key by a user's file."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from concession_gis.errors import InputNotFoundError, RulesError

Rules = dict[str, Any]


def default_rules() -> Rules:
    """The packaged default rules, as a fresh nested dict."""
    text = resources.files("concession_gis").joinpath("rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_rules(path: str | Path | None = None, overrides: Rules | None = None) -> Rules:
    """Defaults overridden by the TOML file at ``path`` and then by ``overrides``.

    Every key must exist in the defaults and keep its type; the error names the key and file.
    """
    rules = default_rules()
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise InputNotFoundError(f"{path}: rules file not found. Check the path given to --rules.")
        try:
            user = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RulesError(f"{path}: not a valid TOML file ({exc}). Fix the syntax and run again.") from None
        _merge(rules, user, source=str(path))
    if overrides:
        _merge(rules, copy.deepcopy(overrides), source="overrides")
    rules["reference_date"] = reference_date(rules)
    return rules


def reference_date(rules: Rules) -> str:
    """The ISO reference date of ``rules``; today's date when the rule is empty."""
    value = rules.get("reference_date") or ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if not value:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise RulesError(
            f"reference_date = {value!r} is not an ISO date. Write it as YYYY-MM-DD, e.g. 2025-12-31."
        ) from None


def _merge(base: dict, user: dict, source: str, prefix: str = "") -> None:
    for key, value in user.items():
        name = f"{prefix}{key}"
        if key not in base:
            known = ", ".join(sorted(base))
            raise RulesError(f"{source}: unknown rule '{name}'. Known keys here: {known}.")
        default = base[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise RulesError(f"{source}: '{name}' must be a table ([{name}]).")
            _merge(default, value, source, prefix=f"{name}.")
            continue
        base[key] = _coerce(value, default, name, source)


def _coerce(value: Any, default: Any, name: str, source: str) -> Any:
    if name == "reference_date" and isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(default, bool) and isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, int | float)
        value = float(value) if ok else value
    else:
        ok = isinstance(value, type(default))
    if isinstance(default, list) and ok:
        ok = all(isinstance(item, str) for item in value)
    if not ok:
        raise RulesError(
            f"{source}: rule '{name}' must be {type(default).__name__} like the default "
            f"{default!r}, not {value!r}."
        )
    return value
