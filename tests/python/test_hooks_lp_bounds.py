"""The probe shortcut of the LP bounds: same verdict per cell as the exact bounds.

A random sparse system of additive relations is built around a known non-negative point, so
it is feasible; its block is larger than `EXACT_BLOCK_LIMIT`, so the probes are used. Every
variable the probes prove protected must be protected under its exact bounds too, with the
inner interval inside the exact one; every other variable keeps its exact bounds.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from python_hooks.lp_bounds import EXACT_BLOCK_LIMIT, variable_bounds

WIDTH = 11


def _relations(n_variables: int, n_relations: int, seed: int) -> tuple[sp.csc_matrix, np.ndarray]:
    """Totals = sums of 2..6 variables each (plus-one rows), around a point of small counts."""
    rng = np.random.default_rng(seed)
    point = rng.integers(0, 30, n_variables).astype(float)
    rows, cols = [], []
    for relation in range(n_relations):
        members = rng.choice(n_variables, size=rng.integers(2, 7), replace=False)
        rows += [relation] * len(members)
        cols += list(members)
    matrix = sp.csc_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_relations, n_variables))
    return matrix, matrix @ point


def test_probes_prove_only_cells_the_exact_bounds_protect() -> None:
    block, rhs = _relations(EXACT_BLOCK_LIMIT + 150, 260, seed=3)
    exact = variable_bounds(block, rhs)
    fast = variable_bounds(block, rhs, width=WIDTH)
    assert exact.exact.all() and not exact.failures and not fast.failures
    proven = ~fast.exact
    assert proven.sum() > 0, "the probes proved nothing: the shortcut is not exercised"
    exact_protected = (exact.upper - exact.lower >= WIDTH) & (exact.upper >= WIDTH)
    assert exact_protected[proven].all()
    assert (fast.lower[proven] >= exact.lower[proven] - 1e-6).all()
    assert (fast.upper[proven] <= exact.upper[proven] + 1e-6).all()
    np.testing.assert_allclose(fast.lower[~proven], exact.lower[~proven], atol=1e-6)
    np.testing.assert_allclose(fast.upper[~proven], exact.upper[~proven], atol=1e-6)
    assert fast.n_solved < exact.n_solved


def test_small_blocks_are_always_exact() -> None:
    block, rhs = _relations(40, 30, seed=5)
    fast = variable_bounds(block, rhs, width=WIDTH)
    assert fast.exact.all()
    exact = variable_bounds(block, rhs)
    np.testing.assert_allclose(fast.lower, exact.lower, atol=1e-6)
    np.testing.assert_allclose(fast.upper, exact.upper, atol=1e-6)


def test_an_infeasible_block_fails_with_nan_bounds() -> None:
    block, rhs = _relations(EXACT_BLOCK_LIMIT + 10, 50, seed=7)
    rhs = rhs.copy()
    rhs[0] = -5.0  # a total below zero cannot be a sum of counts
    result = variable_bounds(block, rhs, width=WIDTH)
    assert result.failures
    assert np.isnan(result.lower).all() and np.isnan(result.upper).all()
