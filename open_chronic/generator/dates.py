"""Dates as int32 days since 1970-01-01, the form every generator table holds before writing.

Integer days keep the per-row arithmetic (flux lags, stay lengths) vectorised in numpy; the
writer turns them into Parquet DATE. `NULL_DATE` marks a missing date.
"""

from __future__ import annotations

import numpy as np

NULL_DATE = np.int32(np.iinfo(np.int32).min)
SENTINEL_1600 = np.int32((np.datetime64("1600-01-01") - np.datetime64("1970-01-01")).astype(int))
LIFELONG_2099 = np.int32((np.datetime64("2099-12-31") - np.datetime64("1970-01-01")).astype(int))


def day(year: int, month: int = 1, dom: int = 1) -> int:
    """Days since 1970 of one calendar date."""
    return int((np.datetime64(f"{year:04d}-{month:02d}-{dom:02d}") - np.datetime64("1970-01-01"))
               .astype(int))


def year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def month_index(days: np.ndarray) -> np.ndarray:
    """Months since January 1970."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def month_start(months: np.ndarray) -> np.ndarray:
    """First day (days since 1970) of each month index."""
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def ddmmyyyy(days: np.ndarray) -> np.ndarray:
    """PMSI text dates: `ddmmyyyy`."""
    iso = days.astype("datetime64[D]").astype(str)
    return np.char.add(np.char.add(_slice(iso, 8, 10), _slice(iso, 5, 7)), _slice(iso, 0, 4))


def iso(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype(str)


def _slice(values: np.ndarray, start: int, stop: int) -> np.ndarray:
    return values.astype(f"<U{stop}").view(f"<U1").reshape(len(values), -1)[:, start:stop] \
        .copy().view(f"<U{stop - start}").ravel()
