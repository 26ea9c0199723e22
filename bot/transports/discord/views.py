"""How heartbot's replies look on Discord: embeds, buttons and menus, inside Discord's limits."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import partial
from typing import Any, Protocol, runtime_checkable

import discord

from bot.engine.answers import UNCITED, Outcome, Reply, echo, format_cites, render_text, unique
from bot.engine.core import Engine, Passage
from bot.engine.knowledge import Fact, Roundup
from bot.engine.source import Source

_log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
COLOUR = discord.Colour(0xB03060)

# Discord's documented limits.
MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_FIELD_VALUE = 1024
MAX_LABEL = 80
MAX_CUSTOM_ID = 100
MAX_OPTIONS = 25
MAX_OPTION_TEXT = 100
MAX_ROW = 5
MAX_QUESTION = 300  # the longest question taken; no real question is longer
# Our budgets keep an embed under Discord's 6000-character total whatever the text: a title of
# at most 256, a description of 3000, two fields of at most 64 + 1024 and a footer of 300.
MAX_DESCRIPTION = 3000
MAX_FOOTER = 300
# /about lists up to 3 sources as fields of at most 100 + 300 characters, inside the budget.
MAX_SOURCE_FIELDS = 3
MAX_SOURCE_NAME = 100
MAX_SOURCE_VALUE = 300

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
UNKNOWN_INTERACTION = 10062  # Discord's code for an interaction past its 3-second deadline
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"


@runtime_checkable
class Host(Protocol):
    """What heartbot's buttons and menus need from the client that receives their clicks."""

    @property
    def engine(self) -> Engine: ...

    async def answer_interaction(
        self, interaction: discord.Interaction, question: str, *, private: bool
    ) -> None: ...

    def record_vote(self, entry_id: str, *, helpful: bool) -> None: ...


def host_of(interaction: discord.Interaction) -> Host:
    """Find the heartbot client behind an interaction."""
    client = interaction.client
    if not isinstance(client, Host):
        raise TypeError(f"heartbot's components need a heartbot client, not {type(client)}")
    return client


def clip(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def footer(source: str) -> str:
    """Word the footer every answer carries: where it comes from."""
    return clip(f"Source: {source}", MAX_FOOTER)


def _fact_text(fact: Fact) -> str:
    if fact.cites:
        return f"{fact.answer} {format_cites(fact.cites)}"
    return f"{fact.answer}\n*{UNCITED}*"


def _quote(sentences: Iterable[str]) -> str:
    return "\n".join(f"> {sentence}" for sentence in sentences)


def answer_embed(reply: Reply, *, source: str) -> discord.Embed:
    """Render a reply as an embed: the answer, its citation numbers, the source in the footer."""
    embed = discord.Embed(title=clip(echo(reply.question), MAX_TITLE) or None, colour=COLOUR)
    if reply.outcome is Outcome.ANSWER:
        if len(reply.facts) == 1:
            text = _fact_text(reply.facts[0])
        else:
            text = "\n".join(f"• {_fact_text(fact)}" for fact in reply.facts)
        embed.description = clip(text, MAX_DESCRIPTION)
        numbers = reply.citations
        embed.add_field(
            name="Citations",
            value=f"{format_cites(numbers)} · `/source` shows the passage" if numbers else UNCITED,
            inline=False,
        )
    else:
        lines = [reply.message]
        if reply.suggestions:
            lines += ["", "Did you mean:", *(f"• {s}" for s in reply.suggestions)]
        embed.description = clip("\n".join(lines), MAX_DESCRIPTION)
        if reply.nearest is not None:
            embed.add_field(
                name="What the source does say",
                value=clip(_fact_text(reply.nearest), MAX_FIELD_VALUE),
                inline=False,
            )
        if reply.topics:
            embed.add_field(
                name="It covers", value=clip(", ".join(reply.topics), MAX_FIELD_VALUE), inline=False
            )
    embed.set_footer(text=footer(reply_source(reply, source)))
    return embed


def reply_source(reply: Reply, default: str) -> str:
    """Name where a reply comes from: its facts' sources, else everything heartbot knows."""
    return "; ".join(reply.sources) or default


def answer_text(reply: Reply, *, source: str) -> str:
    """Render a reply as plain text, for channels where the bot may not embed."""
    return clip(f"{render_text(reply)}\n-# {footer(reply_source(reply, source))}", MAX_CONTENT)


def source_embed(engine: Engine, facts: Sequence[Fact]) -> discord.Embed:
    """Show what the source says behind some facts: each cited passage with its markers."""
    numbers = unique(n for fact in facts for n in fact.cites)
    blocks: list[str] = []
    shown: set[tuple[int, str]] = set()
    for fact in facts:
        source = engine.source_of(fact)
        for number in fact.cites:
            passage = engine.passage(number, source)
            if passage is not None and (number, source.title) not in shown:
                shown.add((number, source.title))
                blocks.append(f"**[{number}]** supports:\n{_quote(passage.sentences)}")
    for fact in facts:
        if not fact.cites:
            blocks.append(f"**No citation number**: the source says\n{_quote([fact.quote])}")
    embed = discord.Embed(
        title=clip(f"Source {format_cites(numbers)}".strip(), MAX_TITLE),
        description=clip("\n\n".join(blocks), MAX_DESCRIPTION),
        colour=COLOUR,
    )
    titles = unique(engine.source_of(fact).title for fact in facts)
    embed.set_footer(text=footer("; ".join(titles) or engine.title))
    return embed


def citation_embed(passage: Passage) -> discord.Embed:
    """Show what citation [n] supports: the verbatim passage and the facts that cite it."""
    embed = discord.Embed(
        title=f"Citation [{passage.number}]",
        description=clip(_quote(passage.sentences), MAX_DESCRIPTION),
        colour=COLOUR,
    )
    if passage.facts:
        embed.add_field(
            name="Facts citing it",
            value=clip("\n".join(f"• {fact.answer}" for fact in passage.facts), MAX_FIELD_VALUE),
            inline=False,
        )
    embed.set_footer(text=footer(passage.source.title))
    return embed


def unknown_citation(number: int, sources: Sequence[Source]) -> str:
    """Say a citation number doesn't exist, and list the ones that do, source by source."""

    def numbers(source: Source) -> str:
        return ", ".join(f"[{n}]" for n in source.markers) or "none"

    if len(sources) == 1:
        return clip(
            f"The source has no citation [{number}]. Its citation numbers are "
            f"{numbers(sources[0])}.",
            MAX_CONTENT,
        )
    lines = [f"No source has a citation [{number}]. Their citation numbers are:"]
    lines += [f"• {source.title}: {numbers(source)}" for source in sources]
    return clip("\n".join(lines), MAX_CONTENT)


def about_embed(engine: Engine) -> discord.Embed:
    """Say what heartbot knows, from which sources, and how it answers."""
    knowledge = engine.knowledge
    several = len(knowledge.files) > 1
    embed = discord.Embed(
        title="About heartbot",
        description=clip(
            "I answer questions from "
            + (f"{len(knowledge.files)} sources" if several else "one source")
            + ", listed below, and from nothing else.\n\n"
            f"I know {len(knowledge.facts)} facts in {len(knowledge.topics)} topics. "
            "Each answer shows the source's citation numbers, or says that the source gives "
            "none. If I'm not sure what you mean I suggest questions; if the source doesn't "
            "cover something I say so rather than guess.",
            MAX_DESCRIPTION,
        ),
        colour=COLOUR,
    )
    for fact_file in knowledge.files[:MAX_SOURCE_FIELDS]:
        markers = " ".join(f"[{n}]" for n in fact_file.source.markers) or "none"
        embed.add_field(
            name=clip(f"Source: {fact_file.source.title}", MAX_SOURCE_NAME),
            value=clip(
                f"{len(fact_file.facts)} facts · citation numbers {markers}", MAX_SOURCE_VALUE
            ),
            inline=False,
        )
    if len(knowledge.files) > MAX_SOURCE_FIELDS:
        embed.add_field(
            name="And more",
            value=f"{len(knowledge.files) - MAX_SOURCE_FIELDS} more sources",
            inline=False,
        )
    embed.set_footer(text=footer(engine.title))
    return embed


def help_embed(engine: Engine) -> discord.Embed:
    """Say how to ask heartbot something."""
    embed = discord.Embed(
        title="How to ask heartbot",
        description=(
            "• `/ask question:` and type; suggestions appear as you go. "
            "Set `private` to see the answer alone.\n"
            "• Mention me with a question, or send me a direct message.\n"
            "• Right-click a message → Apps → **Ask heartbot** to answer it.\n"
            "• `/source number:` shows the passage behind a citation number.\n"
            "• `/topics` lets you browse everything I know.\n\n"
            "Under an answer: **Source** shows the passage, **Helpful** / **Not helpful** "
            "tell us how it went, **Delete** removes it (only for whoever asked)."
        ),
        colour=COLOUR,
    )
    embed.set_footer(text=footer(engine.title))
    return embed


def topics_embed(engine: Engine, topic: str | None = None) -> discord.Embed:
    """List the topics, or one topic's questions."""
    topics = engine.knowledge.topics
    if topic is None or topic not in topics:
        lines = [f"• **{name}**: {len(facts)} facts" for name, facts in topics.items()]
        title, intro = "Topics", "Pick a topic below to see what I can answer."
    else:
        lines = [f"• {fact.questions[0]}" for fact in topics[topic]]
        title, intro = topic, "Pick a question below to see its answer."
    embed = discord.Embed(
        title=clip(title, MAX_TITLE),
        description=clip("\n".join([intro, "", *lines]), MAX_DESCRIPTION),
        colour=COLOUR,
    )
    embed.set_footer(text=footer(engine.title))
    return embed


def fact_reply(fact: Fact) -> Reply:
    """Make the reply for a fact picked in the topic browser, as if its question were asked."""
    return Reply(fact.questions[0], Outcome.ANSWER, facts=(fact,), entry_id=fact.id)


def facts_for(engine: Engine, entry_id: str) -> tuple[Fact, ...]:
    """Find the facts behind an entry: itself, a roundup's facts, or an unknown's nearest."""
    try:
        entry = engine.knowledge.entry(entry_id)
    except KeyError:
        return ()
    if isinstance(entry, Fact):
        return (entry,)
    if isinstance(entry, Roundup):
        return tuple(fact for fact in map(engine.fact, entry.facts) if fact is not None)
    return facts_for(engine, entry.nearest) if entry.nearest else ()


def _custom_id(*parts: object) -> str:
    custom_id = ":".join(["heartbot", *map(str, parts)])
    if len(custom_id) > MAX_CUSTOM_ID:
        raise ValueError(f"custom_id {custom_id!r} is over Discord's {MAX_CUSTOM_ID} characters")
    return custom_id


def answer_view(engine: Engine, reply: Reply, *, asker: int, private: bool) -> discord.ui.View:
    """Build the buttons under a reply: Source, votes and Delete; suggestions if unsure."""
    makers: list[Callable[[], discord.ui.DynamicItem[Any]]] = []
    if reply.outcome is Outcome.SUGGEST:
        for question in reply.suggestions[:MAX_ROW]:
            entry_id = _entry_asking(engine, question)
            if entry_id is not None:
                makers.append(partial(SuggestionButton, asker, entry_id, question))
    elif reply.outcome is Outcome.REFUSE:
        makers.append(TopicsButton)
    row = 1 if makers else 0
    source = reply.entry_id if reply.outcome is Outcome.ANSWER else None
    if reply.outcome is Outcome.UNKNOWN and reply.nearest is not None:
        source = reply.nearest.id
    if source is not None:
        makers.append(partial(SourceButton, source, row=row))
    if reply.entry_id is not None and reply.outcome in (Outcome.ANSWER, Outcome.UNKNOWN):
        makers.append(partial(VoteButton, asker, reply.entry_id, helpful=True, row=row))
        makers.append(partial(VoteButton, asker, reply.entry_id, helpful=False, row=row))
    if not private:
        makers.append(partial(DeleteButton, asker, row=row))
    view = discord.ui.View(timeout=None)
    for make in makers:
        try:
            view.add_item(make())
        except ValueError as exc:  # an id too long for a custom_id: the reply still goes out
            _log.warning("leaving a button out: %s", exc)
    return view


def topics_view(
    engine: Engine, *, topic: str | None = None, fact: Fact | None = None
) -> discord.ui.View:
    """The topic browser: a topic menu, that topic's questions, and Source for a picked fact."""
    view = discord.ui.View(timeout=None)
    topics = engine.knowledge.topics
    view.add_item(TopicSelect(list(topics), chosen=topic))
    if topic in topics:
        view.add_item(FactSelect(topics[topic], chosen=fact))
    if fact is not None:
        view.add_item(SourceButton(fact.id, row=2))
    return view


def _entry_asking(engine: Engine, question: str) -> str | None:
    for entry in engine.knowledge.entries:
        if entry.questions and entry.questions[0] == question:
            return entry.id
    return None


async def tell(interaction: discord.Interaction, text: str) -> None:
    """Say something to the one user behind an interaction, answered yet or not."""
    if interaction.type is discord.InteractionType.autocomplete:
        return
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException as exc:
        _log.warning("could not tell user %s %r: %s", interaction.user.id, text, exc)


def expired(error: BaseException) -> bool:
    """Tell whether an error says the interaction is gone (not answered within 3 seconds)."""
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


async def apologise(interaction: discord.Interaction, error: BaseException) -> None:
    """Log an unexpected failure and tell the user, politely and privately, if still possible."""
    if expired(error):
        _log.warning("interaction %s expired before it was answered", interaction.id)
        return
    _log.error("interaction %s failed", interaction.id, exc_info=error)
    await tell(interaction, SORRY)


async def guarded(interaction: discord.Interaction, action: Awaitable[None]) -> None:
    """Run a component's action; any failure gets the same apology as a command's."""
    try:
        await action
    except Exception as exc:
        await apologise(interaction, exc)


Button = discord.ui.Button[discord.ui.View]
Select = discord.ui.Select[discord.ui.View]


class SourceButton(discord.ui.DynamicItem[Button], template=rf"heartbot:source:(?P<entry>{ID})"):
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
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SourceButton:
        return cls(match["entry"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._show(interaction))

    async def _show(self, interaction: discord.Interaction) -> None:
        engine = host_of(interaction).engine
        facts = facts_for(engine, self.entry_id)
        if not facts:
            await tell(interaction, "That answer is no longer in my fact base.")
            return
        await interaction.response.send_message(
            embed=source_embed(engine, facts), ephemeral=True, allowed_mentions=NO_PINGS
        )


class VoteButton(
    discord.ui.DynamicItem[Button],
    template=rf"heartbot:vote:(?P<helpful>[01]):(?P<asker>\d+):(?P<entry>{ID})",
):
    """Let the asker say whether an answer helped."""

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
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        return cls(int(match["asker"]), match["entry"], helpful=match["helpful"] == "1")

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._vote(interaction))

    async def _vote(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.asker:
            await tell(interaction, "Only the person who asked can rate this answer.")
            return
        host_of(interaction).record_vote(self.entry_id, helpful=self.helpful)
        await tell(interaction, "Thanks, noted. That helps improve my answers.")


class DeleteButton(discord.ui.DynamicItem[Button], template=r"heartbot:delete:(?P<asker>\d+)"):
    """Let the asker remove an answer."""

    def __init__(self, asker: int, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label="Delete",
                style=discord.ButtonStyle.danger,
                custom_id=_custom_id("delete", asker),
            ),
            row=row,
        )
        self.asker = asker

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DeleteButton:
        return cls(int(match["asker"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._delete(interaction))

    async def _delete(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.asker:
            await tell(interaction, "Only the person who asked can delete this answer.")
            return
        await interaction.response.defer()
        if interaction.message is None:
            return
        try:
            await interaction.message.delete()
        except discord.NotFound:
            pass  # someone else got there first
        except discord.HTTPException as exc:
            _log.warning("could not delete message %s: %s", interaction.message.id, exc)
            await tell(interaction, "I couldn't delete that message.")


class SuggestionButton(
    discord.ui.DynamicItem[Button], template=rf"heartbot:ask:(?P<asker>\d+):(?P<entry>{ID})"
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
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SuggestionButton:
        return cls(int(match["asker"]), match["entry"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._ask(interaction))

    async def _ask(self, interaction: discord.Interaction) -> None:
        host = host_of(interaction)
        try:
            entry = host.engine.knowledge.entry(self.entry_id)
        except KeyError:
            await tell(interaction, "That suggestion is no longer in my fact base.")
            return
        message = interaction.message
        private = interaction.user.id != self.asker or bool(message and message.flags.ephemeral)
        await host.answer_interaction(interaction, entry.questions[0], private=private)


class TopicsButton(discord.ui.DynamicItem[Button], template=r"heartbot:topics"):
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
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TopicsButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._open(interaction))

    async def _open(self, interaction: discord.Interaction) -> None:
        engine = host_of(interaction).engine
        await interaction.response.send_message(
            embed=topics_embed(engine),
            view=topics_view(engine),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )


class TopicSelect(discord.ui.DynamicItem[Select], template=r"heartbot:topic"):
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
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TopicSelect:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._pick(interaction))

    async def _pick(self, interaction: discord.Interaction) -> None:
        engine = host_of(interaction).engine
        topic = self.item.values[0] if self.item.values else None
        await interaction.response.edit_message(
            embed=topics_embed(engine, topic),
            view=topics_view(engine, topic=topic),
            allowed_mentions=NO_PINGS,
        )


class FactSelect(discord.ui.DynamicItem[Select], template=r"heartbot:fact"):
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
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FactSelect:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._pick(interaction))

    async def _pick(self, interaction: discord.Interaction) -> None:
        engine = host_of(interaction).engine
        fact = engine.fact(self.item.values[0]) if self.item.values else None
        if fact is None:
            await tell(interaction, "That question is no longer in my fact base.")
            return
        await interaction.response.edit_message(
            embed=answer_embed(fact_reply(fact), source=engine.title),
            view=topics_view(engine, topic=fact.topic, fact=fact),
            allowed_mentions=NO_PINGS,
        )


def citation_sources_view(number: int, sources: Sequence[Source]) -> discord.ui.View:
    """Ask which source a citation number is meant in, when several have it."""
    view = discord.ui.View(timeout=None)
    view.add_item(CitationSourceSelect(number, sources))
    return view


class CitationSourceSelect(
    discord.ui.DynamicItem[Select], template=r"heartbot:cite:(?P<number>\d{1,20})"
):
    """Pick the source whose passage for a citation number to show."""

    def __init__(self, number: int, sources: Sequence[Source] = ()) -> None:
        options = [
            discord.SelectOption(
                label=clip(source.title, MAX_OPTION_TEXT), value=clip(source.path.stem, 100)
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
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CitationSourceSelect:
        return cls(int(match["number"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self._pick(interaction))

    async def _pick(self, interaction: discord.Interaction) -> None:
        engine = host_of(interaction).engine
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
    SuggestionButton,
    TopicsButton,
    TopicSelect,
    FactSelect,
    CitationSourceSelect,
)
