"""A photo caption ending with its credit: ``…激动不已。  新华社记者 李文摄``, ``…（记者 张伟 摄）``, ``…（新华社发）``.

The credit is taken off the caption; like a credit standing alone it ends a
photo item.  A caption opening with a picture marker (``上图：``, ``图②``) is
one picture of a set: see ``picture``.
"""

from __future__ import annotations

import re

from corpus_tools.roles import AGENCY, OUTLET, RANK
from corpus_tools.segment.rules.picture import PICTURE_RE, SIBLING
from corpus_tools.segment.tokens import At, Role, Rule, Token

_S = r"[\s\u3000\xa0]"
CREDIT_TAIL_RE = re.compile(
    rf"(?:[（(][^（）()]{{2,40}}?摄{_S}*[)）]|[（(]{_S}*{AGENCY}{_S}*(?:发|供图|图)?{_S}*[)）]"
    rf"|(?<=[。！？!?”.]){_S}*(?:{OUTLET})?(?:{RANK})?(?:记者|通讯员|摄影)?"
    rf"{_S}*[\u4e00-\u9fff·][\u4e00-\u9fff·\s\u3000\xa0、]{{0,20}}?摄(?:[（(][^（）()]{{1,12}}[)）])?)$")
ROLE = Role(text="rest", fills=("credit",), closes=True)


def check(at: At) -> bool:
    return "摄" in at.view or at.view.rstrip()[-1:] in "）)"


def credit_tail(view: str) -> re.Match[str] | None:
    """The photo credit ending a caption's view, if any."""
    m = CREDIT_TAIL_RE.search(view)
    return m if m and m.start() > 0 else None


def match(at: At) -> Token | None:
    """Match a caption whose credit is printed at its end."""
    if not check(at):
        return None
    m = credit_tail(at.view)
    if m is None:
        return None
    credit = at.text[m.start():m.end()].strip(" \t\u3000\xa0")
    rest = at.text[:m.start()].rstrip(" \t\u3000\xa0")
    role = SIBLING_CAPTION if PICTURE_RE.match(at.view) else ROLE
    return RULE.token(at, role=role, credit=credit, rest=rest)


SIBLING_CAPTION = Role(text="rest", fills=("credit",), closes=True, sibling=SIBLING.sibling)
RULE = Rule("caption", match, ROLE, check)
