"""``heartbot eval --intents``: the intent layer on a public intent benchmark (CLINC150's format).

Each intent becomes an entry whose curated questions are its training utterances; the
out-of-scope training utterances, where given, become one entry that stands for "refuse". A
message is answered right when the decision answers with its intent; an out-of-scope message
must get no answer at all.

With a hundred questions an entry there is enough to learn from: the matcher ranks, the learned
model (`bot.engine.matching.learned`) weighs its ranking, and the blended chance decides. The
film's fact base gives a dozen questions an entry, and its decision reads subjects and kinds of
answer that these intents don't have, so it decides by its checks instead.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.curation.bench import percentile
from bot.engine.matching.decision import Matcher
from bot.engine.matching.index import Intent
from bot.engine.matching.learned import Learned

OUT_OF_SCOPE = "oos"  # CLINC150's label for what no intent covers
RANKED = 10  # the matcher's candidates blended into the learned model's chances
# The blended chance at which the layer answers: chosen with learned.BLEND on CLINC150's
# validation split, as the pair answering most while wrong answers stay under 2% of all.
ANSWER_AT = 0.76


class IntentSetError(Exception):
    """The benchmark file can't be read, or lacks what is measured."""


@dataclass(frozen=True)
class IntentResult:
    """The figures the targets are set on, and how fast they came."""

    in_scope: int
    in_scope_right: int
    out_of_scope: int
    out_of_scope_refused: int
    wrong: int  # answered with another intent, or answered at all when out of scope
    top1: int  # in scope, ranked first whatever the decision
    p50_ms: float
    p99_ms: float
    build_s: float

    @property
    def total(self) -> int:
        """Every message measured."""
        return self.in_scope + self.out_of_scope

    def as_json(self) -> dict[str, float]:
        """The figures by the keys ``--json`` promises."""
        return {
            "in_scope_accuracy": _share(self.in_scope_right, self.in_scope),
            "oos_recall": _share(self.out_of_scope_refused, self.out_of_scope),
            "wrong_rate": _share(self.wrong, self.total),
            "top1": _share(self.top1, self.in_scope),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "build_s": round(self.build_s, 3),
        }

    def summary(self) -> str:
        """The figures as a curator reads them."""
        figures = self.as_json()
        return (
            f"in-scope accuracy: {figures['in_scope_accuracy']:.1%} "
            f"({self.in_scope_right}/{self.in_scope})\n"
            f"out-of-scope recall: {figures['oos_recall']:.1%} "
            f"({self.out_of_scope_refused}/{self.out_of_scope})\n"
            f"wrong answers: {figures['wrong_rate']:.1%} of all ({self.wrong}/{self.total})\n"
            f"top-1, ignoring the decision: {figures['top1']:.1%} ({self.top1}/{self.in_scope})\n"
            f"latency: p50 {self.p50_ms:.2f} ms, p99 {self.p99_ms:.2f} ms; "
            f"build {self.build_s:.2f} s"
        )


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


Labelled = list[tuple[str, str]]


def load_intents(path: Path, split: str) -> tuple[Labelled, Labelled, Labelled, Labelled]:
    """Training utterances, out-of-scope training utterances, and the split measured (in and
    out of scope), from a CLINC150-format JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise IntentSetError(f"{path}: cannot read the benchmark ({exc})") from exc
    if not isinstance(data, dict):
        raise IntentSetError(f"{path}: want a JSON object with keys train, {split} ...")
    missing = [key for key in ("train", split, f"oos_{split}") if key not in data]
    if missing:
        held = " (the test split is held back on purpose)" if split == "test" else ""
        raise IntentSetError(f"{path}: no {', '.join(missing)} in it{held}")

    def pairs(key: str) -> Labelled:
        rows = data.get(key, [])
        if not all(isinstance(r, list) and len(r) == 2 for r in rows):
            raise IntentSetError(f"{path}: {key} must be a list of [utterance, intent] pairs")
        return [(str(text), str(label)) for text, label in rows]

    train = pairs("train")
    if not train:
        raise IntentSetError(f"{path}: train is empty: there is nothing to learn the intents from")
    return train, pairs("oos_train"), pairs(split), pairs(f"oos_{split}")


class IntentLayer:
    """The matcher and the learned model over one benchmark's intents, deciding together."""

    def __init__(self, train: Labelled, oos_train: Labelled) -> None:
        asked: dict[str, list[str]] = {}
        for text, label in (*train, *oos_train):
            asked.setdefault(OUT_OF_SCOPE if label == OUT_OF_SCOPE else label, []).append(text)
        questions = {label: tuple(dict.fromkeys(texts)) for label, texts in asked.items()}
        self.learned = Learned(questions)
        self.matcher = Matcher(
            [
                Intent(label, texts, says_unknown=label == OUT_OF_SCOPE)
                for label, texts in questions.items()
            ],
            learned=self.learned,  # one fit: the matcher's long-message check reads it too
        )

    def decide(self, message: str) -> tuple[str | None, str]:
        """The intent answered (None: refused) and the one ranked first whatever the decision."""
        ranked = self.matcher.match(message, limit=RANKED).candidates
        first, chance = self.learned.weigh(message, ranked)
        answered = first != OUT_OF_SCOPE and chance >= ANSWER_AT
        return (first if answered else None), first


def measure(
    train: Labelled,
    oos_train: Labelled,
    measured: Labelled,
    oos_measured: Labelled,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> IntentResult:
    """Build the layer, then decide on every measured message, timing each."""
    started = time.perf_counter()
    layer = IntentLayer(train, oos_train)
    build_s = time.perf_counter() - started
    right = refused = wrong = top1 = 0
    timings: list[float] = []
    cases = [*measured, *oos_measured]
    for n, (text, label) in enumerate(cases, 1):
        started = time.perf_counter()
        answered, first = layer.decide(text)
        timings.append((time.perf_counter() - started) * 1000)
        if label == OUT_OF_SCOPE:
            refused += answered is None
            wrong += answered is not None
        else:
            top1 += first == label
            right += answered == label
            wrong += answered not in (None, label)
        if progress is not None:
            progress(n, len(cases))
    return IntentResult(
        in_scope=len(measured),
        in_scope_right=right,
        out_of_scope=len(oos_measured),
        out_of_scope_refused=refused,
        wrong=wrong,
        top1=top1,
        p50_ms=percentile(timings, 0.50),
        p99_ms=percentile(timings, 0.99),
        build_s=build_s,
    )
