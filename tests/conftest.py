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
