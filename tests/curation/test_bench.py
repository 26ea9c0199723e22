"""``heartbot bench``: figures that make sense, measured on a fake clock so they're exact."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.curation.bench import BenchResult, bench, size
from bot.engine.knowledge import KnowledgeBase

QUESTIONS = ["who lent coppola money", "what was the budget", "asdf", "who directed it"]


class FakeClock:
    """A clock that moves ``step`` seconds each time it is read, growing by ``growth``."""

    def __init__(self, step: float, growth: float = 0.0) -> None:
        self.now = 0.0
        self.step = step
        self.growth = growth

    def __call__(self) -> float:
        self.now += self.step
        self.step += self.growth
        return self.now


@pytest.fixture(scope="module")
def steady(knowledge: KnowledgeBase) -> BenchResult:
    """A bench where every timed stretch takes exactly 2 ms."""
    return bench(knowledge, QUESTIONS, rounds=3, clock=FakeClock(0.002))


def test_bench_reports_how_much_it_measured(steady: BenchResult) -> None:
    """The result says how many questions and rounds its figures cover."""
    assert (steady.questions, steady.rounds) == (len(QUESTIONS), 3)


@pytest.mark.parametrize("figure", ["build_ms", "median_ms", "p99_ms"])
def test_bench_figures_are_in_milliseconds(steady: BenchResult, figure: str) -> None:
    """Two thousandths of a second on the clock read as 2 ms."""
    assert getattr(steady, figure) == pytest.approx(2.0)


def test_p99_is_never_below_the_median(knowledge: KnowledgeBase) -> None:
    """With answers getting slower, the tail figure is at least the median."""
    result = bench(knowledge, QUESTIONS, rounds=2, clock=FakeClock(0.001, growth=0.0001))
    assert result.p99_ms >= result.median_ms > 0


def test_bench_summary_names_its_figures(steady: BenchResult) -> None:
    """The printed summary gives the build time, the median and the p99."""
    summary = steady.summary()
    assert "index build: 2.00 ms" in summary
    assert "median 2.000 ms" in summary
    assert "p99 2.000 ms" in summary


def test_the_bench_command_prints_its_figures(
    run_heartbot: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """``heartbot bench SET --rounds 1`` prints medians and exits 0 (no time is asserted)."""
    questions = tmp_path / "set.tsv"
    questions.write_text(
        "expected\tquestion\ndirector\twho directed it\nofftopic\twhat is 2+2\n", encoding="utf-8"
    )
    result = run_heartbot("bench", str(questions), "--rounds", "1")
    assert result.returncode == 0, result.stderr
    assert "over 2 questions x 1 rounds" in result.stdout
    assert "p99" in result.stdout


def test_the_bench_names_the_size_of_the_fact_base(knowledge: KnowledgeBase) -> None:
    """The summary says how many facts, entries and curated questions were indexed."""
    assert size(knowledge) == "26 facts, 59 entries, 707 curated questions"


def test_the_bench_command_runs_on_a_generated_fact_base(
    run_heartbot: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    """``heartbot bench --facts 50`` prints the size, build time, latencies and peak memory."""
    result = run_heartbot("bench", "--facts", "50", "--rounds", "1")
    assert result.returncode == 0, result.stderr
    assert "fact base: 50 facts" in result.stdout
    assert "index build:" in result.stdout
    assert "p99" in result.stdout
    assert "peak RSS:" in result.stdout


def test_a_generated_fact_base_needs_no_shipped_one(
    run_heartbot: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """``--facts`` benches even when the configured fact file can't be read."""
    missing = tmp_path / "nowhere.toml"
    result = run_heartbot("--knowledge", str(missing), "bench", "--facts", "20", "--rounds", "1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("facts", ["0", "-5", "many"])
def test_the_number_of_facts_must_be_positive(
    run_heartbot: Callable[..., subprocess.CompletedProcess[str]], facts: str
) -> None:
    """A count that isn't a whole number of at least 1 is refused with a usage error."""
    result = run_heartbot("bench", "--facts", facts)
    assert result.returncode == 2
    assert "at least 1" in result.stderr
