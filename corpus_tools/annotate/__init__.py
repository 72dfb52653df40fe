"""Annotators: components over one shared document, each adding a named group of standoff spans.

As in spaCy's ``Doc.spans``, every component sees the groups the components before it added (a
component that ``needs`` a group can read it from ``doc.spans``), so the numbers annotator skips what
the people annotator took, and a later annotator can skip both.  The order is the explicit list of
``default_pipeline`` (registration is not an import side effect); a list passed to ``annotate`` (or to
``pipeline.convert``) is run as given and every group it adds is kept on the annotated item.

One analysis, two scripts: components match on ``doc.views`` -- each field mapped by
``corpus_tools.script.to_view`` to simplified characters and mainland punctuation, position by
position -- and slice every span's text from ``doc.fields``, the text as printed.  Offsets are Python
code points, end exclusive, into the printed field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from corpus_tools.script import to_view
from corpus_tools.types import AnnotatedItem, IssueContext, Item, Span


@dataclass
class Doc:
    """One item under annotation: printed fields, their views, and the span groups added so far."""

    item: Item
    fields: dict[str, str]
    views: dict[str, str]
    spans: dict[str, tuple] = field(default_factory=dict)

    @classmethod
    def of(cls, item: Item) -> Doc:
        fields = item.fields()
        return cls(item, fields, {k: to_view(v) for k, v in fields.items()})

    def taken(self, group: str, fname: str) -> list[tuple[int, int]]:
        """The ``[start, end)`` ranges of ``fname`` that spans of ``group`` cover (people mentions too)."""
        out = []
        for rec in self.spans.get(group, ()):
            for sp in _spans_of(rec):
                if sp.field == fname:
                    out.append((sp.start, sp.end))
        return sorted(out)


def _spans_of(rec: object) -> Iterable[Span]:
    """The spans of one record of a group: a Span, a record with ``span``, or one with ``mentions``."""
    if isinstance(rec, Span):
        return (rec,)
    span = getattr(rec, "span", None)
    if isinstance(span, Span):
        return (span,)
    return tuple(getattr(rec, "mentions", ()))


@dataclass(frozen=True)
class Component:
    """One annotator: a name, the span group it adds, the groups it needs, the function."""

    name: str
    adds: str
    needs: tuple[str, ...]
    run: Callable[[Doc, IssueContext], Iterable]


def default_pipeline() -> list[Component]:
    """The components in the order they run; extend a copy of this list to add one."""
    from corpus_tools.annotate.numbers import annotate_numbers
    from corpus_tools.annotate.people import annotate_people

    return [
        Component("people", "people", (), annotate_people),
        Component("numbers", "numbers", ("people",), annotate_numbers),
    ]


def check_pipeline(comps: Sequence[Component]) -> None:
    """Every need met by an earlier component, no group added twice (it would hide the first)."""
    have: set[str] = set()
    for c in comps:
        missing = [n for n in c.needs if n not in have]
        if missing:
            raise ValueError(f"annotator {c.name!r} needs {missing} which no earlier component adds")
        if c.adds in have:
            raise ValueError(f"annotator {c.name!r} adds group {c.adds!r} which an earlier component adds")
        have.add(c.adds)


def annotate(items: Sequence[Item], ctx: IssueContext,
             pipeline: Sequence[Component] | None = None) -> list[AnnotatedItem]:
    """Run every component over every item's document, in order; keep every group they add."""
    comps = list(pipeline if pipeline is not None else default_pipeline())
    check_pipeline(comps)
    out = []
    for item in items:
        doc = Doc.of(item)
        for c in comps:
            doc.spans[c.adds] = tuple(c.run(doc, ctx))
        out.append(AnnotatedItem(item=item, spans=doc.spans))
    return out
