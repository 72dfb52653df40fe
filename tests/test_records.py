"""Records: stable ids, provenance, continuation links and merged views, issue metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from corpus_tools import SCHEMA_VERSION
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
    assert iss["converter"] == "corpus-tools" and iss["schema_version"] == SCHEMA_VERSION
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


@pytest.mark.parametrize(("name", "pid"), [("China Daily", "china-daily"), ("人民日报", "paper-"), ("---", "paper-"),
                                         ("", None), (" \u3000", None)])
def test_default_paper_id(name: str, pid: str | None) -> None:
    """ASCII names are slugged, others hashed (deterministic, NFC); no name gives no id, never a hash of ''."""
    got = default_paper_id(name)
    if pid is None or not pid.endswith("-"):
        assert got == pid
    else:
        assert got is not None and got.startswith(pid) and len(got) == len(pid) + 8
        assert got == default_paper_id(f" {name} ") != default_paper_id(name + "报")


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


PICTURE_IN_ARTICLE = """城西湿地公园迎来越冬候鸟

本报讯（记者周敏）连日来，大批候鸟飞抵城西湿地公园越冬，数量比去年同期明显增加，吸引不少市民前来观赏。

12月1日，一群白鹭在湿地公园浅滩觅食。 记者 李华 摄

湿地公园管理处负责人介绍，近年来公园持续开展生态修复，水质明显改善，为候鸟提供了良好的栖息环境。

夜市重新开张

本报讯 县城步行街夜市于日前重新开张，新增摊位一百余个，每晚吸引市民游客上万人次。
"""


def test_a_picture_printed_inside_an_article_is_an_image_of_that_article() -> None:
    """Its caption leaves the article's paragraphs, its credit gives a photographer row, and article_id links it."""
    import corpus_tools

    rows = corpus_tools.convert_text(PICTURE_IN_ARTICLE, newspaper="测试报", date="2026-12-01")
    first, second = rows["articles"]
    (img,) = rows["images"]
    assert img["article_id"] == first["article_id"] != second["article_id"]
    assert (img["caption"], img["credit"]) == ("12月1日，一群白鹭在湿地公园浅滩觅食。", "记者 李华 摄")
    assert first["paragraphs"] == [
        "连日来，大批候鸟飞抵城西湿地公园越冬，数量比去年同期明显增加，吸引不少市民前来观赏。",
        "湿地公园管理处负责人介绍，近年来公园持续开展生态修复，水质明显改善，为候鸟提供了良好的栖息环境。"]
    assert not any("摄" in n for n in first["notes"])
    photographers = [(p["name"], p["image_id"]) for p in rows["people"] if p["role"] == "photographer"]
    assert photographers == [("李华", img["image_id"])]


def test_a_standalone_photo_item_has_no_article() -> None:
    """A photo item between articles (caption and credit under no byline) illustrates no article."""
    import corpus_tools

    text = ("城东新建停车场投入使用\n\n本报讯（记者刘芳）城东新建的两座公共停车场近日投入使用，新增车位八百个。\n\n"
            "雪后初晴\n\n12月1日，市民在东湖公园赏雪。 记者 李华 摄\n")
    rows = corpus_tools.convert_text(text, newspaper="测试报", date="2026-12-01")
    (img,) = rows["images"]
    assert img["article_id"] is None and img["title"] == "雪后初晴"
