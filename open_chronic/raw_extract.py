"""Inspect a raw SNDS extract before dbt reads it.

dbt-duckdb reads the raw files directly (external sources). This module checks that the
directory honours the raw contract and works out how dbt must read it:
- every table has a file, PMSI tables at least one discharge year with all five files;
- the files are all Parquet or all CSV (the read options are set per extract);
- each file has every contract column (extra columns are ignored);
- CSV files are UTF-8 or Latin-1 (the portals export either).
A broken extract raises `RawExtractError` naming the file and the column, before any SQL runs.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from open_chronic.raw_contract import RAW_TABLES, RawTable

logger = logging.getLogger(__name__)

FORMATS = ("parquet", "csv")
CSV_DELIMITER = ";"
_CHUNK_BYTES = 1 << 22


class RawExtractError(ValueError):
    """The raw extract does not honour the contract; the message names file and column."""


@dataclass(frozen=True)
class ExtractLayout:
    """How dbt must read one extract."""

    raw_dir: Path
    file_format: str
    csv_encoding: str
    pmsi_years: tuple[int, ...]
    files: dict[str, list[Path]] = field(default_factory=dict)

    def dbt_vars(self) -> dict[str, str]:
        """The dbt vars that point the sources at this extract."""
        return {
            "raw_dir": str(self.raw_dir),
            "raw_format": self.file_format,
            "raw_csv_encoding": self.csv_encoding,
        }


def inspect_extract(raw_dir: Path) -> ExtractLayout:
    """Check `raw_dir` against the raw contract and return how to read it."""
    raw_dir = Path(raw_dir).resolve()
    if not raw_dir.is_dir():
        raise RawExtractError(f"raw extract directory not found: {raw_dir}")
    file_format = _detect_format(raw_dir)
    pmsi_years = _pmsi_years(raw_dir, file_format)
    files: dict[str, list[Path]] = {}
    for table in RAW_TABLES:
        files[table.name] = _table_files(raw_dir, table, file_format, pmsi_years)
    encoding = "utf-8"
    if file_format == "csv":
        encoding = _detect_csv_encoding([path for paths in files.values() for path in paths])
    for table in RAW_TABLES:
        for path in files[table.name]:
            _check_columns(path, table, file_format, encoding)
    logger.info(
        "raw extract %s: %s files, encoding %s, PMSI discharge years %s",
        raw_dir, file_format, encoding, ", ".join(str(year) for year in pmsi_years),
    )
    return ExtractLayout(raw_dir, file_format, encoding, pmsi_years, files)


def _detect_format(raw_dir: Path) -> str:
    present = {
        file_format
        for file_format in FORMATS
        if any(raw_dir.glob(f"*.{file_format}"))
    }
    if not present:
        raise RawExtractError(f"no .parquet or .csv file in the raw extract {raw_dir}")
    if len(present) > 1:
        raise RawExtractError(
            f"the raw extract {raw_dir} mixes .parquet and .csv files; "
            "convert it to one format (dbt reads every table with the same options)"
        )
    return present.pop()


def _pmsi_years(raw_dir: Path, file_format: str) -> tuple[int, ...]:
    pattern = re.compile(rf"^T_MCO(\d\d)B\.{file_format}$")
    years = sorted(
        2000 + int(match.group(1))
        for path in raw_dir.iterdir()
        if (match := pattern.match(path.name))
    )
    if not years:
        raise RawExtractError(
            f"no PMSI MCO file T_MCOaaB.{file_format} (aa = discharge year) in {raw_dir}"
        )
    return tuple(years)


def _table_files(
    raw_dir: Path, table: RawTable, file_format: str, pmsi_years: tuple[int, ...]
) -> list[Path]:
    years: tuple[int | None, ...] = pmsi_years if table.per_discharge_year else (None,)
    paths = [raw_dir / f"{table.file_stem(year)}.{file_format}" for year in years]
    for path in paths:
        if not path.is_file():
            raise RawExtractError(f"missing table file {path.name} in the raw extract {raw_dir}")
    return paths


def _detect_csv_encoding(paths: list[Path]) -> str:
    """UTF-8 unless a file holds bytes that are not UTF-8 (then Latin-1 for the extract)."""
    verdicts = {path: _csv_file_encoding(path) for path in paths}
    latin1 = [path.name for path, verdict in verdicts.items() if verdict == "latin-1"]
    utf8 = [path.name for path, verdict in verdicts.items() if verdict == "utf-8"]
    if latin1 and utf8:
        raise RawExtractError(
            "the CSV files mix encodings: Latin-1 in "
            f"{', '.join(latin1[:3])} but non-ASCII UTF-8 in {', '.join(utf8[:3])}"
        )
    return "latin-1" if latin1 else "utf-8"


def _csv_file_encoding(path: Path) -> str:
    """'ascii', 'utf-8' or 'latin-1': Latin-1 as soon as a byte sequence is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen_non_ascii = False
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            seen_non_ascii = seen_non_ascii or not chunk.isascii()
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "latin-1"
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8" if seen_non_ascii else "ascii"


def _check_columns(path: Path, table: RawTable, file_format: str, encoding: str) -> None:
    if file_format == "parquet":
        try:
            present = set(pq.read_schema(path).names)
        except Exception as error:  # pyarrow raises several error types for bad files
            raise RawExtractError(f"{path.name}: not a readable Parquet file ({error})") from error
    else:
        with path.open("r", encoding="latin-1" if encoding == "latin-1" else "utf-8") as handle:
            header = handle.readline().rstrip("\r\n")
        if CSV_DELIMITER not in header and len(table.columns) > 1:
            raise RawExtractError(
                f"{path.name}: the header is not ';'-separated (SNDS portal CSV): {header[:80]!r}"
            )
        present = {column.strip().strip('"') for column in header.split(CSV_DELIMITER)}
    missing = [column for column in table.column_names if column not in present]
    if missing:
        raise RawExtractError(
            f"{path.name}: missing column {missing[0]}"
            + (f" (and {len(missing) - 1} more: {', '.join(missing[1:4])})" if missing[1:] else "")
            + f" required by the raw contract of {table.name}"
        )
