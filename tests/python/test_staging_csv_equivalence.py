"""The same extract written as portal CSV (';', Latin-1, ddmmyyyy) builds the same staging."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from open_chronic.csv_export import export_extract_as_csv

from conftest import BuiltWarehouse, build_warehouse


@pytest.fixture(scope="module")
def csv_warehouse(
    generated_extract: Path, tmp_path_factory: pytest.TempPathFactory
) -> BuiltWarehouse:
    csv_dir = tmp_path_factory.mktemp("raw_csv")
    export_extract_as_csv(generated_extract, csv_dir, encoding="latin-1")
    return build_warehouse(
        csv_dir, tmp_path_factory.mktemp("build_csv"), ["build", "--select", "+models/staging"]
    )


def test_the_csv_copy_is_latin1_with_portal_dates(csv_warehouse: BuiltWarehouse) -> None:
    layout = csv_warehouse.layout
    assert layout.file_format == "csv"
    assert layout.csv_encoding == "latin-1"
    header, first_row = (layout.raw_dir / "ER_PRS_F.csv").read_text("latin-1").splitlines()[:2]
    flux_date = first_row.split(";")[header.split(";").index("FLX_DIS_DTD")]
    assert len(flux_date) == 8 and flux_date.isdigit()


def test_csv_and_parquet_build_identical_staging(
    built_warehouse: BuiltWarehouse, csv_warehouse: BuiltWarehouse
) -> None:
    assert csv_warehouse.result.success, csv_warehouse.result.failed_nodes
    assert built_warehouse.result.success, built_warehouse.result.failed_nodes
    con = duckdb.connect()
    con.execute(f"attach '{built_warehouse.duckdb_path}' as from_parquet (read_only)")
    con.execute(f"attach '{csv_warehouse.duckdb_path}' as from_csv (read_only)")
    tables = [
        row[0] for row in con.execute(
            "select table_name from duckdb_tables() where database_name = 'from_csv' "
            "and schema_name = 'staging' order by 1"
        ).fetchall()
    ]
    assert "stg_snds__rejected_rows" in tables and len(tables) >= 14
    for table in tables:
        counts = con.execute(
            f"select (select count(*) from from_parquet.staging.{table}), "
            f"(select count(*) from from_csv.staging.{table}), "
            f"(select count(*) from (select * from from_parquet.staging.{table} "
            f"except all select * from from_csv.staging.{table}))"
        ).fetchone()
        assert counts[0] == counts[1] and counts[2] == 0, (table, counts)
