"""The feedback record's schema and queries, written once for every database heartbot keeps
it in: the records, the migrations, and the store that runs them over a connection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from bot.engine.answers import Outcome, Reply
from bot.engine.text import words
from bot.limits import MAX_STORED_TEXT

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
    (
        # One vote per person per answer: ``voter`` is a keyed hash of the answer and the person
        # (never an id; see Voted), and a later click replaces the earlier vote. Older votes
        # have none and count as they are.
        "ALTER TABLE votes ADD COLUMN voter TEXT",
        "CREATE UNIQUE INDEX votes_voter ON votes (voter)",
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


def records(count: int) -> str:
    """A count of records, in words: "1 record", "2 records"."""
    return f"{count} record{'' if count == 1 else 's'}"


INSERT_QUESTION = (
    "INSERT INTO questions (at, outcome, text, guild_id, entry_id, score) VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_VOTE = (
    "INSERT INTO votes (at, entry_id, helpful, voter) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (voter) DO UPDATE SET"
    " at = excluded.at, entry_id = excluded.entry_id, helpful = excluded.helpful"
)


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
    return (_stamp(record.at), record.entry_id, int(record.helpful), record.voter)


def _stamp(at: datetime) -> str:
    # Fixed width and always UTC, so comparing the text compares the times (in PostgreSQL's
    # collations too: every stamp has its digits and marks in the same places).
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _parse(value: object) -> datetime:
    return datetime.fromisoformat(str(value))
