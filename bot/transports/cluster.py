"""What the heartbot processes sharing one database share: the command-sync stamp, and reloads.

With SQLite (one machine) each process reloads on its own. With PostgreSQL a reload in one
process is announced with NOTIFY, and every process LISTENing on the database reloads too, so
a curator reloads a whole cluster once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.curation.store import Database, StoreError, describe, open_store
from bot.limits import (
    CONNECT_TIMEOUT_SECONDS,
    KEEPALIVE_COUNT,
    KEEPALIVE_IDLE_SECONDS,
    KEEPALIVE_INTERVAL_SECONDS,
    MAX_RECONNECT_SECONDS,
)

log = logging.getLogger(__name__)

CHANNEL = "heartbot_reload"  # the NOTIFY channel every process of a cluster listens on
RECONNECT_SECONDS = 0.5  # the first wait before listening again, doubling up to the cap

Reload = Callable[[str], Awaitable[object]]  # given why: who announced it, or a reconnection


class Cluster:
    """The processes sharing one SQLite file: they share the sync stamp; each reloads alone."""

    shared = False  # whether an announced reload reaches the other processes

    def __init__(self, database: Database) -> None:
        self.database = database
        self.where = describe(database)
        self.listening = asyncio.Event()  # set while announcements can be heard

    async def stamps(self) -> dict[str, str]:
        """The hash of the slash commands last synced, by scope; none if it can't be read."""
        try:
            return await asyncio.to_thread(self._read_stamps)
        except (StoreError, OSError) as exc:
            log.debug("no command sync stamp read from %s: %s", self.where, exc)
            return {}

    async def stamp(self, scope: str, digest: str) -> None:
        """Remember a sync; failing to only means syncing again at the next start."""
        try:
            await asyncio.to_thread(self._write_stamp, scope, digest)
        except (StoreError, OSError) as exc:
            log.warning("could not record the command sync in %s: %s", self.where, exc)

    async def listen(self, on_reload: Reload) -> None:
        """Hear reloads announced by other processes: with SQLite, there are none to hear."""

    async def announce_reload(self) -> None:
        """Tell the other processes to reload: with SQLite, each is reloaded by hand."""

    def _read_stamps(self) -> dict[str, str]:
        with open_store(self.database) as store:
            return store.stamps()

    def _write_stamp(self, scope: str, digest: str) -> None:
        with open_store(self.database) as store:
            store.set_stamp(scope, digest)


class PostgresCluster(Cluster):
    """The processes sharing one PostgreSQL database, on any number of machines."""

    shared = True

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url
        # Who announced: a process ignores its own announcement, having reloaded already.
        self.origin = f"{socket.gethostname()} pid {os.getpid()} {uuid.uuid4().hex[:8]}"

    async def listen(self, on_reload: Reload) -> None:
        """LISTEN until cancelled, reloading for every other process's announcement; a lost
        connection is made again with backoff, and the outage is logged once."""
        from bot.curation.postgres import driver, one_line

        psycopg = driver()
        delay, failing = RECONNECT_SECONDS, False
        while True:
            try:
                connection = await psycopg.AsyncConnection.connect(
                    self.url,
                    autocommit=True,
                    connect_timeout=CONNECT_TIMEOUT_SECONDS,
                    # A connection the network dropped silently is found out in a minute or
                    # so, not the two hours the system's defaults take.
                    keepalives=1,
                    keepalives_idle=KEEPALIVE_IDLE_SECONDS,
                    keepalives_interval=KEEPALIVE_INTERVAL_SECONDS,
                    keepalives_count=KEEPALIVE_COUNT,
                )
                async with connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if failing:
                        log.info("hearing reloads from the other processes again")
                        # NOTIFY is not kept for anyone: a reload announced while this one
                        # was deaf is lost, so reload once, in case one was.
                        await self._heard(on_reload, "listening again: one may have been missed")
                    delay, failing = RECONNECT_SECONDS, False
                    async for notice in connection.notifies():
                        if notice.payload != self.origin:
                            await self._heard(on_reload, f"{notice.payload} reloaded")
            except psycopg.Error as exc:
                self.listening.clear()
                if not failing:
                    log.warning(
                        "cannot hear reloads announced in %s (%s); trying again, and "
                        "answering meanwhile",
                        self.where,
                        one_line(exc),
                    )
                failing = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_RECONNECT_SECONDS)

    async def _heard(self, on_reload: Reload, why: str) -> None:
        """Reload for an announcement; a reload that fails is logged, and listening goes on."""
        try:
            await on_reload(why)
        except Exception:
            log.exception("reloading failed (%s)", why)

    async def announce_reload(self) -> None:
        """NOTIFY every process listening on the database; a StoreError says why it couldn't."""
        from bot.curation.postgres import driver, one_line

        psycopg = driver()
        try:
            connection = await psycopg.AsyncConnection.connect(
                self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
            )
            async with connection:
                await connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, self.origin))
        except psycopg.Error as exc:
            raise StoreError(
                f"could not tell the other heartbot processes through {self.where} "
                f"({one_line(exc)})"
            ) from exc


def cluster_for(database: Database) -> Cluster:
    """The cluster of processes that share ``database``."""
    return Cluster(database) if isinstance(database, Path) else PostgresCluster(database)
