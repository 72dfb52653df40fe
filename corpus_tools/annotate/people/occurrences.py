"""Where known names occur in a string: every non-overlapping occurrence, longer names first.

Shared by list growth (lists.py) and span collection (assemble.py): a per-string memo of where each
name starts lets the second use reuse the first one's searches.
"""

from __future__ import annotations


def _occurrences(s: str, names: list[str], seen: dict[str, list[int]]) -> list[tuple[int, int, str]]:
    """Every non-overlapping occurrence of the names in ``s``, longer names first.

    ``seen`` keeps, per name, where it occurs in ``s`` for later calls on the same string.
    """
    found: list[tuple[int, int, str]] = []
    for n in names:
        starts = seen.get(n)
        if starts is None:
            starts = _starts(s, n, seen)
        if starts:
            neg = -len(n)
            found += [(i, neg, n) for i in starts]  # sorts by start, then longer first (equal keys: equal names)
    if not found:
        return []
    found.sort()
    out: list[tuple[int, int, str]] = []
    last = -1
    for a, neg, n in found:
        if a >= last:
            last = a - neg
            out.append((a, last, n))
    return out


def _starts(s: str, n: str, seen: dict[str, list[int]]) -> list[int]:
    """Where ``n`` starts in ``s`` (overlaps included), in order; kept in ``seen`` for ``s``."""
    starts = seen.get(n)
    if starts is None:
        starts = seen[n] = []
        find = s.find
        i = find(n) if n[-1:] in s else -1  # (a one-character test first: much faster when n is absent)
        while i >= 0:
            starts.append(i)
            i = find(n, i + 1)
    return starts
