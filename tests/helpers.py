"""What several test modules share: the project's paths, the second source, and small writers."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.curation.draft import toml_string
from bot.curation.store import Recorder

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge" / "one_from_the_heart.toml"
SEED = ROOT / "seeds" / "one_from_the_heart.txt"
DATA = ROOT / "tests" / "data"
DEV_SET = DATA / "dev_questions.tsv"

# --- Several sources: the shipped one beside a small one of our own (tests/data/second_source) --
SECOND = DATA / "second_source"
SECOND_TITLE = "Harrow Street Picture House"
# A curator's fix for a question the second source's fact base refuses: an entry saying so.
NEW_QUESTION = "who was the cinema manager"
STAFF = """
[[unknown]]
id = "picture-house-staff"
topic = "History"
answer = "The source doesn't say who worked at the Picture House."
questions = ["who was the cinema manager", "who worked at the cinema", "picture house staff"]
"""


@dataclass(frozen=True)
class Ran:
    """What one run of the command line gave: its status and what it wrote."""

    returncode: int
    stdout: str
    stderr: str


RunHeartbot = Callable[..., Ran]
MakeRecorder = Callable[..., Recorder]  # the make_recorder fixture: a database, options


def run_in_process(*args: str, stdin: str = "", env: Mapping[str, str] | None = None) -> Ran:
    """Run ``heartbot ARGS`` through ``main()`` in this process, from the project root.

    The environment is heartbot's defaults plus ``env``; stdin, stdout and stderr are UTF-8
    text streams over bytes, as a real process has (``draft`` writes bytes to stdout).
    """
    import contextlib
    import sys

    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for name in ("out", "err")}
    saved_env = dict(os.environ)
    saved_cwd = Path.cwd()
    os.environ.pop("HEARTBOT_KNOWLEDGE", None)
    os.environ.update(env or {})
    os.chdir(ROOT)
    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with (
            contextlib.redirect_stdout(streams["out"]),
            contextlib.redirect_stderr(streams["err"]),
        ):
            saved_stdin, sys.stdin = sys.stdin, stdin_stream
            try:
                status = main(list(args))
            except SystemExit as exit_:  # argparse leaves this way on bad usage and --help
                status = exit_.code if isinstance(exit_.code, int) else 1
            finally:
                sys.stdin = saved_stdin
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    texts = []
    for stream in streams.values():
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return Ran(status, texts[0], texts[1])


def to_toml(data: Mapping[str, Any]) -> str:
    """Write the subset of TOML the fact files use: tables, arrays of tables, strings, ints."""
    lines: list[str] = []
    for name, value in data.items():
        tables = value if isinstance(value, list) else [value]
        header = f"[[{name}]]" if isinstance(value, list) else f"[{name}]"
        for table in tables:
            lines.append(header)
            lines.extend(f"{_toml_key(key)} = {_toml_value(item)}" for key, item in table.items())
            lines.append("")
    return "\n".join(lines)


def _toml_key(key: str) -> str:
    """A bare key where TOML allows one, else quoted: lexicon keys may be phrases."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, str):
        return toml_string(value)
    return str(int(value))


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make a file or folder no one may write, root included: root ignores modes, but not the
    immutable flag (chattr +i); skip where neither can be had."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], check=False).returncode:
        pytest.skip("as root only the immutable flag stops writes, and chattr +i is refused here")
    try:
        probe = path / "probe" if path.is_dir() else path
        with pytest.raises(PermissionError):  # the test means something only if writes fail
            probe.open("a").close()
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


# Every column the record has, SQLite and PostgreSQL alike: none names a person.
COLUMNS = frozenset(
    {
        "schema_version.version",
        "questions.id",
        "questions.at",
        "questions.outcome",
        "questions.text",
        "questions.guild_id",
        "questions.entry_id",
        "questions.score",
        "votes.id",
        "votes.at",
        "votes.entry_id",
        "votes.helpful",
        "votes.voter",  # a keyed hash of answer and person: one vote each, no one named
        "command_sync.scope",
        "command_sync.digest",
    }
)


# One shard's writer: records ``count`` questions into the database (a file, or a PostgreSQL URL)
# as ``heartbot run`` would, once told to go, so that every shard's first open races too.
SHARD_WRITER = """
import sys
from pathlib import Path
from bot.engine.answers import Outcome
from bot.curation.store import Asked, Recorder

given, count, shard = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.stdin.readline()  # start together: the first open, and its migration, race too
recorder = Recorder(given if "://" in given else Path(given))
for n in range(count):
    recorder.record_question(Asked(f"question {n}", Outcome.REFUSE, shard, None, 0.0))
recorder.close()
"""


def write_as_shards(database: str, *, shards: int, count: int, timeout: float) -> list[str]:
    """Start ``shards`` writer processes on one database, let them go together, and return
    what each wrote to stderr."""
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", SHARD_WRITER, database, str(count), str(shard)],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            text=True,
        )
        for shard in range(shards)
    ]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    return [writer.communicate(timeout=timeout)[1] for writer in writers]
