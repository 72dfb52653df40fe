"""One table of newsroom roles and news outlets, compiled into every regex that needs it.

Why one table: segmentation (is this line a byline, a photo credit, a
dateline?) and the people annotator (which role does this name have?) must
agree on what a role word is; when each kept its own list, ``首席记者 X`` was a
headline to one and a byline to the other.  Words are written in simplified
characters: match them on ``script.to_view(text)`` and slice the printed text,
so ``記者``, ``攝`` and ``中央社`` are read by the same patterns.

Use: ``role_of(word)`` gives the people role of a role word or designation;
``STAFF`` is an alternation for a staff designation (outlet, posting, rank,
role: ``本报驻柏林首席记者``); ``ROLE_WORD``, ``OUTLET``, ``CREDIT_ROLE``,
``AGENCY``, ``EDITOR``, ``PEN_ROLE`` and ``BYLINE_ROLE`` are alternations
(longest first, no groups) to build patterns from.
"""

from __future__ import annotations

import re

# role word -> people role; ranks (首席, 见习, ...) combine with 记者/通讯员/评论员 below
ROLES: dict[str, str] = {
    "记者": "reporter", "摄影记者": "photographer", "实习生": "reporter",
    "通讯员": "correspondent", "特约通讯员": "correspondent",
    "评论员": "author", "特约评论员": "author", "撰稿": "author", "撰文": "author", "作者": "author",
    "文": "author", "图": "photographer", "摄影": "photographer", "摄": "photographer", "图片": "photographer",
    "责任编辑": "editor", "编辑": "editor", "本版编辑": "editor", "美编": "editor", "美术编辑": "editor",
    "校对": "editor", "责任校对": "editor", "审校": "editor", "统筹": "editor", "策划": "editor",
    "版式设计": "editor", "版式制作": "editor", "版式": "editor", "制图": "editor", "本版制图": "editor",
    "本版统筹": "editor", "责编": "editor", "本版责编": "editor", "图片编辑": "editor", "本版监制": "editor",
    "文图": "author",
}
# role words that stand before a name only with a mark (文/某某, 图：某某, 文图｜某某): bare, they are words
PEN_WORDS = ("文图", "文", "图")
# role words printed after the names of a photo credit (某某摄, 某某 摄影)
SUFFIX_WORDS = ("摄影", "摄")
# ranks and postings printed before 记者 / 通讯员 / 评论员
RANKS = ("首席", "资深", "特派", "特约", "实习", "见习", "驻站", "摄影")
# the paper itself and news agencies, as they open datelines, bylines and credits
OUTLETS = ("本报", "本刊", "本台", "本网", "新华社", "新华网", "中新社", "中新网", "中国新闻社", "人民日报", "人民网",
           "光明日报", "经济日报", "央视", "央视网", "中央社", "中通社", "路透社", "美联社", "法新社", "共同社",
           "彭博社", "塔斯社", "韩联社", "德新社", "安莎社", "埃菲社")
# agencies and picture desks credited for a photo in brackets: （新华社发）, （路透社）, （人民视觉）
AGENCIES = (*OUTLETS[4:], "人民视觉", "视觉中国", "影像中国", "东方IC", "IC photo", "资料图片", "资料图")

# people roles that a byline or credit gives (the others are given by the text)
CREDIT_PEOPLE_ROLES = frozenset({"reporter", "correspondent", "photographer", "editor", "author"})


def _alt(words: tuple[str, ...] | list[str]) -> str:
    """A non-capturing alternation, longest first so that 特约通讯员 wins over 通讯员."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


OUTLET = _alt(OUTLETS)
AGENCY = _alt(AGENCIES)
RANK = _alt(RANKS)
ROLE_WORD = _alt(list(ROLES))
# a reporter's designation: [outlet [驻place]] [rank] 记者|通讯员|评论员 (本报驻柏林记者, 新华社首席记者, 见习记者)
STAFF = (rf"(?:{OUTLET}(?:驻[\u4e00-\u9fff]{{1,8}}?)?)?(?:{RANK}){{0,2}}"
         r"(?:记者|通讯员|评论员|撰稿人|撰稿|通讯)")
# roles that mark a photo credit when printed after the names: 某某摄, 某某摄影, 某某/摄
CREDIT_ROLE = _alt(SUFFIX_WORDS)
# a pen role with its mark: 文/ 图： 文图｜
PEN_ROLE = rf"{_alt(PEN_WORDS)}\s*[/／|｜:：]"
# production credits (责任编辑、校对、版式制作 …): page furniture in segmentation, editors in people
EDITOR = _alt([w for w, r in ROLES.items() if r == "editor"])
# a role as a byline or credit prints it, for tokenizers that part roles from names: a staff
# designation, a role word, a pen role with its mark, or a credit suffix (摄影 may take a mark)
BYLINE_ROLE = (rf"{STAFF}|{_alt([w for w in ROLES if w not in PEN_WORDS + SUFFIX_WORDS])}|{PEN_ROLE}"
               rf"|摄影\s*[/／:：]?|摄")

STAFF_RE = re.compile(STAFF)


def role_of(word: str) -> str | None:
    """The people role of a role word or staff designation (``本报首席记者`` -> reporter), else None."""
    if word in ROLES:
        return ROLES[word]
    m = STAFF_RE.fullmatch(word)
    if m is None:
        return None
    if word.endswith("通讯员"):
        return "correspondent"
    if word.endswith("评论员") or word.endswith(("撰稿", "撰稿人")):
        return "author"
    return "photographer" if "摄影" in word else "reporter"


__all__ = ["AGENCY", "BYLINE_ROLE", "CREDIT_PEOPLE_ROLES", "CREDIT_ROLE", "EDITOR", "OUTLET", "PEN_ROLE",
           "PEN_WORDS", "RANK", "ROLES", "ROLE_WORD", "STAFF", "STAFF_RE", "SUFFIX_WORDS", "role_of"]
