"""Composition root: parse argv, load the knowledge, build the engine, start a transport."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import PROJECT_ROOT, knowledge_path
from bot.knowledge import KnowledgeBase, KnowledgeError, KnowledgeFileError, load_knowledge

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2
DEV_SET = PROJECT_ROOT / "tests" / "data" / "dev_questions.tsv"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="heartbot",
        description="Answers questions about One from the Heart (1982) from one cited source.",
    )
    parser.add_argument(
        "--knowledge",
        type=Path,
        default=None,
        help="the fact file (default: $HEARTBOT_KNOWLEDGE or knowledge/one_from_the_heart.toml)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ask = sub.add_parser("ask", help="answer one question (or, with --json, one per stdin line)")
    ask.add_argument("question", nargs="?", help="the question; omit with --json to read stdin")
    ask.add_argument("--json", action="store_true", help="write one JSON object per line")
    ask.add_argument(
        "--explain", action="store_true", help="also show the top-scoring entries (for curators)"
    )
    sub.add_parser("chat", help="an interactive session on the terminal")
    sub.add_parser("check", help="prove the fact base against the source and its own questions")
    evaluate = sub.add_parser("eval", help="measure accuracy on a labelled question set")
    evaluate.add_argument("path", type=Path, nargs="?", default=DEV_SET, help="a TSV question set")
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    bench = sub.add_parser("bench", help="time the index build and answers over a question set")
    bench.add_argument("path", type=Path, nargs="?", default=DEV_SET, help="a TSV question set")
    bench.add_argument("--rounds", type=int, default=5, help="how many passes (default 5)")
    bench.add_argument(
        "--facts",
        type=_count,
        default=None,
        metavar="N",
        help="bench a generated fact base of N facts instead (the shipped one is not loaded)",
    )
    run = sub.add_parser("run", help="start the Discord bot (token from $DISCORD_TOKEN or .env)")
    run.add_argument("--sync", action="store_true", help="sync slash commands even if unchanged")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the heartbot command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "bench" and args.facts is not None:
        return _bench_synthetic(args.facts, rounds=max(1, args.rounds))
    path = args.knowledge or knowledge_path()
    try:
        knowledge = load_knowledge(path)
    except KnowledgeFileError as exc:
        _error(exc)
        return EXIT_UNREADABLE
    except KnowledgeError as exc:
        _error(exc)
        return EXIT_PROBLEMS if args.command == "check" else EXIT_UNREADABLE
    command = args.command
    if command == "run":
        from bot.discord_main import run_discord  # the only path that imports discord.py

        return run_discord(knowledge, force_sync=args.sync)
    return _local(command, args, knowledge)


def _local(command: str, args: argparse.Namespace, knowledge: KnowledgeBase) -> int:
    from bot import console
    from bot.engine import Engine

    engine = Engine(knowledge)
    if command == "ask":
        if args.json:
            if args.question is not None:
                console.ask_json(engine, [args.question], sys.stdout)
            else:
                console.ask_json(engine, sys.stdin, sys.stdout)
            return EXIT_OK
        if args.question is None:
            _error('ask needs a question, like: heartbot ask "who directed it?"')
            return EXIT_UNREADABLE
        from bot.answers import render_text

        print(render_text(engine.ask(args.question)))
        if args.explain:
            match = engine.matcher.match(args.question)
            print(f"\n{match.verdict.value}:")
            for candidate in match.candidates:
                print(
                    f"  {candidate.score:6.2f}  coverage {candidate.coverage:.2f}  {candidate.key}"
                )
        return EXIT_OK
    if command == "chat":
        console.chat(engine, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
        return EXIT_OK
    if command == "check":
        from bot.check import routing_problems

        problems = routing_problems(engine)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return EXIT_PROBLEMS
        print(
            f"{knowledge.path}: ok: {len(knowledge.facts)} facts, {len(knowledge.unknowns)} "
            f"known unknowns, {len(knowledge.roundups)} roundups; citations "
            + " ".join(f"[{n}]" for n in knowledge.source.markers)
        )
        return EXIT_OK
    from bot.evaluation import EvalSetError, evaluate, load_cases

    try:
        cases = load_cases(args.path, engine)
    except (OSError, EvalSetError) as exc:
        _error(exc)
        return EXIT_UNREADABLE
    if command == "eval":
        result = evaluate(engine, cases)
        if args.verbose:
            for case, what in result.failures:
                print(f"{args.path.name}:{case.line}: [{case.expected}] {case.question!r}: {what}")
        print(result.summary())
        return EXIT_OK
    from bot.bench import report

    print(report(knowledge, [c.question for c in cases], rounds=max(1, args.rounds)))
    return EXIT_OK


def _bench_synthetic(facts: int, *, rounds: int) -> int:
    from bot.bench import report
    from bot.synthetic import generate

    synthetic = generate(facts)
    print(report(synthetic.knowledge, synthetic.questions, rounds=rounds))
    return EXIT_OK


def _count(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _error(message: object) -> None:
    print(f"heartbot: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
