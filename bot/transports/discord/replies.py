"""How heartbot's replies look on Discord: embeds and plain text, inside Discord's limits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import discord

from bot.engine.answers import (
    YES,
    Outcome,
    Reply,
    cited,
    echo,
    format_cites,
    render_text,
    unique,
)
from bot.engine.core import Engine, Passage
from bot.engine.knowledge import Attribution, Fact
from bot.engine.source import Source
from bot.limits import (
    DELETE_SECONDS,
    MAX_CONTENT,
    MAX_DESCRIPTION,
    MAX_FIELD_VALUE,
    MAX_FOOTER,
    MAX_SOURCE_FIELDS,
    MAX_SOURCE_NAME,
    MAX_SOURCE_VALUE,
    MAX_TITLE,
)

NO_PINGS = discord.AllowedMentions.none()
NO_CREDITS: Mapping[str, Attribution] = MappingProxyType({})
COLOUR = discord.Colour(0xB03060)


def clip(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def footer(source: str) -> str:
    """Word the footer every answer carries: where it comes from."""
    return clip(f"Source: {source}", MAX_FOOTER)


def credit(title: str, attribution: Attribution | None) -> str:
    """Name a source as its licence asks: ““Title” on Wikipedia, CC BY-SA 4.0"."""
    if attribution is None:
        return title
    where = f" on {attribution.publisher}" if attribution.publisher else ""
    licence = f", {attribution.licence}" if attribution.licence else ""
    return f"“{title}”{where}{licence}"


def credited(reply: Reply, credits: Mapping[str, Attribution]) -> tuple[Attribution, ...]:
    """The published sources a reply's facts come from, for its link buttons."""
    return unique(credits[title] for title in reply.sources if title in credits)


def _quote(sentences: Iterable[str]) -> str:
    return "\n".join(f"> {sentence}" for sentence in sentences)


def answer_embed(
    reply: Reply,
    *,
    source: str,
    titled: bool = True,
    heading: str | None = None,
    url: str | None = None,
    credits: Mapping[str, Attribution] = NO_CREDITS,
) -> discord.Embed:
    """Render a reply as an embed: the answer, its citation numbers, the source in the footer.

    ``titled`` heads it with the question (or ``heading``, the question as people see it),
    markdown shown as typed; a reply to a message has the question right above it and goes
    without. ``url`` links the title to the message answered. ``credits`` (by source title)
    name where a source is published, and its licence, in the footer.
    """
    asked = reply.question if heading is None else heading
    title = clip(discord.utils.escape_markdown(echo(asked)), MAX_TITLE) if titled else ""
    embed = discord.Embed(title=title or None, url=url if title else None, colour=COLOUR)
    if reply.outcome is Outcome.ANSWER:
        if len(reply.facts) == 1:
            text = cited(reply.facts[0], markdown=True)
            if reply.confirmed:
                text = f"**{YES.strip()}** {text}"
        else:
            # Each fact's note that it has no citation stays with that fact, on its bullet.
            text = "\n".join(f"• {cited(f, markdown=True, inline=True)}" for f in reply.facts)
        embed.description = clip(text, MAX_DESCRIPTION)
        numbers = reply.citations
        if numbers:  # with none, the note beside the answer already says so, once
            embed.add_field(
                name="Citations",
                value=f"{format_cites(numbers)} · `/source` shows the passage",
                inline=False,
            )
    else:
        lines = [reply.message]
        if reply.outcome is Outcome.HINT:
            lines.append("`/topics` lists what I know.")
        if reply.suggestions:
            lines += ["", "Did you mean:", *(f"• {s}" for s in reply.suggestions)]
        embed.description = clip("\n".join(lines), MAX_DESCRIPTION)
        if reply.nearest is not None:
            embed.add_field(
                name="What the source does say",
                value=clip(cited(reply.nearest, markdown=True), MAX_FIELD_VALUE),
                inline=False,
            )
        if reply.topics:
            embed.add_field(
                name="It covers", value=clip(", ".join(reply.topics), MAX_FIELD_VALUE), inline=False
            )
    embed.set_footer(text=footer(reply_source(reply, source, credits)))
    return embed


def reply_source(
    reply: Reply, default: str, credits: Mapping[str, Attribution] = NO_CREDITS
) -> str:
    """Name where a reply comes from: its facts' sources (credited where their fact files say
    where they are published), else everything heartbot knows."""
    return "; ".join(credit(title, credits.get(title)) for title in reply.sources) or default


def answer_text(
    reply: Reply, *, source: str, credits: Mapping[str, Attribution] = NO_CREDITS
) -> str:
    """Render a reply as plain text, for channels where the bot may not embed."""
    named = footer(reply_source(reply, source, credits))
    return clip(f"{render_text(reply)}\n-# {named}", MAX_CONTENT)


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


_MARKER = re.compile(r"\[(\d+)\]")


def supported(sentence: str, number: int) -> tuple[int, int] | None:
    """Where in a sentence the clause citation ``number`` supports lies: from the marker before
    it (or the sentence's start) to its own marker; None if that is the whole sentence."""
    markers = list(_MARKER.finditer(sentence))
    at = next((i for i, m in enumerate(markers) if int(m[1]) == number), None)
    if at is None:
        return None
    end, first = markers[at].end(), at
    # "[16][17]": markers side by side support the same clause.
    while first > 0 and not sentence[markers[first - 1].end() : markers[first].start()].strip():
        first -= 1
    start = markers[first - 1].end() if first > 0 else 0
    start += len(sentence[start:]) - len(sentence[start:].lstrip())
    if start == 0 and not sentence[end:].strip():
        return None
    return start, end


def clause(sentence: str, number: int) -> str:
    """The words citation ``number`` supports in a sentence, without markers."""
    start, end = supported(sentence, number) or (0, len(sentence))
    return " ".join(_MARKER.sub("", sentence[start:end]).split())


def mark(sentence: str, number: int) -> str:
    """A sentence with the clause citation ``number`` supports in bold, when there's more."""
    found = supported(sentence, number)
    if found is None:
        return sentence
    start, end = found
    return f"{sentence[:start]}**{sentence[start:end]}**{sentence[end:]}"


def citation_embed(passage: Passage) -> discord.Embed:
    """Show what citation [n] supports: the verbatim passage, the clause [n] supports in bold,
    and the facts that cite it."""
    sentences = [mark(sentence, passage.number) for sentence in passage.sentences]
    embed = discord.Embed(
        title=f"Citation [{passage.number}]",
        description=clip(_quote(sentences), MAX_DESCRIPTION),
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
            "Set `private` to see the answer alone (**Post to channel** shares it), "
            "`for` to answer someone.\n"
            "• Mention me with a question, or send me a direct message.\n"
            "• Right-click a message → Apps → **Ask heartbot** to answer it.\n"
            "• `/source number:` shows the passage behind a citation number.\n"
            "• `/topics` lets you browse everything I know.\n\n"
            "Under an answer: **Source** shows the passage, **Helpful** / **Not helpful** "
            "tell us how it went, **Delete** removes it (whoever asked, for "
            f"{DELETE_SECONDS // 60} minutes; moderators, any time)."
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
