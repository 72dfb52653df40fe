"""Loading speed: ``load_dataset`` on 1M rows (fresh and warm cache) next to ``corpus_tools.open_dataset``.

The rows go through our publish path (``Archive.change`` → shard writer →
manifest and card): the bundled issue's number rows, re-dated into one issue a
day until ``--rows`` is reached, one paper over several years, so the folder has
the shards a real archive has.  The same rows are also written as Arrow IPC
stream files (the format the shards had before Parquet) and loaded with
``load_dataset("arrow", ...)`` for reference.  Every figure is from this run.

    python benchmarks/bench_load.py [--rows 1000000] [--dir /tmp/bench-load] [--repeat 5]

``fresh`` is an empty ``datasets`` cache (the Parquet is converted into it);
``warm`` is the second load into the same cache.  The OS page cache is warm for
every figure (the files were just written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
CONFIG = "numbers"
PAPER = "bnch"


def make_folder(out: Path, rows: int) -> None:
    """Publish enough copies of the bundled issue's number rows, one per day, through the real commit path."""
    from corpus_tools import pipeline
    from corpus_tools.publish import Archive, Incoming
    from corpus_tools.shards import render_part

    b = pipeline.bundled()
    rec = pipeline.convert(b).rows
    old = f"{b.meta.paper_id}-{b.meta.date.isoformat()}".encode()
    template = orjson.dumps({"issue": rec["issues"][0], "rows": rec[CONFIG]})
    per_issue = len(rec[CONFIG])
    days = [dt.date(1990, 1, 1) + dt.timedelta(days=k) for k in range(-(-rows // per_issue))]
    planned = [Incoming(f"{PAPER}-{d.isoformat()}", PAPER, d.year) for d in days]
    left = rows
    with Archive(out) as arc, arc.change(planned) as change:
        for d in days:
            new = f"{PAPER}-{d.isoformat()}".encode()
            doc = orjson.loads(template.replace(old, new).replace(f'"{b.meta.date.isoformat()}"'.encode(),
                                                                  f'"{d.isoformat()}"'.encode())
                               .replace(f'"{b.meta.paper_id}"'.encode(), f'"{PAPER}"'.encode()))
            part_rows = doc["rows"][:left]
            left -= len(part_rows)
            change.add_issue(doc["issue"], {CONFIG: render_part(CONFIG, part_rows)})
        change.commit()


def write_arrow_twins(folder: Path, out: Path) -> list[str]:
    """The same shards as Arrow IPC stream files, for the reference figure."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import corpus_tools

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, f in enumerate(corpus_tools.parquet_files(folder, CONFIG)):
        table = pq.read_table(f)
        dest = out / f"{k:05d}.arrow"
        with pa.OSFile(str(dest), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as w:
            w.write_table(table)
        paths.append(str(dest))
    return paths


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def measure(folder: Path, arrow_files: list[str], scratch: Path) -> dict[str, float]:
    import datasets
    import pyarrow.dataset as pads

    import corpus_tools
    from corpus_tools import manifest
    from corpus_tools.load import load_config

    cache = scratch / "cache-parquet"
    shutil.rmtree(cache, ignore_errors=True)
    out: dict[str, float] = {}
    out["load_dataset fresh"], ds = timed(lambda: load_config(folder, CONFIG, cache_dir=str(cache)))
    n = ds.num_rows
    out["load_dataset warm"], ds = timed(lambda: load_config(folder, CONFIG, cache_dir=str(cache)))
    assert ds.num_rows == n
    acache = scratch / "cache-arrow"
    shutil.rmtree(acache, ignore_errors=True)
    arrow = lambda: datasets.load_dataset("arrow", data_files=arrow_files, split="train",  # noqa: E731
                                          cache_dir=str(acache))
    out["arrow fresh"], ads = timed(arrow)
    out["arrow warm"], ads = timed(arrow)
    assert ads.num_rows == n
    out["manifest.read (inside open)"], _ = timed(lambda: manifest.read(folder))
    out["open_dataset + count_rows"], c = timed(lambda: corpus_tools.open_dataset(folder, CONFIG).count_rows())
    assert c == n
    out["open_dataset + to_table"], t = timed(lambda: corpus_tools.open_dataset(folder, CONFIG).to_table())
    assert t.num_rows == n
    money = pads.field("kind") == "money"
    out["open_dataset + filter"], _ = timed(
        lambda: corpus_tools.open_dataset(folder, CONFIG).to_table(columns=["value"], filter=money))
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(acache, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dir", help="keep the generated folder here and reuse it on the next run")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    import datasets
    import pyarrow as pa

    from corpus_tools import manifest

    scratch = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench-load-"))
    folder = scratch / "ds"
    m = manifest.read(folder) if folder.is_dir() else None
    if m is None or sum(f.rows for f in m.shards(CONFIG)) != args.rows:
        shutil.rmtree(folder, ignore_errors=True)
        secs, _ = timed(lambda: make_folder(folder, args.rows))
        print(f"published {args.rows:,} {CONFIG} rows through the commit path in {secs:.1f} s")
        m = manifest.read(folder)
    assert m is not None
    shards = m.shards(CONFIG)
    size = sum(f.bytes for f in shards)
    arrow_files = write_arrow_twins(folder, scratch / "arrow")
    arrow_size = sum(os.path.getsize(p) for p in arrow_files)
    print(f"{args.rows:,} rows, {len(m.issues):,} issues, {len(shards)} Parquet shards ({size / 1e6:.1f} MB zstd); "
          f"Arrow IPC stream twins {arrow_size / 1e6:.1f} MB; datasets {datasets.__version__}, "
          f"pyarrow {pa.__version__}, Python {sys.version.split()[0]}")
    runs = [measure(folder, arrow_files, scratch) for _ in range(args.repeat)]
    print(f"{'':32}" + "".join(f"{'run ' + str(k + 1):>10}" for k in range(len(runs))) + f"{'median':>10}")
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    for key in runs[0]:
        print(f"{key:32}" + "".join(f"{r[key]:>9.3f}s" for r in runs) + f"{med[key]:>9.3f}s")
    ratios = {"fresh load_dataset Parquet / Arrow stream": ("load_dataset fresh", "arrow fresh"),
              "fresh load_dataset / open_dataset + to_table": ("load_dataset fresh", "open_dataset + to_table"),
              "warm load_dataset / open_dataset + count_rows": ("load_dataset warm", "open_dataset + count_rows")}
    print("medians: " + "; ".join(f"{name} {med[a] / med[b]:.2f}x" for name, (a, b) in ratios.items()))
    if not args.dir:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
