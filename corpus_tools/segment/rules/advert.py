"""Ad placeholders (``广告``) left where an advertisement was printed: page furniture."""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import At, Role, Rule, Token

ADVERT_RE = re.compile(r"^[（(【\[]?\s*(?:公益|商业)?广\s*告\s*[)）】\]]?$")
ROLE = Role(furniture="furniture")


def check(at: At) -> bool:
    return len(at.text) <= 8 and "广" in at.view


def match(at: At) -> Token | None:
    """Match an ad placeholder."""
    return RULE.token(at) if ADVERT_RE.match(at.view) else None


RULE = Rule("advert", match, ROLE, check)
