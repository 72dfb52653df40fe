"""Shards hold whole issues: batch builds, size roll-over, rebuilding one issue inside a shard, input order."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from corpus_tools import pipeline
from corpus_tools.errors import InputError
from corpus_tools.load import listed_configs, load_config
from corpus_tools.schema import CONFIGS, arrow_schema
from corpus_tools.shards import Part, ShardWriter, render_part, shard_stem
from corpus_tools.validate import read_arrow_table, validate_paths
from tests.conftest import ROOT

ISSUE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"
DAYS = ("2026-03-03", "2026-03-01", "2026-03-02")  # not in date order on purpose


def _inputs(folder: Path, days: tuple[str, ...] = DAYS) -> list[pipeline.IssueInput]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for day in days:
        p = folder / f"csb-{day}.txt"
        if not p.exists():
            shutil.copy(ISSUE, p)
        out.append(pipeline.IssueInput(p, pipeline.meta_for(p, "测试报", None, None, None)))
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _issue_ids(arrow: Path) -> list[str]:
    return read_arrow_table(arrow).column("issue_id").to_pylist()


def test_batch_goes_into_one_shard_per_config(tmp_path: Path, cache_dir: str) -> None:
    out = pipeline.build(_inputs(tmp_path / "in"), tmp_path / "ds", workers=1)
    for cfg in listed_configs(out):
        arrows = list((out / "data" / cfg).glob("*.arrow"))
        jsonls = list((out / "jsonl" / cfg).glob("*.jsonl"))
        assert [shard_stem(p) for p in arrows] == [shard_stem(p) for p in jsonls] == ["csb-2026-03-01--csb-2026-03-03"]
        ids = _issue_ids(arrows[0])
        assert list(dict.fromkeys(ids)) == ["csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"]  # in id order
        assert len(jsonls[0].read_bytes().splitlines()) == len(ids)
    arts = load_config(out, "articles", cache_dir=cache_dir)
    assert Counter(arts["issue_id"]) == Counter({d: arts.num_rows // 3 for d in
                                                 ("csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03")})
    assert validate_paths([out]).ok


def test_shards_roll_over_at_the_size_limit_and_keep_issues_whole(tmp_path: Path, cache_dir: str) -> None:
    out = pipeline.build(_inputs(tmp_path / "in"), tmp_path / "ds", workers=1, shard_bytes=1)
    for cfg in listed_configs(out):
        arrows = sorted((out / "data" / cfg).glob("*.arrow"))
        assert [shard_stem(p) for p in arrows] == ["csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"]
        for p in arrows:
            assert set(_issue_ids(p)) == {shard_stem(p)}
    assert load_config(out, "issues", cache_dir=cache_dir).num_rows == 3
    assert validate_paths([out]).ok


def test_output_does_not_depend_on_input_order_or_workers(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    a = pipeline.build(inputs, tmp_path / "a" / "ds", workers=1)
    for workers in (2, 3):  # this process and forked workers share the work
        b = pipeline.build(list(reversed(inputs)), tmp_path / f"b{workers}" / "ds", workers=workers)
        assert _files(a) == _files(b)


def test_rebuilding_one_issue_rewrites_the_shard_that_held_it(tmp_path: Path, cache_dir: str) -> None:
    inputs = _inputs(tmp_path / "in")
    out = pipeline.build(inputs, tmp_path / "ds", workers=1)
    before = load_config(out, "articles", cache_dir=cache_dir)
    changed = tmp_path / "in" / "csb-2026-03-02.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("青山区新建12座口袋公园", "青山区新建15座口袋公园"),
                       encoding="utf-8")
    pipeline.build([i for i in inputs if i.path == changed], out, workers=1)
    after = load_config(out, "articles", cache_dir=cache_dir)  # same cache: content hashes force a reload
    assert after.num_rows == before.num_rows
    heads = Counter((r["issue_id"], r["headline"]) for r in after)
    assert heads[("csb-2026-03-02", "青山区新建15座口袋公园")] == 1
    assert heads[("csb-2026-03-02", "青山区新建12座口袋公园")] == 0
    assert heads[("csb-2026-03-01", "青山区新建12座口袋公园")] == 1
    stems = sorted(shard_stem(p) for p in (out / "data" / "articles").glob("*.arrow"))
    assert stems == ["csb-2026-03-01--csb-2026-03-03", "csb-2026-03-02"]
    assert sorted(set(_issue_ids(next((out / "data" / "articles").glob("*--*.arrow"))))) == [
        "csb-2026-03-01", "csb-2026-03-03"]
    assert validate_paths([out]).ok


def test_rebuilding_every_issue_of_a_shard_drops_it(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    out = pipeline.build(inputs, tmp_path / "ds", workers=1)
    pipeline.build(inputs[1:], out, workers=1)  # 03-01 and 03-02 again: the old shard keeps 03-03 only
    assert sorted(shard_stem(p) for p in (out / "data" / "issues").glob("*.arrow")) == [
        "csb-2026-03-01--csb-2026-03-02", "csb-2026-03-03"]
    pipeline.build(inputs, out, workers=1)
    assert [shard_stem(p) for p in (out / "data" / "issues").glob("*.arrow")] == ["csb-2026-03-01--csb-2026-03-03"]
    assert validate_paths([out]).ok


def test_a_shard_is_what_pyarrows_stream_writer_writes(tmp_path: Path) -> None:
    rows = [pipeline.convert(i).rows for i in _inputs(tmp_path / "in", DAYS[:2])]
    for cfg in CONFIGS:
        if not rows[0][cfg]:
            continue
        w = ShardWriter(tmp_path / "ds", cfg)
        for r in rows:
            w.add(r["issues"][0]["issue_id"], render_part(cfg, r[cfg]))
        w.close()
        arrow = next(tmp_path.glob(f"ds/data/{cfg}/*.arrow"))
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, arrow_schema(cfg)) as writer:
            for r in rows:
                writer.write_table(pa.Table.from_pylist(r[cfg], schema=arrow_schema(cfg)))
        assert arrow.read_bytes() == sink.getvalue().to_pybytes()
        assert w.written[str(arrow.relative_to(tmp_path / "ds"))] == sum(len(r[cfg]) for r in rows)


def test_an_aborted_shard_is_never_named(tmp_path: Path) -> None:
    w = ShardWriter(tmp_path, "issues")
    w.add("x-2026-01-01", Part(b"", b"{}\n", 1))
    w.abort()
    assert w.written == {}
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_shard_whose_jsonl_lost_a_line_is_not_rewritten(tmp_path: Path) -> None:
    """Rewriting a damaged shard pair would pair the wrong lines with rows: refuse, keep the old folder."""
    inputs = _inputs(tmp_path / "in", DAYS[1:])
    out = pipeline.build(inputs, tmp_path / "ds", workers=1)
    jsonl = next((out / "jsonl" / "numbers").glob("*.jsonl"))
    jsonl.write_bytes(b"".join(jsonl.read_bytes().splitlines(keepends=True)[1:]))
    before = _files(out)
    with pytest.raises(ValueError, match="lines but its Arrow twin"):
        pipeline.build(inputs[:1], out, workers=1)
    assert _files(out) == before


def test_untouched_shards_are_carried_over_without_copying(tmp_path: Path) -> None:
    """Adding a day to a big archive must not copy the archive: unchanged shards are hard links."""
    inputs = _inputs(tmp_path / "in")
    out = pipeline.build(inputs[1:], tmp_path / "ds", workers=1)  # 03-01 and 03-02
    old = {p.name: p.stat().st_ino for p in out.rglob("*.arrow")}
    pipeline.build(inputs[:1], out, workers=1)  # add 03-03
    new = {p.name: p.stat().st_ino for p in out.rglob("*.arrow")}
    assert all(new[name] == ino for name, ino in old.items())  # same files, same inodes
    assert len(new) == 2 * len(old)
    assert validate_paths([out]).ok


def test_a_failing_issue_in_a_parallel_batch_writes_nothing(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", ("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"))
    inputs[3].path.write_bytes(b"")  # an empty file: an input error
    with pytest.raises(InputError, match="empty"):
        pipeline.build(inputs, tmp_path / "ds", workers=2)
    assert not (tmp_path / "ds").exists()
    assert not list(tmp_path.glob(".ds.tmp-*"))
