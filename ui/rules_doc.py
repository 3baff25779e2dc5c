"""The explanations of the default rules, taken from the comments of the core's rules.toml.

A comment block explains the keys that follow it (up to the next blank line or comment block);
an inline comment explains its own key (and wins over the block); the first block under a [table] header also explains
the table. No Qt.
"""

from __future__ import annotations

import re
from importlib import resources

_TABLE = re.compile(r"^\[([A-Za-z0-9_.]+)\]\s*$")
_KEY = re.compile(r"^([A-Za-z0-9_]+)\s*=\s*(.*)$")


def rules_text() -> str:
    return resources.files("concession_gis").joinpath("rules.toml").read_text(encoding="utf-8")


def explanations(text: str | None = None) -> dict[str, str]:
    """{dotted key: explanation} for every table and key of rules.toml that has a comment."""
    text = rules_text() if text is None else text
    found: dict[str, str] = {}
    table = ""
    block: list[str] = []
    block_open = False  # still adding comment lines to the current block
    table_waiting = False
    depth = 0
    for raw in text.splitlines():
        line = raw.strip()
        if depth:  # inside a multi-line array
            depth += line.count("[") - line.count("]")
            continue
        if not line:
            block, block_open = [], False
            continue
        if line.startswith("#"):
            if not block_open:
                block, block_open = [], True
            block.append(line.lstrip("#").strip())
            continue
        block_open = False
        match = _TABLE.match(line)
        if match:
            table, block, table_waiting = match.group(1), [], True
            continue
        match = _KEY.match(line)
        if not match:
            continue
        key, rest = match.groups()
        value, _, inline = _split_comment(rest)
        depth = value.count("[") - value.count("]")
        dotted = f"{table}.{key}" if table else key
        words = " ".join(block)
        if table_waiting and table and words:
            found.setdefault(table, words)
        table_waiting = False
        explanation = inline.strip() or words  # an inline comment is about its own key only
        if explanation:
            found[dotted] = explanation
    return found


def _split_comment(rest: str) -> tuple[str, str, str]:
    """'value  # comment' → (value, '#', comment), ignoring '#' inside quotes."""
    quoted = None
    for i, ch in enumerate(rest):
        if ch in "\"'":
            quoted = None if quoted == ch else (ch if quoted is None else quoted)
        elif ch == "#" and quoted is None:
            return rest[:i].rstrip(), "#", rest[i + 1:]
    return rest.rstrip(), "", ""


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
