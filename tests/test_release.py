"""The release record in manifest.json: semver, converter version from one place, counts, changelog, snapshot."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import orjson
import pytest

from corpus_tools import SCHEMA_VERSION, __version__, manifest, release
from corpus_tools.schema import CONFIGS
from tests.conftest import ROOT, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"
SNAPSHOT = ROOT / "tests" / "snapshots" / "output.json"


def output_sha256(folder: Path) -> str:
    """One hash of every row the converter wrote: the JSONL shards, config by config, in manifest order."""
    m = manifest.read(folder)
    h = hashlib.sha256()
    for cfg in CONFIGS:
        for f in m.shards(cfg, "jsonl"):
            h.update(f"{f.path}\n".encode())
            h.update((folder / f.path).read_bytes())
    return h.hexdigest()


def test_output_changes_only_with_a_new_converter_version(built: Path) -> None:
    """The committed snapshot pins (converter_version, output hash) of the bundled issue: a change to the output
    fails here until corpus_tools.__version__ is bumped and the snapshot rewritten with it."""
    snap = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = output_sha256(built)
    if snap["converter_version"] == __version__:
        assert got == snap["output_sha256"], (
            f"the bundled issue's output changed but converter_version is still {__version__}: bump "
            f"corpus_tools.__version__, then write {{\"converter_version\": <new>, \"output_sha256\": <hash>}} "
            f"into {SNAPSHOT.relative_to(ROOT)} (hash now {got})")
    else:
        pytest.fail(f"converter_version is {__version__} but {SNAPSHOT.relative_to(ROOT)} records "
                    f"{snap['converter_version']}: write the new version and output_sha256 {got} into it")


def test_converter_version_has_one_source(built: Path) -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = text.split("[project]", 1)[1].split("\n[", 1)[0]
    assert 'dynamic = ["version"]' in project and "\nversion =" not in project
    assert 'version = { attr = "corpus_tools.__version__" }' in text
    assert version("corpus-tools") == __version__
    m = manifest.read(built)
    assert m.extra["release"]["converter_version"] == __version__
    issue = orjson.loads(next((built / "jsonl" / "issues").rglob("*.jsonl")).read_bytes().splitlines()[0])
    assert issue["converter_version"] == __version__


def test_release_record_of_a_first_build(built: Path) -> None:
    m = manifest.read(built)
    rel = m.extra["release"]
    assert rel["dataset_version"] == release.FIRST_VERSION and rel["schema_version"] == SCHEMA_VERSION
    assert "released" not in rel  # no clock without SOURCE_DATE_EPOCH
    assert rel["changelog"] == {"from_version": None, "added": sorted(m.issues), "removed": [], "changed": []}
    (iid,) = m.issues
    rows = m.issues[iid]["rows"]
    assert rel["counts"] == {"jzrb": {"2026": {"issues": 1, **{c: rows.get(c, 0) for c in CONFIGS}}}}
    assert rows["articles"] == 9 and rows["people"] > 0
    assert len(m.issues[iid]["content_sha256"]) == 64
    for f in m.files:  # every file: sha256, bytes, rows (shards)
        data = (built / f.path).read_bytes()
        assert (f.sha256, f.bytes) == (hashlib.sha256(data).hexdigest(), len(data)), f.path
        if f.kind == "jsonl":
            assert f.rows == len(data.splitlines())


def _build(out: Path, *names: str, newspaper: str = "测试报") -> dict:
    src = out.parent / "in"
    src.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in names:
        shutil.copy(FIXTURE, src / f"{n}.txt")
        paths.append(str(src / f"{n}.txt"))
    r = run_cli("build", *paths, "--newspaper", newspaper, "--out", str(out))
    assert r.returncode == 0, r.stderr
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["release"]


def test_semver_follows_the_changes(tmp_path: Path) -> None:
    """minor for added issues, nothing for a rebuild that changes nothing, patch for a fix, major for removal."""
    out = tmp_path / "ds"
    first = _build(out, "csb-2026-03-01")
    assert first["dataset_version"] == "1.0.0"
    second = _build(out, "csb-2026-03-02", "csb-2027-01-05")
    assert second["dataset_version"] == "1.1.0"
    assert second["changelog"] == {"from_version": "1.0.0", "added": ["csb-2026-03-02", "csb-2027-01-05"],
                                   "removed": [], "changed": []}
    assert second["counts"]["csb"]["2026"]["issues"] == 2 and second["counts"]["csb"]["2027"]["issues"] == 1
    before = (out / "manifest.json").read_bytes()
    assert _build(out, "csb-2026-03-02") == second  # same content: the same release
    assert (out / "manifest.json").read_bytes() == before
    fixed = _build(out, "csb-2026-03-02", newspaper="另一报")  # the rows change, the issue stays
    assert fixed["dataset_version"] == "1.1.1"
    assert fixed["changelog"] == {"from_version": "1.1.0", "added": [], "removed": [], "changed": ["csb-2026-03-02"]}
    r = run_cli("remove", "csb-2026-03-01", "--out", str(out))
    assert r.returncode == 0, r.stderr
    gone = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["release"]
    assert gone["dataset_version"] == "2.0.0" and gone["changelog"]["removed"] == ["csb-2026-03-01"]
    assert gone["counts"]["csb"]["2026"]["issues"] == 1


def test_a_schema_change_is_a_major_version() -> None:
    issues = {"a-2026-01-01": {"paper_id": "a", "year": 2026, "rows": {"issues": 1}, "content_sha256": "x"}}
    old = {"dataset_version": "1.4.2", "converter_version": __version__, "schema_version": "0.9.0"}
    log = release.changelog(issues, issues)
    rel = release.release(old, log, {("a", 2026): {"rows": {"issues": 1}}})
    assert rel["dataset_version"] == "2.0.0" and rel["counts"]["a"]["2026"]["issues"] == 1
    assert release.bump("1.4.2", {"added": ["b"], "removed": [], "changed": ["c"]}, False) == "1.5.0"
    assert release.bump("1.4.2", {"added": [], "removed": [], "changed": ["c"]}, False) == "1.4.3"


def test_source_date_epoch_sets_the_release_day_and_nothing_else_reads_the_clock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    rel = _build(tmp_path / "a" / "ds", "csb-2026-03-01")
    assert rel["released"] == "2026-01-01"
    card = (tmp_path / "a" / "ds" / "README.md").read_text(encoding="utf-8")
    assert "year    = {2026}" in card and "released 2026-01-01" in card
    _build(tmp_path / "b" / "ds", "csb-2026-03-01")
    for name in ("manifest.json", "README.md", "croissant.json", "figure.svg"):
        assert (tmp_path / "a" / "ds" / name).read_bytes() == (tmp_path / "b" / "ds" / name).read_bytes(), name


def test_source_commit_is_the_checkout_head(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the override the commit is git's HEAD of the checkout the package runs from."""
    monkeypatch.delenv(release.COMMIT_ENV, raising=False)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    release.source_commit.cache_clear()
    try:
        assert release.source_commit() == head.stdout.strip()
        monkeypatch.setenv(release.COMMIT_ENV, "0" * 40)
        release.source_commit.cache_clear()
        assert release.source_commit() == "0" * 40
    finally:
        release.source_commit.cache_clear()
