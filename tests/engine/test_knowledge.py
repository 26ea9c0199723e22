"""The fact base: the shipped file is grounded, and a broken one names file, fact and field."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.engine.core import Engine
from bot.engine.knowledge import (
    Attribution,
    KnowledgeBase,
    KnowledgeError,
    KnowledgeFileError,
    ground,
    load_knowledge,
)
from bot.engine.text import fold
from bot.limits import MAX_ANSWER, MAX_ROUNDUP

# --- the shipped fact base ------------------------------------------------------------------


def test_the_shipped_fact_base_is_grounded(knowledge: KnowledgeBase) -> None:
    """Every quote, cite, marker, id and reference of the shipped file checks out."""
    assert [p for fact_file in knowledge.files for p in ground(fact_file)] == []


def test_every_shipped_quote_is_verbatim_in_the_source(knowledge: KnowledgeBase) -> None:
    """Each fact's quote occurs in the source, whitespace aside."""
    assert [f.id for f in knowledge.facts if knowledge.sources[0].locate(f.quote) is None] == []


def test_every_shipped_fact_cites_exactly_what_its_quote_carries(
    knowledge: KnowledgeBase,
) -> None:
    """Each fact's cites are the markers the convention gives its quote, no more, no fewer."""
    wrong = [
        f.id
        for f in knowledge.facts
        if sorted(knowledge.sources[0].cites_for(f.quote) or ()) != sorted(f.cites)
    ]
    assert wrong == []


def test_every_source_marker_is_carried_by_a_fact(knowledge: KnowledgeBase) -> None:
    """No citation number of the source is left unreachable."""
    carried = {n for f in knowledge.facts for n in f.cites}
    assert set(knowledge.sources[0].markers) <= carried


def test_shipped_ids_are_unique(knowledge: KnowledgeBase) -> None:
    """No two entries share an id, so reports and feedback name one entry."""
    ids = [entry.id for entry in knowledge.entries]
    assert len(ids) == len(set(ids))


def test_shipped_ids_are_kebab_case(knowledge: KnowledgeBase) -> None:
    """Ids are lowercase words joined by hyphens."""
    bad = [e.id for e in knowledge.entries if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e.id)]
    assert bad == []


def test_shipped_answers_fit_the_reply_budget(knowledge: KnowledgeBase) -> None:
    """No answer is long enough to push a three-fact reply past Discord's limit."""
    answers = [f.answer for f in knowledge.facts] + [u.answer for u in knowledge.unknowns]
    assert max(len(a) for a in answers) <= MAX_ANSWER


def test_shipped_roundups_list_two_or_three_facts(knowledge: KnowledgeBase) -> None:
    """A broad question never answers with more than three facts."""
    assert all(2 <= len(r.facts) <= MAX_ROUNDUP for r in knowledge.roundups)


def test_shipped_known_unknowns_say_the_source_does_not_say(knowledge: KnowledgeBase) -> None:
    """Every known unknown tells the user plainly that the source doesn't cover it."""
    says_not = re.compile(r"\bsource\b.*\b(doesn't|not|no)\b")
    assert [u.id for u in knowledge.unknowns if not says_not.search(u.answer)] == []


def test_the_1981_screening_is_split_at_its_markers(knowledge: KnowledgeBase) -> None:
    """One fact carries [16] alone and another [17] alone, as the two clauses are cited."""
    cites = {f.cites for f in knowledge.facts}
    assert {(16,), (17,)} <= cites


def test_siskels_sentence_is_split_into_cited_and_uncited_facts(knowledge: KnowledgeBase) -> None:
    """The [25] thumbs up and the uncited 1986 Buried Treasures pick are separate facts."""
    buried = [f for f in knowledge.facts if "Buried Treasures" in f.quote]
    assert any(f.cites == (25,) for f in knowledge.facts)
    assert buried
    assert all(f.cites == () for f in buried)


def test_the_source_cast_is_reachable_with_and_without_accents(knowledge: KnowledgeBase) -> None:
    """Raúl Juliá is named in some fact's answer, however it is typed."""
    answers = " ".join(fold(f.answer) for f in knowledge.facts)
    assert "raul julia" in answers


# --- broken fact files ----------------------------------------------------------------------

TOY_SEED = """Toy Film

Toy Film is a 1999 drama directed by Ann Lee.[1]
It was shot in Oslo in winter[2] and released in spring.
"""


def _questions(topic: str) -> list[str]:
    return [f"question {n} about {topic}" for n in range(8)]


TOY_DATA: dict[str, Any] = {
    "source": {"file": "toy.txt"},
    "fact": [
        {
            "id": "director",
            "topic": "Credits",
            "answer": "Ann Lee directed it.",
            "quote": "Toy Film is a 1999 drama directed by Ann Lee.",
            "cites": [1],
            "questions": _questions("the director"),
            "aliases": ["Ann Lee"],
        },
        {
            "id": "shooting",
            "topic": "Production",
            "answer": "It was shot in Oslo in winter.",
            "quote": "It was shot in Oslo in winter",
            "cites": [2],
            "questions": _questions("the shoot"),
        },
        {
            "id": "release",
            "topic": "Release",
            "answer": "It was released in spring.",
            "quote": "released in spring",
            "cites": [],
            "questions": _questions("the release"),
        },
    ],
    "roundup": [
        {
            "id": "making-of",
            "topic": "Production",
            "facts": ["director", "shooting"],
            "questions": _questions("the making of"),
        }
    ],
    "unknown": [
        {
            "id": "budget",
            "topic": "Production",
            "answer": "The source doesn't say what it cost.",
            "nearest": "shooting",
            "questions": _questions("the budget"),
        }
    ],
}

Edit = Callable[[dict[str, Any]], None]


def _fact(data: dict[str, Any], fact_id: str) -> dict[str, Any]:
    return next(f for f in data["fact"] if f["id"] == fact_id)


def _wrong_cites(data: dict[str, Any]) -> None:
    _fact(data, "director")["cites"] = [2]


def _quote_not_in_source(data: dict[str, Any]) -> None:
    _fact(data, "director")["quote"] = "Toy Film was directed by Bob Roe."


def _unknown_key(data: dict[str, Any]) -> None:
    _fact(data, "director")["qoute"] = "Ann Lee"


def _duplicate_id(data: dict[str, Any]) -> None:
    _fact(data, "release")["id"] = "director"


def _missing_field(data: dict[str, Any]) -> None:
    del _fact(data, "director")["answer"]


def _bad_roundup_ref(data: dict[str, Any]) -> None:
    data["roundup"][0]["facts"] = ["director", "no-such-fact"]


def _bad_nearest(data: dict[str, Any]) -> None:
    data["unknown"][0]["nearest"] = "no-such-fact"


def _bad_cause(data: dict[str, Any]) -> None:
    _fact(data, "release")["because"] = "no-such-fact"


def _own_cause(data: dict[str, Any]) -> None:
    _fact(data, "release")["because"] = "release"


def _bad_id(data: dict[str, Any]) -> None:
    _fact(data, "release")["id"] = "Release Date"


@pytest.fixture
def toy_file(write_knowledge: Callable[..., Path]) -> Callable[[Edit | None], Path]:
    """Write the toy fact file, edited first, beside the toy source."""

    def write(edit: Edit | None = None) -> Path:
        data = copy.deepcopy(TOY_DATA)
        if edit is not None:
            edit(data)
        return write_knowledge(data, seed=TOY_SEED)

    return write


def test_a_sound_toy_file_loads(toy_file: Callable[[Edit | None], Path]) -> None:
    """The unedited toy file is valid, so each broken variant below fails for one reason."""
    path = toy_file(None)
    kb = load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert [f.id for f in kb.facts] == ["director", "shooting", "release"]


@pytest.mark.parametrize(
    ("edit", "entry", "field"),
    [
        (_wrong_cites, "fact 'director'", "cites"),
        (_quote_not_in_source, "fact 'director'", "quote"),
        (_unknown_key, "fact 'director'", "qoute"),
        (_duplicate_id, "fact 'director'", "id"),
        (_missing_field, "fact 'director'", "answer"),
        (_bad_roundup_ref, "roundup 'making-of'", "facts"),
        (_bad_nearest, "unknown 'budget'", "nearest"),
        (_bad_cause, "fact 'release'", "because"),
        (_own_cause, "fact 'release'", "because"),
        (_bad_id, "fact 'Release Date'", "id"),
    ],
    ids=[
        "wrong-cites",
        "quote-not-in-source",
        "unknown-key",
        "duplicate-id",
        "missing-field",
        "bad-roundup-ref",
        "bad-nearest",
        "bad-cause",
        "own-cause",
        "bad-id",
    ],
)
def test_a_broken_fact_names_file_entry_and_field(
    toy_file: Callable[[Edit | None], Path], edit: Edit, entry: str, field: str
) -> None:
    """The error points the curator at the file, the entry and the field to fix."""
    path = toy_file(edit)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert any(
        problem.startswith(f"{path}: {entry}: {field}:") for problem in caught.value.problems
    ), caught.value


def test_an_uncarried_marker_names_file_and_number(
    toy_file: Callable[[Edit | None], Path],
) -> None:
    """A source marker no fact carries is reported with the file and the number."""

    def drop_shooting(data: dict[str, Any]) -> None:
        data["fact"] = [f for f in data["fact"] if f["id"] != "shooting"]
        data["roundup"][0]["facts"] = ["director", "release"]
        data["unknown"][0]["nearest"] = "director"

    path = toy_file(drop_shooting)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert caught.value.problems == (f"{path}: no fact carries citation [2] of the source",)


def test_every_fault_is_reported_on_its_own_line(
    toy_file: Callable[[Edit | None], Path],
) -> None:
    """Two broken facts give two lines, so the curator fixes both in one go."""

    def break_two(data: dict[str, Any]) -> None:
        _wrong_cites(data)
        _fact(data, "release")["cites"] = [1]

    path = toy_file(break_two)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert "'director'" in lines[0]
    assert "'release'" in lines[1]


def test_a_broken_fact_is_not_a_file_error(toy_file: Callable[[Edit | None], Path]) -> None:
    """Broken content is a KnowledgeError but not an unreadable-file error."""
    path = toy_file(_wrong_cites)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert not isinstance(caught.value, KnowledgeFileError)


def test_a_source_may_say_where_it_is_published(
    toy_file: Callable[[Edit | None], Path],
) -> None:
    """[source] url, publisher and licence are read, for answers to link to and credit."""

    def published(data: dict[str, Any]) -> None:
        data["source"].update(
            url="https://example.org/toy", publisher="Toy Wiki", licence="CC BY-SA 4.0"
        )

    path = toy_file(published)
    (fact_file,) = load_knowledge(path, seeds=path.parent.parent / "seeds").files
    assert fact_file.attribution == Attribution(
        "https://example.org/toy", "Toy Wiki", "CC BY-SA 4.0"
    )


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"url": "example.org/toy"}, "url: 'example.org/toy' is not a web address"),
        ({"url": "javascript:alert(1)"}, "url: 'javascript:alert(1)' is not a web address"),
        ({"url": "https://example.org/a b"}, "is not a web address"),
        ({"url": 7}, "url: 7 is not a web address"),
        ({"licence": "CC BY-SA 4.0"}, "url: publisher and licence need the url"),
        ({"url": "https://example.org", "publisher": ""}, "publisher: '' must be a short name"),
        ({"url": "https://example.org", "licence": "x" * 41}, "licence: 'xxxx"),
        ({"licence_url": "https://example.org"}, "[source] licence_url: unknown"),
    ],
)
def test_a_bad_attribution_names_the_field_and_the_fix(
    toy_file: Callable[[Edit | None], Path], fields: dict[str, Any], named: str
) -> None:
    """A [source] url, publisher or licence that can't be shown is refused, naming the field."""
    path = toy_file(lambda data: data["source"].update(fields))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert str(path) in str(caught.value)
    assert named in str(caught.value)


def test_malformed_toml_names_file_line_and_column(tmp_path: Path) -> None:
    """A TOML syntax error says where in which file it is."""
    path = tmp_path / "facts.toml"
    path.write_text('[source]\nfile = "toy.txt"\n\n[[fact]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        load_knowledge(path, seeds=tmp_path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 4" in message
    assert "column" in message


def test_a_missing_fact_file_is_a_file_error(tmp_path: Path) -> None:
    """Pointing at a fact file that isn't there names the path."""
    path = tmp_path / "absent.toml"
    with pytest.raises(KnowledgeFileError, match=re.escape(str(path))):
        load_knowledge(path, seeds=tmp_path)


def test_a_missing_source_is_a_file_error(toy_file: Callable[[Edit | None], Path]) -> None:
    """A fact file whose [source] names an absent document names both files."""
    path = toy_file(None)
    with pytest.raises(KnowledgeFileError) as caught:
        load_knowledge(path, seeds=path.parent)
    assert str(path) in str(caught.value)
    assert "toy.txt" in str(caught.value)


def test_a_fact_file_without_a_source_table_is_an_error(tmp_path: Path) -> None:
    """A fact file must say which source it is grounded in."""
    path = tmp_path / "facts.toml"
    path.write_text('[[fact]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"\[source\]"):
        load_knowledge(path, seeds=tmp_path)


# --- subjects and the lexicon -----------------------------------------------------------------


def test_a_fact_says_what_it_is_about(toy_file: Callable[[Edit | None], Path]) -> None:
    """``subjects`` are read as written: the names a question may ask about instead."""

    def about_ann_lee(data: dict[str, Any]) -> None:
        _fact(data, "director")["subjects"] = ["Ann Lee"]

    path = toy_file(about_ann_lee)
    kb = load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert kb.fact("director").subjects == ("Ann Lee",)
    assert kb.fact("shooting").subjects == ()


def test_subjects_that_are_not_names_are_named(toy_file: Callable[[Edit | None], Path]) -> None:
    """A subjects field that isn't a list of names points at the file, fact and field."""

    def bad(data: dict[str, Any]) -> None:
        _fact(data, "director")["subjects"] = "Ann Lee"

    path = toy_file(bad)
    with pytest.raises(KnowledgeError, match=r"fact 'director': subjects: must be a list"):
        load_knowledge(path, seeds=path.parent.parent / "seeds")


def test_the_people_among_the_subjects_are_read_as_written(
    toy_file: Callable[[Edit | None], Path],
) -> None:
    """[source] people says which subjects are people, spelled as the facts spell them."""

    def people(data: dict[str, Any]) -> None:
        _fact(data, "director")["subjects"] = ["Ann Lee"]
        data["source"]["people"] = ["ann lee"]

    path = toy_file(people)
    assert load_knowledge(path, seeds=path.parent.parent / "seeds").people == ("ann lee",)


@pytest.mark.parametrize(
    ("people", "says"),
    [
        ("Ann Lee", r"\[source\] people: must be a list"),
        (["Bo Chen"], r"\[source\] people: 'Bo Chen' is no fact's subject"),
    ],
)
def test_people_who_are_no_subject_are_named(
    toy_file: Callable[[Edit | None], Path], people: object, says: str
) -> None:
    """A person the facts never speak of is a slip: the error names the file, field and name."""

    def bad(data: dict[str, Any]) -> None:
        _fact(data, "director")["subjects"] = ["Ann Lee"]
        data["source"]["people"] = people

    path = toy_file(bad)
    with pytest.raises(KnowledgeError, match=says) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert str(path) in str(caught.value)


def test_a_lexicon_phrasing_is_counted_as_the_matcher_reads_it(
    toy_file: Callable[[Edit | None], Path],
) -> None:
    """The title is one word to the matcher ("film"): a phrasing naming it is not too long."""

    def lexicon(data: dict[str, Any]) -> None:
        data["lexicon"] = {"writing partner": ["co-wrote One from the Heart with"]}

    kb = load_knowledge(toy_file(lexicon))
    assert kb.lexicon == {"writing partner": ("co-wrote One from the Heart with",)}


def test_a_lexicon_is_read_once_for_the_file(toy_file: Callable[[Edit | None], Path]) -> None:
    """[lexicon] gives each key the phrasings people use for it."""

    def lexicon(data: dict[str, Any]) -> None:
        data["lexicon"] = {"directed": ["helmed", "was at the helm of"]}

    path = toy_file(lexicon)
    kb = load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert kb.lexicon == {"directed": ("helmed", "was at the helm of")}


@pytest.mark.parametrize(
    ("lexicon", "message"),
    [
        ({"directed": "helmed"}, r"\[lexicon\] directed: must be a list of phrasings"),
        (
            {"directed": ["helmed"], "shot": ["helmed"]},
            r"\[lexicon\] shot: 'helmed' already stands for 'directed'",
        ),
        (
            {"cast": ["who's in it"], "plot": ["Who is in it"]},
            r"\[lexicon\] plot: 'Who is in it' already stands for 'cast'",
        ),
        (
            {"directed": ["a phrasing of far too many words here"]},
            r"\[lexicon\] directed: .* is over 5 words",
        ),
    ],
    ids=["not-a-list", "two-keys", "two-keys-read-alike", "too-long"],
)
def test_a_broken_lexicon_names_file_and_key(
    toy_file: Callable[[Edit | None], Path], lexicon: dict[str, Any], message: str
) -> None:
    """A lexicon a curator got wrong says which file, which key, and what is wrong."""

    def edit(data: dict[str, Any]) -> None:
        data["lexicon"] = lexicon

    path = toy_file(edit)
    with pytest.raises(KnowledgeError, match=message) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert str(path) in str(caught.value)


def test_a_lexicon_phrasing_reaches_its_keys_fact(toy_file: Callable[[Edit | None], Path]) -> None:
    """A question in the lexicon's words gets the fact whose questions use its key."""

    def edit(data: dict[str, Any]) -> None:
        _fact(data, "director")["questions"] = [f"who directed it {n}" for n in range(8)]
        data["lexicon"] = {"directed": ["helmed"]}

    path = toy_file(edit)
    engine = Engine(load_knowledge(path, seeds=path.parent.parent / "seeds"))
    reply = engine.ask("who helmed toy film")
    assert reply.fact_ids == ("director",)
    assert engine.matcher.match("who helmed toy film").lexicon == ("directed",)


def test_the_film_described_as_the_file_says_is_the_film(
    toy_file: Callable[[Edit | None], Path],
) -> None:
    """[source] described_by names what people call the film by ("the Nordby thriller"):
    those words then ask nothing, so the question's own words decide."""

    def edit(data: dict[str, Any]) -> None:
        data["source"]["described_by"] = ["nordby", "thriller", "1999"]

    path = toy_file(edit)
    kb = load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert kb.described_by == ("nordby", "thriller", "1999")
    lexicon = Engine(kb).matcher.lexicon
    for described in ("Nordby's 1999 thriller", "that old Nordby movie from the early 1999"):
        assert lexicon.apply(f"who acted in {described}?")[0] == "who acted in the film"
    # "a Nordby film" asks whether it is one; "the film" needs no rewriting.
    assert lexicon.apply("is it a nordby film")[0] == "is it a nordby film"
    assert lexicon.apply("was the thriller long")[0] == "was the thriller long"


@pytest.mark.parametrize("described_by", ["nordby", ["two words"], [""]])
def test_a_broken_description_names_file_and_field(
    toy_file: Callable[[Edit | None], Path], described_by: object
) -> None:
    """described_by takes single words; anything else says which file and field."""

    def edit(data: dict[str, Any]) -> None:
        data["source"]["described_by"] = described_by

    path = toy_file(edit)
    with pytest.raises(KnowledgeError, match=r"\[source\] described_by: must be a list") as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    assert str(path) in str(caught.value)


# --- quotes that name one place, and files from any editor ------------------------------------


def test_a_quote_of_one_word_is_too_short(toy_file: Callable[[Edit | None], Path]) -> None:
    """A word could stand anywhere: check asks for a clause, and says no more of that fact."""

    def short(data: dict[str, Any]) -> None:
        _fact(data, "shooting")["quote"] = "Oslo"

    path = toy_file(short)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    about_it = [p for p in caught.value.problems if "fact 'shooting'" in p]
    assert len(about_it) == 1
    assert "quote: 'Oslo' is too short" in about_it[0]


def test_a_quote_standing_twice_names_both_places(write_knowledge: Callable[..., Path]) -> None:
    """A quote found in two sentences is ambiguous: check names both and asks for more of it."""
    seed = "Twice\n\nIt is a drama of the sea.[1] Its sequel is a drama of the sea too.[2]\n"
    data = copy.deepcopy(TOY_DATA)
    data["fact"] = [
        {
            "id": "sea",
            "topic": "Story",
            "answer": "It is a drama of the sea.",
            "quote": "a drama of the sea",
            "cites": [1],
            "questions": _questions("the sea"),
        },
        {
            "id": "sequel",
            "topic": "Story",
            "answer": "Its sequel is one too.",
            "quote": "Its sequel is a drama",
            "cites": [2],
            "questions": _questions("the sequel"),
        },
    ]
    data["roundup"], data["unknown"] = [], []
    path = write_knowledge(data, seed=seed)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path, seeds=path.parent.parent / "seeds")
    (problem,) = caught.value.problems
    assert "fact 'sea': quote: stands in 2 places" in problem
    assert "sentence 1: 'It is a drama of the sea.'" in problem
    assert "sentence 2:" in problem


def test_a_byte_order_mark_is_read_past(toy_file: Callable[[Edit | None], Path]) -> None:
    """A fact file and a seed saved with a UTF-8 byte-order mark load as if without one."""
    path = toy_file(None)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    seed = path.parent.parent / "seeds" / "toy.txt"
    seed.write_bytes(b"\xef\xbb\xbf" + seed.read_bytes())
    kb = load_knowledge(path, seeds=seed.parent)
    assert kb.sources[0].title == "Toy Film"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may read anything")
def test_an_unreadable_knowledge_folder_is_named_as_such(tmp_path: Path) -> None:
    """A knowledge folder heartbot may not read says so, not "no fact files here"."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    folder.chmod(0o000)
    try:
        with pytest.raises(KnowledgeFileError, match="cannot read the knowledge folder"):
            load_knowledge(folder)
    finally:
        folder.chmod(0o755)
