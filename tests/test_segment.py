"""Segmentation: one small invented page per construct, with the items it must give.

Each ``tests/fixtures/segment/<name>.txt`` is read, laid out and segmented;
``<name>.json`` lists the expected items (only non-default fields are written,
every other field must keep its default), the page sections and the unplaced
text.  Table-driven tests below pin single classification rules.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from corpus_tools.layout import lay_out
from corpus_tools.segment import classify, default_rules, doc_shape, segment
from corpus_tools.segment.tokens import DocShape, Role, Rule
from corpus_tools.sources import read
from corpus_tools.types import Item, Layout, Page, Para, Segmented, body_text

FIXTURES = Path(__file__).parent / "fixtures" / "segment"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))

ITEM_DEFAULTS: dict[str, Any] = {
    "kind": "article", "page": 1, "kicker": None, "headline": None, "subheadline": None,
    "dateline": None, "byline": None, "credit": None, "continued_from_page": None,
    "continued_to_page": None, "paragraphs": [], "subheadings": [], "speakers": [], "notes": [],
    "cross_references": [],
}
SECTION_DEFAULTS: dict[str, Any] = {"name": None, "printed_number": None, "editors": [], "furniture": []}


def run(path: Path) -> Segmented:
    """The pipeline up to segmentation."""
    return segment(lay_out(read(path)))


def item_view(it: Item) -> dict[str, Any]:
    """The fields the fixtures describe, as plain JSON values."""
    return {
        "kind": it.kind, "page": it.page, "kicker": it.kicker, "headline": it.headline,
        "subheadline": it.subheadline, "dateline": it.dateline, "byline": it.byline, "credit": it.credit,
        "continued_from_page": it.continued_from_page, "continued_to_page": it.continued_to_page,
        "paragraphs": list(it.paragraphs), "subheadings": [s.text for s in it.subheadings],
        "speakers": [s.name for s in it.speakers], "notes": list(it.notes),
        "cross_references": list(it.cross_references),
    }


def load(name: str) -> tuple[Segmented, dict[str, Any]]:
    """Segment fixture ``name`` and load what it should give."""
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return run(FIXTURES / f"{name}.txt"), expected


def test_every_fixture_has_expectations() -> None:
    """A fixture text without its JSON would silently test nothing."""
    assert CASES
    missing = [n for n in CASES if not (FIXTURES / f"{n}.json").exists()]
    assert not missing


@pytest.mark.parametrize("name", CASES)
def test_items(name: str) -> None:
    """Items come out with exactly the expected fields."""
    got, expected = load(name)
    want = [{**ITEM_DEFAULTS, **e} for e in expected["items"]]
    assert [item_view(i) for i in got.items] == want


@pytest.mark.parametrize("name", CASES)
def test_sections_and_unplaced(name: str) -> None:
    """Section titles, editors, furniture and unplaced text are where the fixture says."""
    got, expected = load(name)
    secs = [{"name": s.name, "printed_number": s.printed_number, "editors": list(s.editors),
             "furniture": list(s.furniture)} for s in got.sections]
    want = expected.get("sections", [{}] * len(secs))
    assert secs == [{**SECTION_DEFAULTS, **s} for s in want]
    assert [u.text for u in got.unplaced] == expected.get("unplaced", [])


@pytest.mark.parametrize("name", CASES)
def test_item_invariants(name: str) -> None:
    """Text is paragraphs and subheadings one per line; offsets point at their text."""
    got, _ = load(name)
    for it in got.items:
        assert it.text == body_text(it.paragraphs, it.subheadings)
        assert all(p.strip() for p in it.paragraphs)
        lines = it.text.split("\n")
        for s in it.subheadings:
            assert s.text in lines and s.text not in it.paragraphs
            assert it.text[s.start:s.start + len(s.text)] == s.text
        for sp in it.speakers:
            assert sp.name not in ("记者", "本报记者")
            assert it.text[sp.start:sp.end] == sp.name
            assert it.paragraphs[sp.paragraph].startswith(sp.name)
        for field in (it.dateline, it.byline):
            if field:
                assert not it.text.startswith(field)
        if it.credit:
            assert it.credit not in it.text
        assert "上接第" not in it.text and "下转第" not in it.text
        assert it.line_start <= it.line_end


# --- single paragraphs through the rule table -------------------------------------------------

PLAIN = DocShape(indent_mode=False, dense=False)
KINDS = [
    ("广告", "advert"),
    ("（公益广告）", "advert"),
    ("责任编辑：孙立", "editor"),
    ("本版编辑:周颖  美编:王芳", "editor"),
    ("本版责编：王芳", "editor"),
    ("责任校对：李四", "editor"),
    ("(上接第1版)", "cont_from"),
    ("（上接第二版）", "cont_from"),
    ("（下转第2版）", "cont_to"),
    ("（转第3版）", "cont_to"),
    ("（本报瑞丽11月2日电）", "note"),
    ("（作者为市图书馆馆长）", "note"),
    ("(记者 张伟 摄)", "credit"),
    ("刘明摄（人民视觉）", "credit"),
    ("新华社记者 李文摄", "credit"),
    ("□ 记者 李理 通讯员 徐心园", "byline"),
    ("本报记者 王海燕", "byline"),
    ("本报评论员 李华", "byline"),
    ("本报驻柏林记者 王南", "byline"),
    ("本报讯(记者周敏)近日,城南片区雨污分流改造工程正式启动。", "dateline"),
    ("新华社北京10月14日电  国家统计局14日发布数据。", "dateline"),
    ("记者:今年我市在老字号保护方面做了哪些工作?", "interview"),
    ("张建国：我们建立了老字号名录。", "interview"),
    ("地址：城南路8号，电话：12345678。", "body"),
    ("赵一曼：巾帼英雄 浩气长存", "head"),
    ("城南片区启动雨污分流改造", "head"),
    ("——全市供热管网完成检修", "head"),
    ("夜经济能否持续升温？", "head"),
    ("据介绍,工程总投资约两亿元,涉及道路二十余条。", "body"),
    ("会议指出，要坚持规划引领，统筹推进水源工程、灌区改造和高标准农田建设，确保工程质量。", "body"),
]


@pytest.mark.parametrize(("text", "kind"), KINDS, ids=[f"{i:02d}-{k}" for i, (_, k) in enumerate(KINDS)])
def test_classify(text: str, kind: str) -> None:
    """The first matching rule names the paragraph's kind."""
    assert classify(Para(text, 1, 1), PLAIN, default_rules()).kind == kind


def test_rules_can_be_disabled_and_replaced() -> None:
    """Rules are named and ordered; switching one off hands its lines to the next rule."""
    rules = default_rules()
    assert rules.names()[:2] == ["prose", "cont_from"] and rules.names()[-1] == "body"
    para = Para("张建国：我们建立了老字号名录。", 1, 1)
    rules.enable("interview", False)
    assert classify(para, PLAIN, rules).kind == "body"
    rules.enable("interview")
    rules.before("interview", Rule("nothing", lambda at: None, Role()))
    assert classify(para, PLAIN, rules).kind == "interview"
    with pytest.raises(KeyError, match="no rule named"):
        rules.enable("missing")


def _layout(*texts: str, indented: bool = False) -> Layout:
    """A one-page layout, one paragraph per text, a blank line between paragraphs."""
    paras = tuple(Para(t, 2 * i + 1, 2 * i + 1, indented, 1 if i else 0) for i, t in enumerate(texts))
    return Layout(pages=(Page(index=1, paras=paras, line_start=1, line_end=2 * len(texts)),))


def test_doc_shape() -> None:
    """Blank lines between all paragraphs make a loose dump; indents make an indented one."""
    loose = _layout("标题", "本报讯 正文。", "第二段。", "第三段。")
    assert doc_shape(loose) == DocShape(indent_mode=False, dense=False)
    indented = _layout("正文一。", "正文二。", "正文三。", "正文四。", indented=True)
    heads = Layout(pages=(Page(index=1, paras=(Para("标题", 1, 1), *indented.pages[0].paras)),))
    assert doc_shape(heads).indent_mode
    assert not doc_shape(indented).indent_mode  # every line indented: indentation tells nothing


def test_interview_needs_an_exchange() -> None:
    """A single ``name:`` paragraph is a quotation, not an interview turn."""
    got = segment(_layout("专家谈节能", "本报讯 入冬以来,各地用电负荷上升。", "李明:节能要从点滴做起。"))
    (item,) = got.items
    assert item.speakers == ()
    assert item.paragraphs[-1] == "李明:节能要从点滴做起。"


def test_dateline_byline_and_rest_split() -> None:
    """Dateline, bracketed byline and the first sentence are three fields."""
    got = segment(_layout("北方迎来降雪", "新华社哈尔滨11月6日电（记者李北、王南）6日，黑龙江多地降雪。"))
    (item,) = got.items
    assert (item.dateline, item.byline) == ("新华社哈尔滨11月6日电", "（记者李北、王南）")
    assert item.paragraphs == ("6日，黑龙江多地降雪。",)


def test_empty_layout() -> None:
    """No pages, no items: nothing to crash on."""
    assert segment(Layout(pages=())) == Segmented(items=(), sections=())


# --- the same pages typeset differently -------------------------------------------------------

HALF, FULL = ",:;?!()", "，：；？！（）"
RETYPESET = {
    # name: (text transform, encoding, transform of the expected strings)
    "gb18030": (lambda t: t, "gb18030", None),
    "utf-16 with BOM": (lambda t: t, "utf-16", None),
    "CRLF with BOM": (lambda t: t.replace("\n", "\r\n"), "utf-8-sig", None),
    "CR line ends": (lambda t: t.replace("\n", "\r"), "utf-8", None),
    "full-width punctuation": (lambda t: t.translate(str.maketrans(HALF, FULL)), "utf-8",
                               lambda s: s.translate(str.maketrans(HALF, FULL))),
    "half-width punctuation": (lambda t: t.translate(str.maketrans(FULL, HALF)), "utf-8",
                               lambda s: s.translate(str.maketrans(FULL, HALF))),
}


def _map_strings(value: Any, fn: Any) -> Any:
    """Apply ``fn`` to every string inside a JSON value."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _map_strings(v, fn) for k, v in value.items()}
    return value


def _segment_bytes(tmp_path: Path, data: bytes) -> Segmented:
    p = tmp_path / "retypeset.txt"
    p.write_bytes(data)
    return run(p)


@pytest.mark.parametrize("variant", list(RETYPESET))
@pytest.mark.parametrize("name", CASES)
def test_fixture_retypeset(tmp_path: Path, name: str, variant: str) -> None:
    """Encoding, line ends and punctuation width change nothing but the punctuation itself."""
    text_fn, encoding, expect_fn = RETYPESET[variant]
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    got = _segment_bytes(tmp_path, text_fn(raw).encode(encoding))
    _, expected = load(name)
    want = [{**ITEM_DEFAULTS, **e} for e in expected["items"]]
    if expect_fn:
        want = _map_strings(want, expect_fn)
    assert [item_view(i) for i in got.items] == want


def _issue() -> str:
    """All fixtures as one issue, one fixture per page (four newlines between pages)."""
    return "\n\n\n\n".join((FIXTURES / f"{n}.txt").read_text(encoding="utf-8").strip("\n") for n in CASES) + "\n"


def _wrap20(text: str) -> str:
    """Hard-wrap every line at 20 characters, blank lines kept."""
    return "\n".join("\n".join(line[i:i + 20] for i in range(0, len(line), 20)) if line.strip() else line
                     for line in text.split("\n"))


ISSUE_VARIANTS = {
    "form feeds between pages": lambda t: re.sub(r"\n{4,}", "\n\f", t.strip("\n")),
    "page header on every page": lambda t: "\n\n\n\n".join(
        f"第{i}版\n\n{p}" for i, p in enumerate(re.split(r"\n{4,}", t.strip("\n")), start=1)),
    "hard-wrapped at 20 characters": _wrap20,
}


@pytest.mark.parametrize("variant", list(ISSUE_VARIANTS))
def test_issue_retypeset(tmp_path: Path, variant: str) -> None:
    """All fixtures in one issue give the same items with pages parted or wrapped another way."""
    issue = _issue()
    base = [item_view(i) for i in _segment_bytes(tmp_path, issue.encode()).items]
    got = [item_view(i) for i in _segment_bytes(tmp_path, ISSUE_VARIANTS[variant](issue).encode()).items]
    assert len(base) > len(CASES)
    assert got == base


def test_prose_shortcut_changes_no_classification() -> None:
    """The 'prose' rule only saves time: with it off, every paragraph of every fixture gets the same token."""
    fast, slow = default_rules(), default_rules()
    slow.enable("prose", False)
    checked = 0
    for path in sorted((Path(__file__).parent / "fixtures" / "segment").glob("*.txt")):
        lay = lay_out(read(path))
        shape = doc_shape(lay)
        for page in lay.pages:
            for para in page.paras:
                a, b = classify(para, shape, fast), classify(para, shape, slow)
                assert (a.kind, a.data) == (b.kind, b.data), para.text
                checked += 1
    assert checked > 200


def test_bare_continued_to_marker_with_unclosed_bracket_does_not_crash():
    """A bare 下转第N版 after an opening bracket whose close is on the next line is still a marker."""
    from corpus_tools.shapes import continued_to

    assert continued_to("全文未完（下转第2版") == (2, 5)
