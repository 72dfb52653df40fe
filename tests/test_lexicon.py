"""The dictionary tables: the marshal cache gives exactly what parsing dict.txt gives, and a bad cache is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tools import lexicon as L


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CORPUS_TOOLS_CACHE", str(tmp_path / "cache"))
    L.lexicon.cache_clear()
    yield tmp_path / "cache"
    L.lexicon.cache_clear()


def test_cached_tables_equal_the_parsed_dictionary(fresh_cache: Path) -> None:
    parsed = L.parse_dictionary(L.dictionary_path().read_text(encoding="utf-8"))
    first = L.lexicon()
    assert first == parsed
    assert len(list(fresh_cache.glob("lexicon-*.marshal"))) == 1
    L.lexicon.cache_clear()
    again = L.lexicon()
    assert again == parsed
    assert again[1]["中国"].startswith("n") and again[0]["中国"] > 1000


def test_a_corrupt_cache_is_ignored_and_rewritten(fresh_cache: Path) -> None:
    L.lexicon()
    (cache,) = fresh_cache.glob("lexicon-*.marshal")
    cache.write_bytes(b"not marshal data")
    L.lexicon.cache_clear()
    assert L.freq("中国") > 1000
    assert cache.read_bytes() != b"not marshal data"


def test_an_unwritable_cache_folder_still_gives_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("CORPUS_TOOLS_CACHE", str(blocker / "sub"))
    L.lexicon.cache_clear()
    try:
        assert L.freq("中国") > 1000
    finally:
        L.lexicon.cache_clear()


def test_dictionary_lines_without_tags_are_read_line_by_line() -> None:
    freq, tags = L.parse_dictionary("甲乙 5 n\n丙丁 7\n")
    assert freq == {"甲乙": 5, "丙丁": 7}
    assert tags == {"甲乙": "n"}
