"""Run dbt against one raw extract, in a child process, with a progress display.

Every command of the CLI and every test goes through `run_dbt`, so that the vars pointing the
sources at the extract, the profile location and the no-telemetry setting are set in one place.

dbt runs in its own process: dbt keeps global state between invocations, and dbt-duckdb keeps
its DuckDB database open inside the process that ran it, so a check or a test that opens the
warehouse afterwards in the same process would meet a conflicting connection. The child writes
its events as JSON lines; this module reads them for the progress bar and every node's status.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from open_chronic.raw_extract import ExtractLayout

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[1]
_PASSING_STATUSES = ("success", "pass", "skipped")
# Info-level events that close one node (NodeFinished itself is only logged at debug level).
_NODE_RESULT_EVENTS = frozenset({
    "LogModelResult", "LogSeedResult", "LogTestResult", "LogSnapshotResult", "LogNodeResult",
    "LogFreshnessResult", "SkippingDetails", "NodeFinished",
})


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
            if status not in _PASSING_STATUSES
        ]


def dbt_executable() -> list[str]:
    """The dbt of the running interpreter's environment (the project's `.venv`)."""
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.is_file():
        return [str(beside_python)]
    return [sys.executable, "-c", "from dbt.cli.main import cli; cli()"]


def run_dbt(
    command: list[str],
    layout: ExtractLayout | None = None,
    duckdb_path: Path | None = None,
    target_dir: Path | None = None,
    extra_vars: dict[str, Any] | None = None,
    show_progress: bool = False,
) -> DbtRunResult:
    """Run `dbt <command>` for this project and return every node's status."""
    environment = dict(os.environ, DO_NOT_TRACK="1", DBT_SEND_ANONYMOUS_USAGE_STATS="False")
    if duckdb_path is not None:
        environment["OPEN_CHRONIC_DUCKDB_PATH"] = str(duckdb_path)
    dbt_vars = dict(layout.dbt_vars()) if layout else {}
    dbt_vars.update(extra_vars or {})
    target_dir = Path(target_dir) if target_dir else PROJECT_DIR / "target"
    args = [
        *dbt_executable(), "--log-format", "json", "--no-use-colors",
        *command,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(target_dir),
        "--log-path", str(target_dir / "logs"),
    ]
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    logger.info("dbt %s", " ".join(args[len(dbt_executable()):]))
    (target_dir / "run_results.json").unlink(missing_ok=True)  # never read a previous run's
    started = time.perf_counter()
    node_status, errors, return_code = _follow(args, environment, command[0], show_progress)
    seconds = time.perf_counter() - started
    # run_results.json is authoritative (the log events of unit tests carry no final status).
    node_status.update(_run_results(target_dir))
    outcome = DbtRunResult(
        success=return_code == 0, seconds=seconds, node_status=node_status,
        error="; ".join(errors) if errors and return_code != 0 else None,
    )
    logger.info(
        "dbt %s: %s in %.1f s, %d nodes, failed: %s",
        command[0], "success" if outcome.success else "FAILED", seconds,
        len(node_status), ", ".join(outcome.failed_nodes) or "none",
    )
    return outcome


def _follow(
    args: list[str], environment: dict[str, str], verb: str, show_progress: bool
) -> tuple[dict[str, str], list[str], int]:
    """Run dbt, update the progress bar per finished node, collect statuses and errors."""
    node_status: dict[str, str] = {}
    errors: list[str] = []
    progress = tqdm(desc=f"dbt {verb}", unit="node", disable=not show_progress)
    with subprocess.Popen(
        args, cwd=PROJECT_DIR, env=environment, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            event = _parse_event(line)
            if event is None:
                logger.debug("dbt: %s", line.rstrip())
                continue
            info, data = event.get("info", {}), event.get("data", {})
            name, level = info.get("name"), info.get("level")
            if name == "ConcurrencyLine":
                progress.total = data.get("node_count")
                progress.refresh()
            elif name in _NODE_RESULT_EVENTS:
                node = data.get("node_info", {})
                node_status[node.get("unique_id", "?")] = node.get("node_status", "?")
                progress.set_postfix_str(node.get("unique_id", "").split(".")[-1][:40])
                progress.update(1)
            if level in ("warn", "error") and info.get("msg"):
                log = logger.error if level == "error" else logger.warning
                log("dbt: %s", info["msg"])
                if level == "error":
                    errors.append(info["msg"])
        return_code = child.wait()
    progress.close()
    return node_status, errors, return_code


def _run_results(target_dir: Path) -> dict[str, str]:
    path = target_dir / "run_results.json"
    if not path.is_file():
        return {}
    results = json.loads(path.read_text(encoding="utf-8")).get("results", [])
    return {result["unique_id"]: str(result["status"]) for result in results}


def _parse_event(line: str) -> dict[str, Any] | None:
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        return None
    return event if isinstance(event, dict) else None
