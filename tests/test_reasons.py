"""Reasons as codes: encoded, decoded and rendered at the edges in the reader's language."""

import numpy as np
import pandas as pd

from concession_gis.reasons import (
    Reason,
    cell,
    decode,
    encode,
    encode_each,
    render,
    render_column,
    with_words,
)


def test_round_trip_keeps_codes_and_numbers():
    reasons = [Reason("idle.loss", {"ha": np.float64(12.4), "pct": 2.1}), Reason("idle.no_production")]
    cell = encode(reasons)
    assert decode(cell) == [Reason("idle.loss", {"ha": 12.4, "pct": 2.1}), Reason("idle.no_production", {})]
    assert isinstance(decode(cell)[0].values["ha"], float)


def test_empty_and_missing_cells_have_no_reasons():
    assert encode([]) == ""
    for missing in ("", None, pd.NA, float("nan")):
        assert decode(missing) == []
        assert render(missing, "es") == ""


def test_render_in_each_language():
    cell = encode([Reason("idle.no_production")])
    spanish, english = render(cell, "es"), render(cell, "en")
    assert spanish and english and spanish != english


def test_render_column_renders_each_cell():
    cells = encode_each([[Reason("idle.no_production")], [], [Reason("idle.no_production")]])
    words = render_column(cells, "en")
    assert words.iloc[0] == words.iloc[2] == render(cells.iloc[0], "en")
    assert words.iloc[1] == ""


def test_one_reason_cell_and_values_json_cannot_hold_become_text():
    import datetime as dt

    assert cell("reject.no_code", column="CODIGOU") == '[{"code":"reject.no_code","column":"CODIGOU"}]'
    assert decode(cell("reject.not_a_number", what="LAT", value=dt.time(12, 5)))[0].values["value"] == "12:05:00"


def test_numbers_are_formatted_by_the_catalogue_in_each_language():
    loss = cell("idle.loss", ha=12.3456, pct=2.04)
    assert render(loss, "en") == "the holder's forest loss since filing, away from the miners: 12.3 ha (2.0 % of its area)"
    assert render(loss, "es") == ("pérdida de bosque del titular desde el petitorio, fuera del entorno de los mineros: "
                                  "12,3 ha (2,0 % del área)")  # one number style per language (issue 18)


def test_a_key_among_the_values_is_rendered_with_the_other_values():
    sample = Reason("raster.sample.pixels", {"sampled": 4096, "valid": 1000, "how_key": "raster.sample.windows",
                                             "n": 16, "side": 16})
    assert sample.text("en") == "sample of 4\u2009096 pixels (16 windows of 16 x 16), 1\u2009000 valid"
    assert sample.text("es") == "muestra de 4\u2009096 píxeles (16 ventanas de 16 x 16), 1\u2009000 válidos"


def test_words_are_written_beside_the_codes_at_the_contracts_place():
    frame = pd.DataFrame({"code": ["A", "B"], "idle": [True, False], "overlap_ha": [0.0, 1.0],
                          "idle_reason_codes": encode_each([[Reason("idle.no_evidence")], []])})
    written = with_words(frame, "en")
    assert list(written.columns) == ["code", "idle", "idle_reason", "overlap_ha", "idle_reason_codes"]
    assert written["idle_reason"].tolist() == [render(frame["idle_reason_codes"][0], "en"), ""]
    assert "idle_reason" not in frame  # the frame given is left as it was
    rejected = pd.DataFrame({"source": ["r.csv"], "row": [3], "reason_codes": [cell("reject.no_coordinates")],
                             "LAT": [""]})
    assert list(with_words(rejected, "es").columns) == ["source", "row", "reason", "reason_codes", "LAT"]
    assert with_words(rejected, "es")["reason"][0] == "sin coordenadas"


def test_a_lead_in_shared_by_reasons_in_a_row_is_said_once():
    """A dossier row read "No es candidato: el registro no está vigente; no es candidato: minería aluvial"."""
    cell = [Reason("coexistence.fails.not_active"), Reason("coexistence.fails.alluvial"),
            Reason("coexistence.fails.holder_person")]
    text = render(cell, "es")
    assert text.startswith("no es candidato: el registro no está vigente; minería aluvial (")
    assert text.count("no es candidato") == 1 and "; el titular es una persona natural" in text
    assert render(cell[:1], "en") == "not a candidate: the registration is not active"
