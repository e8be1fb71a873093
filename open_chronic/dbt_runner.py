"""Run dbt in-process against one raw extract, with a progress display.

Every command of the CLI and every test goes through `run_dbt`, so that the vars pointing the
sources at the extract, the profile location and the no-telemetry setting are set in one place.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from open_chronic.raw_extract import ExtractLayout

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[1]


@dataclass
class DbtRunResult:
    """Outcome of one dbt invocation: overall success and the status of every node."""

    success: bool
    seconds: float
    node_status: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def failed_nodes(self) -> list[str]:
        return [
            node for node, status in self.node_status.items()
            if status not in ("success", "pass", "skipped")
        ]


def run_dbt(
    command: list[str],
    layout: ExtractLayout | None = None,
    duckdb_path: Path | None = None,
    target_dir: Path | None = None,
    extra_vars: dict[str, Any] | None = None,
    show_progress: bool = False,
) -> DbtRunResult:
    """Invoke `dbt <command>` for this project and return every node's status."""
    # Imported here: loading dbt costs seconds and most CLI commands never need it.
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    if duckdb_path is not None:
        os.environ["OPEN_CHRONIC_DUCKDB_PATH"] = str(duckdb_path)
    dbt_vars = dict(layout.dbt_vars()) if layout else {}
    dbt_vars.update(extra_vars or {})
    target_dir = Path(target_dir) if target_dir else PROJECT_DIR / "target"
    args = [
        *command,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(target_dir),
        "--log-path", str(target_dir / "logs"),
    ]
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    progress = tqdm(desc=f"dbt {command[0]}", unit="node", disable=not show_progress)
    node_status: dict[str, str] = {}

    def on_event(event: Any) -> None:
        if event.info.name == "NodeFinished":
            node = event.data.node_info
            node_status[node.unique_id] = node.node_status
            progress.set_postfix_str(node.unique_id.split(".")[-1][:40])
            progress.update(1)

    started = time.perf_counter()
    logger.info("dbt %s", " ".join(args))
    result = dbtRunner(callbacks=[on_event]).invoke(args)
    progress.close()
    seconds = time.perf_counter() - started
    error = str(result.exception) if result.exception else None
    outcome = DbtRunResult(bool(result.success), seconds, node_status, error)
    logger.info(
        "dbt %s: %s in %.1f s, %d nodes, failed: %s",
        command[0], "success" if outcome.success else "FAILED", seconds,
        len(node_status), ", ".join(outcome.failed_nodes) or "none",
    )
    return outcome
