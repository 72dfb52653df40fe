"""Issue 13 end to end, with real processes: parallel builds, signals, order after many changes, compaction.

Every test here runs ``corpus-tools`` (or the pipeline) the way an archivist
does — several processes, real signals, many commits into one folder — and
checks the folder afterwards by its manifest, by ``validate`` and by
``datasets.load_dataset``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_tools import commit, manifest, pipeline
from corpus_tools.lock import FolderLock
from corpus_tools.schema import CONFIGS
from corpus_tools.validate import validate_paths
from tests.conftest import ROOT, issue_inputs, published

ISSUE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


def _issues(out: Path) -> list[str]:
    m = manifest.read(out)
    return sorted(m.issues) if m else []


def _files(folder: Path) -> dict[str, bytes]:
    """Every published file (the tool's own lock/journal folder aside)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and commit.TOOL_DIR not in p.parts}


def _copies(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(ISSUE, folder / f"{n}.txt")
    return [folder / f"{n}.txt" for n in names]


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "corpus_tools", *args], cwd=ROOT, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _tool_dir_is_clean(out: Path) -> None:
    assert sorted(p.name for p in (out / commit.TOOL_DIR).iterdir()) == [".gitignore", "lock"]


# --- concurrency -------------------------------------------------------------------------------------------------

def test_parallel_builds_into_one_folder_never_lose_an_issue(tmp_path: Path) -> None:
    """Two real build processes into one --out, started together, several times: every issue of every build
    that exits 0 is published, the folder validates, and a build that did not wait says so in one line (exit 3)."""
    out = tmp_path / "ds"
    (first,) = _copies(tmp_path / "in", ["csb-2026-03-01"])
    assert subprocess.run([sys.executable, "-m", "corpus_tools", "build", str(first), "--newspaper", "测试报",
                           "--out", str(out)], cwd=ROOT, env=ENV, capture_output=True).returncode == 0
    expected = {"csb-2026-03-01"}
    for trial in range(3):
        days = [f"csb-2026-04-{2 * trial + 1:02d}", f"csb-2026-04-{2 * trial + 2:02d}"]
        procs = [_start("build", str(p), "--newspaper", "测试报", "--out", str(out))
                 for p in _copies(tmp_path / f"in{trial}", days)]
        results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
        for day, (code, _, err) in zip(days, results, strict=True):
            assert "Traceback" not in err, err
            if code == 0:
                expected.add(day)
            else:
                lines = [x for x in err.splitlines() if x.strip()]
                assert code == 3 and len(lines) == 1 and "E041" in lines[0], (code, err)
        assert set(_issues(out)) == expected, (trial, results)
        assert validate_paths([out]).ok, trial
        _tool_dir_is_clean(out)
    assert len(expected) == 7  # with the default --lock-timeout (60 s) the second build waits, it never fails


def test_a_build_that_cannot_get_the_lock_exits_3_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    (a, b) = _copies(tmp_path / "in", ["csb-2026-03-01", "csb-2026-03-02"])
    assert subprocess.run([sys.executable, "-m", "corpus_tools", "build", str(a), "--newspaper", "测试报",
                           "--out", str(out)], cwd=ROOT, env=ENV, capture_output=True).returncode == 0
    before = _files(out)
    with FolderLock(out / commit.TOOL_DIR / "lock", 1):  # another build holds the folder
        p = _start("build", str(b), "--newspaper", "测试报", "--out", str(out), "--lock-timeout", "0.5")
        _, err = p.communicate(timeout=300)
    lines = [x for x in err.splitlines() if x.strip()]
    assert p.returncode == 3 and len(lines) == 1 and f"{out}: E041" in lines[0] and "--lock-timeout" in lines[0]
    assert _files(out) == before


# --- signals -----------------------------------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    """Live descendants of a process, from /proc (zombies count as gone)."""
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            kids.setdefault(int(fields[1]), []).append(int(d.name))
    out, todo = set(), [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def _alive(pids: set[int]) -> set[int]:
    left = set()
    for p in pids:
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(p)
    return left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize(("sig", "to_group", "existing"), [
    (signal.SIGINT, True, False),  # Ctrl-C in a terminal: the whole process group
    (signal.SIGTERM, False, False),  # kill PID, systemd, a cron timeout: the parent alone
    (signal.SIGTERM, False, True),
    (signal.SIGINT, False, True),
])
def test_a_signal_stops_a_batch_cleanly(tmp_path: Path, sig: signal.Signals, to_group: bool, existing: bool) -> None:
    """SIGINT/SIGTERM mid-batch (worker processes busy): exit 128 + signal, one coded line, no traceback, no
    staging or journal left, no worker outliving the build, and the folder as it was before."""
    out = tmp_path / "ds"
    if existing:
        (old,) = _copies(tmp_path / "old", ["csb-2026-01-31"])
        assert subprocess.run([sys.executable, "-m", "corpus_tools", "build", str(old), "--newspaper", "测试报",
                               "--out", str(out)], cwd=ROOT, env=ENV, capture_output=True).returncode == 0
    before = _files(out) if existing else None
    batch = _copies(tmp_path / "in", [f"csb-2026-02-{d:02d}" for d in range(1, 25)])
    p = _start("build", str(batch[0].parent), "--newspaper", "测试报", "--out", str(out))
    assert p.stdout is not None
    first = p.stdout.readline()  # one issue done: the pool is up and busy with the next ones
    assert first.startswith("csb-2026-02-01:"), first + (p.stderr.read() if p.stderr else "")
    workers = _children(p.pid)
    assert workers, "the batch runs worker processes"
    if to_group:
        os.killpg(p.pid, sig)
    else:
        os.kill(p.pid, sig)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 128 + sig, (p.returncode, err)
    assert "Traceback" not in err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "E020" in lines[0] and sig.name in lines[0], err
    deadline = time.monotonic() + 5
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(workers), "worker processes outlived the build"
    if existing:
        assert _files(out) == before
        assert validate_paths([out]).ok
        _tool_dir_is_clean(out)
    else:
        assert not out.exists()  # nothing was published: no folder, no temp folder left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in", *(["ds", "old"] if existing else [])])


# --- order and identity ------------------------------------------------------------------------------------------

def _loaded_issue_order(out: Path, cache_dir: str) -> dict[str, list[str]]:
    """Per config, the issue ids in the order ``datasets.load_dataset`` yields the rows (each id once)."""
    import datasets

    datasets.disable_progress_bars()
    meta_configs = manifest.read(out)
    assert meta_configs is not None
    got = {}
    for cfg in CONFIGS:
        if not meta_configs.shards(cfg):
            continue
        ds = datasets.load_dataset(str(out.resolve()), cfg, split="train", cache_dir=cache_dir)
        got[cfg] = list(dict.fromkeys(ds["issue_id"]))
    return got


def test_configs_load_in_issue_id_order_after_builds_rebuilds_and_removes(tmp_path: Path, cache_dir: str) -> None:
    """A day-by-day archive with corrections and withdrawals, two papers, two years: after every change each
    config loads (``datasets.load_dataset``) with its rows grouped by issue, in issue-id order."""
    names = ("csb-2025-12-31", "csb-2026-01-02", "csb-2026-01-01", "xyb-2026-01-01", "csb-2026-01-03",
             "csb-2026-01-04")
    inp = {i.path.stem: i for i in issue_inputs(tmp_path / "in", names)}
    (changed,) = issue_inputs(tmp_path / "changed", ("csb-2026-01-01",))
    changed.path.write_text(changed.path.read_text(encoding="utf-8").replace("12座", "15座"), encoding="utf-8")
    out = tmp_path / "ds"

    def build(*keys: str, **kw: object) -> None:
        pipeline.build([inp[k] for k in keys], out, workers=1, **kw)

    def remove(*ids: str) -> None:
        from corpus_tools.publish import Archive

        with Archive(out) as arc, arc.change(drop=set(ids)) as change:
            change.commit()

    steps = [
        lambda: build("csb-2026-01-02"),
        lambda: build("csb-2025-12-31", "csb-2026-01-04"),  # before and after what is there
        lambda: build("csb-2026-01-01"),  # between two published issues
        lambda: build("xyb-2026-01-01"),  # a second paper
        lambda: pipeline.build([changed], out, workers=1),  # a correction of 01-01
        lambda: remove("csb-2026-01-02"),
        lambda: build("csb-2026-01-03", "csb-2026-01-02"),  # back in, and a new day
        lambda: remove("csb-2025-12-31", "xyb-2026-01-01"),
        lambda: build("csb-2026-01-03"),  # a rebuild with the same text
    ]
    for n, step in enumerate(steps):
        step()
        ids = _issues(out)
        for cfg, order in _loaded_issue_order(out, f"{cache_dir}-{n}").items():
            m = manifest.read(out)
            assert m is not None
            with_rows = [i for i in ids if m.issues[i]["rows"].get(cfg)]
            assert order == with_rows, (n, cfg, order)
        assert validate_paths([out]).ok, n
    assert _issues(out) == ["csb-2026-01-01", "csb-2026-01-02", "csb-2026-01-03", "csb-2026-01-04"]
    m = manifest.read(out)
    assert m is not None
    assert m.issues["csb-2026-01-01"]["source_sha256"] == hashlib.sha256(changed.path.read_bytes()).hexdigest()


@pytest.mark.parametrize("shard_bytes", [64 * 1024 * 1024, 16 * 1024])  # the default; a limit that rolls over
def test_compact_is_byte_identical_to_a_fresh_batch_build(tmp_path: Path, shard_bytes: int) -> None:
    """Issues added one at a time (out of order), one removed, one re-added: compact gives, byte for byte,
    the folder a single batch build of the same issues writes (same shard limit)."""
    names = ("csb-2026-01-03", "csb-2026-01-01", "xyb-2026-01-01", "csb-2025-12-31", "csb-2026-01-02")
    inputs = issue_inputs(tmp_path / "in", names)
    grown = tmp_path / "grown" / "ds"
    for inp in inputs:
        pipeline.build([inp], grown, workers=1, shard_bytes=shard_bytes)
    from corpus_tools.publish import Archive

    with Archive(grown) as arc, arc.change(drop={"csb-2026-01-01"}) as change:
        change.commit()
    pipeline.build([inputs[1]], grown, workers=1, shard_bytes=shard_bytes)
    fresh = pipeline.build(inputs, tmp_path / "fresh" / "ds", workers=1, shard_bytes=shard_bytes)
    assert _files(grown) != _files(fresh)  # one shard per add: not the batch layout yet
    r = subprocess.run([sys.executable, "-m", "corpus_tools", "compact", "--out", str(grown), "--shard-mb",
                        str(shard_bytes / (1024 * 1024))], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert published(grown) == published(fresh)  # data and their manifest records; release history differs
    assert validate_paths([grown]).ok
    _tool_dir_is_clean(grown)
    again = subprocess.run([sys.executable, "-m", "corpus_tools", "compact", "--out", str(grown), "--shard-mb",
                            str(shard_bytes / (1024 * 1024))], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert again.returncode == 0 and "0 (config, paper, year) groups rewritten" in again.stdout, again.stdout


# --- recovery ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("phase", "said"), [("link", "rolled back"), ("rename README.md", "rolled forward")])
def test_the_next_build_repairs_a_killed_one_and_says_so(tmp_path: Path, phase: str, said: str) -> None:
    """A build killed before its commit point (a shard linked) or after it (the card not yet rewritten): the
    next build finishes or undoes it, says which on stderr, and leaves the old or new issues plus its own."""
    out = tmp_path / "ds"
    a, b, c = _copies(tmp_path / "in", ["csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"])
    run = [sys.executable, "-m", "corpus_tools", "build", "--newspaper", "测试报", "--out", str(out)]
    assert subprocess.run([*run, str(a)], cwd=ROOT, env=ENV, capture_output=True).returncode == 0
    trace = tmp_path / "trace"
    probe = tmp_path / "probe" / "ds"
    shutil.copytree(out, probe)
    assert subprocess.run([*run[:-1], str(probe), str(b)], cwd=ROOT, capture_output=True,
                          env={**ENV, "CORPUS_TOOLS_FAULT_TRACE": str(trace)}).returncode == 0
    steps = [line.split(" ", 1) for line in trace.read_text(encoding="utf-8").splitlines()]
    at = [n for n, what in steps if what.startswith(phase)][-1]  # the last link: shards placed, none committed
    killed = subprocess.run([*run, str(b)], cwd=ROOT, capture_output=True,
                            env={**ENV, "CORPUS_TOOLS_FAULT_AT": at})
    assert killed.returncode == commit.FAULT_EXIT
    assert (out / commit.TOOL_DIR / commit.JOURNAL).is_file()  # the killed build's journal is left behind
    r = subprocess.run([*run, str(c)], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    told = [x for x in r.stderr.splitlines() if "interrupted build" in x]
    assert told and said in told[0] and str(out) in told[0], r.stderr
    if said == "rolled back":
        assert "(0 unpublished" not in told[0], told  # the shards it had placed are gone
    expected = ["csb-2026-03-01", "csb-2026-03-03"] if said == "rolled back" else \
        ["csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03"]
    assert _issues(out) == expected
    assert validate_paths([out]).ok
    _tool_dir_is_clean(out)
