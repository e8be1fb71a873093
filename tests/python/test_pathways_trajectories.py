"""Care trajectories (models/pathways/trajectories/) on the built 2,000-person warehouse.

Invariants that must hold on any data: the month grid, the state alphabet, death as an
absorbing state, the follow-up rule, transitions and variants that add up to the analysed
cohort, and a typology in which every patient has exactly one type, at his nearest medoid.
Where a rule can be restated independently (the follow-up window, the substitution costs,
a stay overlapping a month), the test recomputes it here rather than reading it back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
import yaml

PROJECT_VARS = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "dbt_project.yml").read_text()
)["vars"]
HORIZON = PROJECT_VARS["trajectory_horizon_months"]
N_TYPES = PROJECT_VARS["trajectory_n_types"]
DATA_END = dt.date(PROJECT_VARS["study_last_year"], 12, 31)
DEATH_COST = PROJECT_VARS["trajectory_death_substitution_cost"]
RULES_VERSION = PROJECT_VARS["trajectory_rules_version"]

SCHEMA = "pathways"
MONTHLY = f"{SCHEMA}.pathways__trajectory_monthly_states"
STATE_CODES = {
    "dead": "D", "hospital": "H", "specialist": "S", "gp_only": "G", "no_care": "N",
    "censored": "C",
}
# Care intensity of the living states, as documented in pathways__trajectory_distances.
INTENSITY = {"N": 0, "G": 1, "S": 2, "H": 3}


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _add_months(first_day: dt.date, months: int) -> dt.date:
    index = first_day.year * 12 + first_day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _substitution_cost(left: str, right: str) -> int:
    if left == right:
        return 0
    if "D" in (left, right):
        return DEATH_COST
    return abs(INTENSITY[left] - INTENSITY[right])


def _distance(left: str, right: str) -> int:
    assert len(left) == len(right)
    return sum(_substitution_cost(a, b) for a, b in zip(left, right))


def test_cost_function_of_the_test_is_a_metric() -> None:
    """The restated costs are symmetric and obey the triangle inequality (as documented)."""
    codes = "DHSGN"
    for a in codes:
        for b in codes:
            assert _substitution_cost(a, b) == _substitution_cost(b, a)
            for c in codes:
                assert _substitution_cost(a, c) <= (
                    _substitution_cost(a, b) + _substitution_cost(b, c)
                )


def test_every_patient_has_the_month_grid(warehouse) -> None:
    n_patients = _rows(warehouse, f"select count(*) from {SCHEMA}.pathways__condition_patients")
    assert n_patients[0][0] > 100, "the 2,000-person extract has chronic patients"
    per_patient = _rows(
        warehouse,
        f"select person_id, condition, count(*), min(month_number), max(month_number), "
        f"count(distinct month_number) from {MONTHLY} group by all",
    )
    assert len(per_patient) == n_patients[0][0]
    assert {row[2:] for row in per_patient} == {(HORIZON, 1, HORIZON, HORIZON)}


def test_month_windows_follow_the_index_date(warehouse) -> None:
    rows = _rows(
        warehouse,
        f"select index_date, month_number, month_start_date, month_end_date from {MONTHLY}",
    )
    for index_date, month_number, start, end in rows:
        expected_start = _add_months(index_date.replace(day=1), month_number - 1)
        assert start == expected_start
        assert end == _add_months(expected_start, 1) - dt.timedelta(days=1)


def test_states_come_from_the_allowed_set_with_their_codes(warehouse) -> None:
    pairs = set(_rows(warehouse, f"select distinct care_state, state_code from {MONTHLY}"))
    assert pairs <= set(STATE_CODES.items())
    # a 2,000-person extract over 5 years shows every state
    assert {state for state, _ in pairs} == set(STATE_CODES)
    versions = _rows(warehouse, f"select distinct rule_version from {MONTHLY}")
    assert versions == [(RULES_VERSION,)]


def test_full_follow_up_depends_on_the_index_date_only(warehouse) -> None:
    rows = _rows(
        warehouse,
        f"select person_id, condition, index_date, bool_and(has_full_follow_up), "
        f"bool_or(has_full_follow_up), count(*) filter (where care_state = 'censored') "
        f"from {MONTHLY} group by all",
    )
    n_without = 0
    for _, _, index_date, all_flags, any_flag, n_censored in rows:
        assert all_flags == any_flag, "the flag is constant over a patient's months"
        window_end = _add_months(index_date.replace(day=1), HORIZON) - dt.timedelta(days=1)
        assert all_flags == (window_end <= DATA_END)
        if all_flags:
            assert n_censored == 0
        else:
            n_without += 1
    assert n_without > 0, "index dates of the last study years lack a full window"
    censored_after_end = _rows(
        warehouse,
        f"select count(*) filter (where month_start_date <= date '{DATA_END}'), "
        f"count(*) from {MONTHLY} where care_state = 'censored'",
    )
    assert censored_after_end[0][0] == 0 and censored_after_end[0][1] > 0


def test_once_dead_always_dead_from_the_death_month(warehouse) -> None:
    revived = _rows(
        warehouse,
        f"select count(*) from {MONTHLY} as earlier inner join {MONTHLY} as later "
        "on earlier.person_id = later.person_id and earlier.condition = later.condition "
        "and later.month_number > earlier.month_number "
        "where earlier.care_state = 'dead' and later.care_state <> 'dead'",
    )
    assert revived == [(0,)]
    # a month is dead exactly when the person's death date is on or before its last day
    mismatched = _rows(
        warehouse,
        f"select count(*) from {MONTHLY} as months "
        f"inner join {SCHEMA}.pathways__persons as persons using (person_id) "
        "where (months.care_state = 'dead') "
        "<> coalesce(persons.death_date <= months.month_end_date, false)",
    )
    assert mismatched == [(0,)]
    assert _rows(warehouse, f"select count(*) from {MONTHLY} where care_state = 'dead'")[0][0]


def test_hospital_months_are_the_months_a_stay_overlaps(warehouse) -> None:
    """Restated with interval overlap on dates (the model counts month numbers)."""
    disagreements = _rows(
        warehouse,
        f"""
        with stay_months as (
            select distinct months.person_id, months.condition, months.month_number
            from {MONTHLY} as months
            inner join {SCHEMA}.pathways__care_events as events
                on months.person_id = events.person_id
                and events.event_category = 'hospital_stay'
                and events.start_date <= months.month_end_date
                and coalesce(events.end_date, events.start_date) >= months.month_start_date
        )
        select count(*) from {MONTHLY} as months
        left join stay_months using (person_id, condition, month_number)
        where months.care_state not in ('dead', 'censored')
            and (months.care_state = 'hospital') <> (stay_months.month_number is not null)
        """,
    )
    assert disagreements == [(0,)]
    n_hospital = _rows(warehouse, f"select count(*) from {MONTHLY} where care_state = 'hospital'")
    assert n_hospital[0][0] > 0


def _followed_patients(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(
        _rows(
            con,
            f"select condition, count(distinct person_id) from {SCHEMA}"
            ".pathways__trajectory_monthly_states where has_full_follow_up group by condition",
        )
    )


def test_follow_up_counts_add_up(warehouse) -> None:
    followed = _followed_patients(warehouse)
    rows = _rows(
        warehouse,
        f"select condition, n_patients, n_with_full_follow_up, n_without_full_follow_up "
        f"from {SCHEMA}.pathways__trajectory_follow_up",
    )
    patients = dict(
        _rows(warehouse, f"select condition, count(*) from {SCHEMA}.pathways__condition_patients "
              "group by condition")
    )
    assert {row[0] for row in rows} == set(patients)
    for condition, n_patients, n_with, n_without in rows:
        assert n_patients == patients[condition] == n_with + n_without
        assert n_with == followed.get(condition, 0)


def test_transitions_sum_to_the_followed_patients_every_month(warehouse) -> None:
    followed = _followed_patients(warehouse)
    sums = _rows(
        warehouse,
        f"select condition, from_month_number, sum(n_patients), "
        f"bool_and(to_month_number = from_month_number + 1) "
        f"from {SCHEMA}.pathways__trajectory_transitions group by all",
    )
    months_per_condition: dict[str, set[int]] = defaultdict(set)
    for condition, month, total, consecutive in sums:
        assert total == followed[condition], (condition, month)
        assert consecutive
        months_per_condition[condition].add(month)
    assert set(months_per_condition) == set(followed)
    assert all(months == set(range(1, HORIZON)) for months in months_per_condition.values())
    leaving_death = _rows(
        warehouse,
        f"select count(*) from {SCHEMA}.pathways__trajectory_transitions "
        "where from_state = 'dead' and to_state <> 'dead'",
    )
    assert leaving_death == [(0,)]


def test_variants_sum_to_the_followed_patients(warehouse) -> None:
    followed = _followed_patients(warehouse)
    rows = _rows(
        warehouse,
        f"select condition, sum(n_patients), count(*), max(variant_rank), "
        f"bool_and(length(trajectory_sequence) = {HORIZON} "
        f"and regexp_full_match(trajectory_sequence, '[DHSGN]+')), sum(share_of_patients) "
        f"from {SCHEMA}.pathways__trajectory_variants group by condition",
    )
    assert {row[0] for row in rows} == set(followed)
    for condition, total, n_variants, max_rank, well_formed, share_total in rows:
        assert total == followed[condition]
        assert max_rank == n_variants
        assert well_formed
        assert share_total == pytest.approx(1.0)
    ranked = _rows(
        warehouse,
        f"select condition, variant_rank, n_patients from {SCHEMA}.pathways__trajectory_variants "
        "order by condition, variant_rank",
    )
    previous: dict[str, int] = {}
    for condition, _, n_patients in ranked:
        assert n_patients <= previous.get(condition, n_patients), "ranked by frequency"
        previous[condition] = n_patients


def test_every_followed_patient_has_exactly_one_type(warehouse) -> None:
    followed = _followed_patients(warehouse)
    per_condition = _rows(
        warehouse,
        f"select condition, count(*), count(distinct person_id), count(type_id), "
        f"count(sex_code), count(age_at_index_years), count(region_code), count(index_year) "
        f"from {SCHEMA}.pathways__trajectory_typology group by condition",
    )
    assert {row[0] for row in per_condition} == set(followed)
    for condition, n_rows, n_persons, *filled in per_condition:
        assert n_rows == n_persons == followed[condition]
        assert filled == [n_rows] * len(filled), f"strata or type missing in {condition}"
    unfollowed = _rows(
        warehouse,
        f"select count(*) from {SCHEMA}.pathways__trajectory_typology as typology "
        f"inner join {SCHEMA}.pathways__trajectory_sequences as sequences "
        "using (person_id, condition) where not sequences.has_full_follow_up",
    )
    assert unfollowed == [(0,)]


def test_type_labels_are_non_empty_and_distinct_per_condition(warehouse) -> None:
    rows = _rows(
        warehouse,
        f"select condition, type_id, type_label, n_patients from "
        f"{SCHEMA}.pathways__trajectory_types order by condition, type_id",
    )
    by_condition: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for condition, type_id, label, n_patients in rows:
        by_condition[condition].append((type_id, label, n_patients))
    assert set(by_condition) == set(_followed_patients(warehouse))
    for condition, types in by_condition.items():
        labels = [label for _, label, _ in types]
        assert all(label and label.strip() for label in labels)
        assert len(set(labels)) == len(labels), condition
        assert [type_id for type_id, _, _ in types] == list(range(1, len(types) + 1))
        assert 1 <= len(types) <= N_TYPES
    typed = _rows(
        warehouse,
        f"select types.condition, types.type_id, types.type_label, types.n_patients, "
        f"count(typology.person_id), count(distinct typology.type_label) "
        f"from {SCHEMA}.pathways__trajectory_types as types "
        f"left join {SCHEMA}.pathways__trajectory_typology as typology "
        "on types.condition = typology.condition and types.type_id = typology.type_id "
        "group by all",
    )
    for *_, n_patients, n_typed, n_labels in typed:
        assert n_patients == n_typed and n_labels == 1


def test_patients_sit_at_their_nearest_medoid(warehouse) -> None:
    """Distances recomputed from the documented costs; ties may go to any nearest medoid."""
    medoids: dict[tuple[str, int], str] = {
        (condition, type_id): medoid
        for condition, type_id, medoid in _rows(
            warehouse,
            f"select condition, type_id, medoid_sequence from {SCHEMA}.pathways__trajectory_types",
        )
    }
    rows = _rows(
        warehouse,
        f"select condition, type_id, trajectory_sequence, distance_to_medoid "
        f"from {SCHEMA}.pathways__trajectory_typology",
    )
    for condition, type_id, sequence, stored_distance in rows:
        own = _distance(sequence, medoids[(condition, type_id)])
        assert own == stored_distance
        nearest = min(
            _distance(sequence, medoid)
            for (other_condition, _), medoid in medoids.items()
            if other_condition == condition
        )
        assert own == nearest, (condition, sequence)


def test_type_shares_describe_their_patients(warehouse) -> None:
    rows = _rows(
        warehouse,
        f"select types.condition, types.type_id, types.share_dead, types.share_hospital, "
        f"types.share_specialist, types.share_gp_only, types.share_no_care, "
        f"list(typology.trajectory_sequence) "
        f"from {SCHEMA}.pathways__trajectory_types as types "
        f"inner join {SCHEMA}.pathways__trajectory_typology as typology "
        "on types.condition = typology.condition and types.type_id = typology.type_id "
        "group by all",
    )
    for *_, dead, hospital, specialist, gp_only, no_care, sequences in rows:
        months = "".join(sequences)
        expected = [months.count(code) / len(months) for code in "DHSGN"]
        assert [dead, hospital, specialist, gp_only, no_care] == pytest.approx(expected)
