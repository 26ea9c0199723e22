"""Any text at all: heartbot never crashes, never pings, and never outgrows a Discord message."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.answers import Outcome, echo, render_text
from bot.engine.core import Engine
from bot.limits import MAX_CHOICES, MAX_ECHO, MAX_SUGGESTIONS
from bot.transports.console import reply_json

PINGABLE = re.compile(r"@everyone|@here|<@[!&]?\d+>")
DISCORD_LIMIT = 2000
# Modest example counts keep the whole suite fast; the strategies aim at the risky inputs.
FAST = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PIECES = [
    "@everyone",
    "@here",
    "<@123>",
    "<@!42>",
    "<@&1>",
    "<#7>",
    "**",
    "__",
    "`",
    "```",
    "||",
    "> ",
    "# ",
    "[9]",
    "who directed it",
    "jack singer",
    "Raúl Juliá",
    "\n",
    " ",
    "\t",
    "🎬",
]
chat_like = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
emoji = st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=50)
controls = st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=50)
# Ten thousand characters, built by repeating a short seed so Hypothesis stays quick.
huge = st.text(min_size=1, max_size=12).map(lambda seed: (seed * 10_000)[:10_000])
anything = st.one_of(st.text(max_size=300), chat_like, emoji, controls, huge)


@FAST
@given(text=anything)
def test_any_text_gets_a_reply(engine: Engine, text: str) -> None:
    """Whatever is typed, ask returns one of the four outcomes instead of raising."""
    assert engine.ask(text).outcome in set(Outcome)


@FAST
@given(text=anything)
def test_a_reply_never_pings(engine: Engine, text: str) -> None:
    """No rendered reply contains @everyone, @here or a user or role mention."""
    assert PINGABLE.search(render_text(engine.ask(text))) is None


@FAST
@given(text=anything)
def test_a_reply_fits_in_one_discord_message(engine: Engine, text: str) -> None:
    """Every rendered reply is under Discord's 2000-character limit."""
    assert len(render_text(engine.ask(text))) < DISCORD_LIMIT


@FAST
@given(text=anything)
def test_a_reply_offers_at_most_three_suggestions(engine: Engine, text: str) -> None:
    """ "Did you mean" never lists more than three questions."""
    assert len(engine.ask(text).suggestions) <= MAX_SUGGESTIONS


@FAST
@given(text=anything)
def test_a_reply_cites_only_numbers_the_source_has(engine: Engine, text: str) -> None:
    """No reply invents a citation number."""
    markers = set(engine.sources[0].markers)
    assert set(engine.ask(text).citations) <= markers


@FAST
@given(text=anything)
def test_a_json_reply_is_always_one_parseable_line(engine: Engine, text: str) -> None:
    """``ask --json`` output for any question is a single valid JSON line."""
    line = reply_json(engine.ask(text))
    assert "\n" not in line
    assert json.loads(line)["question"] == text


@FAST
@given(text=anything)
def test_echoed_text_never_pings_and_stays_short(text: str) -> None:
    """Quoting any text back can't ping and shows at most MAX_ECHO visible characters."""
    echoed = echo(text)
    assert PINGABLE.search(echoed) is None
    assert len(echoed.replace("\u200b", "")) <= MAX_ECHO
    assert "\n" not in echoed


@FAST
@given(text=anything)
def test_autocomplete_always_fits_discords_limits(engine: Engine, text: str) -> None:
    """Whatever is typed so far, at most 25 choices of at most 100 characters come back."""
    choices = engine.complete(text)
    assert len(choices) <= MAX_CHOICES
    assert all(len(choice) <= 100 for choice in choices)
