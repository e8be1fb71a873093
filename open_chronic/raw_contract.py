"""The raw SNDS extract contract: which files the warehouse reads and their columns.

One entry per SNDS table, with the column names of the SNDS portals and the physical type the
generator writes to Parquet. Types follow the SNDS schema (indsante/schema-snds), including its
traps: several codes are integers there (CIP13, NABM, FINESS in PMSI B/C), so leading zeros are
lost and staging must restore them. This module is the single source of truth shared by the
synthetic generator, the extract inspection of the CLI and the test that checks the dbt sources.
"""

from __future__ import annotations

from dataclasses import dataclass

# Physical types used in the Parquet files (pyarrow names). CSV files carry only text.
STRING = "string"
INT8 = "int8"
INT16 = "int16"
INT32 = "int32"
INT64 = "int64"
FLOAT64 = "float64"
DATE = "date32"

# The 9 keys that join ER_PRS_F to its detail tables (snds.md §1.5).
DCIR_JOIN_KEYS: tuple[tuple[str, str], ...] = (
    ("FLX_DIS_DTD", DATE),
    ("FLX_TRT_DTD", DATE),
    ("FLX_EMT_TYP", INT16),
    ("FLX_EMT_NUM", INT32),
    ("FLX_EMT_ORD", INT32),
    ("ORG_CLE_NUM", STRING),
    ("DCT_ORD_NUM", INT64),
    ("PRS_ORD_NUM", INT32),
    ("REM_TYP_AFF", INT16),
)


@dataclass(frozen=True)
class RawTable:
    """One SNDS table of the extract.

    `per_discharge_year` tables (PMSI MCO) are split into one file per 2-digit discharge year,
    e.g. `T_MCO21B`; `name` then holds the pattern with `aa` for the year.
    """

    name: str
    columns: tuple[tuple[str, str], ...]
    key_columns: tuple[str, ...]
    per_discharge_year: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column for column, _ in self.columns)

    def file_stem(self, year: int | None = None) -> str:
        """File name without extension; PMSI tables need the discharge year."""
        if not self.per_discharge_year:
            return self.name
        if year is None:
            raise ValueError(f"{self.name} is split per discharge year: give the year")
        return self.name.replace("aa", f"{year % 100:02d}")


_PERSON_ON_CLAIM = (
    ("BEN_NIR_PSA", STRING),
    ("BEN_RNG_GEM", INT8),
    ("BEN_SEX_COD", INT8),
    ("BEN_NAI_ANN", STRING),
    ("BEN_AMA_COD", INT16),
    ("BEN_RES_DPT", STRING),
    ("BEN_RES_COM", STRING),
    ("BEN_CDI_NIR", STRING),
    ("BEN_DCD_DTE", DATE),
    ("RGM_COD", INT16),
    ("RGM_GRG_COD", INT8),
)

_PMSI_STAY_KEY_INT = (("ETA_NUM", INT64), ("RSA_NUM", INT64))
_PMSI_STAY_KEY_STR = (("ETA_NUM", STRING), ("RSA_NUM", STRING))

RAW_TABLES: tuple[RawTable, ...] = (
    RawTable(
        name="IR_BEN_R",
        columns=(
            ("BEN_NIR_PSA", STRING),
            ("BEN_RNG_GEM", INT8),
            ("BEN_NIR_ANO", STRING),
            ("BEN_IDT_ANO", STRING),
            ("BEN_IDT_TOP", INT8),
            ("BEN_CDI_NIR", STRING),
            ("BEN_NAI_ANN", STRING),
            ("BEN_NAI_MOI", STRING),
            ("BEN_SEX_COD", INT8),
            ("BEN_DCD_DTE", DATE),
            ("BEN_DCD_AME", STRING),
            ("BEN_RES_DPT", STRING),
            ("BEN_RES_COM", STRING),
            ("ORG_AFF_BEN", STRING),
            ("BEN_DTE_MAJ", DATE),
        ),
        key_columns=("BEN_NIR_PSA", "BEN_RNG_GEM"),
    ),
    RawTable(
        name="IR_IMB_R",
        columns=(
            ("BEN_NIR_PSA", STRING),
            ("BEN_RNG_GEM", INT8),
            ("IMB_ALD_NUM", INT16),
            ("IMB_ALD_DTD", DATE),
            ("IMB_ALD_DTF", DATE),
            ("IMB_ETM_NAT", INT16),
            ("MED_MTF_COD", STRING),
            ("MED_NCL_IDT", STRING),
            ("UPD_DTE", DATE),
        ),
        key_columns=("BEN_NIR_PSA", "BEN_RNG_GEM", "IMB_ETM_NAT", "MED_MTF_COD", "IMB_ALD_DTD"),
    ),
    RawTable(
        name="IR_PHA_R",
        columns=(
            ("PHA_CIP_C13", INT64),
            ("PHA_PRS_IDE", INT64),
            ("PHA_ATC_C07", STRING),
            ("PHA_ATC_C03", STRING),
            ("PHA_CND_TOP", STRING),
            ("PHA_GRS_NUM", INT32),
            ("PHA_NOM_PA", STRING),
            ("PHA_UNT_NBR", INT32),
        ),
        key_columns=("PHA_CIP_C13", "PHA_NOM_PA"),
    ),
    RawTable(
        name="ER_PRS_F",
        columns=DCIR_JOIN_KEYS
        + _PERSON_ON_CLAIM
        + (
            ("EXE_SOI_DTD", DATE),
            ("EXE_SOI_DTF", DATE),
            ("PRE_PRE_DTD", DATE),
            ("PRS_NAT_REF", INT32),
            ("BSE_PRS_NAT", INT32),
            ("CPL_PRS_NAT", INT32),
            ("CPL_MAJ_TOP", INT8),
            ("PSE_SPE_COD", INT16),
            ("PSE_ACT_NAT", INT16),
            ("PFS_EXE_NUM", STRING),
            ("PSP_SPE_COD", INT16),
            ("PFS_PRE_NUM", STRING),
            ("ETB_PRE_FIN", STRING),
            ("PRS_ACT_QTE", INT32),
            ("BSE_REM_MNT", FLOAT64),
            ("BSE_REM_BSE", FLOAT64),
            ("BSE_REM_SGN", INT8),
            ("PRS_PAI_MNT", FLOAT64),
            ("DPN_QLF", INT16),
            ("PRS_DPN_QLP", INT16),
            ("EXO_MTF", INT16),
            ("PRS_PPU_SEC", INT8),
        ),
        key_columns=tuple(column for column, _ in DCIR_JOIN_KEYS),
    ),
    RawTable(
        name="ER_PHA_F",
        columns=DCIR_JOIN_KEYS
        + (
            ("PHA_PRS_C13", INT64),
            ("PHA_PRS_IDE", INT64),
            ("PHA_ACT_QSN", INT32),
            ("PHA_ACT_PRU", FLOAT64),
        ),
        key_columns=tuple(column for column, _ in DCIR_JOIN_KEYS),
    ),
    RawTable(
        name="ER_BIO_F",
        columns=DCIR_JOIN_KEYS + (("BIO_PRS_IDE", INT32), ("BIO_ACT_QSN", INT32)),
        key_columns=tuple(column for column, _ in DCIR_JOIN_KEYS),
    ),
    RawTable(
        name="ER_CAM_F",
        columns=DCIR_JOIN_KEYS
        + (("CAM_PRS_IDE", STRING), ("CAM_ACT_COD", INT8), ("CAM_TRT_PHA", INT8)),
        key_columns=tuple(column for column, _ in DCIR_JOIN_KEYS),
    ),
    RawTable(
        name="ER_ETE_F",
        columns=DCIR_JOIN_KEYS
        + (
            ("ETB_EXE_FIN", STRING),
            ("ETE_IND_TAA", INT8),
            ("ETE_TYP_COD", INT16),
            ("ETE_GHS_NUM", INT32),
            ("ETE_NAT_FSJ", STRING),
        ),
        key_columns=tuple(column for column, _ in DCIR_JOIN_KEYS),
    ),
    RawTable(
        name="T_MCOaaB",
        columns=_PMSI_STAY_KEY_INT
        + (
            ("DGN_PAL", STRING),
            ("DGN_REL", STRING),
            ("GRG_GHM", STRING),
            ("GHS_NUM", INT32),
            ("SEJ_TYP", STRING),
            ("SEJ_NBJ", INT32),
            ("NBR_SEA", INT32),
            ("ENT_MOD", STRING),
            ("SOR_MOD", STRING),
            ("SOR_ANN", INT16),
            ("SOR_MOI", INT8),
            ("AGE_ANN", INT16),
            ("COD_SEX", INT8),
            ("BDI_COD", STRING),
            ("TYP_GEN_RSA", INT8),
        ),
        key_columns=("ETA_NUM", "RSA_NUM"),
        per_discharge_year=True,
    ),
    RawTable(
        name="T_MCOaaC",
        columns=_PMSI_STAY_KEY_INT
        + (
            ("NIR_ANO_17", STRING),
            ("EXE_SOI_DTD", DATE),
            ("EXE_SOI_DTF", DATE),
            ("ENT_DAT", STRING),
            ("SOR_DAT", STRING),
            ("NIR_RET", STRING),
            ("NAI_RET", STRING),
            ("SEX_RET", STRING),
            ("SEJ_RET", STRING),
            ("FHO_RET", STRING),
            ("PMS_RET", STRING),
            ("DAT_RET", STRING),
            ("COH_NAI_RET", STRING),
            ("COH_SEX_RET", STRING),
        ),
        key_columns=("ETA_NUM", "RSA_NUM"),
        per_discharge_year=True,
    ),
    RawTable(
        name="T_MCOaaD",
        columns=_PMSI_STAY_KEY_STR + (("ASS_DGN", STRING),),
        key_columns=("ETA_NUM", "RSA_NUM", "ASS_DGN"),
        per_discharge_year=True,
    ),
    RawTable(
        name="T_MCOaaA",
        columns=_PMSI_STAY_KEY_STR
        + (
            ("CDC_ACT", STRING),
            ("ACV_ACT", STRING),
            ("ENT_DAT_DEL", INT32),
            ("NBR_EXE_ACT", INT32),
        ),
        key_columns=("ETA_NUM", "RSA_NUM", "CDC_ACT", "ENT_DAT_DEL"),
        per_discharge_year=True,
    ),
    RawTable(
        name="T_MCOaaUM",
        columns=_PMSI_STAY_KEY_STR
        + (
            ("UM_ORD_NUM", INT16),
            ("DGN_PAL", STRING),
            ("DGN_REL", STRING),
            ("AUT_TYP1_UM", STRING),
            ("PAR_DUR_SEJ", INT32),
        ),
        key_columns=("ETA_NUM", "RSA_NUM", "UM_ORD_NUM"),
        per_discharge_year=True,
    ),
)

RAW_TABLES_BY_NAME: dict[str, RawTable] = {table.name: table for table in RAW_TABLES}
