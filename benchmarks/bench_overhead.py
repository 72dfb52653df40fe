"""Start-up overhead of a one-issue build: the whole process against the conversion itself.

Prints, from one run on this machine:
- the whole ``corpus-tools build`` process of one issue into a new folder (median of ``--trials``);
- the conversion itself: ``pipeline.build`` of one issue into a new folder inside a warm process
  (imports, dictionary and regexes loaded by an earlier build of another date) — the reference;
- overhead = whole process - conversion, goal <= 0.6 s; and where it goes: the bare interpreter,
  importing the pipeline, the first issue's extra cost (dictionary, lazily compiled regexes).

    python benchmarks/bench_overhead.py [--trials 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus_tools" / "data" / "jzrb-2026-02-05.txt"
ARGS = ["--newspaper", "荆州日报", "--paper-id", "jzrb"]

PHASES = """
import sys, time
t0 = time.perf_counter()
from corpus_tools import pipeline
from corpus_tools.types import IssueMeta
import datetime as dt
t1 = time.perf_counter()
def one(day, out):
    meta = IssueMeta(newspaper="荆州日报", date=dt.date.fromisoformat(day), paper_id="jzrb", edition=None)
    t = time.perf_counter()
    pipeline.build([pipeline.IssueInput(pipeline.Path(sys.argv[1]), meta)], pipeline.Path(out))
    return time.perf_counter() - t
first = one("2001-01-01", sys.argv[2] + "/a")
warm = sorted(one(f"2001-01-{d:02d}", sys.argv[2] + f"/w{d}") for d in range(2, 7))[2]
print(t1 - t0, first, warm)
"""


def whole_process(out: Path, day: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus_tools", "build", str(SAMPLE), "--date", day, *ARGS,
                    "--out", str(out)], check=True, capture_output=True)
    return time.perf_counter() - t0


def bare_interpreter() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    tmp = Path(tempfile.mkdtemp(prefix="bench-overhead-"))
    print(f"{os.cpu_count()} cores; one issue ({SAMPLE.stat().st_size / 1e3:.0f} kB) built into a new folder")
    try:
        for k in range(args.repeat):
            whole = statistics.median(whole_process(tmp / f"p{k}-{i}", f"2002-01-{i + 1:02d}")
                                      for i in range(args.trials))
            bare = statistics.median(bare_interpreter() for _ in range(args.trials))
            r = subprocess.run([sys.executable, "-c", PHASES, str(SAMPLE), str(tmp / f"in{k}")], check=True,
                               capture_output=True, text=True)
            imports, first, warm = map(float, r.stdout.split())
            over = whole - warm
            print(f"run {k + 1}: whole process {whole:.2f} s; conversion (warm pipeline.build) {warm:.2f} s "
                  f"(the reference); overhead {over:.2f} s (goal <= 0.6 s) {'ok' if over <= 0.6 else 'FAILS'} "
                  f"= interpreter {bare:.2f} s + pipeline imports {imports:.2f} s + first issue's extra "
                  f"{first - warm:.2f} s (dictionary, regexes) + the rest {over - bare - imports - first + warm:.2f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
