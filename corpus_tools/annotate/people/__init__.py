"""People named in an item: byline and credit people by rule, the rest by context.

Why this shape: bylines and credits follow a small grammar (role word, names,
a trailing 摄), so rules read them exactly.  Running text is scanned for
anchors -- a title or person noun before a name (主席周海峰), a speech verb
after it (孙明说), a title after it (某某总书记), a list (何立、邓敏) --
and the name boundary is read from the stop words around it.  A name accepted
once is then found at every occurrence in the item.  jieba's dictionary is
only consulted for single look-ups (is this string a common word?), never
run over whole texts, which keeps the annotator fast.

Speed: the annotator runs once per item of every issue, so the hot paths are
written for CPython -- one compiled regex pass per field for the context words
(gated so most characters are rejected without entering the trie), character
tests against frozensets (or one dict look-up of a character's flags) instead of
generator expressions, and memo tables for the dictionary look-ups, which depend
on a short string only (a name, a word).  Finding a longer string in CJK text is
some 20 times slower than finding one character, so such searches are gated by a
one-character test; readings whose result could never be accepted are skipped
(see reading._read_forward's ``other``, lists._expand_lists's reach test).

The rules import each other's names directly (``from ...patterns import _X``), never
look them up as ``patterns._X`` inside a loop.  One CPython 3.11 quirk: ``_X.method(...)``
compiles without the method-call fast path (LOAD_METHOD) when ``_X`` was bound by an import
statement in that module, and costs some 2% of the annotator's time here; so a regex or set
whose methods a module calls is defined in that module or bound there by assignment
(``_X = patterns._X``), not imported.

Offsets are Python code-point indices, end exclusive, into ``item.fields()``.

One rule family per module; each imports only from the ones listed before it:

- ``data``: the word lists (surnames, titles, cues, stop words);
- ``alternation``: regex alternations over word lists, built as tries;
- ``patterns``: the regexes, word sets and character tests several modules share;
- ``dictionary``: memoized jieba look-ups (a common word? a person's name? a title noun?);
- ``boundaries``: how surely a name starts or ends at a position;
- ``reading``: reading a whole name forward or backward from one edge;
- ``hits``: candidate hits around context words, at line starts, from the dictionary;
- ``accept``: name shapes, and whether a hit is enough evidence;
- ``occurrences``: where known names occur in a string;
- ``lists``: growing the accepted names through 、-lists and 和/与/及 pairs;
- ``bylines``: bylines and credits (``parse_credit_line``);
- ``assemble``: people from bylines, inline credits, interviews and text, with their spans;
- this module: ``annotate_people``, which runs those steps and orders the records.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import TYPE_CHECKING

from corpus_tools.annotate.people.assemble import (
    _byline_people,
    _inline_credit_people,
    _Person,
    _speaker_people,
    _text_people,
)
from corpus_tools.annotate.people.bylines import parse_credit_line
from corpus_tools.script import to_view
from corpus_tools.types import IssueContext, Item, PersonMention, Span

if TYPE_CHECKING:
    from corpus_tools.annotate import Doc

__all__ = ["annotate_people", "parse_credit_line"]


_BY_FIRST_AND_NAME = itemgetter(0, 1)
_SPACES = re.compile(r"\s+")


def annotate_people(doc: Doc | Item, ctx: IssueContext) -> list[PersonMention]:
    """One record per person in the item, every mention spanned, sorted by first mention.

    The rules read the simplified views of the fields; names, titles and span texts are sliced from
    the printed fields (offsets are the same in both).
    """
    from corpus_tools.annotate import Doc

    del ctx  # issue-wide facts are not needed yet
    if isinstance(doc, Item):
        doc = Doc.of(doc)
    views = doc.views
    people: dict[str, _Person] = {}
    _byline_people(views, people)
    _inline_credit_people(views, people)
    _speaker_people(doc.item, views, people)
    _text_people(views, people)
    if not people:
        return []
    order = {f: i for i, f in enumerate(views)}

    def span_key(sp: Span) -> tuple[int, int]:
        return order.get(sp.field, 99), sp.start

    ranked = []  # (first mention, name, person, spans in order): the spans are sorted once per person
    for p in people.values():
        spans = p.spans
        if spans:
            if len(spans) > 1:
                spans = sorted(spans, key=span_key)
            ranked.append((span_key(spans[0]), p.name, p, spans))
    ranked.sort(key=_BY_FIRST_AND_NAME)
    if views == doc.fields:
        return [PersonMention(p.name, p.role, tuple(spans), p.title) for _, _, p, spans in ranked]
    return [_as_printed(p, spans, doc) for _, _, p, spans in ranked]


def _as_printed(p: _Person, spans: list[Span], doc: Doc) -> PersonMention:
    """The person with name, title and span texts as printed (陳方安生, not its view 陈方安生)."""
    fields = doc.fields
    printed = [Span(s.field, s.start, s.end, fields[s.field][s.start:s.end]) for s in spans]
    name = p.name
    for s in printed:
        flat = _SPACES.sub("", s.text)
        if to_view(flat) == p.name:
            name = flat
            break
    return PersonMention(name, p.role, tuple(printed), _printed_title(p.title, spans, doc))


def _printed_title(title: str | None, spans: list[Span], doc: Doc) -> str | None:
    """Where the title's view stands before a mention, its printed text (else the view itself)."""
    if not title:
        return title
    for s in spans:
        i = doc.views[s.field].rfind(title, 0, s.start)
        if i >= 0:
            return doc.fields[s.field][i:i + len(title)]
    return title
