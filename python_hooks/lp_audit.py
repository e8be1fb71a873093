"""Differencing audit: the interval an attacker can derive for every suppressed cell.

Primary suppression alone is undone by one subtraction from a published total (privacy.md
§5.1). For each suppressed cell x_i this module solves two linear programmes, min x_i and
max x_i, subject to every published additive relation of all linked tables (`cells.py`),
published cells fixed at their values, and x >= 0 (counts). Upper bounds come from the
relations themselves: a suppressed cell no relation constrains is unbounded above.

Pass rule (privacy.md §5.1, *proposed*): every suppressed cell's interval [L, U] has
U - L >= w and U >= w, with w = the configured protection width (k by default). Every
suppressed cell is audited, not only primary ones, because a published table does not say
which suppressions were primary. Bounds are those of the LP relaxation (valid, possibly
looser than integer bounds). The audit fails closed: an infeasible system (published
figures that contradict each other), a solver error or a linking error fails it.

Speed: unknown cells are split into independent components (cells that share no relation
cannot constrain each other) and each component is loaded once into HiGHS, which then
re-solves it warm for each objective (`lp_bounds.py`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from python_hooks.cells import Hierarchies, LinkedCells, link_tables
from python_hooks.config import DisclosureConfig
from python_hooks.lp_bounds import variable_bounds
from python_hooks.roles import RoleSpec

logger = logging.getLogger(__name__)

#: Absolute tolerance on counts: LP vertices are integral up to solver round-off.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class PatternAudit:
    """Bounds of the unknown cells of one suppression pattern.

    Attributes:
        cells: indices (into the linked cells) of the unknown cells, ascending.
        lower, upper: LP bounds per unknown cell (upper = inf when unbounded, NaN when the
            solver failed for that cell); where `exact` is false, an inner interval that
            already proves the cell protected (lp_bounds.py).
        exact: per unknown cell, whether lower and upper are its exact LP bounds.
        protected: per unknown cell, U - L >= width and U >= width (False on failure).
        inconsistent_relations: relations among published cells that do not add up.
        failures: human-readable reasons for infeasible or failed solves.
        n_components, n_lp_solved: size of the work done.
    """

    cells: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    exact: np.ndarray
    protected: np.ndarray
    inconsistent_relations: int
    failures: list[str]
    n_components: int
    n_lp_solved: int

    @property
    def passed(self) -> bool:
        return bool(self.protected.all()) and not self.failures and not self.inconsistent_relations


@dataclass(frozen=True)
class CellInterval:
    """Derivable interval of one suppressed cell, in units of its count column.

    `exact` false: [lower, upper] lies inside the derivable interval and already proves the
    cell protected (the exact bounds were not computed).
    """

    count_column: str
    coordinates: dict[str, str]
    tables: str
    lower: float
    upper: float
    protected: bool
    exact: bool = True

    @property
    def width(self) -> float:
        return self.upper - self.lower


@dataclass
class AuditResult:
    """Outcome of the differencing audit of a release.

    `passed` is True only if every suppressed cell is protected and nothing failed.
    `intervals` lists every suppressed cell; `failures` explains a fail-closed outcome.
    """

    passed: bool
    protection_width: int
    n_cells: int
    n_suppressed: int
    n_relations: int
    n_components: int
    n_lp_solved: int
    n_unprotected: int
    seconds: float
    intervals: list[CellInterval] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-serialisable figures; infinite bounds become None, unprotected cells listed."""
        data = asdict(self)
        data["intervals"] = [
            {**item, "lower": _json_float(item["lower"]), "upper": _json_float(item["upper"])}
            for item in data["intervals"]
            if not item["protected"]
        ]
        return data


def audit_tables(
    tables: Mapping[str, pd.DataFrame],
    roles: Mapping[str, Mapping[str, RoleSpec]],
    config: DisclosureConfig,
    hierarchies: Hierarchies | None = None,
) -> AuditResult:
    """Audit the suppression pattern of a release jointly over all its tables.

    Suppressed rows are those flagged by `config.suppressed_flag`; a NULL count on an
    unflagged row is also treated as unknown (the threshold check reports it). Any exception
    while linking or solving is turned into a failed result naming the error.
    """
    started = time.perf_counter()
    width = config.protection_width
    try:
        linked = link_tables(tables, roles, config, hierarchies)
        unknown = linked.cells["value"].isna().to_numpy() if linked.n_cells else np.array([], bool)
        pattern = audit_pattern(linked.relations, linked.cells["value"].to_numpy(), unknown, width)
    except Exception as error:  # noqa: BLE001 - the audit fails closed on any error
        logger.exception("LP audit could not complete")
        return AuditResult(
            passed=False,
            protection_width=width,
            n_cells=0,
            n_suppressed=0,
            n_relations=0,
            n_components=0,
            n_lp_solved=0,
            n_unprotected=0,
            seconds=time.perf_counter() - started,
            failures=[f"audit error: {type(error).__name__}: {error}"],
        )
    result = _result(linked, pattern, width, time.perf_counter() - started)
    logger.info(
        "LP audit: %d suppressed of %d cells, %d LPs in %.2f s, %d unprotected, passed=%s",
        result.n_suppressed,
        result.n_cells,
        result.n_lp_solved,
        result.seconds,
        result.n_unprotected,
        result.passed,
    )
    return result


def audit_pattern(
    relations: sp.csr_matrix, values: np.ndarray, unknown: np.ndarray, width: float
) -> PatternAudit:
    """Solve min and max of every unknown cell under `relations @ x = 0`, x >= 0.

    `values` holds the published counts (entries at unknown cells are ignored). Cells in no
    relation get [0, inf]. The protection test is applied with `TOLERANCE`.
    """
    relations = sp.csr_matrix(relations)
    unknown_cells = np.flatnonzero(unknown)
    lower = np.zeros(len(unknown_cells))
    upper = np.full(len(unknown_cells), np.inf)
    exact = np.ones(len(unknown_cells), dtype=bool)
    failures: list[str] = []

    # Published side of each relation moves to the right-hand side.
    published = np.where(unknown, 0.0, np.nan_to_num(values))
    rhs = -(relations @ published)
    a_unknown = relations[:, unknown_cells].tocsr()
    touches = np.diff(a_unknown.indptr) > 0
    magnitude = np.maximum(1.0, abs(relations) @ np.abs(published))
    inconsistent = int((np.abs(rhs) > TOLERANCE * magnitude)[~touches].sum())
    if inconsistent:
        failures.append(f"{inconsistent} relations between published cells do not add up")

    n_components, n_lp = _solve_components(
        a_unknown[touches], rhs[touches], width, (lower, upper, exact), failures
    )

    protected = (upper - lower >= width - TOLERANCE) & (upper >= width - TOLERANCE)
    protected &= ~(np.isnan(lower) | np.isnan(upper))
    return PatternAudit(
        cells=unknown_cells,
        lower=lower,
        upper=upper,
        exact=exact,
        protected=protected,
        inconsistent_relations=inconsistent,
        failures=failures,
        n_components=n_components,
        n_lp_solved=n_lp,
    )


def _solve_components(
    a_unknown: sp.csr_matrix,
    rhs: np.ndarray,
    width: float,
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray],
    failures: list[str],
) -> tuple[int, int]:
    """Split unknowns into independent blocks and solve two LPs per unknown; fills bounds."""
    n_var = a_unknown.shape[1]
    if n_var == 0:
        return 0, 0
    incidence = (a_unknown != 0).astype(np.int8)
    graph = sp.bmat([[None, incidence.T], [incidence, None]], format="csr")
    n_components, labels = connected_components(graph, directed=False)
    var_label = labels[:n_var]
    rel_label = labels[n_var:]
    var_order = np.argsort(var_label, kind="stable")
    rel_order = np.argsort(rel_label, kind="stable")
    var_bounds = np.searchsorted(var_label[var_order], np.arange(n_components + 1))
    rel_bounds = np.searchsorted(rel_label[rel_order], np.arange(n_components + 1))
    a_csc = a_unknown.tocsc()
    n_lp = 0
    for component in range(n_components):
        variables = var_order[var_bounds[component] : var_bounds[component + 1]]
        rows = rel_order[rel_bounds[component] : rel_bounds[component + 1]]
        if len(variables) == 0 or len(rows) == 0:
            continue  # an unknown in no relation keeps [0, inf]
        block = a_csc[:, variables][rows, :].tocsc()
        n_lp += _solve_block(block, rhs[rows], variables, width, bounds, failures)
    return n_components, n_lp


def _solve_block(
    block: sp.csc_matrix,
    rhs: np.ndarray,
    variables: np.ndarray,
    width: float,
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray],
    failures: list[str],
) -> int:
    """Bounds of each variable of one block into `bounds` (lower, upper, exact); NaN bounds
    and a failure on solver trouble."""
    lower, upper, exact = bounds
    block_bounds = variable_bounds(block, rhs, width)
    lower[variables] = block_bounds.lower
    upper[variables] = block_bounds.upper
    exact[variables] = block_bounds.exact
    failures += block_bounds.failures
    return block_bounds.n_solved


def _result(linked: LinkedCells, pattern: PatternAudit, width: int, seconds: float) -> AuditResult:
    cells = linked.cells
    intervals = [
        CellInterval(
            count_column=str(cells.at[cell, "count_column"]),
            coordinates=linked.coordinates(int(cell)),
            tables=str(cells.at[cell, "tables"]),
            lower=float(low),
            upper=float(high),
            protected=bool(ok),
            exact=bool(is_exact),
        )
        for cell, low, high, ok, is_exact in zip(
            pattern.cells, pattern.lower, pattern.upper, pattern.protected, pattern.exact,
            strict=True,
        )
    ]
    return AuditResult(
        passed=pattern.passed,
        protection_width=width,
        n_cells=linked.n_cells,
        n_suppressed=len(pattern.cells),
        n_relations=linked.relations.shape[0],
        n_components=pattern.n_components,
        n_lp_solved=pattern.n_lp_solved,
        n_unprotected=int((~pattern.protected).sum()),
        seconds=seconds,
        intervals=intervals,
        failures=list(pattern.failures),
    )


def _json_float(value: float) -> float | None:
    return None if not np.isfinite(value) else value
