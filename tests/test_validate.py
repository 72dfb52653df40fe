"""corpus-tools validate: accepts a build, names every error in a corrupted copy by file:line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import orjson
import pytest

from corpus_tools.validate import infer_config, validate_paths, validate_rows
from tests.conftest import edit_partition, run_cli, shard_paths


def _jsonl(folder: Path, cfg: str) -> Path:
    (p,) = shard_paths(folder, cfg)
    return p


def _edit_line(path: Path, line: int, fn) -> None:
    lines = path.read_bytes().split(b"\n")
    row = orjson.loads(lines[line - 1])
    fn(row)
    lines[line - 1] = orjson.dumps(row)
    path.write_bytes(b"\n".join(lines))


@pytest.fixture
def corrupted(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    return copy


def test_accepts_the_build(built: Path) -> None:
    r = run_cli("validate", str(built))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("OK:")


def test_names_each_error_by_file_and_line(corrupted: Path) -> None:
    arts, nums, ppl = (_jsonl(corrupted, c) for c in ("articles", "numbers", "people"))
    _edit_line(arts, 2, lambda r: r.update(page="2"))  # wrong type
    _edit_line(ppl, 3, lambda r: r.update(article_id="jzrb-2026-02-05-p09-a999"))  # dangling id
    _edit_line(nums, 4, lambda r: r.update(start=r["start"] + 1))  # span off by one
    data = nums.read_bytes().rstrip(b"\n")
    nums.write_bytes(data[:-7])  # truncated last line
    last = data.count(b"\n") + 1
    r = run_cli("validate", str(corrupted))
    assert r.returncode == 1
    out = r.stdout
    assert f"{arts}:2: /page: " in out
    assert f"{ppl}:3: /article_id: " in out
    assert f"{nums}:4: /start: " in out
    assert f"{nums}:{last}: /: invalid JSON (last line: truncated?)" in out
    assert "INVALID" in r.stderr


def test_arrow_must_agree_with_jsonl(corrupted: Path) -> None:
    arts = _jsonl(corrupted, "articles")
    _edit_line(arts, 1, lambda r: r.update(headline="改过的标题"))
    report = validate_paths([corrupted])
    assert report.counts()["arrow"] == 1


def test_card_must_agree_with_schema(corrupted: Path) -> None:
    card = corrupted / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("dtype: int64", "dtype: string", 1), encoding="utf-8")
    report = validate_paths([corrupted])
    assert report.counts()["card"] >= 1


def test_every_schema_error_is_reported(built: Path) -> None:
    row = orjson.loads(_jsonl(built, "articles").read_bytes().split(b"\n")[0])
    row.update(page="x", seq=-1, extra=1)
    del row["text"]
    report = validate_rows({"articles": [row]})
    pointers = {p.pointer for p in report.problems if p.kind == "schema"}
    assert {"/page", "/seq", ""} <= pointers
    assert len([p for p in report.problems if p.kind == "schema"]) >= 4


def test_duplicate_ids(built: Path) -> None:
    row = orjson.loads(_jsonl(built, "sections").read_bytes().split(b"\n")[0])
    report = validate_rows({"sections": [row, dict(row)]})
    assert [p.kind for p in report.problems] == ["duplicate_id"]


def test_loose_file_references_into_absent_configs_are_unchecked(built: Path) -> None:
    report = validate_paths([_jsonl(built, "numbers")])
    assert report.ok
    assert report.unchecked_refs["article_id"] > 0


def test_loose_file_from_another_tool(tmp_path: Path) -> None:
    """Rows written by other tools are checked against the published schemas too."""
    f = tmp_path / "numbers.jsonl"
    f.write_text(json.dumps({"number_id": "x-1", "value": "lots"}) + "\n", encoding="utf-8")
    r = run_cli("validate", str(f), "--format", "json")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["counts"]["schema"] >= 2
    assert all(p["line"] == 1 for p in doc["problems"])


@pytest.mark.parametrize(("path", "cfg"), [("out/jsonl/people/x.1.jsonl", "people"),
                                           ("numbers-2026.jsonl", "numbers"), ("misc.jsonl", None)])
def test_infer_config(path: str, cfg: str | None) -> None:
    assert infer_config(Path(path)) == cfg


def test_person_id_names_one_person(built: Path) -> None:
    rows = [orjson.loads(x) for x in _jsonl(built, "people").read_bytes().splitlines()]
    a, b = rows[0], dict(rows[1])
    b["person_id"] = a["person_id"]
    report = validate_rows({"people": [a, b]})
    assert [(p.kind, p.line, p.pointer) for p in report.problems] == [("reference", 2, "/person_id")]


@pytest.mark.parametrize("fld", ["continues_article_id", "continued_by_article_id", "section_id"])
def test_article_links_must_resolve(built: Path, fld: str) -> None:
    """An article's continuation links and section are references like any other."""
    rows = [orjson.loads(x) for x in _jsonl(built, "articles").read_bytes().splitlines()]
    sections = [orjson.loads(x) for x in _jsonl(built, "sections").read_bytes().splitlines()]
    rows[1][fld] = "jzrb-2026-02-05-p09-a999" if fld != "section_id" else "jzrb-2026-02-05-p09"
    report = validate_rows({"articles": rows, "sections": sections})
    assert [(p.kind, p.line, p.pointer) for p in report.problems] == [("reference", 2, f"/{fld}")]


def test_article_link_to_a_real_article_is_fine(built: Path) -> None:
    rows = [orjson.loads(x) for x in _jsonl(built, "articles").read_bytes().splitlines()]
    rows[1]["continues_article_id"] = rows[0]["article_id"]
    assert validate_rows({"articles": rows}).ok


def _peak_rss_kb(*args: str) -> int:
    """Peak RSS of one ``corpus-tools`` run, measured in a fresh parent so no other child is counted."""
    import subprocess
    import sys

    probe = ("import resource, subprocess, sys; "
             "r = subprocess.run([sys.executable, '-m', 'corpus_tools', *sys.argv[1:]], capture_output=True); "
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
    code, kb = r.stdout.split()
    assert code == "1"  # junk is invalid
    return int(kb)


def test_memory_is_bounded_on_junk(tmp_path: Path) -> None:
    """Validating 48 MB of junk costs about what 48 kB of junk costs: lines stream, kept errors are capped."""
    import random

    rng = random.Random(13)
    for name, size in (("small", 48 << 10), ("big", 48 << 20)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "numbers.jsonl").write_bytes(rng.randbytes(size))
    small = _peak_rss_kb("validate", str(tmp_path / "small" / "numbers.jsonl"), "--max-errors", "5")
    big = _peak_rss_kb("validate", str(tmp_path / "big" / "numbers.jsonl"), "--max-errors", "5")
    assert big - small < 16 * 1024, (small, big)


def test_max_errors_caps_what_is_kept(tmp_path: Path) -> None:
    f = tmp_path / "numbers.jsonl"
    f.write_bytes(b"".join(b"not json %d\n" % i for i in range(1000)))
    report = validate_paths([f], max_errors=3)
    assert len(report.problems) == 3 and report.total == 1000 and report.counts() == {"json": 1000}
    r = run_cli("validate", str(f), "--max-errors", "3")
    assert r.returncode == 1
    assert r.stdout.splitlines()[:4] == [f"{f}:{i}: /: invalid JSON: " + r.stdout.splitlines()[i - 1].split(
        "invalid JSON: ")[1] for i in (1, 2, 3)] + ["… 997 more"]
    assert "json: 1000" in r.stderr


@pytest.mark.parametrize("cfg", ["articles", "numbers"])
@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_not_json(corrupted: Path, cfg: str, literal: bytes) -> None:
    path = _jsonl(corrupted, cfg)
    lines = path.read_bytes().split(b"\n")
    key = b'"page":' if cfg == "articles" else b'"value":'
    head, tail = lines[1].split(key, 1)
    lines[1] = head + key + literal + b"," + tail.split(b",", 1)[1]
    path.write_bytes(b"\n".join(lines))
    found = [p for p in validate_paths([corrupted]).problems if p.file == str(path)]
    assert [(p.line, p.kind) for p in found] == [(None, "file"), (2, "json")]  # its sha256 changed too
    word = literal.decode().lstrip("-")
    assert f"{word} at column" in found[1].message and "truncated" not in found[1].message


def test_nan_in_an_arrow_file_is_named(built: Path, tmp_path: Path) -> None:
    import pyarrow as pa

    from corpus_tools.schema import arrow_schema

    rows = [orjson.loads(x) for x in _jsonl(built, "numbers").read_bytes().splitlines()]
    rows[2]["value"] = float("nan")
    f = tmp_path / "numbers.arrow"
    with pa.OSFile(str(f), "wb") as sink, pa.ipc.new_stream(sink, arrow_schema("numbers")) as w:
        w.write_table(pa.Table.from_pylist(rows, schema=arrow_schema("numbers")))
    report = validate_paths([f])
    assert [(p.line, p.pointer, p.kind) for p in report.problems] == [(3, "/value", "schema")]
    assert "NaN" in report.problems[0].message or "nan" in report.problems[0].message


@pytest.mark.parametrize("cfg", ["articles", "numbers"])
def test_invalid_utf8_is_named(corrupted: Path, cfg: str) -> None:
    path = _jsonl(corrupted, cfg)
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b'"issue_id":"', b'"issue_id":"\xff', 1)
    path.write_bytes(b"\n".join(lines))
    found = [p for p in validate_paths([corrupted]).problems if p.file == str(path)]
    assert [(p.line, p.kind) for p in found] == [(None, "file"), (3, "json")]  # its sha256 changed too
    assert "invalid UTF-8 at byte" in found[1].message and "truncated" not in found[1].message


def test_a_data_shard_needs_its_jsonl_twin(corrupted: Path) -> None:
    """A manifest that lists a Parquet shard without its JSONL twin is named at the shard."""
    twin = _jsonl(corrupted, "sections").relative_to(corrupted).as_posix()
    edit_partition(corrupted, lambda doc: doc.update(files=[f for f in doc["files"] if f["path"] != twin]))
    (shard,) = shard_paths(corrupted, "sections", "parquet")
    report = validate_paths([corrupted])
    assert [p.file for p in report.problems if "twin" in p.message] == [str(shard)]
    assert not report.ok


@pytest.mark.parametrize("bad", ["../x", "a/b", "x\x00y", ".hidden", "a" * 101])
def test_issue_ids_must_be_safe_file_names(built: Path, bad: str) -> None:
    rows = [orjson.loads(x) for x in _jsonl(built, "sections").read_bytes().splitlines()]
    for r in rows:
        r["issue_id"] = bad
    report = validate_rows({"sections": rows})
    unsafe = [p for p in report.problems if p.kind == "id"]
    assert len(unsafe) == 1 and unsafe[0].line == 1 and unsafe[0].pointer == "/issue_id", report.problems
    assert "not a safe file name" in unsafe[0].message


def test_every_declared_reference_is_checked(built: Path) -> None:
    """The validator's reference checks come from the schemas' x-references: break each one, see it named."""
    from corpus_tools.schema import CONFIGS, references
    from corpus_tools.validate import Report, read_jsonl

    rows = {c: [r for p in sorted((built / "jsonl" / c).rglob("*.jsonl")) for _, r in read_jsonl(p, Report())]
            for c in CONFIGS}
    broken = 0
    for cfg in CONFIGS:
        for ref in references(cfg):
            k = next((i for i, r in enumerate(rows[cfg]) if r[ref.field]), None)
            if k is None:
                continue  # no row of this issue fills the field (e.g. no continuation)
            edited = {c: [dict(r) for r in rs] for c, rs in rows.items()}
            edited[cfg][k][ref.field] = ["nope"] if ref.many else "nope"
            report = validate_rows(edited)
            ptr = f"/{ref.field}/0" if ref.many else f"/{ref.field}"
            found = {(p.line, p.pointer, p.kind) for p in report.problems}
            assert (k + 1, ptr, "reference") in found, (cfg, ref)
            assert {p.kind for p in report.problems} == {"reference"}
            broken += 1
    assert broken >= 10


def test_span_errors_in_a_proven_file_are_named(corrupted: Path) -> None:
    """Files that pass the columnar proof have their spans re-sliced as arrays; each wrong one is still named."""
    nums, ppl = _jsonl(corrupted, "numbers"), _jsonl(corrupted, "people")
    _edit_line(nums, 5, lambda r: r.update(text=r["text"] + "元"))  # another surface
    _edit_line(ppl, 2, lambda r: r["mentions"][0].update(end=10 ** 6))  # past the end of its field
    _edit_line(ppl, 4, lambda r: r["mentions"][0].update(field="nowhere"))  # no such field
    from corpus_tools.columnar import proven_table

    for p, cfg in ((nums, "numbers"), (ppl, "people")):
        p.write_bytes(p.read_bytes().rstrip(b"\n") + b"\n")
        assert proven_table(p.read_bytes(), cfg) is not None  # schema-valid: the array path checks its spans
    found = {(p.file, p.line, p.pointer, p.kind) for p in validate_paths([corrupted]).problems
             if p.kind not in ("file", "arrow")}  # the edits changed the hashes and the Parquet twins differ
    assert found == {(str(nums), 5, "/start", "span"), (str(ppl), 2, "/mentions/0/start", "span"),
                     (str(ppl), 4, "/mentions/0/field", "span")}


def test_an_overlong_line_among_records_is_named(built: Path, tmp_path: Path) -> None:
    """A line past the 16 MiB cap inside a file of good records is named as such; the records around it pass."""
    lines = _jsonl(built, "numbers").read_bytes().splitlines()
    f = tmp_path / "numbers.jsonl"
    f.write_bytes(b"\n".join([*lines[:3], b"x" * ((16 << 20) + 1), *lines[3:]]) + b"\n")
    report = validate_paths([f])
    assert [(p.line, p.kind) for p in report.problems] == [(4, "json")]
    assert "line longer than" in report.problems[0].message
    assert report.checked_rows["numbers"] == len(lines)
