"""Simplified and traditional characters: one analysis over a normalised view, spans into the printed text.

Why a *view*: every rule and annotator is written once, for simplified characters and mainland
punctuation.  ``to_view`` maps a string to the same string in that form **character by character**:
the view has exactly the length of the printed text, and ``to_view(s)[a:b] == to_view(s[a:b])``, so an
offset found in the view is an offset into the printed text.  Records keep the text as printed; code that
matches on ``to_view(text)`` slices ``text`` with the match's offsets.

The character table is OpenCC's (Apache-2.0): its Taiwan, Hong Kong and generic traditional → simplified
configurations, each asked for every ideograph one at a time, keeping only one-to-one results (all of them
are one-to-one today; a character whose conversion is not one character stays as printed).  Phrase-level
conversion is deliberately not used: it can change lengths and depends on context, which would break the
offset guarantee.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Literal

Script = Literal["Hans", "Hant", "mixed"]

# Ideograph blocks asked of OpenCC: Extension A, the unified block and the compatibility ideographs.
_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
# Punctuation and forms that differ between mainland and Hong Kong/Taiwan typesetting (same length).
_PUNCT = {"「": "“", "」": "”", "『": "‘", "』": "’", "﹁": "“", "﹂": "”", "﹃": "‘", "﹄": "’", "％": "%",
          "︰": "：", "．": "."}
_FULLWIDTH = {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)} | {
    chr(0xFF21 + i): chr(0x41 + i) for i in range(26)} | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}

# How much of the other script makes an issue "mixed" rather than one script with a few stray characters.
MIXED_SHARE = 0.15


def _ideographs() -> list[str]:
    return [chr(c) for lo, hi in _BLOCKS for c in range(lo, hi)]


def _convert_each(config: str, chars: list[str]) -> dict[str, str]:
    """``config``'s one-to-one character conversions (one call: characters separated by newlines)."""
    import opencc  # imported here: a simplified-only build never pays for it

    out = opencc.OpenCC(config).convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a conversion swallowed a separator: ask one at a time
        conv = opencc.OpenCC(config)
        out = [conv.convert(c) for c in chars]
    return {a: b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
    """(translate table to the view, characters only traditional text uses, characters only simplified uses)."""
    chars = _ideographs()
    to_simp: dict[str, str] = {}
    for config in ("t2s", "tw2s", "hk2s"):
        for a, b in _convert_each(config, chars).items():
            to_simp.setdefault(a, b)
    to_trad = _convert_each("s2t", chars)
    trad_only = frozenset(to_simp)
    simp_only = frozenset(c for c in to_trad if c not in to_simp)
    table = {ord(a): b for a, b in (to_simp | _PUNCT | _FULLWIDTH).items()}
    return table, trad_only, simp_only


def to_view(text: str) -> str:
    """``text`` in simplified characters and mainland punctuation, the same length, position by position."""
    if text.isascii():
        return text
    return text.translate(_tables()[0])


def script_counts(text: str) -> tuple[int, int]:
    """(characters only traditional text uses, characters only simplified text uses) in ``text``."""
    _, trad_only, simp_only = _tables()
    counts = Counter(c for c in text if c in trad_only or c in simp_only)
    trad = sum(n for c, n in counts.items() if c in trad_only)
    return trad, sum(counts.values()) - trad


def detect_script(text: str) -> Script:
    """``Hant`` or ``Hans`` when one script dominates, ``mixed`` when each is a real share of the text."""
    trad, simp = script_counts(text)
    if trad + simp == 0:
        return "Hans"
    share = trad / (trad + simp)
    if share >= 1 - MIXED_SHARE:
        return "Hant"
    if share <= MIXED_SHARE:
        return "Hans"
    return "mixed"
