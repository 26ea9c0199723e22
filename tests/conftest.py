"""Shared fixtures: the shipped knowledge and engine, built once per test session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeBase, load_knowledge
from bot.engine.source import Source, load_source

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


# --- The engine suite: the parsed source, editable fact files, the command line -------------

PROJECT = KNOWLEDGE.parent.parent
SEED = PROJECT / "seeds" / "one_from_the_heart.txt"

RunHeartbot = Callable[..., subprocess.CompletedProcess[str]]
WriteKnowledge = Callable[..., Path]


@pytest.fixture(scope="session")
def source() -> Source:
    """The shipped source document, parsed."""
    return load_source(SEED)


@pytest.fixture
def shipped_data() -> dict[str, Any]:
    """The shipped fact file as plain data: a fresh copy each test may edit."""
    with KNOWLEDGE.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture
def write_knowledge(tmp_path: Path) -> WriteKnowledge:
    """Write fact data as knowledge/facts.toml beside a seeds/ folder; return the file's path.

    The seeds folder holds the shipped source, or ``seed`` text, under the name the data's
    [source] table gives, so ``load_knowledge(path)`` and ``--knowledge path`` both find it.
    """

    def write(data: Mapping[str, Any], *, seed: str | None = None) -> Path:
        seeds = tmp_path / "seeds"
        seeds.mkdir(exist_ok=True)
        name = data.get("source", {}).get("file", SEED.name)
        text = SEED.read_text(encoding="utf-8") if seed is None else seed
        (seeds / name).write_text(text, encoding="utf-8")
        folder = tmp_path / "knowledge"
        folder.mkdir(exist_ok=True)
        path = folder / "facts.toml"
        path.write_text(_to_toml(data), encoding="utf-8")
        return path

    return write


def _to_toml(data: Mapping[str, Any]) -> str:
    """Write the subset of TOML the fact files use: tables, arrays of tables, strings, ints."""
    lines: list[str] = []
    for name, value in data.items():
        tables = value if isinstance(value, list) else [value]
        header = f"[[{name}]]" if isinstance(value, list) else f"[{name}]"
        for table in tables:
            lines.append(header)
            lines.extend(f"{key} = {_toml_value(item)}" for key, item in table.items())
            lines.append("")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    # A JSON string is a valid TOML basic string; JSON integers are TOML integers.
    return json.dumps(value, ensure_ascii=False)


# --- Several sources: the shipped one beside a small one of our own (tests/data/second_source) --

SECOND = Path(__file__).resolve().parent / "data" / "second_source"
SECOND_TITLE = "Harrow Street Picture House"
# A curator's fix for a question the second source's fact base refuses: an entry saying so.
NEW_QUESTION = "who was the cinema manager"
STAFF = """
[[unknown]]
id = "picture-house-staff"
topic = "History"
answer = "The source doesn't say who worked at the Picture House."
questions = ["who was the cinema manager", "who worked at the cinema", "picture house staff"]
"""


@pytest.fixture
def two_sources(tmp_path: Path) -> Path:
    """A knowledge folder holding the shipped fact file and a second one, with both seeds."""
    knowledge, seeds = tmp_path / "knowledge", tmp_path / "seeds"
    knowledge.mkdir()
    seeds.mkdir()
    for folder, target in ((KNOWLEDGE.parent, knowledge), (SEED.parent, seeds)):
        for item in folder.iterdir():
            shutil.copy(item, target / item.name)
    for item in (SECOND / "knowledge").iterdir():
        shutil.copy(item, knowledge / item.name)
    for item in (SECOND / "seeds").iterdir():
        shutil.copy(item, seeds / item.name)
    return knowledge


@pytest.fixture(scope="session")
def run_heartbot() -> RunHeartbot:
    """Run ``python -m bot ARGS`` in a fresh process from the project root, stdin given.

    ``env`` adds variables (such as HEARTBOT_DATA_DIR) to the cleaned environment.
    """
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"HEARTBOT_KNOWLEDGE", "PYTHONUNBUFFERED"}
    }

    def run(
        *args: str, stdin: str = "", env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=PROJECT,
            env={**clean, **(env or {})},
            timeout=120,
            check=False,
        )

    return run
