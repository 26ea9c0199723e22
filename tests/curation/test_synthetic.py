"""The synthetic fact base ``heartbot bench --facts`` measures: reproducible, grounded, usable."""

from __future__ import annotations

import pytest

from bot.curation.synthetic import QUESTIONS_PER_ENTRY, Synthetic, generate
from bot.engine.answers import Outcome
from bot.engine.core import Engine
from bot.engine.knowledge import ground

FACTS = 60


@pytest.fixture(scope="module")
def synthetic() -> Synthetic:
    """A small synthetic fact base and its question sample."""
    return generate(FACTS, seed=7, sample=200)


@pytest.fixture(scope="module")
def engine(synthetic: Synthetic) -> Engine:
    """The engine over the small synthetic fact base."""
    return Engine(synthetic.knowledge)


def test_the_same_seed_gives_the_same_fact_base(synthetic: Synthetic) -> None:
    """A benchmark can be rerun on exactly the same facts, source and questions."""
    assert generate(FACTS, seed=7, sample=200) == synthetic


def test_another_seed_gives_another_fact_base(synthetic: Synthetic) -> None:
    """The seed is what the fact base is drawn from."""
    assert generate(FACTS, seed=8, sample=200).knowledge.sources[0].text != (
        synthetic.knowledge.sources[0].text
    )


@pytest.mark.parametrize("facts", [1, 7, 150])
def test_it_has_as_many_facts_as_asked(facts: int) -> None:
    """``--facts N`` means N facts."""
    assert len(generate(facts, sample=10).knowledge.facts) == facts


def test_every_quote_is_in_the_source_with_the_cites_the_source_gives(
    synthetic: Synthetic,
) -> None:
    """Each fact quotes its source verbatim and carries exactly the markers it gives there."""
    source = synthetic.knowledge.sources[0]
    found = {f.id: source.cites_for(f.quote) for f in synthetic.knowledge.facts}
    assert found == {f.id: f.cites for f in synthetic.knowledge.facts}


def test_the_fact_base_passes_the_checks_the_shipped_one_must(synthetic: Synthetic) -> None:
    """Ids, quotes, cites, carried markers and references are all sound."""
    assert ground(synthetic.knowledge.files[0]) == []


def test_every_entry_is_asked_for_in_eight_ways(synthetic: Synthetic) -> None:
    """Like the shipped facts, each entry has its curated questions, no two alike."""
    counts = {len({q.casefold() for q in e.questions}) for e in synthetic.knowledge.entries}
    assert counts == {QUESTIONS_PER_ENTRY}


def test_a_facts_own_question_is_answered_with_that_fact(
    synthetic: Synthetic, engine: Engine
) -> None:
    """Each fact's plain curated question gets that fact as the answer."""
    answered = {f.id: engine.ask(f.questions[0]).fact_ids for f in synthetic.knowledge.facts}
    assert answered == {f.id: (f.id,) for f in synthetic.knowledge.facts}


@pytest.mark.parametrize(
    "question", ["what's the weather like in paris today", "recommend me a good pizza place"]
)
def test_an_off_topic_question_is_refused(engine: Engine, question: str) -> None:
    """Nothing in the synthetic film's article answers it."""
    assert engine.ask(question).outcome is Outcome.REFUSE


def test_the_sample_mixes_curated_questions_with_everything_else(synthetic: Synthetic) -> None:
    """The timed questions are of the size asked, partly curated and partly not."""
    curated = {q for e in synthetic.knowledge.entries for q in e.questions}
    asked = synthetic.questions
    assert len(asked) == 200
    assert 0 < sum(q in curated for q in asked) < len(asked)


def test_a_fact_base_needs_a_fact() -> None:
    """Zero facts is a mistake, said as such."""
    with pytest.raises(ValueError, match="at least one fact"):
        generate(0)
