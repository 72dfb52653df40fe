"""Interview turns: ``记者:问题`` / ``钱小红:回答`` (the speaker is kept, the text stays)."""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import At, Role, Rule, Token
from corpus_tools.shapes import is_terminated, looks_like_head

TURN_RE = re.compile(r"^(记者|本报记者|问|答|[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,6})"
                     r"\s*[:：]\s*(?=\S)")
NOT_SPEAKERS = {"据悉", "地址", "电话", "时间", "地点", "主办", "承办", "来源", "注意", "提示", "备注",
                "原因", "答案", "结果", "目标", "措施", "方法", "举措", "案例", "问题", "网址", "邮箱"}
INTERVIEWER = {"记者", "本报记者", "问"}
UNNAMED = {"问", "答"}  # Q&A turns: a turn, but nobody's name
ROLE = Role(fills=("turn",), text="para", body=True)


def check(at: At) -> bool:
    head = at.view[:15]
    return "：" in head or ":" in head


def match(at: At) -> Token | None:
    """Match a paragraph that opens with ``speaker:``."""
    if not check(at):
        return None
    m = TURN_RE.match(at.view)
    if not m or m.group(1) in NOT_SPEAKERS or (at.shape.indent_mode and not at.para.indented):
        return None
    interviewer = m.group(1) in INTERVIEWER
    if not interviewer and looks_like_head(at.text) and not is_terminated(at.text):
        return None  # 郑成功：拼斗疆场 豪气冲天 is a headline, not a turn
    return RULE.token(at, turn=(at.text[:m.end(1)], interviewer))


RULE = Rule("interview", match, ROLE, check)
