"""Helpers that write regexes for CPython's engine: prefix trees, speed-only look-aheads, and
optional groups rewritten as branches.

They are kept apart from the grammar because they are about how the engine runs a pattern, not
about what a number looks like: each returns a pattern with the same matches as the plain form,
only faster.  The speed-only look-aheads are listed in ``grammar._SPEED_GATES`` so the tests can
strip them and check that no match changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def _prefix_tree(words: Iterable[str], end: Callable[[str], str]) -> str:
    """An alternation of ``words`` as a prefix tree: at a position it matches the longest word
    (with ``end(word)`` after it, e.g. a guard) like longest-first alternatives, but the regex
    engine walks a tree much faster than a few hundred alternatives in a row."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = w

    def build(node: dict) -> str:  # longer words first, then the word ending here
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if "" in node:
            alts.append(end(node[""]))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root)


def _gate(chars: str) -> str:
    """A speed-only look-ahead for one character of the class body ``chars`` (regex syntax).

    Such a look-ahead (a gate) sits before a part and holds wherever that part can match (a class
    of its first characters, or a cheap outline of its start).  CPython's engine tries the
    branches of an alternation one by one, saving its state for each, so a test that fails at
    once saves that work at almost every position.  ``grammar._SPEED_GATES`` lists every gate the
    grammar uses; the tests strip them and check that the matches stay the same.
    """
    return f"(?=[{chars}])"


def _branch_optionals(pattern: str) -> str:
    """Rewrite each greedy optional group ``(X)?`` as ``(?:(X)|)``, the same match for speed.

    Both try X first and then nothing, with the same backtracking and captures; but CPython's
    engine runs a {0,1} repeat of a group through its general repeat machinery (saving the
    capture marks at every step), while a branch with an empty alternative is cheap.  With some
    40 groups in the grammar that makes the search about a quarter faster.  Look-arounds, lazy
    and possessive forms are left alone.
    """
    out: list[str] = []
    opened: list[tuple[int, bool]] = []  # (index in out, is a look-around) per open group
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif c == "[":  # a character class, copied as it is
            j = i + 1
            if pattern[j:j + 1] == "^":
                j += 1
            if pattern[j:j + 1] == "]":
                j += 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            out.append(pattern[i:j + 1])
            i = j + 1
        elif c == "(":
            opened.append((len(out), pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i)))
            out.append(c)
            i += 1
        elif c == ")":
            start, look = opened.pop()
            out.append(c)
            i += 1
            if pattern[i:i + 1] == "?" and pattern[i + 1:i + 2] not in ("?", "+") and not look:
                out[start:] = ["(?:" + "".join(out[start:]) + "|)"]
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)
