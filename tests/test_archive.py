"""The archive: readers on a glob, the manifest as ownership record, atomic commits, lock, signals, compaction."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import orjson
import pytest

from corpus_tools import manifest, pipeline
from corpus_tools.load import load_config
from corpus_tools.schema import CONFIGS
from corpus_tools.validate import validate_paths
from tests.conftest import ROOT, edit_partition, issue_inputs, run_cli

ISSUE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"


def _inputs(folder: Path, names: tuple[str, ...]) -> list[pipeline.IssueInput]:
    return issue_inputs(folder, names)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".corpus-tools" not in p.parts}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two papers over two years, built as a batch."""
    tmp = tmp_path_factory.mktemp("archive")
    names = ("csb-2025-12-30", "csb-2025-12-31", "csb-2026-01-01", "xyb-2026-01-01")
    return pipeline.build(_inputs(tmp / "in", names), tmp / "ds", workers=1)


def _issue_order(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


EXPECTED = ["csb-2025-12-30", "csb-2025-12-31", "csb-2026-01-01", "xyb-2026-01-01"]


def test_pandas_polars_duckdb_pyarrow_read_the_folder_on_a_glob(archive: Path) -> None:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow.dataset as ds

    n = manifest.read(archive).issues  # type: ignore[union-attr]
    arts = sum(e["rows"]["articles"] for e in n.values())
    assert len(pd.read_parquet(archive / "data" / "articles")) == arts
    lf = pl.scan_parquet(str(archive / "data" / "articles" / "**" / "*.parquet"))
    assert lf.select(pl.len()).collect().item() == arts
    got = duckdb.sql(f"select issue_id, count(*) from read_parquet('{archive}/data/articles/**/*.parquet') "
                     "group by issue_id order by issue_id").fetchall()
    assert [g[0] for g in got] == EXPECTED
    assert ds.dataset(archive / "data" / "articles", format="parquet").count_rows() == arts


def test_load_dataset_reads_the_card_in_issue_order_and_a_glob(archive: Path, cache_dir: str) -> None:
    import datasets

    ds = load_config(archive, "articles", cache_dir=cache_dir)
    assert _issue_order(ds["issue_id"]) == EXPECTED
    globbed = datasets.load_dataset("parquet", data_files=str(archive / "data" / "articles" / "**" / "*.parquet"),
                                    split="train", cache_dir=cache_dir)
    assert Counter(globbed["issue_id"]) == Counter(ds["issue_id"])


def test_manifest_lists_every_file_with_its_hash_and_issues(archive: Path) -> None:
    import hashlib

    m = manifest.read(archive)
    assert m is not None
    on_disk = {p for p in _files(archive) if p != manifest.NAME}
    assert m.owned() == on_disk
    for f in m.files:
        data = (archive / f.path).read_bytes()
        assert (f.sha256, f.bytes) == (hashlib.sha256(data).hexdigest(), len(data))
    arts = m.shards("articles")
    assert [(f.paper_id, f.year, f.issues) for f in arts] == [
        ("csb", 2025, ("csb-2025-12-30", "csb-2025-12-31")), ("csb", 2026, ("csb-2026-01-01",)),
        ("xyb", 2026, ("xyb-2026-01-01",))]
    assert sorted(m.issues) == EXPECTED
    assert m.issues["csb-2026-01-01"]["rows"]["articles"] == 3


def test_the_manifest_is_split_per_paper_and_year(archive: Path) -> None:
    """manifest.json holds one summary per (paper, year); each partition's shards and issues are in its own
    content-addressed file, and the summaries are what those files give."""
    import hashlib

    top = orjson.loads((archive / manifest.NAME).read_bytes())
    assert "issues" not in top and {f["kind"] for f in top["files"]} == {"schema", "card", "croissant", "figure"}
    assert [(s["paper_id"], s["year"], s["issues"]) for s in top["partitions"]] == [
        ("csb", 2025, 2), ("csb", 2026, 1), ("xyb", 2026, 1)]
    m = manifest.read(archive)
    assert m is not None and manifest.stale_summaries(m) == []
    for s in top["partitions"]:
        data = (archive / s["path"]).read_bytes()
        assert s["path"] == f"manifest/{s['paper_id']}/{s['year']}.{hashlib.sha256(data).hexdigest()[:12]}.json"
        part = orjson.loads(data)
        assert all(i.startswith(f"{s['paper_id']}-{s['year']}-") for i in part["issues"])
        pq = [f for f in part["files"] if f["kind"] == "parquet"]
        assert s["parquet"] == {c: {"files": len(fs), "bytes": sum(f["bytes"] for f in fs),
                                    "rows": sum(f["rows"] for f in fs)}
                                for c in CONFIGS if (fs := [f for f in pq if f["config"] == c])}
    assert m.find("csb-2026-01-01") == ("csb", 2026) and m.find("csb-2024-01-01") is None
    assert [f["path"] for f in m.parquet_listing("articles")] == [f.path for f in m.shards("articles")]


def test_adding_an_issue_reads_and_writes_only_its_partition(archive: Path, tmp_path: Path) -> None:
    """A new issue of xyb 2026: the csb partition files stay, byte for byte and by name."""
    ds = tmp_path / "ds"
    shutil.copytree(archive, ds)
    before = manifest.read(ds)
    assert before is not None
    pipeline.build(_inputs(tmp_path / "in", ("xyb-2026-01-02",)), ds, workers=1)
    after = manifest.read(ds)
    assert after is not None
    for g in (("csb", 2025), ("csb", 2026)):
        assert after.summaries[g] == before.summaries[g]
    assert after.summaries[("xyb", 2026)]["path"] != before.summaries[("xyb", 2026)]["path"]
    assert not (ds / before.summaries[("xyb", 2026)]["path"]).exists()  # the old partition file was retired
    assert sorted(after.partition(("xyb", 2026)).issues) == ["xyb-2026-01-01", "xyb-2026-01-02"]
    assert validate_paths([ds]).ok


def test_a_format_1_folder_is_read_and_its_next_change_writes_the_current_format(archive: Path,
                                                                                  tmp_path: Path) -> None:
    """Format 1 kept every issue and shard in manifest.json; the next build writes the partition files."""
    ds = tmp_path / "ds"
    shutil.copytree(archive, ds)
    m = manifest.read(ds)
    assert m is not None
    old = {"format": manifest.FORMAT, "format_version": 1, **m.extra,
           "files": [f.to_json() for f in m.meta] + [f.to_json() for g in m.groups() for f in m.partition(g).files],
           "issues": m.issues}
    shutil.rmtree(ds / manifest.PART_DIR)
    (ds / manifest.NAME).write_bytes(orjson.dumps(old))
    v1 = manifest.read(ds)
    assert v1 is not None and sorted(v1.issues) == EXPECTED and v1.shards("articles") == m.shards("articles")
    shards = {k: v for k, v in _files(ds).items() if k.startswith(("data/", "jsonl/"))}
    pipeline.build(_inputs(tmp_path / "in", ("csb-2026-01-02",)), ds, workers=1)
    doc = orjson.loads((ds / manifest.NAME).read_bytes())
    assert doc["format_version"] == manifest.FORMAT_VERSION and len(doc["partitions"]) == 3
    assert all((ds / s["path"]).is_file() for s in doc["partitions"])
    after = _files(ds)
    assert all(after[k] == v for k, v in shards.items() if "/2025/" in k)  # untouched partitions keep their shards
    assert validate_paths([ds]).ok


def test_a_format_2_folder_is_read_and_its_next_change_writes_counts_only(archive: Path, tmp_path: Path) -> None:
    """Format 2's summaries listed every Parquet shard: read as counts; the next change writes format 3."""
    ds = tmp_path / "ds"
    shutil.copytree(archive, ds)
    m = manifest.read(ds)
    assert m is not None
    doc = orjson.loads((ds / manifest.NAME).read_bytes())
    for s in doc["partitions"]:
        s["parquet"] = {c: [{"path": f.path, "sha256": f.sha256, "bytes": f.bytes, "rows": f.rows}
                            for f in m.partition((s["paper_id"], s["year"])).shards(c)] for c in s["parquet"]}
    doc["format_version"] = 2
    (ds / manifest.NAME).write_bytes(orjson.dumps(doc))
    v2 = manifest.read(ds)
    assert v2 is not None and v2.summaries == m.summaries and v2.parquet_listing("numbers") == m.parquet_listing(
        "numbers")
    assert validate_paths([ds]).ok
    good = orjson.dumps(doc)
    doc["partitions"][0]["parquet"]["articles"][0]["rows"] = "9"
    (ds / manifest.NAME).write_bytes(orjson.dumps(doc))
    with pytest.raises(manifest.ManifestError, match="rows"):
        manifest.read(ds)
    (ds / manifest.NAME).write_bytes(good)
    pipeline.build(_inputs(tmp_path / "in", ("csb-2026-01-02",)), ds, workers=1)
    top = orjson.loads((ds / manifest.NAME).read_bytes())
    assert top["format_version"] == 3 and all(isinstance(c["files"], int) for s in top["partitions"]
                                              for c in s["parquet"].values())
    assert validate_paths([ds]).ok


def _user_files(folder: Path) -> dict[str, bytes]:
    files = {".git/HEAD": b"ref: refs/heads/main\n", ".git/objects/ab/cdef": b"\x00blob\xff",
             ".gitattributes": b"*.parquet filter=lfs diff=lfs merge=lfs -text\n"}
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return files


def test_files_the_tool_does_not_own_survive_every_command(tmp_path: Path) -> None:
    out = tmp_path / "clone"
    out.mkdir()
    mine = _user_files(out)  # a fresh Hub clone: only git files, so it counts as empty
    src = _inputs(tmp_path / "in", ("csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"))
    args = ["--newspaper", "测试报", "--out", str(out)]
    assert run_cli("build", str(src[0].path), *args).returncode == 0
    (out / "LICENSE").write_bytes(b"CC-BY-4.0\n")
    (out / "notes").mkdir()
    (out / "notes" / "provenance.md").write_text("扫描件来自档案馆。\n", encoding="utf-8")
    mine |= {"LICENSE": b"CC-BY-4.0\n", "notes/provenance.md": "扫描件来自档案馆。\n".encode()}
    for cmd in (["build", str(src[1].path), *args], ["build", str(src[0].path), *args],  # add, rebuild
                ["build", str(src[2].path), "--replace", *args], ["remove", "--out", str(out), "csb-2026-03-03"],
                ["build", str(src[0].path), str(src[1].path), *args], ["compact", "--out", str(out)]):
        r = run_cli(*cmd)
        assert r.returncode == 0, (cmd, r.stderr)
        assert {k: (out / k).read_bytes() for k in mine} == mine, cmd
        assert validate_paths([out]).ok, cmd
    assert sorted(manifest.read(out).issues) == ["csb-2026-03-01", "csb-2026-03-02"]  # type: ignore[union-attr]


@pytest.mark.parametrize("content", [{"README.md": "# 我的数据\n这是一个 corpus-tools dataset 的说明。\n"},
                                     {"notes.txt": "不要删\n"}, {"data/articles/x.parquet": "mine"}])
def test_a_folder_without_a_manifest_is_refused_and_left_alone(tmp_path: Path, content: dict[str, str]) -> None:
    out = tmp_path / "mine"
    for rel, text in content.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "E042" in r.stderr and "Traceback" not in r.stderr
    assert "manifest" in r.stderr
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def _a_shard(doc: dict) -> dict:
    return next(f for f in doc["files"] if f["kind"] == "parquet")


@pytest.mark.parametrize(("part_edit", "edit", "message"), [
    (lambda d: d["issues"].update({"../../evil": d["issues"].popitem()[1]}), None, "safe file name"),
    (lambda d: _a_shard(d).update(path="data/articles/../../../evil.parquet"), None, "not a shard path"),
    (lambda d: _a_shard(d).update(bytes="12"), None, "expected path, sha256"),
    (lambda d: d.update(year=1999), None, "manifest.json says"),
    (None, lambda d: next(f for f in d["files"] if f["kind"] == "croissant").update(path="../croissant.json"),
     "not a croissant path"),
    (None, lambda d: d.update(files=5), "list"),
    (None, lambda d: d["partitions"][0].update(path="manifest/../../evil.json"), "manifest/<paper_id>/<yyyy>"),
    (None, lambda d: d["partitions"][0].update(bytes=d["partitions"][0]["bytes"] + 1), "bytes differ"),
])
def test_a_manifest_that_cannot_be_trusted_is_refused(tmp_path: Path, part_edit, edit, message: str) -> None:
    """manifest.json and its partition files are both checked: types, safe paths and ids, hashes."""
    out = tmp_path / "ds"
    assert run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out)).returncode == 0
    if part_edit is not None:
        edit_partition(out, part_edit)
    if edit is not None:
        doc = orjson.loads((out / manifest.NAME).read_bytes())
        edit(doc)
        (out / manifest.NAME).write_bytes(orjson.dumps(doc))
    before = _files(out)
    other = tmp_path / "in" / "csb-2026-03-02.txt"
    other.parent.mkdir()
    shutil.copy(ISSUE, other)
    r = run_cli("build", str(other), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 1 and "E040" in r.stderr and message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "in"]  # nothing written outside --out
    assert not validate_paths([out]).ok


def test_a_manifest_that_is_not_utf8_json_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    assert run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out)).returncode == 0
    (out / manifest.NAME).write_bytes(b'{"format": "\xff"}')
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 1 and "manifest.json: E040" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_folder_of_another_schema_version_is_refused_untouched(tmp_path: Path) -> None:
    """Adding to a folder whose records follow another schema would mix two schemas in one dataset: refused,
    one coded line naming the folder, nothing written."""
    out = pipeline.build(_inputs(tmp_path / "in", ("csb-2026-03-01",)), tmp_path / "ds", workers=1)
    top = orjson.loads((out / manifest.NAME).read_bytes())
    top["release"]["schema_version"] = "0.9.0"  # as a folder written by an older corpus-tools says
    (out / manifest.NAME).write_bytes(orjson.dumps(top))
    before = _files(out)
    src = _inputs(tmp_path / "in", ("csb-2026-03-02",))[0].path
    r = run_cli("build", str(src), "--newspaper", "测试报", "--paper-id", "csb", "--out", str(out))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    (line,) = r.stderr.strip().splitlines()
    assert "E043" in line and str(out) in line and "schema 0.9.0" in line
    assert _files(out) == before
    r = run_cli("remove", "csb-2026-03-01", "--out", str(out))
    assert r.returncode != 0 and "E043" in r.stderr and _files(out) == before
