"""Follow-up indicators of the pathways layer, recomputed from the raw extract and its truth.

The reference below reads the raw Parquet files of the generated extract, drops the rows that
`_truth/rejections.parquet` lists, resolves persons with `_truth/identity.parquet` and takes
the diabetes patient-years from `_truth/conditions.parquet`. It never reads a dbt model: it
re-implements the documented rules (docs/raw_to_staging_contract.md, snds.md §4, §6.3, §7 and
seeds/follow_up_indicators.csv) in its own DuckDB SQL, then the warehouse must agree exactly,
per patient-year or discharge and per département.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
import yaml

from open_chronic.raw_contract import DCIR_JOIN_KEYS

PROJECT_DIR = Path(__file__).resolve().parents[2]
FIRST_YEAR, LAST_YEAR = 2019, 2023  # conftest TEST_YEARS
DATA_END = f"{LAST_YEAR}-12-31"

# Windows of seeds/follow_up_indicators.csv, written out here on purpose (not read from vars).
HBA1C_MIN_DATES = 3
VISIT_DAYS, CARDIOLOGY_DAYS, READMISSION_DAYS, DEATH_DAYS = 7, 60, 30, 30

DIABETES_FLAGS = (
    "n_hba1c_dates", "has_hba1c_3_tests", "has_creatinine_test", "has_urine_albumin_test",
    "has_lipid_panel", "has_fundus_exam_2y", "has_ophthalmology_2y",
    "has_cardiology_follow_up", "has_dentist_visit", "two_year_window_status",
)
# indicator code -> (flag column, status column or None when every unit is eligible)
DIABETES_INDICATORS = {
    "diabetes_hba1c_3": ("has_hba1c_3_tests", None),
    "diabetes_creatinine": ("has_creatinine_test", None),
    "diabetes_urine_albumin": ("has_urine_albumin_test", None),
    "diabetes_lipid_panel": ("has_lipid_panel", None),
    "diabetes_fundus_2y": ("has_fundus_exam_2y", "two_year_window_status"),
    "diabetes_ophthalmology_2y": ("has_ophthalmology_2y", "two_year_window_status"),
    "diabetes_cardiology": ("has_cardiology_follow_up", None),
    "diabetes_dentist": ("has_dentist_visit", None),
}
HEART_FAILURE_FLAGS = (
    "discharge_date", "care_year", "is_death_in_stay", "has_visit_7d", "visit_7d_status",
    "has_cardiology_visit_60d", "cardiology_60d_status", "has_readmission_30d",
    "readmission_30d_status", "has_death_30d", "death_30d_status",
)
HEART_FAILURE_INDICATORS = {
    "hf_visit_7d": ("has_visit_7d", "visit_7d_status"),
    "hf_cardiology_60d": ("has_cardiology_visit_60d", "cardiology_60d_status"),
    "hf_readmission_30d": ("has_readmission_30d", "readmission_30d_status"),
    "hf_death_30d": ("has_death_30d", "death_30d_status"),
}


def _icd(column: str) -> str:
    """Canonical ICD-10: upper case, no dot, no space."""
    return f"upper(replace(replace(trim({column}), '.', ''), ' ', ''))"


def _dcir_row_key(alias: str) -> str:
    """Row key of a DCIR row: the 9 join keys joined with `|`, dates ISO."""
    parts = [
        f"strftime({alias}.{name}, '%Y-%m-%d')" if kind.startswith("date")
        else f"cast({alias}.{name} as varchar)"
        for name, kind in ((name, str(kind).lower()) for name, kind in DCIR_JOIN_KEYS)
    ]
    return " || '|' || ".join(parts)


def _reference_connection(raw_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the kept raw rows and the reference facts, as views."""
    con = duckdb.connect()

    def raw(name: str) -> str:
        return f"read_parquet('{raw_dir / name}')"

    def truth(name: str) -> str:
        return f"read_parquet('{raw_dir / '_truth' / name}')"

    departements = PROJECT_DIR / "seeds" / "ref_departements.csv"
    con.execute(f"create view rejections as select * from {truth('rejections.parquet')}")
    con.execute(
        f"create view identity as select * from {truth('identity.parquet')} where is_usable"
    )
    con.execute(
        "create view regions as select departement_code, region_code from "
        f"read_csv('{departements}', all_varchar = true, header = true)"
    )
    # DCIR: kept claim lines (the truth lists every rejected one) and their detail rows.
    con.execute(f"""
        create view kept_claims as
        select c.*, {_dcir_row_key('c')} as row_key, i.person_id
        from {raw('ER_PRS_F.parquet')} c
        join identity i on i.BEN_NIR_PSA = c.BEN_NIR_PSA and i.BEN_RNG_GEM = c.BEN_RNG_GEM
        where {_dcir_row_key('c')} not in (
            select row_key from rejections where source_table = 'ER_PRS_F')
    """)
    for table, alias in (("ER_BIO_F", "kept_biology"), ("ER_CAM_F", "kept_acts")):
        con.execute(f"""
            create view {alias} as
            select d.*, k.person_id, k.EXE_SOI_DTD as care_date
            from {raw(table + '.parquet')} d
            join kept_claims k on k.row_key = {_dcir_row_key('d')}
            where {_dcir_row_key('d')} not in (
                select row_key from rejections where source_table = '{table}')
        """)
    # City markers of snds.md §7. Visits: base lines (no complement), nature 11xx/12xx;
    # dentists by executing activity 19, 53, 54 whatever the nature.
    con.execute("""
        create view city_markers as
        select person_id, care_date, case
            when lpad(cast(BIO_PRS_IDE as varchar), 4, '0') = '1577' then 'hba1c'
            when lpad(cast(BIO_PRS_IDE as varchar), 4, '0') in ('0592', '0593')
                then 'creatinine'
            when lpad(cast(BIO_PRS_IDE as varchar), 4, '0') = '1133' then 'urine_albumin'
            when lpad(cast(BIO_PRS_IDE as varchar), 4, '0') in ('0996', '0580', '0590', '2001')
                then 'lipid_panel'
            end as marker
        from kept_biology
        union all
        select person_id, care_date, case
            when upper(trim(CAM_PRS_IDE)) in
                ('BGQP002', 'BGQP007', 'BGQP140', 'BGQP006', 'BGQP003', 'BZQK001')
                then 'fundus'
            when upper(trim(CAM_PRS_IDE)) = 'DEQP003' then 'ecg'
            end
        from kept_acts
        union all
        select person_id, EXE_SOI_DTD, case
            when PSE_ACT_NAT in (19, 53, 54) then 'dentist'
            when PRS_NAT_REF between 1100 and 1299 and PSE_SPE_COD = 3 then 'cardiology_visit'
            when PRS_NAT_REF between 1100 and 1299 and PSE_SPE_COD = 15
                then 'ophthalmology_visit'
            when PRS_NAT_REF between 1100 and 1299 and PSE_SPE_COD in (1, 22, 23)
                then 'gp_visit'
            end
        from kept_claims
        where coalesce(CPL_MAJ_TOP, 0) = 0
    """)
    # PMSI MCO: kept stays (B and C share the stay's rejection) with their person.
    stay_parts, das_parts = [], []
    for b_file in sorted(raw_dir.glob("T_MCO[0-9][0-9]B.parquet")):
        yy = b_file.name[5:7]
        stay_key = (
            f"'20{yy}|' || lpad(cast(b.ETA_NUM as varchar), 9, '0') || '|' || "
            "lpad(cast(b.RSA_NUM as varchar), 10, '0')"
        )
        stay_parts.append(f"""
            select {stay_key} as stay_key, c.NIR_ANO_17, {_icd('b.DGN_PAL')} as dp,
                {_icd('b.DGN_REL')} as dr, b.SOR_MOD,
                strptime(c.ENT_DAT, '%d%m%Y')::date as entry_date,
                strptime(c.SOR_DAT, '%d%m%Y')::date as discharge_date
            from {raw(b_file.name)} b
            join {raw(f'T_MCO{yy}C.parquet')} c
                on c.ETA_NUM = b.ETA_NUM and c.RSA_NUM = b.RSA_NUM
            where {stay_key} not in (
                select row_key from rejections where source_table = 'T_MCOaaB')
        """)
        das_key = (
            f"'20{yy}|' || lpad(d.ETA_NUM, 9, '0') || '|' || lpad(d.RSA_NUM, 10, '0')"
        )
        das_parts.append(f"""
            select {das_key} as stay_key, {_icd('d.ASS_DGN')} as das
            from {raw(f'T_MCO{yy}D.parquet')} d
            where {das_key} || '|' || {_icd('d.ASS_DGN')} not in (
                select row_key from rejections where source_table = 'T_MCOaaD')
        """)
    con.execute(f"""
        create view kept_stays as
        select s.*, p.person_id
        from ({' union all '.join(stay_parts)}) s
        join (select distinct BEN_NIR_PSA, person_id from identity) p
            on p.BEN_NIR_PSA = s.NIR_ANO_17
    """)
    con.execute(f"create view kept_das as {' union all '.join(das_parts)}")
    # Persons (snds.md §4 and §1.1): death from IR_BEN_R, else a hospital death (SOR_MOD 9);
    # birth year and residence from the most recently updated pseudonym.
    con.execute(f"""
        create view persons as
        with ben as (
            select b.*, i.person_id from {raw('IR_BEN_R.parquet')} b
            join identity i on i.BEN_NIR_PSA = b.BEN_NIR_PSA and i.BEN_RNG_GEM = b.BEN_RNG_GEM
        ), latest as (
            select person_id, cast(BEN_NAI_ANN as integer) as birth_year,
                case when length(trim(BEN_RES_DPT)) = 3 and trim(BEN_RES_DPT) like '0%'
                    then substr(trim(BEN_RES_DPT), 2) else trim(BEN_RES_DPT) end as departement,
                row_number() over (partition by person_id
                    order by BEN_DTE_MAJ desc, BEN_NIR_PSA, BEN_RNG_GEM) as rank_
            from ben
        ), ben_deaths as (
            select person_id, max(case when year(BEN_DCD_DTE) not in (1600, 2099)
                then BEN_DCD_DTE end) as death_date
            from ben group by person_id
        ), stay_deaths as (
            select person_id, min(discharge_date) as death_date
            from kept_stays where SOR_MOD = '9' group by person_id
        )
        select l.person_id, l.birth_year, l.departement as departement_code, r.region_code,
            coalesce(bd.death_date, sd.death_date) as death_date
        from latest l
        join ben_deaths bd using (person_id)
        left join stay_deaths sd using (person_id)
        left join regions r on r.departement_code = l.departement
        where l.rank_ = 1
    """)
    con.execute(f"""
        create view person_years as
        select p.*, y.care_year
        from persons p
        cross join range({FIRST_YEAR}, {LAST_YEAR + 1}) y(care_year)
        where p.birth_year <= y.care_year
            and (p.death_date is null or p.death_date >= make_date(y.care_year::int, 1, 1))
    """)
    return con


@pytest.fixture(scope="module")
def reference(generated_extract: Path) -> duckdb.DuckDBPyConnection:
    con = _reference_connection(generated_extract)
    yield con
    con.close()


def _reference_diabetes(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> list[tuple]:
    """Diabetes patient-years (truth) alive on 1 January, with their follow-up flags."""
    conditions = raw_dir / "_truth" / "conditions.parquet"
    return con.execute(f"""
        with patient_years as (
            select py.person_id, py.care_year, py.departement_code
            from read_parquet('{conditions}') t
            join person_years py on py.person_id = t.person_id and py.care_year = t.year
            where t.condition = 'diabetes'
        ), per_year as (
            select person_id, year(care_date) as care_year, marker,
                count(distinct care_date) as n_dates
            from city_markers where marker is not null group by all
        ), flags as (
            select p.person_id, p.care_year,
                coalesce(sum(n_dates) filter (where marker = 'hba1c'
                    and m.care_year = p.care_year), 0) as n_hba1c,
                count(*) filter (where m.care_year = p.care_year and marker = 'creatinine')
                    as creat,
                count(*) filter (where m.care_year = p.care_year and marker = 'urine_albumin')
                    as albumin,
                count(*) filter (where m.care_year = p.care_year and marker = 'lipid_panel')
                    as lipids,
                count(*) filter (where marker = 'fundus') as fundus,
                count(*) filter (where marker in ('fundus', 'ophthalmology_visit')) as ophthalmo,
                count(*) filter (where m.care_year = p.care_year
                    and marker in ('ecg', 'cardiology_visit')) as cardio,
                count(*) filter (where m.care_year = p.care_year and marker = 'dentist')
                    as dentist
            from patient_years p
            left join per_year m on m.person_id = p.person_id
                and m.care_year in (p.care_year, p.care_year - 1)
            group by all
        )
        select person_id, care_year, n_hba1c::int, n_hba1c >= {HBA1C_MIN_DATES}, creat > 0,
            albumin > 0, lipids > 0, fundus > 0, ophthalmo > 0, cardio > 0, dentist > 0,
            case when care_year > {FIRST_YEAR} then 'eligible' else 'censored' end
        from flags order by person_id, care_year
    """).fetchall()


def _reference_heart_failure(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Heart-failure discharges (snds.md §6.3) and their 7/60/30/30-day follow-up."""
    return con.execute(f"""
        with hf as (
            select s.* from kept_stays s
            where s.dp like 'I50%'
                or ((s.dp like 'I110%' or s.dp like 'I130%' or s.dp like 'I132%'
                     or s.dp like 'I139%' or s.dp like 'K761%' or s.dp like 'J81%')
                    and (s.dr like 'I50%' or exists (select 1 from kept_das d
                        where d.stay_key = s.stay_key and d.das like 'I50%')))
        ), idx as (
            select hf.person_id, hf.stay_key, hf.discharge_date,
                year(hf.discharge_date) as care_year, py.departement_code, p.death_date,
                coalesce(p.death_date <= hf.discharge_date, false) as death_in_stay
            from hf
            join persons p using (person_id)
            join person_years py on py.person_id = hf.person_id
                and py.care_year = year(hf.discharge_date)
        ), follow as (
            select idx.*,
                exists (select 1 from city_markers v where v.person_id = idx.person_id
                    and v.marker in ('gp_visit', 'cardiology_visit')
                    and v.care_date between idx.discharge_date
                        and idx.discharge_date + {VISIT_DAYS}) as visit,
                exists (select 1 from city_markers v where v.person_id = idx.person_id
                    and v.marker = 'cardiology_visit'
                    and v.care_date between idx.discharge_date
                        and idx.discharge_date + {CARDIOLOGY_DAYS}) as cardio,
                exists (select 1 from kept_stays r where r.person_id = idx.person_id
                    and r.stay_key <> idx.stay_key
                    and r.entry_date between idx.discharge_date + 1
                        and idx.discharge_date + {READMISSION_DAYS}) as readmission,
                coalesce(idx.death_date between idx.discharge_date + 1
                    and idx.discharge_date + {DEATH_DAYS}, false) as death
            from idx
        )
        select person_id, stay_key, discharge_date, care_year, death_in_stay,
            visit, case when death_in_stay then 'excluded_death_in_stay'
                when discharge_date + {VISIT_DAYS} > date '{DATA_END}' then 'censored'
                when death_date <= discharge_date + {VISIT_DAYS} then 'excluded_death_in_window'
                else 'eligible' end,
            cardio, case when death_in_stay then 'excluded_death_in_stay'
                when discharge_date + {CARDIOLOGY_DAYS} > date '{DATA_END}' then 'censored'
                when death_date <= discharge_date + {CARDIOLOGY_DAYS}
                    then 'excluded_death_in_window'
                else 'eligible' end,
            readmission, case when death_in_stay then 'excluded_death_in_stay'
                when discharge_date + {READMISSION_DAYS} > date '{DATA_END}' then 'censored'
                else 'eligible' end,
            death, case when death_in_stay then 'excluded_death_in_stay'
                when discharge_date + {DEATH_DAYS} > date '{DATA_END}' then 'censored'
                else 'eligible' end
        from follow order by person_id, stay_key
    """).fetchall()


def _departement_counts(
    units: list[dict], indicators: dict[str, tuple[str, str | None]]
) -> set[tuple]:
    """(care_year, département, indicator, numerator, denominator, excluded, censored)."""
    counts: dict[tuple, list[int]] = {}
    for unit in units:
        for code, (flag, status_column) in indicators.items():
            status = unit[status_column] if status_column else "eligible"
            cell = counts.setdefault((unit["care_year"], unit["departement_code"], code),
                                     [0, 0, 0, 0])
            if status == "eligible":
                cell[0] += int(bool(unit[flag]))
                cell[1] += 1
            elif status == "censored":
                cell[3] += 1
            else:
                cell[2] += 1
    return {key + tuple(values) for key, values in counts.items()}


def _warehouse_counts(warehouse: duckdb.DuckDBPyConnection, codes: list[str]) -> set[tuple]:
    rows = warehouse.execute(
        "select care_year, departement_code, indicator_code, numerator, denominator, "
        "n_excluded, n_censored from pathways.pathways__follow_up_indicators_departement "
        "where indicator_code in (select unnest(?))",
        [codes],
    ).fetchall()
    return set(rows)


def test_diabetes_patient_years_match_the_reference(
    generated_extract: Path, reference: duckdb.DuckDBPyConnection,
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    expected = _reference_diabetes(reference, generated_extract)
    found = warehouse.execute(
        f"select person_id, care_year, {', '.join(DIABETES_FLAGS)} "
        "from pathways.pathways__diabetes_follow_up order by person_id, care_year"
    ).fetchall()
    # The extract is large enough for every indicator to be met and missed somewhere.
    assert len(expected) > 300
    for position in range(3, 11):
        assert {row[position] for row in expected} == {True, False}, DIABETES_FLAGS[position - 2]
    assert {row[11] for row in expected} == {"eligible", "censored"}
    assert [tuple(row) for row in found] == [tuple(row) for row in expected]


def test_diabetes_departement_counts_match_the_reference(
    generated_extract: Path, reference: duckdb.DuckDBPyConnection,
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    columns = ("person_id", "care_year", *DIABETES_FLAGS)
    units = [dict(zip(columns, row)) for row in _reference_diabetes(reference, generated_extract)]
    departements = dict(reference.execute(
        "select person_id || '|' || care_year, departement_code from person_years"
    ).fetchall())
    for unit in units:
        unit["departement_code"] = departements[f"{unit['person_id']}|{unit['care_year']}"]
    expected = _departement_counts(units, DIABETES_INDICATORS)
    assert _warehouse_counts(warehouse, list(DIABETES_INDICATORS)) == expected


def test_heart_failure_discharges_match_the_reference(
    reference: duckdb.DuckDBPyConnection, warehouse: duckdb.DuckDBPyConnection,
) -> None:
    expected = _reference_heart_failure(reference)
    found = warehouse.execute(
        f"select person_id, stay_key, {', '.join(HEART_FAILURE_FLAGS)} "
        "from pathways.pathways__heart_failure_discharges order by person_id, stay_key"
    ).fetchall()
    assert len(expected) > 20
    assert any(row[9] for row in expected), "no 30-day readmission in the extract"
    assert any(row[11] for row in expected), "no 30-day death in the extract"
    assert [tuple(row) for row in found] == [tuple(row) for row in expected]


def test_heart_failure_departement_counts_match_the_reference(
    reference: duckdb.DuckDBPyConnection, warehouse: duckdb.DuckDBPyConnection,
) -> None:
    departements = dict(reference.execute(
        "select person_id || '|' || care_year, departement_code from person_years"
    ).fetchall())
    columns = ("person_id", "stay_key", *HEART_FAILURE_FLAGS)
    units = []
    for row in _reference_heart_failure(reference):
        unit = dict(zip(columns, row))
        unit["departement_code"] = departements[f"{unit['person_id']}|{unit['care_year']}"]
        units.append(unit)
    expected = _departement_counts(units, HEART_FAILURE_INDICATORS)
    assert _warehouse_counts(warehouse, list(HEART_FAILURE_INDICATORS)) == expected


def test_indicator_seed_agrees_with_the_vars_and_the_outputs(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    with open(PROJECT_DIR / "seeds" / "follow_up_indicators.csv", encoding="utf-8") as handle:
        seed = {row["indicator_code"]: row for row in csv.DictReader(handle)}
    project_vars = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    windows = {
        "hf_visit_7d": project_vars["indicator_hf_visit_days"],
        "hf_cardiology_60d": project_vars["indicator_hf_cardiology_days"],
        "hf_readmission_30d": project_vars["indicator_hf_readmission_days"],
        "hf_death_30d": project_vars["indicator_hf_death_days"],
    }
    for code, days in windows.items():
        assert int(seed[code]["window_days"]) == days, code
    assert project_vars["indicator_hba1c_min_dates"] == HBA1C_MIN_DATES
    assert set(seed) == set(DIABETES_INDICATORS) | set(HEART_FAILURE_INDICATORS)
    published = {
        row[0] for row in warehouse.execute(
            "select distinct indicator_code "
            "from pathways.pathways__follow_up_indicators_departement"
        ).fetchall()
    }
    assert published == set(seed)
    bad = warehouse.execute(
        "select count(*) from pathways.pathways__follow_up_indicators_departement "
        "where numerator > denominator or numerator < 0"
    ).fetchone()[0]
    assert bad == 0
