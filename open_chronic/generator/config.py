"""Rates of the planted pitfalls and fixed parameters of the generator.

Pitfall rates are shares of the rows (or persons) they apply to; tests compare the planted
counts in `_truth/pitfall_counts.parquet` with these rates. Values follow snds.md §2, §3, §9
where it gives a figure; otherwise they are small, chosen so that a 2,000-person extract holds
every pitfall.
"""

from __future__ import annotations

# Persons per chunk: identity and netting are per person, so a person never spans chunks.
CHUNK_PERSONS = 25_000

# Staging rejects a claim whose flux month is on or after month 1 + this of the year after
# the care year (1 July Y+1 by default; contract `flux_beyond_window`).
FLUX_MONTHS_AFTER_CARE_YEAR = 6
# Care before the study starts (rejected `care_outside_study_period`) begins this many
# months before 1 January of the first year.
PRE_STUDY_MONTHS = 2

# Flux lag in months after the care month: ~99 % <= 6, tail up to 27 (snds.md P5).
FLUX_LAG_PROBS = (0.55, 0.25, 0.10, 0.05, 0.03, 0.01)
FLUX_LAG_TAIL_MAX = 27

# --- identity (shares of persons) ---
MULTI_PSA_RATE = 0.10          # persons with 2 PSAs (same BEN_NIR_ANO)
TWIN_PAIR_RATE = 0.004         # persons who are one of a same-sex twin pair sharing a PSA
PROVISIONAL_NIR_RATE = 0.01    # BEN_CDI_NIR 03/04, BEN_NIR_ANO NULL, kept
FICTITIOUS_NIR_RATE = 0.005    # BEN_CDI_NIR 01/05-15 on IR_BEN_R and claims
UNKNOWN_BIRTH_YEAR_RATE = 0.002
UNKNOWN_SEX_RATE = 0.002
ABSENT_PSA_RATE = 0.01         # persons with claims under a PSA missing from IR_BEN_R
DEATH_ON_ONE_PSA_ONLY = True   # other PSAs of a dead person keep 1600-01-01

# --- DCIR (shares of ER_PRS_F base lines) ---
INFO_ONLY_RATE = 0.01          # DPN_QLF / PRS_DPN_QLP 71 or 72
REGULARISATION_RATE = 0.015    # lines given a negative copy in a later flux
REGULARISATION_TRIPLE_SHARE = 0.4  # of those, a corrected positive line follows
SURCHARGE_RATE = 0.04          # CPL_MAJ_TOP=2 line beside a consultation
COMPLEMENT_RATE = 0.05         # CPL_MAJ_TOP=1 line (kept)
FICTITIOUS_RGM_CLAIM_RATE = 0.001  # RGM_COD 888 / RGM_GRG_COD 1 on a claim
PUBLIC_HOSPITAL_SHARE = 0.35   # of establishment (ER_ETE_F) lines, ETE_IND_TAA = 1

# --- PMSI (shares of stays) ---
DUMMY_NIR_RATE = 0.004
BAD_RETURN_CODE_RATE = 0.01
DUPLICATE_FINESS_RATE = 0.02
GHM_90_RATE = 0.004
SEJ_TYP_B_RATE = 0.005
UNPARSABLE_DATE_RATE = 0.002

# --- ALD ---
ALD_2099_SHARE = 0.105         # of all IR_IMB_R rows, IMB_ALD_DTF = 2099-12-31 (snds.md §1.2)
# Share drawn on the first ALD row of a holder: renewals and non-ALD rows dilute it.
ALD_2099_DRAW_SHARE = 0.145
ALD_UNUSED_SHARE = 0.16        # holders without any exempted claim (snds.md §5)
NON_ALD_EXEMPTION_RATE = 0.01  # persons with an IMB_ETM_NAT 11/12/13 row
