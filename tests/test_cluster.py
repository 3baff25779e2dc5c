"""The raster work on a Dask cluster (issue 21): a real scheduler and two worker processes started
with the `dask` commands, the same tables as the run on one machine (the zonal extraction, and the
tile passes of fronts and loss by zone, as tasks), a damaged tile refused by name, progress and
cancel through the cluster, and a clear refusal without Dask installed."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio
from rasterio.windows import Window

from concession_gis.cli import main
from concession_gis.errors import Cancelled
from concession_gis.progress import Feedback
from concession_gis.raster import tiles as tile_pass
from concession_gis.raster import windows
from concession_gis.sample.demo import FILES

needs_dask = pytest.mark.skipif(
    find_spec("distributed") is None,
    reason="Dask is not installed: pip install 'concession-gis[cluster]' (make install does) to run the cluster tests",
)
# Seconds the scheduler and the workers get to start, and to stop before they are killed.
START_SECONDS, STOP_SECONDS = 60, 10
# Hectares may differ by this share between two runs (issue 21); counts and words not at all.
HA_RTOL = 1e-9


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """``tcp://127.0.0.1:PORT`` of a scheduler with two worker processes, started with `dask
    scheduler` and `dask worker` (one thread each), stopped after the module's tests."""
    from distributed import Client

    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    assert dask, "the dask command comes with dask[distributed]"
    logs = tmp_path_factory.mktemp("dask-logs")
    address = f"tcp://127.0.0.1:{free_port()}"
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"]]
    # --no-nanny: each worker is the process started here (as README advises: see cluster.py).
    commands += [[dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard",
                  "--no-nanny", "--name", f"worker-{k}"] for k in range(2)]
    processes = []
    try:
        for k, command in enumerate(commands):
            log = (logs / f"{k}.log").open("w")
            processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                              env={**os.environ, "PYTHONUNBUFFERED": "1"}))
        with Client(address, timeout=START_SECONDS) as client:
            client.wait_for_workers(2, timeout=START_SECONDS)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def analyze(out: Path, *flags: str) -> int:
    return main(["analyze", "--out", str(out), "--quiet", "--no-map", "--format", "csv", "--lang", "en", *flags])


def tables(folder: Path) -> dict[str, pd.DataFrame]:
    """Every table the run wrote: each CSV, each layer of results.gpkg (geometry as WKT), and
    summary.json's counts and hectares."""
    found = {p.name: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in sorted(folder.glob("*.csv"))}
    for name, geometry_type in pyogrio.list_layers(folder / "results.gpkg"):
        layer = pyogrio.read_dataframe(folder / "results.gpkg", layer=name, read_geometry=geometry_type is not None)
        if geometry_type is not None:
            layer = pd.DataFrame(layer).assign(geometry=layer.geometry.to_wkt())
        # The QGIS styles' table says when each style was written: the one column that may differ.
        found[f"gpkg:{name}"] = pd.DataFrame(layer).drop(columns=["update_time"], errors="ignore")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    found["summary:counts"] = pd.json_normalize(summary["counts"])
    found["summary:hectares"] = pd.json_normalize(summary["hectares"])
    return found


def assert_same_tables(plain: Path, cluster: Path, rtol: float = HA_RTOL) -> None:
    """Counts, codes and words exactly; numbers with a fraction within ``rtol`` of each other."""
    expected, got = tables(plain), tables(cluster)
    assert sorted(got) == sorted(expected)
    for name, want in expected.items():
        have = got[name]
        assert list(have.columns) == list(want.columns), name
        assert len(have) == len(want), name
        for column in want.columns:
            a, b = want[column], have[column]
            if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
                np.testing.assert_allclose(b.to_numpy(float), a.to_numpy(float), rtol=rtol, atol=0,
                                           equal_nan=True, err_msg=f"{name}.{column}")
            else:
                for x, y in zip(map(str, a), map(str, b), strict=True):
                    assert same_text(x, y, rtol), f"{name}.{column}: {x!r} != {y!r}"


NUMBER = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")


def same_text(a: str, b: str, rtol: float) -> bool:
    """The words of ``a`` and ``b`` equal, and the numbers with a fraction in them (hectares in
    the reasons' JSON) within ``rtol``."""
    if a == b:
        return True
    if NUMBER.split(a) != NUMBER.split(b):
        return False
    x, y = (np.array(NUMBER.findall(t), dtype=float) for t in (a, b))
    return len(x) == len(y) and bool(np.allclose(x, y, rtol=rtol, atol=0))


def cluster_ran_tasks(address: str, name: str = "run_task") -> int:
    """How many tasks of ``name`` (extraction: run_task; tile passes: run_tiles) the scheduler
    has run since it started."""
    from distributed import Client

    def count(dask_scheduler) -> int:
        prefix = dask_scheduler.task_prefixes.get(name)
        return 0 if prefix is None else sum(prefix.state_counts.values())

    with Client(address, timeout=START_SECONDS) as client:
        return client.run_on_scheduler(count)


def cut_into_tiles(raster: Path, folder: Path, n: int = 3, damaged: tuple[int, int] | None = None) -> list[Path]:
    """``raster`` cut into n x n tiled, compressed GeoTIFFs (claims cross their edges); the blocks
    of tile ``damaged`` (row, col) overwritten with noise after its header: it opens, and fails
    only when its pixels are read."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with rasterio.open(raster) as src:
        rows = np.linspace(0, src.height, n + 1).astype(int)
        cols = np.linspace(0, src.width, n + 1).astype(int)
        for i in range(n):
            for j in range(n):
                window = Window(cols[j], rows[i], cols[j + 1] - cols[j], rows[i + 1] - rows[i])
                profile = {**src.profile, "width": int(window.width), "height": int(window.height),
                           "transform": src.window_transform(window), "tiled": True, "blockxsize": 128,
                           "blockysize": 128, "compress": "deflate"}
                path = folder / f"tile_{i}{j}.tif"
                with rasterio.open(path, "w", **profile) as out:
                    out.write(src.read(1, window=window), 1)
                paths.append(path)
    if damaged is not None:
        path = folder / f"tile_{damaged[0]}{damaged[1]}.tif"
        with rasterio.open(path) as ds:
            blocks = [(int(ds.get_tag_item(f"BLOCK_OFFSET_{c}_{r}", "TIFF", bidx=1)),
                       int(ds.get_tag_item(f"BLOCK_SIZE_{c}_{r}", "TIFF", bidx=1)))
                      for r in range(-(-ds.height // 128)) for c in range(-(-ds.width // 128))]
        data = bytearray(path.read_bytes())
        for offset, size in blocks:
            data[offset + 2:offset + size] = bytes((k * 37) % 251 for k in range(size - 2))
        path.write_bytes(bytes(data))
    return paths


def tile_flags(demo_dir: Path, tiles: list[Path]) -> list[str]:
    flags = ["--concessions", str(demo_dir / FILES["concessions"]),
             "--registrations", str(demo_dir / FILES["registrations"]),
             "--restricted", str(demo_dir / FILES["restricted"])]
    for tile in tiles:
        flags += ["--loss-raster", f"{tile}:lossyear"]
    return flags


def pixel_bounds(raster: Path, geometry) -> tuple[float, float, float, float]:
    """``geometry``'s bounds (lon/lat) in pixel columns and rows of ``raster``."""
    with rasterio.open(raster) as ds:
        inverse = ~ds.transform
    (c0, r0), (c1, r1) = inverse * geometry.bounds[:2], inverse * geometry.bounds[2:]
    return min(c0, c1), min(r0, r1), max(c0, c1) - 1e-9, max(r0, r1) - 1e-9


@pytest.fixture
def small_blocks(monkeypatch):
    """Many small blocks, and claims cut into pieces across them; tiles of 64 pixels for the
    passes over every pixel: dozens of tasks on the demo."""
    monkeypatch.setattr(tile_pass, "TILE_PIXELS", 64)
    monkeypatch.setattr(windows, "BATCH_PIXELS", 96 * 96)
    monkeypatch.setattr(windows, "CHUNK_FEATURES", 4)
    monkeypatch.setattr(windows, "MAX_PIECE_PIXELS", 64 * 64)


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plain") / "out"
    assert analyze(out) == 0
    return out


@needs_dask
def test_the_demo_on_a_running_cluster_gives_every_table_of_the_plain_run(scheduler, plain_demo, tmp_path):
    before, tiles_before = cluster_ran_tasks(scheduler), cluster_ran_tasks(scheduler, "run_tiles")
    assert analyze(tmp_path / "out", "--scheduler", scheduler) == 0
    assert cluster_ran_tasks(scheduler) > before  # the rasters were measured there, not here
    assert cluster_ran_tasks(scheduler, "run_tiles") >= tiles_before + 2  # fronts and loss by zone too
    assert_same_tables(plain_demo, tmp_path / "out")


@needs_dask
def test_a_multi_tile_mosaic_in_small_blocks_on_the_cluster_gives_the_plain_run(scheduler, demo_dir, tmp_path,
                                                                                 small_blocks):
    tiles = cut_into_tiles(demo_dir / FILES["loss_raster"], tmp_path / "tiles")
    flags = tile_flags(demo_dir, tiles)
    assert analyze(tmp_path / "plain", *flags) == 0
    before, tiles_before = cluster_ran_tasks(scheduler), cluster_ran_tasks(scheduler, "run_tiles")
    assert analyze(tmp_path / "cluster", *flags, "--scheduler", scheduler) == 0
    assert cluster_ran_tasks(scheduler) - before >= 20
    # Fronts and loss by zone in tiles of 64 pixels a side: dozens of tile tasks, fronts joined
    # across their edges on the client.
    assert cluster_ran_tasks(scheduler, "run_tiles") - tiles_before >= 2 * 25
    fronts = pyogrio.read_dataframe(tmp_path / "cluster" / "results.gpkg", layer="loss_fronts")
    assert len(fronts) > 5 and any(
        (int(b[0] // 64) != int(b[2] // 64)) or (int(b[1] // 64) != int(b[3] // 64)) for b in
        (pixel_bounds(demo_dir / FILES["loss_raster"], g) for g in fronts.geometry))  # some cross a tile edge
    assert_same_tables(tmp_path / "plain", tmp_path / "cluster")


@needs_dask
def test_claims_cut_across_blocks_add_up_to_the_whole_claims(scheduler, demo_dir, tmp_path, monkeypatch):
    """Coverage is additive across pixel-aligned block edges: claims cut into many small pieces
    on the cluster give the loss of the whole claims read in one block each."""
    tiles = cut_into_tiles(demo_dir / FILES["loss_raster"], tmp_path / "tiles")
    flags = tile_flags(demo_dir, tiles)
    assert analyze(tmp_path / "whole", *flags) == 0
    monkeypatch.setattr(windows, "MAX_PIECE_PIXELS", 32 * 32)
    monkeypatch.setattr(windows, "CHUNK_FEATURES", 4)
    assert analyze(tmp_path / "cut", *flags, "--scheduler", scheduler) == 0
    assert_same_tables(tmp_path / "whole", tmp_path / "cut")


@needs_dask
def test_a_damaged_tile_stops_the_run_naming_it_and_nothing_is_written(scheduler, demo_dir, tmp_path, capsys,
                                                                        small_blocks):
    tiles = cut_into_tiles(demo_dir / FILES["loss_raster"], tmp_path / "tiles", damaged=(1, 2))
    out = tmp_path / "out"
    capsys.readouterr()
    assert analyze(out, *tile_flags(demo_dir, tiles), "--scheduler", scheduler) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "tile_12.tif" in err and "damaged" in err and "Traceback" not in err
    assert not out.exists()  # not even the folder: nothing half-written


@needs_dask
def test_progress_is_fed_by_finished_tasks_and_cancel_cancels_them(scheduler, demo_dir, small_blocks):
    from concession_gis.raster.cluster import cluster_engine
    from concession_gis.raster.sources import open_loss_sources
    from concession_gis.raster.zonal import zonal_loss
    from concession_gis.sample.demo import concessions_frame

    source = open_loss_sources([str(demo_dir / FILES["loss_raster"])])[0]
    claims = concessions_frame().geometry
    steps = []
    with cluster_engine(scheduler=scheduler) as engine:
        zonal_loss(source, claims, Feedback(steps.append))
        done = [s.done for s in steps if s.stage == "zonal_loss"]
        assert done == sorted(done) and len(done) > 5 and done[-1] == steps[0].total

        feedback = Feedback()
        feedback.advance = lambda units=1: feedback.cancel() or Feedback.advance(feedback, units)  # type: ignore[method-assign]
        with pytest.raises(Cancelled):
            zonal_loss(source, claims, feedback)
        deadline = time.monotonic() + 10
        while engine.client.futures and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not engine.client.futures  # every task cancelled or released, none left to run


@needs_dask
@pytest.mark.parametrize("pass_over_tiles", ["fronts", "loss_by_zone"])
def test_a_damaged_tile_in_a_pass_over_every_pixel_is_named(scheduler, demo_dir, tmp_path, small_blocks,
                                                            pass_over_tiles):
    """Fronts and loss by zone read tiles no claim covers: a damaged one is named there too, on
    the cluster and on one machine, as the extraction names it."""
    from concession_gis.errors import InputError
    from concession_gis.raster.cluster import cluster_engine
    from concession_gis.raster.patches import loss_patches
    from concession_gis.raster.sources import open_loss_sources
    from concession_gis.raster.zone_loss import classed_loss

    paths = cut_into_tiles(demo_dir / FILES["loss_raster"], tmp_path / "tiles", damaged=(2, 0))
    source = open_loss_sources([f"{p}:lossyear" for p in paths])[0]
    run = {"fronts": lambda: loss_patches(source, 0.0),
           "loss_by_zone": lambda: classed_loss(source, [])}[pass_over_tiles]
    for engine in (cluster_engine(scheduler=scheduler), contextlib.nullcontext()):
        with engine, pytest.raises(InputError) as refused:
            run()
        assert refused.value.values["path"].endswith("tile_20.tif")


class PickledEngine:
    """An engine that sends each tile function through the standard library's pickle (which
    refuses closures and lambdas, as a worker on another machine cannot import them) and does
    the tiles as one cluster task would, in this process."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    def tiles(self, source, work, windows, feedback):
        import pickle

        from concession_gis.raster.tiles import work_on_tiles

        blob = pickle.dumps(work)
        self.sent.append(len(blob))
        for result in work_on_tiles(source, pickle.loads(blob), windows):
            feedback.advance()
            yield result


def test_the_tile_functions_travel_by_name_and_give_the_same_results(demo_dir, small_blocks):
    """Fronts' and loss by zone's function of a tile is a plain object, pickled by name: through
    pickle it gives exactly the patches and classed sums of the threads."""
    import geopandas as gpd

    from concession_gis.raster.parallel import using_engine
    from concession_gis.raster.patches import loss_patches
    from concession_gis.raster.sources import open_loss_sources
    from concession_gis.raster.zone_loss import classed_loss

    source = open_loss_sources([str(demo_dir / FILES["loss_raster"])])[0]
    zones = gpd.read_file(demo_dir / FILES["restricted"]).to_crs(source.crs).geometry.to_numpy()
    layers = [(zones, np.arange(1, len(zones) + 1))]

    def both() -> tuple:
        return loss_patches(source, 90.0, min_ha=1.0), classed_loss(source, layers)

    (patches, classed), engine = both(), PickledEngine()
    with using_engine(engine):  # type: ignore[arg-type]
        pickled_patches, pickled_classed = both()
    assert len(engine.sent) == 2 and max(engine.sent) < 1_000_000
    pd.testing.assert_frame_equal(pickled_patches.loss, patches.loss, check_exact=True)
    assert len(patches.shapes) > 10 and all(
        (a is None and b is None) or a.equals_exact(b, 0) for a, b in zip(patches.shapes, pickled_patches.shapes,
                                                                          strict=True))
    assert (classed["zone0"] > 0).any()
    pd.testing.assert_frame_equal(pickled_classed, classed, check_exact=True)


@needs_dask
def test_tile_passes_report_progress_by_tile_and_cancel_their_tasks(scheduler, demo_dir, small_blocks):
    from concession_gis.raster.cluster import cluster_engine
    from concession_gis.raster.patches import loss_patches
    from concession_gis.raster.sources import open_loss_sources
    from concession_gis.raster.tiles import tile_windows

    source = open_loss_sources([str(demo_dir / FILES["loss_raster"])])[0]
    n_tiles = len(tile_windows(source))
    steps = []
    with cluster_engine(scheduler=scheduler) as engine:
        loss_patches(source, 0.0, Feedback(steps.append))
        done = [s.done for s in steps if s.stage == "loss_fronts"]
        assert n_tiles > 20 and done == sorted(done) and done[-1] == n_tiles

        feedback = Feedback()
        feedback.advance = lambda units=1: feedback.cancel() or Feedback.advance(feedback, units)  # type: ignore[method-assign]
        with pytest.raises(Cancelled):
            loss_patches(source, 0.0, feedback)
        deadline = time.monotonic() + 10
        while engine.client.futures and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not engine.client.futures  # every tile task cancelled or released, none left to run


@needs_dask
def test_a_local_cluster_of_two_workers_gives_the_plain_run(plain_demo, tmp_path):
    assert analyze(tmp_path / "out", "--workers", "2") == 0
    assert_same_tables(plain_demo, tmp_path / "out")


def test_without_dask_the_cluster_flags_say_how_to_install_it(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    for flags in (["--workers", "2"], ["--scheduler", "tcp://127.0.0.1:8786"]):
        assert analyze(tmp_path / "out", *flags) == 2
        err = capsys.readouterr().err
        assert "pip install concession-gis[cluster]" in err and "Dask" in err
        assert not (tmp_path / "out").exists()


@needs_dask
def test_bad_cluster_flags_are_refused_clearly(monkeypatch, tmp_path, capsys):
    from concession_gis.raster import cluster

    assert analyze(tmp_path / "out", "--workers", "0") == 2
    assert "--workers 0" in capsys.readouterr().err
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2)
    nobody = f"tcp://127.0.0.1:{free_port()}"
    assert analyze(tmp_path / "out", "--scheduler", nobody) == 2
    err = capsys.readouterr().err
    assert nobody in err and "dask scheduler" in err
    assert not (tmp_path / "out").exists()


def test_a_damaged_tile_on_one_machine_is_refused_the_same_way(demo_dir, tmp_path, capsys):
    tiles = cut_into_tiles(demo_dir / FILES["loss_raster"], tmp_path / "tiles", n=2, damaged=(0, 1))
    capsys.readouterr()
    assert analyze(tmp_path / "out", *tile_flags(demo_dir, tiles)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "tile_01.tif" in err and "damaged" in err
    assert not (tmp_path / "out").exists()


def test_a_damaged_tile_in_one_read_of_many_tiles_is_not_lost(demo_dir, tmp_path, capsys):
    """From GDAL 3.10 a read of over a million pixels across a mosaic's tiles is spread over
    GDAL's own threads, which lost a tile's read error: the tile came back as no loss and the run
    went on. Tile (0, 1) of the 3x3 mosaic has loss and no claim, so only such reads reach it (a
    batch of the extraction spanning it; the fronts' pass, which reads the whole demo in one tile
    of 2.4 million pixels): it is named, exit 2, nothing written."""
    tiles = cut_into_tiles(demo_dir / FILES["loss_raster"], tmp_path / "tiles", damaged=(0, 1))
    with rasterio.open(demo_dir / FILES["loss_raster"]) as ds:
        assert ds.width * ds.height > 1_000_000 and ds.width <= tile_pass.TILE_PIXELS >= ds.height
    capsys.readouterr()
    assert analyze(tmp_path / "out", *tile_flags(demo_dir, tiles)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "tile_01.tif" in err and "damaged" in err
    assert not (tmp_path / "out").exists()
