"""``heartbot bench``: how fast the engine builds and answers; medians, never assertions."""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeBase
from bot.engine.text import forget


@dataclass(frozen=True)
class BenchResult:
    """Latency figures in milliseconds."""

    questions: int
    rounds: int
    build_ms: float
    median_ms: float
    p99_ms: float

    def summary(self) -> str:
        """One figure a line, as the closing note quotes them."""
        return (
            f"index build: {self.build_ms:.2f} ms (median of {self.rounds})\n"
            f"answer latency over {self.questions} questions x {self.rounds} rounds: "
            f"median {self.median_ms:.3f} ms, p99 {self.p99_ms:.3f} ms"
        )


def bench(
    knowledge: KnowledgeBase,
    questions: Sequence[str],
    *,
    rounds: int = 5,
    clock: Callable[[], float] = time.perf_counter,
) -> BenchResult:
    """Time the index build and every question, ``rounds`` times over."""
    builds: list[float] = []
    engine: Engine | None = None
    for _ in range(rounds):
        engine = None  # so the peak memory is one index's, not two
        forget()  # each round reads every text afresh, as a new process would
        start = clock()
        engine = Engine(knowledge)
        builds.append(clock() - start)
    assert engine is not None
    timings: list[float] = []
    for _ in range(rounds):
        forget()
        for question in questions:
            start = clock()
            engine.ask(question)
            timings.append(clock() - start)
    return BenchResult(
        questions=len(questions),
        rounds=rounds,
        build_ms=1000 * statistics.median(builds),
        median_ms=1000 * statistics.median(timings),
        p99_ms=1000 * percentile(timings, 0.99),
    )


def report(knowledge: KnowledgeBase, questions: Sequence[str], *, rounds: int) -> str:
    """Bench a fact base and say what was measured: its size, the timings, the peak memory."""
    result = bench(knowledge, questions, rounds=rounds)
    return f"fact base: {size(knowledge)}\n{result.summary()}\npeak RSS: {peak_rss_mb():.1f} MB"


def size(knowledge: KnowledgeBase) -> str:
    """How big a fact base is, as far as the index is concerned."""
    entries = knowledge.entries
    questions = sum(len(entry.questions) for entry in entries)
    return f"{len(knowledge.facts)} facts, {len(entries)} entries, {questions} curated questions"


def peak_rss_mb() -> float:
    """The most memory this process has held so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def percentile(values: Sequence[float], share: float) -> float:
    """The value ``share`` of the way up the sorted values (nearest rank); 0 for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
