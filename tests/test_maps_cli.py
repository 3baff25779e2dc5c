"""The command line: analyze writes the default maps; map and atlas read results.gpkg."""

from __future__ import annotations

import re
import struct

import pytest

from concession_gis.cli import main


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    assert main(["analyze", "--out", str(out), "--lang", "en", "--quiet"]) == 0
    return out


def png_size(path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def test_analyze_writes_the_default_conflict_maps(run_dir):
    pdf = (run_dir / "conflict_map.pdf").read_bytes()
    (width, height), = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert (float(width), float(height)) == pytest.approx((297 * 72 / 25.4, 210 * 72 / 25.4), abs=0.05)
    assert png_size(run_dir / "conflict_map.png") == (int(297 / 25.4 * 300), int(210 / 25.4 * 300))


def test_map_command_draws_a_case_and_an_area(run_dir, tmp_path, capsys):
    gpkg = str(run_dir / "results.gpkg")
    assert main(["map", gpkg, "--out", str(tmp_path / "case.svg"), "--case", "010000198", "--lang", "es"]) == 0
    assert capsys.readouterr().out == f"mapa guardado en {tmp_path / 'case.svg'}\n"
    assert (tmp_path / "case.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert main(["map", gpkg, "--out", str(tmp_path / "area.png"), "--bbox", "-70.46,-13.19,-70.36,-13.12",
                 "--page", "a3", "--orientation", "portrait", "--dpi", "50"]) == 0
    assert png_size(tmp_path / "area.png") == (int(297 / 25.4 * 50), int(420 / 25.4 * 50))


@pytest.mark.parametrize(("args", "message"), [
    (["--case", "123"], "no concession with that code"),
    (["--bbox", "1,2,3"], "four numbers"),
    (["--dpi", "5"], "--dpi 5"),
])
def test_map_command_exits_2_with_a_message(run_dir, tmp_path, capsys, args, message):
    assert main(["map", str(run_dir / "results.gpkg"), "--out", str(tmp_path / "m.pdf"), *args, "--lang", "en"]) == 2
    assert message in capsys.readouterr().err


def test_map_of_a_missing_results_file_exits_2(tmp_path, capsys):
    assert main(["map", str(tmp_path / "nothing.gpkg"), "--out", str(tmp_path / "m.pdf"), "--lang", "en"]) == 2
    assert "Run concession-gis analyze first" in capsys.readouterr().err


def test_atlas_command(run_dir, tmp_path, capsys):
    out = tmp_path / "atlas.pdf"
    assert main(["atlas", str(run_dir / "results.gpkg"), "--out", str(out), "--where", "legal_state=extinct",
                 "--lang", "en", "--dpi", "50", "--quiet"]) == 0
    assert "3 cases, 5 pages" in capsys.readouterr().out
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", out.read_bytes())) == 5
