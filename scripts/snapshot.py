"""Every record of every text we have, as one canonical JSON file: a guard for refactors and speed work.

Builds (in-process, no publishing) the bundled issue, the test fixture pages
and, when present, the eval cases and their re-typeset variants' plain
inputs, and writes ``{input: {config: rows}}`` with sorted keys.  Two runs of
the same code give identical files; diff the files of two versions to see
what a change did.

    python scripts/snapshot.py before.json   # on the old code
    python scripts/snapshot.py after.json    # on the new code
    cmp before.json after.json
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_tools import pipeline  # noqa: E402
from corpus_tools.types import IssueMeta  # noqa: E402
from scripts.eval_variants import VARIANTS, make_case  # noqa: E402


def inputs(tmp: Path) -> list[pipeline.IssueInput]:
    """The bundled issue, every fixture page and issue, and the eval cases beside the repository with
    their re-typeset variants (written under ``tmp``)."""
    out = [pipeline.bundled()]
    fixed = IssueMeta(newspaper="测试报", date=dt.date(2026, 3, 1), paper_id="csb", edition=None)
    for p in sorted((ROOT / "tests" / "fixtures").rglob("*.txt")):
        out.append(pipeline.IssueInput(p, fixed))
    for case in sorted((ROOT.parent / "shared" / "eval" / "cases").glob("*/raw.txt")):
        meta = json.loads((case.parent / "gold.json").read_text(encoding="utf-8"))["meta"]
        for folder in [case.parent] + [make_case(case.parent, v, tmp) for v in VARIANTS]:
            raw = folder / "raw.txt"
            out.append(pipeline.IssueInput(raw, pipeline.meta_for(raw, meta["newspaper"], meta["date"], None, None)))
    return out


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    snap: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for inp in inputs(Path(tmp)):
            key = str(inp.path.relative_to(tmp if inp.path.is_relative_to(tmp) else ROOT.parent))
            try:
                rows = pipeline.convert(inp).rows
                for r in rows["issues"]:
                    r["source_file"] = key  # variants live in a fresh temporary folder each run
            except Exception as e:  # a fixture meant to fail: record how it fails
                rows = {"error": f"{type(e).__name__}: {e}"}
            snap[key] = rows
    Path(sys.argv[1]).write_bytes(orjson.dumps(snap, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2))
    print(f"{len(snap)} inputs → {sys.argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
