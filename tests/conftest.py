"""Shared fixtures: the shipped knowledge and engine, built once per test session."""

from __future__ import annotations

import shutil
import tomllib
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.curation.store import Database, Recorder
from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeBase, load_knowledge
from bot.engine.source import Source, load_source
from tests.helpers import (
    KNOWLEDGE,
    SECOND,
    SEED,
    MakeRecorder,
    RunHeartbot,
    run_in_process,
    to_toml,
)
from tests.postgres import Server, running_server, server_binaries


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """The shipped fact base, proven against the shipped source."""
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(knowledge: KnowledgeBase) -> Engine:
    """The engine over the shipped fact base."""
    return Engine(knowledge)


# --- The engine suite: the parsed source, editable fact files, the command line -------------


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
        path.write_text(to_toml(data), encoding="utf-8")
        return path

    return write


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
    """Run ``heartbot ARGS`` in this process, as from the project root; ``env`` adds variables."""
    return run_in_process


# --- A real PostgreSQL server on loopback, started once for the session ---------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server of our own on 127.0.0.1, stopped and removed at the end."""
    binaries = server_binaries()
    if binaries is None:
        pytest.skip(
            "no PostgreSQL server binaries (initdb, pg_ctl) on this machine; "
            "install them (Debian: apt-get install postgresql) to run the PostgreSQL tests"
        )
    with running_server(binaries) as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: Server) -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped when the test ends."""
    import psycopg

    name = f"heartbot_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.url(name)
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def make_recorder() -> Iterator[MakeRecorder]:
    """Build recorders (on a file or a PostgreSQL URL) that are closed when the test ends."""
    made: list[Recorder] = []

    def make(database: Database, **options: Any) -> Recorder:
        # A busy database is retried with backoff: a test needs no real patience for it.
        options.setdefault("backoff_seconds", 0.001)
        made.append(Recorder(database, **options))
        return made[-1]

    yield make
    for recorder in made:
        recorder.close()
