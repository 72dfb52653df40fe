"""Word lists for the people annotator: surnames, titles, cues and stop words.

The word lists live in corpus_tools/data/wordlists/, one file per list, each opening with a note of
where its entries come from (百家姓 and surname rankings, jieba's dictionary tags, standard titles);
no entry is there because one newspaper page needed it.  The character classes the rules use
(stop characters, place-name endings) stay here, next to what they mean.
"""

from __future__ import annotations

from pathlib import Path


def _chars(s: str) -> frozenset[str]:
    return frozenset(s.replace(" ", "").replace("\n", ""))


def _words(s: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.split()))


_LISTS = Path(__file__).resolve().parents[2] / "data" / "wordlists"


def _entries(name: str) -> list[str]:
    """The entries of a word-list file (comment lines start with #; entries are whitespace-separated)."""
    text = (_LISTS / name).read_text(encoding="utf-8")
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]


def _surnames() -> dict[str, list[str]]:
    """surnames.tsv by class (common, rare, compound)."""
    out: dict[str, list[str]] = {"common": [], "rare": [], "compound": []}
    for line in (_LISTS / "surnames.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            surname, cls, _source = line.split("\t")
            out[cls].append(surname)
    return out


_SURNAME_TABLE = _surnames()
# Surnames that are enough on their own to start a Chinese name.
COMMON_SURNAMES = frozenset(_SURNAME_TABLE["common"])
# Rare surnames: accepted only with context on both sides (a marked start and a stop word after).
RARE_SURNAMES = frozenset(_SURNAME_TABLE["rare"])
COMPOUND_SURNAMES = tuple(_SURNAME_TABLE["compound"])
# Characters typical of transliterated foreign names: those of jieba's nrt words (generated, see the
# file's note) and those of the standard transliteration table of mainland news.
TRANSLIT_CHARS = frozenset("".join(_entries("translit_chars.txt")) + "".join(_entries("translit_table.txt")))
# Words ending a title chain: the name follows directly (主席周海峰, 分析师孙明).
OFFICE_TITLES = tuple(_entries("office_titles.txt"))
# Person nouns that show a name follows but are no title (母亲吴秀兰, 女孩某某).
PERSON_NOUNS = tuple(_entries("person_nouns.txt"))
# Words after a name that mark it as a person (某某总书记, 默克尔总统).
POST_TITLES = tuple(_entries("post_titles.txt"))
# Speech and action verbs that follow a name (孙明说, 黄志明表示).
SPEECH_CUES = tuple(_entries("speech_cues.txt"))
# Words that may follow a name and end it (周海峰先后到, 许东当日).
NAME_END_WORDS = tuple(_entries("name_end_words.txt"))

# Single characters after a name that never end a given name (陈林在, 何立等).
HARD_STOPS = _chars("""
的在等是将也就对向从被把让给已曾又还都则并而不今昨这那其亦即便却很更最每各该此到说称赴他她只仅未
""")

# Single characters after a name that may also be the last character of one (王为民).
SOFT_STOPS = _chars("和与及同为以之于由随率带用靠按上下来去受获任时")

# Single characters that never sit inside a given name (媒: 陆媒, 港媒, 外媒 are "... media").
NOT_IN_NAME = _chars("的了着过是在有就也都还把被让给对向从他她它们我你您咱这那该某每各谁说等不地得需须只仅未媒、，。")

# Generic references: surname plus one of these is no name (张先生, 李阿姨).
GENERIC_SUFFIXES = tuple(_entries("generic_suffixes.txt"))

# Crimes in case names (某某受贿案, 某某故意杀人案).
CRIMES = tuple(_entries("crimes.txt"))

# Strings that parse like names in bylines and credits but are none.
BYLINE_STOP = tuple(_entries("byline_stop.txt"))

# Connective words of a byline that stand glued to a name (（综合甲、乙报道）): they end a name word.
BYLINE_FILLERS = tuple(_entries("byline_fillers.txt"))

# One-character short names of states: 斯方, 缅方 ("the X side") are parties to talks, no people.
STATE_ABBREVIATIONS = frozenset(_entries("state_abbreviations.txt"))

# Countries and regions: they take titles (伊朗总统) but are no person.
PLACES = tuple(_entries("places.txt"))

# Endings of place and organisation names (李家村, 王庄镇): such list members are no people.
PLACE_SUFFIXES = tuple(_chars("""
村庄镇乡县市区省街路岛港站园馆院校厂店社局所部委会办组团司场台楼宫寺庙城州府屯营寨沟坝
"""))

# Last characters of titles that the dictionary knows as nouns (预报员, 厨师, 获得者).
TITLE_TAIL_CHARS = frozenset("员长师官者户")

# Nouns with those endings that are no title before a name.
NOT_TITLES = frozenset(_entries("not_titles.txt"))

# Characters before 说 that make it part of another word (来说, 据说, 小说): no speech verb then.
SAY_BLOCKERS = frozenset("来据听小所可或再虽就还也又都却敢会能要难不没如话是地得")

# Adverbs between a name and its verb (甲和乙一起出席, 甲也表示).
ADVERBS = tuple(_entries("adverbs.txt"))
