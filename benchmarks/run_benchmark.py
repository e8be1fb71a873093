"""Benchmark: generate extracts of several sizes, build them, print figures per stage.

Figures printed per size and stage: wall time, raw rows per second, peak memory of the process
(resident set, as the kernel counts it), and, measured in the same run, the ratio of the build
time to one plain scan of every raw file (reading every column once with DuckDB). The ratio is
the figure that travels across machines; seconds do not.

Usage:
    .venv/bin/python benchmarks/run_benchmark.py --persons 100000 1000000 --work /tmp/bench

Each stage runs in a child process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import platform
import resource
import time
from pathlib import Path

logger = logging.getLogger("benchmark")


def _generate(raw_dir: str, persons: int, seed: int) -> dict[str, object]:
    from open_chronic.generator import generate_extract

    summary = generate_extract(Path(raw_dir), persons, 2019, 2023, seed, show_progress=True)
    return {"raw_rows": int(sum(summary.rows.values()))}


def _scan(raw_dir: str) -> dict[str, object]:
    """One plain scan: every column of every raw file read once, nothing else."""
    import duckdb

    rows = 0
    with duckdb.connect() as con:
        for path in sorted(Path(raw_dir).glob("*.parquet")):
            rows += con.execute(
                f"select count(*) from read_parquet('{path}') t where hash(t) is not null"
            ).fetchone()[0]
    return {"raw_rows": rows}


# Layers built one after the other into the same warehouse, so that each has its own figures.
LAYER_SELECTIONS = {
    "build_staging": ["path:seeds", "path:models/staging", "path:tests/data_tests"],
    "build_pathways": ["path:models/pathways"],
}


def _build(raw_dir: str, duckdb_path: str, target_dir: str,
           selection: list[str]) -> dict[str, object]:
    from open_chronic.dbt_runner import run_dbt
    from open_chronic.raw_extract import inspect_extract

    if selection == LAYER_SELECTIONS["build_staging"]:
        Path(duckdb_path).unlink(missing_ok=True)
    # cautious: a test runs with the layer holding all its parents (seeds feed several layers)
    result = run_dbt(["build", "--indirect-selection", "cautious", "--select", *selection], inspect_extract(Path(raw_dir)),
                     Path(duckdb_path), Path(target_dir), show_progress=True)
    if not result.success:
        raise RuntimeError(f"build failed: {result.failed_nodes or result.error}")
    return {"nodes": len(result.node_status)}


def _stage(name: str, function, *args) -> dict[str, object]:
    """Run one stage in a fresh (non-daemon) process; return its wall time and peak memory.

    A plain Process rather than a Pool: pool workers are daemons, and the generator and dbt
    start processes of their own.
    """
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    started = time.perf_counter()
    process = context.Process(target=_measured, args=(queue, function, args))
    process.start()
    figures = queue.get()
    process.join()
    seconds = time.perf_counter() - started
    if "error" in figures:
        raise RuntimeError(f"{name} failed: {figures['error']}")
    figures.update(stage=name, seconds=round(seconds, 1))
    logger.info("%s: %.1f s, peak %.0f MiB", name, seconds, figures["peak_mib"])
    return figures


def _measured(queue, function, args) -> None:
    logging.basicConfig(level=logging.WARNING)
    try:
        figures = function(*args)
    except Exception as error:  # reported to the parent, which stops the benchmark
        queue.put({"error": repr(error)})
        return
    # dbt runs in a child process of the stage: count the larger of the two.
    peak_kib = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    figures["peak_mib"] = round(peak_kib / 1024)
    queue.put(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/open-chronic-bench"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--reuse", action="store_true", help="Keep an existing extract.")
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    results = []
    for persons in options.persons:
        size_dir = options.work / f"p{persons}"
        raw_dir = size_dir / "raw"
        stages = []
        if not (options.reuse and (raw_dir / "_truth").is_dir()):
            stages.append(_stage("generate", _generate, str(raw_dir), persons, options.seed))
        scan = _stage("plain_scan", _scan, str(raw_dir))
        builds = [
            _stage(name, _build, str(raw_dir), str(size_dir / "warehouse.duckdb"),
                   str(size_dir / "target"), selection)
            for name, selection in LAYER_SELECTIONS.items()
        ]
        raw_rows = scan["raw_rows"]
        for figures in (*stages, scan, *builds):
            figures["rows_per_second"] = round(raw_rows / max(figures["seconds"], 1e-9))
            if figures in builds:
                figures["ratio_to_plain_scan"] = round(figures["seconds"] / scan["seconds"], 1)
        build_seconds = sum(figures["seconds"] for figures in builds)
        results.append({
            "persons": persons, "raw_rows": raw_rows, "stages": [*stages, scan, *builds],
            "build_seconds": round(build_seconds, 1),
            "build_ratio_to_plain_scan": round(build_seconds / scan["seconds"], 1),
        })
    machine = {"platform": platform.platform(), "cpus": multiprocessing.cpu_count()}
    report = json.dumps({"machine": machine, "results": results}, indent=2)
    # The report is the program's output, so it goes to stdout rather than the log.
    print(report)  # noqa: T201


if __name__ == "__main__":
    main()
