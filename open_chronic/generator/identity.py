"""Beneficiary identities of one chunk: the (BEN_NIR_PSA, BEN_RNG_GEM) pairs claims carry.

One row per pair (`ben`), whether or not IR_BEN_R lists it. Planted (snds.md §1.1, §3, P11):
persons with two PSAs sharing one BEN_NIR_ANO, same-sex twins sharing a PSA with ranks 1
and 2, provisional NIRs (kept, person id PSA‖rank), fictitious NIRs, birth year 1600, sex 0,
and PSAs used on claims but absent from IR_BEN_R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from open_chronic.generator import config
from open_chronic.generator.codes import FICTITIOUS_CDI, ORG_CLE_NUMS
from open_chronic.generator.dates import NULL_DATE, SENTINEL_1600
from open_chronic.generator.ids import pseudonyms
from open_chronic.generator.population import departements

# Kinds of person identity (exclusive).
NORMAL, PROVISIONAL, FICTITIOUS, UNKNOWN_YEAR, UNKNOWN_SEX = range(5)


def draw_identity_kind(rng: np.random.Generator, persons: pd.DataFrame) -> None:
    """Add `identity_kind`, `has_second_psa`, `has_absent_psa` (twins stay NORMAL)."""
    n = len(persons)
    u = rng.random(n)
    edges = np.cumsum([config.PROVISIONAL_NIR_RATE, config.FICTITIOUS_NIR_RATE,
                       config.UNKNOWN_BIRTH_YEAR_RATE, config.UNKNOWN_SEX_RATE])
    kind = np.searchsorted(edges, u, side="right") + 1
    kind = np.where(kind > UNKNOWN_SEX, NORMAL, kind)
    twin = persons["twin_of"].to_numpy() >= 0
    kind = np.where(twin, NORMAL, kind)
    normal = (kind == NORMAL) & ~twin
    persons["identity_kind"] = kind.astype(np.int8)
    persons["has_second_psa"] = normal & (rng.random(n) < config.MULTI_PSA_RATE)
    persons["has_absent_psa"] = normal & (rng.random(n) < config.ABSENT_PSA_RATE)


def build_bens(rng: np.random.Generator, persons: pd.DataFrame, seed: int) -> pd.DataFrame:
    """One row per (PSA, rank) used by a person, with the IR_BEN_R values it carries.

    `claim_weight` is the share of the person's claims and stays filed under that pair.
    """
    n = len(persons)
    local = np.arange(n)
    gid = persons["person_idx"].to_numpy()
    twin_of = persons["twin_of"].to_numpy()
    # Twins: the second twin uses the first twin's PSA with rank 2.
    second_twin = (twin_of >= 0) & (twin_of < local)
    psa_owner = np.where(second_twin, gid[np.maximum(twin_of, 0)], gid)
    primary = pd.DataFrame({
        "person": local, "psa": pseudonyms("P", psa_owner * 4, seed),
        "rank": np.where(second_twin, 2, 1).astype(np.int8), "slot": 0,
        "in_ir_ben": True,
    })
    second = persons["has_second_psa"].to_numpy()
    extra = pd.DataFrame({
        "person": local[second], "psa": pseudonyms("P", gid[second] * 4 + 1, seed),
        "rank": np.int8(1), "slot": 1, "in_ir_ben": True,
    })
    absent = persons["has_absent_psa"].to_numpy()
    missing = pd.DataFrame({
        "person": local[absent], "psa": pseudonyms("P", gid[absent] * 4 + 2, seed),
        "rank": np.int8(1), "slot": 2, "in_ir_ben": False,
    })
    bens = pd.concat([primary, extra, missing], ignore_index=True)
    bens = bens.sort_values(["person", "slot"], kind="stable").reset_index(drop=True)
    _fill_person_values(rng, bens, persons, seed)
    return bens


def _fill_person_values(rng: np.random.Generator, bens: pd.DataFrame, persons: pd.DataFrame,
                        seed: int) -> None:
    p = bens["person"].to_numpy()
    kind = persons["identity_kind"].to_numpy()[p]
    gid = persons["person_idx"].to_numpy()[p]
    nir_ano = pseudonyms("N", gid, seed)
    unknown_nir = (kind == PROVISIONAL) | (kind == FICTITIOUS)
    psa_rank = bens["psa"].to_numpy(dtype=object) + bens["rank"].astype(str).to_numpy(dtype=object)
    bens["nir_ano"] = np.where(unknown_nir, None, nir_ano)
    bens["idt_ano"] = np.where(unknown_nir, psa_rank, nir_ano)
    bens["idt_top"] = np.where(unknown_nir, 0, 1).astype(np.int8)
    cdi = np.full(len(bens), "00", dtype=object)
    n_prov = int((kind == PROVISIONAL).sum())
    cdi[kind == PROVISIONAL] = rng.choice(["03", "04"], size=n_prov)
    n_fict = int((kind == FICTITIOUS).sum())
    cdi[kind == FICTITIOUS] = rng.choice(np.array(FICTITIOUS_CDI, dtype=object), size=n_fict)
    bens["cdi"] = cdi
    birth_year = persons["birth_year"].to_numpy()[p]
    bens["nai_ann"] = np.where(kind == UNKNOWN_YEAR, "1600", birth_year.astype(str)).astype(object)
    bens["nai_moi"] = np.char.zfill(persons["birth_month"].to_numpy()[p].astype(str), 2) \
        .astype(object)
    bens["sex_cod"] = np.where(kind == UNKNOWN_SEX, 0, persons["sex"].to_numpy()[p]) \
        .astype(np.int8)
    death = persons["death"].to_numpy()[p]
    # The death date sits on one PSA only (snds.md §4); others keep the 1600 sentinel.
    on_this = (bens["slot"].to_numpy() == 0) | ~config.DEATH_ON_ONE_PSA_ONLY
    bens["dcd"] = np.where((death != NULL_DATE) & on_this, death, SENTINEL_1600).astype(np.int64)
    bens["dpt"] = departements().raw_codes[persons["dpt"].to_numpy()[p]]
    bens["com"] = np.char.zfill(rng.integers(1, 400, size=len(bens)).astype(str), 3) \
        .astype(object)
    bens["org"] = np.array(ORG_CLE_NUMS, dtype=object)[rng.integers(0, len(ORG_CLE_NUMS),
                                                                    size=len(bens))]
    bens["is_twin"] = persons["twin_of"].to_numpy()[p] >= 0
    bens["rgm_cod"] = np.where(kind == FICTITIOUS, 888, 1).astype(np.int16)
    bens["rgm_grg"] = np.where(kind == FICTITIOUS, 1, 1).astype(np.int8)
    weight = np.where(bens["slot"].to_numpy() == 0, 1.0, 0.4)
    bens["claim_weight"] = weight / pd.Series(weight).groupby(p).transform("sum").to_numpy()
