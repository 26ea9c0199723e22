"""The engine every transport calls: a question in, a Reply out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.answers import Outcome, Reply
from bot.knowledge import Entry, Fact, KnowledgeBase, Roundup, Unknown
from bot.matcher import DEFAULT_THRESHOLDS, Intent, Matcher, Thresholds, Verdict
from bot.normalize import fold

MAX_SUGGESTIONS = 3
MAX_CHOICES = 25  # Discord's cap on autocomplete choices
REFUSAL = "I can only answer from the source about One from the Heart, and it doesn't cover that."
SUGGESTION = "I'm not sure what you're asking."


@dataclass(frozen=True)
class Passage:
    """What a citation number supports: the source text with markers, and the facts citing it."""

    number: int
    sentences: tuple[str, ...]
    facts: tuple[Fact, ...]


class Engine:
    """Answers questions from one fact base; knows nothing of Discord or terminals."""

    def __init__(self, knowledge: KnowledgeBase, *, thresholds: Thresholds = DEFAULT_THRESHOLDS):
        self.knowledge = knowledge
        self.matcher = Matcher(
            [_intent(entry) for entry in knowledge.entries],
            groups={r.id: frozenset(r.facts) for r in knowledge.roundups},
            thresholds=thresholds,
        )
        self._entries = {entry.id: entry for entry in knowledge.entries}
        self._facts = {fact.id: fact for fact in knowledge.facts}
        self._topics = tuple(knowledge.topics)  # every refusal lists them: group the facts once
        # Autocomplete offers the curated questions themselves, each leading to its answer;
        # a question is found by its words or by its topic's name ("recep" -> Reception).
        prompts = _prompts(knowledge.entries)
        self._prompts = {i: question for i, (_, question) in enumerate(prompts)}
        self._folded_prompts = {i: fold(f"{q} {t}") for i, (t, q) in enumerate(prompts)}

    @property
    def title(self) -> str:
        """The source document's title."""
        return self.knowledge.source.title

    def ask(self, question: str) -> Reply:
        """Answer a question, say the source doesn't say, suggest, or refuse; never raise."""
        match = self.matcher.match(question)
        best = match.best
        score = best.score if best else 0.0
        closest = best.key if best else None
        if match.verdict is Verdict.ANSWER and best is not None:
            entry = self._entries[best.key]
            if isinstance(entry, Unknown):
                nearest = self._nearest(entry)
                return Reply(
                    question,
                    Outcome.UNKNOWN,
                    message=entry.answer,
                    nearest=nearest,
                    score=score,
                    entry_id=entry.id,
                    closest=closest,
                )
            return Reply(
                question,
                Outcome.ANSWER,
                facts=self._facts_of(entry),
                score=score,
                entry_id=entry.id,
                closest=closest,
            )
        if match.verdict is Verdict.SUGGEST:
            keys = list(dict.fromkeys(c.key for c in match.candidates))[:MAX_SUGGESTIONS]
            return Reply(
                question,
                Outcome.SUGGEST,
                message=SUGGESTION,
                suggestions=tuple(self._entries[k].questions[0] for k in keys),
                score=score,
                closest=closest,
            )
        return Reply(
            question,
            Outcome.REFUSE,
            message=REFUSAL,
            score=score,
            topics=self._topics,
            closest=closest,
        )

    def complete(self, text: str, *, limit: int = MAX_CHOICES) -> tuple[str, ...]:
        """Curated questions that fit what the user has typed so far, best first."""
        limit = min(limit, MAX_CHOICES)
        if not text.strip():
            return tuple(fact.questions[0] for fact in self.knowledge.facts)[:limit]
        found = process.extract(
            fold(text)[:100],
            self._folded_prompts,
            scorer=fuzz.WRatio,
            processor=None,
            limit=limit,
            score_cutoff=55,
        )
        return tuple(self._prompts[index] for _, _, index in found)

    def passage(self, number: int) -> Passage | None:
        """What citation ``number`` supports, or None if the source has no such marker."""
        sentences = self.knowledge.source.passages(number)
        if not sentences:
            return None
        return Passage(number, sentences, self.knowledge.facts_citing(number))

    def fact(self, fact_id: str) -> Fact | None:
        """A fact by id, or None."""
        return self._facts.get(fact_id)

    def _facts_of(self, entry: Entry) -> tuple[Fact, ...]:
        if isinstance(entry, Roundup):
            return tuple(self._facts[f] for f in entry.facts)
        assert isinstance(entry, Fact)
        return (entry,)

    def _nearest(self, unknown: Unknown) -> Fact | None:
        if unknown.nearest is None:
            return None
        entry = self._entries[unknown.nearest]
        return self._facts_of(entry)[0]


def _intent(entry: Entry) -> Intent:
    if isinstance(entry, Fact):
        numeric = any(ch.isdigit() for ch in entry.answer)
        return Intent(
            entry.id, entry.questions, entry.aliases, f"{entry.answer} {entry.quote}", numeric
        )
    return Intent(entry.id, entry.questions, entry.aliases, says_unknown=isinstance(entry, Unknown))


def _prompts(entries: Iterable[Entry]) -> list[tuple[str, str]]:
    """(topic, question) for every answerable curated question, once each."""
    seen: dict[str, tuple[str, str]] = {}
    for entry in entries:
        if isinstance(entry, Unknown):
            continue
        for question in entry.questions:
            seen.setdefault(fold(question), (entry.topic, question))
    return list(seen.values())
