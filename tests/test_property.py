"""Properties of ``read → lay_out → segment`` on arbitrary text (hypothesis).

1. Nothing crashes: any text written to a file either segments or, when it is
   blank or binary-looking, raises InputError.  Every item's ``text`` is its
   paragraphs and subheadings one per line, and no paragraph is empty.
2. Nothing is lost: every non-blank input line can be found again in the
   output (item fields, notes, section name / furniture / editors, unplaced),
   apart from continuation markers (kept as page numbers) and blocks removed
   as duplicates (whose text must still be there once).
3. Every build validates: the whole conversion, annotators and records
   included, gives rows that pass the schemas, ids, references and spans.
4. Mutated pages lose nothing: the segment fixtures, indented throughout,
   stripped of final marks, blank lines, with lines swapped, broken or
   inserted, or in traditional characters, still keep every line somewhere.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpus_tools.errors import EncodingError, InputError
from corpus_tools.layout import lay_out
from corpus_tools.script import to_view
from corpus_tools.segment import segment
from corpus_tools.shapes import CONT_FROM_LEAD_RE, CONT_FROM_RE, CONT_PREV_RE, CONT_TO_RE, WS
from corpus_tools.sources import read
from corpus_tools.types import Layout, Segmented, body_text

# pieces newspaper text is made of, so that the rules actually fire on generated lines
PIECES = [
    "本报讯", "本报北京1月14日电", "新华社北京10月14日电", "据新华社电", "（记者张明）", "(记者 李理 通讯员 黄涛)",
    "□ 记者 王刚", "本报记者 赵敏", "本报评论员 李华", "(上接第1版)", "（上接第二版）", "（下转第2版）", "(转第3版)",
    "责任编辑：孙立", "广告", "——", "(记者 张伟 摄)", "刘明摄（人民视觉）", "第2版", "A03版：要闻",
    "2024年11月5日 星期二", "记者:", "张建国：", "（本报西宁1月2日电）", "（作者为市图书馆馆长）", "时政要闻",
    "城南片区启动雨污分流改造", "社区食堂开进老街巷", "会议强调", "，", "。", "、", "？", "！", "“", "”", ":",
    "据介绍,工程总投资约两亿元,涉及道路二十余条。", "志愿者们每天早上六点到岗,为旅客提供服务,帮助老人和",
    "　　", "\xa0", " ", "Smart City", "2025", "℃", "……",
]
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\f")
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
SEGMENT = st.one_of(st.sampled_from(PIECES), st.text(CJK, min_size=1, max_size=12), st.text(CHARS, max_size=6))
# whole lines of the hand-made segment fixtures, shuffled into new pages
FIXTURE_LINES = sorted({line for f in (Path(__file__).parent / "fixtures" / "segment").glob("*.txt")
                        for line in f.read_text(encoding="utf-8").split("\n") if line.strip()})
LINE = st.one_of(st.lists(SEGMENT, max_size=6).map("".join), st.sampled_from(FIXTURE_LINES))
NEWLINE = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\n\n", "\n\n\n\n", "\n\f", "\f\n", "\n\n\f"])
ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE)]

_BAD_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_SPACE = re.compile(f"[\\s{WS}]+")


@st.composite
def documents(draw: st.DrawFn, wrap: bool = True) -> str:
    """Generated lines joined by assorted line ends, blank runs and form feeds.

    Some lines are printed again elsewhere (duplicate blocks); with ``wrap``
    the whole text may be hard-wrapped at a fixed width.
    """
    lines = draw(st.lists(LINE, max_size=25))
    for _ in range(draw(st.integers(0, 2)) if lines else 0):
        src = draw(st.integers(0, len(lines) - 1))
        lines.insert(draw(st.integers(0, len(lines))), lines[src])
    if wrap and draw(st.booleans()):
        width = draw(st.integers(8, 30))
        lines = [x[i:i + width] for x in lines for i in range(0, max(len(x), 1), width)]
    out = ""
    for line in lines:
        out += line + draw(NEWLINE)
    return out


def run(text: str, encoding: tuple[str, bytes] = ENCODINGS[0]) -> tuple[Layout, Segmented]:
    """Write ``text`` to a file in ``encoding`` and run the pipeline up to segmentation."""
    codec, bom = encoding
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "issue.txt"
        p.write_bytes(bom + text.encode(codec))
        layout = lay_out(read(p))
    return layout, segment(layout)


def _is_blank(text: str) -> bool:
    return not _SPACE.sub("", text.replace("\f", ""))


def check_items(seg: Segmented) -> None:
    """Every item's text is its paragraphs and subheadings one per line; nothing empty; offsets hold."""
    for it in seg.items:
        assert it.text == body_text(it.paragraphs, it.subheadings)
        assert it.text == "\n".join(filter(None, it.text.split("\n"))) or not it.paragraphs
        assert it.paragraphs or it.subheadings
        assert all(p.strip(WS) for p in it.paragraphs)
        assert all(s.text.strip(WS) for s in it.subheadings)
        for s in it.subheadings:
            assert it.text[s.start:s.start + len(s.text)] == s.text
        for sp in it.speakers:
            assert it.text[sp.start:sp.end] == sp.name
        assert it.kind in ("article", "image")
        assert it.line_start <= it.line_end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents(), encoding=st.sampled_from(ENCODINGS))
@example(text="", encoding=ENCODINGS[0])
@example(text="\n\f\n\u3000\xa0\n", encoding=ENCODINGS[1])
@example(text="本报讯\n(上接第1版)\n（下转第2版）\n广告\n责任编辑：孙立\n", encoding=ENCODINGS[0])
def test_never_crashes(text: str, encoding: tuple[str, bytes]) -> None:
    """Any text segments; only blank or binary-looking input is refused, with InputError."""
    try:
        _, seg = run(text, encoding)
    except InputError:
        assert _is_blank(text) or _BAD_CONTROL.search(text)
        return
    except EncodingError as e:  # UTF-8 and BOM-marked UTF-16 always decode
        raise AssertionError(f"EncodingError on encodable text: {e}") from None
    assert not _is_blank(text)
    check_items(seg)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(min_size=1, max_size=400))
def test_random_bytes(data: bytes) -> None:
    """Random bytes either read as text or fail with InputError / EncodingError, never anything else."""
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "blob.bin"
        p.write_bytes(data)
        try:
            layout = lay_out(read(p))
        except (InputError, EncodingError) as e:
            assert str(p) in str(e)
            return
        check_items(segment(layout))


# --- nothing lost ----------------------------------------------------------------------------

def squash(s: str) -> str:
    """Text without any kind of space."""
    return _SPACE.sub("", s)


def outputs(seg: Segmented) -> list[str]:
    """Every string the segmentation kept, spaces removed."""
    out: list[str] = []
    for it in seg.items:
        out += [it.kicker or "", it.headline or "", it.subheadline or "", it.dateline or "", it.byline or "",
                it.credit or "", *it.notes, *it.cross_references, *it.paragraphs, *(s.text for s in it.subheadings)]
    for sec in seg.sections:
        out += [sec.name or "", *sec.editors, *sec.furniture]
    out += [u.text for u in seg.unplaced]
    return [squash(s) for s in out if s]


def without_markers(line: str) -> str:
    """The line with (上接第N版) / (下转第N版) taken off: they are kept as page numbers (found on the view)."""
    t = line.strip(WS)
    if CONT_FROM_RE.match(to_view(t)):
        return ""
    m = CONT_PREV_RE.match(to_view(t))  # 接上版: a page number when the page header gives one, else a note
    t = t[m.end():].lstrip(WS) if m else t
    m = CONT_FROM_LEAD_RE.match(to_view(t))
    t = t[m.end():] if m else t
    t = t.rstrip(WS)
    m = CONT_TO_RE.search(to_view(t))
    return t[:m.start()] if m else t


def covered(line: str, pool: list[str], pieces: int = 3) -> bool:
    """``line`` is made of at most ``pieces`` runs, each found in some output string.

    A paragraph opening with a dateline and byline is split into three fields,
    a caption with its credit into two; each part is found on its own.
    """
    if not line:
        return True
    if pieces == 0:
        return False
    for cut in range(len(line), 0, -1):
        if any(line[:cut] in s for s in pool) and covered(line[cut:], pool, pieces - 1):
            return True
    return False


def check_nothing_lost(text: str, layout: Layout, seg: Segmented) -> None:
    """Every non-blank input line is found in the output, or was a duplicate still kept once."""
    pool = outputs(seg)
    removed = {n for r in layout.repairs if r.kind == "duplicate_removed" for n in r.lines}
    lines = re.split(r"\r\n|\r|\n", text.replace("\f", ""))
    for no, raw in enumerate(lines, start=1):
        t = squash(without_markers(raw))
        if not t:
            continue
        if no in removed:
            assert covered(t, pool), f"duplicate line {no} {raw!r} is gone everywhere"
            continue
        assert covered(t, pool), f"line {no} {raw!r} lost"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents(wrap=False))
@example(text="本报讯（记者张明）今天开会。\n本报讯（记者李理）明天开会。\n")
@example(text="标题\n\n本报记者 赵敏\n\n(记者 李四)今天开会。\n")
@example(text="城南片区启动雨污分流改造\n\n本报讯 今天开工。\n\n新华社北京10月14日电 明天完工。\n")
def test_nothing_lost(text: str) -> None:
    """No non-blank line of the input disappears from the output."""
    if _is_blank(text) or _BAD_CONTROL.search(text):
        return
    layout, seg = run(text)
    check_nothing_lost(text, layout, seg)


def test_nothing_lost_in_segment_fixtures() -> None:
    """The hand-made fixtures lose no line either."""
    fixtures = sorted((Path(__file__).parent / "fixtures" / "segment").glob("*.txt"))
    assert fixtures
    for f in fixtures:
        text = f.read_text(encoding="utf-8")
        layout, seg = run(text)
        check_nothing_lost(text, layout, seg)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents(), day=st.dates(min_value=dt.date(1950, 1, 1)))
@example(text="记者:问题?\n\n张建国:回答。\n", day=dt.date(2026, 2, 5))
def test_every_build_validates(text: str, day: dt.date) -> None:
    """The whole conversion (annotators, records) gives rows that pass the schemas, ids, references and spans."""
    from corpus_tools.pipeline import IssueInput, convert
    from corpus_tools.types import IssueMeta
    from corpus_tools.validate import validate_rows

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "issue.txt"
        p.write_bytes(text.encode("utf-8"))
        try:
            rows = convert(IssueInput(p, IssueMeta(newspaper="测试报", date=day, paper_id="csb"))).rows
        except InputError:
            assert _is_blank(text) or _BAD_CONTROL.search(text)
            return
    report = validate_rows(rows)  # convert already refused invalid rows; check again, with owners given
    assert report.ok, [str(p) for p in report.problems[:3]]
    assert len(rows["issues"]) == 1
    for a in rows["articles"]:
        assert a["char_count"] == len(a["text"])


# --- mutated pages: the hand-made fixtures typeset and damaged the ways OCR and PDF dumps are ---------

FIXTURE_TEXTS = [f.read_text(encoding="utf-8") for f in
                 sorted((Path(__file__).parent / "fixtures" / "segment").glob("*.txt"))]
FINAL = "。！？!?"


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _to_traditional(text: str) -> str:
    """The text in traditional characters, the same length (character by character where a phrase changes it)."""
    out = _s2t().convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(t := _s2t().convert(c)) != 1 else t for c in text)


MUTATIONS = {
    # every line indented, heads and continuations too: indentation tells nothing
    "indent all": lambda lines, r: ["\u3000\u3000" + x.lstrip(WS) if x.strip(WS) else x for x in lines],
    # OCR drops a sentence-final mark
    "drop final marks": lambda lines, r: [x.rstrip(FINAL) if r.random() < 0.4 else x for x in lines],
    # blank lines between paragraphs lost
    "no blank lines": lambda lines, r: [x for x in lines if x.strip(WS)],
    # lines of ideographic spaces only, inside the page
    "blank-looking lines": lambda lines, r: [y for x in lines
                                             for y in ([x, "\u3000\u3000"] if r.random() < 0.3 else [x])],
    # two neighbouring lines swapped (a column read out of order)
    "swap lines": lambda lines, r: _swap(lines, r),
    # a stray short line (a folio, a kicker) dropped somewhere
    "stray line": lambda lines, r: _insert(lines, r, r.choice(["第2版", "今年以来——", "■", "（上接第三版】", "图①"])),
    # a sentence's last line broken in two, as a column break leaves it
    "column break": lambda lines, r: _break(lines, r),
    # traditional characters and 「」 quotes
    "traditional": lambda lines, r: [_to_traditional(x).replace("“", "「").replace("”", "」") for x in lines],
}


def _swap(lines: list[str], r) -> list[str]:
    out = list(lines)
    if len(out) >= 2:
        i = r.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _insert(lines: list[str], r, line: str) -> list[str]:
    i = r.randrange(len(lines) + 1)
    return [*lines[:i], line, *lines[i:]]


def _break(lines: list[str], r) -> list[str]:
    long = [i for i, x in enumerate(lines) if len(x.strip(WS)) >= 20]
    if not long:
        return lines
    i = r.choice(long)
    cut = r.randrange(8, len(lines[i]) - 4)
    return [*lines[:i], lines[i][:cut], lines[i][cut:], *lines[i + 1:]]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages=st.lists(st.sampled_from(FIXTURE_TEXTS), min_size=1, max_size=3),
       mutations=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3), seed=st.integers(0, 2**16))
def test_mutated_pages_lose_nothing(pages: list[str], mutations: list[str], seed: int) -> None:
    """Real-looking pages, mutated: every input line's text is in some record or in ``unplaced``."""
    import random

    r = random.Random(seed)
    lines = "\n\n\n\n".join(p.strip("\n") for p in pages).split("\n")
    for name in mutations:
        lines = MUTATIONS[name](lines, r)
    text = "\n".join(lines) + "\n"
    if _is_blank(text):
        return
    layout, seg = run(text)
    check_items(seg)
    check_nothing_lost(text, layout, seg)
