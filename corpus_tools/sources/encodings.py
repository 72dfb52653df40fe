"""Which encoding a dump is in, and characters that only some fonts show.

Chinese newspapers reach us in UTF-8/UTF-16, in GB18030 (or its subsets GBK and GB2312) from the
mainland, and in Big5 from Taiwan and Hong Kong: CP950 (Windows' Big5) and Big5-HKSCS (Hong Kong's
extension).  The two double-byte families overlap: most Big5 bytes also decode as GB18030 and many GB
bytes as Big5, each into valid but implausible text.  So every candidate that decodes is scored on what
newspaper text is made of (the frequent characters of either standard and CJK punctuation, no
private-use characters) and the most plausible wins; charset-normalizer is asked only when none of them
is plausible (BOM-less UTF-16, other scripts).

Big5 files often carry user-defined characters (EUDC: bytes 0x8140-0xA0FE, 0xC6A1-0xC8FE,
0xFA40-0xFEFE that no standard assigns, drawn by a font shipped with the text).  They are decoded the way
Windows does, to the private-use code point of the same cell, so nothing is lost; ``charset_notes`` lists
every private-use character and every character outside Big5 with the lines it is on.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from contextlib import suppress
from functools import lru_cache

from corpus_tools.errors import EncodingError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# control characters that never occur in a text dump (tab, LF, CR, FF are fine)
BAD_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
# double-byte encodings tried on every non-UTF-8 file, in the order ties are broken.  Python's ``big5`` and
# ``cp950`` read 11 punctuation cells differently (0xA145 • or ‧, 0xA241 ／ or ∕ …): plausibility prefers the
# one giving full-width punctuation, and a tie goes to CP950, what Windows (and the web's Big5) uses.
DOUBLE_BYTE = ("gb18030", "cp950", "big5", "big5hkscs")
BIG5_FAMILY = frozenset({"big5", "cp950", "big5hkscs"})
EUDC_ERRORS = "corpus_tools.eudc"
# a decoding is taken without asking charset-normalizer when this share of its wide characters is plausible
PLAUSIBLE = 0.6
SAMPLE = 100_000  # wide characters scored per candidate: enough to tell text from mojibake
_PRIVATE_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]")

# Microsoft's CP950 user-defined areas: (first lead byte, last lead byte, first private-use code point,
# cells of the first row skipped); each row has 157 cells, trail bytes 0x40-0x7E then 0xA1-0xFE.
_EUDC_AREAS = ((0xFA, 0xFE, 0xE000, 0), (0x8E, 0xA0, 0xE311, 0), (0x81, 0x8D, 0xEEB8, 0), (0xC6, 0xC8, 0xF6B1, 63))


def _eudc_cell(lead: int, trail: int) -> str | None:
    """The private-use character Windows gives a user-defined Big5 cell, else None."""
    if not (0x40 <= trail <= 0x7E or 0xA1 <= trail <= 0xFE):
        return None
    col = trail - 0x40 if trail <= 0x7E else trail - 0x62
    for first, last, base, skip in _EUDC_AREAS:
        cell = (lead - first) * 157 + col - skip
        if first <= lead <= last and cell >= 0:
            return chr(base + cell)
    return None


def _eudc_handler(err: UnicodeError) -> tuple[str, int]:
    """Decode a user-defined Big5 cell to private use; any other bad byte stays an error."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    pair = err.object[err.start:err.start + 2]
    char = _eudc_cell(pair[0], pair[1]) if len(pair) == 2 else None
    if char is None:
        raise err
    return char, err.start + 2


codecs.register_error(EUDC_ERRORS, _eudc_handler)


def canonical(name: str, what: str = "--encoding") -> str:
    """One spelling per codec (``UTF8``, ``utf_8`` → ``utf-8``; ``Big5-HKSCS`` → ``big5hkscs``)."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        raise EncodingError(f"{name!r} is not a known encoding (expected e.g. utf-8, utf-16, gb18030, big5, "
                            "cp950, big5hkscs)", field=what) from None


def decode_bytes(data: bytes, name: str) -> str:
    """Strict decoding; Big5 encodings keep user-defined cells as private-use characters."""
    if name not in BIG5_FAMILY:
        return data.decode(name)
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return data.decode(name, errors=EUDC_ERRORS)


@lru_cache(maxsize=1)
def _frequent() -> frozenset[str]:
    """The first level of GB 2312 (3,755 hanzi) and of Big5 (5,401): what most of any Chinese text is."""
    gb = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    big5 = bytes(b for hi in range(0xA4, 0xC7) for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
                 for b in (hi, lo))
    chars = set(gb.decode("gb2312", errors="ignore")) | set(big5.decode("big5", errors="ignore"))
    return frozenset(c for c in chars if "\u4e00" <= c <= "\u9fff")


def _punct(c: str) -> bool:
    return "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or "\u2010" <= c <= "\u2027" or c == "\xb7"


def plausibility(text: str) -> float:
    """Share of wide characters that are frequent hanzi or CJK punctuation, less the share of private use."""
    wide = [c for c in text if ord(c) > 0x7F][:SAMPLE]
    if not wide:
        return 1.0
    frequent = _frequent()
    good = sum(1 for c in wide if c in frequent or _punct(c))
    private = sum(1 for c in wide if _PRIVATE_RE.match(c))
    return (good - 2 * private) / len(wide)


def _candidates(data: bytes) -> list[tuple[str, str]]:
    """(name, text) of every strict double-byte decoding; CP950 with user-defined cells if no Big5 one is strict."""
    out = []
    for name in DOUBLE_BYTE:
        try:
            out.append((name, data.decode(name)))
        except UnicodeDecodeError:
            continue
    if not any(name in BIG5_FAMILY for name, _ in out):
        with suppress(UnicodeDecodeError):  # Windows' Big5 defines the user-defined cells: name it for that
            out.append(("cp950", data.decode("cp950", errors=EUDC_ERRORS)))
    return out


def _double_byte(data: bytes) -> str | None:
    """The most plausible double-byte decoding (ties go to the earlier of ``DOUBLE_BYTE``), if plausible."""
    best: tuple[float, str] | None = None
    for name, text in _candidates(data):
        if BAD_CONTROL_RE.search(text):
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, name)
    return best[1] if best and best[0] >= PLAUSIBLE else None


def detect_encoding(data: bytes, path: str) -> str:
    """Name the encoding: BOM, strict UTF-8, the most plausible double-byte decoding, then charset-normalizer."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    found = _double_byte(data)
    if found:
        return found
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise EncodingError("bytes decode in no supported encoding (expected UTF-8, UTF-16, GB18030 or Big5)",
                            file=path)
    name = canonical(best.encoding)
    # GB2312 and GBK are subsets of GB18030: decoding with the superset loses nothing
    return "gb18030" if name in {"gb2312", "gbk", "gb18030", "hz"} else name


def charset_notes(lines: Sequence[str], encoding: str) -> list[dict]:
    """Characters a reader's font may not show: private use (any encoding), outside Big5 (Big5-HKSCS files).

    One entry per character, in order of first appearance, with every 1-based input line it is on.
    """
    notes: dict[str, dict] = {}
    for no, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        found = _PRIVATE_RE.findall(line)
        if encoding == "big5hkscs":
            found += [c for c in line if ord(c) > 0x7F and not _in_big5(c)]
        for c in dict.fromkeys(found) if found else ():
            note = notes.setdefault(c, {"char": c, "codepoint": f"U+{ord(c):04X}", "kind": _kind(c), "lines": []})
            note["lines"].append(no)
    return list(notes.values())


@lru_cache(maxsize=4096)
def _in_big5(c: str) -> bool:
    try:
        c.encode("cp950")
        return True
    except UnicodeEncodeError:
        return False


def _kind(c: str) -> str:
    return "private_use" if _PRIVATE_RE.match(c) else "outside_big5"
