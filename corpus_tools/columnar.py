"""Columnar schema checks: prove a whole JSONL file valid with Arrow, or say "check row by row".

Reading JSONL with an explicit Arrow schema checks every type at C speed; the
remaining JSON Schema keywords we use (required, enum, const, pattern,
minimum, minLength, minItems) become vectorised checks on columns.  A file
that passes is valid; any doubt (a parse error, a failed check, blank lines,
a key missing at any level) sends the caller back to the exact per-row path, which
names every error.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from corpus_tools.schema import arrow_schema, load_schema

BLOCK = 1 << 21  # 2 MB blocks: the reader parses them on both cores (8 MB blocks left one idle on a 32 MB batch)
HEAD = 1 << 20  # the first line of a records file is far shorter than this


def looks_like_jsonl(path: Path) -> bool:
    """A cheap look at both ends: the first line is a JSON object and the file ends with a newline.

    Only such a file is read whole for the columnar proof; anything else (junk,
    a truncated file) goes to the streaming per-row path, so its size never
    decides the memory used.
    """
    with path.open("rb") as fh:
        first = fh.readline(HEAD)
        if not first.endswith(b"\n"):
            return False
        try:
            row = orjson.loads(first)
        except orjson.JSONDecodeError:
            return False
        fh.seek(-1, os.SEEK_END)
        return isinstance(row, dict) and fh.read(1) == b"\n"


def _nullable(node: dict[str, Any]) -> bool:
    t = node.get("type")
    return isinstance(t, list) and "null" in t


def _scan(data: bytes, schema: dict[str, Any]) -> tuple[int, int]:
    """(newlines, colons) of the raw bytes.

    Outside strings a colon ends a key, and the reader refuses unknown and
    repeated keys; so one colon per key of every object read (rows, and the
    non-null objects nested in them), plus the colons inside the string values,
    prove that no object lacks a key (a missing nullable key would read as
    null).  Counting one byte is several times faster than counting ``":``, and
    one pass serves every level.  Runs in a thread while Arrow parses.
    """
    return _count(data, b"\n"), _count(data, b":")


def _count(data: bytes, byte: bytes, step: int = 1 << 22) -> int:
    """``data.count(byte)`` in slices, so the GIL is free between them (one call would stall the parser)."""
    return sum(data.count(byte, i, i + step) for i in range(0, len(data), step))


def _colons_in_values(table: pa.Table) -> int:
    """Colons inside the string values at every level (a ``\\u003a`` escape counts here but not in the bytes:
    no proof)."""
    return sum(_value_colons(col) for col in table.columns)


def _value_colons(arr: Any) -> int:
    if isinstance(arr, pa.ChunkedArray):
        return sum(_value_colons(c) for c in arr.chunks)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return pc.sum(pc.count_substring(arr, ":")).as_py() or 0
    if pa.types.is_list(arr.type):
        return _value_colons(pc.list_flatten(arr))
    if pa.types.is_struct(arr.type):
        return sum(_value_colons(f) for f in arr.flatten())
    return 0


def _key_colons(arr: Any, node: dict[str, Any]) -> int:
    """Key colons of the objects nested in one column: each non-null object has one per property."""
    if isinstance(arr, pa.ChunkedArray):
        return sum(_key_colons(c, node) for c in arr.chunks)
    if pa.types.is_list(arr.type):
        return _key_colons(pc.list_flatten(arr), node["items"])
    if pa.types.is_struct(arr.type):
        props = node["properties"]
        return (len(arr) - arr.null_count) * len(props) + sum(
            _key_colons(f, props[name]) for name, f in zip(arr.type.names, arr.flatten(), strict=True))
    return 0


def _ok(arr: Any, node: dict[str, Any]) -> bool:
    """Check one column (or flattened list values) against one schema node."""
    if not _nullable(node) and arr.null_count:
        return False
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    valid = arr.drop_null() if arr.null_count else arr
    if len(valid) == 0:
        return True
    checks = (_finite_ok, _enum_ok, _const_ok, _pattern_ok, _bounds_ok, _nested_ok)
    return all(check(valid, node) for check in checks)


def _finite_ok(arr: Any, node: dict[str, Any]) -> bool:
    """Arrow's JSON reader takes ``NaN`` and ``Infinity`` for floats; JSON has neither."""
    return not pa.types.is_floating(arr.type) or bool(pc.all(pc.is_finite(arr)).as_py())


def _enum_ok(arr: Any, node: dict[str, Any]) -> bool:
    """Distinct values first: a million rows have only a handful of them."""
    if "enum" not in node:
        return True
    allowed = {x for x in node["enum"] if x is not None}
    return set(pc.unique(arr).to_pylist()) <= allowed


def _const_ok(arr: Any, node: dict[str, Any]) -> bool:
    return "const" not in node or pc.unique(arr).to_pylist() == [node["const"]]


def _pattern_ok(arr: Any, node: dict[str, Any]) -> bool:
    return "pattern" not in node or bool(pc.all(pc.match_substring_regex(arr, pattern=node["pattern"])).as_py())


def _bounds_ok(arr: Any, node: dict[str, Any]) -> bool:
    if "minimum" in node and pc.min(arr).as_py() < node["minimum"]:
        return False
    if "minLength" in node and pc.min(pc.utf8_length(arr)).as_py() < node["minLength"]:
        return False
    return not ("minItems" in node and pc.min(pc.list_value_length(arr)).as_py() < node["minItems"])


def _nested_ok(arr: Any, node: dict[str, Any]) -> bool:
    if pa.types.is_list(arr.type):
        return _ok(pc.list_flatten(arr), node["items"])
    if pa.types.is_struct(arr.type):
        return all(_ok(arr.field(k), v) for k, v in node["properties"].items())
    return True


def proven_table(data: bytes, config: str) -> pa.Table | None:
    """The file as a table when every row is schema-valid, else None (check row by row)."""
    if not data.endswith(b"\n"):
        return None  # a last line without its newline may have been cut off
    schema = load_schema(config)
    with ThreadPoolExecutor(1) as pool:
        scan = pool.submit(_scan, data, schema)
        try:
            table = pj.read_json(pa.BufferReader(pa.py_buffer(data)), read_options=pj.ReadOptions(block_size=BLOCK),
                                 parse_options=pj.ParseOptions(explicit_schema=arrow_schema(config),
                                                               unexpected_field_behavior="error"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        lines, keys = scan.result()
    rows = table.num_rows
    if rows != lines:
        return None  # blank lines: row numbers would not be line numbers
    props = schema["properties"]
    nested = sum(_key_colons(table.column(k), v) for k, v in props.items())
    if keys != rows * len(props) + nested + _colons_in_values(table):
        return None
    if not all(_ok(table.column(k), v) for k, v in props.items()):
        return None
    return table
