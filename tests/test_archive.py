"""The archive: readers on a glob, the manifest as ownership record, atomic commits, lock, signals, compaction."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from corpus_tools import manifest, pipeline
from corpus_tools.load import load_config
from tests.conftest import ROOT, issue_inputs

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
