"""Typed values that flow between the pipeline stages.

Every stage takes and returns frozen values; no stage reaches into another's
internals.  All character offsets are Python string indices (code points),
half-open ``[start, end)``, into a named field of the owning record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

ItemKind = Literal["article", "image"]


@dataclass(frozen=True)
class IssueMeta:
    """What the caller tells us about an issue (not found in the text)."""

    newspaper: str
    date: dt.date
    paper_id: str
    edition: str | None = None


@dataclass(frozen=True)
class SourceText:
    """An input file decoded and normalised; ``text`` never changes after this.

    ``line_starts[i]`` is the offset in ``text`` of input line ``i + 1``;
    ``byte_starts[i]`` is the byte offset of that line in the raw input.
    """

    path: str
    name: str
    sha256: str
    encoding: str
    size_bytes: int
    text: str
    lines: tuple[str, ...]
    byte_starts: tuple[int, ...]
    newline: str
    form_feeds: frozenset[int] = frozenset()  # 1-based line numbers preceded by \f


@dataclass(frozen=True)
class Repair:
    """One change the converter made to the printed layout."""

    kind: str  # column_break_join | duplicate_removed | hard_wrap_join | flat_line_split
    lines: tuple[int, ...]  # 1-based input lines involved
    detail: str = ""


@dataclass(frozen=True)
class Para:
    """One paragraph as laid out: stripped text plus where it came from."""

    text: str
    line_start: int  # 1-based, inclusive
    line_end: int  # 1-based, inclusive
    indented: bool = False
    blanks_before: int = 0
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True)
class Page:
    """A page of the input: position (1-based), printed number if the text gives one."""

    index: int
    paras: tuple[Para, ...]
    printed_number: int | None = None
    header: str | None = None
    section: str | None = None
    line_start: int = 0
    line_end: int = 0


@dataclass(frozen=True)
class Layout:
    """The issue as pages of paragraphs, after layout repairs."""

    pages: tuple[Page, ...]
    repairs: tuple[Repair, ...] = ()
    indent_mode: bool | None = None  # indentation marks paragraphs (layout.paras.indent_mode); None: not measured


@dataclass(frozen=True)
class Span:
    """A half-open ``[start, end)`` code-point span into ``field`` of its owner."""

    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Subheading:
    """A subheading inside an article; it stands before ``before_paragraph``."""

    text: str
    before_paragraph: int
    start: int  # offset of the subheading in the article's ``text``


@dataclass(frozen=True)
class Speaker:
    """An interview turn: paragraph ``paragraph`` is spoken by ``name``."""

    name: str
    paragraph: int
    start: int  # offset of the name in the article's ``text``
    end: int


@dataclass(frozen=True)
class Item:
    """A segmented article or photo item of one page."""

    kind: ItemKind
    page: int
    kicker: str | None = None
    headline: str | None = None
    subheadline: str | None = None
    dateline: str | None = None
    byline: str | None = None
    paragraphs: tuple[str, ...] = ()
    subheadings: tuple[Subheading, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    continued_from_page: int | None = None
    continued_to_page: int | None = None
    notes: tuple[str, ...] = ()
    credit: str | None = None
    cross_references: tuple[str, ...] = ()  # lines pointing to another page: （相关报道见第三版）
    in_article: bool = False  # an image printed inside the article item just before it (its caption and credit)
    line_start: int = 0
    line_end: int = 0
    repairs: tuple[Repair, ...] = ()

    @cached_property
    def text(self) -> str:
        """Body in reading order: paragraphs and subheadings, one per line (computed once: annotators read it often)."""
        return body_text(self.paragraphs, self.subheadings)

    def fields(self) -> dict[str, str]:
        """The named string fields that annotations may point into."""
        if self.kind == "image":
            names = {"title": self.headline, "caption": self.text, "credit": self.credit}
        else:
            names = {
                "kicker": self.kicker,
                "headline": self.headline,
                "subheadline": self.subheadline,
                "byline": self.byline,
                "text": self.text,
            }
        return {k: v for k, v in names.items() if v}


def body_text(paragraphs: tuple[str, ...], subheadings: tuple[Subheading, ...]) -> str:
    """Join paragraphs and subheadings in reading order, one per line."""
    by_pos: dict[int, list[str]] = {}
    for s in subheadings:
        by_pos.setdefault(s.before_paragraph, []).append(s.text)
    out: list[str] = []
    for i, p in enumerate(paragraphs):
        out.extend(by_pos.get(i, []))
        out.append(p)
    out.extend(by_pos.get(len(paragraphs), []))
    return "\n".join(out)


@dataclass(frozen=True)
class SectionInfo:
    """What a page says about itself: title, editors, ads and other furniture."""

    page: int
    name: str | None = None
    printed_number: int | None = None
    editors: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()  # ad placeholders, page headers


@dataclass(frozen=True)
class Unplaced:
    """Text the converter could not place; kept and reported, never dropped."""

    page: int
    text: str
    line_start: int
    line_end: int
    reason: str


@dataclass(frozen=True)
class Segmented:
    """Output of segmentation: items, per-page sections, and leftovers."""

    items: tuple[Item, ...]
    sections: tuple[SectionInfo, ...]
    unplaced: tuple[Unplaced, ...] = ()


@dataclass(frozen=True)
class Quantity:
    """A number found in a field: normalised value, range, unit, kind."""

    span: Span
    value: float | None
    value_max: float | None = None
    unit: str | None = None
    approx: str | None = None  # more_than | less_than | about
    kind: str = "other"
    currency: str | None = None
    date_iso: str | None = None


@dataclass(frozen=True)
class PersonMention:
    """A person named in one item, with role, title and every mention span."""

    name: str
    role: str  # reporter correspondent photographer editor author interviewee mentioned
    mentions: tuple[Span, ...]
    title: str | None = None


@dataclass(frozen=True)
class IssueContext:
    """Issue-wide facts annotators may read (never mutate)."""

    meta: IssueMeta


@dataclass(frozen=True)
class AnnotatedItem:
    """An item plus the span groups the annotators added to it."""

    item: Item
    spans: dict[str, tuple] = field(default_factory=dict)
