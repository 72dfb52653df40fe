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


@pytest.mark.parametrize(("encoding", "canonical"), [
    ("gb18030", "gb18030"), ("GB18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8", "utf-8"), ("UTF-8", "utf-8"),
    ("utf8", "utf-8"), ("utf_8", "utf-8"), (" UTF8 ", "utf-8")])
def test_explicit_encoding(tmp_path: Path, encoding: str, canonical: str) -> None:
    """``read(path, encoding=...)`` skips detection, decodes with the named codec and records one spelling."""
    src = read(write(tmp_path, ISSUE.encode(encoding.strip())), encoding=encoding)
    assert src.lines == ISSUE_LINES
    assert src.encoding == canonical


# --- Big5 family -----------------------------------------------------------------------------

TRAD = ("【本報訊】記者陳大文／台北報導\n"
        "行政院昨日通過明年度總預算案，歲出規模約新台幣２兆８千億元，較今年增加逾５％。\n"
        "主計總處表示，社福支出仍占最大宗，其次為教育科學文化支出，國防預算亦創下新高。\n")
HK = ("【本報訊】深水埗一間茶餐廳昨日推出新款菠蘿包，店主表示顧客反應熱烈。\n"
      "店外掛起寫着「𨋢」字的舊招牌，吸引不少市民拍照。\n")


@pytest.mark.parametrize(("codec", "reported"), [("big5", "big5"), ("cp950", "cp950"), ("big5hkscs", "big5")])
def test_big5_detected(tmp_path: Path, codec: str, reported: str) -> None:
    """Big5 as Windows (CP950) or as iconv/Python (``big5``) writes it: they differ in the cell of ／."""
    src = read(write(tmp_path, TRAD.encode(codec)))
    assert (src.encoding, src.text) == (reported, TRAD)


def test_big5_without_the_differing_cells_is_cp950(tmp_path: Path) -> None:
    text = TRAD.replace("／", " ")
    src = read(write(tmp_path, text.encode("big5")))
    assert (src.encoding, src.text) == ("cp950", text)


def test_cp950_extension_detected(tmp_path: Path) -> None:
    """A character only Windows' Big5 has (the euro sign at 0xA3E1) makes the file CP950."""
    text = TRAD + "歐盟補助１００萬€。\n"
    src = read(write(tmp_path, text.encode("cp950")))
    assert (src.encoding, src.text) == ("cp950", text)


def test_hkscs_detected_and_characters_outside_big5_reported(tmp_path: Path) -> None:
    from corpus_tools.sources.encodings import charset_notes

    src = read(write(tmp_path, HK.encode("big5hkscs")))
    assert (src.encoding, src.text) == ("big5hkscs", HK)
    notes = charset_notes(src.lines, src.encoding)
    assert [(n["char"], n["kind"], n["lines"]) for n in notes] == [
        ("埗", "outside_big5", [1]), ("着", "outside_big5", [2]), ("𨋢", "outside_big5", [2])]


def test_user_defined_big5_cells_are_kept_as_private_use(tmp_path: Path) -> None:
    """A font-specific character (EUDC bytes no codec assigns) is kept, not dropped, and reported with its line."""
    from corpus_tools.sources.encodings import charset_notes

    data = TRAD.encode("cp950") + "主委林".encode("cp950") + b"\x81\x40" + "芬表示，將逐項審查。\n".encode("cp950")
    src = read(write(tmp_path, data))
    assert src.encoding == "cp950"
    assert src.lines[3] == "主委林\ueeb8芬表示，將逐項審查。"
    assert charset_notes(src.lines, src.encoding) == [
        {"char": "\ueeb8", "codepoint": "U+EEB8", "kind": "private_use", "lines": [4]}]
    explicit = read(write(tmp_path, data, "b.txt"), encoding="Big5")  # asked for by name: kept the same way
    assert explicit.lines[3] == src.lines[3] and explicit.encoding == "big5"


@pytest.mark.parametrize("spelling", ["big5hkscs", "big5-hkscs", "Big5-HKSCS", "BIG5_HKSCS", "hkscs"])
def test_hkscs_spellings(tmp_path: Path, spelling: str) -> None:
    src = read(write(tmp_path, HK.encode("big5hkscs")), encoding=spelling)
    assert (src.encoding, src.text) == ("big5hkscs", HK)


@pytest.mark.parametrize("spelling", ["cp950", "CP950", "ms950"])
def test_cp950_spellings(tmp_path: Path, spelling: str) -> None:
    src = read(write(tmp_path, TRAD.encode("cp950")), encoding=spelling)
    assert (src.encoding, src.text) == ("cp950", TRAD)


SHORT_TRAD = ["本報訊", "廣告", "責任編輯：孫立", "記者陳大文／台北報導", "中央社台北24日電", "綜合外電報導",
              "秋日田園\n農民在田間採摘柑橘。"]


@pytest.mark.parametrize("text", SHORT_TRAD)
def test_short_big5_is_not_read_as_gb18030(tmp_path: Path, text: str) -> None:
    """A few Big5 characters also decode as GB18030, into rare characters: the plausible reading wins."""
    src = read(write(tmp_path, text.encode("big5")))
    assert src.encoding in ("big5", "cp950") and src.text == text


def test_traditional_text_in_gb18030_stays_gb18030(tmp_path: Path) -> None:
    """Traditional characters saved by a mainland tool (GBK/GB18030) are not taken for Big5."""
    src = read(write(tmp_path, TRAD.encode("gb18030")))
    assert (src.encoding, src.text) == ("gb18030", TRAD)


def test_wrong_explicit_encoding_names_the_line(tmp_path: Path) -> None:
    data = TRAD.encode("big5") + "第四行。\n".encode()
    with pytest.raises(EncodingError) as err:
        read(write(tmp_path, data), encoding="big5")
    assert err.value.line == 4 and err.value.field == "--encoding"


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
