"""Streaming Parquet writers for the extract and its truth, with fixed options.

Column names and physical types come from `open_chronic.raw_contract` (never restated here).
Each file is opened once and receives one row group per chunk, so memory stays bounded by the
chunk size. Options are fixed (zstd, no timestamps in the metadata): same input, same bytes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from open_chronic.generator.dates import NULL_DATE
from open_chronic.raw_contract import RAW_TABLES, RAW_TABLES_BY_NAME, RawTable

_WRITE_OPTIONS = {"compression": "zstd", "compression_level": 1, "write_statistics": True,
                  "store_schema": False}

TRUTH_SCHEMAS: dict[str, pa.Schema] = {
    "rejections": pa.schema([("source_table", pa.string()), ("row_key", pa.string()),
                             ("expected_reason", pa.string())]),
    "identity": pa.schema([("BEN_NIR_PSA", pa.string()), ("BEN_RNG_GEM", pa.int8()),
                           ("person_id", pa.string()), ("is_twin", pa.bool_()),
                           ("is_usable", pa.bool_())]),
    "netted_claims": pa.schema([("row_key", pa.string()), ("net_quantity", pa.int32())]),
    "conditions": pa.schema([("person_id", pa.string()), ("year", pa.int16()),
                             ("condition", pa.string()), ("index_date", pa.date32())]),
    "persons": pa.schema([
        ("person_id", pa.string()), ("sex", pa.int8()), ("birth_year", pa.int16()),
        ("departement", pa.string()), ("death_date", pa.date32()),
        ("identity_kind", pa.string()), ("n_psa", pa.int8()), ("is_twin", pa.bool_()),
        ("onset_diabetes", pa.date32()), ("onset_heart_failure", pa.date32()),
        ("onset_coronary_disease", pa.date32()),
        ("onset_chronic_respiratory_disease", pa.date32()),
        ("onset_end_stage_renal_disease", pa.date32()),
        ("has_ald", pa.bool_()), ("ald_used", pa.bool_()),
    ]),
    "pitfall_counts": pa.schema([("pitfall", pa.string()), ("source_table", pa.string()),
                                 ("rows", pa.int64())]),
}


def contract_schema(table: RawTable) -> pa.Schema:
    return pa.schema([(name, pa.type_for_alias(alias)) for name, alias in table.columns])


def to_arrow(frame: pd.DataFrame | dict, schema: pa.Schema) -> pa.Table:
    """Convert generator frames (or dicts of columns): dates are int days (NULL_DATE =
    missing), NaN = missing; scalars in a dict are broadcast."""
    n = len(frame) if isinstance(frame, pd.DataFrame) else max(
        len(value) for value in frame.values() if np.ndim(value) > 0)
    arrays = []
    for field in schema:
        values = frame[field.name] if field.name in frame else None
        if values is not None and np.ndim(values) == 0:
            values = np.full(n, values)
        arrays.append(_array(values, field.type, n))
    return pa.Table.from_arrays(arrays, schema=schema)


def _array(values, arrow_type: pa.DataType, n: int) -> pa.Array:
    if values is None:
        return pa.nulls(n, type=arrow_type)
    if isinstance(values, pd.Series):
        values = values.array if isinstance(values.dtype, pd.CategoricalDtype) \
            else values.to_numpy()
    if isinstance(values, pd.Categorical):
        return pa.array(values).cast(arrow_type)
    if pa.types.is_string(arrow_type) or pa.types.is_boolean(arrow_type):
        if isinstance(values, np.ndarray) and values.dtype == object:
            values = np.where(pd.isna(values), None, values)
        return pa.array(values, type=arrow_type)
    values = np.asarray(values)
    if pa.types.is_date32(arrow_type):
        mask = values == NULL_DATE
        return pa.array(values.astype(np.int32), mask=mask, type=pa.int32()).cast(pa.date32())
    if values.dtype.kind == "f" and pa.types.is_integer(arrow_type):
        mask = np.isnan(values)
        return pa.array(np.where(mask, 0, values).astype(arrow_type.to_pandas_dtype()),
                        mask=mask, type=arrow_type)
    return pa.array(values.astype(arrow_type.to_pandas_dtype()), type=arrow_type)


class ExtractWriter:
    """One ParquetWriter per raw file (PMSI: per discharge year) and per truth file."""

    def __init__(self, out_dir: Path, years: range) -> None:
        self.out_dir = Path(out_dir)
        (self.out_dir / "_truth").mkdir(parents=True, exist_ok=True)
        self.rows: dict[str, int] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}
        for table in RAW_TABLES:
            for year in (years if table.per_discharge_year else [None]):
                stem = table.file_stem(year)
                self._open(stem, self.out_dir / f"{stem}.parquet", contract_schema(table))
        for name, schema in TRUTH_SCHEMAS.items():
            self._open(f"_truth/{name}", self.out_dir / "_truth" / f"{name}.parquet", schema)

    def _open(self, key: str, path: Path, schema: pa.Schema) -> None:
        self._writers[key] = pq.ParquetWriter(path, schema, **_WRITE_OPTIONS)

    def write_raw(self, table_name: str, table: pa.Table, year: int | None = None) -> None:
        stem = RAW_TABLES_BY_NAME[table_name].file_stem(year)
        self._writers[stem].write_table(table)
        self.rows[table_name] = self.rows.get(table_name, 0) + table.num_rows

    def write_truth(self, name: str, table: pa.Table) -> None:
        self._writers[f"_truth/{name}"].write_table(table)

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
