"""The curation record: what was asked and how it went, in one SQLite file or one PostgreSQL
database that every shard process shares, written on a worker so it never costs an answer."""

from __future__ import annotations

import contextlib
import logging
import random
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

from bot.curation.sql import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Asked,
    Database,
    SqlStore,
    Store,
    StoreError,
    Voted,
    asked,
    records,
)
from bot.limits import MAX_PENDING_RECORDS

__all__ = [  # the records and errors too, for whoever records or reads
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Asked",
    "Database",
    "FeedbackStore",
    "NullRecorder",
    "Recorder",
    "Recording",
    "SqlStore",
    "Store",
    "StoreError",
    "Voted",
    "asked",
    "describe",
    "open_store",
    "records",
]

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000
RETRIES = 6  # extra tries by flush and close on a busy file: about 3 s of backoff in all
BACKOFF_SECONDS = 0.05  # the first wait between tries, doubling, with jitter
OUTAGE_SECONDS = 30.0  # failing this long is an outage, worth a warning, not a busy moment
LOST_REPORT_EVERY = 1000  # during a long outage, say how many were lost this often


def open_store(
    database: Database,
    *,
    read_only: bool = False,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> SqlStore:
    """Open the feedback database: a Path is an SQLite file, a string a PostgreSQL URL."""
    if isinstance(database, Path):
        return FeedbackStore(database, read_only=read_only, busy_timeout_ms=busy_timeout_ms)
    from bot.curation.postgres import PostgresStore  # psycopg only where it is asked for

    return PostgresStore(database, read_only=read_only)


def describe(database: Database) -> str:
    """Name a database for a message or a log: a URL's password never shows."""
    if isinstance(database, Path):
        return str(database)
    from bot.curation.postgres import redact

    return redact(database)


class FeedbackStore(SqlStore):
    """The feedback record in one SQLite file, in WAL mode; each write is one short transaction.

    ``read_only`` opens it for a report: nothing is created, migrated or written, so a folder
    heartbot may not write (another user's, a read-only disk) still reports.
    """

    failures = (sqlite3.Error,)

    def __init__(
        self,
        path: Path,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        read_only: bool = False,
    ) -> None:
        super().__init__(str(path))
        self.path = path
        try:
            if read_only:
                self._db = self._open_read_only(busy_timeout_ms)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                # Autocommit (isolation_level=None): transactions are begun by hand, holding
                # the write lock as briefly as possible; the timeout is SQLite's busy_timeout.
                self._db = sqlite3.connect(
                    path, timeout=busy_timeout_ms / 1000, isolation_level=None
                )
                self._db.execute("PRAGMA journal_mode=WAL")
        except (OSError, sqlite3.Error) as exc:
            if hasattr(self, "_db"):
                self._db.close()
            raise self._error("open", exc) from exc
        self._open_schema(read_only=read_only)

    def close(self) -> None:
        """Close the connection; SQLite checkpoints the WAL when the last one closes."""
        self._db.close()

    def _open_read_only(self, busy_timeout_ms: int) -> sqlite3.Connection:
        """Open for reading only: ``mode=ro`` reads the write-ahead log too; where SQLite can't
        make the shared-memory file it needs beside it (a folder it may not write) and there is
        no log to miss, ``immutable=1`` reads the file as it stands."""
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no such file; `heartbot run` creates it")
        uri = self.path.resolve().as_uri()
        timeout = busy_timeout_ms / 1000
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError:
            db.close()
            if _has_log(self.path):
                raise StoreError(
                    f"cannot read the feedback database {self.path}: it has a write-ahead log "
                    f"({self.path.name}-wal) that SQLite reads only with a {self.path.name}-shm "
                    "file beside it, which it may not create in that folder; run the report as "
                    "the user that runs heartbot, or let it write to the folder"
                ) from None
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)

    def _execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._db.executemany(sql, rows)

    @contextlib.contextmanager
    def _transaction(self, *, migrating: bool = False) -> Iterator[None]:
        # IMMEDIATE takes the write lock at once, so writers (and migrations) take turns
        # instead of failing halfway through.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[Any]:
        yield from self._db.execute(sql, params)

    def _has_table(self, name: str) -> bool:
        found = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return found is not None

    def _error(self, doing: str, exc: BaseException) -> StoreError:
        reason = str(exc).rstrip(".")
        if "not a database" in reason:  # SQLite's word for a file that isn't SQLite at all
            return StoreError(
                f"{self.path} is not a heartbot database (not an SQLite file at all); move it "
                "away, or set HEARTBOT_DATA_DIR to another folder"
            )
        return StoreError(
            f"cannot {doing} the feedback database {self.path}: {reason}. Check that its "
            "folder exists or can be created, is writable and has free space (or set "
            "HEARTBOT_DATA_DIR to one that does), and that no other program holds it locked"
        )


def _has_log(path: Path) -> bool:
    """Whether a write-ahead log with something in it lies beside the database file."""
    log_file = path.with_name(path.name + "-wal")
    return log_file.is_file() and log_file.stat().st_size > 0


class Recording(Protocol):
    """What a transport calls to record feedback; it returns at once and never raises."""

    def record_question(self, asked: Asked) -> None: ...
    def record_vote(self, voted: Voted) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


class NullRecorder:
    """Records nothing: for transports (and tests) that keep no feedback."""

    def record_question(self, asked: Asked) -> None:
        """Drop the question."""

    def record_vote(self, voted: Voted) -> None:
        """Drop the vote."""

    def flush(self) -> None:
        """Nothing is pending."""

    def close(self) -> None:
        """Nothing to close."""


class Recorder:
    """Writes feedback on one worker thread, so a slow or broken database never costs an answer.

    Nothing is lost to a busy or briefly broken database: what arrives while a write is under
    way, and what can't be written yet, waits on the worker and goes in with the next write,
    all in one transaction; ``flush`` and ``close`` retry with backoff and jitter. Only past
    ``most_pending`` records is the oldest dropped, counted and logged as lost.
    """

    def __init__(
        self,
        database: Database,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        most_pending: int = MAX_PENDING_RECORDS,
        backoff_seconds: float = BACKOFF_SECONDS,
        outage_seconds: float = OUTAGE_SECONDS,
        on_written: Callable[[Sequence[Asked | Voted]], None] | None = None,
    ) -> None:
        self.path = database  # an SQLite file, or a PostgreSQL URL
        self.where = describe(database)
        self._backoff = backoff_seconds
        self._outage = outage_seconds
        self._failing_since: float | None = None  # worker only: when the writes began to fail
        self._busy_timeout_ms = busy_timeout_ms
        self._most_pending = most_pending
        self._on_written = on_written  # told, on the worker, what each commit landed
        # One worker: writes stay in order, and the connection lives on that thread alone.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="heartbot-store")
        self._store: SqlStore | None = None  # opened lazily, on the worker
        self._incoming: deque[Asked | Voted] = deque()  # any thread appends, the worker takes
        self._pending: deque[Asked | Voted] = deque()  # worker only: not written yet
        self._failing = False  # worker only: warn once per outage, not once per question
        self.lost = 0  # records dropped past ``most_pending`` during an outage
        # At most one write waits on the worker however many records arrive: each would try
        # the database once, and in an outage a queue of them would hold up closing for long.
        self._scheduled = False
        self._scheduling = threading.Lock()

    def record_question(self, asked: Asked) -> None:
        """Queue a question for recording and return at once."""
        self._submit(asked)

    def record_vote(self, voted: Voted) -> None:
        """Queue a vote for recording and return at once."""
        self._submit(voted)

    def flush(self) -> None:
        """Write everything queued so far, retrying a while (blocks: not on the loop)."""
        with contextlib.suppress(RuntimeError):  # already closed: nothing is pending
            self._worker.submit(self._take, RETRIES).result()

    def close(self) -> None:
        """Write what is queued (retrying a while), then close the database (blocks)."""
        try:
            self._worker.submit(self._close_store)
        except RuntimeError:  # closed twice
            return
        self._worker.shutdown(wait=True)

    def _submit(self, record: Asked | Voted) -> None:
        self._incoming.append(record)  # deque.append is atomic: safe from any thread
        with self._scheduling:
            if self._scheduled:
                return  # the write already waiting takes this record too
            self._scheduled = True
        try:
            self._worker.submit(self._take_scheduled)
        except RuntimeError:  # closed: shutting down, the event is dropped
            log.debug("feedback not recorded: the recorder is closed")

    def _take_scheduled(self) -> None:
        with self._scheduling:
            self._scheduled = False  # from here on a new record schedules the next write
        self._take(0)

    def _take(self, retries: int) -> None:
        """Take every record that has arrived and write all that is pending in one go; a
        record that arrived while the last write was under way rides along with the next."""
        while self._incoming:
            self._pending.append(self._incoming.popleft())
            if len(self._pending) > self._most_pending:
                self._pending.popleft()
                self.lost += 1
                if self.lost == 1 or self.lost % LOST_REPORT_EVERY == 0:
                    log.warning(
                        "feedback lost: %s so far could not be written to %s in time",
                        records(self.lost),
                        self.where,
                    )
        self._drain(retries)

    def _drain(self, retries: int) -> None:
        """Write every pending record in one transaction; on a busy database, try ``retries``
        more times, backing off with jitter so writers sharing it take turns."""
        for attempt in range(retries + 1):
            if not self._pending:
                return
            if attempt:
                time.sleep(self._backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
            # A busy moment is no outage: the last of a flush's tries says so, and so does a
            # write after failures lasting longer than ``outage_seconds``.
            lasting = (
                self._failing_since is not None
                and time.monotonic() - self._failing_since >= self._outage
            )
            if self._write_pending(say=lasting or (retries > 0 and attempt == retries)):
                return

    def _write_pending(self, *, say: bool) -> bool:
        batch = list(self._pending)
        try:
            if self._store is None:
                self._store = open_store(self.path, busy_timeout_ms=self._busy_timeout_ms)
            self._store.add_all(batch)
        except (StoreError, sqlite3.Error, OSError) as exc:
            if self._failing_since is None:
                self._failing_since = time.monotonic()
            if say and not self._failing:
                log.warning(
                    "feedback not recorded yet: %s; heartbot goes on answering, keeps what it "
                    "could not write and says no more until a write succeeds",
                    exc,
                )
                self._failing = True
            else:
                log.debug("feedback not written yet, kept for the next try: %s", exc)
            return False
        except Exception:
            log.exception("feedback not recorded: unexpected error")
            return False
        self._pending.clear()
        if self._failing:
            log.info("feedback is recorded again in %s", self.where)
        self._failing = False
        self._failing_since = None
        if self._on_written is not None:
            self._on_written(batch)
        return True

    def _close_store(self) -> None:
        self._take(RETRIES)
        if self._pending:
            self.lost += len(self._pending)
            log.warning(
                "feedback lost: %s could not be written to %s before closing",
                records(len(self._pending)),
                self.where,
            )
            self._pending.clear()
        if self._store is not None:
            self._store.close()
            self._store = None
