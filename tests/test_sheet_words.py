"""A code on a printed sheet is written in words, a missing one as a dash, and a code the
catalogue does not know as the code itself, never as the catalogue's key."""

from __future__ import annotations

import math

from concession_gis.export.table_words import sheet_words


def test_a_code_on_a_sheet_in_words_a_dash_or_the_code_never_a_catalogue_key():
    assert sheet_words("legal_state", "titled", "es") == "Titulada"
    assert sheet_words("legal_state", "titled", "en") == "Titled"
    assert [sheet_words("legal_state", v, "es") for v in (None, "", math.nan)] == ["–", "–", "–"]
    # A later version's code, read by this one: printed "legal_state.revoked" before.
    assert sheet_words("legal_state", "revoked", "es") == "revoked"
