"""Min and max of every variable of one linear system `A x = b, x >= 0`, with one warm solver.

The differencing audit asks two linear programmes per suppressed cell that differ only in
their objective. scipy's `linprog` rebuilds and solves each from scratch; here one HiGHS
model is loaded once per block and only the objective changes between solves, so HiGHS
starts every solve from the previous optimal basis (usually a few simplex pivots). Same
programmes, same optima.

Large blocks (more than `EXACT_BLOCK_LIMIT` unknowns, e.g. one year and condition of the
prevalence mart with its thousands of suppressed cells) first get a few probe solves (min and
max of the sum, random signed sums, each variable capped at a large finite value so that every
probe has a feasible optimum). Every solution is a feasible point, so the smallest and largest
value a variable takes over them lie inside its true interval: when that inner interval is
already at least `width` wide and reaches `width`, the variable is proven protected without its
own two programmes, and it keeps the inner interval (`exact` false). Every other variable, and
every variable of a small block, gets its exact min and max. An unprotected cell is therefore
always reported with its exact bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

_STATUS = highspy.HighsModelStatus
_UNBOUNDED = (_STATUS.kUnbounded, _STATUS.kUnboundedOrInfeasible)
#: Blocks up to this many unknowns are always solved exactly, cell by cell.
EXACT_BLOCK_LIMIT = 200
#: Random signed-sum probes of a large block, after the min and max of the plain sum.
N_RANDOM_PROBES = 6
#: Absolute tolerance on counts: LP vertices are integral up to solver round-off.
TOLERANCE = 1e-6


@dataclass
class BlockBounds:
    """Bounds of each variable (NaN where the solver failed) and the solver's complaints."""

    lower: np.ndarray
    upper: np.ndarray
    exact: np.ndarray
    failures: list[str]
    n_solved: int


def variable_bounds(
    block: sp.csc_matrix, rhs: np.ndarray, width: float | None = None, seed: int = 0
) -> BlockBounds:
    """Minimise then maximise each variable of `block @ x = rhs`, `x >= 0`.

    An unbounded maximum gives +inf. An infeasible system (published figures that contradict
    each other) stops at the first solve: every bound is NaN and the failure is named. With a
    `width`, variables of a large block that probe solutions prove protected are not solved
    one by one (see the module docstring); `seed` makes the random probes repeatable.
    """
    size = block.shape[1]
    lower = np.full(size, np.nan)
    upper = np.full(size, np.nan)
    exact = np.ones(size, dtype=bool)
    failures: list[str] = []
    solver = _load(block, rhs)
    costs = np.zeros(size)
    columns = np.arange(size, dtype=np.int32)
    solved = 0
    seen_low = np.full(size, np.inf)
    seen_high = np.full(size, -np.inf)
    use_probes = width is not None and size > EXACT_BLOCK_LIMIT
    if use_probes:
        probes = _probe(solver, block, rhs, seed)
        solved += len(probes)
        if probes:
            seen = np.vstack(probes)
            seen_low, seen_high = seen.min(axis=0), seen.max(axis=0)
    for variable in range(size):
        if use_probes and _proven(seen_low[variable], seen_high[variable], width):
            lower[variable], upper[variable] = seen_low[variable], seen_high[variable]
            exact[variable] = False
            continue
        for sense in (1.0, -1.0):
            costs[variable] = sense
            solver.changeColsCost(size, columns, costs)
            solver.run()
            solved += 1
            status = solver.getModelStatus()
            if status == _STATUS.kOptimal:
                bound = sense * solver.getInfo().objective_function_value
                if sense > 0:
                    lower[variable] = bound
                else:
                    upper[variable] = bound
                if use_probes:
                    # this optimum is a feasible point too: it may prove later variables
                    point = np.asarray(solver.getSolution().col_value)
                    seen_low = np.minimum(seen_low, point)
                    seen_high = np.maximum(seen_high, point)
            elif status in _UNBOUNDED and sense < 0:
                upper[variable] = np.inf
            else:
                failures.append(f"HiGHS status {solver.modelStatusToString(status)}")
                if status == _STATUS.kInfeasible:
                    # An infeasible block stays infeasible for every objective.
                    return BlockBounds(lower, upper, exact, failures, solved)
        costs[variable] = 0.0
    return BlockBounds(lower, upper, exact, failures, solved)


def _proven(seen_low: float, seen_high: float, width: float) -> bool:
    """Two feasible points at least `width` apart, the higher at least `width`."""
    return bool(seen_high - seen_low >= width - TOLERANCE and seen_high >= width - TOLERANCE)


def _probe(solver: highspy.Highs, block: sp.csc_matrix, rhs: np.ndarray,
           seed: int) -> list[np.ndarray]:
    """Feasible points of the block from a few objectives, every variable capped finite.

    The cap (ten times the largest right-hand side, plus one) only removes points, so every
    point found is feasible for the uncapped system. The caps are lifted before returning.
    """
    size = block.shape[1]
    columns = np.arange(size, dtype=np.int32)
    cap = 10.0 * float(np.abs(rhs).max(initial=0.0)) + 1.0
    solver.changeColsBounds(size, columns, np.zeros(size), np.full(size, cap))
    rng = np.random.default_rng(seed)
    objectives = [np.ones(size), -np.ones(size)]
    objectives += [rng.choice((-1.0, 1.0), size) for _ in range(N_RANDOM_PROBES)]
    points = []
    for objective in objectives:
        solver.changeColsCost(size, columns, objective)
        solver.run()
        if solver.getModelStatus() == _STATUS.kOptimal:
            points.append(np.asarray(solver.getSolution().col_value))
    solver.changeColsBounds(size, columns, np.zeros(size), np.full(size, highspy.kHighsInf))
    return points


def _load(block: sp.csc_matrix, rhs: np.ndarray) -> highspy.Highs:
    """One HiGHS model of `block @ x = rhs`, `x >= 0`, silent, objective all zeros."""
    block = sp.csc_matrix(block)
    n_rows, n_cols = block.shape
    model = highspy.HighsLp()
    model.num_col_ = n_cols
    model.num_row_ = n_rows
    model.col_cost_ = np.zeros(n_cols)
    model.col_lower_ = np.zeros(n_cols)
    model.col_upper_ = np.full(n_cols, highspy.kHighsInf)
    model.row_lower_ = np.asarray(rhs, dtype=float)
    model.row_upper_ = np.asarray(rhs, dtype=float)
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = block.indptr.astype(np.int32)
    model.a_matrix_.index_ = block.indices.astype(np.int32)
    model.a_matrix_.value_ = block.data.astype(float)
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(model)
    return solver
