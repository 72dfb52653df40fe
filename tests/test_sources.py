"""Sources: bytes in any supported encoding and line-end convention read into the same lines.

Fixture files live in ``tests/fixtures/sources/`` (``issue.txt`` is the UTF-8
original the other encodings are made from); the tables below write more
variants into a temporary folder.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from corpus_tools.errors import EncodingError, InputError
from corpus_tools.layout import lay_out
from corpus_tools.segment import segment
from corpus_tools.sources import read

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
ISSUE = (FIXTURES / "issue.txt").read_text(encoding="utf-8")
ISSUE_LINES = tuple(ISSUE.split("\n"))
SHORT = ["本报讯", "广告", "第2版", "责任编辑：孙立", "秋日田园\n农民在田间采摘柑橘。", "ab 测试 cd"]


def write(tmp_path: Path, data: bytes, name: str = "issue.txt") -> Path:
    """Write raw bytes to a file in the temporary folder."""
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --- encodings -------------------------------------------------------------------------------

ENCODED = [
    # (case, bytes, encoding reported)
    ("utf-8", ISSUE.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + ISSUE.encode("utf-8"), "utf-8-sig"),
    ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + ISSUE.encode("utf-16-le"), "utf-16"),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + ISSUE.encode("utf-16-be"), "utf-16"),
    ("gb18030", ISSUE.encode("gb18030"), "gb18030"),
]


@pytest.mark.parametrize(("case", "data", "encoding"), ENCODED, ids=[c[0] for c in ENCODED])
def test_encodings_detected(tmp_path: Path, case: str, data: bytes, encoding: str) -> None:
    """Every supported encoding gives the same lines, the BOM dropped."""
    src = read(write(tmp_path, data))
    assert src.encoding == encoding
    assert src.lines == ISSUE_LINES
    assert src.text == ISSUE
    assert src.size_bytes == len(data)
    assert src.sha256 == hashlib.sha256(data).hexdigest()
    assert src.name == "issue.txt"


def test_utf16_without_bom(tmp_path: Path) -> None:
    """BOM-less UTF-16 is still recognised (it is not mistaken for GB18030)."""
    src = read(write(tmp_path, ISSUE.encode("utf-16-le")))
    assert (src.encoding, src.lines) == ("utf-16-le", ISSUE_LINES)


def test_big5_is_not_read_as_gb18030_mojibake(tmp_path: Path) -> None:
    """Big5 bytes also decode as GB18030, but into rare characters; they are not taken for it."""
    text = "本報訊 記者從市住建局獲悉，全市供熱管網檢修已經全部完成，各供熱企業儲煤充足。\n"
    try:
        src = read(write(tmp_path, text.encode("big5")))
    except EncodingError:
        return
    assert src.encoding != "gb18030"
    assert src.text == text


@pytest.mark.parametrize("text", SHORT)
def test_short_gb18030_is_not_mistaken(tmp_path: Path, text: str) -> None:
    """A few GB18030 characters are not guessed as Big5, CP949 or UTF-16."""
    src = read(write(tmp_path, text.encode("gb18030")))
    assert (src.encoding, src.text) == ("gb18030", text)


@pytest.mark.parametrize(("fixture", "encoding"), [("gb18030.txt", "gb18030"), ("utf16.txt", "utf-16")])
def test_fixture_files(fixture: str, encoding: str) -> None:
    """The stored GB18030 and UTF-16 (CRLF) copies read back to the UTF-8 original."""
    src = read(FIXTURES / fixture)
    assert (src.encoding, src.lines) == (encoding, ISSUE_LINES)


@pytest.mark.parametrize("encoding", ["gb18030", "GB18030", "utf-16", "utf-8"])
def test_explicit_encoding(tmp_path: Path, encoding: str) -> None:
    """``read(path, encoding=...)`` skips detection and decodes with the named codec."""
    src = read(write(tmp_path, ISSUE.encode(encoding)), encoding=encoding)
    assert src.lines == ISSUE_LINES
    assert src.encoding == encoding


WRONG = [
    ("utf-8 on GB18030 bytes", ISSUE.encode("gb18030"), "utf-8"),
    ("gb18030 on UTF-8 bytes", ISSUE.encode("utf-8"), "gb18030"),
    ("gb18030 on two UTF-8 hanzi", "甲乙".encode(), "gb18030"),
    ("latin-1 on UTF-8 bytes", ISSUE.encode("utf-8"), "latin-1"),
    ("ascii on UTF-8 bytes", ISSUE.encode("utf-8"), "ascii"),
    ("utf-16 on UTF-8 bytes", ISSUE.encode("utf-8") + b"x", "utf-16"),
    ("no such codec", ISSUE.encode("utf-8"), "no-such-codec"),
]


@pytest.mark.parametrize(("case", "data", "encoding"), WRONG, ids=[c[0] for c in WRONG])
def test_wrong_explicit_encoding(tmp_path: Path, case: str, data: bytes, encoding: str) -> None:
    """A wrong ``--encoding`` is an EncodingError naming the file, never mojibake."""
    p = write(tmp_path, data)
    with pytest.raises(EncodingError) as err:
        read(p, encoding=encoding)
    assert str(p) in str(err.value)
    assert err.value.code == "E002"


# --- bad input -------------------------------------------------------------------------------

BAD = [
    ("empty", b""),
    ("blank lines", b"\n\n  \r\n\t\n"),
    ("BOM only", codecs.BOM_UTF8),
    ("ideographic spaces only", "\u3000\u3000\n\xa0\n".encode()),
    ("utf-16 blank", "\n \u3000\n".encode("utf-16")),
    ("form feeds only", b"\f\n\f"),
    ("png header", (FIXTURES / "binary.png").read_bytes()),
    ("all byte values", bytes(range(256)) * 8),
    ("zlib stream", bytes.fromhex("789c2b492d2e01000449017d") * 40 + bytes(range(32)) * 4),
]


@pytest.mark.parametrize(("case", "data"), BAD, ids=[c[0] for c in BAD])
def test_empty_and_binary_rejected(tmp_path: Path, case: str, data: bytes) -> None:
    """Empty or binary files are an InputError whose message names the file."""
    p = write(tmp_path, data, "bad input.txt")
    with pytest.raises(InputError) as err:
        read(p)
    assert str(p) in str(err.value)
    assert err.value.code == "E001"


@pytest.mark.parametrize("fixture", ["empty.txt", "binary.png"])
def test_bad_fixture_files(fixture: str) -> None:
    """The stored empty and binary files are rejected the same way."""
    with pytest.raises(InputError, match=fixture.replace(".", r"\.")):
        read(FIXTURES / fixture)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    """A path that is not a regular file is an InputError too."""
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="not a regular file"):
        read(tmp_path)


# --- line ends, form feeds, spaces -----------------------------------------------------------

NEWLINES = [("\n", "LF"), ("\r\n", "CRLF"), ("\r", "CR")]


@pytest.mark.parametrize(("nl", "label"), NEWLINES, ids=[n[1] for n in NEWLINES])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_line_ends(tmp_path: Path, nl: str, label: str, encoding: str) -> None:
    """LF, CRLF and CR all split into the same lines; the convention is reported."""
    src = read(write(tmp_path, ISSUE.replace("\n", nl).encode(encoding)))
    assert src.lines == ISSUE_LINES
    assert src.newline == label
    assert "\r" not in src.text


def test_mixed_line_ends(tmp_path: Path) -> None:
    """Mixed conventions split on each; the commonest is reported."""
    src = read(write(tmp_path, "甲\r\n乙\r\n丙\n丁\r戊".encode()))
    assert src.lines == ("甲", "乙", "丙", "丁", "戊")
    assert src.newline == "CRLF"


FEEDS = [
    # (text, lines, 1-based lines that start a new page)
    ("甲\n\f乙\n丙", ("甲", "乙", "丙"), {2}),
    ("甲\n\f\n乙", ("甲", "", "乙"), {2}),
    ("甲\f\n乙\n丙", ("甲", "乙", "丙"), {2}),
    ("甲\n乙\f\r\n丙\r\n\f丁", ("甲", "乙", "丙", "丁"), {3, 4}),
    ("\f甲\n乙", ("甲", "乙"), {1}),
]


@pytest.mark.parametrize(("text", "lines", "feeds"), FEEDS)
def test_form_feeds(tmp_path: Path, text: str, lines: tuple[str, ...], feeds: set[int]) -> None:
    """Form feeds are taken out of the text and remembered before the line that follows them."""
    src = read(write(tmp_path, text.encode()))
    assert src.lines == lines
    assert src.form_feeds == feeds
    assert "\f" not in src.text


def test_form_feed_at_line_end_splits_after_it(tmp_path: Path) -> None:
    """``last line\\f`` ends the page: the line before the feed stays on the first page."""
    text = "城南片区启动改造\n\n本报讯 工程正式启动。\f\n社区食堂开进老街巷\n\n本报讯 食堂开张营业。\n"
    layout = lay_out(read(write(tmp_path, text.encode())))
    assert [[p.text for p in page.paras] for page in layout.pages] == [
        ["城南片区启动改造", "本报讯 工程正式启动。"], ["社区食堂开进老街巷", "本报讯 食堂开张营业。"]]


def test_wide_spaces_kept_in_lines(tmp_path: Path) -> None:
    """U+3000 and U+00A0 stay in the lines (offsets hold); layout strips them from paragraphs."""
    text = "\u3000\u3000本报讯\xa0今日开幕。\n标题\u3000行\xa0\n"
    src = read(write(tmp_path, text.encode()))
    assert src.lines[0] == "\u3000\u3000本报讯\xa0今日开幕。"
    assert src.text == text
    paras = lay_out(src).pages[0].paras
    assert [p.text for p in paras] == ["本报讯\xa0今日开幕。", "标题\u3000行"]
    assert paras[0].indented and not paras[1].indented


# --- byte offsets ----------------------------------------------------------------------------

OFFSETS = [
    ("utf-8", "utf-8", b""),
    ("utf-8-sig", "utf-8", codecs.BOM_UTF8),
    ("utf-16", "utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", "utf-16-be", codecs.BOM_UTF16_BE),
    ("gb18030", "gb18030", b""),
]


@pytest.mark.parametrize(("nl", "label"), NEWLINES, ids=[n[1] for n in NEWLINES])
@pytest.mark.parametrize(("name", "codec", "bom"), OFFSETS, ids=[o[0] for o in OFFSETS])
def test_byte_starts(tmp_path: Path, name: str, codec: str, bom: bytes, nl: str, label: str) -> None:
    """``byte_starts[i]`` is where line ``i + 1`` begins in the raw file."""
    text = ISSUE.replace("\n", nl) + nl + "\f\u3000末行\xa0"
    data = bom + text.encode(codec)
    src = read(write(tmp_path, data))
    assert len(src.byte_starts) == len(src.lines)
    for line, start in zip(src.lines, src.byte_starts, strict=True):
        raw = data[start:]
        assert raw.startswith(line.encode(codec)) or raw.startswith(("\f" + line).encode(codec))
    ends = [*src.byte_starts[1:], len(data)]
    for line, start, end in zip(src.lines, src.byte_starts, ends, strict=True):
        chunk = data[start:end].decode(codec)
        assert chunk.replace("\f", "").rstrip("\r\n") == line


def test_whole_issue_segments(tmp_path: Path) -> None:
    """The sample issue, in every encoding, segments into the same two articles."""
    heads = set()
    for _, data, _ in ENCODED:
        got = segment(lay_out(read(write(tmp_path, data))))
        heads.add(tuple((i.headline, i.byline, i.paragraphs) for i in got.items))
        assert got.sections[0].name == "时政要闻" and got.sections[0].editors == ("责任编辑：孙立",)
    assert len(heads) == 1
    (items,) = heads
    assert [h for h, _, _ in items] == ["城南片区启动雨污分流改造", "社区食堂开进老街巷"]
