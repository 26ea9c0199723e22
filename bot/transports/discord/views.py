"""heartbot's buttons and menus, and answering a question asked through an interaction.

Every item is a ``DynamicItem``: its state lives in its custom_id, so a click on an old
message still works after a restart. Items that only the asker may use say so once, in
``interaction_check``; every item's failure gets the same apology as a command's.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any, ClassVar, Self

import discord
from discord.ui.select import BaseSelect

from bot.engine.answers import Outcome, Reply, unique
from bot.engine.core import Engine
from bot.engine.knowledge import Attribution, Fact
from bot.engine.source import Source
from bot.limits import (
    DELETE_SECONDS,
    MAX_CUSTOM_ID,
    MAX_LABEL,
    MAX_OPTION_TEXT,
    MAX_OPTIONS,
    MAX_ROW,
)
from bot.transports.discord.bot import HeartBot
from bot.transports.discord.errors import apologise, expired, tell
from bot.transports.discord.replies import (
    NO_PINGS,
    answer_embed,
    answer_text,
    citation_embed,
    clip,
    credited,
    fact_reply,
    source_embed,
    topics_embed,
)

_log = logging.getLogger(__name__)

ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"  # an entry id, as knowledge.py allows them
Interaction = discord.Interaction[HeartBot]
# discord.py declares an item's callback, check and factory generic over the client, so their
# overrides take any interaction; our own methods (``act``) take heartbot's.
AnyInteraction = discord.Interaction[Any]
Button = discord.ui.Button[discord.ui.View]
Select = discord.ui.Select[discord.ui.View]


def can(channel: object, permission: str) -> bool:
    """Tell whether the bot has a permission in a channel; in DMs it has all it needs."""
    if not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
        return True
    if permission == "send_messages" and isinstance(channel, discord.Thread):
        permission = "send_messages_in_threads"
    return bool(getattr(channel.permissions_for(channel.guild.me), permission))


def payload(
    bot: HeartBot, channel: object, reply: Reply, *, asker: int, titled: bool = True
) -> dict[str, Any]:
    """An answer as an embed with buttons, or as plain text where the bot may not embed;
    ``titled`` as ``answer_embed`` says."""
    embed, view = shown(bot, reply, asker=asker, private=False, titled=titled)
    if can(channel, "embed_links"):
        return {"embed": embed, "view": view}
    text = answer_text(reply, source=bot.engine.title, credits=bot.engine.credits)
    return {"content": text, "view": view}


def cooldown_note(retry_after: float) -> str:
    """Word the polite note for someone posting one answer in a channel over and over; Discord
    shows the time as a live countdown ("in 27 seconds")."""
    again = discord.utils.utcnow() + timedelta(seconds=max(1.0, retry_after))
    return (
        "That answer is already up here a few times. Please wait: you can post it here again "
        f"{discord.utils.format_dt(again, 'R')}, or see it privately now (`/ask private:True`)."
    )


async def answer_interaction(
    interaction: Interaction,
    question: str,
    *,
    private: bool,
    counted: bool = True,
    answering: discord.Message | None = None,
    recipient: discord.abc.User | None = None,
) -> None:
    """Answer a question asked by command, menu or button; privately if asked to. A public
    answer counts towards the cooldown unless ``counted`` is off (heartbot's own suggestions).

    ``answering`` is someone's message picked in the menu: an answer links to it, and anything
    short of an answer (a refusal, a "did you mean") goes to the picker alone, not under it.
    ``recipient`` is whom /ask's ``for:`` names: the answer starts "for @them" and may ping
    them, and no one else.
    """
    bot = interaction.client
    reply = bot.ask(question, channel_id=interaction.channel_id, user_id=interaction.user.id)
    heading, url = readable(question, interaction), None
    if answering is not None:
        private = private or not reply.answered
        heading, url = answering.clean_content, answering.jump_url
    if counted and not private:
        limited = bot.floods(interaction.guild_id, interaction.channel_id, reply)
        if limited is not None:
            await tell(interaction, cooldown_note(limited.retry_after))
            return
    bot.record_question(reply, guild_id=interaction.guild_id)
    embed, view = shown(
        bot, reply, asker=interaction.user.id, private=private, heading=heading, url=url
    )
    content, mentions = None, NO_PINGS
    if recipient is not None:
        content = f"for {recipient.mention}"
        mentions = discord.AllowedMentions(
            everyone=False, roles=False, replied_user=False, users=[recipient]
        )
    try:
        await interaction.response.send_message(
            content, embed=embed, view=view, ephemeral=private, allowed_mentions=mentions
        )
        if not private:
            retire_delete(interaction)
    except discord.NotFound as exc:
        if not expired(exc):
            raise
        _log.warning("interaction %s expired before it was answered", interaction.id)
        channel = interaction.channel
        if private or not isinstance(channel, discord.abc.Messageable):
            return  # a private answer must not appear in public
        if not can(channel, "send_messages"):
            return
        try:
            await channel.send(
                allowed_mentions=NO_PINGS,
                **payload(bot, channel, reply, asker=interaction.user.id),
            )
        except discord.HTTPException as error:
            _log.warning("could not answer in channel %s: %s", interaction.channel_id, error)


def shown(
    bot: HeartBot, reply: Reply, *, asker: int, private: bool, **looks: Any
) -> tuple[discord.Embed, discord.ui.View]:
    """An answer's embed and buttons, crediting the published sources it comes from;
    ``looks`` as ``answer_embed`` takes them (a heading, a url)."""
    credits = bot.engine.credits
    embed = answer_embed(reply, source=bot.engine.title, credits=credits, **looks)
    view = answer_view(
        reply,
        asker=asker,
        private=private,
        now=bot.wall_clock(),
        lasting=bot.delete_seconds,
        links=credited(reply, credits),
    )
    return embed, view


def link_button(attribution: Attribution) -> Button:
    """A button that opens the published source an answer comes from."""
    publisher = attribution.publisher
    label = f"Read it on {publisher}" if publisher else "Read the source"
    return discord.ui.Button(label=clip(label, MAX_LABEL), url=attribution.url)


_MENTIONED = re.compile(r"<(@[!&]?|#)(\d{15,20})>")


def readable(text: str, interaction: Interaction) -> str:
    """Text as Discord shows it (``clean_content`` for a typed option): each mention of a
    person, role or channel by its name, never its id; one heartbot doesn't know, by its kind."""
    client, guild = interaction.client, interaction.guild

    def name(match: re.Match[str]) -> str:
        kind, found = match[1], int(match[2])
        if kind == "#":
            channel = client.get_channel(found)
            return f"#{getattr(channel, 'name', None) or 'channel'}"
        if kind == "@&":
            role = guild.get_role(found) if guild is not None else None
            return f"@{role.name if role is not None else 'role'}"
        user = (guild.get_member(found) if guild is not None else None) or client.get_user(found)
        return f"@{user.display_name if user is not None else 'someone'}"

    return _MENTIONED.sub(name, text)


def answer_view(
    reply: Reply,
    *,
    asker: int,
    private: bool,
    now: float | None = None,
    lasting: float = DELETE_SECONDS,
    links: Sequence[Attribution] = (),
) -> discord.ui.View:
    """Build the buttons under a reply, the question's own first: suggestions if unsure, else
    Source and votes; then Delete, which lasts ``lasting`` seconds from ``now`` (Unix time).
    They share a row while they fit. ``links`` are the published sources the answer comes
    from: a link button to each, before Delete."""
    makers: list[Callable[[], discord.ui.Item[Any]]] = []
    if reply.outcome is Outcome.SUGGEST:
        for suggestion in reply.suggestions[:MAX_ROW]:
            makers.append(partial(SuggestionButton, asker, *suggestion))
    elif reply.outcome is Outcome.REFUSE:
        makers.append(TopicsButton)
    source = reply.entry_id if reply.outcome is Outcome.ANSWER else None
    if reply.outcome is Outcome.UNKNOWN and reply.nearest is not None:
        source = reply.nearest.id
    if source is not None:
        makers.append(partial(SourceButton, source))
    if reply.entry_id is not None and reply.outcome in (Outcome.ANSWER, Outcome.UNKNOWN):
        makers.append(partial(VoteButton, asker, reply.entry_id, helpful=True))
        makers.append(partial(VoteButton, asker, reply.entry_id, helpful=False))
    for attribution in links:
        makers.append(partial(link_button, attribution))
    if private and reply.answered and reply.entry_id is not None:
        makers.append(partial(PostButton, asker, reply.entry_id))
    if not private:
        until = int((time.time() if now is None else now) + lasting)
        makers.append(partial(DeleteButton, asker, until))
    view = discord.ui.View(timeout=None)
    for make in makers:
        try:
            view.add_item(make())
        except ValueError as exc:  # an id too long for a custom_id: the reply still goes out
            _log.warning("leaving a button out: %s", exc)
    return view


def retire_delete(interaction: Interaction) -> None:
    """Take Delete off the answer an interaction just sent once it expires, as python-discord's
    trashcan does (the interaction's token lasts 15 minutes, so it can still edit)."""

    async def retire() -> None:
        try:
            message = await interaction.original_response()
            await interaction.edit_original_response(view=without_delete(message))
        except discord.HTTPException as exc:  # deleted meanwhile
            _log.debug("Delete not retired from interaction %s: %s", interaction.id, exc)

    bot = interaction.client
    bot.later(bot.delete_seconds, retire)


def retire_delete_from(bot: HeartBot, sent: discord.Message) -> None:
    """Take Delete off a message heartbot sent once it expires (read afresh then, so a vote
    given meanwhile stays marked)."""

    async def retire() -> None:
        try:
            message = await sent.channel.fetch_message(sent.id)
            await message.edit(view=without_delete(message), allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:  # deleted meanwhile, or no longer ours to see
            _log.debug("Delete not retired from message %s: %s", sent.id, exc)

    bot.later(bot.delete_seconds, retire)


def without_delete(message: discord.Message) -> discord.ui.View:
    """A message's buttons as they are, but Delete."""
    view = rebuilt_view(message)
    for item in view.children:
        if isinstance(item, DeleteButton):
            view.remove_item(item)
    return view


def rebuilt_view(message: discord.Message) -> discord.ui.View:
    """The view of one of heartbot's messages, item for item and row for row, to edit it with.

    Each button and menu becomes its DynamicItem again (so clicks still reach it after a
    restart), keeping the label, style and options the message shows; link buttons stay links.
    """
    view = discord.ui.View(timeout=None)
    for row, component in enumerate(message.components):
        if not isinstance(component, discord.ActionRow):
            continue
        for child in component.children:
            item = _item_for(child)
            if item is not None:
                item.row = row
                view.add_item(item)
    return view


def _item_for(component: discord.components.Component) -> discord.ui.Item[Any] | None:
    """The item that shows a component of one of our messages; None for one we never make."""
    shown: Button | BaseSelect[Any]
    if isinstance(component, discord.Button):
        shown = discord.ui.Button.from_component(component)
        if component.url is not None:
            return shown
    elif isinstance(component, discord.SelectMenu):
        shown = discord.ui.Select.from_component(component)
    else:
        return None
    for kind in DYNAMIC_ITEMS:
        match = kind.__discord_ui_compiled_template__.fullmatch(shown.custom_id or "")
        if match is not None and issubclass(kind, Guarded):
            item = kind.from_match(match)
            item.item = shown  # as the message shows it, not as from_match would draw it
            return item
    return None


def topics_view(
    engine: Engine, *, topic: str | None = None, fact: Fact | None = None, asker: int = 0
) -> discord.ui.View:
    """The topic browser: a topic menu, that topic's questions, and Source for a picked fact,
    with Post to channel for the ``asker`` browsing (the browser is private)."""
    view = discord.ui.View(timeout=None)
    topics = engine.knowledge.topics
    view.add_item(TopicSelect(list(topics), chosen=topic))
    if topic in topics:
        view.add_item(FactSelect(topics[topic], chosen=fact))
    if fact is not None:
        view.add_item(SourceButton(fact.id, row=2))
        if asker:
            view.add_item(PostButton(asker, fact.id, row=2))
    return view


def citation_sources_view(number: int, sources: Sequence[Source]) -> discord.ui.View:
    """Ask which source a citation number is meant in, when several have it."""
    view = discord.ui.View(timeout=None)
    view.add_item(CitationSourceSelect(number, sources))
    return view


def _custom_id(*parts: object) -> str:
    custom_id = ":".join(["heartbot", *map(str, parts)])
    if len(custom_id) > MAX_CUSTOM_ID:
        raise ValueError(f"custom_id {custom_id!r} is over Discord's {MAX_CUSTOM_ID} characters")
    return custom_id


class Guarded:
    """An item's action, run so that any failure gets the same apology as a command's.

    Its state lives in its custom_id: ``from_match`` reads it back, for discord.py when an old
    message is clicked, and for heartbot when it redraws a message's buttons.
    """

    @classmethod
    async def from_custom_id(
        cls, interaction: AnyInteraction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls.from_match(match)

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Self:
        raise NotImplementedError

    async def callback(self, interaction: AnyInteraction) -> None:
        try:
            await self.act(interaction)
        except Exception as exc:
            await apologise(interaction, exc)

    async def act(self, interaction: Interaction) -> None:
        raise NotImplementedError


class AskerOnly(Guarded):
    """An item only the person who asked may use; anyone else is told why, privately."""

    asker: int
    refusal: ClassVar[str]

    async def interaction_check(self, interaction: AnyInteraction, /) -> bool:
        if interaction.user.id == self.asker:
            return True
        await tell(interaction, self.refusal)
        return False


class SourceButton(
    Guarded, discord.ui.DynamicItem[Button], template=rf"heartbot:source:(?P<entry>{ID})"
):
    """Show the passage behind an answer, privately, to whoever clicks."""

    def __init__(self, entry_id: str, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label="Source",
                style=discord.ButtonStyle.secondary,
                custom_id=_custom_id("source", entry_id),
            ),
            row=row,
        )
        self.entry_id = entry_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> SourceButton:
        return cls(match["entry"])

    async def act(self, interaction: Interaction) -> None:
        engine = interaction.client.engine
        facts = engine.facts_for(self.entry_id)
        if not facts:
            await tell(interaction, "That answer is no longer in my fact base.")
            return
        await interaction.response.send_message(
            embed=source_embed(engine, facts), ephemeral=True, allowed_mentions=NO_PINGS
        )


class VoteButton(
    AskerOnly,
    discord.ui.DynamicItem[Button],
    template=rf"heartbot:vote:(?P<helpful>[01]):(?P<asker>\d+):(?P<entry>{ID})",
):
    """Let the asker say whether an answer helped."""

    refusal = "Only the person who asked can rate this answer."

    def __init__(self, asker: int, entry_id: str, *, helpful: bool, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label="Helpful" if helpful else "Not helpful",
                style=discord.ButtonStyle.success if helpful else discord.ButtonStyle.secondary,
                custom_id=_custom_id("vote", int(helpful), asker, entry_id),
            ),
            row=row,
        )
        self.asker = asker
        self.entry_id = entry_id
        self.helpful = helpful

    @classmethod
    def from_match(cls, match: re.Match[str]) -> VoteButton:
        return cls(int(match["asker"]), match["entry"], helpful=match["helpful"] == "1")

    async def act(self, interaction: Interaction) -> None:
        message = interaction.message
        if message is None:
            return
        interaction.client.record_vote(
            self.entry_id, helpful=self.helpful, answer=message.id, user=interaction.user.id
        )
        view = rebuilt_view(message)
        for item in view.children:
            if isinstance(item, VoteButton):
                item.mark(chosen=item.helpful == self.helpful)
        await interaction.response.edit_message(view=view, allowed_mentions=NO_PINGS)
        await tell(interaction, "Thanks, noted. That helps improve my answers.")

    def mark(self, *, chosen: bool) -> None:
        """Show whether this is the vote the asker gave: ticked and blue, or plain grey."""
        label = "Helpful" if self.helpful else "Not helpful"
        self.item.label = f"{label} ✓" if chosen else label
        self.item.style = discord.ButtonStyle.primary if chosen else discord.ButtonStyle.secondary


class DeleteButton(
    AskerOnly,
    discord.ui.DynamicItem[Button],
    template=r"heartbot:delete:(?P<asker>\d+)(?::(?P<until>\d+))?",
):
    """Let the asker remove an answer for a few minutes (as python-discord's trashcan does), and
    a moderator (Manage Messages) at any time. A Delete from before it expired has no time."""

    refusal = "Only the person who asked, or a moderator, can delete this answer."

    def __init__(self, asker: int, until: int | None = None, *, row: int | None = None) -> None:
        parts = (asker,) if until is None else (asker, until)
        super().__init__(
            discord.ui.Button(
                label="Delete",
                style=discord.ButtonStyle.danger,
                custom_id=_custom_id("delete", *parts),
            ),
            row=row,
        )
        self.asker = asker
        self.until = until

    @classmethod
    def from_match(cls, match: re.Match[str]) -> DeleteButton:
        until = match["until"]
        return cls(int(match["asker"]), int(until) if until else None)

    async def interaction_check(self, interaction: AnyInteraction, /) -> bool:
        if interaction.guild_id is not None and interaction.permissions.manage_messages:
            return True  # a moderator could delete it by hand anyway
        if interaction.user.id != self.asker:
            await tell(interaction, self.refusal)
            return False
        if self.until is not None and interaction.client.wall_clock() > self.until:
            try:
                await self.expire(interaction)
            except discord.HTTPException as exc:  # discord.py drops what a check raises, unlogged
                await apologise(interaction, exc)
            return False
        return True

    async def expire(self, interaction: Interaction) -> None:
        """Take the expired Delete off the message, and say why, privately."""
        message = interaction.message
        if message is None:
            return
        await interaction.response.edit_message(
            view=without_delete(message), allowed_mentions=NO_PINGS
        )
        lasting = interaction.client.delete_seconds
        said = f"{round(lasting / 60)} minutes" if lasting >= 60 else f"{round(lasting)} seconds"
        await tell(
            interaction,
            f"Delete lasts {said}, and this one has expired; a moderator can still remove it.",
        )

    async def act(self, interaction: Interaction) -> None:
        await interaction.response.defer()
        # Through the click's own token, not the channel: this works where only a user's
        # install of heartbot reaches (a group DM, a server without the bot) too.
        try:
            await interaction.delete_original_response()
        except discord.NotFound:
            pass  # someone else got there first
        except discord.HTTPException as exc:
            _log.warning("could not delete the message of interaction %s: %s", interaction.id, exc)
            await tell(interaction, "I couldn't delete that message.")


class PostButton(
    AskerOnly,
    discord.ui.DynamicItem[Button],
    template=rf"heartbot:post:(?P<asker>\d+):(?P<entry>{ID})",
):
    """Share a private answer: post it in the channel for everyone, as the asker's."""

    refusal = "Only the person who asked can post this answer."

    def __init__(self, asker: int, entry_id: str, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label="Post to channel",
                style=discord.ButtonStyle.primary,
                custom_id=_custom_id("post", asker, entry_id),
            ),
            row=row,
        )
        self.asker = asker
        self.entry_id = entry_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> PostButton:
        return cls(int(match["asker"]), match["entry"])

    async def act(self, interaction: Interaction) -> None:
        bot = interaction.client
        entry = bot.engine.entry(self.entry_id)
        facts = bot.engine.facts_for(self.entry_id)
        if entry is None or not facts:
            await tell(interaction, "That answer is no longer in my fact base.")
            return
        titles = unique(bot.engine.source_of(fact).title for fact in facts)
        reply = Reply(
            entry.questions[0], Outcome.ANSWER, facts=facts, entry_id=entry.id, sources=titles
        )
        limited = bot.floods(interaction.guild_id, interaction.channel_id, reply)
        if limited is not None:
            await tell(interaction, cooldown_note(limited.retry_after))
            return
        embed, view = shown(bot, reply, asker=self.asker, private=False)
        await interaction.response.send_message(embed=embed, view=view, allowed_mentions=NO_PINGS)
        retire_delete(interaction)


class SuggestionButton(
    Guarded,
    discord.ui.DynamicItem[Button],
    template=rf"heartbot:ask:(?P<asker>\d+):(?P<entry>{ID})",
):
    """Ask a suggested question: for the asker where they asked, for anyone else privately."""

    def __init__(self, asker: int, entry_id: str, label: str = "Ask this") -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, MAX_LABEL),
                style=discord.ButtonStyle.primary,
                custom_id=_custom_id("ask", asker, entry_id),
            ),
            row=0,
        )
        self.asker = asker
        self.entry_id = entry_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> SuggestionButton:
        return cls(int(match["asker"]), match["entry"])

    async def act(self, interaction: Interaction) -> None:
        entry = interaction.client.engine.entry(self.entry_id)
        if entry is None:
            await tell(interaction, "That suggestion is no longer in my fact base.")
            return
        message = interaction.message
        private = interaction.user.id != self.asker or bool(message and message.flags.ephemeral)
        await answer_interaction(interaction, entry.questions[0], private=private, counted=False)


class TopicsButton(Guarded, discord.ui.DynamicItem[Button], template=r"heartbot:topics"):
    """Open the topic browser privately."""

    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Browse topics",
                style=discord.ButtonStyle.primary,
                custom_id=_custom_id("topics"),
            ),
            row=0,
        )

    @classmethod
    def from_match(cls, match: re.Match[str]) -> TopicsButton:
        return cls()

    async def act(self, interaction: Interaction) -> None:
        engine = interaction.client.engine
        await interaction.response.send_message(
            embed=topics_embed(engine),
            view=topics_view(engine),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )


class TopicSelect(Guarded, discord.ui.DynamicItem[Select], template=r"heartbot:topic"):
    """Pick a topic in the browser."""

    def __init__(self, topics: Sequence[str] = (), *, chosen: str | None = None) -> None:
        options = [
            discord.SelectOption(
                label=clip(topic, MAX_OPTION_TEXT),
                value=clip(topic, MAX_OPTION_TEXT),
                default=topic == chosen,
            )
            for topic in topics[:MAX_OPTIONS]
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=_custom_id("topic"),
                placeholder="Pick a topic",
                options=options,
            ),
            row=0,
        )

    @classmethod
    def from_match(cls, match: re.Match[str]) -> TopicSelect:
        return cls()

    async def act(self, interaction: Interaction) -> None:
        engine = interaction.client.engine
        topic = self.item.values[0] if self.item.values else None
        await interaction.response.edit_message(
            embed=topics_embed(engine, topic),
            view=topics_view(engine, topic=topic),
            allowed_mentions=NO_PINGS,
        )


class FactSelect(Guarded, discord.ui.DynamicItem[Select], template=r"heartbot:fact"):
    """Pick a question in the browser to see its answer."""

    def __init__(self, facts: Sequence[Fact] = (), *, chosen: Fact | None = None) -> None:
        options = [
            discord.SelectOption(
                label=clip(fact.questions[0], MAX_OPTION_TEXT),
                value=fact.id,
                default=chosen is not None and fact.id == chosen.id,
            )
            for fact in facts[:MAX_OPTIONS]
            if len(fact.id) <= MAX_OPTION_TEXT
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=_custom_id("fact"),
                placeholder="Pick a question",
                options=options,
            ),
            row=1,
        )

    @classmethod
    def from_match(cls, match: re.Match[str]) -> FactSelect:
        return cls()

    async def act(self, interaction: Interaction) -> None:
        engine = interaction.client.engine
        fact = engine.fact(self.item.values[0]) if self.item.values else None
        if fact is None:
            await tell(interaction, "That question is no longer in my fact base.")
            return
        await interaction.response.edit_message(
            embed=answer_embed(
                replace(fact_reply(fact), sources=(engine.source_of(fact).title,)),
                source=engine.title,
                credits=engine.credits,
            ),
            view=topics_view(engine, topic=fact.topic, fact=fact, asker=interaction.user.id),
            allowed_mentions=NO_PINGS,
        )


class CitationSourceSelect(
    Guarded, discord.ui.DynamicItem[Select], template=r"heartbot:cite:(?P<number>\d{1,20})"
):
    """Pick the source whose passage for a citation number to show."""

    def __init__(self, number: int, sources: Sequence[Source] = ()) -> None:
        options = [
            discord.SelectOption(
                label=clip(source.title, MAX_OPTION_TEXT),
                value=clip(source.path.stem, MAX_OPTION_TEXT),
            )
            for source in sources[:MAX_OPTIONS]
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=_custom_id("cite", number),
                placeholder="Pick a source",
                options=options,
            ),
            row=0,
        )
        self.number = number

    @classmethod
    def from_match(cls, match: re.Match[str]) -> CitationSourceSelect:
        return cls(int(match["number"]))

    async def act(self, interaction: Interaction) -> None:
        engine = interaction.client.engine
        source = engine.source_named(self.item.values[0]) if self.item.values else None
        passage = engine.passage(self.number, source) if source is not None else None
        if passage is None:
            await tell(interaction, "That source is no longer in my knowledge.")
            return
        await interaction.response.send_message(
            embed=citation_embed(passage), allowed_mentions=NO_PINGS
        )


# Registered with the client so that clicks on old messages still work after a restart.
DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    SourceButton,
    VoteButton,
    DeleteButton,
    PostButton,
    SuggestionButton,
    TopicsButton,
    TopicSelect,
    FactSelect,
    CitationSourceSelect,
)
