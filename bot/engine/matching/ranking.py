"""Ranking: the entries that explain a question best, exactly as scoring every entry would.

A big fact base is not scored entry by entry: inverted indexes find the entries sharing a word
with the question (no other explains any of it), bounds rule out those that can't reach the
ranking, and rapidfuzz measures the similarity of many curated questions at once, in
``process.extract`` calls with a cutoff. See _Ranking; ``rank(..., limit=None)`` scores every
entry sharing a word, the reference the pruned path is tested against.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.engine.matching.index import LIGHT_BITS, Candidate, Index, Query
from bot.engine.text import LIGHT_WORDS

# Scores are rounded to hundredths: an entry bounded below the bar by more than this ranks
# strictly behind it whatever the rounding.
_ROUNDING = 0.01
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


def rank(index: Index, query: Query, *, limit: int | None) -> list[Candidate]:
    """The ``limit`` best entries (all if None), best first, exactly as if all were scored.

    Scoring every entry is too slow for a big fact base, and most can be ruled out
    unscored: only an entry sharing a word with the question explains any of it (the
    rest have coverage 0 and are dropped), and one whose score is bound to fall short of
    the ``limit``-th best found so far can't be in the ranking. See _Ranking.
    """
    weights = [
        index._token_weight(tok)
        * (2.0 if tok in query.names else 1.0)
        * (index.thresholds.filler_weight if tok in query.filler else 1.0)
        * (index.thresholds.background_weight if tok in query.background else 1.0)
        for tok in query.tokens
    ]
    total = sum(weights)
    if not total:
        return []  # every coverage is 0
    if limit is None or not index._prunable or min(weights) < 0:
        # All of them, or with negative tunables (the bounds assume none): score every
        # entry sharing a word.
        sharing: set[int] = set()
        for token in query.tokens:
            sharing.update(index._run(index._strong_runs, index._strong_entries, token))
            sharing.update(index._run(index._weak_runs, index._weak_entries, token))
        everything = _Ranking(index, query, weights, total, None)
        everything.score(sorted(sharing))
        return everything.best()[:limit]
    ranking = _Ranking(index, query, weights, total, limit)
    # What each entry explains through words that aren't light. The light ones ("what",
    # "in", "film") are in most entries: what they add is bounded for all at once.
    t = index.thresholds
    heavy, through, further = ranking.heavy, ranking.through, ranking.further
    places = ranking.places
    for position, (token, weight) in enumerate(zip(query.tokens, weights, strict=True)):
        if token in LIGHT_WORDS:
            continue
        start, end = index._strong_runs.get(token, (0, 0))
        for at, entry in enumerate(index._strong_entries[start:end], start):
            heavy[entry] = heavy.get(entry, 0.0) + weight
            # Where to find the entry's lightest question using the word, by number (no
            # tuple per entry: a query should leave the garbage collector little to do).
            if entry in through:
                further.setdefault(entry, []).append(at * places + position)
            else:
                through[entry] = at * places + position
        credited = weight * t.context_credit
        for entry in index._run(index._weak_runs, index._weak_entries, token):
            heavy[entry] = heavy.get(entry, 0.0) + credited
    # Score those explaining the most in full, to set the bar.
    ranking.score(heapq.nlargest(_HEAD * limit, heavy, key=heavy.__getitem__))
    # Then the others sharing a word that isn't light, in bands of what they explain;
    # once what a band explains can't reach the bar, neither can the rest.
    sway = 100 * t.similarity_weight
    # (Sorted by entry, then stably by what they explain: ties stay in key order.)
    rest = [e for e in sorted(heavy) if e not in ranking.seen]
    rest.sort(key=heavy.__getitem__, reverse=True)
    loosest = index._lightest_of_all
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

    None of this holds with a negative weight or share in the thresholds: ``rank``
    scores every entry sharing a word then.
    """

    def __init__(
        self,
        matcher: Index,
        query: Query,
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
                bit = LIGHT_BITS[token]
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
        self._sweep_similar(entries, top)
        if top >= self.bar():
            # An entry no curated question of which is like the question at all (similarity
            # 0, which rapidfuzz's cutoff of 1 leaves out) may still reach the bar.
            self._sweep_dissimilar(entries)

    def _sweep_similar(self, entries: Sequence[int] | None, top: float) -> None:
        matcher, sway = self.matcher, self.sway
        pool = None if entries is None else matcher._questions_of(entries)
        # With no bar yet, look at the most similar first, so there is one.
        first = _SAMPLE * (self.limit or 1) if self.bar() == -math.inf else None
        for sample in (first, None):
            cutoff = max(1.0, (self.bar() - top) / sway) if sway > 0 else 1.0
            texts, owners = pool or matcher._questions_near(self.query.text, cutoff)
            found = self._similar(texts, cutoff, limit=sample)
            seen, bar = self.seen, self.bar()  # the bar moves only when an entry is scored
            for _, similarity, index in found:
                if top + sway * similarity < bar:
                    return  # the rest are less similar still
                entry = owners[index]
                if entry in seen:
                    continue  # met before, at its most similar
                seen.add(entry)
                self._consider(entry, similarity)
                bar = self.bar()
            if sample is None or len(found) < sample or top + sway * found[-1][1] < self.bar():
                return  # no question left out was over the cutoff, or can reach the bar

    def _sweep_dissimilar(self, entries: Sequence[int] | None) -> None:
        """Score, at similarity 0, those of ``entries`` (None: those sharing a light word)
        not met yet."""
        matcher = self.matcher
        if entries is None:
            sharing: set[int] = set()
            for token in self.query.tokens:
                if token in LIGHT_WORDS:
                    sharing.update(
                        matcher._run(matcher._strong_runs, matcher._strong_entries, token)
                    )
                    sharing.update(matcher._run(matcher._weak_runs, matcher._weak_entries, token))
            entries = sorted(sharing)
        for entry in entries:
            if entry in self.seen:
                continue
            self.seen.add(entry)
            self._consider(entry, 0.0)

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


def _rank_order(candidate: Candidate) -> tuple[float, str]:
    return (-candidate.score, candidate.key)
