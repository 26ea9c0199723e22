"""A question turned into reported speech, for "the source doesn't say <what it asks>"."""

from __future__ import annotations

import pytest

from bot.engine.core import Engine, not_said
from bot.engine.reported import reported

NAMES = {"hank": "Hank", "frannie": "Frannie", "mgm": "MGM", "the lantern": "The Lantern"}


@pytest.mark.parametrize(
    ("question", "turned"),
    [
        ("what does hank do for a living?", "what Hank does for a living"),
        ("so what is frannie's job lol", "what Frannie's job is"),
        ("whats the runtime", "what the runtime is"),
        ("who's the cinematographer?", "who the cinematographer is"),
        ("where was the lantern filmed", "where The Lantern was filmed"),
        ("who was the film written by", "who the film was written by"),
        ("what is it about", "what it is about"),
        ("how long is the movie", "how long the movie is"),
        ("what do hank and frannie do for work", "what Hank and Frannie do for work"),
        ("what does the consensus say", "what the consensus says"),
        ("how old was hank when he met frannie?", "how old Hank was when he met Frannie"),
        ("how old was frannie in it", "how old Frannie was in it"),
        ("what is hank best known for", "what Hank is best known for"),
        ("where was it first shown", "where it was first shown"),
        ("who composed the music", "who composed the music"),
        ("how many people worked on it", "how many people worked on it"),
        ("which airline owned the plane", "which airline owned the plane"),
        ("was mgm the distributor?", "whether MGM was the distributor"),
    ],
)
def test_a_question_is_turned_round(question: str, turned: str) -> None:
    assert reported(question, NAMES) == turned


@pytest.mark.parametrize(
    "question",
    [
        "what month did it come out",  # "did come" would need "came": no rule makes it
        "does hank like it",
        "who",
        "tell me a joke",
        "",
    ],
)
def test_what_cannot_be_turned_round_surely_is_left_alone(question: str) -> None:
    assert reported(question, NAMES) is None


def test_the_engine_says_what_the_source_doesnt_say_in_the_questions_words(
    engine: Engine,
) -> None:
    reply = engine.ask("what does hank do for a living?")
    assert reply.message == "The source doesn't say what Hank does for a living."
    reply = engine.ask("what month did it come out")
    assert reply.message == "The source doesn't say that: “what month did it come out”."


def test_a_turned_question_cannot_ping_or_break_out() -> None:
    said = not_said("what is @everyone's `job`", NAMES)
    assert said.startswith("The source doesn't say what")
    assert "@everyone" not in said
    assert "`" not in said
