"""The dev question set: heartbot meets its accuracy targets, and eval reads sets strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.curation.evaluation import EvalResult, EvalSetError, evaluate, load_cases
from bot.engine.core import Engine
from tests.helpers import DEV_SET


@pytest.fixture(scope="module")
def dev_result(engine: Engine) -> EvalResult:
    """Run the whole dev set once for the target tests."""
    return evaluate(engine, load_cases(DEV_SET, engine))


def test_dev_set_is_large_enough(dev_result: EvalResult) -> None:
    """The dev set has at least 300 questions, of both kinds."""
    assert dev_result.total >= 300
    assert dev_result.answerable >= 150
    assert dev_result.unanswerable >= 100


def test_answerable_questions_get_the_right_fact_and_citations(dev_result: EvalResult) -> None:
    """At least 95% of answerable dev questions get exactly the right facts and citations."""
    assert dev_result.correct / dev_result.answerable >= 0.95, dev_result.summary()


def test_unanswerable_questions_are_refused(dev_result: EvalResult) -> None:
    """At least 95% of off-topic, junk and known-unknown questions get no fact."""
    assert dev_result.refused / dev_result.unanswerable >= 0.95, dev_result.summary()


def test_wrong_answers_are_rare(dev_result: EvalResult) -> None:
    """At most 2% of all dev questions get a wrong answer: worse than none."""
    assert dev_result.wrong / dev_result.total <= 0.02, dev_result.summary()


def test_unknown_label_is_an_error(engine: Engine, tmp_path: Path) -> None:
    """A question set naming an entry the fact base lacks fails with file and line."""
    path = tmp_path / "set.tsv"
    path.write_text("expected\tquestion\nno-such-fact\twho directed it\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match=r"set\.tsv:2"):
        load_cases(path, engine)


def test_eval_counts_a_refused_answerable_question_as_missed(
    engine: Engine, tmp_path: Path
) -> None:
    """An answerable question that gets no answer is a miss, not a wrong answer."""
    path = tmp_path / "set.tsv"
    path.write_text("director\tasdf qwer zxcv\n", encoding="utf-8")
    result = evaluate(engine, load_cases(path, engine))
    assert (result.missed, result.wrong) == (1, 0)
