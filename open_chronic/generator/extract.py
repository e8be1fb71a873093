"""`generate_extract`: write a synthetic SNDS extract and its truth, chunk by chunk.

Chunks of `config.CHUNK_PERSONS` persons are generated from seeds spawned from the main seed
(`SeedSequence(seed).spawn`), then written in order to one streaming Parquet writer per file:
same arguments, same bytes, whatever the number of worker processes.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
from tqdm import tqdm

from open_chronic.generator import config, truth
from open_chronic.generator.chunk import ChunkResult, ChunkTask, build_chunk
from open_chronic.generator.referentials import pharmacy_referential
from open_chronic.generator.writer import TRUTH_SCHEMAS, ExtractWriter, contract_schema, to_arrow
from open_chronic.raw_contract import RAW_TABLES_BY_NAME

logger = logging.getLogger(__name__)


@dataclass
class GenerationSummary:
    """What was written: persons, rows per raw table (PMSI summed over years), duration."""

    n_persons: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def generate_extract(out_dir: Path, n_persons: int, first_year: int = 2019,
                     last_year: int = 2023, seed: int = 42, show_progress: bool = False,
                     workers: int | None = None) -> GenerationSummary:
    """Write the raw tables and `_truth/` for `n_persons` persons over the care years.

    `workers` processes build chunks in parallel (default: one per CPU, at most 4); the
    output does not depend on it.
    """
    if n_persons < 1 or first_year > last_year:
        raise ValueError("need at least one person and first_year <= last_year")
    began = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks = _tasks(n_persons, first_year, last_year, seed)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4)
    writer = ExtractWriter(out_dir, range(first_year, last_year + 1))
    counts: Counter = Counter()
    try:
        _write_pharmacy_referential(writer, counts)
        progress = tqdm(total=n_persons, unit="persons", disable=not show_progress)
        for task, result in zip(tasks, _results(tasks, workers)):
            _write_chunk(writer, result)
            counts.update(result.counts)
            progress.update(task.n_persons)
        progress.close()
        writer.write_truth("pitfall_counts", to_arrow(_counts_frame(counts),
                                                      TRUTH_SCHEMAS["pitfall_counts"]))
    finally:
        writer.close()
    summary = GenerationSummary(n_persons, dict(writer.rows), time.perf_counter() - began)
    logger.info("generated %d persons in %.1f s: %s", n_persons, summary.seconds,
                ", ".join(f"{name} {rows}" for name, rows in summary.rows.items()))
    return summary


def _tasks(n_persons: int, first_year: int, last_year: int, seed: int) -> list[ChunkTask]:
    starts = list(range(0, n_persons, config.CHUNK_PERSONS))
    sequences = np.random.SeedSequence(seed).spawn(len(starts))
    return [ChunkTask(index, start, min(config.CHUNK_PERSONS, n_persons - start), first_year,
                      last_year, seed, sequence)
            for index, (start, sequence) in enumerate(zip(starts, sequences))]


def _results(tasks: list[ChunkTask], workers: int) -> Iterator[ChunkResult]:
    if workers <= 1 or len(tasks) == 1:
        yield from map(build_chunk, tasks)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # LIMITATION: map() may run ahead of the writer; memory holds up to all pending
        # results. Bounded by submitting in windows of 2 x workers.
        window = 2 * workers
        for offset in range(0, len(tasks), window):
            yield from pool.map(build_chunk, tasks[offset:offset + window])


def _write_pharmacy_referential(writer: ExtractWriter, counts: Counter) -> None:
    pha = pharmacy_referential()
    writer.write_raw("IR_PHA_R", to_arrow(pha, contract_schema(RAW_TABLES_BY_NAME["IR_PHA_R"])))
    reasons = truth.pha_ref_reasons(pha)
    hit = np.flatnonzero(pd.notna(reasons))
    counts[("duplicate_cip13", "IR_PHA_R")] += len(hit)
    counts[("cip13_leading_zero", "IR_PHA_R")] += int((pha["PHA_CIP_C13"] < 10 ** 12).sum())
    rejected = pd.DataFrame({"source_table": "IR_PHA_R",
                             "row_key": truth.pha_ref_keys(pha.iloc[hit]),
                             "expected_reason": reasons[hit]})
    writer.write_truth("rejections", to_arrow(rejected, TRUTH_SCHEMAS["rejections"]))


def _write_chunk(writer: ExtractWriter, result: ChunkResult) -> None:
    for name, year, table in result.raw:
        writer.write_raw(name, table, year)
    for name, table in result.truth.items():
        writer.write_truth(name, table)


def _counts_frame(counts: Counter) -> pd.DataFrame:
    rows = sorted((pitfall, table, rows) for (pitfall, table), rows in counts.items())
    return pd.DataFrame(rows, columns=["pitfall", "source_table", "rows"])
