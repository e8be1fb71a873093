"""`open-chronic`: the command line analysts and CI use.

Exit codes a CI can act on: 0 success, 1 the build or a check failed, 2 bad input (usage,
raw extract not honouring the contract).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

import click

from open_chronic.dbt_runner import PROJECT_DIR, run_dbt
from open_chronic.docs_site import DocsSiteError, docs, write_docs_site
from open_chronic.raw_extract import RawExtractError, inspect_extract

logger = logging.getLogger("open_chronic")

DEFAULT_RAW_DIR = PROJECT_DIR / "data" / "raw"
DEFAULT_DUCKDB_PATH = PROJECT_DIR / "target" / "open_chronic.duckdb"
DEFAULT_PERSONS = 50_000
DEFAULT_SEED = 42
DEFAULT_YEARS = "2019-2023"

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def _parse_years(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[int, int]:
    try:
        first, last = (int(part) for part in value.split("-"))
    except ValueError:
        raise click.BadParameter("expected FIRST-LAST, e.g. 2019-2023") from None
    if not 2009 <= first <= last <= 2099:
        raise click.BadParameter("years must be ordered and within 2009-2099")
    return first, last


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--verbose", "-v", is_flag=True, help="Log debug detail.")
def cli(verbose: bool) -> None:
    """Open Chronic: care pathways of chronic patients from SNDS claims."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )


@cli.command()
@click.option("--persons", type=click.IntRange(min=1), default=DEFAULT_PERSONS, show_default=True)
@click.option(
    "--years", default=DEFAULT_YEARS, show_default=True, callback=_parse_years,
    help="Care years FIRST-LAST.",
)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_RAW_DIR,
    show_default=True, help="Directory of the extract (replaced if it exists).",
)
@click.option(
    "--format", "file_format", type=click.Choice(["parquet", "csv"]), default="parquet",
    show_default=True, help="csv writes ';'-separated files as the SNDS portals do.",
)
@click.option(
    "--csv-encoding", type=click.Choice(["latin-1", "utf-8"]), default="latin-1",
    show_default=True,
)
def generate(
    persons: int, years: tuple[int, int], seed: int, out_dir: Path, file_format: str,
    csv_encoding: str,
) -> None:
    """Generate a synthetic SNDS extract (same seed, same bytes) with its truth in _truth/."""
    from open_chronic.csv_export import export_extract_as_csv
    from open_chronic.generator import generate_extract

    first_year, last_year = years
    if out_dir.exists():
        shutil.rmtree(out_dir)
    if file_format == "parquet":
        summary = generate_extract(out_dir, persons, first_year, last_year, seed, True)
    else:
        with tempfile.TemporaryDirectory(prefix="open-chronic-") as parquet_dir:
            summary = generate_extract(
                Path(parquet_dir), persons, first_year, last_year, seed, True
            )
            export_extract_as_csv(Path(parquet_dir), out_dir, csv_encoding)
    logger.info("extract of %d persons written to %s", summary.n_persons, out_dir)


@cli.command()
@click.option(
    "--raw-dir", type=click.Path(path_type=Path), envvar="OPEN_CHRONIC_RAW_DIR",
    default=DEFAULT_RAW_DIR, show_default=True, help="The raw SNDS extract to read.",
)
@click.option(
    "--duckdb", "duckdb_path", type=click.Path(path_type=Path),
    envvar="OPEN_CHRONIC_DUCKDB_PATH", default=DEFAULT_DUCKDB_PATH, show_default=True,
)
@click.option("--select", "-s", "selection", default=None, help="dbt node selection.")
def build(raw_dir: Path, duckdb_path: Path, selection: str | None) -> None:
    """Check the raw extract, then `dbt build` (models, seeds and tests) on it."""
    _build(raw_dir, duckdb_path, selection)


@cli.command()
@click.option("--persons", type=click.IntRange(min=1), default=DEFAULT_PERSONS, show_default=True)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@click.option("--regenerate", is_flag=True, help="Generate the extract even if it exists.")
def run(persons: int, seed: int, regenerate: bool) -> None:
    """The whole job on the embedded default: generate the extract, build, write the docs."""
    stamp = DEFAULT_RAW_DIR / "_truth" / f"generated-{persons}-{seed}.stamp"
    if regenerate or not stamp.exists():
        click.get_current_context().invoke(
            generate, persons=persons, years=_parse_years(None, None, DEFAULT_YEARS),  # type: ignore[arg-type]
            seed=seed, out_dir=DEFAULT_RAW_DIR, file_format="parquet", csv_encoding="latin-1",
        )
        stamp.touch()
    else:
        logger.info("reusing the extract in %s (--regenerate to replace it)", DEFAULT_RAW_DIR)
    _build(DEFAULT_RAW_DIR, DEFAULT_DUCKDB_PATH, None)
    try:
        site = write_docs_site(DEFAULT_DUCKDB_PATH)
    except DocsSiteError as error:
        logger.error("%s", error)
        sys.exit(error.exit_code)
    logger.info("lineage docs written to %s", site.page)


def _build(raw_dir: Path, duckdb_path: Path, selection: str | None) -> None:
    try:
        layout = inspect_extract(raw_dir)
    except RawExtractError as error:
        logger.error("%s", error)
        sys.exit(EXIT_BAD_INPUT)
    duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    command = ["build"] + (["--select", selection] if selection else [])
    result = run_dbt(command, layout, duckdb_path, show_progress=True)
    if not result.success:
        logger.error(
            "dbt build failed: %s", ", ".join(result.failed_nodes) or result.error or "see logs"
        )
        sys.exit(EXIT_FAILED)
    logger.info("warehouse built in %s (%.0f s)", duckdb_path, result.seconds)


cli.add_command(docs)


def main() -> None:
    cli()
