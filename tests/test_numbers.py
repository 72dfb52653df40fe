"""Tests for corpus_tools.annotate.numbers: values, ranges, units, kinds, dates, idioms, spans."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_tools.annotate.numbers import IDIOMS, annotate_numbers, extract_numbers
from corpus_tools.types import IssueContext, IssueMeta, Item, Quantity

FIXTURES = Path(__file__).parent / "fixtures"
EVAL_CASES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cases"
DIGITS = re.compile(r"\d+(?:\.\d+)?")
ISSUE = dt.date(2024, 6, 20)


def _cell(raw: str) -> str | None:
    return None if raw == "-" else raw


def _table_rows() -> list[tuple[str, ...]]:
    rows = []
    for line in (FIXTURES / "numbers_table.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = tuple(line.split("\t"))
            assert len(cells) == 10, line
            rows.append(cells)
    return rows


TABLE = _table_rows()


def _find(quantities: list[Quantity], surface: str) -> Quantity:
    found = [q for q in quantities if q.span.text == surface]
    assert found, f"{surface!r} not among {[q.span.text for q in quantities]}"
    return found[0]


def _check_spans(text: str, quantities: list[Quantity]) -> None:
    """Every span re-slices, spans are sorted and do not overlap."""
    last_end = 0
    for q in quantities:
        assert 0 <= q.span.start < q.span.end <= len(text)
        assert text[q.span.start:q.span.end] == q.span.text
        assert q.span.start >= last_end
        last_end = q.span.end


def _uncovered_digits(text: str, quantities: list[Quantity]) -> list[str]:
    spans = [(q.span.start, q.span.end) for q in quantities]
    return [m[0] for m in DIGITS.finditer(text)
            if not any(s <= m.start() and m.end() <= e for s, e in spans)]


# ---------------------------------------------------------------------------
# The table: one expression per row, every attribute checked
# ---------------------------------------------------------------------------


def test_table_is_big_enough() -> None:
    assert len(TABLE) >= 80
    assert len({row[1] for row in TABLE}) == len(TABLE), "sentences should be distinct"


@pytest.mark.parametrize("row", TABLE, ids=[row[2] for row in TABLE])
def test_table(row: tuple[str, ...]) -> None:
    issue, sentence, surface, value, value_max, unit, approx, kind, currency, date_iso = map(_cell, row)
    assert issue and sentence and surface
    quantities = extract_numbers(sentence, "text", dt.date.fromisoformat(issue))
    _check_spans(sentence, quantities)
    q = _find(quantities, surface)
    assert q.value == (None if value is None else pytest.approx(float(value)))
    assert q.value_max == (None if value_max is None else pytest.approx(float(value_max)))
    assert (q.unit, q.approx, q.kind, q.currency, q.date_iso) == (unit, approx, kind, currency, date_iso)
    assert q.span.field == "text"


# ---------------------------------------------------------------------------
# Idioms, names and words built from numerals
# ---------------------------------------------------------------------------

# Words and set phrases written for this test (the general list and jieba's idioms are tested too, below).
WORD_IDIOMS = (
    "一五一十", "三心二意", "七上八下", "四面八方", "一成不变", "十全十美", "一带一路", "一国两制", "一把手",
    "一体化", "一些", "一起", "一定", "一道", "统一", "唯一", "一致", "万一", "千方百计", "一流", "十四五",
    "两岸", "两会", "三季度", "五中全会", "三天两头", "九牛一毛", "不远万里", "一年四季",
)
FRAMES = ("大家都说{}。", "会上提到“{}”的做法", "{}", "我们要把{}落到实处,")


@pytest.mark.parametrize("idiom", WORD_IDIOMS + IDIOMS)
def test_idioms_are_not_numbers(idiom: str) -> None:
    for frame in FRAMES:
        sentence = frame.format(idiom)
        assert extract_numbers(sentence, "text", ISSUE) == [], sentence


@pytest.mark.parametrize("sentence", [
    "他一个人来的,这是一个好办法,一名干部开了一次会",  # 一 + measure word is the article "a"
    "一批项目,一位老人,一家企业,一件事",
    "进一步加强,另一方面,新一届领导班子",
    "十分重要,千家万户,百团大战,千年古镇,亿万人民,千里之外",  # bare 百/千/万 without approximation
    "他家住三里岗村,八里庄社区有三家村饭馆",  # place names
    "增强“四个意识”,开展“三项行动”",  # short quoted slogans
    "党的十九大和全国两会召开,两国人民,村两委",
    "三大攻坚战,六大核心问题",  # 大 is not a measure word
    "用了一天一夜,一日千里,第一书记,第一线",
    "零件和零容忍",
    "下半年经济回暖,上半场比分落后,后半夜下起雨",  # halves of a period, not 0.5 of one
])
def test_chinese_words_are_not_numbers(sentence: str) -> None:
    assert extract_numbers(sentence, "text", ISSUE) == []


def test_chinese_quantities_next_to_idioms_are_kept() -> None:
    text = "坚持一国两制,两国签署了三项协议,派出两名专家"
    got = [q.span.text for q in extract_numbers(text, "text", ISSUE)]
    assert got == ["三项", "两名"]


# ---------------------------------------------------------------------------
# Dates against the issue date
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("issue", "text", "iso"), [
    (dt.date(2026, 2, 5), "2月4日下午", "2026-02-04"),
    (dt.date(2019, 10, 15), "10月14日晚", "2019-10-14"),
    (dt.date(2019, 10, 15), "11月3日", "2018-11-03"),  # a later month without a year: last year
    (dt.date(2020, 1, 1), "本报讯 31日电", "2019-12-31"),  # a day far ahead of the issue day: last month
    (dt.date(2020, 1, 15), "会议将于20日举行", "2020-01-20"),  # a near day ahead: this month
    (dt.date(2020, 1, 15), "2020年的论坛定于3月下旬开幕", "2020-03"),  # the year named in the paragraph
    (dt.date(2020, 1, 15), "去年11月", "2019-11"),
    (dt.date(2020, 5, 12), "明年3月", "2021-03"),
    (dt.date(2019, 2, 11), "1938年5月,学校迁往山区。同年10月,迁回县城", "1938-10"),
    (dt.date(2019, 2, 11), "1941年秋,日军出动。4月27日,部队反击", "1941-04-27"),
    (dt.date(2020, 1, 15), "2019年全年增长6%。3月1日起实施", "2019-03-01"),
])
def test_date_resolution(issue: dt.date, text: str, iso: str) -> None:
    dates = [q for q in extract_numbers(text, "text", issue) if q.kind == "date"]
    assert dates and dates[-1].date_iso == iso
    assert dates[-1].value is None


@pytest.mark.parametrize(("text", "surface", "value", "approx", "currency"), [
    ("全年預算約新台幣３２００億元。", "約新台幣３２００億元", 3.2e11, "about", "TWD"),
    ("罰鍰最高新台幣６萬元", "新台幣６萬元", 6e4, None, "TWD"),
    ("門票逾澳門幣150元", "逾澳門幣150元", 150, "more_than", "MOP"),
    ("补贴人民币2000元", "人民币2000元", 2000, None, "CNY"),
])
def test_currency_printed_before_the_number(text: str, surface: str, value: float, approx: str | None,
                                            currency: str) -> None:
    """新台幣/澳門幣 before the number name the currency as 人民币 does: the 元 after it is no yuan."""
    (q,) = extract_numbers(text, "text", dt.date(2022, 3, 1))
    assert (q.span.text, q.value, q.approx, q.currency, q.unit) == (surface, value, approx, currency, "元")


def test_since_year_does_not_set_the_scene() -> None:
    text = "2025年以来,全市新增就业。2月4日,市里召开会议"
    dates = [q for q in extract_numbers(text, "text", dt.date(2026, 2, 5)) if q.kind == "date"]
    assert [q.date_iso for q in dates] == ["2026-02-04"]


def test_dateline_keeps_issue_year() -> None:
    text = "1990年,他被追认为烈士(本报北京10月14日电)"
    dates = [q for q in extract_numbers(text, "text", dt.date(2019, 10, 15)) if q.kind == "date"]
    assert dates[0].date_iso == "2019-10-14"


def test_years_and_durations() -> None:
    got = {q.span.text: q.kind for q in extract_numbers("1911年出生,60年来,连续第5年,近4年来", "text", ISSUE)}
    assert got == {"1911年": "year", "60年": "duration", "第5年": "ordinal", "4年": "duration"}


# ---------------------------------------------------------------------------
# Items and fields
# ---------------------------------------------------------------------------


def _ctx(date: dt.date = ISSUE) -> IssueContext:
    return IssueContext(meta=IssueMeta(newspaper="测试报", date=date, paper_id="test"))


def test_annotate_article_fields() -> None:
    item = Item(kind="article", page=1, kicker="第十届读书节", headline="全县发放逾800万元补助",
                subheadline="惠及5万余人", byline="记者 张三 通讯员 李四 2人",
                paragraphs=("今年以来,共发放3笔。", "覆盖率达98.8%。"))
    quantities = annotate_numbers(item, _ctx())
    fields = item.fields()
    for q in quantities:
        assert fields[q.span.field][q.span.start:q.span.end] == q.span.text
    got = [(q.span.field, q.span.text) for q in quantities]
    assert got == [("kicker", "第十届"), ("headline", "逾800万元"), ("subheadline", "5万余人"),
                   ("text", "3笔"), ("text", "98.8%")]
    text_q = [q for q in quantities if q.span.field == "text"]
    assert text_q[1].span.start == item.text.index("98.8%")


def test_annotate_image_skips_credit() -> None:
    item = Item(kind="image", page=2, headline="2月4日,志愿者清扫街道", paragraphs=("30余名志愿者参加。",),
                credit="新华社记者 王五 2026年摄")
    quantities = annotate_numbers(item, _ctx(dt.date(2026, 2, 5)))
    assert [(q.span.field, q.span.text) for q in quantities] == [("title", "2月4日"), ("caption", "30余名")]
    assert quantities[0].date_iso == "2026-02-04"


def test_empty_text() -> None:
    assert extract_numbers("", "text", ISSUE) == []
    assert annotate_numbers(Item(kind="article", page=1), _ctx()) == []


# ---------------------------------------------------------------------------
# Properties: spans always valid, digits always covered, output deterministic
# ---------------------------------------------------------------------------

CHARS = "0123456789０１２.,，、%％~～-—至到第约近逾超多余来几数半上零〇一二两三四五六七八九十百千万亿"
CHARS += "年月日号个位名元人成倍岁期届次天周时分秒米里亩吨“”\"《》\n 　ABxyzG/:"
TOKENS = [
    *CHARS,
    "万亿", "百分之", "分之", "个百分点", "不超过", "不足", "左右", "以上", "零下", "人民币", "美元",
    "个月", "个半", "平方米", "摄氏度", "℃", "周年", "年度", "月份", "同年", "去年", "今年", "以来", "No.",
    "PM", "km", "个团", "三中全会", "一带一路", "四位一体"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
       st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_random_token_soup(text: str, issue: dt.date) -> None:
    quantities = extract_numbers(text, "caption", issue)
    _check_spans(text, quantities)
    assert _uncovered_digits(text, quantities) == []
    assert all(q.span.field == "caption" for q in quantities)
    assert extract_numbers(text, "caption", issue) == quantities


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_random_unicode(text: str) -> None:
    quantities = extract_numbers(text, "text", ISSUE)
    _check_spans(text, quantities)
    assert _uncovered_digits(text, quantities) == []


def test_coverage_of_codes_and_odd_digits() -> None:
    text = "5G、M2、PM2.5、COVID-19、No.12345、1.2.3版、电话0716-8123456、10:30、１２名、3/4的人"
    quantities = extract_numbers(text, "text", ISSUE)
    _check_spans(text, quantities)
    assert _uncovered_digits(text, quantities) == []
    assert _find(quantities, "１２名").value == 12
    assert _find(quantities, "3/4").value == pytest.approx(0.75)


# ---------------------------------------------------------------------------
# The shared evaluation pages (read in place, never copied); skipped when absent
# ---------------------------------------------------------------------------

CASES = sorted(p for p in EVAL_CASES.glob("*") if (p / "gold.json").exists()) if EVAL_CASES.exists() else []


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _fits(q: Quantity, gold: dict) -> bool:
    ok = abs((q.value or 0) - gold["value"]) <= 1e-6 * max(1, abs(gold["value"]))
    ok &= q.approx == gold.get("approx")
    if "value_max" in gold:
        top = gold["value_max"]
        ok &= q.value_max is not None and abs(q.value_max - top) <= 1e-6 * max(1, abs(top))
    if gold.get("unit"):
        ok &= bool(q.unit) and (q.unit in gold["unit"] or gold["unit"] in q.unit)
    if gold.get("kind"):
        ok &= q.kind == gold["kind"]
    return ok


@pytest.mark.skipif(not CASES, reason="../shared/eval/cases not available")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_eval_case(case: Path) -> None:
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    issue = dt.date.fromisoformat(gold["meta"]["date"])
    found: list[Quantity] = []
    for line in (case / "raw.txt").read_text(encoding="utf-8").splitlines():
        quantities = extract_numbers(line, "text", issue)
        _check_spans(line, quantities)
        assert _uncovered_digits(line, quantities) == []
        found.extend(quantities)
    wrong = [g["text"] for g in gold.get("numbers_sample", [])
             if not any(_fits(q, g) for q in found if _norm(g["text"]) in _norm(q.span.text))]
    assert wrong == []
    idioms = gold.get("idioms_not_numbers", [])
    false = {q.span.text for q in found if not re.search(r"\d", q.span.text)
             and any(i in q.span.text or q.span.text in i for i in idioms)}
    assert false == set()


# ---------------------------------------------------------------------------
# The speed-only parts of the grammar change no match
# ---------------------------------------------------------------------------

try:  # the parser of the re module, to read off what a pattern can start with
    from re import _constants as sre_c
    from re import _parser as sre_p
except ImportError:  # Python 3.10
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse as sre_p  # type: ignore[no-redef]

import corpus_tools  # noqa: E402
from corpus_tools.annotate.numbers import grammar, regex_tools  # noqa: E402  (the private patterns)

SPEED_TEXTS = [
    *(p.read_text(encoding="utf-8") for p in sorted((Path(corpus_tools.__file__).parent / "data").glob("*.txt"))),
    *(p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "issues").glob("*.txt"))),
    *(row[0] for row in TABLE),
    *((p / "raw.txt").read_text(encoding="utf-8") for p in CASES),
]


def _without_speed_gates(pattern: str) -> str:
    """The pattern with every speed-only look-ahead taken out."""
    for gate in sorted(grammar._SPEED_GATES, key=len, reverse=True):
        pattern = pattern.replace(gate, "")
    return pattern


def _at_each_position(pattern: re.Pattern[str], text: str) -> list[tuple | None]:
    return [(m.span(), m.lastgroup, m.groups()) if (m := pattern.match(text, i)) else None
            for i in range(len(text) + 1)]


def _same_matches(text: str) -> None:
    """_MASTER (gated, optional groups rewritten as branches) matches like the plain grammar at every
    position, and so do the unit patterns; without _CN_LONE the plain grammar only adds matches of a
    lone Chinese numeral, which _scan skips by one character just as a failed search does."""
    plain = re.compile(_without_speed_gates(grammar._GRAMMAR))
    assert _at_each_position(grammar._MASTER, text) == _at_each_position(plain, text)
    for pattern in (grammar._UNIT_AR_RE, grammar._UNIT_CN_RE, grammar._GE_RE):
        ungated = re.compile(_without_speed_gates(pattern.pattern))
        assert _at_each_position(pattern, text) == _at_each_position(ungated, text)
    loose = re.compile(_without_speed_gates(grammar._GRAMMAR).replace(grammar._CN_LONE, ""))
    for got, want in zip(_at_each_position(grammar._MASTER, text), _at_each_position(loose, text), strict=True):
        if got != want:
            assert got is None and want is not None and want[1] == "cn" and want[0][1] - want[0][0] == 1


def test_speed_gates_are_in_the_patterns() -> None:
    patterns = grammar._GRAMMAR + grammar._UNIT_AR_RE.pattern + grammar._UNIT_CN_RE.pattern + grammar._GE_RE.pattern
    assert all(gate in patterns for gate in grammar._SPEED_GATES)
    assert grammar._CN_LONE in grammar._GRAMMAR
    assert not set(grammar._PRE_FIRST + "第") & set(grammar._CN_NUMERALS)  # what _CN_LONE relies on


@pytest.mark.parametrize("index", range(len(SPEED_TEXTS)))
def test_speed_gates_change_no_match_in_real_text(index: int) -> None:
    _same_matches(SPEED_TEXTS[index])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_speed_gates_change_no_match_in_token_soup(text: str) -> None:
    _same_matches(text)


def _first_chars(items: list) -> tuple[list, bool]:
    """What a parsed pattern can start with (charset items, a superset: look-arounds are ignored)
    and whether it can match the empty string."""
    found: list = []
    for op, av in items:
        if op is sre_c.LITERAL:
            return [*found, (op, av)], False
        if op is sre_c.IN:
            assert (sre_c.NEGATE, None) not in av, "a negated class can start with anything"
            return [*found, *av], False
        if op in (sre_c.ASSERT, sre_c.ASSERT_NOT, sre_c.AT):
            continue
        if op is sre_c.SUBPATTERN:
            first, empty = _first_chars(av[-1])
        elif op is sre_c.BRANCH:
            parts = [_first_chars(branch) for branch in av[1]]
            first, empty = [c for f, _ in parts for c in f], any(e for _, e in parts)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            first, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            raise AssertionError(f"cannot bound what {op} starts with")
        found += first
        if not empty:
            return found, False
    return found, True


ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
CATEGORY_CLASSES = {sre_c.CATEGORY_DIGIT: r"\d", sre_c.CATEGORY_UNI_DIGIT: r"\d"}


def _chars_of(items: list) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre_c.LITERAL:
            chars.add(chr(av))
        elif op is sre_c.RANGE:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif op is sre_c.CATEGORY:
            chars.update(re.findall(CATEGORY_CLASSES[av], ALL_CHARS))
        else:
            raise AssertionError(f"unexpected class item {op}")
    return chars


def _assert_gate_covers(gate: str, body: str) -> None:
    """Every character a match of ``body`` can start with passes the look-ahead ``gate``."""
    first, empty = _first_chars(list(sre_p.parse(_without_speed_gates(body))))
    assert not empty
    allowed = re.compile(gate + "(?s:.)")
    assert sorted(c for c in _chars_of(first) if not allowed.match(c)) == []


def test_first_character_gates_cover_what_follows_them() -> None:
    """Derived from the patterns, not listed by hand: each class look-ahead admits every character
    the part after it can start with (so it only skips positions where that part fails)."""
    for alt in grammar._ALTS:
        _assert_gate_covers(grammar._FIRST, alt)
    _assert_gate_covers(grammar._AR_GATE, grammar._AR_ALT)
    _assert_gate_covers(grammar._CN_GATE, grammar._CN_ALT)
    _assert_gate_covers(regex_tools._gate(grammar._PRE_FIRST), grammar._PRE)
    _assert_gate_covers(regex_tools._gate(grammar._CUR_FIRST), grammar._CUR)
    _assert_gate_covers(regex_tools._gate(grammar._PRE_FIRST + "上"), grammar._PRE + "|上(?=[百千万亿])")
    for pattern in (grammar._UNIT_AR_RE, grammar._UNIT_CN_RE, grammar._GE_RE):
        gate = pattern.pattern[:pattern.pattern.index("])") + 2]
        assert gate in grammar._SPEED_GATES
        _assert_gate_covers(gate, pattern.pattern[len(gate):])


def test_idioms_come_from_the_dictionary_and_the_general_list() -> None:
    """jieba's idioms with a counted numeral are in (三心二意 has no unit: the grammar never reads it);
    its plain counts (两万人) are not."""
    assert {"一成不变", "一本万利", "一泻千里", "一五一十", "七上八下"} <= set(IDIOMS)
    assert "两万人" not in IDIOMS and "三句话" not in IDIOMS


def test_numbers_skip_people_spans() -> None:
    """A name holding a numeral and a unit word (万里 in 王万里) is the people annotator's, not a number."""
    from corpus_tools.annotate import Doc, annotate

    item = Item(kind="article", page=1, paragraphs=("副县长王万里说，全县修路30公里。",))
    (ann,) = annotate([item], _ctx())
    assert [p.name for p in ann.spans["people"]] == ["王万里"]
    assert [q.span.text for q in ann.spans["numbers"]] == ["30公里"]
    doc = Doc.of(item)
    assert [q.span.text for q in annotate_numbers(doc, _ctx())] == ["30公里"]  # without people spans alike


def test_traditional_text_spans_are_printed() -> None:
    """Matched on the simplified view, sliced from the printed traditional field."""
    item = Item(kind="article", page=1, headline="外銷訂單創新高",
                paragraphs=("經濟部統計，上月外銷訂單達５６１億美元，年增約１５％，逾６成廠商看好。",))
    quantities = annotate_numbers(item, _ctx())
    fields = item.fields()
    got = [(q.span.text, q.value, q.unit, q.approx) for q in quantities]
    assert got == [("５６１億美元", 56100000000, "美元", None), ("約１５％", 15, "％", "about"),
                   ("逾６成", 6, "成", "more_than")]
    for q in quantities:
        assert fields[q.span.field][q.span.start:q.span.end] == q.span.text
