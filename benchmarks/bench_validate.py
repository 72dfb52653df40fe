"""Validator speed: a JSONL file of 1M number rows, whole process, vs jsonschema in-process.

Prints our records/s (``corpus-tools validate FILE``, start-up included) and the
reference's (jsonschema's Draft202012Validator looping over the same rows,
already parsed, in-process) from one run on this machine, and their ratio.

    python benchmarks/bench_validate.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
REF_SAMPLE = 20_000


def seed_rows(tmp: Path) -> list[dict]:
    """Number rows of the bundled issue, built fresh."""
    out = tmp / "seed"
    subprocess.run([sys.executable, "-m", "corpus_tools", "build", "--out", str(out)], check=True,
                   capture_output=True)
    (path,) = sorted((out / "jsonl" / "numbers").rglob("*.jsonl"))
    return [orjson.loads(x) for x in path.read_bytes().splitlines()]


def write_rows(path: Path, base: list[dict], n: int) -> None:
    """n valid rows with unique ids, cycling through the real ones."""
    with path.open("wb") as f:
        for i in range(n):
            row = dict(base[i % len(base)])
            row["number_id"] = f"{row['number_id']}-r{i}"
            f.write(orjson.dumps(row) + b"\n")


def reference_rate(path: Path) -> float:
    """Rows/s of jsonschema's Draft202012Validator over parsed rows (a sample of the same file)."""
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schemas" / "numbers.schema.json").read_text(encoding="utf-8"))
    v = Draft202012Validator(schema)
    rows = []
    with path.open("rb") as f:
        for _, line in zip(range(REF_SAMPLE), f, strict=False):
            rows.append(orjson.loads(line))
    t0 = time.perf_counter()
    for r in rows:
        v.validate(r)
    return len(rows) / (time.perf_counter() - t0)


def ours_rate(path: Path, n: int) -> float:
    """Rows/s of the whole ``corpus-tools validate`` process."""
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "corpus_tools", "validate", str(path), "--config", "numbers"],
                       capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"validate failed: {r.stdout[-500:]} {r.stderr[-500:]}")
    return n / dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    tmp = Path(tempfile.mkdtemp(prefix=".bench-validate-", dir=ROOT))  # same disk as output/
    try:
        path = tmp / "numbers.jsonl"
        write_rows(path, seed_rows(tmp), args.rows)
        print(f"input: {args.rows:,} number rows, {path.stat().st_size / 1e6:.0f} MB; {os.cpu_count()} cores")
        for k in range(args.repeat):
            ref = reference_rate(path)
            ours = ours_rate(path, args.rows)
            print(f"run {k + 1}: jsonschema {ref:,.0f} rows/s; corpus-tools validate {ours:,.0f} rows/s "
                  f"(whole process); ratio {ours / ref:.1f}x (goal >= 30x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
