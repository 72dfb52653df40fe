"""The pipeline in one place: sources → layout → segment → annotate → records → validate → publish."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from corpus_tools import annotate, layout, segment, sources
from corpus_tools.errors import SchemaError, UsageError
from corpus_tools.lexicon import lexicon
from corpus_tools.publish import DEFAULT_LOCK_TIMEOUT, Archive, Incoming, render_parts
from corpus_tools.records import Records, build_records, issue_id
from corpus_tools.shards import DEFAULT_SHARD_BYTES, Part
from corpus_tools.types import IssueContext, IssueMeta, SourceText
from corpus_tools.validate import validate_rows

DATA_DIR = Path(__file__).resolve().parent / "data"
FILENAME_RE = re.compile(r"^(?P<paper>[a-z0-9]+)-(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<edition>[A-Za-z0-9]+))?$")
PAPER_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class IssueInput:
    """One input file and what we know about it."""

    path: Path
    meta: IssueMeta


def bundled() -> IssueInput:
    """The issue shipped inside the package (荆州日报 of 2026-02-05)."""
    m = json.loads((DATA_DIR / "bundled.json").read_text(encoding="utf-8"))
    meta = IssueMeta(newspaper=m["newspaper"], date=dt.date.fromisoformat(m["date"]), paper_id=m["paper_id"],
                     edition=m["edition"])
    return IssueInput(DATA_DIR / m["file"], meta)


def default_paper_id(newspaper: str) -> str:
    """An ASCII id for a paper given only by name: ASCII names are slugged, others hashed."""
    slug = re.sub(r"[^a-z0-9]+", "-", newspaper.lower()).strip("-")
    if slug and slug.isascii():
        return slug
    return "paper-" + hashlib.sha1(newspaper.encode("utf-8")).hexdigest()[:8]


def parse_date(value: str, what: str = "--date") -> dt.date:
    """An ISO date, or a usage error naming the option."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)", field=what) from None


def meta_for(path: Path, newspaper: str | None, date: str | None, edition: str | None,
             paper_id: str | None) -> IssueMeta:
    """Issue metadata from options, else from a file name like ``<paper-id>-YYYY-MM-DD[-ed].txt``."""
    m = FILENAME_RE.match(path.stem)
    if date is None and m is None:
        raise UsageError(f"{path}: no --date given and the file name carries none "
                         "(expected <paper-id>-YYYY-MM-DD.txt)", field="--date")
    day = parse_date(date) if date is not None else parse_date(m.group("date"), str(path))
    pid = paper_id or (m.group("paper") if m else None) or default_paper_id(newspaper or "")
    if not PAPER_ID_RE.match(pid):
        raise UsageError(f"--paper-id: {pid!r} must be lower-case ASCII letters, digits and '-'",
                         field="--paper-id")
    ed = edition or (m.group("edition") if m else None)
    if ed is not None and not PAPER_ID_RE.match(ed.lower()):
        raise UsageError(f"--edition: {ed!r} must be ASCII letters, digits and '-'", field="--edition")
    return IssueMeta(newspaper=newspaper or pid, date=day, paper_id=pid, edition=ed.lower() if ed else None)


MANIFEST_FIELDS = ("path", "newspaper", "date", "edition", "paper_id")


def read_manifest(path: Path, newspaper: str | None = None) -> list[IssueInput]:
    """Inputs listed in a CSV (header: path,newspaper,date[,edition][,paper_id]) or a JSON list of objects.

    Paths are relative to the manifest; a missing newspaper falls back to ``--newspaper``.
    """
    import csv

    if not path.is_file():
        raise UsageError(f"{path}: no such manifest", field="--manifest")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as e:
            raise UsageError(f"{path}:{e.lineno}: manifest is not JSON: {e.msg}", field="--manifest") from None
        numbered = [(i, r) for i, r in enumerate(rows if isinstance(rows, list) else [], start=1)]
    else:
        numbered = list(enumerate(csv.DictReader(text.splitlines()), start=2))
    out = []
    for line, row in numbered:
        if not isinstance(row, dict) or not row.get("path") or not row.get("date"):
            raise UsageError(f"{path}:{line}: each entry needs path and date (fields: {', '.join(MANIFEST_FIELDS)})",
                             field="--manifest")
        f = (path.parent / row["path"]).resolve()
        meta = meta_for(f, row.get("newspaper") or newspaper, row["date"], row.get("edition") or None,
                        row.get("paper_id") or None)
        out.append(IssueInput(f, meta))
    if not out:
        raise UsageError(f"{path}: manifest lists no issues", field="--manifest")
    return out


def convert(inp: IssueInput, encoding: str | None = None,
            components: list[annotate.Component] | None = None) -> Records:
    """One input file to validated records (raises when a record fails its schema)."""
    return convert_source(sources.read(inp.path, encoding=encoding), inp.meta, components)


def convert_source(src: SourceText, meta: IssueMeta, components: list[annotate.Component] | None = None) -> Records:
    """Decoded source text to validated records: the part of ``convert`` shared with ``api.convert_text``."""
    lay = layout.lay_out(src)
    seg = segment.segment(lay)
    ann = annotate.annotate(seg.items, IssueContext(meta), components)
    recs = build_records(meta, src, lay, seg, ann)
    report = validate_rows(recs.rows, label=src.path)
    if not report.ok:
        first = report.problems[0]
        raise SchemaError(f"{len(report.problems)} invalid record(s); first: {first.pointer} {first.message}",
                          file=first.file, line=first.line, field=first.pointer)
    return recs


@dataclass(frozen=True)
class Summary:
    """What the build reports of one converted issue, with its rows rendered for the shards."""

    issue: dict
    counts: dict[str, int]
    repairs: int
    parts: dict[str, Part]


def convert_and_render(inp: IssueInput, encoding: str | None) -> Summary:
    """Convert one issue and render its shards; runs in a worker process for batches."""
    rec = convert(inp, encoding)
    repairs = sum(len(a["provenance"]["repairs"]) for a in rec.rows["articles"] if not a["merged_from"])
    return Summary(rec.rows["issues"][0], {k: len(v) for k, v in rec.rows.items()},
                   repairs + len(rec.rows["issues"][0]["repairs"]), render_parts(rec))


def _summaries(inputs: list[IssueInput], encoding: str | None, workers: int) -> Iterator[Summary]:
    """Summaries in input order, converted by ``workers`` processes: this one and ``workers - 1`` forked ones.

    Forked workers share the loaded dictionary.  This process does not sit
    waiting for them: whenever the next summary due is not ready, it converts
    the next input itself.  At most ``4 * workers`` summaries are held, so
    memory stays flat in the number of issues.
    """
    if workers <= 1 or len(inputs) <= 1 or "fork" not in mp.get_all_start_methods():
        for inp in inputs:
            yield convert_and_render(inp, encoding)
        return
    lexicon()  # load the dictionary once, before forking: the workers share its pages instead of each reading it
    pool = ProcessPoolExecutor(workers - 1, mp_context=mp.get_context("fork"), initializer=worker_init)
    todo = iter(inputs)
    window: deque[Future[Summary] | Summary] = deque()  # in input order
    queued, feed, limit = 0, 2 * workers - 1, 4 * workers  # feed: enough queued that no worker waits
    try:
        while True:
            while queued < feed and len(window) < limit and (inp := next(todo, None)) is not None:
                window.append(pool.submit(convert_and_render, inp, encoding))
                queued += 1
            if not window:
                return
            head = window[0]
            if (isinstance(head, Future) and not head.done() and len(window) < limit
                    and (inp := next(todo, None)) is not None):
                window.append(convert_and_render(inp, encoding))  # help instead of waiting
                continue
            window.popleft()
            if isinstance(head, Future):
                queued -= 1
                yield head.result()
            else:
                yield head
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a failed issue stops the batch at once


def usable_cores() -> int:
    """The cores this process may run on (``taskset`` and container limits count), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_init() -> None:
    """A worker leaves signals to the parent (which stops the pool) and exits if the parent dies.

    Without the watch a worker of a killed build blocks on its pipe forever:
    forked siblings hold the pipe's other end, so it never sees end-of-file.
    """
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def build(inputs: list[IssueInput], out: Path, encoding: str | None = None, replace: bool = False,
          on_issue: Callable[[Summary], None] | None = None, workers: int | None = None,
          shard_bytes: int = DEFAULT_SHARD_BYTES, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Path:
    """Convert every input and publish all of them in one commit (nothing is published if one fails).

    Issues stream through in issue-id order (so the output does not depend on
    the order of the inputs): each is converted, appended to the open shards
    of its paper and year, then dropped, so memory stays flat in the number of
    issues.  Batches use one worker process per core.
    """
    ids = Counter(issue_id(i.meta) for i in inputs)
    dup = sorted(x for x, n in ids.items() if n > 1)
    if dup:
        raise UsageError(f"two inputs give the same issue: {dup}", field="INPUT")
    inputs = sorted(inputs, key=lambda i: issue_id(i.meta))
    planned = [Incoming(issue_id(i.meta), i.meta.paper_id, i.meta.date.year) for i in inputs]
    with Archive(out, lock_timeout) as arc:
        drop = set(arc.manifest.issues) if replace else set()
        with arc.change(planned, drop, shard_bytes) as change:
            for summary in _summaries(inputs, encoding, workers or usable_cores()):
                change.add_issue(summary.issue, summary.parts)
                if on_issue:
                    on_issue(summary)
            change.commit()
        return arc.out
