"""``heartbot check``: prove the fact base against its source and against its own questions."""

from __future__ import annotations

from bot.engine.core import Engine
from bot.engine.knowledge import label
from bot.limits import MIN_QUESTIONS


def routing_problems(engine: Engine) -> list[str]:
    """Every curated question must lead back to its own entry; a stray one names both entries."""
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
    return problems
