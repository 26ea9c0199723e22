"""The pruned ranking is the ranking: the same as scoring every entry, over any fact base."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.engine.matching.index import DEFAULT_THRESHOLDS, Index, Intent
from bot.engine.matching.ranking import rank

# A small vocabulary, so that random entries and questions share words the way real ones do:
# names, content words, question words and the light ones ("film", "in").
WORDS = (
    "who what when where why how film in lent money loan bank director directed critic "
    "review airport plane jet set scene screening print theater year month city song score "
    "cast actor hank leila ray frannie singer coppola zoetrope studio rights offer"
).split()

questions = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
intents = st.lists(
    st.tuples(
        st.lists(questions, min_size=1, max_size=4),
        st.lists(st.sampled_from(WORDS), max_size=3),
        st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    ),
    min_size=1,
    max_size=25,
)


def build(raw: list[tuple[list[str], list[str], str]]) -> Index:
    """An index over random entries, numbered so their keys sort as they were drawn."""
    return Index(
        [
            Intent(f"e{n:03d}", tuple(dict.fromkeys(qs)), tuple(aliases), context)
            for n, (qs, aliases, context) in enumerate(raw)
        ]
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=intents, asked=questions, limit=st.integers(min_value=1, max_value=6))
# An entry sharing only a light word, through its answer text, with no curated question like
# the question at all: similarity 0, and yet in the ranking.
@example(raw=[(["film"], [], "who")], asked="who", limit=1)
def test_the_pruned_ranking_equals_scoring_every_entry(
    raw: list[tuple[list[str], list[str], str]], asked: str, limit: int
) -> None:
    """Whatever the entries and the question, pruning changes nothing: scores, order, ties."""
    index = build(raw)
    query = index.query(asked)
    assert rank(index, query, limit=limit) == rank(index, query, limit=None)[:limit]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=intents,
    asked=questions,
    light=st.lists(st.sampled_from(WORDS), max_size=3),
    limit=st.integers(min_value=1, max_value=6),
)
def test_pruning_holds_with_context_and_filler_weighed_lightly(
    raw: list[tuple[list[str], list[str], str]], asked: str, light: list[str], limit: int
) -> None:
    """Words weighed down as context or filler change the weights, never the pruning."""
    index = build(raw)
    query = index.query(asked)
    marked = frozenset(light) & set(query.tokens)
    query = dataclasses.replace(query, background=marked, filler=frozenset(light[:1]))
    assert rank(index, query, limit=limit) == rank(index, query, limit=None)[:limit]


def test_the_reference_path_scores_every_entry_sharing_a_word() -> None:
    """With no limit, every entry that shares a word is ranked; one sharing none is not."""
    index = Index(
        [
            Intent("a", ("who lent the money",)),
            Intent("b", ("who directed it",)),
            Intent("c", ("what airport",)),
        ],
        thresholds=DEFAULT_THRESHOLDS,
    )
    ranked = rank(index, index.query("who lent it"), limit=None)
    assert {c.key for c in ranked} == {"a", "b"}
