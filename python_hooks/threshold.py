"""Primary threshold check: no published count of 1..k-1, rates included.

Rules (issue point a; privacy.md §1 and §5.2 "Rates and percentages"):

* every count column of every table: a published value lies outside 1..k_min-1 (0 is allowed,
  privacy.md §1 "Zeros"; a non-integer such as 0.5 below k is caught too);
* a suppressed row has NULL in every count and measure column and `is_suppressed` true:
  a small count is never raised to k nor replaced by a mean, so the only legal form of a
  hidden value is NULL plus the flag (STYLE.md §3, TreatmentPatterns counter-example);
* a NULL count on a row not flagged, or a NULL flag, is a violation (an unmarked suppression
  cannot be told from a missing value by users, and the audit could not trust it);
* a rate is published only if its numerator and denominator are published on the same row
  and neither they nor their difference lie in 1..k_min-1; when both counts are published
  their difference is derivable, so it must respect the threshold even if the rate is NULL.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import numpy as np
import pandas as pd

from python_hooks.config import DisclosureConfig
from python_hooks.results import CheckResult, Table, finish
from python_hooks.roles import TableRoles, parse_roles

logger = logging.getLogger(__name__)

NAME = "threshold"


def check_threshold(tables: Mapping[str, Table], config: DisclosureConfig) -> CheckResult:
    """Apply the primary threshold to every count, measure and rate of every table."""
    failures: list[str] = []
    per_table: dict[str, dict[str, int]] = {}
    for name, (table, role_map) in tables.items():
        roles = parse_roles(role_map, table)
        table_failures, figures = _check_table(name, table.reset_index(drop=True), roles, config)
        failures += table_failures
        per_table[name] = figures
    logger.info("threshold check: %d tables, %d violations", len(tables), len(failures))
    return finish(NAME, {"k_min": config.k_min, "tables": per_table}, failures)


def _check_table(
    name: str, table: pd.DataFrame, roles: TableRoles, config: DisclosureConfig
) -> tuple[list[str], dict[str, int]]:
    failures: list[str] = []
    flag = config.suppressed_flag
    if flag in table.columns:
        flags = table[flag]
        if not (pd.api.types.is_bool_dtype(flags.dtype) or flags.isna().all()):
            raise ValueError(f"{name}: flag {flag!r} has dtype {flags.dtype}, not boolean")
        if flags.isna().any():
            failures.append(f"{name}: {int(flags.isna().sum())} rows with a NULL {flag}")
        suppressed = flags.fillna(False).astype(bool).to_numpy()
    else:
        suppressed = np.zeros(len(table), dtype=bool)

    numbers = {column: _numeric(table, column) for column in roles.numeric}
    for column in roles.numeric:
        leaked = suppressed & numbers[column].notna().to_numpy()
        if leaked.any():
            failures.append(
                f"{name}.{column}: {int(leaked.sum())} suppressed rows publish a value "
                f"(must be NULL), e.g. row {int(np.flatnonzero(leaked)[0])}"
            )
    for column in roles.counts:
        failures += _count_failures(name, column, numbers[column], suppressed, config.k_min)
    for rate in roles.rates:
        failures += _rate_failures(
            f"{name}.{rate.column}",
            numbers[rate.column],
            numbers[rate.numerator],
            numbers[rate.denominator],
            suppressed,
            config.k_min,
        )
    figures = {
        "n_rows": len(table),
        "n_suppressed_rows": int(suppressed.sum()),
        "n_count_columns": len(roles.counts),
        "n_rates": len(roles.rates),
    }
    return failures, figures


def _numeric(table: pd.DataFrame, column: str) -> pd.Series:
    """Column as float; text that is not a number raises (fails the check closed)."""
    return pd.to_numeric(table[column], errors="raise").astype(float)


def _small(values: pd.Series, k_min: int) -> np.ndarray:
    """Values strictly between 0 and k (NULL is not small)."""
    array = values.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        return (array > 0) & (array < k_min)


def _count_failures(
    name: str, column: str, counts: pd.Series, suppressed: np.ndarray, k_min: int
) -> list[str]:
    failures = []
    published = ~suppressed
    small = published & _small(counts, k_min)
    if small.any():
        examples = counts[small].head(5).tolist()
        failures.append(
            f"{name}.{column}: {int(small.sum())} published counts in 1..{k_min - 1} "
            f"(e.g. {examples})"
        )
    negative = published & (counts.to_numpy(dtype=float, na_value=np.nan) < 0)
    if negative.any():
        failures.append(f"{name}.{column}: {int(negative.sum())} negative counts")
    unmarked = published & counts.isna().to_numpy()
    if unmarked.any():
        failures.append(
            f"{name}.{column}: {int(unmarked.sum())} NULL counts on rows not flagged suppressed"
        )
    return failures


def _rate_failures(
    label: str,
    rate: pd.Series,
    numerator: pd.Series,
    denominator: pd.Series,
    suppressed: np.ndarray,
    k_min: int,
) -> list[str]:
    failures = []
    published = ~suppressed
    difference = denominator - numerator
    rate_shown = published & rate.notna().to_numpy()
    missing_parts = rate_shown & (numerator.isna() | denominator.isna()).to_numpy()
    if missing_parts.any():
        failures.append(
            f"{label}: {int(missing_parts.sum())} rates published while the numerator or "
            "denominator is hidden (rate x denominator rebuilds it)"
        )
    small_part = _small(numerator, k_min) | _small(denominator, k_min) | _small(difference, k_min)
    small_rate = rate_shown & small_part
    if small_rate.any():
        failures.append(
            f"{label}: {int(small_rate.sum())} rates whose numerator, denominator or "
            f"difference lies in 1..{k_min - 1}"
        )
    small_difference = published & _small(difference, k_min)
    if small_difference.any():
        failures.append(
            f"{label}: {int(small_difference.sum())} rows publish numerator and denominator "
            f"whose difference lies in 1..{k_min - 1}"
        )
    return failures
