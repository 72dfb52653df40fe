"""A correction notice: a head line ``更正`` / ``更正启事`` / ``更正声明`` over the text of the correction.

The line always heads an item of its own (``opens``): the notice is an article
whose headline is the line, never a subheading of the article above it.
"""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import At, Role, Rule, Token

CORRECTION_RE = re.compile(r"^[【\[（(〔]?\s*更\s*正\s*(?:启\s*事|声\s*明|说\s*明|通\s*知)?\s*[】\]）)〕]?$")
ROLE = Role(head=True, opens=True)


def check(at: At) -> bool:
    return len(at.text) <= 12 and "更" in at.view


def match(at: At) -> Token | None:
    """Match the head line of a correction notice."""
    return RULE.token(at) if check(at) and CORRECTION_RE.match(at.view) else None


RULE = Rule("correction", match, ROLE, check)
