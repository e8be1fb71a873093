"""Deterministic pseudonyms (BEN_NIR_PSA, BEN_NIR_ANO) from global integer ids.

A keyed integer hash keeps pseudonyms unique across chunks (the id is global) and identical
between runs with the same seed, without any state shared between chunks.
"""

from __future__ import annotations

import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def _splitmix64(values: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return (z ^ (z >> np.uint64(31))) & _MASK


def pseudonyms(prefix: str, ids: np.ndarray, seed: int) -> np.ndarray:
    """17-character pseudonyms: one prefix letter and 16 hex digits of a keyed hash.

    The hash is a bijection of (id + key), so distinct ids give distinct pseudonyms.
    """
    with np.errstate(over="ignore"):
        keyed = ids.astype(np.uint64) + np.uint64(seed % (1 << 40)) * np.uint64(1 << 23)
    hashed = _splitmix64(keyed)
    hexes = np.char.mod("%016X", hashed.astype(object))
    return np.char.add(prefix, hexes.astype("<U16")).astype(object)
