"""Start-up of a one-issue build: what a daily ``corpus-tools build`` pays beyond converting its issue.

Prints, from fresh processes (the median of ``--repeat`` runs each):
- the whole ``corpus-tools build`` process on the bundled issue, and a bare ``python -c pass``;
- inside one process: interpreter start, imports of the CLI and of the build path, the dictionary
  load, regex compiling (timed wherever it happens: at import or on first use), the first conversion
  and a second, warm conversion of the same issue (the conversion itself);
- overhead = whole process - warm conversion (goal <= 0.6 s).

    python benchmarks/bench_startup.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = r"""
import json, sys, time
started = time.time()
import re, re._compiler
spent = [0.0, 0]
_compile = re._compiler.compile
def timed(p, flags=0):
    t = time.perf_counter()
    try:
        return _compile(p, flags)
    finally:
        spent[0] += time.perf_counter() - t
        spent[1] += 1
re._compiler.compile = timed
marks = {}
def mark(name, since):
    now = time.perf_counter()
    marks[name] = now - since
    return now
t = time.perf_counter()
import corpus_tools.cli
t = mark("import cli", t)
from corpus_tools import pipeline
t = mark("import build path", t)
from corpus_tools.lexicon import lexicon
lexicon()
t = mark("dictionary", t)
inp = pipeline.bundled()
pipeline.convert_and_render(inp, None)
t = mark("first conversion", t)
pipeline.convert_and_render(inp, None)
t = mark("warm conversion", t)
marks["regex compile"] = spent[0]
marks["regexes"] = spent[1]
marks["python start"] = started - float(sys.argv[1])
print(json.dumps(marks))
"""


def whole_build(out: Path) -> float:
    """Wall time of ``corpus-tools build`` (the bundled issue) as a user runs it."""
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus_tools", "build", "--out", str(out)], check=True,
                   capture_output=True)
    return time.perf_counter() - t0


def bare_python() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t0


def probe() -> dict[str, float]:
    """The breakdown inside one fresh process (python start from the wall clock before it was spawned)."""
    r = subprocess.run([sys.executable, "-c", PROBE, repr(time.time())], check=True, capture_output=True, text=True)
    return json.loads(r.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    # as installed (pip compiles the bytecode): a process must not recompile every module it imports
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", "import corpus_tools.cli, corpus_tools.pipeline, corpus_tools.figure, "
                    "corpus_tools.annotate.numbers, corpus_tools.annotate.people"], check=True)  # writes it
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    try:
        wholes, bares, probes = [], [], []
        for _ in range(args.repeat):
            wholes.append(whole_build(tmp / "jz"))
            bares.append(bare_python())
            probes.append(probe())
        med = {k: statistics.median(p[k] for p in probes) for k in probes[0]}
        whole = statistics.median(wholes)
        print(f"one-issue build, whole process: {whole:.2f} s (median of {args.repeat}; min {min(wholes):.2f}, "
              f"max {max(wholes):.2f}); bare python -c pass {statistics.median(bares):.3f} s")
        for k in ("python start", "import cli", "import build path", "dictionary", "first conversion",
                  "warm conversion"):
            print(f"  {k:18s} {med[k]:.3f} s")
        print(f"  regex compiling    {med['regex compile']:.3f} s ({med['regexes']:.0f} patterns, inside the above)")
        over = whole - med["warm conversion"]
        print(f"overhead beyond the conversion: {over:.2f} s (goal <= 0.6 s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
