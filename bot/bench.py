"""``heartbot bench``: how fast the engine builds and answers; medians, never assertions."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.engine import Engine
from bot.knowledge import KnowledgeBase


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
        start = clock()
        engine = Engine(knowledge)
        builds.append(clock() - start)
    assert engine is not None
    timings: list[float] = []
    for _ in range(rounds):
        for question in questions:
            start = clock()
            engine.ask(question)
            timings.append(clock() - start)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(0.99 * len(timings)))]
    return BenchResult(
        questions=len(questions),
        rounds=rounds,
        build_ms=1000 * statistics.median(builds),
        median_ms=1000 * statistics.median(timings),
        p99_ms=1000 * p99,
    )
