"""Score the eval cases again after re-typesetting them the way other papers deliver text.

The hidden eval cases vary encoding, punctuation width, page separators and
line wrapping; this script makes such variants of every visible case (text
and gold transformed alike) in a temporary folder and runs the scorer on them.

    python scripts/eval_variants.py ../shared/eval/cases/* [--only wrap20,gb18030]
    python scripts/eval_variants.py ../shared/eval/cases/* --only s2t,s2tw,s2hk --with-original

The ``s2t``/``s2tw``/``s2hk`` variants set every case in traditional characters with OpenCC (generic,
Taiwan, Hong Kong), raw text and gold alike (the scorer compares strings); each converted gold string
that was in the raw text must still be in the converted raw text, and the script says when one is not.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HALF = ",:;?!()"
FULL = "，：；？！（）"
TO_FULL = str.maketrans(HALF, FULL)
TO_HALF = str.maketrans(FULL, HALF)
PAGE_GAP = re.compile(r"\n{4,}")


def wrap(text: str, width: int, keep_blank: bool) -> str:
    """Hard-wrap every line at ``width`` characters (pdftotext style)."""
    out = []
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        out += [line[i:i + width] for i in range(0, len(line), width)]
    s = "\n".join(out)
    if not keep_blank:  # drop single blank lines between paragraphs, keep page gaps
        s = re.sub(r"(?<=\S)\n\n(?=\S)", "\n", s)
    return s


def form_feeds(text: str) -> str:
    """Pages separated by form feeds instead of blank-line runs."""
    return PAGE_GAP.sub("\n\f", text.strip("\n"))


def page_headers(text: str) -> str:
    """A printed page header line at the top of each page."""
    pages = PAGE_GAP.split(text.strip("\n"))
    return "\n\n\n\n".join(f"第{i}版\n\n{p}" for i, p in enumerate(pages, start=1))


def indent_all(text: str) -> str:
    """Every non-blank line indented with two ideographic spaces, heads too (indentation tells nothing)."""
    return "\n".join("\u3000\u3000" + line.lstrip(" \u3000\xa0") if line.strip() else line
                     for line in text.split("\n"))


def opencc_fn(config: str) -> Callable[[str], str]:
    """OpenCC's phrase-level conversion (what a Taiwan or Hong Kong paper would print)."""
    import opencc

    return opencc.OpenCC(config).convert


TextFn = Callable[[str], str]
VARIANTS: dict[str, tuple[TextFn, str, TextFn | None]] = {
    # name: (text transform, encoding, gold transform)
    "gb18030": (lambda t: t, "gb18030", None),
    "utf16": (lambda t: t, "utf-16", None),
    "crlf-bom": (lambda t: t.replace("\n", "\r\n"), "utf-8-sig", None),
    "formfeed": (form_feeds, "utf-8", None),
    "headers": (page_headers, "utf-8", None),
    "fullwidth": (lambda t: t.translate(TO_FULL), "utf-8", lambda s: s.translate(TO_FULL)),
    "halfwidth": (lambda t: t.translate(TO_HALF), "utf-8", lambda s: s.translate(TO_HALF)),
    "wrap20": (lambda t: wrap(t, 20, True), "utf-8", None),
    "wrap20-noblank": (lambda t: wrap(t, 20, False), "utf-8", None),
    "indent": (indent_all, "utf-8", None),
    **{cfg: (opencc_fn(cfg), "utf-8", opencc_fn(cfg)) for cfg in ("s2t", "s2tw", "s2hk")},
}


def _map_strings(obj, fn):
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, list):
        return [_map_strings(x, fn) for x in obj]
    if isinstance(obj, dict):
        # keys that are text (a person's name keying their title) convert like values; field names are ASCII
        return {(k if k.isascii() else fn(k)): (v if k in ("newspaper", "date") else _map_strings(v, fn))
                for k, v in obj.items()}
    return obj


def _strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, list):
        return [s for x in obj for s in _strings(x)]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() if k not in ("newspaper", "date") for s in _strings(v)]
    return []


def make_case(case: Path, name: str, dest: Path) -> Path:
    text_fn, enc, gold_fn = VARIANTS[name]
    out = dest / f"{case.name}~{name}"
    out.mkdir(parents=True)
    raw = (case / "raw.txt").read_text(encoding="utf-8")
    (out / "raw.txt").write_bytes(text_fn(raw).encode(enc))
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    if gold_fn:
        lost = [g for g in _strings(gold) if g in raw and gold_fn(g) not in text_fn(raw)]
        if lost:
            print(f"{out.name}: {len(lost)} converted gold strings not in the converted text, e.g. {lost[:3]}",
                  file=sys.stderr)
        gold = _map_strings(gold, gold_fn)
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="+", type=Path)
    ap.add_argument("--only", help="comma-separated variant names")
    ap.add_argument("--with-original", action="store_true", help="score the cases as given too, for comparison")
    ap.add_argument("--scorer", type=Path, default=Path(__file__).resolve().parents[2] / "shared/eval/score.py")
    ap.add_argument("--cmd", help="program with the build subcommand (passed to the scorer)")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(VARIANTS)
    tmp = Path(tempfile.mkdtemp(prefix="variants-"))
    try:
        dirs = [make_case(c, n, tmp) for c in args.cases for n in names]
        if args.with_original:
            dirs = [d for c in args.cases for d in (c, *(x for x in dirs if x.name.startswith(f"{c.name}~")))]
        cmd = [sys.executable, str(args.scorer), "--quiet", *map(str, dirs)]
        if args.cmd:
            cmd[2:2] = ["--cmd", args.cmd]
        return subprocess.call(cmd)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
