"""jieba's offline dictionary as two look-up tables: word → frequency and word → part-of-speech tag.

Why read ``dict.txt`` ourselves: the annotators only ever look single words
up, never segment text.  Initialising jieba would also build its prefix table
(another 230k entries) and load a second copy of the words.  Parsing the file
takes about 0.3 s, most of a one-issue build's start-up, so the two tables
are kept in a ``marshal`` cache file (about a third of the time to load),
keyed by the dictionary file's path, size and modification time; a cache that
cannot be written or read is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path

CACHE_FORMAT = 1


def cache_dir() -> Path:
    """``$CORPUS_TOOLS_CACHE``, else ``$XDG_CACHE_HOME/corpus-tools``, else ``~/.cache/corpus-tools``."""
    if os.environ.get("CORPUS_TOOLS_CACHE"):
        return Path(os.environ["CORPUS_TOOLS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "corpus-tools"


def dictionary_path() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("corpus-tools needs the 'jieba' package for its dictionary (pip install jieba)")
    return Path(spec.origin).with_name("dict.txt")


def parse_dictionary(text: str) -> tuple[dict[str, int], dict[str, str]]:
    """(frequency, tag) tables of a ``word freq [tag]`` file."""
    data = text.split()
    if len(data) != 3 * len(text.splitlines()):  # not all "word freq tag": read line by line
        rows = [line.split() for line in text.splitlines()]
        return ({r[0]: int(r[1]) for r in rows if len(r) >= 2},
                {r[0]: sys.intern(r[2]) for r in rows if len(r) >= 3})
    words = data[0::3]
    return (dict(zip(words, map(int, data[1::3]), strict=True)),
            dict(zip(words, map(sys.intern, data[2::3]), strict=True)))


def _cache_file(path: Path) -> Path:
    st = path.stat()
    key = hashlib.sha256(f"{CACHE_FORMAT}|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()
    return cache_dir() / f"lexicon-{key[:16]}.marshal"


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, int], dict[str, str]]:
    """(frequency, tag) of every word in jieba's dict.txt, read once per process (from the cache if it has it)."""
    path = dictionary_path()
    cached = _cache_file(path)
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        freq, tags = marshal.loads(cached.read_bytes())
        if isinstance(freq, dict) and isinstance(tags, dict):
            return freq, tags  # marshal keeps the tags shared, as sys.intern made them
    freq, tags = parse_dictionary(path.read_text(encoding="utf-8"))
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((freq, tags)))
        os.replace(tmp, cached)  # atomic: a concurrent build reads the old file or the new one, never half
    return freq, tags


def freq(word: str) -> int:
    """How often jieba's corpus has ``word`` as a word (0: not a word)."""
    return lexicon()[0].get(word) or 0
