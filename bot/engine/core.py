"""The engine every transport calls: a question in, a Reply out."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.engine.answers import Outcome, Reply, Suggestion, echo, unique
from bot.engine.knowledge import Attribution, Entry, Fact, KnowledgeBase, Roundup, Unknown
from bot.engine.matching.decision import Match, Matcher, Verdict
from bot.engine.matching.index import DEFAULT_THRESHOLDS, Intent, Thresholds
from bot.engine.matching.question import kinds_given
from bot.engine.reported import reported
from bot.engine.source import Source
from bot.engine.text import fold
from bot.limits import MAX_CHOICES, MAX_OPTION_TEXT, MAX_SUGGESTIONS

SUGGESTION = "I'm not sure what you're asking."
_WORD = re.compile(r"[a-z0-9]+")
_TYPO_LENGTH = 4  # letters: a typed word this long that begins no word may be a typo of one
_TYPO_SIMILARITY = 80  # ... of a word at least this similar (rapidfuzz ratio)
HINT = "Ask me something about {title}, like {examples}."


@dataclass(frozen=True)
class Passage:
    """What a citation number supports in one source: its text with markers, the facts citing it."""

    number: int
    sentences: tuple[str, ...]
    facts: tuple[Fact, ...]
    source: Source


def not_said(part: str, names: Mapping[str, str] | None = None) -> str:
    """Say the source doesn't say what a question asks: in its words turned round where that
    is sure ("The source doesn't say what Hank does for a living."), else quoting it."""
    turned = reported(part, names)
    if turned is not None:
        return f"The source doesn't say {echo(turned)}."
    return f"The source doesn't say that: “{echo(part.rstrip('?!. '))}”."


def and_list(items: Iterable[str]) -> str:
    """Join names as prose: ``A``, ``A and B``, ``A, B and C``."""
    names = list(items)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Engine:
    """Answers questions from one fact base; knows nothing of Discord or terminals."""

    def __init__(self, knowledge: KnowledgeBase, *, thresholds: Thresholds = DEFAULT_THRESHOLDS):
        self.knowledge = knowledge
        self.matcher = Matcher(
            [_intent(entry, knowledge) for entry in knowledge.entries],
            groups={r.id: frozenset(r.facts) for r in knowledge.roundups},
            lexicon=knowledge.lexicon,
            described_by=knowledge.described_by,
            people=knowledge.people,
            thresholds=thresholds,
            told_next=_ToldNext(knowledge),
        )
        self._entries = {entry.id: entry for entry in knowledge.entries}
        self._facts = {fact.id: fact for fact in knowledge.facts}
        self._topics = tuple(knowledge.topics)  # every refusal lists them: group the facts once
        # The sources' titles as the index reads them: naming the film asks nothing of a fact.
        self._title_words = frozenset().union(
            *(self.matcher.index.tokens_in(source.title) for source in knowledge.sources)
        )
        # The fact base's names as it spells them, for replies that repeat a question's words.
        self._names = {
            name.casefold(): name
            for entry in knowledge.entries
            for name in (*entry.aliases, *(() if isinstance(entry, Roundup) else entry.subjects))
            if any(ch.isupper() for ch in name)
        } | {source.title.casefold(): source.title for source in knowledge.sources}
        # Autocomplete offers the curated questions themselves, each leading to its answer;
        # a question is found by its words or by its topic's name ("recep" -> Reception).
        # One choice per entry, its clearest (first) question, found by any of its questions,
        # its topic or its aliases ("budg" finds what the budget entry is about, not "bought").
        prompts = _prompts(knowledge.entries)
        self._prompt_entry = [entry for entry, _ in prompts]
        self._folded_prompts = [fold(text) for _, text in prompts]
        # Which prompts each word is in, and every word in order, to find those a typed word
        # begins ("dir" -> "directed", "director"). Kept as tuples: a fact base of thousands
        # of entries has tens of thousands of words, and a set for each costs tens of MB.
        prompts_with: dict[str, dict[int, None]] = {}
        for index, text in enumerate(self._folded_prompts):
            for word in _WORD.findall(text):
                prompts_with.setdefault(word, {})[index] = None
        self._prompts_with = {word: tuple(found) for word, found in prompts_with.items()}
        self._prompt_words = sorted(self._prompts_with)

    @property
    def sources(self) -> tuple[Source, ...]:
        """The source documents answers come from."""
        return self.knowledge.sources

    @property
    def title(self) -> str:
        """The sources' titles as prose: what heartbot knows about."""
        return and_list(source.title for source in self.sources)

    @property
    def refusal(self) -> str:
        """What heartbot says when nothing it knows is close."""
        if len(self.sources) == 1:
            return f"I can only answer from my source, {self.title}, and it doesn't cover that."
        return f"I can only answer from my sources ({self.title}), and they don't cover that."

    @property
    def hint(self) -> str:
        """How to ask, with two of the fact base's own questions: what the first fact says
        (a source's opening sentence says what it is), and the first "who" it answers."""
        facts = self.knowledge.facts
        chosen = [facts[0].questions[0]] if facts else []
        who = next((f.questions[0] for f in facts if f.questions[0].startswith("who ")), None)
        if who is not None and who not in chosen:
            chosen.append(who)
        if not chosen:
            return f"Ask me something about {self.title}."
        examples = " or ".join(f"“{echo(question.rstrip('?'))}?”" for question in chosen)
        return HINT.format(title=self.title, examples=examples)

    @property
    def credits(self) -> dict[str, Attribution]:
        """Where each source whose fact file says so is published, by the source's title."""
        return {ff.source.title: ff.attribution for ff in self.knowledge.files if ff.attribution}

    def source_of(self, fact: Fact) -> Source:
        """The source document a fact is grounded in."""
        return self.knowledge.source_of(fact.id)

    def ask(self, question: str, *, previous: str | None = None) -> Reply:
        """Answer a question, say the source doesn't say, suggest, or refuse; never raise.

        ``previous`` is the asker's message before this one, for a follow-up.
        """
        return self.reply(question, self.matcher.match(question, previous=previous))

    def reply(self, question: str, match: Match) -> Reply:
        """The reply a decision makes: what a transport shows for it."""
        best = match.best
        score = best.score if best else 0.0
        closest = best.key if best else None
        if match.verdict is Verdict.ANSWER and best is not None:
            entry = self._entries[best.key]
            if isinstance(entry, Unknown):
                return self._not_said(
                    question, entry.answer, entry.nearest, score, closest, entry.id
                )
            facts = self._facts_of(entry)
            if isinstance(entry, Fact) and entry.because is not None and match.why:
                facts = (self.knowledge.fact(entry.because), *facts)  # the cause, then its result
            confirmed = (
                isinstance(entry, Fact)
                and match.yes_or_no
                and self.matcher.says(entry.id, match.meant - self._title_words)
            )
            return Reply(
                question,
                Outcome.ANSWER,
                confirmed=confirmed,
                facts=facts,
                sources=self._titles(facts),
                score=score,
                entry_id=entry.id,
                closest=closest,
            )
        if match.verdict is Verdict.NOT_SAID:
            message = not_said(match.asked, self._names)
            return self._not_said(question, message, match.nearest, score, closest)
        if match.verdict is Verdict.SUGGEST:
            keys = list(dict.fromkeys(c.key for c in match.candidates))[:MAX_SUGGESTIONS]
            return Reply(
                question,
                Outcome.SUGGEST,
                message=SUGGESTION,
                suggestions=tuple(Suggestion(k, self._entries[k].questions[0]) for k in keys),
                score=score,
                closest=closest,
            )
        if match.verdict is Verdict.HINT:
            return Reply(question, Outcome.HINT, message=self.hint)
        return Reply(
            question,
            Outcome.REFUSE,
            message=self.refusal,
            score=score,
            topics=self._topics,
            closest=closest,
        )

    def complete(self, text: str, *, limit: int = MAX_CHOICES) -> tuple[str, ...]:
        """The questions of the entries that fit what the user has typed so far, one per
        entry (its clearest question), best match first; nothing when nothing fits."""
        limit = min(limit, MAX_CHOICES)
        if not text.strip():
            return tuple(fact.questions[0] for fact in self.knowledge.facts)[:limit]
        typed = fold(text)[:MAX_OPTION_TEXT]
        fitting: set[int] | None = None
        for word in _WORD.findall(typed):
            having = self._prompts_beginning(word)
            fitting = having if fitting is None else fitting & having
        if not fitting:
            return ()
        found = process.extract(
            typed,
            {index: self._folded_prompts[index] for index in fitting},
            scorer=fuzz.WRatio,
            processor=None,
            limit=None,
        )
        entries = dict.fromkeys(self._prompt_entry[index] for _, _, index in found)
        return tuple(entry.questions[0] for entry in list(entries)[:limit])

    def _prompts_beginning(self, word: str) -> set[int]:
        """The prompts with a word that ``word`` begins, or, failing that, one a slip away."""
        at = bisect.bisect_left(self._prompt_words, word)
        found: set[int] = set()
        while at < len(self._prompt_words) and self._prompt_words[at].startswith(word):
            found.update(self._prompts_with[self._prompt_words[at]])
            at += 1
        if found or len(word) < _TYPO_LENGTH:
            return found
        for near, _, _ in process.extract(
            word,
            self._prompt_words,
            scorer=fuzz.ratio,
            processor=None,
            limit=None,
            score_cutoff=_TYPO_SIMILARITY,
        ):
            found.update(self._prompts_with[near])
        return found

    def passages(self, number: int) -> tuple[Passage, ...]:
        """What citation ``number`` supports in each source that has it (one per source)."""
        found: list[Passage] = []
        for source in self.sources:
            sentences = source.passages(number)
            if sentences:
                facts = self.knowledge.facts_citing(number, source)
                found.append(Passage(number, sentences, facts, source))
        return tuple(found)

    def passage(self, number: int, source: Source | None = None) -> Passage | None:
        """What citation ``number`` supports in ``source`` (or the only source that has it)."""
        found = [p for p in self.passages(number) if source is None or p.source is source]
        return found[0] if len(found) == 1 else None

    def source_named(self, key: str) -> Source | None:
        """A source by its key (seed file stem) or its title, or None."""
        folded = fold(key).strip()
        for source in self.sources:
            if key == source.path.stem or folded == fold(source.title).strip():
                return source
        return None

    def fact(self, fact_id: str) -> Fact | None:
        """A fact by id, or None."""
        return self._facts.get(fact_id)

    def entry(self, entry_id: str) -> Entry | None:
        """Any entry by id, or None: ids outlive reloads in old messages' buttons."""
        return self._entries.get(entry_id)

    def facts_for(self, entry_id: str) -> tuple[Fact, ...]:
        """The facts behind an entry: itself, a roundup's facts, or an unknown's nearest."""
        entry = self._entries.get(entry_id)
        if isinstance(entry, Unknown):
            return self.facts_for(entry.nearest) if entry.nearest else ()
        return () if entry is None else self._facts_of(entry)

    def _facts_of(self, entry: Entry) -> tuple[Fact, ...]:
        if isinstance(entry, Roundup):
            return tuple(self._facts[f] for f in entry.facts)
        assert isinstance(entry, Fact)
        return (entry,)

    def _titles(self, facts: Iterable[Fact]) -> tuple[str, ...]:
        return unique(self.source_of(fact).title for fact in facts)

    def _not_said(
        self,
        question: str,
        message: str,
        nearest_id: str | None,
        score: float,
        closest: str | None,
        entry_id: str | None = None,
    ) -> Reply:
        """What the source doesn't say, offering the first fact behind ``nearest_id``."""
        facts = self.facts_for(nearest_id) if nearest_id else ()
        return Reply(
            question,
            Outcome.UNKNOWN,
            message=message,
            nearest=facts[0] if facts else None,
            sources=self._titles(facts[:1]),
            score=score,
            entry_id=entry_id,
            closest=closest,
        )


class _ToldNext:
    """What the source tells after each entry: read when "and then what?" is first asked, as
    locating every quote of a large fact base takes a while. Its own object, not the engine's
    method: the matcher holding the engine would keep a dropped engine alive till collected."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._knowledge = knowledge
        self._next: dict[str, str] | None = None

    def __call__(self, key: str) -> str | None:
        if self._next is None:
            self._next = _facts_told_next(self._knowledge)
        return self._next.get(key)


def _facts_told_next(knowledge: KnowledgeBase) -> dict[str, str]:
    """Each entry's next fact in its source: of the facts whose quotes start no earlier and end
    later, the one that ends first ("rejected the offer" is followed by "then bought the
    rights", which holds it). A roundup's is its last fact's; a known unknown's, its nearest's."""
    by_source: dict[int, list[tuple[int, int, str]]] = {}
    ends: dict[str, int] = {}
    near: dict[int, int] = {}  # where the last quote of each source was found
    for fact in knowledge.facts:
        source = knowledge.source_of(fact.id)
        found = source.locate(fact.quote, near=near.get(id(source), 0))
        if found is not None:
            by_source.setdefault(id(source), []).append((*found, fact.id))
            ends[fact.id] = near[id(source)] = found[1]
    then: dict[str, str] = {}
    for spans in by_source.values():
        # From the last start back: the ends of every quote starting no earlier, sorted.
        later: list[tuple[int, str]] = []
        for _, starting in itertools.groupby(sorted(spans, reverse=True), key=lambda s: s[0]):
            same = list(starting)
            for _, end, key in same:
                bisect.insort(later, (end, key))
            for _, end, key in same:
                after = bisect.bisect_left(later, (end + 1, ""))
                if after < len(later):
                    then[key] = later[after][1]
    for roundup in knowledge.roundups:
        last = max((f for f in roundup.facts if f in ends), key=ends.__getitem__, default=None)
        if last is not None and last in then:
            then[roundup.id] = then[last]
    # After what the source doesn't say, what it tells after the fact offered instead.
    for unknown in knowledge.unknowns:
        if unknown.nearest is not None and unknown.nearest in then:
            then[unknown.id] = then[unknown.nearest]
    return then


def _intent(entry: Entry, knowledge: KnowledgeBase) -> Intent:
    if isinstance(entry, Fact):
        context = f"{entry.answer} {entry.quote}"
        return Intent(
            entry.id,
            entry.questions,
            entry.aliases,
            context,
            subjects=entry.subjects,
            quote=entry.quote,
        )
    if isinstance(entry, Roundup):
        members = [knowledge.fact(f) for f in entry.facts]
        context = " ".join(f"{f.answer} {f.quote}" for f in members)
        return Intent(
            entry.id,
            entry.questions,
            entry.aliases,
            subjects=unique(s for f in members for s in f.subjects),
            gives=kinds_given(context),
        )
    return Intent(
        entry.id,
        entry.questions,
        entry.aliases,
        says_unknown=True,
        subjects=entry.subjects,
        nearest=entry.nearest,
    )


def _prompts(entries: Iterable[Entry]) -> list[tuple[Entry, str]]:
    """(entry, text to find it by) for every answerable entry: each of its questions with its
    topic, and its aliases."""
    found: list[tuple[Entry, str]] = []
    for entry in entries:
        if isinstance(entry, Unknown):
            continue
        found.extend((entry, f"{question} {entry.topic}") for question in entry.questions)
        found.extend((entry, alias) for alias in entry.aliases)
    return found
