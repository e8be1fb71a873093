"""Benchmark: the differencing audit's bounds, warm HiGHS (with and without probes) vs linprog.

Builds a département x age band x sex table of counts with its margins, suppresses the
counts of 1..10 and, in every margin group left with a single suppressed cell, its smallest
published sibling, then times the min/max of every suppressed cell with both solvers on the
same blocks and checks that they agree. Prints one JSON report.

Usage:
    .venv/bin/python benchmarks/bench_lp_audit.py --departements 20 --seed 1
"""

from __future__ import annotations

import argparse
import json
import logging
import time

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from python_hooks.cells import link_tables
from python_hooks.config import DisclosureConfig
from python_hooks.lp_bounds import variable_bounds

logger = logging.getLogger("bench_lp_audit")
ROLES = {"departement": "dimension", "age_band": "dimension", "sex": "dimension",
         "n_patients": "count"}


def synthetic_table(n_departements: int, seed: int) -> pd.DataFrame:
    """Counts with `all` margins on every dimension; small cells suppressed with a partner."""
    rng = np.random.default_rng(seed)
    inner = pd.DataFrame(
        [(f"D{d:02d}", f"A{a:02d}", s) for d in range(n_departements) for a in range(20)
         for s in ("1", "2")],
        columns=["departement", "age_band", "sex"],
    )
    inner["n_patients"] = rng.negative_binomial(2, 0.08, len(inner))
    frames = []
    for margins in range(8):
        keys = [d for i, d in enumerate(("departement", "age_band", "sex")) if not margins >> i & 1]
        table = inner.groupby(keys, as_index=False)["n_patients"].sum() if keys else (
            pd.DataFrame({"n_patients": [inner["n_patients"].sum()]}))
        for dimension in ("departement", "age_band", "sex"):
            if dimension not in keys:
                table[dimension] = "all"
        frames.append(table)
    table = pd.concat(frames, ignore_index=True)
    table["is_suppressed"] = table["n_patients"].between(1, 10)
    for dimension in ("departement", "age_band", "sex"):
        others = [d for d in ("departement", "age_band", "sex") if d != dimension]
        children = table[table[dimension] != "all"]
        for _, group in children.groupby(others):
            if group["is_suppressed"].sum() == 1:
                published = group[~group["is_suppressed"] & (group["n_patients"] > 0)]
                if len(published):
                    table.loc[published["n_patients"].idxmin(), "is_suppressed"] = True
    table.loc[table["is_suppressed"], "n_patients"] = np.nan
    return table


def linprog_bounds(block, rhs) -> tuple[np.ndarray, np.ndarray, int]:
    """The reference: one scipy linprog (HiGHS, cold) per min and per max."""
    size = block.shape[1]
    lower, upper = np.zeros(size), np.full(size, np.inf)
    objective = np.zeros(size)
    for variable in range(size):
        for sense in (1.0, -1.0):
            objective[variable] = sense
            result = linprog(objective, A_eq=block, b_eq=rhs, bounds=(0, None), method="highs")
            if result.status == 0:
                if sense > 0:
                    lower[variable] = result.fun
                else:
                    upper[variable] = -result.fun
        objective[variable] = 0.0
    return lower, upper, 2 * size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departements", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    table = synthetic_table(options.departements, options.seed)
    linked = link_tables({"t": table}, {"t": ROLES}, DisclosureConfig())
    values = linked.cells["value"].to_numpy()
    unknown = np.isnan(values.astype(float))
    published = np.where(unknown, 0.0, np.nan_to_num(values.astype(float)))
    relations = linked.relations.tocsr()
    rhs = -(relations @ published)
    block = relations[:, np.flatnonzero(unknown)].tocsc()
    touching = np.diff(block.tocsr().indptr) > 0
    block, rhs = block[touching], rhs[touching]
    logger.info("%d cells, %d suppressed, %d relations", len(values), unknown.sum(), len(rhs))
    started = time.perf_counter()
    warm = variable_bounds(block.tocsc(), rhs)
    warm_seconds = time.perf_counter() - started
    started = time.perf_counter()
    proven = variable_bounds(block.tocsc(), rhs, width=DisclosureConfig().protection_width)
    proven_seconds = time.perf_counter() - started
    started = time.perf_counter()
    lower, upper, cold_lps = linprog_bounds(block.tocsc(), rhs)
    cold_seconds = time.perf_counter() - started
    agree = bool(np.allclose(warm.lower, lower, atol=1e-6)
                 and np.allclose(warm.upper, upper, atol=1e-6))
    report = {
        "cells": int(len(values)), "suppressed": int(unknown.sum()), "relations": int(len(rhs)),
        "lps": warm.n_solved, "warm_highs_seconds": round(warm_seconds, 2),
        "linprog_seconds": round(cold_seconds, 2), "linprog_lps": cold_lps,
        "speed_ratio": round(cold_seconds / max(warm_seconds, 1e-9), 1), "bounds_agree": agree,
        "with_probes_seconds": round(proven_seconds, 2), "with_probes_lps": proven.n_solved,
        "proven_by_probes": int((~proven.exact).sum()),
        "speed_ratio_with_probes": round(cold_seconds / max(proven_seconds, 1e-9), 1),
    }
    # The report is the program's output, so it goes to stdout rather than the log.
    print(json.dumps(report, indent=2))  # noqa: T201


if __name__ == "__main__":
    main()
