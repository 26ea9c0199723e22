"""Starter questions read the way a reader asks, in the sentence's own names and numbers.

Beside each sentence of the corpus (``tests/data/sources``) and a few more of our own is what a
curator would keep as it is; a sentence no shape fits gets nothing, never a keyword list.
"""

from __future__ import annotations

import pytest

from bot.curation.starters import starters

EXPECTED: list[tuple[str, str, list[str]]] = [
    # cold_river.txt
    (
        "Cold River is a 1979 Canadian thriller set in St. John's, Newfoundland.",
        "Cold River",
        ["what is Cold River?"],
    ),
    (
        "It follows a trapper who finds a wrecked plane and keeps its cargo.",
        "Cold River",
        ["what happens in Cold River?"],
    ),
    (
        'The reviewer wrote, "It is a cold, patient film."',
        "Cold River",
        ["what did the reviewer write?"],
    ),
    ("A restored print was shown in 2011.", "Cold River", ["when was the restored print shown?"]),
    ("It is rarely screened today.", "Cold River", []),
    # harbour_light.txt
    (
        "Harbour Light is a 1968 British drama film directed by Dr. Ann Lee and adapted from "
        "the 1959 novel by S. E. Hinton.",
        "Harbour Light",
        ["who directed Harbour Light?", "what is Harbour Light?"],
    ),
    ("It stars Tom Hale and Mary Vance.", "Harbour Light", ["who stars in Harbour Light?"]),
    (
        "Filming took place in St. Ives and at Pinewood Studios, and ran approx. 90 days over "
        "the winter of 1967.",
        "Harbour Light",
        [
            "how long did filming run?",
            "when did filming take place?",
            "where did filming take place?",
        ],
    ),
    (
        "The film premiered at the Odeon Leicester Square on 3 March 1968.",
        "Harbour Light",
        [
            "when did Harbour Light premiere at the Odeon Leicester Square?",
            "where did Harbour Light premiere at the Odeon Leicester Square?",
        ],
    ),
    # late_show.txt
    (
        "Late Show is a 2002 American comedy starring Jo Park, Lee Wu and Sam Orr.",
        "Late Show",
        ["who stars in Late Show?", "what is Late Show?"],
    ),
    (
        "It was filmed in Washington, D.C. and in Baltimore.",
        "Late Show",
        ["where was Late Show filmed?"],
    ),
    (
        "It grossed $12.4 million against a budget of $4 million.",
        "Late Show",
        ["how much did Late Show gross?"],
    ),
    ("Reviews were mixed.", "Late Show", ["what were reviews like?"]),
    ("Vol. 2 followed in 2006.", "Late Show", ["when did vol. 2 follow?"]),
    # navy_band.txt
    (
        "The Navy Band is a 1954 American musical about the U.S. Navy's No. 1 band.",
        "The Navy Band",
        ["what is The Navy Band?"],
    ),
    (
        "Its score was written by J. R. R. Mercer.",
        "The Navy Band",
        ["who was the score written by?"],
    ),
    ("Critics praised the songs.", "The Navy Band", ["what did critics praise?"]),
    (
        "The film earned $3.5 million in North America.",
        "The Navy Band",
        ["how much did The Navy Band earn in North America?"],
    ),
    ('Mr. Kane, its producer, called it "his finest work."', "The Navy Band", ["who is Mr. Kane?"]),
    ("A sequel was planned but never made.", "The Navy Band", ["what happened to the sequel?"]),
    # the_organ.txt
    (
        "The Organ is a 1991 French documentary by Jean-Luc Roy about the organ of "
        "St. Mary's Church.",
        "The Organ",
        ["what is The Organ?"],
    ),
    (
        "The organ was built in 1870 by A. Cavaillé-Coll.",
        "The Organ",
        ["when was the organ built?"],
    ),
    (
        "It was screened at the Cannes Film Festival, where it won a prize.",
        "The Organ",
        ["where was The Organ screened?"],
    ),
    ("Its runtime is approx. 52 minutes.", "The Organ", ["how long is the runtime?"]),
    ("The director, Mr. Roy, died in 2003.", "The Organ", ["when did Mr. Roy die?"]),
    # what the issue found drafts turning into keyword soup
    (
        "Blue Lantern is a 1977 American drama film directed by Ida Moss.",
        "Blue Lantern",
        ["who directed Blue Lantern?", "what is Blue Lantern?"],
    ),
    (
        "It was released on Blu-ray in 2015.",
        "Blue Lantern",
        ["when was Blue Lantern released on Blu-ray?"],
    ),
    (
        "The festival drew 3,000 teenagers to the Post Office Theatre.",
        "Blue Lantern",
        ["how many teenagers did the festival draw?"],
    ),
    (
        "It earned $2 million in North America.",
        "Blue Lantern",
        ["how much did Blue Lantern earn in North America?"],
    ),
    (
        "The letters were sorted at the Post Office.",
        "Blue Lantern",
        ["where were the letters sorted?"],
    ),
    (
        "Eventually, the studio received support from Canadian businessman Jack Singer, who "
        "agreed to lend $8 million to the studio.",
        "Blue Lantern",
        ["how much did Jack Singer agree to lend?"],
    ),
    (
        "Hank goes with Leila, a circus performer.",
        "Blue Lantern",
        ["who is Leila?"],
    ),
    (
        'In the Los Angeles Times, Susan King praised Blue Lantern as "a film that in 1982 '
        'nobody saw."',
        "Blue Lantern",
        ["what did Susan King think of Blue Lantern?"],
    ),
]


@pytest.mark.parametrize(("sentence", "title", "questions"), EXPECTED)
def test_a_sentence_gets_the_questions_a_reader_would_ask(
    sentence: str, title: str, questions: list[str]
) -> None:
    assert starters(sentence, title) == questions


def test_a_year_inside_someone_s_words_is_not_when_it_happened() -> None:
    """ "in 1982" inside a quotation is the critic's words: no "when did Susan King ..."."""
    asked = starters(
        'Susan King praised it as "shocking that it wasn\'t well received back in 1982."',
        "Blue Lantern",
    )
    assert not [q for q in asked if q.startswith("when")], asked


def test_a_place_is_nobody_to_ask_who_is() -> None:
    """ "in the United States, an updated version" names a place, not a person."""
    asked = starters(
        "On January 19, 2024, in select theaters in the United States, an updated version of "
        "the film, entitled Blue Lantern: Reprise was released in 4K.",
        "Blue Lantern",
    )
    assert asked == ["when was Blue Lantern: Reprise released in 4K?"]


def test_a_year_in_a_noun_phrase_is_not_when() -> None:
    """ "based on the 1975 novel" dates the novel, not when the film was based on it."""
    asked = starters("It is based on the 1975 novel by S. E. Hinton.", "Blue Lantern")
    assert not [q for q in asked if q.startswith("when")], asked


def test_three_stars_is_a_rating_not_a_cast() -> None:
    assert starters("Roger Ebert gave the film three stars.", "Blue Lantern") == [
        "what did Roger Ebert think of Blue Lantern?"
    ]


def test_words_alone_give_nothing() -> None:
    assert starters("", "Blue Lantern") == []
    assert starters("Twice.", "Blue Lantern") == []
