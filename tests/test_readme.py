"""The README's promises: two commands first, and every loading example runs as printed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_first_lines_are_the_two_commands() -> None:
    first = README.split("```")[1].strip().splitlines()
    assert first[0] == "sh"
    commands = first[1:]
    assert len(commands) == 2
    assert "corpus-tools build" in commands[0] and "pip install" in commands[0]
    assert "pytest" in commands[1] and "pip install" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci, ".ci/run must run the README's test command"


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_loading_examples_run(code: str, built: Path, tmp_path: Path) -> None:
    """Run each example in a folder where output/jzrb is the freshly built dataset."""
    (tmp_path / "output").mkdir()
    shutil.copytree(built, tmp_path / "output" / "jzrb")
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_CACHE": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, env=env,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip()


def test_examples_cover_datasets_pandas_duckdb() -> None:
    joined = "\n".join(BLOCKS)
    for needle in ("datasets.load_dataset", "to_pandas", "duckdb.sql", "load_config"):
        assert needle in joined
