"""A dataset folder is validated one (paper, year) group at a time, ids still unique across groups."""

from __future__ import annotations

from pathlib import Path

import orjson

from corpus_tools import pipeline
from corpus_tools.validate import validate_paths
from corpus_tools.validate_groups import group_files
from tests.conftest import issue_inputs


def _two_years(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    pipeline.build(issue_inputs(tmp_path / "in", ("csb-2025-12-31", "csb-2026-01-01", "csb-2026-01-02")), out)
    return out


def test_every_group_is_checked_and_all_rows_counted(tmp_path: Path) -> None:
    out = _two_years(tmp_path)
    groups = group_files(out)
    assert list(groups) == [("csb", 2025), ("csb", 2026)]
    report = validate_paths([out])
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert report.checked_rows["issues"] == 3
    assert report.checked_rows["articles"] > 3


def test_an_id_repeated_in_another_group_is_named(tmp_path: Path) -> None:
    out = _two_years(tmp_path)
    groups = group_files(out)
    (old_jsonl,) = groups[("csb", 2025)]["articles"][0]
    (new_jsonl,) = groups[("csb", 2026)]["articles"][0]
    stolen = orjson.loads(old_jsonl.read_bytes().splitlines()[0])["article_id"]
    lines = new_jsonl.read_bytes().splitlines()
    row = orjson.loads(lines[0])
    row["article_id"] = stolen
    new_jsonl.write_bytes(b"\n".join([orjson.dumps(row), *lines[1:]]) + b"\n")
    report = validate_paths([out])
    dups = [p for p in report.problems if p.kind == "duplicate_id"]
    assert [p.message for p in dups] == [f"duplicate id {stolen!r} (first at {old_jsonl}:1)"]
    assert dups[0].file == str(new_jsonl) and dups[0].line == 1
