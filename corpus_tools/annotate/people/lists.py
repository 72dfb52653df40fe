"""Growing the accepted names through lists and pairs: 何立、邓敏, 林涛和许峰.

A 、-list holding an accepted name (or made of plain surname-led names only) adds its other members;
a name joined by 和/与/及 to an accepted one is added too.  The 、 scan skips every 、 that could not
open such a list (see _expand_lists), which keeps long texts cheap.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from corpus_tools.annotate.people import data as D
from corpus_tools.annotate.people.accept import _is_generic, _name_shape, _no_words_inside, _word_like
from corpus_tools.annotate.people.alternation import _alternation
from corpus_tools.annotate.people.boundaries import _title_ending_at
from corpus_tools.annotate.people.dictionary import _freq
from corpus_tools.annotate.people.occurrences import _occurrences, _starts
from corpus_tools.annotate.people.patterns import (
    _CJK,
    _DOT,
    _LEFT_WEAK,
    _MAX_FOREIGN,
    _MAX_NAME,
    _NAME_HEAD,
    _PLACE_SUFFIXES,
    _RARE,
    _SURNAME_AHEAD,
    _surname_len,
)
from corpus_tools.annotate.people.reading import _DOT_WINDOW, _read_backward, _read_forward

_NAME_RUN = re.compile(f"[{_CJK}{_DOT}]+")
_POST_TITLE_AT = re.compile(_alternation(D.POST_TITLES))
_NAME_START = _NAME_HEAD | D.TRANSLIT_CHARS  # what a list member next to a 、 may start with
# A 、-list read at one 、: its members, the first member's left strength, whether a title stands before it.
_List = tuple[list[str], int, bool]


def _first_in_chain(s: str, sep: int) -> bool:
    """Is the 、 at ``sep`` the first of its list (no 、 one short member before it)?"""
    prev = s.rfind("、", max(0, sep - _MAX_FOREIGN - 1), sep)
    return prev < 0 or not _NAME_RUN.fullmatch(s, prev + 1, sep)


def _list_members(s: str, sep: int, dotted: bool = True) -> _List | None:
    """Members of the 、-list opening at ``sep``, the first member's left strength, and
    whether a title stands right before the list.

    An unreadable member gives None: the list is not one of names.
    """
    back = _read_backward(s, sep, False, dotted)
    if not back:
        return None
    first_start, left = back
    members = [s[first_start:sep]]
    pos = sep
    while pos < len(s) and s[pos] == "、":
        seg_end = _segment_end(s, pos + 1, s.find("、", pos + 1), dotted)
        if seg_end is None:
            return None
        members.append(s[pos + 1:seg_end])
        pos = seg_end
    return members, left, _title_ending_at(s, first_start) is not None


def _segment_end(s: str, a: int, nxt: int, dotted: bool = True) -> int | None:
    """End of one list member starting at ``a``: the next 、 or where a name stops."""
    if 0 < nxt - a <= _MAX_FOREIGN and _NAME_RUN.fullmatch(s, a, nxt):
        return nxt
    read = _read_forward(s, a, dotted)
    return read[0] if read else None


# A 、 that may join plain names: a surname right after it, and one 2 to 4 characters before it
# (the first member ends at the 、, a surname-led name is 2 to 4 characters long).
_PLAIN_LIST_SEP = re.compile(  # (the look-ahead first: one character class rejects most 、)
    f"、(?={_SURNAME_AHEAD})"
    "(?:" + "|".join(f"(?<=[{''.join(sorted(_NAME_HEAD))}]{'.' * k}、)" for k in (1, 2, 3)) + ")", re.DOTALL
)


def _expand_lists(fields: dict[str, str], names: dict[str, str | None],
                  memo: dict[str, dict[int, _List | None]], dots: dict[str, bool],
                  occurs: dict[str, dict[str, list[int]]]) -> None:
    """Add the other members of lists (、 和 与 及) that contain an accepted name.

    ``memo`` keeps per field the lists read at each 、 (they depend on the text only) for a
    second pass; ``dots`` tells per field whether it holds a name dot (·); ``occurs`` keeps
    per field where names occur (see _occurrences).
    """
    for fname, s in fields.items():
        seen = occurs.setdefault(fname, {})
        sep = s.find("、")
        if sep >= 0:
            lists = memo.get(fname)
            if lists is None:
                lists = memo[fname] = {}
            _expand_field_lists(s, sep, names, lists, dots[fname], seen)
        _expand_pairs(s, names, seen)


def _expand_field_lists(s: str, sep: int, names: dict[str, str | None], lists: dict[int, _List | None],
                        dotted: bool, seen: dict[str, list[int]]) -> None:
    """_expand_lists for one field ``s``, from its first 、 at ``sep``; ``lists``: its memo."""
    known = -1
    chain_last = -1
    while sep >= 0:
        if len(names) != known:  # names only grow: look again when they do
            short = [n for n in names if len(n) <= 4]
            named = any(n[-1:] in s and n in s for n in names)  # (the one-character test is much faster)
            known = len(names)
            name_starts = None
        # _accept_list only acts on a list with a known member (so a known name occurs in s)
        # or on a list of plain names (_PLAIN_LIST_SEP): without a known name in s, go to the next
        # 、 that could open one
        if not named:
            m = _PLAIN_LIST_SEP.search(s, sep)
            if m is None:
                break
            sep = m.start()
        else:
            if sep > chain_last:
                chain_last, chain_end = _chain_reach(s, sep, dotted)
            if name_starts is None:
                name_starts = sorted(i for n in names for i in _starts(s, n, seen))
            j = bisect_left(name_starts, sep - (_DOT_WINDOW + _MAX_FOREIGN if dotted else _MAX_FOREIGN))
            if (j == len(name_starts) or name_starts[j] >= chain_end) and not _PLAIN_LIST_SEP.match(s, sep):
                sep = s.find("、", sep + 1)
                continue
        if sep in lists:  # read in the first pass: this 、 passed the test below, which names only widen
            lst = lists[sep]
        else:
            lst = None
            near = s[sep - 4 if sep > 4 else 0:sep + 4]  # a cheap test: a name may stand by this 、
            if s[sep + 1:sep + 2] in _NAME_START or not _NAME_START.isdisjoint(near[:3]) \
                    or (short and any(n in near for n in short)):
                lst = lists[sep] = _list_members(s, sep, dotted) if _first_in_chain(s, sep) else None
        if lst is not None:
            members, left, titled = lst
            _accept_list(members, left, titled, names)
        sep = s.find("、", sep + 1)


def _chain_reach(s: str, sep: int, dotted: bool) -> tuple[int, int]:
    """(last 、, end of reach) of the chain of 、 from ``sep``: where the members of a list read there can be.

    The first member ends at ``sep`` and starts at most 6 characters back (46 for a ·-name, see
    _dot_name_backward); each later one starts after a 、, ends at or before the next 、 and has at
    most 6 characters unless it is a ·-name (a run of CJK and dots); the list goes on only from a
    member that ends at a 、.  With no known name in that stretch and no plain list at ``sep``, the
    list cannot act.
    """
    last = sep
    while True:
        nxt = s.find("、", last + 1) if dotted else s.find("、", last + 1, last + 8)
        if nxt < 0 or (nxt - last > _MAX_FOREIGN + 1 and not _NAME_RUN.fullmatch(s, last + 1, nxt)):
            break
        last = nxt
    end = last + _MAX_FOREIGN + 1
    if dotted:
        m = _NAME_RUN.match(s, last + 1)
        if m and m.end() > end:
            end = m.end()
    return last, end


def _plain_list_name(m: str) -> bool:
    """A list member that is a name on its own: surname-led, short, no word, no place."""
    sl = _surname_len(m, 0)
    return (_name_shape(m) == "chinese" and len(m) <= sl + 2 and m[0] not in _RARE
            and not _is_generic(m) and not _word_like(m, right=0) and not m.endswith(_PLACE_SUFFIXES))


def _member_ok(m: str, n_known: int) -> bool:
    """May this member of a list with ``n_known`` accepted names be a person?"""
    shape = _name_shape(m)
    if not shape or _is_generic(m) or _word_like(m) or m[0] in _LEFT_WEAK:
        return False
    if shape == "chinese" and len(m) <= _surname_len(m, 0) + 2:
        return not m.endswith(_PLACE_SUFFIXES)
    if shape in ("dot", "foreign"):
        return True
    return n_known >= 2 and len(m) <= _MAX_NAME and _no_words_inside(m)


def _accept_list(members: list[str], left: int, titled: bool, names: dict[str, str | None]) -> None:
    """Accept list members: all of a plain list of names, or the plausible ones next to known names."""
    if len(members) < 2:
        return
    known = [m for m in members if m in names]
    if not known and not (left >= 1 and all(_plain_list_name(m) for m in members)):
        return
    title = names.get(members[0]) if titled else None  # 副总理何立、邓敏: the title covers the list
    for m in members[1:] if members[0] in names else members:
        if m in names:
            names[m] = names[m] or title
        elif _member_ok(m, len(known)):
            names[m] = title
    if members[0] not in names and _member_ok(members[0], len(known)):
        names[members[0]] = None


_PAIR_JOINS = frozenset("和与及同")


def _expand_pairs(s: str, names: dict[str, str | None], seen: dict[str, list[int]]) -> None:
    """林涛和许峰: a name joined by 和/与/及 (or 同, the conjunction of official reports: 某某同某某会谈)
    to an accepted one (``seen``: see _occurrences)."""
    if not names or ("和" not in s and "与" not in s and "及" not in s and "同" not in s):
        return
    for a, b, _ in _occurrences(s, list(names), seen):
        post = _POST_TITLE_AT.match(s, b)
        if post:  # 某某外长与某某: the title after the first name stands before the conjunction
            b = post.end()
        if b < len(s) and s[b] in _PAIR_JOINS and not _glued_join(s, b, b + 2):
            fwd = _read_forward(s, b + 1)
            if fwd:
                end, right = fwd
                if right >= 1:
                    _add_partner(s[b + 1:end], names)
        if a > 0 and s[a - 1] in _PAIR_JOINS and not _glued_join(s, a - 2, a):
            back = _read_backward(s, a - 1)
            if back:
                start, left = back
                if left >= 1:
                    _add_partner(s[start:a - 1], names)


def _glued_join(s: str, i: int, j: int) -> bool:
    """同 inside a word with its neighbour (同年, 同比, 陪同, 共同): no conjunction there."""
    return s[i:j].find("同") >= 0 and i >= 0 and _freq(s[i:j]) >= 50


def _add_partner(other: str, names: dict[str, str | None]) -> None:
    if other not in names and _name_shape(other) == "chinese" and not _is_generic(other) \
            and not _word_like(other) and len(other) <= _surname_len(other, 0) + 2:
        names[other] = None
