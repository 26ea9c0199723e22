"""Normalisation: however a question is typed, the same words come out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine.text import (
    _ANY_PHRASE,
    _PHRASES,
    fold,
    is_content,
    last_titled_at,
    mentions_film,
    spelled_out,
    stem,
    words,
)


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("Raúl Juliá", "raul julia"),
        ("RAÚL JULIÁ", "raul julia"),
        ("Nastassja KINSKI", "nastassja kinski"),
        ("  who   directed?!  ", "who directed"),
        ("Who Directed It?", "who directed it"),
    ],
    ids=["accents", "capitals-and-accents", "mixed-case", "punctuation-and-spaces", "title-case"],
)
def test_case_accents_and_punctuation_do_not_matter(typed: str, plain: str) -> None:
    """Capitals, accents, punctuation and extra spaces are ignored."""
    assert words(typed) == words(plain)


def test_folding_makes_accented_names_equal() -> None:
    """ "Raúl Juliá" and "raul julia" fold to the same text."""
    assert fold("Raúl Juliá") == fold("raul julia")


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("who's in it", "who is in it"),
        ("who’s in it", "who is in it"),
        ("what's the plot", "what is the plot"),
        ("didn't coppola say no", "did not coppola say no"),
        ("can't find it", "can not find it"),
        ("they're the stars", "they are the stars"),
        ("i've heard of it", "i have heard of it"),
        ("coppola's loan", "coppola loan"),
    ],
    ids=[
        "is",
        "curly-apostrophe",
        "what-is",
        "not",
        "cannot",
        "are",
        "have",
        "possessive",
    ],
)
def test_contractions_expand(typed: str, plain: str) -> None:
    """Contractions, straight or curly, read as their full words."""
    assert words(typed) == words(plain)


@pytest.mark.parametrize(
    ("chat", "plain"),
    [
        ("wat r u", "what are you"),
        ("whos in it", "who is in it"),
        ("wats the plot", "what is the plot"),
        ("didnt coppola say no", "did not coppola say no"),
        ("who made dis movie", "who made this film"),
        ("tell me abt teh cast pls", "tell me about the cast please"),
        ("nyt review", "new york times review"),
        ("ffc", "francis ford coppola"),
        ("who did siskel rec", "who did siskel recommend"),
        ("who dos ray go with", "who does ray go with"),
        ("dir. of one from the heart", "director of one from the heart"),
        ("shes a circus performer", "she is a circus performer"),
        ("who owned the rites rite?", "who owned the rights right?"),
        ("they don't care for one another", "they don't like one another"),
    ],
    ids=[
        "wat-r-u",
        "whos",
        "wats",
        "didnt",
        "dis-movie",
        "abt-teh-pls",
        "nyt",
        "ffc",
        "rec",
        "dos",
        "dir",
        "shes",
        "rite",
        "care-for",
    ],
)
def test_chat_spellings_read_as_words(chat: str, plain: str) -> None:
    """Common chat spellings and abbreviations map to the words the facts use."""
    assert words(chat) == words(plain)


@pytest.mark.parametrize(
    "title",
    [
        "one from the heart",
        "One From The Heart",
        "one form the heart",
        "one frm teh heart",
        "one of the heart",
        "one frum da heart",
        "one frmo the heart",
    ],
)
def test_title_typos_all_mean_the_film(title: str) -> None:
    """However the title is mistyped, it reads as the film itself."""
    assert words(f"who directed {title}") == words("who directed one from the heart")


def test_the_reprise_title_is_not_the_original_film() -> None:
    """ "One from the Heart: Reprise" keeps its own word, so questions about it stay apart."""
    assert "reprise" in words("when did One From the Heart: Reprise come out")


@pytest.mark.parametrize(
    "forms",
    [
        ("directed", "directing", "director", "direct"),
        ("wrote", "written", "write", "writer"),
        ("lent", "lend", "lending"),
        ("starred", "starring", "star"),
        ("screened", "screening", "screen"),
        ("offer", "offered", "offers", "offering"),
        ("rate", "rated", "rates", "rating"),
    ],
    ids=["direct", "write", "lend", "star", "screen", "offer", "rate"],
)
def test_word_forms_meet_at_one_stem(forms: tuple[str, ...]) -> None:
    """Different forms of a word count as the same word."""
    assert len({stem(form) for form in forms}) == 1


@pytest.mark.parametrize(
    ("word", "other"), [("offer", "of"), ("after", "aft"), ("during", "duration")]
)
def test_a_short_word_is_not_cut_into_another(word: str, other: str) -> None:
    """ "offer" is no "of" with "-fer", and "during" is no "duration": they met, and
    "offered" questions went to what the source doesn't say about the offer."""
    assert stem(word) != stem(other) or not is_content(word)


@pytest.mark.parametrize("typed", ["las vegas", "vegas", "lv"])
def test_a_short_name_expands_once(typed: str) -> None:
    """ "vegas" means Las Vegas, and "las vegas" stays Las Vegas, not "las las vegas"."""
    assert words(f"the {typed} airport") == ["the", "las", "vegas", "airport"]


@pytest.mark.parametrize("typed", ["trying to figure out who", "want to find out who"])
def test_finding_out_is_no_backing_out(typed: str) -> None:
    """ "figure out" asks to know: its "out" must not find the exhibitors "backing out"."""
    assert "out" not in words(typed)


def test_shooting_a_film_is_not_the_film() -> None:
    """ "filming" stems apart from "film", so it doesn't match every question about the film."""
    assert stem("filming") != stem("film")


@pytest.mark.parametrize(
    ("question", "film"),
    [
        ("who directed this", True),
        ("is this a musical", True),
        ("this thing any good", True),
        ("what's on in san francisco this week", False),
        ("any events this year", False),
    ],
)
def test_this_points_at_the_film_unless_it_names_something_else(question: str, film: bool) -> None:
    """ "this" alone is the film; "this week" is a week."""
    assert mentions_film(words(question)) is film


@pytest.mark.parametrize(
    ("typed", "year"),
    [("released in '82", "1982"), ("what did siskel say in 86?", "1986"), ("81 or 82?", "1982")],
)
def test_a_short_year_is_the_year(typed: str, year: str) -> None:
    """ "in '86" is 1986, so it meets the year the source gives."""
    assert year in words(typed)


@pytest.mark.parametrize("typed", ["in 90 minutes", "one of 50 theaters", "rated 86%"])
def test_a_number_that_counts_something_is_no_year(typed: str) -> None:
    """A number before what it counts, or a percentage, is no short year."""
    assert not any(w.startswith("19") for w in words(typed))


_PHRASE_WORDS = (
    "what was the airport set for make up who made this film stared in at what point in story "
    "for my essay a trivia night care for each other where does mgm fit in turned it down said "
    "no come out hit theaters end up with in a nutshell short version would love to know name "
    "list figure out point that out it mgm hank"
).split()


@given(st.lists(st.sampled_from(_PHRASE_WORDS), max_size=14))
def test_the_phrase_check_skips_only_texts_no_phrase_changes(chosen: list[str]) -> None:
    """The one search before the phrases never skips a text one of them would rewrite."""
    text = " ".join(chosen)
    rewritten = text
    for pattern, replacement in _PHRASES:
        rewritten = pattern.sub(replacement, rewritten)
    assert rewritten == text or _ANY_PHRASE.search(text) is not None


def test_where_the_film_is_last_named_by_its_title() -> None:
    """The film as itself, last; not the Reprise's title nor what a re-release is of."""
    story = "A Teri Garr fan. Next up is One from the Heart."
    assert last_titled_at(story) == fold(story).index("one from")
    assert last_titled_at("I saw One From the Heart: Reprise") == -1
    assert last_titled_at("the re-release of One from the Heart") == -1
    assert last_titled_at("a poster, nothing more") == -1


def test_spelled_out_reads_chat_but_rewrites_no_phrase() -> None:
    """The learned model's reading: "u" and "what's" spelled out, "for a living" left as typed
    (the matcher's reading makes it "job", a word of the film's fact base)."""
    assert spelled_out("what's u do for a living") == (
        "what",
        "is",
        "you",
        "do",
        "for",
        "a",
        "living",
    )
    assert "job" in words("what's u do for a living")
