"""End to end: a cluster of two shard processes on one PostgreSQL database, through the
loopback Discord stand-in. They record into one report, sync commands once, reload together."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.curation.store import Recorder
from bot.engine.core import Engine
from bot.engine.knowledge import load_knowledge
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
