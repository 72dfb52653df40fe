"""Build throughput and memory, whole process, on varied issues (all annotators on).

Inputs: ``--issues`` variants of the bundled issue (see ``archives.variant``:
the same page skeleton, other paragraphs and figures in each), so no cache
carries over from one issue to the next.  Prints from one run on this machine:

- ours: the whole ``corpus-tools build`` process over them (start-up, imports,
  dictionary included) on one core (``taskset -c 0``) and on two;
- reference: ``jieba.posseg`` over the same text on one core, dictionary
  loaded before the clock starts; goal: ours >= 20x per core;
- the same in CPU seconds (ours: the build and its workers; jieba's: its process), which waits for a
  core on a loaded machine do not inflate;
- floor: one plain regex pass over the same text (runs of Han characters,
  digits, other characters) — what no converter can beat;
- memory: peak RSS of a batch build of 1 issue and of ``--rss-issues`` issues
  (the bundled issue under that many dates); goal <= 1.2.

    python benchmarks/bench_build.py [--issues 1000] [--repeat 2] [--rss-issues 40000]
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import archives

ROOT = Path(__file__).resolve().parents[1]
FLOOR_RE = re.compile(r"[\u4e00-\u9fff]+|[0-9]+|\S")


def reference_seconds(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of jieba.posseg over every text, dictionary loaded before the clock starts."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    list(pseg.cut("预热词典"))
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        for _ in pseg.cut(t):
            pass
    return time.perf_counter() - t0, time.process_time() - c0


def floor_seconds(texts: list[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        FLOOR_RE.findall(t)
    return time.perf_counter() - t0


def build_seconds(folder: Path, out: Path, cores: int) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, workers included) of the whole ``corpus-tools build`` process,
    pinned to ``cores`` cores."""
    shutil.rmtree(out, ignore_errors=True)
    pin = ["taskset", "-c", ",".join(str(c) for c in sorted(os.sched_getaffinity(0))[:cores])]
    t0 = time.perf_counter()
    p = subprocess.Popen([*pin, sys.executable, "-m", "corpus_tools", "build", str(folder), "--newspaper", "荆州日报",
                          "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"corpus-tools build {folder} failed")
    shutil.rmtree(out, ignore_errors=True)
    return dt, usage.ru_utime + usage.ru_stime


PEAK_CODE = """
import resource, sys
from corpus_tools.cli import main
rc = main(sys.argv[1:])
status = open("/proc/self/status").read()  # this process's own peak (ru_maxrss would count the parent)
own = int(status.split("VmHWM:")[1].split()[0])
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(own, workers, file=sys.stderr)
sys.exit(rc)
"""


def peak_rss_mb(n: int, tmp: Path) -> tuple[float, float, float]:
    """Peak RSS (MB) of a batch ``corpus-tools build`` of ``n`` issues and of its largest worker; seconds."""
    listing = tmp / f"rss-{n}.csv"
    with listing.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["path", "newspaper", "date", "paper_id"])
        for i in range(n):
            w.writerow([str(archives.SAMPLE), "荆州日报", archives.day(i).isoformat(), "jzrb"])
    out = tmp / f"rss-out-{n}"
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", PEAK_CODE, "build", "--manifest", str(listing), "--out", str(out)],
                       capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(r.stderr[-800:])
    shutil.rmtree(out, ignore_errors=True)
    own, workers = map(int, r.stderr.strip().splitlines()[-1].split())
    return own / 1024, workers / 1024, dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--issues", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--rss-issues", type=int, default=40000, help="0 skips the memory figure")
    ap.add_argument("--dir", type=Path, default=None, help="where to build (default: a temporary folder)")
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    # as installed (pip compiles the bytecode): a process must not recompile every module it imports
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    tmp = Path(tempfile.mkdtemp(prefix="bench-build-", dir=args.dir))
    try:
        folder = tmp / "in"
        files = archives.write_variants(folder, 0, args.issues)
        texts = [f.read_text(encoding="utf-8") for f in files]
        chars = sum(map(len, texts))
        cores = len(os.sched_getaffinity(0))
        print(f"input: {len(files)} varied issues, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, "
              f"{chars:,} characters; {cores} cores")
        for k in range(args.repeat):
            (ref, ref_cpu), floor = reference_seconds(texts), floor_seconds(texts)
            line = [f"run {k + 1}: jieba.posseg (1 core) {ref:.1f} s ({ref_cpu:.1f} s CPU); regex pass {floor:.3f} s"]
            for c in sorted({1, min(2, cores)}):
                ours, ours_cpu = build_seconds(folder, tmp / "out", c)
                per_core = ref / (ours * c)
                line.append(f"corpus-tools build on {c} core{'s' * (c > 1)} {ours:.1f} s ({chars / ours:,.0f} "
                            f"chars/s): {per_core:.1f}x jieba per core (goal >= 20x) "
                            f"{'ok' if per_core >= 20 else 'FAILS'}, {ours / floor:.0f}x the regex pass's time; "
                            f"CPU {ours_cpu:.1f} s, {ref_cpu / ours_cpu:.1f}x jieba's CPU")
            print("; ".join(line))
        if args.rss_issues:
            one, _, _ = peak_rss_mb(1, tmp)
            many, worker, secs = peak_rss_mb(args.rss_issues, tmp)
            top = max(many, worker)
            print(f"peak RSS (batch build): 1 issue {one:.0f} MB; {args.rss_issues:,} issues {many:.0f} MB (largest "
                  f"worker {worker:.0f} MB; built in {secs:.0f} s); ratio {top / one:.2f} (goal <= 1.2) "
                  f"{'ok' if top / one <= 1.2 else 'FAILS'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
