"""The feedback record in PostgreSQL: one schema, one record, one report, on a real server."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from bot.curation.postgres import PostgresStore, dialect, redact
from bot.curation.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Asked,
    StoreError,
    Voted,
    open_store,
)
from bot.engine.answers import Outcome
from tests.helpers import COLUMNS, MakeRecorder, RunHeartbot, write_as_shards
from tests.postgres import Server

AT = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
SNOWFLAKE = 1_234_567_890_123_456_789  # Discord's ids need 64 bits
QUESTION = Asked("what was the budget", Outcome.UNKNOWN, SNOWFLAKE, "financing", 91.123456789, AT)


def raw(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Read the database with plain psycopg, as a curator's tool would."""
    with psycopg.connect(url) as db:
        return db.execute(sql).fetchall()


# --- The schema ------------------------------------------------------------------------------


def test_a_new_database_gets_the_current_schema_version(postgres_url: str) -> None:
    """Opening an empty PostgreSQL database creates the latest schema, as SQLite's does."""
    PostgresStore(postgres_url).close()
    assert raw(postgres_url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]


def test_the_same_tables_and_columns_as_sqlite_and_none_for_a_user(postgres_url: str) -> None:
    """The record is of questions and facts in PostgreSQL too: no user, author or name."""
    PostgresStore(postgres_url).close()
    columns = raw(
        postgres_url,
        "SELECT table_name || '.' || column_name FROM information_schema.columns"
        " WHERE table_schema = 'public'",
    )
    assert {name for (name,) in columns} == COLUMNS


def test_a_version_1_database_is_upgraded_and_keeps_its_rows(postgres_url: str) -> None:
    """A database at the first schema gains the later migrations, its rows intact."""
    with psycopg.connect(postgres_url, autocommit=True) as old:
        old.execute(dialect("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        old.execute("INSERT INTO schema_version VALUES (1)")
        for statement in MIGRATIONS[0]:
            old.execute(dialect(statement))
        old.execute(
            "INSERT INTO questions (at, outcome, text, guild_id, entry_id, score) VALUES"
            " ('2026-05-01T12:00:00.000000+00:00', 'refuse', 'who is hank', NULL, NULL, 12.5)"
        )
    with PostgresStore(postgres_url) as store:
        texts = [question.text for question in store.questions()]
    assert (raw(postgres_url, "SELECT version FROM schema_version"), texts) == (
        [(SCHEMA_VERSION,)],
        ["who is hank"],
    )


def test_a_database_from_a_newer_heartbot_is_refused_with_the_fix(postgres_url: str) -> None:
    """A schema newer than this heartbot knows is an error that says to upgrade."""
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("UPDATE schema_version SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match=r"newer heartbot.*upgrade heartbot"):
        PostgresStore(postgres_url)


# --- What is kept ----------------------------------------------------------------------------


def test_questions_and_votes_read_back_as_written(postgres_url: str) -> None:
    """What is recorded comes back whole: 64-bit server ids, exact scores, times in UTC."""
    vote = Voted("financing", False, AT + timedelta(minutes=1))
    with open_store(postgres_url) as store:
        store.add_all([QUESTION, vote])
        assert (list(store.questions()), list(store.votes())) == ([QUESTION], [vote])


def test_reading_since_a_time_leaves_out_older_rows(postgres_url: str) -> None:
    """Only questions at or after ``since`` are read."""
    old = Asked("who is hank", Outcome.REFUSE, None, None, 0.0, AT - timedelta(days=8))
    with open_store(postgres_url) as store:
        store.add_all([old, QUESTION])
        assert list(store.questions(AT - timedelta(days=7))) == [QUESTION]


def test_the_recorder_lands_questions_and_votes(
    postgres_url: str, make_recorder: MakeRecorder
) -> None:
    """Recorded events are in the database once flushed."""
    recorder = make_recorder(postgres_url)
    recorder.record_question(QUESTION)
    recorder.record_vote(Voted("financing", True, AT))
    recorder.flush()
    assert raw(postgres_url, "SELECT count(*) FROM questions") == [(1,)]
    assert raw(postgres_url, "SELECT count(*) FROM votes") == [(1,)]


def test_nothing_recorded_while_the_database_is_missing_is_lost(
    postgres_server: Server,
    make_recorder: MakeRecorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A database that isn't there yet costs one warning; once it is, everything lands."""
    url = postgres_server.url("heartbot_later")
    recorder = make_recorder(url)
    for _ in range(5):
        recorder.record_question(QUESTION)
    recorder.flush()
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute("CREATE DATABASE heartbot_later")
    try:
        recorder.record_question(QUESTION)
        recorder.flush()
        assert raw(url, "SELECT count(*) FROM questions") == [(6,)]
        assert (recorder.lost, [("does not exist" in w) for w in warned]) == (0, [True])
    finally:
        recorder.close()
        with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
            admin.execute("DROP DATABASE heartbot_later WITH (FORCE)")


def test_a_server_restart_loses_nothing(
    postgres_url: str, postgres_server: Server, make_recorder: MakeRecorder
) -> None:
    """A connection the server dropped is made again; what was recorded after it lands."""
    recorder = make_recorder(postgres_url)
    recorder.record_question(QUESTION)
    recorder.flush()
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (postgres_url.rsplit("/", 1)[1],),
        )
    recorder.record_question(QUESTION)
    recorder.flush()
    assert raw(postgres_url, "SELECT count(*) FROM questions") == [(2,)]


# --- Shards: several processes, one database --------------------------------------------------


def test_four_processes_land_8000_of_8000(postgres_url: str) -> None:
    """Four shards creating and writing 2,000 records each into one database lose none of the
    8,000, and migrate it once."""
    shards, count = 4, 2000
    errors = write_as_shards(postgres_url, shards=shards, count=count, timeout=300)
    assert [e for e in errors if "lost" in e or "Traceback" in e] == []
    assert raw(
        postgres_url, "SELECT guild_id, count(*) FROM questions GROUP BY guild_id ORDER BY 1"
    ) == [(shard, count) for shard in range(shards)]
    assert raw(postgres_url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]


# --- heartbot report, from PostgreSQL ------------------------------------------------------------


def test_report_reads_from_the_database_url(postgres_url: str, run_heartbot: RunHeartbot) -> None:
    """With HEARTBOT_DATABASE_URL, `heartbot report` reads what the shards recorded there."""
    recent = datetime.now(UTC) - timedelta(hours=1)
    with open_store(postgres_url) as store:
        store.add_all(
            [Asked("who composed the songs", Outcome.UNKNOWN, 1, "genre", 50.0, recent)] * 3
            + [Voted("director", False, recent)]
        )
    result = run_heartbot("report", "--json", env={"HEARTBOT_DATABASE_URL": postgres_url})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["unanswered"][0]["example"], data["unanswered"][0]["count"]) == (
        "who composed the songs",
        3,
    )
    assert data["not_helpful"] == [{"entry_id": "director", "not_helpful": 1, "helpful": 0}]


def test_report_on_an_empty_database_creates_nothing(
    postgres_url: str, run_heartbot: RunHeartbot
) -> None:
    """A report reads: on a database heartbot never wrote it says so and leaves it empty."""
    result = run_heartbot("report", "--since", "all", env={"HEARTBOT_DATABASE_URL": postgres_url})
    assert "No questions recorded in the whole record" in result.stdout
    assert raw(postgres_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_a_server_that_refuses_is_one_line_naming_the_setting(
    postgres_server: Server, run_heartbot: RunHeartbot
) -> None:
    """Nothing listening at the URL: one line naming HEARTBOT_DATABASE_URL, no traceback."""
    url = postgres_server.url().replace(str(postgres_server.port), "1")
    result = run_heartbot("report", env={"HEARTBOT_DATABASE_URL": url})
    assert result.returncode == 2
    assert result.stderr.startswith("heartbot: cannot connect to the feedback database")
    assert "check HEARTBOT_DATABASE_URL" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_password_never_shows_in_a_message(
    postgres_server: Server, run_heartbot: RunHeartbot
) -> None:
    """A refused URL is named with its password hidden."""
    url = f"postgresql://heartbot:hunter2@127.0.0.1:{postgres_server.port}/nowhere"
    result = run_heartbot("report", env={"HEARTBOT_DATABASE_URL": url})
    assert (result.returncode, "hunter2" in result.stderr) == (2, False)
    assert "postgresql://heartbot:***@127.0.0.1" in result.stderr


@pytest.mark.parametrize(
    "password", ["hunter2", "hun#ter2", "hun?ter2", "hun:ter2", "hun@ter2", "hun/ter2"]
)
def test_no_password_shows_in_a_url_named_in_a_message(password: str) -> None:
    """However the password is spelt, libpq may take it, so it never shows."""
    shown = redact(f"postgresql://heartbot:{password}@db.example:5432/feedback?sslmode=require")
    assert "hun" not in shown
    assert shown.startswith("postgresql://heartbot:***@")


@pytest.mark.parametrize("url", ["mysql://db/heartbot", "db.example/heartbot"])
def test_a_url_that_is_not_postgresql_says_what_is_expected(
    url: str, run_heartbot: RunHeartbot
) -> None:
    """HEARTBOT_DATABASE_URL takes PostgreSQL URLs only, and says so with an example."""
    result = run_heartbot("report", env={"HEARTBOT_DATABASE_URL": url})
    assert result.returncode == 2
    assert "must be a PostgreSQL URL like postgresql://" in result.stderr


@pytest.mark.parametrize(
    ("command", "url"),
    [
        ("report", "postgresql://heartbot:hunter2@[::1/heartbot"),
        ("report", "postgresql://heartbot:hunter2@127.0.0.1/heartbot?colour=blue"),
        ("report", "postgresql://heartbot:hunter2@127.0.0.1/heartbot?sslmode=sometimes"),
        # run checks what it can without a server, and stops before reaching Discord
        ("run", "postgresql://heartbot:hunter2@[::1/heartbot"),
        ("run", "postgresql://heartbot:hunter2@127.0.0.1/heartbot?colour=blue"),
    ],
    ids=[
        "report-unclosed-bracket",
        "report-unknown-option",
        "report-bad-option-value",
        "run-unclosed-bracket",
        "run-unknown-option",
    ],
)
def test_a_malformed_url_is_one_line_with_an_example_and_no_password(
    url: str, command: str, run_heartbot: RunHeartbot
) -> None:
    """A URL libpq can't read stops report and run alike: one line, an example, no password."""
    result = run_heartbot(command, env={"DISCORD_TOKEN": "a-token", "HEARTBOT_DATABASE_URL": url})
    assert (result.returncode, result.stderr.count("\n"), "hunter2" in result.stderr) == (
        2,
        1,
        False,
    )
    assert "not a PostgreSQL URL heartbot can use" in result.stderr


def test_without_psycopg_the_message_says_what_to_install(
    postgres_url: str, run_heartbot: RunHeartbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostgreSQL URL without the driver installed: one line with the pip command."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    result = run_heartbot("report", env={"HEARTBOT_DATABASE_URL": postgres_url})
    assert result.returncode == 2
    assert "pip install 'heartbot[postgres]'" in result.stderr


def test_run_without_psycopg_exits_2_saying_what_to_install(
    postgres_url: str, run_heartbot: RunHeartbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`heartbot run` with a PostgreSQL URL and no driver stops before connecting, in one line."""
    monkeypatch.setitem(sys.modules, "psycopg", None)
    result = run_heartbot(
        "run", env={"DISCORD_TOKEN": "a-token", "HEARTBOT_DATABASE_URL": postgres_url}
    )
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "pip install 'heartbot[postgres]'" in result.stderr
