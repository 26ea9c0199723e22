"""``heartbot eval``: measure the engine on a labelled question set."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.core import Engine
from bot.engine.knowledge import Roundup, Unknown

# Labels for questions heartbot must not answer with a fact.
UNANSWERABLE = ("unknown", "offtopic", "junk")


class EvalSetError(Exception):
    """The question set names something the fact base doesn't have, or is malformed."""


@dataclass(frozen=True)
class Case:
    """A question and what it expects: a fact or roundup id, or one of UNANSWERABLE."""

    line: int
    expected: str
    question: str


@dataclass
class EvalResult:
    """Counts by outcome, and the cases that went wrong."""

    correct: int = 0  # answerable: answered with exactly the expected facts and citations
    missed: int = 0  # answerable: not answered
    misanswered: int = 0  # answerable: answered with the wrong facts
    refused: int = 0  # unanswerable: not answered
    overanswered: int = 0  # unanswerable: answered anyway
    failures: list[tuple[Case, str]] = field(default_factory=list)

    @property
    def answerable(self) -> int:
        """How many questions the source answers."""
        return self.correct + self.missed + self.misanswered

    @property
    def unanswerable(self) -> int:
        """How many questions the source doesn't answer."""
        return self.refused + self.overanswered

    @property
    def wrong(self) -> int:
        """Answers that should not have been given: worse than none."""
        return self.misanswered + self.overanswered

    @property
    def total(self) -> int:
        """Every question in the set."""
        return self.answerable + self.unanswerable

    def summary(self) -> str:
        """The three figures the targets are set on."""
        return (
            f"answerable: {_pct(self.correct, self.answerable)} correct with exact citations "
            f"({self.correct}/{self.answerable}; {self.missed} not answered)\n"
            f"unanswerable: {_pct(self.refused, self.unanswerable)} refused "
            f"({self.refused}/{self.unanswerable})\n"
            f"wrong answers: {_pct(self.wrong, self.total)} of all ({self.wrong}/{self.total})"
        )


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def load_cases(path: Path, engine: Engine) -> list[Case]:
    """Read ``expected<TAB>question`` lines (header and # comments skipped)."""
    ids = {entry.id for entry in engine.knowledge.entries if not isinstance(entry, Unknown)}
    cases: list[Case] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row[0].startswith("#") or row == ["expected", "question"]:
                continue
            if len(row) != 2:
                raise EvalSetError(f"{path}:{number}: want expected<TAB>question, got {row!r}")
            expected, question = row
            if expected not in ids and expected not in UNANSWERABLE:
                raise EvalSetError(f"{path}:{number}: unknown label {expected!r}")
            cases.append(Case(number, expected, question))
    return cases


def evaluate(engine: Engine, cases: list[Case]) -> EvalResult:
    """Ask every question and score the replies against the labels."""
    result = EvalResult()
    for case in cases:
        reply = engine.ask(case.question)
        got = ",".join(reply.fact_ids) if reply.answered else reply.outcome.value
        if case.expected in UNANSWERABLE:
            if reply.answered:
                result.overanswered += 1
                result.failures.append((case, f"answered {got}"))
            else:
                result.refused += 1
            continue
        want = _expected_facts(engine, case.expected)
        if not reply.answered:
            result.missed += 1
            result.failures.append((case, f"not answered ({got}, score {reply.score:.0f})"))
        elif reply.fact_ids == want and reply.citations == _cites(engine, want):
            result.correct += 1
        else:
            result.misanswered += 1
            result.failures.append((case, f"answered {got}"))
    return result


def _expected_facts(engine: Engine, entry_id: str) -> tuple[str, ...]:
    entry = engine.knowledge.entry(entry_id)
    return entry.facts if isinstance(entry, Roundup) else (entry.id,)


def _cites(engine: Engine, fact_ids: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(n for f in fact_ids for n in engine.knowledge.fact(f).cites))
