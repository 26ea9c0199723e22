"""``heartbot check``: the shipped facts pass, and a broken file is reported with exit 1 or 2."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.curation.check import routing_problems
from bot.engine.core import Engine
from bot.engine.knowledge import load_knowledge

Run = Callable[..., subprocess.CompletedProcess[str]]
Write = Callable[..., Path]


def _engine(path: Path) -> Engine:
    return Engine(load_knowledge(path))


def test_every_shipped_question_routes_back_to_its_entry(engine: Engine) -> None:
    """Each curated question of the shipped file is answered by its own entry."""
    assert routing_problems(engine) == []


def test_a_question_claimed_by_two_entries_names_both(
    shipped_data: dict[str, Any], write_knowledge: Write
) -> None:
    """A roundup asked exactly like one of its facts is a conflict naming both ids."""
    roundup = shipped_data["roundup"][0]
    member = next(f for f in shipped_data["fact"] if f["id"] == roundup["facts"][0])
    roundup["questions"].append(member["questions"][0])
    problems = routing_problems(_engine(write_knowledge(shipped_data)))
    assert any(
        f"roundup {roundup['id']!r}" in p and f"fact {member['id']!r} instead" in p
        for p in problems
    ), problems


def test_a_question_two_facts_share_is_reported_for_both(
    shipped_data: dict[str, Any], write_knowledge: Write
) -> None:
    """The same question curated under two facts answers neither, and both are named."""
    first, second = shipped_data["fact"][0], shipped_data["fact"][1]
    first["questions"].append(second["questions"][0])
    problems = routing_problems(_engine(write_knowledge(shipped_data)))
    assert any(f"fact {first['id']!r}: questions:" in p for p in problems), problems
    assert any(f"fact {second['id']!r}: questions:" in p for p in problems), problems


def test_too_few_questions_are_reported(
    shipped_data: dict[str, Any], write_knowledge: Write
) -> None:
    """A fact with fewer than eight phrasings is flagged with its id and the count."""
    fact = shipped_data["fact"][0]
    fact["questions"] = fact["questions"][:3]
    problems = routing_problems(_engine(write_knowledge(shipped_data)))
    assert any(f"fact {fact['id']!r}: questions: 3 given" in p for p in problems), problems


def test_check_passes_on_the_shipped_files(run_heartbot: Run) -> None:
    """``heartbot check`` exits 0 and lists every citation number it proved."""
    result = run_heartbot("check")
    assert result.returncode == 0, result.stderr
    assert "[9] [15] [16] [17] [20] [23] [24] [25]" in result.stdout


def test_check_fails_on_a_wrong_cite(
    run_heartbot: Run, shipped_data: dict[str, Any], write_knowledge: Write
) -> None:
    """A fact citing the wrong number exits 1, naming the file, the fact and the field."""
    fact = next(f for f in shipped_data["fact"] if f["cites"] == [9])
    fact["cites"] = [15]
    path = write_knowledge(shipped_data)
    result = run_heartbot("--knowledge", str(path), "check")
    assert result.returncode == 1
    assert f"{path}: fact {fact['id']!r}: cites:" in result.stderr


def test_check_fails_on_a_routing_conflict(
    run_heartbot: Run, shipped_data: dict[str, Any], write_knowledge: Write
) -> None:
    """A curated question that routes to another entry exits 1."""
    roundup = shipped_data["roundup"][0]
    member = next(f for f in shipped_data["fact"] if f["id"] == roundup["facts"][0])
    roundup["questions"].append(member["questions"][0])
    result = run_heartbot("--knowledge", str(write_knowledge(shipped_data)), "check")
    assert result.returncode == 1
    assert "instead" in result.stderr


def test_check_on_malformed_toml_exits_2_naming_file_and_line(
    run_heartbot: Run, tmp_path: Path
) -> None:
    """A TOML syntax error exits 2 and says which file and line to fix."""
    path = tmp_path / "broken.toml"
    path.write_text('[source]\nfile = "one_from_the_heart.txt"\n[[fact]\n', encoding="utf-8")
    result = run_heartbot("--knowledge", str(path), "check")
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert "line 3" in result.stderr


def test_check_on_a_missing_file_exits_2_naming_it(run_heartbot: Run, tmp_path: Path) -> None:
    """Pointing check at a file that isn't there exits 2 with the path."""
    path = tmp_path / "absent.toml"
    result = run_heartbot("--knowledge", str(path), "check")
    assert result.returncode == 2
    assert str(path) in result.stderr


@pytest.mark.parametrize("command", [["ask", "who directed it"], ["chat"]])
def test_other_commands_refuse_to_start_on_broken_facts(
    run_heartbot: Run,
    shipped_data: dict[str, Any],
    write_knowledge: Write,
    command: list[str],
) -> None:
    """ask and chat won't answer from an ungrounded fact base: exit 2 with the reason."""
    next(f for f in shipped_data["fact"] if f["cites"] == [9])["cites"] = [15]
    result = run_heartbot("--knowledge", str(write_knowledge(shipped_data)), *command)
    assert result.returncode == 2
    assert "cites" in result.stderr


def test_an_unknowns_alias_its_fact_says_is_reported(
    shipped_data: dict[str, Any], write_knowledge: Write
) -> None:
    """ "which exhibitors" reads as "exhibitors", which the exhibitors fact says: as an alias
    of what the source doesn't say, it would take questions the fact answers."""
    unknown = next(u for u in shipped_data["unknown"] if u["id"] == "which-exhibitors")
    unknown["aliases"].append("which exhibitors")
    problems = routing_problems(_engine(write_knowledge(shipped_data)))
    assert any(
        "unknown 'which-exhibitors': aliases: 'which exhibitors'" in p and "fact 'exhibitors'" in p
        for p in problems
    ), problems
