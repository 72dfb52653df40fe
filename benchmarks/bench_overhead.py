"""Start-up overhead of a one-issue build: the whole process against the conversion itself.

Prints, from one run on this machine:
- the whole ``corpus-tools build`` process of one issue into a new folder (median of ``--trials``);
- the conversion itself: ``pipeline.build`` of one issue into a new folder inside a warm process
  (imports, dictionary and regexes loaded by an earlier build of another issue) — the reference;
  every issue is a fresh variant of the bundled one (``archives.variant``), so no cache helps;
- overhead = whole process - conversion, goal <= 0.6 s; and where it goes: the bare interpreter,
  importing the pipeline, the first issue's extra cost (dictionary, lazily compiled regexes, matplotlib);
- the same overhead in CPU time (user + system), which a loaded machine does not inflate with waits.

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
    t, c = time.perf_counter(), time.process_time()
    pipeline.build([pipeline.IssueInput(path, pipeline.meta_for(path, "荆州日报", None, None, None))], out)
    return time.perf_counter() - t, time.process_time() - c
files = sorted(pipeline.Path(sys.argv[1]).glob("*.txt"))
first = one(files[0], pipeline.Path(sys.argv[2]) / "a")[0]
warm = sorted(one(f, pipeline.Path(sys.argv[2]) / f.stem) for f in files[1:6])[2]
print(t1 - t0, first, *warm)
"""


def whole_process(out: Path, issue: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the build and its children) of one ``corpus-tools build``.

    CPU time is what the process costs on an idle core: on a loaded machine its wall time also counts
    the waits for a core, which are no cost of ours.
    """
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "corpus_tools", "build", str(issue), "--newspaper", "荆州日报",
                          "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"corpus-tools build {issue} failed (exit {p.returncode})")
    return wall, usage.ru_utime + usage.ru_stime


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
            runs = [whole_process(tmp / f"p{k}-{i}", f) for i, f in enumerate(files[6:])]
            whole, whole_cpu = (statistics.median(r[j] for r in runs) for j in (0, 1))
            bare = statistics.median(bare_interpreter() for _ in range(args.trials))
            r = subprocess.run([sys.executable, "-c", PHASES, str(tmp / f"in{k}"), str(tmp / f"w{k}")], check=True,
                               capture_output=True, text=True)
            imports, first, warm, warm_cpu = map(float, r.stdout.split())
            over, over_cpu = whole - warm, whole_cpu - warm_cpu
            print(f"run {k + 1}: whole process {whole:.2f} s; conversion (warm pipeline.build of another issue) "
                  f"{warm:.2f} s (the reference); overhead {over:.2f} s (goal <= 0.6 s) "
                  f"{'ok' if over <= 0.6 else 'FAILS'}; of it: interpreter {bare:.2f} s, pipeline imports "
                  f"{imports:.2f} s, first issue's extra {first - warm:.2f} s (annotator imports, dictionary, "
                  f"regexes, matplotlib); in CPU time: whole {whole_cpu:.2f} s, conversion {warm_cpu:.2f} s, "
                  f"overhead {over_cpu:.2f} s {'ok' if over_cpu <= 0.6 else 'FAILS'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
