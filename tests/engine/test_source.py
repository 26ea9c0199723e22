"""The source document: which citation marker supports which words, on the seed and on toys."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.source import Source, SourceError, load_source, parse

JACK_SINGER = (
    "Eventually, Coppola received support from Canadian businessman Jack Singer, "
    "who agreed to lend $8 million to Zoetrope."
)
SET_CONSTRUCTION = (
    "Set construction included a replica of part of Las Vegas' McCarran International Airport"
)
SCREENING = "A screening of an unfinished print in San Francisco, California in August 1981"
EXHIBITORS = "resulted in many exhibitors backing out of showing the film."
CONSENSUS_END = (
    "not even the director's ardor for the genre is enough to make audiences feel much "
    'for its characters."'
)


def test_the_first_line_is_the_title(source: Source) -> None:
    """The seed's first line is its title, not a sentence to cite."""
    assert source.title == "One from the Heart"


def test_the_seed_has_its_eight_markers_in_order(source: Source) -> None:
    """Every citation number in the seed is found, in reading order."""
    assert source.markers == (9, 15, 16, 17, 20, 23, 24, 25)


def test_a_marker_opening_a_line_supports_the_sentence_before_it(source: Source) -> None:
    """The [9] printed at the start of the next line cites the Jack Singer loan."""
    assert source.cites_for(JACK_SINGER) == (9,)


def test_the_sentence_after_a_leading_marker_is_not_cited_by_it(source: Source) -> None:
    """Set construction, printed after [9], is cited by [15] alone."""
    assert source.cites_for(SET_CONSTRUCTION) == (15,)


def test_a_mid_sentence_marker_supports_the_clause_before_it(source: Source) -> None:
    """[16] supports the August 1981 screening clause only."""
    assert source.cites_for(SCREENING) == (16,)


def test_the_clause_after_a_mid_sentence_marker_has_the_next_marker(source: Source) -> None:
    """The "resulted in many exhibitors" clause is cited by [17], not [16]."""
    assert source.cites_for(EXHIBITORS) == (17,)


def test_a_quote_spanning_two_clauses_carries_both_markers(source: Source) -> None:
    """Quoting the whole screening sentence needs [16] and [17], in order."""
    assert source.cites_for(f"{SCREENING} {EXHIBITORS}") == (16, 17)


def test_a_stray_closing_quote_goes_back_to_its_sentence(source: Source) -> None:
    """The critics consensus keeps its closing quote mark and its [20]."""
    assert source.cites_for(CONSENSUS_END) == (20,)


def test_the_sentence_after_a_stray_quote_starts_cleanly(source: Source) -> None:
    """Janet Maslin's sentence no longer opens with the consensus's closing quote."""
    assert any(s.clean.startswith("Janet Maslin in The New York Times") for s in source.sentences)


@pytest.mark.parametrize(
    "quote",
    [
        "One from the Heart is a 1982 American musical romantic drama film",
        "starring Frederic Forrest, Teri Garr, Raúl Juliá, Nastassja Kinski",
        "They both spend a night with their idealized partners",
        "Coppola initially rejected the offer",
        "with MGM remaining as a distributor for North America",
        "an updated and restored version of the film, entitled One From the Heart: Reprise",
        "Janet Maslin in The New York Times described it as an",
        'recommended it as part of "Buried Treasures" in a 1986 episode of At the Movies.',
    ],
    ids=["opening", "cast", "plot", "offer", "mgm", "reprise", "maslin", "buried-treasures"],
)
def test_uncited_text_has_no_marker(source: Source, quote: str) -> None:
    """Text with no marker after it in its sentence is uncited."""
    assert source.cites_for(quote) == ()


def test_the_siskel_thumbs_up_is_cited_but_not_his_recommendation(source: Source) -> None:
    """[25] covers Siskel's original thumbs up and stops at the comma."""
    assert source.cites_for("Gene Siskel, who gave the film a thumbs up in its original run") == (
        25,
    )


def test_quotes_match_across_line_breaks_and_runs_of_spaces(source: Source) -> None:
    """A quote wrapped or spaced differently still finds its marker."""
    assert source.cites_for("Canadian   businessman\nJack Singer,\twho agreed") == (9,)


def test_a_quote_not_in_the_source_has_no_cites(source: Source) -> None:
    """Words the source never says are reported as not found, not as uncited."""
    assert source.cites_for("Coppola directed The Godfather") is None


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (9, "who agreed to lend $8 million to Zoetrope.[9]"),
        (15, "that was used for the penultimate scene.[15]"),
        (16, "in August 1981[16] resulted in many exhibitors"),
        (17, "backing out of showing the film.[17]"),
        (20, 'feel much for its characters."[20]'),
        (23, "well received back in 1982.[23]"),
        (24, 'like each other very much."[24]'),
        (25, "in its original run,[25] recommended it"),
    ],
)
def test_a_passage_shows_its_marker_in_place(source: Source, number: int, shown: str) -> None:
    """The passage for a marker is its sentence with the markers where the source has them."""
    assert any(shown in sentence for sentence in source.passages(number))


def test_the_passage_for_a_marker_is_only_its_own_sentence(source: Source) -> None:
    """Asking what [9] supports shows the Jack Singer sentence and nothing else."""
    assert source.passages(9) == (f"{JACK_SINGER}[9]",)


@pytest.mark.parametrize("number", [0, 1, 10, 18, 99])
def test_a_number_the_source_lacks_has_no_passage(source: Source, number: int) -> None:
    """A citation number that isn't in the source shows nothing."""
    assert source.passages(number) == ()


TOY = """Toy Film

Alpha is first.[1][2] Beta is second, and it goes on.[3] Gamma has no marker.
Delta starts[4] and then ends.

"Epsilon said hi.
"[5] Zeta follows.
"""


@pytest.fixture(scope="module")
def toy() -> Source:
    """A small document with every marker layout the convention covers."""
    return parse(Path("toy.txt"), TOY)


@pytest.mark.parametrize(
    ("quote", "cites"),
    [
        ("Alpha is first.", (1, 2)),
        ("Beta is second, and it goes on.", (3,)),
        ("Gamma has no marker.", ()),
        ("Delta starts", (4,)),
        ("and then ends.", ()),
        ('"Epsilon said hi."', (5,)),
        ("Zeta follows.", ()),
    ],
    ids=[
        "stacked",
        "second-sentence",
        "uncited-sentence",
        "mid-sentence",
        "after-mid",
        "quote",
        "after-quote",
    ],
)
def test_a_toy_document_follows_the_convention(
    toy: Source, quote: str, cites: tuple[int, ...]
) -> None:
    """Each sentence or clause of a synthetic document gets exactly its own markers."""
    assert toy.cites_for(quote) == cites


def test_stacked_markers_show_the_same_passage(toy: Source) -> None:
    """Markers printed together ([1][2]) both point at the sentence before them."""
    assert toy.passages(1) == toy.passages(2) == ("Alpha is first.[1][2]",)


def test_a_paragraph_splits_into_its_sentences(toy: Source) -> None:
    """Several sentences in one paragraph are told apart."""
    assert [s.clean for s in toy.sentences[:4]] == [
        "Alpha is first.",
        "Beta is second, and it goes on.",
        "Gamma has no marker.",
        "Delta starts and then ends.",
    ]


@pytest.mark.parametrize(
    "raw",
    ["Toy Film", "Toy Film\n", "Toy Film\n\n   \n", "Toy Film\n\n[3]\n"],
    ids=["title-only", "title-newline", "blank-body", "markers-only"],
)
def test_a_document_with_nothing_to_cite_is_an_error(raw: str) -> None:
    """A source holding only its title raises SourceError naming the file."""
    with pytest.raises(SourceError, match=r"toy\.txt"):
        parse(Path("toy.txt"), raw)


def test_a_document_without_a_title_is_an_error() -> None:
    """A source whose first line is blank raises SourceError."""
    with pytest.raises(SourceError, match="title"):
        parse(Path("toy.txt"), "\nAlpha is first.[1]\n")


def test_a_missing_source_file_is_an_error(tmp_path: Path) -> None:
    """Reading a source that isn't there raises SourceError naming the file."""
    with pytest.raises(SourceError, match=r"absent\.txt"):
        load_source(tmp_path / "absent.txt")


def test_a_quote_is_found_before_where_the_search_starts_too(source: Source) -> None:
    """Searching from a later place first (quotes read in order) still finds an earlier one."""
    found = source.locate("bought the rights")
    assert found is not None
    assert source.locate("bought the rights", near=found[1] + 100) == found
    assert source.locate("bought the rights", near=found[0]) == found
