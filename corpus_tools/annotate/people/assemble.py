"""Assembling the people records: byline, inline-credit, interview and running-text people, merged
by name, each with every occurrence of the name (or its short form) spanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus_tools.annotate.people import patterns
from corpus_tools.annotate.people.accept import _accepted_names, _is_generic, _name_shape
from corpus_tools.annotate.people.bylines import parse_credit_line
from corpus_tools.annotate.people.dictionary import _non_person_word
from corpus_tools.annotate.people.hits import _find_text_names, _Hit
from corpus_tools.annotate.people.lists import _expand_lists, _List
from corpus_tools.annotate.people.occurrences import _occurrences
from corpus_tools.annotate.people.patterns import _CJK, _DOT, _has_dot, _surname_len
from corpus_tools.script import to_view
from corpus_tools.types import Item, Span, Speaker

# Called as ``_X.method()`` here: bound by assignment, not imported (why: see the package docstring).
_DOT_SET = patterns._DOT_SET
_DOT_SPLIT = patterns._DOT_SPLIT

_TEXT_FIELDS = ("kicker", "headline", "subheadline", "text", "title", "caption")
_BYLINE_FIELDS = ("byline", "credit")
_ALIAS_RE = re.compile(f"又名([{_CJK}]{{2,4}})[，,。）)]")


@dataclass(slots=True)
class _Person:
    name: str
    role: str
    title: str | None = None
    spans: list[Span] = field(default_factory=list)


def _aliases(names: Iterable[str]) -> dict[str, str]:
    """Short forms of ·-names: 约翰 -> 约翰·史密斯."""
    out: dict[str, str] = {}
    for n in names:
        if _DOT_SET.isdisjoint(n):
            continue
        parts = _DOT_SPLIT.split(n)
        if len(parts) > 1:
            for p in (parts[0], parts[-1]):
                if len(p) >= 2:
                    out.setdefault(p, n)
    return out


def _byline_people(fields: dict[str, str], people: dict[str, _Person]) -> None:
    """People in the byline and the photo credit, with the roles printed there."""
    for fname in _BYLINE_FIELDS:
        s = fields.get(fname)
        if not s:
            continue
        default = "photographer" if fname == "credit" else "reporter"
        for name, role, a, b in parse_credit_line(s, default):
            if fname == "credit" and role != "author":
                role = "photographer"
            p = people.get(name)
            if p is None:
                p = people[name] = _Person(name, role)
            p.spans.append(Span(fname, a, b, s[a:b]))


_INLINE_CREDIT_RE = re.compile(
    r"(?:^|\n)(?:[^\n（(]{0,20}?[讯电]\s*)?[（(](?P<head>[^()（）\n]{2,40})[)）]"
    r"|[（(](?P<tail>[^()（）\n]{2,40})[)）]\s*(?=\n|$)"
)
_CREDIT_WORD_RE = re.compile("记者|通讯员|编辑|摄")
_CREDIT_START_RE = re.compile("[\n（(]")  # where an _INLINE_CREDIT_RE match can start (besides 0)


def _inline_credit_matches(s: str) -> list[re.Match[str]]:
    """``list(_INLINE_CREDIT_RE.finditer(s))``, trying only the places a match can start at."""
    out: list[re.Match[str]] = []
    if "(" not in s and "（" not in s:  # every match holds a bracket
        return out
    cand = 0
    while True:
        m = _INLINE_CREDIT_RE.match(s, cand)
        if m:
            out.append(m)
            nxt = _CREDIT_START_RE.search(s, m.end())
        else:
            nxt = _CREDIT_START_RE.search(s, cand + 1)
        if nxt is None:
            return out
        cand = nxt.start()


def _inline_credit_people(fields: dict[str, str], people: dict[str, _Person]) -> None:
    """Bylines and credits left inside the body ((记者甲 乙)…, …(记者 丙 摄)): their roles, not mentioned."""
    for fname, s in fields.items():
        # (one-character tests first: finding a longer string in CJK text is some 20 times slower)
        if fname not in _TEXT_FIELDS or not ("摄" in s or ("者" in s and "记者" in s) or ("讯" in s and "通讯员" in s)
                                              or ("辑" in s and "编辑" in s)):
            continue
        for m in _inline_credit_matches(s):
            group = "head" if m.group("head") else "tail"
            a, b = m.span(group)
            if not _CREDIT_WORD_RE.search(s, a, b):
                continue
            photo = "摄" in s[a:b] or fname == "caption"
            for name, role, x, y in parse_credit_line(s[a:b]):
                if _surname_len(name, 0) or any(d in name for d in _DOT):
                    role = "photographer" if photo and role != "author" else role
                    p = people.get(name)
                    if p is None:
                        p = people[name] = _Person(name, role)
                    p.spans.append(Span(fname, a + x, a + y, s[a + x:a + y]))


_TURN_RE = re.compile(f"(?:^|\n)([{_CJK}{_DOT}]{{2,12}})[:：]")


def _interview_turns(text: str) -> list[Speaker]:
    """Speakers of a 记者：/某某： interview when the segmenter gave none."""
    # (a one-character test first: finding a longer string in CJK text is some 20 times slower)
    if "记" not in text or ("记者：" not in text and "记者:" not in text):
        return []
    turns = list(_TURN_RE.finditer(text))
    if not any(m.group(1) == "记者" for m in turns):
        return []
    return [Speaker(m.group(1), 0, m.start(1), m.end(1)) for m in turns
            if m.group(1) != "记者" and _name_shape(m.group(1)) in ("chinese", "dot", "foreign")
            and not _is_generic(m.group(1))]


_SPACES = re.compile(r"\s+")


def _speaker_people(item: Item, fields: dict[str, str], people: dict[str, _Person]) -> None:
    """Interview speakers are interviewees (unless already in the byline)."""
    text = fields.get("text", "")
    for sp in item.speakers or _interview_turns(text):
        name = to_view(_SPACES.sub("", sp.name))
        if not name or name == "记者":
            continue
        p = people.get(name)
        if p is None:
            p = people[name] = _Person(name, "interviewee")
        if 0 <= sp.start < sp.end <= len(text):
            p.spans.append(Span("text", sp.start, sp.end, text[sp.start:sp.end]))


def _text_people(fields: dict[str, str], people: dict[str, _Person]) -> None:
    """Accept names from running text, grow lists, then find every occurrence."""
    texts: dict[str, str] = {}
    dots: dict[str, bool] = {}
    hits: list[_Hit] = []
    for fname, s in fields.items():
        if fname in _TEXT_FIELDS:
            texts[fname] = s
            dotted = dots[fname] = _has_dot(s)
            hits += _find_text_names(s, fname, dotted)
    places = {m for s in texts.values() for m in _place_list_members(s)}
    names = {n: t for n, t in _accepted_names(hits).items() if n not in places}
    lists: dict[str, dict[int, _List | None]] = {}
    occurs: dict[str, dict[str, list[int]]] = {k: {} for k in texts}  # per field: name -> its starts
    for _ in range(2):
        before = len(names)
        _expand_lists(texts, names, lists, dots, occurs)
        if len(names) == before:
            break
    for n in places & names.keys():
        del names[n]
    for s in texts.values():
        m = _ALIAS_RE.search(s) if "又" in s else None  # (the one-character test is much faster)
        if m and _name_shape(m.group(1)) == "chinese":
            names.setdefault(m.group(1), None)
    if not names and not people:
        return
    aliases = _aliases((*names, *people))
    for name, title in names.items():
        target = aliases.get(name, name)
        p = people.get(target)
        if p is None:
            p = people[target] = _Person(target, "mentioned")
        if p.title is None and p.role == "mentioned":
            p.title = _clean_title(title, names)
    _collect_spans(texts, people, aliases, occurs)


# A list closed by 等地, 等国, 等城市 ... names places, however its members look (基辅、利沃夫和苏梅等地).
_PLACE_LIST_RE = re.compile(
    f"((?:[{_CJK}{_DOT}]{{2,10}}[、和与及])+[{_CJK}{_DOT}]{{2,10}})等(?:地区|地|国家|国|城市|省份|省|市|县|州|岛|处)")
_LIST_SPLIT = re.compile("[、和与及]")


def _place_list_members(s: str) -> list[str]:
    """The members of the place lists in ``s`` (see _PLACE_LIST_RE)."""
    if "等" not in s:  # (the one-character test is much faster)
        return []
    return [m for x in _PLACE_LIST_RE.finditer(s) for m in _LIST_SPLIT.split(x.group(1))]


def _clean_title(title: str | None, names: Iterable[str]) -> str | None:
    """Cut a title chain after any other person in it (校长甲、副校长乙 -> 副校长)."""
    if not title:
        return None
    cut = max((title.rfind(n) + len(n) for n in names if n in title), default=0)
    title = title[cut:].lstrip("、，,和与及“”\"'")
    return title if len(title) >= 2 else None


def _collect_spans(texts: dict[str, str], people: dict[str, _Person], aliases: dict[str, str],
                   occurs: dict[str, dict[str, list[int]]]) -> None:
    """Span every occurrence; a byline name that is also a word (常青) is not searched for."""
    forms = [n for n, p in people.items() if p.role == "mentioned" or not _non_person_word(n)]
    forms += [a for a in aliases if aliases[a] in people]
    seen: dict[str, set[tuple[str, int, int]]] = {}  # (field, start, end) already spanned, per person
    for fname, s in texts.items():
        for a, b, n in _occurrences(s, forms, occurs[fname]):
            p = people[aliases.get(n, n) if n not in people else n]
            keys = seen.get(p.name)
            if keys is None:
                keys = seen[p.name] = {(x.field, x.start, x.end) for x in p.spans}
            if (fname, a, b) not in keys:  # equal field and offsets give equal text: an equal span
                keys.add((fname, a, b))
                p.spans.append(Span(fname, a, b, s[a:b]))
