"""Reload the fact base without a restart: a broken file keeps the old knowledge answering."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.limits import MAX_PROBLEMS


@dataclass(frozen=True)
class Reloaded:
    """The outcome of a reload: the new engine, or None and why the old one stays."""

    engine: Engine | None
    message: str

    @property
    def ok(self) -> bool:
        """Whether the new knowledge is in place."""
        return self.engine is not None


def summary(knowledge: KnowledgeBase) -> str:
    """Count what a fact base holds, as a curator checks it after an edit."""
    sources = len(knowledge.files)
    return (
        f"{sources} source{'s' if sources != 1 else ''}, {len(knowledge.facts)} facts, "
        f"{len(knowledge.unknowns)} known unknowns, {len(knowledge.roundups)} roundups"
    )


def reload_engine(path: Path, current: Engine) -> Reloaded:
    """Load the knowledge at ``path`` and build its engine; on any fault, say what to fix."""
    try:
        knowledge = load_knowledge(path)
    except KnowledgeError as exc:
        problems = list(exc.problems)
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS} more (run `heartbot check`)")
        return Reloaded(
            None,
            "Kept the knowledge I had; the new files have problems:\n"
            + "\n".join(f"• {problem}" for problem in shown),
        )
    engine = Engine(knowledge)
    return Reloaded(
        engine,
        f"Reloaded the knowledge: {summary(knowledge)} (was {summary(current.knowledge)}).",
    )
