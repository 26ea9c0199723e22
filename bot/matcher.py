"""The intent layer: route a chat question to the entry it asks for, or to no entry at all.

Two kinds of evidence are combined over one prebuilt index:

* coverage: how much of the question's meaning (its content words, weighted by how rare they
  are across entries) the entry's vocabulary explains. A word no entry knows ("Godfather",
  "weather") weighs as much as the rarest word we do know, so off-topic questions score low
  even when they share a word or two with a fact.
* fit: the weighted overlap (Dice) of the question with the closest curated question, so a
  curated question's own key word ("played" in "who played Hank?") must be asked for too.
* similarity: rapidfuzz's token-sort ratio of the question against every curated question,
  computed in one ``process.extract`` call over the whole index.

Typos are repaired word by word against the index vocabulary before scoring.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.normalize import (
    IRREGULAR,
    LIGHT_WORDS,
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
        self._keys = tuple(i.key for i in intents)
        self._wordless = frozenset(i.key for i in intents if not i.numeric)
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
        # replica") stay words, so either word still finds them.
        self._phrases: dict[tuple[str, ...], str] = {}
        for intent in intents:
            for alias in intent.aliases:
                content = tuple(w for w in words(alias) if is_content(w))
                if len(content) > 1 and _is_name(alias):
                    self._phrases[content] = "_".join(content)
        self._longest_phrase = max((len(p) for p in self._phrases), default=1)
        self._strong: dict[str, frozenset[str]] = {}
        self._weak: dict[str, frozenset[str]] = {}
        raw_vocab: set[str] = set()
        choices: dict[int, str] = {}
        self._choice_key: list[str] = []
        choice_tokens: list[tuple[str, ...]] = []
        for intent in intents:
            strong: set[str] = set()
            for question in intent.questions:
                prepared = self._prepare(question, repair=False)
                strong.update(prepared.tokens)
                choices[len(self._choice_key)] = prepared.text
                choice_tokens.append(prepared.tokens)
                self._choice_key.append(intent.key)
            for alias in intent.aliases:
                strong.update(self._prepare(alias, repair=False).tokens)
            for text in (*intent.questions, *intent.aliases, intent.context):
                raw_vocab.update(words(text))
            weak = set(self._prepare(intent.context, repair=False).tokens) - strong
            self._strong[intent.key] = frozenset(strong)
            self._weak[intent.key] = frozenset(weak)
        self._choices = choices
        self._says_unknown = frozenset(i.key for i in intents if i.says_unknown)
        self._vocab = tuple(sorted(w for w in raw_vocab if is_content(w) and w.isalpha()))
        self._vocab_set = frozenset(raw_vocab)
        count = len(intents)
        df: dict[str, int] = {}
        for key in self._keys:
            for token in self._strong[key] | self._weak[key]:
                df[token] = df.get(token, 0) + 1
        self._unseen_weight = thresholds.unseen_weight * math.log(1 + count)
        self._weight = {t: math.log(1 + count / n) for t, n in df.items()}
        # An inverted index from word to the curated questions that use it, for the fit score.
        self._postings: dict[str, list[int]] = {}
        self._choice_weight: list[float] = []
        for index, tokens in enumerate(choice_tokens):
            self._choice_weight.append(sum(self._token_weight(tok) for tok in tokens))
            for token in tokens:
                self._postings.setdefault(token, []).append(index)

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
        ranked = self._rank(query)
        if query.wants_number:
            ranked = [c for c in ranked if c.key not in self._wordless]
        ranked = ranked[:limit]
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
        if best.score >= t.answer and (
            (best.coverage >= t.coverage and lead >= t.margin)
            or (
                best.coverage >= t.clear_coverage
                and lead >= t.clear_lead
                and not self._asks_beyond(best, ranked, query)
            )
        ):
            return Match(Verdict.ANSWER, tuple(ranked))
        if best.score >= t.suggest and best.coverage >= t.suggest_coverage:
            return Match(Verdict.SUGGEST, tuple(ranked))
        return Match(Verdict.REFUSE, tuple(ranked))

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

    def _rank(self, query: _Query) -> list[Candidate]:
        t = self.thresholds
        weights = [
            self._token_weight(tok) * (2.0 if tok in query.names else 1.0) for tok in query.tokens
        ]
        total = sum(weights)
        similarity: dict[str, float] = {}
        for _, score, index in process.extract(
            query.text,
            self._choices,
            scorer=fuzz.token_sort_ratio,
            processor=None,
            limit=None,
            score_cutoff=1,
        ):
            key = self._choice_key[index]
            similarity[key] = max(similarity.get(key, 0.0), score)
        shared: dict[int, float] = {}
        for token, weight in zip(query.tokens, weights, strict=True):
            for index in self._postings.get(token, ()):
                shared[index] = shared.get(index, 0.0) + weight
        fit: dict[str, float] = {}
        for index, common in shared.items():
            key = self._choice_key[index]
            dice = 2 * common / (total + self._choice_weight[index])
            fit[key] = max(fit.get(key, 0.0), dice)
        ranked: list[Candidate] = []
        for key in self._keys:
            strong, weak = self._strong[key], self._weak[key]
            explained = sum(
                w if tok in strong else w * t.context_credit if tok in weak else 0.0
                for tok, w in zip(query.tokens, weights, strict=True)
            )
            coverage = explained / total if total else 0.0
            score = (
                100 * (1 - t.similarity_weight - t.fit_weight) * coverage
                + 100 * t.fit_weight * fit.get(key, 0.0)
                + t.similarity_weight * similarity.get(key, 0.0)
            )
            if coverage > 0:
                ranked.append(Candidate(key, round(score, 2), round(coverage, 3)))
        ranked.sort(key=lambda c: (-c.score, c.key))
        return ranked

    def _token_weight(self, token: str) -> float:
        weight = self._weight.get(token, self._unseen_weight)
        if token in LIGHT_WORDS:
            return self.thresholds.light_word_weight * weight
        return weight

    def _prepare(self, text: str, *, repair: bool) -> _Query:
        content: list[str] = []
        names: set[str] = set()
        previous = ""
        normalised = words(text)[: self.thresholds.max_words]
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
        deduped = tuple(dict.fromkeys(tokens))
        return _Query(
            deduped,
            " ".join(sorted(deduped)),
            frozenset(names),
            about_film=mentions_film(normalised),
            wants_number=wants_number(normalised),
        )

    def _repair(self, word: str) -> str:
        """Replace a misspelt word by the nearest known word, if one is near enough."""
        if len(word) < 3 or not word.isalpha():
            return word
        allowed = 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3
        found = process.extractOne(
            word, self._vocab, scorer=OSA.distance, processor=None, score_cutoff=allowed
        )
        return found[0] if found else word


def _is_name(alias: str) -> bool:
    """Whether every word of an alias, bar small joining words, is capitalised."""
    return all(
        w[0].isupper() or w[0].isdigit() or not is_content(w.casefold()) for w in alias.split()
    )
