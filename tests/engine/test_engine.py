"""The engine over the shipped facts: the right fact with the right citations, or an honest no."""

from __future__ import annotations

import pytest

from bot.engine.answers import UNCITED, Outcome, format_cites, render_text
from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeBase, load_knowledge
from bot.limits import MAX_CHOICES, MAX_SUGGESTIONS
from tests.helpers import SECOND

# Fresh questions, none copied from the fact file or the dev set: (question, fact, citations).
MISSPELT = [
    ("who direccted it", "director", ()),
    ("who wrot the screenplay", "writer", ()),
    ("wht genre is it", "genre", ()),
    ("who's jack singger", "financing", (9,)),
    ("who finacned the film", "financing", (9,)),
    ("was mccarren airport rebuilt for the movie", "airport-set", (15,)),
    ("exhibiters backing out", "exhibitors", (17,)),
    ("siskell thumbs up", "siskel-thumbs-up", (25,)),
    ("globe and male review", "warren-clements", (24,)),
    ("nastasia kinsky in it?", "cast", ()),
]
CHAT = [
    ("u know who financed one from teh heart", "financing", (9,)),
    ("wat airport did they copy for the set", "airport-set", (15,)),
    ("wat genre is dis film", "genre", ()),
    ("wat did the nyt critic think", "maslin", ()),
    ("globe n mail review", "warren-clements", (24,)),
    ("WHO DIRECTED THE FILM??", "director", ()),
    ("who directd one from the heart", "director", ()),
]
KEYWORDS = [
    ("mccarran replica", "airport-set", (15,)),
    ("nose section plane", "airliner", (15,)),
    ("zoetrope rights", "rights", ()),
    ("globe mail critic", "warren-clements", (24,)),
    ("san francisco 1981", "screening-1981", (16,)),
    ("jack singer canada", "financing", (9,)),
    ("8 million loan", "financing", (9,)),
    ("maslin nyt", "maslin", ()),
    ("siskel 1986", "buried-treasures", ()),
    ("4k reprise", "reprise", ()),
    ("exhibitors", "exhibitors", (17,)),
    ("raul julia actor", "cast", ()),
    ("was frederick forest the lead", "cast", ()),  # the lexicon's spellings of a name
    ("who stared in it", "cast", ()),
]
PARAPHRASES = [
    ("who loaned zoetrope 8 million dollars", "financing", (9,)),
    ("how much did the canadian businessman lend zoetrope", "financing", (9,)),
    ("was the jet made from a plane that crashed", "airliner", (15,)),
    ("which scene was the jetway used in", "penultimate-scene", (15,)),
    ("where did the unfinished version screen", "screening-1981", (16,)),
    ("what did theaters do after the rough cut was shown", "exhibitors", (17,)),
    ("did cinemas pull out", "exhibitors", (17,)),
    ("who thought it was visually arresting", "susan-king", (23,)),
    ("what did the la times say about it", "susan-king", (23,)),
    ("what did the globe and mail think of the love story", "warren-clements", (24,)),
    ("did gene siskel give it thumbs up back then", "siskel-thumbs-up", (25,)),
    ("what does the critics consensus say", "critics-consensus", (20,)),
    ("was it on siskel's buried treasures list", "buried-treasures", ()),
    ("what did the new york times critic think", "maslin", ()),
    ("is there a 4k restoration of one from the heart", "reprise", ()),
    ("was it rereleased in 2024", "reprise", ()),
    ("what year was it released", "release-year", ()),
    ("which country is the film from", "country", ()),
    ("did coppola co-write it", "writer", ()),
    ("who acted in one from the heart", "cast", ()),
    ("give me a plot summary", "plot", ()),
    ("what is leila's job in the film", "leila", ()),
    ("who is ray in the film", "ray", ()),
    ("did coppola say no to the offer at first", "rejected-offer", ()),
    ("who owned the film rights", "rights", ()),
    ("who released it in the us", "distributor", ()),
    # Everyday synonyms the lexicon gives ("refurbished" restored, "lifeline" support).
    ("when did the touched up version open", "reprise", ()),
    ("when was the refurbished cut in theaters", "reprise", ()),
    ("who threw zoetrope a lifeline", "financing", (9,)),
    ("who kept zoetrope afloat", "financing", (9,)),
    ("which critic thought it lacked suspense", "maslin", ()),
    ("is ray really the entertainer he says he is", "ray", ()),
    ("which airport did they reproduce for the set", "airport-set", (15,)),
    ("who was the money man behind it", "financing", (9,)),
    ("give me the plot, short version", "plot", ()),
    ("what's the overall verdict from critics", "critics-consensus", (20,)),
    ("who makes up the cast of this one", "cast", ()),
    ("frany spends the night with who", "ray", ()),  # the lexicon's spellings of a name
    ("a reviewer said it's so pretty, which paper", "susan-king", (23,)),
    ("what does the globe and mail say it resembles", "warren-clements", (24,)),
    ("was it given a second look on television", "buried-treasures", ()),
    ("did a tv critic give it another look", "buried-treasures", ()),
]


def _assert_answers(engine: Engine, question: str, fact: str, cites: tuple[int, ...]) -> None:
    reply = engine.ask(question)
    assert (reply.outcome, reply.fact_ids, reply.citations) == (Outcome.ANSWER, (fact,), cites)


@pytest.mark.parametrize(("question", "fact", "cites"), MISSPELT)
def test_a_misspelt_question_gets_the_right_fact(
    engine: Engine, question: str, fact: str, cites: tuple[int, ...]
) -> None:
    """Typos in names and words still reach the fact, with its exact citations."""
    _assert_answers(engine, question, fact, cites)


@pytest.mark.parametrize(("question", "fact", "cites"), CHAT)
def test_a_chat_style_question_gets_the_right_fact(
    engine: Engine, question: str, fact: str, cites: tuple[int, ...]
) -> None:
    """Lowercase chat spellings (or shouting) reach the fact, with its exact citations."""
    _assert_answers(engine, question, fact, cites)


@pytest.mark.parametrize(("question", "fact", "cites"), KEYWORDS)
def test_a_keyword_alone_gets_the_right_fact(
    engine: Engine, question: str, fact: str, cites: tuple[int, ...]
) -> None:
    """A bare name or keyword reaches the fact it belongs to, with its exact citations."""
    _assert_answers(engine, question, fact, cites)


@pytest.mark.parametrize(("question", "fact", "cites"), PARAPHRASES)
def test_a_paraphrase_gets_the_right_fact(
    engine: Engine, question: str, fact: str, cites: tuple[int, ...]
) -> None:
    """A question worded unlike any curated one reaches the fact, with its exact citations."""
    _assert_answers(engine, question, fact, cites)


def test_accents_do_not_change_the_answer(engine: Engine) -> None:
    """Asking about Raúl Juliá with or without accents gives the same reply."""
    accented, plain = (
        engine.ask("is Raúl Juliá in the cast"),
        engine.ask("is raul julia in the cast"),
    )
    assert (accented.fact_ids, accented.score) == (plain.fact_ids, plain.score)


def test_a_cited_answer_renders_with_its_number(engine: Engine) -> None:
    """The reply a person reads ends with the citation number of its fact."""
    assert render_text(engine.ask("who loaned zoetrope 8 million dollars")).endswith("[9]")


# --- the source doesn't say ------------------------------------------------------------------

UNKNOWNS = [
    ("what was the production budget of one from the heart", "budget"),
    ("how much did it gross at the box office", "box-office"),
    ("who did the songs for the film", "music"),
    ("who composed the soundtrack", "music"),
    ("which actor played hank", "roles"),
    ("who was frannie played by", "roles"),
    ("how many minutes long is the film", "running-time"),
    ("did it get any oscar nominations", "awards"),
    ("who was the producer on it", "crew"),
    ("where was one from the heart filmed", "setting"),
    ("how does the film end", "ending"),
    ("what is its imdb score", "ratings"),
    ("can i stream it on netflix", "where-to-watch"),
]


@pytest.mark.parametrize(("question", "unknown"), UNKNOWNS)
def test_a_known_unknown_says_the_source_does_not_say(
    engine: Engine, question: str, unknown: str
) -> None:
    """A question the source can't answer gets its honest "doesn't say" reply, not a fact."""
    reply = engine.ask(question)
    assert (reply.outcome, reply.entry_id, reply.answered) == (Outcome.UNKNOWN, unknown, False)


def test_asking_an_actors_role_gets_no_cast_list_as_answer(engine: Engine) -> None:
    """Asking an actor's role doesn't get the cast list passed off as the answer."""
    reply = engine.ask("what role did frederic forrest have")
    assert not reply.answered


def test_a_known_unknown_carries_no_citations(engine: Engine) -> None:
    """ "Doesn't say" is not an answer, so it reports no citation numbers of its own."""
    reply = engine.ask("what was the production budget of one from the heart")
    assert (reply.citations, reply.fact_ids) == ((), ())


def test_who_played_whom_offers_the_cast_list(engine: Engine) -> None:
    """The source lists the cast but not the roles: the reply says so and offers the cast."""
    reply = engine.ask("which actor played hank")
    assert reply.nearest is not None
    assert reply.nearest.id == "cast"
    assert "Harry Dean Stanton" in render_text(reply)


def test_the_budget_question_offers_the_cited_loan(engine: Engine) -> None:
    """Asked the budget, heartbot says it doesn't know and shows the Jack Singer loan, [9]."""
    text = render_text(engine.ask("what was the production budget of one from the heart"))
    assert "doesn't say" in text
    assert "Jack Singer" in text
    assert text.endswith("[9]")


# --- off-topic and junk ----------------------------------------------------------------------

OFF_TOPIC = [
    "who directed The Godfather?",
    "what year did the godfather come out",
    "who directed jaws",
    "who starred in titanic",
    "what's the plot of star wars",
    "what did critics say about titanic",
    "who played batman in the dark knight",
    "what's the weather in paris",
    "will it rain tomorrow",
    "what's the forecast for tomorrow",
    "what is 12 plus 30",
    "what's 7*8",
    "what is 15 divided by 3",
    "write a function in javascript",
    "how do i sort a list in python",
    "def foo(): return 1",
    "how are you doing",
    "what about you",
    "how about that",
    "say something funny",
]


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_an_off_topic_question_gets_no_fact(engine: Engine, question: str) -> None:
    """Other films, weather, arithmetic, code and chit-chat are never answered with a fact."""
    reply = engine.ask(question)
    assert (reply.answered, reply.facts) == (False, ())


@pytest.mark.parametrize(
    "question",
    ["who directed The Godfather?", "what is 12 plus 30", "write a function in javascript"],
)
def test_a_refusal_says_what_heartbot_can_answer(engine: Engine, question: str) -> None:
    """Refusing, heartbot lists the topics it does know about."""
    reply = engine.ask(question)
    assert reply.outcome is Outcome.REFUSE
    assert "Try asking about: " in render_text(reply)


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "?",
        "!!",
        "k",
        "ok",
        "zz",
        "lol",
        "🙂",
        "🎬🍿🎬",
        "\x00\x01\x1b[31m",
        "\u200b" * 20,
    ],
)
def test_junk_gets_the_usage_hint(engine: Engine, junk: str) -> None:
    """Empty, very short or nonsense input gets the hint on how to ask, never a fact."""
    reply = engine.ask(junk)
    assert reply.outcome is Outcome.HINT
    assert "who directed it" in reply.message


def test_the_usage_hint_asks_the_fact_base_s_own_questions() -> None:
    """Another document's hint offers its own questions, not the film's, and names no
    command a terminal hasn't got."""
    engine = Engine(load_knowledge(SECOND / "knowledge"))
    hint = engine.ask("help").message
    assert hint == (
        "Ask me something about Harrow Street Picture House, like “when did the picture house "
        "open?” or “who designed the cinema building?”."
    )


# --- did you mean ----------------------------------------------------------------------------

VAGUE = ["hank", "siskel or maslin"]


def test_a_question_several_facts_of_one_roundup_fit_gets_the_roundup(engine: Engine) -> None:
    """'Who was the critic?' fits each review alike: all of them answer, each with its cites."""
    reply = engine.ask("who was the critic")
    assert reply.entry_id == "reviews"
    assert len(reply.facts) > 1


@pytest.mark.parametrize("question", VAGUE)
def test_an_ambiguous_question_offers_up_to_three_suggestions(
    engine: Engine, question: str
) -> None:
    """Between two readings heartbot asks back with one to three suggestions, not an answer."""
    reply = engine.ask(question)
    assert reply.outcome is Outcome.SUGGEST
    assert 1 <= len(reply.suggestions) <= MAX_SUGGESTIONS


@pytest.mark.parametrize("question", VAGUE)
def test_suggestions_are_distinct(engine: Engine, question: str) -> None:
    """No suggestion is offered twice."""
    suggestions = engine.ask(question).suggestions
    assert len(set(suggestions)) == len(suggestions)


@pytest.mark.parametrize("question", VAGUE)
def test_every_suggestion_leads_to_a_reply_from_the_source(engine: Engine, question: str) -> None:
    """Asking a suggested question gets a fact or an honest "doesn't say", not another guess."""
    for suggestion in engine.ask(question).suggestions:
        reply = engine.ask(suggestion.question)
        assert reply.outcome in {Outcome.ANSWER, Outcome.UNKNOWN}, suggestion
        assert reply.entry_id == suggestion.entry_id


# --- broad questions -------------------------------------------------------------------------

BROAD = [
    "how did the reviewers like it",
    "what was the critical reaction",
    "tell me everything about the airport they built",
]


@pytest.mark.parametrize("question", BROAD)
def test_a_broad_question_answers_with_up_to_three_facts(engine: Engine, question: str) -> None:
    """ "What did critics say?" gets a short roundup, never a wall of facts."""
    reply = engine.ask(question)
    assert reply.answered
    assert 2 <= len(reply.facts) <= 3


@pytest.mark.parametrize("question", BROAD)
def test_each_fact_of_a_broad_answer_keeps_its_own_citations(engine: Engine, question: str) -> None:
    """Every line of a roundup carries its own fact's numbers, or the uncited note."""
    reply = engine.ask(question)
    lines = render_text(reply).splitlines()
    assert len(lines) == len(reply.facts)
    for line, fact in zip(lines, reply.facts, strict=True):
        assert fact.answer in line
        assert line.endswith(format_cites(fact.cites) if fact.cites else f"({UNCITED})")


def test_the_critics_roundup_cites_the_consensus(engine: Engine) -> None:
    """Asking what critics said brings in the critics consensus with its [20]."""
    reply = engine.ask("how did the reviewers like it")
    assert 20 in reply.citations


# --- autocomplete and citation look-ups ------------------------------------------------------


@pytest.mark.parametrize("typed", ["", "who", "jack", "airport", "x" * 500, "🙂", "@everyone"])
def test_autocomplete_fits_discords_limits(engine: Engine, typed: str) -> None:
    """At most 25 choices, each at most 100 characters, whatever is typed."""
    choices = engine.complete(typed)
    assert len(choices) <= MAX_CHOICES
    assert all(len(choice) <= 100 for choice in choices)


def test_autocomplete_on_an_empty_box_offers_questions(engine: Engine) -> None:
    """Before anything is typed, the user is shown questions to pick from."""
    assert engine.complete("")


def test_autocomplete_offers_questions_about_a_typed_name(engine: Engine) -> None:
    """Typing "singer" puts a Jack Singer question first."""
    assert "singer" in engine.complete("singer")[0].casefold()


def test_autocomplete_finds_questions_by_their_topic(
    engine: Engine, knowledge: KnowledgeBase
) -> None:
    """Typing the start of a topic's name offers questions from that topic first."""
    reception = {q for f in knowledge.topics["Reception"] for q in f.questions}
    reception |= {q for r in knowledge.roundups if r.topic == "Reception" for q in r.questions}
    assert engine.complete("recepti")[0] in reception


def test_autocomplete_honours_a_smaller_limit(engine: Engine) -> None:
    """A caller can ask for fewer choices."""
    assert len(engine.complete("who", limit=3)) <= 3


@pytest.mark.parametrize("number", [9, 15, 16, 17, 20, 23, 24, 25])
def test_every_citation_number_shows_its_passage(engine: Engine, number: int) -> None:
    """Looking up a citation shows the source text with that marker in it."""
    passage = engine.passage(number)
    assert passage is not None
    assert passage.sentences
    assert all(f"[{number}]" in sentence for sentence in passage.sentences)


@pytest.mark.parametrize("number", [9, 15, 16, 17, 20, 23, 24, 25])
def test_every_citation_number_names_the_facts_it_supports(engine: Engine, number: int) -> None:
    """A passage lists the facts that cite it, and only those."""
    passage = engine.passage(number)
    assert passage is not None
    assert passage.facts
    assert all(number in fact.cites for fact in passage.facts)


@pytest.mark.parametrize("number", [-1, 0, 1, 10, 18, 26, 1000])
def test_an_unknown_citation_number_has_no_passage(engine: Engine, number: int) -> None:
    """A number the source doesn't have gives None, not an error."""
    assert engine.passage(number) is None


def test_a_fact_is_found_by_its_id(engine: Engine, knowledge: KnowledgeBase) -> None:
    """Looking a fact up by id returns that fact."""
    assert engine.fact("financing") == knowledge.fact("financing")


def test_an_unknown_fact_id_finds_nothing(engine: Engine) -> None:
    """Looking up an id the fact base lacks returns None, not an error."""
    assert engine.fact("no-such-fact") is None


def test_the_engine_knows_its_title(engine: Engine) -> None:
    """The engine names the film it answers about."""
    assert engine.title == "One from the Heart"


# --- autocomplete -----------------------------------------------------------------------------


def test_autocomplete_offers_one_choice_per_entry(engine: Engine) -> None:
    """However many of an entry's questions fit, it is offered once, by its clearest one (the
    credits, director and writer together, are an entry of their own)."""
    choices = engine.complete("who dir")
    assert choices == ("who directed it", "who wrote and directed it")


@pytest.mark.parametrize("typed", ["budg", "zzqx", "weather in par"])
def test_autocomplete_offers_nothing_for_what_fits_nothing(engine: Engine, typed: str) -> None:
    """Typing what no answerable entry is about offers no noise."""
    assert engine.complete(typed) == ()


def test_autocomplete_finds_a_word_with_a_slip_in_it(engine: Engine) -> None:
    """A misspelt word still finds the entry it was meant for."""
    assert engine.complete("diretor")[:1] == ("who directed it",)


def test_autocomplete_finds_entries_by_their_topic(engine: Engine) -> None:
    """Typing a topic's name offers that topic's entries."""
    choices = engine.complete("recep")
    assert "what is the critics consensus" in choices
    assert "who directed it" not in choices
