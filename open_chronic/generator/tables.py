"""Internal chunk frames → frames with the contract's column names, ready for the writer.

String columns taken from a small pool (PSA, caisse, professional) are pandas Categoricals so
that 10^8 rows never hold Python strings; the writer casts them to Parquet strings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from open_chronic.generator import codes
from open_chronic.generator.claims import document_number
from open_chronic.generator.codes import DRUGS
from open_chronic.generator.dates import NULL_DATE, ddmmyyyy, year_of
from open_chronic.generator.events import ETE_NONE, ETE_PUBLIC

_CIP13 = np.array([int(drug.cip13) for drug in DRUGS], dtype=np.int64)
_CIP7 = np.array([int(drug.cip13[5:12]) for drug in DRUGS], dtype=np.int64)
_UNIT_PRICE = np.array([drug.price for drug in DRUGS])
RETURN_CODE_COLUMNS = ("NIR_RET", "NAI_RET", "SEX_RET", "SEJ_RET", "FHO_RET", "PMS_RET",
                       "DAT_RET", "COH_NAI_RET", "COH_SEX_RET")


def take(values: np.ndarray, index: np.ndarray) -> pd.Categorical:
    """values[index] as a Categorical (None stays missing)."""
    codes_, uniques = pd.factorize(pd.Series(values, dtype=object))
    return pd.Categorical.from_codes(codes_[index], categories=pd.Index(uniques, dtype=object))


def padded(values: np.ndarray, width: int) -> pd.Categorical:
    codes_, uniques = pd.factorize(values)
    return pd.Categorical.from_codes(codes_, pd.Index(uniques).astype(str).str.zfill(width))


def _establishment(index: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(index, codes.ESTABLISHMENT_FINESS)


def dcir_keys(lines: pd.DataFrame, bens: pd.DataFrame) -> dict[str, object]:
    ben = lines["ben"].to_numpy()
    return {
        "FLX_DIS_DTD": lines["flx_dis"].to_numpy(), "FLX_TRT_DTD": lines["flx_trt"].to_numpy(),
        "FLX_EMT_TYP": lines["emt_typ"].to_numpy(), "FLX_EMT_NUM": lines["emt_num"].to_numpy(),
        "FLX_EMT_ORD": lines["emt_ord"].to_numpy(), "ORG_CLE_NUM": take(bens["org"], ben),
        "DCT_ORD_NUM": document_number(lines), "PRS_ORD_NUM": lines["line"].to_numpy(),
        "REM_TYP_AFF": lines["rem_typ"].to_numpy(),
    }


def er_prs_f(rng: np.random.Generator, lines: pd.DataFrame, bens: pd.DataFrame,
             persons: pd.DataFrame) -> dict[str, object]:
    ben = lines["ben"].to_numpy()
    date = lines["date"].to_numpy()
    n = len(lines)
    qty = lines["qty"].to_numpy()
    amount = lines["amount"].to_numpy().astype(float)
    exo = lines["exo"].to_numpy(dtype=bool) & persons["ald_used"].to_numpy()[
        lines["person"].to_numpy()]
    rate = np.where(exo, 1.0, np.select([lines["nat"] == 3341, lines["nat"] == 3311,
                                         lines["nat"] == 3313], [0.15, 1.0, 0.65], 0.7))
    prescribed = lines["act"].isin([codes.ACT_PHARMACY, codes.ACT_LAB, codes.ACT_NURSE])
    ete = lines["ete"].to_numpy()
    frame = dcir_keys(lines, bens) | {
        "BEN_NIR_PSA": take(bens["psa"], ben), "BEN_RNG_GEM": bens["rank"].to_numpy()[ben],
        "BEN_SEX_COD": bens["sex_cod"].to_numpy()[ben], "BEN_NAI_ANN": take(bens["nai_ann"], ben),
        "BEN_AMA_COD": np.clip(year_of(date) - persons["birth_year"].to_numpy()[
            lines["person"].to_numpy()], 0, 120),
        "BEN_RES_DPT": take(bens["dpt"], ben), "BEN_RES_COM": take(bens["com"], ben),
        "BEN_CDI_NIR": take(bens["cdi"], ben), "BEN_DCD_DTE": bens["dcd"].to_numpy()[ben],
        "RGM_COD": lines["rgm_cod"].to_numpy(), "RGM_GRG_COD": lines["rgm_grg"].to_numpy(),
        "EXE_SOI_DTD": date, "EXE_SOI_DTF": date,
        "PRE_PRE_DTD": np.where(prescribed, date - rng.integers(0, 30, n), NULL_DATE),
        "PRS_NAT_REF": lines["nat"].to_numpy(), "BSE_PRS_NAT": lines["bse_nat"].to_numpy(),
        "CPL_PRS_NAT": lines["cpl_nat"].to_numpy(), "CPL_MAJ_TOP": lines["cpl_top"].to_numpy(),
        "PSE_SPE_COD": lines["spe"].to_numpy(), "PSE_ACT_NAT": lines["act"].to_numpy(),
        "PFS_EXE_NUM": padded(lines["pfs"].to_numpy(), 9),
        "PSP_SPE_COD": np.where(prescribed, 1.0, np.nan),
        "PFS_PRE_NUM": pd.Categorical(np.where(prescribed, "100000001", None)),
        "ETB_PRE_FIN": _establishment(lines["ete_fin"].to_numpy()),
        "PRS_ACT_QTE": qty, "BSE_REM_MNT": np.round(amount * rate, 2),
        "BSE_REM_BSE": np.round(amount, 2), "BSE_REM_SGN": np.where(qty < 0, -1, 1),
        "PRS_PAI_MNT": np.round(amount, 2), "DPN_QLF": lines["dpn"].to_numpy(),
        "PRS_DPN_QLP": lines["dpn_qlp"].to_numpy(), "EXO_MTF": np.where(exo, 41, 0),
        "PRS_PPU_SEC": np.where(ete == ETE_PUBLIC, 1, 2),
    }
    return frame


def dcir_details(lines: pd.DataFrame, bens: pd.DataFrame) -> dict[str, tuple[np.ndarray,
                                                                              dict]]:
    """The 4 detail tables: (row index in `lines`, frame) each."""
    out = {}
    drug = lines["drug"].to_numpy()
    index = np.flatnonzero(drug >= 0)
    sub = lines.iloc[index]
    out["ER_PHA_F"] = (index, dcir_keys(sub, bens) | {
        "PHA_PRS_C13": _CIP13[drug[index]], "PHA_PRS_IDE": _CIP7[drug[index]],
        "PHA_ACT_QSN": sub["qty"].to_numpy(), "PHA_ACT_PRU": _UNIT_PRICE[drug[index]]})
    index = np.flatnonzero(lines["nabm"].to_numpy() >= 0)
    sub = lines.iloc[index]
    out["ER_BIO_F"] = (index, dcir_keys(sub, bens) | {
        "BIO_PRS_IDE": sub["nabm"].to_numpy(), "BIO_ACT_QSN": sub["qty"].to_numpy()})
    index = np.flatnonzero(lines["ccam"].to_numpy() >= 0)
    sub = lines.iloc[index]
    out["ER_CAM_F"] = (index, dcir_keys(sub, bens) | {
        "CAM_PRS_IDE": pd.Categorical.from_codes(sub["ccam"].to_numpy(), codes.CCAM_CODES),
        "CAM_ACT_COD": 1,
        "CAM_TRT_PHA": 0})
    index = np.flatnonzero(lines["ete"].to_numpy() != ETE_NONE)
    sub = lines.iloc[index]
    public = sub["ete"].to_numpy() == ETE_PUBLIC
    out["ER_ETE_F"] = (index, dcir_keys(sub, bens) | {
        "ETB_EXE_FIN": _establishment(sub["ete_fin"].to_numpy()),
        "ETE_IND_TAA": np.where(public, 1, 0), "ETE_TYP_COD": np.where(public, 101, 365),
        "ETE_GHS_NUM": np.full(len(sub), np.nan), "ETE_NAT_FSJ": None})
    return out


def ir_ben_r(bens: pd.DataFrame, last_year: int) -> pd.DataFrame:
    listed = bens[bens["in_ir_ben"]]
    dcd = listed["dcd"].to_numpy()
    dcd_ame = pd.Series(dcd.astype("datetime64[D]").astype("datetime64[M]").astype(str))
    return pd.DataFrame({
        "BEN_NIR_PSA": listed["psa"].to_numpy(dtype=object),
        "BEN_RNG_GEM": listed["rank"].to_numpy(),
        "BEN_NIR_ANO": listed["nir_ano"].to_numpy(dtype=object),
        "BEN_IDT_ANO": listed["idt_ano"].to_numpy(dtype=object),
        "BEN_IDT_TOP": listed["idt_top"].to_numpy(),
        "BEN_CDI_NIR": listed["cdi"].to_numpy(dtype=object),
        "BEN_NAI_ANN": listed["nai_ann"].to_numpy(dtype=object),
        "BEN_NAI_MOI": listed["nai_moi"].to_numpy(dtype=object),
        "BEN_SEX_COD": listed["sex_cod"].to_numpy(),
        "BEN_DCD_DTE": dcd,
        "BEN_DCD_AME": dcd_ame.str.replace("-", "", regex=False).to_numpy(dtype=object),
        "BEN_RES_DPT": listed["dpt"].to_numpy(dtype=object),
        "BEN_RES_COM": listed["com"].to_numpy(dtype=object),
        "ORG_AFF_BEN": listed["org"].to_numpy(dtype=object),
        "BEN_DTE_MAJ": np.full(len(listed), (np.datetime64(f"{last_year + 1}-03-01")
                                             - np.datetime64("1970-01-01")).astype(int)),
    })


def ir_imb_r(imb: pd.DataFrame, bens: pd.DataFrame) -> pd.DataFrame:
    ben = imb["ben"].to_numpy()
    return pd.DataFrame({
        "BEN_NIR_PSA": bens["psa"].to_numpy(dtype=object)[ben],
        "BEN_RNG_GEM": bens["rank"].to_numpy()[ben],
        "IMB_ALD_NUM": imb["num"].to_numpy(), "IMB_ALD_DTD": imb["dtd"].to_numpy(),
        "IMB_ALD_DTF": imb["dtf"].to_numpy(), "IMB_ETM_NAT": imb["etm"].to_numpy(),
        "MED_MTF_COD": imb["icd"].to_numpy(dtype=object),
        "MED_NCL_IDT": np.full(len(imb), "CIM10", dtype=object),
        "UPD_DTE": imb["upd"].to_numpy(),
    })


def pmsi_tables(stays: pd.DataFrame, diagnoses: pd.DataFrame, acts: pd.DataFrame,
                units: pd.DataFrame, bens: pd.DataFrame, persons: pd.DataFrame
                ) -> dict[str, pd.DataFrame]:
    """B, C, D, A, UM frames of all years (column `_year` = discharge year, to split files)."""
    n = len(stays)
    person = stays["person"].to_numpy()
    eta_int = stays["finess"].astype(np.int64).to_numpy()
    rsa = stays["rsa"].to_numpy()
    exit_date = stays["exit"].to_numpy()
    entry = stays["entry"].to_numpy()
    year = stays["year"].to_numpy()
    bad = stays["bad_date"].to_numpy()
    ent_dat = np.where(bad == 1, "00000000", ddmmyyyy(entry)).astype(object)
    sor_dat = np.where(bad == 2, np.char.add("3102", year.astype(str)),
                       np.where(bad == 3, "99999999", ddmmyyyy(exit_date))).astype(object)
    psa = bens["psa"].to_numpy(dtype=object)[stays["ben"].to_numpy()]
    nir = np.where(pd.notna(stays["dummy_nir"]), stays["dummy_nir"], psa).astype(object)
    bad_ret = stays["bad_return"].to_numpy()
    b = pd.DataFrame({
        "ETA_NUM": eta_int, "RSA_NUM": rsa, "DGN_PAL": stays["dp"].to_numpy(dtype=object),
        "DGN_REL": stays["dr"].to_numpy(dtype=object), "GRG_GHM": stays["ghm"].to_numpy(),
        "GHS_NUM": 1000 + (rsa % 7000), "SEJ_TYP": stays["sej_typ"].to_numpy(dtype=object),
        "SEJ_NBJ": stays["los"].to_numpy(), "NBR_SEA": stays["nbr_sea"].to_numpy(),
        "ENT_MOD": np.full(n, "8", dtype=object), "SOR_MOD": stays["sor_mod"].to_numpy(),
        "SOR_ANN": year, "SOR_MOI": exit_date.astype("datetime64[D]").astype("datetime64[M]")
        .astype(np.int64) % 12 + 1,
        "AGE_ANN": np.clip(year - persons["birth_year"].to_numpy()[person], 0, 120),
        "COD_SEX": persons["sex"].to_numpy()[person],
        "BDI_COD": np.char.add(np.char.ljust(bens["dpt"].to_numpy().astype(str)
                                             [stays["ben"].to_numpy()], 3, "0"), "10")
        .astype(object),
        "TYP_GEN_RSA": np.zeros(n, dtype=np.int64), "_year": year,
    })
    c = pd.DataFrame({
        "ETA_NUM": eta_int, "RSA_NUM": rsa, "NIR_ANO_17": nir, "EXE_SOI_DTD": entry,
        "EXE_SOI_DTF": exit_date, "ENT_DAT": ent_dat, "SOR_DAT": sor_dat,
    } | {column: np.where(bad_ret == i, "1", "0").astype(object)
         for i, column in enumerate(RETURN_CODE_COLUMNS)} | {"_year": year})
    eta_str = stays["finess"].to_numpy(dtype=object)
    rsa_str = pd.Series(rsa).astype(str).str.zfill(10).to_numpy(dtype=object)

    def child(frame: pd.DataFrame, columns: dict) -> pd.DataFrame:
        stay = frame["stay"].to_numpy()
        return pd.DataFrame({"ETA_NUM": eta_str[stay], "RSA_NUM": rsa_str[stay]} | columns
                            | {"_year": year[stay]})

    d = child(diagnoses, {"ASS_DGN": diagnoses["dgn"].to_numpy(dtype=object)})
    a = child(acts, {"CDC_ACT": acts["code"].to_numpy(dtype=object),
                     "ACV_ACT": np.full(len(acts), "1", dtype=object),
                     "ENT_DAT_DEL": acts["delay"].to_numpy(),
                     "NBR_EXE_ACT": np.ones(len(acts), dtype=np.int64)})
    um = child(units, {"UM_ORD_NUM": units["ord"].to_numpy(),
                       "DGN_PAL": units["dp"].to_numpy(dtype=object),
                       "DGN_REL": np.full(len(units), None, dtype=object),
                       "AUT_TYP1_UM": np.full(len(units), "01", dtype=object),
                       "PAR_DUR_SEJ": stays["los"].to_numpy()[units["stay"].to_numpy()]})
    return {"T_MCOaaB": b, "T_MCOaaC": c, "T_MCOaaD": d, "T_MCOaaA": a, "T_MCOaaUM": um}
