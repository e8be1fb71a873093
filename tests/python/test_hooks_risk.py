"""Re-identification risk (python_hooks/risk.py) against ARX adult and hand-made tables.

Reference figures for adult.csv are those of shared/fixtures/README.md (ARX's own test suite
and pycanon); the small tables are built so that every figure can be worked out by hand with
the definitions of privacy.md §4.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from python_hooks.config import DisclosureConfig
from python_hooks.risk import class_metrics, check_risk

ADULT = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "adult.csv"
CONFIG = DisclosureConfig()


@pytest.fixture(scope="module")
def adult() -> pd.DataFrame:
    return pd.read_csv(ADULT, sep=";")


def test_adult_fixture_has_the_documented_shape(adult):
    assert adult.shape == (30_162, 9)


def test_adult_matches_arx_and_pycanon_reference_figures(adult):
    metrics = class_metrics(adult, list(adult.columns))
    assert metrics.n_classes == 19_502
    assert metrics.n_records == 30_162
    assert metrics.avg_risk_record_weighted == pytest.approx(0.6465751607983555, abs=1e-12)
    assert metrics.share_unique == pytest.approx(0.5142895033485844, abs=1e-12)
    assert metrics.avg_risk_class_weighted == pytest.approx(0.87234, abs=5e-6)
    assert metrics.k == 1
    assert metrics.highest_risk == 1.0


def test_adult_as_a_microdata_table_fails_the_gate_with_the_same_figures(adult):
    roles = {column: "quasi_identifier" for column in adult.columns}
    result = check_risk({"adult": (adult, roles)}, CONFIG)
    assert not result.passed
    view = result.figures["views"]["adult"]
    assert view["avg_risk_record_weighted"] == pytest.approx(0.6465751607983555, abs=1e-12)
    assert view["avg_risk_class_weighted"] == pytest.approx(0.8723, abs=1e-4)


# Microdata, classes on (age_band, sex) of sizes 2, 3, 5 and 12; n = 22.
#   k = 2, highest risk 1/2; at t = 0.09 the classes of 2, 3 and 5 are at risk (1/12 < 0.09),
#   records at risk = 10/22; record-weighted average = 4/22;
#   class-weighted average = (1/2 + 1/3 + 1/5 + 1/12) / 4 = 67/240.

CLASS_SIZES = {("0-39", "1"): 2, ("0-39", "2"): 3, ("40+", "1"): 5, ("40+", "2"): 12}


def microdata(sizes: dict[tuple[str, str], int]) -> pd.DataFrame:
    rows = [
        {"age_band": age, "sex": sex}
        for (age, sex), size in sizes.items()
        for _ in range(size)
    ]
    return pd.DataFrame(rows)


def test_small_table_risk_figures_match_the_hand_computation():
    metrics = class_metrics(microdata(CLASS_SIZES), ["age_band", "sex"])
    assert metrics.n_records == 22
    assert metrics.n_classes == 4
    assert metrics.k == 2
    assert metrics.highest_risk == pytest.approx(1 / 2)
    assert metrics.records_at_risk == pytest.approx(10 / 22)
    assert metrics.avg_risk_record_weighted == pytest.approx(4 / 22)
    assert metrics.avg_risk_class_weighted == pytest.approx(67 / 240)
    assert metrics.share_unique == 0


def test_class_of_exactly_11_is_at_risk_at_t_009_but_passes_k_11():
    # 1/11 = 0.0909 > 0.09: reported as at risk, yet k = 11 meets the gate (config.py).
    table = microdata({("0-39", "1"): 11, ("0-39", "2"): 20})
    metrics = class_metrics(table, ["age_band", "sex"], risk_threshold=0.09)
    assert metrics.records_at_risk == pytest.approx(11 / 31)
    roles = {"age_band": "quasi_identifier", "sex": "quasi_identifier"}
    assert check_risk({"persons": (table, roles)}, CONFIG).passed


def test_class_of_10_fails_the_gate():
    table = microdata({("0-39", "1"): 10, ("0-39", "2"): 20})
    roles = {"age_band": "quasi_identifier", "sex": "quasi_identifier"}
    result = check_risk({"persons": (table, roles)}, CONFIG)
    assert not result.passed
    assert result.figures["views"]["persons"]["k"] == 10


def test_null_quasi_identifier_value_is_a_class_of_its_own():
    table = pd.DataFrame({"sex": ["1"] * 12 + [None] * 3})
    metrics = class_metrics(table, ["sex"])
    assert metrics.n_records == 15
    assert metrics.n_classes == 2
    assert metrics.k == 3


def test_dimension_columns_are_scored_as_quasi_identifiers():
    table = microdata({("0-39", "1"): 12, ("0-39", "2"): 3})
    roles = {"age_band": "quasi_identifier", "sex": "dimension"}
    result = check_risk({"persons": (table, roles)}, CONFIG)
    assert result.figures["views"]["persons"]["k"] == 3
    assert not result.passed


# Sensitive attribute: distinct l-diversity and homogeneity (privacy.md §5.4, share 0.95).


def with_conditions(classes: dict[str, list[str | None]]) -> pd.DataFrame:
    rows = [
        {"age_band": age, "condition": condition}
        for age, conditions in classes.items()
        for condition in conditions
    ]
    return pd.DataFrame(rows)


def test_distinct_l_diversity_is_the_fewest_distinct_values_in_a_class():
    table = with_conditions(
        {
            "0-39": ["diabetes"] * 6 + ["heart_failure"] * 6,
            "40-64": ["diabetes"] * 4 + ["heart_failure"] * 4 + ["copd"] * 4,
        }
    )
    metrics = class_metrics(table, ["age_band"], ["condition"])
    assert metrics.l_diversity == {"condition": 2}
    assert metrics.homogeneous_classes == {"condition": 0}


def test_class_where_95_percent_share_one_condition_fails_although_l_is_2():
    table = with_conditions(
        {
            "0-39": ["diabetes"] * 19 + ["copd"],
            "40-64": ["diabetes"] * 10 + ["heart_failure"] * 10,
        }
    )
    roles = {"age_band": "quasi_identifier", "condition": "sensitive"}
    result = check_risk({"persons": (table, roles)}, CONFIG)
    view = result.figures["views"]["persons"]
    assert view["l_diversity"] == {"condition": 2}
    assert view["homogeneous_classes"] == {"condition": 1}
    assert view["homogeneous_records"] == {"condition": 20}
    assert not result.passed


def test_class_where_90_percent_share_one_condition_passes():
    table = with_conditions(
        {
            "0-39": ["diabetes"] * 18 + ["copd"] * 2,
            "40-64": ["diabetes"] * 10 + ["heart_failure"] * 10,
        }
    )
    roles = {"age_band": "quasi_identifier", "condition": "sensitive"}
    assert check_risk({"persons": (table, roles)}, CONFIG).passed


def test_homogeneous_class_with_a_null_quasi_identifier_is_still_flagged():
    table = pd.DataFrame(
        {
            "age_band": ["0-39"] * 12 + [None] * 12,
            "condition": ["diabetes", "copd"] * 6 + ["diabetes"] * 12,
        }
    )
    metrics = class_metrics(table, ["age_band"], ["condition"])
    assert metrics.l_diversity == {"condition": 1}
    assert metrics.homogeneous_classes == {"condition": 1}
    assert metrics.homogeneous_records == {"condition": 12}


# Aggregates: rows are classes weighted by their count column; margins and suppressed rows out.
#   classes (0-39,1) 12, (0-39,2) 15, (40+,1) 30, (40+,2) 11 -> n = 68, k = 11,
#   record-weighted 4/68, class-weighted (1/12 + 1/15 + 1/30 + 1/11) / 4,
#   at risk at t = 0.09: only the class of 11 (1/11 > 0.09, 1/12 < 0.09) -> 11/68.

AGGREGATE_ROLES = {
    "age_band": "quasi_identifier",
    "sex": "quasi_identifier",
    "n_patients": "count",
}


def aggregate_table() -> pd.DataFrame:
    rows = [
        ("0-39", "1", 12.0, False),
        ("0-39", "2", 15.0, False),
        ("40+", "1", 30.0, False),
        ("40+", "2", 11.0, False),
        ("65+", "1", None, True),
        ("65+", "2", 0.0, False),
        ("0-39", "all", 27.0, False),
        ("40+", "all", 41.0, False),
        ("all", "all", 75.0, False),
    ]
    return pd.DataFrame(rows, columns=["age_band", "sex", "n_patients", "is_suppressed"])


def test_aggregate_table_is_read_as_classes_weighted_by_its_count():
    result = check_risk({"prevalence": (aggregate_table(), AGGREGATE_ROLES)}, CONFIG)
    view = result.figures["views"]["prevalence.n_patients"]
    assert view["n_records"] == 68
    assert view["n_classes"] == 4
    assert view["k"] == 11
    assert view["highest_risk"] == pytest.approx(1 / 11)
    assert view["records_at_risk"] == pytest.approx(11 / 68)
    assert view["avg_risk_record_weighted"] == pytest.approx(4 / 68)
    class_weighted = (1 / 12 + 1 / 15 + 1 / 30 + 1 / 11) / 4
    assert view["avg_risk_class_weighted"] == pytest.approx(class_weighted)
    assert result.passed


def test_aggregate_homogeneity_is_weighted_by_counts():
    # Class 0-39: 300 of 312 patients have diabetes (96 %), although it has two rows.
    table = pd.DataFrame(
        {
            "age_band": ["0-39", "0-39", "40+", "40+"],
            "condition": ["diabetes", "copd", "diabetes", "copd"],
            "n_patients": [300, 12, 40, 40],
        }
    )
    roles = {"age_band": "quasi_identifier", "condition": "sensitive", "n_patients": "count"}
    result = check_risk({"by_condition": (table, roles)}, CONFIG)
    view = result.figures["views"]["by_condition.n_patients"]
    assert view["homogeneous_classes"] == {"condition": 1}
    assert view["homogeneous_records"] == {"condition": 312}
    assert not result.passed


# Fail closed: malformed input raises ValueError (parse_roles and suppressed_mask).


def test_unknown_role_raises():
    roles = {**AGGREGATE_ROLES, "sex": "qi"}
    with pytest.raises(ValueError, match="unknown roles"):
        check_risk({"prevalence": (aggregate_table(), roles)}, CONFIG)


def test_declared_column_missing_from_table_raises():
    roles = {**AGGREGATE_ROLES, "departement": "quasi_identifier"}
    with pytest.raises(ValueError, match="absent"):
        check_risk({"prevalence": (aggregate_table(), roles)}, CONFIG)


def test_non_boolean_suppression_flag_raises():
    table = aggregate_table()
    table["is_suppressed"] = table["is_suppressed"].astype(int)
    with pytest.raises(ValueError, match="not boolean"):
        check_risk({"prevalence": (table, AGGREGATE_ROLES)}, CONFIG)
