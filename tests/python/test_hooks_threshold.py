"""Primary threshold check (python_hooks/threshold.py): no published count of 1..k-1.

Every table below is hand-made; the expected outcome follows from the rule of privacy.md §1
(counts 1-10 masked, 0 publishable) and §5.2 (a rate needs numerator, denominator and their
difference outside 1..k-1), not from the module's output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from python_hooks.config import DisclosureConfig
from python_hooks.threshold import check_threshold

ROLES = {"age_band": "quasi_identifier", "sex": "quasi_identifier", "n_patients": "count"}
RATE_ROLES = {
    "indicator": "dimension",
    "n_followed": "count",
    "n_patients": "count",
    "share_followed": {"role": "rate", "numerator": "n_followed", "denominator": "n_patients"},
}
CONFIG = DisclosureConfig()


def counts_table(
    counts: list[float | None], flags: list[bool | None] | None = None
) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "age_band": ["40-64"] * len(counts),
            "sex": [str(i) for i in range(1, len(counts) + 1)],
            "n_patients": pd.array(counts, dtype="Float64"),
        }
    )
    if flags is not None:
        table["is_suppressed"] = pd.array(flags, dtype="boolean")
    return table


def rate_table(followed: float, patients: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["hba1c_3"],
            "n_followed": [followed],
            "n_patients": [patients],
            "share_followed": [followed / patients],
        }
    )


def run(table: pd.DataFrame, roles: dict = ROLES, config: DisclosureConfig = CONFIG):
    return check_threshold({"t": (table, roles)}, config)


def test_published_count_of_3_fails():
    result = run(counts_table([120, 3]))
    assert not result.passed
    assert result.figures["n_failures"] == 1
    assert "1..10" in result.failures[0]


def test_suppressed_row_with_null_counts_and_flag_passes():
    result = run(counts_table([120, None], flags=[False, True]))
    assert result.passed
    assert result.figures["tables"]["t"]["n_suppressed_rows"] == 1


def test_suppressed_row_still_showing_its_count_fails():
    result = run(counts_table([120, 3], flags=[False, True]))
    assert not result.passed
    assert any("must be NULL" in failure for failure in result.failures)


def test_count_raised_to_11_without_flag_is_not_a_threshold_violation():
    assert run(counts_table([120, 11], flags=[False, False])).passed


def test_null_count_without_flag_fails():
    result = run(counts_table([120, None], flags=[False, False]))
    assert not result.passed
    assert any("not flagged" in failure for failure in result.failures)


def test_null_count_in_table_without_flag_column_fails():
    assert not run(counts_table([120, None])).passed


def test_null_flag_fails():
    result = run(counts_table([120, None], flags=[False, None]))
    assert not result.passed
    assert any("NULL is_suppressed" in failure for failure in result.failures)


def test_zero_count_passes():
    assert run(counts_table([0, 25, 11])).passed


def test_fractional_count_below_k_fails():
    assert not run(counts_table([0.5, 25])).passed


def test_negative_count_fails():
    assert not run(counts_table([-12, 25])).passed


def test_count_of_12_fails_when_k_is_raised_to_15():
    assert run(counts_table([12])).passed
    assert not run(counts_table([12]), config=DisclosureConfig(k_min=15)).passed


def test_nullable_integer_counts_from_duckdb_are_read():
    table = counts_table([40, None], flags=[False, True])
    table["n_patients"] = pd.array([40, None], dtype="Int32")
    assert run(table).passed


def test_rate_of_100_percent_over_8_patients_fails_on_the_rate_rule():
    result = run(rate_table(followed=8, patients=8), RATE_ROLES)
    assert not result.passed
    assert any(failure.startswith("t.share_followed:") for failure in result.failures)


def test_rate_whose_counts_differ_by_3_fails():
    # 20 and 23 both publishable, but 23 - 20 = 3 patients are not followed.
    result = run(rate_table(followed=20, patients=23), RATE_ROLES)
    assert not result.passed
    assert result.failures
    assert all(failure.startswith("t.share_followed:") for failure in result.failures)


def test_difference_of_3_fails_even_when_the_rate_itself_is_hidden():
    table = rate_table(followed=20, patients=23)
    table["share_followed"] = np.nan
    assert not run(table, RATE_ROLES).passed


def test_rate_with_counts_and_difference_of_at_least_11_passes():
    assert run(rate_table(followed=20, patients=31), RATE_ROLES).passed


def test_rate_of_100_percent_over_12_patients_passes_the_threshold():
    # Difference 0 is publishable; a unanimous cell is the homogeneity check's job (risk.py).
    assert run(rate_table(followed=12, patients=12), RATE_ROLES).passed


def test_rate_published_while_its_numerator_is_hidden_fails():
    table = pd.DataFrame(
        {
            "indicator": ["hba1c_3"],
            "n_followed": [np.nan],
            "n_patients": [40.0],
            "share_followed": [0.1],
            "is_suppressed": [False],
        }
    )
    result = run(table, RATE_ROLES)
    assert any("hidden" in failure for failure in result.failures)


def test_violation_in_one_of_two_tables_fails_the_check():
    tables = {
        "clean": (counts_table([120, 40]), ROLES),
        "leaky": (counts_table([120, 4]), ROLES),
    }
    result = check_threshold(tables, CONFIG)
    assert not result.passed
    assert all(failure.startswith("leaky.") for failure in result.failures)


# Fail closed: malformed input raises ValueError (parse_roles, `_check_table`, `_numeric`).


def test_unknown_role_raises():
    with pytest.raises(ValueError, match="unknown roles"):
        run(counts_table([120]), {**ROLES, "n_patients": "cnt"})


def test_declared_column_missing_from_table_raises():
    with pytest.raises(ValueError, match="absent"):
        run(counts_table([120]), {**ROLES, "n_stays": "count"})


def test_text_suppression_flag_raises():
    table = counts_table([120, None])
    table["is_suppressed"] = ["false", "true"]
    with pytest.raises(ValueError, match="not boolean"):
        run(table)


def test_integer_suppression_flag_raises():
    table = counts_table([120, None])
    table["is_suppressed"] = [0, 1]
    with pytest.raises(ValueError, match="not boolean"):
        run(table)


def test_suppression_marker_text_in_a_count_column_raises():
    table = counts_table([120, 40])
    table["n_patients"] = ["120", "<11"]
    with pytest.raises(ValueError):
        run(table)


def test_rate_without_numerator_and_denominator_raises():
    roles = {**RATE_ROLES, "share_followed": "rate"}
    with pytest.raises(ValueError, match="numerator"):
        run(rate_table(followed=20, patients=31), roles)
