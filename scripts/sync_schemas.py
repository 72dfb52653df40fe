"""Rewrite the repository's top-level ``schemas/`` from the package's ``corpus_tools/schemas/``.

The package copy is the source (it ships in the wheel and the code reads it);
the top-level folder is there for readers of the repository and the design
card.  ``tests/test_schema.py`` fails when the two differ.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Copy every package schema over the top-level one and drop top-level files the package lacks."""
    src, dst = ROOT / "corpus_tools" / "schemas", ROOT / "schemas"
    dst.mkdir(exist_ok=True)
    names = {p.name for p in src.glob("*.schema.json")}
    for name in sorted(names):
        shutil.copyfile(src / name, dst / name)
    for stale in sorted(p for p in dst.glob("*.schema.json") if p.name not in names):
        stale.unlink()
        print(f"removed {stale}")
    print(f"schemas/: {len(names)} files copied from corpus_tools/schemas/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
