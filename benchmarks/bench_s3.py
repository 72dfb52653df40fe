"""Cluster builds into s3:// against the same build into a local folder, on one LocalCluster, in one run.

What it shows: the cost of the object-store commit (uploads from the workers, server-side copies, the
journal, conditional PUTs, listings) beside the POSIX one, and that both give the same bytes.  The S3
endpoint is moto's server in a separate process on this machine (no network latency, but every request
is real HTTP and moto's CPU is shared with the build), so the figure is an upper bound of the store's
CPU cost and a lower bound of its latency cost.

    python benchmarks/bench_s3.py [--issues 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cluster import make_inputs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--issues", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL_S3": f"http://127.0.0.1:{port}"}
    os.environ.update(env)
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return run(args, port)
    finally:
        server.terminate()
        server.wait()


def run(args: argparse.Namespace, port: int) -> int:
    import s3fs
    from distributed import Client, LocalCluster

    from corpus_tools import cluster, pipeline

    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    fs = s3fs.S3FileSystem()
    fs.mkdir("bench")
    with tempfile.TemporaryDirectory(prefix="corpus-bench-s3-") as tmp:
        paths = make_inputs(Path(tmp) / "in", args.issues)
        inputs = [pipeline.IssueInput(p, pipeline.meta_for(p, "荆州日报", None, None, None)) for p in paths]
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as lc, Client(lc) as client:
            cluster.warm(client)
            t0 = time.perf_counter()
            cluster.build(inputs, Path(tmp) / "out" / "jz", client.scheduler.address)
            t_local = time.perf_counter() - t0
            t0 = time.perf_counter()
            cluster.build(inputs, "s3://bench/jz", client.scheduler.address)
            t_s3 = time.perf_counter() - t0
        local = Path(tmp) / "out" / "jz"
        ours = {k[len("bench/jz/"):]: k for k in fs.find("bench/jz/")}
        theirs = {p.relative_to(local).as_posix(): p for p in local.rglob("*") if p.is_file()
                  and ".corpus-tools" not in p.parts}
        same = ours.keys() == theirs.keys() and all(fs.cat_file(ours[k]) == theirs[k].read_bytes() for k in ours)
        size = sum(p.stat().st_size for p in theirs.values())
    load = os.getloadavg()
    print(f"{args.issues} issues, {args.workers} workers, {len(ours)} objects, {size / 1e6:.1f} MB; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"cluster build into a local folder: {t_local:7.2f} s  ({1000 * t_local / args.issues:.1f} ms/issue)")
    print(f"cluster build into s3:// (moto):   {t_s3:7.2f} s  ({1000 * t_s3 / args.issues:.1f} ms/issue)")
    print(f"s3 / local: {t_s3 / t_local:.2f}; same bytes: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
