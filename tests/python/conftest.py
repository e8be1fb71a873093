"""Shared fixtures: one small generated extract, built once per test session.

dbt runs in-process and never concurrently (dbt keeps global state); each build gets its own
DuckDB file and target folder, so a developer's `make run` warehouse is never touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from open_chronic.dbt_runner import DbtRunResult, run_dbt
from open_chronic.raw_extract import ExtractLayout, inspect_extract

TEST_PERSONS = 2_000
TEST_SEED = 20_231
TEST_YEARS = (2019, 2023)

logger = logging.getLogger(__name__)


@dataclass
class BuiltWarehouse:
    """A raw extract and the warehouse dbt built from it."""

    layout: ExtractLayout
    duckdb_path: Path
    result: DbtRunResult

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.duckdb_path), read_only=True)


@pytest.fixture(scope="session")
def generated_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from open_chronic.generator import generate_extract

    raw_dir = tmp_path_factory.mktemp("raw_parquet")
    generate_extract(raw_dir, TEST_PERSONS, TEST_YEARS[0], TEST_YEARS[1], TEST_SEED)
    return raw_dir


def build_warehouse(raw_dir: Path, work_dir: Path, command: list[str]) -> BuiltWarehouse:
    layout = inspect_extract(raw_dir)
    duckdb_path = work_dir / "warehouse.duckdb"
    result = run_dbt(command, layout, duckdb_path, target_dir=work_dir / "target")
    return BuiltWarehouse(layout, duckdb_path, result)


@pytest.fixture(scope="session")
def built_warehouse(
    generated_extract: Path, tmp_path_factory: pytest.TempPathFactory
) -> BuiltWarehouse:
    """`dbt build` of the whole project on the generated Parquet extract."""
    return build_warehouse(generated_extract, tmp_path_factory.mktemp("build"), ["build"])


@pytest.fixture(scope="session")
def warehouse(built_warehouse: BuiltWarehouse) -> duckdb.DuckDBPyConnection:
    if not built_warehouse.result.success:
        pytest.fail(f"dbt build failed: {built_warehouse.result.failed_nodes}")
    con = built_warehouse.connect()
    yield con
    con.close()
