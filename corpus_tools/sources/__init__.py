"""Sources: read an input file's bytes into a normalised ``SourceText``.

One reader per input format, all with the same shape (``Reader``); ``read``
picks the first reader whose ``detect`` accepts the file.
"""

from __future__ import annotations

from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.sources.base import Reader
from corpus_tools.sources.text import PlainTextReader
from corpus_tools.types import SourceText

READERS: list[Reader] = [PlainTextReader()]


def read(path: str | Path, encoding: str | None = None) -> SourceText:
    """Read one input file with the first reader that accepts it."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", file=str(path))
    if not p.is_file():
        raise InputError("not a regular file", file=str(path))
    return read_bytes(p.read_bytes(), p, encoding=encoding)


def read_bytes(data: bytes, path: str | Path, encoding: str | None = None) -> SourceText:
    """Read bytes already in memory (``path`` names them in records and errors), exactly as ``read`` would."""
    p = Path(path)
    for reader in READERS:
        if reader.detect(p, data):
            return reader.read(p, data, encoding=encoding)
    raise InputError("no reader accepts this file (expected a text dump of an issue)", file=str(path))


__all__ = ["READERS", "Reader", "read", "read_bytes"]
