"""The working record of one match (``_Hit``), which the handlers build and the passes adjust
(ranges, inherited units, dates) before it becomes a frozen ``Quantity``, and its kind.

The kind is fixed by the grammar (date, ordinal, code) or read off the unit; reading it is cached
by what it depends on, since the same few units come back all the time.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus_tools.annotate.numbers.vocab import _GE_UNITS, _UNIT_KIND


@dataclass(slots=True)
class _Hit:
    """One match while the passes still adjust it (ranges, inherited units, dates)."""

    start: int
    end: int
    value: float | None
    value_max: float | None = None
    unit: str | None = None
    approx: str | None = None
    kind: str | None = None  # fixed kind (date, ordinal, other for codes); else derived from unit
    currency: str | None = None
    yearlike: bool = False
    scaled: bool = False
    date: tuple[int | None, int | None, int | None] | None = None
    date_max: tuple[int | None, int | None, int | None] | None = None
    date_iso: str | None = None


def _tail_kind(unit: str | None) -> str | None:
    """The kind a unit as printed gives (个月 and the like too); None without a unit."""
    return (_UNIT_KIND.get(unit) or _GE_UNITS.get(unit[1:])) if unit else None


_KINDS: dict[tuple[str | None, bool, bool], str] = {}


def _kind_of(hit: _Hit) -> str:
    """The kind: fixed by the grammar (date, ordinal, code) or read off the unit."""
    if hit.kind:
        return hit.kind
    key = (hit.unit, hit.yearlike, not hit.currency)  # all that _unit_kind_of reads
    kind = _KINDS.get(key)
    if kind is None:
        kind = _KINDS[key] = _unit_kind_of(hit)
    return kind


def _unit_kind_of(hit: _Hit) -> str:
    unit = hit.unit or ""
    if unit in ("年", "年度") and hit.yearlike:
        return "year"
    base = unit.split("/")[0]
    if base.startswith("个") and base != "个":
        return _GE_UNITS.get(base[1:], _UNIT_KIND.get(base, "count"))
    if unit == "年度":
        return "duration"
    return _UNIT_KIND.get(base, "other") if unit else ("money" if hit.currency else "other")
