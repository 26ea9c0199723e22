"""The stand-in refuses what Discord refuses, so the end-to-end tests fail where Discord would."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from bot.config import Settings
from bot.engine.core import Engine
from tests.transports.discord.scene import SURE_QUESTION, Scene, make_bot, running
from tests.transports.discord.standin import (
    API,
    StandIn,
    choice_problems,
    command_problems,
    message_problems,
    ping_problems,
)


def button(label: str = "Go", custom_id: str = "go", **extra: Any) -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id, **extra}


def row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(components)}


@pytest.mark.parametrize(
    "body",
    [
        {"content": "x" * 2001},
        {"embeds": [{"title": "x" * 257}]},
        {"embeds": [{"description": "x" * 4097}]},
        {"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]},
        {"embeds": [{"fields": [{"name": "n", "value": "x" * 1025}]}]},
        {"embeds": [{"footer": {"text": "x" * 2049}}]},
        {"embeds": [{"description": "x" * 4000}, {"description": "x" * 2001}]},
        {"components": [row(button())] * 6},
        {"components": [row(*(button(custom_id=str(i)) for i in range(6)))]},
        {"components": [row(button(label="x" * 81))]},
        {"components": [row(button(custom_id="x" * 101))]},
        {"components": [row(button(), button())]},
    ],
    ids=[
        "content>2000",
        "title>256",
        "description>4096",
        "fields>25",
        "field value>1024",
        "footer>2048",
        "embeds total>6000",
        "rows>5",
        "buttons in a row>5",
        "label>80",
        "custom_id>100",
        "duplicate custom_id",
    ],
)
def test_what_discord_refuses_in_a_message_is_refused(body: dict[str, Any]) -> None:
    """Each documented message limit, broken, is a problem."""
    assert message_problems(body) != []


def test_more_than_25_autocomplete_choices_are_refused() -> None:
    """Autocomplete answers hold at most 25 choices."""
    choices = [{"name": str(i), "value": str(i)} for i in range(26)]
    assert choice_problems(choices) != []


def test_a_command_without_a_description_is_refused() -> None:
    """Slash commands need a description; menus must not have one."""
    assert command_problems([{"name": "ask", "type": 1, "description": ""}]) != []
    assert command_problems([{"name": "Ask it", "type": 3, "description": "no"}]) != []


@pytest.mark.parametrize(
    "mentions",
    [None, {"parse": ["everyone"]}, {"parse": [], "users": ["1"]}, {"replied_user": True}],
)
def test_a_send_that_could_ping_is_a_problem(mentions: dict[str, Any] | None) -> None:
    """A message without allowed_mentions switched off could ping someone."""
    body: dict[str, Any] = {"content": "hi"}
    if mentions is not None:
        body["allowed_mentions"] = mentions
    assert ping_problems(body) != []


async def test_content_over_2000_gets_400_with_code_50035(scene: Scene) -> None:
    """A message over 2000 characters gets Discord's 400 Invalid Form Body."""
    standin = scene.standin
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{standin.url}{API}/channels/{standin.general.id}/messages",
            json={"content": "x" * 2001, "allowed_mentions": {"parse": []}},
            headers={"Authorization": f"Bot {standin.token}"},
        ) as response,
    ):
        assert response.status == 400
        assert (await response.json())["code"] == 50035
    standin.problems.clear()


async def test_a_wrong_token_gets_401(scene: Scene) -> None:
    """REST calls with a token Discord doesn't know get 401 Unauthorized."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            f"{scene.standin.url}{API}/users/@me", headers={"Authorization": "Bot nope"}
        ) as response,
    ):
        assert response.status == 401


async def test_a_second_response_to_an_interaction_gets_40060(scene: Scene) -> None:
    """Answering an interaction twice gets 400 with code 40060."""
    standin = scene.standin
    interaction = await standin.slash("ask", question=SURE_QUESTION)
    await standin.response(interaction)
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{standin.url}{API}/interactions/{interaction.id}/{interaction.token}/callback",
            json={"type": 4, "data": {"content": "again", "allowed_mentions": {"parse": []}}},
        ) as response,
    ):
        assert response.status == 400
        assert (await response.json())["code"] == 40060


async def test_a_response_after_3_seconds_gets_10062(scene: Scene) -> None:
    """An interaction answered after Discord's 3-second deadline is Unknown interaction."""
    standin = scene.standin
    interaction = await standin.slash("about", age=3.5)
    refusal = (f"{API}/interactions/{interaction.id}/{interaction.token}/callback", 10062)
    await standin.until(lambda: refusal in standin.refusals or None)
    await scene.settle()
    assert interaction.callbacks == []


async def test_a_followup_needs_an_acknowledged_interaction(scene: Scene) -> None:
    """Followups go through the interaction's webhook only once it has been answered."""
    standin = scene.standin
    interaction = await standin.slash("ask", question=SURE_QUESTION, private=True, age=10.0)
    await standin.until(lambda: interaction.attempts or None)
    await scene.settle()
    url = f"{standin.url}{API}/webhooks/{standin.application_id}/{interaction.token}"
    body = {"content": "late", "allowed_mentions": {"parse": []}}
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        assert response.status == 404
        assert (await response.json())["code"] == 10015


async def test_without_the_intent_others_text_arrives_blank(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """As Discord does: a bot without Message Content sees others' server text blank, but not
    a DM, a message mentioning it, or its own."""
    settings = replace(discord_settings, channels=frozenset())
    async with running(make_bot(engine, settings), standin.token):
        chatter = standin.messages[await standin.say("who lent the money", author=standin.bob)]
        mention = standin.messages[await standin.mention("who lent the money")]
        dm = standin.messages[await standin.dm("who lent the money")]
        reply = standin.messages[
            await standin.mention("", reply_to=int(chatter["id"]), author=standin.carol)
        ]
        assert standin.seen(chatter)["content"] == ""
        assert standin.seen(reply)["referenced_message"]["content"] == ""
        assert standin.seen(mention)["content"] == mention["content"]
        assert standin.seen(dm)["content"] == dm["content"]
        own = await standin.reply_to(int(mention["id"]))
        assert standin.seen(standin.messages[own.id])["embeds"] == own.embeds
