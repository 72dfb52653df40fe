"""Start-up overhead of a one-issue build: the whole process against the conversion itself.

Prints, from one run on this machine:
- the whole ``corpus-tools build`` process of one issue into a new folder (median of ``--trials``);
- the conversion itself: ``pipeline.build`` of one issue into a new folder inside a warm process
  (imports, dictionary and regexes loaded by an earlier build of another issue) — the reference;
  every issue is a fresh variant of the bundled one (``archives.variant``), so no cache helps;
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import archives

SAMPLE = archives.SAMPLE

PHASES = """
import sys, time
t0 = time.perf_counter()
from corpus_tools import pipeline
t1 = time.perf_counter()
def one(path, out):
    t = time.perf_counter()
    pipeline.build([pipeline.IssueInput(path, pipeline.meta_for(path, "荆州日报", None, None, None))], out)
    return time.perf_counter() - t
files = sorted(pipeline.Path(sys.argv[1]).glob("*.txt"))
first = one(files[0], pipeline.Path(sys.argv[2]) / "a")
warm = sorted(one(f, pipeline.Path(sys.argv[2]) / f.stem) for f in files[1:6])[2]
print(t1 - t0, first, warm)
"""


def whole_process(out: Path, issue: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus_tools", "build", str(issue), "--newspaper", "荆州日报",
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
    # as installed (pip compiles the bytecode): a process must not recompile every module it imports
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", "import corpus_tools.cli, corpus_tools.pipeline, corpus_tools.figure, "
                    "corpus_tools.annotate.numbers, corpus_tools.annotate.people"], check=True)  # writes it
    tmp = Path(tempfile.mkdtemp(prefix="bench-overhead-"))
    print(f"{os.cpu_count()} cores; one issue ({SAMPLE.stat().st_size / 1e3:.0f} kB) built into a new folder")
    try:
        for k in range(args.repeat):
            files = archives.write_variants(tmp / f"in{k}", 100 * k, 6 + args.trials)  # fresh text each build
            whole = statistics.median(whole_process(tmp / f"p{k}-{i}", f) for i, f in enumerate(files[6:]))
            bare = statistics.median(bare_interpreter() for _ in range(args.trials))
            r = subprocess.run([sys.executable, "-c", PHASES, str(tmp / f"in{k}"), str(tmp / f"w{k}")], check=True,
                               capture_output=True, text=True)
            imports, first, warm = map(float, r.stdout.split())
            over = whole - warm
            print(f"run {k + 1}: whole process {whole:.2f} s; conversion (warm pipeline.build of another issue) "
                  f"{warm:.2f} s (the reference); overhead {over:.2f} s (goal <= 0.6 s) "
                  f"{'ok' if over <= 0.6 else 'FAILS'}; of it: interpreter {bare:.2f} s, pipeline imports "
                  f"{imports:.2f} s, first issue's extra {first - warm:.2f} s (annotator imports, dictionary, regexes)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
