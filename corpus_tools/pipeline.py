"""The pipeline in one place: sources → layout → segment → annotate → records → validate → publish."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from corpus_tools import annotate, layout, segment, sources
from corpus_tools.errors import CorpusError, DatasetError, InputError, OutputError, SchemaError, UsageError, os_reason
from corpus_tools.lexicon import lexicon
from corpus_tools.publish import DEFAULT_LOCK_TIMEOUT, Archive, Incoming, render_parts
from corpus_tools.records import Records, build_records, issue_id
from corpus_tools.shards import DEFAULT_SHARD_BYTES, Part
from corpus_tools.types import IssueContext, IssueMeta, SourceText
from corpus_tools.validate import validate_rows

DATA_DIR = Path(__file__).resolve().parent / "data"
FILENAME_RE = re.compile(r"(?P<paper>[a-z0-9]+)-(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<edition>[A-Za-z0-9]+))?")
PAPER_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")  # always fullmatch: ``match`` with ``$`` lets "csb\n" through
TEXT_SUFFIXES = (".txt", ".text")  # what a folder input contributes, in any case (.TXT from Windows tools)


@dataclass(frozen=True)
class IssueInput:
    """One input file and what we know about it."""

    path: Path | str  # a str is an s3:// URL (read by a cluster worker)
    meta: IssueMeta


def bundled() -> IssueInput:
    """The issue shipped inside the package (荆州日报 of 2026-02-05)."""
    m = json.loads((DATA_DIR / "bundled.json").read_text(encoding="utf-8"))
    meta = IssueMeta(newspaper=m["newspaper"], date=dt.date.fromisoformat(m["date"]), paper_id=m["paper_id"],
                     edition=m["edition"])
    return IssueInput(DATA_DIR / m["file"], meta)


def default_paper_id(newspaper: str) -> str | None:
    """An id for a paper given only by name; None when there is no name to go by.

    An ASCII name is slugged (``China Daily`` → ``china-daily``); any other
    name (人民日报) becomes ``paper-`` and the first 8 hex digits of the SHA-1
    of its NFC form, trimmed: deterministic, but opaque, so the docs advise
    ``--paper-id``.  An empty name never gives an id (no hash of nothing).
    """
    name = unicodedata.normalize("NFC", newspaper).strip()
    if not name:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") if name.isascii() else ""
    return slug or "paper-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def canonical_encoding(name: str) -> str:
    """One spelling per codec (``utf8``, ``UTF-8``, ``utf_8`` → ``utf-8``) so issue rows record one value."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise UsageError(f"{name!r} is not an encoding (expected e.g. utf-8, gb18030, big5, utf-16)",
                         field="--encoding") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"{name!r} is not a text encoding (it maps bytes to bytes)", field="--encoding")
    return info.name


@dataclass(frozen=True)
class Skipped:
    """An entry of an input folder that is not converted, and why (the build lists them all)."""

    path: Path
    reason: str


def discover(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Input files named on the command line; a folder gives its text files, never its subfolders.

    A file named explicitly is read whatever its suffix: the user chose it.
    """
    files: list[Path] = []
    skipped: list[Skipped] = []
    for p in paths:
        try:
            entries = sorted(p.iterdir()) if p.is_dir() else None
        except OSError as e:
            raise InputError(f"cannot list this folder ({os_reason(e)})", file=str(p), field="INPUT") from None
        if entries is None:
            files.append(p)
            continue
        for f in entries:
            reason = _skip_reason(f)
            if reason:
                skipped.append(Skipped(f, reason))
            else:
                files.append(f)
    return files, skipped


def _skip_reason(f: Path) -> str | None:
    if f.name.startswith("."):
        return "hidden (name starts with '.')"
    if f.is_dir():
        return "a folder (folders inside an input folder are not searched; name it as an INPUT)"
    if f.suffix.lower() not in TEXT_SUFFIXES:
        return f"not a text dump by its name (expected a {' or '.join(TEXT_SUFFIXES)} suffix, any case)"
    if not f.is_file():
        return "not a regular file"
    return None


def parse_date(value: str, what: str = "--date") -> dt.date:
    """An ISO date, or a usage error naming the option."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)", field=what) from None


def meta_for(path: Path, newspaper: str | None, date: str | None, edition: str | None,
             paper_id: str | None) -> IssueMeta:
    """Issue metadata from options, else from a file name like ``<paper-id>-YYYY-MM-DD[-ed].txt``."""
    m = FILENAME_RE.fullmatch(path.stem)
    if date is None and m is None:
        raise UsageError(f"{path}: no --date given and the file name carries none "
                         "(expected <paper-id>-YYYY-MM-DD.txt)", field="--date")
    day = parse_date(date) if date is not None else parse_date(m.group("date"), str(path))
    pid = paper_id
    if pid is None:
        pid = m.group("paper") if m else default_paper_id(newspaper or "")
    if pid is None:
        raise UsageError("no paper id: give --paper-id (lower-case ASCII, e.g. rmrb), name the file "
                         "<paper-id>-YYYY-MM-DD.txt or give --newspaper", file=str(path),
                         field="--paper-id")
    if not PAPER_ID_RE.fullmatch(pid):
        raise UsageError(f"--paper-id: {pid!r} must be lower-case ASCII letters, digits and '-'",
                         field="--paper-id")
    ed = edition or (m.group("edition") if m else None)
    if ed is not None and not PAPER_ID_RE.fullmatch(ed.lower()):
        raise UsageError(f"--edition: {ed!r} must be ASCII letters, digits and '-'", field="--edition")
    return IssueMeta(newspaper=newspaper or pid, date=day, paper_id=pid, edition=ed.lower() if ed else None)


MANIFEST_FIELDS = ("path", "newspaper", "date", "edition", "paper_id")


def read_manifest(path: Path, newspaper: str | None = None) -> list[IssueInput]:
    """Inputs listed in a CSV (header: path,newspaper,date[,edition][,paper_id]) or a JSON list of objects.

    Paths are relative to the manifest; a missing newspaper falls back to
    ``--newspaper``.  Every value must be a string and every column known: a
    misspelt column would otherwise be dropped without a word.
    """
    if not path.is_file():
        raise UsageError("no such manifest", file=str(path), field="--manifest")
    numbered = _manifest_entries(path, _manifest_text(path))
    out = []
    for line, where, row in numbered:
        _check_entry(path, line, where, row)
        f = (path.parent / row["path"]).resolve()
        meta = meta_for(f, row.get("newspaper") or newspaper, row["date"], row.get("edition") or None,
                        row.get("paper_id") or None)
        out.append(IssueInput(f, meta))
    if not out:
        raise UsageError("manifest lists no issues", file=str(path), field="--manifest")
    return out


def _manifest_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UsageError(f"manifest is not UTF-8 (byte {e.start}: {e.reason}); save it as UTF-8",
                         file=str(path), line=data.count(b"\n", 0, e.start) + 1, field="--manifest") from None


def _manifest_entries(path: Path, text: str) -> list[tuple[int | None, str, object]]:
    """(line, label, entry) per issue: CSV rows by line, JSON entries by position."""
    import csv

    if path.suffix.lower() == ".json":
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as e:
            raise UsageError(f"manifest is not JSON: {e.msg}", file=str(path), line=e.lineno,
                             field="--manifest") from None
        if not isinstance(rows, list):
            raise UsageError(f"expected a JSON list of objects, got {type(rows).__name__}", file=str(path),
                             field="--manifest")
        return [(None, f"entry {i}: ", r) for i, r in enumerate(rows, start=1)]
    reader = csv.DictReader(text.splitlines())
    try:
        return [(reader.line_num, "", r) for r in reader]
    except csv.Error as e:
        raise UsageError(f"manifest is not CSV: {e}", file=str(path), line=reader.line_num,
                         field="--manifest") from None


def _check_entry(path: Path, line: int | None, where: str, row: object) -> None:
    def fail(msg: str) -> UsageError:
        return UsageError(where + msg, file=str(path), line=line, field="--manifest")

    if not isinstance(row, dict):
        raise fail(f"expected an object with fields {', '.join(MANIFEST_FIELDS)}, got {type(row).__name__}")
    if None in row:
        raise fail(f"more cells than the header has columns ({', '.join(k for k in row if k)})")
    unknown = sorted(str(k) for k in row if k not in MANIFEST_FIELDS)
    if unknown:
        raise fail(f"unknown field {unknown[0]!r} (fields: {', '.join(MANIFEST_FIELDS)})")
    for k, v in row.items():
        if v is not None and not isinstance(v, str):
            raise fail(f"{k} must be a string, got {type(v).__name__} {v!r}")
    if not row.get("path") or not row.get("date"):
        raise fail(f"each entry needs path and date (fields: {', '.join(MANIFEST_FIELDS)})")


def convert(inp: IssueInput, encoding: str | None = None,
            components: list[annotate.Component] | None = None) -> Records:
    """One input file to validated records (raises when a record fails its schema)."""
    if isinstance(inp.path, str) and "://" in inp.path:  # an object on a store (cluster builds)
        return _convert_url(inp.path, inp.meta, encoding, components)
    try:
        src = sources.read(inp.path, encoding=encoding)
    except OSError as e:  # exists but cannot be read: permissions, I/O error, a name too long
        raise InputError(f"cannot read ({os_reason(e)})", file=str(inp.path)) from None
    return convert_source(src, inp.meta, components)


def _convert_url(url: str, meta: IssueMeta, encoding: str | None,
                 components: list[annotate.Component] | None) -> Records:
    """``convert`` of an object read through fsspec; its errors name the URL (readers see a Path of it)."""
    from corpus_tools.objstore import read_url

    try:
        data = read_url(url)
    except FileNotFoundError:
        raise InputError("no such object", file=url) from None
    except OSError as e:
        raise InputError(f"cannot read ({os_reason(e)})", file=url) from None
    try:
        return convert_source(sources.read_bytes(data, url, encoding=encoding), meta, components)
    except CorpusError as e:
        if e.file == str(Path(url)):
            e.file = url
        raise


def convert_source(src: SourceText, meta: IssueMeta, components: list[annotate.Component] | None = None) -> Records:
    """Decoded source text to validated records: the part of ``convert`` shared with ``api.convert_text``."""
    lay = layout.lay_out(src)
    seg = segment.segment(lay)
    ann = annotate.annotate(seg.items, IssueContext(meta), components)
    recs = build_records(meta, src, lay, seg, ann)
    report = validate_rows(recs.rows, label=src.path)
    if not report.ok:
        first = report.problems[0]
        raise SchemaError(f"{report.total} invalid record(s); first: {first.pointer} {first.message}",
                          file=first.file, line=first.line, field=first.pointer)
    return recs


@dataclass(frozen=True)
class Summary:
    """What the build reports of one converted issue, with its rows rendered for the shards."""

    issue: dict
    counts: dict[str, int]
    repairs: int
    parts: dict[str, Part]
    notes: tuple[str, ...] = ()  # ``file:line: field: message`` of what was kept but could not be fully read


@dataclass(frozen=True)
class Failure:
    """An issue that could not be converted, under ``--keep-going``: where and why (one line of the failures file)."""

    file: str
    line: int | None
    field: str | None
    code: str
    reason: str
    error: str  # the coded one-line error, as printed
    issue_id: str | None = None

    @classmethod
    def of(cls, inp: IssueInput, e: CorpusError) -> Failure:
        return cls.of_error(str(inp.path), e, issue_id(inp.meta))

    @classmethod
    def of_error(cls, path: str, e: CorpusError, iid: str | None = None) -> Failure:
        """The record of ``e`` for the input at ``path`` (local and cluster builds list the same fields)."""
        line = e.line if e.file == path else None
        return cls(path, line, e.field, e.code, e.message, str(e), iid)


def convert_and_render(inp: IssueInput, encoding: str | None, keep_going: bool = False) -> Summary | Failure:
    """Convert one issue and render its shards; runs in a worker process for batches.

    With ``keep_going`` a bad issue becomes a ``Failure`` instead of stopping the batch.
    """
    try:
        rec = convert(inp, encoding)
    except CorpusError as e:
        if not keep_going:
            raise
        return Failure.of(inp, e)
    repairs = sum(len(a["provenance"]["repairs"]) for a in rec.rows["articles"] if not a["merged_from"])
    notes = tuple(f"{inp.path}:{line}: {fld}: {msg}" for line, fld, msg in rec.notes)
    return Summary(rec.rows["issues"][0], {k: len(v) for k, v in rec.rows.items()},
                   repairs + len(rec.rows["issues"][0]["repairs"]), render_parts(rec), notes)


def _summaries(inputs: list[IssueInput], encoding: str | None, workers: int,
               keep_going: bool = False) -> Iterator[Summary | Failure]:
    """Summaries in input order, converted by ``workers`` processes: this one and ``workers - 1`` forked ones.

    Forked workers share the loaded dictionary.  This process does not sit
    waiting for them: whenever the next summary due is not ready, it converts
    the next input itself.  At most ``4 * workers`` summaries are held, so
    memory stays flat in the number of issues.
    """
    if workers <= 1 or len(inputs) <= 1:
        for inp in inputs:
            yield convert_and_render(inp, encoding, keep_going)
        return
    import multiprocessing as mp  # here: a one-issue build does not pay for the pool's imports
    from concurrent.futures import Future, ProcessPoolExecutor

    if "fork" not in mp.get_all_start_methods():
        yield from _summaries(inputs, encoding, 1, keep_going)
        return
    lexicon()  # load the dictionary once, before forking: the workers share its pages instead of each reading it
    pool = ProcessPoolExecutor(workers - 1, mp_context=mp.get_context("fork"), initializer=worker_init)
    todo = iter(inputs)
    window: deque[Future[Summary | Failure] | Summary | Failure] = deque()  # in input order
    queued, feed, limit = 0, 2 * workers - 1, 4 * workers  # feed: enough queued that no worker waits
    try:
        while True:
            while queued < feed and len(window) < limit and (inp := next(todo, None)) is not None:
                window.append(pool.submit(convert_and_render, inp, encoding, keep_going))
                queued += 1
            if not window:
                return
            head = window[0]
            if (isinstance(head, Future) and not head.done() and len(window) < limit
                    and (inp := next(todo, None)) is not None):
                window.append(convert_and_render(inp, encoding, keep_going))  # help instead of waiting
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


def use_system_memory_pool() -> None:
    """Arrow buffers from malloc, not pyarrow's default mimalloc pool, in this process and the workers it forks.

    mimalloc keeps the pages a freed table used (each shard's concatenated row groups, each issue's record
    batch), so a batch build's process sat 15-25 MB above a one-issue build and drifted up with the number
    of shards; malloc hands them back.  The files' bytes do not depend on the pool.
    """
    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


def build(inputs: list[IssueInput], out: Path, encoding: str | None = None, replace: bool = False,
          on_issue: Callable[[Summary], None] | None = None, workers: int | None = None,
          shard_bytes: int = DEFAULT_SHARD_BYTES, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
          keep_going: bool = False, on_failure: Callable[[Failure], None] | None = None) -> Path:
    """Convert every input and publish all of them in one commit (nothing is published if one fails).

    Issues stream through in issue-id order (so the output does not depend on
    the order of the inputs): each is converted, appended to the open shards
    of its paper and year, then dropped, so memory stays flat in the number of
    issues.  Batches use one worker process per core.  With ``keep_going`` a
    bad issue is reported (``on_failure``, and ``.corpus-tools/failures.jsonl``
    in the folder) and the others are published; a failed rebuild keeps the
    published version of its issue; a batch in which every issue failed
    publishes nothing.
    """
    if not inputs:
        raise UsageError("no inputs to build (an empty build would publish an empty dataset)", field="INPUT")
    encoding = canonical_encoding(encoding) if encoding else None
    ids = Counter(issue_id(i.meta) for i in inputs)
    dup = sorted(x for x, n in ids.items() if n > 1)
    if dup:
        raise UsageError(f"two inputs give the same issue: {dup}", field="INPUT")
    inputs = sorted(inputs, key=lambda i: issue_id(i.meta))
    use_system_memory_pool()
    try:
        return _publish(inputs, out, encoding, replace, on_issue, workers or usable_cores(), shard_bytes,
                        lock_timeout, keep_going, on_failure)
    except OSError as e:
        if e.errno is None:  # raised by the writer with a message of its own
            raise OutputError(str(e), file=str(out), field="--out") from None
        raise OutputError(f"cannot write the dataset ({os_reason(e)})", file=e.filename or str(out),
                          field="--out") from None
    except pa.ArrowException as e:
        raise DatasetError(f"a shard already in the folder does not read ({e}); run corpus-tools validate on it",
                           file=str(out), field="--out") from None


def _publish(inputs: list[IssueInput], out: Path, encoding: str | None, replace: bool,
             on_issue: Callable[[Summary], None] | None, workers: int, shard_bytes: int, lock_timeout: float,
             keep_going: bool, on_failure: Callable[[Failure], None] | None) -> Path:
    planned = [Incoming(issue_id(i.meta), i.meta.paper_id, i.meta.date.year) for i in inputs]
    failures: list[Failure] = []
    with Archive(out, lock_timeout) as arc:
        drop = set(arc.manifest.issues) if replace else set()
        with arc.change(planned, drop, shard_bytes) as change:
            summaries = _summaries(inputs, encoding, workers or usable_cores(), keep_going)
            for inp, summary in zip(inputs, summaries, strict=True):
                if isinstance(summary, Failure):
                    failures.append(summary)
                    change.skip_issue(issue_id(inp.meta))
                    if on_failure:
                        on_failure(summary)
                    continue
                change.add_issue(summary.issue, summary.parts)
                if on_issue:
                    on_issue(summary)
            if len(failures) == len(inputs):
                raise InputError(f"every one of the {len(inputs)} issues failed; nothing published",
                                 file=failures[0].file if len(failures) == 1 else "INPUT")
            change.commit()
        arc.report_failures(failures)
        return arc.out
