"""DCIR pitfalls planted at configured rates (snds.md §2 P1, P3, P4, P11; §9).

Each function adds or alters ER_PRS_F lines and returns how many rows it planted; the
expected rejections are NOT derived from this bookkeeping but recomputed from the written
rows by `truth.py`, so interactions between pitfalls are handled by the contract precedence.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from open_chronic.generator import codes, config
from open_chronic.generator.claims import flux_dates

PlantCounts = Counter


def add_complements_and_surcharges(rng: np.random.Generator, lines: pd.DataFrame,
                                   counts: PlantCounts) -> pd.DataFrame:
    """Complement (CPL_MAJ_TOP=1, kept) and surcharge (=2, rejected) lines beside visits."""
    visits = lines[lines["nat"].isin([codes.NAT_GP, codes.NAT_SPECIALIST,
                                      codes.NAT_CARDIOLOGY])]
    extra = []
    for top, nat, rate, order, pitfall in (
        (1, codes.NAT_COMPLEMENT, config.COMPLEMENT_RATE, 2, "complement_line_kept"),
        (2, codes.NAT_SURCHARGE, config.SURCHARGE_RATE, 3, "surcharge_line"),
    ):
        chosen = visits[rng.random(len(visits)) < rate].copy()
        chosen["line"] = order
        chosen["cpl_top"] = top
        chosen["nat"] = nat
        chosen["cpl_nat"] = nat
        chosen["amount"] = 5.0
        extra.append(chosen)
        counts[(pitfall, "ER_PRS_F")] += len(chosen)
    return pd.concat([lines, *extra], ignore_index=True)


def plant_info_only(rng: np.random.Generator, lines: pd.DataFrame, counts: PlantCounts) -> None:
    """DPN_QLF or PRS_DPN_QLP 71/72 on base lines (P1)."""
    chosen = (lines["line"].to_numpy() == 1) & (rng.random(len(lines)) < config.INFO_ONLY_RATE)
    value = rng.choice([71, 72], size=len(lines))
    in_qlf = rng.random(len(lines)) < 0.5
    lines["dpn"] = np.where(chosen & in_qlf, value, lines["dpn"].to_numpy())
    lines["dpn_qlp"] = np.where(chosen & ~in_qlf, value, lines["dpn_qlp"].to_numpy())
    counts[("info_only_line", "ER_PRS_F")] += int(chosen.sum())


def plant_fictitious_regime(rng: np.random.Generator, lines: pd.DataFrame,
                            counts: PlantCounts) -> None:
    """RGM_COD 888 / RGM_GRG_COD 1 on whole documents of ordinary persons (P11)."""
    doc_chosen = rng.random(int(lines["doc"].max()) + 1 if len(lines) else 0) \
        < config.FICTITIOUS_RGM_CLAIM_RATE
    chosen = doc_chosen[lines["doc"].to_numpy()]
    lines["rgm_cod"] = np.where(chosen, 888, lines["rgm_cod"].to_numpy())
    counts[("fictitious_regime_on_claim", "ER_PRS_F")] += int(chosen.sum())


def plant_regularisations(rng: np.random.Generator, lines: pd.DataFrame, counts: PlantCounts
                          ) -> pd.DataFrame:
    """Negative copies of base lines in a later flux month (P4); some followed by a corrected
    positive line in the same flux (a triple: net = the corrected quantity)."""
    base = lines[(lines["line"] == 1) & (lines["qty"] > 0)]
    original = base[rng.random(len(base)) < config.REGULARISATION_RATE]
    next_doc = int(lines["doc"].max()) + 1
    negative = original.copy()
    later = rng.integers(1, 4, size=len(original))
    dis_month_shift = later
    dis, trt = flux_dates(rng, original["flx_dis"].to_numpy(), dis_month_shift)
    negative["flx_dis"], negative["flx_trt"] = dis, trt
    negative["qty"] = -original["qty"].to_numpy()
    negative["amount"] = -original["amount"].to_numpy()
    negative["doc"] = next_doc + np.arange(len(original))
    negative["reg_role"] = "negative"
    triple = rng.random(len(original)) < config.REGULARISATION_TRIPLE_SHARE
    corrected = original[triple].copy()
    corrected["flx_dis"] = dis[triple]
    corrected["flx_trt"] = np.minimum(trt[triple] + 1, dis[triple] - 1)
    corrected_qty = np.maximum(original["qty"].to_numpy()[triple]
                               + rng.integers(-1, 2, size=int(triple.sum())), 1)
    unit = original["amount"].to_numpy()[triple] / original["qty"].to_numpy()[triple]
    corrected["qty"] = corrected_qty
    corrected["amount"] = unit * corrected_qty
    corrected["doc"] = next_doc + len(original) + np.arange(int(triple.sum()))
    corrected["reg_role"] = "corrected"
    counts[("regularisation_negative", "ER_PRS_F")] += len(negative)
    counts[("regularisation_corrected", "ER_PRS_F")] += len(corrected)
    counts[("regularisation_original", "ER_PRS_F")] += len(original)
    return pd.concat([lines, negative, corrected], ignore_index=True)
