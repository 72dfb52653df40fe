"""``info`` reads the manifest alone; ``push`` plans one Hub commit (offline: the real upload is not tested here)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest

import corpus_tools
from corpus_tools import manifest, pipeline, push
from corpus_tools.schema import CONFIGS
from tests.conftest import issue_inputs, run_cli

NAMES = ("csb-2025-12-30", "csb-2025-12-31", "csb-2026-01-01", "xyb-2026-01-01")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("release")
    return pipeline.build(issue_inputs(tmp / "in", NAMES), tmp / "ds", workers=1)


def _one_line(r, code: str) -> str:  # type: ignore[no-untyped-def]
    err = r.stderr.strip()
    assert "\n" not in err and "Traceback" not in err and code in err, err
    return err


def test_info_json_counts_match_the_shards(archive: Path) -> None:
    r = run_cli("info", str(archive), "--json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert (s["issues"], s["first_date"], s["last_date"]) == (4, "2025-12-30", "2026-01-01")
    for cfg in CONFIGS:
        files = sorted((archive / "data" / cfg).rglob("*.parquet")) if (archive / "data" / cfg).is_dir() else []
        assert s["configs"][cfg]["rows"] == sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        assert s["configs"][cfg]["shards"] == len(files)
        assert s["configs"][cfg]["parquet_bytes"] == sum(f.stat().st_size for f in files)
    assert s["configs"]["articles"]["rows"] > 0 and s["configs"]["images"]["rows"] == 0
    assert set(s["papers"]) == {"csb", "xyb"}
    assert {y: e["issues"] for y, e in s["papers"]["csb"]["years"].items()} == {"2025": 2, "2026": 1}
    assert s["papers"]["csb"]["newspapers"] == ["测试报"]
    per_issue = s["configs"]["articles"]["rows"] // 4  # four copies of one fixture issue
    assert s["papers"]["csb"]["years"]["2025"]["rows"]["articles"] == 2 * per_issue
    rel = s["release"]
    assert (rel["dataset_version"], rel["converter_version"]) == ("1.0.0", corpus_tools.__version__)
    assert rel["changelog"]["added"] == sorted(rel["changelog"]["added"]) and len(rel["changelog"]["added"]) == 4
    assert "counts" not in rel  # the papers table gives them


def test_info_reads_nothing_but_the_manifest(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(archive, copy)
    shutil.rmtree(copy / "data")
    shutil.rmtree(copy / "jsonl")
    before = run_cli("info", str(archive)).stdout.replace(str(archive), "X")
    r = run_cli("info", str(copy))
    assert r.returncode == 0, r.stderr
    assert r.stdout.replace(str(copy), "X") == before
    assert "4 issues of 2 paper(s), 2025-12-30 to 2026-01-01" in before
    assert "dataset_version: 1.0.0" in before and "changelog: from nothing: 4 added, 0 removed, 0 changed" in before


def test_info_shows_the_release_fields_present(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(archive, copy)
    doc = orjson.loads((copy / manifest.NAME).read_bytes())
    doc = {"format": doc["format"], "format_version": doc["format_version"], "dataset_version": "1.2.0",
           "source_commit": "abc123", "changelog": {"added": ["csb-2026-01-01"], "removed": []},
           "files": doc["files"], "partitions": doc["partitions"]}
    (copy / manifest.NAME).write_bytes(orjson.dumps(doc))
    s = json.loads(run_cli("info", str(copy), "--json").stdout)
    assert s["release"] == {"dataset_version": "1.2.0", "source_commit": "abc123",
                            "changelog": {"added": ["csb-2026-01-01"], "removed": []}}
    text = run_cli("info", str(copy)).stdout
    assert "dataset_version: 1.2.0" in text and "changelog: from nothing: 1 added, 0 removed" in text


def test_info_on_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    r = run_cli("info", str(tmp_path))
    assert r.returncode == 1
    _one_line(r, "E040")


def test_dry_run_lists_every_owned_file_offline(archive: Path) -> None:
    r = run_cli("push", str(archive), "someone/csb-corpus", "--dry-run", "--revision", "v1")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    m = manifest.read(archive)
    assert m is not None
    adds = [ln.split()[1] for ln in lines if ln.startswith("add ")]
    assert adds == [*sorted(m.owned()), manifest.NAME]
    sizes = {f.path: f.bytes for f in m.files}
    for ln in lines:
        if ln.startswith("add ") and ln.split()[1] != manifest.NAME:
            assert f"({sizes[ln.split()[1]]} bytes)" in ln
    assert not any(ln.startswith("delete") for ln in lines)
    assert f"{len(adds)} files to add" in lines[-2] and "0 to delete" in lines[-2]
    assert "dataset someone/csb-corpus@v1" in lines[-2]
    assert lines[-1] == "dry run: nothing was sent"


def test_push_refuses_a_folder_changed_since_its_build(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(archive, copy)
    m = manifest.read(copy)
    assert m is not None
    shard = copy / m.shards("numbers")[0].path
    shard.write_bytes(shard.read_bytes()[:-1] + b"x")
    r = run_cli("push", str(copy), "someone/csb-corpus", "--dry-run")
    assert r.returncode == 1
    assert str(shard) in _one_line(r, "E040")


def test_plan_deletes_only_what_the_remote_manifest_owned(archive: Path, tmp_path: Path) -> None:
    """The remote holds the four-issue folder; locally one issue was removed since."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete

    local = tmp_path / "local"
    shutil.copytree(archive, local)
    r = run_cli("remove", "--out", str(local), "csb-2025-12-30")
    assert r.returncode == 0, r.stderr
    remote = manifest.read(archive)
    mine = manifest.read(local)
    assert remote is not None and mine is not None
    p = push.plan(local, "someone/csb-corpus", remote=remote)
    assert all(isinstance(op, CommitOperationAdd) for op in p.adds)
    assert all(isinstance(op, CommitOperationDelete) for op in p.deletes)
    deleted = {op.path_in_repo for op in p.deletes}
    assert deleted == remote.owned() - mine.owned()
    assert deleted and all(manifest.SHARD_RE.match(x) or manifest.PART_RE.match(x) for x in deleted)
    assert all("csb/2025" in x for x in deleted)  # the other groups' shards and partition files did not change
    assert [x for x in deleted if manifest.PART_RE.match(x)] == [remote.summaries[("csb", 2025)]["path"]]
    assert {op.path_in_repo for op in p.adds} == mine.owned() | {manifest.NAME}
    assert p.issues == 3


def test_upload_and_prune_need_the_network(archive: Path) -> None:
    r = run_cli("push", str(archive), "someone/csb-corpus")
    assert r.returncode == 1
    assert "offline" in _one_line(r, "E050")
    r = run_cli("push", str(archive), "someone/csb-corpus", "--dry-run", "--prune")
    assert r.returncode == 1
    assert "--prune" in _one_line(r, "E050")


@pytest.mark.parametrize("repo_id", ["no slash here!", "a/b/c", "/x"])
def test_bad_repo_id_is_a_usage_error(archive: Path, repo_id: str) -> None:
    r = run_cli("push", str(archive), repo_id, "--dry-run")
    assert r.returncode == 2
    _one_line(r, "E003")
