"""Quality against the visible eval cases: our people-mentioned F1 beside jieba.posseg's, and
numbers hard-case accuracy.

The anchor is what a user would run instead: ``jieba.posseg`` over the same article texts, every
word tagged nr, nrfg or nrt counted as a person mentioned.  Both are scored with the logic of
../shared/eval/score.py (people mentioned: F1 of the name sets, optional names left out; numbers:
a gold sample item is right when some number whose text holds it has its value, approx, value_max
and unit).  Cases are read in place and never copied; without ../shared/eval/cases this prints
that and exits 0.

    python benchmarks/bench_quality.py [CASE_DIR ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from corpus_tools.pipeline import IssueInput, convert, meta_for

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT.parent / "shared" / "eval" / "cases"
BYLINE_ROLES = {"reporter", "correspondent", "photographer", "editor", "author"}
PERSON_TAGS = {"nr", "nrfg", "nrt"}


def norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def people_f1(found: set[str], gold: dict) -> float:
    want = set(gold.get("people_mentioned", []))
    found = found - set(gold.get("people_optional", []))
    return f1(len(want & found), len(found), len(want))


def hard_cases(nums: list[dict], gold: dict) -> float | None:
    sample = gold.get("numbers_sample") or []
    if not sample:
        return None
    good = 0
    for g in sample:
        def fits(n: dict, g: dict = g) -> bool:
            ok = abs((n.get("value") or 0) - g["value"]) <= 1e-6 * max(1, abs(g["value"]))
            ok &= (n.get("approx") or None) == g.get("approx")
            if "value_max" in g:
                ok &= n.get("value_max") is not None and abs(n["value_max"] - g["value_max"]) <= 1e-6 * max(
                    1, abs(g["value_max"]))
            if g.get("unit"):
                u = n.get("unit") or ""
                ok &= bool(u) and (u in g["unit"] or g["unit"] in u)
            return ok
        good += any(fits(n) for n in nums if norm(g["text"]) in norm(n.get("text")))
    return good / len(sample)


def jieba_people(texts: list[str]) -> set[str]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return {w.word for t in texts for w in jieba.posseg.cut(t) if w.flag in PERSON_TAGS}


def score_case(case: Path) -> tuple[float, float, float | None]:
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    raw = case / "raw.txt"
    meta = meta_for(raw, gold["meta"]["newspaper"], gold["meta"]["date"], None, None)
    rows = convert(IssueInput(raw, meta)).rows
    ours = {p["name"] for p in rows["people"] if p["role"] not in BYLINE_ROLES}
    texts = [a["text"] or "" for a in rows["articles"]] + [i["caption"] or "" for i in rows["images"]]
    return people_f1(ours, gold), people_f1(jieba_people(texts), gold), hard_cases(rows["numbers"], gold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", nargs="*", type=Path)
    args = ap.parse_args()
    cases = args.cases or sorted(p for p in CASES.glob("*") if (p / "gold.json").exists())
    if not cases:
        print(f"no eval cases under {CASES}: nothing to measure")
        return 0
    print(f"{'case':32} {'people F1':>10} {'jieba F1':>9} {'numbers hard':>13}")
    for case in cases:
        ours, anchor, hard = score_case(case)
        hard_s = "-" if hard is None else f"{hard:.3f}"
        print(f"{case.name:32} {ours:10.3f} {anchor:9.3f} {hard_s:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
