"""Run a built bot on Discord: signals, the connection, and a clean exit with a clear reason."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import Any

import aiohttp
import discord

from bot.config import PORTAL
from bot.transports.discord.bot import HeartBot

_log = logging.getLogger(__name__)

EXIT_OK, EXIT_UNREACHABLE, EXIT_SETUP = 0, 1, 2
AUTHENTICATION_FAILED = 4004  # the gateway's close code for a bad token
REJECTED_TOKEN = (
    "Discord rejected DISCORD_TOKEN. Open your application at "
    f"{PORTAL}, go to Bot, press Reset Token, and put the new token in .env as "
    "DISCORD_TOKEN=<token> (or in the environment)."
)
NEEDS_INTENT = (
    "HEARTBOT_CHANNELS needs the Message Content intent. Turn on Message Content Intent under "
    f"Bot in {PORTAL}, or unset HEARTBOT_CHANNELS."
)


async def serve(bot: HeartBot) -> int:
    """Connect and answer until SIGINT or SIGTERM, reloading on SIGHUP; a bad token is fatal."""
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task[Any]] = set()  # held until done, so none is collected early

    def stop(name: str) -> None:
        _log.info("%s: closing the gateway", name)
        task = loop.create_task(bot.close())
        pending.add(task)
        task.add_done_callback(pending.discard)

    def reload() -> None:
        _log.info("SIGHUP: reloading the knowledge from %s", bot.settings.knowledge)
        task = loop.create_task(bot.reload_knowledge())  # it logs what it loaded, or why not
        pending.add(task)
        task.add_done_callback(pending.discard)

    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.getsignal(sig) for sig in signals}
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop, sig.name)
    loop.add_signal_handler(signal.SIGHUP, reload)
    try:
        async with bot:
            await bot.start(bot.settings.token)
    except discord.LoginFailure:
        _fail(REJECTED_TOKEN)
        return EXIT_SETUP
    except discord.PrivilegedIntentsRequired:
        _fail(NEEDS_INTENT)
        return EXIT_SETUP
    except discord.ConnectionClosed as exc:
        if exc.code == AUTHENTICATION_FAILED:
            _fail(REJECTED_TOKEN)
            return EXIT_SETUP
        _fail(f"Discord closed the connection ({exc}).")
        return EXIT_UNREACHABLE
    except (OSError, aiohttp.ClientError, discord.HTTPException, discord.GatewayNotFound) as exc:
        _fail(f"could not reach Discord ({exc}). Check the network, then run heartbot again.")
        return EXIT_UNREACHABLE
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
            signal.signal(sig, previous[sig])
    return EXIT_OK


def _fail(message: object) -> None:
    """Say why heartbot can't run, on stderr, as the command line does."""
    print(f"heartbot: {message}", file=sys.stderr)
