"""Plain-text dumps (pdftotext, crawlers, e-paper exports) in any common Chinese encoding."""

from __future__ import annotations

from pathlib import Path

from corpus_tools.sources.base import build_source, decode
from corpus_tools.types import SourceText


class PlainTextReader:
    """The default reader: any file that decodes to text."""

    name = "text"

    def detect(self, path: Path, data: bytes) -> bool:
        """Accept everything; ``decode`` rejects what is not text with a clear error."""
        return True

    def read(self, path: Path, data: bytes, encoding: str | None = None) -> SourceText:
        """Decode, normalise line ends and form feeds, keep byte offsets."""
        text, enc = decode(data, str(path), encoding)
        return build_source(path, data, text, enc)
