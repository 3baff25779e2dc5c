"""The words of a comparison: changes_es.md and changes_en.md, and the rules in a sentence.

Counts and transitions come from changes.json's dictionary; every word from the catalogue, each
code value (a legal state, a status, a conflict type) in the reader's language.
"""

from __future__ import annotations

from pathlib import Path

from concession_gis.export.typography import format_number
from concession_gis.i18n import format_date, tr

# The lines of the text summary, in order: a count key of changes.json and its catalogue key.
TEXT_LINES = (
    ("claims_new", "compare.text.claims_new"), ("claims_extinct", "compare.text.claims_extinct"),
    ("claims_state_changed", "compare.text.claims_state_changed"),
    ("claims_holder_changed", "compare.text.claims_holder_changed"),
    ("claims_area_changed", "compare.text.claims_area_changed"), ("claims_recoded", "compare.text.claims_recoded"),
    ("registrations_new", "compare.text.registrations_new"),
    ("registrations_excluded", "compare.text.registrations_excluded"),
    ("registrations_status_changed", "compare.text.registrations_status_changed"),
    ("registrations_host_changed", "compare.text.registrations_host_changed"),
    ("registrations_conflict_changed", "compare.text.registrations_conflict_changed"),
    ("registrations_legal_status_changed", "compare.text.registrations_legal_status_changed"),
    ("fronts_new", "compare.text.fronts_new"), ("fronts_grown", "compare.text.fronts_grown"),
)
# The catalogue prefix of each transition variable's values.
VALUE_WORDS = {"legal_state": "legal_state", "reg_status": "reg_status", "conflict_type": "conflict_type",
               "legal_status": "legal_status"}


def results_name(path: str | Path) -> str:
    """A results file with its folder: both moments' are usually called results.gpkg."""
    path = Path(path)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def change_text(summary: dict, lang: str) -> str:
    """changes_es.md / changes_en.md: the counts and the transitions (changed pairs only) in words."""
    counts = summary["counts"]
    lines = [f"# {tr('compare.text.title', lang)}", "",
             tr("compare.text.snapshots", lang, old=results_name(summary["old"]["path"]),
                old_date=format_date(summary["old"]["analysed"], lang), new=results_name(summary["new"]["path"]),
                new_date=format_date(summary["new"]["analysed"], lang)), "",
             tr("compare.text.totals", lang, claims_old=counts["claims_old"], claims_new=counts["claims_new_total"],
                regs_old=counts["registrations_old"], regs_new=counts["registrations_new_total"]), ""]
    lines += [f"- {tr(key, lang, n=counts[name])}" for name, key in TEXT_LINES if name in counts]
    if "loss_fronts" not in summary["compared"]:
        lines.append(f"- {tr('compare.text.no_fronts', lang)}")
    for variable, rows in summary["transitions"].items():
        changed = [row for row in rows if row["from"] != row["to"]]
        lines += ["", f"## {tr(f'compare.text.transitions.{variable}', lang)}", ""]
        if not changed:
            lines.append(tr("compare.text.no_transitions", lang))
            continue
        lines += [f"| {tr('compare.text.from', lang)} | {tr('compare.text.to', lang)} | {tr('compare.text.count', lang)} |",
                  "|---|---|---:|"]
        lines += [f"| {_value_words(variable, row['from'], lang)} | {_value_words(variable, row['to'], lang)} | {format_number(row['count'], lang)} |"
                  for row in changed]
    lines += ["", rules_text(summary["rules"]["compare"], lang), ""]
    return "\n".join(lines)


def rules_text(rules: dict, lang: str) -> str:
    """The [compare] rules in a sentence, numbers written as the language writes them."""
    return tr("compare.text.rules", lang, recode_min_overlap=format_number(100 * rules["recode_min_overlap"], lang, None),
              area_min_ha=format_number(rules["area_min_ha"], lang, None),
              area_min_fraction=format_number(100 * rules["area_min_fraction"], lang, None))


def _value_words(variable: str, value: str, lang: str) -> str:
    if value == "absent":
        return tr("compare.absent", lang)
    key = f"{VALUE_WORDS[variable]}.{value}"
    words = tr(key, lang)
    return value if words == key else words
