"""Shards: one config's rows of whole issues of one paper and year, as Parquet with a JSONL twin.

Layout: ``data/<config>/<paper_id>/<yyyy>/<first>--<last>.<sha12>.parquet``
(``<issue_id>.<sha12>`` for one issue) and the same path under ``jsonl/``
with ``.jsonl``.  A shard never mixes two (paper, year) groups, so a
correction rewrites one small shard and one year can be read alone; within a
group a shard takes issue after issue (in issue-id order) until its JSON lines
would pass a size limit.  The content hash in the name keeps
``load_dataset``'s cache honest (its key ignores file contents).

Parquet: zstd, one row group per ``ROW_GROUP_BYTES`` of rows (cut between
issues, so a row group's ``issue_id`` statistics name whole issues).  Rows
are written from one contiguous table per row group, so the bytes depend only
on the rows: a shard rewritten from an old shard's rows is byte-identical to
one written from freshly converted rows (what ``compact`` relies on).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from corpus_tools import commit
from corpus_tools.errors import DatasetError
from corpus_tools.manifest import FileEntry, ManifestError, Partition, shard_stem_for
from corpus_tools.schema import arrow_schema

DEFAULT_SHARD_BYTES = 64 * 1024 * 1024  # of JSON lines per shard (about the size of the rows in Arrow)
# of JSON lines per Parquet row group (about 250 kB of zstd): small enough to fetch one issue, large enough
# to scan; the rows of the open row group are held in memory, per config, so this bounds a build's memory
# (16 MB held 100 MB more at peak than a one-issue build)
ROW_GROUP_BYTES = 1024 * 1024
PARQUET_OPTIONS: dict[str, Any] = {"compression": "zstd", "compression_level": 3, "use_dictionary": True,
                                   "write_statistics": True}


@dataclass(frozen=True)
class Part:
    """One issue's rows of one config, rendered in a worker: an Arrow record-batch message and JSON lines."""

    arrow: bytes
    jsonl: bytes
    rows: int


_rendered = 0  # parts rendered by this process (see render_part)
JSON_READER_PARTS = 60  # about ten issues


def render_part(config: str, rows: list[dict[str, Any]]) -> Part:
    """Rows as an IPC record-batch message (schema from the JSON Schema) and as JSON lines in schema order.

    Two converters give the same table: ``pa.array`` on the dicts is the
    faster by 3-5 ms an issue, but its first call imports pandas (0.2-0.3 s,
    most of a one-issue build's start-up); pyarrow's JSON reader over the
    lines does not.  So the first parts of a process are read from their
    JSON lines and the rest converted from the dicts.  The message is cheap
    to send from a worker and to read back.
    """
    global _rendered
    schema = arrow_schema(config)
    jsonl = b"".join([orjson.dumps(r) + b"\n" for r in rows])
    _rendered += 1
    if _rendered <= JSON_READER_PARTS:
        table = pa_json.read_json(io.BytesIO(jsonl), read_options=pa_json.ReadOptions(
            use_threads=False, block_size=max(1 << 16, 2 * len(jsonl))), parse_options=pa_json.ParseOptions(
            explicit_schema=schema, unexpected_field_behavior="error"))
        (batch,) = table.combine_chunks().to_batches() or [pa.RecordBatch.from_pylist([], schema=schema)]
    else:
        if _rendered == JSON_READER_PARTS + 1:
            _skip_pandas_probe()
        batch = pa.RecordBatch.from_struct_array(pa.array(rows, type=pa.struct(list(schema))))
    return Part(batch.serialize().to_pybytes(), jsonl, len(rows))


def _skip_pandas_probe() -> None:
    """Let ``pa.array`` find pandas absent, without importing it (unless something imported it already).

    ``pa.array`` of a list asks pyarrow's lazy pandas shim whether pandas is importable, and that question
    imports it: ~50 MB of RSS in every process that renders more than ``JSON_READER_PARTS`` parts (each
    worker of a batch build, which is most of what a pooled build holds above a one-issue one).  The
    question is asked softly and answered once per process; a later real use (``Table.to_pandas``) asks
    again with ``raise`` and imports pandas then, so nothing that needs pandas loses it.
    """
    if "pandas" in sys.modules:
        return
    sys.meta_path.insert(0, _NoPandas)
    try:
        pa.array([], type=pa.int8())
    finally:
        sys.meta_path.remove(_NoPandas)


class _NoPandas:
    """An import finder that answers ``pandas`` with ImportError (only while ``_skip_pandas_probe`` runs)."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


@dataclass(frozen=True)
class Item:
    """One issue's rows of one config, ready for a shard (from a worker's part or an old shard)."""

    issue_id: str
    table: pa.Table
    jsonl: bytes

    @property
    def rows(self) -> int:
        return self.table.num_rows


def part_item(config: str, issue_id: str, part: Part) -> Item:
    batch = pa.ipc.read_record_batch(pa.py_buffer(part.arrow), arrow_schema(config))
    return Item(issue_id, pa.Table.from_batches([batch]), part.jsonl)


def shard_stem(path: Path) -> str:
    """What a Parquet shard and its JSONL twin share: the name before the hash."""
    return path.name.split(".")[0]


@dataclass(frozen=True)
class Closed:
    """A finished shard pair in staging, waiting to be placed under its final names."""

    config: str
    group: tuple[str, int]
    issues: tuple[str, ...]
    rows: int
    parquet: Path
    parquet_sha: str
    jsonl: Path
    jsonl_sha: str


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class _Open:
    """The open shard pair: a Parquet writer, the JSONL file, the rows waiting for the next row group."""

    parquet_tmp: Path
    jsonl_tmp: Path
    writer: pq.ParquetWriter
    jsonl: Any
    jsonl_sha: Any = field(default_factory=hashlib.sha256)
    size: int = 0  # JSON bytes so far (the roll-over measure)
    pending: list[pa.Table] = field(default_factory=list)
    pending_size: int = 0
    issues: list[str] = field(default_factory=list)
    rows: int = 0


class ShardWriter:
    """Shards of one config and one (paper, year) group, written to ``staging``; ``on_close`` gets each pair.

    Items must come in issue-id order.  A new shard starts when the open one
    is not empty and the next issue's JSON lines would take it past ``limit``.
    """

    def __init__(self, staging: Path, config: str, group: tuple[str, int], limit: int,
                 on_close: Callable[[Closed], None]) -> None:
        self.staging, self.config, self.group, self.limit = staging, config, group, limit
        self.on_close = on_close
        self.open: _Open | None = None
        self.last: str | None = None
        self.serial = 0

    def add(self, item: Item) -> None:
        if self.last is not None and item.issue_id <= self.last:
            raise ValueError(f"{item.issue_id} after {self.last}: shards take issues in id order")
        self.last = item.issue_id
        if self.open is not None and self.open.size + len(item.jsonl) > self.limit:
            self.close()
        if self.open is None:
            self.open = self._start()
        o = self.open
        o.jsonl.write(item.jsonl)
        o.jsonl_sha.update(item.jsonl)
        o.size += len(item.jsonl)
        o.pending.append(item.table)
        o.pending_size += len(item.jsonl)
        o.issues.append(item.issue_id)
        o.rows += item.rows
        if o.pending_size >= ROW_GROUP_BYTES:
            self._flush(o)

    def _start(self) -> _Open:
        self.serial += 1
        base = self.staging / f"{self.config}.{self.group[0]}.{self.group[1]}.{self.serial}"
        pq_tmp, js_tmp = base.with_name(base.name + ".parquet"), base.with_name(base.name + ".jsonl")
        commit.step("create shard")
        writer = pq.ParquetWriter(str(pq_tmp), arrow_schema(self.config), **PARQUET_OPTIONS)
        return _Open(pq_tmp, js_tmp, writer, js_tmp.open("wb"))

    @staticmethod
    def _flush(o: _Open) -> None:
        if o.pending:
            table = pa.concat_tables(o.pending).combine_chunks()
            o.writer.write_table(table, row_group_size=max(1, table.num_rows))
        o.pending, o.pending_size = [], 0

    def close(self) -> None:
        """Finish the open pair (if any): last row group, fsync both files, hand them on."""
        o, self.open = self.open, None
        if o is None:
            return
        self._flush(o)
        o.writer.close()
        commit.fsync_file(o.jsonl)
        o.jsonl.close()
        with o.parquet_tmp.open("rb+") as fh:
            commit.fsync_file(fh)
        self.on_close(Closed(self.config, self.group, tuple(o.issues), o.rows, o.parquet_tmp,
                             _sha256(o.parquet_tmp), o.jsonl_tmp, o.jsonl_sha.hexdigest()))

    def abort(self) -> None:
        """Drop the open pair unnamed (the build failed); staging is removed by the caller."""
        o, self.open = self.open, None
        if o is not None:
            o.jsonl.close()
            with contextlib.suppress(OSError, pa.ArrowException):
                o.writer.close()


def owned_bytes(folder: Path, entry: FileEntry) -> bytes:
    """The bytes of a listed file, refused unless they are the ones the manifest records (size and sha256).

    Only the shards a change rewrites are read (and so hashed): adding an
    issue never reads the others, whose sizes ``check_sizes`` looks at.
    """
    path = folder / entry.path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    return checked_bytes(data, entry, str(path))


def checked_bytes(data: bytes | None, entry: FileEntry, where: str) -> bytes:
    """``data`` read for a listed file (None: missing), refused unless size and sha256 are the manifest's."""
    if data is None:
        raise DatasetError("listed in manifest.json but missing; run corpus-tools validate on the folder",
                           file=where)
    if len(data) != entry.bytes or hashlib.sha256(data).hexdigest() != entry.sha256:
        raise DatasetError(f"{len(data)} bytes that differ from the sha256 in manifest.json ({entry.bytes} bytes "
                           "listed): damaged or edited; refusing to build on it (run corpus-tools validate)",
                           file=where)
    return data


def check_sizes(folder: Path, manifest: Partition) -> None:
    """Every shard a partition lists exists with its recorded size: one ``stat`` each, no read (a change looks
    only at the partitions it rewrites).

    A truncated or missing shard is caught before a build changes anything;
    a same-size edit is caught when the shard is rewritten (``owned_bytes``)
    or by ``corpus-tools validate``, which hashes every file.
    """
    for f in manifest.files:
        if f.kind not in ("parquet", "jsonl"):
            continue
        path = folder / f.path
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise DatasetError("listed in manifest.json but missing; run corpus-tools validate on the folder",
                               file=str(path)) from None
        if size != f.bytes:
            raise DatasetError(f"{size} bytes, manifest.json lists {f.bytes}: truncated or edited; refusing to "
                               "build on it (run corpus-tools validate)", file=str(path))


def read_items(folder: Path, manifest: Partition, parquet: FileEntry, jsonl: FileEntry | None,
               read: Callable[[FileEntry], bytes] | None = None) -> list[Item]:
    """The issues of an owned shard pair, each as its rows and JSON lines (row ``i`` is line ``i + 1``).

    Row counts per issue come from the shard's partition; a shard whose rows or lines
    do not add up is refused (rewriting it would pair wrong lines with rows).
    ``read`` gets a listed file's checked bytes (default: ``owned_bytes`` in ``folder``).
    """
    cfg = parquet.config or ""
    read = read or (lambda e: owned_bytes(folder, e))
    data = read(parquet)
    try:
        table = pq.read_table(pa.BufferReader(data), schema=arrow_schema(cfg))
    except (pa.ArrowException, ValueError) as e:
        raise DatasetError(f"does not read as Parquet ({e}); run corpus-tools validate on the folder",
                           file=str(folder / parquet.path)) from None
    counts = [manifest.issues[i]["rows"].get(cfg, 0) for i in parquet.issues]
    lines = read(jsonl).splitlines(keepends=True) if jsonl is not None else None
    if table.num_rows != sum(counts) or (lines is not None and len(lines) != table.num_rows):
        raise ManifestError(f"{table.num_rows} rows, {len(lines or [])} JSON lines, manifest says {sum(counts)}; "
                            "run corpus-tools validate on the folder", file=str(folder / parquet.path))
    ids = table.column("issue_id")
    out, start = [], 0
    for iid, n in zip(parquet.issues, counts, strict=True):
        part = table.slice(start, n)
        if n and (ids[start].as_py() != iid or ids[start + n - 1].as_py() != iid):
            raise ManifestError(f"rows {start + 1}-{start + n} are not issue {iid} as the manifest says",
                                file=str(folder / parquet.path))
        js = b"".join(lines[start:start + n]) if lines is not None else b""
        out.append(Item(iid, part, js))
        start += n
    return out


__all__ = ["DEFAULT_SHARD_BYTES", "Closed", "Item", "Part", "ShardWriter", "check_sizes", "checked_bytes",
           "owned_bytes",
           "part_item", "read_items", "render_part", "shard_stem", "shard_stem_for"]
