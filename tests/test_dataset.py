"""The published folder: load_dataset reads every config, rebuilds reload, builds are deterministic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq

from corpus_tools import manifest
from corpus_tools.card import fingerprint, split_card
from corpus_tools.load import listed_configs, load_config
from corpus_tools.publish import card_files, card_paths
from corpus_tools.schema import CONFIGS, arrow_schema, features, features_yaml
from tests.conftest import ROOT, run_cli

ISSUE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"


def _files(folder: Path) -> dict[str, bytes]:
    """The published files (the tool's lock folder, ignored by git, is not part of a dataset)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".corpus-tools" not in p.parts}


def test_every_listed_config_loads(built: Path, cache_dir: str) -> None:
    import datasets

    listed = listed_configs(built)
    assert {"issues", "sections", "articles", "images", "people", "numbers"} <= set(listed)
    for cfg in listed:
        ds = datasets.load_dataset(str(built), cfg, split="train", cache_dir=cache_dir)
        assert ds.num_rows > 0
        assert ds.features == features(cfg)
    arts = datasets.load_dataset(str(built), "articles", split="train", cache_dir=cache_dir)
    assert arts[0]["headline"] == "刘勇走访慰问一线职工 当好职工“娘家人”“贴心人”"
    assert arts[0]["article_id"] == "jzrb-2026-02-05-p01-a001"
    iss = datasets.load_dataset(str(built), "issues", split="train", cache_dir=cache_dir)[0]
    assert (iss["newspaper"], iss["date"], iss["page_count"]) == ("荆州日报", "2026-02-05", 3)
    assert isinstance(iss["date"], str)  # dates stay strings in Arrow


def test_default_config_is_articles(built: Path, cache_dir: str) -> None:
    import datasets

    ds = datasets.load_dataset(str(built), split="train", cache_dir=cache_dir)
    assert "headline" in ds.column_names


def test_issue_without_photos_loads(tmp_path: Path, cache_dir: str) -> None:
    out = tmp_path / "csb"
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 0, r.stderr
    listed = listed_configs(out)
    assert "images" not in listed and "articles" in listed
    _, prose = split_card((out / "README.md").read_text(encoding="utf-8"))
    assert "Absent here: images" in prose
    empty = load_config(out, "images", cache_dir=cache_dir)
    assert empty.num_rows == 0
    assert empty.column_names == list(features("images"))
    for cfg in listed:
        assert load_config(out, cfg, cache_dir=cache_dir).num_rows > 0


def test_rebuild_in_place_reloads_new_rows(tmp_path: Path) -> None:
    """load_dataset's cache ignores file contents: content-hashed shard names make it see a rebuild."""
    import datasets

    cache = str(tmp_path / "cache")
    src = tmp_path / "csb-2026-03-01.txt"
    shutil.copy(ISSUE, src)
    out = tmp_path / "ds"
    assert run_cli("build", str(src), "--newspaper", "测试报", "--out", str(out)).returncode == 0
    first = datasets.load_dataset(str(out), "articles", split="train", cache_dir=cache)
    assert first[0]["headline"] == "青山区新建12座口袋公园"
    src.write_text(src.read_text(encoding="utf-8").replace("青山区新建12座口袋公园", "青山区新建15座口袋公园"),
                   encoding="utf-8")
    assert run_cli("build", str(src), "--newspaper", "测试报", "--out", str(out)).returncode == 0
    second = datasets.load_dataset(str(out), "articles", split="train", cache_dir=cache)
    assert second[0]["headline"] == "青山区新建15座口袋公园"


def test_cache_key_follows_the_content_fingerprint(tmp_path: Path) -> None:
    """load_dataset keys a local folder's cache on the card's YAML (patterns, sizes), not on the files the
    patterns match: the fingerprint in each config's description is what changes it when only bytes change."""
    from datasets.load import dataset_module_factory

    out = tmp_path / "ds"
    shutil.copy(ISSUE, tmp_path / "csb-2026-03-01.txt")
    assert run_cli("build", str(tmp_path / "csb-2026-03-01.txt"), "--newspaper", "测试报", "--out",
                   str(out)).returncode == 0
    card = out / "README.md"
    text = card.read_text(encoding="utf-8")
    key = fingerprint(manifest.read(out))
    assert text.count(f"content {key}") == len(listed_configs(out))
    before = dataset_module_factory(str(out)).hash
    card.write_text(text.replace(f"content {key}", "content 0123456789abcdef"), encoding="utf-8")
    assert dataset_module_factory(str(out)).hash != before


def test_second_issue_adds_shards(tmp_path: Path, cache_dir: str) -> None:
    out = tmp_path / "ds"
    a = tmp_path / "csb-2026-03-01.txt"
    b = tmp_path / "csb-2026-03-02.txt"
    shutil.copy(ISSUE, a)
    shutil.copy(ISSUE, b)
    assert run_cli("build", str(a), "--newspaper", "测试报", "--out", str(out)).returncode == 0
    assert run_cli("build", str(b), "--newspaper", "测试报", "--out", str(out)).returncode == 0
    issues = load_config(out, "issues", cache_dir=cache_dir)
    assert sorted(issues["issue_id"]) == ["csb-2026-03-01", "csb-2026-03-02"]
    assert len(list((out / "data" / "articles").rglob("*.parquet"))) == 2
    assert run_cli("validate", str(out)).returncode == 0


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "jzrb", tmp_path / "b" / "jzrb"
    assert run_cli("build", "--out", str(a)).returncode == 0
    assert run_cli("build", "--out", str(b)).returncode == 0
    assert _files(a) == _files(b)


def test_committed_output_is_current(built: Path) -> None:
    committed = ROOT / "output" / "jzrb"
    assert committed.is_dir(), "run the README's first command and commit output/"
    assert _files(committed) == _files(built)


def test_parquet_and_card_follow_the_schemas(built: Path) -> None:
    meta, _ = split_card((built / "README.md").read_text(encoding="utf-8"))
    feats = {d["config_name"]: d["features"] for d in meta["dataset_info"]}
    for cfg in listed_configs(built):
        assert feats[cfg] == features_yaml(cfg)
        shards = list((built / "data" / cfg).rglob("*.parquet"))
        assert shards
        for shard in shards:
            assert pq.read_schema(shard).equals(arrow_schema(cfg), check_metadata=False)
    assert set(listed_configs(built)) <= set(CONFIGS)
    default = [c for c in meta["configs"] if c.get("default")]
    assert [c["config_name"] for c in default] == ["articles"]


def test_card_patterns_match_the_manifest_shards(built: Path) -> None:
    """One data_files pattern per paper and year; it matches the manifest's content-hashed shards, in order."""
    meta, prose = split_card((built / "README.md").read_text(encoding="utf-8"))
    m = manifest.read(built)
    for c in meta["configs"]:
        assert [df["split"] for df in c["data_files"]] == ["train"]
        assert card_paths(c) == [f"data/{c['config_name']}/jzrb/2026/*.parquet"]
        files = card_files(built, c)
        assert files == [f.path for f in m.shards(c["config_name"])]
        for path in files:
            name = Path(path).name
            assert name.count(".") == 2 and len(name.split(".")[1]) == 12
        assert f"content {fingerprint(m)}" in c["description"]
    for word in ("## How to load", "## Licence", "## Citation", "| articles |"):
        assert word in prose


def test_card_yaml_round_trips(built: Path) -> None:
    import yaml

    from corpus_tools.card import card_yaml, to_yaml

    meta, counts = card_yaml(built)
    meta["pretty_name"] = "荆州日报 (corpus-tools): yes/no, 1.0"
    assert yaml.safe_load(to_yaml(meta)) == meta
    assert counts["articles"] == 9
