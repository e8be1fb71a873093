"""Column roles of a published table: which columns classify cells and which hold counts.

A published table is a list of cells. Its columns are declared in a role map
`{column: role}`; the hooks never guess a role from a column name or dtype, because a wrong
guess (a count read as a label) would silently skip the threshold check.

Roles:
    dimension: a classification variable that is neither known about a person nor sensitive
        (e.g. the indicator shown); treated like a quasi-identifier by the risk score, which
        is the cautious reading.
    quasi_identifier: a classification variable an attacker may know (age band, sex,
        département, year; privacy.md §4 "QIs for pathway tables").
    sensitive: a classification variable revealing health information (condition, outcome).
    count: a count of patients or stays, subject to the primary threshold and to additivity.
    measure: any other published number (mean, share); it must be NULL on suppressed rows.
    rate: a measure computed from two count columns of the same row, declared as a mapping
        `{"role": "rate", "numerator": col, "denominator": col}` so that the threshold check
        can apply the rate rule (numerator, denominator and their difference outside 1..k-1).
        A rate is also a measure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

DIMENSION = "dimension"
QUASI_IDENTIFIER = "quasi_identifier"
SENSITIVE = "sensitive"
COUNT = "count"
MEASURE = "measure"
RATE = "rate"
ROLES = (DIMENSION, QUASI_IDENTIFIER, SENSITIVE, COUNT, MEASURE, RATE)
CLASSIFICATION_ROLES = (DIMENSION, QUASI_IDENTIFIER, SENSITIVE)


RoleSpec = str | Mapping[str, str]


@dataclass(frozen=True)
class RateSpec:
    """A rate column and the count columns (same row) it is computed from."""

    column: str
    numerator: str
    denominator: str


@dataclass(frozen=True)
class TableRoles:
    """Columns of one table grouped by role, in the order of the role map."""

    dimensions: tuple[str, ...]
    quasi_identifiers: tuple[str, ...]
    sensitive: tuple[str, ...]
    counts: tuple[str, ...]
    measures: tuple[str, ...]
    rates: tuple[RateSpec, ...] = ()

    @property
    def classification(self) -> tuple[str, ...]:
        """Every column that classifies a cell: dimensions, quasi-identifiers, sensitive."""
        return self.dimensions + self.quasi_identifiers + self.sensitive

    @property
    def numeric(self) -> tuple[str, ...]:
        """Columns that must be NULL on a suppressed row: counts and measures."""
        return self.counts + self.measures


def parse_roles(
    role_map: Mapping[str, RoleSpec], table: pd.DataFrame | None = None
) -> TableRoles:
    """Group a role map by role; check role names and, if a table is given, that columns exist.

    Raises `ValueError` on an unknown role, a rate whose numerator or denominator is not a
    declared count column, or a declared column missing from the table.
    """
    plain = {column: _role_name(spec) for column, spec in role_map.items()}
    unknown = {column: role for column, role in plain.items() if role not in ROLES}
    if unknown:
        raise ValueError(f"unknown roles {unknown}; expected one of {ROLES}")
    if table is not None:
        missing = [column for column in role_map if column not in table.columns]
        if missing:
            raise ValueError(f"columns declared in the role map but absent: {missing}")

    def having(*roles: str) -> tuple[str, ...]:
        return tuple(column for column, declared in plain.items() if declared in roles)

    counts = having(COUNT)
    rates = tuple(_rate(column, role_map[column], counts) for column in having(RATE))
    return TableRoles(
        dimensions=having(DIMENSION),
        quasi_identifiers=having(QUASI_IDENTIFIER),
        sensitive=having(SENSITIVE),
        counts=counts,
        measures=having(MEASURE, RATE),
        rates=rates,
    )


def _role_name(spec: RoleSpec) -> str:
    if isinstance(spec, str):
        return spec
    if isinstance(spec, Mapping) and "role" in spec:
        return str(spec["role"])
    raise ValueError(f"role must be a string or a mapping with a 'role' key, got {spec!r}")


def _rate(column: str, spec: RoleSpec, counts: tuple[str, ...]) -> RateSpec:
    """A rate must name its numerator and denominator, both count columns of the table."""
    if not isinstance(spec, Mapping):
        raise ValueError(f"rate {column!r} must be declared with numerator and denominator")
    numerator, denominator = spec.get("numerator"), spec.get("denominator")
    if numerator not in counts or denominator not in counts:
        raise ValueError(
            f"rate {column!r}: numerator {numerator!r} and denominator {denominator!r} "
            "must be count columns of the same table"
        )
    return RateSpec(column=column, numerator=str(numerator), denominator=str(denominator))


def suppressed_mask(table: pd.DataFrame, flag_column: str) -> pd.Series:
    """Boolean mask of suppressed rows; a missing flag column means no row is suppressed.

    The flag must have a boolean dtype (NULL flags read as "not suppressed" here and are
    reported as violations by the threshold check). Any other dtype raises `ValueError`:
    a text flag such as "false" must not be read as true, nor guessed.
    """
    if flag_column not in table.columns:
        return pd.Series(False, index=table.index)
    flags = table[flag_column]
    if not pd.api.types.is_bool_dtype(flags.dtype):
        raise ValueError(f"suppression flag {flag_column!r} has dtype {flags.dtype}, not boolean")
    return flags.fillna(False).astype(bool)
