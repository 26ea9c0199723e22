"""Fixtures of the Discord tests: the stand-in, settings for it, and heartbot connected to it.

Discord test modules load this as a plugin (``pytest_plugins = ["discord_fixtures"]``), so only
they import discord.py.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from bot.config import DB_FILE, Settings
from bot.curation.store import Recorder
from bot.engine.core import Engine
from bot.limits import FOLLOW_UP_SECONDS, REPEAT_SECONDS
from bot.transports.discord.bot import Answered, Conversations, Throttle
from tests.helpers import KNOWLEDGE
from tests.transports.discord.scene import Clock, Scene, make_bot, running
from tests.transports.discord.standin import StandIn


@pytest.fixture
async def standin(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[StandIn]:
    """A loopback Discord that discord.py talks to instead of discord.com."""
    standin = StandIn()
    await standin.start()
    monkeypatch.setattr(discord.http.Route, "BASE", standin.api_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(standin.gateway_url))
    yield standin
    await standin.close()
    assert standin.problems == [], "Discord would have refused this, or users would suffer it"


@pytest.fixture
def discord_settings(standin: StandIn, tmp_path: Path) -> Settings:
    """Settings with the stand-in's token and its #questions as an auto-answer channel."""
    return Settings(
        token=standin.token,
        knowledge=KNOWLEDGE,
        channels=frozenset({standin.auto.id}),
        data_dir=tmp_path / "data",
    )


@pytest.fixture
async def scene(
    standin: StandIn,
    engine: Engine,
    discord_settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Scene]:
    """heartbot connected to the stand-in and ready, recording feedback in a fresh database;
    by the end, no errors logged."""
    clock = Clock()
    recorder = Recorder(discord_settings.data_dir / DB_FILE)
    bot = make_bot(
        engine,
        discord_settings,
        recorder=recorder,
        throttle=Throttle(clock=clock),
        conversations=Conversations(FOLLOW_UP_SECONDS, clock=clock),
        answered=Answered(REPEAT_SECONDS, clock=clock),
    )
    async with running(bot, standin.token):
        yield Scene(standin, bot, clock, recorder)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], "the bot logged errors"
