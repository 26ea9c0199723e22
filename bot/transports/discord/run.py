"""Start heartbot on Discord: settings, logging, the bot, signals and a clean exit."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import discord

from bot.config import DB_FILE, PORTAL, ConfigError, Settings, load_settings
from bot.curation.store import Recorder
from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeBase
from bot.transports.discord.bot import build_bot

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


def run_discord(
    knowledge: KnowledgeBase, *, force_sync: bool, knowledge_path: Path | None = None
) -> int:
    """Run the Discord bot until it is stopped; returns the exit status.

    ``knowledge_path`` is where ``knowledge`` was loaded from (``--knowledge``), which a reload
    reads again; by default, the settings' path.
    """
    try:
        settings = load_settings()
    except ConfigError as exc:
        _fail(exc)
        return EXIT_SETUP
    if knowledge_path is not None:
        settings = replace(settings, knowledge=knowledge_path)
    discord.utils.setup_logging()
    return asyncio.run(serve(Engine(knowledge), settings, force_sync=force_sync))


async def serve(engine: Engine, settings: Settings, *, force_sync: bool, **options: Any) -> int:
    """Connect and answer until SIGINT or SIGTERM, reloading on SIGHUP; a bad token is fatal."""
    # Feedback for `heartbot report`; shards given the same folder share one file safely.
    if "recorder" not in options:  # not setdefault: that would build one just to drop it
        options["recorder"] = Recorder(settings.data_dir / DB_FILE)
    bot = build_bot(engine, settings, force_sync=force_sync, **options)
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task[Any]] = set()  # held until done, so none is collected early

    def stop(name: str) -> None:
        _log.info("%s: closing the gateway", name)
        task = loop.create_task(bot.close())
        pending.add(task)
        task.add_done_callback(pending.discard)

    def reload() -> None:
        _log.info("SIGHUP: reloading the knowledge from %s", settings.knowledge)
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
            await bot.start(settings.token)
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
    print(f"heartbot: {message}", file=sys.stderr)
