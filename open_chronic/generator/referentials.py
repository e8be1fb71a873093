"""Referential tables: IR_BEN_R rows of a chunk, IR_IMB_R (ALD) of a chunk, IR_PHA_R.

ALD rows (snds.md §1.2, §5): ALD 8/5/13/14/19 with the ICD in MED_MTF_COD, IMB_ETM_NAT 41
mostly (43/45 some), open-ended ends as NULL or 1600-01-01, ~10.5 % ending 2099-12-31 (old
lifelong ALD), some renewals (an earlier, closed row), and rows of work accidents,
occupational diseases and invalidity (IMB_ETM_NAT 11/12/13) that staging rejects.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from open_chronic.generator import codes, config
from open_chronic.generator.codes import DRUGS
from open_chronic.generator.dates import LIFELONG_2099, NULL_DATE, SENTINEL_1600, day

ALD_OF = {
    "diabetes": (8, codes.ICD_DIABETES_ALD),
    "heart_failure": (5, codes.ICD_HF_ALD),
    "coronary_disease": (13, codes.ICD_CORONARY_ALD),
    "chronic_respiratory_disease": (14, codes.ICD_RESPIRATORY_ALD),
    "end_stage_renal_disease": (19, codes.ICD_ESRD_ALD),
}
FIVE_YEARS = 1826


def ald_rows(rng: np.random.Generator, persons: pd.DataFrame, bens: pd.DataFrame,
             last_year: int, counts: Counter) -> pd.DataFrame:
    """IR_IMB_R rows (with `ben`, index in `bens`) of the chunk's persons."""
    primary = bens.index[bens["slot"].to_numpy() == 0].to_numpy()
    ben_of_person = np.empty(len(persons), dtype=np.int64)
    ben_of_person[bens["person"].to_numpy()[primary]] = primary
    frames = []
    for condition, (number, icds) in ALD_OF.items():
        holder = np.flatnonzero(persons[f"ald_{condition}"].to_numpy())
        onset = persons[f"onset_{condition}"].to_numpy()[holder]
        frames.append(pd.DataFrame({
            "ben": ben_of_person[holder], "num": number,
            "icd": rng.choice(icds, len(holder)).astype(object),
            "dtd": onset + rng.integers(0, 120, len(holder)),
        }))
    rows = pd.concat(frames, ignore_index=True)
    n = len(rows)
    u = rng.random(n)
    lifelong = u < config.ALD_2099_DRAW_SHARE
    rows["dtd"] = np.where(lifelong, np.minimum(rows["dtd"], day(2010) - rng.integers(0, 4000, n)),
                           rows["dtd"])
    fixed_end = rows["dtd"].to_numpy() + FIVE_YEARS
    rows["dtf"] = np.select([lifelong, u < 0.45, u < 0.65], [LIFELONG_2099, NULL_DATE,
                                                             SENTINEL_1600], fixed_end)
    rows["etm"] = rng.choice([41, 43, 45], n, p=[0.9, 0.07, 0.03])
    counts[("ald_lifelong_2099", "IR_IMB_R")] += int(lifelong.sum())
    counts[("ald_open_end", "IR_IMB_R")] += int(((u >= config.ALD_2099_DRAW_SHARE) & (u < 0.65))
                                                .sum())
    renewed = rows[rng.random(n) < 0.25].copy()
    renewed["dtf"] = renewed["dtd"] - 1
    renewed["dtd"] = renewed["dtd"] - FIVE_YEARS
    counts[("ald_renewal_previous_row", "IR_IMB_R")] += len(renewed)
    rows = pd.concat([rows, renewed, _non_ald_rows(rng, persons, ben_of_person, counts)],
                     ignore_index=True)
    rows = rows.drop_duplicates(["ben", "etm", "icd", "dtd"])
    rows["upd"] = day(last_year + 1, 3, 1)
    return rows.sort_values(["ben", "dtd"], kind="stable").reset_index(drop=True)


def _non_ald_rows(rng, persons, ben_of_person, counts: Counter) -> pd.DataFrame:
    """Work accident / occupational disease / invalidity rows (not ALD: rejected)."""
    chosen = np.flatnonzero(rng.random(len(persons)) < config.NON_ALD_EXEMPTION_RATE)
    counts[("not_ald_exemption", "IR_IMB_R")] += len(chosen)
    dtd = day(2015) + rng.integers(0, 2500, len(chosen))
    return pd.DataFrame({
        "ben": ben_of_person[chosen], "num": 0,
        "icd": rng.choice(codes.ICD_NON_ALD_WORK, len(chosen)).astype(object),
        "dtd": dtd, "dtf": np.where(rng.random(len(chosen)) < 0.5, NULL_DATE, dtd + 700),
        "etm": rng.choice([11, 12, 13], len(chosen)),
    })


def pharmacy_referential() -> pd.DataFrame:
    """IR_PHA_R: every product the generator dispenses, a few CIP13 listed twice."""
    rows = pd.DataFrame({
        "PHA_CIP_C13": [int(drug.cip13) for drug in DRUGS],
        "PHA_PRS_IDE": [int(drug.cip13[5:12]) for drug in DRUGS],
        "PHA_ATC_C07": [drug.atc for drug in DRUGS],
        "PHA_ATC_C03": [drug.atc[:3] for drug in DRUGS],
        "PHA_CND_TOP": [drug.pack for drug in DRUGS],
        "PHA_GRS_NUM": [1000 + index for index, _ in enumerate(DRUGS)],
        "PHA_NOM_PA": [drug.label for drug in DRUGS],
        "PHA_UNT_NBR": [drug.units for drug in DRUGS],
    })
    duplicated = rows[[drug.key in codes.DUPLICATED_CIP13_KEYS for drug in DRUGS]].copy()
    duplicated["PHA_NOM_PA"] = duplicated["PHA_NOM_PA"] + codes.DUPLICATE_LABEL_SUFFIX
    return pd.concat([rows, duplicated], ignore_index=True)
