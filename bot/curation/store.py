"""The curation record: what was asked and how it went, in one SQLite file or one PostgreSQL
database that every shard process shares; one schema and one set of queries serve both."""

from __future__ import annotations

import contextlib
import logging
import random
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

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
# (the first one from nothing to version 1). Append; never edit a released one. One list serves
# SQLite and PostgreSQL: write portable SQL in SQLite's words (INTEGER, REAL, TEXT, INSERT ...
# ON CONFLICT DO UPDATE); PostgreSQL reads INTEGER as BIGINT, REAL as DOUBLE PRECISION and
# INTEGER PRIMARY KEY as an identity column, which is what SQLite means by them
# (bot/curation/postgres.py).
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
        # The hash of the slash commands last synced, per scope: every process sharing the
        # database skips a sync another one already did.
        "CREATE TABLE command_sync (scope TEXT PRIMARY KEY, digest TEXT NOT NULL)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

Database = Path | str  # an SQLite file, or a postgresql:// URL (HEARTBOT_DATABASE_URL)


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
    """One Helpful / Not helpful press on an answer."""

    entry_id: str
    helpful: bool
    at: datetime = field(default_factory=_now)


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
    """The feedback database can't be opened, read or written; the message names it and the fix."""


class Store(Protocol):
    """What the recorder writes to and the report reads from, whichever database it is."""

    where: str  # the database, as messages name it (a URL without its password)
    unreadable: int  # rows read so far that were left out: not what this heartbot writes

    def add_all(self, records: Sequence[Asked | Voted]) -> None: ...
    def questions(self, since: datetime | None = None) -> Iterator[Asked]: ...
    def votes(self, since: datetime | None = None) -> Iterator[Voted]: ...
    def stamps(self) -> dict[str, str]: ...
    def set_stamp(self, scope: str, digest: str) -> None: ...
    def close(self) -> None: ...


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


class SqlStore:
    """The feedback record over one database connection: the schema, its migrations and every
    query, written once; a subclass supplies the connection and its dialect's few differences.

    ``read_only`` opens it for a report: nothing is created, migrated or written.
    """

    failures: tuple[type[Exception], ...] = ()  # the driver's errors, each made a StoreError

    def __init__(self, where: str) -> None:
        self.where = where
        self.unreadable = 0
        self._empty = False  # read-only, and no heartbot schema in it yet: nothing to read

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- what a dialect supplies ------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        raise NotImplementedError

    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        raise NotImplementedError

    def _transaction(self, *, migrating: bool = False) -> AbstractContextManager[None]:
        """One transaction, committed at the end or rolled back; ``migrating`` also takes turns
        with every other process migrating the same database."""
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[Any]:
        """The rows of a query, fetched a batch at a time."""
        raise NotImplementedError

    def _has_table(self, name: str) -> bool:
        raise NotImplementedError

    def _error(self, doing: str, exc: BaseException) -> StoreError:
        raise NotImplementedError

    def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    # --- one code path for every database ----------------------------------------------------

    def add_question(self, asked: Asked) -> None:
        """Record one question."""
        self.add_all([asked])

    def add_vote(self, voted: Voted) -> None:
        """Record one vote."""
        self.add_all([voted])

    def add_all(self, records: Sequence[Asked | Voted]) -> None:
        """Record questions and votes in one transaction: all of them land, or none does."""
        questions = [_question_row(r) for r in records if isinstance(r, Asked)]
        votes = [_vote_row(r) for r in records if isinstance(r, Voted)]
        try:
            with self._transaction():
                if questions:
                    self._execute_many(INSERT_QUESTION, questions)
                if votes:
                    self._execute_many(INSERT_VOTE, votes)
        except self.failures as exc:
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

    def stamps(self) -> dict[str, str]:
        """The hash of the slash commands last synced, by scope."""
        if self._empty:
            return {}
        try:
            rows = list(self._stream("SELECT scope, digest FROM command_sync", ()))
        except self.failures as exc:
            raise self._error("read", exc) from exc
        return {str(scope): str(digest) for scope, digest in rows}

    def set_stamp(self, scope: str, digest: str) -> None:
        """Remember the hash of the slash commands just synced to a scope."""
        try:
            with self._transaction():
                self._execute(
                    "INSERT INTO command_sync (scope, digest) VALUES (?, ?)"
                    " ON CONFLICT (scope) DO UPDATE SET digest = excluded.digest",
                    (scope, digest),
                )
        except self.failures as exc:
            raise self._error("write to", exc) from exc

    def count_marked(self, marker: str) -> int:
        """How many questions' text begins with ``marker`` (the store bench counts its own)."""
        try:
            (count,) = self._execute(
                "SELECT count(*) FROM questions WHERE text LIKE ?", (marker + "%",)
            ).fetchone()
        except self.failures as exc:
            raise self._error("read", exc) from exc
        return int(count)

    def forget_marked(self, marker: str) -> None:
        """Delete the questions whose text begins with ``marker``: the bench's, when done."""
        try:
            with self._transaction():
                self._execute("DELETE FROM questions WHERE text LIKE ?", (marker + "%",))
        except self.failures as exc:
            raise self._error("write to", exc) from exc

    def _open_schema(self, *, read_only: bool) -> None:
        """Check the schema (read-only) or bring it up to date; errors close the connection."""
        try:
            if read_only:
                self._check_version()
            else:
                self._migrate()
        except self.failures as exc:
            self.close()
            raise self._error("open", exc) from exc
        except StoreError:
            self.close()
            raise

    def _version(self) -> int:
        row = self._execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        """Bring the schema up to date, one process at a time when several start at once."""
        if self._has_table("schema_version") and self._version() == SCHEMA_VERSION:
            return  # the usual case, with no write lock taken: a read-only file still reports
        with self._transaction(migrating=True):
            self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self._version()
            if current > SCHEMA_VERSION:
                raise self._newer(current)
            for statements in MIGRATIONS[current:]:
                for statement in statements:
                    self._execute(statement)
            self._execute("DELETE FROM schema_version")
            self._execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))

    def _check_version(self) -> None:
        """Refuse a newer schema, as opening for writing does; no schema yet reads as empty."""
        if not self._has_table("schema_version"):
            self._empty = True
            return
        current = self._version()
        if current > SCHEMA_VERSION:
            raise self._newer(current)

    def _newer(self, current: int) -> StoreError:
        return StoreError(
            f"{self.where}: written by a newer heartbot (schema version {current}, this one "
            f"knows up to {SCHEMA_VERSION}); upgrade heartbot, or point HEARTBOT_DATA_DIR or "
            "HEARTBOT_DATABASE_URL at another database"
        )

    def _read(self, sql: str, since: datetime | None) -> Iterator[Any]:
        # Rows stream in batches: a long window never sits in memory all at once.
        if self._empty:
            return
        try:
            yield from self._stream(sql, (_stamp(since) if since else "",))
        except self.failures as exc:
            raise self._error("read", exc) from exc


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


def records(count: int) -> str:
    """A count of records, in words: "1 record", "2 records"."""
    return f"{count} record{'' if count == 1 else 's'}"


INSERT_QUESTION = (
    "INSERT INTO questions (at, outcome, text, guild_id, entry_id, score) VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_VOTE = "INSERT INTO votes (at, entry_id, helpful) VALUES (?, ?, ?)"


def _question_row(record: Asked) -> tuple[object, ...]:
    return (
        _stamp(record.at),
        record.outcome.value,
        record.text,
        record.guild_id,
        record.entry_id,
        record.score,
    )


def _vote_row(record: Voted) -> tuple[object, ...]:
    return (_stamp(record.at), record.entry_id, int(record.helpful))


def _stamp(at: datetime) -> str:
    # Fixed width and always UTC, so comparing the text compares the times (in PostgreSQL's
    # collations too: every stamp has its digits and marks in the same places).
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
        try:
            self._worker.submit(self._take, 0)
        except RuntimeError:  # closed: shutting down, the event is dropped
            log.debug("feedback not recorded: the recorder is closed")

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
