"""Tokens: what a classification rule says one paragraph is."""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_tools.types import Para


@dataclass(frozen=True)
class DocShape:
    """Issue-wide layout habits the rules may lean on."""

    indent_mode: bool  # body paragraphs are indented, heads are not
    dense: bool  # paragraphs of an article follow without blank lines; blank lines part items


@dataclass(frozen=True)
class Token:
    """A classified paragraph; ``data`` holds what the rule parsed out of it."""

    kind: str  # head, body, byline, dateline, credit, cont_from, note, editor, advert, turn
    para: Para
    data: dict = field(default_factory=dict)
