"""Hospital stays (PMSI MCO) of one chunk: B and C 1:1, D 0..n, A 0..n, UM 1..n.

About 0.16 stays per person-year (snds.md §9), far more for chronic patients: HF admissions
(DP I50), coronary stays (I21/I25, some only through a unit's DP), diabetes and its
complications (DP in the complication list with a DAS E11), COPD/asthma exacerbations, and
monthly dialysis séance summaries for patients dialysed in public hospitals. Persons who die
die in hospital 40 % of the time (SOR_MOD 9). PMSI pitfalls (P6–P9) are planted here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from open_chronic.generator import codes, config
from open_chronic.generator.claims import assign_beneficiary
from open_chronic.generator.conditions import has_condition
from open_chronic.generator.dates import NULL_DATE, day, month_index, month_start
from open_chronic.generator.events import poisson_dates

STAYS_PER_CHUNK = 10 ** 7


@dataclass
class Stays:
    """Stay-level frame (B + C values) and its D, A and UM child rows (`stay` = row index)."""

    stays: pd.DataFrame
    diagnoses: pd.DataFrame
    acts: pd.DataFrame
    units: pd.DataFrame


def _stays_of(person, exit_date, kind, dp, das=None, dr=None, um2_dp=None) -> pd.DataFrame:
    n = len(person)
    return pd.DataFrame({
        "person": person, "exit": exit_date, "kind": kind,
        "dp": dp, "dr": dr if dr is not None else np.full(n, None, dtype=object),
        "das_extra": das if das is not None else np.full(n, None, dtype=object),
        "um2_dp": um2_dp if um2_dp is not None else np.full(n, None, dtype=object),
    })


def draw_stays(rng: np.random.Generator, persons: pd.DataFrame, bens: pd.DataFrame,
               first_year: int, last_year: int, end: np.ndarray, chunk_id: int,
               counts: Counter) -> Stays:
    start = np.full(len(persons), day(first_year), dtype=np.int64)
    age = persons["age"].to_numpy()
    obj = lambda values: np.asarray(values, dtype=object)  # noqa: E731
    frames = []
    benign_rate = np.interp(age, [0, 1, 20, 50, 70, 85, 100],
                            [0.16, 0.065, 0.08, 0.105, 0.24, 0.4, 0.45])
    p, d = poisson_dates(rng, benign_rate, start, end)
    frames.append(_stays_of(p, d, "benign", obj(rng.choice(codes.ICD_BENIGN_DP, len(p)))))
    for condition, rate, kind in (("heart_failure", 0.8, "heart_failure"),
                                  ("coronary_disease", 0.2, "coronary"),
                                  ("diabetes", 0.08, "diabetes"),
                                  ("chronic_respiratory_disease", 0.06, "respiratory")):
        onset = persons[f"onset_{condition}"].to_numpy()
        w_start = np.where(has_condition(persons, condition), np.maximum(start, onset), end + 1)
        p, d = poisson_dates(rng, np.full(len(persons), rate), w_start, end)
        frames.append(_condition_stays(rng, kind, p, d, age))
    frames.append(_dialysis_stays(persons, start, end))
    frames.append(_death_stays(rng, persons, first_year, obj))
    stays = pd.concat(frames, ignore_index=True)
    stays = stays[stays["exit"] <= end[stays["person"].to_numpy()]]
    stays = stays.sort_values(["person", "exit"], kind="stable").reset_index(drop=True)
    return _complete(rng, stays, persons, bens, chunk_id, counts)


def _condition_stays(rng, kind, p, d, age) -> pd.DataFrame:
    n = len(p)
    obj = lambda values: np.asarray(values, dtype=object)  # noqa: E731
    u = rng.random(n)
    if kind == "heart_failure":
        dp = np.where(u < 0.7, rng.choice(["I500", "I501", "I509"], n),
                      rng.choice(["I110", "J81", "I130"], n))
        return _stays_of(p, d, kind, obj(dp), das=obj(np.where(u < 0.7, None, "I500")))
    if kind == "coronary":
        dp = np.where(u < 0.9, rng.choice(["I251", "I209", "I214", "I200"], n), "I480")
        return _stays_of(p, d, kind, obj(dp), um2_dp=obj(np.where(u < 0.9, None, "I214")))
    if kind == "diabetes":
        dp = np.where(u < 0.6, rng.choice(["E119", "E110", "E116"], n),
                      rng.choice(codes.ICD_DIABETES_COMPLICATION_DP, n))
        return _stays_of(p, d, kind, obj(dp), das=obj(np.where(u < 0.6, None, "E117")))
    dp = np.where(age[p] >= 45, rng.choice(["J441", "J440", "J961"], n), "J459")
    return _stays_of(p, d, kind, obj(dp))


def _dialysis_stays(persons, start, end) -> pd.DataFrame:
    """One séance summary per month for public-hospital dialysis (13 séances, DP Z491)."""
    public = has_condition(persons, "end_stage_renal_disease") & \
        ~persons["dialysis_in_dcir"].to_numpy()
    onset = persons["onset_end_stage_renal_disease"].to_numpy()
    first = month_index(np.maximum(start, onset)) + 1
    last = month_index(end) - 1
    count = np.where(public, np.maximum(last - first + 1, 0), 0)
    person = np.repeat(np.arange(len(persons)), count)
    month = np.repeat(first, count) + np.arange(len(person)) - np.repeat(np.cumsum(count)
                                                                         - count, count)
    exit_date = month_start(month) + 24
    return _stays_of(person, exit_date, "dialysis", np.full(len(person), "Z491", dtype=object))


def _death_stays(rng, persons, first_year, obj) -> pd.DataFrame:
    death = persons["death"].to_numpy()
    dies_in_hospital = (death != NULL_DATE) & (rng.random(len(persons)) < 0.4)
    p = np.flatnonzero(dies_in_hospital)
    return _stays_of(p, death[p], "death", obj(rng.choice(["J189", "C349", "I64", "R092"],
                                                          len(p))))


def _complete(rng, stays: pd.DataFrame, persons: pd.DataFrame, bens: pd.DataFrame,
              chunk_id: int, counts: Counter) -> Stays:
    n = len(stays)
    kind = stays["kind"].to_numpy()
    dialysis = kind == "dialysis"
    los = np.where(dialysis, 24, np.minimum(rng.geometric(0.2, size=n) - 1, 60))
    stays["entry"] = stays["exit"].to_numpy() - los
    stays["los"] = los
    stays["ben"] = assign_beneficiary(rng, stays["person"].to_numpy(), bens)
    stays["year"] = pd.to_datetime(stays["exit"], unit="D").dt.year.to_numpy()
    stays["rsa"] = chunk_id * STAYS_PER_CHUNK + np.arange(n)
    public = rng.random(n) < 0.6
    stays["finess"] = np.where(
        public, rng.choice(codes.PUBLIC_FINESS, n), rng.choice(codes.PRIVATE_FINESS, n)
    ).astype(object)
    ghm_pool = {k: np.array(v) for k, v in codes.GHM_BY_KIND.items()}
    ghm = np.empty(n, dtype=object)
    for k in np.unique(kind):
        mask = kind == k
        ghm[mask] = rng.choice(ghm_pool.get(k, ghm_pool["benign"]), int(mask.sum()))
    stays["ghm"] = ghm
    stays["sor_mod"] = np.where(kind == "death", "9", "8").astype(object)
    stays["nbr_sea"] = np.where(dialysis, 13, 0)
    diabetic = has_condition(persons, "diabetes")[stays["person"].to_numpy()]
    dr = stays["dr"].to_numpy().copy()
    dr_planted = diabetic & (kind == "benign") & (rng.random(n) < 0.1)
    dr[dr_planted] = "E119"
    stays["dr"] = dr
    _plant_stay_pitfalls(rng, stays, counts)
    return Stays(stays, _diagnoses(rng, stays, persons), _acts(rng, stays), _units(rng, stays))


def _plant_stay_pitfalls(rng, stays: pd.DataFrame, counts: Counter) -> None:
    """P6–P9 and unparsable dates, each on an independent random share of stays."""
    n = len(stays)
    draws = {name: rng.random(n) < rate for name, rate in (
        ("dummy_nir", config.DUMMY_NIR_RATE), ("bad_return", config.BAD_RETURN_CODE_RATE),
        ("dup_finess", config.DUPLICATE_FINESS_RATE), ("ghm_90", config.GHM_90_RATE),
        ("sej_b", config.SEJ_TYP_B_RATE), ("unparsable", config.UNPARSABLE_DATE_RATE))}
    stays["dummy_nir"] = np.where(draws["dummy_nir"], rng.choice(codes.DUMMY_NIR_ANO_17, n),
                                  None).astype(object)
    stays["bad_return"] = np.where(draws["bad_return"], rng.integers(0, 9, n), -1)
    stays["finess"] = np.where(draws["dup_finess"], rng.choice(codes.DUPLICATE_FINESS, n),
                               stays["finess"].to_numpy()).astype(object)
    stays["ghm"] = np.where(draws["ghm_90"], "90Z00Z", stays["ghm"].to_numpy()).astype(object)
    stays["sej_typ"] = np.where(draws["sej_b"], "B",
                                np.where(rng.random(n) < 0.1, "A", None)).astype(object)
    stays["bad_date"] = np.where(draws["unparsable"], rng.integers(1, 4, n), 0)
    for name, pitfall in (("dummy_nir", "dummy_nir"), ("bad_return", "bad_linkage_return_code"),
                          ("dup_finess", "duplicate_finess_aphp_aphm_hcl"),
                          ("ghm_90", "ghm_error_90"), ("sej_b", "inter_establishment_service"),
                          ("unparsable", "unparsable_value")):
        counts[(pitfall, "T_MCOaaB")] += int(draws[name].sum())


def _diagnoses(rng, stays: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """D rows: 0..3 benign DAS, the planted condition DAS, the chronic patient's own DAS."""
    n = len(stays)
    count = rng.integers(0, 4, size=n)
    stay = np.repeat(np.arange(n), count)
    frames = [pd.DataFrame({"stay": stay, "dgn": rng.choice(codes.ICD_BENIGN_DAS, len(stay))
                            .astype(object)})]
    extra = stays["das_extra"].to_numpy()
    has_extra = pd.notna(extra)
    frames.append(pd.DataFrame({"stay": np.flatnonzero(has_extra), "dgn": extra[has_extra]}))
    person = stays["person"].to_numpy()
    for condition, icd in (("diabetes", "E119"), ("heart_failure", "I509"),
                           ("chronic_respiratory_disease", "J449")):
        mask = has_condition(persons, condition)[person] & (rng.random(n) < 0.5)
        frames.append(pd.DataFrame({"stay": np.flatnonzero(mask), "dgn": icd}))
    diagnoses = pd.concat(frames, ignore_index=True).drop_duplicates(["stay", "dgn"])
    return diagnoses.sort_values(["stay", "dgn"], kind="stable").reset_index(drop=True)


def _acts(rng, stays: pd.DataFrame) -> pd.DataFrame:
    """A rows: routine acts; 13 haemodialysis séances (JVJF004) per dialysis summary."""
    n = len(stays)
    count = rng.integers(0, 3, size=n)
    stay = np.repeat(np.arange(n), count)
    los = stays["los"].to_numpy()
    routine = pd.DataFrame({
        "stay": stay, "code": rng.choice(codes.CCAM_ROUTINE + (codes.CCAM_ECG,), len(stay))
        .astype(object),
        "delay": np.floor(rng.random(len(stay)) * (los[stay] + 1)).astype(np.int64),
    })
    dialysis = np.flatnonzero(stays["kind"].to_numpy() == "dialysis")
    seances = pd.DataFrame({
        "stay": np.repeat(dialysis, 13), "code": codes.CCAM_HAEMODIALYSIS,
        "delay": np.tile(np.arange(0, 26, 2), len(dialysis)),
    })
    acts = pd.concat([routine, seances], ignore_index=True)
    acts = acts.drop_duplicates(["stay", "code", "delay"])
    return acts.sort_values(["stay", "code", "delay"], kind="stable").reset_index(drop=True)


def _units(rng, stays: pd.DataFrame) -> pd.DataFrame:
    """UM rows: unit 1 with the stay's DP; a second unit for some stays (benign DP, or the
    I21 of a coronary stay whose summary DP is not coronary)."""
    n = len(stays)
    um2 = stays["um2_dp"].to_numpy()
    second = pd.notna(um2) | (rng.random(n) < 0.15)
    first = pd.DataFrame({"stay": np.arange(n), "ord": 1, "dp": stays["dp"].to_numpy()})
    idx = np.flatnonzero(second)
    dp2 = np.where(pd.notna(um2[idx]), um2[idx],
                   rng.choice(codes.ICD_BENIGN_DAS, len(idx))).astype(object)
    units = pd.concat([first, pd.DataFrame({"stay": idx, "ord": 2, "dp": dp2})],
                      ignore_index=True)
    return units.sort_values(["stay", "ord"], kind="stable").reset_index(drop=True)
