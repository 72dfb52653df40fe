"""Interview turns: ``记者:问题`` / ``谭小平:回答`` (the speaker is kept, the text stays)."""

from __future__ import annotations

import re

from corpus_tools.segment.tokens import DocShape, Token
from corpus_tools.shapes import is_terminated, looks_like_head
from corpus_tools.types import Para

TURN_RE = re.compile(r"^(记者|本报记者|问|答|[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,6})"
                     r"\s*[:：]\s*(?=\S)")
NOT_SPEAKERS = {"据悉", "地址", "电话", "时间", "地点", "主办", "承办", "来源", "注意", "提示", "备注",
                "原因", "答案", "结果", "目标", "措施", "方法", "举措", "案例", "问题", "网址", "邮箱"}
INTERVIEWER = {"记者", "本报记者", "问"}
UNNAMED = {"问", "答"}  # Q&A turns: a turn, but nobody's name


def rule(para: Para, shape: DocShape) -> Token | None:
    """Match a paragraph that opens with ``speaker:``."""
    m = TURN_RE.match(para.text)
    if not m or m.group(1) in NOT_SPEAKERS or (shape.indent_mode and not para.indented):
        return None
    interviewer = m.group(1) in INTERVIEWER
    if not interviewer and looks_like_head(para.text) and not is_terminated(para.text):
        return None  # 赵尚志：拼斗疆场 豪气冲天 is a headline, not a turn
    return Token("turn", para, {"speaker": m.group(1), "interviewer": interviewer})
