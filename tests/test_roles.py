"""One table of roles (corpus_tools/roles.py) read alike by segmentation and the people annotator."""

from __future__ import annotations

import pytest

from corpus_tools.annotate.people import parse_credit_line
from corpus_tools.roles import PEN_WORDS, ROLES, SUFFIX_WORDS, role_of
from corpus_tools.segment import classify, default_rules
from corpus_tools.segment.tokens import DocShape
from corpus_tools.types import Para

PLAIN = DocShape(indent_mode=False, dense=False)
NAME = "何明远"
PREFIX_WORDS = sorted(w for w in ROLES if w not in SUFFIX_WORDS)


@pytest.mark.parametrize("word", PREFIX_WORDS)
def test_people_read_every_role_word_of_the_table(word: str) -> None:
    """A name after any role word of the table takes that word's role (pen roles with their mark)."""
    line = f"{word}／{NAME}" if word in PEN_WORDS else f"{word} {NAME}"
    assert [(n, r) for n, r, _, _ in parse_credit_line(line)] == [(NAME, ROLES[word])]


@pytest.mark.parametrize("word", sorted(w for w, r in ROLES.items() if r == "editor"))
def test_segmentation_reads_every_editor_word_as_page_furniture(word: str) -> None:
    """A production credit is page furniture to segmentation and an editor to people: one list for both."""
    tok = classify(Para(f"{word}：{NAME}", 1, 1), PLAIN, default_rules())
    assert tok.role.furniture == "editors", tok.kind
    assert role_of(word) == "editor"


@pytest.mark.parametrize(("designation", "role"), [
    ("本报首席记者", "reporter"), ("本报驻东京记者", "reporter"), ("见习记者", "reporter"),
    ("特约通讯员", "correspondent"), ("本报评论员", "author"), ("新华社摄影记者", "photographer"),
])
def test_staff_designations_give_one_role_everywhere(designation: str, role: str) -> None:
    """A designation built from outlet, posting and rank: a byline line to segmentation, its role to people."""
    assert role_of(designation) == role
    assert [(n, r) for n, r, _, _ in parse_credit_line(f"{designation} {NAME}")] == [(NAME, role)]
    assert classify(Para(f"{designation} {NAME}", 1, 1), PLAIN, default_rules()).kind == "byline"


def test_bare_pen_words_are_text() -> None:
    """文 and 图 without their mark are ordinary words: no role, no name taken from them."""
    assert parse_credit_line("图文并茂") == []
