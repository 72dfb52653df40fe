"""Segmentation: classify each paragraph with an ordered table of rules, then group items.

``RULES`` is a ``Ruler``: one small rule per construct, in one explicit order;
rules can be disabled, inserted or replaced by name.  ``segment`` turns a
``Layout`` into a ``Segmented`` value (items, page sections, unplaced text).
"""

from __future__ import annotations

from collections.abc import Callable

from corpus_tools.segment.builder import build_page
from corpus_tools.segment.ruler import Ruler
from corpus_tools.segment.rules import (
    advert,
    body,
    byline,
    continuation,
    credit,
    dateline,
    editor,
    head,
    interview,
    note,
    prose,
)
from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.types import Layout, Para, Segmented

Rule = Callable[[Para, DocShape], Token | None]


def default_rules() -> Ruler[Rule]:
    """The classification rules in the order they are tried; the first match wins."""
    r: Ruler[Rule] = Ruler()
    r.push("prose", prose.rule)  # a shortcut: claims only what no later rule could
    r.push("continuation", continuation.rule)
    r.push("editor", editor.rule)
    r.push("advert", advert.rule)
    r.push("note", note.rule)
    r.push("credit", credit.rule)
    r.push("byline", byline.rule)
    r.push("dateline", dateline.rule)
    r.push("interview", interview.rule)
    r.push("head", head.rule)
    r.push("body", body.rule)
    return r


def doc_shape(layout: Layout) -> DocShape:
    """Read the issue's habits: indented paragraphs? blank lines only between items?"""
    paras = [p for page in layout.pages for p in page.paras]
    indented = sum(p.indented for p in paras)
    gaps = [p.blanks_before for page in layout.pages for p in page.paras[1:]]
    dense = bool(gaps) and sum(1 for g in gaps if g == 0) >= 0.5 * len(gaps)
    return DocShape(indent_mode=indented >= max(3, 0.3 * len(paras)), dense=dense)


def classify(para: Para, shape: DocShape, rules: Ruler[Rule] | list[tuple[str, Rule]]) -> Token:
    """The token of the first rule that matches (``rules``: a ruler, or its enabled rules)."""
    for _, fn in rules.rules() if isinstance(rules, Ruler) else rules:
        tok = fn(para, shape)
        if tok is not None:
            return tok
    return Token("body", para)


def segment(layout: Layout, rules: Ruler[Rule] | None = None) -> Segmented:
    """Items, sections and unplaced text of every page."""
    enabled = (rules or default_rules()).rules()
    shape = doc_shape(layout)
    items, sections, unplaced = [], [], []
    for page in layout.pages:
        tokens = [classify(p, shape, enabled) for p in page.paras]
        its, info, left = build_page(page, tokens, shape)
        items += its
        sections.append(info)
        unplaced += left
    return Segmented(items=tuple(items), sections=tuple(sections), unplaced=tuple(unplaced))


__all__ = ["DocShape", "Token", "default_rules", "doc_shape", "segment"]
