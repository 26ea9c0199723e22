"""Replies as text: citation numbers after answers, honest notes, and no pings in echoed text."""

from __future__ import annotations

import re

import pytest

from bot.engine.answers import (
    UNCITED,
    Outcome,
    Reply,
    Suggestion,
    echo,
    format_cites,
    neutralise,
    render_text,
)
from bot.engine.knowledge import Fact
from bot.limits import MAX_ECHO

LOAN = Fact(
    id="financing",
    topic="Production",
    answer="Jack Singer agreed to lend $8 million to Zoetrope.",
    quote="who agreed to lend $8 million to Zoetrope.",
    cites=(9,),
    questions=(),
    aliases=(),
)
SCREENING = Fact(
    id="screening",
    topic="Release",
    answer="An unfinished print was screened in August 1981 and exhibitors backed out.",
    quote="in August 1981 resulted in many exhibitors",
    cites=(16, 17),
    questions=(),
    aliases=(),
)
DIRECTOR = Fact(
    id="director",
    topic="Cast & credits",
    answer="Francis Ford Coppola directed it.",
    quote="directed by Francis Ford Coppola",
    cites=(),
    questions=(),
    aliases=(),
)
# What Discord turns into a ping: mass mentions, user, nickname and role mentions.
PINGABLE = re.compile(r"@everyone|@here|<@[!&]?\d+>")


def test_a_cited_answer_ends_with_its_citation_number() -> None:
    """An answer from a cited fact shows [9] after it."""
    text = render_text(Reply("who lent the money", Outcome.ANSWER, facts=(LOAN,)))
    assert text == f"{LOAN.answer} [9]"


def test_several_citations_print_as_the_source_writes_them() -> None:
    """A fact with two markers shows [16][17]."""
    text = render_text(Reply("the 1981 screening", Outcome.ANSWER, facts=(SCREENING,)))
    assert text.endswith("[16][17]")


def test_an_uncited_answer_says_it_has_no_citation_number() -> None:
    """An uncited fact is marked as such instead of showing a bare answer."""
    text = render_text(Reply("who directed it", Outcome.ANSWER, facts=(DIRECTOR,)))
    assert text == f"{DIRECTOR.answer} ({UNCITED})"


def test_a_roundup_shows_each_fact_with_its_own_citations() -> None:
    """In a broad answer every fact keeps its own numbers or its own note."""
    reply = Reply("tell me everything", Outcome.ANSWER, facts=(LOAN, DIRECTOR, SCREENING))
    assert render_text(reply).splitlines() == [
        f"• {LOAN.answer} [9]",
        f"• {DIRECTOR.answer} ({UNCITED})",
        f"• {SCREENING.answer} [16][17]",
    ]


def test_an_unknown_offers_the_nearest_fact_with_its_citation() -> None:
    """A "doesn't say" reply goes on to what the source does say, cited."""
    reply = Reply(
        "what was the budget",
        Outcome.UNKNOWN,
        message="The source doesn't say what the film cost.",
        nearest=LOAN,
    )
    assert render_text(reply).splitlines() == [
        "The source doesn't say what the film cost.",
        f"What it does say: {LOAN.answer} [9]",
    ]


def test_a_suggestion_lists_what_the_user_may_have_meant() -> None:
    """ "Did you mean" shows each suggested question on its own line."""
    reply = Reply(
        "wen",
        Outcome.SUGGEST,
        message="I'm not sure what you're asking.",
        suggestions=(
            Suggestion("release-year", "what year did it come out"),
            Suggestion("reprise", "what is reprise"),
        ),
    )
    lines = render_text(reply).splitlines()
    assert lines[1] == "Did you mean:"
    assert lines[2:] == ["  • what year did it come out", "  • what is reprise"]


def test_a_refusal_says_what_can_be_asked() -> None:
    """A refusal names the topics heartbot can answer about."""
    reply = Reply("weather?", Outcome.REFUSE, message="I can't.", topics=("Plot", "Reception"))
    assert render_text(reply).endswith("Try asking about: Plot, Reception.")


@pytest.mark.parametrize(
    ("outcome", "answered"),
    [
        (Outcome.ANSWER, True),
        (Outcome.UNKNOWN, False),
        (Outcome.SUGGEST, False),
        (Outcome.REFUSE, False),
    ],
)
def test_only_a_fact_answer_counts_as_answered(outcome: Outcome, answered: bool) -> None:
    """Known unknowns, suggestions and refusals are not answers."""
    assert Reply("q", outcome).answered is answered


def test_citations_are_listed_once_each_in_order() -> None:
    """A roundup's citation numbers come in fact order, without repeats."""
    reply = Reply("q", Outcome.ANSWER, facts=(SCREENING, LOAN, SCREENING))
    assert reply.citations == (16, 17, 9)


def test_no_citations_formats_as_nothing() -> None:
    """An uncited fact never shows an empty pair of brackets."""
    assert format_cites(()) == ""


MENTIONS = [
    "@everyone",
    "@here",
    "<@123>",
    "<@!123>",
    "<@&1>",
    "hey @everyone look",
    "ping <@&987654321> and <@42> and @here",
]


@pytest.mark.parametrize("text", MENTIONS)
def test_neutralised_text_cannot_ping(text: str) -> None:
    """Mass, user and role mentions are broken so Discord won't ping anyone."""
    assert PINGABLE.search(neutralise(text)) is None


@pytest.mark.parametrize("text", MENTIONS)
def test_neutralised_text_still_reads_the_same(text: str) -> None:
    """Only invisible zero-width spaces are added: the user sees what they typed."""
    assert neutralise(text).replace("\u200b", "") == text


@pytest.mark.parametrize("text", MENTIONS)
def test_echoed_text_cannot_ping(text: str) -> None:
    """Quoting a user's question back never pings."""
    assert PINGABLE.search(echo(text)) is None


def test_echo_caps_long_text() -> None:
    """A wall of text is cut, with an ellipsis to show it was."""
    echoed = echo("who directed it " * 100)
    assert len(echoed) <= MAX_ECHO
    assert echoed.endswith("…")


def test_echo_keeps_short_text_whole() -> None:
    """A short question is quoted back exactly."""
    assert echo("who directed it?") == "who directed it?"


def test_echo_caps_long_mentions_to_the_same_visible_length() -> None:
    """A long run of mentions is cut like any text; only zero-width spaces are added."""
    echoed = echo("@everyone " * 100)
    assert len(echoed.replace("\u200b", "")) <= MAX_ECHO
    assert PINGABLE.search(echoed) is None


def test_echo_is_one_line() -> None:
    """Newlines and tabs in a question can't break the reply's layout."""
    assert echo("who\ndirected\tit\r\n") == "who directed it"


def test_echo_cannot_open_a_code_block() -> None:
    """Backticks are replaced, so echoed text can't swallow the rest of the reply."""
    assert "`" not in echo("```python\nwho directed it")
