"""Shared base for readers: decoding bytes and splitting lines with offsets kept."""

from __future__ import annotations

import codecs
import hashlib
import re
from itertools import accumulate
from pathlib import Path
from typing import Protocol

from corpus_tools.errors import EncodingError, InputError
from corpus_tools.shapes import strip_ws
from corpus_tools.sources.encodings import BAD_CONTROL_RE as _BAD_CONTROL_RE
from corpus_tools.sources.encodings import BOMS, canonical, decode_bytes, detect_encoding
from corpus_tools.types import SourceText

_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_NEWLINE_BYTES_RE = re.compile(rb"\r\n|\r|\n")
# encodings in which the bytes CR and LF only ever stand for themselves (never inside a multi-byte character)
_ASCII_NEWLINES = frozenset({"utf_8", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "ascii", "iso8859_1",
                             "cp1252", "euc_jp", "euc_kr", "shift_jis", "cp932", "cp950"})


class Reader(Protocol):
    """What every input format provides."""

    name: str

    def detect(self, path: Path, data: bytes) -> bool:
        """Return True when this reader understands the file."""
        ...

    def read(self, path: Path, data: bytes, encoding: str | None = None) -> SourceText:
        """Decode and normalise the file."""
        ...


def _looks_binary(data: bytes) -> bool:
    """Raw bytes with NULs or many control bytes (an image, archive or PDF, not a text dump)."""
    head = data[:20000]
    bad = len(re.findall(rb"[\x00-\x08\x0b\x0e-\x1f]", head))
    return bad > max(3, len(head) // 1000)


def _is_utf8_codec(name: str) -> bool:
    try:
        return codecs.lookup(name).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str]:
    """Decode bytes strictly; a wrong ``--encoding`` is an error, not mojibake."""
    empty = InputError("file is empty (expected the text of a newspaper issue)", file=path)
    if not data.strip(b" \t\r\n\f\x00"):
        raise empty
    try:
        name = canonical(encoding) if encoding else detect_encoding(data, path)
    except EncodingError as e:
        if encoding:
            raise EncodingError(e.message, file=path, field="--encoding") from None
        if _looks_binary(data):
            raise InputError("looks binary (control bytes; expected a text dump)", file=path) from None
        raise
    try:
        text = decode_bytes(data, name)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise EncodingError(f"cannot decode as {name}: {e.reason} at byte {e.start} ({data[e.start:e.start + 2]!r})",
                            file=path, line=line, field="--encoding" if encoding else None) from None
    if encoding and not data.isascii() and not _is_utf8_codec(name):
        try:  # UTF-8 bytes read as another encoding decode, but into mojibake
            if data.decode("utf-8") != text:
                raise EncodingError(f"cannot decode as {name}: the bytes are UTF-8", file=path)
        except UnicodeDecodeError:
            pass
    text = text.removeprefix("\ufeff")
    if not strip_ws(text.replace("\r", "").replace("\n", "").replace("\f", "")):
        raise empty
    bad = len(_BAD_CONTROL_RE.findall(text, 0, 20000))
    if "\x00" in text or bad > max(3, len(text[:20000]) // 1000):
        raise InputError(f"looks binary ({bad} control characters; expected text)", file=path)
    return text, name


def split_lines(text: str) -> tuple[list[str], list[int], str]:
    """Split on CRLF, CR or LF; return lines, each line's char offset in ``text``, the newline used."""
    if "\r" not in text:  # LF only (most dumps): plain split, offsets from cumulative lengths
        lines = text.split("\n")
        return lines, [0, *accumulate(map((1).__add__, map(len, lines[:-1])))], "\n"
    lines = _NEWLINE_RE.split(text)
    seps = _NEWLINE_RE.findall(text)
    starts, pos = [], 0
    for line, sep in zip(lines, [*seps, ""], strict=True):
        starts.append(pos)
        pos += len(line) + len(sep)
    counts = {"\r\n": seps.count("\r\n"), "\r": seps.count("\r"), "\n": seps.count("\n")}
    newline = max(counts, key=lambda k: counts[k]) if seps else "\n"
    return lines, starts, newline


def build_source(path: Path, data: bytes, text: str, encoding: str) -> SourceText:
    """Normalise line ends and form feeds; keep each line's byte offset into the input."""
    raw_lines, starts, newline = split_lines(text)
    lines = list(raw_lines)
    feeds: set[int] = set()
    for no, line in enumerate(raw_lines, start=1) if "\f" in text else ():
        if "\f" in line:
            # a feed after the last text of a line (``text\f\n``) starts the page at the next line
            after = strip_ws(line.rsplit("\f", 1)[1]) == "" and strip_ws(line.replace("\f", "")) != ""
            feeds.add(no + 1 if after else no)
            lines[no - 1] = line.replace("\f", "")
    byte_starts = _byte_offsets(text, starts, encoding, data)
    return SourceText(
        path=str(path), name=path.name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding,
        size_bytes=len(data), text="\n".join(lines), lines=tuple(lines), byte_starts=tuple(byte_starts),
        newline={"\r\n": "CRLF", "\r": "CR", "\n": "LF"}[newline], form_feeds=frozenset(feeds),
    )


def _byte_offsets(text: str, starts: list[int], encoding: str, data: bytes) -> list[int]:
    """Byte offset of each line start in the raw input (BOM included).

    Where newline bytes cannot occur inside a character, the offsets are read
    off the bytes directly; otherwise each line is re-encoded.
    """
    try:
        codec = codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        codec = ""
    if codec in _ASCII_NEWLINES and not data.startswith(codecs.BOM_UTF8):
        if b"\r" in data:
            fast = [0, *(m.end() for m in _NEWLINE_BYTES_RE.finditer(data))]
        else:  # LF only: cumulative line lengths, all in C
            fast = [0, *accumulate(map((1).__add__, map(len, data.split(b"\n")[:-1])))]
        if len(fast) == len(starts):
            return fast
    bom = 0
    for b, name in BOMS:
        if data.startswith(b) and name == encoding:
            bom = len(b)
            break
    enc = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE)
           else "utf-16-be", "utf-32": "utf-32-le" if data.startswith(codecs.BOM_UTF32_LE)
           else "utf-32-be"}.get(encoding, encoding)
    out, pos, prev = [], bom, 0
    for s in starts:
        pos += len(text[prev:s].encode(enc, errors="replace"))
        out.append(pos)
        prev = s
    return out
