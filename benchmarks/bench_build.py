"""Build speed and memory: 50 copies of the bundled issue under 50 dates, all annotators on.

Prints our figure and the reference's from one run on this machine:
- reference: jieba.posseg over the same text, dictionary already loaded;
- ours: ``pipeline.build`` over the 50 files in one call (imports and the
  jieba dictionary already loaded, like the reference), the median of five
  such builds per run; and the whole ``corpus-tools build`` process for information;
- memory: peak RSS of a process building 1 issue vs 50 issues (and of its largest worker).

    python benchmarks/bench_build.py [--issues 50] [--repeat 3] [--builds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
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


def file_cost_ms(folder: Path, n: int = 200) -> float:
    """Wall time to create one small file here: the disk sets a floor under the build (12 files an issue)."""
    d = folder / "probe"
    d.mkdir()
    t0 = time.perf_counter()
    for i in range(n):
        (d / f"{i}.bin").write_bytes(b"x" * 4096)
    dt = time.perf_counter() - t0
    shutil.rmtree(d)
    return dt / n * 1000


def make_inputs(folder: Path, n: int) -> list[Path]:
    """n copies of the sample under n different dates, named <paper-id>-YYYY-MM-DD.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    day = dt.date(2026, 1, 1)
    out = []
    for i in range(n):
        p = folder / f"jzrb-{day + dt.timedelta(days=i)}.txt"
        shutil.copyfile(SAMPLE, p)
        out.append(p)
    return out


def reference_seconds(files: list[Path]) -> float:
    """jieba.posseg over every file's text, dictionary loaded before the clock starts."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    list(pseg.cut("预热词典"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    for t in texts:
        for _ in pseg.cut(t):
            pass
    return time.perf_counter() - t0


def ours_seconds(files: list[Path], out: Path, builds: int) -> list[float]:
    """pipeline.build over all files in one call, ``builds`` times, after a warm-up build loaded everything.

    A build takes a quarter of a second, so one hiccup of the machine is a large share of it; the
    run's figure is the median of several builds (the reference, 5 s long, averages its noise out).
    """
    from corpus_tools import pipeline

    inputs = [pipeline.IssueInput(f, pipeline.meta_for(f, "荆州日报", None, None, None)) for f in files]
    pipeline.build(inputs[:1], out / "warm")
    times = []
    for k in range(builds):
        t0 = time.perf_counter()
        pipeline.build(inputs, out / f"all{k}")
        times.append(time.perf_counter() - t0)
    return times


PEAK_CODE = """
import resource, sys
from corpus_tools.cli import main
rc = main(sys.argv[1:])
try:  # this process's own peak: ru_maxrss would also count the parent it was forked from
    status = open("/proc/self/status").read()
    own = int(status.split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(own, workers, file=sys.stderr)
sys.exit(rc)
"""


def peak_rss_mb(files: list[Path], out: Path) -> tuple[float, float]:
    """Peak RSS (MB) of a fresh ``corpus-tools build`` process over ``files``, and of its largest worker."""
    r = subprocess.run([sys.executable, "-c", PEAK_CODE, "build", *map(str, files), "--newspaper", "荆州日报",
                        "--out", str(out)], capture_output=True, text=True, check=True)
    own, workers = map(int, r.stderr.strip().splitlines()[-1].split())
    return own / 1024, workers / 1024


def process_seconds(files: list[Path], out: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "corpus_tools", "build", *map(str, files), "--newspaper", "荆州日报",
                    "--out", str(out)], capture_output=True, check=True)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--issues", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--builds", type=int, default=5, help="builds per run; the run reports their median")
    ap.add_argument("--dir", type=Path, default=ROOT, help="where to build (default: the project's disk)")
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    tmp = Path(tempfile.mkdtemp(prefix=".bench-build-", dir=args.dir))
    print(f"building under {args.dir} (creating a file there costs {file_cost_ms(tmp):.2f} ms)")
    try:
        files = make_inputs(tmp / "in", args.issues)
        chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
        size = sum(f.stat().st_size for f in files)
        print(f"input: {len(files)} issues, {size / 1e6:.2f} MB, {chars} characters; {os.cpu_count()} cores")
        for k in range(args.repeat):
            ref = reference_seconds(files)
            times = ours_seconds(files, tmp / f"out{k}", args.builds)
            ours = statistics.median(times)
            print(f"run {k + 1}: jieba.posseg {ref:.2f} s ({chars / ref:,.0f} chars/s); corpus-tools build "
                  f"{ours:.3f} s, median of {len(times)} (min {min(times):.3f}, max {max(times):.3f}; "
                  f"{chars / ours:,.0f} chars/s); ratio {ref / ours:.1f}x (goal >= 20x)")
        whole = process_seconds(files, tmp / "proc")
        print(f"whole process (start-up, imports, dictionary load included): {whole:.2f} s")
        (one, _), (many, worker) = peak_rss_mb(files[:1], tmp / "rss1"), peak_rss_mb(files, tmp / "rss50")
        top = max(many, worker)
        print(f"peak RSS: 1 issue {one:.0f} MB; {len(files)} issues {many:.0f} MB (largest worker {worker:.0f} MB, "
              f"pages shared with the parent counted in both); ratio {top / one:.2f} (goal <= 1.5)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
