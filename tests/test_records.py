"""Records: stable ids, provenance, continuation links and merged views, issue metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from corpus_tools.pipeline import IssueInput, convert, default_paper_id, meta_for
from corpus_tools.types import IssueMeta
from tests.conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "issues"


@pytest.fixture(scope="module")
def linked() -> dict:
    path = FIX / "csb-2026-04-02.txt"
    meta = IssueMeta(newspaper="测试报", date=dt.date(2026, 4, 2), paper_id="csb")
    return convert(IssueInput(path, meta)).rows


def test_fragments_linked_both_ways_and_merged(linked: dict) -> None:
    arts = {a["article_id"]: a for a in linked["articles"]}
    first, second = arts["csb-2026-04-02-p01-a001"], arts["csb-2026-04-02-p02-a001"]
    assert (first["continued_to_page"], second["continued_from_page"]) == (2, 1)
    assert first["continued_by_article_id"] == second["article_id"]
    assert second["continues_article_id"] == first["article_id"]
    merged = arts["csb-2026-04-02-p01-a001-m"]
    assert merged["merged_from"] == [first["article_id"], second["article_id"]]
    assert merged["paragraphs"] == first["paragraphs"] + second["paragraphs"]
    assert "(下转第2版)" not in first["text"] and first["text"].endswith("2.3万平方米。")
    assert merged["text"] == first["text"] + "\n" + second["text"]


def test_printed_pages_sections_and_furniture(linked: dict) -> None:
    secs = linked["sections"]
    assert [(s["page"], s["printed_page"], s["name"]) for s in secs] == [(1, 1, "要闻"), (2, 2, "综合")]
    assert secs[0]["editors"] == ["责任编辑:林青"]
    assert "广告" in secs[1]["furniture"]
    assert secs[0]["article_ids"] == ["csb-2026-04-02-p01-a001", "csb-2026-04-02-p01-a001-m"]
    iss = linked["issues"][0]
    assert iss["printed_pages"] == [1, 2] and iss["page_count"] == 2
    second = next(a for a in linked["articles"] if a["article_id"] == "csb-2026-04-02-p02-a001")
    assert (second["provenance"]["line_start"], second["provenance"]["line_end"]) == (15, 17)  # not the ad line


def test_issue_record_names_its_source(linked: dict) -> None:
    iss = linked["issues"][0]
    data = (FIX / "csb-2026-04-02.txt").read_bytes()
    assert iss["source_sha256"] == hashlib.sha256(data).hexdigest()
    assert (iss["source_file"], iss["source_bytes"], iss["encoding"]) == ("csb-2026-04-02.txt", len(data), "utf-8")
    assert iss["converter"] == "corpus-tools" and iss["schema_version"] == "1.0.0"
    assert iss["unplaced"] == []


def test_provenance_points_at_the_input(linked: dict) -> None:
    data = (FIX / "csb-2026-04-02.txt").read_bytes()
    a = linked["articles"][0]
    prov = a["provenance"]
    chunk = data[prov["byte_start"]:prov["byte_end"]].decode("utf-8")
    assert chunk.startswith(a["headline"])
    assert "2.3万平方米" in chunk
    lines = data.decode("utf-8").split("\n")
    assert lines[prov["line_start"] - 1] == a["headline"]


def test_ids_are_stable_and_ascii(linked: dict) -> None:
    again = convert(IssueInput(FIX / "csb-2026-04-02.txt",
                               IssueMeta(newspaper="测试报", date=dt.date(2026, 4, 2), paper_id="csb"))).rows
    assert again == linked
    for cfg, rows in linked.items():
        for r in rows:
            for k, v in r.items():
                if k.endswith("_id") and isinstance(v, str):
                    assert v.isascii(), (cfg, k, v)


def test_unplaced_text_is_kept(tmp_path: Path) -> None:
    src = tmp_path / "csb-2026-04-03.txt"
    src.write_text("孤零零的标题\n\n\n\n另一版的标题\n", encoding="utf-8")
    rows = convert(IssueInput(src, meta_for(src, "测试报", None, None, None))).rows
    unplaced = rows["issues"][0]["unplaced"]
    assert [u["text"] for u in unplaced] == ["孤零零的标题", "另一版的标题"]
    assert unplaced[0]["line_start"] == 1


@pytest.mark.parametrize(("name", "pid"), [("China Daily", "china-daily"), ("人民日报", None)])
def test_default_paper_id(name: str, pid: str | None) -> None:
    got = default_paper_id(name)
    assert got.isascii()
    if pid:
        assert got == pid
    else:
        assert got.startswith("paper-") and got == default_paper_id(name)


def _people_of(paper_id: str, day: dt.date) -> list[dict]:
    meta = IssueMeta(newspaper="测试报", date=day, paper_id=paper_id)
    return convert(IssueInput(FIX / "csb-2026-03-01.txt", meta)).rows["people"]


def test_every_row_carries_paper_id_and_date() -> None:
    meta = IssueMeta(newspaper="测试报", date=dt.date(2026, 4, 2), paper_id="csb")
    rows = convert(IssueInput(FIX / "csb-2026-04-02.txt", meta)).rows
    for cfg, rs in rows.items():
        assert rs or cfg == "images"
        for r in rs:
            assert (r["paper_id"], r["date"]) == ("csb", "2026-04-02"), (cfg, r)


def test_person_key_is_stable_across_issues_of_one_paper() -> None:
    """Same name, paper and byline role → same key in another issue; person_id stays per issue."""
    one, two = _people_of("csb", dt.date(2026, 3, 1)), _people_of("csb", dt.date(2027, 3, 1))
    by_name = {(p["name"], p["role"]): p for p in two}
    reporters = [p for p in one if p["role"] == "reporter"]
    assert {p["name"] for p in reporters} >= {"周明远", "陈思雨"}
    for p in one:
        other = by_name[(p["name"], p["role"])]
        assert p["person_key"] == other["person_key"]
        assert p["person_id"] != other["person_id"]
    for p in reporters:
        digest = hashlib.sha256(f"csb\0reporter\0{p['name']}".encode()).hexdigest()[:12]
        assert p["person_key"] == f"csb-reporter-{digest}"
    assert all(p["person_key"] is None for p in one if p["role"] in ("mentioned", "interviewee"))
    assert any(p["person_key"] is None for p in one)  # the fixture names someone outside a byline
    elsewhere = {p["name"]: p["person_key"] for p in _people_of("xyb", dt.date(2026, 3, 1))}
    assert all(elsewhere[p["name"]] != p["person_key"] for p in reporters)  # another paper, another key
