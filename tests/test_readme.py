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
    for needle in ("datasets.load_dataset", "to_pandas", "duckdb.sql", "load_config", "corpus_tools.convert_text",
                   "corpus_tools.open_dataset", "pl.scan_pyarrow_dataset"):
        assert needle in joined


OPTIONAL = "# optional: pip install "
# what the README's first command installs: our dependencies, and pandas/numpy/huggingface_hub that datasets requires
BASE_IMPORTS = {"corpus_tools", "datasets", "pyarrow", "jsonschema", "jsonschema_rs", "orjson", "charset_normalizer",
                "jieba", "cn2an", "opencc", "pandas", "numpy", "huggingface_hub"}


def _imports(code: str) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_examples_run_after_the_first_command_alone() -> None:
    """A block needing more than the base install says so on its first line, naming exactly what it adds."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # no tomllib on Python 3.10
    deps = re.findall(r'"([^"]+)"', re.search(r"^dependencies = \[(.*?)^\]", pyproject, flags=re.S | re.M)[1])
    declared = {re.split(r"[<>=!~ \[]", d)[0].replace("-", "_").lower() for d in deps}
    assert {n for n in BASE_IMPORTS if n not in ("corpus_tools", "pandas", "numpy", "huggingface_hub")} <= declared
    for code in BLOCKS:
        extra = _imports(code) - BASE_IMPORTS - set(sys.stdlib_module_names)
        first = code.splitlines()[0]
        if first.startswith(OPTIONAL):
            assert extra and extra == set(first.removeprefix(OPTIONAL).split()), first
        else:
            assert not extra, f"block needs {sorted(extra)} but is not marked {OPTIONAL!r}:\n{code[:200]}"
