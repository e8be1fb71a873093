"""Every SQL file of the dbt project is lint-clean under the repository's `.sqlfluff`.

sqlfluff runs with the jinja templater (no database, no dbt parse): `dbt.*` cross-database
macros and `adapter.dispatch` are stubbed in `tests/sqlfluff_libs/`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
LINTED_FOLDERS = ("models", "macros", "tests/data_tests")


def test_sql_is_lint_clean() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "sqlfluff", "lint", *LINTED_FOLDERS, "--format", "json",
         "--nofail", "--processes", "2"],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=False, timeout=600,
    )
    assert completed.stdout.strip(), completed.stderr
    files = json.loads(completed.stdout)
    assert any(entry["filepath"].endswith(".sql") for entry in files), "no SQL file linted"
    violations = [
        f"{entry['filepath']}:{violation['start_line_no']} {violation['code']} "
        f"{violation['description']}"
        for entry in files
        for violation in entry["violations"]
    ]
    assert violations == [], "\n".join(violations)
