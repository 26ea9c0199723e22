"""The intent layer on a toy index: answer, suggest or refuse, and the tunables it obeys."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.matching.decision import Matcher, Verdict, quotes_holding
from bot.engine.matching.index import Intent, Thresholds

TOY = (
    Intent(
        "director",
        ("who directed it", "who is the director", "director of the film"),
        ("Ann Lee",),
        context="Ann Lee directed it.",
    ),
    Intent(
        "loan",
        ("who lent the money", "how much was the loan", "who financed it"),
        ("Bob Roe", "loan"),
        context="Bob Roe lent 5 million dollars.",
    ),
    Intent("runtime", ("how long is it", "what is the running time"), ("runtime",)),
    Intent("reviews", ("what did critics say", "how was it reviewed"), ("critics",)),
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """A matcher over four toy entries."""
    return Matcher(TOY)


def test_a_curated_question_is_answered(matcher: Matcher) -> None:
    """Asking exactly a curated question answers with its entry."""
    match = matcher.match("who lent the money")
    assert (match.verdict, match.best and match.best.key) == (Verdict.ANSWER, "loan")


def test_a_misspelt_word_is_repaired(matcher: Matcher) -> None:
    """A typo in a known word still reaches the entry."""
    match = matcher.match("who direcetd it")
    assert (match.verdict, match.best and match.best.key) == (Verdict.ANSWER, "director")


def test_an_alias_points_at_its_entry(matcher: Matcher) -> None:
    """Naming an entity the entry speaks of ranks that entry first."""
    match = matcher.match("how much did bob roe lend")
    assert (match.verdict, match.best and match.best.key) == (Verdict.ANSWER, "loan")


def test_a_question_of_unknown_words_is_refused(matcher: Matcher) -> None:
    """Nothing the index knows means no candidates and a refusal."""
    match = matcher.match("weather in paris tomorrow")
    assert (match.verdict, match.candidates) == (Verdict.REFUSE, ())


@pytest.mark.parametrize("junk", ["", "   ", "??", "x", "who", "🙂🙂", "\x00\x07"])
def test_junk_gets_the_hint_before_matching(matcher: Matcher, junk: str) -> None:
    """Empty, one-letter, punctuation-only or question-word-only input is asked nothing."""
    match = matcher.match(junk)
    assert (match.verdict, match.candidates) == (Verdict.HINT, ())


def test_candidates_come_best_first(matcher: Matcher) -> None:
    """The ranking behind a decision is ordered by score."""
    scores = [c.score for c in matcher.match("who financed the critics").candidates]
    assert scores == sorted(scores, reverse=True)


def test_limit_caps_the_candidates(matcher: Matcher) -> None:
    """No more candidates come back than asked for."""
    assert len(matcher.match("who directed it", limit=1).candidates) == 1


def test_a_quantity_question_is_not_answered_by_an_entry_without_a_number(
    matcher: Matcher,
) -> None:
    """ "How much ...?" of the director is what the director's entry doesn't give: the kind
    check says so, naming the entry; "how much was the loan" is answered."""
    match = matcher.match("how much was the director paid")
    assert (match.verdict, match.nearest) == (Verdict.NOT_SAID, "director")
    assert any(c.name == "kind" and not c.passed for c in match.checks)
    assert matcher.match("how much was the loan").verdict is Verdict.ANSWER


def test_two_entries_asked_the_same_way_are_not_picked_between() -> None:
    """With no margin between the top two, the matcher suggests instead of guessing."""
    twins = Matcher(
        [Intent("a", ("who made the film",)), Intent("b", ("who made the film",))],
    )
    assert twins.match("who made the film").verdict is Verdict.SUGGEST


def test_the_answer_threshold_is_honoured() -> None:
    """Raising the answer bar above any score turns an answer into a suggestion."""
    strict = Matcher(TOY, thresholds=Thresholds(answer=101.0))
    assert strict.match("who directed it").verdict is Verdict.SUGGEST


def test_the_suggest_threshold_is_honoured() -> None:
    """Raising the suggestion bar too turns the same question into a refusal."""
    strict = Matcher(TOY, thresholds=Thresholds(answer=101.0, suggest=101.0))
    assert strict.match("who directed it").verdict is Verdict.REFUSE


def test_thresholds_are_keyword_only() -> None:
    """Tunables can't be passed by position and silently swapped."""
    with pytest.raises(TypeError):
        Thresholds(50.0)  # type: ignore[misc]


def test_thresholds_are_frozen() -> None:
    """A matcher's tunables can't change under it."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        Thresholds().answer = 0.0  # type: ignore[misc]


def test_a_very_long_question_is_cut_not_rejected(matcher: Matcher) -> None:
    """A question buried in a wall of text is still read from its start."""
    match = matcher.match("who directed it " + "blah " * 5000)
    assert match.best is not None
    assert match.best.key == "director"


ORGAN = (
    Intent(
        "organ",
        ("when was the organ installed", "the organ", "organ installation"),
        context="Its organ was installed in 1926.",
    ),
    Intent("architect", ("who designed the building", "the architect"), ("Mabel Ferrand",)),
    Intent("reopening", ("who bought the building", "the trust"), context="Bought in 1985."),
)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("when was the organ installed", Verdict.ANSWER),
        ("where was the organ", Verdict.NOT_SAID),
        ("why was the organ installed", Verdict.NOT_SAID),
    ],
)
def test_who_when_where_why_must_be_what_the_entry_answers(question: str, verdict: str) -> None:
    """A fact about when is no answer to where or why: the source doesn't say, nearest it."""
    match = Matcher(ORGAN).match(question)
    assert match.verdict == verdict
    assert (match.nearest if verdict == Verdict.NOT_SAID else match.best and match.best.key) == (
        "organ"
    )


def test_a_fact_that_gives_a_year_answers_when() -> None:
    """ "When" reaches a fact whose text has a year even if no curated question says "when"."""
    match = Matcher(ORGAN).match("when did the trust buy the building")
    assert (match.verdict, match.best and match.best.key) == (Verdict.ANSWER, "reopening")


def test_a_fact_that_names_a_place_answers_where() -> None:
    """ "Where" reaches a fact whose text says where ("in San Francisco"), asked or not."""
    intents = (
        *ORGAN,
        Intent(
            "concert",
            ("when was the first concert", "the first concert"),
            context="The first concert was given in Bergen.",
        ),
    )
    match = Matcher(intents).match("where was the first concert")
    assert (match.verdict, match.best and match.best.key) == (Verdict.ANSWER, "concert")
    assert Matcher(intents).match("where was the organ").verdict == Verdict.NOT_SAID


# --- how an entry is asked as a whole (Index.usage) ---------------------------------------------

SPREAD = (
    # Each word of "which label pressed the vinyl" is in some question of "pressing", none
    # in one; "shop" has one question that reads almost the same, among others.
    Intent(
        "pressing",
        ("which label released it", "who pressed it", "was it on vinyl", "what label"),
    ),
    Intent(
        "shop",
        (
            "which label pressed the vinyl shop sign",
            "where is the record shop",
            "when does the shop open",
            "who owns the shop on main street",
            "is the shop open on sunday",
            "how do i get to the shop",
        ),
    ),
)


def test_an_entry_whose_questions_hold_the_words_between_them_ranks_first() -> None:
    """Words spread over an entry's questions count for it, though one question of another
    entry reads more alike; with the weighing off, the lookalike wins."""
    question = "which label pressed the vinyl"
    weighed = Matcher(SPREAD).match(question)
    unweighed = Matcher(SPREAD, thresholds=Thresholds(usage_weight=0.0)).match(question)
    assert [c.key for c in weighed.candidates] == ["pressing", "shop"]
    assert [c.key for c in unweighed.candidates] == ["shop", "pressing"]


def test_question_words_and_film_weigh_nothing_in_usage() -> None:
    """Every entry may be asked "who ... film": such words tell no entry from another."""
    index = Matcher(SPREAD).index
    for key in ("pressing", "shop"):
        assert index.usage(("who", "film"), key) == 0.0
        assert index.usage(("vinyl", "who"), key) == index.usage(("vinyl",), key)


def test_questions_about_the_bot_are_ranked_where_the_entries_curate_them() -> None:
    """An intent set with an "are you a bot?" intent (CLINC150 has one) answers it; the toy
    film entries, which don't, give how to ask."""
    bot = Intent(
        "are-you-a-bot", ("are you a bot", "are you a real person", "am i talking to a bot")
    )
    best = Matcher((*TOY, bot)).match("are you a real person?").best
    assert best is not None
    assert best.key == "are-you-a-bot"
    assert Matcher(TOY).match("are you a real person?").verdict is Verdict.HINT


# Quotes cut from one short text, so that some hold others.
_TEXT = "Hank goes with Leila, a circus performer, and Frannie goes with Ray, a waiter."


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_TEXT)), st.integers(0, len(_TEXT))),
        min_size=1,
        max_size=8,
    )
)
def test_quotes_holding_others_are_found_as_comparing_every_pair_would(
    spans: list[tuple[int, int]],
) -> None:
    """The facts whose quotes hold each fact's (no rivals to it) are found without comparing
    every pair, and are exactly those comparing every pair finds, which way round too."""
    intents = [
        Intent(f"fact-{i}", ("q",), quote=_TEXT[min(a, b) : max(a, b)])
        for i, (a, b) in enumerate(spans)
    ]
    every: dict[str, set[str]] = {}
    for one in intents:
        for other in intents:
            if one.key != other.key and len(other.quote) >= 8 and other.quote in one.quote:
                every.setdefault(other.key, set()).add(one.key)
    assert quotes_holding(intents) == every
