"""What each rule is called and means, from the catalogue (``rule_name.<table>.<key>`` and
``rule.<table>.<key>``, in both languages), and the flattening of nested rules into dotted
keys for the rules dialog. No Qt.

A key without a note of its own is explained by its table's (``legal_state.titled`` by
``legal_state``), as in the comments of the core's rules.toml.
"""

from __future__ import annotations

from concession_gis_ui.i18n import LANGUAGE

from concession_gis.i18n import tr
from concession_gis.rules import default_rules


def rule_names(rules: dict | None = None) -> list[str]:
    """Every table and key of ``rules`` (the defaults when None), dotted, tables before their keys."""
    names: dict[str, None] = {}
    for name in flatten(default_rules() if rules is None else rules):
        parts = name.split(".")
        names.update(dict.fromkeys(".".join(parts[:i]) for i in range(1, len(parts) + 1)))
    return list(names)


def explanations(lang: str | None = None, names: list[str] | None = None, *,
                 inherit: bool = True) -> dict[str, str]:
    """{dotted key: explanation} for every table and key of the default rules (or ``names``), in
    ``lang`` (the window's language when None). With ``inherit``, a key without a note of its own
    takes its table's; without, it is left out (the tree shows a table's note once, on the table)."""
    lang = lang or LANGUAGE.code
    found = {}
    for name in sorted(rule_names() if names is None else names):
        parts = name.split(".")
        while parts:
            key = "rule." + ".".join(parts)
            text = tr(key, lang)
            if text != key:
                found[name] = text
                break
            if not inherit:
                break
            parts.pop()
    return found


def labels(names: list[str], lang: str | None = None) -> dict[str, str]:
    """{dotted key: what the rule is called in ``lang``} (``rule_name.<key>``); the key itself
    where the catalogue has no name for it (a rule added to rules.toml before its words)."""
    lang = lang or LANGUAGE.code
    out = {}
    for name in names:
        text = tr(f"rule_name.{name}", lang)
        out[name] = name.rpartition(".")[2] if text == f"rule_name.{name}" else text
    return out


def flatten(rules: dict, prefix: str = "") -> dict[str, object]:
    """{dotted key: value} of a nested rules dict."""
    out: dict[str, object] = {}
    for key, value in rules.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def nest(flat: dict[str, object]) -> dict:
    """The inverse of :func:`flatten`."""
    out: dict = {}
    for name, value in flat.items():
        target = out
        *tables, key = name.split(".")
        for table in tables:
            target = target.setdefault(table, {})
        target[key] = value
    return out


def overrides(defaults: dict, edited: dict) -> dict:
    """The keys of ``edited`` whose values differ from ``defaults``, nested (a rules TOML body)."""
    base, new = flatten(defaults), flatten(edited)
    return nest({k: v for k, v in new.items() if k in base and v != base[k]})
