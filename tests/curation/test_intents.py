"""`heartbot eval --intents`: the intent layer on a benchmark in CLINC150's format.

The benchmark here is a small one of our own, worded so that a new message shares some words
with its intent's training utterances and some with another's, as CLINC150's do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.curation.intents import OUT_OF_SCOPE, IntentLayer
from bot.engine.matching.learned import Learned
from tests.helpers import RunHeartbot

TRAIN = {
    "balance": [
        "what is my account balance",
        "how much money is in my checking account",
        "tell me my balance",
        "how much do i have in savings",
        "check my bank balance please",
        "what's the balance on my account",
        "how much cash is left in my account",
        "show me how much money i have",
        "balance of my savings account",
        "do i have much money in the bank",
    ],
    "transfer": [
        "move money from checking to savings",
        "transfer fifty dollars to my savings account",
        "send money to my other account",
        "i want to transfer cash between accounts",
        "wire money to my brother's account",
        "make a transfer of 100 dollars",
        "put money from savings into checking",
        "shift some money to my savings",
        "transfer funds to my joint account",
        "can you send cash to my account at another bank",
    ],
    "weather": [
        "what's the weather like today",
        "is it going to rain tomorrow",
        "will it be sunny this weekend",
        "how cold is it outside",
        "what is the forecast for tonight",
        "do i need an umbrella today",
        "is it snowing in boston",
        "tell me the temperature outside",
        "will there be a storm later",
        "how hot will it get this afternoon",
    ],
    "alarm": [
        "set an alarm for 7 am",
        "wake me up at six tomorrow",
        "please set my alarm for noon",
        "i need an alarm at 5:30",
        "make an alarm for eight in the morning",
        "alarm for 6 am please",
        "set a wake up alarm for tomorrow",
        "can you wake me at seven",
        "put an alarm on for 9 pm",
        "create an alarm for monday morning",
    ],
}
OUT_OF_SCOPE_TRAIN = [
    "what is the capital of peru",
    "who won the world cup",
    "tell me a joke about cats",
    "how do i bake sourdough bread",
    "what's the best guitar for beginners",
    "how tall is mount everest",
]
VAL = [
    ["how much is in my savings account right now", "balance"],
    ["could you transfer some cash into my savings", "transfer"],
    ["is it raining in boston right now", "weather"],
    ["wake me up at 7 tomorrow morning", "alarm"],
]
OUT_OF_SCOPE_VAL = [
    ["what is the capital of spain", OUT_OF_SCOPE],
    ["how do i bake a cake", OUT_OF_SCOPE],
]


def benchmark(tmp_path: Path, **splits: list[list[str]]) -> Path:
    """A CLINC150-format file: train, oos_train, then whatever splits are given."""
    data = {
        "train": [[text, label] for label, texts in TRAIN.items() for text in texts],
        "oos_train": [[text, OUT_OF_SCOPE] for text in OUT_OF_SCOPE_TRAIN],
        **splits,
    }
    path = tmp_path / "intents.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_eval_intents_answers_new_wordings_and_refuses_what_no_intent_covers(
    run_heartbot: RunHeartbot, tmp_path: Path
) -> None:
    """Every in-scope message gets its intent and every out-of-scope one gets nothing."""
    path = benchmark(tmp_path, val=VAL, oos_val=OUT_OF_SCOPE_VAL)
    result = run_heartbot("eval", "--intents", str(path), "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures) == {
        "in_scope_accuracy",
        "oos_recall",
        "wrong_rate",
        "top1",
        "p50_ms",
        "p99_ms",
        "build_s",
    }
    assert (figures["in_scope_accuracy"], figures["oos_recall"], figures["wrong_rate"]) == (1, 1, 0)


def test_eval_intents_measures_the_split_asked_for(
    run_heartbot: RunHeartbot, tmp_path: Path
) -> None:
    """`--split test` measures the test split, and says so in words a curator reads."""
    path = benchmark(tmp_path, test=VAL[:2], oos_test=OUT_OF_SCOPE_VAL[:1])
    result = run_heartbot("eval", "--intents", str(path), "--split", "test")
    assert result.returncode == 0, result.stderr
    assert "in-scope accuracy: 100.0% (2/2)" in result.stdout
    assert "out-of-scope recall: 100.0% (1/1)" in result.stdout


def test_a_benchmark_without_the_split_says_what_is_missing(
    run_heartbot: RunHeartbot, tmp_path: Path
) -> None:
    """CLINC150's test split is held back: asking for it names what is missing, no traceback."""
    path = benchmark(tmp_path, val=VAL, oos_val=OUT_OF_SCOPE_VAL)
    result = run_heartbot("eval", "--intents", str(path), "--split", "test")
    assert result.returncode != 0
    assert "no test, oos_test in it (the test split is held back on purpose)" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_layer_refuses_a_message_it_cannot_place(tmp_path: Path) -> None:
    """A message sharing a word or two with several intents and asking none is refused."""
    layer = IntentLayer(
        [(text, label) for label, texts in TRAIN.items() for text in texts],
        [(text, OUT_OF_SCOPE) for text in OUT_OF_SCOPE_TRAIN],
    )
    answered, _ = layer.decide("my brother likes the morning")
    assert answered is None
    assert layer.decide("what's my balance")[0] == "balance"


def test_the_model_learns_which_words_tell_intents_apart() -> None:
    """ "savings" is in both money intents; "transfer" and "balance" tell them apart."""
    learned = Learned(TRAIN)
    chances = learned.chances("transfer it to savings")
    assert max(chances, key=chances.__getitem__) == "transfer"
    chances = learned.chances("savings balance")
    assert max(chances, key=chances.__getitem__) == "balance"
    assert sum(chances.values()) == pytest.approx(1)


def test_the_same_questions_build_the_same_model() -> None:
    """A restart answers as before: the fitting's order is seeded."""
    message = "is it cold enough for snow"
    assert Learned(TRAIN).chances(message) == Learned(TRAIN).chances(message)


def test_a_message_of_no_known_word_leans_on_nothing_learned() -> None:
    """No feature known: the chances are the biases alone, no intent far ahead of the rest."""
    chances = Learned(TRAIN).chances("zzzz qqqq")
    assert max(chances.values()) < 0.5


def test_a_benchmark_with_no_training_utterances_says_so(
    run_heartbot: RunHeartbot, tmp_path: Path
) -> None:
    """Nothing to learn from: a clear error naming the file, no traceback."""
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"train": [], "val": VAL, "oos_val": []}), encoding="utf-8")
    result = run_heartbot("eval", "--intents", str(path))
    assert result.returncode != 0
    assert "train is empty" in result.stderr
    assert "Traceback" not in result.stderr
