"""``heartbot check``: prove the fact base against its source and against its own questions."""

from __future__ import annotations

from bot.engine.core import Engine
from bot.engine.knowledge import Unknown, label
from bot.limits import MIN_QUESTIONS


def routing_problems(engine: Engine) -> list[str]:
    """Every curated question must lead back to its own entry; a stray one names both entries.
    And a known unknown's alias must name something its nearest fact doesn't say."""
    kb = engine.knowledge
    problems: list[str] = []
    for entry in kb.entries:
        where = str(kb.file_of(entry.id).path)
        name = label(entry)
        if len(entry.questions) < MIN_QUESTIONS:
            problems.append(
                f"{where}: {name}: questions: {len(entry.questions)} given, "
                f"at least {MIN_QUESTIONS} wanted"
            )
        for question in entry.questions:
            reply = engine.ask(question)
            if reply.entry_id == entry.id:
                continue
            if reply.entry_id is not None:
                other = label(kb.entry(reply.entry_id))
                elsewhere = kb.file_of(reply.entry_id).path
                if str(elsewhere) != where:
                    other += f" of {elsewhere.name}"
                problems.append(
                    f"{where}: {name}: questions: {question!r} routes to {other} instead"
                )
            else:
                problems.append(
                    f"{where}: {name}: questions: {question!r} is not answered "
                    f"({reply.outcome.value}, score {reply.score:.0f})"
                )
    return problems + _shared_questions(engine) + _alias_problems(engine)


def _shared_questions(engine: Engine) -> list[str]:
    """A question curated under two entries that are no roundup and member: whichever it
    routes to, the other's curator meant it too. Both are named."""
    kb, index = engine.knowledge, engine.matcher.index
    holders: dict[str, list[str]] = {}
    for entry in kb.entries:
        for question in entry.questions:
            holders.setdefault(_as_typed(question), []).append(entry.id)
    problems: list[str] = []
    for entry in kb.entries:
        for question in entry.questions:
            others = [
                other
                for other in holders[_as_typed(question)]
                if other != entry.id and other not in index.related(entry.id)
            ]
            if others:
                where = kb.file_of(entry.id).path
                also = ", ".join(label(kb.entry(other)) for other in others)
                problems.append(
                    f"{where}: {label(entry)}: questions: {question!r} is curated under {also} too"
                )
    return problems


def _as_typed(question: str) -> str:
    """A question as the same one typed again: case and spacing aside."""
    return " ".join(question.casefold().split())


def _alias_problems(engine: Engine) -> list[str]:
    """An unknown's alias that leans on a light word ("which exhibitors") is read without it
    ("exhibitors"): where its nearest fact holds the rest whole, it takes questions the fact
    answers."""
    kb, matcher = engine.knowledge, engine.matcher
    problems: list[str] = []
    for entry in kb.entries:
        if not isinstance(entry, Unknown) or entry.nearest is None:
            continue
        said = matcher.index.tokens_of(entry.nearest)
        read = zip(
            entry.aliases,
            matcher.index.aliases_of(entry.id),
            matcher.alias_meanings(entry.id),
            strict=True,
        )
        for alias, tokens, meant in read:
            if len(meant) < len(set(tokens)) and meant <= said:
                problems.append(
                    f"{kb.file_of(entry.id).path}: {label(entry)}: aliases: {alias!r} says "
                    f"nothing {label(kb.entry(entry.nearest))} doesn't: drop it, or name what "
                    "the source doesn't say"
                )
    return problems
