"""The checks that decide, on the shipped fact base: each says why, and each holds."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.engine.answers import Outcome, render_text
from bot.engine.core import Engine
from bot.engine.matching.decision import Verdict
from bot.engine.matching.question import (
    _segmenter,
    asks,
    asks_what_next,
    kind_asked,
    kinds_given,
    leading_question_word,
    parts,
    segment,
    sentences,
    unnamed_things,
    which_asked,
)
from bot.engine.text import words

# --- subjects: a question about one person never gets another's fact --------------------------


@pytest.mark.parametrize(
    ("question", "unsaid"),
    [
        ("what does hank do for a living", "what Hank does for a living"),
        ("what is frannie's profession", "what Frannie's profession is"),
    ],
)
def test_a_property_of_one_character_is_not_answered_with_anothers(
    engine: Engine, question: str, unsaid: str
) -> None:
    """Hank's job is not Leila's, Frannie's not Ray's: the source doesn't say, and says so."""
    reply = engine.ask(question)
    assert reply.outcome is Outcome.UNKNOWN
    assert reply.fact_ids == ()
    assert reply.message == f"The source doesn't say {unsaid}."


def test_the_nearest_fact_offered_is_about_the_subject_asked(engine: Engine) -> None:
    """What heartbot offers instead speaks of the person asked about."""
    reply = engine.ask("what does hank do for a living")
    assert reply.nearest is not None
    assert "Hank" in reply.nearest.answer


def test_who_a_character_is_with_is_answered_by_their_partners_fact(engine: Engine) -> None:
    """Asked *who* Hank spends the night with, Leila's fact answers: it names him."""
    assert engine.ask("who does hank spend the night with").fact_ids == ("leila",)


def test_two_subjects_of_two_facts_get_a_did_you_mean(engine: Engine) -> None:
    """Naming two critics at once is no question for one of them alone."""
    assert engine.ask("maslin or clements?").outcome is Outcome.SUGGEST


# --- what kind of answer is asked for ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "nearest"),
    [
        ("in which month was it released", "release-year"),
        ("on what date was the san francisco screening", "screening-1981"),
    ],
)
def test_a_finer_date_than_the_source_gives_is_not_said(
    engine: Engine, question: str, nearest: str
) -> None:
    """The source gives a year (or a month): asked a month (or a day), it says it doesn't say."""
    reply = engine.ask(question)
    assert reply.outcome is Outcome.UNKNOWN
    assert reply.nearest is not None
    assert reply.nearest.id == nearest


def test_a_day_the_source_gives_is_answered(engine: Engine) -> None:
    """The Reprise's release has a day in the source, so asking for it gets the fact."""
    assert engine.ask("what day was the reprise released").fact_ids == ("reprise",)


def test_a_decade_asked_of_what_gives_no_year_is_no_answer(engine: Engine) -> None:
    """ "Was it made in the 90s?" asks a year; who made it (the director) gives none."""
    assert not engine.ask("was one from the heart made in the 60s?").answered


def test_someones_age_is_not_the_films_year(engine: Engine) -> None:
    """'How old' of a person is not answered by the film's release year."""
    assert not engine.ask("how old was teri garr back then").answered


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("what month did it open", "month"),
        ("which year was that", "year"),
        ("was it shot in the '70s", "year"),  # a decade: a year tells
        ("how much money was lent", "amount"),
        ("what sum did singer lend", "amount"),
        ("how many exhibitors left", "count"),
        ("hw old was she then", "age"),  # as chat spells it
        ("what percentage did critics give it", "score"),
        ("what rating did siskel give it", "rating"),
        ("how big was the set", "size"),
        ("when in 1986 did it air", "month"),  # the year is given: a month or date tells
        ("what did the lead actress think of the shoot", "opinion"),
        ("how did the cast feel about it", "opinion"),
        ("who directed it", None),
    ],
)
def test_the_kind_asked_is_read_from_the_wording(sentence: str, kind: str | None) -> None:
    """A question's wording names the kind of answer it wants, or leaves it open."""
    assert kind_asked(sentence) == kind


def test_the_kinds_a_text_gives_come_from_what_it_says() -> None:
    """A full date gives a day, a month and a year; a number in words gives a count."""
    assert {"day", "month", "year"} <= kinds_given("released on January 19, 2024")
    assert "count" in kinds_given("it stood empty for eleven years")
    assert kinds_given("a musical romantic drama") == frozenset()
    assert "place" in kinds_given("it premiered in San Francisco")
    thumbs = kinds_given("he gave the film a thumbs up")
    assert "rating" in thumbs  # his verdict ...
    assert "score" not in thumbs  # ... but no score out of four
    assert "opinion" in kinds_given('the critic called it "a folly"')
    assert "opinion" not in kinds_given("the cast includes Ann Lee and Bo Chen")
    assert "place" in kinds_given("In the Los Angeles Times, Susan King praised it")
    # A date's numbers and a picture's resolution count nothing: no "how many theaters".
    dated = kinds_given("shown in select theaters on May 2, 2019, in 4K")
    assert not {"count", "amount"} & dated
    assert {"amount", "count"} <= kinds_given("he lent $9 million in 2019")


@pytest.mark.parametrize(
    "question",
    [
        "did a reviewer say that hank and frannie cant stand each other?",
        "my friend says frannie and hank hate each other, did any critic say so",
    ],
)
def test_which_critic_said_it_of_the_leads_is_a_review_not_the_plot(
    engine: Engine, question: str
) -> None:
    """Asked whether a critic said something of Hank and Frannie, the answer is the review
    that says it (Clements [24]), which speaks of them without being about them; the plot is
    about them but tells no one's view."""
    assert engine.ask(question).fact_ids == ("warren-clements",)


def test_what_an_actor_thought_is_not_the_cast(engine: Engine) -> None:
    """The cast fact names Nastassja Kinski but tells nothing she thought; Maslin's review
    tells what Maslin thought."""
    assert not engine.ask("what did nastassja kinski think about the film").answered
    assert engine.ask("what did janet maslin think of it").fact_ids == ("maslin",)


def test_how_many_is_not_answered_by_a_fact_that_only_gives_a_date(engine: Engine) -> None:
    """Asked how many cinemas showed the Reprise, the source doesn't say, and says so."""
    reply = engine.ask("how many cinemas got the restored version?")
    assert not reply.answered
    assert "doesn't say how many cinemas" in render_text(reply)


def test_where_a_review_ran_is_where_it_was_published(engine: Engine) -> None:
    """ "In the Los Angeles Times, Susan King ..." says where her review ran [23]."""
    reply = engine.ask("where was susan king's review published?")
    assert reply.fact_ids == ("susan-king",)
    assert "[23]" in render_text(reply)


def test_a_quoted_year_does_not_say_when(engine: Engine) -> None:
    """Susan King's "back in 1982" is her words, not when she wrote: asked when her review
    ran, the source doesn't say."""
    reply = engine.ask("when was susan king's review published")
    assert not reply.answered
    assert "doesn't say when" in render_text(reply)


def test_a_year_in_someone_s_words_is_no_year_the_fact_gives(engine: Engine) -> None:
    """A critic's "back in 1982" dates nothing the fact tells: not when the review appeared."""
    assert "year" not in kinds_given('Anne Berg called it "the best film of 1982."')
    assert "year" not in kinds_given('She wrote that "nobody saw it in 1982')  # left open
    reply = engine.ask("what year did susan king's review come out")
    assert not reply.answered


# --- words the source lacks -------------------------------------------------------------------


def test_a_question_turning_on_a_word_no_entry_knows_is_not_answered(engine: Engine) -> None:
    """'Soundstage' is nowhere in the source: the airport set is no answer to where it stood."""
    reply = engine.ask("on which soundstage did they build the airport replica")
    assert not reply.answered


def test_a_claim_to_check_gets_the_fact_that_settles_it(engine: Engine) -> None:
    """ "Paramount" is no word of the source, but the claim is about who distributed it: the
    fact answers, and shows the claim wrong. Said as a fact, it is no question of ours."""
    reply = engine.ask("my buddy says Paramount was the North American distributor, is that right?")
    assert reply.fact_ids == ("distributor",)
    assert engine.ask("Paramount was the North American distributor").fact_ids == ()


def test_a_question_about_other_films_is_not_answered_with_this_one(engine: Engine) -> None:
    """The cast list doesn't say what else an actor was in."""
    assert not engine.ask("what other movies was teri garr in").answered


def test_a_known_unknown_takes_the_question_its_alias_names(engine: Engine) -> None:
    """'Songs' is what the source doesn't say about; Ray's fact doesn't become an answer."""
    reply = engine.ask("what songs does ray perform for frannie")
    assert reply.outcome is Outcome.UNKNOWN
    assert reply.entry_id == "music"


# --- finding the question in a message --------------------------------------------------------


def test_a_question_after_a_story_is_answered(engine: Engine) -> None:
    """Two sentences of chat, then the question: the question is what gets answered."""
    message = (
        "so my film club watched this last night and we argued about it for an hour. "
        "the sets looked amazing though. who lent coppola the money to finish it?"
    )
    reply = engine.ask(message)
    assert reply.fact_ids == ("financing",)
    assert reply.citations == (9,)


@pytest.mark.parametrize(
    ("message", "fact", "why"),
    [
        (
            "My cousin keeps going on about old musicals, neon signs and studio drama from back "
            "then. I finally watched it last night. Who actually starred in it?",
            "cast",
            "asked alone",
        ),
        (
            "ok settle this. my sister swears a woman made this and i said no chance, way too "
            "early for that. who's the real director?",
            "director",
            "the curated questions' model",
        ),
    ],
)
def test_a_long_story_does_not_drown_the_question_it_leads_to(
    engine: Engine, message: str, fact: str, why: str
) -> None:
    """The story says what "it" is, and the question alone then asks clearly enough; or the
    story dilutes the score, and the model fitted on the curated questions puts the entry first
    with a clear chance. The score check says which."""
    match = engine.matcher.match(message)
    assert match.verdict is Verdict.ANSWER
    assert match.best is not None
    assert match.best.key == fact
    assert any(why in c.why for c in match.checks if c.passed)


def test_a_short_question_is_never_answered_by_the_model_alone(engine: Engine) -> None:
    """The model puts Ray's fact first, clearly, for the cafe he works in; a short question
    isn't diluted by any story, so its own words decide, and the source names no cafe."""
    message = "what cafe does ray wait tables in"
    model = engine.matcher._model
    assert model is not None
    chances = model.chances(message)
    assert max(chances, key=chances.__getitem__) == "ray"
    assert chances["ray"] >= engine.matcher.thresholds.learned_chance
    assert not engine.ask(message).answered


@pytest.mark.parametrize("message", ["where did one from the heart premiere?", "premiere date??"])
def test_a_premiere_is_not_the_release(engine: Engine, message: str) -> None:
    """The source gives when it came out, not where or when it premiered: it says so, and
    gives what it has; asked when it came out, the year answers."""
    reply = engine.ask(message)
    assert reply.outcome is Outcome.UNKNOWN
    assert "doesn't say where or when the film premiered" in render_text(reply)
    assert engine.ask("when did it come out?").fact_ids == ("release-year",)


@pytest.mark.parametrize("asked", ["hank's middle name", "frannie's maiden name"])
def test_a_surname_is_not_a_partners_name(engine: Engine, asked: str) -> None:
    """Leila's fact names Hank's partner; a name of Hank's own it doesn't give, and says so."""
    reply = engine.ask(f"what is {asked}")
    assert reply.outcome is Outcome.UNKNOWN
    assert f"doesn't say what {asked.capitalize()} is" in render_text(reply)


@pytest.mark.parametrize(
    ("message", "fact"),
    [
        ("the airport replica?? which scene was it used in", "penultimate-scene"),
        ("that jet airliner set?? what was it built from", "airliner"),
        ("mccarran airport replica?? for which scene", "penultimate-scene"),
    ],
)
def test_a_few_words_then_a_question_pointing_back_asks_that_question(
    engine: Engine, message: str, fact: str
) -> None:
    """A topic typed alone, then the question about "it", or asked on from it ("for which
    scene"): the question is what is asked, not the topic's own fact."""
    assert engine.ask(message).fact_ids == (fact,)


def test_a_question_pointing_back_to_what_the_story_wondered_asks_that(engine: Engine) -> None:
    """ "We couldn't figure out who directed it. Who was it?": the sentence before says what is
    asked; the story before that (the visuals) is no part of it."""
    message = (
        "We watched this last night and the colours and visuals were stunning. We couldn't "
        "figure out who actually directed it though. Who was it?"
    )
    assert engine.ask(message).fact_ids == ("director",)


@pytest.mark.parametrize(
    ("message", "fact"),
    [
        ("my dad says it came out in 1985 and i say 1982. who's right?", "release-year"),
        ("can you tell me who starred in it so i can look them up later", "cast"),
        ("so was siskel a fan or what", "siskel-thumbs-up"),
        ("mgm distributed it in north america or nah", "distributor"),
    ],
)
def test_a_bet_to_settle_or_a_purpose_asks_nothing_of_its_own(
    engine: Engine, message: str, fact: str
) -> None:
    """ "Who's right?" asks whether a claim is so, not who someone is; what the answer is for
    ("so I can look them up"), or a yes or no's tail ("or what?", "or nah"), asks nothing: the
    fact on the topic answers."""
    assert engine.ask(message).fact_ids == (fact,)


def test_a_question_between_greetings_and_the_mention_is_answered(engine: Engine) -> None:
    """Hello first, thanks after, the mention in the middle: the question still gets its fact."""
    reply = engine.ask("hi all! <@123456789> who directed one from the heart? thanks a lot")
    assert reply.fact_ids == ("director",)


def test_a_lower_case_question_after_a_full_stop_is_its_own_sentence() -> None:
    """Chat often starts a question without a capital; it is still a sentence apart."""
    assert sentences("loved the neon. who paid for it?") == ["loved the neon.", "who paid for it?"]


def test_a_sentence_pointing_back_is_read_with_what_it_points_to() -> None:
    """'What was its role?' after a sentence naming the studio reads that sentence as context;
    after one that only names the film, "it" is the film, and the question is read alone."""
    found = parts("Zoetrope Studios keeps coming up in my reading. What was its role?")
    assert [p.asking for p in found] == ["What was its role?"]
    assert "Zoetrope Studios" in found[0].text
    alone = parts("I finally watched One from the Heart. Who paid for it?")
    assert [(p.text, p.asking) for p in alone] == [("Who paid for it?", "Who paid for it?")]


def test_a_story_calling_the_film_by_what_it_is_is_answered(engine: Engine) -> None:
    """ "Some Coppola musical from the early 80s" is the film: its words must not dilute the
    question after it, nor point it at the director, the year or the genre."""
    reply = engine.ask(
        "Big Lainie Kazan fan here. She's in some Coppola musical from the early 80s, right? "
        "Who else acted in that one?"
    )
    assert reply.answered
    assert "Teri Garr" in render_text(reply)


def test_the_story_s_words_the_fact_knows_back_the_question_after_it(engine: Engine) -> None:
    """ "...the couple kind of hated each other. Did any critic point that out?": the
    question alone says too little, and the story's other words dilute it; with the words of
    the story the Clements fact knows, it answers [24]."""
    reply = engine.ask(
        "Sat through it with my roommate last night and we both thought the couple kind of "
        "hated each other the whole time. Did any critic point that out?"
    )
    assert reply.fact_ids == ("warren-clements",)
    assert "[24]" in render_text(reply)


def test_it_says_enough_alone_is_read_again_with_the_sentence_it_points_to(
    engine: Engine,
) -> None:
    """ "Was it used for the last scene?" names enough to be read alone, and alone gets
    nothing; "it" is the airport set of the sentence before, which places it [15]."""
    reply = engine.ask(
        "Rewatching for my set design class and the airport set blows my mind. "
        "Was it used for the last scene of the movie or an earlier one?"
    )
    assert reply.fact_ids == ("penultimate-scene",)
    assert reply.citations == (15,)
    # "Their" is no single person of the sentence before: the cast, named there, is no answer.
    crowd = engine.ask(
        "My aunt loves Harry Dean Stanton and says he's in this. "
        "Who do the leads end up with for their night apart?"
    )
    assert "cast" not in crowd.fact_ids


def test_a_story_echoed_is_what_follows_its_but(engine: Engine) -> None:
    """ "Pretty, but nothing happens. Did any critic think the same?": the complaint after
    "but" is what is echoed, in the story's own words (the lexicon's "lacked story"); the
    praise it grants first is no critic's point to find."""
    weak = engine.ask(
        "Pretty to look at, but the story is weak and nothing happens. "
        "Did any critic think the same?"
    )
    assert weak.fact_ids == ("maslin",)
    cold = engine.ask(
        "Lovely sets, but I couldn't care about the characters. Did reviewers feel the same way?"
    )
    assert cold.fact_ids == ("critics-consensus",)
    assert cold.citations == (20,)
    # What "although" grants is granted in passing too.
    thin = engine.ask(
        "The story was thin, although it looked gorgeous. Did any critic think the same?"
    )
    assert thin.fact_ids == ("maslin",)


def test_what_kind_the_fact_tells_is_answered_where_a_finer_kind_is_not(
    engine: Engine,
) -> None:
    """Leila is "a circus performer": that is the kind of performer she is. What kind of
    circus performer, the source doesn't say."""
    assert engine.ask("what sort of performer is leila exactly?").fact_ids == ("leila",)
    finer = engine.ask("what sort of circus performer is leila exactly?")
    assert finer.outcome is Outcome.UNKNOWN


def test_the_crew_doing_what_is_asked_is_no_question_about_the_crew(engine: Engine) -> None:
    """ "Which real place did the crew recreate?" asks for the place, not who the crew were;
    "who were the crew?" still asks for them, which the source doesn't say."""
    place = engine.ask("what real location did the crew recreate?")
    assert place.fact_ids == ("airport-set",)
    assert place.citations == (15,)
    assert engine.ask("who were the crew?").outcome is Outcome.UNKNOWN


def test_the_two_leads_of_the_story_are_the_couple_not_the_cast(engine: Engine) -> None:
    """In the story "the two leads" are the couple who "both spend a night" with others
    (the lexicon's "they both"), not the cast list; the critic who says they don't like
    each other still says it of them."""
    plot = engine.ask("so what do the two main characters get up to on that one night?")
    assert plot.fact_ids == ("plot",)
    critic = engine.ask("which reviewer said the two leads don't seem to like each other?")
    assert critic.fact_ids == ("warren-clements",)


def test_what_came_of_a_subject_s_event_is_told_of_it(engine: Engine) -> None:
    """The exhibitors' backing out is what came of the San Francisco screening: asked of
    San Francisco, the roundup of both answers [16] [17], not "the source doesn't say"."""
    reply = engine.ask("did the theater owners pull out after that san francisco showing?")
    assert reply.answered
    assert "exhibitors" in reply.fact_ids
    assert reply.citations == (16, 17)


def test_what_a_critic_said_of_something_no_entry_speaks_of_is_not_said(
    engine: Engine,
) -> None:
    """ "What did Maslin think of the acting?": the acting is what is asked of her, and the
    source says nothing of it, everyday word though it is. Of the story, it does say."""
    acting = engine.ask("what did janet maslin think of the acting?")
    assert acting.outcome is Outcome.UNKNOWN
    story = engine.ask("what did janet maslin think of the story?")
    assert story.fact_ids == ("maslin",)


def test_what_a_critic_did_not_like_is_what_she_said_it_lacked(engine: Engine) -> None:
    """After Maslin's review, "was there something she did not like?" asks what she said
    the film lacked (the lexicon's "lacked"); "sanfran" is San Francisco."""
    reply = engine.ask(
        "was there something she did not like?", previous="what did janet maslin write about it"
    )
    assert reply.fact_ids == ("maslin",)
    assert "screening-1981" in engine.ask("when did the sanfran preview happen").fact_ids


def test_how_two_people_met_is_not_what_they_did(engine: Engine) -> None:
    """ "How did Frannie and Hank originally meet?" asks of their meeting, which the source
    never tells: not the plot that names them. "How did the screening go?" asks how it went,
    which it does tell."""
    met = engine.ask("how did frannie and hank originally meet?")
    assert met.outcome is Outcome.UNKNOWN
    assert "meet" in render_text(met)
    went = engine.ask("how did the san francisco screening go?")
    assert "screening-1981" in went.fact_ids


def test_the_basic_story_is_the_plot_and_no_spoilers_asks_nothing(engine: Engine) -> None:
    """ "The basic story" is the plot (the lexicon's plot), not the overview; "no spoilers"
    says how much is wanted, not that the ending is asked."""
    assert engine.ask("just give me the basic story, no spoilers").fact_ids == ("plot",)


def test_whether_it_is_a_coppola_picture_is_who_directed_it(engine: Engine) -> None:
    """ "Is this a Coppola picture?" asks who directed it, where Coppola alone is in many
    facts (the lexicon's "directed")."""
    assert engine.ask("hm is this a coppola picture or not?").fact_ids == ("director",)


@pytest.mark.parametrize(
    ("before", "answered"),
    [("who directed casablanca", False), ("who directed one from the heart?", True)],
)
def test_a_follow_up_to_a_question_about_another_film_asks_of_that_film(
    engine: Engine, before: str, answered: bool
) -> None:
    """ "Who starred in it?" after a question about Casablanca asks who starred in Casablanca,
    which this source doesn't cover; after a question about this film, its cast answers."""
    reply = engine.ask("who starred in it?", previous=before)
    assert reply.answered is answered
    assert reply.fact_ids == (("cast",) if answered else ())


def test_a_follow_up_pointing_back_asks_of_the_review_before(engine: Engine) -> None:
    """After the consensus, "what flaws does it point to?" asks of the consensus, not of
    Maslin, whom the message never names though "flaws" is her fact's word; "who said it
    lacked tension?" asks for her."""
    before = "what does the review site's consensus say?"
    flaws = engine.matcher.match("and what flaws does it point to?", previous=before)
    assert flaws.best is not None
    assert flaws.best.key == "critics-consensus"
    assert any(c.name == "topic" for c in flaws.checks)
    who = engine.ask("who said it lacked tension?", previous=before)
    assert who.fact_ids == ("maslin",)
    # Nor need it point back: "and the negative side?" asks of the consensus too, where the
    # review the message names ("and the LA Times?") is still the one it gets.
    side = engine.ask("and the negative side?", previous=before)
    assert side.fact_ids == ("critics-consensus",)
    king = engine.ask("and the LA Times?", previous="what did janet maslin think of it?")
    assert king.fact_ids == ("susan-king",)


def test_a_follow_up_is_not_answered_with_a_roundup_that_leaves_out_the_answer_before(
    engine: Engine,
) -> None:
    """ "Who was the reviewer?" after the Globe and Mail's review is Warren Clements [24]:
    read alone it gets the reviews roundup, which doesn't tell that review. After the LA
    Times, whose review the roundup tells, the roundup still answers."""
    before = "how did the globe and mail review the film"
    assert engine.ask("who was the reviewer", previous=before).fact_ids == ("warren-clements",)
    after_king = engine.ask("who's the critic", previous="was the la times review any good")
    assert after_king.entry_id == "reviews"
    assert "susan-king" in after_king.fact_ids


@pytest.mark.parametrize(
    ("question", "previous"),
    [
        ("where was the screening", "tell me about the exhibitors backing out"),
        ("when was the screening", "exhibitors backed out, right?"),
    ],
)
def test_a_follow_up_asks_of_the_answer_before_only_where_it_gives_what_is_asked(
    engine: Engine, question: str, previous: str
) -> None:
    """Where and when the screening was is the 1981 screening in San Francisco [16]: the
    exhibitors' backing out, answered before, names no place or time to give."""
    assert engine.ask(question, previous=previous).fact_ids == ("screening-1981",)


def test_a_curated_question_after_a_story_is_that_question(engine: Engine) -> None:
    """The story's "box office flops" are a known unknown's words; "Who was the director?"
    points to nothing in it and is asked as the fact base writes it: the director."""
    reply = engine.ask(
        "A podcast on box office flops kept mentioning this one and the money men. "
        "Who was the director?"
    )
    assert reply.fact_ids == ("director",)


def test_backing_me_up_asks_whether_a_critic_said_so(engine: Engine) -> None:
    """ "Can any critic back me up?" echoes the story; nothing in it is a thumbs up."""
    reply = engine.ask(
        "Hot take: Hank and Frannie have zero chemistry. Can any critic back me up on that?"
    )
    assert reply.fact_ids == ("warren-clements",)
    assert reply.citations == (24,)


def test_dream_dates_are_the_idealized_partners(engine: Engine) -> None:
    """The lexicon reads dream dates and fantasy companions as the idealized partners of the
    plot, not the fantasy Clements says the film has the form of."""
    assert engine.ask("so what happens with their dream dates?").fact_ids == ("plot",)
    assert engine.ask("who are the fantasy companions in it").fact_ids == ("plot",)


def test_it_is_read_back_past_a_sentence_that_leans_on_one_before(engine: Engine) -> None:
    """ "I think this movie was in one of them. Was it, and which year?": "them" are the
    segments the first sentence names, so all three are read; the film's own year is not
    what is asked."""
    message = (
        "Big At the Movies fan here, they did segments on overlooked films. "
        "I think this movie was in one of them. Was it, and which year?"
    )
    (part,) = parts(message)
    assert part.text.startswith("Big At the Movies fan here")
    assert "release-year" not in engine.ask(message).fact_ids


def test_the_man_frannie_meets_is_ray(engine: Engine) -> None:
    """The lexicon names Ray and Leila by who meets them: "the man Frannie falls for" is
    Ray, whose real job is the answer."""
    reply = engine.ask("so what's the real job of the man frannie falls for?")
    assert reply.fact_ids == ("ray",)
    assert "waiter" in render_text(reply)


def test_as_bad_as_people_say_asks_of_its_reputation(engine: Engine) -> None:
    """ "Is it as bad as everyone says?" asks of its reputation as a flop, which the critics
    consensus speaks of [20]; whether audiences connected with the characters is there too."""
    reply = engine.ask("is it honestly as bad as everyone says?")
    assert reply.fact_ids == ("critics-consensus",)
    assert reply.citations == (20,)
    cold = engine.ask("do the critics think audiences connected with the characters?")
    assert cold.fact_ids == ("critics-consensus",)


@pytest.mark.parametrize("keyword", ["4K", "4k??"])
def test_a_short_word_the_fact_base_knows_is_asked(engine: Engine, keyword: str) -> None:
    """ "4K" has one letter, yet it is the Reprise's format: asked alone, it gets that fact;
    a number alone ("1981") still gets the hint."""
    assert engine.ask(keyword).fact_ids == ("reprise",)
    assert engine.ask("1981").outcome is Outcome.HINT


def test_rereleases_are_the_restored_version(engine: Engine) -> None:
    """The lexicon reads re-releases, in the plural too, as the restored Reprise, not the
    film's first release."""
    assert engine.ask("were there any rereleases of it?").fact_ids == ("reprise",)


def test_whether_he_was_eager_is_whether_he_was_reluctant(engine: Engine) -> None:
    """Eager or reluctant, the question is the same one, and the source answers it: he
    initially rejected the offer ("from day one" is at first)."""
    reply = engine.ask("was coppola eager to take it on from day one?")
    assert reply.fact_ids == ("rejected-offer",)


def test_the_tv_critic_who_approved_is_siskel(engine: Engine) -> None:
    """The lexicon names Siskel the TV critic (the source has him on At the Movies), and
    approving of a film is his thumbs up [25]."""
    reply = engine.ask("which television critic approved of it back then?")
    assert reply.fact_ids == ("siskel-thumbs-up",)
    assert reply.citations == (25,)


def test_a_fact_about_another_subject_is_no_rival_to_the_named_ones_own(
    engine: Engine,
) -> None:
    """Asked of the Reprise's US release, MGM's North American distribution (a fact about
    MGM alone) does not rival the Reprise's own fact: the answer is the Reprise's."""
    match = engine.matcher.match("Did the Reprise get a wide US release or what?")
    assert match.verdict is Verdict.ANSWER
    assert match.best is not None
    assert match.best.key == "reprise"


def test_anything_asks_nothing_of_its_own(engine: Engine) -> None:
    """ "Anything" is no word of the awards' "did it win anything": after the consensus,
    "does it mention anything about the characters?" asks of the consensus [20]."""
    reply = engine.ask(
        "does it mention anything about the characters?",
        previous="what does the critics consensus say?",
    )
    assert reply.fact_ids == ("critics-consensus",)
    assert reply.citations == (20,)
    assert engine.ask("did it win anything").outcome is Outcome.UNKNOWN


@pytest.mark.parametrize(
    "question", ["ok so who's the whole cast?", "who were the stars, according to your source?"]
)
def test_the_whole_and_your_source_ask_nothing_of_their_own(engine: Engine, question: str) -> None:
    """ "The whole cast" is the cast, not "the whole story" of the screening; "according to
    your source" is where every answer comes from anyway."""
    assert engine.ask(question).fact_ids == ("cast",)


def test_whether_she_acted_in_it_asks_for_the_cast(engine: Engine) -> None:
    """ "Did she act in it?" asks the cast (the lexicon's "act in"), of the actor the story
    names."""
    reply = engine.ask(
        "Huge Lainie Kazan fan, catching up on her 80s work. Did she act in One from the Heart?"
    )
    assert reply.fact_ids == ("cast",)
    assert "Lainie Kazan" in render_text(reply)


def test_which_part_an_actor_had_is_the_role_the_source_never_gives(engine: Engine) -> None:
    """ "Which part did Teri Garr have?" asks her role (the lexicon's "role"), which the
    source doesn't say, not whether she is in the cast; "or am I misremembering?" asks
    nothing of its own."""
    assert engine.ask("which part did Teri Garr have in it?").outcome is Outcome.UNKNOWN
    assert engine.ask("ray's a waiter, or am i misremembering?").fact_ids == ("ray",)


def test_what_a_set_was_for_asked_indirectly_is_what_it_was_used_for(engine: Engine) -> None:
    """ "I wonder what that airport replica was for" asks what it was used for, as "what was
    it for?" does: the penultimate scene [15]; "any big names in it?" asks who starred."""
    reply = engine.ask("so i wonder what that airport replica was for")
    assert reply.fact_ids == ("penultimate-scene",)
    assert reply.citations == (15,)
    assert engine.ask("any big names in it?").fact_ids == ("cast",)


@pytest.mark.parametrize(
    ("message", "fact"),
    [
        ("fill in the blank: frannie spends the night with ___, a waiter", "ray"),
        ("any famous folks in this one?", "cast"),
        ("who's handling distro in north america", "distributor"),
        ("i can't remember who's in the cast of this one", "cast"),
        ("not really sure what leila does in it", "leila"),
        ("who directed one from the heart, the one harry dean stanton is in?", "director"),
    ],
)
def test_quiz_and_chat_wording_asks_what_it_means(engine: Engine, message: str, fact: str) -> None:
    """ "Fill in the blank" asks for the blank, like "tell me"; "famous folks" are the stars;
    "distro" is distribution, as the lexicon says; "can't remember who" and "not sure what"
    wonder, their "not" no denial ("characters who don't seem to like each other"); ", the one
    Harry Dean Stanton is in" says which film, and asks nothing of the cast."""
    assert engine.ask(message).fact_ids == (fact,)


def test_the_times_is_the_new_york_times_and_a_first_date_no_date(engine: Engine) -> None:
    """ "The Times" alone is the New York Times (the lexicon's), where Maslin wrote; "any
    tips for a first date?" asks for no date the source gives."""
    assert engine.ask("what did the times think of it lol").fact_ids == ("maslin",)
    assert not engine.ask("got any tips for my first date?").answered


def test_a_possessive_typed_without_its_apostrophe_names_its_owner(engine: Engine) -> None:
    """ "whats frannies line of work" asks Frannie's, not Ray's: the source doesn't say, and
    the reply spells her name as the fact base does."""
    reply = engine.ask("so whats frannies line of work")
    assert reply.outcome is Outcome.UNKNOWN
    assert "what Frannie's line of work is" in render_text(reply)


def test_what_the_source_lacks_of_one_person_it_lacks_of_another(engine: Engine) -> None:
    """The city Jack Singer lived in is a known unknown; asked Hank's city, the plot, about
    Hank, names none either: the source doesn't say, rather than tell the plot."""
    assert engine.ask("what city does hank live in").outcome is Outcome.UNKNOWN


def test_which_paper_after_a_review_is_that_reviews_paper(engine: Engine) -> None:
    """ "Which paper?" after a review asks where it ran (the Los Angeles Times [23]), not
    which paper Siskel wrote for; alone, any of three critics' papers, it is no answer."""
    reply = engine.ask("what paper?", previous="so how did susan king review it")
    assert reply.fact_ids == ("susan-king",)
    assert reply.citations == (23,)
    assert not engine.ask("which paper?").answered


def test_what_is_wrong_with_it_asks_for_the_flaws(engine: Engine) -> None:
    """ "What's wrong with it?" after the critics consensus asks what it holds against the
    film (the lexicon's "lacked"), not what went wrong after the 1981 screening."""
    reply = engine.ask(
        "and what's wrong with it, according to that?", previous="what's the critics consensus"
    )
    assert reply.fact_ids == ("critics-consensus",)
    assert reply.citations == (20,)


def test_the_year_of_a_later_event_is_that_events_year(engine: Engine) -> None:
    """The year of the At the Movies episode is 1986, and of the restored version 2024: not
    the film's own 1982."""
    assert engine.ask("the at the movies episode, which year?").fact_ids == ("buried-treasures",)
    assert engine.ask("what year did the restored one come out").fact_ids == ("reprise",)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("who was in charge of making this movie?", "director"),
        ("can you give me a rundown of the storyline?", "plot"),
        ("so how did siskel rate this one?", "siskel-thumbs-up"),
        ("what's the name of that new restored cut?", "reprise"),
        ("who in the story lies about his job?", "ray"),
        ("could you tell me a little about one from the heart?", "overview"),
        ("what does the couple get up to in the film", "plot"),
        ("who propped up coppola's studio back then?", "financing"),
        ("heard coppola didnt even want to make it originally, that right?", "rejected-offer"),
        (
            "my teacher says Coppola did not want to direct it to begin with. is that tru",
            "rejected-offer",
        ),
        ("I'd love to know where the Reprise version got shown.", "reprise"),
        ("in which country was the Reprise version shown", "reprise"),
        ("which big names star in this film?", "cast"),
        ("which instrument does ray claim to play", "ray"),
        ("what did frannie's date claim to be", "ray"),
        ("where did they show a rough version of it?", "screening-1981"),
        ("when did audiences first see a half finished version of it", "screening-1981"),
        ("a rough version was shown early, right? what year", "screening-1981"),
        ("who do the two leads end up with for the night?", "plot"),
        ("do both main characters go off with a dream partner", "plot"),
        ("hank and frannie each go off with somebody, who?", "plot"),
        (
            "Went to a talk on box office bombs, they brought up a Canadian who lent money to "
            "Coppola. Do you know who it was?",
            "financing",
        ),
        ("which critic at the grey lady reviewed it?", "maslin"),
        ("which critic at the LA Times marveled at it?", "susan-king"),
        ("does hank stray at some point", "plot"),
        ("who put it out on this side of the atlantic", "distributor"),
        ("what did the consensus say about coppola's craftsmanship", "critics-consensus"),
        ("which critic found it inventive?", "maslin"),
        ("which airport was it modelled after?", "airport-set"),
        ("was the jet made out of a crashed plane", "airliner"),
        ("where did they get the front end of the plane?", "airliner"),
        ("which adjectives did maslin use", "maslin"),
        ("who put up the cash for it", "financing"),
        ("what does ray falsely claim to be", "ray"),
        ("who in the film works at a circus", "leila"),
        ("is leila the one who works in the circus?", "leila"),
        ("what's the rotten tomatoes consensus on it", "critics-consensus"),
        ("is it a song and dance movie or a drama", "genre"),
        ("how did coppola react when it was pitched to him", "rejected-offer"),
        ("is there a cleaned up version of it now", "reprise"),
        ("what's the biggest weakness, according to the summary of reviews?", "critics-consensus"),
        ("heard ther was a remastered cut?", "reprise"),
        ("i heard there's a remaster now, tell me about it", "reprise"),
        ("so how did coppola get hold of the project", "rights"),
        ("which critic thought the two leads barely get along?", "warren-clements"),
        ("did a critic say they dont like eachother", "warren-clements"),
        ("the airport scene is near the end, right?", "penultimate-scene"),
        ("the circus girl hank hangs out with, who is she", "leila"),
        ("do hank and frannie each go off with someone new", "plot"),
        ("what qualities does the consensus give coppola credit for", "critics-consensus"),
        ("is the reprise a sequel or just a new version of the original?", "reprise"),
    ],
)
def test_everyday_phrasings_reach_their_fact(engine: Engine, question: str, fact: str) -> None:
    """Who was "in charge of making" it directed it; a "rundown of the storyline" is the
    plot; how Siskel "rated" it is his thumbs up [25]; the restored cut's "name" is the
    Reprise; who "lies about" his job pretends (Ray); "a little" says how much is wanted, not
    what; what the couple "get up to" is what happens; who "propped up" the studio lent to it;
    "didn't want to" is turning the offer down ("tru" is "true"); where the Reprise was
    "shown" is the select US theaters, not the festival the source doesn't name; who "stars
    in" it is the cast, not who played whom; what Ray "claims to play" he passes himself off
    as; "a rough version" is the unfinished print of 1981 [16], not the restored Reprise."""
    assert engine.ask(question).fact_ids == (fact,)


def test_a_question_of_the_film_asks_nothing_of_whom_the_story_names(engine: Engine) -> None:
    """ "Who directed it?" after a story about an actor asks who directed the film: the actor
    the story names is no subject of the question, as "her role" would make her one."""
    story = "Big Lainie Kazan fan here, going through her movies one by one and this one is next."
    assert engine.ask(f"{story} Who directed it?").fact_ids == ("director",)
    assert engine.ask("I only know Raul Julia from The Addams Family. Who wrote it?").fact_ids == (
        "writer",
    )


def test_did_x_distribute_it_is_checked_against_the_distributor(engine: Engine) -> None:
    """ "Distribute" meets "distributed" and "distributor" (the suffix rule keeps its "e"):
    "did Warner Bros distribute it?" gets what the source says, MGM."""
    assert engine.ask("did warner bros distribute one from the heart?").fact_ids == ("distributor",)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("who were the principal actors in it?", "cast"),
        ("when did siskel champion the film?", "buried-treasures"),
    ],
)
def test_principal_actors_and_championing_are_the_lexicons(
    engine: Engine, question: str, fact: str
) -> None:
    """The "principal actors" are the cast, not "principal photography"; Siskel
    "championed" it in 1986, on At the Movies, not in its first run."""
    assert engine.ask(question).fact_ids == (fact,)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what is the film in terms of genre?", "genre"),
        ("give me the story in a sentence or two", "plot"),
    ],
)
def test_how_much_is_wanted_and_in_terms_of_ask_nothing(
    engine: Engine, question: str, fact: str
) -> None:
    """ "In terms of genre" asks the genre, of no loan's terms; "in a sentence or two" says
    how much is wanted, not a sentence of the overview's."""
    assert engine.ask(question).fact_ids == (fact,)


def test_who_gave_it_a_thumbs_up_is_siskel(engine: Engine) -> None:
    """The thumbs up names who gave it: a "who" question it answers [25]."""
    reply = engine.ask("so who gave the film a thumbs up back then?")
    assert reply.fact_ids == ("siskel-thumbs-up",)
    assert reply.citations == (25,)


def test_the_circus_girls_name_is_leila_not_her_circus(engine: Engine) -> None:
    """Her name is Leila; the name of her circus is what the source doesn't say."""
    assert engine.ask("circus lady from the movie, what was her name?").fact_ids == ("leila",)
    reply = engine.ask("what's the name of the circus leila is in")
    assert (reply.outcome, reply.entry_id) == (Outcome.UNKNOWN, "leila-circus")


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("who was the waiter guy again?", "ray"),
        ("so frannie runs off with a piano man?", "ray"),
    ],
)
def test_a_word_of_a_phrasing_met_alone_is_an_ordinary_word(
    engine: Engine, question: str, fact: str
) -> None:
    """ "Again" is in the lexicon's "brought it up again", "guy" in its "the guy Frannie
    meets": met without the rest, each is everyday chat, not a word no entry knows; a "piano
    man" is a pianist."""
    assert engine.ask(question).fact_ids == (fact,)


def test_the_next_or_new_thing_is_a_name(engine: Engine) -> None:
    """ "The next PlayStation" names something, as "the Godfather" does: the source's
    release year says nothing of it."""
    assert not engine.ask("when does the next playstation come out?").answered


def test_a_crashed_plane_used_for_the_set_is_the_airliner(engine: Engine) -> None:
    """ "They used a crashed plane for the set?" asks of the airliner [15], not which plane
    it was (the source doesn't say); "replicate" is the lexicon's "replica"."""
    reply = engine.ask("so they used a crashed plane for that set??")
    assert "airliner" in reply.fact_ids
    assert reply.citations == (15,)
    assert engine.ask("what city's airport did they replicate").fact_ids == ("airport-set",)


def test_what_critics_say_of_the_characters_is_the_consensus(engine: Engine) -> None:
    """The consensus is what the source has critics say of the characters [20]; who played
    them (which the source doesn't say) is not asked."""
    reply = engine.ask(
        "what do they say of the characters?", previous="what's the critics' verdict on it"
    )
    assert reply.fact_ids == ("critics-consensus",)
    assert reply.citations == (20,)
    assert engine.ask("characters, per the reviews?").fact_ids == ("critics-consensus",)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what was salvaged to make the jet on set?", "airliner"),
        ("which airport did the production designers recreate?", "airport-set"),
    ],
)
def test_salvage_and_who_built_the_set_ask_of_the_set(
    engine: Engine, question: str, fact: str
) -> None:
    """What was "salvaged" is the crashed plane's nose [15] (the lexicon's "crashed"); the
    production designers only do what is asked about, and who they were is not asked."""
    assert engine.ask(question).fact_ids == (fact,)


def test_they_or_he_in_a_follow_up_is_whom_the_message_before_asked_of(engine: Engine) -> None:
    """ "Do they think it's a flop?" after the consensus asks what the consensus says [20],
    not what Coppola thought; "did he write it as well?" after "who directed it?" asks of
    Coppola, and "as well" is "too", no "well received" of a review."""
    reply = engine.ask(
        "do they think it's a flop or not then", previous="tell me the critics consensus"
    )
    assert reply.fact_ids == ("critics-consensus",)
    assert reply.citations == (20,)
    written = engine.ask(
        "did he also write the thing as well?", previous="who directed this movie?"
    )
    assert written.outcome is Outcome.ANSWER
    assert "writer" in written.fact_ids  # with the direction, read with the question before


def test_how_coppola_ended_up_making_it_is_how_he_got_the_rights(engine: Engine) -> None:
    """How he "ended up making it" is the rights bought through Zoetrope, not whether he
    regretted making it (the source doesn't say)."""
    assert engine.ask("how did coppola end up making this one?").fact_ids == ("rights",)


def test_a_critic_asked_of_anothers_paper_gets_both_reviews(engine: Engine) -> None:
    """ "Did Janet Maslin write for the LA Times?" names two reviews of one roundup: it
    answers with both (Maslin in The New York Times, King in the Los Angeles Times [23]), as
    surely as the words its facts are asked with."""
    reply = engine.ask("so did janet maslin write for the la times?")
    assert {"maslin", "susan-king"} <= set(reply.fact_ids)
    assert 23 in reply.citations


def test_how_much_in_the_story_keeps_entries_without_a_number(engine: Engine) -> None:
    """ "How much" in the story told before a question asks no amount of it: the fact without
    a number is still ranked, and answers."""
    reply = engine.ask(
        "Loved the neon, and I keep reading about how much of his own fortune Coppola sank"
        " into it. Did he pass on it at first?"
    )
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "rejected-offer")


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how tall was the set's airliner?", "how tall the set's airliner was"),
        ("how much did zoetrope end up paying for the rights to the property?", None),
    ],
)
def test_an_amount_or_size_asked_of_a_fact_giving_none_is_not_said(
    engine: Engine, question: str, said: str | None
) -> None:
    """The fact asked about is found though it gives no number, and the reply says the source
    doesn't give what is asked; the loan's $8 million is no price of the rights."""
    reply = engine.ask(question)
    assert reply.outcome is Outcome.UNKNOWN
    assert "financing" not in reply.fact_ids
    if said is not None:
        assert f"doesn't say {said}" in render_text(reply)


@pytest.mark.parametrize(
    "question",
    ["did the 4k version get a UK release as well?", "was the reprise out in england"],
)
def test_a_release_in_britain_is_not_the_us_release(engine: Engine, question: str) -> None:
    """The source gives the Reprise's release in the United States only: a British release
    is what it doesn't say."""
    reply = engine.ask(question)
    assert reply.outcome is Outcome.UNKNOWN
    assert "reprise" not in reply.fact_ids


def test_a_clause_setting_the_scene_before_the_question_only_dilutes_it(engine: Engine) -> None:
    """ "For a slide in my seminar, who put up the money?": the question after the comma is
    what is asked. A clause that says what it is asked of ("heard it got a blu-ray, ...")
    still counts: the label of a blu-ray is no distributor for North America."""
    reply = engine.ask("For a slide in my seminar, who put up the money?")
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "financing")
    assert not engine.ask("heard it got a blu-ray, which label put it out?").answered


@pytest.mark.parametrize(
    "question",
    [
        "at which film festival did the restored version debut?",
        "what aspect ratio is the reprise in?",
    ],
)
def test_what_the_source_leaves_out_of_the_reprise_is_not_its_release(
    engine: Engine, question: str
) -> None:
    """The Reprise's festival or picture format is not what its fact gives (the US release):
    the source doesn't say, and the reply offers the release."""
    reply = engine.ask(question)
    assert (reply.outcome, reply.entry_id) == (Outcome.UNKNOWN, "restoration-details")
    assert engine.ask("when did the reprise come out?").entry_id == "reprise"


def test_which_character_is_the_circus_performer_is_leila_but_her_circus_is_not_said(
    engine: Engine,
) -> None:
    """Asked which character is the circus performer, the fact names her; asked which circus
    she performs with, the fact gives way to what the source doesn't say."""
    reply = engine.ask("Which character in it is the circus performer?")
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "leila")
    circus = engine.ask("which circus does leila perform with?")
    assert (circus.outcome, circus.entry_id) == (Outcome.UNKNOWN, "leila-circus")


def test_a_dropped_g_is_restored(engine: Engine) -> None:
    """Chat drops the "g" of "-ing": "livin" is "living", "playin" "playing" (who plays whom
    the source doesn't say), not rare words no entry knows."""
    assert engine.ask("wat does ray do for a livin").entry_id == "ray"
    reply = engine.ask("whos lainie kazan playin")
    assert (reply.outcome, reply.entry_id) == (Outcome.UNKNOWN, "roles")


def test_what_zoetrope_and_mgm_each_did_is_answered_with_both_facts(engine: Engine) -> None:
    """Asked of both studios, the reply gives the purchase through Zoetrope and MGM's
    distribution, not one of them (nor a suggestion, for the studio the first doesn't name);
    and asked who distributed it after the purchase, MGM."""
    reply = engine.ask("so what did mgm do once zoetrope owned it?")
    assert (reply.outcome, set(reply.fact_ids)) == (Outcome.ANSWER, {"rights", "distributor"})
    then = engine.ask("and who distributed it?", previous="which studio bought the rights?")
    assert then.entry_id == "distributor" or "distributor" in then.fact_ids


def test_who_wrote_and_directed_it_gets_both_credits(engine: Engine) -> None:
    """Asked both, the reply gives the direction and the co-writing credit, each fact its own."""
    reply = engine.ask("who wrote and directed one from the heart?")
    assert (reply.outcome, set(reply.fact_ids)) == (Outcome.ANSWER, {"director", "writer"})


@pytest.mark.parametrize("message", ["pls recomend a podcast", "can u help me writ a cover leter"])
def test_one_repaired_word_amid_others_is_no_answer(engine: Engine, message: str) -> None:
    """A message sharing one word with an entry, and that only once repaired ("recomend",
    "leter" read as "later"), gets no answer; a misspelt fact word alone still does."""
    assert not engine.ask(message).answered
    assert engine.ask("who was the diretor").entry_id == "director"


def test_bailing_out_is_funding_and_bailing_on_is_backing_out(engine: Engine) -> None:
    """Who "bailed out" the studio lent the money [9]; those who "bailed on" the film after
    the screening are the exhibitors [17]."""
    assert engine.ask("so who bailed out coppola's studio?").citations == (9,)
    on = engine.ask("which theater owners bailed on it after the screening?")
    assert (on.entry_id, on.citations) == ("exhibitors", (17,))


def test_she_reaches_past_a_sentence_that_says_she_too(engine: Engine) -> None:
    """ "My aunt swears she turns up in a Coppola musical" names Coppola after its "she": who
    she is, the sentence before says (Lainie Kazan, in the cast)."""
    reply = engine.ask(
        "Big Lainie Kazan fan here. My aunt swears she turns up in a Coppola musical."
        " Was she in One from the Heart?"
    )
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "cast")


def test_the_channel_of_at_the_movies_is_what_the_source_doesnt_say(engine: Engine) -> None:
    """The network or channel is no word of the Buried Treasures fact: not said, with it."""
    reply = engine.ask("which channel showed at the movies back then?")
    assert (reply.outcome, reply.entry_id) == (Outcome.UNKNOWN, "episode")


def test_when_in_a_year_asks_more_than_the_year(engine: Engine) -> None:
    """ "When in 1982 did it open?" gives the year: the source, which gives no month, doesn't
    say; "when in 1981 was the unfinished print screened?" gets its August [16]."""
    assert engine.ask("when in 1982 did it open?").outcome is Outcome.UNKNOWN
    assert engine.ask("when in 1981 was the unfinished print screened?").citations == (16,)


@pytest.mark.parametrize(
    "question",
    [
        "so how did frannie and hank meet in the first place?",
        "how did frannie and hank meet in the movie",
    ],
)
def test_how_they_met_in_the_first_place_is_not_the_plot(engine: Engine, question: str) -> None:
    """ "In the first place" only says when, and "in the movie" where: how Hank and Frannie
    met is still what is asked, and the plot doesn't say."""
    assert not engine.ask(question).answered


def test_it_after_a_story_naming_the_film_is_the_film(engine: Engine) -> None:
    """A story that names the film by its title, and asks nothing, says what "it" is: the
    question is then read alone, not pulled to the story's own words ("box office flops")."""
    director = engine.ask(
        "My cousin's podcast did a whole hour on box office flops and One from the Heart came"
        " up. They never said who made it. Who directed it?"
    )
    assert (director.outcome, director.entry_id) == (Outcome.ANSWER, "director")
    cast = engine.ask(
        "A friend of mine keeps quoting One from the Heart at parties. I have never seen it."
        " Who is in it?"
    )
    assert (cast.outcome, cast.entry_id) == (Outcome.ANSWER, "cast")


def test_it_is_the_film_where_the_story_gets_only_what_the_source_doesnt_say(
    engine: Engine,
) -> None:
    """Read with the story, "who starred in it?" after talk of the cast and of lists would be
    which actor played whom (not said); "it" is the film the story talks around."""
    for message, entry in [
        (
            "My film teacher raved about the cast of this one but never put together a list"
            " for us. Who starred in it?",
            "cast",
        ),
        (
            "Found this on a list of forgotten 80s musicals while browsing at midnight. who"
            " directed it?",
            "director",
        ),
    ]:
        reply = engine.ask(message)
        assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, entry), message


def test_it_after_a_question_is_what_that_question_asks(engine: Engine) -> None:
    """ "Was it the actors themselves?" after "who sings the songs in the movie?" asks of the
    singing, not of the film: the source doesn't say who sings."""
    reply = engine.ask(
        "Loved the soundtrack of One from the Heart. Who sings the duets in the movie? Was it"
        " the actors themselves or session singers?"
    )
    assert not reply.answered


def test_how_a_critic_rated_it_is_what_the_source_says_he_gave_it(engine: Engine) -> None:
    """ "Rated" meets "rate": how Siskel rated it first time round is his thumbs up [25], not
    a score the source doesn't give."""
    reply = engine.ask("curious how gene siskel rated it back when it first played")
    assert (reply.entry_id, reply.citations) == ("siskel-thumbs-up", (25,))


def test_a_known_unknown_gives_way_where_it_adds_nothing_asked(engine: Engine) -> None:
    """The ending's curated questions name Ray and the story, yet "who is Ray in the story?"
    asks nothing of how it ends: the plot answers."""
    reply = engine.ask("remind me who Ray is in the story")
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "plot")


def test_the_name_of_a_thing_asks_to_name_it(engine: Engine) -> None:
    """ "The name of the website" asks to name the website, which the source doesn't: the
    consensus it quotes is no answer."""
    for message in (
        "what is the name of the website behind that critics consensus?",
        "tell me the name of the website the consensus comes from",
    ):
        assert not engine.ask(message).answered, message


def test_a_star_alone_is_an_everyday_word(engine: Engine) -> None:
    """ "Star in" is the cast's (lexicon), but "star" alone stays an everyday word."""
    assert not engine.ask("who's the biggest star wars fan here").answered


def test_he_in_a_follow_up_is_who_the_message_before_named(engine: Engine) -> None:
    """ "What country is he from?" after Jack Singer asks of him: the film's country is no
    answer; the source calls him a Canadian businessman [9]. Her birth year the source
    doesn't give, and the film's year is no answer to it either."""
    reply = engine.ask("what country is he from", previous="who was jack singer?")
    assert reply.fact_ids == ("financing",)
    assert reply.citations == (9,)
    born = engine.ask("what year was she born?", previous="who was the la times critic?")
    assert born.outcome is Outcome.UNKNOWN  # not the film's year


def test_listing_the_actors_is_the_cast(engine: Engine) -> None:
    """Asked to "list them", the actors are the cast list the source gives, not which actor
    played which character (which the source doesn't say)."""
    reply = engine.ask("forgot the actors in one from the heart, could you list them please")
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "cast")
    assert engine.ask("which actor played which character").outcome is Outcome.UNKNOWN


def test_which_two_things_asks_for_things_not_for_a_two(engine: Engine) -> None:
    """ "Which two things" counts what it asks for: Maslin's review names what it lacked,
    though it never says "two"."""
    reply = engine.ask("which two things did janet maslin feel it lacked?")
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "maslin")


def test_how_much_people_care_asks_a_degree_not_an_amount(engine: Engine) -> None:
    """ "How much do audiences care" asks how far, which the consensus tells [20]; "how much
    did it make" still asks an amount the source doesn't give."""
    reply = engine.ask(
        "how much do audiences care about the characters, going by the critics consensus?"
    )
    assert (reply.entry_id, reply.citations) == ("critics-consensus", (20,))
    assert not engine.ask("how much did the reprise make at the box office?").answered


def test_the_answer_before_is_no_rival_to_a_follow_up(engine: Engine) -> None:
    """After "did coppola say no to it at first?", the first rejection's words come with the
    follow-up; "how did he end up making it then?" asks what came next: the rights he bought
    through Zoetrope."""
    reply = engine.ask(
        "so how did he end up making it then?", previous="did coppola say no to it at first?"
    )
    assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "rights")


def test_a_fact_within_anothers_quote_is_no_rival_to_it(engine: Engine) -> None:
    """Leila's and Ray's facts quote parts of the plot's sentence: close behind the plot,
    they say what it says, and the plot answers; not where they know a word it doesn't (the
    jobs of Hank and Frannie, which the source never gives)."""
    for message in ("so who is hank with in the film?", "who's frany with in the film"):
        reply = engine.ask(message)
        assert (reply.outcome, reply.entry_id) == (Outcome.ANSWER, "plot"), message
    assert not engine.ask("What are Hank and Frannie's jobs?").answered


def test_a_long_message_is_never_cut(engine: Engine) -> None:
    """The question at the end of a long message is found, however long the story before it."""
    story = "We watched a lot of old films this weekend and talked about them all night. " * 12
    assert engine.ask(story + "Who directed One from the Heart?").fact_ids == ("director",)


def test_a_follow_up_is_read_with_the_question_before_it(engine: Engine) -> None:
    """'When did it come out?' after asking about the Reprise is about the Reprise."""
    reply = engine.ask("when did it come out?", previous="tell me about the reprise")
    assert reply.fact_ids == ("reprise",)


# --- ordinary English is no typo, and asks nothing alone ---------------------------------------


@pytest.mark.parametrize(
    "junk", ["help", "test", "null", "sup", "more", "**bold**", "no", "which one?"]
)
def test_an_everyday_word_alone_gets_the_usage_hint(engine: Engine, junk: str) -> None:
    """A lone everyday word is not 'repaired' into a fact's word: it gets the hint."""
    reply = engine.ask(junk)
    assert reply.outcome is Outcome.HINT
    assert reply.fact_ids == ()


def test_code_pasted_in_a_block_asks_nothing_but_the_question_beside_it_is_answered(
    engine: Engine,
) -> None:
    """ "```print(1)```" is no question about the unfinished print; a question above a pasted
    block is still asked."""
    assert engine.ask("```print(1)```").outcome is Outcome.HINT
    pasted = "who directed it?\n```py\nprint('unfinished print')\n```"
    assert engine.ask(pasted).fact_ids == ("director",)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("who does frannie go off wiht in the moive", "ray"),
        ("whta is leila's jbo in the moive", "leila"),
    ],
)
def test_a_slip_of_an_everyday_word_weighs_as_that_word(
    engine: Engine, question: str, fact: str
) -> None:
    """ "moive" and "wiht" are "movie" and "with" mistyped: they say no more than those do,
    and no longer drown the words that do say what is asked."""
    assert engine.ask(question).fact_ids == (fact,)


def test_a_real_typo_of_a_fact_word_is_still_repaired(engine: Engine) -> None:
    """A misspelling that is no English word is repaired to the fact base's word."""
    assert engine.ask("who lent zoetrope the monney").fact_ids == ("financing",)


@pytest.mark.parametrize("typo", ["musicl", "musicle"])
def test_of_two_near_words_the_one_ending_or_as_long_as_the_typo_wins(
    engine: Engine, typo: str
) -> None:
    """ "musicl" is one letter from "music" and from "musical": it ends as "musical" does."""
    assert engine.matcher.index.repaired(typo) == "musical"


def test_a_word_cut_short_is_repaired_to_the_word_it_begins(engine: Engine) -> None:
    """ "genr" is one letter from "gene" (Siskel) and from "genre": it is "genre" cut short."""
    assert engine.matcher.index.repaired("genr") == "genre"
    assert engine.ask("whats the genr of one from teh heart").fact_ids == ("genre",)


def test_an_english_word_is_not_repaired_into_a_fact_word(engine: Engine) -> None:
    """'Bold' is English: it never becomes a word of the fact base."""
    query = engine.matcher.index.query(engine.matcher.index.repaired("bold"))
    assert query.words == ("bold",)


# --- the reasons are visible ------------------------------------------------------------------


def test_every_decision_on_a_question_says_why(engine: Engine) -> None:
    """A decision carries its checks, each with a reason a curator can read."""
    match = engine.matcher.match("what month did it come out")
    assert match.verdict is Verdict.NOT_SAID
    assert any(c.name == "kind" and not c.passed and "month" in c.why for c in match.checks)
    assert match.lexicon == ("release",)


# --- the sentence fast path is pysbd's answer, without pysbd --------------------------------


@settings(max_examples=300, deadline=None)
# pysbd ends a sentence at a closing quote before a capital: the fast path leaves such lines
# to it.
@example("'0' K", "?")
@given(
    st.text(alphabet=st.sampled_from("abcdefghij KLM,'\"-0123"), min_size=1, max_size=60),
    st.sampled_from(["", "?", "!", ".", "??", "..."]),
)
def test_a_line_without_a_stop_inside_is_the_sentence_pysbd_finds(body: str, end: str) -> None:
    """Where the fast path skips pysbd, pysbd finds the same sentences, word for word (it may
    split off a fragment of stops alone, "0..." as "0.." and ".", which holds no words)."""
    line = (body + end).strip()
    if not line:
        return
    reference = [words(s) for s in _segmenter().segment(line) if words(s)]
    fast = [words(s) for s in segment(line) if words(s)]
    assert fast == reference


# --- yes or no ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["was mgm the distributor?", "is it a musical", "so was jack singer canadian?"]
)
def test_a_yes_no_question_the_fact_bears_out_gets_yes(engine: Engine, question: str) -> None:
    """The fact's own words say what was asked: "Yes.", then the fact with its citations."""
    reply = engine.ask(question)
    assert reply.confirmed
    assert render_text(reply).startswith("Yes. ")


@pytest.mark.parametrize(
    "question",
    [
        "was jack singer american?",  # the fact says Canadian: it shows, it doesn't say yes
        "did siskel give it a thumbs down?",  # a curated question's word, not the fact's
        "did jack singer lend 10 million?",
        "wasn't mgm the distributor?",  # which answer is "yes" is no longer plain
        "who distributed it?",
        "did coppola say yes off the bat?",  # the fact says he rejected it at first
        "is frannie with hank?",  # the plot names both: names alone say nothing of them
    ],
)
def test_no_yes_where_the_fact_does_not_say_so(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert reply.answered
    assert not reply.confirmed
    assert not render_text(reply).startswith("Yes")


@pytest.mark.parametrize(
    "question",
    ["was coppola up for directing it straight away?", "did coppola take the job immediately?"],
)
def test_right_away_is_what_the_fact_says_at_first(engine: Engine, question: str) -> None:
    """The lexicon's "initially" covers "straight away" and "immediately": the fact that he
    rejected the offer at first settles the question, with no "Yes." before it."""
    reply = engine.ask(question)
    assert (reply.outcome, reply.fact_ids, reply.confirmed) == (
        Outcome.ANSWER,
        ("rejected-offer",),
        False,
    )


def test_a_yes_no_claim_naming_what_the_source_lacks_gets_the_fact_that_settles_it(
    engine: Engine,
) -> None:
    """ "Was it directed by Soderbergh?": the source never names him, but its fact on who
    directed the film answers the question, with no "Yes." before it."""
    reply = engine.ask("was it directed by steven soderbergh?")
    assert (reply.outcome, reply.fact_ids, reply.confirmed) == (
        Outcome.ANSWER,
        ("director",),
        False,
    )


def test_another_name_in_the_place_of_the_thing_a_fact_is_about_is_a_claim_it_settles(
    engine: Engine,
) -> None:
    """One company distributes the film in North America: asked whether Paramount did, MGM's
    fact answers, "it" unsaid. Not so a person in another's place: the source says Siskel gave
    it a thumbs up, and nothing of what Ebert gave it."""
    assert engine.ask("Was Paramount the North American distributor?").fact_ids == ("distributor",)
    # In capitals a name, though it begins as "Las Vegas" does.
    assert engine.ask("was the airport set a replica of LAX?").fact_ids == ("airport-set",)
    reply = engine.ask("Did Ebert give it a thumbs down?")
    assert (reply.outcome, reply.fact_ids) == (Outcome.UNKNOWN, ())


def test_the_paper_a_critic_is_said_to_have_written_for_is_a_claim_their_fact_settles(
    engine: Engine,
) -> None:
    """ "The Toronto Star" is a title the source doesn't know, but what a critic wrote for is a
    paper, not another film: Warren Clements's review, in The Globe and Mail, settles it."""
    reply = engine.ask("Did Warren Clements write for the Toronto Star?")
    assert reply.fact_ids == ("warren-clements",)
    assert not reply.confirmed


@pytest.mark.parametrize(
    "question",
    [
        "did coppola direct the godfather?",  # another film: no claim about this one
        "can u write me a poem about cats",  # asks for something done, checks nothing
    ],
)
def test_no_claim_is_read_into_another_film_or_a_request(engine: Engine, question: str) -> None:
    assert not engine.ask(question).answered


# --- follow-ups, roundups and known unknowns beside their facts --------------------------------


def test_a_follow_up_about_the_film_is_not_read_as_about_the_answer_before(engine: Engine) -> None:
    """After "who directed it?", "it" is still the film: "and who was in it?" wants the cast."""
    reply = engine.ask("and who was in it?", previous="who directed one from the heart?")
    assert reply.fact_ids == ("cast",)


def test_a_follow_up_about_the_film_after_a_subject_is_about_the_film(engine: Engine) -> None:
    """After who bought the rights (Zoetrope did), "who distributed it?" asks who
    distributed the film: MGM, not what the source doesn't say of Zoetrope or abroad. (Read
    with the question before, it may get both studios' facts.)"""
    reply = engine.ask("and who distributed it?", previous="who ended up with the rights?")
    assert reply.outcome is Outcome.ANSWER
    assert "distributor" in reply.fact_ids


def test_the_name_of_someone_s_partner_is_who_they_are_with(engine: Engine) -> None:
    """ "The name of the waiter Frannie goes off with" asks who, as "who does Frannie go
    with?" does: Ray, whose fact names Frannie."""
    assert engine.ask("what's the name of the waiter frannie goes off with?").fact_ids == ("ray",)


@pytest.mark.parametrize(
    "question",
    ["which character does hank run off with?", "so hank ends up with a circus performer??"],
)
def test_whom_someone_goes_off_with_is_their_partner_s_fact(engine: Engine, question: str) -> None:
    """Running off or ending up with someone asks about both: Leila's fact names Hank."""
    assert engine.ask(question).fact_ids == ("leila",)


def test_a_story_word_read_as_a_typo_is_no_evidence(engine: Engine) -> None:
    """ "meowing" is one typo away from the screening's "showing": in the story before a
    question that asks nothing of the source, it tells nothing."""
    assert not engine.ask(
        "my kitten keeps meowing all night long. tried everything. any tips?"
    ).answered


def test_where_in_chat_spelling_asks_where(engine: Engine) -> None:
    """ "wher was it filmd" asks where, which the release year doesn't answer."""
    assert not engine.ask("wher was it filmd?").answered


def test_a_two_letter_word_alone_is_no_evidence(engine: Engine) -> None:
    """ "la" of "LA Times" in "tell me about la la land" is no question about Susan King;
    the LA Times asked for by name still is, and so is "4K"."""
    assert not engine.ask("tell me about la la land").answered
    assert engine.ask("what did the la times say").fact_ids == ("susan-king",)
    assert engine.ask("one from the heart in 4k?").answered


def test_she_in_a_follow_up_names_the_critic_before(engine: Engine) -> None:
    """ "Which newspaper did she work for?" after Susan King: her fact, the Los Angeles
    Times [23], as if her name were asked."""
    reply = engine.ask(
        "which newspaper did she work for?", previous="what was susan king's take on the film?"
    )
    assert reply.fact_ids == ("susan-king",)
    assert "[23]" in render_text(reply)


def test_a_bare_follow_up_takes_the_fact_that_gives_what_it_asks(engine: Engine) -> None:
    """ "When was that?" after where exhibitors first saw it: the story ranks the exhibitors
    first, but the screening gives the date [16]."""
    reply = engine.ask("when was that?", previous="where did they first screen it for exhibitors?")
    assert "screening-1981" in reply.fact_ids
    assert "August 1981" in render_text(reply)


def test_a_follow_up_asking_only_a_kind_asks_it_of_the_answer_before(engine: Engine) -> None:
    """ "Which year?" after the unfinished print's screening asks the screening's year
    (August 1981 [16]), not the film's; after "who directed it?", the film's."""
    reply = engine.ask("which year?", previous="did they screen an unfinished print somewhere?")
    assert reply.fact_ids[0] == "screening-1981"
    assert "1981" in render_text(reply)
    assert engine.ask("what year?", previous="who directed it?").fact_ids == ("release-year",)


def test_a_follow_up_after_a_subject_is_about_that_subject(engine: Engine) -> None:
    """After a question about the Reprise, "when did it come out?" asks when the Reprise did."""
    reply = engine.ask("when did it come out?", previous="what is the reprise?")
    assert reply.fact_ids == ("reprise",)


def test_a_follow_up_naming_someone_the_source_lacks_is_not_answered_of_the_first(
    engine: Engine,
) -> None:
    """ "and Ebert?" after Siskel asks the same of Ebert, whom the source doesn't know: it is
    no question about Siskel."""
    assert engine.ask("did siskel like it?").answered
    for follow_up in ("and ebert?", "what about roger ebert"):
        assert not engine.ask(follow_up, previous="did siskel like it?").answered


def test_what_a_screening_led_to_is_what_came_of_it(engine: Engine) -> None:
    """ "What came of that?" after the screening asks its result: the exhibitors [17]."""
    reply = engine.ask("so what came of that?", previous="when was the san francisco screening?")
    assert "exhibitors" in reply.fact_ids
    assert "[17]" in render_text(reply)


def test_a_question_over_two_facts_of_a_roundup_gets_both(engine: Engine) -> None:
    """The screening is one fact and what came of it another: a question about its result
    gets both, each with its own citation."""
    reply = engine.ask("what was the result of the 1981 screening?")
    assert reply.fact_ids == ("screening-1981", "exhibitors")
    shown = render_text(reply)
    assert "[16]" in shown
    assert "[17]" in shown


def test_a_yes_or_no_the_fact_says_is_not_taken_by_its_unknown(engine: Engine) -> None:
    """The source says Coppola co-wrote it, and doesn't name with whom: a yes or no about the
    first is the fact's; asking who the other writer was is what the source doesn't say."""
    assert engine.ask("did coppola co-write it?").fact_ids == ("writer",)
    unnamed = engine.ask("who co-wrote it with coppola?")
    assert unnamed.outcome is Outcome.UNKNOWN
    assert unnamed.fact_ids == ()
    # "accept" and "soon" are no word of any entry: the claim's, which the fact settles.
    claim = "did coppola accept the film as soon as it was offered to him"
    assert engine.ask(claim).fact_ids == ("rejected-offer",)


def test_a_word_with_two_meanings_does_not_confirm_a_claim(engine: Engine) -> None:
    """The sets were built with part of Las Vegas' airport; that says nothing of where the
    story is set, so "is it set in las vegas" gets no "Yes"."""
    reply = engine.ask("is it set in las vegas")
    assert not reply.answered
    assert not reply.confirmed


@pytest.mark.parametrize("junk", ["test 123", "hello 42", "ok 7"])
def test_an_everyday_word_and_a_number_get_the_hint(engine: Engine, junk: str) -> None:
    """A number no fact knows adds nothing to "test": the asker gets told how to ask."""
    assert engine.ask(junk).outcome is Outcome.HINT


def test_an_entry_far_ahead_of_the_rest_answers_through_chat_words(engine: Engine) -> None:
    """Chat dilutes how much of the question an entry explains; an entry no other comes near
    still answers ("was siskel a fan lol": nothing else is about Siskel's liking it)."""
    reply = engine.ask("was siskel a fan lol")
    assert reply.fact_ids == ("siskel-thumbs-up",)
    assert "[25]" in render_text(reply)


def test_which_thing_the_source_names_only_elsewhere_is_not_said(engine: Engine) -> None:
    """The source speaks of theaters (the Reprise's) and studios (Zoetrope), never with the
    screening or the airport set: asked which theater or lot, it doesn't say, and says so."""
    for question in (
        "which movie theater in sf showed the unfinished cut?",
        "which studio lot was the airport set built on?",
    ):
        reply = engine.ask(question)
        assert not reply.answered, question
        assert "doesn't say" in render_text(reply)
    # What the entry does speak of is answered: Zoetrope Studios, the penultimate scene.
    assert engine.ask("which studio owned the rights?").fact_ids == ("rights",)
    assert engine.ask("which scene used the airport set?").fact_ids == ("penultimate-scene",)


def test_someone_asked_of_besides_a_subject_is_not_settled_by_its_fact(engine: Engine) -> None:
    """ "Did Siskel and Roger Ebert both ...?": the fact says Siskel did, and nothing of
    Ebert; it is no claim the Siskel fact settles."""
    reply = engine.ask("did both gene siskel and Roger Ebert give it a thumbs up?")
    assert not reply.answered


@pytest.mark.parametrize(
    "question",
    [
        "who starred in the outsiders",
        "Who starred in The Outsiders?",
        "who starred in rumble fish?",
        "who's in the cast of top gun",
        "what's the plot of the lion king",
    ],
)
def test_who_was_in_a_film_the_source_never_names_is_not_the_cast(
    engine: Engine, question: str
) -> None:
    """Words the source doesn't know after "in", "the cast of" or "the plot of" name another
    film: its cast and plot are not ours, capitalised or not, and though "Outsiders" begins
    as the source's "outside" does."""
    assert not engine.ask(question).answered


def test_in_it_or_in_a_year_is_still_this_film(engine: Engine) -> None:
    """ "in it besides Teri Garr" and "in 1985" name no other film."""
    assert engine.ask("who's in it besides teri garr").fact_ids == ("cast",)
    assert engine.ask("was it released in 1985?").fact_ids == ("release-year",)


@pytest.mark.parametrize(
    "question",
    ["which company took care of the 4k restoration?", "which company remastered it in 4k?"],
)
def test_which_thing_a_fact_never_names_goes_to_what_the_source_lacks(
    engine: Engine, question: str
) -> None:
    """The Reprise's fact names no company; what the source doesn't say of the restoration
    is asked with one: "the source doesn't say who restored it"."""
    reply = engine.ask(question)
    assert not reply.answered
    assert "not who restored it" in render_text(reply)


def test_hedges_ask_nothing_of_their_own(engine: Engine) -> None:
    """ "supposed to be", "according to", "whether", "this thing": how a question is put,
    not what about."""
    reply = engine.ask("what is ray supposed to be, according to the film?")
    assert reply.fact_ids == ("ray",)
    assert engine.ask("who is even in this thing lol").fact_ids == ("cast",)


def test_a_telling_word_lets_a_clear_leader_answer_through_chat(engine: Engine) -> None:
    """An entry far ahead of the rest that shares a word English seldom uses ("Canadian")
    answers through chat that dilutes it; everyday words shared by chance ("form") don't."""
    reply = engine.ask("someone said a canadian guy put money into it, any truth to that?")
    assert reply.fact_ids == ("financing",)
    assert "[9]" in render_text(reply)
    assert not engine.ask("how do clouds form in winter?").answered


@pytest.mark.parametrize(
    "question",
    ["can someone remind me who directed it?", "could you tell me who directed it"],
)
def test_a_polite_question_is_no_yes_or_no(engine: Engine, question: str) -> None:
    """ "Can you tell me who ..." wants a name: the answer opens with it, not with "Yes"."""
    reply = engine.ask(question)
    assert reply.fact_ids == ("director",)
    assert not reply.confirmed
    assert not render_text(reply).startswith("Yes")


@pytest.mark.parametrize(
    "sentence", ["ok so when did it come out", "lol wait, who directed it", "so um, who's ray"]
)
def test_a_question_after_several_chat_openers_still_asks(sentence: str) -> None:
    """People open with more than one chat word; the question word after them still asks."""
    assert asks(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["Wanted to know which scene the airport set was for", "i wanna know who paid for it"],
)
def test_wanting_to_know_asks(sentence: str) -> None:
    """Said without a question mark or a question word first, wanting to know still asks: in
    a story it is the sentence to read, not the remark after it."""
    assert asks(sentence)


def test_a_name_of_small_words_is_something_the_source_knows(engine: Engine) -> None:
    """ "At the Movies" is all small words, none of them the source's own; naming it is still
    asking about the source, and gets what it says of the show, not a refusal."""
    reply = engine.ask("was it ever on at the movies or whatever")
    assert reply.outcome is not Outcome.REFUSE
    assert "buried-treasures" in {s.entry_id for s in reply.suggestions} | set(reply.fact_ids)


# --- how each entry is asked as a whole --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("frannie goes off with who", "ray"),  # "goes off", "who" ... each in some question
        ("hank and leila", "leila"),
    ],
)
def test_words_an_entrys_questions_share_between_them_answer(
    engine: Engine, question: str, fact: str
) -> None:
    """A question worded like no one curated question, but like the entry's as a whole."""
    reply = engine.ask(question)
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, (fact,))


@pytest.mark.parametrize("question", ["who is ray in the film", "whos the waiter in the film"])
def test_a_known_unknowns_few_questions_dont_outweigh_the_fact_asked_for(
    engine: Engine, question: str
) -> None:
    """Who played whom has a handful of questions naming Ray: they make "ray" likely there,
    but it weighs as the cast does, and Ray's own fact answers who he is."""
    reply = engine.ask(question)
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, ("ray",))


def test_a_long_message_whose_question_says_it_after_naming_the_film_reads_it_as_the_film(
    engine: Engine,
) -> None:
    """The sentence that names the film says what "it" is: the story before it (a studio
    ruined) is not read into the question."""
    reply = engine.ask(
        "My grandpa says this Coppola musical ruined his studio. I tracked it down at last, "
        "it's called One from the Heart. Who starred in it?"
    )
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, ("cast",))


def test_an_emoji_ends_a_sentence_as_a_full_stop_does() -> None:
    """Chat puts an emoji where prose puts a stop: the question after it is a sentence."""
    assert sentences("can't wait for tonight 🍿 Who directed it?") == [
        "can't wait for tonight 🍿",
        "Who directed it?",
    ]
    assert sentences("Dr. Who fans, what is it about?") == ["Dr. Who fans, what is it about?"]


def test_a_question_after_an_emoji_is_answered(engine: Engine) -> None:
    reply = engine.ask("movie night with my sister 🎬 Who starred in it?")
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, ("cast",))


def test_in_a_nutshell_says_how_much_is_wanted_not_what(engine: Engine) -> None:
    """An idiom the source lacks a word of ("nutshell") is no near miss."""
    reply = engine.ask("in a nutshell, what happens in the film?")
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, ("plot",))


@pytest.mark.parametrize(
    "question", ["i need the director's name for my essay", "who directed it, for my film class"]
)
def test_what_the_asker_needs_it_for_asks_nothing(engine: Engine, question: str) -> None:
    """ "Essay" is no word of the source, and no near miss: it is what the answer is for."""
    assert engine.ask(question).fact_ids == ("director",)


def test_a_sentence_that_only_names_the_film_leaves_the_question_alone(engine: Engine) -> None:
    """After "someone mentioned One from the Heart to me", "who is in it?" is the cast: the
    chat around the title weighs nothing."""
    reply = engine.ask("my roommate keeps mentioning one from the heart lately. who is in it?")
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, ("cast",))


# --- near misses the fact base curates, and follow-ups about someone ---------------------------


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("does raul julia sing in it?", "music"),  # the cast list doesn't say who sings
        ("what newspaper was siskel at?", "siskel-paper"),
        ("who did coppola co-write one from the heart with?", "co-writer"),
    ],
)
def test_a_near_miss_gets_what_the_source_does_not_say(
    engine: Engine, question: str, unknown: str
) -> None:
    """Siskel's paper and Coppola's co-writer are what the source leaves out, though his
    thumbs up and the writing credit are a word away."""
    reply = engine.ask(question)
    assert (reply.outcome, reply.entry_id) == (Outcome.UNKNOWN, unknown)


@pytest.mark.parametrize(
    "question",
    ["how much did coppola pay for the rights?", "what did zoetrope pay for the rights?"],
)
def test_the_price_of_the_rights_is_no_loan_and_no_purchase(engine: Engine, question: str) -> None:
    """ "Pay for the rights" is the purchase, not the loan ("pay for" alone is funding); and
    what was paid is an amount the purchase fact doesn't give."""
    reply = engine.ask(question)
    assert not reply.answered
    assert reply.outcome is Outcome.UNKNOWN


def test_she_after_one_critic_never_gets_what_is_said_of_another(engine: Engine) -> None:
    """After Maslin, "which paper was she writing for?" is about Maslin: the source's silence
    on Siskel's paper is no answer to it."""
    reply = engine.ask("which paper was she writing for?", previous="what did janet maslin think?")
    assert reply.entry_id != "siskel-paper"


def test_a_colon_before_a_question_ends_the_sentence_before_it() -> None:
    assert sentences("settle a bet for me: who directed it?") == [
        "settle a bet for me:",
        "who directed it?",
    ]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("When he finally took it on, what company did he buy the rights through?", "what"),
        ("if you've seen it, who plays the waiter?", "who"),
        ("when did it come out, and who made it?", "when"),  # no clause before: it asks when
        ("As someone who loves musicals, I'm curious how critics took it.", None),
        ("anyone who saw it, is the Reprise any good?", None),
    ],
)
def test_a_clause_set_off_before_the_question_is_not_what_it_asks(
    sentence: str, word: str | None
) -> None:
    assert leading_question_word(sentence) == word


def test_bailing_someone_out_is_the_loan_not_the_exhibitors_bailing(engine: Engine) -> None:
    """ "Who bailed him out?" is who rescued Coppola, not the exhibitors who bailed on him."""
    reply = engine.ask("coppola was broke, so who bailed him out?")
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, ("financing",))


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("bruh who directed it", "director"),  # chat, not a word the source lacks
        ("what year did one fromthe heart come out", "release-year"),  # the title, run together
        ("how would you classify this movie?", "genre"),  # the lexicon's "genre"
        ("who acted in it?", "cast"),  # who was in it, not who played whom
        ("who plays in one fron the hart", "cast"),
        ("when did this movie drop lol", "release-year"),  # chat's "drop" is its release
        ("when did the new edition reach cinemas?", "reprise"),  # the restored one
        ("is it some kind of thriller?", "genre"),  # a genre the source doesn't give
        ("did maslin see any flaws in it?", "maslin"),  # "lacked story and tension"
        ("which country produced the movie", "country"),  # not who produced it
        ("what did they build for the airport scene near the end?", "penultimate-scene"),
    ],
)
def test_chat_typed_questions_reach_their_fact(engine: Engine, question: str, fact: str) -> None:
    reply = engine.ask(question)
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, (fact,))


def test_a_claim_someone_swears_to_is_read_for_its_topic(engine: Engine) -> None:
    """ "My uncle swears ..." says who claims it; the claim's topic is what the source lacks."""
    reply = engine.ask("my uncle swears it was a box office hit")
    assert (reply.outcome, reply.entry_id) == (Outcome.UNKNOWN, "box-office")


def test_bringing_it_up_again_is_siskels_later_recommendation(engine: Engine) -> None:
    """After Siskel's first take, "did he ever revisit it?" is his 1986 recommendation."""
    reply = engine.ask(
        "and did he ever revisit it after that?", previous="what did gene siskel make of it?"
    )
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, ("buried-treasures",))


def test_how_coppola_came_to_own_it_is_the_purchase_of_the_rights(engine: Engine) -> None:
    reply = engine.ask("how did coppola come to own the project?")
    assert (reply.outcome, reply.fact_ids) == (Outcome.ANSWER, ("rights",))


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("how old is the movie?", "release-year"),
        ("how old this film is, roughly?", "release-year"),
        ("how old was coppola when he made it?", None),
    ],
)
def test_how_old_asks_the_films_age_or_someones(
    engine: Engine, question: str, fact: str | None
) -> None:
    """The film's age its year gives; Coppola's age at the time, the source doesn't."""
    reply = engine.ask(question)
    assert reply.fact_ids == ((fact,) if fact else ())
    if fact is None:
        assert render_text(reply).startswith("The source doesn't say how old Coppola was when")


@pytest.mark.parametrize(
    "question", ["is teri garr still alive?", "what did nastassja kinski do after this movie?"]
)
def test_a_life_past_the_film_gets_no_cast_list(engine: Engine, question: str) -> None:
    """The cast fact names her; it says nothing of her life past the film."""
    assert not engine.ask(question).answered


@pytest.mark.parametrize(
    "question",
    [
        "which movie did coppola shoot right after one from the heart?",
        "films he made before this one",
        "what else did coppola direct",
        "what else has teri garr been in",
    ],
)
def test_the_films_around_this_one_are_past_it(engine: Engine, question: str) -> None:
    """The director fact names Coppola; it says nothing of what he made before or after."""
    assert not engine.ask(question).answered


# --- what the source brings in without naming -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "unnamed"),
    [
        ("what crashed plane was the jet built out of?", "plane"),
        ("which review website has that consensus?", "website"),
        ("which theaters got the 4k reprise?", "theat"),  # "in select theaters"
    ],
)
def test_asking_which_of_a_thing_the_source_leaves_unnamed_is_not_said(
    engine: Engine, question: str, unnamed: str
) -> None:
    """ "A crashed plane" is no answer to which plane: the source says there was one, not which,
    and the reply says so, with what it does say."""
    match = engine.matcher.match(question)
    assert match.verdict is Verdict.NOT_SAID
    assert any(c.name == "kind" and not c.passed and unnamed in c.why for c in match.checks)
    assert not engine.ask(question).answered


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what was the airplane made out of?", "airliner"),  # what it was built from, it says
        ("which critic gave it a thumbs up at first?", "siskel-thumbs-up"),  # "Siskel, who"
        ("which company distributed it in north america?", "distributor"),  # "as a distributor"
    ],
)
def test_a_thing_the_source_names_or_gives_a_role_is_still_answered(
    engine: Engine, question: str, fact: str
) -> None:
    assert engine.ask(question).fact_ids == (fact,)


def test_unnamed_things_are_the_heads_of_plain_indefinite_phrases() -> None:
    """A possessive ends the phrase; a name before it, "is a" or "as a", or an "of" after it
    tells which thing it is (which screening, not which print)."""
    text = (
        "A review website's consensus. Built from a crashed plane. Leila, a circus performer. "
        "Leila is an acrobat. MGM remained as a distributor. A screening of an unfinished print."
    )
    assert unnamed_things(text) == {"website", "plane", "print"}
    assert which_asked("so which crashed plane was it?") == {"crash", "plane"}
    assert which_asked("in which country's theaters was it?") == {"country"}
    assert which_asked("what was the plane made from?") == set()


def test_how_exact_a_day_is_asked_for_leaves_it_a_day(engine: Engine) -> None:
    """The source gives August 1981 for the screening: no exact day."""
    reply = engine.ask("what exact day was the san francisco screening?")
    assert not reply.answered
    assert render_text(reply).startswith("The source doesn't say what exact day")


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("did the flop make zoetrope go bankrupt?", "zoetrope-fate"),
        ("what did coppola himself think of the film?", "coppola-view"),
        ("did singer ever get his $8 million back?", "loan-terms"),
        ("what city did jack singer live in", "singer-details"),  # Canadian, no more
        ("did it play in theaters outside north america?", "international-release"),
        ("can i get it on vhs?", "where-to-watch"),
        ("is one from the heart adapted from a book?", "source-material"),
        ("what was the source material for the film?", "source-material"),
    ],
)
def test_near_misses_the_fact_base_curates_say_what_the_source_leaves_out(
    engine: Engine, question: str, unknown: str
) -> None:
    reply = engine.ask(question)
    assert (reply.outcome, reply.entry_id) == (Outcome.UNKNOWN, unknown)


@pytest.mark.parametrize("question", ["cheap hotels in san francisco?", "what's sf like in winter"])
def test_a_question_meeting_a_fact_only_in_its_place_is_not_about_the_film(
    engine: Engine, question: str
) -> None:
    """The screening was in San Francisco; hotels and winters there are not in the source."""
    assert not engine.ask(question).answered


@pytest.mark.parametrize(
    "question",
    [
        "what's the population of canada?",
        "how hot does california get in august",
        "who founded canada",
        "cheapest flights 2024",  # the Reprise's year, and nothing else of it
    ],
)
def test_a_question_meeting_a_fact_only_in_a_name_it_mentions_is_refused(
    engine: Engine, question: str
) -> None:
    """The loan's lender is Canadian, the screening in California: neither fact is about
    Canada or California, so a question about them is about somewhere else."""
    assert engine.ask(question).outcome is Outcome.REFUSE


def test_a_question_about_what_happened_in_that_place_is_answered(engine: Engine) -> None:
    assert engine.ask("what got screened in san francisco?").fact_ids == ("screening-1981",)


@pytest.mark.parametrize(
    "message",
    [
        "honestly the two leads don't seem to like each other at all. did a critic say the same "
        "thing?",
        "Frannie and Hank don't seem to like each other one bit. I bet some critic said that exact "
        "thing back then. Who was it?",
    ],
)
def test_asking_whether_a_critic_said_what_the_story_says_reads_the_story(
    engine: Engine, message: str
) -> None:
    """ "The same thing" is what the sentences before say; the people they name are what was
    said, not whom the question is about."""
    assert engine.ask(message).fact_ids == ("warren-clements",)


# --- why: the cause, then what it brought about ------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "why did cinema owners pull out?",
        "anyone know what caused the exhibitors to back out",
        "was there a reason theater owners dropped it?",
    ],
)
def test_asked_why_a_fact_that_names_its_cause_comes_with_it(engine: Engine, question: str) -> None:
    """The screening [16] brought about the exhibitors backing out [17]: asked why, both are
    shown, the cause first, each with its own citation."""
    reply = engine.ask(question)
    assert reply.fact_ids == ("screening-1981", "exhibitors")
    assert reply.citations == (16, 17)


def test_asked_what_happened_the_fact_comes_alone(engine: Engine) -> None:
    assert engine.ask("did cinema owners pull out?").fact_ids == ("exhibitors",)


def test_asked_whether_a_set_was_in_the_last_scene_the_penultimate_scene_answers(
    engine: Engine,
) -> None:
    """The source says which scene the airport set was used for: the one before the last. That
    settles "the last scene?", though the source says nothing of how the film ends."""
    reply = engine.ask("did the airport set appear in the last scene?")
    assert reply.fact_ids == ("penultimate-scene",)
    assert not engine.ask("what happens in the last scene?").answered


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("hank ends up with who?", "leila"),
        ("who'd frannie end up with", "ray"),
        ("which of them goes off with the waiter?", "ray"),  # asked the other way round
    ],
)
def test_whom_someone_ends_up_with_is_their_night_not_the_ending(
    engine: Engine, question: str, fact: str
) -> None:
    """The source says whom each goes with for the night; it leaves out how the film ends."""
    assert engine.ask(question).fact_ids == (fact,)


def test_two_close_facts_of_a_roundup_are_answered_as_surely_as_they_rank(engine: Engine) -> None:
    """The airport set and the scene it was built for rank close: their roundup answers, as
    surely as they do, though none of its own questions is worded like this one."""
    reply = engine.ask("wait they built an entire airport??")
    assert reply.fact_ids == ("airport-set", "airliner", "penultimate-scene")


@pytest.mark.parametrize(
    "question", ["was lainie kazan in my favorite year?", "was teri garr in tootsie"]
)
def test_what_else_someone_was_in_is_another_film_not_a_claim_about_this_one(
    engine: Engine, question: str
) -> None:
    """The cast list names her; it says nothing of the other films she was in."""
    assert not engine.ask(question).answered


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("ray is like a waiter or a singer or what??", "ray"),
        ("mgm was still on board or nah", "distributor"),
    ],
)
def test_the_subject_a_question_names_makes_up_for_words_it_doesnt_share(
    engine: Engine, question: str, fact: str
) -> None:
    """Ray named, the fact about him answers though the question is worded like none of its
    questions."""
    assert engine.ask(question).fact_ids == (fact,)


def test_a_subject_named_beside_words_the_source_lacks_makes_up_for_nothing(
    engine: Engine,
) -> None:
    """Raúl Juliá is in the cast; the Addams Family is another film."""
    assert not engine.ask("raul julia addams family best scenes").answered


@pytest.mark.parametrize(
    ("message", "previous", "fact"),
    [
        ("and frannie?", "who does hank end up with for the night", "ray"),
        ("what about ray", "what does leila do for a living?", "ray"),
    ],
)
def test_a_follow_up_naming_only_someone_else_asks_the_same_of_them(
    engine: Engine, message: str, previous: str, fact: str
) -> None:
    """ "And Frannie?" is the question before, asked of Frannie."""
    assert engine.ask(message, previous=previous).fact_ids == (fact,)


def test_a_follow_up_that_asks_more_than_a_name_is_read_as_it_stands(engine: Engine) -> None:
    reply = engine.ask("and who directed it?", previous="who is in the cast")
    assert reply.fact_ids == ("director",)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("sf screening date?", None),  # its month and year will do
        ("what date was the screening", "day"),
        ("what was the exact screening date", "day"),
    ],
)
def test_a_date_asks_a_day_only_when_asked_which_or_exactly(
    sentence: str, kind: str | None
) -> None:
    assert kind_asked(sentence) == kind


def test_where_someone_comes_in_asks_their_part_not_a_place(engine: Engine) -> None:
    assert engine.ask("where does mgm fit in?").fact_ids == ("distributor",)


@pytest.mark.parametrize("question", ["r u a bot or a real person?", "who built this bot lol"])
def test_a_question_about_the_bot_gets_how_to_ask_not_a_fact(engine: Engine, question: str) -> None:
    """ "Who built this bot?" is no question about who made the film."""
    assert engine.ask(question).outcome is Outcome.HINT


@pytest.mark.parametrize(
    "question",
    [
        "my sourdough starter smells like nail polish and won't rise. what am I doing wrong?",
        "what did we do wrong",
        "my fingers still hurt when I play barre chords. is that normal or am I doing it wrong?",
        "my ex texted me happy birthday after six months. what would you do?",
        "my boss texts me at 11pm about work. what should I say to him?",
    ],
)
def test_what_the_asker_does_is_no_question_about_the_film(engine: Engine, question: str) -> None:
    """ "What am I doing wrong?" is one word from "what went wrong after the preview", and
    asks nothing the source could say."""
    assert engine.ask(question).outcome is Outcome.REFUSE
    assert engine.ask("what went wrong").fact_ids == ("exhibitors",)


def test_a_question_put_to_the_bot_about_the_film_is_answered(engine: Engine) -> None:
    assert engine.ask("can the bot tell me who directed it?").fact_ids == ("director",)


def test_after_a_story_the_question_asks_of_the_near_entry_that_gives_its_kind(
    engine: Engine,
) -> None:
    """The story ranks the exhibitors first; "where" asks for the screening's place."""
    reply = engine.ask(
        "My uncle says exhibitors dropped it after an early screening went badly. "
        "Where was that screening held?"
    )
    assert reply.outcome is Outcome.ANSWER
    assert "screening-1981" in reply.fact_ids
    assert 16 in reply.citations


def test_which_show_asks_for_the_tv_programme_not_the_year(engine: Engine) -> None:
    reply = engine.ask("Did it get a second life on television later? Which show, which year?")
    assert reply.fact_ids == ("buried-treasures",)


def test_did_a_critic_notice_that_is_read_with_the_story_it_points_to(engine: Engine) -> None:
    reply = engine.ask(
        "ngl hank and frannie can't stand each other in it. did any reviewer notice that?"
    )
    assert reply.fact_ids == ("warren-clements",)


def test_the_same_point_as_a_story_gets_no_reviews_that_never_make_it(engine: Engine) -> None:
    """The story is about the couple: what the consensus, Maslin and King said is not it."""
    reply = engine.ask(
        "Hank and Frannie bicker through the whole film. Did any critic make the same point?"
    )
    assert not {"critics-consensus", "maslin", "susan-king"} & set(reply.fact_ids)


def test_a_subject_the_story_names_in_passing_is_not_asked_of(engine: Engine) -> None:
    """Zoetrope is on the box; the question asks of MGM alone."""
    reply = engine.ask("My VHS box says Zoetrope on the back. What was MGM's part in it?")
    assert reply.fact_ids == ("distributor",)


def test_a_year_asked_of_a_subject_is_not_taken_by_the_films_year(engine: Engine) -> None:
    """The release year, set aside for At the Movies, neither owns "year" nor rivals it."""
    reply = engine.ask("so what year did at the movies recommend this one")
    assert reply.fact_ids == ("buried-treasures",)


@pytest.mark.parametrize(
    ("message", "next_only"),
    [
        ("and then what?", True),
        ("so what did he do after that", True),
        ("ok what happened next", True),
        ("what did he do after the screening?", False),
        ("then who distributed it", False),
    ],
)
def test_what_next_is_asked_only_where_nothing_else_is(message: str, next_only: bool) -> None:
    assert asks_what_next(message) is next_only


@pytest.mark.parametrize(
    ("previous", "fact"),
    [
        ("did coppola say no to the project at first?", "rights"),
        ("where was the unfinished print screened?", "exhibitors"),
    ],
)
def test_and_then_what_gets_the_fact_the_source_tells_next(
    engine: Engine, previous: str, fact: str
) -> None:
    reply = engine.ask("and then what?", previous=previous)
    assert reply.fact_ids == (fact,)


def test_what_next_with_nothing_answered_before_is_no_guess(engine: Engine) -> None:
    assert engine.ask("and then what?", previous="what's the weather like").outcome in {
        Outcome.HINT,
        Outcome.REFUSE,
    }


@pytest.mark.parametrize(
    "question", ["what's the replica airport actually for?", "what was the jetway for"]
)
def test_what_something_was_for_is_what_it_was_used_for(engine: Engine, question: str) -> None:
    assert engine.ask(question).fact_ids == ("penultimate-scene",)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("tell me about the exhibitors", "exhibitors"),
        ("reprise version of one from the heart?", "reprise"),
    ],
)
def test_a_known_unknown_gives_way_where_nothing_it_adds_is_asked(
    engine: Engine, question: str, fact: str
) -> None:
    """Which exhibitors they were is unknown; the exhibitors themselves are a fact."""
    assert engine.ask(question).fact_ids == (fact,)


@pytest.mark.parametrize("question", ["which exhibitors pulled out", "which circus is leila with"])
def test_what_only_the_known_unknown_is_asked_keeps_it(engine: Engine, question: str) -> None:
    assert engine.ask(question).outcome is Outcome.UNKNOWN


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("who did coppola co-write the movie with?", "co-writer"),
        ("did jack singer get his 8 mil back in the end", "loan-terms"),
        ("is zoetrope still around lol", "zoetrope-fate"),
        ("who wrote the original property coppola bought", "source-material"),
        ("the property coppola bought the rights to, who wrote it", "source-material"),
    ],
)
def test_what_the_source_leaves_out_is_not_answered_with_the_fact_beside_it(
    engine: Engine, question: str, unknown: str
) -> None:
    """Coppola co-wrote it, but with whom is not said; Singer lent the money, but whether he
    got it back is not said; he bought the rights to "the property", but what it was is not
    said: the fact would answer a question nobody asked."""
    reply = engine.ask(question)
    assert reply.outcome is Outcome.UNKNOWN
    assert reply.entry_id == unknown


@pytest.mark.parametrize(
    ("message", "fact"),
    [
        (
            "Just spotted a poster for One From the Heart: Reprise at my cinema. When did it come "
            "out?",
            "reprise",
        ),
        (
            "I only know Raul Julia from The Addams Family. When did it come out?",
            "release-year",
        ),
        (
            "My friend loved the Reprise. Next on my list is One from the Heart. When did it come "
            "out?",
            "release-year",
        ),
        (
            "A friend sent me a New York Times review of this musical from back then. Who wrote "
            "it?",
            "maslin",
        ),
    ],
)
def test_it_after_a_story_is_the_thing_the_story_named_last(
    engine: Engine, message: str, fact: str
) -> None:
    """After a story about the Reprise, "when did it come out?" asks of the Reprise (2024), not
    of the film (1982). After one that names the film last it is the film, and after one
    naming an actor it is still the film: an actor didn't come out in 1982. Who wrote "it",
    after a story about a paper's review, is the critic (the fact file lists its people, and
    "it" is none of them: see the Raul Julia story above)."""
    assert engine.ask(message).fact_ids == (fact,)


def test_a_thumbs_up_is_a_rating_but_no_score(engine: Engine) -> None:
    """Siskel's rating was his thumbs up [25]; how many stars he gave, the source doesn't say."""
    assert engine.ask("what rating did siskel give it").fact_ids == ("siskel-thumbs-up",)
    assert not engine.ask("how many stars did siskel give it").answered


def test_a_roundup_that_cannot_say_where_lets_its_fact_that_can_answer(engine: Engine) -> None:
    """The airport roundup answers no "where", but its airliner says where the plane came
    from (a crashed plane's nose section): the answer tells it, not "the source doesn't say"."""
    reply = engine.ask("so where did they get a plane for the airport set from")
    assert reply.answered
    assert "airliner" in reply.fact_ids
    assert reply.citations == (15,)


def test_what_impact_a_screening_had_is_what_came_of_it(engine: Engine) -> None:
    """Its impact is the exhibitors backing out, told with the screening itself."""
    assert engine.ask("what impact did the sf screening have").fact_ids == (
        "screening-1981",
        "exhibitors",
    )


def test_a_bare_follow_up_asks_it_of_the_answer_before_though_its_roundup_answers(
    engine: Engine,
) -> None:
    """The preview was answered; "release" in the question before is no new topic."""
    reply = engine.ask("what year was that?", previous="did they preview it before release?")
    assert "screening-1981" in reply.fact_ids
    assert 16 in reply.citations


def test_he_two_sentences_after_a_name_is_that_person(engine: Engine) -> None:
    """ "He" is Siskel, named two sentences back, not Coppola turning the offer down."""
    reply = engine.ask("Siskel had great taste. I rewatched old episodes. Did he like it at first?")
    assert "rejected-offer" not in reply.fact_ids
    assert reply.entry_id != "rejected-offer"


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        ("what does ray do", "and what about frannie, what does she do for work?"),
        ("what is leila's job", "ok and hank, what is his job?"),
    ],
)
def test_a_follow_up_naming_its_own_subject_never_gets_the_one_before(
    engine: Engine, previous: str, message: str
) -> None:
    """ "His" is Hank's, whom the message names: Leila's job is not his."""
    reply = engine.ask(message, previous=previous)
    assert reply.outcome is Outcome.UNKNOWN
    assert not reply.fact_ids


def test_which_thing_asked_past_a_name_is_that_thing(engine: Engine) -> None:
    """ "Which San Francisco theater" asks a theater, which the screening's fact never names."""
    reply = engine.ask("In which San Francisco theater did they screen the rough cut?")
    assert reply.outcome is Outcome.UNKNOWN


def test_a_follow_up_answered_with_its_own_subjects_fact_keeps_it(engine: Engine) -> None:
    """Read with "who is Leila?", who plays whom names them both; Ray's fact is what's asked."""
    reply = engine.ask("ok and ray? what's his deal", previous="who is leila?")
    assert reply.fact_ids == ("ray",)


def test_them_in_a_story_s_question_is_not_read_back_to_a_name(engine: Engine) -> None:
    """ "Each of them" is the couple of the sentence before, not whoever the story names; and
    the question asked, not the request after it, is answered."""
    reply = engine.ask(
        "I'm writing a paper on 80s American romances and One from the Heart keeps coming up. "
        "As I understand it the couple parts for one night. Who does each of them end up with "
        "that night? Any details on those characters would help."
    )
    assert reply.fact_ids == ("plot",)


def test_wait_opening_a_message_is_no_waiter(engine: Engine) -> None:
    """ "Wait, ..." is chat; "waiter" is Ray's job, and the two must not meet."""
    assert "ray" not in engine.ask("wait, was this a coppola thing?").fact_ids
    assert engine.ask("wait who is the waiter").fact_ids == ("ray",)


def test_finding_it_strange_that_it_flopped_is_susan_kings_surprise(engine: Engine) -> None:
    reply = engine.ask("did a critic find it strange that it flopped")
    assert "susan-king" in reply.fact_ids
    assert 23 in reply.citations


@pytest.mark.parametrize(
    "previous", ["who lent zoetrope money", "what did susan king say about it"]
)
def test_a_year_the_answer_before_does_not_give_is_not_the_films_year(
    engine: Engine, previous: str
) -> None:
    """The loan and the review have no year in the source: 1982 is neither's."""
    reply = engine.ask("what year was that?", previous=previous)
    assert reply.outcome is Outcome.UNKNOWN
    assert "release-year" not in reply.fact_ids
