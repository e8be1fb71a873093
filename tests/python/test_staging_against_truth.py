"""The staging layer on a generated extract, checked against the generator's truth.

The generator plants every pitfall of snds.md at known rates and records, for each raw row
that the documented rules must reject, the reason it expects (`_truth/rejections.parquet`).
These tests hold the warehouse to it: the right rows rejected for the right reason and no
other row, every raw row accounted for, and persons resolved as the truth links them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from open_chronic.raw_contract import RAW_TABLES


def _truth(layout_dir: Path, name: str) -> str:
    return f"read_parquet('{layout_dir / '_truth' / name}')"


def test_every_dbt_node_succeeds(built_warehouse) -> None:
    result = built_warehouse.result
    assert result.error is None
    assert result.failed_nodes == []
    assert result.success
    kinds = Counter(node.split(".")[0] for node in result.node_status)
    # Models, seeds, data tests and unit tests all ran.
    assert kinds["model"] >= len(RAW_TABLES) and kinds["seed"] >= 1
    assert kinds["test"] >= 20 and kinds["unit_test"] >= 10


def test_rejected_rows_are_exactly_the_planted_pitfalls(
    built_warehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    truth = _truth(built_warehouse.layout.raw_dir, "rejections.parquet")
    found = "staging.stg_snds__rejected_rows"
    missed = warehouse.execute(
        f"select source_table, expected_reason, count(*) from {truth} t "
        f"where not exists (select 1 from {found} f where f.source_table = t.source_table "
        "and f.row_key = t.row_key and f.reason = t.expected_reason) group by all order by all"
    ).fetchall()
    extra = warehouse.execute(
        f"select source_table, reason, count(*) from {found} f "
        f"where not exists (select 1 from {truth} t where f.source_table = t.source_table "
        "and f.row_key = t.row_key and f.reason = t.expected_reason) group by all order by all"
    ).fetchall()
    assert missed == [], f"planted rows not rejected with their reason: {missed}"
    assert extra == [], f"rows rejected that the truth keeps (or another reason): {extra}"
    planted_reasons = {
        row[0] for row in warehouse.execute(f"select distinct expected_reason from {truth}").fetchall()
    }
    # Every pitfall family of the generator shows up in a 2,000-person extract.
    assert {
        "info_only_line", "public_hospital_activity", "surcharge_line",
        "regularisation_netted_out", "regularisation_merged", "flux_beyond_window",
        "fictitious_nir", "unresolved_beneficiary", "ambiguous_pseudonym", "dummy_nir",
        "bad_linkage_return_code", "duplicate_finess_aphp_aphm_hcl", "ghm_error_90",
        "inter_establishment_service", "not_ald_exemption", "duplicate_cip13",
    } <= planted_reasons


def _raw_row_counts(raw_dir: Path) -> dict[str, int]:
    """Rows per contract table, read from the Parquet footers (independent of dbt)."""
    counts: dict[str, int] = {}
    for table in RAW_TABLES:
        pattern = table.name.replace("aa", "[0-9][0-9]") + ".parquet"
        counts[table.name] = sum(
            pq.ParquetFile(path).metadata.num_rows for path in raw_dir.glob(pattern)
        )
    return counts


def test_reconciliation_balances_for_every_table(
    built_warehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    raw_counts = _raw_row_counts(built_warehouse.layout.raw_dir)
    rows = warehouse.execute(
        "select source_table, max(rows_read), sum(rows_rejected), max(rows_kept) "
        "from staging.stg_snds__reconciliation group by source_table"
    ).fetchall()
    reconciled = {table: (read, rejected, kept) for table, read, rejected, kept in rows}
    assert set(reconciled) == set(raw_counts)
    for table, raw_count in raw_counts.items():
        read, rejected, kept = reconciled[table]
        assert read == raw_count, table
        assert rejected + kept == read, table
    rejected_per_table = dict(
        warehouse.execute(
            "select source_table, count(*) from staging.stg_snds__rejected_rows group by all"
        ).fetchall()
    )
    for table, (_, rejected, _) in reconciled.items():
        assert rejected == rejected_per_table.get(table, 0), table


def test_identity_bridge_matches_the_truth(
    built_warehouse, warehouse: duckdb.DuckDBPyConnection
) -> None:
    truth = _truth(built_warehouse.layout.raw_dir, "identity.parquet")
    bridge = "staging.stg_snds__identity_bridge"
    wrong = warehouse.execute(
        f"select count(*) from {truth} t join {bridge} b "
        "on b.ben_nir_psa = t.BEN_NIR_PSA and b.ben_rng_gem = t.BEN_RNG_GEM "
        "where b.person_id is distinct from t.person_id"
    ).fetchone()[0]
    usable = warehouse.execute(
        f"select count(*) from {truth} where is_usable"
    ).fetchone()[0]
    bridged = warehouse.execute(f"select count(*) from {bridge}").fetchone()[0]
    assert wrong == 0
    assert bridged == usable
    # Persons with several pseudonyms are resolved to one person.
    multi = warehouse.execute(
        f"select count(*) from (select person_id from {bridge} group by person_id "
        "having count(distinct ben_nir_psa) > 1)"
    ).fetchone()[0]
    expected_multi = warehouse.execute(
        f"select count(*) from (select person_id from {truth} where is_usable "
        "group by person_id having count(distinct BEN_NIR_PSA) > 1)"
    ).fetchone()[0]
    assert multi == expected_multi > 0
