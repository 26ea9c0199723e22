"""The dev question set: heartbot meets its accuracy targets, and eval reads sets strictly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.curation.evaluation import (
    EvalResult,
    EvalSetError,
    evaluate,
    evaluate_labelled,
    load_cases,
    load_labelled,
)
from bot.engine.core import Engine
from tests.helpers import DEV_SET, RunHeartbot


@pytest.fixture(scope="module")
def dev_result(engine: Engine) -> EvalResult:
    """Run the whole dev set once for the target tests."""
    return evaluate(engine, load_cases(DEV_SET, engine.knowledge))


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
        load_cases(path, engine.knowledge)


def test_eval_counts_a_refused_answerable_question_as_missed(
    engine: Engine, tmp_path: Path
) -> None:
    """An answerable question that gets no answer is a miss, not a wrong answer."""
    path = tmp_path / "set.tsv"
    path.write_text("director\tasdf qwer zxcv\n", encoding="utf-8")
    result = evaluate(engine, load_cases(path, engine.knowledge))
    assert (result.missed, result.wrong) == (1, 0)


def test_a_fact_asked_why_is_right_with_its_cause_before_it(engine: Engine, tmp_path: Path) -> None:
    """A set labelled by fact gets the fact; asked why, the fact's cause may come first."""
    path = tmp_path / "set.tsv"
    path.write_text(
        "exhibitors\twhy did exhibitors back out\nexhibitors\tdid exhibitors back out\n"
        "screening-1981\twhy did exhibitors back out\n",
        encoding="utf-8",
    )
    result = evaluate(engine, load_cases(path, engine.knowledge))
    assert (result.correct, result.misanswered) == (2, 1)


# --- sets labelled by evidence: written from the source alone --------------------------------

HEADER = "kind\tstyle\tcites\tevidence\tquestion\tprevious\n"
LOAN = "who agreed to lend $8 million to Zoetrope"


def labelled(tmp_path: Path, *rows: str) -> Path:
    """A labelled set of the given rows, tab-separated, after the header."""
    path = tmp_path / "labelled.tsv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_labelled_answer_is_right_with_its_evidence_and_exact_cites(
    engine: Engine, tmp_path: Path
) -> None:
    """Answered with a fact quoting the evidence, and carrying exactly its cites: right."""
    path = labelled(tmp_path, f"answer\tdirect\t9\t{LOAN}\twho lent the money\t-")
    result = evaluate_labelled(engine, load_labelled(path, engine.knowledge))
    assert (result.answerable.right, result.wrong) == (1, 0)


def test_the_wrong_cites_make_an_answer_wrong(engine: Engine, tmp_path: Path) -> None:
    """The right passage with other citation numbers is not an answer with exact citations."""
    path = labelled(tmp_path, f"answer\tdirect\t15\t{LOAN}\twho lent the money\t-")
    result = evaluate_labelled(engine, load_labelled(path, engine.knowledge))
    assert (result.answerable.right, result.answerable.wrong) == (0, 1)


def test_an_answer_to_what_the_source_lacks_is_wrong(engine: Engine, tmp_path: Path) -> None:
    """A fact given for a question the source doesn't answer counts as a wrong answer."""
    path = labelled(tmp_path, "unknown\tdirect\t-\t-\twho lent the money\t-")
    result = evaluate_labelled(engine, load_labelled(path, engine.knowledge))
    assert (result.unanswerable.wrong, result.styles["direct"].unanswerable.wrong) == (1, 1)


def test_a_style_is_judged_apart_for_its_answerable_messages(
    engine: Engine, tmp_path: Path
) -> None:
    """A declined unanswerable long message doesn't lower the share of long questions
    answered right: the targets judge each half on its own."""
    path = labelled(
        tmp_path,
        f"answer\tlong\t9\t{LOAN}\tmy uncle swears a bank paid for it. who lent the money\t-",
        "offtopic\tlong\t-\t-\tmy uncle swears a bank paid for it. what should I cook\t-",
    )
    result = evaluate_labelled(engine, load_labelled(path, engine.knowledge))
    long = result.styles["long"]
    assert (long.answerable.right, long.answerable.total) == (1, 1)
    assert (long.unanswerable.declined, long.unanswerable.total) == (1, 1)
    assert re.search(r"long +1/1 +100\.0% +0 +0 \| +1/1 +0", result.summary())


def test_evidence_must_stand_in_a_source(engine: Engine, tmp_path: Path) -> None:
    """A set whose evidence isn't verbatim in any source is rejected, with its line."""
    path = labelled(tmp_path, "answer\tdirect\t-\tnot in the source at all\twho\t-")
    with pytest.raises(EvalSetError, match=r"labelled\.tsv:2: evidence"):
        load_labelled(path, engine.knowledge)


def test_evidence_copied_with_its_markers_stands_in_the_source(
    engine: Engine, tmp_path: Path
) -> None:
    """Evidence copied from the source as it reads, markers and all, is found: a span over
    "August 1981[16] resulted in ..." labels the screening and what came of it."""
    evidence = "in August 1981[16] resulted in many exhibitors backing out"
    path = labelled(tmp_path, f"answer\tdirect\t16 17\t{evidence}\twhat came of it\t-")
    (case,) = load_labelled(path, engine.knowledge)
    assert case.evidence is not None
    source, start, end = case.evidence
    assert source.text[start:end] == "in August 1981 resulted in many exhibitors backing out"


def test_evidence_across_a_marker_is_answered_by_both_facts_with_their_cites(
    engine: Engine, tmp_path: Path
) -> None:
    """Across "[16]" the evidence is two facts: both, each with its own citation, are right;
    the screening alone, with [16] only, is not the answer with exact citations."""
    evidence = "in August 1981[16] resulted in many exhibitors backing out"
    both = f"answer\tdirect\t16 17\t{evidence}\twhat was the result of the 1981 screening\t-"
    one = f"answer\tdirect\t16 17\t{evidence}\twhen was the san francisco screening\t-"
    result = evaluate_labelled(
        engine, load_labelled(labelled(tmp_path, both, one), engine.knowledge)
    )
    assert (result.answerable.right, result.answerable.wrong) == (1, 1)


def test_a_cause_and_its_result_shown_together_carry_the_cites_between_them(
    engine: Engine, tmp_path: Path
) -> None:
    """Asked why exhibitors backed out, the screening [16] and its result [17] are the answer
    a set labels "16 17" on the screening; the screening alone, with [16], is not."""
    screening = "A screening of an unfinished print in San Francisco, California in August 1981"
    why = f"answer\tdirect\t16 17\t{screening}\twhy did exhibitors back out\t-"
    when = f"answer\tdirect\t16 17\t{screening}\twhen was the san francisco screening\t-"
    result = evaluate_labelled(
        engine, load_labelled(labelled(tmp_path, why, when), engine.knowledge)
    )
    assert [case.question for case, _ in result.failures] == [
        "when was the san francisco screening"
    ]


@pytest.mark.parametrize("uncited", ["-", "none", "None", ""])
def test_an_uncited_answer_may_say_none(engine: Engine, tmp_path: Path, uncited: str) -> None:
    """The director's fact has no citation number: a set may write that as -, none or nothing."""
    evidence = "co-written and directed by Francis Ford Coppola"
    path = labelled(tmp_path, f"answer\tdirect\t{uncited}\t{evidence}\twho directed it\t-")
    result = evaluate_labelled(engine, load_labelled(path, engine.knowledge))
    assert (result.answerable.right, result.wrong) == (1, 0)


def test_cites_that_are_not_numbers_are_an_error(engine: Engine, tmp_path: Path) -> None:
    """A cites column that isn't citation numbers is rejected with its line, not a traceback."""
    path = labelled(tmp_path, f"answer\tdirect\tnine\t{LOAN}\twho lent the money\t-")
    with pytest.raises(EvalSetError, match=r"labelled\.tsv:2: cites 'nine'"):
        load_labelled(path, engine.knowledge)


@pytest.mark.parametrize("header", ["", HEADER])
def test_a_set_that_is_not_utf8_is_refused_politely(
    run_heartbot: RunHeartbot, tmp_path: Path, header: str
) -> None:
    """A question set saved in another encoding names the file and the fix, in one line."""
    path = tmp_path / "latin1.tsv"
    path.write_bytes(header.encode() + "fact-loan\tqui a prêté l'argent\n".encode("latin-1"))
    result = run_heartbot("eval", str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"heartbot: {path}: not UTF-8 text (invalid continuation byte); save it as UTF-8"
    )


def test_a_follow_up_is_asked_after_its_previous_message(engine: Engine, tmp_path: Path) -> None:
    """The previous column is the conversation before: the follow-up is read with it."""
    evidence = "an updated and restored version of the film"
    row = f"answer\tfollowup\t-\t{evidence}\twhen did it come out?\ttell me about the reprise"
    result = evaluate_labelled(engine, load_labelled(labelled(tmp_path, row), engine.knowledge))
    assert result.answerable.right == 1


def test_eval_reads_a_labelled_set_and_prints_json(
    run_heartbot: RunHeartbot, tmp_path: Path
) -> None:
    """`heartbot eval FILE --json` on a labelled set prints the figures as one object."""
    path = labelled(tmp_path, f"answer\tdirect\t9\t{LOAN}\twho lent the money\t-")
    result = run_heartbot("eval", str(path), "--json")
    figures = json.loads(result.stdout)
    assert (figures["answered_right"], figures["wrong"]) == (1, 0)
    assert figures["styles"]["direct"]["answered_right"] == 1
