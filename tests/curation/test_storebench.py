"""``heartbot bench --store``: N processes write M records each; every one lands, and goes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest

from tests.helpers import RunHeartbot

KEYS = {"sent", "landed", "per_second", "p99_ms"}


def bench(run_heartbot: RunHeartbot, env: dict[str, str], *options: str) -> dict[str, float]:
    result = run_heartbot(
        "bench", "--store", "--writers", "2", "--records", "300", *options, env=env
    )
    assert result.returncode == 0, result.stderr
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def test_sqlite_lands_every_record_sent_and_leaves_none(
    run_heartbot: RunHeartbot, tmp_path: Path
) -> None:
    """Two writers into the data folder's file: 600 sent, 600 landed, none left behind."""
    figures = bench(run_heartbot, {"HEARTBOT_DATA_DIR": str(tmp_path)}, "--json")
    assert (set(figures), figures["sent"], figures["landed"]) == (KEYS, 600, 600)
    with sqlite3.connect(tmp_path / "heartbot.db") as db:
        assert db.execute("SELECT count(*) FROM questions").fetchone() == (0,)


def test_postgresql_lands_every_record_sent_and_leaves_none(
    run_heartbot: RunHeartbot, postgres_url: str
) -> None:
    """Two writers into HEARTBOT_DATABASE_URL: 600 sent, 600 landed, none left behind."""
    figures = bench(run_heartbot, {"HEARTBOT_DATABASE_URL": postgres_url}, "--json")
    assert (set(figures), figures["sent"], figures["landed"]) == (KEYS, 600, 600)
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT count(*) FROM questions").fetchone() == (0,)


def test_the_text_names_the_store_and_the_counts(run_heartbot: RunHeartbot, tmp_path: Path) -> None:
    """Without --json: which store, sent and landed, records per second, the p99."""
    result = run_heartbot(
        "bench", "--store", "--records", "50", env={"HEARTBOT_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert f"store: SQLite {tmp_path / 'heartbot.db'}" in result.stdout
    assert "sent 50, landed 50" in result.stdout
    assert "records per second" in result.stdout
    assert "p99" in result.stdout


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"HEARTBOT_DATABASE_URL": "mysql://db/heartbot"}, "must be a PostgreSQL URL"),
        ({"HEARTBOT_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"}, "cannot connect"),
    ],
    ids=["not-postgresql", "refused"],
)
def test_a_store_it_cannot_use_is_one_line(
    run_heartbot: RunHeartbot, env: dict[str, str], says: str
) -> None:
    """A bad URL or a server that refuses: one line, status 2, no writer started."""
    result = run_heartbot("bench", "--store", env=env)
    assert (result.returncode, result.stderr.count("\n"), says in result.stderr) == (2, 1, True)


def test_a_bench_that_fails_leaves_no_record_and_no_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer failing halfway (or Ctrl-C) still stops every writer and takes the bench's
    records out again: nothing of it shows in a curator's report."""
    from bot.curation import storebench
    from bot.curation.store import Asked, FeedbackStore, StoreError
    from bot.engine.answers import Outcome

    database = tmp_path / "heartbot.db"
    started: list[subprocess.Popen[str]] = []

    def halfway(processes: list[subprocess.Popen[str]], setup: str) -> None:
        started.extend(processes)
        marker = processes[0].args[3]  # type: ignore[index]
        with FeedbackStore(database) as store:  # what the writers landed before one failed
            store.add_all(
                [Asked(f"{marker} 0 {n}", Outcome.REFUSE, 0, None, 0.0) for n in range(5)]
            )
        raise StoreError("a bench writer failed: disk full")

    monkeypatch.setattr(storebench, "_race", halfway)
    with pytest.raises(StoreError, match="disk full"):
        storebench.bench_store(database, writers=2, records=10)
    assert [process.poll() is not None for process in started] == [True, True]
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM questions").fetchone() == (0,)
