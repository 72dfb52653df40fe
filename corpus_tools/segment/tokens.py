"""Tokens and the declarations rules make about them.

A rule classifies one paragraph and says, in its own file, what its token does
to the item being built (a ``Role``): whether it is a head line, body text,
opens or closes an item, which draft fields it fills, what text it carries, or
whether it is page furniture.  The builder reads these declarations and never
asks what kind a token is, so a new rule's token does exactly what its rule
declares (markdown-it-py's block rules own their lines the same way).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from corpus_tools.types import Para

Text = Literal["para", "rest", "none"]


@dataclass(frozen=True)
class DocShape:
    """Issue-wide layout habits the rules may lean on."""

    indent_mode: bool  # body paragraphs are indented, heads are not (layout.indent_mode decides)
    dense: bool  # paragraphs of an article follow without blank lines; blank lines part items


@dataclass(frozen=True)
class Role:
    """What a rule's token does to the item being built.

    ``fills`` names draft fields the token's ``data`` entries of the same name
    go to (``dateline``, ``byline``, ``credit``, ``cont_from``, ``cont_to``,
    ``notes``, ``xrefs``, ``turn``); a single-valued field already filled
    sends the whole paragraph to ``spill`` (``body`` or ``notes``) so that
    nothing is dropped.  ``text`` says which text becomes body text: the whole
    paragraph, ``data["rest"]`` (what follows a marker), or none.
    """

    head: bool = False  # a head line: kicker, headline, subheadline, subheading or photo title
    text: Text = "none"
    fills: tuple[str, ...] = ()
    spill: Literal["body", "notes"] = "notes"
    body: bool = False  # marks the start of body text even without text of its own (a dateline)
    article: bool = False  # only articles have it (bylines, datelines): its item is no photo item
    opens: bool = False  # always heads a new item of its own (a correction notice)
    restarts: bool = False  # starts a new item when the current one already has body (上接 markers)
    closes: bool = False  # ends a photo item (a photo credit) unless the item is an article
    finishes: bool = False  # after body text it ends the article (a closing byline or note): a head opens a new item
    sibling: bool = False  # after a finished photo item: the next picture of its set, under the same title
    boundary: bool = False  # head lines right before it open a new item
    furniture: str | None = None  # page furniture: the section field it goes to (editors, furniture)


@dataclass(frozen=True)
class Token:
    """A classified paragraph; ``data`` holds what the rule parsed out of it (printed text)."""

    kind: str
    para: Para
    data: dict = field(default_factory=dict)
    role: Role = Role(text="para")


@dataclass(frozen=True)
class Context:
    """What a rule may read besides its paragraph: the issue's shape and the whole page.

    ``views[i]`` is ``script.to_view`` of ``paras[i].text``: rules match on the
    view (simplified characters, mainland punctuation, same length) and slice
    the printed text with the offsets they found.
    """

    shape: DocShape
    paras: tuple[Para, ...]
    views: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    printed_number: int | None = None  # the page's printed number, when its header gave one


@dataclass(frozen=True)
class At:
    """A rule's position: paragraph ``index`` of the page in ``ctx``."""

    ctx: Context
    index: int

    @property
    def para(self) -> Para:
        return self.ctx.paras[self.index]

    @property
    def text(self) -> str:
        return self.ctx.paras[self.index].text

    @property
    def view(self) -> str:
        return self.ctx.views[self.index]

    @property
    def shape(self) -> DocShape:
        return self.ctx.shape

    def next(self) -> At | None:
        """The paragraph after this one on the page, if any."""
        return At(self.ctx, self.index + 1) if self.index + 1 < len(self.ctx.paras) else None

    def classify(self, skip: str) -> Token | None:
        """What the other rules make of this paragraph (rule ``skip`` left out, so a rule may ask of a neighbour)."""
        for rule in self.ctx.rules:
            if rule.name != skip:
                tok = rule.match(self)
                if tok is not None:
                    return tok
        return None

    def prev(self) -> At | None:
        """The paragraph before this one on the page, if any."""
        return At(self.ctx, self.index - 1) if self.index > 0 else None


Match = Callable[[At], "Token | None"]
Check = Callable[[At], bool]


def always(at: At) -> bool:
    """The check of a rule that can match anywhere (the fallback, a shortcut): it never rules anything out."""
    return True


@dataclass(frozen=True)
class Rule:
    """A named classification rule: ``match`` gives a token or None, ``check`` answers "could you match here?".

    ``check`` is the rule's check-only mode: cheap, never wrong when it says no
    (a rule whose ``check`` is False never matches), so a shortcut can ask every
    rule instead of copying their thresholds.
    """

    name: str
    match: Match
    role: Role
    check: Check = always

    def token(self, at: At, role: Role | None = None, **data: object) -> Token:
        """This rule's token for the paragraph at ``at`` (``role``: another role the rule declares)."""
        return Token(self.name, at.para, dict(data), role or self.role)
