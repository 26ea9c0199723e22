"""heartbot connected to the Discord stand-in: the scene each Discord test plays in."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

from bot.config import Settings
from bot.curation.store import Asked, FeedbackStore, NullRecorder, Recorder, Recording, Voted
from bot.engine.answers import Outcome
from bot.engine.core import Engine
from bot.transports.discord.bot import HeartBot
from tests.transports.discord.standin import WAIT, StandIn

SURE_QUESTION = "who lent the money"  # the engine answers this one confidently
# The buttons under a public answer, in order, while its asker may still delete it.
ANSWER_BUTTONS = ["Source", "Helpful", "Not helpful", "Read it on Wikipedia", "Delete"]
EXAMPLES = {
    Outcome.ANSWER: ("who lent the money", "who directed it"),
    Outcome.UNKNOWN: ("box office", "who played", "what about the music"),
    Outcome.SUGGEST: ("singer", "sets", "the plane", "coppola", "frannie"),
    Outcome.REFUSE: ("what is the weather in paris", "hello there"),
}


def question_for(engine: Engine, outcome: Outcome) -> str:
    """A question the engine meets with ``outcome``, so tests survive tuning of the engine."""
    for question in EXAMPLES[outcome]:
        if engine.ask(question).outcome is outcome:
            return question
    raise AssertionError(f"none of {EXAMPLES[outcome]} gets {outcome}; add an example that does")


class Clock:
    """A clock the test moves by hand, so cooldowns don't depend on how fast the machine is."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Scene:
    """The stand-in Discord, the bot connected to it, and what the bot recorded."""

    standin: StandIn
    bot: HeartBot
    clock: Clock
    recorder: Recording = field(default_factory=NullRecorder)

    async def recorded(self) -> tuple[list[Asked], list[Voted]]:
        """What the bot has written to its feedback database so far."""
        assert isinstance(self.recorder, Recorder), "this scene records nothing"
        await asyncio.to_thread(self.recorder.flush)
        with FeedbackStore(self.recorder.path) as store:
            return list(store.questions()), list(store.votes())

    async def settle(self) -> None:
        """Wait until the bot has handled every message pushed so far.

        The gateway delivers in order and discord.py starts handlers in that order, so once the
        bot has answered a later DM it has finished deciding about everything sent before it.
        """
        standin = self.standin
        sentinel = await standin.dm(SURE_QUESTION, author=standin.carol)
        reply = await standin.reply_to(sentinel)
        standin.sent.remove(reply)


@asynccontextmanager
async def running(bot: HeartBot, token: str) -> AsyncIterator[HeartBot]:
    """Start the bot, wait until it is ready on the gateway, and close it cleanly after."""
    task = asyncio.create_task(bot.start(token))
    try:
        async with asyncio.timeout(WAIT):
            while not bot.is_ready():
                if task.done():
                    task.result()
                    raise RuntimeError("the bot stopped before it was ready")
                await asyncio.sleep(0.01)
        yield bot
    finally:
        await bot.close()
        await task


def make_bot(engine: Engine, settings: Settings, **options: Any) -> HeartBot:
    """A bot as ``heartbot run`` builds it, quick to declare itself ready on the stand-in."""
    return HeartBot(engine, settings, guild_ready_timeout=0.05, **options)


@contextmanager
def standin_in_thread() -> Iterator[StandIn]:
    """The stand-in on its own thread and loop, for code that runs ``asyncio.run`` itself."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    standin = StandIn()
    asyncio.run_coroutine_threadsafe(standin.start(), loop).result(WAIT)
    try:
        yield standin
    finally:
        asyncio.run_coroutine_threadsafe(standin.close(), loop).result(WAIT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(WAIT)
        loop.close()
