"""The one way heartbot answers a failure on Discord: politely, privately, and logged."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.transports.discord.replies import NO_PINGS

_log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
UNKNOWN_INTERACTION = 10062  # Discord's code for an interaction past its 3-second deadline


async def tell(interaction: discord.Interaction[Any], text: str) -> None:
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


async def apologise(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Log an unexpected failure and tell the user, politely and privately, if still possible."""
    if expired(error):
        _log.warning("interaction %s expired before it was answered", interaction.id)
        return
    _log.error("interaction %s failed", interaction.id, exc_info=error)
    await tell(interaction, SORRY)
