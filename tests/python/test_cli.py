"""The command line: help for every command, exit codes a CI can act on, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from open_chronic.cli import EXIT_BAD_INPUT, cli

COMMANDS = ("generate", "build", "run", "docs")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and command in result.output


def test_build_on_a_missing_directory_exits_with_bad_input(tmp_path: Path, caplog) -> None:
    result = CliRunner().invoke(
        cli, ["build", "--raw-dir", str(tmp_path / "absent"), "--duckdb", str(tmp_path / "w.db")]
    )
    assert result.exit_code == EXIT_BAD_INPUT
    assert "directory not found" in caplog.text
    assert not (tmp_path / "w.db").exists()


def test_build_names_the_missing_pmsi_file(tmp_path: Path, caplog) -> None:
    (tmp_path / "IR_BEN_R.parquet").write_bytes(b"")
    result = CliRunner().invoke(
        cli, ["build", "--raw-dir", str(tmp_path), "--duckdb", str(tmp_path / "w.db")]
    )
    assert result.exit_code == EXIT_BAD_INPUT
    assert "T_MCOaaB.parquet" in caplog.text


def test_years_must_be_an_ordered_range(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["generate", "--persons", "10", "--years", "2023-2019", "--out", str(tmp_path)]
    )
    assert result.exit_code == EXIT_BAD_INPUT
    assert "years must be ordered" in result.output


def test_generate_writes_a_csv_extract_the_build_accepts(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = CliRunner().invoke(
        cli,
        ["generate", "--persons", "50", "--years", "2021-2022", "--seed", "3", "--out", str(out),
         "--format", "csv", "--csv-encoding", "latin-1"],
    )
    assert result.exit_code == 0, result.output
    from open_chronic.raw_extract import inspect_extract

    layout = inspect_extract(out)
    assert layout.file_format == "csv"
    assert layout.pmsi_years == (2021, 2022)
    assert (out / "_truth" / "rejections.parquet").is_file()
