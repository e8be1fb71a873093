"""Expected `conditions.parquet`: the contract's condition rules applied to the kept rows.

Independent of the SQL pathways: ALD active in the year, qualifying stays (discharge year),
drug dates (A10 without benfluorex, ≥ 3 dates or ≥ 2 with a large pack; R03 ≥ 3 dates) and
dialysis act dates (ER_CAM_F and T_MCOaaA, ≥ 3). `index_date` is the earliest date in the
year at which one criterion holds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from open_chronic.generator.codes import CCAM_INDEX, DRUGS
from open_chronic.generator.dates import LIFELONG_2099, NULL_DATE, SENTINEL_1600, day, year_of

_A10 = np.array([drug.atc.startswith("A10") and drug.atc != "A10BX06" for drug in DRUGS])
_R03 = np.array([drug.atc.startswith("R03") for drug in DRUGS])
_LARGE = np.array([drug.pack == "GC" for drug in DRUGS])
DIALYSIS_ACTS = ("JVJF004", "JVJF008", "JVJB001")
ALD_ICD = {
    "diabetes": ("E10", "E11", "E12", "E13", "E14"),
    "heart_failure": ("I50", "I110", "I130", "I132", "I139"),
    "coronary_disease": ("I20", "I21", "I25"),
    "chronic_respiratory_disease": ("J42", "J43", "J44", "J45", "J961"),
    "end_stage_renal_disease": ("Z940", "N185"),
}
DIABETES_ICD = ALD_ICD["diabetes"]
DIABETES_COMPLICATION_DP = ("G590", "G632", "G730", "G990", "H280", "H360", "I792", "L97",
                            "M142", "M146", "N083")
HF_WITH_I50_DP = ("I110", "I130", "I132", "I139", "K761", "J81")
CORONARY_ICD = ("I20", "I21", "I22", "I23", "I24", "I25")
CORONARY_UM_ICD = ("I21", "I22", "I23", "I24")
RESPIRATORY_DP = ("J43", "J44", "J45", "J961")


def _starts(values, prefixes) -> np.ndarray:
    return pd.Series(values, dtype=object).fillna("").str.startswith(prefixes).to_numpy()


def condition_truth(task, persons, bens, usable, lines, stays, imb, kept) -> pd.DataFrame:
    person_of_ben = np.where(usable, bens["idt_ano"].to_numpy(dtype=object), None)
    kept_lines = lines.loc[kept["prs"], ["ben", "date", "drug", "ccam"]]
    hits = [
        _ald_hits(imb[kept["imb"]], person_of_ben, task.first_year, task.last_year),
        _stay_hits(stays, kept["stay"], person_of_ben),
        _drug_hits(kept_lines, person_of_ben),
        _dialysis_hits(kept_lines, stays, kept["stay"], person_of_ben),
    ]
    hits = pd.concat(hits, ignore_index=True)
    hits = hits[(hits["year"] >= task.first_year) & (hits["year"] <= task.last_year)]
    out = hits.groupby(["person_id", "year", "condition"], as_index=False)["index_date"].min()
    return out.sort_values(["person_id", "year", "condition"]).reset_index(drop=True)


def _frame(person_id, year, condition, index_date) -> pd.DataFrame:
    return pd.DataFrame({"person_id": pd.Series(person_id, dtype=object), "year": year,
                         "condition": condition, "index_date": index_date})


def _ald_hits(imb, person_of_ben, first_year, last_year) -> pd.DataFrame:
    dtf = imb["dtf"].to_numpy()
    open_end = (dtf == NULL_DATE) | (dtf == SENTINEL_1600) | (year_of(dtf) == 2099) \
        | (dtf == LIFELONG_2099)
    frames = []
    for condition, prefixes in ALD_ICD.items():
        match = _starts(imb["icd"].to_numpy(), prefixes)
        for year in range(first_year, last_year + 1):
            active = match & (imb["dtd"].to_numpy() <= day(year, 12, 31)) \
                & (open_end | (dtf >= day(year)))
            sub = imb[active]
            frames.append(_frame(person_of_ben[sub["ben"].to_numpy()], year, condition,
                                 np.maximum(sub["dtd"].to_numpy(), day(year))))
    return pd.concat(frames, ignore_index=True)


def _stay_hits(stays, kept_stay, person_of_ben) -> pd.DataFrame:
    frame = stays.stays
    dp, dr = frame["dp"].to_numpy(), frame["dr"].to_numpy()
    n = len(frame)

    def any_child(table, column, prefixes):
        mask = _starts(table[column].to_numpy(), prefixes)
        flag = np.zeros(n, dtype=bool)
        flag[table["stay"].to_numpy()[mask]] = True
        return flag

    das_diabetes = any_child(stays.diagnoses, "dgn", DIABETES_ICD)
    das_i50 = any_child(stays.diagnoses, "dgn", ("I50",))
    um_coronary = any_child(stays.units, "dp", CORONARY_UM_ICD)
    z940 = any_child(stays.diagnoses, "dgn", ("Z940",)) | any_child(stays.units, "dp", ("Z940",))
    rules = {
        "diabetes": _starts(dp, DIABETES_ICD) | _starts(dr, DIABETES_ICD)
        | (_starts(dp, DIABETES_COMPLICATION_DP) & das_diabetes),
        "heart_failure": _starts(dp, ("I50",))
        | (_starts(dp, HF_WITH_I50_DP) & (_starts(dr, ("I50",)) | das_i50)),
        "coronary_disease": _starts(dp, CORONARY_ICD) | _starts(dr, CORONARY_ICD) | um_coronary,
        "chronic_respiratory_disease": _starts(dp, RESPIRATORY_DP),
        "end_stage_renal_disease": _starts(dp, ("Z49",)) | _starts(dp, ("Z940",))
        | _starts(dr, ("Z940",)) | z940,
    }
    person = person_of_ben[frame["ben"].to_numpy()]
    exit_date = frame["exit"].to_numpy()
    frames = []
    for condition, holds in rules.items():
        mask = holds & kept_stay
        frames.append(_frame(person[mask], frame["year"].to_numpy()[mask], condition,
                             exit_date[mask]))
    return pd.concat(frames, ignore_index=True)


def _nth_date(dates: pd.DataFrame, condition: str, large_allows_two: bool) -> pd.DataFrame:
    """Earliest date of each (person, year) at which the date-count criterion holds."""
    dates = dates.groupby(["person_id", "year", "date"], as_index=False)["large"].max()
    dates = dates.sort_values(["person_id", "year", "date"], kind="stable")
    group = dates.groupby(["person_id", "year"], sort=False)
    rank = group.cumcount().to_numpy() + 1
    large_seen = group["large"].cummax().to_numpy().astype(bool)
    met = (rank >= 3) | (large_allows_two & (rank >= 2) & large_seen)
    first = dates[met].drop_duplicates(["person_id", "year"], keep="first")
    return _frame(first["person_id"].to_numpy(), first["year"].to_numpy(), condition,
                  first["date"].to_numpy())


def _drug_hits(lines, person_of_ben) -> pd.DataFrame:
    drug = lines["drug"].to_numpy()
    chronic = np.flatnonzero((drug >= 0) & (_A10[drug] | _R03[drug]))
    drug = drug[chronic]
    date = lines["date"].to_numpy()[chronic]
    base = pd.DataFrame({
        "person_id": person_of_ben[lines["ben"].to_numpy()[chronic]],
        "year": year_of(date), "date": date, "large": _LARGE[drug],
    })
    a10, r03 = _A10[drug], _R03[drug]
    return pd.concat([_nth_date(base[a10], "diabetes", True),
                      _nth_date(base[r03], "chronic_respiratory_disease", False)],
                     ignore_index=True)


def _dialysis_hits(lines, stays, kept_stay, person_of_ben) -> pd.DataFrame:
    dialysis_index = [CCAM_INDEX[code] for code in DIALYSIS_ACTS if code in CCAM_INDEX]
    dcir = lines[lines["ccam"].isin(dialysis_index).to_numpy()]
    acts = stays.acts[stays.acts["code"].isin(DIALYSIS_ACTS).to_numpy()]
    acts = acts[kept_stay[acts["stay"].to_numpy()]]
    stay = acts["stay"].to_numpy()
    act_date = stays.stays["entry"].to_numpy()[stay] + acts["delay"].to_numpy()
    dates = pd.DataFrame({
        "person_id": np.concatenate([person_of_ben[dcir["ben"].to_numpy()],
                                     person_of_ben[stays.stays["ben"].to_numpy()[stay]]]),
        "date": np.concatenate([dcir["date"].to_numpy(), act_date]),
    })
    dates["year"] = year_of(dates["date"].to_numpy())
    dates["large"] = False
    return _nth_date(dates, "end_stage_renal_disease", False)
