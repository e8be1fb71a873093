"""Write a Parquet extract again as the SNDS portals export CSV.

The portals deliver `;`-separated text, often Latin-1, with dates as `ddmmyyyy` and integer
codes without leading zeros. Tests build the warehouse from both forms of one extract and
expect the same staging results, so this export must change the form and nothing else.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

logger = logging.getLogger(__name__)

PORTAL_DATE_FORMAT = "%d%m%Y"
_TRANSCODE_CHUNK_CHARS = 1 << 20


def export_extract_as_csv(
    parquet_dir: Path, csv_dir: Path, encoding: str = "latin-1", iso_dates: bool = False
) -> list[Path]:
    """Write every table file of `parquet_dir` as `<TABLE>.csv` in `csv_dir`.

    Dates become `ddmmyyyy` (or ISO with `iso_dates`), as the portals deliver them. The
    `_truth/` folder of a generated extract is copied unchanged (it is not part of the extract).
    """
    csv_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect() as con:
        for parquet_path in sorted(Path(parquet_dir).glob("*.parquet")):
            csv_path = csv_dir / f"{parquet_path.stem}.csv"
            _copy_table(con, parquet_path, csv_path, iso_dates)
            if encoding.lower() in ("latin-1", "latin1", "iso-8859-1"):
                _transcode_to_latin1(csv_path)
            written.append(csv_path)
    truth_dir = Path(parquet_dir) / "_truth"
    if truth_dir.is_dir():
        shutil.copytree(truth_dir, csv_dir / "_truth", dirs_exist_ok=True)
    logger.info("wrote %d CSV files (%s) to %s", len(written), encoding, csv_dir)
    return written


def _copy_table(
    con: duckdb.DuckDBPyConnection, parquet_path: Path, csv_path: Path, iso_dates: bool
) -> None:
    schema = pq.read_schema(parquet_path)
    date_format = "%Y-%m-%d" if iso_dates else PORTAL_DATE_FORMAT
    select_list = ", ".join(
        f"strftime(\"{field.name}\", '{date_format}') as \"{field.name}\""
        if str(field.type).startswith("date")
        else f'"{field.name}"'
        for field in schema
    )
    con.execute(
        f"copy (select {select_list} from read_parquet('{parquet_path}')) "
        f"to '{csv_path}' (format csv, delimiter ';', header true)"
    )


def _transcode_to_latin1(csv_path: Path) -> None:
    """DuckDB writes UTF-8; re-encode in place, failing on characters Latin-1 lacks."""
    latin1_path = csv_path.with_suffix(".latin1.tmp")
    with csv_path.open("r", encoding="utf-8", newline="") as source, latin1_path.open(
        "w", encoding="latin-1", newline=""
    ) as target:
        while chunk := source.read(_TRANSCODE_CHUNK_CHARS):
            target.write(chunk)
    latin1_path.replace(csv_path)
