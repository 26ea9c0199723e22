"""The Discord bot: a commands.Bot that answers through the engine, with a bot's manners."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands

from bot.config import Settings
from bot.curation.store import NullRecorder, Recording, Voted, asked
from bot.engine.answers import Reply
from bot.engine.core import Engine
from bot.engine.reloading import Reloaded, reload_engine
from bot.transports.discord.cog import Answers, HeartTree
from bot.transports.discord.views import (
    DYNAMIC_ITEMS,
    MAX_QUESTION,
    NO_PINGS,
    answer_embed,
    answer_text,
    answer_view,
    expired,
    tell,
)

_log = logging.getLogger(__name__)

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
QUESTIONS_PER_WINDOW = 5
WINDOW_SECONDS = 30.0
HINT = (
    "Ask me about *One from the Heart*, like “who directed it?”: mention me with a question, "
    "send me a direct message, or use `/ask`. `/help` says more."
)
# A question-like message in an auto-answer channel: a question mark, or a question word first.
_QUESTION = re.compile(
    r"\?|^\s*(who|whom|whose|what|when|where|which|why|how|is|are|was|were|did|does|do|"
    r"can|could|would|should|will|has|have|had)\b",
    re.IGNORECASE,
)


def invite_url(application_id: int) -> str:
    """Build the URL that adds the bot to a server with its scopes and exactly its permissions."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


def question_like(text: str) -> bool:
    """Tell whether a message in an auto-answer channel looks like a question at all."""
    return bool(_QUESTION.search(text))


def cooldown_note(retry_after: float) -> str:
    """Word the polite note for someone asking faster than the cooldown allows."""
    seconds = max(1, round(retry_after))
    return (
        f"You're asking faster than I can keep up with. Please wait {seconds} s before your "
        "next question."
    )


@dataclass(frozen=True)
class Limited:
    """A question refused by the cooldown: how long to wait, and whether we already said so."""

    retry_after: float
    repeated: bool


class Throttle:
    """At most ``rate`` questions in any ``per`` seconds for each user."""

    def __init__(
        self,
        rate: int = QUESTIONS_PER_WINDOW,
        per: float = WINDOW_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._told: set[int] = set()

    def hit(self, user_id: int) -> Limited | None:
        """Count a question; None if it may be answered, else how long to wait."""
        now = self._clock()
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - self.per:
            asked.popleft()
        if len(asked) < self.rate:
            asked.append(now)
            self._told.discard(user_id)
            return None
        repeated = user_id in self._told
        self._told.add(user_id)
        return Limited(asked[0] + self.per - now, repeated)


class SyncStamp:
    """Remembers a hash of the command set last synced for each scope, in a small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, str]:
        """Read every stored hash by scope; an unreadable file counts as none."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def write(self, scope: str, digest: str) -> None:
        """Store the hash for a scope; failing to store it only means syncing again next time."""
        stamps = {**self.read(), scope: digest}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(stamps, indent=2, sort_keys=True), encoding="utf-8")
        except OSError as exc:
            _log.warning("could not record the command sync in %s: %s", self.path, exc)


class HeartBot(commands.Bot):
    """heartbot on Discord: slash commands, mentions, DMs and auto-answer channels."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        force_sync: bool = False,
        recorder: Recording | None = None,
        throttle: Throttle | None = None,
        **options: Any,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.dm_messages = True
        # Mentions and DMs carry their text without it; only auto-answer channels need it.
        intents.message_content = bool(settings.channels)
        # heartbot never joins voice: spare the log discord.py's warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: on_message answers, not commands
            help_command=None,
            intents=intents,
            allowed_mentions=NO_PINGS,
            tree_cls=HeartTree,
            **options,
        )
        self._engine = engine
        self.settings = settings
        self.force_sync = force_sync
        self.throttle = throttle or Throttle()
        self.recorder = recorder or NullRecorder()
        self._reloading = asyncio.Lock()

    @property
    def engine(self) -> Engine:
        """The engine every answer comes from; a reload replaces it whole."""
        return self._engine

    async def reload_knowledge(self) -> Reloaded:
        """Reload the fact files off the event loop; broken files leave the old engine answering."""
        async with self._reloading:
            result = await asyncio.to_thread(reload_engine, self.settings.knowledge, self._engine)
            if result.engine is not None:
                self._engine = result.engine
                _log.info("%s", result.message)
            else:
                _log.warning("%s", result.message)
        return result

    async def setup_hook(self) -> None:
        """Add the commands and persistent buttons, log the invite URL, and sync if needed."""
        await self.add_cog(Answers(self))
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self.application_id is not None:
            _log.info("invite heartbot with %s", invite_url(self.application_id))
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Sync slash commands (to the test server if set) unless they are unchanged."""
        guild = discord.Object(self.settings.guild_id) if self.settings.guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        scope = f"{self.application_id}:" + (f"guild:{guild.id}" if guild else "global")
        stamp = SyncStamp(self.settings.data_dir / "command-sync.json")
        where = f"server {guild.id}" if guild else "all servers"
        if not self.force_sync and stamp.read().get(scope) == digest:
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
        stamp.write(scope, digest)
        _log.info("synced %d slash commands to %s", len(synced), where)

    def record_vote(self, entry_id: str, *, helpful: bool) -> None:
        """Keep an asker's vote for the curation report (the entry and the verdict, no user)."""
        self.recorder.record_vote(Voted(entry_id, helpful))

    def record_question(self, reply: Reply, *, guild_id: int | None) -> None:
        """Keep what a curator needs of a question put to heartbot; recording never blocks."""
        self.recorder.record_question(asked(reply, guild_id=guild_id))

    async def close(self) -> None:
        """Close the gateway, then write what feedback is queued (off the event loop)."""
        await super().close()
        await asyncio.to_thread(self.recorder.close)

    async def on_message(self, message: discord.Message) -> None:
        """Answer mentions and DMs; in auto-answer channels, answer only what we're sure of."""
        if message.author.bot or self.user is None or message.author.id == self.user.id:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        direct = message.guild is None or self._mentioned(message)
        if direct:
            question = self._after_mention(message)
        elif self._auto_answers(message.channel) and self._can(message.channel, "send_messages"):
            question = message.content
            if not question_like(question):
                return
        else:
            return
        if not question.strip():
            await self.send_text(message, HINT)
            return
        limited = self.throttle.hit(message.author.id)
        if limited is not None:
            if direct and not limited.repeated:
                await self.send_text(message, cooldown_note(limited.retry_after))
            return
        reply = self.engine.ask(question[:MAX_QUESTION])
        if not direct and not reply.answered:
            # Unsure in an auto-answer channel: stay silent, and keep no record of chat that
            # wasn't put to heartbot.
            return
        self.record_question(reply, guild_id=message.guild.id if message.guild else None)
        await self.send_reply(message, reply)

    def _mentioned(self, message: discord.Message) -> bool:
        if self.user is None:
            return False
        if any(user.id == self.user.id for user in message.mentions):
            return True
        role = message.guild.self_role if message.guild else None
        return role is not None and role in message.role_mentions

    def _after_mention(self, message: discord.Message) -> str:
        """Take the text after the bot's first mention (of its user or its role), else all of it."""
        mentions = [f"<@{self.user.id}>", f"<@!{self.user.id}>"] if self.user else []
        role = message.guild.self_role if message.guild else None
        if role is not None:
            mentions.append(role.mention)
        content = message.content
        found = [(content.find(m), m) for m in mentions if m in content]
        if found:
            start, mention = min(found)
            content = content[start + len(mention) :]
        for mention in mentions:
            content = content.replace(mention, " ")
        return " ".join(content.split()).lstrip(",:;-–— ")

    def _auto_answers(self, channel: object) -> bool:
        """Tell whether a channel, or the channel a thread is in, is an auto-answer channel."""
        ids = {getattr(channel, "id", None), getattr(channel, "parent_id", None)}
        return not ids.isdisjoint(self.settings.channels)

    async def send_reply(self, message: discord.Message, reply: Reply) -> None:
        """Reply to a message with an answer; where we can't speak, answer the asker by DM."""
        await self._deliver(message, dm=True, **self._rendered(message.channel, reply, message))

    async def send_text(self, message: discord.Message, text: str) -> None:
        """Reply to a message with a short note."""
        await self._deliver(message, dm=False, content=text)

    def _rendered(
        self, channel: object, reply: Reply, asked: discord.Message | discord.Interaction
    ) -> dict[str, Any]:
        """An answer as an embed with buttons, or as plain text where the bot may not embed."""
        asker = asked.author.id if isinstance(asked, discord.Message) else asked.user.id
        view = answer_view(self.engine, reply, asker=asker, private=False)
        if self._can(channel, "embed_links"):
            return {"embed": answer_embed(reply, source=self.engine.title), "view": view}
        return {"content": answer_text(reply, source=self.engine.title), "view": view}

    def _can(self, channel: object, permission: str) -> bool:
        """Tell whether the bot has a permission in a channel; in DMs it has all it needs."""
        if not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
            return True
        if permission == "send_messages" and isinstance(channel, discord.Thread):
            permission = "send_messages_in_threads"
        return bool(getattr(channel.permissions_for(channel.guild.me), permission))

    async def _deliver(self, message: discord.Message, *, dm: bool, **kwargs: Any) -> None:
        """Reply without a ping; if that fails, post in the channel; if we can't, maybe DM."""
        channel = message.channel
        if not self._can(channel, "send_messages"):
            _log.warning("can't send in channel %s", channel.id)
            if dm:
                try:
                    await message.author.send(allowed_mentions=NO_PINGS, **kwargs)
                except discord.HTTPException as exc:
                    _log.warning("could not DM user %s either: %s", message.author.id, exc)
            return
        try:
            await message.reply(mention_author=False, allowed_mentions=NO_PINGS, **kwargs)
            return
        except discord.HTTPException as exc:
            # Usually the question was deleted meanwhile; the answer can still go out.
            _log.warning("could not reply to message %s (%s); posting instead", message.id, exc)
        try:
            await channel.send(allowed_mentions=NO_PINGS, **kwargs)
        except discord.HTTPException as exc:
            _log.warning("could not answer in channel %s: %s", channel.id, exc)

    async def answer_interaction(
        self, interaction: discord.Interaction, question: str, *, private: bool
    ) -> None:
        """Answer a question asked by command, menu or button; privately if asked to."""
        limited = self.throttle.hit(interaction.user.id)
        if limited is not None:
            await tell(interaction, cooldown_note(limited.retry_after))
            return
        reply = self.engine.ask(question[:MAX_QUESTION])
        self.record_question(reply, guild_id=interaction.guild_id)
        embed = answer_embed(reply, source=self.engine.title)
        view = answer_view(self.engine, reply, asker=interaction.user.id, private=private)
        try:
            await interaction.response.send_message(
                embed=embed, view=view, ephemeral=private, allowed_mentions=NO_PINGS
            )
        except discord.NotFound as exc:
            if not expired(exc):
                raise
            _log.warning("interaction %s expired before it was answered", interaction.id)
            channel = interaction.channel
            if private or not isinstance(channel, discord.abc.Messageable):
                return  # a private answer must not appear in public
            if not self._can(channel, "send_messages"):
                return
            try:
                await channel.send(
                    allowed_mentions=NO_PINGS, **self._rendered(channel, reply, interaction)
                )
            except discord.HTTPException as error:
                _log.warning("could not answer in channel %s: %s", interaction.channel_id, error)


class ShardedHeartBot(HeartBot, commands.AutoShardedBot):
    """heartbot over several gateway shards (``HEARTBOT_SHARDS``)."""


def build_bot(engine: Engine, settings: Settings, **options: Any) -> HeartBot:
    """Build the bot the settings ask for: one connection, or AutoShardedBot for shards."""
    if settings.shards is None:
        return HeartBot(engine, settings, **options)
    if settings.shards == "auto":
        return ShardedHeartBot(engine, settings, **options)
    shard_ids = list(settings.shard_ids) if settings.shard_ids is not None else None
    return ShardedHeartBot(
        engine, settings, shard_count=settings.shards, shard_ids=shard_ids, **options
    )
