"""The lineage docs: nothing undocumented, and the static page really renders in a browser.

The docs are generated once per module on the session's warehouse (`built_warehouse`), so the
catalog lists the columns each relation really has. A column counts as undocumented when it
has no description in the YAML, including a column present in the built relation but absent
from the YAML: the catalog, not the YAML, says what a reader of the warehouse meets. Sources
are raw files outside the warehouse; their columns are those of the raw contract
(open_chronic/raw_contract.py), each of which must be declared and described.

The page is opened in Debian's headless Chromium (no sandbox, no network: the page is
self-contained). Chromium must be installed (`make test` installs it): a missing browser fails
the test instead of skipping it, so that CI never passes without looking at the page.
Screenshots are kept under test-artifacts/docs/ for a reviewer to look at.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import struct
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from open_chronic.dbt_runner import PROJECT_DIR
from open_chronic.docs_site import EXIT_BAD_INPUT, DocsSite, docs, write_docs_site
from open_chronic.raw_contract import RAW_TABLES

logger = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
# Flags the closed network needs: without them Chromium waits on connection attempts.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
# Virtual time lets the Angular app and the graph layout finish without wall-clock waits.
VIRTUAL_TIME_BUDGET_MS = 20_000
CHROMIUM_TIMEOUT_S = 180
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts" / "docs"
MODEL_PAGE = "model.open_chronic.pathways__conditions"
LINEAGE_FOCUS = "pathways__conditions"  # its upstream reaches every staging layer and seed
DOCUMENTED_TYPES = ("model", "seed")


@dataclass(frozen=True)
class Undocumented:
    """Nodes and columns without a description, and declared columns the relation lacks."""

    items: list[str]
    stale_columns: list[str]
    checked: Counter


@pytest.fixture(scope="module")
def docs_site(built_warehouse, tmp_path_factory: pytest.TempPathFactory) -> DocsSite:
    if not built_warehouse.result.success:
        pytest.fail(f"dbt build failed: {built_warehouse.result.failed_nodes}")
    work_dir = tmp_path_factory.mktemp("docs")
    # dbt opens the warehouse read-write, which a read-only connection of another test (the
    # session fixture `warehouse`) would block: generate the docs on a copy of the file.
    warehouse_copy = work_dir / "warehouse.duckdb"
    shutil.copyfile(built_warehouse.duckdb_path, warehouse_copy)
    return write_docs_site(warehouse_copy, work_dir / "site" / "index.html", work_dir / "dbt")


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def find_undocumented(manifest: dict[str, Any], catalog: dict[str, Any]) -> Undocumented:
    """Every model, seed, source, exposure and column without a description."""
    items: list[str] = []
    stale: list[str] = []
    checked: Counter = Counter()
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] not in DOCUMENTED_TYPES:
            continue
        checked[node["resource_type"]] += 1
        if not _has_text(node.get("description")):
            items.append(f"{unique_id} (no description)")
        declared = {name.lower(): column for name, column in node["columns"].items()}
        built = catalog["nodes"].get(unique_id)
        if built is None:
            if node["config"].get("materialized") != "ephemeral":
                items.append(f"{unique_id} (not in the warehouse catalog: columns unchecked)")
            present = set(declared)
        else:
            present = {name.lower() for name in built["columns"]}
            stale += [f"{unique_id}.{name}" for name in sorted(set(declared) - present)]
        for name in sorted(present | set(declared)):
            checked["column"] += 1
            if not _has_text(declared.get(name, {}).get("description")):
                items.append(f"{unique_id}.{name}")
    sources = {(s["source_name"], s["name"]): s for s in manifest["sources"].values()}
    for table in RAW_TABLES:
        source = sources.get(("snds", table.name))
        checked["source"] += 1
        if source is None:
            items.append(f"source snds.{table.name} (not declared)")
            continue
        if not _has_text(source.get("description")):
            items.append(f"{source['unique_id']} (no description)")
        declared = {name.upper(): column for name, column in source["columns"].items()}
        for name in sorted(set(table.column_names) | set(declared)):
            checked["source column"] += 1
            if not _has_text(declared.get(name, {}).get("description")):
                items.append(f"{source['unique_id']}.{name}")
    for unique_id, exposure in manifest["exposures"].items():
        checked["exposure"] += 1
        if not _has_text(exposure.get("description")):
            items.append(f"{unique_id} (no description)")
    return Undocumented(items, stale, checked)


def test_every_node_and_column_is_documented(docs_site: DocsSite) -> None:
    manifest = json.loads(docs_site.manifest.read_text(encoding="utf-8"))
    catalog = json.loads(docs_site.catalog.read_text(encoding="utf-8"))
    result = find_undocumented(manifest, catalog)
    logger.info(
        "documentation checked: %s; undocumented: %d; declared but not built: %d",
        dict(result.checked), len(result.items), len(result.stale_columns),
    )
    assert result.checked["model"] > 0 and result.checked["column"] > 0
    assert not result.items, (
        f"{len(result.items)} undocumented nodes or columns:\n" + "\n".join(result.items[:50])
    )
    assert not result.stale_columns, (
        "columns documented in YAML but absent from the built relation:\n"
        + "\n".join(result.stale_columns[:50])
    )


def test_a_column_built_but_not_in_the_yaml_counts_as_undocumented() -> None:
    manifest = {
        "nodes": {"model.p.m": {
            "resource_type": "model", "description": "One row per thing.",
            "config": {"materialized": "table"},
            "columns": {"a": {"description": "Described."}, "b": {"description": " "}},
        }},
        "sources": {}, "exposures": {},
    }
    catalog = {"nodes": {"model.p.m": {"columns": {"A": {}, "B": {}, "C": {}}}}}
    result = find_undocumented(manifest, catalog)
    model_items = [item for item in result.items if item.startswith("model.")]
    assert model_items == ["model.p.m.b", "model.p.m.c"]


def test_the_docs_command_refuses_a_missing_warehouse(tmp_path: Path, caplog) -> None:
    result = CliRunner().invoke(
        docs, ["--duckdb", str(tmp_path / "absent.duckdb"), "--out", str(tmp_path / "i.html")]
    )
    assert result.exit_code == EXIT_BAD_INPUT
    assert "warehouse not found" in caplog.text
    assert not (tmp_path / "i.html").exists()


def _chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: the docs page test needs Debian's headless Chromium "
            "(`make browser`, or `apt-get update && apt-get install -y chromium`)"
        )
    return CHROMIUM


def _run_chromium(page: Path, fragment: str, tmp_path: Path, action: list[str]) -> str:
    """Open `page#fragment` in a fresh profile and return stdout (the DOM for --dump-dom)."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    args = [
        str(_chromium()), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
        "--window-size=1600,1000", f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
        *action, f"{page.as_uri()}#!/{fragment}",
    ]
    completed = subprocess.run(
        args, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S, check=False
    )
    assert completed.returncode == 0, f"chromium failed: {completed.stderr[-2000:]}"
    return completed.stdout


def _screenshot(page: Path, fragment: str, tmp_path: Path, name: str) -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS_DIR / name
    target.unlink(missing_ok=True)
    _run_chromium(page, fragment, tmp_path, [f"--screenshot={target}"])
    assert target.is_file(), f"chromium wrote no screenshot {target}"
    with target.open("rb") as png:
        header = png.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{target} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    assert (width, height) == (1600, 1000)
    logger.info("screenshot of #!/%s kept in %s", fragment, target)
    return target


def _rendered_markup(dom: str) -> str:
    """The DOM without its scripts, which inline the manifest (it holds every description)."""
    return re.sub(r"<script\b.*?</script>", "", dom, flags=re.DOTALL | re.IGNORECASE)


# Appended to a copy of the page: reports the lineage graph that cytoscape drew (it draws on
# canvases, so the DOM alone cannot show the nodes) as attributes of <body>.
GRAPH_PROBE = """<script>
setInterval(function () {
  var container = document.getElementById('cy');
  var graph = container && container._cyreg && container._cyreg.cy;
  if (!graph) { return; }
  var kinds = {}, colours = {};
  graph.nodes().forEach(function (node) {
    var kind = node.id().split('.')[0];
    kinds[kind] = (kinds[kind] || 0) + 1;
    colours[node.style('background-color')] = true;
  });
  document.body.setAttribute('data-graph-kinds', JSON.stringify(kinds));
  document.body.setAttribute('data-graph-colours', Object.keys(colours).join(' '));
}, 500);
</script>"""


def test_the_static_page_renders_the_lineage_graph_and_a_model_page(
    docs_site: DocsSite, tmp_path: Path
) -> None:
    _chromium()
    manifest = json.loads(docs_site.manifest.read_text(encoding="utf-8"))
    html = docs_site.page.read_text(encoding="utf-8")
    assert "MANIFEST.JSON INLINE DATA" not in html and "CATALOG.JSON INLINE DATA" not in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html), (
        "the page loads a remote resource: it is not self-contained"
    )

    lineage = _screenshot(
        docs_site.page, f"overview?g_v=1&g_i=%2B{LINEAGE_FOCUS}%2B", tmp_path,
        f"lineage_{LINEAGE_FOCUS}.png",
    )
    _screenshot(docs_site.page, "overview?g_v=1", tmp_path, "lineage_full.png")
    _screenshot(docs_site.page, f"model/{MODEL_PAGE}", tmp_path, "model_pathways__conditions.png")

    probed = tmp_path / "probed_index.html"
    body_end = html.rfind("</body>")
    probed.write_text(html[:body_end] + GRAPH_PROBE + html[body_end:], encoding="utf-8")
    dom = _run_chromium(probed, "overview?g_v=1", tmp_path, ["--dump-dom"])
    markup = _rendered_markup(dom)
    assert 'id="cy"' in markup and "cytoscape" in markup and "<canvas" in markup
    kinds_match = re.search(r'data-graph-kinds="([^"]*)"', markup)
    assert kinds_match, "the lineage graph was not drawn (no cytoscape graph in the page)"
    kinds = json.loads(kinds_match.group(1).replace("&quot;", '"'))
    expected = Counter(node["resource_type"] for node in manifest["nodes"].values())
    assert kinds.get("model") == expected["model"] and kinds.get("seed") == expected["seed"]
    assert kinds.get("source") == len(manifest["sources"])
    assert kinds.get("exposure", 0) == len(manifest["exposures"])
    colours = re.search(r'data-graph-colours="([^"]*)"', markup).group(1).split()
    layer_colours = {
        node["config"]["docs"]["node_color"].lower() for node in manifest["nodes"].values()
        if node["resource_type"] in DOCUMENTED_TYPES
    }
    # seeds, staging, staging work (base, rules), pathways
    assert len(layer_colours) >= 4, f"expected one colour per layer, got {layer_colours}"
    assert layer_colours <= {colour.lower() for colour in colours}
    logger.info("lineage graph drew %s with colours %s (%s)", kinds, colours, lineage)

    model_markup = _rendered_markup(
        _run_chromium(docs_site.page, f"model/{MODEL_PAGE}", tmp_path, ["--dump-dom"])
    )
    model = manifest["nodes"][MODEL_PAGE]
    first_words = " ".join(model["description"].split()[:8])
    assert 'class="model-markdown' in model_markup
    assert first_words in " ".join(model_markup.split()), (
        "the model page does not show the model's description"
    )
    for column in model["columns"]:
        assert f">{column}<" in model_markup, f"column {column} missing from the model page"
