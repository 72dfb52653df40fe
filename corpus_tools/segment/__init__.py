"""Segmentation: classify each paragraph with an ordered table of rules, then group items.

``default_rules()`` is a ``Ruler``: one small rule per construct, each in its
own file under ``rules/`` declaring what its token does (``tokens.Role``), in
one explicit order; rules can be disabled, inserted or replaced by name.
``segment`` turns a ``Layout`` into a ``Segmented`` value (items, page
sections, unplaced text).  Rules match on ``script.to_view`` of each
paragraph and slice the printed text, so traditional-character pages are read
by the same rules.
"""

from __future__ import annotations

from corpus_tools.layout.paras import indent_mode
from corpus_tools.script import to_view
from corpus_tools.segment.builder import build_page
from corpus_tools.segment.ruler import Ruler
from corpus_tools.segment.rules import (
    advert,
    body,
    byline,
    caption,
    continuation,
    correction,
    credit,
    crossref,
    dateline,
    editor,
    head,
    interview,
    kicker,
    note,
    picture,
    prose,
    section,
)
from corpus_tools.segment.tokens import At, Context, DocShape, Rule, Token
from corpus_tools.types import Layout, Para, Segmented


def default_rules() -> Ruler:
    """The classification rules in the order they are tried; the first match wins."""
    r = Ruler()
    for rule in (
        prose.RULE,  # a shortcut: claims only what every later rule declines in check-only mode
        continuation.FROM,
        continuation.PREV,
        continuation.TO,
        crossref.RULE,
        editor.RULE,
        advert.RULE,
        section.RULE,
        correction.RULE,
        note.RULE,
        credit.RULE,
        caption.RULE,
        byline.RULE,
        dateline.RULE,
        picture.RULE,
        interview.RULE,
        kicker.RULE,
        head.RULE,
        body.RULE,
    ):
        r.push(rule)
    return r


def doc_shape(layout: Layout) -> DocShape:
    """Read the issue's habits: indented paragraphs? blank lines only between items?"""
    paras = [p for page in layout.pages for p in page.paras]
    indented = layout.indent_mode if layout.indent_mode is not None else indent_mode(p.indented for p in paras)
    gaps = [p.blanks_before for page in layout.pages for p in page.paras[1:]]
    dense = bool(gaps) and sum(1 for g in gaps if g == 0) >= 0.5 * len(gaps)
    return DocShape(indent_mode=indented, dense=dense)


def page_context(paras: tuple[Para, ...], shape: DocShape, rules: Ruler | tuple[Rule, ...],
                 printed_number: int | None = None) -> Context:
    """The context rules of one page read: its paragraphs, their views, the enabled rules, its printed number."""
    enabled = rules.rules() if isinstance(rules, Ruler) else tuple(rules)
    return Context(shape, paras, tuple(to_view(p.text) for p in paras), enabled, printed_number)


def classify_at(at: At) -> Token:
    """The token of the first enabled rule that matches at ``at``."""
    for rule in at.ctx.rules:
        tok = rule.match(at)
        if tok is not None:
            return tok
    return body.RULE.token(at)


def classify(para: Para, shape: DocShape, rules: Ruler | tuple[Rule, ...]) -> Token:
    """The token of one paragraph read on its own (a page of one paragraph)."""
    return classify_at(At(page_context((para,), shape, rules), 0))


def segment(layout: Layout, rules: Ruler | None = None) -> Segmented:
    """Items, sections and unplaced text of every page."""
    enabled = (rules or default_rules()).rules()
    shape = doc_shape(layout)
    items, sections, unplaced = [], [], []
    for page in layout.pages:
        ctx = page_context(page.paras, shape, enabled, page.printed_number)
        tokens = [classify_at(At(ctx, i)) for i in range(len(page.paras))]
        its, info, left = build_page(page, tokens, shape)
        items += its
        sections.append(info)
        unplaced += left
    return Segmented(items=tuple(items), sections=tuple(sections), unplaced=tuple(unplaced))


__all__ = ["DocShape", "Rule", "Token", "classify", "default_rules", "doc_shape", "segment"]
