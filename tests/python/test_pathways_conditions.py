"""Persons and chronic conditions of the pathways layer, held to the generator's truth.

The generator writes, beside the extract, each true person (`_truth/persons.parquet`) and the
conditions the contract rules must find on the kept rows (`_truth/conditions.parquet`),
computed in Python from its own event tables, independently of the SQL. Every condition per
person-year, and its index date, must match exactly; precision and recall are logged per
condition for the issue note.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pytest

CONDITIONS = (
    "diabetes", "heart_failure", "coronary_disease", "chronic_respiratory_disease",
    "end_stage_renal_disease",
)

logger = logging.getLogger(__name__)


def _truth(raw_dir: Path, name: str) -> str:
    return f"read_parquet('{raw_dir / '_truth' / name}')"


@pytest.mark.parametrize("condition", CONDITIONS)
def test_condition_person_years_equal_the_truth(
    built_warehouse, warehouse: duckdb.DuckDBPyConnection, condition: str
) -> None:
    truth = _truth(built_warehouse.layout.raw_dir, "conditions.parquet")
    found, expected, both, same_date = warehouse.execute(f"""
        with truth as (
            select person_id, year as care_year, index_date from {truth}
            where condition = '{condition}'
        ),
        found as (
            select person_id, care_year, index_date from pathways.pathways__conditions
            where condition = '{condition}'
        )
        select
            (select count(*) from found),
            (select count(*) from truth),
            count(*),
            count(*) filter (where truth.index_date = found.index_date)
        from truth inner join found using (person_id, care_year)
    """).fetchone()
    precision = both / found if found else float("nan")
    recall = both / expected if expected else float("nan")
    logger.info("%s: %d person-years, precision %.4f, recall %.4f", condition, expected,
                precision, recall)
    assert expected > 0, f"the test extract plants no {condition}"
    assert found == expected == both
    assert same_date == both


def test_every_condition_year_has_a_criterion_and_the_patient_index_is_the_first(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    wrong_index = warehouse.execute("""
        select count(*) from pathways.pathways__condition_patients patients
        where index_date <> (
            select min(index_date) from pathways.pathways__conditions conditions
            where conditions.person_id = patients.person_id
              and conditions.condition = patients.condition
        )
    """).fetchone()[0]
    assert wrong_index == 0
    # Each of the four criteria families detects somebody in the test extract.
    criteria = {row[0] for row in warehouse.execute(
        "select distinct criterion from pathways.pathways__condition_criteria"
    ).fetchall()}
    assert criteria == {"ald", "hospital_stay", "drug_dispensings", "dialysis_sessions"}


def test_persons_equal_the_true_persons(
    built_warehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    """Every true person whose identity survives staging, with the true sex, birth year,
    residence and death date, whichever of their pseudonyms carries each."""
    truth = _truth(built_warehouse.layout.raw_dir, "persons.parquet")
    identity = _truth(built_warehouse.layout.raw_dir, "identity.parquet")
    missing, extra, wrong = warehouse.execute(f"""
        with usable as (
            select * from {truth} where person_id in (
                select person_id from {identity} where is_usable
            )
        )
        select
            (select count(*) from usable where person_id not in (
                select person_id from pathways.pathways__persons)),
            (select count(*) from pathways.pathways__persons where person_id not in (
                select person_id from usable)),
            (select count(*) from usable join pathways.pathways__persons found using (person_id)
             where found.sex_code <> usable.sex or found.birth_year <> usable.birth_year
                or found.departement_code <> usable.departement
                or found.death_date is distinct from usable.death_date)
    """).fetchone()
    assert (missing, extra, wrong) == (0, 0, 0)
    several = warehouse.execute(
        "select count(*) from pathways.pathways__persons where n_pseudonyms > 1"
    ).fetchone()[0]
    assert several > 0


def test_person_years_count_the_living_on_january_first(
    built_warehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    truth = _truth(built_warehouse.layout.raw_dir, "persons.parquet")
    identity = _truth(built_warehouse.layout.raw_dir, "identity.parquet")
    for year in (2019, 2023):
        expected = warehouse.execute(f"""
            select count(*) from {truth}
            where person_id in (select person_id from {identity} where is_usable)
              and birth_year <= {year}
              and (death_date is null or death_date >= date '{year}-01-01')
        """).fetchone()[0]
        found = warehouse.execute(
            f"select count(*) from pathways.pathways__person_years where care_year = {year}"
        ).fetchone()[0]
        assert found == expected > 0
    bands = dict(warehouse.execute("""
        select age_years, age_band_5y from pathways.pathways__person_years
        where age_years in (0, 4, 5, 94, 95, 103)
    """).fetchall())
    expected_bands = {0: "00-04", 4: "00-04", 5: "05-09", 94: "90-94", 95: "95+", 103: "95+"}
    assert {age: band for age, band in bands.items()} == {
        age: expected_bands[age] for age in bands
    }
    # both sides of the first and the last band boundary are exercised
    assert {4, 5, 94, 95} <= set(bands)
