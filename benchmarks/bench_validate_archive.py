"""Validating whole archives: time and peak memory against archive size, layout and invalid rows.

Whole process (``corpus-tools validate ...``, start-up included), from one run on this machine:

- a compact archive of ``--big`` issues (default 40,000): seconds and peak RSS, goal <= 1 GB;
- ``--days`` issues (default 3,650, ten years of a daily) as per-issue shards against the same rows
  compacted: goal <= 2x;
- a JSONL file of ``--rows`` number rows, valid and with one invalid row: goal <= 1.5x, and memory;
- beside each, the reference: an orjson + jsonschema-rs loop over the same JSONL files doing the same
  checks of ids and references (unique ids per config, every reference names a row; spans are not
  checked by the reference, so it does less than the validator); goal: ours >= 1x its speed.

    python benchmarks/bench_validate_archive.py [--big 40000] [--days 3650] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import archives

ROOT = Path(__file__).resolve().parents[1]

RUN_CODE = """
import sys
from corpus_tools.cli import main
rc = main(sys.argv[1:])
own = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
print("PEAK", own, file=sys.stderr)
sys.exit(rc)
"""

REF_CODE = """
import sys, time
sys.path.insert(0, sys.argv[1])
import bench_validate_archive as b
from pathlib import Path
t0 = time.perf_counter()
n = b.reference_check([Path(p) for p in Path(sys.argv[2]).read_text().splitlines()])
dt = time.perf_counter() - t0
own = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
print(dt, own, n)
"""


def validate_process(paths: list[Path], *extra: str) -> tuple[float, float, bool]:
    """Seconds, peak RSS (MB) and verdict of one ``corpus-tools validate`` process."""
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", RUN_CODE, "validate", *map(str, paths), *extra],
                       capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode not in (0, 1) or "PEAK" not in r.stderr:
        raise SystemExit(f"validate crashed: {r.stderr[-800:]}")
    return dt, int(r.stderr.rsplit("PEAK", 1)[1].split()[0]) / 1024, r.returncode == 0


def jsonl_files(folder: Path) -> list[Path]:
    """A dataset folder's JSONL shards, parents before children (the order the reference needs)."""
    from corpus_tools import manifest
    from corpus_tools.schema import CONFIGS

    m = manifest.read(folder)
    assert m is not None
    return [folder / f.path for cfg in CONFIGS for f in m.shards(cfg, "jsonl")]


def reference_check(files: list[Path]) -> int:
    """orjson + jsonschema-rs over JSONL files: schema, unique ids, references; returns the problems found."""
    import jsonschema_rs

    from corpus_tools.schema import CONFIGS, load_schema, primary_key, references
    from corpus_tools.validate import infer_config

    validators = {c: jsonschema_rs.validator_for(load_schema(c)) for c in CONFIGS}
    ids: dict[str, set[str]] = {c: set() for c in CONFIGS}
    later: list[tuple[str, str]] = []  # references checked once every file is read (they may point forward)
    problems = 0
    for path in files:
        cfg = infer_config(path)
        assert cfg is not None
        v, key, seen = validators[cfg], primary_key(cfg), ids[cfg]
        single = [(r.field, r.config) for r in references(cfg) if not r.many]
        lists = [(r.field, r.config) for r in references(cfg) if r.many]
        with path.open("rb") as fh:
            for line in fh:
                row = orjson.loads(line)
                if not v.is_valid(row):
                    problems += sum(1 for _ in v.iter_errors(row))
                rid = row.get(key)
                if rid in seen:
                    problems += 1
                seen.add(rid)
                for f, t in single:
                    if (x := row.get(f)) is not None:
                        later.append((t, x))
                for f, t in lists:
                    later += [(t, x) for x in row.get(f) or ()]
    return problems + sum(1 for t, x in later if x not in ids[t])


def reference(files: list[Path]) -> tuple[float, float]:
    """Seconds (in the loop) and peak RSS (MB) of the reference, in its own process."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:  # too many paths for a command line
        listing.write("\n".join(map(str, files)))
        listing.flush()
        r = subprocess.run([sys.executable, "-c", REF_CODE, str(Path(__file__).parent), listing.name],
                           capture_output=True, text=True, check=True)
    dt, peak, _ = r.stdout.split()
    return float(dt), int(peak) / 1024


def number_rows(tmp: Path, n: int, invalid: int) -> Path:
    """n number rows with unique ids (cycling through the bundled issue's), ``invalid`` of them broken."""
    seed = archives.archive(1)
    (src,) = jsonl_files_of(seed, "numbers")
    base = [orjson.loads(x) for x in src.read_bytes().splitlines()]
    path = tmp / f"numbers-{n}-{invalid}.jsonl"
    step = n // invalid if invalid else 0
    with path.open("wb") as f:
        for i in range(n):
            row = dict(base[i % len(base)])
            row["number_id"] = f"{row['number_id']}-r{i}"
            if step and i % step == step // 2:
                row["value"] = "not a number"
            f.write(orjson.dumps(row) + b"\n")
    return path


def jsonl_files_of(folder: Path, cfg: str) -> list[Path]:
    return [p for p in jsonl_files(folder) if f"/jsonl/{cfg}/" in p.as_posix()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--big", type=int, default=40000, help="0 skips the big archive")
    ap.add_argument("--days", type=int, default=3650, help="0 skips per-issue against compact")
    ap.add_argument("--rows", type=int, default=1_000_000, help="0 skips the invalid-rows figure")
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    print(f"{os.cpu_count()} cores; archives cached in {archives.CACHE}")
    if args.big:
        folder = archives.archive(args.big)
        t, peak, ok = validate_process([folder])
        rt, rpeak = reference(jsonl_files(folder))
        print(f"compact archive of {args.big:,} issues: validate {t:.1f} s, peak RSS {peak:,.0f} MB (goal <= 1,024 "
              f"MB) {'ok' if peak <= 1024 else 'FAILS'}{'' if ok else ' (INVALID?)'}; reference {rt:.1f} s, "
              f"{rpeak:,.0f} MB; {rt / t:.2f}x the reference's speed (goal >= 1) {'ok' if rt >= t else 'FAILS'}")
    if args.days:
        compact, per_issue = archives.archive(args.days), archives.archive(args.days, "per-issue")
        tc, pc, _ = validate_process([compact])
        tp, pp, _ = validate_process([per_issue])
        rc, _ = reference(jsonl_files(compact))
        rp, _ = reference(jsonl_files(per_issue))
        print(f"{args.days:,} issues: per-issue shards {tp:.1f} s ({pp:,.0f} MB), compact {tc:.1f} s ({pc:,.0f} MB);"
              f" ratio {tp / tc:.2f} (goal <= 2) {'ok' if tp / tc <= 2 else 'FAILS'}; reference {rp:.1f} s and "
              f"{rc:.1f} s; ours {rp / tp:.2f}x and {rc / tc:.2f}x its speed (goal >= 1)")
    if args.rows:
        with tempfile.TemporaryDirectory(prefix="bench-validate-") as d:
            good, bad = number_rows(Path(d), args.rows, 0), number_rows(Path(d), args.rows, 1)
            tg, pg, okg = validate_process([good], "--config", "numbers")
            tb, pb, okb = validate_process([bad], "--config", "numbers")
            rg, _ = reference([good])
            print(f"{args.rows:,} number rows: valid {tg:.1f} s ({pg:,.0f} MB), one invalid row {tb:.1f} s "
                  f"({pb:,.0f} MB; {'found' if not okb else 'MISSED'}); ratio {tb / tg:.2f} (goal <= 1.5) "
                  f"{'ok' if tb / tg <= 1.5 else 'FAILS'}; reference {rg:.1f} s: ours {rg / tg:.2f}x its speed "
                  f"(goal >= 1){'' if okg else ' (valid file reported INVALID)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
