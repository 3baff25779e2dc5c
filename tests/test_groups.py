import numpy as np

from concession_gis.analysis.groups import groups_by


def test_positions_are_grouped_by_key_in_sorted_order_of_keys():
    keys = np.array(["b", "a", "c", "a", "b", "a"], dtype=object)
    distinct, parts = groups_by(keys)
    assert distinct.tolist() == ["a", "b", "c"]
    # Each key's positions, in their order in ``keys`` (the sort is stable).
    assert [part.tolist() for part in parts] == [[1, 3, 5], [0, 4], [2]]


def test_no_keys_make_no_groups():
    distinct, parts = groups_by(np.array([], dtype=np.int64))
    assert len(distinct) == 0 and parts == []
