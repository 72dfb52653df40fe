"""The dataset card as the Hub reads it: metadata, field tables, required sections, figure, size per issue."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from corpus_tools import manifest
from corpus_tools.card import accuracy, render_card, size_category
from corpus_tools.schema import CONFIGS, load_schema
from tests.conftest import ROOT, issue_inputs, run_cli


def _card(folder: Path):
    from huggingface_hub import DatasetCard

    return DatasetCard.load(folder / "README.md")


def test_hub_parses_the_card_metadata(built: Path) -> None:
    card = _card(built)
    data = card.data.to_dict()
    m = manifest.read(built)
    assert data["license"] == "other" and data["license_name"] and data["license_link"]
    assert "token-classification" in data["task_categories"]
    assert data["size_categories"] == [size_category(sum(f.rows for f in m.shards("articles")))] == ["n<1K"]
    assert data["language"] == ["zh"] and data["pretty_name"]
    infos = {d["config_name"]: d for d in data["dataset_info"]}
    assert set(infos) == {c["config_name"] for c in data["configs"]} == {c for c in CONFIGS if m.shards(c)}
    for cfg, info in infos.items():
        (split,) = info["splits"]
        assert split["name"] == "train"
        assert split["num_examples"] == sum(f.rows for f in m.shards(cfg)) > 0
        assert split["num_bytes"] == sum(f.bytes for f in m.shards(cfg, "jsonl")) == info["dataset_size"]
        assert info["download_size"] == sum(f.bytes for f in m.shards(cfg))
    for section in ("## Source Data", "## Personal and Sensitive Information", "## Limitations", "## Citation",
                    "## Licence"):
        assert section in card.text


def test_limitations_quote_the_measured_accuracy_from_its_data_file(built: Path) -> None:
    acc = accuracy()
    text = (built / "README.md").read_text(encoding="utf-8")
    limits = text.split("## Limitations", 1)[1].split("\n## ", 1)[0]
    assert f"**{acc['score']}**" in limits and acc["measured"] in limits and acc["command"] in limits
    assert f"{acc['cases']} visible" in limits and "`issues.unplaced`" in limits
    assert set(acc["per_case"]) and len(acc["per_case"]) == acc["cases"]
    assert round(sum(acc["per_case"].values()) / acc["cases"], 3) == acc["score"]


def test_citation_carries_the_release_version(built: Path) -> None:
    rel = manifest.read(built).extra["release"]
    text = (built / "README.md").read_text(encoding="utf-8")
    cite = text.split("```bibtex", 1)[1].split("```", 1)[0]
    assert f"version = {{{rel['dataset_version']}}}" in cite and f"corpus-tools {rel['converter_version']}" in cite
    doc = json.loads((built / "croissant.json").read_text(encoding="utf-8"))
    assert doc["citeAs"].strip() == cite.strip() and doc["version"] == rel["dataset_version"]


def _leaves(prefix: str, props: dict) -> list[tuple[str, dict]]:
    out = []
    for k, node in props.items():
        inner = node.get("items", node) if "array" in str(node.get("type")) else node
        out.append((prefix + k, inner))
        if inner.get("type") == "object":
            out += _leaves(f"{prefix}{k}.", inner["properties"])
    return out


def test_field_tables_list_nested_fields_enums_keys_and_references(built: Path) -> None:
    text = (built / "README.md").read_text(encoding="utf-8")
    for cfg in CONFIGS:
        table = text.split(f"\n### {cfg}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        rows = {line.split("|")[1].strip().strip("`"): line for line in table.splitlines()
                if line.startswith("| `")}
        schema = load_schema(cfg)
        for name, node in _leaves("", schema["properties"]):
            assert name in rows, (cfg, name)
            for value in node.get("enum", []):
                assert f"`{value}`" in rows[name], (cfg, name, value)
        assert rows[schema["x-key"]].rstrip().endswith("| key |")
        for name, node in schema["properties"].items():
            if "x-references" in node:
                assert f"→ `{node['x-references']}`" in rows[name]
    assert "| `mentions.start` |" in text and "`interviewee`" in text


def test_figure_is_committed_beside_the_card_and_shown(built: Path) -> None:
    svg = (built / "figure.svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and (root.get("width"), root.get("height")) == ("1000", "360")
    assert "Issues per month" in svg and "Rows per issue (mean per month)" in svg
    assert ">jzrb 2026-02: 1</title>" in svg  # one bar segment: the bundled paper's one issue that month
    assert svg.count("<polyline ") == 3  # articles, people, numbers per issue
    entry = next(f for f in manifest.read(built).files if f.kind == "figure")
    assert entry.path == "figure.svg" and entry.bytes == len(svg.encode("utf-8"))
    assert "](figure.svg)" in (built / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "output" / "jzrb" / "figure.svg").is_file()
    assert not (ROOT / "output" / "jzrb" / "figure.png").exists()


def test_figure_buckets_and_papers() -> None:
    """Past 60 months the bars are years; each paper is its own segment; the same key draws the same bytes."""
    from corpus_tools.figure import _draw

    key = (("aa", "2001-03", 2, (("articles", 10), ("numbers", 4), ("people", 6))),
           ("bb", "2001-03", 1, (("articles", 3), ("numbers", 0), ("people", 1))),
           ("aa", "2009-11", 5, (("articles", 40), ("numbers", 9), ("people", 12))))
    svg = _draw(key).decode("utf-8")
    assert _draw(key).decode("utf-8") == svg
    ElementTree.fromstring(svg)
    assert "Issues per year" in svg and ">aa 2001: 2</title>" in svg and ">bb 2001: 1</title>" in svg
    assert ">aa 2009: 5</title>" in svg and "2005" in svg  # the empty years are gaps on the axis
    assert svg.count("<title>") == 3


def test_a_figure_png_this_tool_wrote_is_replaced_and_a_changed_one_kept(tmp_path: Path) -> None:
    """A folder from before the SVG figure: its manifest lists figure.png, so a rebuild retires it; a file the
    user changed since is no longer the tool's and stays (the rebuild lists figure.svg either way)."""
    import shutil

    for changed in (False, True):
        out = tmp_path / f"ds{int(changed)}"
        shutil.copytree(ROOT / "output" / "jzrb", out)
        old = out / "figure.png"
        old.write_bytes(b"\x89PNG an old figure")
        top = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        for f in top["files"]:
            if f["kind"] == "figure":
                f.update(path="figure.png", sha256=hashlib.sha256(old.read_bytes()).hexdigest(),
                         bytes=old.stat().st_size)
        (out / "figure.svg").unlink()
        (out / "manifest.json").write_text(json.dumps(top, indent=2) + "\n", encoding="utf-8")
        assert manifest.read(out).files  # an old manifest still parses
        if changed:
            old.write_bytes(b"\x89PNG edited by hand")
        r = run_cli("build", "--out", str(out))
        assert r.returncode == 0, r.stderr
        assert old.exists() == changed
        assert (out / "figure.svg").is_file()
        assert [f.path for f in manifest.read(out).files if f.kind == "figure"] == ["figure.svg"]


def test_card_does_not_grow_with_issues(tmp_path: Path) -> None:
    """Summaries are per paper and year: five issues of one paper and year make a card as long as one does."""
    from corpus_tools import pipeline

    sizes = []
    for n in (1, 5):
        out = tmp_path / f"ds{n}"
        inputs = issue_inputs(tmp_path / f"in{n}", tuple(f"csb-2026-03-{d:02d}" for d in range(1, n + 1)))
        pipeline.build(inputs, out)
        m = manifest.read(out)
        assert len(m.issues) == n and render_card(m, out.name) == (out / "README.md").read_text(encoding="utf-8")
        sizes.append(len((out / "README.md").read_text(encoding="utf-8").splitlines()))
    assert sizes[0] == sizes[1]


@pytest.mark.parametrize(("n", "bucket"), [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"), (2_500_000, "1M<n<10M")])
def test_size_categories(n: int, bucket: str) -> None:
    assert size_category(n) == bucket
