"""Which persons carry which chronic condition, and since when (the planted morbidity).

Prevalence by age band and sex is tuned so that the conditions the contract rules find on
the generated rows land near published French figures (snds.md §6): treated diabetes ~5.6 %,
heart failure ~1 % (11 % of over-85s), coronary disease ~3 %, chronic respiratory disease
~5-6 %, dialysis ~0.1 %. About a quarter of the cases start during the study years
(incident cases), so index dates vary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from open_chronic.generator.dates import NULL_DATE, day

CONDITIONS = ("diabetes", "heart_failure", "coronary_disease", "chronic_respiratory_disease",
              "end_stage_renal_disease")

# Prevalence at the ages (upper bounds of the bands) below, before the sex factor.
_AGE_EDGES = np.array([15, 30, 40, 50, 60, 70, 80, 85, 200])
_PREVALENCE = {
    "diabetes": (0.001, 0.0045, 0.0135, 0.036, 0.084, 0.145, 0.185, 0.17, 0.145),
    "heart_failure": (0.0001, 0.0002, 0.001, 0.003, 0.01, 0.027, 0.06, 0.13, 0.23),
    "coronary_disease": (0.0, 0.0005, 0.0045, 0.02, 0.055, 0.105, 0.16, 0.2, 0.21),
    "chronic_respiratory_disease": (0.078, 0.058, 0.052, 0.052, 0.062, 0.078, 0.097, 0.1, 0.1),
    "end_stage_renal_disease": (0.00004, 0.00025, 0.0006, 0.0011, 0.002, 0.0031, 0.0037,
                                0.0035, 0.0025),
}
_MAN_FACTOR = {"diabetes": 1.25, "heart_failure": 1.1, "coronary_disease": 1.55,
               "chronic_respiratory_disease": 1.0, "end_stage_renal_disease": 1.5}
_WOMAN_FACTOR = {"diabetes": 0.8, "heart_failure": 0.9, "coronary_disease": 0.5,
                 "chronic_respiratory_disease": 1.0, "end_stage_renal_disease": 0.65}
INCIDENT_SHARE = 0.25
# Share of patients holding the ALD of the condition (IR_IMB_R).
ALD_SHARE = {"diabetes": 0.75, "heart_failure": 0.65, "coronary_disease": 0.7,
             "chronic_respiratory_disease": 0.08, "end_stage_renal_disease": 0.85}
# Excess annual death risk (snds.md §6.3: 16.6 % of HF patients died in the year).
EXCESS_DEATH = {"heart_failure": 0.11, "end_stage_renal_disease": 0.12}


def plant_conditions(rng: np.random.Generator, persons: pd.DataFrame, first_year: int,
                     last_year: int) -> None:
    """Add `onset_<condition>` (days, NULL_DATE if none) and `ald_<condition>` columns."""
    band = np.searchsorted(_AGE_EDGES, persons["age"].to_numpy(), side="right")
    band = np.minimum(band, len(_AGE_EDGES) - 1)
    is_man = persons["sex"].to_numpy() == 1
    study_start, study_end = day(first_year), day(last_year, 12, 31)
    n = len(persons)
    for condition in CONDITIONS:
        factor = np.where(is_man, _MAN_FACTOR[condition], _WOMAN_FACTOR[condition])
        risk = np.asarray(_PREVALENCE[condition])[band] * factor
        has = rng.random(n) < risk
        incident = rng.random(n) < INCIDENT_SHARE
        years_before = rng.exponential(6.0, size=n) + 0.1
        prevalent_onset = study_start - (years_before * 365.25).astype(np.int64)
        incident_onset = study_start + (rng.random(n) * (study_end - study_start)).astype(
            np.int64)
        birth = study_start - (persons["age"].to_numpy() * 365.25).astype(np.int64)
        onset = np.maximum(np.where(incident, incident_onset, prevalent_onset), birth)
        persons[f"onset_{condition}"] = np.where(has, onset, NULL_DATE).astype(np.int64)
        persons[f"ald_{condition}"] = has & (rng.random(n) < ALD_SHARE[condition])


def excess_death_risk(persons: pd.DataFrame) -> np.ndarray:
    risk = np.zeros(len(persons))
    for condition, excess in EXCESS_DEATH.items():
        risk += np.where(persons[f"onset_{condition}"].to_numpy() != NULL_DATE, excess, 0.0)
    return risk


def has_condition(persons: pd.DataFrame, condition: str) -> np.ndarray:
    return persons[f"onset_{condition}"].to_numpy() != NULL_DATE
