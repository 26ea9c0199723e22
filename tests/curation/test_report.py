"""The curation report: unanswered questions grouped, facts voted down, the share answered."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.curation.report import Now, Report, build_report, cluster, parse_since
from bot.curation.store import Asked, FeedbackStore, Voted
from bot.engine.answers import Outcome
from bot.engine.core import Engine
from tests.helpers import unwritable

Run = Callable[..., subprocess.CompletedProcess[str]]
NOW = datetime(2026, 5, 8, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
KEYS = {"since", "until", "asked", "answered", "unanswered", "unanswered_left_off"}
KEYS |= {"not_helpful", "days", "unreadable"}
GROUP_KEYS = {"count", "example", "variants", "outcomes", "nearest", "now"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[FeedbackStore]:
    """An empty feedback database."""
    with FeedbackStore(tmp_path / "heartbot.db") as opened:
        yield opened


def ask(
    store: FeedbackStore,
    text: str | None,
    outcome: Outcome = Outcome.REFUSE,
    *,
    entry: str | None = None,
    at: datetime = NOW - timedelta(hours=1),
) -> None:
    store.add_question(Asked(text, outcome, None, entry, 50.0, at))


def report(store: FeedbackStore, engine: Engine | None = None, **options: int) -> Report:
    return build_report(store, since=WEEK, now=NOW, engine=engine, **options)


# --- --since ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("12h", timedelta(hours=12)),
        ("7d", timedelta(days=7)),
        ("2w", timedelta(days=14)),
        (" 3D ", timedelta(days=3)),
        ("all", None),
    ],
)
def test_since_reads_hours_days_weeks_and_all(text: str, period: timedelta | None) -> None:
    """A period back from now in hours, days or weeks, or everything."""
    assert parse_since(text) == period


@pytest.mark.parametrize(
    "text", ["", "7", "d", "0d", "-1d", "7m", "1y", "seven days", "9" * 20 + "w"]
)
def test_a_bad_since_says_what_it_expects(text: str) -> None:
    """Anything else is refused with examples of what works."""
    with pytest.raises(ValueError, match="like 12h, 7d or 2w, or all"):
        parse_since(text)


# --- Unanswered questions --------------------------------------------------------------------


def test_near_duplicates_are_one_row_with_a_count_and_an_example(store: FeedbackStore) -> None:
    """Typos, punctuation and filler don't split a question: one row, the most asked phrasing."""
    for text in ["what was the budget"] * 3 + [
        "what was the budjet",
        "hey bot what was the budget lol",
    ]:
        ask(store, text)
    (group,) = report(store).unanswered
    assert (group.count, group.example) == (5, "what was the budget")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("who composed the songs", "who composd the songs"),
        ("what was the budget", "what is the budget"),
        ("is it on netflix", "was it on netflix"),
        ("what is the box office", "what is the box ofice"),
        ("who was the cinematographer", "who was the cinematografer"),
    ],
)
def test_near_duplicates_are_grouped(first: str, second: str) -> None:
    """Misspelt and reworded-filler versions of a question land in its group."""
    assert cluster(Counter([first, first, second])) == [[first, second]]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("where was it filmed", "when was it filmed"),
        ("when was it released", "when was it re released"),
        ("what was the budget", "what was the box office"),
        ("who is in the cast", "who is in the cast of the sequel"),
        ("who played hank", "who played frannie"),
        ("who wrote the script", "who wrote the songs"),
    ],
)
def test_different_questions_stay_apart(first: str, second: str) -> None:
    """Questions that share most words but ask different things are separate rows."""
    assert cluster(Counter([first, first, second])) == [[first], [second]]


def test_a_row_names_its_nearest_fact(store: FeedbackStore) -> None:
    """Each row names the fact its questions came closest to most often."""
    ask(store, "what was the budget", Outcome.UNKNOWN, entry="financing")
    ask(store, "what was the budjet", Outcome.UNKNOWN, entry="financing")
    ask(store, "what was the budget", Outcome.SUGGEST, entry="rights")
    (group,) = report(store).unanswered
    assert group.nearest == "financing"


def test_a_row_counts_its_outcomes(store: FeedbackStore) -> None:
    """A row says how often its questions were refused, unsure or unknown."""
    ask(store, "who is hank", Outcome.REFUSE)
    ask(store, "who is hank", Outcome.SUGGEST)
    ask(store, "who is hank", Outcome.SUGGEST)
    (group,) = report(store).unanswered
    assert group.outcomes == ((Outcome.SUGGEST, 2), (Outcome.REFUSE, 1))


def test_answered_questions_are_not_rows(store: FeedbackStore) -> None:
    """Only what went unanswered is listed."""
    ask(store, None, Outcome.ANSWER, entry="director")
    assert report(store).unanswered == ()


def test_rows_are_most_asked_first_and_capped(store: FeedbackStore) -> None:
    """The most asked come first; rows past the limit are counted, not shown."""
    for text, times in [("who is hank", 1), ("what was the budget", 3), ("is it on netflix", 2)]:
        for _ in range(times):
            ask(store, text)
    result = report(store, limit=2)
    assert ([g.example for g in result.unanswered], result.left_off) == (
        ["what was the budget", "is it on netflix"],
        1,
    )


def test_a_row_says_what_the_knowledge_does_now(store: FeedbackStore, engine: Engine) -> None:
    """With the fact base, a row shows whether its question is answered by now."""
    ask(store, "who directed it", Outcome.REFUSE)
    (group,) = report(store, engine).unanswered
    assert group.now == Now(Outcome.ANSWER, "director")


# --- Votes and days --------------------------------------------------------------------------


def test_facts_voted_down_most_come_first(store: FeedbackStore) -> None:
    """Facts are ordered by "Not helpful" votes; facts never voted down are left out."""
    at = NOW - timedelta(hours=1)
    for entry, helpful in [
        ("director", False),
        ("financing", False),
        ("financing", False),
        ("financing", True),
        ("genre", True),
    ]:
        store.add_vote(Voted(entry, helpful, at))
    down = report(store).not_helpful
    assert [(v.entry_id, v.not_helpful, v.helpful) for v in down] == [
        ("financing", 2, 1),
        ("director", 1, 0),
    ]


def test_votes_count_people_not_clicks(store: FeedbackStore) -> None:
    """Helpful, Not helpful, Helpful again by one person is one Helpful; another's is another."""
    at = NOW - timedelta(hours=1)
    for helpful in (True, False, True):
        store.add_vote(Voted("financing", helpful, at, voter="alice-on-answer-1"))
    store.add_vote(Voted("financing", False, at, voter="bob-on-answer-2"))
    (votes,) = report(store).not_helpful
    assert (votes.not_helpful, votes.helpful) == (1, 1)


def test_the_share_answered_is_given_per_utc_day(store: FeedbackStore) -> None:
    """Each day has its questions, answers and the share answered."""
    day1, day2 = NOW - timedelta(days=2), NOW - timedelta(days=1)
    ask(store, None, Outcome.ANSWER, entry="director", at=day1)
    ask(store, "who is hank", at=day1)
    ask(store, None, Outcome.ANSWER, entry="director", at=day2)
    days = report(store).days
    assert [(d.day.isoformat(), d.asked, d.answered, d.share) for d in days] == [
        ("2026-05-06", 2, 1, 0.5),
        ("2026-05-07", 1, 1, 1.0),
    ]


def test_since_leaves_out_older_questions_and_votes(store: FeedbackStore) -> None:
    """Only the window counts: last month's questions and votes are not in a week's report."""
    old = NOW - timedelta(days=30)
    ask(store, "who is hank", at=old)
    store.add_vote(Voted("director", False, old))
    result = report(store)
    assert (result.unanswered, result.not_helpful, result.days) == ((), (), ())


# --- The text a curator reads ----------------------------------------------------------------


def test_the_text_lists_each_row_with_its_nearest_fact(store: FeedbackStore) -> None:
    """The plain-text report shows the count, the example and the nearest fact."""
    ask(store, "what was the budget", Outcome.UNKNOWN, entry="financing")
    text = report(store).text()
    assert ("1  what was the budget" in text, "nearest: financing" in text) == (True, True)


def test_the_text_says_when_nothing_went_unanswered(store: FeedbackStore) -> None:
    """A week with every question answered says so."""
    ask(store, None, Outcome.ANSWER, entry="director")
    assert "Nothing unanswered since 2026-05-01 12:00 UTC" in report(store).text()


def test_the_text_says_when_nothing_was_asked(store: FeedbackStore) -> None:
    """An empty database says how questions get recorded."""
    assert "No questions recorded since 2026-05-01 12:00 UTC; `heartbot run`" in (
        report(store).text()
    )


# --- heartbot report, as a command -----------------------------------------------------------


def recorded(tmp_path: Path) -> dict[str, str]:
    """A data folder with a few questions and a vote from the last hour; its environment."""
    recent = datetime.now(UTC) - timedelta(hours=1)
    with FeedbackStore(tmp_path / "heartbot.db") as store:
        for text in ("who composed the songs", "who composed the songs", "who composd the songs"):
            ask(store, text, Outcome.UNKNOWN, entry="genre", at=recent)
        ask(store, None, Outcome.ANSWER, entry="director", at=recent)
        store.add_vote(Voted("director", False, recent))
    return {"HEARTBOT_DATA_DIR": str(tmp_path)}


def test_json_has_the_documented_keys(run_heartbot: Run, tmp_path: Path) -> None:
    """``report --json`` writes one object with the documented keys, rows and all."""
    result = run_heartbot("report", "--json", env=recorded(tmp_path))
    data = json.loads(result.stdout)
    assert (set(data), set(data["unanswered"][0]), data["unanswered"][0]["count"]) == (
        KEYS,
        GROUP_KEYS,
        3,
    )


def test_the_report_command_prints_the_text(run_heartbot: Run, tmp_path: Path) -> None:
    """``heartbot report`` prints the grouped question and exits 0."""
    result = run_heartbot("report", env=recorded(tmp_path))
    assert (result.returncode, "3  who composed the songs" in result.stdout) == (0, True)


def test_a_broken_fact_base_still_gets_its_report(run_heartbot: Run, tmp_path: Path) -> None:
    """Without a loadable fact base the report still prints, and says what it left out."""
    result = run_heartbot(
        "--knowledge", str(tmp_path / "missing.toml"), "report", env=recorded(tmp_path)
    )
    assert (result.returncode, "who composed the songs" in result.stdout) == (0, True)
    assert "reporting without what heartbot answers now" in result.stderr


def test_a_bad_since_exits_2_with_examples(run_heartbot: Run, tmp_path: Path) -> None:
    """``--since 3x`` fails with status 2 and says what would work."""
    result = run_heartbot("report", "--since", "3x", env={"HEARTBOT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "--since: expected hours, days or weeks back, like 12h, 7d or 2w" in result.stderr


def test_a_missing_database_says_how_to_get_one(run_heartbot: Run, tmp_path: Path) -> None:
    """Before any feedback, the report says where it looks and creates nothing."""
    result = run_heartbot("report", env={"HEARTBOT_DATA_DIR": str(tmp_path)})
    assert (result.returncode, result.stdout, list(tmp_path.iterdir())) == (
        0,
        f"no feedback recorded yet at {tmp_path / 'heartbot.db'}; `heartbot run` records it\n",
        [],
    )


def test_a_missing_database_still_gives_json(run_heartbot: Run, tmp_path: Path) -> None:
    """With --json, a missing database is an empty report, the note going to stderr."""
    result = run_heartbot("report", "--json", env={"HEARTBOT_DATA_DIR": str(tmp_path)})
    assert (json.loads(result.stdout)["asked"], "no feedback recorded yet" in result.stderr) == (
        0,
        True,
    )


def test_an_empty_database_says_nothing_was_asked(run_heartbot: Run, tmp_path: Path) -> None:
    """A database with no questions yet gives a report saying so."""
    FeedbackStore(tmp_path / "heartbot.db").close()
    result = run_heartbot("report", "--since", "all", env={"HEARTBOT_DATA_DIR": str(tmp_path)})
    assert "No questions recorded in the whole record" in result.stdout


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE questions SET outcome = 'escalated' WHERE text = 'who composd the songs'",
        "UPDATE questions SET at = 'yesterday-ish' WHERE text = 'who composd the songs'",
        "UPDATE votes SET at = 'not a time'",
    ],
    ids=["unknown-outcome", "malformed-time", "malformed-vote-time"],
)
def test_an_unreadable_row_is_left_out_and_counted(
    run_heartbot: Run, tmp_path: Path, damage: str
) -> None:
    """A row this heartbot can't read (another version's outcome, a broken time) is skipped
    and counted, with no traceback; the rest of the report is all there."""
    env = recorded(tmp_path)
    db = sqlite3.connect(tmp_path / "heartbot.db")
    db.execute(damage)
    db.commit()
    db.close()
    result = run_heartbot("report", env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "1 record could not be read" in result.stdout
    assert "who composed the songs" in result.stdout
    assert json.loads(run_heartbot("report", "--json", env=env).stdout)["unreadable"] == 1


def test_a_data_folder_that_is_a_file_is_named_as_such(run_heartbot: Run, tmp_path: Path) -> None:
    """HEARTBOT_DATA_DIR pointing at a file says so, not "no feedback recorded yet"."""
    afile = tmp_path / "data"
    afile.write_text("not a folder", encoding="utf-8")
    result = run_heartbot("report", env={"HEARTBOT_DATA_DIR": str(afile)})
    assert result.returncode == 2
    assert f"HEARTBOT_DATA_DIR is {afile}, a file, not a folder" in result.stderr


def test_a_file_that_is_no_database_is_named_as_such(run_heartbot: Run, tmp_path: Path) -> None:
    """A heartbot.db that isn't SQLite at all is called that, with the fix, and no ".."."""
    (tmp_path / "heartbot.db").write_text("not sqlite", encoding="utf-8")
    result = run_heartbot("report", env={"HEARTBOT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "is not a heartbot database (not an SQLite file at all)" in result.stderr
    assert ".." not in result.stderr


def test_a_read_only_data_folder_still_reports(run_heartbot: Run, tmp_path: Path) -> None:
    """A data folder heartbot may not write in is read as it is: the report, not an error."""
    env = recorded(tmp_path)
    with unwritable(tmp_path):
        result = run_heartbot("report", env=env)
    assert (result.returncode, result.stderr) == (0, "")
    assert "3  who composed the songs" in result.stdout


def test_a_read_only_data_folder_reports_what_waits_in_the_write_ahead_log(
    run_heartbot: Run, tmp_path: Path
) -> None:
    """Questions a running heartbot wrote but SQLite hasn't folded into the file yet are read."""
    env = recorded(tmp_path)
    with FeedbackStore(tmp_path / "heartbot.db") as running:  # holds them in heartbot.db-wal
        ask(running, "who sang the duets", Outcome.UNKNOWN, at=datetime.now(UTC))
        with unwritable(tmp_path):
            result = run_heartbot("report", env=env)
    assert (result.returncode, "who sang the duets" in result.stdout) == (0, True)
