"""Validation: schemas, unique ids, references, spans, Arrow/JSONL agreement, card/schema agreement.

Used twice: on the records of a build before anything is published (a record
that fails is never written), and by ``corpus-tools validate`` on a dataset
folder or on JSONL/Arrow files from any tool.  Every problem names the file,
the line (1-based JSONL line, or row number for Arrow), a JSON pointer and what
was expected.

Reading is streaming: a JSONL file goes line by line (no line longer than
``MAX_LINE`` is held), and a ``Report`` keeps at most ``keep`` problems while
counting all of them, so a gigabyte of junk costs no more memory than a page
of it.  Only a file that looks like JSON lines at both ends is read whole, for
the columnar proof (its rows are kept anyway when they are valid).
"""

from __future__ import annotations

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


@dataclass
class Loaded:
    """Rows of one config with where each came from.

    ``rows`` went through the per-row path; ``tables`` are whole files that the
    columnar path already proved schema-valid (row ``i`` is line ``i + 1``).
    """

    config: str
    rows: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)  # (file, line, row)
    tables: list[tuple[str, Any]] = field(default_factory=list)  # (file, pyarrow.Table)


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
    lines = data.split(b"\n")
    last = lines.pop()
    yield from ((x, True) for x in lines)
    if last:
        yield last, False


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
                 report: Report) -> Iterator[tuple[int, dict[str, Any]]]:
    for no, (raw, ended) in enumerate(lines, start=1):
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

        return pq.read_table(path)

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
    """Schemas, unique ids, references and spans over every row given."""
    ids: dict[str, dict[str, dict[str, Any]]] = {c: {} for c in CONFIGS}
    for cfg, ld in loaded.items():
        seen: dict[str, tuple[str, int]] = {}
        key = primary_key(cfg)
        if ld.rows:
            report.checked_rows[cfg] += len(ld.rows)
        valid = _validator(cfg).is_valid
        for file, line, row in ld.rows:
            if not valid(row):
                for p in schema_problems(cfg, row, file, line):
                    report.add(p)
            rid = row.get(key)
            if isinstance(rid, str) and note_id(seen, rid, file, line, key, report):
                ids[cfg][rid] = row
        if ld.tables:
            _table_ids(ld, seen, report)
        _check_issue_ids(ld, report)
    if "people" in loaded:
        _check_person_ids(loaded["people"], report)
    for cfg, ld in loaded.items():
        for file, line, row in ld.rows:
            _check_refs(cfg, row, file, line, ids, loaded, report)
            if cfg in SPAN_CONFIGS:
                _check_spans(cfg, row, file, line, ids, loaded, report)
            elif cfg == "articles":
                _check_article_offsets(row, file, line, report)
        for file, table in ld.tables:
            _table_refs(cfg, file, table, ids, loaded, report)


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
    told: set[tuple[str, str]] = set()
    located = [(file, line, row.get("issue_id")) for file, line, row in ld.rows]
    for file, table in ld.tables:
        if "issue_id" in table.column_names:
            located += [(file, None, v) for v in table.column("issue_id").unique().to_pylist()]
    for file, line, iid in located:
        why = unsafe_name(iid) if isinstance(iid, str) else None
        if why and (file, iid) not in told:
            told.add((file, iid))
            report.add(Problem(file, line, "/issue_id", f"issue id {iid[:40]!r} is not a safe file name: it {why}",
                               "id"))


def _check_person_ids(ld: Loaded, report: Report) -> None:
    """A person_id names one person of one issue: the same id never carries two names."""
    rows = list(ld.rows)
    for file, table in ld.tables:
        cols = table.select(["person_id", "name", "issue_id"]).to_pylist()
        rows += [(file, i, r) for i, r in enumerate(cols, start=1)]
    first: dict[str, tuple[str, str, int]] = {}
    for file, line, row in rows:
        pid, name, iid = row.get("person_id"), row.get("name"), row.get("issue_id")
        if not isinstance(pid, str):
            continue
        if isinstance(iid, str) and not pid.startswith(iid + "-"):
            report.add(Problem(file, line, "/person_id", f"person_id {pid!r} is not an id of issue {iid!r}",
                               "reference"))
        seen = first.setdefault(pid, (name, file, line))
        if seen[0] != name:
            report.add(Problem(file, line, "/person_id", f"person_id {pid!r} is {seen[0]!r} at {seen[1]}:{seen[2]}, "
                                                         f"here {name!r}", "reference"))


def _table_ids(ld: Loaded, seen: dict[str, tuple[str, int]], report: Report) -> None:
    """Unique ids over proven tables (and rows of the same config), located only when some repeat."""
    import pyarrow as pa
    import pyarrow.compute as pc

    key = primary_key(ld.config)
    col = pa.chunked_array([c for _, t in ld.tables for c in t.column(key).chunks], type=pa.string())
    report.checked_rows[ld.config] += len(col)
    clash = bool(seen) and pc.any(pc.is_in(col, value_set=pa.array(list(seen), type=pa.string()))).as_py()
    if len(pc.unique(col)) == len(col) and not clash:  # unique is faster than count_distinct
        return
    for file, t in ld.tables:
        for i, rid in enumerate(t.column(key).to_pylist(), start=1):
            note_id(seen, rid, file, i, key, report)


def _table_refs(cfg: str, file: str, table: Any, ids: dict[str, dict[str, Any]], loaded: dict[str, Loaded],
                report: Report) -> None:
    """References and spans of a proven table: columnar membership, spans only where owners are given."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for fld, target in _ref_plan(cfg)[0]:
        col = table.column(fld)
        if target not in loaded:
            report.unchecked_refs[fld] += len(col) - col.null_count
            continue
        known = pa.array(list(ids[target]), type=pa.string())
        bad = pc.and_(pc.invert(pc.is_in(col, value_set=known)), pc.is_valid(col))
        for i in pc.indices_nonzero(bad).to_pylist():
            v = col[i].as_py()
            report.add(Problem(file, i + 1, f"/{fld}", f"{fld} {v!r} matches no {target} record", "reference"))
    if cfg in SPAN_CONFIGS:
        owners = [c for c in ("articles", "images") if c in loaded]
        if not owners:
            report.unchecked_refs["spans"] += table.num_rows
            return
        for i, row in enumerate(table.to_pylist(), start=1):
            _check_spans(cfg, row, file, i, ids, loaded, report)


@cache
def _ref_plan(cfg: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(field, target config) of the single and the list references the schema declares (``x-references``)."""
    refs = references(cfg)
    return (tuple((r.field, r.config) for r in refs if not r.many),
            tuple((r.field, r.config) for r in refs if r.many))


def _check_refs(cfg: str, row: dict[str, Any], file: str, line: int, ids: dict[str, dict[str, Any]],
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


def _owner(row: dict[str, Any], ids: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The article or image a span row points into."""
    if row.get("article_id"):
        return ids["articles"].get(row["article_id"])
    if row.get("image_id"):
        return ids["images"].get(row["image_id"])
    return None


def _check_spans(cfg: str, row: dict[str, Any], file: str, line: int, ids: dict[str, dict[str, Any]],
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


def _slice_check(owner: dict[str, Any], sp: dict[str, Any], surface: Any, file: str, line: int, ptr: str,
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


COLUMNAR = ("people", "numbers")  # the bulk configs: proven by columns when they are valid


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
    from corpus_tools.columnar import looks_like_jsonl, proven_table
    from corpus_tools.shards import shard_stem  # shards reads Arrow through this module

    by_stem: dict[str, Any] = {}
    for p in jsonls:
        if cfg in COLUMNAR and looks_like_jsonl(p):
            table = proven_table(p.read_bytes(), cfg)
            if table is not None:
                ld.tables.append((str(p), table))
                by_stem[shard_stem(p)] = table
                continue
        rows = list(read_jsonl(p, report))  # streamed: the bytes of a junk file are never all held
        ld.rows += [(str(p), no, r) for no, r in rows]
        by_stem[shard_stem(p)] = [r for _, r in rows]
    for p in arrows:
        twin = by_stem.get(shard_stem(p))
        try:
            table = read_arrow_table(p)
        except (OSError, ValueError) as e:  # pyarrow's errors are both
            report.add(Problem(str(p), None, "", f"unreadable {p.suffix[1:]} file: {e}", "arrow"))
            continue
        if twin is not None and not isinstance(twin, list):
            if not table.equals(twin):
                report.add(Problem(str(p), None, "", "Parquet rows differ from the JSONL beside it", "arrow"))
            continue
        rows = table.to_pylist()
        if twin is None:
            ld.rows += [(str(p), i, r) for i, r in enumerate(rows, start=1)]
        elif twin != rows:
            bad = next((i for i, (a, b) in enumerate(zip(rows, twin, strict=False), start=1) if a != b),
                       min(len(rows), len(twin)) + 1)
            report.add(Problem(str(p), bad, "", f"Parquet rows differ from the JSONL beside it (first at row {bad};"
                                                f" {len(rows)} vs {len(twin)} rows)", "arrow"))
