"""What the curated questions teach together: a softmax regression over their words, word
pairs and letter runs.

The fuzzy ranking knows how close a question's words are to an entry's; it can't learn which
words tell one entry from the next when a hundred entries share them ("card", "account",
"transfer"), nor which words of a long message are its story. A linear model fitted on every
entry's questions at once can, and the chance it gives its first entry says how sure it is.
The film's decision asks it only of a long message the score finds diluted
(``Matcher._learned_first``); an intent benchmark, with a hundred questions an entry, decides by
`Learned.weigh`, which blends the model's log chance with the fuzzy score of the entries the
matcher ranked, so a typo the letter runs miss and a rare word the model never saw still count.

numpy is imported here alone, and this module only where a model is fitted, so a one-line
question never loads it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from bot.engine.matching.index import Candidate
from bot.engine.text import spelled_out

LETTER_RUN = 4  # letters in a run, word edges marked: "<card>" -> "<car", "card", "ard>"
EPOCHS = 3  # passes over the questions; more fit the training questions, not new ones
# A few hundred questions take more passes to learn from: as many as this needs. Twice as
# many again moved 7 of the film's 60,305 spent messages, and cost a long message's cold start
# 0.09 s.
MIN_STEPS = 60
STEP = 2.0  # the gradient step; the rows are unit length
BATCH = 256  # questions a step: large enough for numpy to pay, small enough to learn fast
BIAS_STEP = STEP / 10  # the bias moves in every batch, so it moves less each time
# A feature in fewer questions than this tells that question apart, not its entry: left out,
# it costs the fit nothing.
SHARED_BY = 2
SEED = 0  # the order of the questions in each pass: the same model on every build
# How much a full fuzzy score (100) adds to the model's log chance of an entry the matcher
# ranked: tuned on CLINC150's validation split.
BLEND = 3.0

Floats = NDArray[np.float32]
Columns = NDArray[np.int64]


def features(text: str) -> list[str]:
    """The words (`spelled_out`), the pairs of words side by side, and each word's letter
    runs."""
    words = spelled_out(text)
    found = [*words, *(f"{one} {two}" for one, two in pairwise(words))]
    for word in words:
        edged = f"<{word}>"
        if len(edged) > LETTER_RUN + 1:
            runs = range(len(edged) - LETTER_RUN + 1)
            found += [f"~{edged[at : at + LETTER_RUN]}" for at in runs]
    return found


class Learned:
    """A softmax regression over `features`, fitted on each entry's questions."""

    def __init__(self, asked: Mapping[str, Sequence[str]]) -> None:
        if not any(asked.values()):
            raise ValueError("no questions to learn from")
        self.keys = tuple(asked)
        self._at = {key: n for n, key in enumerate(self.keys)}
        counted = [
            (Counter(features(question)), n)
            for n, key in enumerate(self.keys)
            for question in asked[key]
        ]
        every: Counter[str] = Counter()
        for counts, _ in counted:
            every.update(counts.keys())
        seen = {feature: held for feature, held in every.items() if held >= SHARED_BY}
        self._column = {feature: n for n, feature in enumerate(seen)}
        # Inverse document frequency, smoothed as if one more question held every feature.
        held = np.fromiter(seen.values(), np.float32, len(seen))
        self._idf: Floats = (np.log((1 + len(counted)) / (1 + held)) + 1).astype(np.float32)
        rows = self._rows([counts for counts, _ in counted])
        answers = np.fromiter((n for _, n in counted), np.int64, len(counted))
        self._weights, self._bias = _fit(rows, answers, len(seen), len(self.keys))

    def _rows(self, counted: Sequence[Counter[str]]) -> list[tuple[Columns, Floats]]:
        """Questions as their known features' columns and unit-length tf-idf weights."""
        known = [
            [
                (self._column[feature], times)
                for feature, times in counts.items()
                if feature in self._column
            ]
            for counts in counted
        ]
        sizes = np.fromiter(map(len, known), np.int64, len(known))
        pairs = np.array([pair for row in known for pair in row], np.int64).reshape(-1, 2)
        columns = pairs[:, 0]
        weights = (1 + np.log(pairs[:, 1].astype(np.float32))) * self._idf[columns]
        owner = np.repeat(np.arange(len(known)), sizes)
        norms = np.sqrt(np.bincount(owner, weights=weights * weights, minlength=len(known)))
        weights /= norms[owner].astype(np.float32)
        ends = np.cumsum(sizes)[:-1]
        return list(zip(np.split(columns, ends), np.split(weights, ends), strict=True))

    def chances(self, text: str) -> dict[str, float]:
        """Each entry's chance of being the one asked, by the model alone."""
        return dict(zip(self.keys, _softmax(self._scores(text)).tolist(), strict=True))

    def weigh(self, text: str, ranked: Sequence[Candidate]) -> tuple[str, float]:
        """The entry likeliest asked and its chance, the matcher's fuzzy scores blended in."""
        logits = np.log(_softmax(self._scores(text)) + 1e-9)
        for candidate in ranked:
            if candidate.key in self._at:
                logits[self._at[candidate.key]] += BLEND * candidate.score / 100
        chances = _softmax(logits)
        first = int(chances.argmax())
        return self.keys[first], float(chances[first])

    def _scores(self, text: str) -> Floats:
        ((columns, weights),) = self._rows([Counter(features(text))])
        scores: Floats = (self._weights[columns] * weights[:, None]).sum(axis=0) + self._bias
        return scores


def _softmax(scores: Floats) -> Floats:
    shifted = np.exp(scores - scores.max())
    result: Floats = shifted / shifted.sum()
    return result


def _fit(
    rows: list[tuple[Columns, Floats]], answers: Columns, width: int, entries: int
) -> tuple[Floats, Floats]:
    """Minibatch gradient descent on the cross-entropy; only the columns a batch holds move."""
    weights: Floats = np.zeros((width, entries), np.float32)
    bias: Floats = np.zeros(entries, np.float32)
    order = np.random.default_rng(SEED)
    batches = -(-len(rows) // BATCH)
    for _ in range(max(EPOCHS, -(-MIN_STEPS // batches))):
        shuffled = order.permutation(len(rows))
        for start in range(0, len(rows), BATCH):
            batch = shuffled[start : start + BATCH]
            sizes = np.fromiter((len(rows[n][0]) for n in batch), np.int64, len(batch))
            columns = np.concatenate([rows[n][0] for n in batch])
            # The batch as a dense matrix over just the columns it holds: two products in
            # BLAS instead of a gather and a scatter per feature.
            held, where = np.unique(columns, return_inverse=True)
            dense = np.zeros((len(batch), len(held)), np.float32)
            dense[np.repeat(np.arange(len(batch)), sizes), where] = np.concatenate(
                [rows[n][1] for n in batch]
            )
            moved = weights[held]
            scores = dense @ moved + bias
            chances = np.exp(scores - scores.max(axis=1, keepdims=True))
            chances /= chances.sum(axis=1, keepdims=True)
            chances[np.arange(len(batch)), answers[batch]] -= 1  # now the gradient of the loss
            weights[held] = moved - STEP * (dense.T @ chances)
            bias -= BIAS_STEP * chances.sum(axis=0) / len(batch)
    return weights, bias
