"""``heartbot eval``: measure the engine on a labelled question set."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.answers import Reply, unique
from bot.engine.core import Engine
from bot.engine.knowledge import Fact, KnowledgeBase, Roundup, Unknown
from bot.engine.source import Source, unmarked

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


def load_cases(path: Path, knowledge: KnowledgeBase) -> list[Case]:
    """Read ``expected<TAB>question`` lines (header and # comments skipped)."""
    ids = {entry.id for entry in knowledge.entries if not isinstance(entry, Unknown)}
    cases: list[Case] = []
    for number, row in enumerate(_rows(path), 1):
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
        got = _got(reply)
        if case.expected in UNANSWERABLE:
            if reply.answered:
                result.overanswered += 1
                result.failures.append((case, f"answered {got}"))
            else:
                result.refused += 1
            continue
        wanted = _expected_replies(engine, case.expected)
        if not reply.answered:
            result.missed += 1
            result.failures.append((case, f"not answered ({got}, score {reply.score:.0f})"))
        elif any(reply.fact_ids == w and reply.citations == _cites(engine, w) for w in wanted):
            result.correct += 1
        else:
            result.misanswered += 1
            result.failures.append((case, f"answered {got}"))
    return result


def _expected_replies(engine: Engine, entry_id: str) -> tuple[tuple[str, ...], ...]:
    """The facts a reply may show for a label: the entry's; for a fact that names its cause,
    also the cause and then the fact, as a "why" question gets them."""
    entry = engine.knowledge.entry(entry_id)
    if isinstance(entry, Roundup):
        return (entry.facts,)
    if isinstance(entry, Fact) and entry.because is not None:
        return (entry.id,), (entry.because, entry.id)
    return ((entry.id,),)


def _got(reply: Reply) -> str:
    """What a reply gave, as a failure line shows it: its facts, or its outcome."""
    return ",".join(reply.fact_ids) if reply.answered else reply.outcome.value


def _cites(engine: Engine, fact_ids: tuple[str, ...]) -> tuple[int, ...]:
    return unique(n for f in fact_ids for n in engine.knowledge.fact(f).cites)


# --- Question sets labelled by evidence: written from the source alone, blind to the fact base --

LABELLED_HEADER = ["kind", "style", "cites", "evidence", "question", "previous"]
_UNCITED = ("", "-", "none")  # how a set says the answering text has no citation number
KINDS = ("answer", "unknown", "offtopic", "junk")


@dataclass(frozen=True)
class Labelled:
    """A message and what the source says of it: the evidence answering it, and its cites."""

    line: int
    kind: str  # one of KINDS: only "answer" should get a fact
    style: str  # how it is asked: direct, paraphrase, typo, long, followup, nearmiss ...
    cites: tuple[int, ...]  # what the source gives for the evidence (empty: uncited)
    evidence: tuple[Source, int, int] | None  # where the answer stands in which source
    question: str
    previous: str | None  # the message before a follow-up


@dataclass
class Tally:
    """How one group of labelled messages fared."""

    right: int = 0  # answerable, answered with the evidence and exactly its citations
    missed: int = 0  # answerable, not answered
    wrong: int = 0  # answered with something else, or answered at all when it shouldn't be
    declined: int = 0  # not answerable, not answered

    @property
    def total(self) -> int:
        """How many messages."""
        return self.right + self.missed + self.wrong + self.declined


@dataclass
class Group:
    """One style's messages, split as the targets are: the answerable ones are judged by
    how many were answered right, the rest by how many were declined."""

    answerable: Tally = field(default_factory=Tally)
    unanswerable: Tally = field(default_factory=Tally)


@dataclass
class LabelledResult:
    """Tallies overall, by kind and by style, and each case that went wrong or was missed."""

    answerable: Tally = field(default_factory=Tally)
    unanswerable: Tally = field(default_factory=Tally)
    styles: dict[str, Group] = field(default_factory=dict)
    failures: list[tuple[Labelled, str]] = field(default_factory=list)

    @property
    def wrong(self) -> int:
        """Every wrong answer: worse than none."""
        return self.answerable.wrong + self.unanswerable.wrong

    @property
    def total(self) -> int:
        """Every message in the set."""
        return self.answerable.total + self.unanswerable.total

    def summary(self) -> str:
        """The targets' figures, then a line per style."""
        a, u = self.answerable, self.unanswerable
        lines = [
            f"answerable: {_pct(a.right, a.total)} answered with exact citations "
            f"({a.right}/{a.total}; {a.missed} not answered, {a.wrong} answered wrongly)",
            f"not answerable: {_pct(u.declined, u.total)} declined ({u.declined}/{u.total})",
            f"wrong answers: {_pct(self.wrong, self.total)} of all ({self.wrong}/{self.total})",
            "by style          answered right  missed  wrong |  declined  wrong",
        ]
        for style, group in sorted(self.styles.items()):
            a, u = group.answerable, group.unanswerable
            lines.append(
                f"  {style:<12} {f'{a.right}/{a.total}':>9} {_pct(a.right, a.total):>6} "
                f"{a.missed:>7} {a.wrong:>6} | {f'{u.declined}/{u.total}':>9} {u.wrong:>6}"
            )
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        """The figures as one JSON object."""
        a, u = self.answerable, self.unanswerable
        return {
            "answerable": a.total,
            "answered_right": a.right,
            "answered_right_share": a.right / a.total if a.total else None,
            "unanswerable": u.total,
            "declined_share": u.declined / u.total if u.total else None,
            "wrong": self.wrong,
            "wrong_share": self.wrong / self.total if self.total else None,
            "styles": {
                style: {
                    "answerable": group.answerable.total,
                    "answered_right": group.answerable.right,
                    "missed": group.answerable.missed,
                    "answered_wrongly": group.answerable.wrong,
                    "unanswerable": group.unanswerable.total,
                    "declined": group.unanswerable.declined,
                    "answered_unanswerable": group.unanswerable.wrong,
                }
                for style, group in sorted(self.styles.items())
            },
        }


def is_labelled(path: Path) -> bool:
    """Whether a question set is labelled by evidence (its header says so)."""
    with path.open(encoding="utf-8") as handle:
        try:
            return handle.readline().rstrip("\r\n").split("\t") == LABELLED_HEADER
        except UnicodeDecodeError as exc:
            raise EvalSetError(_not_utf8(path, exc)) from exc


def _rows(path: Path) -> list[list[str]]:
    """A question set's tab-separated rows, read whole: sets are small."""
    with path.open(encoding="utf-8", newline="") as handle:
        try:
            return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        except UnicodeDecodeError as exc:
            raise EvalSetError(_not_utf8(path, exc)) from exc


def _numbers(text: str) -> tuple[int, ...] | None:
    """Citation numbers written with spaces between ("16 17"); None if any isn't one."""
    parts = text.split()
    return tuple(map(int, parts)) if all(p.isdecimal() for p in parts) else None


def _not_utf8(path: Path, exc: UnicodeDecodeError) -> str:
    return f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8"


def load_labelled(path: Path, knowledge: KnowledgeBase) -> list[Labelled]:
    """Read a set labelled by evidence; each evidence must stand verbatim in a source."""
    cases: list[Labelled] = []
    for number, row in enumerate(_rows(path), 1):
        if number == 1 or not row:
            continue
        if len(row) != len(LABELLED_HEADER):
            raise EvalSetError(f"{path}:{number}: want {len(LABELLED_HEADER)} columns")
        kind, style, cites, evidence, question, previous = row
        if kind not in KINDS:
            raise EvalSetError(f"{path}:{number}: kind {kind!r} is not one of {KINDS}")
        where = None
        if kind == "answer":
            where = _find(knowledge, evidence)
            if where is None:
                raise EvalSetError(f"{path}:{number}: evidence {evidence!r} is in no source")
        numbers = () if cites.strip().casefold() in _UNCITED else _numbers(cites)
        if numbers is None:
            raise EvalSetError(
                f"{path}:{number}: cites {cites!r} must be citation numbers, like 9 or "
                f"16 17, or none where the text is uncited"
            )
        cases.append(
            Labelled(
                number,
                kind,
                style,
                numbers,
                where,
                question,
                None if previous.strip() in ("", "-") else previous,
            )
        )
    return cases


def evaluate_labelled(engine: Engine, cases: list[Labelled]) -> LabelledResult:
    """Ask every message (a follow-up after its previous one) and grade each reply."""
    result = LabelledResult()
    for case in cases:
        reply = engine.ask(case.question, previous=case.previous)
        style = result.styles.setdefault(case.style, Group())
        answerable = case.kind == "answer"
        group = result.answerable if answerable else result.unanswerable
        tally = style.answerable if answerable else style.unanswerable
        if case.kind != "answer":
            verdict = "wrong" if reply.answered else "declined"
        elif not reply.answered:
            verdict = "missed"
        else:
            verdict = "right" if _shows(engine, reply.facts, case) else "wrong"
        for counted in (group, tally):
            setattr(counted, verdict, getattr(counted, verdict) + 1)
        if verdict in ("missed", "wrong"):
            got = _got(reply)
            result.failures.append((case, f"{verdict}: {got}"))
    return result


def _find(knowledge: KnowledgeBase, evidence: str) -> tuple[Source, int, int] | None:
    for source in knowledge.sources:
        where = source.locate(unmarked(evidence))
        if where is not None:
            return source, *where
    return None


def _shows(engine: Engine, facts: tuple[Fact, ...], case: Labelled) -> bool:
    """Whether a fact quotes the evidence's stretch of the source, and the citations shown
    are its cites: that fact's own; those of the facts quoting the stretch between them
    (evidence across a marker, "in August 1981[16] resulted in ...", is two facts, each with
    its own); or those of the whole reply (asked why exhibitors backed out, the screening [16]
    and what it resulted in [17], for a set that gives the screening both)."""
    assert case.evidence is not None
    source, start, end = case.evidence
    wanted = set(case.cites)
    quoting = [
        fact
        for fact in facts
        if engine.source_of(fact) is source
        and (where := source.locate(fact.quote)) is not None
        and where[0] < end
        and start < where[1]
    ]
    return bool(quoting) and (
        any(set(fact.cites) == wanted for fact in quoting)
        or set().union(*(fact.cites for fact in quoting)) == wanted
        or set().union(*(fact.cites for fact in facts)) == wanted
    )
