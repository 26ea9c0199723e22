"""``ask`` and ``chat`` on the terminal: the same engine, rendered as plain text or JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from bot.answers import Reply, render_text
from bot.engine import Engine

PROMPT = "you> "
GOODBYE = {"quit", "exit", "bye", ":q"}


def reply_json(reply: Reply) -> str:
    """One reply as the JSON object ``ask --json`` promises, on one line."""
    return json.dumps(
        {
            "question": reply.question,
            "answered": reply.answered,
            "answer": render_text(reply),
            "citations": list(reply.citations) if reply.answered else [],
            "fact_ids": list(reply.fact_ids) if reply.answered else [],
            "score": reply.score,
            "suggestions": list(reply.suggestions),
        },
        ensure_ascii=False,
    )


def ask_json(engine: Engine, lines: Iterable[str], out: TextIO) -> int:
    """Answer one question per input line, writing and flushing one JSON object per line."""
    count = 0
    for line in lines:
        question = line.rstrip("\r\n")
        out.write(reply_json(engine.ask(question)) + "\n")
        out.flush()
        count += 1
    return count


def chat(engine: Engine, stdin: TextIO, out: TextIO, *, interactive: bool) -> None:
    """A prompt-and-answer loop; ``quit`` or end of input leaves."""
    out.write(
        f"heartbot: ask me about {engine.title}. Every answer cites the source; "
        "'quit' or Ctrl-D leaves.\n"
    )
    while True:
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
        out.write(render_text(engine.ask(question)) + "\n\n")
        out.flush()
