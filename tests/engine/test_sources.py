"""Several sources side by side: the shipped film and a small text of our own, never shipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine.answers import Outcome
from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeError, KnowledgeFileError, load_knowledge
from tests.helpers import SECOND_TITLE, RunHeartbot

FILM = "One from the Heart"
SECOND_FILE = "harrow_street_picture_house.toml"


@pytest.fixture
def both(two_sources: Path) -> Engine:
    """The engine over both fact files."""
    return Engine(load_knowledge(two_sources))


def test_a_folder_loads_every_fact_file_with_its_own_source(two_sources: Path) -> None:
    """Each fact file in the folder is loaded and proven against the seed it names."""
    knowledge = load_knowledge(two_sources)
    assert sorted(source.title for source in knowledge.sources) == sorted([FILM, SECOND_TITLE])
    assert knowledge.source_of("picture-house-organ").title == SECOND_TITLE
    assert knowledge.source_of("financing").title == FILM


def test_an_answer_says_which_source_it_comes_from(both: Engine) -> None:
    """An answer carries the title of the source its fact comes from, and that source's cites."""
    reply = both.ask("who designed the picture house")
    assert reply.outcome is Outcome.ANSWER
    assert reply.sources == (SECOND_TITLE,)
    assert reply.citations == (9,)
    film = both.ask("who lent coppola the money")
    assert film.sources == (FILM,)
    assert film.citations == (9,)


def test_an_uncited_fact_of_the_second_source_says_so(both: Engine) -> None:
    """Text with no marker after it stays uncited in any source."""
    reply = both.ask("how long did the cinema stand empty")
    assert reply.fact_ids == ("picture-house-empty-years",)
    assert reply.citations == ()


def test_a_number_in_two_sources_has_a_passage_in_each(both: Engine) -> None:
    """[9] exists in both sources: each passage comes from its own text."""
    passages = both.passages(9)
    assert {p.source.title for p in passages} == {FILM, SECOND_TITLE}
    second = next(p for p in passages if p.source.title == SECOND_TITLE)
    assert any("Mabel Ferrand" in sentence for sentence in second.sentences)
    assert {f.id for f in second.facts} == {"picture-house-architect", "picture-house-reopening"}


def test_an_ambiguous_number_needs_its_source_named(both: Engine) -> None:
    """Without a source, [9] is ambiguous; naming the source by key or title settles it."""
    assert both.passage(9) is None
    by_key = both.source_named("harrow_street_picture_house")
    by_title = both.source_named("harrow street picture house")
    assert by_key is not None
    assert by_key is by_title
    passage = both.passage(9, by_key)
    assert passage is not None
    assert passage.source is by_key


def test_a_number_in_one_source_needs_no_name(both: Engine) -> None:
    """[12] is only in the second source, so it is found without naming it."""
    passage = both.passage(12)
    assert passage is not None
    assert passage.source.title == SECOND_TITLE


def test_a_refusal_names_every_source(both: Engine) -> None:
    """Off-topic questions are told what heartbot can answer from."""
    reply = both.ask("what is the weather in paris")
    assert reply.outcome is Outcome.REFUSE
    assert FILM in reply.message
    assert SECOND_TITLE in reply.message


def test_ids_must_be_unique_across_fact_files(two_sources: Path) -> None:
    """An id used in two files is reported with both file names."""
    path = two_sources / SECOND_FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace('"picture-house-organ"', '"financing"'),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(two_sources)
    (problem,) = caught.value.problems
    assert SECOND_FILE in problem
    assert "one_from_the_heart.toml" in problem
    assert "fact 'financing': id:" in problem


def test_two_fact_files_may_not_share_a_source(two_sources: Path) -> None:
    """A second fact file on the same seed is refused: a citation number means one passage."""
    shutil.copy(two_sources / SECOND_FILE, two_sources / "copy.toml")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(two_sources)
    assert any("keep one fact file per source" in p for p in caught.value.problems)


def test_an_empty_folder_says_how_to_start_one(tmp_path: Path) -> None:
    """A knowledge folder with no fact files points to `heartbot draft`."""
    with pytest.raises(KnowledgeFileError, match="heartbot draft"):
        load_knowledge(tmp_path)


def test_a_broken_file_is_named_with_its_fact_and_field(two_sources: Path) -> None:
    """A bad quote in the second file names that file, the fact and the field."""
    path = two_sources / SECOND_FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'quote = "Its organ was installed in 1926."', 'quote = "Its organ was built in 1926."'
        ),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(two_sources)
    assert caught.value.problems == (
        f"{path}: fact 'picture-house-organ': quote: not found verbatim in "
        "harrow_street_picture_house.txt",
    )


def test_check_proves_every_file_of_a_folder(two_sources: Path, run_heartbot: RunHeartbot) -> None:
    """`heartbot check` on a folder says ok for each file, with its source's citations."""
    result = run_heartbot("--knowledge", str(two_sources), "check")
    assert result.returncode == 0, result.stderr
    assert f"{SECOND_FILE}: ok: 8 facts" in result.stdout
    assert "harrow_street_picture_house.txt citations [3] [9] [15] [4] [12]" in result.stdout
    assert "one_from_the_heart.toml: ok: 26 facts" in result.stdout


def test_the_command_line_names_the_source_when_there_are_several(
    two_sources: Path, run_heartbot: RunHeartbot
) -> None:
    """With several sources, `ask` ends an answer with the source it comes from."""
    result = run_heartbot("--knowledge", str(two_sources), "ask", "when was the organ installed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "The Picture House's organ was installed in 1926. [15]",
        f"Source: {SECOND_TITLE}",
    ]


def test_the_command_line_says_nothing_of_sources_when_there_is_one(
    run_heartbot: RunHeartbot,
) -> None:
    """With the shipped source alone, an answer is just the answer and its citations."""
    result = run_heartbot("ask", "who lent coppola the money")
    assert "Source:" not in result.stdout
    assert result.stdout.rstrip().endswith("[9]")
