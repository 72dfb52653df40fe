"""An ordered, editable list of named rules (after markdown-it-py's Ruler)."""

from __future__ import annotations

from dataclasses import dataclass

from corpus_tools.segment.tokens import Rule


@dataclass
class _Entry:
    rule: Rule
    enabled: bool = True


class Ruler:
    """Rules run in list order; each can be enabled, disabled, inserted or replaced by name."""

    def __init__(self) -> None:
        self._rules: list[_Entry] = []

    def push(self, rule: Rule) -> None:
        """Append a rule at the end."""
        self._rules.append(_Entry(rule))

    def before(self, anchor: str, rule: Rule) -> None:
        """Insert a rule just before ``anchor``."""
        self._rules.insert(self._index(anchor), _Entry(rule))

    def at(self, name: str, rule: Rule) -> None:
        """Replace the rule called ``name``."""
        self._rules[self._index(name)].rule = rule

    def enable(self, name: str, on: bool = True) -> None:
        """Switch a rule on or off."""
        self._rules[self._index(name)].enabled = on

    def rules(self) -> tuple[Rule, ...]:
        """The enabled rules in order."""
        return tuple(r.rule for r in self._rules if r.enabled)

    def names(self) -> list[str]:
        """All rule names in order, enabled or not."""
        return [r.rule.name for r in self._rules]

    def _index(self, name: str) -> int:
        for i, r in enumerate(self._rules):
            if r.rule.name == name:
                return i
        raise KeyError(f"no rule named {name!r}; rules are {self.names()}")
