"""An ordered, editable list of named rules (after markdown-it-py's Ruler)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

F = TypeVar("F", bound=Callable)


@dataclass
class _Entry(Generic[F]):
    name: str
    fn: F
    enabled: bool = True


class Ruler(Generic[F]):
    """Rules run in list order; each can be enabled, disabled, inserted or replaced by name."""

    def __init__(self) -> None:
        self._rules: list[_Entry[F]] = []

    def push(self, name: str, fn: F) -> None:
        """Append a rule at the end."""
        self._rules.append(_Entry(name, fn))

    def before(self, anchor: str, name: str, fn: F) -> None:
        """Insert a rule just before ``anchor``."""
        self._rules.insert(self._index(anchor), _Entry(name, fn))

    def at(self, name: str, fn: F) -> None:
        """Replace the rule called ``name``."""
        self._rules[self._index(name)].fn = fn

    def enable(self, name: str, on: bool = True) -> None:
        """Switch a rule on or off."""
        self._rules[self._index(name)].enabled = on

    def rules(self) -> list[tuple[str, F]]:
        """The enabled rules in order."""
        return [(r.name, r.fn) for r in self._rules if r.enabled]

    def names(self) -> list[str]:
        """All rule names in order, enabled or not."""
        return [r.name for r in self._rules]

    def _index(self, name: str) -> int:
        for i, r in enumerate(self._rules):
            if r.name == name:
                return i
        raise KeyError(f"no rule named {name!r}; rules are {self.names()}")
