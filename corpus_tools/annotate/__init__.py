"""Annotators: components that add standoff span groups to a segmented item.

Each component declares the group it adds and the groups it needs; the order
is the explicit list in ``PIPELINE`` (registration is not an import side effect).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corpus_tools.types import AnnotatedItem, IssueContext, Item


@dataclass(frozen=True)
class Component:
    """One annotator: a name, the span group it adds, what it needs, the function."""

    name: str
    adds: str
    needs: tuple[str, ...]
    run: Callable[[Item, IssueContext], tuple]


def default_pipeline() -> list[Component]:
    """The components in the order they run; edit this list to add or drop one."""
    from corpus_tools.annotate.numbers import annotate_numbers
    from corpus_tools.annotate.people import annotate_people

    return [
        Component("people", "people", (), annotate_people),
        Component("numbers", "numbers", (), annotate_numbers),
    ]


def annotate(items: Sequence[Item], ctx: IssueContext,
             pipeline: Sequence[Component] | None = None) -> list[AnnotatedItem]:
    """Run every component over every item; check each component's needs first."""
    comps = list(pipeline if pipeline is not None else default_pipeline())
    have: set[str] = set()
    for c in comps:
        missing = [n for n in c.needs if n not in have]
        if missing:
            raise ValueError(f"annotator {c.name!r} needs {missing} which no earlier component adds")
        have.add(c.adds)
    out = []
    for item in items:
        groups = {c.adds: tuple(c.run(item, ctx)) for c in comps}
        out.append(AnnotatedItem(item=item, spans=groups))
    return out
