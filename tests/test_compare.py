"""`concession-gis compare OLD NEW`: two hand-built results.gpkg with every kind of change.

The snapshots are written here, tiny, with the columns analyze writes; every expected row and
count below is written by hand from the lists, never taken from the code's output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from concession_gis.cli import main

# code, name, holder, legal_state, area_ha, (x, y) of a 0.01-degree square's corner
OLD_CLAIMS = [
    ("010000001", "A", "MINERA A S.A.", "titled", 100.0, (0.00, 0.0)),
    ("010000002", "B", "MINERA B S.A.", "titled", 100.0, (0.02, 0.0)),   # extinguished
    ("010000003", "C", "MINERA C S.A.", "pending", 100.0, (0.04, 0.0)),  # gone from the cadastre
    ("010000004", "D", "MINERA D S.A.", "titled", 100.0, (0.06, 0.0)),   # transferred
    ("010000005", "E", "MINERA E S.A.", "titled", 100.0, (0.08, 0.0)),   # reduced to 80 ha
    ("010000006", "F", "MINERA F S.A.", "titled", 100.0, (0.10, 0.0)),   # re-registered as 690000006
    ("010000007", "G", "MINERA G S.A.", "titled", 100.0, (0.12, 0.0)),   # code without its zero
    ("010000008", "H", "Minera  h s.a.", "extinct", 100.0, (0.14, 0.0)),  # holder written otherwise
    ("010000009", "I", "MINERA I S.A.", "titled", 100.0, (0.16, 0.0)),   # 0.3 ha more: no change
]
NEW_CLAIMS = [
    ("010000001", "A", "MINERA A S.A.", "titled", 100.0, (0.00, 0.0)),
    ("010000002", "B", "MINERA B S.A.", "extinct", 100.0, (0.02, 0.0)),
    ("010000004", "D", "MINERA NUEVA S.A.C.", "titled", 100.0, (0.06, 0.0)),
    ("010000005", "E", "MINERA E S.A.", "titled", 80.0, (0.08, 0.0)),
    ("690000006", "F", "MINERA F S.A.", "titled", 100.0, (0.10, 0.0)),
    ("10000007", "G", "MINERA G S.A.", "titled", 100.0, (0.12, 0.0)),
    ("010000008", "H", "MINERA H S.A.", "extinct", 100.0, (0.14, 0.0)),
    ("010000009", "I", "MINERA I S.A.", "titled", 100.3, (0.16, 0.0)),
    ("010000010", "N", "MINERA N S.A.", "pending", 100.0, (0.30, 0.0)),  # filed
]
# reg_id, miner, reg_status, host_code, conflict_type, legal_status, (x, y)
OLD_REGS = [
    ("0000001", "R1", "active", "010000001", "third_party", "informal", (0.005, 0.005)),
    ("0000002", "R2", "active", "010000001", "third_party", "informal", (0.006, 0.005)),  # excluded
    ("0000003", "R3", "suspended", "", "no_concession", "suspended", (0.5, 0.5)),        # gone
    ("0000004", "R4", "suspended", "", "no_concession", "suspended", (0.6, 0.5)),        # reinstated
    ("0000005", "R5", "active", "010000006", "third_party", "informal", (0.105, 0.005)),  # host recoded
    ("0000006", "R6", "active", "010000001", "third_party", "informal", (0.007, 0.005)),  # host changed
]
NEW_REGS = [
    ("1", "R1", "active", "10000001", "third_party", "informal", (0.005, 0.005)),
    ("0000002", "R2", "excluded", "010000001", "third_party", "illegal", (0.006, 0.005)),
    ("0000004", "R4", "active", "", "no_concession", "informal", (0.6, 0.5)),
    ("0000005", "R5", "active", "690000006", "third_party", "informal", (0.105, 0.005)),
    ("0000006", "R6", "active", "010000004", "coexistence_candidate", "informal", (0.065, 0.005)),
    ("0000007", "R7", "active", "", "no_concession", "informal", (0.7, 0.5)),  # registered
]


def write_snapshot(path: Path, claims, regs, fronts=None) -> Path:
    conc = gpd.GeoDataFrame(
        [{"code": c, "name": n, "holder": h, "legal_state": s, "area_ha": a} for c, n, h, s, a, _ in claims],
        geometry=[shapely.box(x, y, x + 0.01, y + 0.01) for *_, (x, y) in claims], crs=4326)
    reg = gpd.GeoDataFrame(
        [{"reg_id": r, "miner": m, "reg_status": s, "host_code": h, "conflict_type": t, "legal_status": ls}
         for r, m, s, h, t, ls, _ in regs],
        geometry=[shapely.Point(x, y) for *_, (x, y) in regs], crs=4326)
    pyogrio.write_dataframe(conc, path, layer="concessions", driver="GPKG", promote_to_multi=True)
    pyogrio.write_dataframe(reg, path, layer="registrations", driver="GPKG")
    if fronts is not None:
        pyogrio.write_dataframe(gpd.GeoDataFrame(geometry=fronts, crs=4326), path, layer="loss_fronts", driver="GPKG")
    return path


@pytest.fixture()
def snapshots(tmp_path):
    return (write_snapshot(tmp_path / "old.gpkg", OLD_CLAIMS, OLD_REGS),
            write_snapshot(tmp_path / "new.gpkg", NEW_CLAIMS, NEW_REGS))


def compare_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(["compare", *map(str, args), "--lang", "en", "--quiet"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def layer(out: Path, name: str) -> pd.DataFrame:
    return pyogrio.read_dataframe(out / "changes.gpkg", layer=name, read_geometry=name != "transitions")


def test_every_kind_of_change(snapshots, tmp_path, capsys):
    out = tmp_path / "changes"
    code, stdout, err = compare_cli(capsys, *snapshots, "--out", out, "--no-map")
    assert code == 0, err
    assert layer(out, "claims_new")["code"].tolist() == ["010000010"]
    extinct = layer(out, "claims_extinct").sort_values("code_old")
    assert extinct[["code_old", "change", "legal_state_old", "legal_state_new"]].values.tolist() == [
        ["010000002", "became_extinct", "titled", "extinct"], ["010000003", "disappeared", "pending", "absent"]]
    state = layer(out, "claims_state_changed")
    assert state[["code", "legal_state_old", "legal_state_new"]].values.tolist() == [["010000002", "titled", "extinct"]]
    holder = layer(out, "claims_holder_changed")  # H's holder differs only in case and spacing
    assert holder[["code", "holder_old", "holder_new"]].values.tolist() == [["010000004", "MINERA D S.A.", "MINERA NUEVA S.A.C."]]
    area = layer(out, "claims_area_changed")  # I's 0.3 ha is under both thresholds
    assert area[["code", "area_ha_old", "area_ha_new", "change_ha", "change_pct"]].values.tolist() == [
        ["010000005", 100.0, 80.0, -20.0, -20.0]]
    recoded = layer(out, "claims_recoded")
    assert recoded[["code_old", "code"]].values.tolist() == [["010000006", "690000006"]]

    assert layer(out, "registrations_new")["reg_id"].tolist() == ["0000007"]
    excluded = layer(out, "registrations_excluded").sort_values("reg_id")
    assert excluded[["reg_id", "change", "reg_status_old", "reg_status_new"]].values.tolist() == [
        ["0000002", "became_excluded", "active", "excluded"], ["0000003", "disappeared", "suspended", "absent"]]
    status = layer(out, "registrations_status_changed").sort_values("reg_id")
    assert status[["reg_id", "reg_status_old", "reg_status_new"]].values.tolist() == [
        ["0000002", "active", "excluded"], ["0000004", "suspended", "active"]]
    host = layer(out, "registrations_host_changed")  # R5's host only changed its code
    assert host[["reg_id", "host_code_old", "host_code_new"]].values.tolist() == [["0000006", "010000001", "010000004"]]
    conflict = layer(out, "registrations_conflict_changed")
    assert conflict[["reg_id", "conflict_type_old", "conflict_type_new"]].values.tolist() == [
        ["0000006", "third_party", "coexistence_candidate"]]
    legal = layer(out, "registrations_legal_status_changed").sort_values("reg_id")
    assert legal[["reg_id", "legal_status_old", "legal_status_new"]].values.tolist() == [
        ["0000002", "informal", "illegal"], ["0000004", "suspended", "informal"]]

    summary = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert summary["counts"]["claims_matched_by_code"] == 7 and summary["counts"]["claims_matched_by_geometry"] == 1
    assert summary["counts"]["registrations_matched"] == 5
    assert summary["skipped"] == ["loss_fronts"] and "legal_status" in summary["compared"]
    assert "New claims: 1" in stdout and "Registrations excluded or gone from REINFO: 2" in stdout
    spanish = (out / "changes_es.md").read_text(encoding="utf-8")
    assert "Concesiones nuevas: 1" in spanish and "| Titulada | Extinguida | 1 |" in spanish
    assert "| Titled | Extinct | 1 |" in (out / "changes_en.md").read_text(encoding="utf-8")


def test_transition_table_by_hand(snapshots, tmp_path, capsys):
    out = tmp_path / "changes"
    assert compare_cli(capsys, *snapshots, "--out", out, "--no-map")[0] == 0
    table = layer(out, "transitions")
    got = {(v, f, t): n for v, f, t, n in table[["variable", "from_value", "to_value", "count"]].itertuples(index=False)}
    expected = {
        # A, D, E, F (by ground), G (by code without its zero), I stay titled; B is extinguished;
        # C is gone; H stays extinct; N is filed.
        ("legal_state", "titled", "titled"): 6, ("legal_state", "titled", "extinct"): 1,
        ("legal_state", "pending", "absent"): 1, ("legal_state", "extinct", "extinct"): 1,
        ("legal_state", "absent", "pending"): 1,
        ("reg_status", "active", "active"): 3, ("reg_status", "active", "excluded"): 1,
        ("reg_status", "suspended", "active"): 1, ("reg_status", "suspended", "absent"): 1,
        ("reg_status", "absent", "active"): 1,
        ("conflict_type", "third_party", "third_party"): 3, ("conflict_type", "third_party", "coexistence_candidate"): 1,
        ("conflict_type", "no_concession", "no_concession"): 1, ("conflict_type", "no_concession", "absent"): 1,
        ("conflict_type", "absent", "no_concession"): 1,
        ("legal_status", "informal", "informal"): 3, ("legal_status", "informal", "illegal"): 1,
        ("legal_status", "suspended", "informal"): 1, ("legal_status", "suspended", "absent"): 1,
        ("legal_status", "absent", "informal"): 1,
    }
    assert got == expected


def test_identical_inputs_give_no_changes(snapshots, tmp_path, capsys):
    old, _ = snapshots
    out = tmp_path / "same"
    code, _, err = compare_cli(capsys, old, old, "--out", out)
    assert code == 0, err
    for name, _kind in pyogrio.list_layers(out / "changes.gpkg"):
        if name not in ("transitions", "layer_styles"):
            assert pyogrio.read_info(out / "changes.gpkg", layer=name)["features"] == 0, name
    table = layer(out, "transitions")
    assert (table["from_value"] == table["to_value"]).all()
    assert sorted(p.name for p in out.iterdir()) == ["change_map.pdf", "change_map.png", "changes.gpkg", "changes.json",
                                                     "changes_en.md", "changes_es.md"]


def test_recoded_claim_needs_the_overlap_rule(tmp_path, capsys):
    """F moved by 10% of its width shares 90% of its ground: under the 95% rule it is a claim
    gone and another filed; with the rule at 0.85 it is the same claim under a new code."""
    moved = [c if c[0] != "690000006" else (*c[:5], (0.101, 0.0)) for c in NEW_CLAIMS]
    old = write_snapshot(tmp_path / "old.gpkg", OLD_CLAIMS, OLD_REGS)
    new = write_snapshot(tmp_path / "new.gpkg", moved, NEW_REGS)
    assert compare_cli(capsys, old, new, "--out", tmp_path / "strict", "--no-map")[0] == 0
    assert sorted(layer(tmp_path / "strict", "claims_new")["code"]) == ["010000010", "690000006"]
    assert "010000006" in set(layer(tmp_path / "strict", "claims_extinct")["code_old"])
    rules = tmp_path / "rules.toml"
    rules.write_text("[compare]\nrecode_min_overlap = 0.85\n", encoding="utf-8")
    assert compare_cli(capsys, old, new, "--out", tmp_path / "loose", "--no-map", "--rules", rules)[0] == 0
    assert layer(tmp_path / "loose", "claims_recoded")["code"].tolist() == ["690000006"]


def test_fronts_new_and_grown_when_both_results_have_them(tmp_path, capsys):
    a = shapely.box(0.0, 0.0, 0.01, 0.01)
    old = write_snapshot(tmp_path / "old.gpkg", OLD_CLAIMS, OLD_REGS, fronts=[a, shapely.box(0.5, 0.5, 0.51, 0.51)])
    new = write_snapshot(tmp_path / "new.gpkg", NEW_CLAIMS, NEW_REGS,
                         fronts=[shapely.box(0.0, 0.0, 0.02, 0.01), shapely.box(0.5, 0.5, 0.51, 0.51),
                                 shapely.box(0.8, 0.8, 0.81, 0.81)])
    assert compare_cli(capsys, old, new, "--out", tmp_path / "out", "--no-map")[0] == 0
    fresh, grown = layer(tmp_path / "out", "fronts_new"), layer(tmp_path / "out", "fronts_grown")
    assert len(fresh) == 1 and fresh.geometry.iloc[0].bounds[0] == pytest.approx(0.8)
    # 0.01 degree squares at the equator: about 1.113 km x 1.106 km, 123 ha; the grown one doubled.
    assert len(grown) == 1 and grown["growth_ha"].iloc[0] == pytest.approx(grown["front_ha_old"].iloc[0], rel=1e-3)
    assert grown["front_ha_old"].iloc[0] == pytest.approx(123.1, rel=0.01)


@pytest.mark.parametrize("case", ["missing", "text", "no_registrations", "no_column"])
def test_bad_input_exits_2_with_one_message(case, snapshots, tmp_path, capsys):
    old, _ = snapshots
    bad = tmp_path / "bad.gpkg"
    if case == "text":
        bad.write_text("code;name\n1;x\n", encoding="utf-8")
    elif case == "no_registrations":
        pyogrio.write_dataframe(pyogrio.read_dataframe(old, layer="concessions"), bad, layer="concessions", driver="GPKG")
    elif case == "no_column":
        claims = pyogrio.read_dataframe(old, layer="concessions").drop(columns="legal_state")
        pyogrio.write_dataframe(claims, bad, layer="concessions", driver="GPKG")
        pyogrio.write_dataframe(pyogrio.read_dataframe(old, layer="registrations"), bad, layer="registrations", driver="GPKG")
    code, _, err = compare_cli(capsys, old, bad, "--out", tmp_path / "out")
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err and str(bad) in err
    expected = {"missing": "not found", "text": "not a concession-gis results.gpkg",
                "no_registrations": "no registrations layer", "no_column": "legal_state"}[case]
    assert expected in err
    assert not (tmp_path / "out").exists()


def test_sample_second_snapshot_shows_each_kind_of_change(tmp_path, capsys):
    """`sample --scale demo` writes later/, the same region months later; compared, its two
    analyses show claims filed, extinguished, recoded, transferred and reduced, registrations
    registered and excluded. sample_data/later is what the generator writes today."""
    from concession_gis.sample.bundled import write_sample
    from concession_gis.sample.demo import FILES

    demo = tmp_path / "demo"
    written = write_sample("demo", demo)
    committed = Path(__file__).resolve().parents[1] / "sample_data" / "later"
    assert (committed / FILES["registrations"]).read_bytes() == written["later_registrations"][0].read_bytes()
    a = pyogrio.read_dataframe(committed / FILES["concessions"])
    b = pyogrio.read_dataframe(written["later_concessions"][0])
    pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"))
    for name, folder in (("old", demo), ("new", demo / "later")):
        args = ["analyze", "--concessions", folder / FILES["concessions"], "--registrations", folder / FILES["registrations"],
                "--holders", demo / FILES["holders"], "--out", tmp_path / name, "--no-map", "--quiet", "--lang", "en"]
        assert main([str(x) for x in args]) == 0
    capsys.readouterr()
    assert compare_cli(capsys, tmp_path / "old" / "results.gpkg", tmp_path / "new" / "results.gpkg",
                       "--out", tmp_path / "changes", "--no-map")[0] == 0
    counts = json.loads((tmp_path / "changes" / "changes.json").read_text(encoding="utf-8"))["counts"]
    for kind in ("claims_new", "claims_extinct", "claims_recoded", "claims_holder_changed", "claims_area_changed",
                 "registrations_new", "registrations_excluded", "registrations_status_changed"):
        assert counts[kind] >= 1, kind


def test_results_without_legal_status_are_compared_without_it(tmp_path, capsys):
    """Results written before issue 16 have no legal_status: compared without it, and said so."""
    old = write_snapshot(tmp_path / "old.gpkg", OLD_CLAIMS, OLD_REGS)
    new = write_snapshot(tmp_path / "new.gpkg", NEW_CLAIMS, NEW_REGS)
    regs = pyogrio.read_dataframe(old, layer="registrations").drop(columns="legal_status")
    pyogrio.write_dataframe(regs, old, layer="registrations", driver="GPKG")
    assert compare_cli(capsys, old, new, "--out", tmp_path / "out", "--no-map")[0] == 0
    summary = json.loads((tmp_path / "out" / "changes.json").read_text(encoding="utf-8"))
    assert summary["skipped"] == ["legal_status", "loss_fronts"]
    assert "legal_status" not in set(layer(tmp_path / "out", "transitions")["variable"])
    assert "registrations_legal_status_changed" not in {name for name, _ in pyogrio.list_layers(tmp_path / "out" / "changes.gpkg")}


def test_two_folders_of_inputs_are_analysed_with_the_same_rules(tmp_path, capsys):
    """OLD and NEW may be folders of inputs (each file's kind guessed), analysed with --rules into
    OUT/old and OUT/new, or folders written by analyze (their results.gpkg is read)."""
    import shutil

    from concession_gis.sample.bundled import write_sample
    from concession_gis.sample.demo import FILES

    demo = tmp_path / "demo"
    write_sample("demo", demo)
    before, after = tmp_path / "enero", tmp_path / "junio"
    for folder in (before, after):
        folder.mkdir()
        for kind in ("concessions", "registrations", "holders", "restricted"):
            source = demo / FILES[kind]
            for part in source.parent.glob(f"{source.stem}.*"):
                shutil.copy(part, folder / part.name)
    for part in (demo / "later").iterdir():
        shutil.copy(part, after / part.name)
    rules = tmp_path / "rules.toml"
    rules.write_text('reference_date = "2025-06-30"\n', encoding="utf-8")
    out = tmp_path / "changes"
    code, _, err = compare_cli(capsys, before, after, "--out", out, "--no-map", "--rules", rules)
    assert code == 0, err
    for name in ("old", "new"):
        summary = json.loads((out / name / "summary.json").read_text(encoding="utf-8"))
        assert summary["rules"]["reference_date"] == "2025-06-30"
        assert {Path(i["path"]).name for i in summary["inputs"]} >= {FILES["concessions"], FILES["holders"]}
    counts = json.loads((out / "changes.json").read_text(encoding="utf-8"))["counts"]
    assert counts["claims_recoded"] == 1 and counts["claims_new"] >= 1
    # Folders written by analyze: their results.gpkg, nothing analysed again.
    again = tmp_path / "again"
    assert compare_cli(capsys, out / "old", out / "new", "--out", again, "--no-map")[0] == 0
    assert json.loads((again / "changes.json").read_text(encoding="utf-8"))["counts"] == counts
    assert not (again / "old").exists()


def test_a_folder_with_two_files_of_a_kind_given_once_is_refused(tmp_path, capsys):
    from concession_gis.sample.bundled import write_sample
    from concession_gis.sample.demo import FILES

    demo = tmp_path / "demo"
    write_sample("demo", demo)
    (demo / "otros_titulares.csv").write_bytes((demo / FILES["holders"]).read_bytes())
    code, _, err = compare_cli(capsys, demo, demo / "later", "--out", tmp_path / "out")
    assert code == 2 and "two holder" in err.lower() and "otros_titulares.csv" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = compare_cli(capsys, empty, demo, "--out", tmp_path / "out")
    assert code == 2 and "no concessions file" in err


def test_the_texts_write_the_snapshots_dates_as_each_language_writes_dates(snapshots, tmp_path, capsys):
    """Snapshots without a run summary are dated by their files; Spanish writes the day first."""
    import calendar
    import os

    for path, day in zip(snapshots, ((2025, 6, 30), (2025, 12, 1)), strict=True):
        stamp = calendar.timegm((*day, 12, 0, 0))
        os.utime(path, (stamp, stamp))
    out = tmp_path / "changes"
    assert compare_cli(capsys, *snapshots, "--out", out, "--no-map")[0] == 0
    spanish = (out / "changes_es.md").read_text(encoding="utf-8")
    english = (out / "changes_en.md").read_text(encoding="utf-8")
    assert "(analizado el 30/06/2025)" in spanish and "(analizado el 01/12/2025)" in spanish
    assert "(analysed on 2025-06-30)" in english and "(analysed on 2025-12-01)" in english
    assert json.loads((out / "changes.json").read_text(encoding="utf-8"))["old"]["analysed"] == "2025-06-30"
    # Each named with its folder: both moments' files are usually called results.gpkg.
    assert (f"Antes: {tmp_path.name}/old.gpkg (analizado el 30/06/2025). "
            f"Después: {tmp_path.name}/new.gpkg (analizado el 01/12/2025).") in spanish


@pytest.mark.parametrize(("lang", "count", "total"), [("es", "Concesiones nuevas: 12\u2009345", "| 1\u2009234 |"),
                                                    ("en", "New claims: 12\u2009345", "| 1\u2009234 |")])
def test_the_texts_write_counts_in_the_language_number_style(lang, count, total):
    """Counts in the thousands are grouped as every other number of the run (thin space)."""
    from concession_gis.export.change_text import change_text

    summary = {"old": {"path": "a.gpkg", "analysed": "2025-06-30"}, "new": {"path": "b.gpkg", "analysed": "2025-12-01"},
               "counts": {"claims_old": 10_000, "claims_new_total": 22_345, "registrations_old": 1,
                          "registrations_new_total": 2, "claims_new": 12_345},
               "compared": [], "transitions": {"legal_state": [{"from": "titled", "to": "extinct", "count": 1234}]},
               "rules": {"compare": {"recode_min_overlap": 0.5, "area_min_ha": 1.0, "area_min_fraction": 0.01}}}
    text = change_text(summary, lang)
    assert count in text and total in text
    assert "22\u2009345" in text and "22345" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
@pytest.mark.parametrize(("lang", "old_day", "new_day"), [("es", "30/06/2025", "01/12/2025"),
                                                          ("en", "2025-06-30", "2025-12-01")])
def test_the_change_map_writes_the_snapshots_dates_as_its_language_does(snapshots, tmp_path, lang, old_day, new_day):
    """Subtitle and sources of change_map.pdf: every date in the language's style, no ISO day in Spanish."""
    import calendar
    import os
    import subprocess

    for path, day in zip(snapshots, ((2025, 6, 30), (2025, 12, 1)), strict=True):
        stamp = calendar.timegm((*day, 12, 0, 0))
        os.utime(path, (stamp, stamp))
    out = tmp_path / "changes"
    assert main(["compare", *map(str, snapshots), "--out", str(out), "--lang", lang, "--quiet"]) == 0
    text = " ".join(subprocess.run(["pdftotext", str(out / "change_map.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert text.count(old_day) >= 2 and text.count(new_day) >= 2, text  # subtitle and sources
    if lang == "es":
        assert "2025-06-30" not in text and "2025-12-01" not in text


def test_the_change_map_dates_the_data_and_names_the_results_when_the_dates_agree(tmp_path):
    """The sample's two snapshots, analysed on one day, were subtitled "De 07/12/2026 a 07/12/2026"."""
    from concession_gis.export.change_map import change_subtitle
    from concession_gis.export.snapshots import Snapshot

    def snapshot(folder: str, day: str) -> Snapshot:
        inputs = [{"kind": "concessions", "path": "c.shp", "modified": f"{day}T10:00:00"},
                  {"kind": "loss_raster", "path": "h.tif", "modified": "2027-01-01T00:00:00"}]
        return Snapshot(tmp_path / folder / "results.gpkg", None, None, None,
                        {"started": "2026-12-07T09:00:00", "inputs": inputs})

    assert change_subtitle(snapshot("junio", "2026-06-01"), snapshot("diciembre", "2026-11-30"), "es") == \
        "Datos del 01/06/2026 al 30/11/2026"
    assert change_subtitle(snapshot("antes", "2026-12-07"), snapshot("despues", "2026-12-07"), "es") == \
        "antes/results.gpkg frente a despues/results.gpkg"
