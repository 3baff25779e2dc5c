"""Results identical before and after every speed change (issue 22): every output table of the
demo and of small synthetic region and national runs equals the stored reference, floats within
a relative 1e-9, counts, codes and words exactly. See tests/reference_run.py to regenerate it."""

from __future__ import annotations

from tests.reference_run import differences, load_reference


def test_every_output_table_equals_the_stored_reference():
    from tests.reference_run import current_tables

    found = differences(load_reference(), current_tables())
    assert not found, "results differ from tests/data/reference_results.json.gz:\n" + "\n".join(found[:40])


def test_the_comparison_sees_a_changed_value():
    reference = load_reference()
    run = reference["demo"]["registrations"]
    changed = {**reference, "demo": {**reference["demo"], "registrations": {
        "dtypes": run["dtypes"], "columns": {**run["columns"], "host_code": ["X", *run["columns"]["host_code"][1:]]}}}}
    assert differences(reference, changed) == ["demo/registrations.host_code[0]: "
                                               f"{run['columns']['host_code'][0]} != X"]


def test_numbers_inside_reason_codes_follow_the_float_rule():
    from tests.reference_run import differences

    def run(cell):
        return {"demo": {"concessions": {"dtypes": {"idle_reason_codes": "object"},
                                         "columns": {"idle_reason_codes": [cell]}}}}

    stored = '[{"code":"idle.loss","ha":68.593316892784}]'
    assert differences(run(stored), run('[{"code":"idle.loss","ha":68.59331689277}]')) == []
    assert differences(run(stored), run('[{"code":"idle.loss","ha":68.6}]'))
    assert differences(run(stored), run('[{"code":"idle.production","ha":68.593316892784}]'))
