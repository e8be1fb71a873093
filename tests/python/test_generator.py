"""The synthetic extract generator: contract shape, determinism, planted rates, realism.

Expectations come from the contract (`docs/raw_to_staging_contract.md`), snds.md figures and
`open_chronic.generator.config`, not from the generator's own output. Row keys and the
non-netting rejection rules are recomputed here in SQL from the raw files, independently of
`truth.py`; netting is checked on a hand-built case.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from open_chronic.generator import config, generate_extract, truth
from open_chronic.generator.dates import day
from open_chronic.raw_contract import DCIR_JOIN_KEYS, RAW_TABLES

YEARS = (2019, 2023)
LARGE_PERSONS = 20_000
SMALL_PERSONS = 1_500


@pytest.fixture(scope="module")
def large_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generator_large")
    summary = generate_extract(out, LARGE_PERSONS, *YEARS, seed=11)
    assert summary.n_persons == LARGE_PERSONS
    return out


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    yield connection
    connection.close()


def _digests(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*.parquet"))
    }


def _read(directory: Path, name: str) -> str:
    return f"read_parquet('{directory / name}')"


def test_same_seed_gives_identical_files_and_another_seed_differs(tmp_path: Path) -> None:
    generate_extract(tmp_path / "a", SMALL_PERSONS, *YEARS, seed=5)
    generate_extract(tmp_path / "b", SMALL_PERSONS, *YEARS, seed=5)
    generate_extract(tmp_path / "c", SMALL_PERSONS, *YEARS, seed=6)
    first, second, other = (_digests(tmp_path / name) for name in "abc")
    assert first == second
    assert first.keys() == other.keys()
    assert first["ER_PRS_F.parquet"] != other["ER_PRS_F.parquet"]
    assert first["_truth/rejections.parquet"] != other["_truth/rejections.parquet"]


def test_every_contract_file_column_and_type(large_extract: Path) -> None:
    for table in RAW_TABLES:
        years = range(YEARS[0], YEARS[1] + 1) if table.per_discharge_year else [None]
        for year in years:
            path = large_extract / f"{table.file_stem(year)}.parquet"
            schema = pq.read_schema(path)
            expected = [(name, pa.type_for_alias(alias)) for name, alias in table.columns]
            assert [(field.name, field.type) for field in schema] == expected, path.name
    for name in ("rejections", "identity", "netted_claims", "persons", "conditions",
                 "pitfall_counts"):
        assert (large_extract / "_truth" / f"{name}.parquet").is_file()


_DCIR_KEY = "||'|'||".join(
    f"strftime({name}, '%Y-%m-%d')" if kind == "date32" else f"{name}::varchar"
    for name, kind in DCIR_JOIN_KEYS
)
_STAY = "'20' || regexp_extract(filename, 'T_MCO(\\d\\d)', 1) || '|' || "
_ROW_KEYS = {
    "IR_BEN_R": ("IR_BEN_R", "BEN_NIR_PSA || '|' || BEN_RNG_GEM"),
    "IR_IMB_R": ("IR_IMB_R", "BEN_NIR_PSA || '|' || BEN_RNG_GEM || '|' || IMB_ETM_NAT || '|' "
                 "|| MED_MTF_COD || '|' || strftime(IMB_ALD_DTD, '%Y-%m-%d')"),
    "IR_PHA_R": ("IR_PHA_R", "lpad(PHA_CIP_C13::varchar, 13, '0') || '|' || PHA_NOM_PA"),
    "ER_PRS_F": ("ER_PRS_F", _DCIR_KEY), "ER_PHA_F": ("ER_PHA_F", _DCIR_KEY),
    "ER_BIO_F": ("ER_BIO_F", _DCIR_KEY), "ER_CAM_F": ("ER_CAM_F", _DCIR_KEY),
    "ER_ETE_F": ("ER_ETE_F", _DCIR_KEY),
    "T_MCOaaB": ("T_MCO*B", _STAY + "lpad(ETA_NUM::varchar, 9, '0') || '|' "
                 "|| lpad(RSA_NUM::varchar, 10, '0')"),
    "T_MCOaaC": ("T_MCO*C", _STAY + "lpad(ETA_NUM::varchar, 9, '0') || '|' "
                 "|| lpad(RSA_NUM::varchar, 10, '0')"),
    "T_MCOaaD": ("T_MCO*D", _STAY + "ETA_NUM || '|' || RSA_NUM || '|' || ASS_DGN"),
    "T_MCOaaA": ("T_MCO*A", _STAY + "ETA_NUM || '|' || RSA_NUM || '|' || CDC_ACT || '|' "
                 "|| ENT_DAT_DEL"),
    "T_MCOaaUM": ("T_MCO*UM", _STAY + "ETA_NUM || '|' || RSA_NUM || '|' || UM_ORD_NUM"),
}


def test_row_keys_are_unique_and_every_rejection_names_a_raw_row(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    rejections = _read(large_extract, "_truth/rejections.parquet")
    for table, (pattern, expression) in _ROW_KEYS.items():
        raw = (f"(select {expression} as row_key from "
               f"read_parquet('{large_extract}/{pattern}.parquet', filename = true))")
        rows, distinct = con.sql(f"select count(*), count(distinct row_key) from {raw}") \
            .fetchall()[0]
        assert rows == distinct > 0, table
        unknown = con.sql(
            f"select count(*) from {rejections} where source_table = '{table}' "
            f"and row_key not in (select row_key from {raw})"
        ).fetchall()[0][0]
        assert unknown == 0, table
    duplicated = con.sql(
        f"select count(*) from (select source_table, row_key from {rejections} "
        "group by all having count(*) > 1)"
    ).fetchall()[0][0]
    assert duplicated == 0


def test_dcir_rejections_match_the_contract_rules_recomputed_in_sql(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    """Every rule before netting, applied in SQL to the raw rows (netting: hand case below)."""
    d = large_extract
    expected = con.sql(f"""
        with ben as (
            select BEN_NIR_PSA, BEN_RNG_GEM from {_read(d, 'IR_BEN_R.parquet')}
            where BEN_CDI_NIR in ('00', '03', '04') and BEN_NAI_ANN <> '1600'
              and BEN_SEX_COD <> 0
        ),
        claims as (
            select p.*, {_DCIR_KEY.replace('FLX_', 'p.FLX_')} as row_key, e.ETE_IND_TAA
            from {_read(d, 'ER_PRS_F.parquet')} p
            left join {_read(d, 'ER_ETE_F.parquet')} e using ({', '.join(
                name for name, _ in DCIR_JOIN_KEYS)})
        )
        select row_key, case
            when BEN_CDI_NIR not in ('00', '03', '04') or (RGM_COD = 888 and RGM_GRG_COD = 1)
                then 'fictitious_nir'
            when (BEN_NIR_PSA, BEN_RNG_GEM) not in (select (BEN_NIR_PSA, BEN_RNG_GEM) from ben)
                then 'unresolved_beneficiary'
            when year(EXE_SOI_DTD) not between {YEARS[0]} and {YEARS[1]}
                then 'care_outside_study_period'
            when FLX_DIS_DTD >= make_date(year(EXE_SOI_DTD) + 1,
                                          1 + {config.FLUX_MONTHS_AFTER_CARE_YEAR}, 1)
                then 'flux_beyond_window'
            when DPN_QLF in (71, 72) or PRS_DPN_QLP in (71, 72) then 'info_only_line'
            when ETE_IND_TAA = 1 then 'public_hospital_activity'
            when CPL_MAJ_TOP = 2 then 'surcharge_line'
        end as reason
        from claims
    """).df()
    found = con.sql(
        f"select row_key, expected_reason from {_read(d, '_truth/rejections.parquet')} "
        "where source_table = 'ER_PRS_F'"
    ).df()
    merged = expected.merge(found, on="row_key", how="left")
    before_netting = merged[merged["reason"].notna()]
    assert (before_netting["reason"] == before_netting["expected_reason"]).all()
    netting = merged[merged["reason"].isna() & merged["expected_reason"].notna()]
    assert set(netting["expected_reason"]) == {"regularisation_netted_out",
                                               "regularisation_merged"}
    assert set(before_netting["reason"]) >= {
        "fictitious_nir", "unresolved_beneficiary", "care_outside_study_period",
        "flux_beyond_window", "info_only_line", "public_hospital_activity", "surcharge_line"}


def test_pitfalls_are_planted_near_their_configured_rates(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    counts = {
        (pitfall, table): rows for pitfall, table, rows in con.sql(
            f"select * from {_read(large_extract, '_truth/pitfall_counts.parquet')}"
        ).fetchall()
    }
    base_lines = con.sql(
        f"select count(*) from {_read(large_extract, 'ER_PRS_F.parquet')} where PRS_ORD_NUM = 1"
    ).fetchall()[0][0]
    stays = con.sql(
        f"select count(*) from read_parquet('{large_extract}/T_MCO*B.parquet')"
    ).fetchall()[0][0]

    def near(count: int, rate: float, total: int) -> bool:
        expected = rate * total
        return abs(count - expected) <= 4 * np.sqrt(expected) + 0.1 * expected

    assert near(counts[("info_only_line", "ER_PRS_F")], config.INFO_ONLY_RATE, base_lines)
    # Original lines are drawn among positive base lines, i.e. nearly all of them.
    assert near(counts[("regularisation_original", "ER_PRS_F")], config.REGULARISATION_RATE,
                base_lines)
    assert near(counts[("ghm_error_90", "T_MCOaaB")], config.GHM_90_RATE, stays)
    assert near(counts[("duplicate_finess_aphp_aphm_hcl", "T_MCOaaB")],
                config.DUPLICATE_FINESS_RATE, stays)
    assert near(counts[("bad_linkage_return_code", "T_MCOaaB")], config.BAD_RETURN_CODE_RATE,
                stays)
    assert near(counts[("second_psa_of_person", "IR_BEN_R")], config.MULTI_PSA_RATE,
                LARGE_PERSONS)
    assert near(counts[("provisional_nir", "IR_BEN_R")], config.PROVISIONAL_NIR_RATE,
                LARGE_PERSONS)
    public = counts[("establishment_line_public", "ER_ETE_F")]
    private = counts[("establishment_line_private", "ER_ETE_F")]
    assert 0.25 <= public / (public + private) <= 0.40  # snds.md P2: 35 % in 2019
    assert counts[("duplicate_cip13", "IR_PHA_R")] >= 1
    assert counts[("cip13_leading_zero", "IR_PHA_R")] >= 1


def _persons_alive(con, directory: Path, year: int) -> int:
    return con.sql(
        f"select count(*) from {_read(directory, '_truth/persons.parquet')} "
        f"where death_date is null or death_date >= date '{year}-01-01'"
    ).fetchall()[0][0]


@pytest.mark.parametrize(
    ("condition", "low", "high"),
    [
        ("diabetes", 4.6, 6.6),                     # 5.6 % treated (2022)
        ("heart_failure", 0.7, 1.6),                # ~1 %
        ("coronary_disease", 2.2, 3.8),             # ~3 %
        ("chronic_respiratory_disease", 4.5, 6.8),  # ~5-6 %
        ("end_stage_renal_disease", 0.04, 0.2),     # ~0.1 %
    ],
)
def test_condition_prevalence_near_french_figures(
    large_extract: Path, con: duckdb.DuckDBPyConnection, condition: str, low: float,
    high: float,
) -> None:
    year = 2021
    cases = con.sql(
        f"select count(distinct person_id) from {_read(large_extract, '_truth/conditions.parquet')}"
        f" where condition = '{condition}' and year = {year}"
    ).fetchall()[0][0]
    prevalence = 100 * cases / _persons_alive(con, large_extract, year)
    assert low <= prevalence <= high, prevalence


def test_heart_failure_concentrates_in_the_oldest(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    share_85, mean_age = con.sql(f"""
        select
            count(c.person_id) filter (where 2021 - p.birth_year >= 85) * 100.0
                / count(*) filter (where 2021 - p.birth_year >= 85),
            avg(2021 - p.birth_year) filter (where c.person_id is not null)
        from {_read(large_extract, '_truth/persons.parquet')} p
        left join {_read(large_extract, '_truth/conditions.parquet')} c
            on c.person_id = p.person_id and c.condition = 'heart_failure' and c.year = 2021
        where p.death_date is null or p.death_date >= date '2021-01-01'
    """).fetchall()[0]
    assert 7 <= share_85 <= 16  # 11 % of over-85s
    assert 72 <= mean_age <= 83  # mean age 77


def test_incident_cases_make_index_dates_vary(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    late_first_years = con.sql(f"""
        select count(*) from (
            select person_id, min(year) as first_year
            from {_read(large_extract, '_truth/conditions.parquet')}
            where condition = 'diabetes' group by 1
        ) where first_year > {YEARS[0]}
    """).fetchall()[0][0]
    assert late_first_years > 50


def test_about_17_claim_lines_per_person_year(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    lines, person_years = con.sql(f"""
        select
            (select count(*) from {_read(large_extract, 'ER_PRS_F.parquet')}
             where year(EXE_SOI_DTD) between {YEARS[0]} and {YEARS[1]}),
            (select sum(least(coalesce(death_date, date '{YEARS[1]}-12-31'),
                              date '{YEARS[1]}-12-31') - date '{YEARS[0]}-01-01') / 365.25
             from {_read(large_extract, '_truth/persons.parquet')})
    """).fetchall()[0]
    assert 14 <= lines / person_years <= 20
    stays = con.sql(
        f"select count(*) from read_parquet('{large_extract}/T_MCO*B.parquet')"
    ).fetchall()[0][0]
    assert 0.12 <= stays / person_years <= 0.22  # 0.16 stays per person-year


def test_flux_lag_is_within_six_months_for_99_percent(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    within, longest, first_day, trt_before = con.sql(f"""
        select avg((date_diff('month', date_trunc('month', EXE_SOI_DTD), FLX_DIS_DTD) <= 6)
                   ::int),
               max(date_diff('month', date_trunc('month', EXE_SOI_DTD), FLX_DIS_DTD)),
               bool_and(day(FLX_DIS_DTD) = 1),
               bool_and(date_trunc('month', FLX_TRT_DTD) = FLX_DIS_DTD - interval 1 month)
        from {_read(large_extract, 'ER_PRS_F.parquet')}
    """).fetchall()[0]
    assert 0.98 <= within <= 0.995
    assert longest <= 27 + 3  # tail 27 months, regularisation copies up to 3 months later
    assert first_day and trt_before


def test_ald_referential_shares(large_extract: Path, con: duckdb.DuckDBPyConnection) -> None:
    lifelong, open_end, etm_41 = con.sql(f"""
        select avg(coalesce(year(IMB_ALD_DTF) = 2099, false)::int),
               avg((IMB_ALD_DTF is null or IMB_ALD_DTF = date '1600-01-01')::int),
               avg((IMB_ETM_NAT = 41)::int)
        from {_read(large_extract, 'IR_IMB_R.parquet')}
    """).fetchall()[0]
    assert 0.08 <= lifelong <= 0.13  # ~10.5 % (snds.md §1.2)
    assert open_end > 0.2 and etm_41 > 0.75
    unused = con.sql(
        f"select avg((not ald_used)::int) from {_read(large_extract, '_truth/persons.parquet')}"
        " where has_ald"
    ).fetchall()[0][0]
    assert 0.12 <= unused <= 0.20  # 16 % of ALD holders without an exempted claim


def test_twins_share_one_psa_with_ranks_1_and_2(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    twins = con.sql(f"""
        select BEN_NIR_PSA, list(BEN_RNG_GEM order by BEN_RNG_GEM),
               count(distinct person_id)
        from {_read(large_extract, '_truth/identity.parquet')} where is_twin group by 1
    """).fetchall()
    assert len(twins) >= 10
    assert all(ranks == [1, 2] and persons == 2 for _, ranks, persons in twins)
    multi = con.sql(f"""
        select count(*) from (select person_id from
            {_read(large_extract, '_truth/identity.parquet')} where is_usable
            group by 1 having count(distinct BEN_NIR_PSA) > 1)
    """).fetchall()[0][0]
    assert multi > 0.05 * LARGE_PERSONS


def test_integer_codes_lose_their_leading_zeros(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    d = large_extract
    short_cip = con.sql(
        f"select count(*) from {_read(d, 'ER_PHA_F.parquet')} where PHA_PRS_C13 < 1e12"
    ).fetchall()[0][0]
    creatinine = con.sql(
        f"select count(*) from {_read(d, 'ER_BIO_F.parquet')} where BIO_PRS_IDE = 592"
    ).fetchall()[0][0]
    short_finess = con.sql(
        f"select count(*) from read_parquet('{d}/T_MCO*B.parquet') where ETA_NUM < 1e8"
    ).fetchall()[0][0]
    dpt_lengths = {row[0] for row in con.sql(
        f"select distinct length(BEN_RES_DPT) from {_read(d, 'ER_PRS_F.parquet')}"
    ).fetchall()}
    assert short_cip > 0 and creatinine > 0 and short_finess > 0
    assert dpt_lengths == {3}
    assert pq.read_schema(d / "ER_PHA_F.parquet").field("PHA_PRS_C13").type == pa.int64()


def test_diabetic_follow_up_near_published_rates(
    large_extract: Path, con: duckdb.DuckDBPyConnection
) -> None:
    """snds.md §7 (2013): HbA1c x3 51 %, creatinine 84 %, albuminuria 30 %, lipids 74 %."""
    d = large_extract
    rates = con.sql(f"""
        with diabetics as (
            select distinct person_id from {_read(d, '_truth/conditions.parquet')}
            where condition = 'diabetes' and year = 2021
        ),
        bridge as (select * from {_read(d, '_truth/identity.parquet')} where is_usable),
        tests as (
            select b.person_id, bio.BIO_PRS_IDE as nabm, count(distinct p.EXE_SOI_DTD) as n
            from {_read(d, 'ER_BIO_F.parquet')} bio
            join {_read(d, 'ER_PRS_F.parquet')} p using ({', '.join(
                name for name, _ in DCIR_JOIN_KEYS)})
            join bridge b on b.BEN_NIR_PSA = p.BEN_NIR_PSA and b.BEN_RNG_GEM = p.BEN_RNG_GEM
            where year(p.EXE_SOI_DTD) = 2021 and p.PRS_ACT_QTE > 0
            group by all
        )
        select
            avg((coalesce(h.n, 0) >= 3)::int), avg((c.n is not null)::int),
            avg((a.n is not null)::int), avg((l.n is not null)::int)
        from diabetics x
        left join tests h on h.person_id = x.person_id and h.nabm = 1577
        left join tests c on c.person_id = x.person_id and c.nabm = 592
        left join tests a on a.person_id = x.person_id and a.nabm = 1133
        left join tests l on l.person_id = x.person_id and l.nabm = 996
    """).fetchall()[0]
    for observed, published in zip(rates, (0.51, 0.84, 0.30, 0.74)):
        assert abs(observed - published) <= 0.12, (observed, published)


# --- netting, by hand ----------------------------------------------------------------------

def _hand_lines() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four groups of one resolved beneficiary (ben 0) on 10 March 2021, worked by hand.

    rows 0-1  pair +1 / -1 (same drug)           → both regularisation_netted_out
    rows 2-4  triple +2 (May flux), -2 and +1 (Jul flux) → row 2 kept with net 1, 3 and 4
              regularisation_merged
    rows 5-6  +1 and its -1 copy flagged info-only → 6 info_only_line, 5 kept (no negative left)
    row 7     +1 of another nature, no negative  → kept, not netted
    """
    care = day(2021, 3, 10)
    may, jul = day(2021, 5, 1), day(2021, 7, 1)
    lines = pd.DataFrame({
        "ben": 0, "date": care, "nat": [3313, 3313, 3311, 3311, 3311, 1111, 1111, 1112],
        "pfs": 200_000_001, "drug": [0, 0, 1, 1, 1, -1, -1, -1], "nabm": -1, "ccam": -1,
        "qty": [1, -1, 2, -2, 1, 1, -1, 1],
        "flx_dis": [may, jul, may, jul, jul, may, jul, may],
        "flx_trt": [may - 5, jul - 5, may - 5, jul - 9, jul - 4, may - 5, jul - 5, may - 5],
        "emt_typ": 1, "emt_num": 1, "emt_ord": 0, "chunk": 0, "doc": np.arange(8),
        "line": 1, "rem_typ": 1, "rgm_cod": 1, "rgm_grg": 1,
        "dpn": [0, 0, 0, 0, 0, 0, 71, 0], "dpn_qlp": 0, "ete": 0, "cpl_top": 0,
    })
    bens = pd.DataFrame({"psa": ["P" + "0" * 16], "rank": [1], "cdi": ["00"],
                         "org": ["01C751000"], "in_ir_ben": [True]})
    return lines, bens


def test_netting_truth_on_a_hand_checked_case() -> None:
    lines, bens = _hand_lines()
    reason, netted = truth.prs_reasons(lines, bens, np.array([True]), 2019, 2023)
    assert list(reason) == [
        "regularisation_netted_out", "regularisation_netted_out",
        None, "regularisation_merged", "regularisation_merged",
        None, "info_only_line", None,
    ]
    assert netted.set_index("row")["net"].to_dict() == {2: 1}
    key = truth.prs_keys(lines, bens, np.array([2]))[0]
    assert key == "2021-05-01|2021-04-26|1|1|0|01C751000|2|1|1"
