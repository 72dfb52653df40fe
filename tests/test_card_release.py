"""The dataset card as the Hub reads it: metadata, field tables, required sections, figure, size per issue."""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

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
    png = (built / "figure.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1000, 360)
    entry = next(f for f in manifest.read(built).files if f.kind == "figure")
    assert entry.path == "figure.png" and entry.bytes == len(png)
    assert "](figure.png)" in (built / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "output" / "jzrb" / "figure.png").is_file()


def test_without_matplotlib_the_card_works_without_the_figure(tmp_path: Path) -> None:
    """An install without the [figure] extra: no figure.png, a card that says so, a folder that validates."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "matplotlib.py").write_text("raise ImportError('matplotlib is not installed here')\n")
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(ROOT)])}
    out = tmp_path / "ds"
    r = subprocess.run([sys.executable, "-m", "corpus_tools", "build", "--out", str(out)], env=env,
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert not (out / "figure.png").exists()
    assert all(f.kind != "figure" for f in manifest.read(out).files)
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "figure.png" not in text and "No figure" in text
    assert _card(out).data.to_dict()["license"] == "other"
    v = run_cli("validate", str(out))
    assert v.returncode == 0, v.stdout + v.stderr


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
