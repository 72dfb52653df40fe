"""Kill a build at every durable step (fault injection) and check that nothing is ever lost.

Each scenario runs once with ``CORPUS_TOOLS_FAULT_TRACE`` to count its steps,
then once per step with ``CORPUS_TOOLS_FAULT_AT=n`` in a forked child that
``os._exit``s just before step ``n`` — as abrupt as SIGKILL, no clean-up runs.
After every kill: the folder validates, it holds exactly the old or the new
issues (by manifest and by the card loaders read), and the next build recovers
it (and adds its own issue) leaving no journal, staging or unlisted file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from corpus_tools import commit, manifest, pipeline
from corpus_tools.card import split_card
from corpus_tools.lexicon import lexicon
from corpus_tools.load import listed_configs
from corpus_tools.publish import Archive, card_files
from corpus_tools.validate import validate_paths
from tests.conftest import issue_inputs

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill test forks")

State = dict[str, str] | None  # issue_id → source sha256; None: nothing published yet


def _in_fork(fn: Callable[[], object], fault_at: int | None = None, trace: Path | None = None) -> int:
    """Run ``fn`` in a forked child (optionally killed at a step); its exit code."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            if fault_at is not None:
                os.environ["CORPUS_TOOLS_FAULT_AT"] = str(fault_at)
            if trace is not None:
                os.environ["CORPUS_TOOLS_FAULT_TRACE"] = str(trace)
            commit._steps = 0
            fn()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _state(out: Path) -> State:
    m = manifest.read(out)
    return None if m is None else {k: v["source_sha256"] for k, v in m.issues.items()}


def _card_issues(out: Path) -> set[str] | None:
    """The issues a loader sees: those of the shards the card lists for the issues config."""
    card = out / "README.md"
    if not card.is_file():
        return None
    meta, _ = split_card(card.read_text(encoding="utf-8"))
    paths = [p for c in meta["configs"] if c["config_name"] == "issues" for p in card_files(out, c)]
    return {i for p in paths for i in pq.read_table(out / p, columns=["issue_id"]).column("issue_id").to_pylist()}


def _build(inputs: list[pipeline.IssueInput], out: Path, **kw: object) -> Callable[[], object]:
    return lambda: pipeline.build(inputs, out, workers=1, **kw)


def _remove(out: Path, ids: set[str]) -> Callable[[], object]:
    def run() -> None:
        with Archive(out) as arc, arc.change(drop=ids) as change:
            change.commit()
    return run


def _compact(out: Path) -> Callable[[], object]:
    def run() -> None:
        with Archive(out) as arc, arc.compact() as change:
            change.commit()
    return run


@pytest.fixture(scope="module")
def issues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pipeline.IssueInput]:
    tmp = tmp_path_factory.mktemp("kill-in")
    lexicon()  # loaded once here, shared by every forked child
    names = ("csb-2026-03-01", "csb-2026-03-02", "csb-2026-03-03", "csb-2026-03-09")
    out = {i.meta.paper_id + i.path.stem[3:]: i for i in issue_inputs(tmp, names)}
    (changed,) = issue_inputs(tmp / "changed", ("csb-2026-03-02",))
    changed.path.write_text(changed.path.read_text(encoding="utf-8").replace("12座", "15座"), encoding="utf-8")
    out["changed"] = changed
    (broken,) = issue_inputs(tmp / "broken", ("csb-2026-03-02",))
    broken.path.write_bytes(b"")  # its rebuild fails: --keep-going keeps the published 03-02
    out["broken"] = broken
    pipeline.build([out["csb-2026-03-01"]], tmp / "warm", workers=1)  # compile rules once, before forking
    return out


def _scenarios(iss: dict[str, pipeline.IssueInput]) -> dict[str, tuple[Callable[[Path], None], Callable]]:
    """name → (prepare the starting folder, the change to kill)."""
    a, b, c = iss["csb-2026-03-01"], iss["csb-2026-03-02"], iss["csb-2026-03-03"]
    return {
        "first build": (lambda out: None, lambda out: _build([a, b], out)),
        "add an issue": (lambda out: pipeline.build([a, b], out, workers=1), lambda out: _build([c], out)),
        "rebuild an issue": (lambda out: pipeline.build([a, b, c], out, workers=1),
                             lambda out: _build([iss["changed"]], out)),
        "remove an issue": (lambda out: pipeline.build([a, b, c], out, workers=1),
                            lambda out: _remove(out, {"csb-2026-03-02"})),
        "compact": (lambda out: pipeline.build([a, b, c], out, workers=1, shard_bytes=1),
                    lambda out: _compact(out)),
        "keep going past a failed rebuild": (lambda out: pipeline.build([a, b], out, workers=1),
                                             lambda out: _build([iss["broken"], c], out, keep_going=True)),
    }


@pytest.fixture
def fast_tmp(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory when the machine has one: the test is about kills, not disks, and fsync is slow here."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="corpus-tools-kill-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_build_killed_at_any_step_loses_nothing(fast_tmp: Path, issues: dict[str, pipeline.IssueInput]) -> None:
    tmp_path = fast_tmp
    follow = issues["csb-2026-03-09"]
    total = 0
    for name, (prepare, change) in _scenarios(issues).items():
        start = tmp_path / name.replace(" ", "-") / "start" / "ds"
        prepare(start)
        old = _state(start) if start.exists() else None
        done = tmp_path / name.replace(" ", "-") / "done" / "ds"
        trace = tmp_path / f"{name}.trace"
        done.parent.mkdir(parents=True)  # the same folders exist for every run, so the steps are the same
        if start.exists():
            shutil.copytree(start, done, symlinks=True)
        assert _in_fork(change(done), trace=trace) == 0, name
        new = _state(done)
        steps = len(trace.read_text(encoding="utf-8").splitlines())
        assert steps >= 20 and (new != old or name == "compact"), name  # compact keeps the issues
        for n in range(1, steps + 1):
            out = tmp_path / name.replace(" ", "-") / f"k{n}" / "ds"
            out.parent.mkdir(parents=True)
            if start.exists():
                shutil.copytree(start, out, symlinks=True)
            assert _in_fork(change(out), fault_at=n) == commit.FAULT_EXIT, (name, n)
            got = _state(out) if out.exists() else None
            assert got in (old, new), (name, n, got)
            if got is not None:
                report = validate_paths([out])
                assert report.ok, (name, n, [str(p) for p in report.problems[:5]])
                seen = _card_issues(out)
                assert seen is None or seen in ({*(old or {})}, {*new}), (name, n, seen)  # type: ignore[misc]
            else:
                assert not (out / "README.md").exists() and not (out / manifest.NAME).exists()
            assert _in_fork(_build([follow], out)) == 0, (name, n)  # the next build recovers
            after = _state(out)
            assert after is not None and set(after) == set(got or {}) | {follow_id(follow)}, (name, n)
            assert validate_paths([out]).ok, (name, n)
            assert sorted(p.name for p in (out / commit.TOOL_DIR).iterdir()) == [".gitignore", "lock"], (name, n)
            assert _card_issues(out) == set(after) and listed_configs(out), (name, n)
            shutil.rmtree(out.parent)
        total += steps
        print(f"kill test: {name}: {steps} kill points, 0 losses")
    print(f"kill test: {total} kill points in all, 0 losses")
    assert total >= 200


def follow_id(inp: pipeline.IssueInput) -> str:
    from corpus_tools.records import issue_id

    return issue_id(inp.meta)
