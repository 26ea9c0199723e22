"""The curation record: what was asked and how it went, in one SQLite file that shards share."""

from __future__ import annotations

import contextlib
import logging
import random
import sqlite3
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from bot.engine.answers import Outcome, Reply
from bot.engine.text import words
from bot.limits import MAX_PENDING_RECORDS, MAX_STORED_TEXT

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000
RETRIES = 6  # extra tries by flush and close on a busy file: about 3 s of backoff in all
BACKOFF_SECONDS = 0.05  # the first wait between tries, doubling, with jitter
OUTAGE_SECONDS = 30.0  # failing this long is an outage, worth a warning, not a busy moment
LOST_REPORT_EVERY = 1000  # during a long outage, say how many were lost this often

# Each migration is the statements that bring the schema from the previous version to its own
# (the first one from nothing to version 1). Append; never edit a released one.
# No column holds a user id or name: the record is of questions and facts, not of people.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            outcome TEXT NOT NULL,
            text TEXT,
            guild_id INTEGER,
            entry_id TEXT,
            score REAL NOT NULL
        )""",
        """CREATE TABLE votes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            helpful INTEGER NOT NULL
        )""",
    ),
    (
        # The report reads a time window.
        "CREATE INDEX questions_at ON questions (at)",
        "CREATE INDEX votes_at ON votes (at)",
    ),
    (
        # One vote per person per answer: ``voter`` is a keyed hash of the answer and the person
        # (never an id; see Voted), and a later click replaces the earlier vote. Older votes
        # have none and count as they are.
        "ALTER TABLE votes ADD COLUMN voter TEXT",
        "CREATE UNIQUE INDEX votes_voter ON votes (voter)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Asked:
    """One question and what became of it; text is kept only for the ones not answered."""

    text: str | None
    outcome: Outcome
    guild_id: int | None
    entry_id: str | None
    score: float
    at: datetime = field(default_factory=_now)


@dataclass(frozen=True)
class Voted:
    """One person's Helpful / Not helpful on an answer.

    ``voter`` is a keyed hash (HMAC) of the answer and the person, made by the transport: the
    same for a second click on the same answer, which replaces the first, and useless for
    telling who voted. None records every click as a vote of its own.
    """

    entry_id: str
    helpful: bool
    at: datetime = field(default_factory=_now)
    voter: str | None = None


def asked(reply: Reply, *, guild_id: int | None, at: datetime | None = None) -> Asked:
    """What to record of a reply: its text only if unanswered, and the entry a curator looks at."""
    if reply.outcome is Outcome.ANSWER:
        text, entry_id = None, reply.entry_id
    else:
        text = " ".join(words(reply.question))[:MAX_STORED_TEXT]
        if reply.outcome is Outcome.UNKNOWN:
            entry_id = reply.nearest.id if reply.nearest is not None else reply.entry_id
        else:
            entry_id = reply.closest
    return Asked(text, reply.outcome, guild_id, entry_id, reply.score, at or _now())


class StoreError(Exception):
    """The feedback database can't be opened, read or written; the message names file and fix."""


class FeedbackStore:
    """One connection to the feedback file; each write is one short transaction."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.unreadable = 0  # rows read so far that were left out: not what this heartbot writes
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit (isolation_level=None): one INSERT is one transaction, holding the
            # write lock as briefly as possible; the timeout is SQLite's busy_timeout.
            self._db = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise self._error("open", exc) from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except sqlite3.Error as exc:
            self._db.close()
            raise self._error("open", exc) from exc
        except StoreError:
            self._db.close()
            raise

    def __enter__(self) -> FeedbackStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def add_question(self, asked: Asked) -> None:
        """Record one question."""
        self.add_all([asked])

    def add_vote(self, voted: Voted) -> None:
        """Record one vote."""
        self.add_all([voted])

    def add_all(self, records: Sequence[Asked | Voted]) -> None:
        """Record questions and votes in one transaction: all of them land, or none does."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for record in records:
                self._db.execute(*_insert(record))
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise self._error("write to", exc) from exc

    def questions(self, since: datetime | None = None) -> Iterator[Asked]:
        """The questions asked at or after ``since`` (all if None), oldest first."""
        rows = self._read(
            "SELECT text, outcome, guild_id, entry_id, score, at FROM questions"
            " WHERE at >= ? ORDER BY at, id",
            since,
        )
        for text, outcome, guild_id, entry_id, score, at in rows:
            try:
                yield Asked(text, Outcome(outcome), guild_id, entry_id, score, _parse(at))
            except (ValueError, TypeError):  # an outcome or a time this heartbot can't read
                self.unreadable += 1

    def votes(self, since: datetime | None = None) -> Iterator[Voted]:
        """The votes cast at or after ``since`` (all if None), oldest first."""
        rows = self._read(
            "SELECT entry_id, helpful, at FROM votes WHERE at >= ? ORDER BY at, id", since
        )
        for entry_id, helpful, at in rows:
            try:
                yield Voted(entry_id, bool(helpful), _parse(at))
            except (ValueError, TypeError):
                self.unreadable += 1

    def close(self) -> None:
        """Close the connection; SQLite checkpoints the WAL when the last one closes."""
        self._db.close()

    def _version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        """Bring the schema up to date; IMMEDIATE so two processes starting at once take turns."""
        if self._has_version_table() and self._version() == SCHEMA_VERSION:
            return  # the usual case, with no write lock taken: a read-only file still reports
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self._version()
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: written by a newer heartbot (schema version {current}, this "
                    f"one knows up to {SCHEMA_VERSION}); upgrade heartbot, or set "
                    "HEARTBOT_DATA_DIR to another folder"
                )
            for statements in MIGRATIONS[current:]:
                for statement in statements:
                    self._db.execute(statement)
            self._db.execute("DELETE FROM schema_version")
            self._db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _has_version_table(self) -> bool:
        return (
            self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            ).fetchone()
            is not None
        )

    def _read(self, sql: str, since: datetime | None) -> Iterator[Any]:
        # Rows stream from the cursor: a long window never sits in memory all at once.
        try:
            yield from self._db.execute(sql, (_stamp(since) if since else "",))
        except sqlite3.Error as exc:
            raise self._error("read", exc) from exc

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


def records(count: int) -> str:
    """A count of records, in words: "1 record", "2 records"."""
    return f"{count} record{'' if count == 1 else 's'}"


def _insert(record: Asked | Voted) -> tuple[str, tuple[object, ...]]:
    """The INSERT that records a question or a vote."""
    if isinstance(record, Voted):
        return (
            "INSERT INTO votes (at, entry_id, helpful, voter) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (voter) DO UPDATE SET"
            " at = excluded.at, entry_id = excluded.entry_id, helpful = excluded.helpful",
            (_stamp(record.at), record.entry_id, int(record.helpful), record.voter),
        )
    return (
        "INSERT INTO questions (at, outcome, text, guild_id, entry_id, score)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            _stamp(record.at),
            record.outcome.value,
            record.text,
            record.guild_id,
            record.entry_id,
            record.score,
        ),
    )


def _stamp(at: datetime) -> str:
    # Fixed width and always UTC, so comparing the text compares the times.
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _parse(value: object) -> datetime:
    return datetime.fromisoformat(str(value))


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

    Nothing is lost to a busy or briefly broken file: what can't be written waits on the worker
    and goes in with the next write, all in one transaction; ``flush`` and ``close`` retry with
    backoff and jitter. Only past ``most_pending`` records is the oldest dropped, counted and
    logged as lost.
    """

    def __init__(
        self,
        path: Path,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        most_pending: int = MAX_PENDING_RECORDS,
        backoff_seconds: float = BACKOFF_SECONDS,
        outage_seconds: float = OUTAGE_SECONDS,
    ) -> None:
        self.path = path
        self._backoff = backoff_seconds
        self._outage = outage_seconds
        self._failing_since: float | None = None  # worker only: when the writes began to fail
        self._busy_timeout_ms = busy_timeout_ms
        self._most_pending = most_pending
        # One worker: writes stay in order, and the connection lives on that thread alone.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="heartbot-store")
        self._store: FeedbackStore | None = None  # opened lazily, on the worker
        self._pending: deque[Asked | Voted] = deque()  # worker only: not written yet
        self._failing = False  # worker only: warn once per outage, not once per question
        self.lost = 0  # records dropped past ``most_pending`` during an outage

    def record_question(self, asked: Asked) -> None:
        """Queue a question for recording and return at once."""
        self._submit(asked)

    def record_vote(self, voted: Voted) -> None:
        """Queue a vote for recording and return at once."""
        self._submit(voted)

    def flush(self) -> None:
        """Write everything queued so far, retrying a while (blocks: not on the loop)."""
        with contextlib.suppress(RuntimeError):  # already closed: nothing is pending
            self._worker.submit(self._drain, RETRIES).result()

    def close(self) -> None:
        """Write what is queued (retrying a while), then close the database (blocks)."""
        try:
            self._worker.submit(self._close_store)
        except RuntimeError:  # closed twice
            return
        self._worker.shutdown(wait=True)

    def _submit(self, record: Asked | Voted) -> None:
        try:
            self._worker.submit(self._add, record)
        except RuntimeError:  # closed: shutting down, the event is dropped
            log.debug("feedback not recorded: the recorder is closed")

    def _add(self, record: Asked | Voted) -> None:
        self._pending.append(record)
        if len(self._pending) > self._most_pending:
            self._pending.popleft()
            self.lost += 1
            if self.lost == 1 or self.lost % LOST_REPORT_EVERY == 0:
                log.warning(
                    "feedback lost: %s so far could not be written to %s in time",
                    records(self.lost),
                    self.path,
                )
        self._drain(0)

    def _drain(self, retries: int) -> None:
        """Write every pending record in one transaction; on a busy file, try ``retries`` more
        times, backing off with jitter so writers sharing the file take turns."""
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
        try:
            if self._store is None:
                self._store = FeedbackStore(self.path, busy_timeout_ms=self._busy_timeout_ms)
            self._store.add_all(list(self._pending))
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
            log.info("feedback is recorded again in %s", self.path)
        self._failing = False
        self._failing_since = None
        return True

    def _close_store(self) -> None:
        self._drain(RETRIES)
        if self._pending:
            self.lost += len(self._pending)
            log.warning(
                "feedback lost: %s could not be written to %s before closing",
                records(len(self._pending)),
                self.path,
            )
            self._pending.clear()
        if self._store is not None:
            self._store.close()
            self._store = None
