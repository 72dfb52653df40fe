"""The plain-numeral reader gives cn2an's value for every numeral it accepts, and leaves the rest to cn2an."""

from __future__ import annotations

import itertools
import random

import cn2an
import pytest

from corpus_tools.numerals import plain_value, read_numeral

DIGITS = "一二两三四五六七八九"


def sections() -> list[str]:
    """Every string of 千/百/十/units terms (with or without digits), gaps included: the reader must sort them."""
    out = set()
    for t, h, e, u in itertools.product([""] + [d + "千" for d in DIGITS], [""] + [d + "百" for d in DIGITS],
                                        ["", "十"] + [d + "十" for d in DIGITS], ["", *DIGITS]):
        if t + h + e + u:
            out.add(t + h + e + u)
    return sorted(out)


def cn2an_value(text: str) -> int | float | None:
    try:
        return cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError):
        return None


def test_every_accepted_section_reads_as_cn2an_does() -> None:
    accepted = 0
    for s in sections():
        v = plain_value(s)
        if v is not None:
            accepted += 1
            assert v == cn2an_value(s), s
    assert accepted > 10_000


def test_wan_numerals_read_as_cn2an_does() -> None:
    accepted = [s for s in sections() if plain_value(s) is not None]
    lows = [s for s in accepted if s[1:2] == "千"]
    rng = random.Random(16)
    pairs = [(h, "") for h in accepted] + [(h, lo) for h in rng.sample(accepted, 300) for lo in rng.sample(lows, 20)]
    for high, low in pairs:
        s = f"{high}万{low}"
        assert plain_value(s) == cn2an_value(s), s


def test_short_strings_over_the_numeral_alphabet() -> None:
    """Every string of up to 4 numeral characters: accepted ones agree with cn2an."""
    for n in range(1, 5):
        for chars in itertools.product("一二两三四五六七八九十百千万零", repeat=n):
            s = "".join(chars)
            v = plain_value(s)
            if v is not None:
                assert v == cn2an_value(s), s


@pytest.mark.parametrize(("text", "value"), [
    ("三", 3), ("十", 10), ("十五", 15), ("二十", 20), ("一百", 100), ("两千五百", 2500), ("三万", 30_000),
    ("十二万三千", 123_000), ("一千二百三十四", 1234)])
def test_plain_values(text: str, value: int) -> None:
    assert plain_value(text) == value
    assert read_numeral(text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("一百五", 150), ("两万五", 25_000), ("一千零五", 1005), ("三点五", 3.5), ("一亿", 100_000_000), ("廿", 20)])
def test_other_forms_go_to_cn2an(text: str, value: float) -> None:
    assert plain_value(text) is None  # spoken forms, 零, 点, 亿: not plain, so a sum of terms would misread them
    assert read_numeral(text) == value


def test_unreadable_text_raises_as_cn2an_does() -> None:
    with pytest.raises(ValueError):
        read_numeral("百百")
