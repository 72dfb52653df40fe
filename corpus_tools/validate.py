"""Validation: schemas, unique ids, references, spans, Arrow/JSONL agreement, card/schema agreement.

Used twice: on the records of a build before anything is published (a record
that fails is never written), and by ``corpus-tools validate`` on a dataset
folder or on JSONL/Arrow files from any tool.  Every problem names the file,
the line (1-based JSONL line, or row number for Arrow), a JSON pointer and what
was expected.

Reading is streaming: a JSONL file goes line by line (no line longer than
``MAX_LINE`` is held), and a ``Report`` keeps at most ``keep`` problems while
counting all of them, so a gigabyte of junk costs no more memory than a page
of it.  A file that looks like JSON lines at both ends is read in blocks for
the columnar proof (``columnar.proven_table``; the small files of a group are
batched into one table); a block that fails it is halved until the failing
pieces are a few lines, and only those take the per-row path.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from corpus_tools.schema import CONFIGS, load_schema, primary_key, references

SPAN_CONFIGS = ("people", "numbers")
MAX_LINE = 1 << 24  # 16 MiB: far past any record (an article is tens of kB); a longer "line" is junk
MAX_ID_BYTES = 100  # an issue id names shard files: <first>--<last>.<sha12>.<suffix> must fit in 255 bytes


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record."""

    file: str
    line: int | None
    pointer: str
    message: str
    kind: str  # json, schema, duplicate_id, reference, span, arrow, card, file, id

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.pointer or '/'}: {self.message}"


@dataclass
class Report:
    """The first ``keep`` problems found (all when ``keep`` is None), counts of all of them per kind, and
    what could not be checked."""

    problems: list[Problem] = field(default_factory=list)
    checked_rows: Counter[str] = field(default_factory=Counter)
    unchecked_refs: Counter[str] = field(default_factory=Counter)
    keep: int | None = None
    by_kind: Counter[str] = field(default_factory=Counter)

    def add(self, p: Problem) -> None:
        self.by_kind[p.kind] += 1
        if self.keep is None or len(self.problems) < self.keep:
            self.problems.append(p)

    @property
    def ok(self) -> bool:
        return not self.by_kind

    @property
    def total(self) -> int:
        """Problems found, kept or not."""
        return sum(self.by_kind.values())

    def counts(self) -> Counter[str]:
        return Counter(self.by_kind)

    def merge(self, other: Report) -> None:
        """Take another report's problems (after ours, up to our cap) and counts."""
        for p in other.problems:
            if self.keep is None or len(self.problems) < self.keep:
                self.problems.append(p)
        self.by_kind.update(other.by_kind)
        self.checked_rows.update(other.checked_rows)
        self.unchecked_refs.update(other.unchecked_refs)


@dataclass
class Part:
    """Rows the columnar path proved schema-valid, as one table, and where each came from: ``segments`` are
    (file, first line, rows) in table order (the small files of one group share one table)."""

    table: Any
    segments: list[tuple[str, int, int]]
    starts: list[int] = field(default_factory=list, repr=False)  # table row of each segment's first line

    def __post_init__(self) -> None:
        at = 0
        for _, _, n in self.segments:
            self.starts.append(at)
            at += n

    def where(self, i: int) -> tuple[str, int]:
        """(file, line) of table row ``i``."""
        k = bisect.bisect_right(self.starts, i) - 1
        file, first, _ = self.segments[k]
        return file, first + i - self.starts[k]

    def locations(self) -> Iterator[tuple[str, int]]:
        """(file, line) of every table row, in order."""
        for file, first, n in self.segments:
            for line in range(first, first + n):
                yield file, line

    def file_slices(self) -> Iterator[tuple[str, int, int, int]]:
        """(file, first line, first table row, rows) of each segment."""
        for (file, first, n), at in zip(self.segments, self.starts, strict=True):
            yield file, first, at, n

    def rows(self) -> Iterator[tuple[str, int, dict[str, Any]]]:
        """(file, line, row) of every table row, as Python rows (for the paths that need whole rows)."""
        yield from ((f, line, r) for (f, line), r in zip(self.locations(), self.table.to_pylist(), strict=True))


@dataclass
class Loaded:
    """Rows of one config with where each came from.

    ``rows`` went through the per-row path; ``tables`` are parts that the
    columnar path already proved schema-valid.
    """

    config: str
    rows: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)  # (file, line, row)
    tables: list[Part] = field(default_factory=list)


@cache
def _validator(config: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(config))


def _pointer(path: Iterable[Any]) -> str:
    return "".join(f"/{p}" for p in path)


def schema_problems(config: str, row: Any, file: str, line: int | None) -> list[Problem]:
    """Every schema error of one row (not only the first)."""
    v = _validator(config)
    if v.is_valid(row):
        return []
    return [Problem(file, line, _pointer(e.instance_path), f"{_message(row, e)} (schema {config})", "schema")
            for e in v.iter_errors(row)]


def _message(row: Any, e: Any) -> str:
    """The validator's message, unless the value is a NaN or infinity (which it calls null)."""
    v = row
    for key in e.instance_path:
        try:
            v = v[key]
        except (KeyError, IndexError, TypeError):
            return e.message
    if isinstance(v, float) and not math.isfinite(v):
        return f"{v} is not a JSON number (NaN and infinities have no JSON form; expected a finite number)"
    return e.message


def read_jsonl(path: Path, report: Report, data: bytes | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a JSONL file, read line by line; a line that does not parse (a truncated last line too) is a
    problem.  ``data``: the file's bytes, when already in memory."""
    if data is not None:
        yield from _parse_lines(path, _split(data), report)
        return
    with path.open("rb") as fh:
        yield from _parse_lines(path, _stream(fh), report)


def _split(data: bytes) -> Iterator[tuple[bytes | None, bool]]:
    """Lines of bytes in memory, as ``_stream`` gives them (None for a line past ``MAX_LINE``)."""
    lines = data.split(b"\n")
    last = lines.pop()
    yield from ((x if len(x) <= MAX_LINE else None, True) for x in lines)
    if last:
        yield last if len(last) <= MAX_LINE else None, False


def _stream(fh: Any) -> Iterator[tuple[bytes | None, bool]]:
    """(line without its newline, ended by a newline) per line; None for a line past ``MAX_LINE``, skipped."""
    while raw := fh.readline(MAX_LINE + 1):
        ended = raw.endswith(b"\n")
        if len(raw) > MAX_LINE and not ended:
            while (rest := fh.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass
            yield None, bool(rest)
            continue
        yield (raw[:-1] if ended else raw), ended


def _parse_lines(path: Path, lines: Iterator[tuple[bytes | None, bool]],
                 report: Report, first: int = 1) -> Iterator[tuple[int, dict[str, Any]]]:
    for no, (raw, ended) in enumerate(lines, start=first):
        if raw is None:
            report.add(Problem(str(path), no, "", f"line longer than {MAX_LINE} bytes: not a record", "json"))
            continue
        if not raw.strip():
            continue
        try:
            row = orjson.loads(raw)
        except orjson.JSONDecodeError as e:
            last = "" if ended else " (last line: truncated?)"
            report.add(Problem(str(path), no, "", f"invalid JSON{last}: {_json_reason(raw, e)}", "json"))
            continue
        if not isinstance(row, dict):
            report.add(Problem(str(path), no, "", f"expected a JSON object, got {type(row).__name__}", "json"))
            continue
        yield no, row


def _json_reason(raw: bytes, e: orjson.JSONDecodeError) -> str:
    """Why a line does not parse, in words: bad UTF-8 and NaN/Infinity named as such."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as u:
        return f"invalid UTF-8 at byte {u.start} of the line ({u.reason}); JSON text is UTF-8"
    if text[e.pos:].startswith(("NaN", "Infinity")) or text[e.pos - 1:].startswith("-Infinity"):
        word = "NaN" if text[e.pos:].startswith("NaN") else "Infinity"
        return f"{word} at column {e.colno} is not JSON (JSON numbers are finite; expected a number or null)"
    return str(e)


def unsafe_name(value: str) -> str | None:
    """Why an issue id cannot be a file name (shards are named by it), or None when it can."""
    if not value:
        return "is empty"
    if "/" in value or "\\" in value:
        return "holds a path separator"
    if any(ord(c) < 32 for c in value):
        return "holds a control character (NUL, newline …)"
    if value.startswith("."):
        return "starts with '.' (a hidden file, or '..' the parent folder)"
    if len(value.encode("utf-8")) > MAX_ID_BYTES:
        return f"is {len(value.encode('utf-8'))} bytes long (at most {MAX_ID_BYTES}: shard names hold two ids)"
    return None


def read_arrow_table(path: Path) -> Any:
    """A Parquet shard, or an Arrow IPC file (stream or file format) from another tool, as a table."""
    import pyarrow as pa

    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).read(use_threads=False)  # read_table imports pyarrow.dataset (0.3 s)

    with pa.memory_map(str(path)) as f:
        try:
            return pa.ipc.open_stream(f).read_all()
        except pa.ArrowInvalid:
            f.seek(0)
            return pa.ipc.open_file(f).read_all()


def read_arrow(path: Path) -> list[dict[str, Any]]:
    """Rows of an Arrow IPC file."""
    return read_arrow_table(path).to_pylist()


def check_loaded(loaded: dict[str, Loaded], report: Report) -> None:
    """Schemas, unique ids, references and spans over every row given.

    References are checked against each config's ids as one Arrow array (a compact id set, built once), by
    columnar membership for proven tables and by set lookups for the rows of the per-row path.
    """
    known = _Known(loaded)
    for cfg, ld in loaded.items():
        seen: dict[str, tuple[str, int]] = {}
        key = primary_key(cfg)
        report.checked_rows[cfg] += len(ld.rows)
        valid = _validator(cfg).is_valid
        row_ids: list[str] = []
        for file, line, row in ld.rows:
            if not valid(row):
                for p in schema_problems(cfg, row, file, line):
                    report.add(p)
            rid = row.get(key)
            if isinstance(rid, str) and note_id(seen, rid, file, line, key, report):
                row_ids.append(rid)
        if ld.tables:
            _table_ids(ld, seen, report)
        known.row_ids[cfg] = row_ids
        _check_issue_ids(ld, report)
    if "people" in loaded:
        _check_person_ids(loaded["people"], report)
    sets = _IdSets(known)
    owners = {c: _Owners(loaded[c]) for c in ("articles", "images") if c in loaded}
    for cfg, ld in loaded.items():
        for file, line, row in ld.rows:
            _check_refs(cfg, row, file, line, sets, loaded, report)
            if cfg in SPAN_CONFIGS:
                _check_spans(cfg, row, file, line, owners, loaded, report)
            elif cfg == "articles":
                _check_article_offsets(row, file, line, report)
        for part in ld.tables:
            _table_refs(cfg, part, known, sets, loaded, report)
            if cfg in SPAN_CONFIGS:
                _table_spans(cfg, part, owners, loaded, report)
            elif cfg == "articles":
                _table_article_offsets(part, report)


class _Known:
    """Each config's ids (first places of the per-row path, and the proven tables' key columns) as one Arrow
    array, made when a proven table's references ask (``known[cfg]``); a build's rows never make one (nor
    import pandas, which ``pyarrow.array`` of a list does)."""

    def __init__(self, loaded: dict[str, Loaded]) -> None:
        self.loaded, self.row_ids, self.made = loaded, {}, {}

    def __getitem__(self, cfg: str) -> Any:
        if cfg not in self.made:
            import pyarrow as pa

            ld = self.loaded.get(cfg)
            rows = self.row_ids.get(cfg) or []
            chunks = ([pa.array(rows, type=pa.string())] if rows else []) + (
                [c for part in ld.tables for c in part.table.column(primary_key(cfg)).chunks] if ld else [])
            self.made[cfg] = pa.chunked_array(chunks, type=pa.string())
        return self.made[cfg]


class _IdSets:
    """Python sets of a config's ids, made only when rows of the per-row path ask (``sets[cfg]``)."""

    def __init__(self, known: _Known) -> None:
        self.known, self.made = known, {}

    def __getitem__(self, cfg: str) -> set[str]:
        if cfg not in self.made:
            ld = self.known.loaded.get(cfg)
            ids = set(self.known.row_ids.get(cfg) or [])
            for part in ld.tables if ld else []:
                ids.update(part.table.column(primary_key(cfg)).to_pylist())
            self.made[cfg] = ids
        return self.made[cfg]


class _Owners:
    """The articles or images spans point into, by id: rows as given, proven tables read a column at a time."""

    def __init__(self, ld: Loaded) -> None:
        key = primary_key(ld.config)
        self.rows: dict[Any, dict[str, Any]] = {}
        for _, _, row in ld.rows:
            self.rows.setdefault(row.get(key), row)
        self.parts, self.key = ld.tables, key
        self.index: dict[Any, tuple[int, int]] | None = None
        self.cols: dict[tuple[int, str], list[Any]] = {}

    def get(self, oid: Any) -> Any:
        """The row (or a view of a table row) with id ``oid``, or None."""
        if oid in self.rows:
            return self.rows[oid]
        if self.index is None:
            self.index = {}
            for k, part in enumerate(self.parts):
                for i, rid in enumerate(part.table.column(self.key).to_pylist()):
                    self.index.setdefault(rid, (k, i))
        at = self.index.get(oid)
        return None if at is None else _TableRow(self, *at)

    def value(self, k: int, i: int, fld: str) -> Any:
        if (k, fld) not in self.cols:
            table = self.parts[k].table
            self.cols[k, fld] = table.column(fld).to_pylist() if fld in table.column_names else []
        col = self.cols[k, fld]
        return col[i] if col else None


@dataclass(frozen=True)
class _TableRow:
    owners: _Owners
    part: int
    row: int

    def get(self, fld: str) -> Any:
        return self.owners.value(self.part, self.row, fld)


def note_id(seen: dict[str, tuple[str, int]], rid: str, file: str, line: int, key: str, report: Report) -> bool:
    """Remember where an id is first seen (True); a repeat is a duplicate_id problem naming the first (False)."""
    if rid in seen:
        f0, l0 = seen[rid]
        report.add(Problem(file, line, f"/{key}", f"duplicate id {rid!r} (first at {f0}:{l0})", "duplicate_id"))
        return False
    seen[rid] = (file, line)
    return True


def _check_issue_ids(ld: Loaded, report: Report) -> None:
    """Issue ids become file names: each unsafe one is reported once per file (not once per row)."""
    import pyarrow.compute as pc

    told: set[tuple[str, str]] = set()
    located: list[tuple[str, int, Any]] = [(file, line, row.get("issue_id")) for file, line, row in ld.rows]
    for part in ld.tables:
        if "issue_id" not in part.table.column_names:
            continue
        col = part.table.column("issue_id")
        for iid in col.unique().to_pylist():  # a handful per table: locate only an unsafe one
            if isinstance(iid, str) and unsafe_name(iid):
                for file, _, off, n in part.file_slices():
                    at = pc.index(col.slice(off, n), iid).as_py()
                    if at >= 0:
                        located.append((file, part.where(off + at)[1], iid))
    for file, line, iid in located:
        why = unsafe_name(iid) if isinstance(iid, str) else None
        if why and (file, iid) not in told:
            told.add((file, iid))
            report.add(Problem(file, line, "/issue_id", f"issue id {iid[:40]!r} is not a safe file name: it {why}",
                               "id"))


def _check_person_ids(ld: Loaded, report: Report) -> None:
    """A person_id names one person of one issue: the same id never carries two names."""
    first: dict[str, tuple[str, str, int]] = {}

    def check(file: str, line: int, pid: Any, name: Any, iid: Any) -> None:
        if not isinstance(pid, str):
            return
        if isinstance(iid, str) and not pid.startswith(iid + "-"):
            report.add(Problem(file, line, "/person_id", f"person_id {pid!r} is not an id of issue {iid!r}",
                               "reference"))
        seen = first.setdefault(pid, (name, file, line))
        if seen[0] != name:
            report.add(Problem(file, line, "/person_id", f"person_id {pid!r} is {seen[0]!r} at {seen[1]}:{seen[2]}, "
                                                         f"here {name!r}", "reference"))

    for file, line, row in ld.rows:
        check(file, line, row.get("person_id"), row.get("name"), row.get("issue_id"))
    for part in ld.tables:
        cols = [part.table.column(c).to_pylist() for c in ("person_id", "name", "issue_id")]
        for (file, line), pid, name, iid in zip(part.locations(), *cols, strict=True):
            if not isinstance(pid, str) or pid in first or not (isinstance(iid, str) and pid.startswith(iid + "-")):
                check(file, line, pid, name, iid)
            else:
                first[pid] = (name, file, line)


def _table_ids(ld: Loaded, seen: dict[str, tuple[str, int]], report: Report) -> None:
    """Unique ids over proven tables (and rows of the same config), located only when some repeat."""
    import pyarrow as pa
    import pyarrow.compute as pc

    key = primary_key(ld.config)
    col = pa.chunked_array([c for part in ld.tables for c in part.table.column(key).chunks], type=pa.string())
    report.checked_rows[ld.config] += len(col)
    clash = bool(seen) and pc.any(pc.is_in(col, value_set=pa.array(list(seen), type=pa.string()))).as_py()
    if len(pc.unique(col)) == len(col) and not clash:  # unique is faster than count_distinct
        return
    for part in ld.tables:
        for (file, line), rid in zip(part.locations(), part.table.column(key).to_pylist(), strict=True):
            note_id(seen, rid, file, line, key, report)


def _table_refs(cfg: str, part: Part, known: _Known, sets: _IdSets, loaded: dict[str, Loaded],
                report: Report) -> None:
    """References of a proven table by columnar membership in the target's id set; located only when some
    match nothing."""
    import pyarrow.compute as pc

    single, lists = _ref_plan(cfg)
    table = part.table
    for fld, target in single:
        col = table.column(fld)
        if target not in loaded:
            report.unchecked_refs[fld] += len(col) - col.null_count
            continue
        bad = pc.and_(pc.invert(pc.is_in(col, value_set=known[target])), pc.is_valid(col))
        for i in pc.indices_nonzero(bad).to_pylist():
            file, line = part.where(i)
            v = col[i].as_py()
            report.add(Problem(file, line, f"/{fld}", f"{fld} {v!r} matches no {target} record", "reference"))
    for fld, target in lists:
        if target not in loaded:
            continue
        col = table.column(fld)
        flat = pc.list_flatten(col)
        bad = pc.and_(pc.invert(pc.is_in(flat, value_set=known[target])), pc.is_valid(flat))
        if not pc.any(bad).as_py():
            continue
        parents = pc.list_parent_indices(col)
        for i in sorted(set(pc.filter(parents, bad).to_pylist())):
            file, line = part.where(i)
            for k, v in enumerate(col[i].as_py() or []):
                if isinstance(v, str) and v not in sets[target]:
                    report.add(Problem(file, line, f"/{fld}/{k}", f"{v!r} matches no {target} record", "reference"))


SPAN_COLUMNS = {"numbers": ("article_id", "image_id", "field", "start", "end", "text"),
                "people": ("article_id", "image_id", "mentions")}


def _table_spans(cfg: str, part: Part, owners: dict[str, _Owners], loaded: dict[str, Loaded],
                 report: Report) -> None:
    """Spans of a proven table: re-sliced as arrays, and only the rows that fail (or that the arrays cannot
    tell) checked again one by one, which names each problem as the per-row path does."""
    table = part.table
    if not any(c in loaded for c in ("articles", "images")):
        report.unchecked_refs["spans"] += table.num_rows
        return
    suspects = _span_suspects(cfg, table, owners)
    if not suspects:
        return
    names = SPAN_COLUMNS[cfg]
    rows = table.select(list(names)).take(suspects).to_pylist()
    for i, row in zip(suspects, rows, strict=True):
        file, line = part.where(i)
        _check_spans(cfg, row, file, line, owners, loaded, report)


def _utf32(strings: Any) -> tuple[Any, Any, Any]:
    """(code points of every string one after another, offset of each string, its length; -1 for a null)."""
    import numpy as np
    import pyarrow.compute as pc

    lens = pc.fill_null(pc.utf8_length(strings), -1).to_numpy(zero_copy_only=False).astype(np.int64)
    offs = np.concatenate([[0], np.cumsum(np.maximum(lens, 0))[:-1]]) if len(lens) else lens
    text = "".join(x for x in strings.to_pylist() if x is not None)
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), offs, lens


def _span_suspects(cfg: str, table: Any, owners: dict[str, _Owners]) -> list[int]:
    """Table rows whose spans the array re-slice does not prove right: a bad range, another surface, an owner
    not found, a field that is not a string, or an owner the arrays cannot reach (given as rows)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    if cfg == "people":
        mentions = table.column("mentions").combine_chunks()
        flat = pc.list_flatten(mentions)
        parents = pc.list_parent_indices(mentions).to_numpy()
        fld, start, end, text = (flat.field(k) if not flat.null_count else pc.struct_field(flat, k)
                                 for k in ("field", "start", "end", "text"))
    else:
        parents = np.arange(n)
        fld, start, end, text = (table.column(k).combine_chunks() for k in ("field", "start", "end", "text"))
    suspect = np.zeros(n, dtype=bool)
    if not len(parents):
        return []
    to_art = pc.fill_null(pc.not_equal(table.column("article_id"), ""), False).to_numpy(zero_copy_only=False)
    st = pc.fill_null(start, -1).to_numpy(zero_copy_only=False)
    en = pc.fill_null(end, -1).to_numpy(zero_copy_only=False)
    sbuf, soffs, slens = _utf32(text)
    checked = np.zeros(len(parents), dtype=bool)
    for owner_cfg, key_col, sel in (("articles", "article_id", to_art), ("images", "image_id", ~to_art)):
        if not sel.any():
            continue
        ow = owners.get(owner_cfg)
        if ow is None or ow.rows:  # not given, or partly given as rows: every such row one by one
            suspect |= sel
            continue
        ids = pa.chunked_array([c for pt in ow.parts for c in pt.table.column(ow.key).chunks], type=pa.string())
        idx = pc.fill_null(pc.index_in(table.column(key_col), value_set=ids), -1).to_numpy(zero_copy_only=False)
        suspect |= sel & (idx < 0)  # no such owner: the reference check names it
        o = idx[parents]
        mine = sel[parents] & (o >= 0)
        for f in pc.unique(pc.filter(fld, pa.array(mine))).to_pylist():
            cols = [pt.table.column(f) for pt in ow.parts if isinstance(f, str) and f in pt.table.column_names]
            if f is None or not cols or not pa.types.is_string(cols[0].type):
                continue  # left unchecked here: its rows stay suspects
            these = mine & pc.fill_null(pc.equal(fld, f), False).to_numpy(zero_copy_only=False)
            buf, offs, lens = _utf32(pa.chunked_array([c for col in cols for c in col.chunks]).combine_chunks())
            e = np.flatnonzero(these)
            oe, s0, s1 = o[e], st[e], en[e]
            fine = (lens[oe] >= 0) & (s0 >= 0) & (s0 <= s1) & (s1 <= lens[oe]) & (s1 - s0 == slens[e])
            e, oe, s0, k = e[fine], oe[fine], s0[fine], (s1 - s0)[fine]
            within = np.arange(int(k.sum())) - np.repeat(np.cumsum(k) - k, k)
            same = buf[np.repeat(offs[oe] + s0, k) + within] == sbuf[np.repeat(soffs[e], k) + within]
            wrong = np.zeros(len(e), dtype=bool)
            wrong[np.repeat(np.arange(len(e)), k)[~same]] = True
            checked[e[~wrong]] = True
    suspect[parents[~checked]] = True
    return np.flatnonzero(suspect).tolist()


def _table_article_offsets(part: Part, report: Report) -> None:
    """Subheading and speaker offsets of the proven articles that have any (most have none)."""
    import pyarrow.compute as pc

    table = part.table
    has = pc.or_(pc.fill_null(pc.greater(pc.list_value_length(table.column("subheadings")), 0), False),
                 pc.fill_null(pc.greater(pc.list_value_length(table.column("speakers")), 0), False))
    idx = pc.indices_nonzero(has).to_pylist()
    if not idx:
        return
    sub = table.select(["text", "subheadings", "speakers"]).take(idx).to_pylist()
    for i, row in zip(idx, sub, strict=True):
        file, line = part.where(i)
        _check_article_offsets(row, file, line, report)


@cache
def _ref_plan(cfg: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(field, target config) of the single and the list references the schema declares (``x-references``)."""
    refs = references(cfg)
    return (tuple((r.field, r.config) for r in refs if not r.many),
            tuple((r.field, r.config) for r in refs if r.many))


def _check_refs(cfg: str, row: dict[str, Any], file: str, line: int, ids: Any,
                loaded: dict[str, Loaded], report: Report) -> None:
    single, lists = _ref_plan(cfg)
    for fld, target in single:
        v = row.get(fld)
        if not isinstance(v, str):
            continue
        if target not in loaded:
            report.unchecked_refs[fld] += 1
        elif v not in ids[target]:
            report.add(Problem(file, line, f"/{fld}", f"{fld} {v!r} matches no {target} record", "reference"))
    for fld, target in lists:
        for k, v in enumerate(row.get(fld) or []):
            if target in loaded and isinstance(v, str) and v not in ids[target]:
                report.add(Problem(file, line, f"/{fld}/{k}", f"{v!r} matches no {target} record", "reference"))


def _owner(row: dict[str, Any], ids: Any) -> Any:
    """The article or image a span row points into (``ids``: config → id → row, or ``_Owners``)."""
    if row.get("article_id"):
        return ids["articles"].get(row["article_id"])
    if row.get("image_id"):
        return ids["images"].get(row["image_id"])
    return None


def _check_spans(cfg: str, row: dict[str, Any], file: str, line: int, ids: Any,
                 loaded: dict[str, Loaded], report: Report) -> None:
    owner_cfg = "articles" if row.get("article_id") else "images"
    if owner_cfg not in loaded:
        report.unchecked_refs["spans"] += 1
        return
    owner = _owner(row, ids)
    if owner is None:
        if not row.get("article_id") and not row.get("image_id"):
            report.add(Problem(file, line, "/article_id", "neither article_id nor image_id is set", "reference"))
        return
    spans = ([(f"/mentions/{k}", m, m.get("text")) for k, m in enumerate(row.get("mentions") or [])]
             if cfg == "people" else [("", row, row.get("text"))])
    for ptr, sp, surface in spans:
        _slice_check(owner, sp, surface, file, line, ptr, report)


def _slice_check(owner: Any, sp: dict[str, Any], surface: Any, file: str, line: int, ptr: str,
                 report: Report) -> None:
    fld, start, end = sp.get("field"), sp.get("start"), sp.get("end")
    src = owner.get(fld) if isinstance(fld, str) else None
    if not isinstance(src, str):
        report.add(Problem(file, line, f"{ptr}/field", f"owner has no string field {fld!r}", "span"))
        return
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(src)):
        report.add(Problem(file, line, f"{ptr}/start", f"span [{start}, {end}) outside {fld} (length {len(src)})",
                           "span"))
        return
    if src[start:end] != surface:
        report.add(Problem(file, line, f"{ptr}/start",
                           f"span [{start}, {end}) of {fld} is {src[start:end]!r}, expected {surface!r}", "span"))


def _check_article_offsets(row: dict[str, Any], file: str, line: int, report: Report) -> None:
    for k, s in enumerate(row.get("subheadings") or []):
        _slice_check(row, {"field": "text", **s}, s.get("text"), file, line, f"/subheadings/{k}", report)
    for k, s in enumerate(row.get("speakers") or []):
        _slice_check(row, {"field": "text", **s}, s.get("name"), file, line, f"/speakers/{k}", report)


def validate_rows(rows: dict[str, list[dict[str, Any]]], label: str = "<build>") -> Report:
    """Check freshly built records before they are published (line = 1-based row number)."""
    report = Report()
    loaded = {cfg: Loaded(cfg, [(f"{label}/{cfg}", i, r) for i, r in enumerate(rs, start=1)])
              for cfg, rs in rows.items()}
    check_loaded(loaded, report)
    return report


def infer_config(path: Path) -> str | None:
    """The config a loose JSONL/Arrow file holds, from its folder or file name."""
    for part in reversed(path.parts):
        stem = re.split(r"[.\-_]", part)[0]
        if stem in CONFIGS:
            return stem
    return None


def validate_paths(paths: list[Path], config: str | None = None, max_errors: int | None = None) -> Report:
    """Validate dataset folders and loose files together (references resolve across all of them).

    ``max_errors`` caps the problems kept in the report; all are counted. One dataset folder alone is
    checked one (paper, year) group at a time (``validate_groups``), so memory is bounded by a group,
    not by the archive.
    """
    from corpus_tools.publish import check_card, dataset_files

    report = Report(keep=max_errors)
    if len(paths) == 1 and paths[0].is_dir():  # one dataset folder: a (paper, year) group at a time
        from corpus_tools.validate_groups import validate_groups

        check_card(paths[0], report)
        validate_groups(paths[0], report, _load_group, check_loaded)
        return report
    loaded: dict[str, Loaded] = {}
    for path in paths:
        if path.is_dir():
            check_card(path, report)
            files = dataset_files(path)
            for jsonls, datas in files.values():
                check_twins(jsonls, datas, report)
        else:
            loose = loose_file(path, config, report)
            if loose is None:
                continue
            files = {loose[0]: loose[1]}
        for cfg, (jsonls, arrows) in files.items():
            ld = loaded.setdefault(cfg, Loaded(cfg))
            _load_files(cfg, jsonls, arrows, ld, report)
    check_loaded(loaded, report)
    return report


def loose_file(path: Path, config: str | None, report: Report) -> tuple[str, tuple[list[Path], list[Path]]] | None:
    """A file outside a dataset folder as (config, (JSONL files, columnar files)); None, reported, when it
    is missing or its config cannot be told (the local and the cluster validator read paths alike)."""
    if not path.exists():
        report.add(Problem(str(path), None, "", "no such file or folder", "file"))
        return None
    cfg = config or infer_config(path)
    if cfg is None:
        report.add(Problem(str(path), None, "", "cannot tell the config; pass --config", "file"))
        return None
    columnar = path.suffix in (".arrow", ".parquet")
    return cfg, ([] if columnar else [path], [path] if columnar else [])


def check_twins(jsonls: list[Path], datas: list[Path], report: Report) -> None:
    """Every data shard has its JSONL twin and every JSONL file its data shard (a pair shares its stem)."""
    from corpus_tools.shards import shard_stem

    j = {shard_stem(p): p for p in jsonls}
    d = {shard_stem(p): p for p in datas}
    for stem in sorted(d.keys() - j.keys()):
        report.add(Problem(str(d[stem]), None, "", f"data shard without its JSONL twin ({stem}.*.jsonl is missing)",
                           "file"))
    for stem in sorted(j.keys() - d.keys()):
        report.add(Problem(str(j[stem]), None, "", f"JSONL file without its data shard ({stem}.* is missing)",
                           "file"))


def _load_group(files: dict[str, tuple[list[Path], list[Path]]], report: Report) -> dict[str, Loaded]:
    """One group's (JSONL, Parquet) files per config, read and checked against each other."""
    loaded: dict[str, Loaded] = {}
    for cfg, (jsonls, arrows) in files.items():
        check_twins(jsonls, arrows, report)
        _load_files(cfg, jsonls, arrows, loaded.setdefault(cfg, Loaded(cfg)), report)
    return loaded


def _load_files(cfg: str, jsonls: list[Path], arrows: list[Path], ld: Loaded, report: Report) -> None:
    """Rows of JSONL files, and the Parquet (or Arrow) shards checked against their JSONL twins."""
    _load_jsonls(cfg, jsonls, ld, report)
    _check_arrows(cfg, jsonls, arrows, ld, report)


BATCH = 1 << 25  # bytes of JSON proven as one table: a group's small files are batched up to this
FEW = 64  # lines of a failed proof that go row by row; a larger failed piece is halved and proven again


def _load_jsonls(cfg: str, paths: list[Path], ld: Loaded, report: Report) -> None:
    """JSONL files as proven parts, small files batched into one table and large ones read in blocks.

    A batch that fails its proof is halved until the pieces that fail are a few lines each; only those go
    row by row, so one bad row costs a few re-proofs of its block, not a file on the per-row path.  A file
    that does not look like JSON lines at both ends is streamed row by row (its size never decides memory).
    """
    from corpus_tools.columnar import looks_like_jsonl

    batch: list[tuple[str, int, bytes]] = []
    size = 0
    for p in paths:
        if not looks_like_jsonl(p):
            ld.rows += [(str(p), no, r) for no, r in read_jsonl(p, report)]
            continue
        for first, block in _blocks(p, report):
            batch.append((str(p), first, block))
            size += len(block)
            if size >= BATCH or not block.endswith(b"\n"):  # a cut last line is never joined to the next file
                _prove(cfg, batch, ld, report)
                batch, size = [], 0
    if batch:
        _prove(cfg, batch, ld, report)


def _blocks(path: Path, report: Report) -> Iterator[tuple[int, bytes]]:
    """(first line, bytes) of a file in blocks of about ``BATCH`` bytes that end at a line end."""
    with path.open("rb") as fh:
        line = 1
        while block := fh.read(BATCH):
            if not block.endswith(b"\n"):
                block += fh.readline(MAX_LINE)
            if not block.endswith(b"\n") and fh.peek(1):  # a line past MAX_LINE: skip it, as the stream does
                cut = block.rfind(b"\n") + 1
                head, block = block[:cut], b""
                if head:
                    yield line, head
                    line += head.count(b"\n")
                while (rest := fh.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                    pass
                report.add(Problem(str(path), line, "", f"line longer than {MAX_LINE} bytes: not a record", "json"))
                line += 1
                continue
            yield line, block
            line += block.count(b"\n")


def _prove(cfg: str, pieces: list[tuple[str, int, bytes]], ld: Loaded, report: Report) -> None:
    """Prove pieces (file, first line, bytes) valid as one table, or halve them until the bad lines are few."""
    from corpus_tools.columnar import proven_table

    data = pieces[0][2] if len(pieces) == 1 else b"".join(b for _, _, b in pieces)
    table = proven_table(data, cfg) if data else None
    if table is not None:
        ld.tables.append(Part(table, [(f, first, b.count(b"\n")) for f, first, b in pieces]))
        return
    if len(pieces) > 1:
        half = len(pieces) // 2
        _prove(cfg, pieces[:half], ld, report)
        _prove(cfg, pieces[half:], ld, report)
        return
    file, first, data = pieces[0]
    lines = data.count(b"\n")
    if lines > FEW:
        cut = data.find(b"\n", len(data) // 2) + 1 or data.rfind(b"\n", 0, len(data) - 1) + 1
        if 0 < cut < len(data):
            _prove(cfg, [(file, first, data[:cut])], ld, report)
            _prove(cfg, [(file, first + data[:cut].count(b"\n"), data[cut:])], ld, report)
            return
    ld.rows += [(file, no, r) for no, r in _parse_lines(Path(file), _split(data), report, first)]


def _check_arrows(cfg: str, jsonls: list[Path], arrows: list[Path], ld: Loaded, report: Report) -> None:
    """Each Parquet (or Arrow) shard against its JSONL twin: table equality when the twin was proven, row by
    row when it was not; a shard without a twin gives its rows to the per-row path."""
    import pyarrow as pa

    from corpus_tools.shards import shard_stem  # shards reads Arrow through this module

    twins = {shard_stem(p): str(p) for p in jsonls}
    proven: dict[str, list[Any]] = {}
    for part in ld.tables:
        for file, _, at, n in part.file_slices():
            proven.setdefault(file, []).append(part.table.slice(at, n))
    per_row = {f for f, _, _ in ld.rows}
    for p in arrows:
        twin = twins.get(shard_stem(p))
        try:
            table = read_arrow_table(p)
        except (OSError, ValueError) as e:  # pyarrow's errors are both
            report.add(Problem(str(p), None, "", f"unreadable {p.suffix[1:]} file: {e}", "arrow"))
            continue
        if twin is not None and twin in proven and twin not in per_row:
            slices = proven[twin]
            if not table.equals(slices[0] if len(slices) == 1 else pa.concat_tables(slices)):
                report.add(Problem(str(p), None, "", "Parquet rows differ from the JSONL beside it", "arrow"))
            continue
        rows = table.to_pylist()
        if twin is None:
            ld.rows += [(str(p), i, r) for i, r in enumerate(rows, start=1)]
            continue
        theirs = [r for _, r in read_jsonl(Path(twin), Report())]  # its problems are told already
        if theirs != rows:
            bad = next((i for i, (a, b) in enumerate(zip(rows, theirs, strict=False), start=1) if a != b),
                       min(len(rows), len(theirs)) + 1)
            report.add(Problem(str(p), bad, "", f"Parquet rows differ from the JSONL beside it (first at row {bad};"
                                                f" {len(rows)} vs {len(theirs)} rows)", "arrow"))
