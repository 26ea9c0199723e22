"""The feedback database: its schema, what it keeps, and writes that never cost an answer."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.curation.store import (
    SCHEMA_VERSION,
    Asked,
    FeedbackStore,
    StoreError,
    Voted,
    asked,
)
from bot.engine.answers import Outcome
from bot.engine.core import Engine
from bot.limits import MAX_STORED_TEXT
from tests.helpers import COLUMNS, MakeRecorder, unwritable, write_as_shards

AT = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
QUESTION = Asked("what was the budget", Outcome.UNKNOWN, 42, "financing", 91.5, AT)
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path in a folder that doesn't exist yet."""
    return tmp_path / "data" / "heartbot.db"


@contextmanager
def locked(path: Path) -> Iterator[sqlite3.Connection]:
    """Hold the database's write lock from another connection, as a busy shard would."""
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        yield blocker
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def raw(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Read the file with plain sqlite3, as a curator's tool would."""
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


# --- The schema ------------------------------------------------------------------------------


def test_a_new_database_is_created_at_the_current_schema_version(db_path: Path) -> None:
    """Opening a path that doesn't exist creates its folder, the file and the latest schema."""
    FeedbackStore(db_path).close()
    assert raw(db_path, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]


def test_the_database_uses_write_ahead_logging(db_path: Path) -> None:
    """The file is in WAL mode, so readers never wait for a writing shard."""
    FeedbackStore(db_path).close()
    assert raw(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_a_version_1_database_is_upgraded_and_keeps_its_rows(db_path: Path) -> None:
    """A file written by the first heartbot with feedback gains the new schema, rows intact."""
    db_path.parent.mkdir()
    old = sqlite3.connect(db_path)
    old.executescript(
        """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version VALUES (1);
        CREATE TABLE questions (id INTEGER PRIMARY KEY, at TEXT NOT NULL, outcome TEXT NOT NULL,
            text TEXT, guild_id INTEGER, entry_id TEXT, score REAL NOT NULL);
        CREATE TABLE votes (id INTEGER PRIMARY KEY, at TEXT NOT NULL, entry_id TEXT NOT NULL,
            helpful INTEGER NOT NULL);
        INSERT INTO questions (at, outcome, text, guild_id, entry_id, score)
            VALUES ('2026-05-01T12:00:00.000000+00:00', 'refuse', 'who is hank', NULL, NULL, 12.5);
        """
    )
    old.close()
    with FeedbackStore(db_path) as store:
        rows = list(store.questions())
    assert (raw(db_path, "SELECT version FROM schema_version"), [r.text for r in rows]) == (
        [(SCHEMA_VERSION,)],
        ["who is hank"],
    )


def test_a_database_from_a_newer_heartbot_is_refused_with_the_fix(db_path: Path) -> None:
    """A schema newer than this heartbot knows is an error that says to upgrade."""
    FeedbackStore(db_path).close()
    db = sqlite3.connect(db_path)
    with db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    db.close()
    with pytest.raises(StoreError, match=r"newer heartbot.*upgrade heartbot"):
        FeedbackStore(db_path)


def test_no_column_can_hold_a_user_id_or_name(db_path: Path) -> None:
    """The record is of questions and facts: no table has a user, author or name column."""
    FeedbackStore(db_path).close()
    tables = [name for (name,) in raw(db_path, "SELECT name FROM sqlite_master WHERE type='table'")]
    columns = {
        f"{table}.{column[1]}"
        for table in tables
        for column in raw(db_path, f"PRAGMA table_info({table})")
    }
    assert columns == COLUMNS


def test_an_unopenable_path_is_an_error_that_names_the_file(tmp_path: Path) -> None:
    """A database path that is a folder fails with the path and what to check."""
    with pytest.raises(StoreError, match=rf"{re.escape(str(tmp_path))}.*writable"):
        FeedbackStore(tmp_path)


# --- What is kept ----------------------------------------------------------------------------


def test_questions_and_votes_read_back_as_written(db_path: Path) -> None:
    """What is recorded comes back whole, times in UTC."""
    vote = Voted("financing", False, AT + timedelta(minutes=1))
    with FeedbackStore(db_path) as store:
        store.add_question(QUESTION)
        store.add_vote(vote)
        assert (list(store.questions()), list(store.votes())) == ([QUESTION], [vote])


def test_a_second_vote_by_the_same_voter_replaces_the_first(db_path: Path) -> None:
    """One vote per person per answer: a later click changes the vote, it adds none."""
    with FeedbackStore(db_path) as store:
        store.add_vote(Voted("financing", True, AT, voter="k1"))
        store.add_vote(Voted("financing", False, AT + timedelta(seconds=5), voter="k1"))
        store.add_vote(Voted("financing", True, AT, voter="k2"))
        votes = [(v.helpful, v.at) for v in store.votes()]
    assert votes == [(True, AT), (False, AT + timedelta(seconds=5))]


def test_reading_since_a_time_leaves_out_older_rows(db_path: Path) -> None:
    """Only questions at or after ``since`` are read."""
    old = Asked("who is hank", Outcome.REFUSE, None, None, 0.0, AT - timedelta(days=8))
    with FeedbackStore(db_path) as store:
        store.add_question(old)
        store.add_question(QUESTION)
        assert list(store.questions(AT - timedelta(days=7))) == [QUESTION]


def test_an_answered_question_is_kept_without_its_text(engine: Engine) -> None:
    """For answers only the fact id is kept: no text."""
    record = asked(engine.ask("who lent coppola money"), guild_id=7, at=AT)
    assert (record.text, record.outcome, record.entry_id) == (None, Outcome.ANSWER, "financing")


def test_a_refused_question_is_kept_normalised_with_its_closest_entry(engine: Engine) -> None:
    """An unanswered question keeps its normalised words and the entry that came closest."""
    reply = engine.ask("Who's the PRESIDENT of France??")
    record = asked(reply, guild_id=None, at=AT)
    assert (record.text, record.outcome, record.entry_id) == (
        "who is the president of france",
        reply.outcome,
        reply.closest,
    )


def test_a_known_unknown_names_the_fact_offered_instead(engine: Engine) -> None:
    """For "the source doesn't say", the nearest entry is the fact heartbot offered."""
    record = asked(engine.ask("what was the production budget"), guild_id=None, at=AT)
    assert (record.outcome, record.entry_id) == (Outcome.UNKNOWN, "financing")


def test_a_long_question_is_cut(engine: Engine) -> None:
    """Stored text never exceeds the cap, however long the question."""
    record = asked(engine.ask("zebra " * 200), guild_id=None, at=AT)
    assert record.text is not None
    assert len(record.text) == MAX_STORED_TEXT


def test_the_terminal_records_nothing(run_heartbot: Run, tmp_path: Path) -> None:
    """``heartbot ask`` answers without creating a feedback database."""
    result = run_heartbot("ask", "who is the president", env={"HEARTBOT_DATA_DIR": str(tmp_path)})
    assert (result.returncode, list(tmp_path.iterdir())) == (0, [])


# --- The recorder: never blocks, never raises ------------------------------------------------


def test_the_recorder_writes_questions_and_votes(
    db_path: Path, make_recorder: MakeRecorder
) -> None:
    """Recorded events are in the file once flushed."""
    recorder = make_recorder(db_path)
    recorder.record_question(QUESTION)
    recorder.record_vote(Voted("financing", True, AT))
    recorder.flush()
    with FeedbackStore(db_path) as store:
        assert (len(list(store.questions())), len(list(store.votes()))) == (1, 1)


def test_recording_returns_while_the_database_is_still_locked(
    db_path: Path, make_recorder: MakeRecorder
) -> None:
    """The call comes back before the write happens: it waits on its own thread, not ours."""
    FeedbackStore(db_path).close()
    recorder = make_recorder(db_path, busy_timeout_ms=60_000)
    with locked(db_path) as blocker:
        recorder.record_question(QUESTION)
        # Back here while the lock is still held, so the write can't have happened yet.
        assert blocker.execute("SELECT count(*) FROM questions").fetchone() == (0,)
    recorder.flush()
    assert raw(db_path, "SELECT count(*) FROM questions") == [(1,)]


def test_a_locked_database_costs_one_warning_and_no_exception(
    db_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    """Writes during an outage are dropped with one warning for the whole outage."""
    FeedbackStore(db_path).close()
    recorder = make_recorder(db_path, busy_timeout_ms=0)
    with locked(db_path):
        recorder.record_question(QUESTION)
        recorder.record_vote(Voted("financing", True, AT))
        recorder.flush()
    assert [("database is locked" in w) for w in warnings(caplog)] == [True]


def test_an_outage_does_not_queue_a_write_per_record(
    db_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    """A hundred questions while the file is locked wait as one batch behind at most one
    write, not a hundred writes each waiting out the lock (which would hold up closing)."""
    FeedbackStore(db_path).close()
    recorder = make_recorder(db_path, busy_timeout_ms=20)
    caplog.set_level(logging.DEBUG, logger="bot.curation.store")
    with locked(db_path):
        for _ in range(100):
            recorder.record_question(QUESTION)
        recorder.flush()
    tries = [r for r in caplog.records if "not written yet" in r.getMessage()]
    assert len(tries) < 20  # a write or two while recording, and the flush's retries
    recorder.close()
    assert raw(db_path, "SELECT count(*) FROM questions") == [(100,)]


def test_nothing_written_during_an_outage_is_lost(
    db_path: Path, make_recorder: MakeRecorder
) -> None:
    """What couldn't be written while the file was locked goes in once it is free again."""
    FeedbackStore(db_path).close()
    recorder = make_recorder(db_path, busy_timeout_ms=0)
    with locked(db_path):
        for _ in range(5):
            recorder.record_question(QUESTION)
        recorder.record_vote(Voted("financing", True, AT))
        recorder.flush()
        assert raw(db_path, "SELECT count(*) FROM questions") == [(0,)]
    recorder.record_question(QUESTION)
    recorder.flush()
    assert raw(db_path, "SELECT count(*) FROM questions") == [(6,)]
    assert raw(db_path, "SELECT count(*) FROM votes") == [(1,)]
    assert recorder.lost == 0


def test_an_outage_lasting_past_its_bound_is_reported_while_running(
    db_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    """A running bot never flushes: writes failing past the outage bound warn by themselves."""
    FeedbackStore(db_path).close()
    recorder = make_recorder(db_path, busy_timeout_ms=0, outage_seconds=0)
    with locked(db_path):
        recorder.record_question(QUESTION)
        recorder.record_question(QUESTION)
        recorder._worker.submit(lambda: None).result()  # the two writes have been tried
    assert [("database is locked" in w) for w in warnings(caplog)] == [True]


def test_a_long_outage_loses_only_the_oldest_past_the_bound(
    db_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    """Memory stays bounded: past the bound the oldest records go, counted and logged."""
    FeedbackStore(db_path).close()
    recorder = make_recorder(db_path, busy_timeout_ms=0, most_pending=3)
    with locked(db_path):
        for n in range(5):
            recorder.record_question(Asked(f"question {n}", Outcome.REFUSE, None, None, 0.0, AT))
        recorder.flush()
    recorder.flush()
    assert recorder.lost == 2
    assert raw(db_path, "SELECT text FROM questions ORDER BY id") == [
        ("question 2",),
        ("question 3",),
        ("question 4",),
    ]
    assert any("feedback lost: 1 record so far" in w for w in warnings(caplog))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anything")
def test_a_read_only_database_costs_a_warning_and_no_exception(
    db_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    """A file the bot may not write is reported once; heartbot goes on."""
    FeedbackStore(db_path).close()
    db_path.chmod(0o444)
    recorder = make_recorder(db_path)
    recorder.record_question(QUESTION)
    recorder.flush()
    assert len(warnings(caplog)) == 1


def test_a_file_no_one_may_write_costs_one_warning_and_nothing_else(
    db_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    """A file even root may not write (the immutable flag) is reported once; heartbot goes on."""
    FeedbackStore(db_path).close()
    recorder = make_recorder(db_path)
    with unwritable(db_path):
        recorder.record_question(QUESTION)
        recorder.flush()
    assert [("readonly" in w) for w in warnings(caplog)] == [True]


def test_a_data_folder_that_cannot_be_created_costs_a_warning(
    tmp_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    """A data folder that can't exist (a file is in the way) is reported, not raised."""
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    recorder = make_recorder(tmp_path / "data" / "heartbot.db")
    recorder.record_question(QUESTION)
    recorder.flush()
    assert [str(tmp_path / "data") in w for w in warnings(caplog)] == [True]


def test_a_closed_recorder_drops_events_quietly(
    db_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    """Recording after shutdown neither raises nor warns."""
    recorder = make_recorder(db_path)
    recorder.close()
    recorder.record_question(QUESTION)
    recorder.flush()
    assert warnings(caplog) == []


# --- Shards: several processes, one file -----------------------------------------------------


def test_several_processes_share_one_file(db_path: Path) -> None:
    """Four shards creating and writing 2,000 records each into one file lose none of the
    8,000, and migrate it once."""
    shards, count = 4, 2000
    errors = write_as_shards(str(db_path), shards=shards, count=count, timeout=120)
    # A writer may wait its turn, even past SQLite's busy timeout; none may lose a record.
    assert [e for e in errors if "lost" in e or "Traceback" in e] == []
    assert raw(db_path, "SELECT guild_id, count(*) FROM questions GROUP BY guild_id") == [
        (shard, count) for shard in range(shards)
    ]
    assert raw(db_path, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
