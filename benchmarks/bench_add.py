"""Daily adds, corrections and compaction against archives of N issues: costs must not grow with N.

For each N (default 0, 1,000, 5,000, 40,000) and each layout (``compact``: the
batch layout; ``per-issue``: every issue its own shard pair, as a history of
one-issue adds leaves it), on a hard-linked copy of a cached archive (see
``archives.py``), whole process (``corpus-tools ...`` start-up included):

- add: ``corpus-tools build`` of one new issue (the day after the last);
  goal <= 1.2x the cost at N = 0 (the reference, measured in the same run);
- rebuild / remove of one issue in the middle: bytes written (``wchar`` of
  the process), goal <= 2 shard targets + the manifest and card;
- compact after one add: its cost against what it merges (goal: flat per
  merged MB, not per archive MB).

    python benchmarks/bench_add.py [--sizes 0,1000,5000,40000] [--layouts compact,per-issue] [--trials 3]
                                   [--parts add,fix,compact]

``CORPUS_BENCH_CACHE`` moves the archive cache (default ``/tmp/corpus-bench``): a branch that changes the
published format should build its own.

The first run builds the archives (40,000 issues take several minutes); later runs find them in /tmp.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import archives

RUN_CODE = """
import sys
from corpus_tools.cli import main
rc = main(sys.argv[1:])
io = dict(line.split(": ") for line in open("/proc/self/io").read().splitlines())
print("WCHAR", int(io["wchar"]), file=sys.stderr)
sys.exit(rc)
"""


def run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and bytes written (wchar) of one ``corpus-tools`` process."""
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", RUN_CODE, *args], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"corpus-tools {' '.join(args)} failed: {r.stderr[-800:]}")
    wchar = int(r.stderr.rsplit("WCHAR", 1)[1].split()[0])
    return dt, wchar


def add_args(n: int, out: Path) -> list[str]:
    d = archives.day(n)
    return ["build", str(archives.SAMPLE), "--date", d.isoformat(), "--newspaper", "荆州日报", "--paper-id", "jzrb",
            "--out", str(out)]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_adds(sizes: list[int], layout: str, scratch: Path, trials: int) -> dict[int, tuple[float, int]]:
    """Median seconds and bytes written of adding one issue, per N; the sizes take turns in every trial
    (so a busy spell of this shared machine falls on all of them, not on one)."""
    times: dict[int, list[float]] = {n: [] for n in sizes}
    written: dict[int, int] = {}
    for _ in range(trials):
        for n in sizes:
            dest = archives.scratch_copy(archives.archive(n, layout), scratch / "add")
            dt, written[n] = run(add_args(n, dest))
            times[n].append(dt)
    shutil.rmtree(scratch / "add", ignore_errors=True)
    return {n: (statistics.median(times[n]), written[n]) for n in sizes}


def bench_fix(n: int, layout: str, scratch: Path) -> tuple[int, int, int, int]:
    """Bytes written rebuilding, then removing, the middle issue; manifest and card sizes."""
    src = archives.archive(n, layout)
    dest = archives.scratch_copy(src, scratch / "fix")
    mid = n // 2
    _, rebuilt = run(add_args(mid, dest))
    _, removed = run(["remove", f"jzrb-{archives.day(mid).isoformat()}", "--out", str(dest)])
    sizes = (dest / "manifest.json").stat().st_size, (dest / "README.md").stat().st_size
    shutil.rmtree(dest, ignore_errors=True)
    return rebuilt, removed, *sizes


def bench_compact(n: int, layout: str, scratch: Path) -> tuple[float, int, int]:
    """Seconds and bytes written by ``compact`` after one add; bytes of the folder."""
    src = archives.archive(n, layout)
    dest = archives.scratch_copy(src, scratch / "compact")
    run(add_args(n, dest))
    dt, written = run(["compact", "--out", str(dest)])
    total = folder_bytes(dest)
    shutil.rmtree(dest, ignore_errors=True)
    return dt, written, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0,1000,5000,40000")
    ap.add_argument("--layouts", default="compact,per-issue")
    ap.add_argument("--per-issue-max", type=int, default=5000,
                    help="largest per-issue archive (40,000 per-issue shards are 480,000 files)")
    ap.add_argument("--trials", type=int, default=3)
    ap.add_argument("--parts", default="add,fix,compact", help="which figures to measure (comma-separated)")
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    sizes = [int(x) for x in args.sizes.split(",")]
    parts = set(args.parts.split(","))
    scratch = archives.CACHE / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    target = 64 * 1024 * 1024
    print(f"{os.cpu_count()} cores; archives cached in {archives.CACHE}; shard target {target >> 20} MB")
    for layout in args.layouts.split(","):
        ns = [0] + [n for n in sizes if n and not (layout == "per-issue" and n > args.per_issue_max)]
        got = bench_adds(ns, layout, scratch, args.trials) if "add" in parts else {}
        ref = got[0][0] if got else 0.0
        if got:
            print(f"[{layout}] add one issue to N = 0: {ref:.2f} s (the reference; median of {args.trials})")
        for n in ns[1:] if got else []:
            t, w = got[n]
            print(f"[{layout}] add one issue to N = {n:,}: {t:.2f} s, {w / 1e6:.1f} MB written; "
                  f"ratio {t / ref:.2f} (goal <= 1.2) {'ok' if t / ref <= 1.2 else 'FAILS'}")
        for n in sizes if "fix" in parts else []:
            if n == 0 or (layout == "per-issue" and n > args.per_issue_max):
                continue
            rebuilt, removed, man, card = bench_fix(n, layout, scratch)
            bound = 2 * target + man + card
            print(f"[{layout}] N = {n:,}: rebuild one issue writes {rebuilt / 1e6:.1f} MB, remove one "
                  f"{removed / 1e6:.1f} MB (manifest {man / 1e6:.1f} MB, card {card / 1e6:.2f} MB; goal <= "
                  f"{bound / 1e6:.0f} MB) {'ok' if max(rebuilt, removed) <= bound else 'FAILS'}")
        for n in sizes if "compact" in parts else []:
            if n == 0 or (layout == "per-issue" and n > args.per_issue_max):
                continue
            t, w, total = bench_compact(n, layout, scratch)
            print(f"[{layout}] N = {n:,}: compact after one add {t:.2f} s, writes {w / 1e6:.1f} MB of a "
                  f"{total / 1e6:.0f} MB folder ({t / max(w / 1e6, 1e-9):.3f} s per MB written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
