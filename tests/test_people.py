"""Tests for the people annotator: bylines, credits, running text and traps.

All sentences are written for these tests (tests/fixtures/people_cases.json);
none come from the evaluation issues.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from corpus_tools.annotate.people import annotate_people, parse_credit_line
from corpus_tools.script import to_view
from corpus_tools.types import IssueContext, IssueMeta, Item, PersonMention, Speaker

CTX = IssueContext(meta=IssueMeta(newspaper="测试报", date=datetime.date(2026, 2, 5), paper_id="csb"))
FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "people_cases.json").read_text(encoding="utf-8"))
CASES = {c["id"]: c for c in FIXTURES["cases"]}


def make_item(spec: dict) -> Item:
    """An Item from a fixture spec; speakers are [name, paragraph] pairs."""
    paragraphs = tuple(spec.get("paragraphs", ()))
    speakers = []
    for name, para in spec.get("speakers", ()):
        offset = sum(len(p) + 1 for p in paragraphs[:para]) + paragraphs[para].index(name)
        speakers.append(Speaker(name, para, offset, offset + len(name)))
    keys = ("kind", "headline", "kicker", "subheadline", "byline", "credit")
    return Item(page=1, paragraphs=paragraphs, speakers=tuple(speakers),
                **{k: spec[k] for k in keys if k in spec})


def run(item: Item) -> list[PersonMention]:
    people = annotate_people(item, CTX)
    assert_spans_reslice(item, people)
    return people


def assert_spans_reslice(item: Item, people: list[PersonMention]) -> None:
    fields = item.fields()
    for p in people:
        assert p.mentions, p
        for s in p.mentions:
            assert fields[s.field][s.start:s.end] == s.text, (p.name, s)
            flat = to_view(re.sub(r"\s+", "", s.text))
            assert flat in to_view(p.name) or s.text in p.name, (p.name, s)


def by_name(people: list[PersonMention]) -> dict[str, PersonMention]:
    return {p.name: p for p in people}


# --- running text ---------------------------------------------------------------------------

@pytest.mark.parametrize("case_id", sorted(CASES))
def test_fixture_case(case_id: str) -> None:
    case = CASES[case_id]
    people = by_name(run(make_item(case["item"])))
    want = {w["name"]: w for w in case["people"]}
    assert set(people) == set(want), f"got {sorted(people)}"
    for name, w in want.items():
        p = people[name]
        assert p.role == w.get("role", "mentioned")
        if "title" in w:
            assert p.title == w["title"]
        if "mentions" in w:
            assert len(p.mentions) == w["mentions"], p.mentions
    for bad in case.get("not_people", []):
        assert bad not in people


def test_title_is_none_without_title_words() -> None:
    item = Item(kind="article", page=1, paragraphs=("“我们会坚持下去。”韦丽萍说。",))
    (p,) = run(item)
    assert (p.name, p.role, p.title) == ("韦丽萍", "mentioned", None)


def test_name_found_everywhere_once_accepted() -> None:
    item = Item(kind="article", page=1, headline="卢卫东调研春耕",
                paragraphs=("副市长卢卫东来到田间。", "卢卫东要求抓好农资供应。"))
    (p,) = run(item)
    assert [(s.field, s.start) for s in p.mentions] == [("headline", 0), ("text", 3), ("text", 12)]


def test_short_form_of_dotted_name_joins_the_person() -> None:
    item = Item(kind="article", page=1,
                paragraphs=("秘书长安娜·施密特表示欢迎。施密特还说，合作前景广阔。",))
    (p,) = run(item)
    assert p.name == "安娜·施密特"
    assert [s.text for s in p.mentions] == ["安娜·施密特", "施密特"]


def test_sorted_by_first_mention_and_deterministic() -> None:
    item = make_item(CASES["lists_with_deng"]["item"])
    first = run(item)
    assert [p.name for p in first][:3] == ["张立军", "李红梅", "赵建新"]
    assert first == run(item)


def test_photo_caption_people_and_credit() -> None:
    item = Item(kind="image", page=1, headline="春运志愿行",
                paragraphs=("站长刘建伟带领志愿者为旅客搬运行李。",), credit="(记者 潘晓 通讯员 黄佳 摄)")
    people = by_name(run(item))
    assert people["刘建伟"].role == "mentioned"
    assert people["刘建伟"].mentions[0].field == "caption"
    assert people["潘晓"].role == people["黄佳"].role == "photographer"


# --- bylines --------------------------------------------------------------------------------

BYLINES = [
    ("(记者陈雪 陈理)", [("陈雪", "reporter"), ("陈理", "reporter")]),
    ("(记者王晓 柯一鹏 通讯员王亭 高飞)",
     [("王晓", "reporter"), ("柯一鹏", "reporter"), ("王亭", "correspondent"), ("高飞", "correspondent")]),
    ("□ 记者 李立 通讯员 徐心怡", [("李立", "reporter"), ("徐心怡", "correspondent")]),
    ("（记者葛明、王冠）", [("葛明", "reporter"), ("王冠", "reporter")]),
    ("（记者林一）", [("林一", "reporter")]),
    ("本报记者 张三", [("张三", "reporter")]),
    ("文/张三 图/李四", [("张三", "author"), ("李四", "photographer")]),
    ("新华社记者 王五", [("王五", "reporter")]),
    ("（韩梅）", [("韩梅", "reporter")]),
    ("本报讯(记者陈明 王丽)", [("陈明", "reporter"), ("王丽", "reporter")]),
    ("本报北京3月2日电  （记者杨帆、何静）", [("杨帆", "reporter"), ("何静", "reporter")]),
    ("本报特约通讯员 苏晴", [("苏晴", "correspondent")]),
    ("责任编辑：刘芳", [("刘芳", "editor")]),
    ("作者 钱多多", [("钱多多", "author")]),
    ("新华社北京1月5日电", []),
    ("（作者单位：湖北大学）", []),
    ("编辑：孙一 校对：钱二", [("孙一", "editor"), ("钱二", "editor")]),
    ("新华社记者 阿卜杜拉", [("阿卜杜拉", "reporter")]),
    # connective words glued to the names: 综合 before, 报道 / 采写 after, 发自 before a place
    ("（综合林小雨、葛长风、米乐乐报道）", [("林小雨", "reporter"), ("葛长风", "reporter"), ("米乐乐", "reporter")]),
    ("本报记者 钟一鸣 田野报道", [("钟一鸣", "reporter"), ("田野", "reporter")]),
    ("本报记者 韩冬 发自杭州", [("韩冬", "reporter")]),
    ("本报记者 戚雨 姜山 采写", [("戚雨", "reporter"), ("姜山", "reporter")]),
    # the pen role printed after a name (甲/文 乙/图)
    ("范小舟/文 柏林/图", [("范小舟", "author"), ("柏林", "photographer")]),
    ("本报记者 顾一帆 沈如/文 莫凡/图", [("顾一帆", "reporter"), ("沈如", "reporter"), ("莫凡", "photographer")]),
    # 2-character names spaced out with U+3000 (人民日报 style), several reporters
    ("本报记者\u3000苗\u3000青\u3000江\u3000南", [("苗青", "reporter"), ("江南", "reporter")]),
    ("（本报记者 邹明 本报通讯员 贺一鸣 报道）", [("邹明", "reporter"), ("贺一鸣", "correspondent")]),
]


@pytest.mark.parametrize(("byline", "want"), BYLINES)
def test_byline_forms(byline: str, want: list[tuple[str, str]]) -> None:
    item = Item(kind="article", page=1, byline=byline, paragraphs=("正文。",))
    people = run(item)
    assert [(p.name, p.role) for p in people] == want
    for p in people:
        assert p.mentions[0].field == "byline"


CREDITS = [
    ("(记者 潘路 通讯员 黄澄 摄)", [("潘路", "photographer"), ("黄澄", "photographer")]),
    ("新华社记者\xa0\xa0许\xa0\xa0畅摄", [("许畅", "photographer")]),
    ("吴志刚摄（人民视觉）", [("吴志刚", "photographer")]),
    ("孔德明摄（影像中国）", [("孔德明", "photographer")]),
    ("图/田小军", [("田小军", "photographer")]),
    ("本报记者 赵琳 摄", [("赵琳", "photographer")]),
]


@pytest.mark.parametrize(("credit", "want"), CREDITS)
def test_credit_forms(credit: str, want: list[tuple[str, str]]) -> None:
    item = Item(kind="image", page=1, paragraphs=("图为游客在公园游玩。",), credit=credit)
    people = run(item)
    assert [(p.name, p.role) for p in people] == want
    for p in people:
        assert p.mentions[0].field == "credit"


def test_spaced_credit_name_keeps_printed_span() -> None:
    credit = "新华社记者\xa0\xa0许\xa0\xa0畅摄"
    item = Item(kind="image", page=1, paragraphs=("图为码头。",), credit=credit)
    (p,) = run(item)
    (span,) = p.mentions
    assert p.name == "许畅"
    assert span.text == "许\xa0\xa0畅" == credit[span.start:span.end]


def test_parse_credit_line_offsets() -> None:
    s = "(记者王晓 柯一鹏 通讯员王亭)"
    for name, _role, a, b in parse_credit_line(s):
        assert s[a:b] == name


def test_empty_item_has_no_people() -> None:
    assert annotate_people(Item(kind="article", page=1), CTX) == []


# --- robustness -----------------------------------------------------------------------------

def test_byline_left_in_body_keeps_its_roles() -> None:
    item = Item(kind="article", page=1,
                paragraphs=("本报讯(记者钱明 通讯员孙悦)3月1日，全市春耕生产现场会召开。",))
    people = by_name(run(item))
    assert (people["钱明"].role, people["孙悦"].role) == ("reporter", "correspondent")


def test_credit_left_in_caption_is_photographer() -> None:
    item = Item(kind="image", page=1, paragraphs=("市民在公园赏花。(记者 卫东 通讯员 晏紫 摄)",))
    people = by_name(run(item))
    assert people["卫东"].role == people["晏紫"].role == "photographer"


def test_byline_word_name_not_spread_into_text() -> None:
    item = Item(kind="article", page=1, byline="（记者温馨）", paragraphs=("温馨提示：雨天路滑。",))
    (p,) = run(item)
    assert [s.field for s in p.mentions] == ["byline"]


def test_list_members_share_the_title() -> None:
    item = Item(kind="article", page=1, paragraphs=("副县长周涛、孙红等陪同调研。",))
    people = by_name(run(item))
    assert people["周涛"].title == people["孙红"].title == "副县长"


def test_title_chain_stops_at_previous_person() -> None:
    item = Item(kind="article", page=1, paragraphs=("校长许志刚、副校长郝敏向他表示祝贺。",))
    people = by_name(run(item))
    assert (people["许志刚"].title, people["郝敏"].title) == ("校长", "副校长")


@pytest.mark.parametrize("text", [
    "局长高兴地说，今年收成好。",
    "书记明确指出，要抓落实。",
    "战斗中，部队坚守阵地。",
    "对企业来说，这是好消息。",
    "预防、治疗、康复等环节全覆盖。",
    "常读常新、常看常思、常练常进。",
    "获得感、幸福感、安全感不断增强。",
    "快递小哥小张每天要送200多件，司机师傅老陈说路好走了。",
    # places opening a paragraph are no transliterated names
    "西班牙队当天获胜。",
    "东南亚国家当天发表声明。",
    # X方 with a state's short name is a party to talks
    "会谈后，泰方对成果表示满意。",
    "老方希望与越方一道推进铁路项目。",
    "双方同意，巴方将派代表团访问。",
    # a case name without a defendant
    "这起合同诈骗案已经开庭。",
    "通报了多起案件，包括：新华村贪污案。",
])
def test_no_people_in_ordinary_sentences(text: str) -> None:
    assert run(Item(kind="article", page=1, paragraphs=(text,))) == []


def test_dictionary_name_standing_alone() -> None:
    item = Item(kind="article", page=1, paragraphs=("少年时读过的司马迁，影响了他一生。",))
    (p,) = run(item)
    assert p.name == "司马迁"


def test_interview_without_speakers_still_finds_interviewee() -> None:
    item = Item(kind="article", page=1, paragraphs=("记者：新学期有什么安排？", "钟海燕：先抓好课堂。"))
    (p,) = run(item)
    assert (p.name, p.role) == ("钟海燕", "interviewee")


def test_list_without_title_inherits_nothing() -> None:
    item = Item(kind="article", page=1, paragraphs=("副省长郑国强出席。", "郑国强、李四海等参加讨论。"))
    people = by_name(run(item))
    assert people["郑国强"].title == "副省长"
    assert people["李四海"].title is None


@pytest.mark.parametrize(("text", "name"), [
    ("会上，端木良说，今年的路修得很好。", "端木良"),
    ("拓跋宏表示，明年还要再建一座桥。", "拓跋宏"),
])
def test_compound_surname_before_speech_verb(text: str, name: str) -> None:
    (p,) = run(Item(kind="article", page=1, paragraphs=(text,)))
    assert (p.name, p.role) == (name, "mentioned")


def test_compound_surname_list() -> None:
    item = Item(kind="article", page=1, paragraphs=("会上，端木良、皇甫静先后发言。",))
    assert sorted(by_name(run(item))) == ["皇甫静", "端木良"]


def test_compound_surname_opens_paragraph() -> None:
    item = Item(kind="article", page=1, paragraphs=("端木青走访了村里的几户人家。", "拓跋宏介绍了当地的情况。"))
    assert sorted(by_name(run(item))) == ["拓跋宏", "端木青"]


# --- the shared evaluation issues (read in place, never copied; skipped when absent) ----------

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cases"
EVAL_CASES = sorted(p.name for p in EVAL_DIR.glob("*") if (p / "gold.json").exists())
BYLINE_ROLES = {"reporter", "correspondent", "photographer", "editor", "author"}


@pytest.mark.skipif(not EVAL_CASES, reason="../shared/eval/cases is not present")
@pytest.mark.parametrize("case", EVAL_CASES)
def test_eval_case_people_one_item_per_line(case: str) -> None:
    """Crude items (one per printed line) still find the hand-annotated people."""
    raw = (EVAL_DIR / case / "raw.txt").read_text(encoding="utf-8")
    gold = json.loads((EVAL_DIR / case / "gold.json").read_text(encoding="utf-8"))
    lines = [ln.strip("\u3000 \xa0") for ln in raw.splitlines() if ln.strip()]
    found: set[str] = set()
    for line in lines:
        people = run(Item(kind="article", page=1, paragraphs=(line,)))
        found |= {p.name for p in people if p.role not in BYLINE_ROLES}
    found -= set(gold.get("people_optional", []))
    want = set(gold["people_mentioned"])
    precision, recall = len(found & want) / max(1, len(found)), len(found & want) / len(want)
    assert precision >= 0.9 and recall >= 0.9, (sorted(want - found), sorted(found - want))
    assert not found & {n for n in gold.get("not_people") or [] if " " not in n}


# --- general rules for names never seen (own sentences) -----------------------------------

@pytest.mark.parametrize(("text", "names"), [
    # transliterations read with the standard table of mainland news (英汉译音表), not only jieba's nrt words
    ("8岁的图拉扬也来了，他很喜欢这里。", ["图拉扬"]),
    ("那天下午，年轻的苏丹卡瓦德予以接见。", ["卡瓦德"]),
    ("雅加达消息，印尼总统佐科表示，欢迎外国企业投资。", ["佐科"]),
    ("总统马卡西表示，欢迎各方来投资。", ["马卡西"]),
    # a run of table characters stops before a title or time word inside it
    ("卡瓦德苏丹随后接受了采访。", ["卡瓦德"]),
    # opening a paragraph, a transliteration throughout and a marked end (a surname need not lead)
    ("阿兰多尔当天在会上表示，合作很重要。", ["阿兰多尔"]),
    # four table characters led by a surname character read as a foreign name (before 和 too)
    ("主席古拉斯特和秘书长温德尔到场祝贺。", ["古拉斯特", "温德尔"]),
    ("肯尼亚学者奥马尔·哈桑指出，合作是双赢的。", ["奥马尔·哈桑"]),
    ("安娜·施密特与代表团成员交流。", ["安娜·施密特"]),
    # jieba tags some leaders' names ns; a title before and a speech verb after outweigh the tag
    ("访问期间，主席苏林表示，两国友谊源远流长。", ["苏林"]),
    # a name jieba's dictionary knows, after an age or a person noun (no surname, few table characters)
    ("12岁的阿依古丽每天都去学校。", ["阿依古丽"]),
    ("来自远方的学生伊万诺娃说，汉字很难写。", ["伊万诺娃"]),
])
def test_transliterated_names_after_titles_and_ages(text: str, names: list[str]) -> None:
    assert sorted(by_name(run(Item(kind="article", page=1, paragraphs=(text,))))) == names


def test_surname_led_name_ends_at_the_first_marked_end() -> None:
    """某某当日在: the table holds 保, 丹, 当 and 日, but the name ends before 当日."""
    item = Item(kind="article", page=1, paragraphs=("协会会长孟保丹当日在座谈会上讲话。",))
    assert sorted(by_name(run(item))) == ["孟保丹"]


def test_form_of_address_needs_a_surname() -> None:
    """张科 is Section Chief Zhang (generic); 佐科, whose first character is no surname, is a name."""
    people = by_name(run(Item(kind="article", page=1, paragraphs=("总统佐科说，张科也说了。",))))
    assert sorted(people) == ["佐科"]


@pytest.mark.parametrize(("text", "names"), [
    # titles of foreign states and international bodies written after the name
    ("会见时，图拉扬副总统说，愿加强合作。", ["图拉扬"]),
    ("欢迎仪式后，塔莱布议长主持会议。", ["塔莱布"]),
    # a pair across the title after the first name (某某外长与某某)
    ("当天，萨利赫外长与周文涛举行会谈。", ["周文涛", "萨利赫"]),
    # the naming verb 名叫
    ("这位老人名叫邹国庆。", ["邹国庆"]),
])
def test_post_titles_pairs_and_naming(text: str, names: list[str]) -> None:
    assert sorted(by_name(run(Item(kind="article", page=1, paragraphs=(text,))))) == names


def test_case_named_after_a_defendant_with_a_surname_off_the_table() -> None:
    """被告人 + charge + 案 names a person even when the surname is off the table (禚, 郄; 贺 is on it)."""
    text = "这份通报列出了：禚立强故意杀人案、郄文海受贿案、贺志平诈骗案。"
    item = Item(kind="article", page=1, paragraphs=(text,))
    assert sorted(by_name(run(item))) == ["禚立强", "贺志平", "郄文海"]


@pytest.mark.parametrize(("text", "names"), [
    ("副市长 邵明远 表示，要抓好落实。", ["邵明远"]),
    ("总统 马卡西 表示支持。", ["马卡西"]),
    ("新华社记者 邵明远摄", []),  # a credit: the byline parser's, not a mention
])
def test_one_space_between_title_name_and_verb(text: str, names: list[str]) -> None:
    """OCR and some typesetting leave a space between words; it does not hide the name."""
    people = run(Item(kind="article", page=1, paragraphs=(text,)))
    assert sorted(p.name for p in people if p.role == "mentioned") == names


@pytest.mark.parametrize(("text", "names"), [
    # the name in Latin letters in brackets, then a day, before the verb (Taiwan and Hong Kong papers)
    ("美國國務卿韋納德（Peter Wernard）22日表示，將與盟友協調。", ["韋納德"]),
    ("記者會上，波蘭外長柯瓦斯基（Jan Kowalski）說，情勢嚴峻。", ["柯瓦斯基"]),
    ("议长塔莱布于18日宣布休会。", ["塔莱布"]),
    # an undelimited surname-led name stops before a three-character word (某某通电话)
    ("德国总理萧兹通电话时表示关切。", ["萧兹"]),
])
def test_glosses_days_and_words_after_names(text: str, names: list[str]) -> None:
    people = run(Item(kind="article", page=1, paragraphs=(text,)))
    assert sorted(to_view(p.name) for p in people) == sorted(to_view(n) for n in names)
