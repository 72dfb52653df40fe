"""Group a page's tokens into items (articles, photo items) and page metadata.

The builder never asks what kind a token is: it reads the ``Role`` the token's
rule declared (head line, body text, opens/closes/restarts an item, fields it
fills, page furniture).  See ``tokens.Role``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from corpus_tools.segment import heads as H
from corpus_tools.segment.rules.interview import UNNAMED
from corpus_tools.segment.rules.picture import split_set
from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import WS, continued_to, strip_ws
from corpus_tools.types import Item, Page, Repair, SectionInfo, Speaker, Subheading, Unplaced, body_text

SINGLE = ("dateline", "byline", "cont_from", "cont_to")  # draft fields that hold one value


@dataclass
class Unit:
    """Tokens of one item while the page is being read."""

    heads: list[Token] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    closed: bool = False  # a photo credit ended a photo item
    body: bool = False  # body text has started (a dateline starts it too)
    printed: bool = False  # a paragraph of body text has been read (a dateline alone is none)
    article: bool = False  # a token only articles have (byline, dateline)
    finished: bool = False  # a closing byline or note came after the body
    shared_heads: bool = False  # the heads title a set of pictures and belong to the first item of the set

    def add(self, t: Token) -> None:
        r = t.role
        # a byline closes an article only below its text: one printed under the dateline
        # (【本報訊】 記者甲／台北報導) opens it, so a cross-head after it is no new headline
        self.finished |= r.finishes and self.printed
        self.tokens.append(t)
        self.printed |= r.text == "para" or (r.text == "rest" and bool(t.data.get("rest")))
        self.body |= r.body or self.printed
        self.article |= r.article
        if r.closes and not self.article:
            self.closed = True


def _head_run(tokens: list[Token], i: int, shape: DocShape) -> int:
    """Length of the run of head lines starting at ``i`` (same indentation, no blank gap in dense dumps)."""
    inner = tokens[i].data.get("inner")
    n = 1
    while (i + n < len(tokens) and tokens[i + n].role.head and not tokens[i + n].role.opens
           and tokens[i + n].data.get("inner") == inner):
        if shape.dense and tokens[i + n].para.blanks_before >= 2:
            break
        n += 1
    return n


def _credit_ahead(tokens: list[Token], i: int) -> bool:
    """A photo credit comes before the next head line: the head titles a photo item."""
    for t in tokens[i:]:
        if t.role.closes:
            return True
        if t.role.head or t.role.article:
            return False
    return False


def _starts_item(tokens: list[Token], i: int, cur: Unit | None, shape: DocShape) -> bool:
    """Does the head line at ``i`` open a new item, or is it a subheading of the current one?"""
    ends = tokens[i].data.get("kicker") or (cur is not None and cur.finished)
    if ends and (cur is None or cur.body or cur.closed):
        return True  # a kicker, or a head after a closing byline, heads a new item
    if tokens[i].data.get("inner") and cur is not None and not cur.closed:
        return False  # an indented head line in an indented dump is a subheading
    if cur is None or cur.closed or not cur.body:
        return cur is None or cur.closed or not cur.tokens
    n = _head_run(tokens, i, shape)
    after = tokens[i + n] if i + n < len(tokens) else None
    if after is None or after.role.boundary:
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
        if t.role.opens:
            cur = Unit(heads=[t])
            units.append(cur)
            i += 1
            continue
        if t.role.head and _starts_item(tokens, i, cur, shape):
            n = _head_run(tokens, i, shape)
            if cur is not None and not cur.tokens and not cur.closed and cur.heads and not cur.heads[-1].role.opens:
                cur.heads.extend(tokens[i:i + n])  # a head split by a blank line in a dense dump
            else:
                cur = Unit(heads=tokens[i:i + n])
                units.append(cur)
            i += n
            continue
        if cur is None or cur.closed or (t.role.restarts and cur.body):
            # the next picture of a set keeps the set's title
            title = list(cur.heads) if cur is not None and cur.closed and t.role.sibling else []
            cur = Unit(heads=title, shared_heads=bool(title))
            units.append(cur)
        cur.add(t)
        i += 1
    return units


@dataclass
class Draft:
    """Fields of an item as they are filled in."""

    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)
    turns: list[tuple[int, str, bool]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    dateline: str | None = None
    byline: str | None = None
    cont_from: int | None = None
    cont_to: int | None = None

    def add_body(self, text: str) -> None:
        """A body paragraph; a trailing (下转第N版) is taken off it (the page is kept)."""
        to = continued_to(text)
        if to:
            self.cont_to, text = to[0], text[:to[1]].rstrip(WS)
        if text:
            self.paragraphs.append(text)

    def put(self, name: str, value: object) -> None:
        """Fill field ``name`` with ``value`` (lists grow, single fields are set)."""
        if name == "turn":
            speaker, interviewer = value  # type: ignore[misc]
            self.turns.append((len(self.paragraphs), speaker, interviewer))
        elif name == "credit":
            self.credits.append(str(value))
        elif name in ("notes", "xrefs"):
            getattr(self, name).append(str(value))
        else:
            setattr(self, name, value)

    def fill(self, t: Token) -> None:
        """Put one token's content where its rule's role says."""
        r = t.role
        if r.head:
            self.subheadings.append(Subheading(strip_ws(t.para.text), len(self.paragraphs), 0))
            return
        given = [(f, t.data.get(f)) for f in r.fills if t.data.get(f) not in (None, "")]
        if any(f in SINGLE and getattr(self, f) is not None for f, _ in given):
            # a second dateline or byline in one item is kept as text, not dropped
            (self.add_body if r.spill == "body" else self.notes.append)(t.para.text)
            return
        for f, v in given:
            self.put(f, v)
        if r.text == "para":
            self.add_body(t.para.text)
        elif r.text == "rest" and t.data.get("rest"):
            self.add_body(t.data["rest"])


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


def _inline_picture(t: Token) -> bool:
    """A caption ending with its credit, printed among an article's paragraphs: the article's picture."""
    return t.role.closes and t.role.text == "rest" and bool(t.data.get("rest")) and bool(t.data.get("credit"))


def _picture_in(t: Token, page: Page) -> Item:
    p = t.para
    return Item(kind="image", page=page.index, paragraphs=(strip_ws(t.data["rest"]),), credit=t.data["credit"],
                in_article=True, line_start=p.line_start, line_end=p.line_end, repairs=p.repairs)


def make_items(unit: Unit, page: Page, shape: DocShape) -> list[Item]:
    """The unit's item, then the pictures printed inside it when it is an article (none without text)."""
    if not unit.article:
        item = make_item(unit, page, shape)
        return [] if item is None else _pictures(item)
    inside = [t for t in unit.tokens if _inline_picture(t)]
    if not inside:
        item = make_item(unit, page, shape)
        return [] if item is None else [item]
    item = make_item(replace(unit, tokens=[t for t in unit.tokens if not _inline_picture(t)]), page, shape)
    if item is None:  # nothing but captions: the article's text is its pictures'
        item = make_item(unit, page, shape)
        return [] if item is None else [item]
    return [item, *(_picture_in(t, page) for t in inside)]


def make_item(unit: Unit, page: Page, shape: DocShape) -> Item | None:
    """Turn a unit into an item (None when it has no text of its own)."""
    d = Draft()
    for t in unit.tokens:
        d.fill(t)
    first = unit.tokens[0] if unit.tokens else None
    heads = unit.heads
    if d.credits and not d.paragraphs and not d.subheadings and heads and not unit.article:
        # a caption with no punctuation reads like a head line: under a credit it is the caption
        heads, d.paragraphs = heads[:-1], [strip_ws(heads[-1].para.text)]
    kicker, headline, sub = H.assign(heads, first, shape)
    if not d.paragraphs and not d.subheadings:
        return None
    starts, subs = _offsets(d.paragraphs, d.subheadings)
    paras = [*([] if unit.shared_heads else unit.heads), *unit.tokens]
    credit = " ".join(d.credits) or None
    image = credit is not None and not unit.article
    repairs: tuple[Repair, ...] = tuple(r for t in paras for r in t.para.repairs)
    item = Item(
        kind="image" if image else "article", page=page.index, kicker=kicker, headline=headline,
        subheadline=sub, dateline=d.dateline, byline=d.byline, paragraphs=tuple(d.paragraphs),
        subheadings=tuple(subs), speakers=_speakers(d, starts), continued_from_page=d.cont_from,
        continued_to_page=d.cont_to, notes=tuple(d.notes) + ((credit,) if credit and not image else ()),
        credit=credit if image else None, cross_references=tuple(d.xrefs),
        line_start=min(t.para.line_start for t in paras), line_end=max(t.para.line_end for t in paras),
        repairs=repairs,
    )
    assert item.text == body_text(item.paragraphs, item.subheadings)
    return item


def _pictures(item: Item) -> list[Item]:
    """A photo item whose one caption paragraph describes a set of pictures: one image per picture."""
    if item.kind != "image" or len(item.paragraphs) != 1 or item.subheadings:
        return [item]
    pieces = split_set(item.paragraphs[0])
    if len(pieces) == 1:
        return [item]
    return [replace(item, paragraphs=(p,)) for p in pieces]  # each keeps the paragraph's lines as provenance


def build_page(page: Page, tokens: list[Token], shape: DocShape) -> tuple[list[Item], SectionInfo, list[Unplaced]]:
    """Items, section info and unplaced text of one page; furniture tokens go to the section."""
    section = page.section
    editors: list[str] = []
    furniture: list[str] = []
    content: list[Token] = []
    for t in tokens:
        where = t.role.furniture
        if where == "name" and section is None:
            section = strip_ws(t.data.get("name") or t.para.text)
        elif where == "editors":
            editors.append(t.para.text)
        elif where is not None:
            furniture.append(t.para.text)
        else:
            content.append(t)
    items, unplaced = [], []
    for unit in group(content, shape):
        made = make_items(unit, page, shape)
        if made:
            items += made
            continue
        left = unit.heads + unit.tokens
        if left:
            unplaced.append(Unplaced(page.index, "\n".join(t.para.text for t in left),
                                     left[0].para.line_start, left[-1].para.line_end,
                                     "head lines with no text under them"))
    header = tuple(page.header.split("\n")) if page.header else ()  # page header and date lines
    info = SectionInfo(page=page.index, name=section, printed_number=page.printed_number,
                       editors=tuple(editors), furniture=tuple(furniture) + header)
    return items, info, unplaced
