"""End to end: starting heartbot on Discord — tokens, command sync, invite, shards, signals."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from bot.__main__ import main
from bot.config import MISSING_TOKEN, Settings
from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeBase
from bot.transports.discord import run as discord_run
from bot.transports.discord.bot import HeartBot, ShardedHeartBot, build_bot
from bot.transports.discord.run import NEEDS_INTENT, REJECTED_TOKEN, serve
from tests.helpers import KNOWLEDGE, SEED
from tests.transports.discord.scene import SURE_QUESTION, make_bot, running, standin_in_thread
from tests.transports.discord.standin import WAIT, StandIn

COMMANDS = {"ask", "source", "topics", "about", "help", "Ask heartbot"}  # /reload: owner's


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Undo discord.utils.setup_logging, which `heartbot run` calls on the root logger."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


# --- tokens ---------------------------------------------------------------------------------


def test_a_missing_token_exits_2_with_one_line_on_how_to_set_it(
    knowledge: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No DISCORD_TOKEN anywhere: one line saying how to get and set one, and status 2."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["--knowledge", str(KNOWLEDGE), "run"]) == 2
    assert capsys.readouterr().err == f"heartbot: {MISSING_TOKEN}\n"


@pytest.mark.usefixtures("root_logging")
def test_a_rejected_token_exits_2_with_one_line_on_how_to_fix_it(
    knowledge: KnowledgeBase,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A token Discord refuses (401): one line saying how to reset it, status 2, no traceback."""
    with standin_in_thread() as standin:
        monkeypatch.setattr(discord.http.Route, "BASE", standin.api_base)
        monkeypatch.setenv("DISCORD_TOKEN", "not-" + standin.token)
        monkeypatch.setenv("HEARTBOT_DATA_DIR", str(tmp_path))
        monkeypatch.chdir(tmp_path)
        assert main(["--knowledge", str(KNOWLEDGE), "run"]) == 2
    err = capsys.readouterr().err
    assert f"heartbot: {REJECTED_TOKEN}\n" in err
    assert "Traceback" not in err


async def test_unreachable_discord_exits_1_with_one_line(
    engine: Engine,
    discord_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """If Discord can't be reached at all: one line saying so, status 1, no traceback."""
    with socket.socket() as probe:  # a loopback port with nothing listening on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    assert await serve(HeartBot(engine, discord_settings)) == 1
    err = capsys.readouterr().err
    assert err.startswith("heartbot: could not reach Discord")
    assert err.count("\n") == 1


async def test_a_token_from_dotenv_logs_in(
    standin: StandIn,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """DISCORD_TOKEN in .env in the working folder is the token used."""
    from bot.config import load_settings

    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={standin.token}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    async with running(make_bot(engine, settings), settings.token):
        assert standin.identified[-1]["token"] == standin.token


async def test_a_disabled_content_intent_exits_2_with_one_line(
    standin: StandIn,
    engine: Engine,
    discord_settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Auto-answer channels without the portal's Message Content switch: one line, status 2."""
    standin.content_intent_enabled = False
    status = await serve(make_bot(engine, discord_settings))
    assert status == 2
    assert capsys.readouterr().err == f"heartbot: {NEEDS_INTENT}\n"


# --- command sync ---------------------------------------------------------------------------


async def test_commands_are_synced_globally_by_default(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """Without HEARTBOT_GUILD_ID, every command is synced globally."""
    async with running(make_bot(engine, discord_settings), standin.token):
        pass
    assert {c["name"] for c in standin.synced["global"]} == COMMANDS


async def test_a_guild_id_syncs_to_that_server_only(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """With HEARTBOT_GUILD_ID, the commands are synced to that server and /ask works there."""
    settings = replace(discord_settings, guild_id=standin.guild_id)
    async with running(make_bot(engine, settings), standin.token):
        sent = await standin.response(await standin.slash("ask", question=SURE_QUESTION))
    assert list(standin.synced) == [f"guild:{standin.guild_id}"]
    assert {c["name"] for c in standin.synced[f"guild:{standin.guild_id}"]} == COMMANDS
    assert engine.ask(SURE_QUESTION).facts[0].answer in sent.text


async def test_the_owners_tools_are_synced_to_the_owners_server_alone(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """With HEARTBOT_OWNER_GUILD_ID, /reload goes to that server; everything else is global."""
    settings = replace(discord_settings, owner_guild_id=standin.guild_id)
    async with running(make_bot(engine, settings), standin.token):
        pass
    assert {c["name"] for c in standin.synced["global"]} == COMMANDS
    assert [c["name"] for c in standin.synced[f"guild:{standin.guild_id}"]] == ["reload"]


async def test_an_unchanged_command_set_is_not_synced_again(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """A restart with the same commands skips the sync (Discord rate-limits command creation)."""
    for _ in range(2):
        async with running(make_bot(engine, discord_settings), standin.token):
            pass
    assert standin.requests.count(("PUT", f"/api/v10/applications/{standin.bot.id}/commands")) == 1


async def test_the_sync_flag_forces_a_sync(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """heartbot run --sync syncs even when nothing changed."""
    for force in (False, True):
        async with running(make_bot(engine, discord_settings, force_sync=force), standin.token):
            pass
    assert standin.requests.count(("PUT", f"/api/v10/applications/{standin.bot.id}/commands")) == 2


async def test_every_parameter_has_a_description(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """Each slash command and each of its options carries a description for users."""
    async with running(make_bot(engine, discord_settings), standin.token):
        pass
    for command in standin.synced["global"]:
        if command.get("type", 1) == 1:
            assert command["description"]
            assert all(option["description"] for option in command.get("options", []))


# --- invite, shards, signals ----------------------------------------------------------------


async def test_the_invite_url_asks_for_exactly_what_heartbot_needs(
    standin: StandIn,
    engine: Engine,
    discord_settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The logged invite URL asks for bot + applications.commands and exactly five permissions."""
    caplog.set_level(logging.INFO, logger="bot")
    async with running(make_bot(engine, discord_settings), standin.token):
        pass
    url = next(r.args[0] for r in caplog.records if r.getMessage().startswith("invite heartbot"))
    query = parse_qs(urlsplit(url).query)
    assert query["scope"] == ["bot applications.commands"]
    assert discord.Permissions(int(query["permissions"][0])) == discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
    )


def test_a_shard_count_runs_the_auto_sharded_bot(
    engine: Engine, discord_settings: Settings
) -> None:
    """HEARTBOT_SHARDS=4 with HEARTBOT_SHARD_IDS=2,3 runs shards 2 and 3 of 4 in this process."""
    settings = replace(discord_settings, shards=4, shard_ids=(2, 3))
    bot = build_bot(engine, settings)
    assert isinstance(bot, ShardedHeartBot)
    assert (bot.shard_count, bot.shard_ids) == (4, [2, 3])


def test_no_shard_setting_runs_one_connection(engine: Engine, discord_settings: Settings) -> None:
    """Without HEARTBOT_SHARDS, heartbot is a plain commands.Bot on one connection."""
    bot = build_bot(engine, discord_settings)
    assert type(bot) is HeartBot


async def test_auto_shards_connect_where_discord_says(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """HEARTBOT_SHARDS=auto asks /gateway/bot for the shard count and URL, then answers DMs."""
    settings = replace(discord_settings, shards="auto")
    bot = build_bot(engine, settings, guild_ready_timeout=0.05)
    async with running(bot, standin.token):
        sent = await standin.reply_to(await standin.dm(SURE_QUESTION))
    assert standin.gateway_bot_asked == 1
    assert standin.identified[0]["shard"] == [0, 1]
    assert engine.ask(SURE_QUESTION).facts[0].answer in sent.text


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_closes_the_gateway_cleanly_and_exits_0(
    standin: StandIn, engine: Engine, discord_settings: Settings, sig: signal.Signals
) -> None:
    """SIGTERM or SIGINT closes the gateway with a close frame and returns status 0."""
    task = asyncio.create_task(serve(make_bot(engine, discord_settings)))
    await standin.until(lambda: standin.identified or None)
    await standin.reply_to(await standin.dm(SURE_QUESTION))  # connected and answering
    assert signal.getsignal(sig) not in (signal.SIG_DFL, signal.default_int_handler)
    os.kill(os.getpid(), sig)
    async with asyncio.timeout(WAIT):
        assert await task == 0
    # discord.py over aiohttp 3.14 says 4000 rather than 1000 here; either is an orderly close.
    assert standin.close_codes in ([1000], [4000])


@pytest.mark.usefixtures("root_logging")
def test_run_reloads_from_the_knowledge_it_was_started_with(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`heartbot --knowledge PATH run` makes /reload and SIGHUP read PATH, not the default."""
    served: list[HeartBot] = []

    async def fake_serve(bot: HeartBot) -> int:
        served.append(bot)
        return 0

    mine = tmp_path / "mine"
    shutil.copytree(KNOWLEDGE.parent, mine / "knowledge")
    shutil.copytree(SEED.parent, mine / "seeds")
    monkeypatch.setattr(discord_run, "serve", fake_serve)
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.delenv("HEARTBOT_KNOWLEDGE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["--knowledge", str(mine / "knowledge"), "run"]) == 0
    assert [bot.settings.knowledge for bot in served] == [mine / "knowledge"]
