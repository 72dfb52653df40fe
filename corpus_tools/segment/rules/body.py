"""Everything else is body text."""

from __future__ import annotations

from corpus_tools.segment.tokens import At, Role, Rule, Token

ROLE = Role(text="para", body=True)


def match(at: At) -> Token | None:
    """Always match: the fallback."""
    return RULE.token(at)


RULE = Rule("body", match, ROLE)
