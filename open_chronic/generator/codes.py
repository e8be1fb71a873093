"""Code lists the generator draws from: drugs, lab tests, CCAM acts, ICD-10, FINESS.

Codes come from snds.md (§1, §5–§7) and the SNDS nomenclatures. Each drug is one product
(CIP13 + label) of the IR_PHA_R referential the generator writes; care generation refers to
drugs by a short `key`. CIP13 are real-looking (`34009…`) except a few planted with a leading
`0`, which the int64 Parquet type loses (snds.md P14).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Drug:
    """One pharmacy product; `pack` is PHA_CND_TOP ('GC' = 3-month large pack)."""

    key: str
    atc: str
    label: str
    pack: str
    units: int
    price: float
    cip13: str


def _cip(serial: int) -> str:
    return f"34009{serial:08d}"


# LIMITATION: labels and CIP13 serials are plausible, not the real ANSM products.
DRUGS: tuple[Drug, ...] = (
    Drug("metformin", "A10BA02", "METFORMINE 1000MG CPR", "PC", 30, 3.10, _cip(30012871)),
    Drug("metformin_gc", "A10BA02", "METFORMINE 1000MG CPR B90", "GC", 90, 8.40, _cip(30012872)),
    Drug("sulfonylurea", "A10BB09", "GLICLAZIDE 60MG CPR LM", "PC", 30, 4.20, _cip(30021455)),
    Drug("sulfonylurea_gc", "A10BB09", "GLICLAZIDE 60MG CPR LM B90", "GC", 90, 11.9,
         _cip(30021456)),
    Drug("dpp4", "A10BH01", "SITAGLIPTINE 100MG CPR", "PC", 28, 28.50, _cip(30078812)),
    Drug("dpp4_gc", "A10BH01", "SITAGLIPTINE 100MG CPR B84", "GC", 84, 81.20, _cip(30078813)),
    Drug("glp1", "A10BJ06", "SEMAGLUTIDE 1MG STYLO", "PC", 4, 73.00, _cip(30121563)),
    Drug("sglt2", "A10BK01", "DAPAGLIFLOZINE 10MG CPR", "PC", 30, 36.10, _cip(30115090)),
    Drug("insulin_basal", "A10AE04", "INSULINE GLARGINE 100U/ML STYLO", "PC", 5, 49.80,
         _cip(30055431)),
    Drug("insulin_rapid", "A10AB05", "INSULINE ASPART 100U/ML STYLO", "PC", 5, 38.70,
         _cip(30055782)),
    Drug("benfluorex", "A10BX06", "BENFLUOREX 150MG CPR", "PC", 30, 9.90, _cip(30035510)),
    Drug("saba", "R03AC02", "SALBUTAMOL 100UG SUSP INHAL", "PC", 1, 3.90, "0340093005401"),
    Drug("ics_laba", "R03AK06", "SALMETEROL/FLUTICASONE 50/250 INHAL", "PC", 1, 32.40,
         _cip(30045218)),
    Drug("lama", "R03BB04", "TIOTROPIUM 18UG GELULE INHAL", "PC", 30, 38.20, _cip(30046890)),
    Drug("loop_diuretic", "C03CA01", "FUROSÉMIDE 40MG CPR", "PC", 30, 2.80, _cip(30008123)),
    Drug("loop_diuretic_gc", "C03CA01", "FUROSEMIDE 40MG CPR B90", "GC", 90, 7.60,
         _cip(30008124)),
    Drug("acei", "C09AA05", "RAMIPRIL 5MG CPR", "PC", 30, 4.50, _cip(30031177)),
    Drug("acei_gc", "C09AA05", "RAMIPRIL 5MG CPR B90", "GC", 90, 12.30, _cip(30031178)),
    Drug("arb", "C09CA01", "LOSARTAN 50MG CPR", "PC", 30, 5.10, _cip(30033420)),
    Drug("beta_blocker", "C07AB07", "BISOPROLOL 5MG CPR", "PC", 30, 3.90, _cip(30026615)),
    Drug("beta_blocker_gc", "C07AB07", "BISOPROLOL 5MG CPR B90", "GC", 90, 10.50,
         _cip(30026616)),
    Drug("mra", "C03DA01", "SPIRONOLACTONE 25MG CPR", "PC", 30, 3.20, _cip(30019954)),
    Drug("arni", "C09DX04", "SACUBITRIL/VALSARTAN 49/51MG CPR", "PC", 56, 97.40,
         _cip(30104475)),
    Drug("statin", "C10AA05", "ATORVASTATINE 20MG CPR", "PC", 30, 7.90, _cip(30060126)),
    Drug("statin_gc", "C10AA05", "ATORVASTATINE 20MG CPR B90", "GC", 90, 21.80,
         "0340093006012"),
    Drug("statin_simva", "C10AA01", "SIMVASTATINE 20MG CPR", "PC", 28, 5.40, _cip(30062230)),
    Drug("aspirin", "B01AC06", "ACIDE ACÉTYLSALICYLIQUE 75MG SACHET", "PC", 30, 2.40,
         _cip(30050211)),
    Drug("clopidogrel", "B01AC04", "CLOPIDOGREL 75MG CPR", "PC", 30, 6.80, _cip(30058871)),
    Drug("amlodipine", "C08CA01", "AMLODIPINE 5MG CPR", "PC", 30, 3.30, _cip(30028812)),
    Drug("amoxicillin", "J01CA04", "AMOXICILLINE 1G CPR", "PC", 6, 2.60, _cip(30002145)),
    Drug("paracetamol", "N02BE01", "PARACÉTAMOL 1G CPR", "PC", 8, 1.90, "0340093000419"),
    Drug("ibuprofen", "M01AE01", "IBUPROFENE 400MG CPR", "PC", 30, 2.20, _cip(30004412)),
    Drug("omeprazole", "A02BC01", "OMEPRAZOLE 20MG GELULE", "PC", 28, 4.10, _cip(30017721)),
    Drug("alprazolam", "N05BA12", "ALPRAZOLAM 0.25MG CPR", "PC", 30, 1.70, _cip(30009987)),
    Drug("prednisolone", "H02AB06", "PREDNISOLONE 20MG CPR", "PC", 20, 3.10, _cip(30011554)),
    Drug("cetirizine", "R06AE07", "CETIRIZINE 10MG CPR", "PC", 15, 1.80, _cip(30013310)),
    Drug("levothyroxine", "H03AA01", "LÉVOTHYROXINE 75µG CPR", "PC", 30, 2.10, _cip(30040071)),
)
DRUGS_BY_KEY: dict[str, Drug] = {drug.key: drug for drug in DRUGS}
DRUG_INDEX: dict[str, int] = {drug.key: index for index, drug in enumerate(DRUGS)}

ACUTE_DRUGS = ("amoxicillin", "paracetamol", "ibuprofen", "omeprazole", "alprazolam",
               "prednisolone", "cetirizine", "levothyroxine")

# IR_PHA_R rows listed twice with a later-sorting second label (snds.md §9; contract).
DUPLICATED_CIP13_KEYS = ("metformin", "paracetamol", "beta_blocker")
DUPLICATE_LABEL_SUFFIX = " (LIBELLE ANCIEN)"

# Lab tests (NABM, stored as integers: 0592 -> 592).
NABM_HBA1C = 1577
NABM_CREATININE = 592
NABM_URINE_ALBUMIN = 1133
NABM_LIPIDS = 996
NABM_ROUTINE = (1104, 552, 1208, 593, 1806, 1127)

# CCAM acts.
CCAM_FUNDUS = "BGQP002"
CCAM_ECG = "DEQP003"
CCAM_HAEMODIALYSIS = "JVJF004"
CCAM_ROUTINE = ("ZBQK002", "QZFA031", "YYYY600", "NKQK001", "ZCQM001")
CCAM_DENTAL = ("HBJD001", "HBBD005", "HBMD043")

# IR_NAT_V natures (PRS_NAT_REF).
NAT_GP = 1111
NAT_SPECIALIST = 1112
NAT_CARDIOLOGY = 1114
NAT_CCAM = 1351
NAT_NURSE = 3111
NAT_LAB = 3211
NAT_PHARMACY = (3311, 3313, 3341)
NAT_COMPLEMENT = 1912
NAT_SURCHARGE = 1115
# LIMITATION: complement/surcharge natures are plausible IR_NAT_V codes, not checked.

# IR_SPE_V specialties and IR_ACT_V activities.
SPE_GP = (1, 22, 23)
SPE_CARDIO, SPE_PNEUMO, SPE_OPHTHALMO, SPE_NEPHRO, SPE_ENDOCRINO = 3, 13, 15, 35, 42
SPE_OTHER = (2, 4, 7, 12, 14)
ACT_PHYSICIAN, ACT_DENTIST, ACT_NURSE, ACT_LAB, ACT_PHARMACY = 1, 19, 24, 30, 50

# ICD-10 codes, canonical (no dot).
ICD_DIABETES_ALD = ("E119", "E117", "E110", "E109", "E112")
ICD_HF_ALD = ("I500", "I501", "I509")
ICD_CORONARY_ALD = ("I251", "I255", "I209", "I258")
ICD_RESPIRATORY_ALD = ("J450", "J459", "J439", "J961")
ICD_ESRD_ALD = ("N185",)
ICD_BENIGN_DP = ("K802", "S7200", "J189", "R072", "K359", "N390", "M170", "C509", "R55",
                 "K564", "S0600", "H251", "O800", "I480", "A099", "M545")
ICD_BENIGN_DAS = ("I10", "E660", "Z8671", "F329", "E785", "K219", "D649", "Z921", "F172")
ICD_DIABETES_COMPLICATION_DP = ("G632", "H360", "L97", "I792", "N083")
ICD_NON_ALD_WORK = ("S8260", "M545", "F329", "M751", "J440")

# FINESS: the 46 duplicated AP-HP/AP-HM/HCL geographic entities (snds.md P6).
DUPLICATE_FINESS = (
    "130780521", "130783236", "130783293", "130784234", "130804297", "600100101",
    "750041543", "750100018", "750100042", "750100075", "750100083", "750100091",
    "750100109", "750100125", "750100166", "750100208", "750100216", "750100232",
    "750100273", "750100299", "750801441", "750803447", "750803454", "910100015",
    "910100023", "920100013", "920100021", "920100039", "920100047", "920100054",
    "920100062", "930100011", "930100037", "930100045", "940100027", "940100035",
    "940100043", "940100050", "940100068", "950100016", "690783154", "690784137",
    "690784152", "690784178", "690787478", "830100558",
)
# LIMITATION: plausible FINESS of public hospitals and private clinics; several start with
# `0`, which the int64 ETA_NUM of PMSI B/C loses.
PUBLIC_FINESS = ("750712184", "130786049", "690781810", "010780054", "330781196",
                 "590780193", "310781406", "440000289", "670780055", "060785011",
                 "020000261", "350005179", "540023264", "970100228")
PRIVATE_FINESS = ("750300360", "130784051", "690000880", "330000795", "060000528",
                  "010000594", "310000112", "440001006", "670000470", "590000394")

GHM_BY_KIND = {
    "benign": ("06C04J", "08C48J", "04M05T", "11M04T", "01M12T", "14Z14A", "05M09T"),
    "heart_failure": ("05M091", "05M092", "05M093"),
    "coronary": ("05K061", "05M041", "05K101"),
    "diabetes": ("10M021", "10M022", "09M051"),
    "respiratory": ("04M081", "04M082", "04M201"),
    "dialysis": ("28Z04Z",),
}

# Caisses (ORG_CLE_NUM) and dummy PMSI pseudonyms.
ORG_CLE_NUMS = tuple(f"01C{dpt:03d}{suffix}" for dpt in range(1, 96, 7) for suffix in ("000",))
DUMMY_NIR_ANO_17 = ("xxxxxxxxxxxxxxxxx", "XXXXXXXXXXXXXXXXD")
FICTITIOUS_CDI = ("01", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15")

# Integer codes for the frames (strings only at write time): index in these tuples, -1 = none.
CCAM_CODES = (CCAM_FUNDUS, CCAM_ECG, CCAM_HAEMODIALYSIS) + CCAM_ROUTINE + CCAM_DENTAL
CCAM_INDEX: dict[str, int] = {"": -1} | {code: index for index, code in enumerate(CCAM_CODES)}
ESTABLISHMENT_FINESS = PUBLIC_FINESS + PRIVATE_FINESS
