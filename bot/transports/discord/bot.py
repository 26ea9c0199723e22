"""The Discord bot: it holds heartbot's resources and their lifetimes; the cog holds behaviour.

The engine, the settings, the feedback recorder, the cooldowns and the cluster (the processes
sharing its database) live here, with the gateway connection, command sync and reloading.
What heartbot does with a message or a command is in the cog, loaded as an extension
(``COG``), so this module imports none of the behaviour.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import Settings
from bot.curation.store import NullRecorder, Recording, StoreError, Voted, asked
from bot.engine.answers import Reply
from bot.engine.core import Engine
from bot.engine.reloading import Reloaded, reload_engine
from bot.limits import (
    DELETE_SECONDS,
    FLOOD_POSTS,
    FLOOD_SECONDS,
    FOLLOW_UP_SECONDS,
    MAX_ASKED,
    MAX_CONVERSATIONS,
    NOTE_SECONDS,
    REPEAT_SECONDS,
)
from bot.transports.cluster import Cluster, cluster_for
from bot.transports.discord.errors import apologise, tell
from bot.transports.discord.replies import NO_PINGS

_log = logging.getLogger(__name__)
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

COG = "bot.transports.discord.cog"  # the extension that holds every command and listener
SCOPES = ("bot", "applications.commands")
# Exactly what answering needs: see the channel, speak in it (and its threads), embed, and
# read history, without which Discord refuses a reply to a message.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)
GUILD_READY_TIMEOUT = 2.0  # discord.py's default wait for the guilds before on_ready


def invite_url(application_id: int) -> str:
    """Build the URL that adds the bot to a server with its scopes and exactly its permissions."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


@dataclass(frozen=True)
class Limited:
    """A question refused by the cooldown: how long to wait, and whether we already said so."""

    retry_after: float
    repeated: bool


class Throttle:
    """At most ``rate`` posts in any ``per`` seconds for each key (see ``HeartBot.floods``)."""

    def __init__(
        self,
        rate: int = FLOOD_POSTS,
        per: float = FLOOD_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._asked: dict[Hashable, deque[float]] = {}
        self._told: set[Hashable] = set()

    def hit(self, key: Hashable) -> Limited | None:
        """Count a post; None if it may go out, else how long to wait."""
        now = self._clock()
        for stale in [k for k, t in self._asked.items() if not t or t[-1] <= now - self.per]:
            del self._asked[stale]  # keys come and go with channels and entries: keep few
            self._told.discard(stale)
        asked = self._asked.setdefault(key, deque())
        while asked and asked[0] <= now - self.per:
            asked.popleft()
        if len(asked) < self.rate:
            asked.append(now)
            self._told.discard(key)
            return None
        repeated = key in self._told
        self._told.add(key)
        return Limited(asked[0] + self.per - now, repeated)


class Recent(Generic[K, V]):
    """What was last noted under each key, kept in memory only, for ``keep`` seconds, for the
    ``most`` newest keys: each person's last question in each channel (a follow-up is read
    with it), and where each answer was last posted in an auto-answer channel (the same
    question moments later is pointed there)."""

    def __init__(
        self,
        keep: float,
        *,
        most: int = MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.keep = keep
        self.most = most
        self._clock = clock
        self._last: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        """What was noted under ``key``, if it is recent enough."""
        found = self._last.get(key)
        if found is None or self._clock() - found[0] > self.keep:
            return None
        return found[1]

    def forget(self, key: K) -> None:
        """Drop what was noted under ``key``: it no longer holds."""
        self._last.pop(key, None)

    def note(self, key: K, value: V) -> None:
        """Note a value, forgetting the oldest key past ``most``."""
        self._last.pop(key, None)
        self._last[key] = (self._clock(), value)
        while len(self._last) > self.most:
            self._last.popitem(last=False)


Conversations = Recent[tuple[int | None, int], str]  # (channel, person) -> their last question
Answered = Recent[tuple[int, str], str]  # (channel, entry) -> the link to where it was answered


class HeartTree(app_commands.CommandTree["HeartBot"]):
    """The command tree, with the one polite error handler for every command and menu."""

    async def on_error(
        self, interaction: discord.Interaction[HeartBot], error: app_commands.AppCommandError
    ) -> None:
        """Log what went wrong and tell the user privately."""
        if isinstance(error, app_commands.CommandInvokeError):
            await apologise(interaction, error.original)
            return
        _log.warning("interaction %s: %s", interaction.id, error)
        await tell(interaction, f"I couldn't do that: {error}")


class HeartBot(commands.Bot):
    """heartbot on Discord: the engine, settings, recorder and cooldowns, and their lifetimes."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        force_sync: bool = False,
        recorder: Recording | None = None,
        throttle: Throttle | None = None,
        conversations: Conversations | None = None,
        cluster: Cluster | None = None,
        answered: Answered | None = None,
        guild_ready_timeout: float = GUILD_READY_TIMEOUT,
        note_seconds: float = NOTE_SECONDS,
        wall_clock: Callable[[], float] = time.time,
        delete_seconds: float = DELETE_SECONDS,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.dm_messages = True
        # Mentions and DMs carry their text without it; only auto-answer channels need it.
        intents.message_content = bool(settings.channels)
        # heartbot never joins voice: spare the log discord.py's warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        # Only AutoShardedBot knows shard_ids; a plain bot (no HEARTBOT_SHARDS) gets no shard
        # options at all, and "auto" leaves the count to Discord.
        shards: dict[str, Any] = {}
        if isinstance(settings.shards, int):
            shards["shard_count"] = settings.shards
        if settings.shard_ids is not None:
            shards["shard_ids"] = list(settings.shard_ids)
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: the cog's listener answers
            help_command=None,
            intents=intents,
            allowed_mentions=NO_PINGS,
            tree_cls=HeartTree,
            guild_ready_timeout=guild_ready_timeout,
            **shards,
        )
        self._engine = engine
        self.settings = settings
        self.force_sync = force_sync
        self.throttle = throttle or Throttle()
        self.conversations = conversations or Conversations(FOLLOW_UP_SECONDS)
        self.answered = answered or Answered(REPEAT_SECONDS)
        self.recorder = recorder or NullRecorder()
        self.cluster = cluster or cluster_for(settings.database)
        self.note_seconds = note_seconds  # how long a cooldown note stays in a channel
        self.wall_clock = wall_clock  # Unix time, which outlives a restart: when Delete expires
        self.delete_seconds = delete_seconds  # how long an answer's Delete lasts for its asker
        self._later: set[asyncio.Task[None]] = set()  # held until done, so none is collected
        # The votes' hash key, from the token: no one without it can test a guess of who voted.
        self._vote_key = hashlib.sha256(b"heartbot votes\0" + settings.token.encode()).digest()
        self._reloading = asyncio.Lock()
        self._listener: asyncio.Task[None] | None = None  # hears reloads from the cluster

    @property
    def engine(self) -> Engine:
        """The engine every answer comes from; a reload replaces it whole, so keep no copy."""
        return self._engine

    async def reload_knowledge(self) -> Reloaded:
        """Reload the fact files off the event loop; broken files leave the old engine answering."""
        async with self._reloading:
            result = await asyncio.to_thread(reload_engine, self.settings.knowledge, self._engine)
            if result.engine is not None:
                self._engine = result.engine
                _log.info("%s", result.message)
                self.dispatch("knowledge_reloaded")  # what the commands offer may change
            else:
                _log.warning("%s", result.message)
        return result

    async def reload_everywhere(self) -> str:
        """Reload here, then have every process sharing the database reload (``/reload``)."""
        result = await self.reload_knowledge()
        if result.engine is None or not self.cluster.shared:
            return result.message
        try:
            await self.cluster.announce_reload()
        except StoreError as exc:
            _log.warning("%s", exc)
            return f"{result.message}\nOnly here: {exc}. Run /reload in each of them."
        return f"{result.message}\nEvery heartbot process sharing the database reloads too."

    async def _reload_announced(self, why: str) -> None:
        """Another process reloaded and said so, or one may have: reload here too (it logs
        what it loaded)."""
        _log.info("reloading the knowledge (%s)", why)
        await self.reload_knowledge()

    async def _listen(self) -> None:
        """Hear the cluster's reloads until closed; a cluster that can't listen at all (no
        driver) is said once, and heartbot answers on, reloaded by hand."""
        try:
            await self.cluster.listen(self._reload_announced)
        except StoreError as exc:
            _log.warning("not hearing reloads from other processes: %s", exc)

    async def setup_hook(self) -> None:
        """Load the cog, listen for the cluster's reloads, log the invite URL, and sync the
        commands if they changed."""
        await self.load_extension(COG)
        self._listener = asyncio.create_task(self._listen())
        if self.application_id is not None:
            _log.info("invite heartbot with %s", invite_url(self.application_id))
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Sync slash commands (to the test server if set) and the owner's tools (to the owner's
        server), each scope unless it is unchanged."""
        guild = discord.Object(self.settings.guild_id) if self.settings.guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        await self._sync_scope(guild)
        owner = self.settings.owner_guild_id
        if owner is not None and owner != self.settings.guild_id:
            await self._sync_scope(discord.Object(owner))

    async def _sync_scope(self, guild: discord.Object | None) -> None:
        """Sync one scope's commands (a server's, or the global ones) if they changed."""
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        scope = f"{self.application_id}:" + (f"guild:{guild.id}" if guild else "global")
        where = f"server {guild.id}" if guild else "all servers"
        if not self.force_sync and (await self.cluster.stamps()).get(scope) == digest:
            _log.info("slash commands unchanged since the last sync to %s; not syncing", where)
            return
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.HTTPException as exc:
            _log.error(
                "could not sync slash commands to %s (%s); is the bot in that server, "
                "invited with the applications.commands scope?",
                where,
                exc,
            )
            return
        await self.cluster.stamp(scope, digest)
        _log.info("synced %d slash commands to %s", len(synced), where)

    def floods(self, guild_id: int | None, channel_id: int | None, reply: Reply) -> Limited | None:
        """Count a public answer about to be posted; how long to wait if it floods its
        channel, else None.

        What floods a channel is one entry posted there again and again, whoever asks
        (python-discord limits a tag per channel, as here an entry). Only posts count: private
        answers and clicks on heartbot's own suggestions never reach here, and a DM or a group
        DM is nobody's channel to flood.
        """
        if guild_id is None:
            return None
        return self.throttle.hit(
            (channel_id, reply.entry_id or reply.closest or reply.outcome.value)
        )

    def record_vote(self, entry_id: str, *, helpful: bool, answer: int, user: int) -> None:
        """Keep a vote for the curation report: the entry, the verdict, and a keyed hash of the
        answer and the person, so a second click replaces the first and no one is named."""
        voter = hmac.new(self._vote_key, f"{answer}:{user}".encode(), hashlib.sha256)
        self.recorder.record_vote(Voted(entry_id, helpful, voter=voter.hexdigest()))

    def ask(self, question: str, *, channel_id: int | None, user_id: int) -> Reply:
        """Ask the engine, a follow-up read with the asker's last question here."""
        previous = self.conversations.get((channel_id, user_id))
        question = question[:MAX_ASKED]
        reply = self.engine.ask(question, previous=previous)
        self.conversations.note((channel_id, user_id), question)
        return reply

    def record_question(self, reply: Reply, *, guild_id: int | None) -> None:
        """Keep what a curator needs of a question put to heartbot; recording never blocks."""
        self.recorder.record_question(asked(reply, guild_id=guild_id))

    def later(self, delay: float, action: Callable[[], Awaitable[None]]) -> None:
        """Run ``action`` in ``delay`` seconds, unless heartbot closes first; it must catch
        what it expects, and anything else is logged, never lost."""

        async def run() -> None:
            await asyncio.sleep(delay)
            try:
                await action()
            except Exception:
                _log.exception("a delayed action failed")

        task = asyncio.get_running_loop().create_task(run())
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def close(self) -> None:
        """Stop listening, drop what was to happen later, close the gateway, then write what
        feedback is queued (off the event loop)."""
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        for task in list(self._later):
            task.cancel()
        await super().close()
        await asyncio.to_thread(self.recorder.close)


class ShardedHeartBot(HeartBot, commands.AutoShardedBot):
    """heartbot over several gateway shards (``HEARTBOT_SHARDS``)."""


def build_bot(
    engine: Engine,
    settings: Settings,
    *,
    force_sync: bool = False,
    recorder: Recording | None = None,
    cluster: Cluster | None = None,
    guild_ready_timeout: float = GUILD_READY_TIMEOUT,
) -> HeartBot:
    """Build the bot the settings ask for: one connection, or AutoShardedBot for shards."""
    kind = HeartBot if settings.shards is None else ShardedHeartBot
    return kind(
        engine,
        settings,
        force_sync=force_sync,
        recorder=recorder,
        cluster=cluster,
        guild_ready_timeout=guild_ready_timeout,
    )
