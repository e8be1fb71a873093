"""Column roles of a published table (python_hooks/roles.py): declared, never guessed."""

from __future__ import annotations

import pandas as pd
import pytest

from python_hooks.roles import parse_roles, suppressed_mask

TABLE = pd.DataFrame(
    {
        "indicator": ["hba1c_3"],
        "age_band": ["40-64"],
        "condition": ["diabetes"],
        "n_followed": [20],
        "n_patients": [40],
        "share_followed": [0.5],
        "mean_age": [58.2],
    }
)
ROLES = {
    "indicator": "dimension",
    "age_band": "quasi_identifier",
    "condition": "sensitive",
    "n_followed": "count",
    "n_patients": "count",
    "share_followed": {"role": "rate", "numerator": "n_followed", "denominator": "n_patients"},
    "mean_age": "measure",
}


def test_columns_are_grouped_by_their_declared_role():
    roles = parse_roles(ROLES, TABLE)
    assert roles.classification == ("indicator", "age_band", "condition")
    assert roles.counts == ("n_followed", "n_patients")
    assert roles.measures == ("share_followed", "mean_age")
    assert roles.numeric == ("n_followed", "n_patients", "share_followed", "mean_age")
    assert [(r.column, r.numerator, r.denominator) for r in roles.rates] == [
        ("share_followed", "n_followed", "n_patients")
    ]


def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="unknown roles"):
        parse_roles({**ROLES, "mean_age": "average"}, TABLE)


def test_declared_column_absent_from_the_table_is_refused():
    with pytest.raises(ValueError, match="absent"):
        parse_roles({**ROLES, "sex": "quasi_identifier"}, TABLE)


def test_rate_over_a_column_that_is_not_a_count_is_refused():
    spec = {"role": "rate", "numerator": "n_followed", "denominator": "mean_age"}
    with pytest.raises(ValueError, match="count columns"):
        parse_roles({**ROLES, "share_followed": spec}, TABLE)


def test_role_mapping_without_a_role_key_is_refused():
    with pytest.raises(ValueError, match="'role' key"):
        parse_roles({**ROLES, "mean_age": {"kind": "measure"}}, TABLE)


def test_missing_flag_column_means_no_row_is_suppressed():
    assert not suppressed_mask(TABLE, "is_suppressed").any()


def test_null_flag_reads_as_not_suppressed():
    flags = pd.DataFrame({"is_suppressed": pd.array([True, None, False], dtype="boolean")})
    assert suppressed_mask(flags, "is_suppressed").tolist() == [True, False, False]


@pytest.mark.parametrize("values", [["true", "false"], [1, 0]])
def test_non_boolean_flag_is_refused(values):
    with pytest.raises(ValueError, match="not boolean"):
        suppressed_mask(pd.DataFrame({"is_suppressed": values}), "is_suppressed")
