"""End to end on a hand-written mini extract: 14 persons whose care pathways are worked out here.

The extract (tests/python/mini_extract.py) holds 14 beneficiaries over the study years
2019-2023, each with a short story chosen to exercise rules of the pathways layer:

| name | story | what it checks |
|---|---|---|
| P01 | metformin only, one 30-day gap, benfluorex, GP | drug rule, collapse at 30, month 1 |
| P02 | ALD diabetes, metformin then DPP-4 added (30 days together) | combination `DPP4+MET` |
| P03 | ALD diabetes, sulfonylurea then DPP-4 (15 days overlap) | switch `SU-DPP4` |
| P04 | large packs: metformin, insulin, metformin again | large-pack rule, 2 eras, "first" |
| P05 | heart-failure stays 2020 and Dec 2023, ACE-I+BB then diuretic | HF classes, censoring |
| P06 | inhaled ICS/LABA then LAMA added | respiratory classes, short piece |
| P07 | diabetes from a stay (DR E11), dies in Nov 2021 | death in trajectories, died_in_year |
| P08 | two heart-failure stays, readmission, dies 15 days after | HF discharge indicators |
| P09 | dies during a heart-failure stay in 2023 | excluded_death_in_stay, all-dead |
| P10 | ALD diabetes, GP every 3 months, city tests and exams | GP-only trajectory, §7 markers |
| P11 | fictitious NIR (`BEN_CDI_NIR = '05'`) with diabetes care | excluded everywhere |
| P12 | diabetes indexed in May 2023, metformin then DPP-4 (29 days) | censored months, switch |
| P13 | ALD diabetes, six classes one after the other | 5 lines at most, look-forward end |
| P14 | heart-failure stays with events on the window edges, dies | day 7/8, 30, 60, 31 bounds |

Every expected value below comes from the described care and the documented rules
(docs/raw_to_staging_contract.md "Condition rules", the model YAML descriptions, the vars of
dbt_project.yml), with the date arithmetic in comments; none is read back from the warehouse.
Day arithmetic: a dispensing of n boxes covers n x 30 days (n x 90 for a large pack) from its
date included; "covered days" are half-open day counts, so a duration is end - start + 1 in
dates and a gap is the number of uncovered days between two eras.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pytest

from open_chronic.dbt_runner import run_dbt
from open_chronic.generator.codes import (
    NABM_CREATININE, NABM_HBA1C, NABM_LIPIDS, NABM_URINE_ALBUMIN,
)
from open_chronic.raw_extract import inspect_extract

from mini_extract import CARDIOLOGY, OPHTHALMOLOGY, MiniExtract

FIRST_YEAR, LAST_YEAR = 2019, 2023  # pinned below, so that censoring is what we computed
HORIZON = 24  # var trajectory_horizon_months
ENDOCRINOLOGY = 42
SCHEMA = "pathways"

# --- the extract --------------------------------------------------------------------------


def _describe_extract() -> tuple[MiniExtract, dict[str, str]]:
    """The 14 persons and their care; returns the extract and person_id -> name."""
    extract = MiniExtract()
    names: dict[str, str] = {}

    def person(name: str, sex: int, birth_year: int, departement: str, **kwargs):
        created = extract.person(name, sex, birth_year, departement, **kwargs)
        names[created.person_id] = name
        return created

    # P01: metformin only. 2020 dates 10 Jan, 10 Feb, 10 Mar -> diabetes from the 3rd date
    # (benfluorex on 20 Feb is no A10 date, and on 20 Apr no treatment class).
    # The 10 Mar box covers 10 Mar .. 8 Apr; the next one on 9 May leaves 9 Apr .. 8 May
    # uncovered = 30 days, not more than treatment_era_collapse_days: still one era.
    # GP visits on 25 Feb (month before the index month) and 2 Mar (index month, before the
    # index date: it counts in month 1).
    p01 = person("P01", 1, 1955, "69")
    for care in (date(2020, 1, 10), date(2020, 2, 10), date(2020, 3, 10), date(2020, 5, 9),
                 date(2020, 6, 8)):
        extract.dispensing(p01, care, "metformin")
    extract.dispensing(p01, date(2020, 2, 20), "benfluorex")
    extract.dispensing(p01, date(2020, 4, 20), "benfluorex")
    extract.gp_visit(p01, date(2020, 2, 25))
    extract.gp_visit(p01, date(2020, 3, 2))

    # P02: ALD diabetes from 1 Feb 2020; metformin 4 boxes (120 days, to 30 May) on 1 Feb,
    # DPP-4 4 boxes on 1 May: both run 1 .. 30 May, 30 days, just enough for a combination.
    p02 = person("P02", 2, 1950, "69")
    extract.ald(p02, "E119", date(2020, 2, 1))
    extract.dispensing(p02, date(2020, 2, 1), "metformin", boxes=4)
    extract.dispensing(p02, date(2020, 5, 1), "dpp4", boxes=4)

    # P03: ALD diabetes from 1 Mar 2021; sulfonylurea 3 boxes on 1 Mar (to 29 May), DPP-4
    # 3 boxes on 15 May: overlap 15 .. 29 May = 15 days < 30, a switch.
    p03 = person("P03", 1, 1962, "69")
    extract.ald(p03, "E110", date(2021, 3, 1))
    extract.dispensing(p03, date(2021, 3, 1), "sulfonylurea", boxes=3)
    extract.dispensing(p03, date(2021, 5, 15), "dpp4", boxes=3)

    # P04: large packs of metformin on 7 Jan and 8 Apr 2019 (2 dates with a large pack: the
    # index is the 2nd date), insulin 3 boxes on 1 Jul, metformin again on 4 Nov 2019.
    p04 = person("P04", 2, 1948, "69")
    extract.dispensing(p04, date(2019, 1, 7), "metformin_gc")
    extract.dispensing(p04, date(2019, 4, 8), "metformin_gc")
    extract.dispensing(p04, date(2019, 7, 1), "insulin_basal", boxes=3)
    extract.dispensing(p04, date(2019, 11, 4), "metformin_gc")

    # P05: heart-failure stay 2 .. 10 Jun 2020 (DP I500); GP on 15 Jun, cardiologist on
    # 1 Sep 2020; ACE inhibitor and beta-blocker 3 boxes each on the discharge day; a loop
    # diuretic box on 1 Oct and on 1 Dec 2020; another heart-failure stay 15 .. 20 Dec 2023
    # and a GP on 28 Dec 2023.
    p05 = person("P05", 1, 1940, "13")
    extract.stay(p05, date(2020, 6, 2), date(2020, 6, 10), "I500")
    extract.gp_visit(p05, date(2020, 6, 15))
    extract.specialist_visit(p05, date(2020, 9, 1), CARDIOLOGY)
    extract.dispensing(p05, date(2020, 6, 10), "acei", boxes=3)
    extract.dispensing(p05, date(2020, 6, 10), "beta_blocker", boxes=3)
    extract.dispensing(p05, date(2020, 10, 1), "loop_diuretic")
    extract.dispensing(p05, date(2020, 12, 1), "loop_diuretic")
    extract.stay(p05, date(2023, 12, 15), date(2023, 12, 20), "I509")
    extract.gp_visit(p05, date(2023, 12, 28))  # 8 days after the discharge

    # P06: ICS/LABA inhaler every 30 days from 5 Jan 2021 (5 Jan, 4 Feb, 6 Mar: respiratory
    # disease from the 3rd date; then 5 Apr, 5 May); LAMA 2 boxes on 20 Apr 2021.
    p06 = person("P06", 2, 1970, "33")
    for care in (date(2021, 1, 5), date(2021, 2, 4), date(2021, 3, 6), date(2021, 4, 5),
                 date(2021, 5, 5)):
        extract.dispensing(p06, care, "ics_laba")
    extract.dispensing(p06, date(2021, 4, 20), "lama", boxes=2)

    # P07: a stay 1 .. 5 Jun 2021 for gallstones (DP K802) with diabetes as DR; an
    # endocrinologist on 12 Jul, a GP on 10 Sep, one city HbA1c on 1 Jul; dies 20 Nov 2021.
    p07 = person("P07", 1, 1938, "971", death=date(2021, 11, 20))
    extract.stay(p07, date(2021, 6, 1), date(2021, 6, 5), "K802", related_diagnosis="E119")
    extract.specialist_visit(p07, date(2021, 7, 12), ENDOCRINOLOGY)
    extract.gp_visit(p07, date(2021, 9, 10))
    extract.lab_test(p07, date(2021, 7, 1), NABM_HBA1C)

    # P08: heart-failure stay A 1 .. 8 Mar 2021 (DP I110 hypertensive heart disease + DAS
    # I500); cardiologist on 20 Mar; stay B 25 Mar .. 2 Apr (pneumonia, DP J189); stay C
    # 2 .. 10 May 2021 (DP I500); dies 25 May 2021.
    p08 = person("P08", 2, 1935, "75", death=date(2021, 5, 25))
    extract.stay(p08, date(2021, 3, 1), date(2021, 3, 8), "I110", associated=("I500",))
    extract.specialist_visit(p08, date(2021, 3, 20), CARDIOLOGY)
    extract.stay(p08, date(2021, 3, 25), date(2021, 4, 2), "J189")
    extract.stay(p08, date(2021, 5, 2), date(2021, 5, 10), "I500")

    # P09: dies on the discharge day of a heart-failure stay 1 .. 5 Feb 2023.
    p09 = person("P09", 1, 1930, "75", death=date(2023, 2, 5))
    extract.stay(p09, date(2023, 2, 1), date(2023, 2, 5), "I500", died=True)

    # P10: ALD diabetes from 20 Jan 2020, a GP visit every 3 months in 2020-2021 (the 15th,
    # on the ALD day in January 2020), city markers, an ophthalmologist in May 2022, a
    # cardiologist in Nov 2022, and a fundus examined during a cataract stay in Mar 2023.
    p10 = person("P10", 2, 1958, "2A")
    extract.ald(p10, "E118", date(2020, 1, 20))
    for care in (date(2020, 1, 20), date(2020, 4, 15), date(2020, 7, 15), date(2020, 10, 15),
                 date(2021, 1, 15), date(2021, 4, 15), date(2021, 7, 15), date(2021, 10, 15)):
        extract.gp_visit(p10, care)
    for care in (date(2020, 2, 10), date(2020, 6, 10), date(2020, 6, 10), date(2020, 10, 12),
                 date(2021, 3, 1), date(2021, 9, 1)):
        extract.lab_test(p10, care, NABM_HBA1C)  # 2 lines on 10 Jun 2020: one date
    extract.lab_test(p10, date(2020, 2, 10), NABM_CREATININE)
    extract.lab_test(p10, date(2020, 6, 10), NABM_LIPIDS)
    extract.lab_test(p10, date(2021, 3, 1), NABM_URINE_ALBUMIN)
    extract.fundus_exam(p10, date(2020, 3, 3))
    extract.ecg(p10, date(2020, 5, 5))
    extract.dentist_visit(p10, date(2020, 9, 9))
    extract.specialist_visit(p10, date(2022, 5, 5), OPHTHALMOLOGY)
    extract.specialist_visit(p10, date(2022, 11, 8), CARDIOLOGY)
    extract.stay(p10, date(2023, 3, 1), date(2023, 3, 3), "H251", acts=(("BGQP002", 1),))

    # P11: fictitious NIR; would be diabetic (ALD and 3 metformin dates) if it were kept.
    p11 = person("P11", 1, 1960, "75", nir_quality="05")
    extract.ald(p11, "E119", date(2020, 1, 1))
    for care in (date(2020, 1, 6), date(2020, 2, 6), date(2020, 3, 6)):
        extract.dispensing(p11, care, "metformin")
    extract.gp_visit(p11, date(2020, 3, 6))

    # P12: metformin large packs on 1 Feb and 2 May 2023 (index 2 May 2023, covered to
    # 30 Jul); DPP-4 2 boxes on 2 Jul: overlap 2 .. 30 Jul = 29 days, one short of a
    # combination: a switch. GP on 15 Jun 2023.
    p12 = person("P12", 1, 1966, "69")
    extract.dispensing(p12, date(2023, 2, 1), "metformin_gc")
    extract.dispensing(p12, date(2023, 5, 2), "metformin_gc")
    extract.dispensing(p12, date(2023, 7, 2), "dpp4", boxes=2)
    extract.gp_visit(p12, date(2023, 6, 15))

    # P13: ALD diabetes from 4 Jan 2021; one box of a new class every 45 days (no overlap):
    # sulfonylurea, DPP-4, GLP-1, SGLT2, insulin; then metformin on 3 Jan 2023 (day 729
    # after the index, the last day of the look-forward) and 4 Jan 2023 (day 730: out).
    p13 = person("P13", 2, 1960, "33")
    extract.ald(p13, "E112", date(2021, 1, 4))
    for care, drug in ((date(2021, 1, 4), "sulfonylurea"), (date(2021, 2, 18), "dpp4"),
                       (date(2021, 4, 4), "glp1"), (date(2021, 5, 19), "sglt2"),
                       (date(2021, 7, 3), "insulin_basal"), (date(2023, 1, 3), "metformin"),
                       (date(2023, 1, 4), "metformin")):
        extract.dispensing(p13, care, drug)

    # P14: heart-failure stay S1 1 .. 10 Mar 2022 (DP I500), a transfer stay entering the
    # same day (10 .. 14 Mar, palliative care Z515), GP on day 7 (17 Mar), cardiologist on
    # day 60 (9 May), a stay for pneumonia entering on day 30 (9 .. 12 Apr). Heart-failure
    # stay S2 1 .. 5 Sep 2022, GP on day 8 (13 Sep), dies on day 31 (6 Oct 2022).
    p14 = person("P14", 1, 1942, "75", death=date(2022, 10, 6))
    extract.stay(p14, date(2022, 3, 1), date(2022, 3, 10), "I500")
    extract.stay(p14, date(2022, 3, 10), date(2022, 3, 14), "Z515")
    extract.gp_visit(p14, date(2022, 3, 17))
    extract.specialist_visit(p14, date(2022, 5, 9), CARDIOLOGY)
    extract.stay(p14, date(2022, 4, 9), date(2022, 4, 12), "J189")
    extract.stay(p14, date(2022, 9, 1), date(2022, 9, 5), "I500")
    extract.gp_visit(p14, date(2022, 9, 13))
    return extract, names


@dataclass
class MiniWarehouse:
    con: duckdb.DuckDBPyConnection
    names: dict[str, str]  # person_id -> P01 ...

    def rows(self, sql: str) -> set[tuple]:
        """Rows of a query whose first column is person_id, with the person's name instead."""
        return {(self.names.get(row[0], row[0]), *row[1:])
                for row in self.con.execute(sql).fetchall()}

    def plain_rows(self, sql: str) -> set[tuple]:
        return set(self.con.execute(sql).fetchall())


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> MiniWarehouse:
    """The mini extract written as Parquet, then `dbt build` of the pathways and their parents.

    Data tests run when all their parents are built (cautious indirect selection), so that a
    test of another layer, whose other parent is not built here, is left out.
    """
    extract, names = _describe_extract()
    raw_dir = extract.write(tmp_path_factory.mktemp("mini_raw"),
                            range(FIRST_YEAR, LAST_YEAR + 1))
    work_dir = tmp_path_factory.mktemp("mini_build")
    result = run_dbt(
        ["build", "--select", "+models/pathways", "--indirect-selection", "cautious"],
        inspect_extract(raw_dir), work_dir / "warehouse.duckdb",
        target_dir=work_dir / "target",
        extra_vars={"study_first_year": FIRST_YEAR, "study_last_year": LAST_YEAR},
    )
    if not result.success:
        pytest.fail(f"dbt build of the mini extract failed: {result.failed_nodes} "
                    f"{result.error or ''}")
    con = duckdb.connect(str(work_dir / "warehouse.duckdb"), read_only=True)
    yield MiniWarehouse(con, names)
    con.close()


# --- persons and conditions ---------------------------------------------------------------

KEPT_PERSONS = {f"P{number:02d}" for number in range(1, 15)} - {"P11"}


def test_fictitious_nir_person_leaves_no_trace(mini: MiniWarehouse) -> None:
    assert {row[0] for row in mini.rows(f"select person_id from {SCHEMA}.pathways__persons")} \
        == KEPT_PERSONS
    for model in ("pathways__care_events", "pathways__conditions",
                  "pathways__condition_patients"):
        found = {row[0] for row in mini.rows(f"select person_id from {SCHEMA}.{model}")}
        assert "P11" not in found, model


def test_persons_death_and_residence(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, death_date, departement_code, region_code
        from {SCHEMA}.pathways__persons
    """)
    deaths = {"P07": date(2021, 11, 20), "P08": date(2021, 5, 25), "P09": date(2023, 2, 5),
              "P14": date(2022, 10, 6)}
    residence = {"P01": ("69", "84"), "P02": ("69", "84"), "P03": ("69", "84"),
                 "P04": ("69", "84"), "P05": ("13", "93"), "P06": ("33", "75"),
                 "P07": ("971", "01"), "P08": ("75", "11"), "P09": ("75", "11"),
                 "P10": ("2A", "94"), "P12": ("69", "84"), "P13": ("33", "75"),
                 "P14": ("75", "11")}
    assert found == {(name, deaths.get(name), *residence[name]) for name in KEPT_PERSONS}


# (name, care year, condition) -> index date: the earliest date of the year a rule holds.
EXPECTED_CONDITIONS = {
    # 3rd A10 date of 2020 (counting benfluorex, 20 Feb would be the 3rd)
    ("P01", 2020, "diabetes"): date(2020, 3, 10),
    # ALD active from 1 Feb 2020, still open: every later year from 1 January
    ("P02", 2020, "diabetes"): date(2020, 2, 1),
    ("P02", 2021, "diabetes"): date(2021, 1, 1),
    ("P02", 2022, "diabetes"): date(2022, 1, 1),
    ("P02", 2023, "diabetes"): date(2023, 1, 1),
    ("P03", 2021, "diabetes"): date(2021, 3, 1),
    ("P03", 2022, "diabetes"): date(2022, 1, 1),
    ("P03", 2023, "diabetes"): date(2023, 1, 1),
    # 2nd A10 date of 2019 with a large pack by then; only 2 other A10 dates, in 2019 too
    ("P04", 2019, "diabetes"): date(2019, 4, 8),
    ("P05", 2020, "heart_failure"): date(2020, 6, 10),  # discharge, DP I500
    ("P05", 2023, "heart_failure"): date(2023, 12, 20),
    ("P06", 2021, "chronic_respiratory_disease"): date(2021, 3, 6),  # 3rd R03 date
    ("P07", 2021, "diabetes"): date(2021, 6, 5),  # discharge of the stay with DR E119
    # stay A: DP I110 paired with DAS I500 (stay C, 10 May, is later in the year)
    ("P08", 2021, "heart_failure"): date(2021, 3, 8),
    ("P09", 2023, "heart_failure"): date(2023, 2, 5),
    ("P10", 2020, "diabetes"): date(2020, 1, 20),
    ("P10", 2021, "diabetes"): date(2021, 1, 1),
    ("P10", 2022, "diabetes"): date(2022, 1, 1),
    ("P10", 2023, "diabetes"): date(2023, 1, 1),
    ("P12", 2023, "diabetes"): date(2023, 5, 2),  # 2nd date, large packs
    # ALD from 4 Jan 2021 (before the 3rd A10 date of 2021, 4 Apr); 2 dates only in 2023
    ("P13", 2021, "diabetes"): date(2021, 1, 4),
    ("P13", 2022, "diabetes"): date(2022, 1, 1),
    ("P13", 2023, "diabetes"): date(2023, 1, 1),
    ("P14", 2022, "heart_failure"): date(2022, 3, 10),
}


def test_conditions_per_year(mini: MiniWarehouse) -> None:
    found = mini.rows(
        f"select person_id, care_year, condition, index_date from {SCHEMA}.pathways__conditions"
    )
    assert found == {(*key, index_date) for key, index_date in EXPECTED_CONDITIONS.items()}


def _patients() -> dict[tuple[str, str], date]:
    """(name, condition) -> index date: the first year's index date."""
    patients: dict[tuple[str, str], date] = {}
    for (name, _, condition), index_date in sorted(EXPECTED_CONDITIONS.items()):
        patients.setdefault((name, condition), index_date)
    return patients


def test_condition_patients_index_dates(mini: MiniWarehouse) -> None:
    found = mini.rows(
        f"select person_id, condition, index_date from {SCHEMA}.pathways__condition_patients"
    )
    assert found == {(*key, index_date) for key, index_date in _patients().items()}


# --- treatment pathways -------------------------------------------------------------------

# (name, condition, class, era number, first day, last day, duration days, dispensings).
# Only dispensings from the index date on count (P01's January and February boxes, P04's
# January pack and P06's first two inhalers come before it).
EXPECTED_ERAS = {
    # 10 Mar .. 7 Jul 2020 (3 boxes: 10 Mar, 9 May, 8 Jun): 22 + 30 + 31 + 30 + 7 days
    ("P01", "diabetes", "MET", 1, date(2020, 3, 10), date(2020, 7, 7), 120, 3),
    # 1 Feb + 119 days (28 + 31 + 30 + 30) = 30 May; 1 May + 119 (30 + 30 + 31 + 28) = 28 Aug
    ("P02", "diabetes", "MET", 1, date(2020, 2, 1), date(2020, 5, 30), 120, 1),
    ("P02", "diabetes", "DPP4", 1, date(2020, 5, 1), date(2020, 8, 28), 120, 1),
    # 1 Mar + 89 = 29 May; 15 May + 89 = 12 Aug
    ("P03", "diabetes", "SU", 1, date(2021, 3, 1), date(2021, 5, 29), 90, 1),
    ("P03", "diabetes", "DPP4", 1, date(2021, 5, 15), date(2021, 8, 12), 90, 1),
    # metformin 8 Apr .. 6 Jul, then 7 Jul .. 3 Nov uncovered (120 days > 30): a 2nd era
    # 4 Nov 2019 .. 1 Feb 2020; insulin 1 Jul .. 28 Sep
    ("P04", "diabetes", "MET", 1, date(2019, 4, 8), date(2019, 7, 6), 90, 1),
    ("P04", "diabetes", "MET", 2, date(2019, 11, 4), date(2020, 2, 1), 90, 1),
    ("P04", "diabetes", "INS", 1, date(2019, 7, 1), date(2019, 9, 28), 90, 1),
    # 10 Jun + 89 = 7 Sep; the diuretic box of 1 Oct ends 30 Oct, 31 Oct .. 30 Nov are 31
    # uncovered days (> 30): the 1 Dec box starts a 2nd era
    ("P05", "heart_failure", "ACEI", 1, date(2020, 6, 10), date(2020, 9, 7), 90, 1),
    ("P05", "heart_failure", "BB", 1, date(2020, 6, 10), date(2020, 9, 7), 90, 1),
    ("P05", "heart_failure", "LOOP", 1, date(2020, 10, 1), date(2020, 10, 30), 30, 1),
    ("P05", "heart_failure", "LOOP", 2, date(2020, 12, 1), date(2020, 12, 30), 30, 1),
    # inhalers 6 Mar, 5 Apr, 5 May back to back: 6 Mar .. 3 Jun; LAMA 20 Apr + 59 = 18 Jun
    ("P06", "chronic_respiratory_disease", "ICSLABA", 1, date(2021, 3, 6), date(2021, 6, 3),
     90, 3),
    ("P06", "chronic_respiratory_disease", "LAMA", 1, date(2021, 4, 20), date(2021, 6, 18),
     60, 1),
    # 2 May + 89 = 30 Jul 2023; 2 Jul + 59 = 30 Aug
    ("P12", "diabetes", "MET", 1, date(2023, 5, 2), date(2023, 7, 30), 90, 1),
    ("P12", "diabetes", "DPP4", 1, date(2023, 7, 2), date(2023, 8, 30), 60, 1),
    # one box each, start + 29 days; the day-730 box of 4 Jan 2023 is out of the window (in
    # it, it would have joined the metformin era: 2 dispensings, to 2 Feb)
    ("P13", "diabetes", "SU", 1, date(2021, 1, 4), date(2021, 2, 2), 30, 1),
    ("P13", "diabetes", "DPP4", 1, date(2021, 2, 18), date(2021, 3, 19), 30, 1),
    ("P13", "diabetes", "GLP1", 1, date(2021, 4, 4), date(2021, 5, 3), 30, 1),
    ("P13", "diabetes", "SGLT2", 1, date(2021, 5, 19), date(2021, 6, 17), 30, 1),
    ("P13", "diabetes", "INS", 1, date(2021, 7, 3), date(2021, 8, 1), 30, 1),
    ("P13", "diabetes", "MET", 1, date(2023, 1, 3), date(2023, 2, 1), 30, 1),
}


def test_treatment_eras(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, condition, class_code, era_number, era_start_date, era_end_date,
               duration_days, n_dispensings
        from {SCHEMA}.pathways__treatment_eras
    """)
    assert found == EXPECTED_ERAS


# (name, condition, line, label, first day, last day, duration days, days from index)
EXPECTED_LINES = {
    ("P01", "diabetes", 1, "MET", date(2020, 3, 10), date(2020, 7, 7), 120, 0),
    # MET alone 1 Feb .. 30 Apr (29 + 31 + 30 = 90 days); both 1 .. 30 May (overlap 30 >= 30:
    # a combination, and 30 days >= the 30-day minimum of a cut piece); DPP-4 alone 31 May ..
    # 28 Aug (1 + 30 + 31 + 28 = 90); 1 Feb -> 1 May = 90 days, -> 31 May = 120 days
    ("P02", "diabetes", 1, "MET", date(2020, 2, 1), date(2020, 4, 30), 90, 0),
    ("P02", "diabetes", 2, "DPP4+MET", date(2020, 5, 1), date(2020, 5, 30), 30, 90),
    ("P02", "diabetes", 3, "DPP4", date(2020, 5, 31), date(2020, 8, 28), 90, 120),
    # switch: the sulfonylurea stops when DPP-4 starts (1 Mar .. 14 May = 31 + 30 + 14 = 75)
    ("P03", "diabetes", 1, "SU", date(2021, 3, 1), date(2021, 5, 14), 75, 0),
    ("P03", "diabetes", 2, "DPP4", date(2021, 5, 15), date(2021, 8, 12), 90, 75),
    # switch (overlap 1 .. 6 Jul = 6 days): metformin 8 Apr .. 30 Jun = 23 + 31 + 30 = 84;
    # insulin whole; the 2nd metformin era repeats MET: dropped (first occurrence only)
    ("P04", "diabetes", 1, "MET", date(2019, 4, 8), date(2019, 6, 30), 84, 0),
    ("P04", "diabetes", 2, "INS", date(2019, 7, 1), date(2019, 9, 28), 90, 84),
    # same start day: a combination whatever the overlap; the two diuretic eras are
    # consecutive identical events: one line of 30 + 30 days; 10 Jun -> 1 Oct = 113 days
    ("P05", "heart_failure", 1, "ACEI+BB", date(2020, 6, 10), date(2020, 9, 7), 90, 0),
    ("P05", "heart_failure", 2, "LOOP", date(2020, 10, 1), date(2020, 12, 30), 60, 113),
    # ICS/LABA alone 6 Mar .. 19 Apr (26 + 19 = 45 days), with LAMA 20 Apr .. 3 Jun
    # (overlap 45 >= 30; 11 + 31 + 3 = 45 days); LAMA alone 4 .. 18 Jun = 15 days < 30:
    # a piece cut by the combination, dropped
    ("P06", "chronic_respiratory_disease", 1, "ICSLABA", date(2021, 3, 6), date(2021, 4, 19),
     45, 0),
    ("P06", "chronic_respiratory_disease", 2, "ICSLABA+LAMA", date(2021, 4, 20),
     date(2021, 6, 3), 45, 45),
    # overlap 29 < 30: a switch, metformin stops on 1 Jul (2 May .. 1 Jul = 30 + 31 = 61 days)
    ("P12", "diabetes", 1, "MET", date(2023, 5, 2), date(2023, 7, 1), 61, 0),
    ("P12", "diabetes", 2, "DPP4", date(2023, 7, 2), date(2023, 8, 30), 60, 61),
    # six whole eras, six lines: only the first 5 are kept (treatment_max_lines)
    ("P13", "diabetes", 1, "SU", date(2021, 1, 4), date(2021, 2, 2), 30, 0),
    ("P13", "diabetes", 2, "DPP4", date(2021, 2, 18), date(2021, 3, 19), 30, 45),
    ("P13", "diabetes", 3, "GLP1", date(2021, 4, 4), date(2021, 5, 3), 30, 90),
    ("P13", "diabetes", 4, "SGLT2", date(2021, 5, 19), date(2021, 6, 17), 30, 135),
    ("P13", "diabetes", 5, "INS", date(2021, 7, 3), date(2021, 8, 1), 30, 180),
}


def test_treatment_lines(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, condition, line_number, event_label, line_start_date,
               line_end_date, duration_days, days_from_index
        from {SCHEMA}.pathways__treatment_lines
    """)
    assert found == EXPECTED_LINES


def test_treatment_line_flags_follow_the_label(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, line_number, is_combination, n_classes
        from {SCHEMA}.pathways__treatment_lines
    """)
    assert found == {(name, line, "+" in label, label.count("+") + 1)
                     for name, _, line, label, *_ in EXPECTED_LINES}


# (name, condition) -> (pathway, n_lines, has_full_look_forward). Look-forward: index + 729
# days must be on or before 31 Dec 2023 and the patient alive on it.
EXPECTED_PATHWAYS = {
    ("P01", "diabetes"): ("MET", 1, True),  # to 9 Mar 2022
    ("P02", "diabetes"): ("MET-DPP4+MET-DPP4", 3, True),
    ("P03", "diabetes"): ("SU-DPP4", 2, True),  # to 28 Feb 2023
    ("P04", "diabetes"): ("MET-INS", 2, True),
    ("P07", "diabetes"): (None, 0, False),  # no drug; dead in Nov 2021
    ("P10", "diabetes"): (None, 0, True),  # no drug
    ("P12", "diabetes"): ("MET-DPP4", 2, False),  # to 30 Apr 2025: past the data
    ("P13", "diabetes"): ("SU-DPP4-GLP1-SGLT2-INS", 5, True),  # to 3 Jan 2023
    ("P05", "heart_failure"): ("ACEI+BB-LOOP", 2, True),
    ("P08", "heart_failure"): (None, 0, False),
    ("P09", "heart_failure"): (None, 0, False),
    ("P14", "heart_failure"): (None, 0, False),
    ("P06", "chronic_respiratory_disease"): ("ICSLABA-ICSLABA+LAMA", 2, True),
}


def test_treatment_pathways(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, condition, pathway, n_lines, has_full_look_forward
        from {SCHEMA}.pathways__treatment_pathways
    """)
    assert found == {(*key, *value) for key, value in EXPECTED_PATHWAYS.items()}


def test_treatment_pathway_dates_and_strata(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, index_date, look_forward_end_date, first_line_label, age_at_index,
               age_band_10y_at_index, sex_code, region_code
        from {SCHEMA}.pathways__treatment_pathways where condition = 'diabetes'
    """)
    found = {row for row in found if row[0] in ("P01", "P02")}
    assert found == {
        # 10 Mar 2020 + 729 days (365 + 364: no 29 Feb in between) = 9 Mar 2022
        ("P01", date(2020, 3, 10), date(2022, 3, 9), "MET", 65, "60-69", 1, "84"),
        # 1 Feb 2020 + 729 days (366 with 29 Feb 2020, + 363) = 30 Jan 2022
        ("P02", date(2020, 2, 1), date(2022, 1, 30), "MET", 70, "70-79", 2, "84"),
    }


def test_treatment_attrition(mini: MiniWarehouse) -> None:
    found = mini.plain_rows(f"""
        select condition, step_number, n_patients, n_patients_removed
        from {SCHEMA}.pathways__treatment_attrition
    """)
    assert found == {
        # P01 P02 P03 P04 P07 P10 P12 P13; P07 and P10 have no antidiabetic dispensing
        ("diabetes", 1, 8, 0), ("diabetes", 2, 6, 2), ("diabetes", 3, 6, 0),
        ("diabetes", 4, 6, 0),
        # P05 P08 P09 P14; only P05 is treated
        ("heart_failure", 1, 4, 0), ("heart_failure", 2, 1, 3), ("heart_failure", 3, 1, 0),
        ("heart_failure", 4, 1, 0),
        ("chronic_respiratory_disease", 1, 1, 0), ("chronic_respiratory_disease", 2, 1, 0),
        ("chronic_respiratory_disease", 3, 1, 0), ("chronic_respiratory_disease", 4, 1, 0),
    }


# --- care trajectories --------------------------------------------------------------------

NO_CARE_ONLY = "N" * HORIZON
# (name, condition) -> (sequence, has full follow-up, censored months, first dead month).
# Month 1 = the index date's calendar month; full follow-up when month 24 ends by 31 Dec 2023.
EXPECTED_SEQUENCES = {
    # the GP of 2 Mar 2020 is in month 1 (Mar 2020), the one of 25 Feb before it
    ("P01", "diabetes"): ("G" + "N" * 23, True, 0, None),
    # no GP, specialist or stay in the 24 months (dispensings make no state)
    ("P02", "diabetes"): (NO_CARE_ONLY, True, 0, None),
    ("P03", "diabetes"): (NO_CARE_ONLY, True, 0, None),  # Mar 2021 .. Feb 2023
    ("P04", "diabetes"): (NO_CARE_ONLY, True, 0, None),
    # Jun 2021 stay H, Jul endocrinologist S, Aug N, Sep GP G, Oct N, dead from Nov (month 6)
    ("P07", "diabetes"): ("HSNGN" + "D" * 19, True, 0, 6),
    # a GP visit in months 1, 4, 7 ... 22 (Jan, Apr, Jul, Oct of 2020 and 2021); the
    # ECG, fundus, dentist and labs of 2020 make no state
    ("P10", "diabetes"): ("GNN" * 8, True, 0, None),
    # May 2023 N, Jun GP, Jul .. Dec N, Jan 2024 .. Apr 2025 censored
    ("P12", "diabetes"): ("NG" + "N" * 6 + "C" * 16, False, 16, None),
    ("P13", "diabetes"): (NO_CARE_ONLY, True, 0, None),  # Jan 2021 .. Dec 2022
    # Jun 2020 stay, Jul Aug none, Sep cardiologist; the Dec 2023 stay is past month 24
    ("P05", "heart_failure"): ("HNNS" + "N" * 20, True, 0, None),
    # Mar 2021 stays A and B, Apr stay B (to 2 Apr), dead 25 May: D outranks stay C
    ("P08", "heart_failure"): ("HH" + "D" * 22, True, 0, 3),
    # dead in month 1 (Feb 2023); death outranks censoring from Jan 2024 on
    ("P09", "heart_failure"): ("D" * HORIZON, False, 0, 1),
    # Mar 2022 S1 and the transfer, Apr pneumonia stay, May cardiologist, Jun-Aug none,
    # Sep S2, dead from Oct (month 8); month 24 (Feb 2024) is past the data: not followed
    ("P14", "heart_failure"): ("HHSNNNH" + "D" * 17, False, 0, 8),
    ("P06", "chronic_respiratory_disease"): (NO_CARE_ONLY, True, 0, None),
}


def test_trajectory_sequences(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, condition, trajectory_sequence, has_full_follow_up,
               n_censored_months, death_month_number
        from {SCHEMA}.pathways__trajectory_sequences
    """)
    assert found == {(*key, *value) for key, value in EXPECTED_SEQUENCES.items()}


def test_trajectory_month_states(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, condition, month_number, month_start_date, month_end_date,
               care_state, state_code
        from {SCHEMA}.pathways__trajectory_monthly_states
    """)
    expected = {
        ("P01", "diabetes", 1, date(2020, 3, 1), date(2020, 3, 31), "gp_only", "G"),
        ("P07", "diabetes", 1, date(2021, 6, 1), date(2021, 6, 30), "hospital", "H"),
        ("P07", "diabetes", 2, date(2021, 7, 1), date(2021, 7, 31), "specialist", "S"),
        ("P07", "diabetes", 4, date(2021, 9, 1), date(2021, 9, 30), "gp_only", "G"),
        ("P07", "diabetes", 5, date(2021, 10, 1), date(2021, 10, 31), "no_care", "N"),
        ("P07", "diabetes", 6, date(2021, 11, 1), date(2021, 11, 30), "dead", "D"),
        # stay B (25 Mar .. 2 Apr) spans months 1 and 2
        ("P08", "heart_failure", 2, date(2021, 4, 1), date(2021, 4, 30), "hospital", "H"),
        ("P08", "heart_failure", 3, date(2021, 5, 1), date(2021, 5, 31), "dead", "D"),
        ("P10", "diabetes", 1, date(2020, 1, 1), date(2020, 1, 31), "gp_only", "G"),
        ("P10", "diabetes", 24, date(2021, 12, 1), date(2021, 12, 31), "no_care", "N"),
        ("P12", "diabetes", 8, date(2023, 12, 1), date(2023, 12, 31), "no_care", "N"),
        ("P12", "diabetes", 9, date(2024, 1, 1), date(2024, 1, 31), "censored", "C"),
        ("P09", "heart_failure", 24, date(2025, 1, 1), date(2025, 1, 31), "dead", "D"),
    }
    assert expected <= found
    assert len(found) == HORIZON * len(EXPECTED_SEQUENCES)


def test_trajectory_transitions(mini: MiniWarehouse) -> None:
    found = mini.plain_rows(f"""
        select condition, from_month_number, from_state, to_state, n_patients
        from {SCHEMA}.pathways__trajectory_transitions
        where from_month_number in (1, 2, 5)
    """)
    assert found == {
        # full follow-up: P01 (G), P02-P04 and P13 (N), P07, P10 (G); P12 is left out
        ("diabetes", 1, "no_care", "no_care", 4), ("diabetes", 1, "hospital", "specialist", 1),
        ("diabetes", 1, "gp_only", "no_care", 2),
        ("diabetes", 2, "no_care", "no_care", 6), ("diabetes", 2, "specialist", "no_care", 1),
        ("diabetes", 5, "no_care", "no_care", 6), ("diabetes", 5, "no_care", "dead", 1),
        # P05 and P08; P09 and P14 are left out
        ("heart_failure", 1, "hospital", "no_care", 1),
        ("heart_failure", 1, "hospital", "hospital", 1),
        ("heart_failure", 2, "no_care", "no_care", 1),
        ("heart_failure", 2, "hospital", "dead", 1),
        ("heart_failure", 5, "no_care", "no_care", 1), ("heart_failure", 5, "dead", "dead", 1),
        *{("chronic_respiratory_disease", month, "no_care", "no_care", 1)
          for month in (1, 2, 5)},
    }


def test_trajectory_variants(mini: MiniWarehouse) -> None:
    found = mini.plain_rows(f"""
        select condition, variant_rank, trajectory_sequence, n_patients,
               round(share_of_patients, 6)
        from {SCHEMA}.pathways__trajectory_variants
    """)
    assert found == {
        ("diabetes", 1, NO_CARE_ONLY, 4, round(4 / 7, 6)),  # P02 P03 P04 P13
        # ties of one patient ranked by the sequence: GNNG... < GNNN... < H...
        ("diabetes", 2, "GNN" * 8, 1, round(1 / 7, 6)),
        ("diabetes", 3, "G" + "N" * 23, 1, round(1 / 7, 6)),
        ("diabetes", 4, "HSNGN" + "D" * 19, 1, round(1 / 7, 6)),
        ("heart_failure", 1, "HH" + "D" * 22, 1, 0.5),
        ("heart_failure", 2, "HNNS" + "N" * 20, 1, 0.5),
        ("chronic_respiratory_disease", 1, NO_CARE_ONLY, 1, 1.0),
    }


def test_trajectory_follow_up(mini: MiniWarehouse) -> None:
    found = mini.plain_rows(f"""
        select condition, n_patients, n_with_full_follow_up, n_without_full_follow_up,
               n_without_full_follow_up_dead, n_censored_months, n_variants
        from {SCHEMA}.pathways__trajectory_follow_up
    """)
    assert found == {
        ("diabetes", 8, 7, 1, 0, 16, 4),  # P12 left out, 16 censored months
        ("heart_failure", 4, 2, 2, 2, 0, 2),  # P09 and P14 left out, both dead
        ("chronic_respiratory_disease", 1, 1, 0, 0, 0, 1),
    }


# --- follow-up indicators -----------------------------------------------------------------

DIABETES_MARKERS = (
    "n_hba1c_dates", "has_hba1c_3_tests", "has_creatinine_test", "has_urine_albumin_test",
    "has_lipid_panel", "has_fundus_exam_2y", "has_ophthalmology_2y", "has_cardiology_follow_up",
    "has_dentist_visit",
)
NO_MARKER = dict.fromkeys(DIABETES_MARKERS, False) | {"n_hba1c_dates": 0}
# (name, year) -> the markers that differ from NO_MARKER
MARKERS_FOUND = {
    # HbA1c on 10 Feb, 10 Jun (twice), 12 Oct: 3 dates; creatinine, lipids, fundus 3 Mar,
    # ECG 5 May, dentist 9 Sep; no urine albumin
    ("P10", 2020): {"n_hba1c_dates": 3, "has_hba1c_3_tests": True, "has_creatinine_test": True,
                    "has_lipid_panel": True, "has_fundus_exam_2y": True,
                    "has_ophthalmology_2y": True, "has_cardiology_follow_up": True,
                    "has_dentist_visit": True},
    # HbA1c on 2 dates only; urine albumin; the 2020 fundus is in the two-year window
    ("P10", 2021): {"n_hba1c_dates": 2, "has_urine_albumin_test": True,
                    "has_fundus_exam_2y": True, "has_ophthalmology_2y": True},
    # ophthalmologist 5 May 2022 (no fundus), cardiologist 8 Nov 2022
    ("P10", 2022): {"has_ophthalmology_2y": True, "has_cardiology_follow_up": True},
    # the 2022 ophthalmologist is in the window; the fundus of the 2023 stay is not city care
    ("P10", 2023): {"has_ophthalmology_2y": True},
    ("P07", 2021): {"n_hba1c_dates": 1},
}
DIED_IN_YEAR = {("P07", 2021)}


def _expected_diabetes_follow_up() -> set[tuple]:
    expected = set()
    for (name, year, condition) in EXPECTED_CONDITIONS:
        if condition != "diabetes":
            continue
        markers = NO_MARKER | MARKERS_FOUND.get((name, year), {})
        status = "censored" if year == FIRST_YEAR else "eligible"  # 2018 is not in the data
        expected.add((name, year, *(markers[column] for column in DIABETES_MARKERS),
                      status, (name, year) in DIED_IN_YEAR))
    return expected


def test_diabetes_follow_up(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, care_year, {", ".join(DIABETES_MARKERS)}, two_year_window_status,
               died_in_year
        from {SCHEMA}.pathways__diabetes_follow_up
    """)
    assert found == _expected_diabetes_follow_up()


# (name, discharge) -> (entry, first GP/cardiology visit, first cardiology visit, next stay
# entry, visit 7d, status, cardiology 60d, status, readmission 30d, status, death 30d, status)
EXPECTED_DISCHARGES = {
    # GP 5 days after; cardiologist 83 days after (> 60); next stay only in Dec 2023
    ("P05", date(2020, 6, 10)): (
        date(2020, 6, 2), date(2020, 6, 15), date(2020, 9, 1), date(2023, 12, 15),
        True, "eligible", False, "eligible", False, "eligible", False, "eligible"),
    # windows of 60 and 30 days end in 2024: censored; the 7-day one ends 27 Dec 2023, the
    # GP comes on day 8 (28 Dec)
    ("P05", date(2023, 12, 20)): (
        date(2023, 12, 15), date(2023, 12, 28), None, None,
        False, "eligible", False, "censored", False, "censored", False, "censored"),
    # cardiologist 12 days after (> 7, <= 60); stay B enters 17 days after; death 25 May is
    # after every window end (15 Mar, 7 May, 7 Apr, 7 Apr)
    ("P08", date(2021, 3, 8)): (
        date(2021, 3, 1), date(2021, 3, 20), date(2021, 3, 20), date(2021, 3, 25),
        False, "eligible", True, "eligible", True, "eligible", False, "eligible"),
    # death 15 days after: inside the 60-day visit window (to 9 Jul), not the 7-day one
    ("P08", date(2021, 5, 10)): (
        date(2021, 5, 2), None, None, None,
        False, "eligible", False, "excluded_death_in_window", False, "eligible",
        True, "eligible"),
    ("P09", date(2023, 2, 5)): (
        date(2023, 2, 1), None, None, None,
        False, "excluded_death_in_stay", False, "excluded_death_in_stay",
        False, "excluded_death_in_stay", False, "excluded_death_in_stay"),
    # GP on day 7, cardiologist on day 60, pneumonia stay entering on day 30: all inside;
    # the transfer entering on the discharge day is no readmission; death 6 Oct is after
    # every window (17 Mar, 9 May, 9 Apr, 9 Apr)
    ("P14", date(2022, 3, 10)): (
        date(2022, 3, 1), date(2022, 3, 17), date(2022, 5, 9), date(2022, 4, 9),
        True, "eligible", True, "eligible", True, "eligible", False, "eligible"),
    # GP on day 8: outside the 7-day window; death on day 31 (6 Oct): no death within 30
    # days, but inside the 60-day window (to 4 Nov): the cardiology indicator excludes it
    ("P14", date(2022, 9, 5)): (
        date(2022, 9, 1), date(2022, 9, 13), None, None,
        False, "eligible", False, "excluded_death_in_window", False, "eligible",
        False, "eligible"),
}


def test_heart_failure_discharges(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, discharge_date, entry_date, first_visit_date,
               first_cardiology_visit_date, next_stay_entry_date,
               has_visit_7d, visit_7d_status, has_cardiology_visit_60d, cardiology_60d_status,
               has_readmission_30d, readmission_30d_status, has_death_30d, death_30d_status
        from {SCHEMA}.pathways__heart_failure_discharges
    """)
    assert found == {(*key, *value) for key, value in EXPECTED_DISCHARGES.items()}


def test_heart_failure_discharge_years_and_death_in_stay(mini: MiniWarehouse) -> None:
    found = mini.rows(f"""
        select person_id, discharge_date, care_year, departement_code, is_death_in_stay
        from {SCHEMA}.pathways__heart_failure_discharges
    """)
    departements = {"P05": "13", "P08": "75", "P09": "75", "P14": "75"}
    assert found == {(name, discharge, discharge.year, departements[name], name == "P09")
                     for name, discharge in EXPECTED_DISCHARGES}


ALL_DIABETES_INDICATORS = (
    "diabetes_hba1c_3", "diabetes_creatinine", "diabetes_urine_albumin",
    "diabetes_lipid_panel", "diabetes_fundus_2y", "diabetes_ophthalmology_2y",
    "diabetes_cardiology", "diabetes_dentist",
)
# (care year, département, indicator) -> (numerator, denominator, excluded, censored)
EXPECTED_DEPARTEMENT_COUNTS = {
    # P10 alone in Corse-du-Sud
    **{(2020, "2A", code): (1, 1, 0, 0) for code in ALL_DIABETES_INDICATORS},
    (2020, "2A", "diabetes_urine_albumin"): (0, 1, 0, 0),
    (2021, "2A", "diabetes_hba1c_3"): (0, 1, 0, 0),
    (2021, "2A", "diabetes_creatinine"): (0, 1, 0, 0),
    (2021, "2A", "diabetes_urine_albumin"): (1, 1, 0, 0),
    (2021, "2A", "diabetes_lipid_panel"): (0, 1, 0, 0),
    (2021, "2A", "diabetes_fundus_2y"): (1, 1, 0, 0),
    (2021, "2A", "diabetes_ophthalmology_2y"): (1, 1, 0, 0),
    (2021, "2A", "diabetes_cardiology"): (0, 1, 0, 0),
    (2021, "2A", "diabetes_dentist"): (0, 1, 0, 0),
    # P04 alone in Rhône in 2019: two-year indicators censored (2018 is not in the data)
    **{(2019, "69", code): (0, 1, 0, 0) for code in ALL_DIABETES_INDICATORS},
    (2019, "69", "diabetes_fundus_2y"): (0, 0, 0, 1),
    (2019, "69", "diabetes_ophthalmology_2y"): (0, 0, 0, 1),
    # P02, P03 and P12 in Rhône in 2023, no marker
    (2023, "69", "diabetes_hba1c_3"): (0, 3, 0, 0),
    # P08's two discharges in Paris in 2021
    (2021, "75", "hf_visit_7d"): (0, 2, 0, 0),
    (2021, "75", "hf_cardiology_60d"): (1, 1, 1, 0),
    (2021, "75", "hf_readmission_30d"): (1, 2, 0, 0),
    (2021, "75", "hf_death_30d"): (1, 2, 0, 0),
    # P09 dies during the stay: excluded from every denominator
    **{(2023, "75", code): (0, 0, 1, 0)
       for code in ("hf_visit_7d", "hf_cardiology_60d", "hf_readmission_30d", "hf_death_30d")},
    # P14's two discharges in Paris in 2022
    (2022, "75", "hf_visit_7d"): (1, 2, 0, 0),
    (2022, "75", "hf_cardiology_60d"): (1, 1, 1, 0),
    (2022, "75", "hf_readmission_30d"): (1, 2, 0, 0),
    (2022, "75", "hf_death_30d"): (0, 2, 0, 0),
    # P05 in Bouches-du-Rhône
    (2020, "13", "hf_visit_7d"): (1, 1, 0, 0),
    (2020, "13", "hf_cardiology_60d"): (0, 1, 0, 0),
    (2020, "13", "hf_readmission_30d"): (0, 1, 0, 0),
    (2020, "13", "hf_death_30d"): (0, 1, 0, 0),
    (2023, "13", "hf_visit_7d"): (0, 1, 0, 0),
    (2023, "13", "hf_cardiology_60d"): (0, 0, 0, 1),
    (2023, "13", "hf_readmission_30d"): (0, 0, 0, 1),
    (2023, "13", "hf_death_30d"): (0, 0, 0, 1),
}


def test_departement_indicator_counts(mini: MiniWarehouse) -> None:
    found = {
        (year, departement, code): counts
        for year, departement, code, *counts in mini.plain_rows(f"""
            select care_year, departement_code, indicator_code, numerator, denominator,
                   n_excluded, n_censored
            from {SCHEMA}.pathways__follow_up_indicators_departement
        """)
    }
    assert {key: tuple(found.get(key, ())) for key in EXPECTED_DEPARTEMENT_COUNTS} \
        == EXPECTED_DEPARTEMENT_COUNTS
    # heart-failure units live only in 13 (2020, 2023) and 75 (2021 to 2023)
    assert {key[:2] for key in found if key[2].startswith("hf_")} \
        == {(2020, "13"), (2023, "13"), (2021, "75"), (2022, "75"), (2023, "75")}
