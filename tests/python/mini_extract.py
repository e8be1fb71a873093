"""A hand-written SNDS mini extract: a few persons whose care is spelled out line by line.

Tests describe each person's care with the helpers below, in the SNDS column names; the
builder fills the 9 DCIR join keys, the flux dates (the month after the care) and every column
a test does not care about, and writes the raw files of the contract
(`open_chronic/raw_contract.py`) as Parquet. Expected warehouse results are then worked out by
hand from the description, never read back from the warehouse.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from open_chronic.generator.codes import CCAM_ECG, CCAM_FUNDUS, DRUGS_BY_KEY
from open_chronic.generator.referentials import pharmacy_referential
from open_chronic.generator.writer import contract_schema, to_arrow
from open_chronic.raw_contract import RAW_TABLES_BY_NAME

GP_SPECIALTY = 1
CARDIOLOGY = 3
OPHTHALMOLOGY = 15


def _first_of_next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


@dataclass
class MiniPerson:
    """One beneficiary of the mini extract (one pseudonym, birth rank 1, normal NIR)."""

    psa: str
    sex: int
    birth_year: int
    departement: str  # canonical (`75`, `2A`, `971`)
    death: date | None = None
    nir_quality: str = "00"

    @property
    def raw_departement(self) -> str:
        return self.departement.rjust(3, "0")

    @property
    def person_id(self) -> str:
        """The warehouse's person_id: BEN_IDT_ANO, written as the reversed pseudonym."""
        return self.psa[::-1]


@dataclass
class MiniExtract:
    """Accumulates raw rows per table; `write` produces the extract directory."""

    persons: list[MiniPerson] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=dict)
    _documents: itertools.count = field(default_factory=lambda: itertools.count(1))
    _stays: itertools.count = field(default_factory=lambda: itertools.count(1))

    def person(self, psa: str, sex: int, birth_year: int, departement: str,
               death: date | None = None, nir_quality: str = "00") -> MiniPerson:
        """A beneficiary; `nir_quality` is BEN_CDI_NIR ('05' = fictitious, rejected)."""
        person = MiniPerson(psa.ljust(17, "0")[:17], sex, birth_year, departement, death,
                            nir_quality)
        self.persons.append(person)
        self._add("IR_BEN_R", {
            "BEN_NIR_PSA": person.psa, "BEN_RNG_GEM": 1, "BEN_NIR_ANO": person.psa[::-1],
            "BEN_IDT_ANO": person.psa[::-1], "BEN_IDT_TOP": 1, "BEN_CDI_NIR": nir_quality,
            "BEN_NAI_ANN": str(birth_year), "BEN_NAI_MOI": "06", "BEN_SEX_COD": sex,
            "BEN_DCD_DTE": death or date(1600, 1, 1),
            "BEN_DCD_AME": death.strftime("%Y%m") if death else "160001",
            "BEN_RES_DPT": person.raw_departement, "BEN_RES_COM": "001",
            "ORG_AFF_BEN": "01C751000", "BEN_DTE_MAJ": date(2023, 3, 1),
        })
        return person

    # --- city care (DCIR) -----------------------------------------------------------------

    def claim(self, person: MiniPerson, care: date, nature: int, specialty: int = 0,
              activity: int = 1, quantity: int = 1) -> dict:
        """One ER_PRS_F base line; returns its 9 keys for the detail lines."""
        flux = _first_of_next_month(care)
        keys = {
            "FLX_DIS_DTD": flux, "FLX_TRT_DTD": flux - timedelta(days=3), "FLX_EMT_TYP": 1,
            "FLX_EMT_NUM": 1, "FLX_EMT_ORD": 0, "ORG_CLE_NUM": "01C751000",
            "DCT_ORD_NUM": next(self._documents), "PRS_ORD_NUM": 1, "REM_TYP_AFF": 1,
        }
        self._add("ER_PRS_F", {
            **keys, "BEN_NIR_PSA": person.psa, "BEN_RNG_GEM": 1, "BEN_SEX_COD": person.sex,
            "BEN_NAI_ANN": str(person.birth_year), "BEN_RES_DPT": person.raw_departement,
            "BEN_RES_COM": "001", "BEN_CDI_NIR": person.nir_quality,
            "BEN_DCD_DTE": date(1600, 1, 1),
            "RGM_COD": 1, "RGM_GRG_COD": 1, "EXE_SOI_DTD": care, "EXE_SOI_DTF": care,
            "PRS_NAT_REF": nature, "BSE_PRS_NAT": nature, "CPL_PRS_NAT": 0, "CPL_MAJ_TOP": 0,
            "PSE_SPE_COD": specialty, "PSE_ACT_NAT": activity, "PFS_EXE_NUM": "751234567",
            "PRS_ACT_QTE": quantity, "BSE_REM_MNT": 25.0, "BSE_REM_BSE": 25.0,
            "BSE_REM_SGN": 1, "PRS_PAI_MNT": 25.0, "DPN_QLF": 0, "PRS_DPN_QLP": 0,
            "EXO_MTF": 0, "PRS_PPU_SEC": 2,
        })
        return keys

    def gp_visit(self, person: MiniPerson, care: date) -> None:
        self.claim(person, care, nature=1111, specialty=GP_SPECIALTY)

    def specialist_visit(self, person: MiniPerson, care: date, specialty: int) -> None:
        nature = 1114 if specialty == CARDIOLOGY else 1112
        self.claim(person, care, nature=nature, specialty=specialty)

    def dentist_visit(self, person: MiniPerson, care: date) -> None:
        self.claim(person, care, nature=1351, specialty=0, activity=19)

    def dispensing(self, person: MiniPerson, care: date, drug_key: str, boxes: int = 1) -> None:
        """`boxes` boxes of a drug of DRUGS_BY_KEY; a `*_gc` key is a large (90-day) pack."""
        keys = self.claim(person, care, nature=3313, activity=50, quantity=boxes)
        cip13 = DRUGS_BY_KEY[drug_key].cip13
        self._add("ER_PHA_F", {**keys, "PHA_PRS_C13": int(cip13),
                               "PHA_PRS_IDE": int(cip13[5:12]), "PHA_ACT_QSN": boxes,
                               "PHA_ACT_PRU": 5.0})

    def lab_test(self, person: MiniPerson, care: date, nabm: int) -> None:
        keys = self.claim(person, care, nature=3211, activity=30)
        self._add("ER_BIO_F", {**keys, "BIO_PRS_IDE": nabm, "BIO_ACT_QSN": 1})

    def city_act(self, person: MiniPerson, care: date, ccam: str, specialty: int) -> None:
        keys = self.claim(person, care, nature=1351, specialty=specialty)
        self._add("ER_CAM_F", {**keys, "CAM_PRS_IDE": ccam, "CAM_ACT_COD": 1,
                               "CAM_TRT_PHA": 0})

    def ecg(self, person: MiniPerson, care: date) -> None:
        """A city ECG (CCAM DEQP003) billed by a cardiologist: an act, not a visit."""
        self.city_act(person, care, CCAM_ECG, specialty=CARDIOLOGY)

    def fundus_exam(self, person: MiniPerson, care: date) -> None:
        """A city fundus examination (CCAM BGQP002) billed by an ophthalmologist."""
        self.city_act(person, care, CCAM_FUNDUS, specialty=OPHTHALMOLOGY)

    # --- hospital (PMSI MCO) and referentials ---------------------------------------------

    def stay(self, person: MiniPerson, entry: date, discharge: date, main_diagnosis: str,
             related_diagnosis: str | None = None, associated: tuple[str, ...] = (),
             acts: tuple[tuple[str, int], ...] = (), died: bool = False) -> None:
        """One MCO stay (B, C, one UM row, D rows; A rows: (CCAM, days after entry))."""
        year = discharge.year
        eta, rsa = 750712184, next(self._stays)
        self._add(f"T_MCOaaB:{year}", {
            "ETA_NUM": eta, "RSA_NUM": rsa, "DGN_PAL": main_diagnosis,
            "DGN_REL": related_diagnosis, "GRG_GHM": "05M092", "GHS_NUM": 1234,
            "SEJ_TYP": None, "SEJ_NBJ": (discharge - entry).days, "NBR_SEA": 0,
            "ENT_MOD": "8", "SOR_MOD": "9" if died else "8", "SOR_ANN": year,
            "SOR_MOI": discharge.month, "AGE_ANN": year - person.birth_year,
            "COD_SEX": person.sex, "BDI_COD": person.raw_departement, "TYP_GEN_RSA": 0,
        })
        ok = "0"
        self._add(f"T_MCOaaC:{year}", {
            "ETA_NUM": eta, "RSA_NUM": rsa, "NIR_ANO_17": person.psa,
            "EXE_SOI_DTD": entry, "EXE_SOI_DTF": discharge,
            "ENT_DAT": entry.strftime("%d%m%Y"), "SOR_DAT": discharge.strftime("%d%m%Y"),
            "NIR_RET": ok, "NAI_RET": ok, "SEX_RET": ok, "SEJ_RET": ok, "FHO_RET": ok,
            "PMS_RET": ok, "DAT_RET": ok, "COH_NAI_RET": ok, "COH_SEX_RET": ok,
        })
        for code in associated:
            self._add(f"T_MCOaaD:{year}", {"ETA_NUM": str(eta), "RSA_NUM": str(rsa),
                                           "ASS_DGN": code})
        for ccam, delay in acts:
            self._add(f"T_MCOaaA:{year}", {"ETA_NUM": str(eta), "RSA_NUM": str(rsa),
                                           "CDC_ACT": ccam, "ACV_ACT": "1",
                                           "ENT_DAT_DEL": delay, "NBR_EXE_ACT": 1})
        self._add(f"T_MCOaaUM:{year}", {
            "ETA_NUM": str(eta), "RSA_NUM": str(rsa), "UM_ORD_NUM": 1,
            "DGN_PAL": main_diagnosis, "DGN_REL": related_diagnosis, "AUT_TYP1_UM": "01",
            "PAR_DUR_SEJ": (discharge - entry).days,
        })

    def ald(self, person: MiniPerson, icd10: str, start: date, end: date | None = None) -> None:
        self._add("IR_IMB_R", {
            "BEN_NIR_PSA": person.psa, "BEN_RNG_GEM": 1, "IMB_ALD_NUM": 8,
            "IMB_ALD_DTD": start, "IMB_ALD_DTF": end or date(1600, 1, 1), "IMB_ETM_NAT": 41,
            "MED_MTF_COD": icd10, "MED_NCL_IDT": "CIM10", "UPD_DTE": date(2023, 3, 1),
        })

    # --- writing --------------------------------------------------------------------------

    def _add(self, table: str, row: dict) -> None:
        self.rows.setdefault(table, []).append(row)

    def write(self, out_dir: Path, years: range) -> Path:
        """Write every contract file (empty where no row was described) for `years`."""
        out_dir.mkdir(parents=True, exist_ok=True)
        referential = to_arrow(pharmacy_referential(),
                               contract_schema(RAW_TABLES_BY_NAME["IR_PHA_R"]))
        pq.write_table(referential, out_dir / "IR_PHA_R.parquet")
        for table in RAW_TABLES_BY_NAME.values():
            if table.name == "IR_PHA_R":
                continue
            schema = contract_schema(table)
            for year in (years if table.per_discharge_year else [None]):
                key = f"{table.name}:{year}" if year else table.name
                rows = [{name: row.get(name) for name in schema.names}
                        for row in self.rows.get(key, [])]
                pq.write_table(pa.Table.from_pylist(rows, schema=schema),
                               out_dir / f"{table.file_stem(year)}.parquet")
        return out_dir
