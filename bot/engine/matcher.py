"""The intent layer: route a chat question to the entry it asks for, or to no entry at all.

Three kinds of evidence are combined over one prebuilt index:

* coverage: how much of the question's meaning (its content words, weighted by how rare they
  are across entries) the entry's vocabulary explains. A word no entry knows ("Godfather",
  "weather") weighs as much as the rarest word we do know, so off-topic questions score low
  even when they share a word or two with a fact.
* fit: the weighted overlap (Dice) of the question with the closest curated question, so a
  curated question's own key word ("played" in "who played Hank?") must be asked for too.
* similarity: rapidfuzz's token-sort ratio of the question against the curated questions.

Typos are repaired word by word against the index vocabulary before scoring.

The ranking is the one scoring every entry would give, but a big fact base is not scored
entry by entry: inverted indexes find the entries sharing a word with the question (no other
explains any of it), bounds rule out those that can't reach the ranking, and rapidfuzz
measures the similarity of many curated questions at once, in ``process.extract`` calls
with a cutoff. See _Ranking.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from bot.engine.text import (
    IRREGULAR,
    LIGHT_WORDS,
    YEAR,
    is_content,
    mentions_film,
    stem,
    wants_number,
    words,
)


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """Every tunable of the decision, in one place.

    Tuned by a grid search over these fields against tests/data/dev_questions.tsv (361 labelled
    questions), watching three figures from ``heartbot eval``: wrong answers first (a wrong
    answer is worse than none), then refusals of what the source doesn't say, then answers.
    The bars were raised until no off-topic question got a fact, then lowered only where that
    cost no wrong answers; "did you mean" takes what falls between. tests/data/
    holdout_questions.tsv, written apart from both, checks that the tuning generalises.
    """

    # To answer, the best entry needs this score (0-100), this share of the question's meaning
    # explained, and this lead over the best entry that is not its roundup or member.
    answer: float = 62.0
    coverage: float = 0.72
    margin: float = 5.0
    # ... or, as a runaway winner, less of the question explained (one unknown word, as in
    # "was the plane made from a wrecked plane"), but never less than this.
    clear_lead: float = 20.0
    clear_coverage: float = 0.5
    # A roundup's fact that explains more of the question than the roundup, and scores within
    # this of it, is the more precise answer.
    member_margin: float = 15.0
    # Below these, nothing is close: refuse rather than suggest.
    suggest: float = 42.0
    suggest_coverage: float = 0.45
    # The score: coverage, plus these shares of fit and similarity.
    similarity_weight: float = 0.15
    fit_weight: float = 0.25
    unseen_weight: float = 1.0  # a word no entry knows, relative to the rarest known word
    context_credit: float = 0.5  # a word found only in an entry's answer text counts half
    light_word_weight: float = 0.3  # question words and "film", relative to their rarity
    max_words: int = 40  # longer input is cut: nobody asks a 40-word question
    min_letters: int = 2


DEFAULT_THRESHOLDS = Thresholds()
# Scores are rounded to hundredths: an entry bounded below the bar by more than this ranks
# strictly behind it whatever the rounding.
_ROUNDING = 0.01
_SPECIFIC = frozenset({"who", "when", "where", "why"})  # what each asks for is one kind of thing
# A bit for each light word, to note cheaply which of them an entry knows.
_LIGHT_BITS = {word: 1 << n for n, word in enumerate(sorted(LIGHT_WORDS))}
# Bounds and scores add the same terms in different orders: this covers the difference.
_SLACK = 1e-6
# How far apart (in score) the bounds of entries searched together may be: roughly, then
# closely.
_BAND = 1.5
_STEP = 0.5
# How many of the most similar questions a search looks at first, per place in the ranking.
_SAMPLE = 200
# How many of the entries explaining the most are scored first, per place in the ranking.
_HEAD = 4


@dataclass(frozen=True)
class Intent:
    """What the matcher needs of an entry: how people ask for it, and its vocabulary."""

    key: str
    questions: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    context: str = ""
    numeric: bool = True  # can it answer "how many/much/long ...?" (a fact needs a number)
    says_unknown: bool = False  # it stands for something the source doesn't say


@dataclass(frozen=True)
class Candidate:
    """One entry's score for a question (0-100) and the share of the question it explains."""

    key: str
    score: float
    coverage: float


class Verdict(StrEnum):
    """What the engine should do with the best candidate."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Match:
    """The matcher's decision and the ranking behind it, best first."""

    verdict: Verdict
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any scored at all."""
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True)
class _Query:
    tokens: tuple[str, ...]  # stemmed, stopwords dropped, question words kept
    text: str  # tokens sorted and joined, for the similarity scorer
    # Unknown words right after "the" ("the godfather", "the matrix"): likely a title or a
    # name the source doesn't know, so they weigh double.
    names: frozenset[str] = frozenset()
    about_film: bool = False  # it says "it", "this" or the title
    wants_number: bool = False  # "how many/much/long ...?"


class Matcher:
    """A prebuilt index over entries' questions, aliases and answer text."""

    def __init__(
        self,
        intents: Sequence[Intent],
        *,
        groups: dict[str, frozenset[str]] | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        self.thresholds = thresholds
        # Entries are numbered in the order of their keys, the order ties are ranked in, so
        # a search meets tied entries in the order it keeps them and can skip the rest.
        intents = sorted(intents, key=lambda intent: intent.key)
        self._keys = tuple(i.key for i in intents)
        if len(set(self._keys)) != len(self._keys):
            raise ValueError("every intent needs its own key")
        self._wordless_entry = [not i.numeric for i in intents]
        self._says_unknown = frozenset(i.key for i in intents if i.says_unknown)
        # The bounds that let _rank skip entries hold while no share can be negative.
        self._prunable = (
            min(
                thresholds.similarity_weight,
                thresholds.fit_weight,
                1 - thresholds.similarity_weight - thresholds.fit_weight,
                thresholds.context_credit,
            )
            >= 0
        )
        # A group (a roundup) and its members share questions without competing; where a member
        # scores about as well as its group, the member is the more precise answer.
        self._groups = groups or {}
        self._related: dict[str, set[str]] = {}
        for group, members in self._groups.items():
            self._related.setdefault(group, set()).update(members)
            for member in members:
                self._related.setdefault(member, set()).add(group)
        # Multi-word proper names ("Harry Dean Stanton") count as one word, so a name can't
        # outweigh the rest of the question three times over. Common phrases ("airport
        # replica") stay words, so either word still finds them. (Each text is split into
        # words once: normalising is most of the build.)
        alias_words = [[words(alias) for alias in intent.aliases] for intent in intents]
        self._phrases: dict[tuple[str, ...], str] = {}
        for intent, normalised_aliases in zip(intents, alias_words, strict=True):
            for alias, normalised in zip(intent.aliases, normalised_aliases, strict=True):
                content = tuple(w for w in normalised if is_content(w))
                if len(content) > 1 and _is_name(alias):
                    self._phrases[content] = "_".join(content)
        self._longest_phrase = max((len(p) for p in self._phrases), default=1)
        texts = self._index_words(intents, alias_words)
        self._index_postings()
        self._index_bounds()
        self._index_questions(texts)

    def _index_words(
        self, intents: Sequence[Intent], alias_words: Sequence[Sequence[list[str]]]
    ) -> list[str]:
        """Note each entry's words and curated questions; return the questions' texts."""
        self._strong: dict[str, frozenset[str]] = {}
        self._weak: dict[str, frozenset[str]] = {}
        self._kinds: dict[str, frozenset[str]] = {}
        raw_vocab: set[str] = set()
        # The curated questions, entry by entry: entry n's are texts[_spans[n]:_spans[n + 1]].
        texts: list[str] = []
        question_tokens: list[tuple[str, ...]] = []
        self._spans = array("l", [0])
        for intent, normalised_aliases in zip(intents, alias_words, strict=True):
            strong: set[str] = set()
            for question in intent.questions:
                normalised = words(question)
                raw_vocab.update(normalised)
                prepared = self._prepare_words(normalised, repair=False)
                strong.update(prepared.tokens)
                texts.append(prepared.text)
                question_tokens.append(prepared.tokens)
            self._spans.append(len(texts))
            for normalised in normalised_aliases:
                raw_vocab.update(normalised)
                strong.update(self._prepare_words(normalised, repair=False).tokens)
            normalised = words(intent.context)
            raw_vocab.update(normalised)
            weak = set(self._prepare_words(normalised, repair=False).tokens) - strong
            self._strong[intent.key] = frozenset(strong)
            self._weak[intent.key] = frozenset(weak)
            # What it answers: what its questions ask, and "when" too if it gives a year.
            dated = {"when"} if YEAR.search(intent.context) else set()
            self._kinds[intent.key] = frozenset(_SPECIFIC & strong | dated)
        self._question_tokens = tuple(question_tokens)
        self._vocab_set = frozenset(raw_vocab)
        # The words a typo may be repaired to, by length (a word more than ``allowed`` letters
        # longer or shorter is more than ``allowed`` edits away), each in alphabetical order.
        by_length: dict[int, list[str]] = {}
        for word in sorted(w for w in raw_vocab if is_content(w) and w.isalpha()):
            by_length.setdefault(len(word), []).append(_copy(word))
        self._vocab_by_length = {length: tuple(found) for length, found in by_length.items()}
        return texts

    def _index_postings(self) -> None:
        """Build the inverted indexes, and weigh words by how rare they are."""
        # From word to the entries that know it, as a question word (strong) or only from
        # their answer text (weak), and to the curated questions using it. Each list is a run
        # of one flat array: a big index of few objects costs the garbage collector little.
        strong_postings: dict[str, list[int]] = {}
        weak_postings: dict[str, list[int]] = {}
        for entry, key in enumerate(self._keys):
            for token in self._strong[key]:
                strong_postings.setdefault(token, []).append(entry)
            for token in self._weak[key]:
                weak_postings.setdefault(token, []).append(entry)
        question_postings: dict[str, list[int]] = {}
        for index, tokens in enumerate(self._question_tokens):
            for token in tokens:
                question_postings.setdefault(token, []).append(index)
        self._strong_runs, self._strong_entries = _flatten(strong_postings)
        self._weak_runs, self._weak_entries = _flatten(weak_postings)
        self._question_runs, self._question_postings = _flatten(question_postings)
        count = len(self._keys)
        df = {t: len(p) for t, p in strong_postings.items()}
        for token, postings in weak_postings.items():
            df[token] = df.get(token, 0) + len(postings)
        self._unseen_weight = self.thresholds.unseen_weight * math.log(1 + count)
        self._weight = {t: math.log(1 + count / n) for t, n in df.items()}
        # Each question's weight, for the fit score.
        self._question_weight = array(
            "d",
            (sum(self._token_weight(tok) for tok in tokens) for tokens in self._question_tokens),
        )

    def _index_bounds(self) -> None:
        """Note what bounds an entry's score before it is scored (see _Ranking.most)."""
        # Each entry's lightest curated question, and the lightest of all.
        self._lightest = array(
            "d",
            (
                min(self._question_weight[start:end], default=0.0)
                for start, end in itertools.pairwise(self._spans)
            ),
        )
        self._lightest_of_all = min(self._lightest, default=0.0)
        # Which light words each entry knows, as question words or only from its answer text.
        self._light_strong = array("l", (_light_bits(self._strong[key]) for key in self._keys))
        self._light_weak = array("l", (_light_bits(self._weak[key]) for key in self._keys))
        # For each entry knowing a word as a question word (in the order of the strong
        # postings): the lightest of its curated questions using the word (a fit through that
        # word divides by at least that), and the light words those questions have (all such
        # a fit can add but other words).
        lightest_of: dict[str, list[float]] = {}
        company_of: dict[str, list[int]] = {}
        for entry, key in enumerate(self._keys):
            lightest: dict[str, float] = {}
            company: dict[str, int] = {}
            for index in range(self._spans[entry], self._spans[entry + 1]):
                weight = self._question_weight[index]
                tokens = self._question_tokens[index]
                bits = _light_bits(tokens)
                for token in tokens:
                    lightest[token] = min(weight, lightest.get(token, weight))
                    company[token] = company.get(token, 0) | bits
            for token in self._strong[key]:
                # A word only an alias has is in no curated question: it adds no fit.
                lightest_of.setdefault(token, []).append(lightest.get(token, math.inf))
                company_of.setdefault(token, []).append(company.get(token, 0))
        self._strong_lightest = array("d")
        self._strong_company = array("l")
        for token in self._strong_runs:
            self._strong_lightest.extend(lightest_of[token])
            self._strong_company.extend(company_of[token])

    def _index_questions(self, texts: list[str]) -> None:
        """Lay the curated questions' texts out for rapidfuzz to compare many at once."""
        # Each entry's, and its number as often, to gather some entries' quickly.
        self._entry_texts = tuple(
            tuple(texts[start:end]) for start, end in itertools.pairwise(self._spans)
        )
        self._entry_owners = tuple(
            (entry,) * len(found) for entry, found in enumerate(self._entry_texts)
        )
        # All of them again, shortest first, so a search can skip those whose length alone
        # keeps them under its cutoff: fresh copies, laid out in memory in the order they are
        # read, read faster.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        self._sorted_texts = tuple(_copy(texts[i]) for i in order)
        owners = [entry for entry, found in enumerate(self._entry_texts) for _ in found]
        self._sorted_owners = array("l", (owners[i] for i in order))
        self._by_length = array("l", (len(text) for text in self._sorted_texts))

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word the index knows, unstemmed."""
        return self._vocab_set

    def match(self, question: str, *, limit: int = 5) -> Match:
        """Rank entries for a question and decide: answer, suggest or refuse."""
        t = self.thresholds
        if sum(ch.isalpha() for ch in question) < t.min_letters:
            return Match(Verdict.REFUSE, ())
        query = self._prepare(question, repair=True)
        if all(tok in LIGHT_WORDS for tok in query.tokens) and not query.about_film:
            # "what about you?", "how about that": nothing asked about the film.
            return Match(Verdict.REFUSE, ())
        ranked = self._rank(query, limit=limit if limit > 0 else None)[:limit]
        if not ranked:
            return Match(Verdict.REFUSE, ())
        members = self._groups.get(ranked[0].key, frozenset())
        close = [
            c
            for c in ranked[1:]
            if c.key in members
            and c.coverage > ranked[0].coverage
            and ranked[0].score - c.score < t.member_margin
        ]
        if close:
            ranked.remove(close[0])
            ranked.insert(0, close[0])
        best = ranked[0]
        rival = next((c for c in ranked[1:] if c.key not in self._related.get(best.key, ())), None)
        lead = best.score - (rival.score if rival else 0.0)
        if (
            best.score >= t.answer
            and not self._other_kind(best, query)
            and (
                (best.coverage >= t.coverage and lead >= t.margin)
                or (
                    best.coverage >= t.clear_coverage
                    and lead >= t.clear_lead
                    and not self._asks_beyond(best, ranked, query)
                )
            )
        ):
            return Match(Verdict.ANSWER, tuple(ranked))
        if best.score >= t.suggest and best.coverage >= t.suggest_coverage:
            return Match(Verdict.SUGGEST, tuple(ranked))
        return Match(Verdict.REFUSE, tuple(ranked))

    def _other_kind(self, best: Candidate, query: _Query) -> bool:
        """Whether the question asks who, when, where or why, and ``best`` answers none of
        those: "where was the organ?" is not answered by when it was installed."""
        asked = _SPECIFIC.intersection(query.tokens)
        return bool(asked) and asked.isdisjoint(self._kinds[best.key])

    def _asks_beyond(self, best: Candidate, ranked: Sequence[Candidate], query: _Query) -> bool:
        """Whether a plausible known unknown explains words of the question that ``best`` lacks.

        "What role did Frederic Forrest have?" names the cast, but "role" is what the unknown
        about who played whom is about: the cast list would answer a different question.
        """
        own = self._strong[best.key] | self._weak[best.key]
        stray = {tok for tok in query.tokens if tok not in own and tok not in LIGHT_WORDS}
        return any(
            c.key in self._says_unknown
            and c.score >= self.thresholds.suggest
            and not stray.isdisjoint(self._strong[c.key])
            for c in ranked
        )

    def _rank(self, query: _Query, *, limit: int | None) -> list[Candidate]:
        """The ``limit`` best entries (all if None), best first, exactly as if all were scored.

        Scoring every entry is too slow for a big fact base, and most can be ruled out
        unscored: only an entry sharing a word with the question explains any of it (the
        rest have coverage 0 and are dropped), and one whose score is bound to fall short of
        the ``limit``-th best found so far can't be in the ranking. See _Ranking.
        """
        weights = [
            self._token_weight(tok) * (2.0 if tok in query.names else 1.0) for tok in query.tokens
        ]
        total = sum(weights)
        if not total:
            return []  # every coverage is 0
        if limit is None or not self._prunable or min(weights) < 0:
            # All of them, or with negative tunables (the bounds assume none): score every
            # entry sharing a word.
            sharing: set[int] = set()
            for token in query.tokens:
                sharing.update(self._run(self._strong_runs, self._strong_entries, token))
                sharing.update(self._run(self._weak_runs, self._weak_entries, token))
            everything = _Ranking(self, query, weights, total, None)
            everything.score(sorted(sharing))
            return everything.best()[:limit]
        ranking = _Ranking(self, query, weights, total, limit)
        # What each entry explains through words that aren't light. The light ones ("what",
        # "in", "film") are in most entries: what they add is bounded for all at once.
        t = self.thresholds
        heavy, through, further = ranking.heavy, ranking.through, ranking.further
        places = ranking.places
        for position, (token, weight) in enumerate(zip(query.tokens, weights, strict=True)):
            if token in LIGHT_WORDS:
                continue
            start, end = self._strong_runs.get(token, (0, 0))
            for at, entry in enumerate(self._strong_entries[start:end], start):
                heavy[entry] = heavy.get(entry, 0.0) + weight
                # Where to find the entry's lightest question using the word, by number (no
                # tuple per entry: a query should leave the garbage collector little to do).
                if entry in through:
                    further.setdefault(entry, []).append(at * places + position)
                else:
                    through[entry] = at * places + position
            credited = weight * t.context_credit
            for entry in self._run(self._weak_runs, self._weak_entries, token):
                heavy[entry] = heavy.get(entry, 0.0) + credited
        # Score those explaining the most in full, to set the bar.
        ranking.score(heapq.nlargest(_HEAD * limit, heavy, key=heavy.__getitem__))
        # Then the others sharing a word that isn't light, in bands of what they explain;
        # once what a band explains can't reach the bar, neither can the rest.
        sway = 100 * t.similarity_weight
        # (Sorted by entry, then stably by what they explain: ties stay in key order.)
        rest = [e for e in sorted(heavy) if e not in ranking.seen]
        rest.sort(key=heavy.__getitem__, reverse=True)
        loosest = self._lightest_of_all
        start = 0
        while start < len(rest):
            top = ranking.before_similarity(heavy[rest[start]] + ranking.light, loosest)
            if top + sway < ranking.bar():
                break
            end = start + 1
            while end < len(rest) and (
                ranking.before_similarity(heavy[rest[end]] + ranking.light, loosest) > top - _BAND
            ):
                end += 1
            ranking.search(rest[start:end])
            start = end
        # Last, the entries sharing only light words: most of the index, searched at once.
        top = ranking.before_similarity(ranking.light, loosest)
        if ranking.light > 0 and top + sway >= ranking.bar():
            ranking.seen.update(heavy)
            ranking.search(None)
        return ranking.best()

    def _candidate(
        self,
        query: _Query,
        weights: Sequence[float],
        total: float,
        entry: int,
        similarity: float,
    ) -> Candidate | None:
        """An entry's score, or None if it explains nothing of the question."""
        t = self.thresholds
        key = self._keys[entry]
        coverage = self._explained(query, weights, entry) / total
        if not coverage > 0:
            return None
        # Dice of the weighted words shared with each curated question; the best one counts.
        # A curated question's words are all among the entry's strong ones.
        strong = self._strong[key]
        shared = [(tok, w) for tok, w in zip(query.tokens, weights, strict=True) if tok in strong]
        fit = 0.0
        for index in range(self._spans[entry], self._spans[entry + 1]) if shared else ():
            tokens = self._question_tokens[index]
            common, shares = 0.0, False
            for token, weight in shared:
                if token in tokens:
                    common += weight
                    shares = True
            if shares:
                fit = max(fit, 2 * common / (total + self._question_weight[index]))
        score = (
            100 * (1 - t.similarity_weight - t.fit_weight) * coverage
            + 100 * t.fit_weight * fit
            + t.similarity_weight * similarity
        )
        return Candidate(key, round(score, 2), round(coverage, 3))

    def _explained(self, query: _Query, weights: Sequence[float], entry: int) -> float:
        """The weight of the question's words an entry knows; answer-text words count less."""
        key = self._keys[entry]
        strong, weak = self._strong[key], self._weak[key]
        credit = self.thresholds.context_credit
        return sum(
            w if tok in strong else w * credit if tok in weak else 0.0
            for tok, w in zip(query.tokens, weights, strict=True)
        )

    @staticmethod
    def _run(runs: dict[str, tuple[int, int]], flat: array[int], token: str) -> array[int]:
        """A word's postings, laid out by _flatten."""
        start, end = runs.get(token, (0, 0))
        return flat[start:end]

    def _questions_of(self, entries: Sequence[int]) -> tuple[list[str], list[int]]:
        """The curated questions of some entries, and the entry of each."""
        chain = itertools.chain.from_iterable
        texts = list(chain(map(self._entry_texts.__getitem__, entries)))
        owners = list(chain(map(self._entry_owners.__getitem__, entries)))
        return texts, owners

    def _questions_near(self, text: str, cutoff: float) -> tuple[Sequence[str], Sequence[int]]:
        """Every curated question whose length lets it be ``cutoff`` similar to ``text``.

        Similarity is 200 * LCS / (m + n), and LCS <= min(m, n).
        """
        length = len(text)
        lowest = math.floor(length * cutoff / (200 - cutoff)) if cutoff < 200 else length
        highest = math.ceil(length * (200 - cutoff) / cutoff) if cutoff > 0 else math.inf
        start = bisect.bisect_left(self._by_length, lowest)
        end = bisect.bisect_right(self._by_length, highest)
        if start == 0 and end == len(self._by_length):
            return self._sorted_texts, self._sorted_owners
        return self._sorted_texts[start:end], self._sorted_owners[start:end]

    def _token_weight(self, token: str) -> float:
        weight = self._weight.get(token, self._unseen_weight)
        if token in LIGHT_WORDS:
            return self.thresholds.light_word_weight * weight
        return weight

    def _prepare(self, text: str, *, repair: bool) -> _Query:
        return self._prepare_words(words(text), repair=repair)

    def _prepare_words(self, normalised: list[str], *, repair: bool) -> _Query:
        content: list[str] = []
        names: set[str] = set()
        previous = ""
        normalised = normalised[: self.thresholds.max_words]
        for word in normalised:
            after_the, previous = previous == "the", word
            if not is_content(word):
                continue
            # An irregular form ("thought" for "think") is no typo of a nearby word ("bought").
            if repair and word not in self._vocab_set and word not in IRREGULAR:
                word = self._repair(word)
                if after_the and word not in self._vocab_set:
                    names.add(stem(word))
            content.append(word)
        tokens: list[str] = []
        i = 0
        while i < len(content):
            for size in range(min(self._longest_phrase, len(content) - i), 1, -1):
                phrase = self._phrases.get(tuple(content[i : i + size]))
                if phrase is not None:
                    tokens.append(phrase)
                    i += size
                    break
            else:
                word = content[i]
                tokens.append(word if word in LIGHT_WORDS else stem(word))
                i += 1
        # One string per word, however many entries use it: the index holds a lot of them.
        deduped = tuple(sys.intern(token) for token in dict.fromkeys(tokens))
        return _Query(
            deduped,
            " ".join(sorted(deduped)),
            frozenset(names),
            about_film=mentions_film(normalised),
            wants_number=wants_number(normalised),
        )

    def _repair(self, word: str) -> str:
        """Replace a misspelt word by the nearest known word, if one is near enough.

        Of equally near words, the first in alphabetical order wins.
        """
        if len(word) < 3 or not word.isalpha():
            return word
        allowed = 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3
        best: tuple[int, str] | None = None
        for length in range(len(word) - allowed, len(word) + allowed + 1):
            # An edit is at most one deletion and one insertion, so an Indel scan (much the
            # faster) with twice the cutoff misses no word within reach.
            for near, _, _ in process.extract(
                word,
                self._vocab_by_length.get(length, ()),
                scorer=Indel.distance,
                processor=None,
                limit=None,
                score_cutoff=2 * allowed,
            ):
                distance = OSA.distance(word, near, score_cutoff=allowed)
                if distance <= allowed and (best is None or (distance, near) < best):
                    best = (distance, near)
        return best[1] if best else word


class _Ranking:
    """One question's ranking in the making, and the bar an entry must reach to join it.

    The bar is the ``limit``-th best score so far, less more than rounding, so an entry whose
    score is bound to stay under it ranks strictly behind ``limit`` others and can be skipped.
    An entry's score before similarity is bound by what the index says of it (see ``most``),
    then more tightly by what it shares with the question (see ``_exactly_most``); rapidfuzz
    measures similarity for many questions at once above a cutoff, so whatever it doesn't
    return is under the cutoff, and similarity is at most 100. Entries are searched from the
    likeliest down, and only those that might reach the bar are scored in full, with the very
    arithmetic of scoring them all: so the ranking is the same, down to ties, which go to the
    first key, as in ``_rank_order``.

    None of this holds with a negative weight or share in the thresholds: ``Matcher._rank``
    scores every entry sharing a word then.
    """

    def __init__(
        self,
        matcher: Matcher,
        query: _Query,
        weights: Sequence[float],
        total: float,
        limit: int | None,
    ) -> None:
        t = matcher.thresholds
        self.matcher = matcher
        self.query = query
        self.weights = weights
        self.pairs = list(zip(query.tokens, weights, strict=True))
        self.total = total
        self.limit = limit
        self.sway = t.similarity_weight
        self._coverage_share = 100 * (1 - t.similarity_weight - t.fit_weight) / total
        self._fit_share = 200 * t.fit_weight
        # The most the light words can explain of any entry.
        self.light = sum(
            weight * max(1.0, t.context_credit)
            for token, weight in zip(query.tokens, weights, strict=True)
            if token in LIGHT_WORDS
        )
        # What entries explain through words that aren't light.
        self.heavy: dict[int, float] = {}
        # For each of those words an entry has in a curated question, where its lightest
        # question using the word is in the strong postings, and the word's place in the
        # question, coded as one number (where * places + place); the first, then any more.
        self.places = max(1, len(query.tokens))
        self.through: dict[int, int] = {}
        self.further: dict[int, list[int]] = {}
        # The question's light words as bits, and what each combination of them weighs.
        self._asked = 0
        self._light_sum = {0: 0.0}
        for token, weight in zip(query.tokens, weights, strict=True):
            if token in LIGHT_WORDS:
                bit = _LIGHT_BITS[token]
                self._asked |= bit
                self._light_sum.update({b | bit: w + weight for b, w in self._light_sum.items()})
        self._credit = t.context_credit
        self.ranked: list[Candidate] = []
        self.seen: set[int] = set()
        # The best ``limit`` so far, as a heap whose first is the one ranked last.
        self._leaders: list[tuple[float, _Later]] = []

    def bar(self) -> float:
        """Under this, an entry ranks strictly behind ``limit`` others."""
        if self.limit is None or len(self._leaders) < self.limit:
            return -math.inf
        return self._leaders[0][0] - _ROUNDING

    def before_similarity(self, explained: float, lightest: float) -> float:
        """The most coverage and fit can score, explaining so much, with the lightest question."""
        return self._coverage_share * explained + self._fit_share * explained / (
            self.total + lightest
        )

    def most(self, entry: int) -> float:
        """The most an entry scores before similarity, from the index alone.

        Coverage is what the entry knows of the question. Fit is one curated question's
        Dice. A question sharing only light words shares at most the entry's light question
        words, and weighs at least the entry's lightest question. A question sharing other
        words too: order those words by the lightest question using each; if the k-th is the
        last it has, it shares at most the first k and the light words questions using the
        k-th have, and weighs at least the lightest question using the k-th.
        """
        matcher, total, light_sum, asked = self.matcher, self.total, self._light_sum, self._asked
        strong = matcher._light_strong[entry] & asked
        light = light_sum[strong]
        weak = light_sum[matcher._light_weak[entry] & asked & ~strong]
        explained = light + self._credit * weak + self.heavy.get(entry, 0.0)
        fit = light / (total + matcher._lightest[entry])
        first = self.through.get(entry)
        if first is not None:
            lightest, company, places = (
                matcher._strong_lightest,
                matcher._strong_company,
                self.places,
            )
            further = self.further.get(entry)
            ways: tuple[int, ...]
            if further is None:
                ways = (first,)
            elif len(further) == 1:
                second = further[0]
                ways = (
                    (first, second)
                    if lightest[first // places] <= lightest[second // places]
                    else (second, first)
                )
            else:
                ways = tuple(sorted((first, *further), key=lambda way: lightest[way // places]))
            common = 0.0
            for way in ways:
                at, position = divmod(way, places)
                common += self.weights[position]
                fit = max(fit, (common + light_sum[company[at] & asked]) / (total + lightest[at]))
        return self._coverage_share * explained + self._fit_share * fit

    def best(self) -> list[Candidate]:
        """The ranking, best first."""
        self.ranked.sort(key=_rank_order)
        return self.ranked[: self.limit]

    def score(self, entries: Sequence[int]) -> None:
        """Score entries in full."""
        entries = [e for e in entries if e not in self.seen]
        self.seen.update(entries)
        if self.query.wants_number:
            entries = [e for e in entries if not self.matcher._wordless_entry[e]]
        texts, owners = self.matcher._questions_of(entries)
        similar: dict[int, float] = {}
        for _, similarity, index in self._similar(texts, 1.0):
            similar.setdefault(owners[index], similarity)
        for entry in entries:
            self._consider(entry, similar.get(entry, 0.0))

    def search(self, entries: Sequence[int] | None) -> None:
        """Score those of ``entries`` (None: those sharing only light words) that may reach
        the bar: those bound to score the most first, each group the most similar first."""
        matcher = self.matcher
        if entries is None:
            self._sweep(None, self.before_similarity(self.light, matcher._lightest_of_all))
            return
        reach = 100 * self.sway
        most = {e: self.most(e) for e in entries}
        order = sorted(entries, key=most.__getitem__, reverse=True)
        start = 0
        while start < len(order):
            top = most[order[start]]
            if top + reach < self.bar():
                return
            end = start + 1
            while end < len(order) and most[order[end]] > top - _STEP:
                end += 1
            self._sweep(order[start:end], top)
            start = end

    def _sweep(self, entries: Sequence[int] | None, top: float) -> None:
        """Score those of ``entries`` (None: all) that may reach the bar, most similar first;
        none scores more than ``top`` before similarity."""
        matcher, sway = self.matcher, self.sway
        pool = None if entries is None else matcher._questions_of(entries)
        # With no bar yet, look at the most similar first, so there is one.
        first = _SAMPLE * (self.limit or 1) if self.bar() == -math.inf else None
        for sample in (first, None):
            cutoff = max(1.0, (self.bar() - top) / sway) if sway > 0 else 1.0
            texts, owners = pool or matcher._questions_near(self.query.text, cutoff)
            found = self._similar(texts, cutoff, limit=sample)
            for _, similarity, index in found:
                if top + sway * similarity < self.bar():
                    return  # the rest are less similar still
                entry = owners[index]
                if entry in self.seen:
                    continue  # met before, at its most similar
                self.seen.add(entry)
                if self.query.wants_number and matcher._wordless_entry[entry]:
                    continue
                self._consider(entry, similarity)
            if sample is None or len(found) < sample or top + sway * found[-1][1] < self.bar():
                return  # no question left out was over the cutoff, or can reach the bar

    def _consider(self, entry: int, similarity: float) -> None:
        """Score an entry in full, unless it's bound to stay under the bar."""
        matcher = self.matcher
        bar = self.bar()
        if bar > -math.inf:
            # First with at most all the light words, then with exactly what it explains.
            lifted = self.sway * similarity
            if self.most(entry) + lifted < bar:
                return
            # Its score rounds to at most this; a tie goes to the first key.
            most = round(self._exactly_most(entry) + lifted + _SLACK, 2)
            last, later = self._leaders[0]
            if most < last or (most == last and matcher._keys[entry] > later.key):
                return
        candidate = matcher._candidate(self.query, self.weights, self.total, entry, similarity)
        if candidate is None:
            return
        self.ranked.append(candidate)
        if self.limit is None:
            return
        leader = (candidate.score, _Later(candidate.key))
        if len(self._leaders) < self.limit:
            heapq.heappush(self._leaders, leader)
        else:
            heapq.heappushpop(self._leaders, leader)

    def _exactly_most(self, entry: int) -> float:
        """The most an entry scores before similarity, knowing which words it shares.

        Coverage is exact, and so is the fit of each curated question sharing a word that
        isn't light. One sharing only light words shares at most the entry's light question
        words, and weighs at least the entry's lightest question.
        """
        matcher, total = self.matcher, self.total
        explained = matcher._explained(self.query, self.weights, entry)
        strong = matcher._strong[matcher._keys[entry]]
        shared = [(token, weight) for token, weight in self.pairs if token in strong]
        light = sum(weight for token, weight in shared if token in LIGHT_WORDS)
        fit = light / (total + matcher._lightest[entry])
        first, last = matcher._spans[entry], matcher._spans[entry + 1]
        postings = matcher._question_postings
        for token, _ in shared:
            run = matcher._question_runs.get(token)
            if token in LIGHT_WORDS or run is None:
                continue
            low = bisect.bisect_left(postings, first, *run)
            for index in postings[low : bisect.bisect_left(postings, last, low, run[1])]:
                tokens = matcher._question_tokens[index]
                common = 0.0
                for other, weight in shared:
                    if other in tokens:
                        common += weight
                fit = max(fit, common / (total + matcher._question_weight[index]))
        return self._coverage_share * explained + self._fit_share * fit

    def _similar(
        self, texts: Sequence[str], cutoff: float, *, limit: int | None = None
    ) -> list[tuple[str, float, int]]:
        """The questions at least ``cutoff`` similar to the question, most similar first.

        With a ``limit``, only that many: no question left out is more similar than the last.
        """
        # Every text is its tokens sorted and joined by single spaces, so token_sort_ratio
        # would only sort them again: plain ratio gives the same score, without the sorting.
        return process.extract(
            self.query.text,
            texts,
            scorer=fuzz.ratio,
            processor=None,
            limit=limit,
            score_cutoff=cutoff,
        )


class _Later:
    """A key that sorts backwards: of two equal scores, the later key ranks last."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __lt__(self, other: _Later) -> bool:
        return self.key > other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Later) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


def _flatten(postings: dict[str, list[int]]) -> tuple[dict[str, tuple[int, int]], array[int]]:
    """Lay lists end to end in one array; each key gets the (start, end) of its run."""
    runs: dict[str, tuple[int, int]] = {}
    flat = array("l")
    for key, values in postings.items():
        runs[key] = (len(flat), len(flat) + len(values))
        flat.extend(values)
    return runs, flat


def _light_bits(tokens: Iterable[str]) -> int:
    """The light words among some, as bits of _LIGHT_BITS."""
    bits = 0
    for token in tokens:
        bits |= _LIGHT_BITS.get(token, 0)
    return bits


def _copy(text: str) -> str:
    """A new string equal to ``text`` (slicing or str() would return the same object)."""
    return (text + " ")[:-1]


def _rank_order(candidate: Candidate) -> tuple[float, str]:
    return (-candidate.score, candidate.key)


def _is_name(alias: str) -> bool:
    """Whether every word of an alias, bar small joining words, is capitalised."""
    return all(
        w[0].isupper() or w[0].isdigit() or not is_content(w.casefold()) for w in alias.split()
    )
