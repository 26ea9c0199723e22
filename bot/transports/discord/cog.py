"""heartbot's slash commands, its message menu, and the one error handler for them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.engine.core import MAX_CHOICES, Engine
from bot.transports.discord.views import (
    MAX_CONTENT,
    MAX_OPTION_TEXT,
    MAX_QUESTION,
    NO_PINGS,
    about_embed,
    apologise,
    citation_embed,
    citation_sources_view,
    clip,
    help_embed,
    tell,
    topics_embed,
    topics_view,
    unknown_citation,
)

if TYPE_CHECKING:
    from bot.transports.discord.bot import HeartBot

_log = logging.getLogger(__name__)


class HeartTree(app_commands.CommandTree):
    """The command tree, with the one polite error handler for every command and menu."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Log what went wrong and tell the user privately."""
        if isinstance(error, app_commands.CommandInvokeError):
            await apologise(interaction, error.original)
            return
        _log.warning("interaction %s: %s", interaction.id, error)
        await tell(interaction, f"I couldn't do that: {error}")


class Answers(commands.Cog):
    """Ask, look up a citation, browse topics, and read about heartbot."""

    def __init__(self, bot: HeartBot) -> None:
        self.bot = bot
        self.ask_menu = app_commands.ContextMenu(name="Ask heartbot", callback=self.ask_message)

    async def cog_load(self) -> None:
        """Add the message menu, which a cog can't declare like a slash command."""
        self.bot.tree.add_command(self.ask_menu)

    async def cog_unload(self) -> None:
        """Remove the message menu with the cog."""
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)

    @app_commands.command()
    @app_commands.describe(
        question="What you want to know about One from the Heart",
        private="Show the answer only to you",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION],
        private: bool = False,
    ) -> None:
        """Ask a question about One from the Heart (1982)."""
        await self.bot.answer_interaction(interaction, question, private=private)

    @ask.autocomplete("question")
    async def ask_question(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer the fact base's questions that fit what has been typed so far."""
        return [
            app_commands.Choice(name=question, value=question)
            for question in self.engine.complete(current)[:MAX_CHOICES]
        ]

    @property
    def engine(self) -> Engine:
        """The bot's current engine: a reload swaps it, so never keep a copy."""
        return self.bot.engine

    @app_commands.command()
    @app_commands.describe(
        number="A citation number from an answer, like 9 for [9]",
        document="Which source, when heartbot has several",
    )
    async def source(
        self, interaction: discord.Interaction, number: int, document: str | None = None
    ) -> None:
        """Show the passage of the source that a citation number supports."""
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

    @source.autocomplete("document")
    async def source_document(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer the sources whose titles fit what has been typed."""
        typed = current.casefold()
        return [
            app_commands.Choice(name=clip(source.title, MAX_OPTION_TEXT), value=source.path.stem)
            for source in self.engine.sources
            if typed in source.title.casefold() or typed in source.path.stem
        ][:MAX_CHOICES]

    @app_commands.command()
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def reload(self, interaction: discord.Interaction) -> None:
        """Reload heartbot's knowledge from its files, without a restart (owner only)."""
        if not await self.bot.is_owner(interaction.user):
            await tell(interaction, "Only heartbot's owner can reload its knowledge.")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.bot.reload_knowledge()
        await interaction.followup.send(
            clip(result.message, MAX_CONTENT), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @app_commands.command()
    async def topics(self, interaction: discord.Interaction) -> None:
        """Browse everything heartbot knows, topic by topic."""
        await interaction.response.send_message(
            embed=topics_embed(self.engine),
            view=topics_view(self.engine),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command()
    async def about(self, interaction: discord.Interaction) -> None:
        """Say what heartbot knows and how it answers."""
        await interaction.response.send_message(
            embed=about_embed(self.engine), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @app_commands.command(name="help")
    async def help_command(self, interaction: discord.Interaction) -> None:
        """Say how to ask heartbot a question."""
        await interaction.response.send_message(
            embed=help_embed(self.engine), ephemeral=True, allowed_mentions=NO_PINGS
        )

    async def ask_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Answer the selected message as a question."""
        if not message.content.strip():
            await tell(interaction, "That message has no text for me to answer.")
            return
        await self.bot.answer_interaction(interaction, message.content, private=False)
