"""The raw extract inspection names the file and column of every contract breach."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from open_chronic.raw_contract import RAW_TABLES
from open_chronic.raw_extract import RawExtractError, inspect_extract

YEARS = (2021, 2022)


def _write_empty_extract(raw_dir: Path, file_format: str = "parquet") -> None:
    """One empty file per contract table (PMSI tables for two discharge years)."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    for table in RAW_TABLES:
        years = YEARS if table.per_discharge_year else (None,)
        for year in years:
            path = raw_dir / f"{table.file_stem(year)}.{file_format}"
            if file_format == "parquet":
                schema = pa.schema([(column, pa.string()) for column in table.column_names])
                pq.write_table(schema.empty_table(), path)
            else:
                path.write_text(";".join(table.column_names) + "\n", encoding="utf-8")


def test_a_complete_parquet_extract_is_accepted(tmp_path: Path) -> None:
    _write_empty_extract(tmp_path)
    layout = inspect_extract(tmp_path)
    assert layout.file_format == "parquet"
    assert layout.pmsi_years == YEARS
    assert layout.dbt_vars()["raw_dir"] == str(tmp_path.resolve())


def test_a_missing_table_file_is_named(tmp_path: Path) -> None:
    _write_empty_extract(tmp_path)
    (tmp_path / "ER_BIO_F.parquet").unlink()
    with pytest.raises(RawExtractError, match="missing table file ER_BIO_F.parquet"):
        inspect_extract(tmp_path)


def test_a_missing_pmsi_year_file_is_named(tmp_path: Path) -> None:
    _write_empty_extract(tmp_path)
    (tmp_path / "T_MCO22UM.parquet").unlink()
    with pytest.raises(RawExtractError, match="T_MCO22UM.parquet"):
        inspect_extract(tmp_path)


def test_a_missing_column_is_named_with_its_file(tmp_path: Path) -> None:
    _write_empty_extract(tmp_path)
    columns = [c for c in RAW_TABLES[3].column_names if c != "PRS_NAT_REF"]
    assert RAW_TABLES[3].name == "ER_PRS_F"
    pq.write_table(
        pa.schema([(c, pa.string()) for c in columns]).empty_table(),
        tmp_path / "ER_PRS_F.parquet",
    )
    with pytest.raises(RawExtractError, match="ER_PRS_F.parquet: missing column PRS_NAT_REF"):
        inspect_extract(tmp_path)


def test_a_missing_csv_column_is_named_with_its_file(tmp_path: Path) -> None:
    _write_empty_extract(tmp_path, "csv")
    header = ";".join(c for c in RAW_TABLES[0].column_names if c != "BEN_SEX_COD")
    (tmp_path / "IR_BEN_R.csv").write_text(header + "\n", encoding="utf-8")
    with pytest.raises(RawExtractError, match="IR_BEN_R.csv: missing column BEN_SEX_COD"):
        inspect_extract(tmp_path)


def test_mixed_formats_are_refused(tmp_path: Path) -> None:
    _write_empty_extract(tmp_path)
    (tmp_path / "ER_PHA_F.parquet").unlink()
    (tmp_path / "ER_PHA_F.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(RawExtractError, match="mixes .parquet and .csv"):
        inspect_extract(tmp_path)


def test_csv_encoding_is_detected(tmp_path: Path) -> None:
    _write_empty_extract(tmp_path, "csv")
    assert inspect_extract(tmp_path).csv_encoding == "utf-8"
    pha = tmp_path / "IR_PHA_R.csv"
    # 'é' in Latin-1 is the single byte 0xE9, never valid UTF-8 before an ASCII byte.
    pha.write_bytes(pha.read_bytes() + "1;2;A;A;;1;METFORMINE ÉQ;30\n".encode("latin-1"))
    assert inspect_extract(tmp_path).csv_encoding == "latin-1"


def test_csv_files_mixing_encodings_are_refused(tmp_path: Path) -> None:
    _write_empty_extract(tmp_path, "csv")
    for name, encoding in (("IR_PHA_R.csv", "latin-1"), ("IR_BEN_R.csv", "utf-8")):
        path = tmp_path / name
        path.write_bytes(path.read_bytes() + "é;\n".encode(encoding))
    with pytest.raises(RawExtractError, match="mix encodings"):
        inspect_extract(tmp_path)


def test_a_directory_without_extract_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RawExtractError, match="no .parquet or .csv file"):
        inspect_extract(tmp_path)
    with pytest.raises(RawExtractError, match="directory not found"):
        inspect_extract(tmp_path / "absent")
