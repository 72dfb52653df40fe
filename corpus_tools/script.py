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
offset guarantee.  The table is generated once into ``data/script_table.json`` (``generate_table``; a test
checks it still matches the installed OpenCC), so a build reads a small file instead of asking OpenCC about
25,000 characters.

Which characters tell the scripts apart: a character is *traditional-only* when OpenCC simplifies it and
GB 2312 (the mainland's basic character set) does not hold it, and *simplified-only* when OpenCC
traditionalises it and Big5 (CP950, Taiwan's and Hong Kong's set) does not hold it.  So 台, 里, 后, 干, 于,
which traditional text prints as themselves (台北, 公里, 皇后, 若干, 于 the surname), and 著, 乾, which
simplified text prints (著名, 乾坤), count for neither script.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Literal

Script = Literal["Hans", "Hant", "mixed"]

TABLE_FILE = Path(__file__).resolve().parent / "data" / "script_table.json"
# Ideograph blocks asked of OpenCC: Extension A, the unified block and the compatibility ideographs.
_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
_TO_SIMP = ("t2s", "tw2s", "hk2s")
# Characters OpenCC simplifies that are themselves standard simplified characters (著名, 乾坤, 什么, 哪吒,
# 蒜薹): the view keeps them as printed, so a mainland text is its own view.
_STANDARD_SIMPLIFIED = frozenset("著乾么吒薹")
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
    import opencc  # only the generator and its test need OpenCC

    out = opencc.OpenCC(config).convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a conversion swallowed a separator: ask one at a time
        conv = opencc.OpenCC(config)
        out = [conv.convert(c) for c in chars]
    return {a: b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}


def _in(charset: str, c: str) -> bool:
    try:
        c.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


def generate_table() -> dict[str, str]:
    """The table as OpenCC gives it today: ``view`` (pairs printed→view, concatenated), ``trad_only``, ``simp_only``."""
    import opencc

    chars = _ideographs()
    to_simp: dict[str, str] = {}
    for config in _TO_SIMP:
        for a, b in _convert_each(config, chars).items():
            to_simp.setdefault(a, b)
    to_trad = _convert_each("s2t", chars)
    view = {a: b for a, b in sorted(to_simp.items()) if a not in _STANDARD_SIMPLIFIED}
    return {
        "source": f"OpenCC {getattr(opencc, '__version__', '?')} configs {', '.join(_TO_SIMP)}, s2t (Apache-2.0); "
                  "regenerate with corpus_tools.script.write_table()",
        "view": "".join(a + b for a, b in view.items()),
        "trad_only": "".join(sorted(c for c in to_simp if not _in("gb2312", c))),
        "simp_only": "".join(sorted(c for c in to_trad if c not in to_simp and not _in("cp950", c))),
    }


def write_table(path: Path = TABLE_FILE) -> None:
    """Regenerate the shipped table from the installed OpenCC."""
    path.write_text(json.dumps(generate_table(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
    """(translate table to the view, characters only traditional text uses, characters only simplified uses)."""
    data = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    pairs = data["view"]
    table = {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}
    table |= {ord(a): b for a, b in (_PUNCT | _FULLWIDTH).items()}
    return table, frozenset(data["trad_only"]), frozenset(data["simp_only"])


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
    """``Hant`` or ``Hans`` when one script dominates, ``mixed`` when each is a real share of the text.

    Each line votes with its length for the script most of its telling characters belong to, so a
    traditional masthead or a few traditional names in simplified paragraphs leave the issue ``Hans``,
    while pages or articles set in the other script make it ``mixed``.
    """
    if _tables()[1].isdisjoint(text):  # no traditional-only character: no line can vote Hant (a set scan, in C)
        return "Hans"
    votes = {True: 0, False: 0}
    for line in text.split("\n"):
        trad, simp = script_counts(line)
        if trad + simp:
            votes[trad > simp] += len(line)
    total = votes[True] + votes[False]
    if total == 0:
        return "Hans"
    share = votes[True] / total
    if share >= 1 - MIXED_SHARE:
        return "Hant"
    if share <= MIXED_SHARE:
        return "Hans"
    return "mixed"
