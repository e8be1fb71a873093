"""Thresholds of the disclosure-control hooks, with the project's safe defaults.

Every figure that decides whether a release may leave the warehouse lives here, so that a
reviewer reads one object to know what the gate enforced. Sources of the defaults are in
`shared/domain/privacy.md` (section numbers below). A configuration is built from a plain
mapping (for instance a parsed YAML file); unknown keys are rejected so that a typo such as
`kmin: 5` cannot silently leave the default in force while the author believes it changed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

logger = logging.getLogger(__name__)

#: Lowest primary threshold the library accepts: counts of 1-10 are masked (CASD rule for
#: PMSI outputs, ATIH ScanSanté, HDH on-demand queries; privacy.md §1). The project never
#: lowers it, so a configuration asking for less is refused rather than obeyed.
LEGAL_K_FLOOR = 11


@dataclass(frozen=True)
class DisclosureConfig:
    """Thresholds applied by every check of the release gate.

    Attributes:
        k_min: smallest publishable count of patients or stays; counts in 1..k_min-1 are
            masked (privacy.md §1, "Primary threshold"). Never below `LEGAL_K_FLOOR`.
        risk_threshold: prosecutor re-identification risk threshold t used for "records at
            risk" (EMA Policy 0070 and Health Canada use 0.09; privacy.md §2). Note that a class
            of exactly 11 records has risk 1/11 = 0.0909 > 0.09, so it is reported as at risk;
            the gate's pass rule is k >= k_min, which the project equates with t (privacy.md §1).
        homogeneity_share: a class in which one sensitive value reaches this share of records
            is homogeneous, an inference disclosure (privacy.md §5.4, *proposed* 0.95).
        presidio_score: minimum presidio score for a finding to count (privacy.md §6, where
            0.5 keeps four-digit counts from being read as phone numbers).
        audit_protection_width: minimal width U - L (and minimal upper bound U) of the
            interval an attacker can derive for a suppressed cell (privacy.md §5.1, *proposed*
            default: equal to k_min). `None` means "use k_min".
        total_marker: dimension value that marks a total (margin) along that dimension.
        suppressed_flag: name of the boolean column that marks a suppressed row; a suppressed
            row has NULL counts and measures and is never raised to k (STYLE.md §3).
        presidio_batch_size: values per spaCy batch in the presidio scan (privacy.md §6 measured
            1.3 ms per value with batches of 256).
    """

    k_min: int = LEGAL_K_FLOOR
    risk_threshold: float = 0.09
    homogeneity_share: float = 0.95
    presidio_score: float = 0.5
    audit_protection_width: int | None = None
    total_marker: str = "all"
    suppressed_flag: str = "is_suppressed"
    presidio_batch_size: int = 256

    def __post_init__(self) -> None:
        _require_int("k_min", self.k_min)
        if self.k_min < LEGAL_K_FLOOR:
            raise ValueError(
                f"k_min={self.k_min} is below the legal floor {LEGAL_K_FLOOR} "
                "(counts 1-10 must be masked, privacy.md §1)"
            )
        _require_fraction("risk_threshold", self.risk_threshold)
        _require_fraction("homogeneity_share", self.homogeneity_share)
        if self.homogeneity_share <= 0.5:
            raise ValueError("homogeneity_share must exceed 0.5 to describe a dominant value")
        _require_fraction("presidio_score", self.presidio_score)
        if self.audit_protection_width is not None:
            _require_int("audit_protection_width", self.audit_protection_width)
            if self.audit_protection_width < 1:
                raise ValueError("audit_protection_width must be a positive integer")
            if self.audit_protection_width < self.k_min:
                logger.warning(
                    "audit protection width %d is narrower than k_min %d",
                    self.audit_protection_width,
                    self.k_min,
                )
        for name in ("total_marker", "suppressed_flag"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise ValueError(f"{name} must be a non-empty string")
        _require_int("presidio_batch_size", self.presidio_batch_size)
        if self.presidio_batch_size < 1:
            raise ValueError("presidio_batch_size must be a positive integer")

    @property
    def protection_width(self) -> int:
        """Width the LP audit demands of every suppressed cell (k_min unless overridden)."""
        if self.audit_protection_width is None:
            return self.k_min
        return self.audit_protection_width

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> DisclosureConfig:
        """Build a configuration from a mapping such as a parsed YAML document.

        Missing keys keep their default; unknown keys raise `ValueError` naming them.
        """
        values = dict(values or {})
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown disclosure configuration keys: {', '.join(unknown)}")
        config = cls(**values)
        logger.debug("disclosure configuration: %s", config.to_dict())
        return config

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable view, with the effective protection width spelled out."""
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        data["audit_protection_width"] = self.protection_width
        return data


def _require_int(name: str, value: object) -> None:
    # bool is a subclass of int: `k_min: true` in YAML must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")


def _require_fraction(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not 0 < value <= 1:
        raise ValueError(f"{name} must lie in (0, 1], got {value!r}")
