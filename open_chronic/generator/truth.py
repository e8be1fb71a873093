"""Expected staging results, recomputed from the rows actually written (not from planting).

An implementation of the contract (`docs/raw_to_staging_contract.md`) in numpy/pandas,
independent of the SQL: for every raw row, the rejection reason of highest precedence; the
identity bridge; the regularisation groups netted. Everything here works on one chunk, which
holds whole persons (identity and netting never cross persons).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from open_chronic.generator import config
from open_chronic.generator.claims import document_number
from open_chronic.generator.codes import DUPLICATE_FINESS
from open_chronic.generator.dates import iso, month_start, year_of
from open_chronic.generator.events import ETE_PUBLIC

VALID_CDI = ("00", "03", "04")
ALD_EXEMPTIONS = (41, 43, 45)


def first_match(rules: list[tuple[str, np.ndarray]], n: int) -> np.ndarray:
    """Reason of the first rule that holds for each row (None when no rule holds)."""
    reason = np.full(n, None, dtype=object)
    for name, holds in reversed(rules):
        reason = np.where(holds, name, reason)
    return reason


# --- beneficiaries -------------------------------------------------------------------------

def ben_reasons(bens: pd.DataFrame) -> np.ndarray:
    """IR_BEN_R precedence; rows absent from IR_BEN_R get None (they are not raw rows)."""
    return first_match([
        ("fictitious_nir", ~bens["cdi"].isin(VALID_CDI).to_numpy()),
        ("unknown_birth_year", bens["nai_ann"].to_numpy() == "1600"),
        ("unknown_sex", bens["sex_cod"].to_numpy() == 0),
    ], len(bens))


def usable_bens(bens: pd.DataFrame, reasons: np.ndarray) -> np.ndarray:
    """(PSA, rank) pairs in the identity bridge: listed in IR_BEN_R and kept."""
    return bens["in_ir_ben"].to_numpy() & pd.isna(reasons)


def identity_truth(bens: pd.DataFrame, usable: np.ndarray) -> pd.DataFrame:
    listed = bens[bens["in_ir_ben"]]
    return pd.DataFrame({
        "BEN_NIR_PSA": listed["psa"].to_numpy(dtype=object),
        "BEN_RNG_GEM": listed["rank"].to_numpy().astype(np.int8),
        "person_id": listed["idt_ano"].to_numpy(dtype=object),
        "is_twin": listed["is_twin"].to_numpy(dtype=bool),
        "is_usable": usable[listed.index.to_numpy()],
    })


def ben_keys(bens: pd.DataFrame, index: np.ndarray) -> np.ndarray:
    sub = bens.iloc[index]
    return (sub["psa"].astype(str) + "|" + sub["rank"].astype(str)).to_numpy(dtype=object)


# --- ALD and pharmacy referentials ---------------------------------------------------------

def imb_reasons(imb: pd.DataFrame, usable: np.ndarray) -> np.ndarray:
    return first_match([
        ("not_ald_exemption", ~imb["etm"].isin(ALD_EXEMPTIONS).to_numpy()),
        ("unresolved_beneficiary", ~usable[imb["ben"].to_numpy()]),
    ], len(imb))


def imb_keys(imb: pd.DataFrame, bens: pd.DataFrame) -> np.ndarray:
    return (pd.Series(ben_keys(bens, imb["ben"].to_numpy())) + "|" + imb["etm"].astype(str)
            .to_numpy() + "|" + imb["icd"].to_numpy() + "|" + iso(imb["dtd"].to_numpy())
            ).to_numpy(dtype=object)


def pha_ref_reasons(pha: pd.DataFrame) -> np.ndarray:
    """A CIP13 listed twice keeps the row with the smallest PHA_NOM_PA."""
    order = pha.sort_values(["PHA_CIP_C13", "PHA_NOM_PA"], kind="stable")
    duplicate = order.duplicated("PHA_CIP_C13", keep="first").reindex(pha.index).to_numpy()
    return np.where(duplicate, "duplicate_cip13", None).astype(object)


def pha_ref_keys(pha: pd.DataFrame) -> np.ndarray:
    return (pha["PHA_CIP_C13"].astype(str).str.zfill(13) + "|" + pha["PHA_NOM_PA"]).to_numpy(
        dtype=object)


# --- DCIR ----------------------------------------------------------------------------------

def prs_keys(lines: pd.DataFrame, bens: pd.DataFrame, index: np.ndarray) -> np.ndarray:
    """The 9 join keys, `|`-separated, dates ISO (contract row key of ER_PRS_F)."""
    sub = lines.iloc[index]
    org = bens["org"].to_numpy()[sub["ben"].to_numpy()]
    parts = [
        iso(sub["flx_dis"].to_numpy()), iso(sub["flx_trt"].to_numpy()),
        sub["emt_typ"].astype(str).to_numpy(), sub["emt_num"].astype(str).to_numpy(),
        sub["emt_ord"].astype(str).to_numpy(), org.astype(str),
        document_number(sub).astype(str), sub["line"].astype(str).to_numpy(),
        sub["rem_typ"].astype(str).to_numpy(),
    ]
    key = pd.Series(parts[0], dtype=object)
    for part in parts[1:]:
        key = key + "|" + part
    return key.to_numpy(dtype=object)


def prs_reasons(lines: pd.DataFrame, bens: pd.DataFrame, usable: np.ndarray,
                first_year: int, last_year: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Reason per ER_PRS_F line and the netted claims (row index, net quantity)."""
    ben = lines["ben"].to_numpy()
    care_year = year_of(lines["date"].to_numpy())
    window_end = month_start((care_year + 1 - 1970) * 12 + config.FLUX_MONTHS_AFTER_CARE_YEAR)
    rgm_fictitious = (lines["rgm_cod"].to_numpy() == 888) & (lines["rgm_grg"].to_numpy() == 1)
    reason = first_match([
        ("fictitious_nir", ~np.isin(bens["cdi"].to_numpy()[ben], VALID_CDI) | rgm_fictitious),
        ("unresolved_beneficiary", ~usable[ben]),
        ("care_outside_study_period", (care_year < first_year) | (care_year > last_year)),
        ("flux_beyond_window", lines["flx_dis"].to_numpy() >= window_end),
        ("info_only_line", np.isin(lines["dpn"].to_numpy(), (71, 72))
         | np.isin(lines["dpn_qlp"].to_numpy(), (71, 72))),
        ("public_hospital_activity", lines["ete"].to_numpy() == ETE_PUBLIC),
        ("surcharge_line", lines["cpl_top"].to_numpy() == 2),
    ], len(lines))
    netted = _netting(lines, bens, reason)
    return reason, netted


def _netting(lines: pd.DataFrame, bens: pd.DataFrame, reason: np.ndarray) -> pd.DataFrame:
    """Regularisation groups among surviving lines; fills `reason` in place."""
    alive = np.flatnonzero(pd.isna(reason))
    keys = ["ben", "date", "nat", "pfs", "drug", "nabm", "ccam"]
    survivors = lines.iloc[alive][keys + ["qty", "flx_dis", "flx_trt"]].copy()
    survivors["row"] = alive
    group = survivors.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    survivors["group"] = group
    has_negative = survivors.groupby("group")["qty"].transform("min").to_numpy() < 0
    members = survivors[has_negative].copy()
    if members.empty:
        return pd.DataFrame({"row": np.array([], dtype=np.int64),
                             "net": np.array([], dtype=np.int64)})
    members["net"] = members.groupby("group")["qty"].transform("sum")
    members["row_key"] = prs_keys(lines, bens, members["row"].to_numpy())
    out = members[members["net"] <= 0]
    reason[out["row"].to_numpy()] = "regularisation_netted_out"
    positive = members[members["net"] > 0]
    candidates = positive[positive["qty"] > 0].sort_values(
        ["group", "flx_dis", "flx_trt", "row_key"], kind="stable")
    kept = candidates.drop_duplicates("group", keep="first")
    merged = positive[~positive["row"].isin(kept["row"])]
    reason[merged["row"].to_numpy()] = "regularisation_merged"
    return pd.DataFrame({"row": kept["row"].to_numpy(), "net": kept["net"].to_numpy()})


# --- PMSI ----------------------------------------------------------------------------------

def stay_reasons(stays: pd.DataFrame, bens: pd.DataFrame, usable: np.ndarray) -> np.ndarray:
    psa_persons = pd.DataFrame({"psa": bens["psa"].to_numpy()[usable],
                                "person_id": bens["idt_ano"].to_numpy()[usable]})
    n_persons = psa_persons.groupby("psa")["person_id"].nunique()
    psa = bens["psa"].to_numpy()[stays["ben"].to_numpy()]
    bridged = pd.Series(psa).map(n_persons).fillna(0).to_numpy()
    return first_match([
        ("unparsable_value", stays["bad_date"].to_numpy() > 0),
        ("dummy_nir", pd.notna(stays["dummy_nir"]).to_numpy()),
        ("bad_linkage_return_code", stays["bad_return"].to_numpy() >= 0),
        ("ambiguous_pseudonym", bridged > 1),
        ("unresolved_beneficiary", bridged == 0),
        ("duplicate_finess_aphp_aphm_hcl", stays["finess"].isin(DUPLICATE_FINESS).to_numpy()),
        ("ghm_error_90", stays["ghm"].str.startswith("90").to_numpy()),
        ("inter_establishment_service", stays["sej_typ"].to_numpy() == "B"),
    ], len(stays))


def stay_keys(stays: pd.DataFrame, index: np.ndarray) -> np.ndarray:
    sub = stays.iloc[index]
    return (sub["year"].astype(str) + "|" + sub["finess"] + "|"
            + sub["rsa"].astype(str).str.zfill(10)).to_numpy(dtype=object)
