"""The command line as users meet it: help, exit codes, one-line errors, no half-written output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

ISSUE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"


@pytest.mark.parametrize("sub", ["build", "validate", "info", "push"])
def test_help(sub: str) -> None:
    r = run_cli(sub, "--help")
    assert r.returncode == 0
    assert f"usage: corpus-tools {sub}" in r.stdout


def test_build_reports_counts(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--date", "2026-03-01", "--paper-id", "csb",
                "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "csb-2026-03-01: 2 pages, 3 articles, 0 images" in r.stdout
    assert (out / "README.md").is_file()


def test_date_from_file_name(tmp_path: Path) -> None:
    """A batch input named <paper-id>-YYYY-MM-DD.txt needs no --date."""
    out = tmp_path / "ds"
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("csb-2026-03-01:")


def _one_line_error(r, *needles: str) -> None:
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_empty_file(tmp_path: Path) -> None:
    src = tmp_path / "empty.txt"
    src.write_bytes(b"\n\n  \n")
    out = tmp_path / "ds"
    r = run_cli("build", str(src), "--newspaper", "X", "--date", "2026-01-01", "--out", str(out))
    assert r.returncode == 1
    _one_line_error(r, str(src), "empty")
    assert not out.exists()


def test_binary_file(tmp_path: Path) -> None:
    src = tmp_path / "photo.txt"
    src.write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "ds"
    r = run_cli("build", str(src), "--newspaper", "X", "--date", "2026-01-01", "--out", str(out))
    assert r.returncode == 1
    _one_line_error(r, str(src))
    assert not out.exists()


def test_missing_date(tmp_path: Path) -> None:
    src = tmp_path / "issue.txt"
    shutil.copy(ISSUE, src)
    out = tmp_path / "ds"
    r = run_cli("build", str(src), "--newspaper", "X", "--out", str(out))
    assert r.returncode == 2
    _one_line_error(r, str(src), "--date")
    assert not out.exists()


def test_bad_date(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    r = run_cli("build", str(ISSUE), "--newspaper", "X", "--date", "2026-02-30", "--out", str(out))
    assert r.returncode == 2
    _one_line_error(r, "--date", "2026-02-30")
    assert not out.exists()


def test_missing_input(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    missing = tmp_path / "nope.txt"
    r = run_cli("build", str(missing), "--newspaper", "X", "--date", "2026-01-01", "--out", str(out))
    assert r.returncode == 1
    _one_line_error(r, str(missing), "no such file")
    assert not out.exists()


def test_failed_rebuild_keeps_old_folder(tmp_path: Path) -> None:
    """A build that fails leaves an existing dataset exactly as it was."""
    out = tmp_path / "ds"
    assert run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out)).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "csb-2026-03-02.txt"
    bad.write_bytes(b"")
    assert run_cli("build", str(bad), "--newspaper", "测试报", "--out", str(out)).returncode == 1
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".ds.tmp-*"))


def test_refuses_to_overwrite_other_folders(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 1
    assert (out / "notes.txt").read_text() == "keep me"


def test_validate_unknown_path(tmp_path: Path) -> None:
    r = run_cli("validate", str(tmp_path / "missing"))
    assert r.returncode == 1
    assert "no such file or folder" in r.stdout


def test_batch_from_manifest(tmp_path: Path) -> None:
    for day in ("01", "02"):
        shutil.copy(ISSUE, tmp_path / f"issue{day}.txt")
    (tmp_path / "issues.csv").write_text("path,newspaper,date,paper_id\nissue01.txt,测试报,2026-03-01,csb\n"
                                         "issue02.txt,测试报,2026-03-02,csb\n", encoding="utf-8")
    out = tmp_path / "ds"
    r = run_cli("build", "--manifest", str(tmp_path / "issues.csv"), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert [x.split(":")[0] for x in r.stdout.splitlines()[:2]] == ["csb-2026-03-01", "csb-2026-03-02"]


def test_batch_from_folder_with_one_bad_file_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ISSUE, folder / "csb-2026-03-01.txt")
    (folder / "csb-2026-03-02.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "ds"
    r = run_cli("build", str(folder), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 1
    _one_line_error(r, "csb-2026-03-02.txt")
    assert not out.exists()


def test_manifest_entry_without_date(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("path,newspaper\nx.txt,测试报\n", encoding="utf-8")
    r = run_cli("build", "--manifest", str(tmp_path / "m.csv"), "--out", str(tmp_path / "ds"))
    assert r.returncode == 2
    _one_line_error(r, "m.csv:2", "path and date")


def test_shard_size_option(tmp_path: Path) -> None:
    for day in ("01", "02"):
        shutil.copy(ISSUE, tmp_path / f"csb-2026-03-{day}.txt")
    inputs = [str(tmp_path / f"csb-2026-03-{day}.txt") for day in ("01", "02")]
    r = run_cli("build", *inputs, "--newspaper", "测试报", "--shard-mb", "0", "--out", str(tmp_path / "ds"))
    assert r.returncode == 2 and "--shard-mb" in r.stderr
    r = run_cli("build", *inputs, "--newspaper", "测试报", "--shard-mb", "0.000001", "--out", str(tmp_path / "ds"))
    assert r.returncode == 0, r.stderr
    names = sorted(p.name.split(".")[0] for p in (tmp_path / "ds" / "data" / "articles").rglob("*.parquet"))
    assert names == ["csb-2026-03-01", "csb-2026-03-02"]
    r = run_cli("build", *inputs, "--newspaper", "测试报", "--replace", "--out", str(tmp_path / "ds"))
    assert r.returncode == 0, r.stderr
    names = sorted(p.name.split(".")[0] for p in (tmp_path / "ds" / "data" / "articles").rglob("*.parquet"))
    assert names == ["csb-2026-03-01--csb-2026-03-02"]
