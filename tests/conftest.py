"""Shared fixtures: an offline environment, the CLI as a subprocess, a built bundled issue."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_CASES = ROOT.parent / "shared" / "eval" / "cases"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")


def _committed_source_commit() -> str | None:
    """The source commit output/jzrb records: test builds stamp it too, so comparing them with the committed
    folder compares what the converter wrote, not which HEAD the tests run at (tests/test_release.py checks
    the git lookup itself)."""
    import json

    path = ROOT / "output" / "jzrb" / "manifest.json"
    if not path.is_file():
        return None
    return (json.loads(path.read_text(encoding="utf-8")).get("release") or {}).get("source_commit")


if (_commit := _committed_source_commit()) is not None:
    os.environ.setdefault("CORPUS_TOOLS_SOURCE_COMMIT", _commit)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``corpus-tools`` the way a user does, in a separate process."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "corpus_tools", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=600)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled issue built once into a temporary folder."""
    out = tmp_path_factory.mktemp("built") / "jzrb"
    r = run_cli("build", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture
def cache_dir(tmp_path: Path) -> str:
    """A private datasets cache per test, so no test sees another's cached rows."""
    return str(tmp_path / "hf-cache")


def issue_inputs(folder: Path, names: tuple[str, ...], source: Path | None = None) -> list:
    """Copies of a fixture issue named ``<paper>-<date>.txt`` (a paper, date per name), as build inputs."""
    import shutil

    from corpus_tools import pipeline

    source = source or ROOT / "tests" / "fixtures" / "issues" / "csb-2026-03-01.txt"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        p = folder / f"{name}.txt"
        if not p.exists():
            shutil.copy(source, p)
        out.append(pipeline.IssueInput(p, pipeline.meta_for(p, "测试报", None, None, None)))
    return out


def shard_paths(folder: Path, config: str, kind: str = "jsonl") -> list[Path]:
    """The shards of one config as the folder's manifest lists them, in issue-id order (never a glob)."""
    from corpus_tools import manifest

    m = manifest.read(folder)
    assert m is not None, f"{folder} has no manifest"
    return [folder / f.path for f in m.shards(config, kind)]


def jsonl_rows(folder: Path, config: str) -> list[dict]:
    """Every row of one config, read from the JSONL shards the manifest lists."""
    import orjson

    return [orjson.loads(x) for p in shard_paths(folder, config) for x in p.read_bytes().splitlines()]


RELEASE_FILES = {"README.md", "croissant.json", "manifest.json"}


def published(folder: Path) -> dict[str, object]:
    """What compaction must reproduce byte for byte: every data file and the manifest's record of them.

    The card, Croissant and the manifest's release record carry the folder's history (version, changelog), so
    a folder that was compacted after several builds differs there from a fresh build of the same issues.
    """
    import json

    out: dict[str, object] = {q.relative_to(folder).as_posix(): q.read_bytes() for q in sorted(folder.rglob("*"))
                              if q.is_file() and ".corpus-tools" not in q.parts and q.name not in RELEASE_FILES}
    m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    out["manifest.partitions"] = m["partitions"]  # the partition files themselves are compared above, byte for byte
    out["manifest.files"] = [f for f in m["files"] if f["path"] not in RELEASE_FILES]
    return out


def edit_partition(folder: Path, edit: object, k: int = 0) -> Path:
    """Apply ``edit(doc)`` to the ``k``-th partition file and point manifest.json at the edited bytes (new name,
    sha256 and size, the summary left as it was): what a hand edit that kept the hashes consistent looks like.
    Returns the new partition file."""
    import hashlib

    import orjson

    top = orjson.loads((folder / "manifest.json").read_bytes())
    s = top["partitions"][k]
    old = folder / s["path"]
    doc = orjson.loads(old.read_bytes())
    edit(doc)  # type: ignore[operator]
    data = orjson.dumps(doc)
    sha = hashlib.sha256(data).hexdigest()
    s.update(path=f"manifest/{s['paper_id']}/{s['year']:04d}.{sha[:12]}.json", sha256=sha, bytes=len(data))
    old.unlink()
    (folder / s["path"]).write_bytes(data)
    (folder / "manifest.json").write_bytes(orjson.dumps(top))
    return folder / s["path"]
