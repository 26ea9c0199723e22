"""What heartbot keeps from Discord for its curators, and the whole loop from miss to live fix."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import DB_FILE, Settings
from bot.curation.store import Recorder
from bot.engine.answers import Outcome
from bot.engine.core import Engine
from bot.engine.knowledge import load_knowledge
from bot.transports.discord.bot import Throttle
from tests.helpers import RunHeartbot
from tests.transports.discord.scene import SURE_QUESTION, Clock, Scene, make_bot, running
from tests.transports.discord.standin import StandIn

MISSED = "who composed the songs for it"  # the source doesn't name the songwriter
OFF_TOPIC = "what is the weather in paris"


async def test_an_unanswered_question_is_kept_with_its_text_server_and_nearest_fact(
    scene: Scene,
) -> None:
    """A refused /ask is stored normalised, with the server id, outcome and nearest entry."""
    standin = scene.standin
    await standin.response(await standin.slash("ask", question="What is the WEATHER in Paris?"))
    (question,), _ = await scene.recorded()
    reply = scene.bot.engine.ask(OFF_TOPIC)
    assert question.text == OFF_TOPIC
    assert question.outcome is reply.outcome
    assert question.guild_id == standin.guild_id
    assert question.entry_id == reply.closest


async def test_an_answered_question_is_kept_without_its_text(scene: Scene) -> None:
    """An answered DM is counted with its fact, but its words are not kept, nor a server."""
    standin = scene.standin
    await standin.reply_to(await standin.dm(SURE_QUESTION))
    (question,), _ = await scene.recorded()
    assert question.outcome is Outcome.ANSWER
    assert question.text is None
    assert question.guild_id is None
    assert question.entry_id == scene.bot.engine.ask(SURE_QUESTION).entry_id


async def test_chat_in_an_auto_answer_channel_is_not_kept(scene: Scene) -> None:
    """A message heartbot stays silent on, in an auto-answer channel, leaves no record."""
    standin = scene.standin
    await standin.say("what is the weather in paris?", channel=standin.auto)
    await scene.settle()
    questions, _ = await scene.recorded()
    assert [q.text for q in questions if q.outcome is not Outcome.ANSWER] == []


async def test_no_user_id_is_stored_anywhere(scene: Scene) -> None:
    """After questions and a vote, no column of the database holds the asker's id or name."""
    standin = scene.standin
    await standin.response(await standin.slash("ask", question=OFF_TOPIC))
    answer = await standin.response(await standin.slash("ask", question=SURE_QUESTION))
    await standin.response(await standin.click(answer, answer.buttons["Not helpful"]))
    await scene.recorded()
    with sqlite3.connect(scene.recorder.path) as db:  # type: ignore[attr-defined]
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        values = [str(v) for t in tables for row in db.execute(f"SELECT * FROM {t}") for v in row]
    assert values
    assert not any(str(standin.alice.id) in v or standin.alice.name in v for v in values)


@pytest.fixture
def broken_settings(discord_settings: Settings, tmp_path: Path) -> Settings:
    """Settings whose data folder is a file, so no database can be made there."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("in the way", encoding="utf-8")
    return replace(discord_settings, data_dir=blocker)


async def test_a_broken_database_costs_no_answer_and_warns_once(
    standin: StandIn,
    engine: Engine,
    broken_settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With nowhere to record, every question is still answered; the log warns just once."""
    recorder = Recorder(broken_settings.data_dir / DB_FILE)
    bot = make_bot(engine, broken_settings, recorder=recorder, throttle=Throttle(clock=Clock()))
    async with running(bot, standin.token):
        first = await standin.reply_to(await standin.dm(SURE_QUESTION))
        second = await standin.reply_to(await standin.dm(OFF_TOPIC))
    assert engine.ask(SURE_QUESTION).facts[0].answer in first.text
    assert second.text
    warnings = [r for r in caplog.records if "feedback not recorded" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING


# --- the loop: a miss in Discord, the report, a fix, /reload, the answer --------------------


@pytest.fixture
async def curated(
    standin: StandIn, discord_settings: Settings, two_sources: Path
) -> AsyncIterator[Scene]:
    """heartbot over an editable copy of the knowledge, recording feedback."""
    settings = replace(discord_settings, knowledge=two_sources, owner_guild_id=standin.guild_id)
    recorder = Recorder(settings.data_dir / DB_FILE)
    engine = Engine(load_knowledge(two_sources))
    bot = make_bot(engine, settings, recorder=recorder, throttle=Throttle(clock=Clock()))
    async with running(bot, standin.token):
        yield Scene(standin, bot, Clock(), recorder)


async def test_a_curator_goes_from_a_repeated_miss_to_a_live_fix(
    curated: Scene, run_heartbot: RunHeartbot
) -> None:
    """Misses show up in `heartbot report`; a new question and /reload make them answered."""
    standin, settings = curated.standin, curated.bot.settings
    question = "who drew up the plans"
    for typed in (question, "Who drew up the plans?", "who drew up the plan"):
        await standin.response(await standin.slash("ask", question=typed, user=standin.bob))
    await curated.recorded()
    env = {"HEARTBOT_DATA_DIR": str(settings.data_dir)}
    knowledge = ["--knowledge", str(settings.knowledge)]
    report = run_heartbot(*knowledge, "report", "--json", env=env)
    assert report.returncode == 0, report.stderr
    top = json.loads(report.stdout)["unanswered"][0]
    assert (top["example"], top["count"]) == (question, 3)
    assert top["now"]["outcome"] != "answer"

    # The curator adds the question to the fact it should reach, and reloads.
    path = settings.knowledge / "harrow_street_picture_house.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"mabel ferrand",', f'"mabel ferrand", "{question}",'), encoding="utf-8"
    )
    assert run_heartbot(*knowledge, "check").returncode == 0
    done = await standin.response(await standin.slash("reload", user=standin.alice))
    assert done.text.startswith("Reloaded the knowledge")

    answer = await standin.response(await standin.slash("ask", question="Who drew up the plans?"))
    assert "The architect Mabel Ferrand designed the building" in answer.text
    assert "[9]" in answer.text
    after = json.loads(run_heartbot(*knowledge, "report", "--json", env=env).stdout)
    assert after["unanswered"][0]["now"] == {
        "outcome": "answer",
        "entry_id": "picture-house-architect",
    }
