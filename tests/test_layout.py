"""Layout: pages, paragraphs and the repairs (hard-wrap joins, column-break joins, duplicates).

Inline tables of small invented pages; each row is one construct and what the
layout must make of it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus_tools.layout import lay_out
from corpus_tools.shapes import display_width
from corpus_tools.sources import read
from corpus_tools.types import Layout

# a few paragraphs of an invented local-news page (one paragraph per list entry)
STORY = [
    "城南片区启动雨污分流改造",
    "本报讯(记者周敏 通讯员黄涛)近日,城南片区雨污分流改造工程正式启动,计划年底前完成主管网铺设,惠及居民两万余户。",
    "据介绍,工程总投资约两亿元,涉及道路二十余条,将分三个标段同步施工,施工期间将尽量减少对市民出行的影响。",
    "市住建局相关负责人表示,改造完成后,片区污水收集率将大幅提高,雨天路面积水问题也将得到有效解决。",
    "社区食堂开进老街巷",
    "本报讯(记者刘芳)在老城区东门社区,一家社区食堂日前开张营业,为周边老人提供午餐和晚餐,每天就餐人数达到两百余人。",
    "食堂负责人介绍,六十岁以上老人就餐可享受八折优惠,行动不便的老人还可以预约送餐上门服务。",
    "社区书记说,下一步将在辖区再布点两家社区食堂,让更多老人在家门口吃上热乎饭。",
]


def lay(tmp_path: Path, text: str) -> Layout:
    """Write ``text`` as UTF-8 and lay it out."""
    p = tmp_path / "page.txt"
    p.write_bytes(text.encode("utf-8"))
    return lay_out(read(p))


def texts(layout: Layout) -> list[list[str]]:
    """Paragraph texts, page by page."""
    return [[p.text for p in page.paras] for page in layout.pages]


def kinds(layout: Layout) -> list[str]:
    """Kinds of the repairs logged, in order."""
    return [r.kind for r in layout.repairs]


# --- pages -----------------------------------------------------------------------------------

PAGES = [
    # (case, text, [(printed number, section, paragraphs) per page])
    ("three blank lines part pages",
     "甲版标题\n\n本报讯 第一版的消息。\n\n\n\n乙版标题\n\n本报讯 第二版的消息。\n",
     [(None, None, ["甲版标题", "本报讯 第一版的消息。"]), (None, None, ["乙版标题", "本报讯 第二版的消息。"])]),
    ("two blank lines do not",
     "甲版标题\n\n本报讯 第一版的消息。\n\n\n乙版标题\n",
     [(None, None, ["甲版标题", "本报讯 第一版的消息。", "乙版标题"])]),
    ("leading and trailing blanks make no empty page",
     "\n\n\n\n\n甲版标题\n\n本报讯 消息。\n\n\n\n\n",
     [(None, None, ["甲版标题", "本报讯 消息。"])]),
    ("form feeds part pages and blank runs then do not",
     "甲版标题\n\n\n\n本报讯 第一版的消息。\n\f乙版标题\n\n\n\n\n本报讯 第二版的消息。\n",
     [(None, None, ["甲版标题", "本报讯 第一版的消息。"]), (None, None, ["乙版标题", "本报讯 第二版的消息。"])]),
    ("form feed on a line of its own",
     "甲版标题\n本报讯 第一版的消息。\n\f\n乙版标题\n本报讯 第二版的消息。\n",
     [(None, None, ["甲版标题", "本报讯 第一版的消息。"]), (None, None, ["乙版标题", "本报讯 第二版的消息。"])]),
    ("page header lines part pages and give the printed number",
     "第1版\n\n甲版标题\n\n本报讯 第一版的消息。\n第2版\n乙版标题\n\n本报讯 第二版的消息。\n",
     [(1, None, ["甲版标题", "本报讯 第一版的消息。"]), (2, None, ["乙版标题", "本报讯 第二版的消息。"])]),
    ("header with a letter and a section name",
     "A03版：要闻\n\n甲版标题\n\n本报讯 消息。\n\n\n\nA04版:国际\n乙版标题\n\n本报讯 消息二。\n",
     [(3, "要闻", ["甲版标题", "本报讯 消息。"]), (4, "国际", ["乙版标题", "本报讯 消息二。"])]),
    ("header in Chinese numerals",
     "第十二版  体育新闻\n\n甲版标题\n\n本报讯 消息。\n",
     [(12, "体育新闻", ["甲版标题", "本报讯 消息。"])]),
    ("date line is furniture, not a paragraph",
     "第2版\n2024年11月5日 星期二\n\n甲版标题\n\n本报讯 消息。\n",
     [(2, None, ["甲版标题", "本报讯 消息。"])]),
    ("a last page of header lines only is kept (a full-page advertisement)",
     "第4版\n乙版标题\n本报讯 消息二。\n\n\n\n第5版 广告\n2024年11月5日 星期二\n",
     [(4, None, ["乙版标题", "本报讯 消息二。"]), (5, "广告", [])]),
    ("consecutive header lines belong to one page",
     "第1版\n第2版 要闻\n甲版标题\n本报讯 消息。\n",
     [(2, "要闻", ["甲版标题", "本报讯 消息。"])]),
    ("a folio printed inside a page does not start one (pages here open without headers)",
     "甲版标题\n本报讯 消息。\n第2版\n乙段标题\n本报讯 消息二。\n",
     [(2, None, ["甲版标题", "本报讯 消息。", "乙段标题", "本报讯 消息二。"])]),
    ("a page's folio repeated at its foot stays on that page",
     "第1版\n甲版标题\n本报讯 消息。\n第1版\n第2版\n乙版标题\n本报讯 消息二。\n第2版\n",
     [(1, None, ["甲版标题", "本报讯 消息。"]), (2, None, ["乙版标题", "本报讯 消息二。"])]),
    ("lines of ideographic spaces alone are no page gap",
     "甲版标题\n本报讯 消息。\n\u3000\n\u3000\u3000\n\xa0\n\u3000\n本报讯 消息二。\n",
     [(None, None, ["甲版标题", "本报讯 消息。", "本报讯 消息二。"])]),
    ("a line of ideographic spaces inside a gap of empty lines leaves the gap whole",
     "甲版标题\n本报讯 消息。\n\n\u3000\n\n\n乙版标题\n本报讯 消息二。\n",
     [(None, None, ["甲版标题", "本报讯 消息。"]), (None, None, ["乙版标题", "本报讯 消息二。"])]),
    ("empty lines parted by ideographic-space lines count only themselves",
     "甲版标题\n本报讯 消息。\n\n\u3000\n\u3000\n\n乙段标题\n本报讯 消息二。\n",
     [(None, None, ["甲版标题", "本报讯 消息。", "乙段标题", "本报讯 消息二。"])]),
    ("header and form feed together make one break",
     "甲版标题\n本报讯 消息。\n\f第2版\n乙版标题\n本报讯 消息二。\n",
     [(None, None, ["甲版标题", "本报讯 消息。"]), (2, None, ["乙版标题", "本报讯 消息二。"])]),
]


@pytest.mark.parametrize(("case", "text", "pages"), PAGES, ids=[c[0] for c in PAGES])
def test_pages(tmp_path: Path, case: str, text: str, pages: list) -> None:
    """Pages split where the table says; header lines are furniture with number and section kept."""
    layout = lay(tmp_path, text)
    got = [(p.printed_number, p.section, [x.text for x in p.paras]) for p in layout.pages]
    assert got == pages
    assert [p.index for p in layout.pages] == list(range(1, len(pages) + 1))


def test_header_lines_are_kept_on_the_page(tmp_path: Path) -> None:
    """The header and date lines are remembered on their page (for the section's furniture)."""
    layout = lay(tmp_path, "A01版：要闻\n2024年11月5日 星期二\n\n甲版标题\n\n本报讯 消息。\n")
    (page,) = layout.pages
    assert page.header is not None
    assert page.header.split("\n") == ["A01版：要闻", "2024年11月5日 星期二"]


def test_page_line_ranges(tmp_path: Path) -> None:
    """Each page knows the input lines it covers; paragraphs know theirs."""
    layout = lay(tmp_path, "甲版标题\n\n本报讯 消息。\n\n\n\n乙版标题\n本报讯 消息二。")
    first, second = layout.pages
    assert (first.line_start, second.line_end) == (1, 8)
    assert first.line_end < second.line_start
    assert [(p.line_start, p.line_end) for p in second.paras] == [(7, 7), (8, 8)]


# --- paragraphs ------------------------------------------------------------------------------

def test_one_paragraph_per_line(tmp_path: Path) -> None:
    """Unwrapped dumps: every non-blank line is a paragraph, stripped, with indent and gap noted."""
    text = "标题\n\u3000\u3000第一段。\n\n  第二段。\n\n\n\xa0第三段。\xa0\n"
    (page,) = lay(tmp_path, text).pages
    assert [(p.text, p.indented, p.blanks_before) for p in page.paras] == [
        ("标题", False, 0), ("第一段。", True, 0), ("第二段。", True, 1), ("第三段。", False, 2)]


def wrap_chars(paras: list[str], width: int, gap: str, indent: str = "") -> str:
    """Hard-wrap each paragraph at ``width`` characters (pdftotext style)."""
    out: list[str] = []
    for p in paras:
        line = indent + p
        out.append("\n".join(line[i:i + width] for i in range(0, len(line), width)))
    return gap.join(out) + "\n"


def wrap_columns(paras: list[str], columns: int, gap: str) -> str:
    """Hard-wrap each paragraph at ``columns`` display columns (CJK counts two)."""
    out: list[str] = []
    for p in paras:
        lines, cur = [], ""
        for c in p:
            if display_width(cur + c) > columns:
                lines.append(cur)
                cur = ""
            cur += c
        out.append("\n".join([*lines, cur]))
    return gap.join(out) + "\n"


WRAPS = [
    ("20 chars, blank lines between paragraphs", wrap_chars(STORY, 20, "\n\n")),
    ("20 chars, no blank lines", wrap_chars(STORY, 20, "\n")),
    ("20 chars, indented paragraphs", wrap_chars(STORY, 20, "\n", "\u3000\u3000")),
    ("20 chars, indented, blank lines", wrap_chars(STORY, 20, "\n\n", "\u3000\u3000")),
    ("24 chars, no blank lines", wrap_chars(STORY, 24, "\n")),
    ("40 columns, no blank lines", wrap_columns(STORY, 40, "\n")),
]


@pytest.mark.parametrize(("case", "text"), WRAPS, ids=[w[0] for w in WRAPS])
def test_hard_wrap_joined(tmp_path: Path, case: str, text: str) -> None:
    """Lines filled to the wrap column are joined back into the paragraphs they came from."""
    layout = lay(tmp_path, text)
    assert texts(layout) == [STORY]
    joined = [r for r in layout.repairs if r.kind == "hard_wrap_join"]
    assert joined and set(kinds(layout)) == {"hard_wrap_join"}
    for para in layout.pages[0].paras:
        for r in para.repairs:
            assert r.lines == tuple(range(para.line_start, para.line_end + 1))


BRIEFS = [
    "城东两座停车场投入使用", "本报讯 城东新建的两座公共停车场近日投入使用,新增车位八百个。",
    "少儿阅览室本周恢复开放", "本报讯 市图书馆少儿阅览室完成改造,本周末起恢复开放。",
    "首批十个口袋公园建成", "本报讯 全市首批十个口袋公园日前建成开放,市民就近休闲。",
    "县城步行街夜市重新开张", "本报讯 县城步行街夜市于日前重新开张,新增摊位一百余个。",
    "大批候鸟飞抵城西湿地", "本报讯 大批候鸟飞抵城西湿地公园越冬,数量比去年增加。",
]


def test_wrap_found_on_a_page_of_short_items(tmp_path: Path) -> None:
    """Short items give few full lines, but no line passes the column: still a wrapped dump."""
    text = wrap_chars(BRIEFS, 20, "\n")
    lines = [x for x in text.split("\n") if len(x) >= 8]
    assert sum(len(x) >= 19 for x in lines) < len(lines) / 2  # fewer than half the lines are full
    assert texts(lay(tmp_path, text)) == [BRIEFS]


def test_wrapped_line_opening_with_a_page_number_is_no_header(tmp_path: Path) -> None:
    """``第2版)`` or ``第3版报道。`` at the start of a wrapped line does not start a page."""
    story = [*STORY[:4], "夜市开张以来,每晚吸引市民游客上万人次,带动周边餐饮零售等各类消费明显增长(下转第2版)",
             "详细情况请见本报昨日第3版报道。", *STORY[4:]]
    text = wrap_chars(story, 20, "\n")
    assert "\n第2版)\n" in text
    layout = lay(tmp_path, text.replace("本报昨日第3版报道。", "本报昨日\n第3版报道。"))
    assert len(layout.pages) == 1
    paras = texts(layout)[0]
    assert story[4] in paras
    assert any(p.endswith("第3版报道。") for p in paras)  # a paragraph, not a page header


def test_wrap_keeps_paragraph_that_ends_short_of_the_column(tmp_path: Path) -> None:
    """A paragraph whose last line stops one short of the column, on a full stop, ends there."""
    story = [*STORY, "会议要求,各部门要加强协作。", "下一段接着写新的内容。"]
    ends_short = "市民纷纷表示,这是一件实实在在的好事。"  # 19 characters with the full stop
    assert len(ends_short) == 19
    story[3] = ends_short
    layout = lay(tmp_path, wrap_chars(story, 20, "\n"))
    assert texts(layout) == [story]


def test_wrap_keeps_a_full_width_head_line_standing_above_a_blank(tmp_path: Path) -> None:
    """A kicker ending in a dash and a headline, each exactly as wide as the column, stay apart.

    A head line that fills the column is no wrapped body line when it ends no sentence and a blank line
    follows it: the line above (a finished sentence or a kicker's dash) ends where it stands.
    """
    kicker = "城南街道退休教师老张和他的几位老邻居——"
    head = "二十年义务护绿 老街成了花园（身边好人）"
    assert len(kicker) == len(head) == 20
    body = wrap_chars(STORY[1:4], 20, "\n")
    text = wrap_chars(STORY[4:], 20, "\n") + "\n" + kicker + "\n" + head + "\n\n" + body
    paras = texts(lay(tmp_path, text))[0]
    assert paras == [*STORY[4:], kicker, head, *STORY[1:4]]


def test_wrap_joins_latin_words_with_a_space(tmp_path: Path) -> None:
    """A wrap between two Latin words keeps one space; CJK joins directly."""
    latin = "这是城市更新长段落,市民在参观Smart\nCity展厅,现场气氛热烈。"
    assert len(latin.split("\n")[0]) == 20
    text = wrap_chars(STORY[:3], 20, "\n") + latin + "\n" + wrap_chars(STORY[3:], 20, "\n")
    assert texts(lay(tmp_path, text)) == [[*STORY[:3], "这是城市更新长段落,市民在参观Smart City展厅,现场气氛热烈。",
                                           *STORY[3:]]]


# --- column breaks ---------------------------------------------------------------------------

BREAKS = [
    # (case, text, paragraphs after layout, joined line pairs)
    ("unfinished paragraph carried on across a blank line",
     "春运志愿服务温暖回家路\n\n本报讯(记者陈静)春运期间,市火车站组织志愿者为旅客服务。\n\n"
     "志愿者们每天早上六点到岗,为进站旅客提供引导服务,帮助老人和\n\n儿童旅客顺利进站乘车,受到旅客好评。\n",
     ["春运志愿服务温暖回家路", "本报讯(记者陈静)春运期间,市火车站组织志愿者为旅客服务。",
      "志愿者们每天早上六点到岗,为进站旅客提供引导服务,帮助老人和儿童旅客顺利进站乘车,受到旅客好评。"],
     [(5, 7)]),
    ("break inside a word, no comma needed on a long line",
     "据了解,今年全市共完成老旧小区改造九十八个,惠及居民三万余户,改造内容包括屋面防水和外墙保温\n\n"
     "以及管网更新、加装电梯等项目。\n",
     ["据了解,今年全市共完成老旧小区改造九十八个,惠及居民三万余户,改造内容包括屋面防水和外墙保温以及管网更新、加装电梯等项目。"],
     [(1, 3)]),
    ("head line after an unfinished paragraph is not joined",
     "志愿者们每天早上六点到岗,为进站旅客提供引导服务,帮助老人和儿童\n\n社区食堂开进老街巷\n\n"
     "本报讯(记者刘芳)在老城区东门社区,一家社区食堂日前开张营业。\n",
     ["志愿者们每天早上六点到岗,为进站旅客提供引导服务,帮助老人和儿童", "社区食堂开进老街巷",
      "本报讯(记者刘芳)在老城区东门社区,一家社区食堂日前开张营业。"],
     []),
    ("finished paragraph is not joined",
     "志愿者们每天早上六点到岗,为进站旅客提供引导服务。\n\n帮助老人和儿童旅客顺利进站乘车,受到旅客好评。\n",
     ["志愿者们每天早上六点到岗,为进站旅客提供引导服务。", "帮助老人和儿童旅客顺利进站乘车,受到旅客好评。"],
     []),
    ("byline, dateline and markers are never a continuation",
     "志愿者们每天早上六点到岗,为进站旅客提供引导服务,帮助老人和儿童\n\n□ 记者 李理 通讯员 徐心园\n\n"
     "据了解,今年全市共完成老旧小区改造九十八个,惠及居民三万余户\n\n本报讯(记者刘芳)社区食堂开张营业。\n\n"
     "在产业发展方面,该区引进了一批新能源汽车零部件企业,形成了较为完整的\n\n(上接第1版)\n",
     ["志愿者们每天早上六点到岗,为进站旅客提供引导服务,帮助老人和儿童", "□ 记者 李理 通讯员 徐心园",
      "据了解,今年全市共完成老旧小区改造九十八个,惠及居民三万余户", "本报讯(记者刘芳)社区食堂开张营业。",
      "在产业发展方面,该区引进了一批新能源汽车零部件企业,形成了较为完整的", "(上接第1版)"],
     []),
    ("a break right after the opening dateline and byline",
     "社区食堂开进老街巷\n\n本报讯(记者刘芳)在老城区东门社区,一家社区食\n\n"
     "堂日前开张营业,为周边老人提供午餐和晚餐。\n",
     ["社区食堂开进老街巷", "本报讯(记者刘芳)在老城区东门社区,一家社区食堂日前开张营业,为周边老人提供午餐和晚餐。"],
     [(3, 5)]),
]


@pytest.mark.parametrize(("case", "text", "paras", "joins"), BREAKS, ids=[b[0] for b in BREAKS])
def test_column_breaks(tmp_path: Path, case: str, text: str, paras: list[str], joins: list) -> None:
    """A paragraph stopped mid-sentence is joined with the one that carries it on, and logged."""
    layout = lay(tmp_path, text)
    assert texts(layout) == [paras]
    got = [r for r in layout.repairs if r.kind == "column_break_join"]
    assert [r.lines for r in got] == joins
    for r in got:
        assert "|" in r.detail


def test_column_break_not_joined_in_indented_dump(tmp_path: Path) -> None:
    """In an indented dump an indented line starts a paragraph, finished or not."""
    text = ("标题一\n\u3000\u3000第一段没有写完,为进站旅客提供引导服务,帮助老人和儿童\n"
            "\u3000\u3000第二段另起一行,受到旅客好评。\n\u3000\u3000第三段。\n")
    assert texts(lay(tmp_path, text)) == [[
        "标题一", "第一段没有写完,为进站旅客提供引导服务,帮助老人和儿童", "第二段另起一行,受到旅客好评。", "第三段。"]]


# --- duplicated blocks -----------------------------------------------------------------------

SPRING = [
    "春运志愿服务温暖回家路",
    "本报讯(记者陈静)春运期间,市火车站组织志愿者为旅客提供咨询引导、行李搬运等服务。",
    "志愿者们每天早上六点到岗,为进站旅客提供引导服务,帮助老人和儿童旅客顺利进站乘车。",
    "车站还开设了春运爱心通道,为重点旅客提供优先进站服务,累计服务旅客五千余人次。",
]
SAFETY = [
    "冬季安全生产检查启动",
    "本报讯(记者何平)近日,市安委办启动冬季安全生产大检查,重点检查危化品、建筑施工等行业。",
    "检查组将深入企业一线,对发现的安全隐患建立台账,督促企业限期整改到位。",
]


def page(*paras: str) -> str:
    """One paragraph per line, a blank line between."""
    return "\n\n".join(paras) + "\n"


def test_duplicate_block_removed(tmp_path: Path) -> None:
    """A paragraph printed again inside another story is dropped there; the fitting copy stays."""
    text = page(*SPRING, *SAFETY[:2], SPRING[3], SAFETY[2])
    layout = lay(tmp_path, text)
    assert texts(layout) == [[*SPRING, *SAFETY]]
    (rep,) = [r for r in layout.repairs if r.kind == "duplicate_removed"]
    assert rep.lines == (13,)
    assert rep.detail == "kept the copy at lines 7-7"


def test_duplicate_keeps_the_later_copy_when_it_fits(tmp_path: Path) -> None:
    """Which copy stays is decided by its neighbours, not by its position."""
    text = page(*SAFETY[:2], SPRING[3], SAFETY[2], *SPRING)
    layout = lay(tmp_path, text)
    assert texts(layout) == [[*SAFETY, *SPRING]]
    (rep,) = [r for r in layout.repairs if r.kind == "duplicate_removed"]
    assert rep.lines == (5,)


def test_duplicate_multi_paragraph_block_across_pages(tmp_path: Path) -> None:
    """A block of several paragraphs printed again on the next page goes as one repair."""
    text = page(*SPRING) + "\n\n\n" + page(*SAFETY[:2], SPRING[2], SPRING[3], SAFETY[2])
    layout = lay(tmp_path, text)
    assert texts(layout) == [SPRING, SAFETY]
    (rep,) = [r for r in layout.repairs if r.kind == "duplicate_removed"]
    assert len(rep.lines) == 3  # both paragraphs and the blank line between them


def test_duplicates_interleaved(tmp_path: Path) -> None:
    """Overlapping repeats (A B A B B) are handled without losing or crashing."""
    a, b = SPRING[2], SAFETY[2]
    layout = lay(tmp_path, page(a, b, a, b, b))
    kept = texts(layout)[0]
    assert a in kept and b in kept
    removed = [r for r in layout.repairs if r.kind == "duplicate_removed"]
    assert removed and len(kept) + sum(len(r.lines) // 2 + 1 for r in removed) == 5


KEPT = [
    ("text printed once", [*SPRING, *SAFETY]),
    ("short lines repeated", ["核心阅读", *SPRING[1:3], "核心阅读", *SAFETY[1:]]),
    ("repeated head line", [SPRING[0], SPRING[1], "春运志愿服务温暖回家路", SPRING[2]]),
    ("repeated short dateline", ["本报讯", SPRING[1], "本报讯", SAFETY[1]]),
    ("near copies differ by one character", [*SPRING, SAFETY[1], SPRING[3].replace("五千", "六千")]),
]


@pytest.mark.parametrize(("case", "paras"), KEPT, ids=[k[0] for k in KEPT])
def test_nothing_dropped_without_a_true_duplicate(tmp_path: Path, case: str, paras: list[str]) -> None:
    """Blocks that occur once, and short legitimate repeats, are all kept."""
    layout = lay(tmp_path, page(*paras))
    assert texts(layout) == [paras]
    assert "duplicate_removed" not in kinds(layout)


def test_repairs_listed_once_on_the_layout(tmp_path: Path) -> None:
    """Every repair on a paragraph is also on the layout's list, and vice versa (duplicates aside)."""
    broken = re.sub("。$", "", SAFETY[2])
    text = wrap_chars(STORY, 20, "\n\n") + "\n" + page(*SAFETY[:2], broken, "并于年底前完成复查。")
    layout = lay(tmp_path, text)
    on_paras = [r for p in layout.pages for para in p.paras for r in para.repairs]
    assert sorted(map(repr, on_paras)) == sorted(repr(r) for r in layout.repairs if r.kind != "duplicate_removed")
    assert {"hard_wrap_join", "column_break_join"} <= set(kinds(layout))
