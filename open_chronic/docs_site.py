"""The lineage docs as one self-contained HTML page at a stable path.

`dbt docs generate --static` writes `static_index.html`: the dbt docs application with the
manifest (models, columns, descriptions, lineage) and the catalog (the columns and types of
every relation in the warehouse) inlined, so that the page opens from the file system or any
static host without a server. It is generated on an existing warehouse, because the catalog is
read from it; dbt writes into a work folder of its own so that the build's `target/` artefacts
(manifest, run results) are never overwritten by a docs run.

The page documents private person-level models as well as the public marts: it describes the
code, never the data, and holds no row of the warehouse (only column names and types).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

from open_chronic.dbt_runner import PROJECT_DIR, run_dbt

logger = logging.getLogger(__name__)

DEFAULT_DUCKDB_PATH = PROJECT_DIR / "target" / "open_chronic.duckdb"
DEFAULT_DOCS_PATH = PROJECT_DIR / "target" / "docs" / "index.html"
STATIC_PAGE_NAME = "static_index.html"
# Artefacts kept beside the page: tests and reviewers read descriptions and columns from them.
ARTEFACT_NAMES = ("manifest.json", "catalog.json")

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class DocsSiteError(RuntimeError):
    """The docs page could not be written; `exit_code` tells bad input from a failed run."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class DocsSite:
    """Where the page and the artefacts it was built from were written."""

    page: Path
    manifest: Path
    catalog: Path


def write_docs_site(
    duckdb_path: Path = DEFAULT_DUCKDB_PATH,
    out_path: Path = DEFAULT_DOCS_PATH,
    work_dir: Path | None = None,
) -> DocsSite:
    """Generate the static docs of the warehouse at `duckdb_path` and copy them to `out_path`.

    `manifest.json` and `catalog.json` are copied beside the page. `work_dir` is dbt's target
    folder (a temporary folder, removed afterwards, when None). Raises DocsSiteError with exit
    code 2 when the warehouse does not exist and 1 when dbt fails or writes no page.
    """
    duckdb_path = Path(duckdb_path).resolve()
    out_path = Path(out_path).resolve()
    if not duckdb_path.is_file():
        raise DocsSiteError(
            f"warehouse not found: {duckdb_path} (build it first: open-chronic build or run)",
            EXIT_BAD_INPUT,
        )
    if out_path.suffix.lower() not in (".html", ".htm"):
        raise DocsSiteError(f"--out must name an .html file, got {out_path}", EXIT_BAD_INPUT)
    if work_dir is not None:
        return _generate(duckdb_path, out_path, Path(work_dir))
    with tempfile.TemporaryDirectory(prefix="open-chronic-docs-") as temporary_dir:
        return _generate(duckdb_path, out_path, Path(temporary_dir))


def _generate(duckdb_path: Path, out_path: Path, work_dir: Path) -> DocsSite:
    logger.info("generating the lineage docs of %s", duckdb_path)
    work_dir.mkdir(parents=True, exist_ok=True)
    result = run_dbt(
        ["docs", "generate", "--static"], duckdb_path=duckdb_path, target_dir=work_dir
    )
    static_page = work_dir / STATIC_PAGE_NAME
    if not result.success:
        raise DocsSiteError(f"dbt docs generate failed: {result.error or 'see logs'}",
                            EXIT_FAILED)
    if not static_page.is_file():
        raise DocsSiteError(f"dbt docs generate wrote no {STATIC_PAGE_NAME} in {work_dir}",
                            EXIT_FAILED)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(static_page, out_path)
    for name in ARTEFACT_NAMES:
        shutil.copyfile(work_dir / name, out_path.parent / name)
    logger.info(
        "lineage docs written to %s (%.1f MB)", out_path, out_path.stat().st_size / 1e6
    )
    return DocsSite(
        page=out_path,
        manifest=out_path.parent / ARTEFACT_NAMES[0],
        catalog=out_path.parent / ARTEFACT_NAMES[1],
    )


@click.command("docs")
@click.option(
    "--duckdb", "duckdb_path", type=click.Path(path_type=Path),
    envvar="OPEN_CHRONIC_DUCKDB_PATH", default=DEFAULT_DUCKDB_PATH, show_default=True,
    help="The built warehouse whose catalog the docs show.",
)
@click.option(
    "--out", "out_path", type=click.Path(path_type=Path), default=DEFAULT_DOCS_PATH,
    show_default=True, help="The self-contained HTML page to write (replaced if it exists).",
)
def docs(duckdb_path: Path, out_path: Path) -> None:
    """Write the lineage docs of a built warehouse as one self-contained HTML page."""
    try:
        write_docs_site(duckdb_path, out_path)
    except DocsSiteError as error:
        logger.error("%s", error)
        sys.exit(error.exit_code)
