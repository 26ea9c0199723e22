"""Reloading the knowledge: new facts go live, broken files keep the old ones answering."""

from __future__ import annotations

from pathlib import Path

from bot.engine.answers import Outcome
from bot.engine.core import Engine
from bot.engine.knowledge import load_knowledge
from bot.engine.reloading import reload_engine
from bot.limits import MAX_PROBLEMS
from tests.helpers import NEW_QUESTION, STAFF

SECOND_FILE = "harrow_street_picture_house.toml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_reload_picks_up_a_new_entry(two_sources: Path) -> None:
    """A known unknown added to a fact file is used by the reloaded engine, not the old one."""
    old = Engine(load_knowledge(two_sources))
    assert old.ask(NEW_QUESTION).entry_id is None
    path = two_sources / SECOND_FILE
    path.write_text(path.read_text(encoding="utf-8") + STAFF, encoding="utf-8")
    result = reload_engine(two_sources, old)
    assert result.ok
    assert result.engine is not None
    assert result.engine.ask(NEW_QUESTION).entry_id == "picture-house-staff"
    assert old.ask(NEW_QUESTION).entry_id is None


def test_a_reload_says_what_it_loaded(two_sources: Path) -> None:
    """The report counts sources and facts now and before, so a curator sees the change."""
    old = Engine(load_knowledge(two_sources))
    (two_sources / SECOND_FILE).unlink()
    result = reload_engine(two_sources, old)
    assert result.message == (
        "Reloaded the knowledge: 1 source, 26 facts, 27 known unknowns, 6 roundups "
        "(was 2 sources, 34 facts, 28 known unknowns, 6 roundups)."
    )


def test_a_broken_file_keeps_the_old_knowledge_and_names_file_and_fact(two_sources: Path) -> None:
    """A bad cite is reported with its file, fact and field, and no new engine is made."""
    old = Engine(load_knowledge(two_sources))
    path = two_sources / SECOND_FILE
    _edit(path, "cites = [15]", "cites = [16]")
    result = reload_engine(two_sources, old)
    assert not result.ok
    assert result.engine is None
    assert result.message.startswith("Kept the knowledge I had")
    assert f"{path}: fact 'picture-house-organ': cites:" in result.message
    assert old.ask("when was the organ installed").outcome is Outcome.ANSWER


def test_unreadable_toml_is_reported_with_its_line(two_sources: Path) -> None:
    """A syntax error names the file and where in it."""
    old = Engine(load_knowledge(two_sources))
    path = two_sources / SECOND_FILE
    path.write_text('[source\nfile = "x"\n', encoding="utf-8")
    result = reload_engine(two_sources, old)
    assert not result.ok
    assert f"{path}: not valid TOML" in result.message
    assert "line 1" in result.message


def test_a_long_list_of_problems_is_cut_short(two_sources: Path) -> None:
    """Dozens of faults are summed up after the first few, pointing to `heartbot check`."""
    old = Engine(load_knowledge(two_sources))
    path = two_sources / SECOND_FILE
    _edit(path, "[[fact]]", "[[fact]]\nbogus = 1")
    _edit(path, "[[unknown]]", "[[unknown]]\nbogus = 1")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('quote = "', 'quote = "Not in the source: '), encoding="utf-8")
    result = reload_engine(two_sources, old)
    bullets = [line for line in result.message.splitlines() if line.startswith("• ")]
    assert len(bullets) == MAX_PROBLEMS + 1
    assert "run `heartbot check`" in bullets[-1]
