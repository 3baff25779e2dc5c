"""The column-at-once readers (issue 22) read what the row-by-row ones read: the CSV reader's
fast path against its row-by-row path on random small files, and number cleaning against the
one-value :func:`_clean_number`."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from concession_gis.io import sources
from concession_gis.io.values import _clean_number, code_key, parse_numbers, stripped_texts

CELLS = ["", " ", "a", " b ", "1,5", "-12.3", "ÑANDÚ", "\t", "x y", "0", "NaN", "NA", "null", "#N/A", "None",
         "1e5", "  \u00a0", "\u2212 3,5", "1.234.567,8", "1,234,567.8", "345 678,5", "COMPAÃ‘IA"]


def _texts(seed: int):
    rng = random.Random(seed)
    for _ in range(300):
        sep = rng.choice([";", ",", "\t", "|"])
        ncol = rng.randint(1, 4)
        header = sep.join(rng.choice(["A", " B", "C ", "lat", "lon"]) + str(i) for i in range(ncol))
        rows = []
        for _ in range(rng.randint(0, 5)):
            kind = rng.random()
            if kind < 0.1:
                rows.append("")
            elif kind < 0.15:
                rows.append(sep * (ncol - 1))
            elif kind < 0.2:
                rows.append("  ")
            elif kind < 0.25:  # ragged: a field more or fewer than the header
                rows.append(sep.join(rng.choice(["a", "1", ""]) for _ in range(ncol + rng.choice([-1, 1]))))
            else:
                rows.append(sep.join(rng.choice([c for c in CELLS if sep not in c]) for _ in range(ncol)))
        end = rng.choice(["\n", "\r\n"])
        yield header + end + end.join(rows) + rng.choice(["", end])


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_csv_reader_reads_what_the_row_by_row_reader_reads(tmp_path, monkeypatch, seed):
    path = tmp_path / "t.csv"
    for text in _texts(seed):
        path.write_text(text, encoding="utf-8")
        fast = sources._read_csv(path, "registrations")
        with monkeypatch.context() as patch:
            patch.setattr(sources, "_read_regular_csv", lambda text, separator: None)
            slow = sources._read_csv(path, "registrations")
        pd.testing.assert_frame_equal(fast, slow)
        assert [str(t) for t in fast.dtypes] == [str(t) for t in slow.dtypes]


def test_quoted_or_ragged_files_take_the_row_by_row_reader():
    assert sources._read_regular_csv('a;b\n"x;y";1\n', ";") is None
    assert sources._read_regular_csv("a;b\n1;2;3\n", ";") is None
    assert sources._read_regular_csv("a;b\r1;2\r", ";") is None
    assert sources._read_regular_csv("a;b\n1;2\n", ";") is not None
    # One line a field short and one a field long: the file's separators add up to the header's
    # count all the same, and it still goes row by row, wherever the long line is.
    assert sources._read_regular_csv("a;b\n1\n1;2;3\n", ";") is None
    assert sources._read_regular_csv("a;b\n1;2;3\n1\n", ";") is None
    assert sources._read_regular_csv("a;b\n1;2\n;\n3;4\n", ";")[sources.ROW].tolist() == [2, 4]


def test_a_regular_csv_is_numbered_by_its_lines():
    frame = sources._read_regular_csv("a;b\n1;2\n3;4\n\n", ";")
    assert frame[sources.ROW].tolist() == [2, 3] and frame["a"].tolist() == ["1", "3"]


@pytest.mark.parametrize("cells", [
    [*CELLS, None, np.nan, 12, 3.5, "-70,634963", "\u221212,715212", " 8.5 "],  # both marks: value by value
    ["-70,634963", "\u2212 12,715212", "345 678,5", "1\u00a0234,5", None, "", " x", "7"],  # commas only
    ["-70.634963", " 12.5 ", "1e3", "nan", None, "3"],  # points only
])
def test_numbers_are_cleaned_as_one_value_at_a_time(cells):
    values = pd.Series(cells, dtype=object)
    numbers, bad = parse_numbers(values)
    expected = pd.to_numeric(values.map(_clean_number, na_action="ignore"), errors="coerce").astype(float)
    pd.testing.assert_series_equal(numbers, expected)
    present = values.notna() & (values.astype(str).str.strip() != "")
    assert bad.tolist() == (present & expected.isna()).tolist()


def test_texts_and_code_keys_as_pandas_made_them():
    values = pd.Series([" a ", None, np.nan, 7, 2.5, "ÑU\n", "", "0-01 2a"], dtype=object)
    assert stripped_texts(values).tolist() == ["a", "", "", "7", "2.5", "ÑU", "", "0-01 2a"]
    assert code_key(values).tolist() == ["A", "", "", "7", "25", "U", "", "12A"]


NAMES = ["Minera Peña Dorada S.A.C.", "MINERA PENA DORADA SAC", " josé  núñez\tquispe ", "S.A.C.", "SAC MINERA",
         "E.I.R.L. LOS ÁNGELES", "Cía. Minera ½ Luna", "ﬁno ß", None, np.nan, "", 12, "a\x00b", "AÇO-INOX S.R.L",
         "SOCIEDAD ANONIMA CERRADA", "X SOCIEDAD ANONIMA CERRADA", "Ñ", "  ", "\u2028LINE\u2029", "A.\x1cB"]


@pytest.mark.parametrize("with_nul", [False, True])
def test_names_folded_and_normalized_together_as_one_by_one(with_nul):
    from concession_gis.io.values import fold, fold_series, normalize_name, normalize_names
    from concession_gis.rules import load_rules

    forms = load_rules()["holders"]["legal_forms"]
    names = pd.Series([n for n in NAMES if with_nul or not (isinstance(n, str) and "\x00" in n)], dtype=object)
    assert fold_series(names).tolist() == [fold(n) for n in names]
    assert normalize_names(names, forms).tolist() == [normalize_name(n, forms) for n in names]


def test_every_kind_of_missing_value_in_one_column_is_one_blank():
    """A names column read from a spreadsheet can hold None, NaN objects of its own, NA and NaT
    together; keyed by value they were told apart and the lookup failed (InvalidIndexError)."""
    from concession_gis.analysis.minerals import minerals
    from concession_gis.io.values import fold_series, normalize_names
    from concession_gis.rules import load_rules

    rules = load_rules()
    names = pd.Series(["Minera Sol S.A.C.", None, float("nan"), pd.NA, float("nan"), pd.NaT, "sol sac"], dtype=object)
    assert fold_series(names).tolist() == ["MINERA SOL S.A.C.", "", "", "", "", "", "SOL SAC"]
    assert normalize_names(names, rules["holders"]["legal_forms"]).tolist() == ["MINERA SOL", "", "", "", "", "",
                                                                                "SOL"]
    assert minerals(names, rules).tolist()[1:6] == ["unknown"] * 5
