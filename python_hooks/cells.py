"""Linked additive cells: one variable per published quantity, and the sums that tie them.

Published tables share margins (privacy.md §5.2: "all published tables that share a margin
form one linked-table problem"). This module turns a set of tables into that single problem:

* A **cell** is one count column at one point of the union of all classification
  dimensions. A dimension a table does not have is read as its total (the `all` marker), so
  the row `(region=IDF, sex=all)` of a region x sex table and the row `(region=IDF, age=all)`
  of a region x age table are the same cell when they count the same column. Tables are
  therefore linked through their count column name: tables counting different populations
  must say so with a dimension or a distinct count column name.
* A **relation** states that a total equals the sum of its children along one dimension:
  the `all` value is the parent of every other value, and a hierarchy mapping
  (département -> region, region -> `all`) adds levels. When a level is missing for a group
  of cells (a table with départements and France but no regions), children attach to their
  nearest published ancestor, so `France = sum of départements` is still derived.

Assumption (documented limitation): each table is complete along its dimensions; a row that
no table publishes counts zero. A table restricted to a subset (a "top 10") breaks the
relations and must not be linked.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from python_hooks.config import DisclosureConfig
from python_hooks.roles import RoleSpec, parse_roles, suppressed_mask

logger = logging.getLogger(__name__)

#: Text standing for a NULL dimension value, which stays a category of its own (dropna=False).
NULL_CATEGORY = "<NULL>"

Hierarchies = Mapping[str, Mapping[object, object]]


class LinkError(ValueError):
    """Raised when tables cannot be linked consistently (two values for one cell)."""


@dataclass(frozen=True)
class LinkedCells:
    """All cells of a set of linked tables and the additive relations between them.

    Attributes:
        dimensions: union of classification columns, in first-seen order.
        cells: one row per cell: `count_column`, one text column per dimension, `value`
            (published count, NaN when no table publishes it), `true_value` (the count given
            to `link_tables`, NaN where the input row was suppressed), `unit` (integer id of
            the dimension point, shared by the count columns of one row), `tables`.
        relations: sparse matrix, one row per relation, one column per cell: +1 on the total,
            -1 on each child, so that `relations @ x = 0` for the true counts.
        relation_dimension: the dimension each relation sums along.
    """

    dimensions: tuple[str, ...]
    cells: pd.DataFrame
    relations: sp.csr_matrix
    relation_dimension: np.ndarray

    @property
    def n_cells(self) -> int:
        return len(self.cells)

    def coordinates(self, cell: int) -> dict[str, str]:
        """Dimension values of one cell, totals included."""
        row = self.cells.iloc[cell]
        return {dimension: row[dimension] for dimension in self.dimensions}


def link_tables(
    tables: Mapping[str, pd.DataFrame],
    roles: Mapping[str, Mapping[str, RoleSpec]],
    config: DisclosureConfig,
    hierarchies: Hierarchies | None = None,
) -> LinkedCells:
    """Build the linked-cell problem of a release.

    `roles[name]` is the role map of `tables[name]`; `hierarchies` maps a dimension column to
    a `{child value: parent value}` mapping (values absent from the keys hang under the total).
    A cell published by any table is known; a cell known only as suppressed is unknown.
    Raises `LinkError` when two tables publish different values for one cell.
    """
    hierarchies = hierarchies or {}
    marker = config.total_marker
    frames = []
    dimensions: list[str] = []
    for name, table in tables.items():
        parsed = parse_roles(roles[name], table)
        for dimension in parsed.classification:
            if dimension not in dimensions:
                dimensions.append(dimension)
        frames.append((name, table.reset_index(drop=True), parsed))

    long_parts = []
    for name, table, parsed in frames:
        if not parsed.counts:
            continue
        suppressed = suppressed_mask(table, config.suppressed_flag).to_numpy()
        coordinates = {
            dimension: (
                coordinate_text(table[dimension])
                if dimension in parsed.classification
                else pd.Series(marker, index=table.index, dtype=object)
            )
            for dimension in dimensions
        }
        for count_column in parsed.counts:
            counts = pd.to_numeric(table[count_column], errors="raise").astype(float)
            part = pd.DataFrame(coordinates)
            part.insert(0, "count_column", count_column)
            part["true_value"] = np.where(suppressed, np.nan, counts.to_numpy())
            part["known"] = ~suppressed & counts.notna().to_numpy()
            part["tables"] = name
            long_parts.append(part)

    if not long_parts:
        empty = pd.DataFrame(columns=["count_column", *dimensions, "value", "true_value"])
        return LinkedCells(tuple(dimensions), empty, sp.csr_matrix((0, 0)), np.array([]))

    key = ["count_column", *dimensions]
    long = pd.concat(long_parts, ignore_index=True)
    cells = _merge_cells(long, key)
    cells["unit"] = cells.groupby(list(dimensions), sort=False, dropna=False).ngroup()
    relations, relation_dimension = _derive_relations(
        cells, dimensions, marker, {dim: _normalise_hierarchy(dim, h) for dim, h in hierarchies.items()}
    )
    logger.info(
        "linked %d tables: %d cells, %d suppressed, %d additive relations",
        len(frames),
        len(cells),
        int(cells["value"].isna().sum()),
        relations.shape[0],
    )
    return LinkedCells(tuple(dimensions), cells, relations, relation_dimension)


def coordinate_text(values: pd.Series) -> pd.Series:
    """Dimension values as text, so that 2022 in one table and "2022" in another match.

    Integral floats lose their ".0" (a year read as float after a NULL); NULL becomes
    `NULL_CATEGORY`, kept as a category of its own.
    """
    uniques = pd.unique(values.dropna())
    mapping = {value: _text(value) for value in uniques}
    text = values.map(mapping).astype(object)
    text[values.isna()] = NULL_CATEGORY
    return text


def _text(value: object) -> str:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _merge_cells(long: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """One row per cell; a cell published anywhere is known, conflicting values raise."""
    known = long[long["known"]]
    spread = known.groupby(key, sort=False, dropna=False)["true_value"].agg(["min", "max"])
    conflicts = spread[spread["min"] != spread["max"]]
    if len(conflicts):
        raise LinkError(
            f"{len(conflicts)} cells are published with different values in linked tables "
            f"(missing dimension in a role map?), e.g. {conflicts.index[0]}"
        )
    grouped = long.groupby(key, sort=False, dropna=False)
    cells = grouped.agg(
        true_value=("true_value", "max"),
        known=("known", "any"),
        tables=("tables", lambda names: ",".join(dict.fromkeys(names))),
    ).reset_index()
    cells["value"] = np.where(cells["known"], cells["true_value"], np.nan)
    return cells.drop(columns="known")


def _normalise_hierarchy(dimension: str, mapping: Mapping[object, object]) -> dict[str, str]:
    """Hierarchy as text, checked for cycles."""
    parents = {_text(child): _text(parent) for child, parent in mapping.items()}
    for start in parents:
        seen = {start}
        node = start
        while node in parents:
            node = parents[node]
            if node in seen:
                raise ValueError(f"hierarchy of {dimension!r} has a cycle through {node!r}")
            seen.add(node)
    return parents


def _ancestor_levels(
    values: pd.Series, marker: str, parents: Mapping[str, str]
) -> list[pd.Series]:
    """For each value, its ancestors from nearest to the total (NaN past the root)."""
    chains: dict[str, list[str]] = {}
    for value in pd.unique(values):
        chain: list[str] = []
        node = value
        while node != marker:
            node = parents.get(node, marker)
            chain.append(node)
        chains[value] = chain
    depth = max((len(chain) for chain in chains.values()), default=0)
    return [
        values.map({value: chain[level] for value, chain in chains.items() if level < len(chain)})
        for level in range(depth)
    ]


def _derive_relations(
    cells: pd.DataFrame,
    dimensions: tuple[str, ...] | list[str],
    marker: str,
    hierarchies: Mapping[str, Mapping[str, str]],
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Every total = sum of its children along each dimension, as a sparse +1/-1 matrix."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    data: list[np.ndarray] = []
    relation_dimension: list[str] = []
    n_relations = 0
    cell_index = np.arange(len(cells))
    for dimension in dimensions:
        others = ["count_column", *[d for d in dimensions if d != dimension]]
        group = cells.groupby(others, sort=False, dropna=False).ngroup().to_numpy()
        values = cells[dimension]
        present = pd.DataFrame({"group": group, "candidate": values, "parent_cell": cell_index})
        parent_cell = np.full(len(cells), -1)
        for ancestors in _ancestor_levels(values, marker, hierarchies.get(dimension, {})):
            todo = (parent_cell < 0) & ancestors.notna().to_numpy()
            if not todo.any():
                continue
            lookup = pd.DataFrame(
                {"group": group[todo], "candidate": ancestors[todo].to_numpy(), "child": cell_index[todo]}
            ).merge(present, on=["group", "candidate"], how="inner")
            parent_cell[lookup["child"].to_numpy()] = lookup["parent_cell"].to_numpy()
        children = np.flatnonzero(parent_cell >= 0)
        if not len(children):
            continue
        totals, relation_of_child = np.unique(parent_cell[children], return_inverse=True)
        relation_ids = n_relations + np.arange(len(totals))
        rows += [relation_ids, relation_ids[relation_of_child]]
        cols += [totals, children]
        data += [np.ones(len(totals)), -np.ones(len(children))]
        relation_dimension += [dimension] * len(totals)
        n_relations += len(totals)
    if n_relations == 0:
        return sp.csr_matrix((0, len(cells))), np.array([], dtype=object)
    matrix = sp.csr_matrix(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_relations, len(cells)),
    )
    return matrix, np.array(relation_dimension, dtype=object)
