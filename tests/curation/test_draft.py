"""``heartbot draft``: a fact file drafted from any Wikipedia-style source passes ``check``.

Its quotes, cites, coverage and ids are right by construction, and its starter questions route
back to their facts, so ``check`` asks for nothing but more questions.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.curation.check import routing_problems
from bot.curation.draft import draft, draft_file, toml_string
from bot.engine.core import Engine
from bot.engine.knowledge import Fact, KnowledgeBase, load_knowledge
from bot.engine.source import load_source, parse
from bot.limits import MAX_ANSWER, MAX_CURATED_QUESTION, MAX_QUOTE
from tests.helpers import SEED as SHIPPED_SEED

Run = Callable[..., subprocess.CompletedProcess[str]]

# A small source with what extraction leaves in real articles: a mid-sentence marker, stacked
# markers, a marker and a closing quote mark pushed to the next line, an uncited sentence, a
# cited fragment, section headings (one run into its paragraph), non-ASCII and a backslash.
LIGHTHOUSE = r"""The Lighthouse Keeper

The Lighthouse Keeper is a 1994 Norwegian drama film directed by Ingrid Halvorsen and starring
Per Ødegård and Mina Solberg.[1] It follows a keeper who refuses to leave his island after the
light is automated.

Production

Filming took place on the island of Værøy in the spring of 1993,[2] and the interiors were shot
in Oslo. The budget was raised by the Norwegian Film Institute.[3][4] Halvorsen wrote the script
in a single winter.
[5] The score, by composer Lars Eide, uses only a fiddle and a foghorn. It was recorded twice.
Once.[6]

Reception
Critic Anne Berg of Dagbladet called it "a slow, stubborn, luminous thing.

"[7] Variety printed the keeper's log path C:\keeper\log and called the film "a ship's diary".[8]
"""
VARIETY = (
    r"""Variety printed the keeper's log path C:\keeper\log and called the film "a ship's diary"."""
)

UNCITED = "It follows a keeper who refuses to leave his island after the light is automated."
STACKED = "The budget was raised by the Norwegian Film Institute."
AFTER_LEADING_MARKER = "The score, by composer Lars Eide, uses only a fiddle and a foghorn."
ONLY_PROBLEM = re.compile(r"^.+: fact '[a-z0-9-]+': questions: \d+ given, at least 8 wanted$")


def _draft_into(folder: Path, name: str, text: str, run_heartbot: Run) -> Path:
    """Put a source in folder/seeds, draft it with the command line into folder/knowledge."""
    (folder / "seeds").mkdir()
    (folder / "knowledge").mkdir()
    seed = folder / "seeds" / f"{name}.txt"
    seed.write_text(text, encoding="utf-8")
    result = run_heartbot("draft", str(seed))
    assert result.returncode == 0, result.stderr
    path = folder / "knowledge" / f"{name}.toml"
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory, run_heartbot: Run) -> Path:
    """The toy source's draft, written as knowledge/lighthouse.toml beside seeds/."""
    return _draft_into(tmp_path_factory.mktemp("toy"), "lighthouse", LIGHTHOUSE, run_heartbot)


@pytest.fixture(scope="module")
def kb(drafted: Path) -> KnowledgeBase:
    """The toy draft, loaded and proven against its source like any fact file."""
    return load_knowledge(drafted)


def _fact_quoting(kb: KnowledgeBase, text: str) -> Fact:
    return next(f for f in kb.facts if text in f.quote)


def test_the_draft_loads_as_a_fact_file(kb: KnowledgeBase) -> None:
    """The draft parses and passes every source check, one fact per sentence worth one."""
    assert len(kb.facts) == 9


def test_the_draft_offers_the_sources_attribution_to_fill_in(drafted: Path) -> None:
    """[source] shows, commented out, the url, publisher and licence a curator may give."""
    text = drafted.read_text(encoding="utf-8")
    for key in ("url", "publisher", "licence"):
        assert f"\n# {key} = " in text
    uncommented = text.replace("\n# url = ", "\nurl = ").replace("\n# publisher", "\npublisher")
    drafted.with_name("attributed.toml").write_text(
        uncommented.replace("/wiki/...", "/wiki/Lighthouse"), encoding="utf-8"
    )
    (fact_file,) = load_knowledge(drafted.with_name("attributed.toml")).files
    assert fact_file.attribution is not None
    assert fact_file.attribution.url == "https://en.wikipedia.org/wiki/Lighthouse"
    drafted.with_name("attributed.toml").unlink()


def test_every_quote_is_verbatim_in_the_source(kb: KnowledgeBase) -> None:
    """Each quote is found in the source as written, markers aside."""
    assert all(kb.sources[0].locate(f.quote) is not None for f in kb.facts)


def test_cites_are_what_the_convention_gives_each_quote(kb: KnowledgeBase) -> None:
    """Each fact's cites are exactly the markers that support its quote."""
    assert all(f.cites == kb.sources[0].cites_for(f.quote) for f in kb.facts)


def test_a_mid_sentence_marker_is_carried_only_by_its_clauses_sentence(
    kb: KnowledgeBase,
) -> None:
    """[2] supports the filming clause: only the Værøy sentence's fact cites it."""
    assert [f.quote for f in kb.facts if 2 in f.cites] == [
        "Filming took place on the island of Værøy in the spring of 1993, "
        "and the interiors were shot in Oslo."
    ]


def test_stacked_markers_both_cite_their_sentence(kb: KnowledgeBase) -> None:
    """[3][4] both support the budget sentence."""
    assert _fact_quoting(kb, STACKED).cites == (3, 4)


def test_a_marker_opening_the_next_line_cites_the_sentence_before(kb: KnowledgeBase) -> None:
    """The [5] extraction left before the score sentence cites the script sentence instead."""
    assert _fact_quoting(kb, "Halvorsen wrote the script").cites == (5,)
    assert _fact_quoting(kb, AFTER_LEADING_MARKER).cites == ()


def test_an_uncited_sentence_has_no_cites(kb: KnowledgeBase) -> None:
    """A sentence with no marker after it is drafted with ``cites = []``."""
    assert _fact_quoting(kb, UNCITED).cites == ()


def test_a_closing_quote_on_the_next_line_stays_with_its_sentence(kb: KnowledgeBase) -> None:
    """The critic's quotation keeps its closing quote mark and its [7]."""
    fact = _fact_quoting(kb, "Anne Berg")
    assert fact.quote.endswith('luminous thing."')
    assert fact.cites == (7,)


def test_a_cited_fragment_finishes_the_sentence_before_it(kb: KnowledgeBase) -> None:
    """A lone "Once.[6]" says too little to ask about, so it joins the sentence before."""
    assert _fact_quoting(kb, "It was recorded twice. Once.").cites == (6,)


def test_every_marker_of_the_source_is_carried(kb: KnowledgeBase) -> None:
    """No citation number of the source is left without a fact."""
    assert {n for f in kb.facts for n in f.cites} == set(kb.sources[0].markers)


def test_ids_are_unique_short_kebab_case(kb: KnowledgeBase) -> None:
    """Ids are distinct, kebab-case ASCII ("Værøy" spelt out) and at most 40 characters."""
    ids = [f.id for f in kb.facts]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) and len(i) <= 40 for i in ids), ids
    assert any("vaeroy" in i for i in ids), ids


def test_section_headings_become_topics(kb: KnowledgeBase) -> None:
    """Facts under "Reception" get it as their topic; the lead is the overview."""
    assert _fact_quoting(kb, "Anne Berg").topic == "Reception"
    assert _fact_quoting(kb, STACKED).topic == "Production"
    assert _fact_quoting(kb, UNCITED).topic == "Overview"


def test_a_heading_run_into_its_paragraph_is_not_quoted(kb: KnowledgeBase) -> None:
    """The "Reception" heading printed just above the critic's sentence is not in its quote."""
    assert _fact_quoting(kb, "Anne Berg").quote.startswith("Critic Anne Berg")


def test_aliases_are_the_names_in_the_sentence(kb: KnowledgeBase) -> None:
    """Multi-word names become aliases, one name each; neither the title nor a role is one."""
    assert kb.facts[0].aliases == ("Ingrid Halvorsen", "Per Ødegård", "Mina Solberg")
    assert _fact_quoting(kb, "Anne Berg").aliases == ("Anne Berg",)


def test_quotes_backslashes_and_accents_survive_the_toml(drafted: Path, kb: KnowledgeBase) -> None:
    """Quote marks and backslashes are escaped, and non-ASCII is written as UTF-8 text."""
    assert "Ødegård" in drafted.read_text(encoding="utf-8")
    assert _fact_quoting(kb, "Variety").answer == VARIETY


@given(st.text())
def test_any_text_survives_a_trip_through_a_toml_string(text: str) -> None:
    """Quotes, backslashes, control characters and any script read back exactly as drafted."""
    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text


def test_each_fact_has_a_few_short_starter_questions(kb: KnowledgeBase) -> None:
    """Every fact starts with 1 to 4 questions, each within Discord's autocomplete limit."""
    assert all(1 <= len(f.questions) <= 4 for f in kb.facts), [f.questions for f in kb.facts]
    assert all(len(q) <= MAX_CURATED_QUESTION for f in kb.facts for q in f.questions)


def test_starter_questions_read_the_way_people_ask(kb: KnowledgeBase) -> None:
    """The toy's facts open with a reader's questions, in the sentence's own names."""
    assert _fact_quoting(kb, "directed by Ingrid Halvorsen").questions[:2] == (
        "who directed The Lighthouse Keeper?",
        "who stars in The Lighthouse Keeper?",
    )
    assert "when did filming take place?" in _fact_quoting(kb, "Filming took place").questions
    assert "what did Anne Berg think of The Lighthouse Keeper?" in (
        _fact_quoting(kb, "Critic Anne Berg").questions
    )


def test_the_shipped_seeds_draft_asks_like_a_reader(tmp_path: Path) -> None:
    """Drafting the film's source: most facts lead with a question a curator keeps as it is."""
    facts = _draft_and_load(tmp_path, SHIPPED_SEED.read_text(encoding="utf-8")).facts
    led = [f.questions[0] for f in facts]
    assert "who directed One from the Heart?" in led
    assert "how much did Jack Singer agree to lend?" in led
    assert "when was One From the Heart: Reprise released in 4K?" in led
    assert "what did Janet Maslin think of One from the Heart?" in led
    assert sum(q.endswith("?") for q in led) >= len(led) - 1, led


def test_check_on_the_draft_asks_only_for_more_questions(drafted: Path, run_heartbot: Run) -> None:
    """``heartbot check`` finds no quote, cite, coverage, id or routing problem in the draft."""
    result = run_heartbot("--knowledge", str(drafted), "check")
    problems = result.stderr.splitlines()
    assert result.returncode == 1
    assert problems, result.stderr
    assert [p for p in problems if not ONLY_PROBLEM.match(p)] == []


def test_check_on_the_drafted_shipped_seed_asks_only_for_more_questions(
    tmp_path: Path, run_heartbot: Run
) -> None:
    """Drafting the film's own source gives a file ``check`` faults only for its question count."""
    path = _draft_into(
        tmp_path, SHIPPED_SEED.stem, SHIPPED_SEED.read_text(encoding="utf-8"), run_heartbot
    )
    result = run_heartbot("--knowledge", str(path), "check")
    assert [p for p in result.stderr.splitlines() if not ONLY_PROBLEM.match(p)] == []
    assert len(load_knowledge(path).facts) == len(load_source(SHIPPED_SEED).sentences)


def _draft_and_load(folder: Path, text: str) -> KnowledgeBase:
    """Draft a source in-process into folder's seeds/ and knowledge/, and load the draft."""
    (folder / "seeds").mkdir()
    (folder / "knowledge").mkdir()
    seed = folder / "seeds" / "toy.txt"
    seed.write_text(text, encoding="utf-8")
    path = folder / "knowledge" / "toy.toml"
    path.write_text(draft_file(seed), encoding="utf-8")
    return load_knowledge(path)


def test_a_repeated_sentence_is_quoted_with_its_neighbour(tmp_path: Path) -> None:
    """Each "It was lost." keeps its own marker: its quote takes in the sentence before."""
    kb = _draft_and_load(
        tmp_path,
        "Prints\n\nThe first print burned in a fire. It was lost.[1] "
        "The second print went to Oslo by sea. It was lost.[2]\n",
    )
    lost = [f for f in kb.facts if f.answer == "It was lost."]
    assert [(f.quote.split(".")[0], f.cites) for f in lost] == [
        ("The first print burned in a fire", (1,)),
        ("The second print went to Oslo by sea", (2,)),
    ]
    engine = Engine(kb)
    assert [p for p in routing_problems(engine) if not ONLY_PROBLEM.match(p)] == []


def test_a_run_on_sentence_is_cut_into_quotes_that_fit(tmp_path: Path) -> None:
    """A "sentence" longer than a quote may be (a list with no full stops) makes several facts."""
    items = ", ".join(f"item {n} of the keeper's inventory" for n in range(120))
    kb = _draft_and_load(tmp_path, f"Inventory\n\nThe lighthouse held {items}.[1]\n")
    assert len(kb.facts) > 1
    assert all(len(f.quote) <= MAX_QUOTE for f in kb.facts)


def test_a_long_sentence_is_answered_up_to_a_word_with_an_ellipsis() -> None:
    """An answer over the limit is cut between words and ends with "…", adding no words."""
    sentence = "The keeper " + " ".join(["counted every passing ship"] * 40) + "."
    source = parse(Path("long.txt"), f"Long\n\n{sentence}[1]\n")
    (fact,) = draft(source).facts
    assert len(fact.answer) <= MAX_ANSWER
    assert fact.answer.endswith("ship…")
    assert sentence.startswith(fact.answer.removesuffix("…"))


def test_draft_needs_no_fact_base(tmp_path: Path, run_heartbot: Run) -> None:
    """Drafting works even where the fact file named by --knowledge doesn't exist yet."""
    seed = tmp_path / "toy.txt"
    seed.write_text(LIGHTHOUSE, encoding="utf-8")
    result = run_heartbot("--knowledge", str(tmp_path / "missing.toml"), "draft", str(seed))
    assert result.returncode == 0, result.stderr
    assert 'file = "toy.txt"' in result.stdout


@pytest.mark.parametrize(
    "content",
    [None, b"", b"Only a title\n", b"\xff\xfe not UTF-8\n\nText."],
    ids=["missing", "empty", "title-only", "not-utf8"],
)
def test_an_unreadable_or_empty_source_exits_2_naming_it(
    tmp_path: Path, run_heartbot: Run, content: bytes | None
) -> None:
    """A source that can't be drafted gives exit 2 and one line naming the file, and no draft."""
    seed = tmp_path / "seed.txt"
    if content is not None:
        seed.write_bytes(content)
    result = run_heartbot("draft", str(seed))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert str(seed) in result.stderr
