"""Every failure is one coded line naming where it happened, with a non-zero exit and no traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from corpus_tools import cli
from corpus_tools.card import split_card
from tests.conftest import ROOT, jsonl_rows, run_cli, shard_paths

ISSUE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"
BUILD = ("build", str(ISSUE), "--newspaper", "测试报")


def _one_coded_line(r: subprocess.CompletedProcess[str], code: int, *needles: str) -> str:
    """The run exited ``code`` and printed one error line (a code like E004) holding every needle."""
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, r.stderr
    assert " E0" in lines[0] or "error:" in lines[0], lines[0]
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


def test_unreadable_input(tmp_path: Path) -> None:
    """A file that exists but cannot be read (EIO from /proc/self/mem, readable by nobody)."""
    r = run_cli("build", "/proc/self/mem", "--newspaper", "X", "--paper-id", "x", "--date", "2026-01-01",
                "--out", str(tmp_path / "ds"))
    _one_coded_line(r, 1, "/proc/self/mem", "E001", "cannot read", "EIO")
    assert not (tmp_path / "ds").exists()


@pytest.mark.parametrize("where", ["under_a_file", "in_proc"])
def test_unwritable_out(tmp_path: Path, where: str) -> None:
    if where == "under_a_file":
        (tmp_path / "plain.txt").write_text("x")
        out = tmp_path / "plain.txt" / "ds"
    else:
        out = Path("/proc/corpus-tools-ds")
    r = run_cli(*BUILD, "--out", str(out))
    _one_coded_line(r, 1, "E004", "--out", "cannot write")


def test_name_too_long(tmp_path: Path) -> None:
    out = tmp_path / ("a" * 300)
    r = run_cli(*BUILD, "--out", str(out))
    _one_coded_line(r, 1, "E004", "ENAMETOOLONG")


def test_disk_full(tmp_path: Path) -> None:
    """A real full disk: a 32 kB tmpfs mounted in a private mount namespace (unshare -rm)."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare(1) is not installed: cannot mount a private tmpfs")
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=32k none {mnt}"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"this machine forbids private mounts: {probe.stderr.strip()}")
    script = (f'mount -t tmpfs -o size=32k none "$1" && exec "$2" -m corpus_tools build {ISSUE} '
              f'--newspaper 测试报 --out "$1/ds"')
    r = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", str(mnt), sys.executable],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
                       timeout=300)
    _one_coded_line(r, 1, "E004", "ENOSPC", str(mnt))


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-1", "1e308", "lots"])
def test_shard_mb_must_be_a_finite_positive_size(tmp_path: Path, value: str) -> None:
    r = run_cli(*BUILD, "--shard-mb", value, "--out", str(tmp_path / "ds"))
    _one_coded_line(r, 2, "--shard-mb")
    assert not (tmp_path / "ds").exists()


@pytest.mark.parametrize(("name", "text", "needle"), [
    ("m.json", '[{"path": 5, "date": "2026-03-01"}]', "entry 1"),
    ("m.json", '[{"path": "csb.txt", "date": 20260301}]', "entry 1"),
    ("m.json", '{"path": "csb.txt", "date": "2026-03-01"}', "m.json"),
    ("m.json", '[{"path": "csb.txt", "date": "2026-03-01", "paper_id": ["csb"]}]', "entry 1"),
    ("m.csv", "path,newspaper,date\ncsb.txt,测试报,2026-03-01,extra\n", "m.csv:2"),
])
def test_manifest_with_wrong_types(tmp_path: Path, name: str, text: str, needle: str) -> None:
    shutil.copy(ISSUE, tmp_path / "csb.txt")
    (tmp_path / name).write_text(text, encoding="utf-8")
    r = run_cli("build", "--manifest", str(tmp_path / name), "--out", str(tmp_path / "ds"))
    _one_coded_line(r, 2, needle, "--manifest")


def test_manifest_not_utf8(tmp_path: Path) -> None:
    shutil.copy(ISSUE, tmp_path / "csb.txt")
    (tmp_path / "m.csv").write_bytes("path,newspaper,date\ncsb.txt,测试报,2026-03-01\n".encode("gb18030"))
    r = run_cli("build", "--manifest", str(tmp_path / "m.csv"), "--out", str(tmp_path / "ds"))
    _one_coded_line(r, 2, "m.csv:2", "UTF-8")


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_damaged_shard_in_out(tmp_path: Path, damage: str) -> None:
    """Extending a folder whose Parquet shard is cut short or overwritten: one E013 line naming the shard, the
    folder kept.  The size check (a stat) catches it although the change does not rewrite that shard; a same-size
    edit of a rewritten shard is test_shards.py::test_a_same_size_edit_of_a_rewritten_shard_is_refused."""
    out = tmp_path / "ds"
    assert run_cli(*BUILD, "--out", str(out)).returncode == 0
    (shard,) = shard_paths(out, "articles", "parquet")
    data = shard.read_bytes()
    shard.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"not a shard at all\n" * 10)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".corpus-tools" not in p.parts}
    nxt = tmp_path / "csb-2026-03-02.txt"
    shutil.copy(ISSUE, nxt)
    r = run_cli("build", str(nxt), "--newspaper", "测试报", "--out", str(out))
    _one_coded_line(r, 1, f"{shard}: E013")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".corpus-tools" not in p.parts} == before


def test_broken_card_yaml(built: Path, tmp_path: Path) -> None:
    """``configs: 5`` in the card: validate names the card, no traceback."""
    copy = tmp_path / "ds"
    shutil.copytree(built, copy)
    card = copy / "README.md"
    meta, prose = split_card(card.read_text(encoding="utf-8"))
    meta["configs"] = 5
    card.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + prose, encoding="utf-8")
    r = run_cli("validate", str(copy))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{card}:" in r.stdout and "configs" in r.stdout


def test_card_yaml_syntax_error(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ds"
    shutil.copytree(built, copy)
    card = copy / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("configs:", "configs: [", 1), encoding="utf-8")
    r = run_cli("validate", str(copy))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{card}:" in r.stdout and "YAML" in r.stdout


def test_validate_unknown_config(built: Path) -> None:
    r = run_cli("validate", str(built), "--config", "bogus")
    _one_coded_line(r, 2, "--config", "bogus")


def test_ctrl_c_is_one_line_and_130(tmp_path: Path) -> None:
    """SIGINT to the whole process group (what a terminal sends) mid-batch: one line, exit 130."""
    folder = tmp_path / "in"
    folder.mkdir()
    for d in range(1, 29):
        shutil.copy(ISSUE, folder / f"csb-2026-02-{d:02d}.txt")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    p = subprocess.Popen([sys.executable, "-m", "corpus_tools", "build", str(folder), "--newspaper", "测试报",
                          "--out", str(tmp_path / "ds")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert p.stdout is not None
    first = p.stdout.readline()  # the first issue is done: workers are busy with the others
    assert first.startswith("csb-2026-02-01:"), first
    os.killpg(p.pid, signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130, (p.returncode, err)
    assert "Traceback" not in err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "interrupted" in lines[0], err
    assert not (tmp_path / "ds").exists()
    time.sleep(0.5)
    leftover = subprocess.run(["pgrep", "-s", str(p.pid)], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", "worker processes outlived the build"


def test_a_400_digit_number_is_one_note_not_a_failed_issue(tmp_path: Path) -> None:
    """A quantity too large for a float keeps its row (value null) and is reported once."""
    text = ISSUE.read_text(encoding="utf-8")
    assert "。" in text
    huge = "9" * 400
    src = tmp_path / "csb-2026-03-01.txt"
    src.write_text(text.replace("。", f"，到场的观众共有{huge}人。", 1), encoding="utf-8")
    out = tmp_path / "ds"
    r = run_cli("build", str(src), "--newspaper", "测试报", "--out", str(out))
    assert r.returncode == 0, r.stderr
    notes = [x for x in r.stderr.splitlines() if "too large" in x]
    assert len(notes) == 1, r.stderr
    assert f"{src.name}:" in notes[0] and "numbers" in notes[0]
    rows = jsonl_rows(out, "numbers")
    big = [x for x in rows if huge in x["text"]]
    assert len(big) == 1 and big[0]["value"] is None and big[0]["value_max"] is None
    assert len(rows) > 1  # the other quantities of the issue are there
    assert run_cli("validate", str(out)).returncode == 0


def test_unexpected_exception_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    """The last-resort handler: an unforeseen bug is one coded line and exit 1; the traceback on request."""
    from corpus_tools import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(pipeline, "build", broken)
    monkeypatch.delenv("CORPUS_TOOLS_DEBUG", raising=False)
    assert cli.main([*BUILD, "--out", str(tmp_path / "ds")]) == 1
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "E999" in lines[0] and "RuntimeError: something nobody foresaw" in lines[0], err
    assert "CORPUS_TOOLS_DEBUG=1" in lines[0]
    monkeypatch.setenv("CORPUS_TOOLS_DEBUG", "1")
    assert cli.main([*BUILD, "--out", str(tmp_path / "ds")]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_failures_file_is_json_lines(tmp_path: Path) -> None:
    """--keep-going: the failures file names file, line, code and reason of each failed issue."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ISSUE, folder / "csb-2026-03-01.txt")
    (folder / "csb-2026-03-02.txt").write_bytes(b"")
    out = tmp_path / "ds"
    r = run_cli("build", str(folder), "--newspaper", "测试报", "--keep-going", "--out", str(out))
    assert r.returncode == 1, r.stderr
    failures = out / ".corpus-tools" / "failures.jsonl"  # the tool's own folder: never a published file
    (fail,) = [json.loads(x) for x in failures.read_text(encoding="utf-8").splitlines()]
    assert fail["file"] == str(folder / "csb-2026-03-02.txt") and fail["code"] == "E001"
    assert "empty" in fail["reason"]
