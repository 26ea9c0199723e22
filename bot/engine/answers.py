"""The reply as data, and its rendering as plain text with citation numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, TypeVar

from bot.engine.knowledge import Fact
from bot.limits import MAX_ECHO

UNCITED = "The source gives no citation number for this."
YES = "Yes. "  # before a fact whose own words bear out a yes/no question

T = TypeVar("T")
_MENTION = re.compile(r"@(?=\S)|<(?=[@#][!&]?\d+>)")


class Outcome(StrEnum):
    """How the engine dealt with a question."""

    ANSWER = "answer"  # one fact, or a roundup of a few, with citations
    UNKNOWN = "unknown"  # in-domain, but the source doesn't say
    SUGGEST = "suggest"  # close to something, not sure enough to answer
    REFUSE = "refuse"  # nothing close
    HINT = "hint"  # nothing asked ("test", "hello"): how to ask


class Suggestion(NamedTuple):
    """A "did you mean": the entry it leads to and the question that asks for it."""

    entry_id: str
    question: str


@dataclass(frozen=True)
class Reply:
    """What heartbot says to one question; transports only render it."""

    question: str
    outcome: Outcome
    facts: tuple[Fact, ...] = ()
    message: str = ""
    nearest: Fact | None = None
    suggestions: tuple[Suggestion, ...] = ()
    score: float = 0.0
    entry_id: str | None = None
    topics: tuple[str, ...] = ()
    # The best-scoring entry whatever the outcome: what a curator reads as "nearest".
    closest: str | None = None
    sources: tuple[str, ...] = ()  # the titles of the sources the facts shown come from
    # A yes/no question the fact's own words bear out ("was MGM the distributor?"): "Yes."
    confirmed: bool = False

    @property
    def answered(self) -> bool:
        """Only a fact answer counts as answered; unknowns and suggestions do not."""
        return self.outcome is Outcome.ANSWER

    @property
    def citations(self) -> tuple[int, ...]:
        """The citation numbers of the answer, in order, once each."""
        return unique(n for fact in self.facts for n in fact.cites)

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """The ids of the facts answered."""
        return tuple(fact.id for fact in self.facts)


def unique(items: Iterable[T]) -> tuple[T, ...]:
    """Keep the first of each, in order: citation numbers, source titles."""
    return tuple(dict.fromkeys(items))


def format_cites(cites: Iterable[int]) -> str:
    """Render citation numbers as the source writes them: ``[16][17]``."""
    return "".join(f"[{n}]" for n in cites)


def cited(fact: Fact, *, markdown: bool = False, inline: bool = False) -> str:
    """A fact's answer followed by its citation numbers, or the note that it has none.

    ``markdown`` sets the note in italics, as chat apps show it: on a line of its own, or
    ``inline`` right after the answer (in a list, so it stays with its own fact).
    """
    if fact.cites:
        return f"{fact.answer} {format_cites(fact.cites)}"
    if not markdown:
        return f"{fact.answer} ({UNCITED})"
    return f"{fact.answer} *({UNCITED})*" if inline else f"{fact.answer}\n*{UNCITED}*"


def neutralise(text: str) -> str:
    """Make echoed text unable to ping: break ``@everyone``, ``@name`` and ``<@123>``."""
    return _MENTION.sub(lambda m: m.group(0) + "\u200b", text)


def echo(text: str) -> str:
    """Quote user text back safely: one line, capped, no pings, no markdown breakout."""
    line = " ".join(text.split())
    if len(line) > MAX_ECHO:
        line = line[: MAX_ECHO - 1] + "…"
    return neutralise(line.replace("`", "'"))


def render_text(reply: Reply, *, with_source: bool = False) -> str:
    """Render a reply for a terminal (and for Discord where it can't embed).

    ``with_source`` names the source document the answer comes from: worth saying when
    heartbot knows more than one.
    """
    lines: list[str] = []
    if reply.outcome is Outcome.ANSWER:
        if len(reply.facts) == 1:
            lines.append(
                f"{YES}{cited(reply.facts[0])}" if reply.confirmed else cited(reply.facts[0])
            )
        else:
            lines.extend(f"• {cited(fact)}" for fact in reply.facts)
    else:
        lines.append(reply.message)
        if reply.nearest is not None:
            lines.append(f"What it does say: {cited(reply.nearest)}")
        if reply.suggestions:
            lines.append("Did you mean:")
            lines.extend(f"  • {s.question}" for s in reply.suggestions)
        if reply.topics:
            lines.append("Try asking about: " + ", ".join(reply.topics) + ".")
    if with_source and reply.sources:
        lines.append("Source: " + "; ".join(reply.sources))
    return "\n".join(lines)
