"""On Discord: several sources, and reloading the knowledge live (/reload and SIGHUP)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine.core import Engine
from bot.engine.knowledge import load_knowledge
from bot.transports.discord.bot import Throttle
from bot.transports.discord.run import serve
from tests.helpers import NEW_QUESTION, SECOND_TITLE, STAFF
from tests.transports.discord.scene import Clock, Scene, make_bot, running
from tests.transports.discord.standin import WAIT, StandIn

SECOND_FILE = "harrow_street_picture_house.toml"
ORGAN = "when was the organ installed"


@pytest.fixture
def library_settings(discord_settings: Settings, two_sources: Path, standin: StandIn) -> Settings:
    """Settings whose knowledge is the folder of two fact files, the stand-in's server the
    owner's."""
    return replace(discord_settings, knowledge=two_sources, owner_guild_id=standin.guild_id)


@pytest.fixture
async def library(
    standin: StandIn, library_settings: Settings, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[Scene]:
    """heartbot over two sources, connected to the stand-in; by the end, no errors logged."""
    clock = Clock()
    engine = Engine(load_knowledge(library_settings.knowledge))
    bot = make_bot(engine, library_settings, throttle=Throttle(clock=clock))
    async with running(bot, standin.token):
        yield Scene(standin, bot, clock)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


# --- several sources ------------------------------------------------------------------------


async def test_an_answer_names_its_own_source(library: Scene) -> None:
    """The footer of an answer from the second source names that source, not the film."""
    sent = await library.standin.response(await library.standin.slash("ask", question=ORGAN))
    assert "[15]" in sent.text
    assert sent.embeds[0]["footer"]["text"] == f"Source: {SECOND_TITLE}"


async def test_a_mention_alone_names_every_source(library: Scene) -> None:
    """The how-to-ask hint says what heartbot knows about, not just the film."""
    sent = await library.standin.reply_to(await library.standin.mention(""))
    assert "One from the Heart" in sent.content
    assert SECOND_TITLE in sent.content
    assert "`/ask`" in sent.content


async def test_about_lists_every_source(library: Scene) -> None:
    """/about names each source with its facts and citation numbers."""
    sent = await library.standin.response(await library.standin.slash("about"))
    assert "2 sources" in sent.text
    assert f"Source: {SECOND_TITLE}" in sent.text
    assert "8 facts · citation numbers [3] [9] [15] [4] [12]" in sent.text
    assert "Source: One from the Heart" in sent.text


async def test_an_ambiguous_citation_number_asks_which_source(library: Scene) -> None:
    """/source 9 with two sources that have [9] asks, privately, which one is meant."""
    sent = await library.standin.response(await library.standin.slash("source", number=9))
    assert sent.ephemeral
    assert "Which one?" in sent.text
    options = sent.selects["heartbot:cite:9"]
    assert {o["label"] for o in options} == {"One from the Heart", SECOND_TITLE}


async def test_picking_the_source_shows_its_passage(library: Scene) -> None:
    """Choosing the second source shows its [9] passage, not the film's."""
    standin = library.standin
    menu = await standin.response(await standin.slash("source", number=9))
    picked = await standin.choose(menu, "heartbot:cite:9", "harrow_street_picture_house")
    sent = await standin.response(picked)
    assert "Mabel Ferrand" in sent.text
    assert "Jack Singer" not in sent.text
    assert sent.embeds[0]["footer"]["text"] == f"Source: {SECOND_TITLE}"


async def test_naming_the_source_answers_at_once(library: Scene) -> None:
    """/source 9 document:<source> shows that source's passage without asking."""
    interaction = await library.standin.slash(
        "source", number=9, document="harrow_street_picture_house"
    )
    sent = await library.standin.response(interaction)
    assert "Mabel Ferrand" in sent.text
    assert not sent.selects


async def test_a_number_in_one_source_needs_no_question(library: Scene) -> None:
    """/source 12 is only in the second source, so it is shown at once."""
    sent = await library.standin.response(await library.standin.slash("source", number=12))
    assert "reopened it in 1989.[9][12]" in sent.text


async def test_the_document_option_offers_the_sources(library: Scene) -> None:
    """Typing in `document` offers the sources whose titles fit."""
    choices = await library.standin.autocomplete("source", "document", "harrow")
    assert choices == [{"name": SECOND_TITLE, "value": "harrow_street_picture_house"}]


async def test_a_source_button_quotes_the_fact_s_own_source(library: Scene) -> None:
    """Source under an answer from the second source quotes that source's [9], not the film's."""
    standin = library.standin
    answer = await standin.response(
        await standin.slash("ask", question="who designed the picture house")
    )
    sent = await standin.response(await standin.click(answer, answer.buttons["Source"]))
    assert "Mabel Ferrand" in sent.text
    assert "Jack Singer" not in sent.text


# --- /reload --------------------------------------------------------------------------------


async def test_reload_shows_only_in_the_owners_server_and_to_no_one_by_default(
    library: Scene,
) -> None:
    """/reload is synced to HEARTBOT_OWNER_GUILD_ID alone, with permissions "0" (admins only)."""
    synced = library.standin.synced
    assert "reload" not in [c["name"] for c in synced["global"]]
    (command,) = synced[f"guild:{library.standin.guild_id}"]
    assert command["name"] == "reload"
    assert command["default_member_permissions"] is not None
    assert int(command["default_member_permissions"]) == 0
    assert command.get("contexts") in (None, [0])
    assert command.get("dm_permission") in (None, False)


async def test_without_an_owner_server_there_is_no_reload_command(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """Without HEARTBOT_OWNER_GUILD_ID, /reload is synced nowhere (SIGHUP still reloads)."""
    async with running(make_bot(engine, discord_settings), standin.token):
        pass
    assert [
        c["name"] for commands in standin.synced.values() for c in commands if c["name"] == "reload"
    ] == []


async def test_the_owner_s_reload_puts_a_new_entry_live(library: Scene) -> None:
    """An edited fact file is live after /reload, with no restart, and the owner is told so."""
    standin = library.standin
    path = Path(library.bot.settings.knowledge) / SECOND_FILE
    path.write_text(path.read_text(encoding="utf-8") + STAFF, encoding="utf-8")
    before = await standin.reply_to(await standin.dm(NEW_QUESTION))
    assert "doesn't say who worked" not in before.text
    sent = await standin.response(await standin.slash("reload", user=standin.alice))
    assert sent.ephemeral
    assert sent.text.startswith("Reloaded the knowledge: 2 sources, 34 facts, 29 known unknowns")
    after = await standin.reply_to(await standin.dm(NEW_QUESTION))
    assert "The source doesn't say who worked at the Picture House." in after.text


def _source_options(standin: StandIn) -> list[str]:
    (command,) = [c for c in standin.synced["global"] if c["name"] == "source"]
    return [option["name"] for option in command["options"]]


def _ask_description(standin: StandIn) -> str:
    (command,) = [c for c in standin.synced["global"] if c["name"] == "ask"]
    return str(command["description"])


async def test_a_second_source_brings_source_s_document_option_and_names_itself_in_ask(
    standin: StandIn, library_settings: Settings, two_sources: Path, tmp_path: Path
) -> None:
    """With one source /source asks no document; a reload that adds a second source syncs
    /source again with the option to choose, which works, and /ask names both sources."""
    aside = tmp_path / "aside"
    aside.mkdir()
    (two_sources / SECOND_FILE).rename(aside / SECOND_FILE)
    engine = Engine(load_knowledge(two_sources))
    bot = make_bot(engine, library_settings, throttle=Throttle(clock=Clock()))
    async with running(bot, standin.token):
        assert _source_options(standin) == ["number"]
        assert _ask_description(standin) == "Ask a question about One from the Heart"
        (aside / SECOND_FILE).rename(two_sources / SECOND_FILE)
        done = await standin.response(await standin.slash("reload", user=standin.alice))
        assert done.text.startswith("Reloaded the knowledge: 2 sources")
        await standin.until(lambda: _source_options(standin) == ["number", "document"] or None)
        assert _ask_description(standin) == f"Ask a question about {bot.engine.title}"
        assert SECOND_TITLE in bot.engine.title
        interaction = await standin.slash(
            "source", number=9, document="harrow_street_picture_house"
        )
        sent = await standin.response(interaction)
        assert "Mabel Ferrand" in sent.text


async def test_a_broken_file_keeps_the_old_knowledge_and_tells_the_owner(library: Scene) -> None:
    """A reload of a broken file names the file and fact, and the old knowledge still answers."""
    standin = library.standin
    path = Path(library.bot.settings.knowledge) / SECOND_FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace("cites = [15]", "cites = [16]"), encoding="utf-8"
    )
    sent = await standin.response(await standin.slash("reload", user=standin.alice))
    assert sent.ephemeral
    assert "Kept the knowledge I had" in sent.text
    assert f"{SECOND_FILE}: fact 'picture-house-organ': cites:" in sent.text
    answer = await standin.reply_to(await standin.dm(ORGAN))
    assert "installed in 1926. [15]" in answer.text


async def test_only_the_owner_may_reload(library: Scene) -> None:
    """Someone else who runs /reload is told, privately, that only the owner can."""
    standin = library.standin
    engine = library.bot.engine
    sent = await standin.response(await standin.slash("reload", user=standin.bob))
    assert sent.ephemeral
    assert sent.text == "Only heartbot's owner can reload its knowledge."
    assert library.bot.engine is engine


async def test_sighup_reloads_the_knowledge(
    standin: StandIn, library_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """SIGHUP to a running heartbot reloads its files and it answers from them at once."""
    caplog.set_level(logging.INFO, logger="bot")
    engine = Engine(load_knowledge(library_settings.knowledge))
    task = asyncio.create_task(serve(make_bot(engine, library_settings)))
    await standin.until(lambda: standin.identified or None)
    before = await standin.reply_to(await standin.dm(NEW_QUESTION))
    assert "doesn't say who worked" not in before.text
    path = library_settings.knowledge / SECOND_FILE
    path.write_text(path.read_text(encoding="utf-8") + STAFF, encoding="utf-8")
    os.kill(os.getpid(), signal.SIGHUP)
    async with asyncio.timeout(WAIT):
        while not any("Reloaded the knowledge" in r.getMessage() for r in caplog.records):
            if task.done():
                raise AssertionError(f"heartbot stopped with status {task.result()}")
            await asyncio.sleep(0.01)
    after = await standin.reply_to(await standin.dm(NEW_QUESTION))
    assert "The source doesn't say who worked at the Picture House." in after.text
    os.kill(os.getpid(), signal.SIGTERM)
    async with asyncio.timeout(WAIT):
        assert await task == 0
