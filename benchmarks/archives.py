"""Archives of N issues for the benchmarks, built once by batch build and cached under /tmp.

Every issue is the bundled sample under its own date (1900-01-01 onwards, one
a day, so 40,000 issues span 110 years of one paper): enough to measure costs
that depend on the size of an archive, quickly.  ``layout`` is ``compact``
(the batch layout: shards by paper and year up to the shard target) or
``per-issue`` (every issue its own shard pair, what a history of one-issue
adds leaves behind before ``compact``).  The cache key hashes the schemas and
the manifest format, so a change to either rebuilds the folders (delete
``/tmp/corpus-bench`` after other changes to the rows).

    python benchmarks/archives.py 40000 compact     # build (or find) one
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus_tools" / "data" / "jzrb-2026-02-05.txt"
CACHE = Path(os.environ.get("CORPUS_BENCH_CACHE", "/tmp/corpus-bench"))
FIRST_DAY = dt.date(1900, 1, 1)


def day(i: int) -> dt.date:
    """The date of the i-th issue of a benchmark archive."""
    return FIRST_DAY + dt.timedelta(days=i)


def code_key() -> str:
    """What the cached folders depend on: the schemas (rows) and the manifest format (layout)."""
    from corpus_tools import manifest

    h = hashlib.sha256(f"{manifest.FORMAT_VERSION}".encode())
    for p in sorted((ROOT / "schemas").glob("*.json")):
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]+[”’」』]?")


def variant(i: int) -> str:
    """The sample rewritten as issue ``i``: its page and article skeleton, other paragraphs and figures.

    Every paragraph keeps its first sentence (the 本报讯 lead with its byline)
    and takes its other sentences from the whole issue's pool (seeded by
    ``i``); digits are shifted by ``i``.  So no two variants share their
    paragraphs, and a build of many of them warms no per-paragraph cache.
    """
    rng = random.Random(i)
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    pool = [s for line in lines if len(line) > 40 for s in SENTENCE_RE.findall(line)[1:]]
    out = []
    for line in lines:
        sents = SENTENCE_RE.findall(line) if len(line) > 40 else []
        if len(sents) >= 2 and "".join(sents) == line:
            line = sents[0] + "".join(rng.choice(pool) for _ in sents[1:])
        out.append(line.translate(DIGIT_SHIFT[i % 10]) if i % 10 else line)
    return "\n".join(out)


DIGIT_SHIFT = [str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10))) for k in range(10)]


def write_variants(folder: Path, start: int, n: int) -> list[Path]:
    """Variants ``start .. start + n - 1`` as ``jzrb-<date>.txt`` files (the date read from the name)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        p = folder / f"jzrb-{day(i).isoformat()}.txt"
        if not p.is_file():
            p.write_text(variant(i), encoding="utf-8")
        out.append(p)
    return out


def inputs(start: int, n: int) -> list:
    """IssueInputs of issues ``start .. start + n - 1`` (all read the sample file)."""
    from corpus_tools import pipeline
    from corpus_tools.types import IssueMeta

    return [pipeline.IssueInput(SAMPLE, IssueMeta(newspaper="荆州日报", date=day(i), paper_id="jzrb", edition=None))
            for i in range(start, start + n)]


def archive(n: int, layout: str = "compact") -> Path:
    """The cached folder of issues 0 .. n-1 in ``layout``; built (by batch build, 2 workers) when absent."""
    folder = CACHE / f"{layout}-{n}-{code_key()}"
    if (folder / "manifest.json").is_file() or n == 0:
        return folder
    from corpus_tools import pipeline

    tmp = folder.with_name(folder.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    t0 = time.perf_counter()
    pipeline.build(inputs(0, n), tmp, shard_bytes=1 if layout == "per-issue" else pipeline.DEFAULT_SHARD_BYTES)
    tmp.rename(folder)
    print(f"(built {folder} in {time.perf_counter() - t0:.0f} s; cached)", file=sys.stderr)
    return folder


def scratch_copy(src: Path, dest: Path) -> Path:
    """A hard-linked copy of a cached archive: the tool only ever adds files and renames over, never edits one."""
    shutil.rmtree(dest, ignore_errors=True)
    if not src.exists():
        return dest
    subprocess.run(["cp", "-al", str(src), str(dest)], check=True)
    tool = dest / ".corpus-tools"
    if tool.is_dir():  # the lock file is written in place: give the copy its own
        shutil.rmtree(tool)
        shutil.copytree(src / ".corpus-tools", tool)
    return dest


if __name__ == "__main__":
    print(archive(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "compact"))
