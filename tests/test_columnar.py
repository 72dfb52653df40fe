"""The columnar fast path of the validator: it proves valid files valid and never hides an error."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from corpus_tools.columnar import proven_table
from corpus_tools.validate import validate_paths


@pytest.fixture(scope="module")
def rows(built: Path) -> list[dict]:
    (path,) = sorted((built / "jsonl" / "numbers").rglob("*.jsonl"))
    return [orjson.loads(x) for x in path.read_bytes().splitlines()]


def _data(rows: list[dict]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in rows)


def _validate(tmp_path: Path, data: bytes) -> list[tuple[int | None, str, str]]:
    f = tmp_path / "numbers.jsonl"
    f.write_bytes(data)
    report = validate_paths([f])
    return [(p.line, p.pointer, p.kind) for p in report.problems]


def test_valid_file_is_proven(rows: list[dict]) -> None:
    table = proven_table(_data(rows), "numbers")
    assert table is not None and table.num_rows == len(rows)


def test_escaped_quotes_still_proven(rows: list[dict]) -> None:
    rows = [dict(r) for r in rows]
    rows[0]["unit"] = 'say "x":'
    assert proven_table(_data(rows), "numbers") is not None


def test_colons_in_values_still_proven(rows: list[dict]) -> None:
    rows = [dict(r) for r in rows]
    rows[0]["unit"] = "12:30"
    rows[1]["text"] = rows[1]["text"] + ":"
    assert proven_table(_data(rows), "numbers") is not None


def test_a_colon_in_a_value_cannot_hide_a_missing_key(rows: list[dict], tmp_path: Path) -> None:
    """One key fewer and one colon more in the bytes: the count must still see the missing key."""
    rows = [dict(r) for r in rows[:5]]
    del rows[2]["value_max"]
    rows[1]["unit"] = "a:b"
    data = _data(rows)
    assert proven_table(data, "numbers") is None
    assert (3, "", "schema") in _validate(tmp_path, data)


def test_escaped_colon_falls_back_and_is_valid(rows: list[dict], tmp_path: Path) -> None:
    rows = [dict(r) for r in rows[:5]]
    data = _data(rows)
    raw = data.split(b"\n")
    row = orjson.loads(raw[0])
    row["unit"] = "a:b"
    raw[0] = orjson.dumps(row).replace(b"a:b", b"a\\u003ab")
    data = b"\n".join(raw)
    assert proven_table(data, "numbers") is None  # the bytes hold one colon fewer than the values
    assert _validate(tmp_path, data) == []


@pytest.mark.parametrize("case", ["missing_nullable_key", "enum", "pattern", "type", "blank_line", "no_newline",
                                  "extra_key", "duplicate_key"])
def test_errors_fall_back_and_are_named(case: str, rows: list[dict], tmp_path: Path) -> None:
    rows = [dict(r) for r in rows[:5]]
    data = None
    if case == "missing_nullable_key":
        del rows[2]["value_max"]
        expect = (3, "", "schema")
    elif case == "enum":
        rows[2]["kind"] = "lots"
        expect = (3, "/kind", "schema")
    elif case == "pattern":
        rows[2]["number_id"] = "Not An Id"
        expect = (3, "/number_id", "schema")
    elif case == "type":
        rows[2]["start"] = "4"
        expect = (3, "/start", "schema")
    elif case == "extra_key":
        rows[2]["extra"] = 1
        expect = (3, "", "schema")
    elif case == "duplicate_key":
        raw = _data(rows).split(b"\n")
        raw[2] = raw[2][:-1] + b',"kind":"lots"}'
        data = b"\n".join(raw)
        expect = (3, "/kind", "schema")
    elif case == "blank_line":
        rows[3]["kind"] = "lots"
        data = _data(rows[:2]) + b"\n" + _data(rows[2:])
        expect = (5, "/kind", "schema")
    else:
        data = _data(rows).rstrip(b"\n")[:-3]
        expect = (5, "", "json")
    data = data if data is not None else _data(rows)
    if case != "blank_line":
        assert proven_table(data, "numbers") is None
    assert expect in _validate(tmp_path, data)


def test_duplicate_ids_in_a_proven_file_are_located(rows: list[dict], tmp_path: Path) -> None:
    """Schema-valid rows go the columnar way; a repeated id must still be named by line."""
    rows = [dict(r) for r in rows[:6]]
    rows[4]["number_id"] = rows[1]["number_id"]
    assert proven_table(_data(rows), "numbers") is not None
    assert _validate(tmp_path, _data(rows)) == [(5, "/number_id", "duplicate_id")]


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_is_never_proven(rows: list[dict], literal: bytes, tmp_path: Path) -> None:
    """Arrow's reader accepts NaN/Infinity as floats; the proof must not, and the row path names the line."""
    rows = [dict(r) for r in rows[:5]]
    rows[2]["value"] = 12345.5
    data = _data(rows).replace(b"12345.5", literal)
    assert proven_table(data, "numbers") is None
    assert [(line, kind) for line, _, kind in _validate(tmp_path, data)] == [(3, "json")]


def test_a_key_missing_from_a_nested_object_is_not_proven(built: Path) -> None:
    """Arrow reads a missing nested key as null; the proof still refuses it (null checks, and the colon count
    over every level for a nullable one)."""
    (path,) = sorted((built / "jsonl" / "articles").rglob("*.jsonl"))
    rows = [orjson.loads(x) for x in path.read_bytes().splitlines()]
    assert proven_table(_data(rows), "articles") is not None
    prov = rows[1]["provenance"]
    del prov[next(iter(prov))]
    assert proven_table(_data(rows), "articles") is None
