"""End to end: a cluster of two shard processes on one PostgreSQL database, through the
loopback Discord stand-in. They record into one report, sync commands once, reload together."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.curation.store import Recorder
from bot.engine.core import Engine
from bot.engine.knowledge import load_knowledge
from bot.transports.cluster import CHANNEL
from bot.transports.discord.bot import HeartBot, build_bot
from tests.helpers import RunHeartbot
from tests.transports.discord.scene import SURE_QUESTION, running
from tests.transports.discord.standin import WAIT, StandIn

NEW_QUESTION = "who drew up the plans"  # the second source's architect, not yet a question


@dataclass
class Cluster:
    """Two heartbot processes' bots: ``dms`` runs shard 0 (where DMs go), ``server`` the shard
    holding the stand-in's server; each its own data folder, one database."""

    dms: HeartBot
    server: HeartBot
    url: str
    knowledge: Path


def shard_ranges(guild_id: int) -> tuple[int, range, range]:
    """A shard count and two ranges of it, the server's shard in the second, shard 0 in the
    first: Discord puts a server on shard (id >> 22) % count."""
    count = next(n for n in (2, 3, 5, 7) if (guild_id >> 22) % n)
    split = (guild_id >> 22) % count
    return count, range(split), range(split, count)


@pytest.fixture
async def cluster(
    standin: StandIn,
    discord_settings: Settings,
    two_sources: Path,
    postgres_url: str,
    tmp_path: Path,
) -> AsyncIterator[Cluster]:
    """Two sharded bots on one PostgreSQL database and one copy of the knowledge, both ready
    and listening for each other's reloads; started one after the other, as a deploy would."""
    count, first, second = shard_ranges(standin.guild_id)
    bots = []
    async with AsyncExitStack() as stack:
        for name, shards in (("dms", first), ("server", second)):
            settings = replace(
                discord_settings,
                knowledge=two_sources,
                shards=count,
                shard_ids=tuple(shards),
                data_dir=tmp_path / name,  # nothing shared but the database
                database_url=postgres_url,
                owner_guild_id=standin.guild_id,  # where /reload is
            )
            bot = build_bot(
                Engine(load_knowledge(two_sources)),
                settings,
                recorder=Recorder(postgres_url),
                guild_ready_timeout=0.05,
            )
            await stack.enter_async_context(running(bot, standin.token))
            async with asyncio.timeout(WAIT):
                await bot.cluster.listening.wait()
            bots.append(bot)
        yield Cluster(bots[0], bots[1], postgres_url, two_sources)


async def test_two_shard_processes_record_into_one_report(
    cluster: Cluster, standin: StandIn, run_heartbot: RunHeartbot
) -> None:
    """A DM (shard 0) and a server question (the other process) both land in one report."""
    await standin.reply_to(await standin.dm("who played hank"))
    await standin.response(await standin.slash("ask", question="who played frannie"))
    for bot in (cluster.dms, cluster.server):
        await asyncio.to_thread(bot.recorder.flush)
    report = run_heartbot(
        "--knowledge",
        str(cluster.knowledge),
        "report",
        "--json",
        env={"HEARTBOT_DATABASE_URL": cluster.url},
    )
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert data["asked"] == 2
    assert sorted(g["example"] for g in data["unanswered"]) == [
        "who played frannie",
        "who played hank",
    ]


async def test_commands_are_synced_once_for_the_cluster(cluster: Cluster, standin: StandIn) -> None:
    """The second process finds the first one's sync in the database, not in its own folder."""
    syncs = standin.requests.count(("PUT", f"/api/v10/applications/{standin.bot.id}/commands"))
    assert syncs == 1


async def test_reload_in_one_process_reloads_the_cluster(
    cluster: Cluster, standin: StandIn
) -> None:
    """/reload in the server's process makes the DM process answer from the edited files too."""
    before = await standin.reply_to(await standin.dm(NEW_QUESTION))
    assert "Mabel Ferrand" not in before.text
    path = cluster.knowledge / "harrow_street_picture_house.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"mabel ferrand",', f'"mabel ferrand", "{NEW_QUESTION}",'), encoding="utf-8"
    )
    old = cluster.dms.engine
    done = await standin.response(await standin.slash("reload", user=standin.alice))
    assert done.text.startswith("Reloaded the knowledge")
    assert "Every heartbot process sharing the database reloads too" in done.text
    await replaced(cluster.dms, old)
    after = await standin.reply_to(await standin.dm(NEW_QUESTION))
    assert "The architect Mabel Ferrand designed the building" in after.text
    sure = await standin.reply_to(await standin.dm(SURE_QUESTION))
    assert cluster.dms.engine.ask(SURE_QUESTION).facts[0].answer in sure.text


async def replaced(bot: HeartBot, old: Engine) -> None:
    """Wait until a bot answers from a new engine: a reload runs off its event loop."""
    async with asyncio.timeout(WAIT):
        while True:
            if bot.engine is not old:
                return
            await asyncio.sleep(0.01)


# --- Two real processes ------------------------------------------------------------------------

# ``heartbot run`` in a process of its own, pointed at the loopback stand-in as the fixtures
# point the in-process bots: Discord's API base and gateway, and nothing else changed.
LAUNCH = """
import sys
import discord
import yarl
from discord.gateway import DiscordWebSocket
discord.http.Route.BASE = sys.argv[1]
DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2])
from bot.__main__ import main
sys.exit(main(["run"]))
"""
STARTUP = 60.0  # seconds two fresh processes may take to import, build and connect
POLL = 0.2  # seconds between looks at something a process does in its own time


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Poll a check until it holds, or fail after STARTUP seconds naming what never did."""
    for _ in range(int(STARTUP / POLL)):
        if await check():
            return
        await asyncio.sleep(POLL)
    raise AssertionError(f"never: {what}")


def _listeners(url: str) -> int:
    """How many connections are listening for announced reloads on the database."""
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE query = %s", (f"LISTEN {CHANNEL}",)
        ).fetchone()
    return int(row[0]) if row else 0


async def test_two_heartbot_run_processes_are_one_cluster(
    standin: StandIn,
    two_sources: Path,
    postgres_url: str,
    tmp_path: Path,
    run_heartbot: RunHeartbot,
) -> None:
    """Two ``heartbot run`` processes, two shard ranges, one database, as the README runs a
    cluster: both answer, /reload in one reloads the other, and one report holds both."""
    count, first, second = shard_ranges(standin.guild_id)
    processes = []
    for name, shards in (("dms", first), ("server", second)):
        env = {
            **os.environ,
            "DISCORD_TOKEN": standin.token,
            "HEARTBOT_KNOWLEDGE": str(two_sources),
            "HEARTBOT_SHARDS": str(count),
            "HEARTBOT_SHARD_IDS": ",".join(map(str, shards)),
            "HEARTBOT_DATA_DIR": str(tmp_path / name),
            "HEARTBOT_DATABASE_URL": postgres_url,
            "HEARTBOT_OWNER_GUILD_ID": str(standin.guild_id),
        }
        processes.append(
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                LAUNCH,
                standin.api_base,
                standin.gateway_url,
                cwd=tmp_path,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
        )
    try:

        async def connected() -> bool:
            return {hello["shard"][0] for hello in standin.identified} == set(range(count))

        async def listening() -> bool:
            return await asyncio.to_thread(_listeners, postgres_url) == len(processes)

        await eventually(connected, "every shard connected")
        await eventually(listening, "both processes listening for reloads")
        server = await standin.response(await standin.slash("ask", question="who played frannie"))
        assert "doesn't" in server.text or "not sure" in server.text.casefold()
        before = await standin.reply_to(await standin.dm(NEW_QUESTION))
        assert "Mabel Ferrand" not in before.text
        path = two_sources / "harrow_street_picture_house.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace('"mabel ferrand",', f'"mabel ferrand", "{NEW_QUESTION}",'),
            encoding="utf-8",
        )
        done = await standin.response(await standin.slash("reload", user=standin.alice))
        assert "Every heartbot process sharing the database reloads too" in done.text

        async def reloaded() -> bool:  # the DM process reloads off its event loop, a moment later
            after = await standin.reply_to(await standin.dm(NEW_QUESTION))
            return "The architect Mabel Ferrand designed the building" in after.text

        await eventually(reloaded, "the other process answering from the edited files")
    finally:
        for process in processes:
            process.terminate()  # SIGTERM: a clean exit that writes what is queued
        codes = [await process.wait() for process in processes]
    assert codes == [0, 0]
    report = run_heartbot(
        "--knowledge",
        str(two_sources),
        "report",
        "--json",
        env={"HEARTBOT_DATABASE_URL": postgres_url},
    )
    assert report.returncode == 0, report.stderr
    examples = {g["example"] for g in json.loads(report.stdout)["unanswered"]}
    assert {"who played frannie", NEW_QUESTION} <= examples
