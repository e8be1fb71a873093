"""Differencing audit (python_hooks/lp_audit.py over python_hooks/cells.py).

Golden case of privacy.md §5.1: a 3x3 table with row and column totals, cell (0,0) = 4.
The hand-made values below are chosen so that the rectangle bounds of §5.1 hold:

            c0   c1   c2 | all
      r0     4   15   31 |  50
      r1    20   25   30 |  75
      r2    27   40   60 | 127
      all   51   80  121 | 252

Rectangle (0,0), (0,2), (2,0), (2,2): one free parameter t moves the four cells
(4 + t, 31 - t, 27 - t, 60 + t) with t in [-4, 27], hence [0,31], [4,35], [0,31], [56,87].
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from python_hooks.config import DisclosureConfig
from python_hooks.lp_audit import AuditResult, audit_tables

CONFIG = DisclosureConfig()
GRID = [[4, 15, 31], [20, 25, 30], [27, 40, 60]]
GRID_ROLES = {"row": "dimension", "col": "dimension", "n_patients": "count"}


def with_suppressed(
    rows: list[dict], hidden: set[tuple[str, ...]], keys: list[str]
) -> pd.DataFrame:
    """Table of `rows`; rows whose key values are in `hidden` get NULL and the flag."""
    table = pd.DataFrame(rows)
    suppressed = [tuple(row[key] for key in keys) in hidden for row in rows]
    table["is_suppressed"] = suppressed
    table.loc[table["is_suppressed"], "n_patients"] = np.nan
    return table


def grid_table(hidden: set[tuple[str, str]]) -> pd.DataFrame:
    body = np.array(GRID)
    full = np.zeros((4, 4), dtype=int)
    full[:3, :3] = body
    full[:3, 3] = body.sum(axis=1)
    full[3, :3] = body.sum(axis=0)
    full[3, 3] = body.sum()
    names = ["0", "1", "2", "all"]
    rows = [
        {"row": names[i], "col": names[j], "n_patients": float(full[i, j])}
        for i in range(4)
        for j in range(4)
    ]
    return with_suppressed(rows, hidden, ["row", "col"])


def audit(tables: dict[str, tuple[pd.DataFrame, dict]], hierarchies=None) -> AuditResult:
    frames = {name: frame for name, (frame, _) in tables.items()}
    roles = {name: role_map for name, (_, role_map) in tables.items()}
    return audit_tables(frames, roles, CONFIG, hierarchies)


def interval(result: AuditResult, **coordinates: str) -> tuple[float, float]:
    matches = [
        item
        for item in result.intervals
        if all(item.coordinates[key] == value for key, value in coordinates.items())
    ]
    assert len(matches) == 1, f"{coordinates} matched {len(matches)} suppressed cells"
    return matches[0].lower, matches[0].upper


def test_primary_only_suppression_of_the_3x3_golden_case_is_recovered_exactly():
    result = audit({"grid": (grid_table({("0", "0")}), GRID_ROLES)})
    assert interval(result, row="0", col="0") == pytest.approx((4, 4), abs=1e-6)
    assert not result.passed
    assert result.n_unprotected == 1


def test_rectangle_pattern_of_the_3x3_golden_case_gives_the_published_bounds():
    hidden = {("0", "0"), ("0", "2"), ("2", "0"), ("2", "2")}
    result = audit({"grid": (grid_table(hidden), GRID_ROLES)})
    assert result.n_suppressed == 4
    assert interval(result, row="0", col="0") == pytest.approx((0, 31), abs=1e-6)
    assert interval(result, row="0", col="2") == pytest.approx((4, 35), abs=1e-6)
    assert interval(result, row="2", col="0") == pytest.approx((0, 31), abs=1e-6)
    assert interval(result, row="2", col="2") == pytest.approx((56, 87), abs=1e-6)
    assert result.passed


def test_rectangle_fails_when_the_protection_width_exceeds_its_width_of_31():
    hidden = {("0", "0"), ("0", "2"), ("2", "0"), ("2", "2")}
    frame = grid_table(hidden)
    strict = DisclosureConfig(audit_protection_width=32)
    result = audit_tables({"grid": frame}, {"grid": GRID_ROLES}, strict)
    assert not result.passed
    assert result.n_unprotected == 4


# Strata margins (privacy.md §5.2): `all` minus the published strata.

SEX_ROLES = {"sex": "quasi_identifier", "n_patients": "count"}


def sex_table(counts: dict[str, float], hidden: set[str]) -> pd.DataFrame:
    rows = [{"sex": sex, "n_patients": float(n)} for sex, n in counts.items()]
    return with_suppressed(rows, {(sex,) for sex in hidden}, ["sex"])


def test_stratum_total_reveals_the_suppressed_stratum():
    table = sex_table({"all": 30, "1": 25, "2": 5}, hidden={"2"})
    result = audit({"by_sex": (table, SEX_ROLES)})
    assert interval(result, sex="2") == pytest.approx((5, 5), abs=1e-6)
    assert not result.passed


def test_suppressed_cell_in_no_relation_is_unbounded_and_protected():
    table = sex_table({"1": 25, "2": 5}, hidden={"2"})
    result = audit({"by_sex": (table, SEX_ROLES)})
    assert interval(result, sex="2") == (0, np.inf)
    assert result.passed


# Linked tables sharing a margin (privacy.md §5.2: one linked-table problem).
#
# True counts by region and sex:      R1: 5 + 20 = 25    R2: 30 + 26 = 56    all: 35 + 46 = 81
# region x sex hides (R1,1), (R1,all), (R2,1), (R2,all): alone, (R1,1) = t with t in [0, 35].
# region x age publishes the region totals R1 = 25 and R2 = 56, hence (R1,1) = 25 - 20 = 5.

REGION_SEX_ROLES = {"region": "quasi_identifier", "sex": "quasi_identifier", "n_patients": "count"}
REGION_AGE_ROLES = {
    "region": "quasi_identifier",
    "age_band": "quasi_identifier",
    "n_patients": "count",
}


def region_sex_table() -> pd.DataFrame:
    counts = {
        ("R1", "1"): 5, ("R1", "2"): 20, ("R1", "all"): 25,
        ("R2", "1"): 30, ("R2", "2"): 26, ("R2", "all"): 56,
        ("all", "1"): 35, ("all", "2"): 46, ("all", "all"): 81,
    }  # fmt: skip
    rows = [{"region": r, "sex": s, "n_patients": float(n)} for (r, s), n in counts.items()]
    hidden = {("R1", "1"), ("R1", "all"), ("R2", "1"), ("R2", "all")}
    return with_suppressed(rows, hidden, ["region", "sex"])


def region_age_table(total_all: float = 81) -> pd.DataFrame:
    counts = {
        ("R1", "0-39"): 12, ("R1", "40+"): 13, ("R1", "all"): 25,
        ("R2", "0-39"): 25, ("R2", "40+"): 31, ("R2", "all"): 56,
        ("all", "0-39"): 37, ("all", "40+"): 44, ("all", "all"): total_all,
    }  # fmt: skip
    rows = [{"region": r, "age_band": a, "n_patients": float(n)} for (r, a), n in counts.items()]
    return with_suppressed(rows, set(), ["region", "age_band"])


def test_region_by_sex_alone_protects_its_suppressed_cells():
    result = audit({"region_sex": (region_sex_table(), REGION_SEX_ROLES)})
    assert interval(result, region="R1", sex="1") == pytest.approx((0, 35), abs=1e-6)
    assert result.passed


def test_region_by_age_alone_has_nothing_to_protect():
    result = audit({"region_age": (region_age_table(), REGION_AGE_ROLES)})
    assert result.n_suppressed == 0
    assert result.passed


def test_two_tables_sharing_the_region_margin_recover_a_cell_jointly():
    result = audit(
        {
            "region_sex": (region_sex_table(), REGION_SEX_ROLES),
            "region_age": (region_age_table(), REGION_AGE_ROLES),
        }
    )
    assert interval(result, region="R1", sex="1", age_band="all") == pytest.approx(
        (5, 5), abs=1e-6
    )
    # The region totals suppressed in one table are published by the other: known, not audited.
    assert result.n_suppressed == 2
    assert not result.passed


def test_linked_tables_publishing_different_values_for_one_cell_fail_closed():
    result = audit(
        {
            "region_sex": (region_sex_table(), REGION_SEX_ROLES),
            "region_age": (region_age_table(total_all=82), REGION_AGE_ROLES),
        }
    )
    assert not result.passed
    assert "LinkError" in result.failures[0]


# Département -> region hierarchy in one geography column.
#
#   75 = 40, 92 = 30, 93 = 6  -> Île-de-France = 76
#   69 = 50, 38 = 20          -> Auvergne-Rhône-Alpes = 70       all = 146

IDF, ARA = "Île-de-France", "Auvergne-Rhône-Alpes"
GEO_HIERARCHY = {"geo": {"75": IDF, "92": IDF, "93": IDF, "69": ARA, "38": ARA}}
GEO_ROLES = {"geo": "quasi_identifier", "n_patients": "count"}
GEO_COUNTS = {"75": 40, "92": 30, "93": 6, IDF: 76, "69": 50, "38": 20, ARA: 70, "all": 146}


def geo_table(hidden: set[str], levels: set[str] | None = None) -> pd.DataFrame:
    counts = {geo: n for geo, n in GEO_COUNTS.items() if levels is None or geo in levels}
    rows = [{"geo": geo, "n_patients": float(n)} for geo, n in counts.items()]
    return with_suppressed(rows, {(geo,) for geo in hidden}, ["geo"])


def test_departement_recovered_from_its_published_region():
    result = audit({"geo": (geo_table({"93"}), GEO_ROLES)}, GEO_HIERARCHY)
    assert interval(result, geo="93") == pytest.approx((6, 6), abs=1e-6)
    assert not result.passed


def test_departement_recovered_through_a_region_rebuilt_from_the_national_total():
    # Île-de-France = 146 - 70 = 76, then 93 = 76 - 40 - 30 = 6.
    result = audit({"geo": (geo_table({"93", IDF}), GEO_ROLES)}, GEO_HIERARCHY)
    assert interval(result, geo=IDF) == pytest.approx((76, 76), abs=1e-6)
    assert interval(result, geo="93") == pytest.approx((6, 6), abs=1e-6)
    assert not result.passed


def test_two_departements_suppressed_in_one_region_are_protected():
    # 92 + 93 = 36: each lies anywhere in [0, 36].
    result = audit({"geo": (geo_table({"93", "92"}), GEO_ROLES)}, GEO_HIERARCHY)
    assert interval(result, geo="93") == pytest.approx((0, 36), abs=1e-6)
    assert interval(result, geo="92") == pytest.approx((0, 36), abs=1e-6)
    assert result.passed


def test_without_region_rows_departements_attach_to_the_national_total():
    departements_and_total = {"75", "92", "93", "69", "38", "all"}
    table = geo_table({"93"}, levels=departements_and_total)
    result = audit({"geo": (table, GEO_ROLES)}, GEO_HIERARCHY)
    assert interval(result, geo="93") == pytest.approx((6, 6), abs=1e-6)
    assert not result.passed


# The same counts in the shape of the prevalence mart: separate region and département
# columns, `all` in the département column for a region row, both `all` for France.

REGION_DEP_ROLES = {"region": "dimension", "departement": "dimension", "n_patients": "count"}


def region_departement_table(hidden: set[tuple[str, str]]) -> pd.DataFrame:
    region_of = {dep: region for dep, region in GEO_HIERARCHY["geo"].items()}
    region_of.update({IDF: IDF, ARA: ARA, "all": "all"})
    rows = [
        {
            "region": region_of[geo],
            "departement": geo if geo in GEO_HIERARCHY["geo"] else "all",
            "n_patients": float(n),
        }
        for geo, n in GEO_COUNTS.items()
    ]
    return with_suppressed(rows, hidden, ["region", "departement"])


@pytest.mark.parametrize(
    ("hidden", "expected_93", "passed"),
    [
        ({(IDF, "93")}, (6, 6), False),
        ({(IDF, "93"), (IDF, "all")}, (6, 6), False),
        ({(IDF, "93"), (IDF, "92")}, (0, 36), True),
    ],
)
def test_region_and_departement_columns_link_without_a_hierarchy(hidden, expected_93, passed):
    result = audit({"geo": (region_departement_table(hidden), REGION_DEP_ROLES)})
    assert interval(result, departement="93") == pytest.approx(expected_93, abs=1e-6)
    assert result.passed is passed


def test_mixed_geography_levels_without_a_hierarchy_fail_closed():
    # Read flat, `all` would be the sum of départements and regions: the system is infeasible.
    result = audit({"geo": (geo_table({"93", "92"}), GEO_ROLES)})
    assert not result.passed
    assert result.failures


def test_cyclic_hierarchy_fails_closed():
    cyclic = {"geo": {"75": IDF, IDF: "75"}}
    result = audit({"geo": (geo_table({"93", "92"}), GEO_ROLES)}, cyclic)
    assert not result.passed
    assert "cycle" in result.failures[0]


# Contradictory published figures and malformed input: the audit fails closed.


def test_published_strata_that_do_not_add_up_to_their_total_fail():
    table = sex_table({"all": 30, "1": 25, "2": 10}, hidden=set())
    result = audit({"by_sex": (table, SEX_ROLES)})
    assert not result.passed
    assert any("do not add up" in failure for failure in result.failures)


def test_suppressed_cell_that_would_have_to_be_negative_fails():
    table = sex_table({"all": 30, "1": 35, "2": 0}, hidden={"2"})
    result = audit({"by_sex": (table, SEX_ROLES)})
    assert not result.passed
    lower, upper = interval(result, sex="2")
    assert np.isnan(lower) and np.isnan(upper)


def test_unknown_role_fails_closed():
    roles = {**SEX_ROLES, "n_patients": "counts"}
    result = audit({"by_sex": (sex_table({"all": 30, "1": 25, "2": 5}, {"2"}), roles)})
    assert not result.passed
    assert "unknown roles" in result.failures[0]


def test_declared_column_missing_from_table_fails_closed():
    roles = {**SEX_ROLES, "n_stays": "count"}
    result = audit({"by_sex": (sex_table({"all": 30, "1": 25, "2": 5}, {"2"}), roles)})
    assert not result.passed
    assert "absent" in result.failures[0]


def test_text_suppression_flag_fails_closed():
    table = sex_table({"all": 30, "1": 25, "2": 5}, {"2"})
    table["is_suppressed"] = table["is_suppressed"].map({True: "yes", False: "no"})
    result = audit({"by_sex": (table, SEX_ROLES)})
    assert not result.passed
    assert "not boolean" in result.failures[0]


def test_report_lists_unprotected_cells_with_json_bounds():
    result = audit({"by_sex": (sex_table({"all": 30, "1": 25, "2": 5}, {"2"}), SEX_ROLES)})
    report = result.to_dict()
    assert report["passed"] is False
    assert [item["coordinates"] for item in report["intervals"]] == [{"sex": "2"}]
