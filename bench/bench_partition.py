"""Does a spatially partitioned join (dask-geopandas) pay against the client's own STRtree? (issue 21)

The host join (every registration against the claims it lies on) is the largest vector join of
the analysis. On the client it is one bulk STRtree query (:func:`concession_gis.analysis.hosts.
candidate_pairs`). Partitioned, dask-geopandas sorts both layers along a Hilbert curve into
spatial partitions, ships them to the workers and joins partition against partition.

The national sample's claims and registrations are repeated side by side (copies shifted 30°
east each, so no copy touches another) 1, 4 and 16 times: 67,000 to 1.07 million claims and
87,000 to 1.4 million registrations (the Amazon basin's cadastres hold a few hundred thousand
polygons). Each size: the client's query, and (up to ``--partitioned-max`` copies: at the
national size it already takes minutes) the partitioned join on a local cluster of 2 one-thread
workers (the cluster started once, not timed; shipping the layers timed), the same pairs
checked. Both in one process, in turns.

dask-geopandas is not among the project's dependencies: it brings pyarrow, and with pyarrow
installed pandas 3 backs text columns with Arrow strings, which the analysis does not support yet
(hundreds of tests fail). Run this benchmark in a separate environment with
``pip install dask-geopandas``; without it the benchmark says so and skips.

Run: python -m bench.bench_partition [--rounds N] [--copies 1,4,16] [--partitioned-max 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings

import numpy as np

from bench.bench_vector import RESULTS, generate

SHIFT_DEGREES = 30.0


def layers(files: dict, copies: int):
    import geopandas as gpd
    import shapely

    from concession_gis.io.layers import load_concessions, load_registrations
    from concession_gis.rules import load_rules

    claims = load_concessions(files["concessions"], {}).frame.to_crs(4326).geometry.to_numpy()
    points = load_registrations(files["registrations"], {}, load_rules()).frame
    points = points.loc[~points.geometry.is_empty].to_crs(4326).geometry.to_numpy()
    claims = np.concatenate([shapely.transform(claims, lambda xy, k=k: xy + [k * SHIFT_DEGREES, 0])
                             for k in range(copies)])
    points = np.concatenate([shapely.transform(points, lambda xy, k=k: xy + [k * SHIFT_DEGREES, 0])
                             for k in range(copies)])
    return gpd.GeoDataFrame(geometry=claims, crs=4326), gpd.GeoDataFrame(geometry=points, crs=4326)


def client_pairs(claims, points) -> tuple[float, int]:
    from concession_gis.analysis.hosts import candidate_pairs

    started = time.perf_counter()
    reg, _, _ = candidate_pairs(points.geometry.to_numpy(), claims.geometry.to_numpy())
    return time.perf_counter() - started, len(reg)


def partitioned_pairs(claims, points, partitions: int) -> tuple[float, int]:
    import dask_geopandas

    started = time.perf_counter()
    left = dask_geopandas.from_geopandas(points, npartitions=partitions).spatial_shuffle("hilbert")
    right = dask_geopandas.from_geopandas(claims, npartitions=partitions).spatial_shuffle("hilbert")
    joined = dask_geopandas.sjoin(left, right, predicate="intersects")
    n = len(joined.compute())
    return time.perf_counter() - started, n


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_partition")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--copies", default="1,4,16")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitioned-max", type=int, default=1,
                        help="partitioned joins only up to this many copies (the client alone above)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    try:
        import dask_geopandas  # noqa: F401
    except ImportError:
        print("bench_partition skipped: dask-geopandas is not installed (pip install dask-geopandas, "
              "in an environment of its own: see the module's docstring)")
        return 0
    from distributed import Client, LocalCluster

    files = generate("national")
    lines = ["## Partitioned joins against the client's STRtree (issue 21)", "",
             f"Date {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores; the national sample repeated side by "
             f"side; dask-geopandas on a LocalCluster of {args.workers} one-thread worker processes (started once, "
             f"not timed), 4 partitions per worker; {args.rounds} rounds, medians (range).", "",
             "| claims | registrations | pairs | client STRtree s | partitioned s | partitioned / client |",
             "|---:|---:|---:|---:|---:|---:|"]
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True) as cluster, Client(cluster):
        for copies in (int(c) for c in args.copies.split(",")):
            claims, points = layers(files, copies)
            ours, theirs, counts = [], [], set()
            for _ in range(args.rounds):
                seconds, n = client_pairs(claims, points)
                ours.append(seconds)
                counts.add(n)
                if copies <= args.partitioned_max:
                    seconds, n = partitioned_pairs(claims, points, 4 * args.workers)
                    theirs.append(seconds)
                    counts.add(n)
            if len(counts) != 1:
                raise SystemExit(f"different pairs at {copies} copies: {sorted(counts)}")
            partitioned = "not run" if not theirs else (
                f"{statistics.median(theirs):.2f} ({min(theirs):.2f}–{max(theirs):.2f}) | "
                f"{statistics.median([b / a for a, b in zip(ours, theirs, strict=True)]):.0f}×")
            lines.append(f"| {len(claims):,} | {len(points):,} | {counts.pop():,} | "
                         f"{statistics.median(ours):.2f} ({min(ours):.2f}–{max(ours):.2f}) | "
                         f"{partitioned if theirs else partitioned + ' | –'} |")
            print(lines[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    (RESULTS / "partition.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
