"""Cluster builds: the local pool against ``--scheduler local:2`` on the same issues, in one run.

Prints, for each path, whole builds in fresh processes (one process per build):
- wall time and per-issue cost of ``pipeline.build`` (the local pool: this process and a forked worker
  per further core) and of the same build on a LocalCluster of 2 worker processes (cluster start-up
  printed apart); the ratio dask / local (goal <= 1.3);
- peak RSS of every process (the client or parent, each worker), at N issues and at N / 10 (memory
  flat in the number of issues: goal ratio <= 1.2);
- scheduler overhead per task: a round trip of no-op tasks through the same in-order window, and
  the share of the workers' time spent converting (from dask's task stream);
- a scaling model: CPU time and bytes per issue from this run, and the projected wall time of 1M
  issues on 50 workers, with its assumptions.

    python benchmarks/bench_cluster.py [--issues 10000] [--batch 50] [--dir DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus_tools" / "data" / "jzrb-2026-02-05.txt"
FIRST = dt.date(1990, 1, 1)


def make_inputs(folder: Path, n: int) -> list[Path]:
    """n copies of the bundled issue under n consecutive dates (so ids, and shard names, all differ)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"jzrb-{FIRST + dt.timedelta(days=i)}.txt"
        if not p.exists():
            shutil.copyfile(SAMPLE, p)
        out.append(p)
    return out


def own_peak_mb() -> float:
    """This process's own peak RSS (VmHWM: ru_maxrss would also count a parent it was forked from)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _noop(x: int) -> int:
    return x


def _inputs(folder: Path, n: int) -> list:
    from corpus_tools import pipeline

    files = sorted(folder.glob("*.txt"))[:n]
    return [pipeline.IssueInput(f, pipeline.meta_for(f, "荆州日报", None, None, None)) for f in files]


def child_local(folder: Path, n: int, out: Path) -> dict:
    """One local-pool build in this (fresh) process; start-up (imports, dictionary) timed apart."""
    t0 = time.perf_counter()
    from corpus_tools import pipeline
    from corpus_tools.lexicon import lexicon

    lexicon()
    start = time.perf_counter() - t0
    inputs = _inputs(folder, n)
    t1 = time.perf_counter()
    pipeline.build(inputs, out)
    wall = time.perf_counter() - t1
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall": wall, "start": start, "client_mb": own_peak_mb(), "worker_mb": [workers]}


def child_dask(folder: Path, n: int, out: Path, batch: int) -> dict:
    """One build on a fresh LocalCluster(2 processes), with the task stream and the workers' own peaks."""
    t0 = time.perf_counter()
    from distributed import get_task_stream

    from corpus_tools import cluster, pipeline

    inputs = _inputs(folder, n)
    with cluster.connect("local:2") as client:
        client.wait_for_workers(2)
        cluster.warm(client)  # imports and the dictionary on each worker: part of starting a cluster
        start = time.perf_counter() - t0
        source = cluster.ClusterSource(client, batch=batch)
        t1 = time.perf_counter()
        with get_task_stream(client) as ts:
            pipeline.build(inputs, out, convert_all=source)
        wall = time.perf_counter() - t1
        compute = sum(s["stop"] - s["start"] for t in ts.data for s in t["startstops"] if s["action"] == "compute")
        k = 2000
        t2 = time.perf_counter()
        futs = [client.submit(_noop, i, pure=False) for i in range(k)]
        client.gather(futs)
        burst = (time.perf_counter() - t2) / k
        t3 = time.perf_counter()
        for i in range(200):  # one at a time: the latency a lone task pays
            client.submit(_noop, i, pure=False).result()
        lone = (time.perf_counter() - t3) / 200
        peaks = list(client.run(own_peak_mb).values())
    return {"wall": wall, "start": start, "client_mb": own_peak_mb(), "worker_mb": peaks, "tasks": source.tasks,
            "compute": compute, "noop_burst": burst, "noop_lone": lone, "client_busy": wall - source.waited}


def run_child(mode: str, folder: Path, n: int, out: Path, batch: int) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--inputs", str(folder), "--issues", str(n), "--out", str(out),
           "--batch", str(batch)]
    r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if r.returncode != 0:
        raise SystemExit(f"{mode} build failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def same_bytes(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


def report(n: int, small: int, res: dict, out: Path, inputs: Path) -> None:
    loc, dk = res[("local", n)], res[("dask", n)]
    print(f"\n{n} issues ({folder_bytes(inputs) / 1e6:.0f} MB of input), 2 cores:")
    for name, r in (("local pool", loc), ("dask local:2", dk)):
        print(f"  {name:13s} build {r['wall']:7.1f} s, {r['wall'] / n * 1000:6.2f} ms per issue "
              f"(+ start-up {r['start']:.1f} s: imports, dictionary{', workers started' if name[0] == 'd' else ''})")
    ratio, whole = dk["wall"] / loc["wall"], (dk["wall"] + dk["start"]) / (loc["wall"] + loc["start"])
    print(f"  ratio dask / local {ratio:.2f} (goal <= 1.3); start-up included {whole:.2f}")
    print("  peak RSS (MB, each process's own):")
    for mode in ("local", "dask"):
        big, lit = res[(mode, n)], res[(mode, small)]
        top_big, top_small = max([big["client_mb"], *big["worker_mb"]]), max([lit["client_mb"], *lit["worker_mb"]])
        workers = ", ".join(f"{w:.0f}" for w in big["worker_mb"])
        print(f"    {mode:5s} {n} issues: client {big['client_mb']:.0f}, workers {workers}; at {small} issues "
              f"largest {top_small:.0f}; ratio {top_big / top_small:.2f} (goal <= 1.2, flat in issues)")
    busy = dk["compute"] / (2 * dk["wall"])
    per_task = dk["wall"] * 2 / dk["tasks"] - dk["compute"] / dk["tasks"]
    print(f"  scheduler: {dk['tasks']} tasks of <= {res['batch']} issues; no-op task {dk['noop_burst'] * 1000:.2f} ms "
          f"in a burst, {dk['noop_lone'] * 1000:.2f} ms alone (round trip); workers converting {busy:.0%} of the "
          f"build, so {per_task * 1000:.0f} ms of worker time per task goes to waiting and transfer")
    cpu = dk["compute"] / n
    out_b = folder_bytes(out / "dask") / n
    in_b = folder_bytes(inputs) / n
    client_s = dk["client_busy"] / n  # the client's own work: receiving, writing, reporting
    proj_workers = 1_000_000 * cpu / 50
    proj_client = 1_000_000 * client_s
    print(f"  scaling model: {cpu * 1000:.2f} ms of worker CPU per issue; {in_b / 1e3:.1f} kB in, {out_b / 1e3:.1f} kB "
          f"out per issue; 1M issues = {1e6 * in_b / 1e9:.0f} GB in, {1e6 * out_b / 1e9:.0f} GB out")
    print(f"    1M issues on 50 workers: conversion {proj_workers / 60:.0f} min (1M x {cpu * 1000:.2f} ms / 50); "
          f"scheduler {1e6 / res['batch'] * dk['noop_burst'] / 60:.1f} min ({1e6 / res['batch']:.0f} tasks x "
          f"{dk['noop_burst'] * 1000:.2f} ms); the client writing every shard "
          f"{proj_client / 60:.0f} min ({client_s * 1000:.2f} ms per issue of client time here); the projection is the "
          f"larger: {max(proj_workers, proj_client) / 60:.0f} min while the client writes the shards, the conversion "
          "term once workers write their own")
    print("    assumptions: issues like the bundled one (real multi-page OCR'd issues cost more per issue, which"
          " only shrinks the scheduler's share); workers as fast as these cores; the shared store and network"
          " take the output rate; one batch of <= {} issues per task".format(res["batch"]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--issues", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=50, help="issues per dask task")
    ap.add_argument("--dir", type=Path, default=ROOT, help="where to write inputs and outputs")
    ap.add_argument("--child", choices=("local", "dask"), help=argparse.SUPPRESS)
    ap.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        if args.child == "local":
            res = child_local(args.inputs, args.issues, args.out)
        else:
            res = child_dask(args.inputs, args.issues, args.out, args.batch)
        print(json.dumps(res))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix=".bench-cluster-", dir=args.dir))
    try:
        n, small = args.issues, max(1, args.issues // 10)
        make_inputs(tmp / "in", n)
        res: dict = {"batch": args.batch}
        for size in (small, n):
            for mode in ("local", "dask"):
                out = tmp / f"out-{size}" / mode / "jz"  # the same folder name: the card names it
                res[(mode, size)] = run_child(mode, tmp / "in", size, out, args.batch)
                print(f"{mode} build of {size} issues: {res[(mode, size)]['wall']:.1f} s", flush=True)
            assert same_bytes(tmp / f"out-{size}" / "local" / "jz", tmp / f"out-{size}" / "dask" / "jz"), "differ"
            if size != n:
                shutil.rmtree(tmp / f"out-{size}")
        print(f"the dask and local folders are byte-identical at {small} and {n} issues")
        report(n, small, res, tmp / f"out-{n}", tmp / "in")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
