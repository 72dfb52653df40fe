"""Precision and recall of people and numbers on the hand-written 'unseen' fixtures.

Why: the eval pages are few and visible; these sentences (tests/fixtures/people_unseen.json,
tests/fixtures/numbers_unseen.tsv) exercise the general constructions of mainland, Hong Kong and
Taiwan papers, so a rule fitted to one page shows up here as a miss elsewhere.
Usage: python scripts/measure_unseen.py [-v] [--jieba]
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from pathlib import Path

from corpus_tools.annotate.numbers import extract_numbers
from corpus_tools.annotate.people import annotate_people
from corpus_tools.types import IssueContext, IssueMeta, Item

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
BYLINE_ROLES = {"reporter", "correspondent", "photographer", "editor", "author"}
CTX = IssueContext(meta=IssueMeta(newspaper="测试报", date=dt.date(2026, 2, 5), paper_id="csb"))


def people_item(case: dict) -> Item:
    """The item a case describes (headline, byline and paragraphs)."""
    keys = ("headline", "byline")
    return Item(kind="article", page=1, paragraphs=tuple(case["paragraphs"]),
                **{k: case[k] for k in keys if k in case})


def people_scores(verbose: bool) -> tuple[int, int, int]:
    """(right, predicted, gold) over every case: mentioned people plus byline people with their role."""
    cases = json.loads((FIXTURES / "people_unseen.json").read_text(encoding="utf-8"))["cases"]
    right = pred = gold = 0
    for case in cases:
        people = annotate_people(people_item(case), CTX)
        got = {p.name for p in people if p.role not in BYLINE_ROLES}
        got |= {f"{p.name}/{p.role}" for p in people if p.role in BYLINE_ROLES}
        want = set(case["mentioned"]) | {f"{n}/{r}" for n, r in case.get("byline_people", [])}
        bad = {b for b in case.get("not_people", []) if b in got}
        right += len(got & want)
        pred += len(got)
        gold += len(want)
        if verbose and (got != want or bad):
            print(f"people {case['id']}: missed {sorted(want - got)} extra {sorted(got - want)}")
    return right, pred, gold


def jieba_scores() -> tuple[int, int, int]:
    """The same people score for jieba.posseg (words tagged nr, nrfg, nrt), the tool a user would run instead."""
    import jieba.posseg

    cases = json.loads((FIXTURES / "people_unseen.json").read_text(encoding="utf-8"))["cases"]
    right = pred = gold = 0
    for case in cases:
        text = "\n".join([case.get("headline", ""), *case["paragraphs"]])
        got = {w.word for w in jieba.posseg.cut(text) if w.flag in ("nr", "nrfg", "nrt")}
        want = set(case["mentioned"])
        right, pred, gold = right + len(got & want), pred + len(got), gold + len(want)
    return right, pred, gold


def number_rows() -> list[list[str]]:
    """The rows of numbers_unseen.tsv (same columns as numbers_table.tsv)."""
    rows = []
    for line in (FIXTURES / "numbers_unseen.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def number_fits(row: list[str]) -> tuple[bool, str]:
    """Whether the sentence yields the row's quantity (or, for surface '-', no quantity at all)."""
    issue, sentence, surface, value, value_max, unit, approx, kind, currency, date_iso = (
        None if c == "-" else c for c in row)
    qs = extract_numbers(sentence, "text", dt.date.fromisoformat(issue or "2024-06-20"))
    if surface is None:
        return not qs, str([q.span.text for q in qs])
    for q in qs:
        if q.span.text != surface:
            continue
        same = (q.value is None) == (value is None) and (
            value is None or math.isclose(q.value, float(value), rel_tol=1e-6))
        same &= (q.value_max is None) == (value_max is None) and (
            value_max is None or math.isclose(q.value_max or 0, float(value_max), rel_tol=1e-6))
        same &= (q.unit, q.approx, q.kind, q.currency, q.date_iso) == (unit, approx, kind, currency, date_iso)
        return same, repr((q.value, q.value_max, q.unit, q.approx, q.kind, q.currency, q.date_iso))
    return False, str([q.span.text for q in qs])


def main() -> int:
    verbose = "-v" in sys.argv
    right, pred, gold = people_scores(verbose)
    p, r = right / max(1, pred), right / max(1, gold)
    print(f"people: precision {p:.3f} recall {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f} "
          f"({right} right / {pred} predicted / {gold} gold)")
    if "--jieba" in sys.argv:
        jr, jp, jg = jieba_scores()
        p, r = jr / max(1, jp), jr / max(1, jg)
        print(f"jieba.posseg people: precision {p:.3f} recall {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f} "
              f"({jr} right / {jp} predicted / {jg} gold; mentioned only)")
    rows = number_rows()
    good = 0
    for row in rows:
        ok, got = number_fits(row)
        good += ok
        if verbose and not ok:
            print(f"numbers {row[1]} want {row[2:]} got {got}")
    print(f"numbers: {good}/{len(rows)} right ({good / max(1, len(rows)):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
