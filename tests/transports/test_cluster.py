"""Processes sharing one PostgreSQL database: a reload announced in one reaches the others."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

import psycopg
import pytest

from bot.transports.cluster import Cluster, PostgresCluster
from tests.helpers import ROOT
from tests.postgres import Server

WAIT = 10.0  # the longest a test waits for another process; only a broken one takes this long

LISTENER = """
import asyncio
import sys

from bot.transports.cluster import PostgresCluster


async def main() -> None:
    cluster = PostgresCluster(sys.argv[1])
    reloaded = asyncio.Event()

    async def reload(origin: str) -> None:
        print("reloaded", flush=True)
        reloaded.set()

    listening = asyncio.create_task(cluster.listen(reload))
    await cluster.listening.wait()
    print("listening", flush=True)
    await reloaded.wait()
    listening.cancel()


asyncio.run(main())
"""


async def test_a_reload_announced_in_one_process_reaches_another(postgres_url: str) -> None:
    """A process listening on the database reloads when another one announces a reload."""
    other = await asyncio.create_subprocess_exec(
        sys.executable, "-c", LISTENER, postgres_url, cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    assert other.stdout is not None
    try:
        async with asyncio.timeout(WAIT):
            assert await other.stdout.readline() == b"listening\n"
            await PostgresCluster(postgres_url).announce_reload()
            assert await other.stdout.readline() == b"reloaded\n"
            assert await other.wait() == 0
    finally:
        if other.returncode is None:
            other.kill()
            await other.wait()


async def test_a_process_is_not_reloaded_again_by_its_own_announcement(postgres_url: str) -> None:
    """The process that announced has reloaded already: only the others reload."""
    here, there = PostgresCluster(postgres_url), PostgresCluster(postgres_url)
    heard: list[str] = []
    theirs = asyncio.Event()

    async def reload(origin: str) -> None:
        heard.append(origin)
        if origin == f"{there.origin} reloaded":
            theirs.set()

    listening = asyncio.create_task(here.listen(reload))
    try:
        async with asyncio.timeout(WAIT):
            await here.listening.wait()
            await here.announce_reload()
            await there.announce_reload()  # delivered after the first, as announced
            await theirs.wait()
    finally:
        listening.cancel()
    assert heard == [f"{there.origin} reloaded"]


async def test_the_command_sync_stamp_is_kept_in_the_database(postgres_url: str) -> None:
    """Every process sharing the database reads the sync another one recorded."""
    await PostgresCluster(postgres_url).stamp("1:global", "abc")
    assert await PostgresCluster(postgres_url).stamps() == {"1:global": "abc"}


async def test_with_sqlite_a_reload_stays_in_its_process(tmp_path: Path) -> None:
    """An SQLite cluster has no one else to tell: announcing is nothing, listening ends."""
    cluster = Cluster(tmp_path / "heartbot.db")

    async def reload(origin: str) -> None:
        raise AssertionError("nothing to hear")

    await cluster.announce_reload()
    await cluster.listen(reload)
    assert cluster.shared is False


async def test_a_dropped_listening_connection_is_made_again(
    postgres_url: str, postgres_server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    """The server closing the listener's connection (a restart) doesn't deafen it for good,
    and on hearing again it reloads once, in case a reload was announced while it was deaf."""
    here, there = PostgresCluster(postgres_url), PostgresCluster(postgres_url)
    heard = asyncio.Event()
    reasons: list[str] = []

    async def reload(origin: str) -> None:
        reasons.append(origin)
        heard.set()

    listening = asyncio.create_task(here.listen(reload))
    try:
        async with asyncio.timeout(WAIT):
            await here.listening.wait()
            with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (postgres_url.rsplit("/", 1)[1],),
                )
            while True:  # announced until heard: one made while it reconnects is not kept
                await there.announce_reload()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.1):
                        await heard.wait()
                if heard.is_set():
                    break
    finally:
        listening.cancel()
    assert any("cannot hear reloads" in r.getMessage() for r in caplog.records)
    assert reasons[0] == "listening again: one may have been missed"
