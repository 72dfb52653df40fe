"""Records: typed rows with stable ids, one list per config.

Ids are ASCII and depend only on the issue and positions in it
(``jzrb-2026-02-05-p02-a003``), so they do not change between runs.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from corpus_tools import SCHEMA_VERSION, __version__
from corpus_tools.script import detect_script
from corpus_tools.sources.encodings import charset_notes
from corpus_tools.types import (
    AnnotatedItem,
    IssueMeta,
    Item,
    Layout,
    PersonMention,
    Quantity,
    Repair,
    Segmented,
    SourceText,
)

Row = dict[str, Any]


@dataclass(frozen=True)
class Records:
    """The rows of one issue, by config."""

    issue_id: str
    rows: dict[str, list[Row]]
    notes: tuple[tuple[int, str, str], ...] = ()  # (input line, field, message): kept, but not fully read


def issue_id(meta: IssueMeta) -> str:
    """<paper_id>-<YYYY-MM-DD>[-<edition>]."""
    base = f"{meta.paper_id}-{meta.date.isoformat()}"
    return f"{base}-{meta.edition}" if meta.edition else base


def person_key(name: str) -> str:
    """Short stable hash of a normalised name (ids stay ASCII)."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


BYLINE_ROLES = ("reporter", "correspondent", "photographer", "editor", "author")


def byline_key(paper_id: str, role: str, name: str) -> str | None:
    """Archive-wide key of a byline person: the same name in the same role of one paper, in any issue.

    Deterministic (SHA-256 of ``paper_id``, ``role`` and the normalised name,
    NUL-separated), so keys computed by separate builds agree.  Only byline
    roles get one: a reporter's name is a signature the paper reuses, while an
    interviewee or a mentioned 王军 in two issues is rarely the same person.
    """
    if role not in BYLINE_ROLES:
        return None
    digest = hashlib.sha256(f"{paper_id}\0{role}\0{name}".encode()).hexdigest()[:12]
    return f"{paper_id}-{role}-{digest}"


def _repair(r: Repair) -> Row:
    return {"kind": r.kind, "lines": list(r.lines), "detail": r.detail}


def _prov(src: SourceText, item: Item) -> Row:
    end_line = item.line_end
    byte_end = src.byte_starts[end_line] if end_line < len(src.byte_starts) else src.size_bytes
    return {"source_file": src.name, "line_start": item.line_start, "line_end": end_line,
            "byte_start": src.byte_starts[item.line_start - 1], "byte_end": byte_end,
            "repairs": [_repair(r) for r in item.repairs]}


class _Builder:
    """Assigns ids and turns items and annotations into rows."""

    def __init__(self, meta: IssueMeta, src: SourceText, layout: Layout) -> None:
        self.meta, self.src, self.layout = meta, src, layout
        self.iid = issue_id(meta)
        self.paper_id, self.date = meta.paper_id, meta.date.isoformat()
        self.printed = {p.index: p.printed_number for p in layout.pages}
        self.rows: dict[str, list[Row]] = {c: [] for c in
                                           ("issues", "sections", "articles", "images", "people", "numbers")}
        self.notes: list[tuple[int, str, str]] = []

    def section_id(self, page: int) -> str:
        return f"{self.iid}-p{page:02d}"

    def owner_ids(self, items: list[AnnotatedItem]) -> list[str]:
        seq: dict[tuple[int, str], int] = {}
        out = []
        for a in items:
            key = (a.item.page, a.item.kind)
            seq[key] = seq.get(key, 0) + 1
            letter = "a" if a.item.kind == "article" else "i"
            out.append(f"{self.section_id(a.item.page)}-{letter}{seq[key]:03d}")
        return out

    def article(self, oid: str, it: Item) -> Row:
        text = it.text
        return {
            "article_id": oid, "schema_version": SCHEMA_VERSION, "issue_id": self.iid,
            "paper_id": self.paper_id, "date": self.date, "section_id": self.section_id(it.page), "page": it.page,
            "printed_page": self.printed.get(it.page),
            "seq": int(oid[-3:]), "kicker": it.kicker, "headline": it.headline, "subheadline": it.subheadline,
            "dateline": it.dateline, "byline": it.byline, "paragraphs": list(it.paragraphs),
            "subheadings": [{"text": s.text, "before_paragraph": s.before_paragraph, "start": s.start,
                             "end": s.start + len(s.text)} for s in it.subheadings],
            "speakers": [{"name": s.name, "paragraph": s.paragraph, "start": s.start, "end": s.end}
                         for s in it.speakers],
            "text": text, "notes": list(it.notes), "cross_references": list(it.cross_references),
            "continued_from_page": it.continued_from_page,
            "continued_to_page": it.continued_to_page, "continues_article_id": None,
            "continued_by_article_id": None, "merged_from": [], "char_count": len(text),
            "provenance": _prov(self.src, it),
        }

    def image(self, oid: str, it: Item, host: str | None) -> Row:
        return {
            "image_id": oid, "schema_version": SCHEMA_VERSION, "issue_id": self.iid,
            "paper_id": self.paper_id, "date": self.date, "section_id": self.section_id(it.page), "article_id": host,
            "page": it.page,
            "printed_page": self.printed.get(it.page), "seq": int(oid[-3:]), "title": it.headline,
            "caption": it.text, "credit": it.credit or "", "provenance": _prov(self.src, it),
        }

    def owner_refs(self, kind: str, oid: str) -> Row:
        return {"article_id": oid if kind == "article" else None, "image_id": oid if kind == "image" else None}

    def person(self, kind: str, oid: str, p: PersonMention) -> Row:
        key = person_key(p.name)
        return {"row_id": f"{oid}-n{key}", "person_id": f"{self.iid}-n{key}",
                "person_key": byline_key(self.paper_id, p.role, p.name), "schema_version": SCHEMA_VERSION,
                "issue_id": self.iid, "paper_id": self.paper_id, "date": self.date, **self.owner_refs(kind, oid),
                "name": p.name, "role": p.role,
                "title": p.title,
                "mentions": [{"field": s.field, "start": s.start, "end": s.end, "text": s.text}
                             for s in p.mentions]}

    def number(self, kind: str, oid: str, q: Quantity, line: int) -> Row:
        s = q.span
        value, value_max = _finite(q.value), _finite(q.value_max)
        if (value is None) != (q.value is None) or (value_max is None) != (q.value_max is None):
            self.notes.append((line, "numbers", f"{_short(s.text)} is a quantity too large to represent "
                                                "(beyond a 64-bit float); kept with value null"))
        return {"number_id": f"{oid}-{s.field}-{s.start}", "schema_version": SCHEMA_VERSION,
                "issue_id": self.iid, "paper_id": self.paper_id, "date": self.date, **self.owner_refs(kind, oid),
                "field": s.field, "start": s.start,
                "end": s.end, "text": s.text, "value": value, "value_max": value_max, "unit": q.unit,
                "approx": q.approx, "kind": q.kind, "currency": q.currency, "date_iso": q.date_iso}


def _finite(x: float | None) -> float | None:
    """The value as JSON can carry it: a float that overflowed (a 400-digit number) or NaN becomes None."""
    if x is None:
        return None
    try:
        return x if math.isfinite(float(x)) else None
    except OverflowError:  # an int past the float range
        return None


def _short(text: str) -> str:
    return repr(text) if len(text) <= 24 else f"{text[:12]!r}… ({len(text)} characters)"


def _link_continuations(articles: list[Row]) -> list[Row]:
    """Link 下转/上接 fragments whose pages are both in the input; add a merged view of each pair."""
    by_page: dict[int, list[Row]] = {}
    for a in articles:
        if a["printed_page"] is not None:
            by_page.setdefault(a["printed_page"], []).append(a)
    views = []
    for a in articles:
        if a["continued_to_page"] is None or a["printed_page"] is None:
            continue
        cands = [b for b in by_page.get(a["continued_to_page"], [])
                 if b["continued_from_page"] == a["printed_page"] and b["continues_article_id"] is None]
        if not cands:
            continue
        b = cands[0]
        a["continued_by_article_id"], b["continues_article_id"] = b["article_id"], a["article_id"]
        views.append(_merged(a, b))
    return views


def _merged(a: Row, b: Row) -> Row:
    """One article made of two fragments, for readers who want it whole."""
    paras = a["paragraphs"] + b["paragraphs"]
    text = a["text"] + "\n" + b["text"]
    shift, n = len(a["text"]) + 1, len(a["paragraphs"])
    subs = a["subheadings"] + [{**s, "before_paragraph": s["before_paragraph"] + n, "start": s["start"] + shift,
                                "end": s["end"] + shift} for s in b["subheadings"]]
    spk = a["speakers"] + [{**s, "paragraph": s["paragraph"] + n, "start": s["start"] + shift,
                            "end": s["end"] + shift} for s in b["speakers"]]
    prov = dict(a["provenance"], repairs=a["provenance"]["repairs"] + b["provenance"]["repairs"])
    return {**a, "article_id": a["article_id"] + "-m", "paragraphs": paras, "subheadings": subs,
            "speakers": spk, "text": text, "notes": a["notes"] + b["notes"],
            "cross_references": a["cross_references"] + b["cross_references"], "continued_to_page": None,
            "continues_article_id": None, "continued_by_article_id": None,
            "merged_from": [a["article_id"], b["article_id"]], "char_count": len(text), "provenance": prov}


def build_records(meta: IssueMeta, src: SourceText, layout: Layout, seg: Segmented,
                  annotated: list[AnnotatedItem]) -> Records:
    """All rows of one issue."""
    b = _Builder(meta, src, layout)
    ids = b.owner_ids(annotated)
    last_article: str | None = None  # an image printed inside an article follows that article's item
    for oid, a in zip(ids, annotated, strict=True):
        it = a.item
        if it.kind == "article":
            last_article = oid
            b.rows["articles"].append(b.article(oid, it))
        else:
            b.rows["images"].append(b.image(oid, it, last_article if it.in_article else None))
        b.rows["people"] += [b.person(it.kind, oid, p) for p in a.spans.get("people", ())]
        b.rows["numbers"] += [b.number(it.kind, oid, q, it.line_start) for q in a.spans.get("numbers", ())]
    b.rows["articles"] += _link_continuations(b.rows["articles"])
    for s in seg.sections:
        sid = b.section_id(s.page)
        b.rows["sections"].append({
            "section_id": sid, "schema_version": SCHEMA_VERSION, "issue_id": b.iid, "paper_id": b.paper_id,
            "date": b.date, "page": s.page,
            "printed_page": s.printed_number, "name": s.name, "editors": list(s.editors),
            "furniture": list(s.furniture),
            "article_ids": [r["article_id"] for r in b.rows["articles"] if r["section_id"] == sid],
            "image_ids": [r["image_id"] for r in b.rows["images"] if r["section_id"] == sid]})
    b.rows["issues"].append({
        "issue_id": b.iid, "schema_version": SCHEMA_VERSION, "newspaper": meta.newspaper,
        "paper_id": meta.paper_id, "date": meta.date.isoformat(), "edition": meta.edition,
        "page_count": len(layout.pages), "printed_pages": [p.printed_number for p in layout.pages],
        "article_count": sum(not r["merged_from"] for r in b.rows["articles"]),
        "merged_article_count": sum(bool(r["merged_from"]) for r in b.rows["articles"]),
        "image_count": len(b.rows["images"]), "people_count": len(b.rows["people"]),
        "number_count": len(b.rows["numbers"]),
        "source_file": src.name, "source_sha256": src.sha256, "source_bytes": src.size_bytes,
        "encoding": src.encoding, "newline": src.newline, "converter": "corpus-tools",
        "script": detect_script(src.text), "charset_notes": charset_notes(src.lines, src.encoding),
        "converter_version": __version__, "repairs": [_repair(r) for r in layout.repairs
                                                      if r.kind == "duplicate_removed"],
        "unplaced": [{"page": u.page, "text": u.text, "line_start": u.line_start, "line_end": u.line_end,
                      "reason": u.reason} for u in seg.unplaced]})
    return Records(issue_id=b.iid, rows=b.rows, notes=tuple(b.notes))
