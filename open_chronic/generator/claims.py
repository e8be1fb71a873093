"""DCIR mechanics: turn care events into ER_PRS_F lines with flux dates and the 9 keys.

Each event is one document (DCT_ORD_NUM unique in the extract: chunk × 10^10 + document);
its lines are numbered by PRS_ORD_NUM, so the 9 keys are unique by construction. The flux
month follows the care month after a lag of 1..6 months for ~99 % of documents and up to
27 months in the tail (snds.md P5); FLX_TRT_DTD is a day of the month before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from open_chronic.generator import codes, config
from open_chronic.generator.dates import month_index, month_start
from open_chronic.generator.events import ETE_PRIVATE, ETE_PUBLIC

DOCUMENTS_PER_CHUNK = 10 ** 10


def assign_beneficiary(rng: np.random.Generator, person: np.ndarray, bens: pd.DataFrame
                       ) -> np.ndarray:
    """Index in `bens` of the (PSA, rank) each line of `person` is filed under."""
    owner = bens["person"].to_numpy()
    first = np.searchsorted(owner, person, side="left")
    count = np.searchsorted(owner, person, side="right") - first
    cumulative = bens.groupby("person", sort=False)["claim_weight"].cumsum().to_numpy()
    u = rng.random(len(person))
    offset = np.zeros(len(person), dtype=np.int64)
    for k in range(2):
        step = (k + 1 < count) & (u > cumulative[np.minimum(first + k, len(owner) - 1)])
        offset += step & (offset == k)
    return first + offset


def flux_lag_months(rng: np.random.Generator, n: int) -> np.ndarray:
    probs = np.array(config.FLUX_LAG_PROBS)
    lag = rng.choice(np.arange(1, len(probs) + 1), size=n, p=probs / probs.sum())
    tail = rng.random(n) < 1.0 - sum(config.FLUX_LAG_PROBS)
    tail_lag = rng.integers(len(probs) + 1, config.FLUX_LAG_TAIL_MAX + 1, size=n)
    return np.where(tail, tail_lag, lag)


def flux_dates(rng: np.random.Generator, care_date: np.ndarray, lag_months: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """(FLX_DIS_DTD, FLX_TRT_DTD): first day of the flux month, a day of the month before."""
    dis = month_start(month_index(care_date) + lag_months)
    trt = dis - rng.integers(1, 29, size=len(dis))
    return dis, trt


def base_lines(rng: np.random.Generator, events: pd.DataFrame, bens: pd.DataFrame,
               chunk_id: int) -> pd.DataFrame:
    """One ER_PRS_F line per event (PRS_ORD_NUM 1), in its own document."""
    n = len(events)
    lines = events.copy()
    lines["ben"] = assign_beneficiary(rng, events["person"].to_numpy(), bens)
    lines["doc"] = np.arange(n, dtype=np.int64)
    lines["line"] = np.int64(1)
    lines["cpl_top"] = np.int64(0)
    lines["bse_nat"] = lines["nat"]
    lines["cpl_nat"] = np.int64(0)
    lines["dpn"] = np.int64(0)
    lines["dpn_qlp"] = np.int64(0)
    ben_rgm = bens["rgm_cod"].to_numpy()[lines["ben"].to_numpy()]
    lines["rgm_cod"] = ben_rgm.astype(np.int64)
    lines["rgm_grg"] = np.int64(1)
    dis, trt = flux_dates(rng, events["date"].to_numpy(), flux_lag_months(rng, n))
    lines["flx_dis"], lines["flx_trt"] = dis, trt
    lines["emt_typ"] = np.int64(1)
    lines["emt_num"] = rng.integers(1, 999, size=n)
    lines["emt_ord"] = rng.integers(0, 50, size=n)
    lines["rem_typ"] = np.int64(1)
    lines["chunk"] = np.int64(chunk_id)
    lines["ete_fin"] = _establishment(rng, lines)
    return lines


def _establishment(rng: np.random.Generator, lines: pd.DataFrame) -> np.ndarray:
    """Index in `codes.ESTABLISHMENT_FINESS` (-1: none); a dialysis patient keeps one centre."""
    ete = lines["ete"].to_numpy()
    n = len(lines)
    n_public, n_private = len(codes.PUBLIC_FINESS), len(codes.PRIVATE_FINESS)
    public = rng.integers(0, n_public, n)
    private = n_public + rng.integers(0, n_private, n)
    centre = n_public + lines["person"].to_numpy() % n_private
    dialysis = lines["ccam"].to_numpy() == codes.CCAM_INDEX[codes.CCAM_HAEMODIALYSIS]
    return np.select([ete == ETE_PUBLIC, dialysis, ete == ETE_PRIVATE],
                     [public, centre, private], -1)


def document_number(lines: pd.DataFrame) -> np.ndarray:
    """DCT_ORD_NUM: unique over the extract."""
    return lines["chunk"].to_numpy() * DOCUMENTS_PER_CHUNK + lines["doc"].to_numpy()
