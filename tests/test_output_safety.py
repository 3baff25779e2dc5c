"""No run loses a user's data or spoils another run's: inputs never overwritten, formulas never
live, one writer per output folder, rules within their ranges, no finished-looking failed run,
and the small slips of real users (a code without its leading zero, a box given latitude first,
a report piped into ``head``) met with an answer, not an internal error.

Each case asserts the exit status, one message naming the file or key, the inputs byte-identical
and no temporary left.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from concession_gis.cli import EXIT_BROKEN_PIPE, main
from concession_gis.errors import Cancelled, InputError
from concession_gis.export.atomic import LOCK_NAME
from concession_gis.export.outputs import refuse_inputs
from concession_gis.rules import RANGES
from concession_gis.sample.demo import FILES
from tests.conftest import REFERENCE_DATE

REPO = Path(__file__).resolve().parents[1]


def run_cli(args, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args] + ["--lang", "en"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Temporaries and locks: every name starting with a dot or holding '.tmp'."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or ".tmp" in p.name)


def one_message(err: str) -> str:
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


def user_folder(demo_dir: Path, tmp_path: Path, rename: dict[str, str] | None = None) -> Path:
    """The demo inputs as a user keeps them: one folder, some files under the user's own names."""
    folder = tmp_path / "campo"
    folder.mkdir()
    for path in demo_dir.iterdir():
        shutil.copy(path, folder / path.name)
    for old, new in (rename or {}).items():
        (folder / old).rename(folder / new)
    (folder / "rules.toml").write_text(f'reference_date = "{REFERENCE_DATE}"\n', encoding="utf-8")
    return folder


def analyze_args(folder: Path, registrations: str = FILES["registrations"]) -> list:
    return ["analyze", "--concessions", folder / FILES["concessions"], "--registrations", folder / registrations,
            "--restricted", folder / FILES["restricted"], "--rules", folder / "rules.toml"]


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture(scope="module")
def finished(demo_dir, tmp_path_factory) -> Path:
    """A finished run's folder (results.gpkg, summary.json), read by the map commands."""
    out = tmp_path_factory.mktemp("finished")
    folder = user_folder(demo_dir, tmp_path_factory.mktemp("inputs"))
    assert main([str(a) for a in analyze_args(folder)] + ["--out", str(out), "--no-map", "--lang", "en"]) == 0
    return out


# --- an input is never overwritten ---------------------------------------------------------------


def test_a_reinfo_file_named_registrations_csv_is_not_replaced_by_the_csv_table(demo_dir, tmp_path, capsys):
    folder = user_folder(demo_dir, tmp_path, {FILES["registrations"]: "registrations.csv"})
    before = digests(folder)
    code, out, err = run_cli([*analyze_args(folder, "registrations.csv"), "--out", folder, "--format", "csv"], capsys)
    assert code == 2
    assert f"{folder / 'registrations.csv'} is an input of this run" in one_message(err)
    assert digests(folder) == before  # refused before anything was written
    assert leftovers(folder) == []


def test_a_results_gpkg_analysed_again_into_its_own_folder_is_not_replaced(finished, tmp_path, capsys):
    out = tmp_path / "again"
    shutil.copytree(finished, out)
    before = digests(out)
    code, _, err = run_cli(["analyze", "--concessions", f"{out / 'results.gpkg'}:concessions", "--out", out, "--no-map"],
                           capsys)
    assert code == 2
    assert "results.gpkg is an input of this run" in one_message(err)
    assert digests(out) == before
    assert leftovers(out) == []


@pytest.mark.parametrize("command", ["map", "atlas"])
def test_map_and_atlas_refuse_an_out_that_is_the_results_they_read(finished, tmp_path, capsys, command):
    out = tmp_path / "run"
    shutil.copytree(finished, out)
    before = digests(out)
    (out / "case.pdf").symlink_to(out / "results.gpkg")  # a link: compared resolved
    os.link(out / "results.gpkg", tmp_path / "copy.pdf")  # a hard link: compared as files
    for target in (out / "case.pdf", tmp_path / "copy.pdf"):
        code, _, err = run_cli([command, out / "results.gpkg", "--out", target], capsys)
        assert code == 2
        assert "results.gpkg is an input of this run" in one_message(err)
    (out / "case.pdf").unlink()
    assert digests(out) == before
    assert leftovers(out) == [] and leftovers(tmp_path) == []


def test_a_shapefile_is_protected_with_its_parts(tmp_path):
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        (tmp_path / f"catastro{suffix}").write_bytes(b"x")
    with pytest.raises(InputError, match="catastro.dbf is an input") as caught:
        refuse_inputs(tmp_path, ["catastro.dbf"], [str(tmp_path / "catastro.shp")])
    assert caught.value.path == str(tmp_path / "catastro.dbf")


# --- formulas and line breaks ------------------------------------------------------------------


HEADERS = ['=HYPERLINK("http://x.example","clic")', "+CMD", "@SUM(A1)", "-1+2"]


def test_formula_headers_and_bare_cr_values_stay_text_and_rows_stay_whole(demo_dir, tmp_path, capsys):
    from openpyxl import load_workbook

    folder = user_folder(demo_dir, tmp_path)
    source = folder / FILES["registrations"]
    reinfo = pd.read_csv(source, sep=";", dtype=str, keep_default_na=False, encoding="cp1252")  # as REINFO exports
    for header in HEADERS:
        reinfo[header] = "dato"
    reinfo.loc[0, "NOMBRE_MIN"] = "JUAN\rPEREZ"  # a name pasted with a carriage return
    reinfo.loc[1, "NOMBRE_MIN"] = "ANA\nQUISPE"
    reinfo.to_csv(source, sep=";", index=False, encoding="cp1252", quoting=csv.QUOTE_ALL)
    before = digests(folder)
    out = tmp_path / "out"
    code, _, err = run_cli([*analyze_args(folder), "--out", out, "--format", "csv,xlsx", "--no-map"], capsys)
    assert code == 0, err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    n = summary["counts"]["registrations_out"]

    with open(out / "registrations.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header = rows[0]
    assert len(rows) == n + 1 and {len(row) for row in rows} == {len(header)}
    assert [h for h in header if h.lstrip("'") in HEADERS] == ["'" + h for h in HEADERS[:3]] + ["'-1+2"]
    names = [row[header.index("NOMBRE_MIN")] for row in rows[1:]]
    assert "JUAN\rPEREZ" in names and "ANA\nQUISPE" in names
    table = pd.read_csv(out / "registrations.csv", encoding="utf-8-sig", dtype=str)
    assert len(table) == n and "JUAN\rPEREZ" in set(table["NOMBRE_MIN"])

    sheet = load_workbook(out / "results.xlsx")["registrations"]
    first = next(sheet.iter_rows(max_row=1))
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert {c.value for c in first} >= set(HEADERS)
    assert digests(folder) == before
    assert leftovers(out) == []


def test_a_bare_cr_is_quoted_in_every_csv_the_tool_writes(tmp_path):
    from concession_gis.export.spreadsheet import write_csv

    write_csv(pd.DataFrame({"=A1": ["uno\rdos", "tres"], "b": ["x", "y\r"]}), tmp_path / "t.csv")
    raw = (tmp_path / "t.csv").read_bytes()
    assert b'"uno\rdos"' in raw and b'"y\r"' in raw
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as stream:
        assert list(csv.reader(stream)) == [["'=A1", "b"], ["uno\rdos", "x"], ["tres", "y\r"]]


# --- one run per output folder ---------------------------------------------------------------------


def test_a_second_run_into_a_folder_being_written_is_refused_and_the_first_finishes(demo_dir, tmp_path, capsys):
    folder = user_folder(demo_dir, tmp_path)
    before = digests(folder)
    out = tmp_path / "out"
    args = [str(a) for a in analyze_args(folder)] + ["--out", str(out), "--format", "csv,xlsx", "--lang", "en"]
    first = subprocess.Popen([sys.executable, "-m", "concession_gis", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        lock = out / LOCK_NAME
        while not lock.exists():
            assert first.poll() is None, first.communicate()
        code, _, err = run_cli(args[:-2], capsys)
        assert code == 2
        assert f"{out}: another run (process {first.pid}) is writing into this folder" in one_message(err)
    finally:
        stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["counts"]["concessions"] > 0
    assert {"results.gpkg", "results.xlsx", "registrations.csv", "conflict_map.pdf"} <= set(os.listdir(out))
    assert digests(folder) == before
    assert leftovers(out) == []


def test_the_lock_of_a_killed_run_is_taken_over_and_its_temporaries_removed(demo_dir, tmp_path, capsys):
    folder = user_folder(demo_dir, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    killed = dead_pid()
    (out / LOCK_NAME).write_text(f"{killed}\n")
    stale = [f".results-{killed}-abcd_123.tmp.gpkg", f".results-{killed}-abcd_123.tmp.gpkg-journal",
             f".conflict_map-{killed}-zz99yy88.tmp.png", ".summary-k2j4h5g6.tmp.json"]  # the last from an older version
    for name in stale:
        (out / name).write_bytes(b"half")
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = f".results-{living.pid}-qwer5678.tmp.gpkg"
        (out / live).write_bytes(b"being written")
        code, _, err = run_cli([*analyze_args(folder), "--out", out], capsys)
        assert code == 0, err
        assert leftovers(out) == [live]  # another run's live temporary is never touched
    finally:
        living.kill()
        living.wait()


def test_a_map_temporary_left_by_a_kill_is_removed_by_the_next_map(finished, tmp_path, capsys):
    out = tmp_path / "maps"
    out.mkdir()
    (out / f".region-{dead_pid()}-a1b2c3d4.tmp.png").write_bytes(b"half a map")
    code, _, err = run_cli(["map", finished / "results.gpkg", "--out", out / "region.png", "--dpi", "50"], capsys)
    assert code == 0, err
    assert leftovers(out) == [] and (out / "region.png").stat().st_size > 1000


def test_a_live_lock_refuses_and_is_left_to_its_owner(demo_dir, tmp_path, capsys):
    folder = user_folder(demo_dir, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (out / LOCK_NAME).write_text(f"{living.pid}\n")
        code, _, err = run_cli([*analyze_args(folder), "--out", out], capsys)
        assert code == 2
        assert f"process {living.pid}" in one_message(err) and str(out / LOCK_NAME) in err
        assert os.listdir(out) == [LOCK_NAME] and (out / LOCK_NAME).read_text() == f"{living.pid}\n"
    finally:
        living.kill()
        living.wait()


# --- rules within their ranges -------------------------------------------------------------------


@pytest.mark.parametrize(("table", "line", "name", "limits"), [
    ("idle", "min_years = -5", "idle.min_years", "between 0 and 100"),
    ("idle", "max_loss_fraction = -0.01", "idle.max_loss_fraction", "between 0 and 1"),
    ("idle", "min_raster_coverage = 1.5", "idle.min_raster_coverage", "between 0 and 1"),
    ("strata", "small_above_ha = -1000.0", "strata.small_above_ha", "between 0 and 1e+06"),
    ("coexistence.score", "base = 500", "coexistence.score.base", "between 0 and 100"),
    ("registrations", "loss_buffer_m = 1e8", "registrations.loss_buffer_m", "between 1 and 10000"),
    ("overlap", "min_ha = nan", "overlap.min_ha", "between 0 and 10000"),
])
def test_a_rule_out_of_range_exits_2_naming_the_key_and_the_range(demo_dir, tmp_path, capsys, table, line, name, limits):
    folder = user_folder(demo_dir, tmp_path)
    (folder / "rules.toml").write_text(f'reference_date = "{REFERENCE_DATE}"\n[{table}]\n{line}\n', encoding="utf-8")
    before = digests(folder)
    code, _, err = run_cli([*analyze_args(folder), "--out", tmp_path / "out"], capsys)
    assert code == 2
    assert f"{folder / 'rules.toml'}: rule '{name}'" in one_message(err) and limits in err
    assert digests(folder) == before
    assert not (tmp_path / "out").exists()  # a run refused leaves no empty folder either


def test_every_range_is_written_beside_its_rule_in_rules_toml():
    text = (REPO / "concession_gis" / "rules.toml").read_text(encoding="utf-8")
    table, documented = "", {}
    for line in text.splitlines():
        if match := re.match(r"^\[(.+)\]$", line):
            table = match[1] + "."
        elif match := re.match(r"^(\w+) = .*#.*\[([-\d.e+]+), ([-\d.e+]+)\]", line):
            documented[table + match[1]] = (float(match[2]), float(match[3]))
    assert documented == {name: (float(low), float(high)) for name, (low, high) in RANGES.items()}
    defaults = tomllib.loads(text)
    for name, (low, high) in RANGES.items():
        value = defaults
        for part in name.split("."):
            value = value[part]
        assert low <= value <= high, name


# --- a failed run looks failed --------------------------------------------------------------------


@pytest.mark.parametrize(("failure", "status"), [(Cancelled(), 130), (RuntimeError("a bug"), 1)])
def test_a_run_that_fails_while_writing_leaves_no_summary_and_no_results(demo_dir, tmp_path, capsys, monkeypatch,
                                                                         failure, status):
    import concession_gis.export.maps

    def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(concession_gis.export.maps, "write_default_maps", fail)
    folder = user_folder(demo_dir, tmp_path)
    out = tmp_path / "out"
    code, _, err = run_cli([*analyze_args(folder), "--out", out, "--format", "csv"], capsys)
    assert code == status, err
    assert not out.exists() or os.listdir(out) == []


def test_a_failed_rerun_leaves_the_previous_finished_run_as_it_was(finished, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(finished, out)
    before = digests(out)

    def fail(*args, **kwargs):
        raise Cancelled()

    monkeypatch.setattr("concession_gis.export.results.write_xlsx", fail)
    code, _, err = run_cli(["analyze", "--out", out, "--format", "csv,xlsx", "--no-map"], capsys)
    assert code == 130, err
    assert digests(out) == before
    assert leftovers(out) == []


def test_summary_json_is_renamed_into_place_last(demo_dir, tmp_path, capsys, monkeypatch):
    import concession_gis.export.atomic as atomic

    renamed = []
    real_replace = os.replace

    def recording(source, target):
        renamed.append(Path(target).name)
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", recording)
    folder = user_folder(demo_dir, tmp_path)
    code, _, err = run_cli([*analyze_args(folder), "--out", tmp_path / "out", "--format", "csv,xlsx"], capsys)
    assert code == 0, err
    assert renamed[-1] == "summary.json" and {"results.gpkg", "conflict_map.png", "results.xlsx"} <= set(renamed)


# --- small slips -----------------------------------------------------------------------------------


def test_a_case_code_without_its_leading_zero_finds_the_claim(finished, tmp_path, capsys):
    codes = pyogrio.read_dataframe(finished / "results.gpkg", layer="concessions")["code"]
    code_with_zero = next(c for c in codes if str(c).startswith("0"))
    as_excel_shows_it = str(int(code_with_zero))
    before = digests(finished)
    status, out, err = run_cli(["map", finished / "results.gpkg", "--case", as_excel_shows_it, "--out",
                                tmp_path / "case.png", "--dpi", "50"], capsys)
    assert status == 0, err
    assert (tmp_path / "case.png").stat().st_size > 1000
    assert digests(finished) == before and leftovers(tmp_path) == []


def test_a_bbox_given_latitude_first_is_swapped_with_a_warning(finished, tmp_path, capsys):
    frame = pyogrio.read_dataframe(finished / "results.gpkg", layer="concessions")
    lon0, lat0, lon1, lat1 = frame.total_bounds
    latitude_first = f"{lat0:.3f},{lon0:.3f},{lat1:.3f},{lon1:.3f}"
    before = digests(finished)
    status, out, err = run_cli(["map", finished / "results.gpkg", "--bbox", latitude_first, "--out",
                                tmp_path / "area.png", "--dpi", "50"], capsys)
    assert status == 0, err
    assert f"--bbox {latitude_first} looks like latitude,longitude; using {float(f'{lon0:.3f}'):g}," in one_message(err)
    assert (tmp_path / "area.png").exists()
    assert digests(finished) == before and leftovers(tmp_path) == []


def test_a_bbox_far_from_the_data_either_way_is_refused(finished, tmp_path, capsys):
    before = digests(finished)
    status, _, err = run_cli(["map", finished / "results.gpkg", "--bbox", "10,40,11,41", "--out", tmp_path / "a.png"], capsys)
    assert status == 2
    assert "--bbox 10,40,11,41: covers no concession and no registration" in one_message(err)
    assert not (tmp_path / "a.png").exists() and leftovers(tmp_path) == []
    assert digests(finished) == before


def test_validate_piped_into_head_is_not_an_internal_error(demo_dir):
    before = digests(demo_dir)
    reader, writer = os.pipe()
    os.close(reader)  # `| head -1` that has already read its line and left
    result = subprocess.run([sys.executable, "-m", "concession_gis", "validate", str(demo_dir / FILES["registrations"]),
                             "--lang", "en"], stdout=writer, stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(writer)
    assert result.returncode == EXIT_BROKEN_PIPE
    assert result.stderr == ""
    assert digests(demo_dir) == before


def kill_when(process: subprocess.Popen, folder: Path, pattern: str) -> list[str]:
    """SIGKILL ``process`` as soon as a file matching ``pattern`` appears in ``folder`` with
    something written in it: the writers' temporaries are made empty by ``mkstemp`` and removed
    at once for the writer to create (``atomic_path``), and a kill in between left nothing."""
    while not _written(folder, pattern):
        assert process.poll() is None, process.communicate()
        time.sleep(0.005)
    process.kill()
    process.wait()
    return sorted(p.name for p in folder.iterdir())


def _written(folder: Path, pattern: str) -> bool:
    for path in folder.glob(pattern):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_size > 0:
                return True
    return False


def test_a_run_killed_while_writing_leaves_a_lock_and_temporaries_the_next_run_clears(demo_dir, tmp_path, capsys):
    folder = user_folder(demo_dir, tmp_path)
    before = digests(folder)
    out = tmp_path / "out"
    args = [str(a) for a in analyze_args(folder)] + ["--out", str(out), "--format", "csv,xlsx", "--lang", "en"]
    killed = subprocess.Popen([sys.executable, "-m", "concession_gis", *args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    left = kill_when(killed, out, ".results-*.tmp.gpkg*")
    assert LOCK_NAME in left and "summary.json" not in left and "results.gpkg" not in left
    code, _, err = run_cli(args[:-2], capsys)
    assert code == 0, err
    assert leftovers(out) == [] and (out / "summary.json").exists()
    assert digests(folder) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_an_atlas_killed_takes_its_page_workers_with_it(finished, tmp_path):
    """Left running, they drew the runs still queued into part files the next atlas had already
    cleared as stale, and left one behind (a flaky failure of the test below)."""
    args = ["atlas", str(finished / "results.gpkg"), "--out", str(tmp_path / "atlas.pdf"), "--dpi", "150", "--lang", "en"]
    killed = subprocess.Popen([sys.executable, "-m", "concession_gis", *args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    while not _written(tmp_path, ".atlas-*.tmp.pdf"):
        assert killed.poll() is None
        time.sleep(0.005)
    workers = subprocess.run(["pgrep", "-P", str(killed.pid)], capture_output=True, text=True).stdout.split()
    killed.kill()
    killed.wait()
    assert workers, "the atlas draws its pages in worker processes"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(int(pid)) for pid in workers):
        time.sleep(0.01)
    assert not [pid for pid in workers if _alive(int(pid))]


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for its parent to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_an_atlas_killed_while_writing_leaves_a_temporary_the_next_atlas_removes(finished, tmp_path, capsys):
    args = ["atlas", str(finished / "results.gpkg"), "--out", str(tmp_path / "atlas.pdf"), "--dpi", "150", "--lang", "en"]
    killed = subprocess.Popen([sys.executable, "-m", "concession_gis", *args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    assert kill_when(killed, tmp_path, ".atlas-*.tmp.pdf") != []
    code, _, err = run_cli(args[:-2] + ["--dpi", "50"], capsys)
    assert code == 0, err
    assert leftovers(tmp_path) == [] and (tmp_path / "atlas.pdf").exists()
