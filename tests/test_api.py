"""The Python API: ``convert_text`` equals a build, ``open_dataset`` feeds pyarrow, polars, pandas and duckdb."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

import corpus_tools
from corpus_tools import manifest, pipeline
from corpus_tools.errors import CorpusError, EncodingError, InputError, UsageError
from corpus_tools.load import load_config
from corpus_tools.schema import CONFIGS, arrow_schema
from tests.conftest import ROOT, issue_inputs

ISSUE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two papers over two years, one of its configs (images) empty."""
    tmp = tmp_path_factory.mktemp("api")
    names = ("csb-2025-12-31", "csb-2026-01-01", "csb-2026-01-02", "xyb-2026-01-01")
    return pipeline.build(issue_inputs(tmp / "in", names), tmp / "ds", workers=1)


def test_convert_text_bytes_equal_a_build_of_the_file() -> None:
    b = pipeline.bundled()
    expected = pipeline.convert(b).rows
    got = corpus_tools.convert_text(b.path.read_bytes(), newspaper=b.meta.newspaper, date=b.meta.date.isoformat(),
                                    paper_id=b.meta.paper_id, source_name=b.path.name)
    assert list(got) == list(CONFIGS)
    assert got == {c: expected.get(c, []) for c in CONFIGS}
    assert got["articles"][0]["headline"] == "刘勇走访慰问一线职工 当好职工“娘家人”“贴心人”"


def test_bytes_are_detected_like_files_and_str_is_utf8() -> None:
    text = ISSUE.read_text(encoding="utf-8")
    from_gb = corpus_tools.convert_text(text.encode("gb18030"), newspaper="测试报", date="2026-03-01")
    from_str = corpus_tools.convert_text(text, newspaper="测试报", date="2026-03-01")
    assert from_gb["issues"][0]["encoding"] == "gb18030"
    assert from_str["issues"][0]["encoding"] == "utf-8"
    assert [a["text"] for a in from_gb["articles"]] == [a["text"] for a in from_str["articles"]]
    assert len(from_str["articles"]) >= 3
    iss = from_str["issues"][0]
    paper = pipeline.default_paper_id("测试报")
    assert (iss["paper_id"], iss["date"], iss["source_file"]) == (paper, "2026-03-01", f"{paper}-2026-03-01.txt")
    assert from_str["articles"][0]["article_id"].startswith(f"{paper}-2026-03-01-p01-")


@pytest.mark.parametrize(("data", "kwargs", "error", "needle"), [
    (b"", {}, InputError, "E001"),
    (b" \n\n\t", {}, InputError, "empty"),
    (b"\xff\xfe\x00\xd8", {"encoding": "utf-8"}, EncodingError, "E002"),
    ("正文", {"date": "2026-02-30"}, UsageError, "date: "),
    ("正文", {"paper_id": "Bad Id"}, UsageError, "paper_id: "),
    ("正文", {"newspaper": " "}, UsageError, "newspaper: "),
    (12, {}, UsageError, "expected str or bytes"),
])
def test_bad_input_raises_the_coded_error(data: object, kwargs: dict, error: type, needle: str) -> None:
    args = {"newspaper": "测试报", "date": "2026-03-01", **kwargs}
    with pytest.raises(error) as e:
        corpus_tools.convert_text(data, **args)  # type: ignore[arg-type]
    assert isinstance(e.value, CorpusError)
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_import_is_lazy_and_names_resolve() -> None:
    code = ("import sys, corpus_tools\n"
            "heavy = [m for m in ('pyarrow', 'datasets', 'corpus_tools.api', 'corpus_tools.pipeline', 'jieba') "
            "if m in sys.modules]\n"
            "print(heavy, sorted(n for n in ('convert_text', 'open_dataset', 'parquet_files') "
            "if n in dir(corpus_tools)))\n"
            "print(corpus_tools.open_dataset.__module__, 'pyarrow' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[] ['convert_text', 'open_dataset', 'parquet_files']"
    assert out[1] == "corpus_tools.api False"  # opening nothing yet: pyarrow comes with the first call
    with pytest.raises(AttributeError):
        _ = corpus_tools.no_such_name  # type: ignore[attr-defined]


def test_open_dataset_reads_every_config_in_issue_order(archive: Path) -> None:
    m = manifest.read(archive)
    assert m is not None
    for cfg in CONFIGS:
        dset = corpus_tools.open_dataset(archive, cfg)
        assert isinstance(dset, pads.Dataset)
        assert dset.schema == arrow_schema(cfg)
        shards = m.shards(cfg)
        assert [Path(f.path).name for f in dset.get_fragments()] == [Path(s.path).name for s in shards]
        table = dset.to_table()
        assert table.num_rows == sum(s.rows for s in shards) == sum(e["rows"].get(cfg, 0) for e in m.issues.values())
        if shards:
            direct = pa.concat_tables([pq.read_table(archive / s.path) for s in shards])
            assert table.equals(direct)
    ids = corpus_tools.open_dataset(archive, "articles").to_table(columns=["issue_id"])["issue_id"].to_pylist()
    assert list(dict.fromkeys(ids)) == sorted(m.issues)


def test_an_empty_config_has_the_schema_columns(archive: Path) -> None:
    import polars as pl

    m = manifest.read(archive)
    assert m is not None and not m.shards("images")
    dset = corpus_tools.open_dataset(archive, "images")
    assert dset.count_rows() == 0
    assert dset.to_table().column_names == arrow_schema("images").names
    assert list(dset.to_table().to_pandas().columns) == arrow_schema("images").names
    assert pl.scan_pyarrow_dataset(dset).collect().columns == arrow_schema("images").names
    assert corpus_tools.parquet_files(archive, "images") == []


def test_polars_pandas_duckdb_from_the_api_agree_with_load_dataset(archive: Path, cache_dir: str) -> None:
    import duckdb
    import polars as pl

    ref = load_config(archive, "numbers", cache_dir=cache_dir)
    dset = corpus_tools.open_dataset(archive, "numbers")
    files = corpus_tools.parquet_files(archive, "numbers")
    assert pl.scan_pyarrow_dataset(dset).select("number_id").collect()["number_id"].to_list() == ref["number_id"]
    assert pl.scan_parquet(files).select("number_id").collect()["number_id"].to_list() == ref["number_id"]
    df = dset.to_table(columns=["kind", "value"]).to_pandas()
    assert len(df) == ref.num_rows and df["kind"].tolist() == ref["kind"]
    kinds = dict(duckdb.sql("select kind, count(*) from dset group by kind").fetchall())
    assert kinds == {k: ref["kind"].count(k) for k in set(ref["kind"])}
    listed = duckdb.sql(f"select count(*) from read_parquet({json.dumps(files)})").fetchall()
    assert listed == [(ref.num_rows,)]
    money = dset.to_table(filter=pads.field("kind") == "money").num_rows
    assert money == ref["kind"].count("money")


def test_open_dataset_refuses_what_it_cannot_trust(archive: Path, tmp_path: Path) -> None:
    import shutil

    with pytest.raises(UsageError, match="unknown config"):
        corpus_tools.open_dataset(archive, "pages")
    with pytest.raises(manifest.ManifestError, match="not a corpus-tools dataset"):
        corpus_tools.open_dataset(tmp_path, "articles")
    copy = tmp_path / "copy"
    shutil.copytree(archive, copy)
    m = manifest.read(copy)
    assert m is not None
    gone = copy / m.shards("articles")[1].path
    gone.unlink()
    with pytest.raises(manifest.ManifestError) as e:
        corpus_tools.open_dataset(copy, "articles")
    assert str(gone) in str(e.value) and "E040" in str(e.value)


def test_load_benchmark_runs_on_a_small_valid_folder(tmp_path: Path) -> None:
    """The benchmark's folder is published through the commit path and validates; every figure is printed."""
    from corpus_tools.validate import validate_paths

    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_load.py"), "--rows", "700", "--repeat", "1",
                        "--dir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "700 rows, 11 issues" in r.stdout
    for key in ("load_dataset fresh", "load_dataset warm", "arrow fresh", "open_dataset + to_table", "medians:"):
        assert key in r.stdout
    report = validate_paths([tmp_path / "ds"])
    assert report.ok, report.problems[:3]
    assert report.checked_rows["numbers"] == 700
