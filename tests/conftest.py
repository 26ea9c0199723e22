"""Shared fixtures: the shipped knowledge and engine, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge import KnowledgeBase, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge" / "one_from_the_heart.toml"


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """The shipped fact base, proven against the shipped source."""
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(knowledge: KnowledgeBase) -> Engine:
    """The engine over the shipped fact base."""
    return Engine(knowledge)
