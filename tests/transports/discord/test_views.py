"""How replies look on Discord: every embed, button and menu inside Discord's limits."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.answers import Outcome, Reply
from bot.engine.core import Engine
from bot.transports.discord.bot import Conversations, Throttle
from bot.transports.discord.cog import question_like
from bot.transports.discord.replies import (
    about_embed,
    answer_embed,
    answer_text,
    citation_embed,
    fact_reply,
    help_embed,
    source_embed,
    topics_embed,
)
from bot.transports.discord.views import DYNAMIC_ITEMS, answer_view, topics_view
from tests.transports.discord.standin import message_problems

ASKER = 2**63 - 1  # the longest a Discord id gets


def body(embed: discord.Embed | None = None, view: discord.ui.View | None = None) -> dict[str, Any]:
    """The message body discord.py would send for an embed and a view."""
    return {
        "embeds": [embed.to_dict()] if embed else [],
        "components": view.to_components() if view else [],
    }


def custom_ids(view: discord.ui.View) -> list[str]:
    return [c["custom_id"] for row in view.to_components() for c in row["components"]]


@settings(max_examples=150, deadline=None)
@given(question=st.text(max_size=400))
def test_any_question_renders_inside_discord_limits(engine: Engine, question: str) -> None:
    """Whatever is asked, the reply's embed and buttons are ones Discord accepts."""
    reply = engine.ask(question)
    embed = answer_embed(reply, source=engine.title)
    view = answer_view(reply, asker=ASKER, private=False)
    assert message_problems(body(embed, view)) == []


@settings(max_examples=150, deadline=None)
@given(question=st.text(max_size=400))
def test_any_question_renders_as_text_inside_2000_characters(engine: Engine, question: str) -> None:
    """Where embeds aren't allowed, the plain-text reply still fits one message."""
    text = answer_text(engine.ask(question), source=engine.title)
    assert message_problems({"content": text}) == []


def test_every_fact_renders_inside_discord_limits(engine: Engine) -> None:
    """Each fact's answer, its source passage and its browser view are ones Discord accepts."""
    for fact in engine.knowledge.facts:
        reply = fact_reply(fact)
        view = topics_view(engine, topic=fact.topic, fact=fact)
        assert message_problems(body(answer_embed(reply, source=engine.title), view)) == []
        assert message_problems(body(source_embed(engine, (fact,)))) == []


def test_every_citation_renders_inside_discord_limits(engine: Engine) -> None:
    """/source for each citation number gives an embed Discord accepts."""
    for number in engine.sources[0].markers:
        passage = engine.passage(number)
        assert passage is not None
        assert message_problems(body(citation_embed(passage))) == []


@pytest.mark.parametrize("make", [about_embed, help_embed, topics_embed])
def test_the_information_embeds_fit(engine: Engine, make: Any) -> None:
    """/about, /help and /topics give embeds Discord accepts."""
    assert message_problems(body(make(engine), topics_view(engine))) == []


def test_every_custom_id_survives_a_restart(engine: Engine) -> None:
    """Every button's custom_id matches a registered template, so it works after a restart."""
    templates = [item.__discord_ui_compiled_template__ for item in DYNAMIC_ITEMS]
    views = [topics_view(engine, topic=f.topic, fact=f) for f in engine.knowledge.facts]
    for question in ("who lent the money", "singer", "box office", "what is the weather"):
        views.append(answer_view(engine.ask(question), asker=ASKER, private=False))
    for custom_id in (cid for view in views for cid in custom_ids(view)):
        assert any(t.fullmatch(custom_id) for t in templates), custom_id


def test_an_id_too_long_for_a_custom_id_leaves_its_buttons_out(engine: Engine) -> None:
    """An entry id that can't fit a custom_id drops those buttons; the rest still go out."""
    fact = engine.knowledge.facts[0]
    reply = Reply("q", Outcome.ANSWER, facts=(fact,), entry_id="x" * 100)
    view = answer_view(reply, asker=ASKER, private=False)
    assert [c["label"] for row in view.to_components() for c in row["components"]] == ["Delete"]


def test_throttle_allows_the_rate_then_refuses() -> None:
    """Five questions pass; the sixth within the window is refused with the wait left."""
    now = [0.0]
    throttle = Throttle(5, 30.0, clock=lambda: now[0])
    assert [throttle.hit(1) for _ in range(5)] == [None] * 5
    now[0] = 10.0
    limited = throttle.hit(1)
    assert limited is not None
    assert limited.retry_after == pytest.approx(20.0)


def test_throttle_says_once_that_it_refuses() -> None:
    """The first refusal is new; later ones in the same stretch are marked repeated."""
    throttle = Throttle(1, 30.0, clock=lambda: 0.0)
    throttle.hit(1)
    first, second = throttle.hit(1), throttle.hit(1)
    assert first is not None
    assert not first.repeated
    assert second is not None
    assert second.repeated


def test_throttle_window_slides() -> None:
    """A question is allowed again as soon as the oldest one leaves the window."""
    now = [0.0]
    throttle = Throttle(2, 30.0, clock=lambda: now[0])
    throttle.hit(1)
    now[0] = 20.0
    throttle.hit(1)
    now[0] = 30.0
    assert throttle.hit(1) is None
    assert throttle.hit(1) is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who lent the money", True),
        ("Did Siskel like it", True),
        ("the sets were huge?", True),
        ("Jack Singer lent the money", False),
        ("lol", False),
        ("", False),
        ("whoever", False),
    ],
)
def test_what_counts_as_a_question_in_auto_answer_channels(text: str, expected: bool) -> None:
    """Auto-answer channels consider only messages that look like questions."""
    assert question_like(text) is expected


def test_conversations_forget_the_oldest_past_their_bound() -> None:
    """Only the most recent people's last questions are kept: memory stays bounded."""
    conversations = Conversations(60.0, most=2, clock=lambda: 0.0)
    for user in (1, 2, 3):
        conversations.note((10, user), f"question {user}")
    assert conversations.get((10, 1)) is None
    assert conversations.get((10, 3)) == "question 3"
