"""Group a page's tokens into items (articles, photo items) and page metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus_tools.segment import heads as H
from corpus_tools.segment.rules.interview import UNNAMED
from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import WS, continued_to, strip_ws
from corpus_tools.types import Item, Page, Repair, SectionInfo, Speaker, Subheading, Unplaced, body_text

# a photo credit ending a caption: ``(记者 张伟 摄)``, or after the last sentence ``新华社记者 李文摄``
CREDIT_TAIL_RE = re.compile(
    r"(?:[（(][^（）()]{2,40}?摄\s*[)）]"
    r"|(?<=[。！？!?”])[\s\u3000\xa0]*(?:新华社|中新社|人民日报|本报)?(?:特约)?(?:记者|通讯员|摄影)"
    r"[\s\u3000\xa0]*[\u4e00-\u9fff·][\u4e00-\u9fff·\s\u3000\xa0、]{0,20}?摄(?:[（(][^（）()]{1,12}[)）])?)$")
BOUNDARY_AFTER = {"byline", "dateline", "cont_from"}


def credit_tail(text: str) -> re.Match[str] | None:
    """The photo credit ending ``text``; every credit holds 摄, so most paragraphs skip the regex."""
    return CREDIT_TAIL_RE.search(text) if "摄" in text else None


@dataclass
class Unit:
    """Tokens of one item while the page is being read."""

    heads: list[Token] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    closed: bool = False  # a photo credit ends a photo item

    def has_body(self) -> bool:
        return any(t.kind in ("body", "dateline", "turn") for t in self.tokens)


def _head_run(tokens: list[Token], i: int, shape: DocShape) -> int:
    """Length of the run of head lines starting at ``i`` (same indentation, no blank gap in dense dumps)."""
    inner = tokens[i].data.get("inner")
    n = 1
    while i + n < len(tokens) and tokens[i + n].kind == "head" and tokens[i + n].data.get("inner") == inner:
        if shape.dense and tokens[i + n].para.blanks_before >= 2:
            break
        n += 1
    return n


def _credit_ahead(tokens: list[Token], i: int) -> bool:
    """A photo credit comes before the next head line: the head titles a photo item."""
    for t in tokens[i:]:
        if t.kind == "credit" or (t.kind == "body" and credit_tail(t.para.text)):
            return True
        if t.kind in ("head", "byline", "dateline"):
            return False
    return False


def _starts_item(tokens: list[Token], i: int, cur: Unit | None, shape: DocShape) -> bool:
    """Does the head line at ``i`` open a new item, or is it a subheading of the current one?"""
    if tokens[i].data.get("inner") and cur is not None and not cur.closed:
        return False  # an indented head line in an indented dump is a subheading
    if cur is None or cur.closed or not cur.has_body():
        return cur is None or cur.closed or not cur.tokens
    n = _head_run(tokens, i, shape)
    after = tokens[i + n] if i + n < len(tokens) else None
    if after is None or after.kind in BOUNDARY_AFTER:
        return True
    if shape.indent_mode:
        return not tokens[i].data.get("inner")
    if shape.dense:
        return tokens[i].para.blanks_before >= 1
    return n >= 2 or _credit_ahead(tokens, i + n)


def group(tokens: list[Token], shape: DocShape) -> list[Unit]:
    """Cut the token stream into units, one per item."""
    units: list[Unit] = []
    cur: Unit | None = None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "head" and _starts_item(tokens, i, cur, shape):
            n = _head_run(tokens, i, shape)
            if cur is not None and not cur.tokens and not cur.closed and cur.heads:
                cur.heads.extend(tokens[i:i + n])  # a head split by a blank line in a dense dump
            else:
                cur = Unit(heads=tokens[i:i + n])
                units.append(cur)
            i += n
            continue
        if cur is None or cur.closed or (t.kind == "cont_from" and cur.has_body()):
            cur = Unit()
            units.append(cur)
        cur.tokens.append(t)
        if t.kind == "credit" or (t.kind == "body" and credit_tail(t.para.text)
                                  and not any(x.kind in ("byline", "dateline") for x in cur.tokens)):
            cur.closed = True
        i += 1
    return units


@dataclass
class Draft:
    """Fields of an item as they are filled in."""

    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)
    turns: list[tuple[int, str, bool]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dateline: str | None = None
    byline: str | None = None
    credit: str | None = None
    cont_from: int | None = None
    cont_to: int | None = None
    editors: list[str] = field(default_factory=list)
    adverts: list[str] = field(default_factory=list)


def _add_body(d: Draft, text: str) -> None:
    """A body paragraph; a trailing (下转第N版) or photo credit is taken off it."""
    to = continued_to(text)
    if to:
        d.cont_to, text = to[0], text[:to[1]].rstrip(WS)
    m = credit_tail(text)
    if m and d.credit is None:
        d.credit, text = strip_ws(m.group(0)), text[:m.start()].rstrip(WS)
    if text:
        d.paragraphs.append(text)


def _fill(d: Draft, t: Token) -> None:
    """Put one token's content where it belongs in the draft."""
    k = t.kind
    if k == "dateline" and ((t.data["dateline"] and d.dateline) or (t.data["byline"] and d.byline)):
        _add_body(d, t.para.text)  # a second dateline or byline in one item stays text, not dropped
    elif k == "dateline":
        d.dateline = d.dateline or t.data["dateline"]
        if t.data["byline"]:
            d.byline = t.data["byline"]
        if t.data["rest"]:
            _add_body(d, t.data["rest"])
    elif k == "byline" and d.byline is None:
        d.byline = t.data["byline"]
    elif k == "credit":
        d.credit = t.data["credit"] if d.credit is None else d.credit + " " + t.data["credit"]
    elif k == "head":
        d.subheadings.append(Subheading(strip_ws(t.para.text), len(d.paragraphs), 0))
    elif k == "turn":
        d.turns.append((len(d.paragraphs), t.data["speaker"], t.data["interviewer"]))
        d.paragraphs.append(t.para.text)
    elif k == "cont_from" and not d.paragraphs:
        d.cont_from = t.data["page"]
        if t.data.get("rest"):
            _add_body(d, t.data["rest"])
    elif k == "cont_to":
        d.cont_to = t.data["page"]
    elif k == "editor":
        d.editors.append(t.para.text)
    elif k == "advert":
        d.adverts.append(t.para.text)
    elif k in ("note", "byline", "cont_from"):
        d.notes.append(t.para.text)
    else:
        _add_body(d, t.para.text)


def _speakers(d: Draft, text_starts: list[int]) -> tuple[Speaker, ...]:
    """Interview turns count only in a real exchange: two or more turns with an interviewer or a repeat."""
    names = [s for _, s, _ in d.turns]
    if len(d.turns) < 2 or not (any(iv for _, _, iv in d.turns) or len(set(names)) < len(names)):
        return ()
    return tuple(Speaker(s, p, text_starts[p], text_starts[p] + len(s)) for p, s, iv in d.turns
                 if not iv and s not in UNNAMED)


def _offsets(paragraphs: list[str], subs: list[Subheading]) -> tuple[list[int], list[Subheading]]:
    """Offsets of each paragraph and subheading in the joined body text."""
    by_pos: dict[int, list[Subheading]] = {}
    for s in subs:
        by_pos.setdefault(s.before_paragraph, []).append(s)
    pos, starts, placed = 0, [], []
    for i in range(len(paragraphs) + 1):
        for s in by_pos.get(i, []):
            placed.append(Subheading(s.text, s.before_paragraph, pos))
            pos += len(s.text) + 1
        if i < len(paragraphs):
            starts.append(pos)
            pos += len(paragraphs[i]) + 1
    return starts, placed


def make_item(unit: Unit, page: Page, shape: DocShape) -> tuple[Item | None, Draft]:
    """Turn a unit into an item (None when it has no text of its own)."""
    d = Draft()
    for t in unit.tokens:
        _fill(d, t)
    first = unit.tokens[0] if unit.tokens else None
    kicker, headline, sub = H.assign(unit.heads, first, shape)
    if not d.paragraphs and not d.subheadings:
        return None, d
    starts, subs = _offsets(d.paragraphs, d.subheadings)
    # page furniture (editor lines, ad placeholders) goes to the section, not into the item's line range
    paras = [t for t in (*unit.heads, *unit.tokens) if t.kind not in ("editor", "advert")]
    image = d.credit is not None and d.byline is None and d.dateline is None
    repairs: tuple[Repair, ...] = tuple(r for t in paras for r in t.para.repairs)
    item = Item(
        kind="image" if image else "article", page=page.index, kicker=kicker, headline=headline,
        subheadline=sub, dateline=d.dateline, byline=d.byline, paragraphs=tuple(d.paragraphs),
        subheadings=tuple(subs), speakers=_speakers(d, starts), continued_from_page=d.cont_from,
        continued_to_page=d.cont_to, notes=tuple(d.notes) + ((d.credit,) if d.credit and not image else ()),
        credit=d.credit if image else None, line_start=min(t.para.line_start for t in paras),
        line_end=max(t.para.line_end for t in paras), repairs=repairs,
    )
    assert item.text == body_text(item.paragraphs, item.subheadings)
    return item, d


def build_page(page: Page, tokens: list[Token], shape: DocShape) -> tuple[list[Item], SectionInfo, list[Unplaced]]:
    """Items, section info and unplaced text of one page."""
    section = page.section
    if (section is None and len(tokens) >= 2 and tokens[0].kind == "head" and tokens[1].kind == "head"
            and H.looks_like_section(tokens[0].para.text)
            and not strip_ws(tokens[1].para.text).startswith(H.SUB_START)):  # ——X subtitles the line above
        section, tokens = strip_ws(tokens[0].para.text), tokens[1:]
    items, unplaced, editors, adverts = [], [], [], []
    for unit in group(tokens, shape):
        item, d = make_item(unit, page, shape)
        editors += d.editors
        adverts += d.adverts
        if item is not None:
            items.append(item)
            continue
        left = [t for t in unit.heads + unit.tokens if t.kind not in ("editor", "advert")]
        if left:
            unplaced.append(Unplaced(page.index, "\n".join(t.para.text for t in left),
                                     left[0].para.line_start, left[-1].para.line_end,
                                     "head lines with no text under them"))
    header = tuple(page.header.split("\n")) if page.header else ()  # page header and date lines
    info = SectionInfo(page=page.index, name=section, printed_number=page.printed_number,
                       editors=tuple(editors), furniture=tuple(adverts) + header)
    return items, info, unplaced
