"""Shards: one config's rows of many issues, as an Arrow IPC stream and JSON lines side by side.

A build streams issues into shards: each config has one open shard pair that
takes issue after issue until its Arrow part passes a size limit, then is
closed, hashed and named ``<first-issue>--<last-issue>.<sha12>`` (just
``<issue>.<sha12>`` when it holds one issue).  Few large files load faster
than one file per issue and config, and cost far less to create; the content
hash in the name keeps ``load_dataset``'s cache honest.

An issue's rows arrive pre-rendered (from a worker process): the Arrow part is
one IPC record-batch message, so a shard is the schema message, the issues'
messages in order and the end-of-stream marker — the bytes pyarrow's own stream
writer produces for the same batches.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import pyarrow as pa

from corpus_tools.schema import CONFIGS, arrow_schema
from corpus_tools.validate import read_arrow_table

END_OF_STREAM = b"\xff\xff\xff\xff\x00\x00\x00\x00"
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024  # per Arrow shard; the JSONL twin holds the same issues


@dataclass(frozen=True)
class Part:
    """One issue's rows of one config, rendered: an Arrow record-batch message and JSON lines."""

    arrow: bytes
    jsonl: bytes
    rows: int


def render_part(config: str, rows: list[dict[str, Any]]) -> Part:
    """Rows as an IPC record-batch message (schema from the JSON Schema) and as JSON lines in schema order.

    Converting the rows as one struct array is the fastest way pyarrow offers.
    """
    schema = arrow_schema(config)
    batch = pa.RecordBatch.from_struct_array(pa.array(rows, type=pa.struct(list(schema))))
    jsonl = b"".join([orjson.dumps(r) + b"\n" for r in rows])
    return Part(batch.serialize().to_pybytes(), jsonl, len(rows))


def stem_for(issue_ids: list[str]) -> str:
    """A shard's name before the hash: its issue, or its first and last issue (ids in order)."""
    return issue_ids[0] if len(issue_ids) == 1 else f"{issue_ids[0]}--{issue_ids[-1]}"


def shard_stem(path: Path) -> str:
    """What an Arrow shard and its JSONL twin share: the name before the hash."""
    return path.name.split(".")[0]


class _HashedFile:
    """A file written under a hidden name, hashed as it grows, renamed by its hash when closed."""

    def __init__(self, folder: Path, suffix: str, head: bytes = b"") -> None:
        self.folder, self.suffix = folder, suffix
        self.tmp = folder / f".open.{suffix}"
        self.fh: BinaryIO = self.tmp.open("wb")
        self.sha = hashlib.sha256()
        self.size = 0
        self.write(head)

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.sha.update(data)
        self.size += len(data)

    def close(self, stem: str, tail: bytes = b"") -> Path:
        self.write(tail)
        self.fh.close()
        final = self.folder / f"{stem}.{self.sha.hexdigest()[:12]}.{self.suffix}"
        self.tmp.rename(final)
        return final


class ShardWriter:
    """The open shard pair of one config: issues are appended in order; ``close`` names both files."""

    def __init__(self, root: Path, config: str, limit: int = DEFAULT_SHARD_BYTES) -> None:
        self.root, self.config, self.limit = root, config, limit
        self.schema_msg = arrow_schema(config).serialize().to_pybytes()
        self.arrow: _HashedFile | None = None
        self.jsonl: _HashedFile | None = None
        self.issues: list[str] = []
        self.rows = 0
        self.written: dict[str, int] = {}  # closed shard path (relative to root) → rows

    def add(self, issue_id: str, part: Part) -> None:
        """Append one issue's rows, first closing the open shard when this issue would overflow it."""
        if self.arrow is not None and self.arrow.size + len(part.arrow) > self.limit:
            self.close()
        if self.arrow is None or self.jsonl is None:
            for sub in ("data", "jsonl"):
                (self.root / sub / self.config).mkdir(parents=True, exist_ok=True)
            self.arrow = _HashedFile(self.root / "data" / self.config, "arrow", self.schema_msg)
            self.jsonl = _HashedFile(self.root / "jsonl" / self.config, "jsonl")
        self.arrow.write(part.arrow)
        self.jsonl.write(part.jsonl)
        self.issues.append(issue_id)
        self.rows += part.rows

    def close(self) -> None:
        """Finish the open shard pair (if any) and record its paths and rows."""
        if self.arrow is None or self.jsonl is None:
            return
        stem = stem_for(self.issues)
        for f in (self.arrow.close(stem, END_OF_STREAM), self.jsonl.close(stem)):
            self.written[str(f.relative_to(self.root))] = self.rows
        self.arrow = self.jsonl = None
        self.issues, self.rows = [], 0

    def abort(self) -> None:
        """Close and delete the open files without naming them (the build failed)."""
        for f in (self.arrow, self.jsonl):
            if f is not None:
                f.fh.close()
                f.tmp.unlink(missing_ok=True)
        self.arrow = self.jsonl = None


def carry_over(old: Path, new: Path, replaced: set[str]) -> dict[str, int]:
    """Copy the shards of ``old`` into ``new``, leaving out the rows of the ``replaced`` issues.

    A shard holding none of them is linked (or copied) as it is; one holding some is
    rewritten without them (Arrow and JSONL alike, row ``i`` being line
    ``i + 1``), or dropped when nothing is left.  Returns rows per path written.
    """
    rows: dict[str, int] = {}
    for cfg in CONFIGS:
        for arrow in sorted((old / "data" / cfg).glob("*.arrow")):
            twin = next(iter(sorted((old / "jsonl" / cfg).glob(f"{shard_stem(arrow)}.*.jsonl"))), None)
            table = read_arrow_table(arrow)
            ids = table.column("issue_id").to_pylist()
            keep = [i not in replaced for i in ids]
            if all(keep):
                for f, sub in ((arrow, "data"), (twin, "jsonl")):
                    if f is not None:
                        dest = new / sub / cfg / f.name
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        _link_or_copy(f, dest)
                        rows[str(dest.relative_to(new))] = len(ids)
                continue
            if not any(keep):
                continue
            rows.update(_rewrite(new, cfg, table, keep, twin))
    return rows


def _link_or_copy(src: Path, dest: Path) -> None:
    """Hard-link an unchanged shard into the new folder (no copy of a big archive for a daily issue).

    Safe because shards are never modified in place: every write is a new file.
    """
    try:
        os.link(src, dest)
    except OSError:  # another filesystem, or links not supported
        shutil.copy2(src, dest)


def _rewrite(new: Path, cfg: str, table: pa.Table, keep: list[bool], twin: Path | None) -> dict[str, int]:
    """A shard pair without the rows not kept."""
    kept = table.filter(pa.array(keep))
    stem = stem_for(sorted(set(kept.column("issue_id").to_pylist())))
    out: dict[str, int] = {}
    folder = new / "data" / cfg
    folder.mkdir(parents=True, exist_ok=True)
    f = _HashedFile(folder, "arrow", arrow_schema(cfg).serialize().to_pybytes())
    for batch in kept.cast(arrow_schema(cfg)).to_batches():
        f.write(batch.serialize().to_pybytes())
    out[str(f.close(stem, END_OF_STREAM).relative_to(new))] = kept.num_rows
    if twin is not None:
        lines = twin.read_bytes().splitlines(keepends=True)
        if len(lines) != len(keep):
            raise ValueError(f"{twin}: {len(lines)} lines but its Arrow twin has {len(keep)} rows; "
                             "run corpus-tools validate on the folder")
        folder = new / "jsonl" / cfg
        folder.mkdir(parents=True, exist_ok=True)
        j = _HashedFile(folder, "jsonl")
        j.write(b"".join(line for line, k in zip(lines, keep, strict=True) if k))
        out[str(j.close(stem).relative_to(new))] = kept.num_rows
    return out
