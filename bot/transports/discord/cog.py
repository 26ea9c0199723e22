"""heartbot's behaviour on Discord: slash commands, the message menu, and the message listener.

The bot loads this module as an extension; ``setup`` adds the cog and the persistent items.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.engine.answers import Outcome, Reply
from bot.engine.core import Engine
from bot.limits import (
    MAX_ASKED,
    MAX_CHOICES,
    MAX_COMMAND_DESCRIPTION,
    MAX_CONTENT,
    MAX_OPTION_TEXT,
)
from bot.transports.discord.bot import HeartBot
from bot.transports.discord.errors import tell
from bot.transports.discord.replies import (
    NO_PINGS,
    about_embed,
    citation_embed,
    clause,
    clip,
    help_embed,
    topics_embed,
    unknown_citation,
)
from bot.transports.discord.views import (
    DYNAMIC_ITEMS,
    answer_interaction,
    can,
    citation_sources_view,
    cooldown_note,
    payload,
    retire_delete_from,
    topics_view,
)

_log = logging.getLogger(__name__)

Interaction = discord.Interaction[HeartBot]
T = TypeVar("T")


def usage_hint(title: str) -> str:
    """How to ask, for a bare mention: it names what the loaded sources are about."""
    return (
        f"Ask me about {title}, like “who directed it?”: mention me with a question, "
        "send me a direct message, or use `/ask`. `/help` says more."
    )


def menu_hint() -> str:
    """Where heartbot can't read a replied-to message: the menu that hands it the text."""
    return (
        "I can't read that message from here; right-click it (long-press on a phone) → "
        "**Apps** → **Ask heartbot** and I'll answer it."
    )


NO_TEXT = "That message has no text for me to answer."
FOR_WHERE_YOU_CANNOT_POST = (
    "`for:` pings someone, so it works only where you could post yourself; ask without it, "
    "or where you can post."
)
FOR_AND_PRIVATE = (
    "`for:` shows the answer to someone, so it can't also be `private`; leave out one of them."
)

# A mention's own words that only point at the message it replies to: "this", "answer that?".
_POINTER = re.compile(
    r"[\W_]*(?:(?:can|could|would) you\s+)?(?:please\s+)?(?:answer|explain|check)?\s*"
    r"(?:this|that|this one|that one|it|here)?\s*(?:please)?[\W_]*",
    re.IGNORECASE,
)


# A question-like message in an auto-answer channel: a question mark, or a question word first.
_QUESTION = re.compile(
    r"\?|^\s*(who|whom|whose|what|when|where|which|why|how|is|are|was|were|did|does|do|"
    r"can|could|would|should|will|has|have|had)\b",
    re.IGNORECASE,
)


def question_like(text: str) -> bool:
    """Tell whether a message in an auto-answer channel looks like a question at all."""
    return bool(_QUESTION.search(text))


# Installable to a server or to a user's own account, and usable in servers, DMs and group DMs.
INSTALLS = app_commands.AppInstallationType(guild=True, user=True)
CONTEXTS = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)


def everywhere(command: T) -> T:
    """Let a command work wherever heartbot is installed, by a server or by a user."""
    command = app_commands.allowed_installs(guilds=True, users=True)(command)
    return app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(command)


async def setup(bot: HeartBot) -> None:
    """The extension's entry point: the cog, and the items that old messages' clicks reach."""
    await bot.add_cog(Answers(bot))
    owner = bot.settings.owner_guild_id
    if owner is not None:  # the owner's tools show in the owner's server alone
        await bot.add_cog(OwnerTools(bot), guild=discord.Object(owner))
    bot.add_dynamic_items(*DYNAMIC_ITEMS)


class Answers(commands.Cog):
    """Ask, look up a citation, browse topics, and read about heartbot."""

    def __init__(self, bot: HeartBot) -> None:
        self.bot = bot
        self.ask_menu = app_commands.ContextMenu(
            name="Ask heartbot",
            callback=self.ask_message,
            allowed_installs=INSTALLS,
            allowed_contexts=CONTEXTS,
        )

    async def cog_load(self) -> None:
        """Add the message menu, which a cog can't declare like a slash command, and /source,
        which asks which document only where there are several."""
        self.bot.tree.add_command(self.ask_menu)
        self.bot.tree.add_command(source_command(self), override=True)
        self._describe_ask()

    async def cog_unload(self) -> None:
        """Remove the message menu and /source with the cog."""
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)
        self.bot.tree.remove_command("source")

    @commands.Cog.listener()
    async def on_knowledge_reloaded(self) -> None:
        """A reload that brings a second source, or leaves one, changes /source, and one that
        changes what heartbot knows about changes /ask's description: sync them."""
        changed = self._describe_ask()
        current = self.bot.tree.get_command("source")
        several = len(self.engine.sources) > 1
        if not isinstance(current, app_commands.Command) or _asks_document(current) != several:
            self.bot.tree.add_command(source_command(self), override=True)
            changed = True
        if changed:
            await self.bot.sync_commands()

    def _describe_ask(self) -> bool:
        """Say in /ask's description what heartbot knows about; whether that changed it."""
        description = clip(f"Ask a question about {self.engine.title}", MAX_COMMAND_DESCRIPTION)
        if self.ask.description == description:
            return False
        self.ask.description = description
        return True

    @property
    def engine(self) -> Engine:
        """The bot's current engine: a reload swaps it, so never keep a copy."""
        return self.bot.engine

    @everywhere
    @app_commands.command(description="Ask a question")  # cog_load names the sources' subject
    @app_commands.describe(
        question="What you want to know, in your own words",
        private="Show the answer only to you",
        recipient="Someone the answer is for: it starts “for @them”, which pings them, once",
    )
    @app_commands.rename(recipient="for")
    async def ask(
        self,
        interaction: Interaction,
        question: app_commands.Range[str, 1, MAX_ASKED],
        private: bool = False,
        recipient: discord.User | None = None,
    ) -> None:
        """Answer a question, publicly, privately, or for someone."""
        if recipient is not None and private:
            await tell(interaction, FOR_AND_PRIVATE)
            return
        if recipient is not None and not interaction.permissions.send_messages:
            await tell(interaction, FOR_WHERE_YOU_CANNOT_POST)
            return
        await answer_interaction(interaction, question, private=private, recipient=recipient)

    @ask.autocomplete("question")
    async def ask_question(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer the fact base's questions that fit what has been typed so far, one per entry.

        Matching runs on a worker thread: a big fact base never holds up the event loop.
        """
        found = await asyncio.to_thread(self.engine.complete, current)
        return [
            app_commands.Choice(name=question, value=question) for question in found[:MAX_CHOICES]
        ]

    async def source(
        self, interaction: Interaction, number: int, document: str | None = None
    ) -> None:
        """Show the passage of the source that a citation number supports (``/source``, built
        by ``source_command``)."""
        engine = self.engine
        chosen = None
        if document is not None:
            chosen = engine.source_named(document)
            if chosen is None:
                titles = "; ".join(source.title for source in engine.sources)
                reply = f"I have no source {document!r}. Mine: {titles}."
                await tell(interaction, clip(reply, MAX_CONTENT))
                return
        passages = [p for p in engine.passages(number) if chosen is None or p.source is chosen]
        if not passages:
            searched = [chosen] if chosen else list(engine.sources)
            await tell(interaction, unknown_citation(number, searched))
            return
        if len(passages) > 1:
            await interaction.response.send_message(
                f"Citation [{number}] is in {len(passages)} of my sources. Which one?",
                view=citation_sources_view(number, [p.source for p in passages]),
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        await interaction.response.send_message(
            embed=citation_embed(passages[0]), allowed_mentions=NO_PINGS
        )

    async def source_number(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        """Offer the citation numbers the sources really use, each with the clause it supports,
        those starting with what has been typed; on a worker thread, as ``ask_question``."""
        return await asyncio.to_thread(citation_choices, self.engine, str(current).strip())

    async def source_document(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer the sources whose titles fit what has been typed."""
        typed = current.casefold()
        return [
            app_commands.Choice(name=clip(source.title, MAX_OPTION_TEXT), value=source.path.stem)
            for source in self.engine.sources
            if typed in source.title.casefold() or typed in source.path.stem
        ][:MAX_CHOICES]

    @everywhere
    @app_commands.command()
    async def topics(self, interaction: Interaction) -> None:
        """Browse everything heartbot knows, topic by topic."""
        await interaction.response.send_message(
            embed=topics_embed(self.engine),
            view=topics_view(self.engine),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @everywhere
    @app_commands.command()
    async def about(self, interaction: Interaction) -> None:
        """Say what heartbot knows and how it answers."""
        await interaction.response.send_message(
            embed=about_embed(self.engine), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @everywhere
    @app_commands.command(name="help")
    async def help_command(self, interaction: Interaction) -> None:
        """Say how to ask heartbot a question."""
        await interaction.response.send_message(
            embed=help_embed(self.engine), ephemeral=True, allowed_mentions=NO_PINGS
        )

    async def ask_message(self, interaction: Interaction, message: discord.Message) -> None:
        """Answer the selected message as a question."""
        if not message.content.strip():
            await tell(interaction, NO_TEXT)
            return
        await answer_interaction(interaction, message.content, private=False, answering=message)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer mentions and DMs; in auto-answer channels, answer only what we're sure of."""
        if message.author.bot or self.bot.user is None or message.author.id == self.bot.user.id:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        direct = message.guild is None or self._mentioned(message)
        if direct:
            question = self._question_in(message)
            if message.reference is not None and self._asks_nothing(question):
                await self._answer_replied(message)
                return
        elif self._auto_answers(message.channel) and can(message.channel, "send_messages"):
            question = message.content
            if not question_like(question):
                return
        else:
            return
        if not question.strip():
            await self.send_text(message, usage_hint(self.engine.title))
            return
        reply = self.bot.ask(question, channel_id=message.channel.id, user_id=message.author.id)
        if not direct and not reply.answered:
            # Unsure in an auto-answer channel: stay silent, and keep no record of chat that
            # wasn't put to heartbot.
            return
        guild_id = message.guild.id if message.guild else None
        # Even a pointer to an earlier answer is a post: what floods a channel counts first.
        if await self._flooding(message, reply, told=direct):
            return
        if not direct and reply.entry_id is not None:
            earlier = self.bot.answered.get((message.channel.id, reply.entry_id))
            if earlier is not None:  # two people, one question, moments apart: one answer
                self.bot.record_question(reply, guild_id=guild_id)
                await self.send_text(message, f"Answered just now: {earlier}")
                return
        self.bot.record_question(reply, guild_id=guild_id)
        if direct or reply.entry_id is None:
            await self.send_reply(message, reply)
            return
        # The question's link until the answer's is known: a second asker moments later is
        # pointed to the answer under it, not sent a second one while the first is on its way.
        where = (message.channel.id, reply.entry_id)
        self.bot.answered.note(where, message.jump_url)
        sent = await self.send_reply(message, reply)
        if sent is None:  # no answer went up: point no one to the question
            self.bot.answered.forget(where)
        else:
            self.bot.answered.note(where, sent.jump_url)

    async def _flooding(self, message: discord.Message, reply: Reply, *, told: bool) -> bool:
        """Count an answer about to be posted in a server channel; if it floods the channel,
        say so (once, if ``told``) in a note that deletes itself, and tell the caller to stop.
        DMs flood nothing."""
        guild_id = message.guild.id if message.guild else None
        limited = self.bot.floods(guild_id, message.channel.id, reply)
        if limited is None:
            return False
        if told and not limited.repeated:
            note = cooldown_note(limited.retry_after)
            await self._deliver(message, dm=False, content=note, delete_after=self.bot.note_seconds)
        return True

    def _asks_nothing(self, question: str) -> bool:
        """Tell whether a mention's own words ask nothing: empty, a greeting, or "this"."""
        if _POINTER.fullmatch(question):
            return True
        return self.engine.ask(question).outcome is Outcome.HINT

    async def _answer_replied(self, message: discord.Message) -> None:
        """Answer the message a bare mention replies to, as a reply to that message.

        Discord hands a bot someone else's text only with the Message Content intent; without
        it the text arrives blank, and the message menu is the way to have it answered.
        """
        reference = message.reference
        replied = reference.resolved if reference is not None else None
        mine = self.bot.user is not None and getattr(replied, "author", None) == self.bot.user
        if not isinstance(replied, discord.Message) or mine:  # deleted, not sent, or ours
            await self.send_text(message, usage_hint(self.engine.title))
            return
        question = replied.content
        if not question.strip():
            reading = self.bot.intents.message_content
            await self.send_text(message, NO_TEXT if reading else menu_hint())
            return
        reply = self.bot.ask(question, channel_id=message.channel.id, user_id=message.author.id)
        if await self._flooding(message, reply, told=True):
            return
        self.bot.record_question(reply, guild_id=message.guild.id if message.guild else None)
        await self.send_reply(replied, reply, asker=message.author)

    def _mentioned(self, message: discord.Message) -> bool:
        if self.bot.user is None:
            return False
        if any(user.id == self.bot.user.id for user in message.mentions):
            return True
        role = message.guild.self_role if message.guild else None
        return role is not None and role in message.role_mentions

    def _question_in(self, message: discord.Message) -> str:
        """What a message mentioning heartbot asks: the text after its first mention (of its
        user or its role); where nothing follows it ("who directed it @heartbot"), all the
        text around it."""
        mentions = [f"<@{self.bot.user.id}>", f"<@!{self.bot.user.id}>"] if self.bot.user else []
        role = message.guild.self_role if message.guild else None
        if role is not None:
            mentions.append(role.mention)
        content = message.content
        found = [(content.find(m), m) for m in mentions if m in content]
        after = content
        if found:
            start, mention = min(found)
            after = content[start + len(mention) :]
        for mention in mentions:
            after = after.replace(mention, " ")
            content = content.replace(mention, " ")
        question = " ".join(after.split()).lstrip(",:;-–— ")
        return question or " ".join(content.split()).strip(",:;-–— ")

    def _auto_answers(self, channel: object) -> bool:
        """Tell whether a channel, or the channel a thread is in, is an auto-answer channel."""
        ids = {getattr(channel, "id", None), getattr(channel, "parent_id", None)}
        return not ids.isdisjoint(self.bot.settings.channels)

    async def send_reply(
        self,
        message: discord.Message,
        reply: Reply,
        *,
        asker: discord.User | discord.Member | None = None,
    ) -> discord.Message | None:
        """Reply to a message with an answer (``asker``'s, if not its author's); where we
        can't speak, answer the asker by DM. Returns what was sent, if anything."""
        asker = asker or message.author
        # A reply sits under the question it answers: no title repeating it.
        rendered = payload(self.bot, message.channel, reply, asker=asker.id, titled=False)
        sent = await self._deliver(message, dm=True, asker=asker, **rendered)
        if sent is not None:
            retire_delete_from(self.bot, sent)
        return sent

    async def send_text(self, message: discord.Message, text: str) -> None:
        """Reply to a message with a short note."""
        await self._deliver(message, dm=False, content=text)

    async def _deliver(
        self,
        message: discord.Message,
        *,
        dm: bool,
        asker: discord.User | discord.Member | None = None,
        **kwargs: Any,
    ) -> discord.Message | None:
        """Reply without a ping; if that fails, post in the channel; if we can't, maybe DM
        the asker (the message's author unless said). Returns what was sent, if anything."""
        channel = message.channel
        if not can(channel, "send_messages"):
            _log.warning("can't send in channel %s", channel.id)
            if dm:
                asker = asker or message.author
                try:
                    return await asker.send(allowed_mentions=NO_PINGS, **kwargs)
                except discord.HTTPException as exc:
                    _log.warning("could not DM user %s either: %s", asker.id, exc)
            return None
        try:
            return await message.reply(mention_author=False, allowed_mentions=NO_PINGS, **kwargs)
        except discord.HTTPException as exc:
            # Usually the question was deleted meanwhile; the answer can still go out.
            _log.warning("could not reply to message %s (%s); posting instead", message.id, exc)
        try:
            return await channel.send(allowed_mentions=NO_PINGS, **kwargs)
        except discord.HTTPException as exc:
            _log.warning("could not answer in channel %s: %s", channel.id, exc)
        return None


def citation_choices(engine: Engine, typed: str) -> list[app_commands.Choice[int]]:
    """The first citation numbers starting with ``typed``, each with the clause it supports
    (and its source, where there are several): enough to fill Discord's list, no more."""
    several = len(engine.sources) > 1
    choices: list[app_commands.Choice[int]] = []
    for source in engine.sources:
        for number in source.markers:
            if typed and not str(number).startswith(typed):
                continue
            passage = engine.passage(number, source)
            said = clause(passage.sentences[0], number) if passage else ""
            named = f"{source.title}: " if several else ""
            label = clip(f"[{number}] {named}{said}", MAX_OPTION_TEXT)
            choices.append(app_commands.Choice(name=label, value=number))
            if len(choices) == MAX_CHOICES:
                return choices
    return choices


SOURCE = "Show the passage of the source that a citation number supports"
SOURCE_NUMBER = "A citation number from an answer, like 9 for [9]"


def source_command(cog: Answers) -> app_commands.Command[Any, ..., None]:
    """``/source``, with a ``document`` option only when heartbot has several sources: with
    one, there is nothing to choose, and Discord shows no option for it."""

    async def one(interaction: Interaction, number: app_commands.Range[int, 1]) -> None:
        await cog.source(interaction, number)

    async def several(
        interaction: Interaction, number: app_commands.Range[int, 1], document: str | None = None
    ) -> None:
        await cog.source(interaction, number, document)

    command: app_commands.Command[Any, ..., None]
    if len(cog.engine.sources) > 1:
        command = app_commands.Command(name="source", description=SOURCE, callback=several)
        command = app_commands.describe(number=SOURCE_NUMBER, document="Which source")(command)
        command.autocomplete("document")(cog.source_document)
    else:
        command = app_commands.Command(name="source", description=SOURCE, callback=one)
        command = app_commands.describe(number=SOURCE_NUMBER)(command)
    command.autocomplete("number")(cog.source_number)
    return everywhere(command)


def _asks_document(command: app_commands.Command[Any, ..., None]) -> bool:
    return any(parameter.name == "document" for parameter in command.parameters)


class OwnerTools(commands.Cog):
    """heartbot's owner's commands, added to the owner's server only
    (``HEARTBOT_OWNER_GUILD_ID``) and shown to no one there until an admin allows them."""

    def __init__(self, bot: HeartBot) -> None:
        self.bot = bot

    @app_commands.command()
    @app_commands.guild_only()
    @app_commands.default_permissions()  # "0": only administrators, and whom they allow
    async def reload(self, interaction: Interaction) -> None:
        """Reload heartbot's knowledge from its files, without a restart (owner only)."""
        if not await self.bot.is_owner(interaction.user):
            await tell(interaction, "Only heartbot's owner can reload its knowledge.")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        message = await self.bot.reload_everywhere()
        await interaction.followup.send(
            clip(message, MAX_CONTENT), ephemeral=True, allowed_mentions=NO_PINGS
        )
