"""Outpatient care of one chunk as billed lines (events), before DCIR mechanics.

Volumes aim at ~17 ER_PRS_F rows per person-year (snds.md §9), rising with age and chronic
conditions. Chronic patients get the care the condition rules look for: diabetics monthly
or quarterly (large pack) A10 dispensings escalating from metformin to a second class then
insulin, follow-up near snds.md §7 rates; HF, coronary and respiratory treatments; dialysis
three times a week for patients of private centres (the others are dialysed in public
hospitals, in PMSI).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from open_chronic.generator import codes
from open_chronic.generator.codes import DRUG_INDEX, DRUGS
from open_chronic.generator.conditions import has_condition
from open_chronic.generator.events import (
    ETE_PRIVATE, ETE_PUBLIC, event_frame, periodic_dates, poisson_dates,
)
from open_chronic.generator import config

_PRICES = np.array([drug.price for drug in DRUGS])


def dcir_events(rng: np.random.Generator, persons: pd.DataFrame, start: np.ndarray,
                end: np.ndarray) -> pd.DataFrame:
    """All billed lines of the chunk's persons between `start` and `end` (per person)."""
    parts = [
        _consultations(rng, persons, start, end),
        _chronic_drugs(rng, persons, start, end),
        _labs(rng, persons, start, end),
        _acts(rng, persons, start, end),
        _external_hospital(rng, persons, start, end),
    ]
    parts.append(_acute_drugs(rng, parts[0]))
    events = pd.concat(parts, ignore_index=True)
    return events.sort_values(["person", "date"], kind="stable").reset_index(drop=True)


def _window(persons: pd.DataFrame, condition: str, start: np.ndarray, end: np.ndarray):
    onset = persons[f"onset_{condition}"].to_numpy()
    has = has_condition(persons, condition)
    return np.where(has, np.maximum(start, onset), end + 1), end


def _gp_id(persons: pd.DataFrame, person: np.ndarray) -> np.ndarray:
    """Each person sees mostly one GP of their département."""
    return (100_000_000 + persons["dpt"].to_numpy()[person] * 100_000
            + persons["person_idx"].to_numpy()[person] % 997)


def _specialist_id(rng: np.random.Generator, spe, n: int) -> np.ndarray:
    return 300_000_000 + np.asarray(spe) * 100_000 + rng.integers(0, 5_000, size=n)


def _consultations(rng, persons, start, end) -> pd.DataFrame:
    age = persons["age"].to_numpy()
    women = persons["sex"].to_numpy() == 2
    chronic = sum(has_condition(persons, c).astype(float) for c in
                  ("diabetes", "heart_failure", "coronary_disease",
                   "chronic_respiratory_disease", "end_stage_renal_disease"))
    frames = []
    gp_rate = np.interp(age, [0, 5, 15, 45, 65, 80, 100], [4.5, 2.2, 2.0, 3.0, 4.6, 6.0, 7.0])
    gp_rate = gp_rate * np.where(women & (age > 15) & (age < 50), 1.3, 1.0) + 2.5 * chronic
    p, d = poisson_dates(rng, gp_rate, start, end)
    frames.append(event_frame(p, d, codes.NAT_GP, spe=rng.choice(codes.SPE_GP, size=len(p)),
                              amount=25.0, pfs=_gp_id(persons, p)))
    spec_rate = np.interp(age, [0, 40, 70, 100], [0.4, 0.7, 1.1, 1.0])
    p, d = poisson_dates(rng, spec_rate, start, end)
    spe = rng.choice(codes.SPE_OTHER, size=len(p))
    frames.append(event_frame(p, d, codes.NAT_SPECIALIST, spe=spe, amount=30.0,
                              pfs=_specialist_id(rng, spe, len(p))))
    nurse_rate = np.interp(age, [0, 60, 75, 85, 100], [0.3, 0.5, 2.0, 6.0, 10.0]) + chronic
    p, d = poisson_dates(rng, nurse_rate, start, end)
    frames.append(event_frame(p, d, codes.NAT_NURSE, act=codes.ACT_NURSE, amount=8.5,
                              pfs=400_000_000 + rng.integers(0, 50_000, size=len(p))))
    dentist_rate = np.where(age >= 3, 0.45, 0.0)
    p, d = poisson_dates(rng, dentist_rate, start, end)
    frames.append(event_frame(p, d, codes.NAT_CCAM, act=codes.ACT_DENTIST, amount=28.9,
                              ccam=rng.choice(codes.CCAM_DENTAL, size=len(p)).astype(object),
                              pfs=500_000_000 + rng.integers(0, 30_000, size=len(p))))
    frames.extend(_follow_up_visits(rng, persons, start, end))
    return pd.concat(frames, ignore_index=True)


def _follow_up_visits(rng, persons, start, end) -> list[pd.DataFrame]:
    """Specialist visits of chronic patients (cardiology 35 % of diabetics, snds.md §7)."""
    n = len(persons)
    visits = []
    plans = (
        ("diabetes", codes.SPE_CARDIO, 0.43, 1.0),
        ("diabetes", codes.SPE_ENDOCRINO, 0.15, 1.0),
        ("heart_failure", codes.SPE_CARDIO, 1.5, 0.6),
        ("coronary_disease", codes.SPE_CARDIO, 1.5, 0.9),
        ("chronic_respiratory_disease", codes.SPE_PNEUMO, 0.5, 0.6),
        ("end_stage_renal_disease", codes.SPE_NEPHRO, 4.0, 1.0),
    )
    for condition, spe, rate, share in plans:
        w_start, w_end = _window(persons, condition, start, end)
        followed = rng.random(n) < share
        p, d = poisson_dates(rng, np.where(followed, rate, 0.0), w_start, w_end)
        nat = codes.NAT_CARDIOLOGY if spe == codes.SPE_CARDIO else codes.NAT_SPECIALIST
        visits.append(event_frame(p, d, nat, spe=spe, amount=47.0, exo=True,
                                  pfs=_specialist_id(rng, spe, len(p))))
        if spe == codes.SPE_CARDIO:
            ecg = rng.random(len(p)) < 0.5
            visits.append(event_frame(p[ecg], d[ecg], codes.NAT_CCAM, spe=spe, amount=14.5,
                                      ccam=codes.CCAM_ECG, exo=True,
                                      pfs=visits[-1]["pfs"].to_numpy()[ecg]))
    w_start, w_end = _window(persons, "diabetes", start, end)
    p, d = poisson_dates(rng, np.full(n, 0.48), w_start, w_end)  # fundus: 62 % per 2 years
    pfs = _specialist_id(rng, codes.SPE_OPHTHALMO, len(p))
    visits.append(event_frame(p, d, codes.NAT_SPECIALIST, spe=codes.SPE_OPHTHALMO,
                              amount=30.0, exo=True, pfs=pfs))
    visits.append(event_frame(p, d, codes.NAT_CCAM, spe=codes.SPE_OPHTHALMO, amount=28.0,
                              ccam=codes.CCAM_FUNDUS, exo=True, pfs=pfs))
    return visits


def _pharmacy(rng, persons, person, date, drug_keys, boxes=1, exo=False) -> pd.DataFrame:
    keys = np.broadcast_to(np.asarray(drug_keys, dtype=object), person.shape)
    drug = pd.Series(keys, dtype=object).map(DRUG_INDEX).to_numpy(dtype=np.int64)
    boxes = np.broadcast_to(np.asarray(boxes), person.shape)
    nat = np.where(np.asarray(exo), 3311, np.where(rng.random(len(person)) < 0.8, 3313, 3341))
    nat = np.broadcast_to(nat, person.shape)
    pharmacy = 200_000_000 + persons["dpt"].to_numpy()[person] * 1_000 \
        + persons["person_idx"].to_numpy()[person] % 7
    return event_frame(person, date, 0, act=codes.ACT_PHARMACY, drug=drug, qty=boxes,
                       amount=_PRICES[drug] * boxes, exo=exo, pfs=pharmacy).assign(nat=nat)


def _regimen(rng, persons, condition, start, end, drug_keys, share, interval=30):
    """Monthly (or 3-monthly large pack) dispensing of each drug for a share of patients."""
    w_start, w_end = _window(persons, condition, start, end)
    frames = []
    large = rng.random(len(persons)) < 0.3
    ald = persons[f"ald_{condition}"].to_numpy() if f"ald_{condition}" in persons else None
    for key in drug_keys:
        taking = rng.random(len(persons)) < share
        gc_key = f"{key}_gc" if f"{key}_gc" in DRUG_INDEX else None
        use_gc = large & (gc_key is not None)
        for gc in (False, True):
            if gc and gc_key is None:
                continue
            chosen = taking & (use_gc == gc)
            p, d = periodic_dates(rng, np.full(len(persons), 90 if gc else interval),
                                  np.where(chosen, w_start, w_end + 1), w_end)
            exo = ald[p] if ald is not None else False
            frames.append(_pharmacy(rng, persons, p, d, gc_key if gc else key, 1, exo))
    return frames


def _chronic_drugs(rng, persons, start, end) -> pd.DataFrame:
    frames = _diabetes_drugs(rng, persons, start, end)
    frames += _regimen(rng, persons, "heart_failure", start, end, ["loop_diuretic"], 0.9)
    frames += _regimen(rng, persons, "heart_failure", start, end, ["acei"], 0.6)
    frames += _regimen(rng, persons, "heart_failure", start, end, ["arni"], 0.2)
    frames += _regimen(rng, persons, "heart_failure", start, end, ["beta_blocker"], 0.75)
    frames += _regimen(rng, persons, "heart_failure", start, end, ["mra"], 0.4)
    frames += _regimen(rng, persons, "coronary_disease", start, end,
                       ["statin", "aspirin", "beta_blocker"], 0.8)
    frames += _regimen(rng, persons, "coronary_disease", start, end, ["clopidogrel"], 0.25)
    frames += _regimen(rng, persons, "chronic_respiratory_disease", start, end,
                       ["saba"], 0.85, interval=75)
    frames += _regimen(rng, persons, "chronic_respiratory_disease", start, end,
                       ["ics_laba"], 0.55, interval=45)
    frames += _prevention_drugs(rng, persons, start, end)
    return pd.concat(frames, ignore_index=True)


def _diabetes_drugs(rng, persons, start, end) -> list[pd.DataFrame]:
    """Metformin, then a second class after a few years, then insulin (escalation)."""
    n = len(persons)
    w_start, w_end = _window(persons, "diabetes", start, end)
    large = rng.random(n) < 0.3
    interval = np.where(large, 90, 30)
    p, d = periodic_dates(rng, interval, w_start, w_end)
    onset = persons["onset_diabetes"].to_numpy()
    years = (d - onset[p]) / 365.25
    second_after = rng.uniform(1, 6, size=n)[p]
    insulin_after = second_after + rng.uniform(3, 9, size=n)[p]
    second_class = np.array(["sulfonylurea", "dpp4", "glp1", "sglt2"])[
        rng.choice(4, size=n, p=[0.3, 0.35, 0.2, 0.15])][p]
    gc = large[p]
    exo = persons["ald_diabetes"].to_numpy()[p]
    frames = [_pharmacy(rng, persons, p, d, np.where(gc, "metformin_gc", "metformin"), 1, exo)]
    add = years > second_after
    second_key = np.where(gc & np.isin(second_class, ["sulfonylurea", "dpp4"]),
                          np.char.add(second_class, "_gc"), second_class)
    frames.append(_pharmacy(rng, persons, p[add], d[add], second_key[add],
                            np.where(gc[add] & ~np.char.endswith(second_key[add], "_gc"), 3, 1),
                            exo[add]))
    ins = years > insulin_after
    frames.append(_pharmacy(rng, persons, p[ins], d[ins], "insulin_basal",
                            np.where(gc[ins], 3, 1), exo[ins]))
    # Benfluorex (A10BX06, withdrawn in 2009): a few non-diabetics, excluded by the rule.
    takers = ~has_condition(persons, "diabetes") & (persons["age"].to_numpy() >= 40) \
        & (rng.random(n) < 0.002)
    b_end = np.minimum(start + 200, end)
    p, d = periodic_dates(rng, np.full(n, 30), np.where(takers, start, b_end + 1), b_end)
    frames.append(_pharmacy(rng, persons, p, d, "benfluorex"))
    return frames


def _prevention_drugs(rng, persons, start, end) -> list[pd.DataFrame]:
    age = persons["age"].to_numpy()
    n = len(persons)
    frames = []
    for key, min_age, share in (("statin_simva", 50, 0.12), ("amlodipine", 55, 0.15),
                                ("acei", 55, 0.1), ("levothyroxine", 40, 0.04)):
        taking = (age >= min_age) & (rng.random(n) < share)
        p, d = periodic_dates(rng, np.full(n, 30), np.where(taking, start, end + 1), end)
        frames.append(_pharmacy(rng, persons, p, d, key))
    return frames


def _acute_drugs(rng, visits: pd.DataFrame) -> pd.DataFrame:
    """Short treatments dispensed after GP visits (0.6 lines per visit on average)."""
    gp = visits[visits["nat"] == codes.NAT_GP]
    count = rng.poisson(0.6, size=len(gp))
    person = np.repeat(gp["person"].to_numpy(), count)
    date = np.repeat(gp["date"].to_numpy(), count) + rng.integers(0, 2, size=len(person))
    acute = np.array([DRUG_INDEX[key] for key in codes.ACUTE_DRUGS])
    drug = acute[rng.integers(0, len(acute), size=len(person))]
    boxes = rng.integers(1, 3, size=len(person))
    pharmacy = 200_000_000 + rng.integers(0, 100_000, size=len(person))
    return event_frame(person, date, 3313, act=codes.ACT_PHARMACY, drug=drug, qty=boxes,
                       amount=_PRICES[drug] * boxes, pfs=pharmacy)


def _labs(rng, persons, start, end) -> pd.DataFrame:
    """Lab lines (one NABM each); diabetics' follow-up per snds.md §7 rates."""
    n = len(persons)
    age = persons["age"].to_numpy()
    frames = []
    routine_rate = np.interp(age, [0, 20, 50, 80], [0.3, 0.8, 1.5, 2.5])
    for nabm in codes.NABM_ROUTINE + (codes.NABM_CREATININE, codes.NABM_LIPIDS):
        p, d = poisson_dates(rng, routine_rate / 6, start, end)
        frames.append(event_frame(p, d, codes.NAT_LAB, act=codes.ACT_LAB, nabm=nabm,
                                  amount=5.4, pfs=600_000_000 + rng.integers(0, 9_000,
                                                                             size=len(p))))
    w_start, w_end = _window(persons, "diabetes", start, end)
    # Poisson means giving P(>=3 HbA1c)=51 %, P(>=1 creatinine)=84 %, albuminuria 30 %,
    # lipids 74 % per year.
    for nabm, rate in ((codes.NABM_HBA1C, 2.7), (codes.NABM_CREATININE, 1.6),
                       (codes.NABM_URINE_ALBUMIN, 0.357), (codes.NABM_LIPIDS, 1.1)):
        p, d = poisson_dates(rng, np.full(n, rate), w_start, w_end)
        frames.append(event_frame(p, d, codes.NAT_LAB, act=codes.ACT_LAB, nabm=nabm,
                                  amount=7.0, exo=True,
                                  pfs=600_000_000 + rng.integers(0, 9_000, size=len(p))))
    return pd.concat(frames, ignore_index=True)


def _acts(rng, persons, start, end) -> pd.DataFrame:
    """Routine CCAM acts and haemodialysis (JVJF004) three times a week in private centres."""
    n = len(persons)
    age = persons["age"].to_numpy()
    p, d = poisson_dates(rng, np.interp(age, [0, 40, 80], [0.2, 0.5, 1.0]), start, end)
    spe = rng.choice(codes.SPE_OTHER, size=len(p))
    frames = [event_frame(p, d, codes.NAT_CCAM, spe=spe, amount=40.0,
                          ccam=rng.choice(codes.CCAM_ROUTINE, size=len(p)).astype(object),
                          pfs=_specialist_id(rng, spe, len(p)))]
    w_start, w_end = _window(persons, "end_stage_renal_disease", start, end)
    private = persons["dialysis_in_dcir"].to_numpy()
    week_p, week_d = periodic_dates(rng, np.full(n, 7), np.where(private, w_start, w_end + 1),
                                    w_end, jitter=0)
    for offset in (0, 2, 4):
        d = week_d + offset
        keep = d <= w_end[week_p]
        frames.append(event_frame(week_p[keep], d[keep], codes.NAT_CCAM,
                                  spe=codes.SPE_NEPHRO, amount=310.0,
                                  ccam=codes.CCAM_HAEMODIALYSIS, ete=ETE_PRIVATE,
                                  exo=True, pfs=centre_pfs(week_p[keep])))
    return pd.concat(frames, ignore_index=True)


def centre_pfs(person: np.ndarray) -> np.ndarray:
    return 700_000_000 + person % 50


def _external_hospital(rng, persons, start, end) -> pd.DataFrame:
    """Hospital outpatient lines with an ER_ETE_F row: public (ETE_IND_TAA=1) or private."""
    age = persons["age"].to_numpy()
    p, d = poisson_dates(rng, np.interp(age, [0, 50, 90], [0.3, 0.5, 0.9]), start, end)
    public = rng.random(len(p)) < config.PUBLIC_HOSPITAL_SHARE
    spe = rng.choice(codes.SPE_OTHER + (codes.SPE_CARDIO,), size=len(p))
    with_act = rng.random(len(p)) < 0.3
    ccam = np.where(with_act, rng.choice(codes.CCAM_ROUTINE + (codes.CCAM_ECG,), size=len(p)),
                    "").astype(object)
    return event_frame(p, d, np.where(with_act, codes.NAT_CCAM, codes.NAT_SPECIALIST),
                       spe=spe, amount=35.0, ccam=ccam,
                       ete=np.where(public, ETE_PUBLIC, ETE_PRIVATE),
                       pfs=_specialist_id(rng, spe, len(p)))
