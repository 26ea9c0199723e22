"""Five Wikipedia-style texts of our own: sentences, notes and citations as the convention has them.

Each text holds what trips a naive splitter (initials, abbreviations, decimals, quotes, a marker
opening the next line, stacked and mid-sentence markers, notes). Beside each is what a curator
would write down: every sentence, and the citation numbers the source gives it.
"""

from __future__ import annotations

import pytest

from bot.engine.source import Source, load_source
from tests.helpers import DATA

CORPUS = DATA / "sources"

EXPECTED: dict[str, list[tuple[str, tuple[int, ...]]]] = {
    "harbour_light.txt": [
        (
            "Harbour Light is a 1968 British drama film directed by Dr. Ann Lee and adapted "
            "from the 1959 novel by S. E. Hinton.",
            (1,),
        ),
        ("It stars Tom Hale and Mary Vance.", (2, 3)),
        (
            "Filming took place in St. Ives and at Pinewood Studios, and ran approx. 90 days "
            "over the winter of 1967.",
            (4, 5),
        ),
        ("The film premiered at the Odeon Leicester Square on 3 March 1968.", ()),
    ],
    "navy_band.txt": [
        ("The Navy Band is a 1954 American musical about the U.S. Navy's No. 1 band.", (1,)),
        ("Its score was written by J. R. R. Mercer.", ()),
        ("Critics praised the songs.", (2,)),
        ("The film earned $3.5 million in North America.", (3, 4)),
        ('Mr. Kane, its producer, called it "his finest work."', (5,)),
        ("A sequel was planned but never made.", ()),
    ],
    "cold_river.txt": [
        ("Cold River is a 1979 Canadian thriller set in St. John's, Newfoundland.", (1,)),
        ("It follows a trapper who finds a wrecked plane and keeps its cargo.", (2, 3)),
        ('The reviewer wrote, "It is a cold, patient film."', (4,)),
        ("A restored print was shown in 2011.", ()),
        ("It is rarely screened today.", ()),
    ],
    "the_organ.txt": [
        (
            "The Organ is a 1991 French documentary by Jean-Luc Roy about the organ of "
            "St. Mary's Church.",
            (1, 2),
        ),
        ("The organ was built in 1870 by A. Cavaillé-Coll.", (3,)),
        ("It was screened at the Cannes Film Festival, where it won a prize.", (4,)),
        ("Its runtime is approx. 52 minutes.", (5,)),
        ("The director, Mr. Roy, died in 2003.", ()),
    ],
    "late_show.txt": [
        ("Late Show is a 2002 American comedy starring Jo Park, Lee Wu and Sam Orr.", (1,)),
        ("It was filmed in Washington, D.C. and in Baltimore.", (2,)),
        ("It grossed $12.4 million against a budget of $4 million.", (3, 4)),
        ("Reviews were mixed.", ()),
        ("Vol. 2 followed in 2006.", (5,)),
    ],
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def parsed(request: pytest.FixtureRequest) -> tuple[str, Source]:
    """Each text of the corpus, parsed."""
    name: str = request.param
    return name, load_source(CORPUS / name)


def test_every_sentence_is_whole(parsed: tuple[str, Source]) -> None:
    """Initials, abbreviations, decimals and quotes end no sentence early; stops do end them."""
    name, source = parsed
    assert [s.clean for s in source.sentences] == [text for text, _ in EXPECTED[name]]


def test_every_sentence_carries_the_citations_the_source_gives_it(
    parsed: tuple[str, Source],
) -> None:
    """Each sentence's citation numbers are those after it, its clauses', or none at all."""
    name, source = parsed
    assert [source.cites_for(text) for text, _ in EXPECTED[name]] == [
        cites for _, cites in EXPECTED[name]
    ]


@pytest.mark.parametrize("note", ["[citation needed]", "[a]", "[b]", "[note 1]", "[who?]"])
def test_a_note_is_in_no_sentence(note: str) -> None:
    """Notes are no citation numbers and no part of any sentence a quote or answer could use."""
    texts = " ".join(s.marked for name in EXPECTED for s in load_source(CORPUS / name).sentences)
    assert note not in texts


def test_no_note_is_taken_for_a_citation_number() -> None:
    """The markers of a text with notes are its citation numbers alone."""
    assert load_source(CORPUS / "navy_band.txt").markers == (1, 2, 3, 4, 5)
