"""``ask`` and ``chat`` on the terminal: the same engine, rendered as plain text or JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.engine.answers import Reply, render_text
from bot.engine.core import Engine
from bot.engine.matching.decision import Match

PROMPT = "you> "
# JSON allows these raw in strings, but a JSON-lines reader splitting on Unicode line breaks
# (Python's str.splitlines, JavaScript) would cut a line in two: write them escaped.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})
GOODBYE = {"quit", "exit", "bye", ":q"}


def explain(match: Match) -> str:
    """Why heartbot decided as it did, for curators: the sentence read, the lexicon keys its
    phrasings stood for, each check with its reason, and the ranking behind it (with the
    points each entry lost for being asked less like the question)."""
    lines = [f"\ndecision: {match.verdict.value}"]
    if match.part:
        lines.append(f"  read:    {match.part}")
    if match.asked and match.asked != match.part:
        lines.append(f"  asks:    {match.asked}")
    if match.lexicon:
        lines.append(f"  lexicon: {', '.join(match.lexicon)}")
    if match.subject:
        lines.append(f"  subject: {match.subject}")
    for check in match.checks:
        lines.append(f"  {'ok ' if check.passed else 'NO '} {check.name:<8} {check.why}")
    if match.nearest:
        lines.append(f"  nearest: {match.nearest}")
    if match.candidates:
        lines.append("  ranking:")
        lines.extend(
            f"    {c.score:6.2f}  explains {c.coverage:4.0%}  {c.key}"
            + (f"  (usage {c.usage:+.1f})" if c.usage else "")
            for c in match.candidates
        )
    return "\n".join(lines)


def text(engine: Engine, reply: Reply) -> str:
    """A reply as terminal text, naming its source when heartbot knows several."""
    return render_text(reply, with_source=len(engine.sources) > 1)


def reply_json(reply: Reply, *, several: bool = False) -> str:
    """One reply as the JSON object ``ask --json`` promises, on one line.

    ``several``: heartbot knows several sources, so the answer text names its own.
    """
    return json.dumps(
        {
            "question": reply.question,
            "answered": reply.answered,
            "answer": render_text(reply, with_source=several),
            "citations": list(reply.citations) if reply.answered else [],
            "fact_ids": list(reply.fact_ids) if reply.answered else [],
            "score": reply.score,
            "suggestions": [s.question for s in reply.suggestions],
        },
        ensure_ascii=False,
    ).translate(_LINE_BREAKS)


def ask_json(engine: Engine, lines: Iterable[str], out: TextIO) -> int:
    """Answer one question per input line, writing and flushing one JSON object per line."""
    count = 0
    several = len(engine.sources) > 1
    for line in lines:
        question = line.rstrip("\r\n")
        out.write(reply_json(engine.ask(question), several=several) + "\n")
        out.flush()
        count += 1
    return count


def chat(engine: Engine, stdin: TextIO, out: TextIO, *, interactive: bool) -> None:
    """A prompt-and-answer loop; ``quit`` or end of input leaves."""
    out.write(
        f"heartbot: ask me about {engine.title}. Every answer cites its source; "
        "'quit' or Ctrl-D leaves.\n"
    )
    # On the real terminal, input() with readline gives line editing and Up/Down history.
    terminal = interactive and stdin is sys.stdin and out is sys.stdout
    if terminal:
        import readline  # noqa: F401  (importing it is what enables editing in input())
    previous: str | None = None
    while True:
        if terminal:
            try:
                line = input(PROMPT) + "\n"
            except EOFError:
                line = ""
        else:
            if interactive:
                out.write(PROMPT)
                out.flush()
            line = stdin.readline()
        if not line:
            if interactive:
                out.write("\n")
            break
        question = line.strip()
        if question.casefold() in GOODBYE:
            break
        if not question:
            continue
        # A follow-up ("and who put it out?") is read with the question before it.
        out.write(text(engine, engine.ask(question, previous=previous)) + "\n\n")
        out.flush()
        previous = question
