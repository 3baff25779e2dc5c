"""The documentation stays inside the repository and in step with itself.

Every relative link in README.md and docs/*.md resolves to a file of the repository; nothing in
the docs, docstrings or comments points outside it (the project's working notes live elsewhere
and are not shipped); and the contract's commands, flags, columns and codes all appear in the
README's Reference, which extends it, and its rule keys in rules.toml, which the Reference cites.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from concession_gis.rules import default_rules

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
# The working notes outside the repository, by path or by name (the repository's own copies
# are docs/contract.md and docs/domain.md, in lower case).
OUTSIDE = re.compile(r"\.\./shared\b|/work/|\b(CONTRACT|DOMAIN|STYLE)\.md\b")
SOURCES = ["concession_gis", "ui", "tests", "bench", "packaging", "docs"]


def _relative_links(doc: Path) -> list[str]:
    targets = [m.group(1) for m in LINK.finditer(doc.read_text(encoding="utf-8"))]
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve_inside_the_repository(doc):
    broken = []
    for target in _relative_links(doc):
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        if not path.is_relative_to(REPO) or not path.exists():
            broken.append(target)
    assert broken == []


def test_nothing_points_outside_the_repository():
    # bench/data and bench/results are the benchmarks' own outputs (git-ignored, absolute paths).
    files = [*DOCS, REPO / "pyproject.toml", REPO / "Makefile"]
    for folder in SOURCES:
        files += [p for p in (REPO / folder).rglob("*") if p.suffix in {".py", ".md", ".toml", ".spec", ".txt"}
                  and not p.is_relative_to(REPO / "bench" / "data") and not p.is_relative_to(REPO / "bench" / "results")]
    this = Path(__file__).resolve()
    offenders = sorted({f"{p.relative_to(REPO)}: {m.group(0)}" for p in set(files) if p.resolve() != this
                        for m in OUTSIDE.finditer(p.read_text(encoding="utf-8", errors="replace"))})
    assert offenders == []


def _section(text: str, start: str, end: str | None = None) -> str:
    body = text.split(start, 1)[1]
    return body.split(end, 1)[0] if end else body


def _keys(table: dict[str, object]) -> set[str]:
    keys = set(table)
    for value in table.values():
        if isinstance(value, dict):
            keys |= _keys(value)
    return keys


def test_the_readme_reference_covers_the_contract():
    contract = (REPO / "docs" / "contract.md").read_text(encoding="utf-8")
    promised = _section(contract, "## Command line", "## Second wave")
    reference = _section((REPO / "README.md").read_text(encoding="utf-8"), "## Reference")
    named = set(re.findall(r"`([^`]+)`", reference))
    words = {w for item in named for w in re.split(r"[\s\[\].|=,{}]+", item) if w}
    words |= _keys(dict(default_rules()))
    missing = []
    for item in re.findall(r"`([^`]+)`", promised):
        # A flag, a command word, a column, a code value or a rule key: each must be named there too.
        for word in re.split(r"[\s\[\]|=,{}]+", item):
            if re.fullmatch(r"--[a-z-]+|[a-z][a-z0-9_]*", word) and word not in words:
                missing.append(word)
    assert sorted(set(missing)) == []
