"""Vectorised draws of care dates for many persons at once.

A care "event" is one billed line before DCIR mechanics (flux, keys, pitfalls) are added:
who, when, what (nature, professional, detail code), how much. Care modules build events
with `event_frame`; `claims.py` turns them into ER_PRS_F rows and detail rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from open_chronic.generator.codes import CCAM_INDEX

EVENT_DEFAULTS = {
    "spe": 0, "act": 1, "drug": -1, "nabm": -1, "ccam": -1, "qty": 1, "amount": 25.0,
    "ete": 0, "exo": False, "pfs": 0,
}
ETE_NONE, ETE_PUBLIC, ETE_PRIVATE = 0, 1, 2


def poisson_dates(rng: np.random.Generator, rate_per_year: np.ndarray, start: np.ndarray,
                  end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(person index, date) of a Poisson process per person on [start, end] (inclusive)."""
    span = np.maximum(end - start + 1, 0)
    counts = rng.poisson(np.maximum(rate_per_year, 0) * span / 365.25)
    person = np.repeat(np.arange(len(span)), counts)
    date = start[person] + np.floor(rng.random(len(person)) * span[person]).astype(np.int64)
    return person, date


def periodic_dates(rng: np.random.Generator, interval: np.ndarray, start: np.ndarray,
                   end: np.ndarray, jitter: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """(person index, date) every `interval` days from a random phase, with +-jitter days."""
    interval = np.maximum(np.broadcast_to(interval, start.shape).astype(np.int64), 1)
    phase = np.floor(rng.random(len(start))
                     * interval).astype(np.int64)
    first = start + phase
    counts = np.where(end >= first, (end - first) // interval + 1, 0)
    person = np.repeat(np.arange(len(start)), counts)
    offsets = np.arange(len(person)) - np.repeat(np.cumsum(counts) - counts, counts)
    date = first[person] + offsets * interval[person]
    if jitter:
        date = date + rng.integers(-jitter, jitter + 1, size=len(date))
    date = np.clip(date, start[person], end[person])
    return person, date


def ccam_index(codes_: object) -> np.ndarray | int:
    """CCAM code(s) → index in `codes.CCAM_CODES` (-1 for none)."""
    if np.ndim(codes_) == 0:
        return CCAM_INDEX[str(codes_)]
    return pd.Series(np.asarray(codes_, dtype=object)).map(CCAM_INDEX).to_numpy(np.int64)


def event_frame(person: np.ndarray, date: np.ndarray, nat, **columns) -> pd.DataFrame:
    """Events with defaults for the columns not given (scalars are broadcast)."""
    n = len(person)
    data = {"person": person.astype(np.int64), "date": date.astype(np.int64),
            "nat": np.broadcast_to(np.asarray(nat, dtype=np.int64), (n,))}
    if "ccam" in columns:
        columns["ccam"] = ccam_index(columns["ccam"])
    for column, default in EVENT_DEFAULTS.items():
        value = columns.pop(column, default)
        data[column] = np.broadcast_to(np.asarray(value), (n,)) if np.ndim(value) == 0 \
            else np.asarray(value)
    if columns:
        raise TypeError(f"unknown event columns: {sorted(columns)}")
    return pd.DataFrame(data)
