"""Composition root: parse argv, load the knowledge, build the engine, start a transport."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import dev_questions, knowledge_path
from bot.engine.knowledge import KnowledgeBase, KnowledgeError, KnowledgeFileError, load_knowledge
from bot.limits import REPORT_ROWS

if TYPE_CHECKING:
    from bot.curation.evaluation import Case, Labelled

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C
QUESTION_SET = "a TSV question set (default: the shipped dev set)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="heartbot",
        description="Answers questions about One from the Heart (1982) from cited sources.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    knowledge_help = "a fact file or a folder of them (default: $HEARTBOT_KNOWLEDGE or knowledge/)"
    parser.add_argument("--knowledge", type=Path, default=None, help=knowledge_help)
    # Every subcommand takes --knowledge too, before or after its name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--knowledge", type=Path, default=argparse.SUPPRESS, help=knowledge_help)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, details: str = "") -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            parents=[common],
            help=summary,
            description=f"{summary[0].upper()}{summary[1:]}.{' ' + details if details else ''}",
        )

    ask = command(
        "ask",
        "answer one question (or, with --json, one per stdin line)",
        "Quotes are optional: heartbot ask who directed it",
    )
    ask.add_argument("question", nargs="*", help="the question; omit with --json to read stdin")
    ask.add_argument("--json", action="store_true", help="write one JSON object per line")
    ask.add_argument(
        "--explain",
        action="store_true",
        help="also show why: the sentence read, each check, the ranking (for curators)",
    )
    command(
        "chat",
        "an interactive session on the terminal",
        "Up and Down recall earlier questions; 'quit' or Ctrl-D leaves.",
    )
    command(
        "check",
        "prove the fact base against the source and its own questions",
        "Exits 0 when all is well, 1 with one line per problem, 2 if a file can't be read.",
    )
    draft = command("draft", "print a draft fact file for a source document")
    draft.add_argument("source", type=Path, help="a Wikipedia-style text; its first line a title")
    evaluate = command(
        "eval",
        "measure accuracy on a labelled question set",
        "A set labels each question with its entry, or (kind, style, cites, evidence) as the "
        "sets written from the source alone do.",
    )
    evaluate.add_argument("path", type=Path, nargs="?", default=None, help=QUESTION_SET)
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    evaluate.add_argument("--json", action="store_true", help="write the figures as one object")
    evaluate.add_argument(
        "--intents",
        type=Path,
        metavar="FILE",
        help="measure the intent layer on a CLINC150-format benchmark instead of the fact base",
    )
    evaluate.add_argument(
        "--split",
        choices=("val", "test"),
        default="val",
        help="which split of --intents to measure (default val; train is what it learns from)",
    )
    bench = command(
        "bench",
        "time the index build and answers over a question set",
        "With --store, time the feedback store instead: N processes write M records each "
        "into the database $HEARTBOT_DATABASE_URL or $HEARTBOT_DATA_DIR selects, through the "
        "recorder `heartbot run` uses; the bench deletes its records when done.",
    )
    bench.add_argument("path", type=Path, nargs="?", default=None, help=QUESTION_SET)
    bench.add_argument("--rounds", type=int, default=5, help="how many passes (default 5)")
    bench.add_argument(
        "--facts",
        type=_count,
        default=None,
        metavar="N",
        help="bench a generated fact base of N facts instead (the shipped one is not loaded)",
    )
    bench.add_argument(
        "--store", action="store_true", help="bench the feedback store instead of the engine"
    )
    bench.add_argument(
        "--writers", type=_count, default=1, metavar="N", help="--store: processes (default 1)"
    )
    bench.add_argument(
        "--records",
        type=_count,
        default=2000,
        metavar="M",
        help="--store: records each process writes (default 2000)",
    )
    bench.add_argument("--json", action="store_true", help="--store: the figures as one object")
    run = command(
        "run",
        "start the Discord bot (token from $DISCORD_TOKEN or .env)",
        "See the README's 'Run it on Discord' for the HEARTBOT_* settings.",
    )
    run.add_argument("--sync", action="store_true", help="sync slash commands even if unchanged")
    report = command(
        "report",
        "what to curate: unanswered questions, facts voted down",
        "Reads the feedback `heartbot run` recorded: in $HEARTBOT_DATABASE_URL (PostgreSQL) if "
        "set, else in $HEARTBOT_DATA_DIR (default ./data).",
    )
    report.add_argument(
        "--since", default="7d", help="how far back: 12h, 7d, 2w or all (default 7d)"
    )
    report.add_argument("--json", action="store_true", help="write the report as one JSON object")
    report.add_argument(
        "--limit", type=int, default=REPORT_ROWS, help=f"rows per section (default {REPORT_ROWS})"
    )
    return parser


class _Version(argparse.Action):
    """--version, read from the installed package only when asked: reading package metadata
    at every start costs ``heartbot ask`` a tenth of its cold start."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"heartbot {_version()}")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("heartbot")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the heartbot command line; returns the exit status."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C in `chat` or a long `bench`: leave without a traceback
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader left early (`heartbot report | head`); as Python's docs advise, point
        # stdout at devnull so the flush at exit doesn't fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS


class _Exit(Exception):
    """Leave with this status; what went wrong has been said."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _HANDLERS[args.command](args)
    except _Exit as exit_:
        return exit_.status


def _knowledge_path(args: argparse.Namespace) -> Path:
    """Where the knowledge is: ``--knowledge``, else the environment, else the default."""
    path: Path = args.knowledge or knowledge_path()
    return path


def _load(args: argparse.Namespace) -> KnowledgeBase:
    """The knowledge ``--knowledge`` (or the environment, or the default) names, proven."""
    try:
        return load_knowledge(_knowledge_path(args))
    except KnowledgeFileError as exc:
        _error(exc)
        raise _Exit(EXIT_UNREADABLE) from exc
    except KnowledgeError as exc:
        _error(exc)
        raise _Exit(EXIT_PROBLEMS if args.command == "check" else EXIT_UNREADABLE) from exc


def _ask(args: argparse.Namespace) -> int:
    from bot.engine.core import Engine
    from bot.transports import console

    knowledge = _load(args)
    engine = Engine(knowledge)
    question = " ".join(args.question).strip() or None
    if args.json:
        lines = sys.stdin if question is None else [question]
        console.ask_json(engine, lines, sys.stdout)
        return EXIT_OK
    if question is None:
        _error('ask needs a question, like: heartbot ask "who directed it?"')
        return EXIT_UNREADABLE
    match = engine.matcher.match(question)
    print(console.text(engine, engine.reply(question, match)))
    if args.explain:
        print(console.explain(match))
    return EXIT_OK


def _chat(args: argparse.Namespace) -> int:
    from bot.engine.core import Engine
    from bot.transports import console

    knowledge = _load(args)
    console.chat(Engine(knowledge), sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from bot.curation.check import routing_problems
    from bot.engine.core import Engine

    knowledge = _load(args)
    problems = routing_problems(Engine(knowledge))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_PROBLEMS
    for fact_file in knowledge.files:
        print(
            f"{fact_file.path}: ok: {len(fact_file.facts)} facts, "
            f"{len(fact_file.unknowns)} known unknowns, {len(fact_file.roundups)} roundups; "
            f"{fact_file.source.path.name} citations "
            + (" ".join(f"[{n}]" for n in fact_file.source.markers) or "none")
        )
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    import json

    from bot.curation.evaluation import evaluate, evaluate_labelled
    from bot.engine.core import Engine

    if args.intents is not None:
        return _eval_intents(args)
    knowledge = _load(args)
    path, labelled_cases, cases = _question_set(args, knowledge)
    engine = Engine(knowledge)
    if labelled_cases is not None:
        labelled = evaluate_labelled(engine, labelled_cases)
        if args.verbose:
            for case, what in labelled.failures:
                label = f"{case.kind}/{case.style}"
                print(f"{path.name}:{case.line}: [{label}] {case.question!r}: {what}")
        print(json.dumps(labelled.as_json()) if args.json else labelled.summary())
        return EXIT_OK
    result = evaluate(engine, cases)
    if args.verbose:
        for failed, what in result.failures:
            print(f"{path.name}:{failed.line}: [{failed.expected}] {failed.question!r}: {what}")
    print(result.summary())
    return EXIT_OK


def _eval_intents(args: argparse.Namespace) -> int:
    """The intent layer on a public benchmark: no fact base is loaded."""
    import json

    from bot.curation.intents import IntentSetError, load_intents, measure

    try:
        train, oos_train, measured, oos_measured = load_intents(args.intents, args.split)
    except IntentSetError as exc:
        _error(exc)
        return EXIT_UNREADABLE
    result = measure(train, oos_train, measured, oos_measured, progress=_progress())
    print(json.dumps(result.as_json()) if args.json else result.summary())
    return EXIT_OK


def _progress() -> Callable[[int, int], None] | None:
    """Count done/total on a terminal's stderr as a long run goes; nothing when piped."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            end = "\n" if done == total else ""
            print(f"\r{done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _bench(args: argparse.Namespace) -> int:
    from bot.curation.bench import report

    if args.store:
        return _bench_store(args)
    rounds = max(1, args.rounds)
    if args.facts is not None:  # a generated fact base: the shipped one is not loaded
        from bot.curation.synthetic import generate

        synthetic = generate(args.facts)
        print(report(synthetic.knowledge, synthetic.questions, rounds=rounds))
        return EXIT_OK
    knowledge = _load(args)
    _, labelled, cases = _question_set(args, knowledge)
    questions = [case.question for case in labelled or cases]
    print(report(knowledge, questions, rounds=rounds))
    return EXIT_OK


def _bench_store(args: argparse.Namespace) -> int:
    """Time the feedback store; landed must equal sent, or the exit status says so."""
    import json

    from bot.config import ConfigError, database, environment
    from bot.curation.store import StoreError
    from bot.curation.storebench import bench_store

    try:
        result = bench_store(database(environment()), writers=args.writers, records=args.records)
    except (ConfigError, StoreError) as exc:
        _error(exc)
        return EXIT_UNREADABLE
    print(json.dumps(result.as_json()) if args.json else result.summary())
    if result.landed != result.sent:
        _error(f"{result.sent - result.landed} of {result.sent} records did not land")
        return EXIT_PROBLEMS
    return EXIT_OK


def _question_set(
    args: argparse.Namespace, knowledge: KnowledgeBase
) -> tuple[Path, list[Labelled] | None, list[Case]]:
    """The question set at ``args.path`` (by default, the dev set): its path, and its cases
    labelled by evidence, or else (None and) its cases labelled by entry."""
    from bot.curation.evaluation import EvalSetError, is_labelled, load_cases, load_labelled

    path = args.path or dev_questions()
    try:
        if is_labelled(path):
            return path, load_labelled(path, knowledge), []
        return path, None, load_cases(path, knowledge)
    except (OSError, EvalSetError) as exc:
        _error(exc)
        raise _Exit(EXIT_UNREADABLE) from exc


def _draft(args: argparse.Namespace) -> int:
    """Print a fact file drafted from a source; it makes a fact base, so needs none."""
    from bot.curation.draft import draft_file
    from bot.engine.source import SourceError

    try:
        text = draft_file(args.source)
    except SourceError as exc:
        _error(exc)
        return EXIT_UNREADABLE
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))  # a fact file is UTF-8 whatever the locale
    sys.stdout.buffer.flush()
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    """Start the Discord bot: the only path that imports discord.py."""
    import asyncio
    from dataclasses import replace

    import discord

    from bot.config import ConfigError, load_settings
    from bot.curation.store import Recorder, StoreError
    from bot.engine.core import Engine
    from bot.transports.discord.bot import build_bot
    from bot.transports.discord.run import EXIT_SETUP, serve

    knowledge = _load(args)
    try:
        settings = load_settings()
    except ConfigError as exc:
        _error(exc)
        return EXIT_SETUP
    settings = replace(settings, knowledge=_knowledge_path(args))  # reloads read it too
    if settings.database_url is not None:
        from bot.curation.postgres import check_url

        try:
            check_url(settings.database_url)  # setup errors; a server that is down is not
        except StoreError as exc:
            _error(exc)
            return EXIT_SETUP
    # Feedback for `heartbot report`; shards sharing one data folder or one PostgreSQL
    # database record into one place safely.
    recorder = Recorder(settings.database)
    bot = build_bot(Engine(knowledge), settings, force_sync=args.sync, recorder=recorder)
    discord.utils.setup_logging()
    return asyncio.run(serve(bot))


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


def _report(args: argparse.Namespace) -> int:
    """What to curate; it can do without the knowledge, which only adds what heartbot says now."""
    import json
    from datetime import UTC, datetime

    from bot.config import ConfigError, database, environment
    from bot.curation.report import Report, build_report, parse_since, window_start
    from bot.curation.store import StoreError, open_store
    from bot.engine.core import Engine

    try:
        since = parse_since(args.since)
    except ValueError as exc:
        _error(f"report --since: {exc}")
        return EXIT_UNREADABLE
    try:
        # The database `heartbot run` writes to: the environment over .env, as it reads them.
        db = database(environment())
    except ConfigError as exc:
        _error(exc)
        return EXIT_UNREADABLE
    now = datetime.now(UTC)
    if isinstance(db, Path) and not db.exists():
        print(
            f"no feedback recorded yet at {db}; `heartbot run` records it",
            file=sys.stderr if args.json else sys.stdout,
        )
        if args.json:
            print(json.dumps(Report(window_start(now, since), now).as_json(), indent=2))
        return EXIT_OK
    engine = None  # the "now" column is a bonus: a broken fact base still gets its report
    try:
        engine = Engine(load_knowledge(_knowledge_path(args)))
    except KnowledgeError as exc:
        _error(f"{exc} (reporting without what heartbot answers now)")
    try:
        with open_store(db, read_only=True) as store:
            report = build_report(
                store, since=since, now=now, engine=engine, limit=max(1, args.limit)
            )
    except StoreError as exc:
        _error(exc)
        return EXIT_UNREADABLE
    print(json.dumps(report.as_json(), indent=2) if args.json else report.text())
    return EXIT_OK


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ask": _ask,
    "bench": _bench,
    "chat": _chat,
    "check": _check,
    "draft": _draft,
    "eval": _eval,
    "report": _report,
    "run": _run,
}

if __name__ == "__main__":
    sys.exit(main())
