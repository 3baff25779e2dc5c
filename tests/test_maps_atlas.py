"""The atlas: selection with --where, page count (cover + index + one page per claim), page size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from concession_gis.errors import InputError
from concession_gis.export.atlas import paginate_index, parse_where, select_claims, write_atlas
from concession_gis.export.layout import make_page
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs

A4_PORTRAIT_PT = (210 * 72 / 25.4, 297 * 72 / 25.4)


@pytest.fixture(scope="module")
def results():
    return analyze(bundled_inputs(), lang="es")


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    data = path.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    return [(float(w), float(h)) for w, h in boxes]


def test_atlas_has_a_cover_an_index_and_a_page_per_selected_claim(results, tmp_path):
    reg = results.registrations
    hosts = set(reg.loc[reg["conflict_type"] == "coexistence_candidate", "host_code"])
    report = write_atlas(results, tmp_path / "atlas.pdf", where=["conflict_type=coexistence_candidate"], lang="en", dpi=40)
    pages = pdf_pages(report.path)
    assert len(pages) == report.pages == 1 + 1 + len(hosts)
    assert set(report.codes) == hosts
    for width, height in pages:
        assert (width, height) == pytest.approx(A4_PORTRAIT_PT, abs=0.05)


def test_a_concession_column_selects_the_claims_themselves(results):
    chosen = select_claims(results, parse_where(["idle=true"]))
    expected = set(results.concessions.loc[results.concessions["idle"].fillna(False).astype(bool), "code"])
    assert set(chosen["code"]) == expected and expected


def test_conditions_combine_and_compare_numbers(results):
    chosen = select_claims(results, parse_where(["legal_state=titled", "area_ha>=850"]))
    conc = results.concessions
    expected = set(conc.loc[(conc["legal_state"] == "titled") & (conc["area_ha"] >= 850), "code"])
    assert set(chosen["code"]) == expected
    either = select_claims(results, parse_where(["conflict_type=blocked,speculation"]))
    reg = results.registrations
    assert set(either["code"]) == set(reg.loc[reg["conflict_type"].isin(["blocked", "speculation"]), "host_code"])
    assert select_claims(results, parse_where(["legal_state!=titled"]))["legal_state"].ne("titled").all()


def test_atlas_is_ordered_by_place_and_indexed_with_page_numbers(results):
    claims = select_claims(results, [])
    [lines] = paginate_index(claims, make_page("A4", "portrait"))
    rows = [line for line in lines if line[0] == "claim"]
    assert [row[1] for row in rows] == claims["code"].tolist()
    assert [row[4] for row in rows] == list(range(3, 3 + len(claims)))
    places = [line[1] for line in lines if line[0] == "place"]
    assert len(places) == claims.groupby(["department", "province", "district"]).ngroups


def test_a_long_index_runs_over_several_pages_and_case_numbers_follow_it(results):
    many = select_claims(results, []).sample(n=120, replace=True, random_state=1)
    pages = paginate_index(many, make_page("A4", "portrait"))
    assert len(pages) > 1
    first_case = [line for line in pages[0] if line[0] == "claim"][0][4]
    assert first_case == 2 + len(pages)


@pytest.mark.parametrize(("where", "message"), [
    (["no_such_column=1"], "no column 'no_such_column'"),
    (["conflict_type=nothing_like_this"], "'nothing_like_this' is no value of conflict_type.*coexistence_candidate"),
    (["legal_state=vigente"], "'vigente' is no value of legal_state.*titled, pending, extinct"),
    (["area_ha>lots"], "needs a number"),
    (["just words"], "COLUMN=VALUE"),
])
def test_bad_selections_say_what_to_do(results, tmp_path, where, message):
    with pytest.raises(InputError, match=message):
        write_atlas(results, tmp_path / "atlas.pdf", where=where, dpi=40)


def test_an_atlas_must_be_a_pdf(results, tmp_path):
    with pytest.raises(InputError, match="multi-page PDF"):
        write_atlas(results, tmp_path / "atlas.png")


def test_the_reader_may_select_in_the_words_of_the_tables(results):
    """`--where legal_state=titulada` said no concession matched: 13 are titled."""
    from concession_gis.export.atlas import in_codes

    def chosen(*where):
        return select_claims(results, in_codes(results, parse_where(list(where))))["code"].tolist()

    titled = chosen("legal_state=titled")
    assert titled and chosen("legal_state=titulada") == titled == chosen("Estado de la concesión=TITULADA")
    assert chosen("legal state=Titled") == titled
    candidates = chosen("conflict_type=coexistence_candidate")
    assert candidates and chosen("Tipo de conflicto=Candidato a convivencia") == candidates
    assert chosen("legal_state!=titulada") == chosen("legal_state!=titled")
