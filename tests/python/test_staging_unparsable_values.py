"""Unparsable raw values are quarantined with their column named, and nothing is lost.

A small generated extract is written as portal CSV, then three cells are spoiled by hand: a
care date that is no date (ER_PRS_F.EXE_SOI_DTD), a quantity that is no number
(ER_PRS_F.PRS_ACT_QTE) and a PMSI entry date that is no `ddmmyyyy` date (T_MCOaaC.ENT_DAT).
Staging must reject exactly those rows (and the rows that depend on them) as
`unparsable_value`, name the column, and still balance every table.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from open_chronic.csv_export import export_extract_as_csv
from open_chronic.generator import generate_extract

from conftest import BuiltWarehouse, build_warehouse

SPOILED = {
    # file stem: (column, bad value, index of the data row to spoil)
    "ER_PRS_F": [("EXE_SOI_DTD", "31132021", 3), ("PRS_ACT_QTE", "1,5x", 7)],
}


def _spoil(path: Path, column: str, value: str, row_index: int) -> dict[str, str]:
    """Replace one cell of a `;`-separated Latin-1 file; return the spoiled row."""
    with path.open(encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    rows[row_index][column] = value
    with path.open("w", encoding="latin-1", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return rows[row_index]


@pytest.fixture(scope="module")
def spoiled_warehouse(tmp_path_factory: pytest.TempPathFactory):
    parquet_dir = tmp_path_factory.mktemp("spoiled_parquet")
    generate_extract(parquet_dir, 300, 2021, 2022, seed=4)
    csv_dir = tmp_path_factory.mktemp("spoiled_csv")
    export_extract_as_csv(parquet_dir, csv_dir, encoding="latin-1")
    spoiled = []
    for stem, cells in SPOILED.items():
        for column, value, row_index in cells:
            row = _spoil(csv_dir / f"{stem}.csv", column, value, row_index)
            spoiled.append((stem, column, row))
    stay_row = _spoil(csv_dir / "T_MCO22C.csv", "ENT_DAT", "00002022", 0)
    spoiled.append(("T_MCOaaC", "ENT_DAT", stay_row))
    built = build_warehouse(
        csv_dir, tmp_path_factory.mktemp("spoiled_build"),
        ["build", "--select", "+models/staging"],
    )
    return built, spoiled


def test_each_spoiled_row_is_quarantined_with_its_column(spoiled_warehouse) -> None:
    built, spoiled = spoiled_warehouse
    built: BuiltWarehouse
    assert built.result.success, built.result.failed_nodes
    with built.connect() as con:
        quarantined = con.execute(
            "select source_table, unparsable_column, row_key from staging.stg_snds__rejected_rows"
            " where reason = 'unparsable_value'"
        ).fetchall()
        for table, column, row in spoiled:
            hits = [key for source, named, key in quarantined
                    if source == table and named.upper() == column]
            assert len(hits) == 1, (table, column, hits)
        # The B row of the spoiled stay goes with its C row, under the same reason.
        stay_key = next(key for source, _, key in quarantined if source == "T_MCOaaC")
        assert ("T_MCOaaB", stay_key) in {(source, key) for source, _, key in quarantined}
        tables_with_quarantine = {source for source, _, _ in quarantined}
        assert {"ER_PRS_F", "T_MCOaaC", "T_MCOaaB"} <= tables_with_quarantine


def test_reconciliation_still_balances(spoiled_warehouse) -> None:
    built, _ = spoiled_warehouse
    with built.connect() as con:
        unbalanced = con.execute("""
            select source_table from staging.stg_snds__reconciliation
            group by source_table
            having max(rows_read) <> max(rows_kept) + sum(rows_rejected)
        """).fetchall()
        unparsable = con.execute("""
            select sum(rows_rejected) from staging.stg_snds__reconciliation
            where reason = 'unparsable_value' and source_table in ('ER_PRS_F', 'T_MCOaaC')
        """).fetchone()[0]
    assert unbalanced == []
    assert unparsable == 3
