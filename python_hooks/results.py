"""Result types shared by every check of the release gate.

Each check returns one `CheckResult`; the gate collects them into a `GateReport`. Both are
plain dataclasses whose `to_dict` is JSON-serialisable, so the future `release.json` can
embed them unchanged (privacy.md §10, point 6: machine-readable release report).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

#: A published table and its role map `{column: role}` (from the dbt YAML `meta` later).
Table = tuple[pd.DataFrame, Mapping[str, Any]]

#: Failures listed per check beyond which only the total is kept (reports stay readable).
MAX_LISTED_FAILURES = 50


@dataclass
class CheckResult:
    """Outcome of one check.

    Attributes:
        name: check name (`threshold`, `lp_audit`, `risk`, `pii`, `schema`).
        passed: True only if the check ran to its end and found nothing.
        figures: JSON-serialisable metrics of the check (counts, risks, timings).
        failures: human-readable violations, at most `MAX_LISTED_FAILURES` of them; the
            total is in `figures["n_failures"]`.
        error: the exception text when the check could not complete (then `passed` is False).
    """

    name: str
    passed: bool
    figures: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "passed": self.passed,
            "figures": to_json(self.figures),
            "failures": list(self.failures),
            "error": self.error,
        }


def finish(name: str, figures: dict[str, Any], failures: list[str]) -> CheckResult:
    """Build a completed check's result: it passes exactly when there is no failure."""
    figures = {**figures, "n_failures": len(failures)}
    return CheckResult(
        name=name,
        passed=not failures,
        figures=figures,
        failures=failures[:MAX_LISTED_FAILURES],
    )


@dataclass
class GateReport:
    """All check results of one release; `passed` only if every check ran and passed."""

    checks: list[CheckResult]
    config: dict[str, Any]

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(
            check.passed and check.error is None for check in self.checks
        )

    def check(self, name: str) -> CheckResult:
        """The result of the check called `name` (KeyError if it did not run)."""
        for result in self.checks:
            if result.name == name:
                return result
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "config": to_json(self.config),
            "checks": [check.to_dict() for check in self.checks],
        }


def to_json(value: Any) -> Any:
    """Recursively convert numpy scalars, tuples and non-finite floats to JSON values."""
    if isinstance(value, Mapping):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_json(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
