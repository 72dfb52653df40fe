"""A shortcut: a paragraph that no finer rule could claim is body text, decided before they run.

It asks every other rule in its check-only mode ("could you match here?")
instead of copying their thresholds; only when all say no is the paragraph
body text, which saves running a dozen matches on each ordinary paragraph.
"""

from __future__ import annotations

from corpus_tools.segment.rules import body
from corpus_tools.segment.tokens import At, Rule, Token, always


def match(at: At) -> Token | None:
    """Match a paragraph every other rule declines in check-only mode (rules that always match don't count)."""
    for rule in at.ctx.rules:
        if rule.check is not always and rule.check(at):
            return None
    return body.RULE.token(at)


RULE = Rule("prose", match, body.ROLE)
