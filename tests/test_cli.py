"""The command line as users meet it: help, exit codes, one-line errors, no half-written output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, jsonl_rows, run_cli

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


def _issue_rows(out: Path) -> list[dict]:
    return jsonl_rows(out, "issues")


def test_folder_input_lists_what_it_skipped(tmp_path: Path) -> None:
    """Text suffixes count case-insensitively; folders, hidden files and other suffixes are named as skipped."""
    folder = tmp_path / "in"
    (folder / "older").mkdir(parents=True)
    shutil.copy(ISSUE, folder / "csb-2026-03-01.TXT")
    shutil.copy(ISSUE, folder / "csb-2026-03-02.text")
    shutil.copy(ISSUE, folder / "older" / "csb-2026-03-03.txt")
    shutil.copy(ISSUE, folder / ".csb-2026-03-04.txt")
    (folder / "notes.md").write_text("my notes", encoding="utf-8")
    out = tmp_path / "ds"
    r = run_cli("build", str(folder), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert [row["issue_id"] for row in _issue_rows(out)] == ["csb-2026-03-01", "csb-2026-03-02"]
    skipped = {line.split(": skipped: ")[0].split(" ")[-1]: line.split(": skipped: ")[1]
               for line in r.stderr.splitlines() if ": skipped: " in line}
    assert set(skipped) == {str(folder / n) for n in ("older", ".csb-2026-03-04.txt", "notes.md")}
    assert "folder" in skipped[str(folder / "older")]
    assert "hidden" in skipped[str(folder / ".csb-2026-03-04.txt")]
    assert ".txt" in skipped[str(folder / "notes.md")]


def test_no_usable_input_is_an_error_and_keeps_the_archive(tmp_path: Path) -> None:
    """A folder with nothing to convert must never publish an empty dataset (--replace would erase it)."""
    out = tmp_path / "ds"
    assert run_cli("build", str(ISSUE), "--newspaper", "测试报", "--out", str(out)).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    folder = tmp_path / "in"
    (folder / "scans").mkdir(parents=True)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    r = run_cli("build", str(folder), "--newspaper", "测试报", "--replace", "--out", str(out))
    assert r.returncode == 2
    errors = [x for x in r.stderr.splitlines() if "error" in x]
    assert len(errors) == 1 and "no usable input" in errors[0] and str(folder) in errors[0], r.stderr
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_keep_going_publishes_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for day in ("01", "03"):
        shutil.copy(ISSUE, folder / f"csb-2026-03-{day}.txt")
    bad = folder / "csb-2026-03-02.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "ds"
    r = run_cli("build", str(folder), "--newspaper", "测试报", "--keep-going", "--out", str(out))
    assert r.returncode == 1, r.stderr
    assert [row["issue_id"] for row in _issue_rows(out)] == ["csb-2026-03-01", "csb-2026-03-03"]
    assert f"{bad}: E001" in r.stderr
    assert "2 issues published, 1 failed" in r.stdout
    assert str(out / ".corpus-tools" / "failures.jsonl") in r.stdout
    assert run_cli("validate", str(out)).returncode == 0


def test_keep_going_with_every_issue_failing_publishes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "csb-2026-03-02.txt").write_bytes(b"")
    out = tmp_path / "ds"
    r = run_cli("build", str(folder), "--newspaper", "测试报", "--keep-going", "--out", str(out))
    assert r.returncode == 1
    assert not out.exists()


@pytest.mark.parametrize("spelling", ["utf8", "UTF-8", "utf_8", "U8"])
def test_encoding_spellings_are_one_value(tmp_path: Path, spelling: str) -> None:
    out = tmp_path / "ds"
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--encoding", spelling, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert [row["encoding"] for row in _issue_rows(out)] == ["utf-8"]


@pytest.mark.parametrize("spelling", ["bogus", "rot13", "base64"])
def test_unknown_encoding_is_a_usage_error(tmp_path: Path, spelling: str) -> None:
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--encoding", spelling, "--out", str(tmp_path / "ds"))
    assert r.returncode == 2
    _one_line_error(r, "--encoding", spelling)


@pytest.mark.parametrize("pid", ["csb\n", "csb\n-x", "CSB", "../csb", "-csb"])
def test_paper_id_must_be_exactly_an_id(tmp_path: Path, pid: str) -> None:
    r = run_cli("build", str(ISSUE), "--newspaper", "测试报", "--paper-id", pid, "--out", str(tmp_path / "ds"))
    assert r.returncode == 2
    _one_line_error(r, "--paper-id")


@pytest.mark.parametrize("newspaper", [None, "", "  "])
def test_missing_paper_id_is_an_error(tmp_path: Path, newspaper: str | None) -> None:
    """No --paper-id, no id in the file name and no newspaper name: say so (never the hash of '')."""
    src = tmp_path / "issue.txt"
    shutil.copy(ISSUE, src)
    paper = (f"--newspaper={newspaper}",) if newspaper is not None else ()
    r = run_cli("build", str(src), *paper, "--date", "2026-03-01", "--out", str(tmp_path / "ds"))
    assert r.returncode == 2
    _one_line_error(r, "--paper-id", str(src))


def test_ascii_newspaper_name_is_slugged(tmp_path: Path) -> None:
    src = tmp_path / "issue.txt"
    shutil.copy(ISSUE, src)
    out = tmp_path / "ds"
    r = run_cli("build", str(src), "--newspaper", "China Daily", "--date", "2026-03-01", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert [row["issue_id"] for row in _issue_rows(out)] == ["china-daily-2026-03-01"]
