"""Persons of one chunk: sex, birth year, département, twins, deaths.

Ages follow the INSEE 2021 pyramid in 5-year bands by sex and départements their population
(`data/age_pyramid.csv`, `seeds/ref_departements.csv`), both as of 1 January of the first study year. Deaths follow a Gompertz
annual risk by age and sex, raised for heart failure and dialysis patients (snds.md §6.3:
16.6 % of HF patients died within the year).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from open_chronic.generator import config
from open_chronic.generator.dates import NULL_DATE, day


@dataclass(frozen=True)
class Departements:
    """The reference table of départements; `code` as in BEN_RES_DPT (3 chars)."""

    table: pd.DataFrame

    @property
    def raw_codes(self) -> np.ndarray:
        return self.table["raw_code"].to_numpy(dtype=object)


# The warehouse maps départements to regions with the same table (a dbt seed): one source.
DEPARTEMENTS_SEED = Path(__file__).resolve().parents[2] / "seeds" / "ref_departements.csv"


@lru_cache(maxsize=1)
def departements() -> Departements:
    table = pd.read_csv(DEPARTEMENTS_SEED, dtype={"departement_code": str, "region_code": str})
    table["raw_code"] = table["departement_code"].str.rjust(3, "0")
    table["weight"] = table["population"] / table["population"].sum()
    return Departements(table)


@lru_cache(maxsize=1)
def age_pyramid() -> pd.DataFrame:
    with resources.files("open_chronic.generator").joinpath("data/age_pyramid.csv").open(
        encoding="utf-8"
    ) as handle:
        return pd.read_csv(handle)


def draw_persons(rng: np.random.Generator, first_person: int, n: int, first_year: int
                 ) -> pd.DataFrame:
    """One row per person: global index, sex (1 man, 2 woman), birth year and month, age on
    1 January of the first year, département index, twin pairing."""
    pyramid = age_pyramid()
    weights = np.concatenate([pyramid["men"].to_numpy(), pyramid["women"].to_numpy()])
    cell = rng.choice(len(weights), size=n, p=weights / weights.sum())
    band = cell % len(pyramid)
    sex = np.where(cell < len(pyramid), 1, 2).astype(np.int8)
    age_from = pyramid["age_from"].to_numpy()[band]
    age_to = pyramid["age_to"].to_numpy()[band]
    age = age_from + np.floor(rng.random(n) * (age_to - age_from + 1)).astype(np.int64)
    dpt = rng.choice(len(departements().table), size=n, p=departements().table["weight"])
    persons = pd.DataFrame({
        "person_idx": np.arange(first_person, first_person + n, dtype=np.int64),
        "sex": sex,
        "age": age,
        "birth_year": first_year - 1 - age,
        "birth_month": rng.integers(1, 13, size=n),
        "dpt": dpt,
    })
    _pair_twins(rng, persons)
    return persons


def _pair_twins(rng: np.random.Generator, persons: pd.DataFrame) -> None:
    """Same-sex twins: person i+1 copies the sex, birth date and home of person i."""
    n = len(persons)
    first = np.flatnonzero(rng.random(n) < config.TWIN_PAIR_RATE / 2)
    first = first[(first % 2 == 0) & (first + 1 < n)]
    twin_of = np.full(n, -1, dtype=np.int64)
    twin_of[first], twin_of[first + 1] = first + 1, first
    for column in ("sex", "age", "birth_year", "birth_month", "dpt"):
        values = persons[column].to_numpy().copy()
        values[first + 1] = values[first]
        persons[column] = values
    persons["twin_of"] = twin_of


def draw_deaths(rng: np.random.Generator, persons: pd.DataFrame, first_year: int,
                last_year: int, excess_risk: np.ndarray) -> np.ndarray:
    """Death date (days since 1970) within the study years, or NULL_DATE.

    LIMITATION: the annual risk uses the age on 1 January of the first year for every year.
    """
    age = persons["age"].to_numpy()
    base = np.exp(-10.3 + 0.089 * age) * np.where(persons["sex"].to_numpy() == 1, 1.3, 0.75)
    base = np.where(age < 1, 0.0035, base)
    annual = np.clip(base + excess_risk, 0.0, 0.6)
    n_years = last_year - first_year + 1
    died = rng.random((len(persons), n_years)) < annual[:, None]
    any_death = died.any(axis=1)
    year = first_year + np.argmax(died, axis=1)
    start = np.array([day(y) for y in range(first_year, last_year + 2)], dtype=np.int64)
    offset = np.floor(rng.random(len(persons)) * (start[year - first_year + 1]
                                                  - start[year - first_year]))
    death = start[year - first_year] + offset.astype(np.int64)
    return np.where(any_death, death, NULL_DATE).astype(np.int64)
