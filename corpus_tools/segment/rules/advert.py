"""Ad placeholders (``广告``) left where an advertisement was printed."""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.types import Para

ADVERT_RE = re.compile(r"^[（(【\[]?\s*(?:公益|商业)?广\s*告\s*[)）】\]]?$")


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match an ad placeholder."""
    return Token("advert", para) if ADVERT_RE.match(para.text) else None
