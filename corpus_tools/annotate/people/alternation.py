"""Regex alternations over word lists, built as tries: the longest word wins, and they run fast.

Apart from the rules because they know nothing of people: the rule modules feed them their word
lists.  The speed notes live with _scanning_alternation, which the one-pass context-word scan
(hits.py) depends on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _trie_body(words: Iterable[str]) -> str:
    """A prefix-factored alternation of ``words`` that matches the longest word at a position."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body}|)" if "" in node else body  # (X|) is (X)? but faster in CPython

    return build(trie)


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(sorted(re.escape(ch) for ch in set(chars))) + "]"


def _alternation(words: Iterable[str]) -> str:
    """A prefix-factored regex alternation: fast, and longest match first."""
    words = list(words)
    return f"(?={_char_class(w[0] for w in words)}){_trie_body(words)}"


def _scanning_alternation(words: Iterable[str], buckets: int = 4,
                          follow: tuple[Iterable[str], str] | None = None) -> str:
    """Matches what ``_alternation(words)`` matches (the longest word at a position), but is
    much faster when scanning long texts with finditer.

    CPython's regex engine tries the branches of an alternation one after another, so a
    trie with some 250 first characters costs about that many steps at every position that
    holds one of them.  Here the first character is read from a character class (the search
    then skips all other characters at C speed), a look-ahead wants a known second character
    (or a one-character word), and a trie over the rest of each word, cut into a few buckets
    by second character, is walked.  Each word end checks the whole word with a look-behind;
    deeper nodes are tried first, so the match is the longest word starting there.

    ``follow`` = (words, pattern): those one-character words only match where ``pattern`` follows
    (a one-character word that does not match leaves the scan where it would have resumed anyway).
    """
    words = sorted(set(words))
    trie: dict = {}  # over w[1:]; the key "" lists the words ending at a node
    for w in words:
        node = trie
        for ch in w[1:]:
            node = node.setdefault(ch, {})
        node.setdefault("", []).append(w)

    def ends(ws: list[str]) -> str:  # the text just read is one of ws (all of one length)
        if len(ws[0]) == 1:
            return f"(?<={_char_class(ws)})"
        return "(?<=" + "|".join(re.escape(w) for w in sorted(ws)) + ")"

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if "" in node:
            alts.append(ends(node[""]))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    seconds = sorted(ch for ch in trie if ch)
    size = max(1, -(-len(seconds) // buckets))
    parts = [f"(?={_char_class(chunk)})" + build({ch: trie[ch] for ch in chunk})
             for chunk in (seconds[i:i + size] for i in range(0, len(seconds), size))]
    gates = [_char_class(seconds)] if seconds else []
    if "" in trie:
        free = [w for w in trie[""] if not follow or w not in follow[0]]
        if follow and len(free) < len(trie[""]):  # a one-character word, then: a free one or what must follow
            parts.append(ends(trie[""]) + (f"(?:{ends(free)}|(?={follow[1]}))" if free else f"(?={follow[1]})"))
        else:
            parts.append(ends(trie[""]))
        gates.append(ends(trie[""]))
    return f"{_char_class(w[0] for w in words)}(?={'|'.join(gates)})(?:{'|'.join(parts)})"
