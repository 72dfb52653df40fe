"""Shards hold whole issues of one paper and year: batch builds, roll-over, rebuilding inside a shard, order."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from corpus_tools import pipeline
from corpus_tools.errors import DatasetError, InputError
from corpus_tools.load import listed_configs, load_config
from corpus_tools.schema import arrow_schema
from corpus_tools.shards import ShardWriter, part_item, render_part, shard_stem
from corpus_tools.validate import read_arrow_table, validate_paths
from tests.conftest import ROOT, issue_inputs

ISSUE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"
DAYS = ("2026-03-03", "2026-03-01", "2026-03-02")  # not in date order on purpose


def _inputs(folder: Path, days: tuple[str, ...] = DAYS) -> list[pipeline.IssueInput]:
    return issue_inputs(folder, tuple(f"csb-{d}" for d in days))


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of a folder but the tool's lock/journal folder."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".corpus-tools" not in p.parts}


def _issue_ids(shard: Path) -> list[str]:
    return read_arrow_table(shard).column("issue_id").to_pylist()


def _shards(out: Path, cfg: str, sub: str = "data") -> list[Path]:
    return sorted((out / sub / cfg).rglob("*.parquet" if sub == "data" else "*.jsonl"))


def test_batch_goes_into_one_shard_per_config_and_group(tmp_path: Path, cache_dir: str) -> None:
    out = pipeline.build(_inputs(tmp_path / "in"), tmp_path / "ds", workers=1)
    for cfg in listed_configs(out):
        shards, jsonls = _shards(out, cfg), _shards(out, cfg, "jsonl")
        assert [shard_stem(p) for p in shards] == [shard_stem(p) for p in jsonls] == ["csb-2026-03-01--csb-2026-03-03"]
        assert shards[0].parent == out / "data" / cfg / "csb" / "2026"  # paper and year folders
        ids = _issue_ids(shards[0])
        assert list(dict.fromkeys(ids)) == ["csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"]  # in id order
        assert len(jsonls[0].read_bytes().splitlines()) == len(ids)
    arts = load_config(out, "articles", cache_dir=cache_dir)
    assert Counter(arts["issue_id"]) == Counter({d: arts.num_rows // 3 for d in
                                                 ("csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03")})
    assert validate_paths([out]).ok


def test_shards_never_mix_papers_or_years(tmp_path: Path, cache_dir: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    inputs = []
    for name in ("csb-2025-12-31", "csb-2026-01-01", "xyb-2026-01-01"):
        p = folder / f"{name}.txt"
        shutil.copy(ISSUE, p)
        inputs.append(pipeline.IssueInput(p, pipeline.meta_for(p, "测试报", None, None, None)))
    out = pipeline.build(inputs, tmp_path / "ds", workers=1)
    shards = _shards(out, "articles")
    assert [p.relative_to(out / "data" / "articles").as_posix().split(".")[0] for p in shards] == [
        "csb/2025/csb-2025-12-31", "csb/2026/csb-2026-01-01", "xyb/2026/xyb-2026-01-01"]
    for p in shards:
        assert set(_issue_ids(p)) == {shard_stem(p)}
    arts = load_config(out, "articles", cache_dir=cache_dir)
    assert list(dict.fromkeys(arts["issue_id"])) == ["csb-2025-12-31", "csb-2026-01-01", "xyb-2026-01-01"]
    assert validate_paths([out]).ok


def test_shards_roll_over_at_the_size_limit_and_keep_issues_whole(tmp_path: Path, cache_dir: str) -> None:
    out = pipeline.build(_inputs(tmp_path / "in"), tmp_path / "ds", workers=1, shard_bytes=1)
    for cfg in listed_configs(out):
        shards = _shards(out, cfg)
        assert [shard_stem(p) for p in shards] == ["csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"]
        for p in shards:
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
    old_names = {p.name for p in _shards(out, "articles")}
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
    assert list(dict.fromkeys(after["issue_id"])) == ["csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"]
    shards = _shards(out, "articles")
    assert [shard_stem(p) for p in shards] == ["csb-2026-03-01--csb-2026-03-03"]  # the issue stays where it was
    assert shards[0].name not in old_names
    assert validate_paths([out]).ok


def test_rebuilding_every_issue_of_a_shard_rewrites_it(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    out = pipeline.build(inputs, tmp_path / "ds", workers=1)
    first = {p.name for p in _shards(out, "issues")}
    pipeline.build(inputs[1:], out, workers=1)  # 03-01 and 03-02 again
    assert [shard_stem(p) for p in _shards(out, "issues")] == ["csb-2026-03-01--csb-2026-03-03"]
    assert {p.name for p in _shards(out, "issues")} == first  # same rows, same bytes, same name
    assert validate_paths([out]).ok


def test_a_shard_is_zstd_parquet_with_the_schemas_types(tmp_path: Path) -> None:
    out = pipeline.build(_inputs(tmp_path / "in", DAYS[:2]), tmp_path / "ds", workers=1)
    for cfg in listed_configs(out):
        (shard,) = _shards(out, cfg)
        meta = pq.ParquetFile(shard).metadata
        assert meta.row_group(0).column(0).compression == "ZSTD"
        assert pq.read_schema(shard).equals(arrow_schema(cfg), check_metadata=False)
        assert meta.num_rows == len(_shards(out, cfg, "jsonl")[0].read_bytes().splitlines())


def test_an_aborted_shard_is_never_named(tmp_path: Path) -> None:
    closed: list[object] = []
    w = ShardWriter(tmp_path, "issues", ("x", 2026), 1 << 20, closed.append)
    rows = pipeline.convert(_inputs(tmp_path / "in", DAYS[:1])[0]).rows
    w.add(part_item("issues", "csb-2026-03-03", render_part("issues", rows["issues"])))
    w.abort()
    assert closed == []


def test_a_shard_whose_jsonl_lost_a_line_is_not_rewritten(tmp_path: Path) -> None:
    """Rewriting a damaged shard pair would pair the wrong lines with rows: refuse, keep the old folder."""
    inputs = _inputs(tmp_path / "in", DAYS[1:])
    out = pipeline.build(inputs, tmp_path / "ds", workers=1)
    jsonl = _shards(out, "numbers", "jsonl")[0]
    jsonl.write_bytes(b"".join(jsonl.read_bytes().splitlines(keepends=True)[1:]))
    before = _files(out)
    with pytest.raises(DatasetError, match="truncated or edited") as e:
        pipeline.build(inputs[:1], out, workers=1)
    assert e.value.file == str(jsonl)
    assert _files(out) == before


def test_a_same_size_edit_of_a_rewritten_shard_is_refused(tmp_path: Path) -> None:
    """The size check by stat cannot see a same-size edit; the shard a change rewrites is hashed before use."""
    inputs = _inputs(tmp_path / "in", DAYS[1:])
    out = pipeline.build(inputs, tmp_path / "ds", workers=1)
    parquet = _shards(out, "numbers")[0]
    data = bytearray(parquet.read_bytes())
    data[len(data) // 2] ^= 0xFF
    parquet.write_bytes(bytes(data))
    before = _files(out)
    with pytest.raises(DatasetError, match="differ from the sha256") as e:
        pipeline.build(inputs[:1], out, workers=1)  # a rebuild: this shard is rewritten
    assert e.value.file == str(parquet)
    assert _files(out) == before


def test_untouched_shards_are_not_touched(tmp_path: Path) -> None:
    """Adding a day to a big archive must not copy the archive: shards it does not change stay as they are."""
    inputs = _inputs(tmp_path / "in")
    out = pipeline.build(inputs[1:], tmp_path / "ds", workers=1)  # 03-01 and 03-02
    old = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*.parquet")}
    pipeline.build(inputs[:1], out, workers=1)  # add 03-03
    new = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*.parquet")}
    assert all(new[name] == st for name, st in old.items())  # same files, same inodes, not rewritten
    assert len(new) == 2 * len(old)
    assert validate_paths([out]).ok


def test_a_failing_issue_in_a_parallel_batch_writes_nothing(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", ("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"))
    inputs[3].path.write_bytes(b"")  # an empty file: an input error
    with pytest.raises(InputError, match="empty"):
        pipeline.build(inputs, tmp_path / "ds", workers=2)
    assert not (tmp_path / "ds").exists()


def test_keep_going_a_failed_rebuild_keeps_the_published_issue(tmp_path: Path) -> None:
    """--keep-going: a rebuild that fails must not drop the issue it was rebuilding; the rest is published."""
    from tests.conftest import jsonl_rows

    inputs = _inputs(tmp_path / "in", ("2026-03-01", "2026-03-02"))
    out = pipeline.build(inputs, tmp_path / "ds", workers=1)
    before = {c: jsonl_rows(out, c) for c in ("issues", "articles", "numbers")}
    inputs[1].path.write_bytes(b"")  # 03-02's rebuild fails (an empty file)
    more = _inputs(tmp_path / "in", ("2026-03-01", "2026-03-02", "2026-03-03"))
    failed: list[pipeline.Failure] = []
    pipeline.build(more, out, workers=1, keep_going=True, on_failure=failed.append)
    assert [f.file for f in failed] == [str(inputs[1].path)]
    assert [r["issue_id"] for r in jsonl_rows(out, "issues")] == ["csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"]
    for cfg, rows in before.items():
        kept = [r for r in jsonl_rows(out, cfg) if r["issue_id"] == "csb-2026-03-02"]
        assert kept == [r for r in rows if r["issue_id"] == "csb-2026-03-02"] and kept, cfg
    assert validate_paths([out]).ok
    assert (out / ".corpus-tools" / "failures.jsonl").is_file()
    pipeline.build(more[:1], out, workers=1)  # a build with no failure removes the stale list
    assert not (out / ".corpus-tools" / "failures.jsonl").exists()


def test_both_converters_of_a_part_give_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON reader (a process's first parts) and ``pa.array`` (the rest) give the same table and bytes."""
    from corpus_tools import shards

    rec = pipeline.convert(pipeline.bundled())
    for cfg, rows in rec.rows.items():
        if not rows:
            continue
        monkeypatch.setattr(shards, "_rendered", 0)
        by_reader = render_part(cfg, rows)
        monkeypatch.setattr(shards, "_rendered", shards.JSON_READER_PARTS)
        by_dicts = render_part(cfg, rows)
        got, want = part_item(cfg, "x", by_reader).table, part_item(cfg, "x", by_dicts).table
        assert got.schema.equals(want.schema), cfg
        assert got.equals(want), cfg
        assert by_reader == by_dicts, cfg
        assert got.column(0).to_pylist() == [r[got.column_names[0]] for r in rows]


def test_a_one_issue_build_does_not_import_pandas(tmp_path: Path) -> None:
    """pandas costs 0.2-0.3 s of start-up and a build never needs it."""
    import subprocess
    import sys

    code = ("import sys; from corpus_tools.cli import main; rc = main(['build', '--out', sys.argv[1]]); "
            "print('pandas' in sys.modules); sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], capture_output=True, text=True,
                       check=True)
    assert r.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_rendering_many_parts_does_not_import_pandas() -> None:
    """Past the JSON reader's parts, ``pa.array`` converts the dicts without pyarrow importing pandas (its
    lazy probe would add ~50 MB to every worker); pandas still loads when a table is asked for one."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from corpus_tools import pipeline, shards\n"
        "from corpus_tools.schema import arrow_schema\n"
        "rows = pipeline.convert(pipeline.bundled(), None).rows['articles']\n"
        "first = None\n"
        "for _ in range(shards.JSON_READER_PARTS + 3):\n"
        "    part = shards.render_part('articles', rows)\n"
        "    first = first or part\n"
        "assert part == first, 'the two converters differ'\n"
        "print('pandas' in sys.modules)\n"
        "item = shards.part_item('articles', 'x', part)\n"
        "df = item.table.to_pandas()\n"
        "print('pandas' in sys.modules, len(df), list(df.columns) == arrow_schema('articles').names)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "True", str(len(pipeline.convert(pipeline.bundled(), None).rows["articles"])),
                                "True"]
