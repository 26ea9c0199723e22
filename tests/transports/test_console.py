"""The terminal: ``ask``, ``ask --json`` and ``chat``, in process and as real commands."""

from __future__ import annotations

import io
import json
import os
import queue
import signal
import subprocess
import sys
import sysconfig
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine.answers import UNCITED
from bot.engine.core import Engine
from bot.transports import console
from tests.helpers import ROOT

Run = Callable[..., subprocess.CompletedProcess[str]]
HEARTBOT = Path(sysconfig.get_path("scripts")) / "heartbot"
KEYS = {"question", "answered", "answer", "citations", "fact_ids", "score", "suggestions"}
# A generous bound so a missing flush fails the test instead of hanging it; not a speed target.
PATIENCE = 60.0


def _env() -> dict[str, str]:
    hidden = {"HEARTBOT_KNOWLEDGE", "PYTHONUNBUFFERED"}
    return {key: value for key, value in os.environ.items() if key not in hidden}


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a command from the project root with a clean heartbot environment."""
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=_env(),
        timeout=120,
        check=False,
    )


# --- JSON lines, in process ------------------------------------------------------------------


def test_a_json_reply_has_exactly_the_promised_keys(engine: Engine) -> None:
    """Each JSON object carries the seven documented keys and no others."""
    assert set(json.loads(console.reply_json(engine.ask("who lent coppola money")))) == KEYS


def test_a_json_answer_lists_its_citations_and_fact(engine: Engine) -> None:
    """An answered question reports its citation numbers and fact id."""
    reply = json.loads(console.reply_json(engine.ask("who lent coppola money")))
    assert (reply["answered"], reply["citations"], reply["fact_ids"]) == (True, [9], ["financing"])


def test_a_json_known_unknown_is_not_answered(engine: Engine) -> None:
    """ "Doesn't say" is reported as not answered, with no citations or fact ids."""
    reply = json.loads(console.reply_json(engine.ask("what was the production budget")))
    assert (reply["answered"], reply["citations"], reply["fact_ids"]) == (False, [], [])


def test_a_json_reply_is_one_line(engine: Engine) -> None:
    """A multi-line rendered answer still fits on one JSON line."""
    line = console.reply_json(engine.ask("how did the reviewers like it"))
    assert "\n" not in line


def test_a_json_reply_keeps_the_question_as_typed(engine: Engine) -> None:
    """The question comes back exactly, accents and all."""
    question = "is Raúl Juliá in the cast?"
    assert json.loads(console.reply_json(engine.ask(question)))["question"] == question


def test_ask_json_answers_every_line_in_order(engine: Engine) -> None:
    """One object per input line, in input order, blank lines included."""
    out = io.StringIO()
    questions = ["who lent coppola money", "", "what is 12 plus 30", "who directed it"]
    console.ask_json(engine, (q + "\n" for q in questions), out)
    assert [json.loads(line)["question"] for line in out.getvalue().splitlines()] == questions


class _FlushLog(io.StringIO):
    """A stream that records how many lines it held at each flush."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed: list[int] = []

    def flush(self) -> None:
        self.flushed.append(self.getvalue().count("\n"))


def test_ask_json_flushes_each_line_as_it_is_written(engine: Engine) -> None:
    """A reader on a pipe gets each answer as soon as it is ready."""
    out = _FlushLog()
    console.ask_json(engine, ["who directed it\n", "who lent coppola money\n"], out)
    assert out.flushed == [1, 2]


# --- chat, in process ------------------------------------------------------------------------


def _chat(engine: Engine, typed: str, *, interactive: bool = False) -> str:
    out = io.StringIO()
    console.chat(engine, io.StringIO(typed), out, interactive=interactive)
    return out.getvalue()


def test_chat_answers_with_citations(engine: Engine) -> None:
    """A question typed in chat is answered with its citation number."""
    assert "[9]" in _chat(engine, "who lent coppola money\n")


@pytest.mark.parametrize("word", ["quit", "QUIT", "exit", "bye"])
def test_chat_stops_at_a_goodbye(engine: Engine, word: str) -> None:
    """Nothing typed after quit (in any case) is answered."""
    assert "[9]" not in _chat(engine, f"{word}\nwho lent coppola money\n")


def test_chat_ignores_blank_lines(engine: Engine) -> None:
    """Pressing Enter on an empty line gets no refusal."""
    assert "can only answer" not in _chat(engine, "\n   \n")


def test_chat_shows_a_prompt_only_on_a_terminal(engine: Engine) -> None:
    """The prompt appears for a person at a terminal, not in piped output."""
    assert console.PROMPT in _chat(engine, "quit\n", interactive=True)
    assert console.PROMPT not in _chat(engine, "quit\n", interactive=False)


def test_chat_greets_with_the_film_and_how_to_leave(engine: Engine) -> None:
    """The session opens by naming the film and the way out."""
    greeting = _chat(engine, "").splitlines()[0]
    assert "One from the Heart" in greeting
    assert "quit" in greeting


# --- the real commands -----------------------------------------------------------------------


def test_ask_prints_the_answer_with_its_citation(run_heartbot: Run) -> None:
    """``python -m bot ask`` prints the answer and [9]."""
    result = run_heartbot("ask", "who lent coppola money")
    assert result.returncode == 0, result.stderr
    assert "Jack Singer" in result.stdout
    assert result.stdout.rstrip().endswith("[9]")


def test_ask_marks_an_uncited_answer(run_heartbot: Run) -> None:
    """An uncited fact is printed with the note that the source gives no number."""
    result = run_heartbot("ask", "who directed it")
    assert UNCITED in result.stdout


def test_the_heartbot_command_matches_python_dash_m(run_heartbot: Run) -> None:
    """The installed ``heartbot`` entry point prints what ``python -m bot`` prints."""
    installed = _run([str(HEARTBOT), "ask", "who lent coppola money"])
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout == run_heartbot("ask", "who lent coppola money").stdout


def test_ask_without_a_question_explains_itself(run_heartbot: Run) -> None:
    """``ask`` with nothing to ask exits 2 and shows how to ask."""
    result = run_heartbot("ask")
    assert result.returncode == 2
    assert "heartbot ask" in result.stderr


def test_ask_json_reads_stdin_and_writes_one_object_per_line(run_heartbot: Run) -> None:
    """Questions piped in come back as JSON lines, in order, with exactly the promised keys."""
    questions = ["who lent coppola money", "what was the production budget", "asdf"]
    result = run_heartbot("ask", "--json", stdin="".join(q + "\n" for q in questions))
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in replies] == questions
    assert all(set(r) == KEYS for r in replies)
    assert [r["answered"] for r in replies] == [True, False, False]


def test_ask_json_streams_answers_as_questions_arrive() -> None:
    """Each answer comes out before the next question goes in: the output is flushed per line."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=_env(),
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True)
    reader.start()
    try:
        for question in ["who lent coppola money", "who directed it", "xyzzy"]:
            proc.stdin.write(question + "\n")
            proc.stdin.flush()
            try:
                line = lines.get(timeout=PATIENCE)
            except queue.Empty:
                pytest.fail(f"no answer to {question!r} while stdin stayed open")
            assert json.loads(line)["question"] == question
    finally:
        proc.stdin.close()
        proc.wait(timeout=PATIENCE)
        reader.join(timeout=PATIENCE)
        proc.stdout.close()
    assert proc.returncode == 0


def test_chat_over_a_pipe_answers_and_leaves_at_quit(run_heartbot: Run) -> None:
    """Piped chat answers, then stops at quit without answering what follows."""
    result = run_heartbot("chat", stdin="who lent coppola money\nquit\nwho directed it\n")
    assert result.returncode == 0
    assert "[9]" in result.stdout
    assert "Coppola directed" not in result.stdout


def test_chat_over_a_pipe_leaves_at_end_of_input(run_heartbot: Run) -> None:
    """Running out of input (Ctrl-D) ends the session cleanly."""
    result = run_heartbot("chat", stdin="who lent coppola money\n")
    assert result.returncode == 0
    assert "[9]" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [["ask", "x"], ["ask", "--json", "who directed it"], ["check"]],
    ids=["ask", "ask-json", "check"],
)
def test_the_cli_does_not_import_discord(argv: list[str]) -> None:
    """The terminal commands never load discord.py, so they start fast."""
    code = (
        "import sys\n"
        "from bot.__main__ import main\n"
        f"status = main({argv!r})\n"
        "assert 'discord' not in sys.modules, 'discord was imported'\n"
        "sys.exit(status)\n"
    )
    result = _run([sys.executable, "-c", code])
    assert result.returncode == 0, result.stderr


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    """`heartbot ask --json < many | head -1` ends quietly when head stops reading."""
    questions = tmp_path / "questions.txt"
    questions.write_text("who directed it\n" * 5000, encoding="utf-8")  # far over a pipe's buffer
    heartbot = f'"{sys.executable}" -m bot ask --json < "{questions}"'
    script = f"{heartbot} | head -n 1; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(),
        timeout=PATIENCE,
        check=False,
    )
    assert json.loads(result.stdout)["answered"]
    assert "Traceback" not in result.stderr
    assert result.returncode == 1


def test_ctrl_c_in_chat_leaves_without_a_traceback() -> None:
    """Ctrl-C at the chat prompt ends heartbot with the shell's status 130, no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=_env(),
        text=True,
        # A shell's background job ignores Ctrl-C, and a child would inherit that; a user's
        # terminal doesn't.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write("who directed it\n")
    process.stdin.flush()
    while process.stdout.readline() not in ("\n", ""):  # answered: now waiting for more
        pass
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=PATIENCE)
    assert "Traceback" not in stderr
    assert process.returncode == 130


def test_explain_shows_the_sentence_read_and_each_check(run_heartbot: Run) -> None:
    """`ask --explain` says which sentence it read and why it decided, check by check."""
    result = run_heartbot("ask", "--explain", "loved it. what month did it come out?")
    assert result.returncode == 0
    assert "decision: not_said" in result.stdout
    assert "asks:    what month did it come out?" in result.stdout
    assert result.stdout.startswith("The source doesn't say that: “what month did it come out”")
    assert "NO  kind     asks for a month" in result.stdout


def test_explain_shows_what_usage_took_from_each_entry(run_heartbot: Run) -> None:
    """An entry asked less like the question lost points: the ranking says how many."""
    result = run_heartbot("ask", "--explain", "frannie goes off with who")
    ranking = result.stdout.split("ranking:")[1].splitlines()
    assert "ray" in ranking[1]
    assert "usage" not in ranking[1]  # the likeliest loses nothing
    assert any("(usage -" in line for line in ranking[2:])


def test_ask_takes_a_question_without_quotes(run_heartbot: Run) -> None:
    """`heartbot ask who lent the money` reads the words as one question."""
    result = run_heartbot("ask", "who", "lent", "the", "money")
    assert result.returncode == 0
    assert "[9]" in result.stdout


def test_knowledge_may_follow_the_command(run_heartbot: Run) -> None:
    """`heartbot check --knowledge PATH` works as well as `heartbot --knowledge PATH check`."""
    result = run_heartbot("check", "--knowledge", "knowledge/one_from_the_heart.toml")
    assert result.returncode == 0, result.stderr
    assert ": ok:" in result.stdout


def test_version_names_the_package(run_heartbot: Run) -> None:
    """`heartbot --version` says which heartbot this is."""
    assert run_heartbot("--version").stdout.startswith("heartbot ")


COMMANDS = ["ask", "chat", "check", "draft", "eval", "bench", "run", "report"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_describes_itself(run_heartbot: Run, command: str) -> None:
    """`heartbot COMMAND --help` says what the command does, between its usage and options."""
    paragraphs = run_heartbot(command, "--help").stdout.split("\n\n")
    assert paragraphs[0].startswith("usage:")
    described = not paragraphs[1].startswith(("options:", "positional arguments:"))
    assert described, "no description between the usage and the arguments"


@pytest.mark.parametrize("breaker", ["\u2028", "\u2029", "\u0085"])
def test_json_lines_escape_unicode_line_breaks(engine: Engine, breaker: str) -> None:
    """A JSON line never holds a raw Unicode line break a reader would split it at."""
    line = console.reply_json(engine.ask(f"who lent{breaker}the money"))
    assert len(line.splitlines()) == 1
    assert json.loads(line)["question"] == f"who lent{breaker}the money"


def test_chat_reads_a_follow_up_with_the_question_before_it(engine: Engine) -> None:
    """In chat, 'when did it come out?' after asking about the Reprise is about the Reprise."""
    out = io.StringIO()
    stdin = io.StringIO("tell me about the reprise\nwhen did it come out?\n")
    console.chat(engine, stdin, out, interactive=False)
    assert out.getvalue().count("One From the Heart: Reprise") == 2
