"""One chunk of persons, end to end: persons → care → raw tables → truth, as Arrow tables.

A chunk holds whole persons (all their PSAs, twins together), so identity, netting and
conditions are computed inside it. It depends only on its own seed: chunks can be built in
any order or in parallel and the extract stays the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from open_chronic.generator import config, tables, truth
from open_chronic.generator.care_dcir import dcir_events
from open_chronic.generator.care_pmsi import draw_stays
from open_chronic.generator.claims import base_lines
from open_chronic.generator.conditions import (
    CONDITIONS, excess_death_risk, has_condition, plant_conditions,
)
from open_chronic.generator.dates import NULL_DATE, day
from open_chronic.generator.identity import build_bens, draw_identity_kind
from open_chronic.generator.pitfalls import (
    add_complements_and_surcharges, plant_fictitious_regime, plant_info_only,
    plant_regularisations,
)
from open_chronic.generator.population import departements, draw_deaths, draw_persons
from open_chronic.generator.referentials import ald_rows
from open_chronic.generator.truth_conditions import condition_truth
from open_chronic.generator.writer import TRUTH_SCHEMAS, contract_schema, to_arrow
from open_chronic.raw_contract import RAW_TABLES_BY_NAME

IDENTITY_KINDS = ("normal", "provisional_nir", "fictitious_nir", "unknown_birth_year",
                  "unknown_sex")


@dataclass(frozen=True)
class ChunkTask:
    chunk_id: int
    first_person: int
    n_persons: int
    first_year: int
    last_year: int
    seed: int
    seed_sequence: np.random.SeedSequence


@dataclass
class ChunkResult:
    """Arrow tables per raw table (PMSI: per (table, year)) and per truth file."""

    raw: list[tuple[str, int | None, pa.Table]] = field(default_factory=list)
    truth: dict[str, pa.Table] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)


def build_chunk(task: ChunkTask) -> ChunkResult:
    rng = np.random.Generator(np.random.PCG64(task.seed_sequence))
    first_year, last_year = task.first_year, task.last_year
    persons = _persons(rng, task)
    bens = build_bens(rng, persons, task.seed)
    start = np.full(len(persons), day(first_year - 1, 13 - config.PRE_STUDY_MONTHS),
                    dtype=np.int64)
    death = persons["death"].to_numpy()
    end = np.where(death != NULL_DATE, death, day(last_year, 12, 31)).astype(np.int64)
    counts: Counter = Counter()
    lines = base_lines(rng, dcir_events(rng, persons, start, end), bens, task.chunk_id)
    lines = add_complements_and_surcharges(rng, lines, counts)
    plant_info_only(rng, lines, counts)
    plant_fictitious_regime(rng, lines, counts)
    lines = plant_regularisations(rng, lines, counts)
    stays = draw_stays(rng, persons, bens, first_year, last_year, end, task.chunk_id, counts)
    imb = ald_rows(rng, persons, bens, last_year, counts)
    result = ChunkResult(counts=counts)
    _count_identity(persons, bens, lines, counts)
    _add_tables_and_truth(rng, result, task, persons, bens, lines, stays, imb)
    return result


def _persons(rng: np.random.Generator, task: ChunkTask) -> pd.DataFrame:
    persons = draw_persons(rng, task.first_person, task.n_persons, task.first_year)
    plant_conditions(rng, persons, task.first_year, task.last_year)
    persons["death"] = draw_deaths(rng, persons, task.first_year, task.last_year,
                                   excess_death_risk(persons))
    n = len(persons)
    persons["dialysis_in_dcir"] = has_condition(persons, "end_stage_renal_disease") \
        & (rng.random(n) < 0.5)
    has_ald = np.zeros(n, dtype=bool)
    for condition in CONDITIONS:
        has_ald |= persons[f"ald_{condition}"].to_numpy()
    persons["has_ald"] = has_ald
    persons["ald_used"] = has_ald & (rng.random(n) >= config.ALD_UNUSED_SHARE)
    draw_identity_kind(rng, persons)
    return persons


def _count_identity(persons, bens, lines, counts: Counter) -> None:
    listed = bens[bens["in_ir_ben"]]
    kind = persons["identity_kind"].to_numpy()[listed["person"].to_numpy()]
    for code, name in enumerate(IDENTITY_KINDS[1:], start=1):
        counts[(name, "IR_BEN_R")] += int((kind == code).sum())
    counts[("second_psa_of_person", "IR_BEN_R")] += int((listed["slot"] == 1).sum())
    counts[("twin_sharing_psa", "IR_BEN_R")] += int(listed["is_twin"].sum())
    absent = ~bens["in_ir_ben"].to_numpy()[lines["ben"].to_numpy()]
    counts[("psa_absent_from_ir_ben_r", "ER_PRS_F")] += int(absent.sum())
    counts[("establishment_line_public", "ER_ETE_F")] += int((lines["ete"] == 1).sum())
    counts[("establishment_line_private", "ER_ETE_F")] += int((lines["ete"] == 2).sum())


def _rejections(source_table: str, keys: np.ndarray, reasons: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"source_table": source_table, "row_key": keys,
                         "expected_reason": reasons})


def _add_tables_and_truth(rng, result: ChunkResult, task: ChunkTask, persons, bens, lines,
                          stays, imb) -> None:
    raw, rejected = result.raw, []
    ben_reason = truth.ben_reasons(bens)
    usable = truth.usable_bens(bens, ben_reason)
    listed = np.flatnonzero(bens["in_ir_ben"].to_numpy())
    raw.append(("IR_BEN_R", None, tables.ir_ben_r(bens, task.last_year)))
    hit = listed[pd.notna(ben_reason[listed])]
    rejected.append(_rejections("IR_BEN_R", truth.ben_keys(bens, hit), ben_reason[hit]))

    imb_reason = truth.imb_reasons(imb, usable)
    raw.append(("IR_IMB_R", None, tables.ir_imb_r(imb, bens)))
    hit = np.flatnonzero(pd.notna(imb_reason))
    rejected.append(_rejections("IR_IMB_R", truth.imb_keys(imb.iloc[hit], bens),
                                imb_reason[hit]))

    prs_reason, netted = truth.prs_reasons(lines, bens, usable, task.first_year, task.last_year)
    raw.append(("ER_PRS_F", None, tables.er_prs_f(rng, lines, bens, persons)))
    hit = np.flatnonzero(pd.notna(prs_reason))
    hit_keys = truth.prs_keys(lines, bens, hit)
    rejected.append(_rejections("ER_PRS_F", hit_keys, prs_reason[hit]))
    for name, (index, frame) in tables.dcir_details(lines, bens).items():
        raw.append((name, None, frame))
        detail_hit = np.flatnonzero(pd.notna(prs_reason[index]))
        position = np.searchsorted(hit, index[detail_hit])
        rejected.append(_rejections(name, hit_keys[position], prs_reason[index[detail_hit]]))

    stay_reason = truth.stay_reasons(stays.stays, bens, usable)
    stay_hit = np.flatnonzero(pd.notna(stay_reason))
    stay_keys = truth.stay_keys(stays.stays, stay_hit)
    pmsi = tables.pmsi_tables(stays.stays, stays.diagnoses, stays.acts, stays.units, bens,
                              persons)
    children = {"T_MCOaaB": None, "T_MCOaaC": None, "T_MCOaaD": stays.diagnoses,
                "T_MCOaaA": stays.acts, "T_MCOaaUM": stays.units}
    for name, frame in pmsi.items():
        for year in range(task.first_year, task.last_year + 1):
            raw.append((name, year, frame[frame["_year"] == year]))
        child = children[name]
        stay_index = np.arange(len(stays.stays)) if child is None else child["stay"].to_numpy()
        row_hit = np.flatnonzero(pd.notna(stay_reason[stay_index]))
        keys = stay_keys[np.searchsorted(stay_hit, stay_index[row_hit])]
        suffix = _child_key_suffix(name, child, row_hit)
        rejected.append(_rejections(name, keys + suffix if suffix is not None else keys,
                                    stay_reason[stay_index[row_hit]]))

    result.raw = [(name, year, to_arrow(frame, contract_schema(RAW_TABLES_BY_NAME[name])))
                  for name, year, frame in raw]
    kept_rows = {"prs": pd.isna(prs_reason), "stay": pd.isna(stay_reason),
                 "imb": pd.isna(imb_reason)}
    netted_keys = truth.prs_keys(lines, bens, netted["row"].to_numpy())
    result.truth = {
        "rejections": to_arrow(pd.concat(rejected, ignore_index=True),
                               TRUTH_SCHEMAS["rejections"]),
        "identity": to_arrow(truth.identity_truth(bens, usable), TRUTH_SCHEMAS["identity"]),
        "netted_claims": to_arrow(pd.DataFrame({"row_key": netted_keys,
                                                "net_quantity": netted["net"].to_numpy()}),
                                  TRUTH_SCHEMAS["netted_claims"]),
        "persons": to_arrow(_persons_truth(persons, bens), TRUTH_SCHEMAS["persons"]),
        "conditions": to_arrow(condition_truth(task, persons, bens, usable, lines, stays, imb,
                                               kept_rows), TRUTH_SCHEMAS["conditions"]),
    }


def _child_key_suffix(name: str, child: pd.DataFrame | None, rows: np.ndarray):
    if child is None:
        return None
    sub = child.iloc[rows]
    if name == "T_MCOaaD":
        return ("|" + sub["dgn"]).to_numpy(dtype=object)
    if name == "T_MCOaaA":
        return ("|" + sub["code"] + "|" + sub["delay"].astype(str)).to_numpy(dtype=object)
    return ("|" + sub["ord"].astype(str)).to_numpy(dtype=object)


def _persons_truth(persons: pd.DataFrame, bens: pd.DataFrame) -> pd.DataFrame:
    primary = bens[bens["slot"] == 0]
    person_id = np.empty(len(persons), dtype=object)
    person_id[primary["person"].to_numpy()] = primary["idt_ano"].to_numpy()
    n_psa = bens[bens["in_ir_ben"]].groupby("person").size().reindex(
        range(len(persons)), fill_value=0).to_numpy()
    # The canonical code (staging's form: `01`, `2A`, `75`, `971`) is the reference's own.
    codes_ = departements().table["departement_code"].to_numpy(dtype=object)
    canonical = codes_[persons["dpt"].to_numpy()]
    frame = pd.DataFrame({
        "person_id": person_id, "sex": persons["sex"].to_numpy(),
        "birth_year": persons["birth_year"].to_numpy(), "departement": canonical,
        "death_date": persons["death"].to_numpy(),
        "identity_kind": np.array(IDENTITY_KINDS, dtype=object)[
            persons["identity_kind"].to_numpy()],
        "n_psa": n_psa, "is_twin": persons["twin_of"].to_numpy() >= 0,
        "has_ald": persons["has_ald"].to_numpy(), "ald_used": persons["ald_used"].to_numpy(),
    })
    for condition in CONDITIONS:
        frame[f"onset_{condition}"] = persons[f"onset_{condition}"].to_numpy()
    return frame
