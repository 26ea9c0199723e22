"""End to end: slash commands, the message menu and buttons, through the real discord.py client."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine.answers import UNCITED, Outcome, Reply, format_cites
from bot.engine.core import Engine
from bot.engine.knowledge import KnowledgeBase
from bot.limits import DELETE_SECONDS
from bot.transports.discord.cog import FOR_AND_PRIVATE, FOR_WHERE_YOU_CANNOT_POST
from bot.transports.discord.errors import SORRY
from tests.transports.discord.scene import (
    ANSWER_BUTTONS,
    SURE_QUESTION,
    Scene,
    make_bot,
    question_for,
    running,
)
from tests.transports.discord.standin import (
    DEFERRED_UPDATE,
    MAX_CHOICES,
    Interaction,
    Sent,
    StandIn,
)


def uncited_question(engine: Engine) -> str:
    """A question answered by facts the source gives no citation number for."""
    for fact in engine.knowledge.facts:
        reply = engine.ask(fact.questions[0])
        if reply.answered and not reply.citations:
            return fact.questions[0]
    raise AssertionError("no uncited fact answers its own first question")


async def ask(scene: Scene, question: str, **options: str | bool) -> tuple[Sent, Reply]:
    """Run /ask as alice; return what the bot showed and what the engine says to it."""
    interaction = await scene.standin.slash("ask", question=question, **options)
    return await scene.standin.response(interaction), scene.bot.engine.ask(question)


# --- /ask -----------------------------------------------------------------------------------


async def test_ask_answers_with_the_citation_numbers(scene: Scene) -> None:
    """/ask shows the answer with its citation numbers, in public."""
    sent, reply = await ask(scene, SURE_QUESTION)
    assert reply.facts[0].answer in sent.text
    assert format_cites(reply.citations) in sent.text
    assert not sent.ephemeral


async def test_a_yes_no_question_the_fact_bears_out_starts_with_yes(scene: Scene) -> None:
    """ "was MGM the distributor?": **Yes.** and the fact; a claim the fact doesn't bear out
    gets the fact alone."""
    sent, reply = await ask(scene, "was mgm the distributor?")
    assert sent.embeds[0]["description"].startswith(f"**Yes.** {reply.facts[0].answer}")
    sent, reply = await ask(scene, "was jack singer american?")
    assert sent.embeds[0]["description"].startswith(reply.facts[0].answer)


async def test_asking_nothing_gets_the_hint_and_where_to_browse(scene: Scene) -> None:
    """/ask help: how to ask, with the fact base's own examples, and `/topics` to browse."""
    sent = await scene.standin.response(await scene.standin.slash("ask", question="help"))
    assert scene.bot.engine.hint in sent.text
    assert "`/topics` lists what I know." in sent.text


async def test_ask_footer_names_the_source(scene: Scene) -> None:
    """An answer's footer names the source it comes from, where it is published, its licence."""
    sent, _ = await ask(scene, SURE_QUESTION)
    title = scene.bot.engine.title
    assert sent.embeds[0]["footer"]["text"] == f"Source: “{title}” on Wikipedia, CC BY-SA 4.0"


async def test_an_answer_links_to_its_published_source(scene: Scene) -> None:
    """A fact file that gives its source's url puts a link button to it under each answer."""
    sent, _ = await ask(scene, SURE_QUESTION)
    links = [
        c
        for row in sent.components
        for c in row["components"]
        if c.get("style") == 5  # a link button
    ]
    assert [(c["label"], c["url"]) for c in links] == [
        ("Read it on Wikipedia", "https://en.wikipedia.org/wiki/One_from_the_Heart")
    ]


async def test_an_uncited_answer_says_the_source_gives_no_number(scene: Scene) -> None:
    """An answer without a citation number says the source gives none, once, beside it."""
    sent, _ = await ask(scene, uncited_question(scene.bot.engine))
    assert sent.text.count(UNCITED) == 1
    assert [f["name"] for f in sent.embeds[0].get("fields", [])] == []


async def test_in_a_roundup_the_note_stays_with_its_own_fact(scene: Scene) -> None:
    """A roundup of cited and uncited facts puts the note on the uncited fact's own line."""
    sent, reply = await ask(scene, "what did critics say")
    uncited = [f for f in reply.facts if not f.cites]
    assert uncited, "the reviews roundup holds an uncited review"
    lines = sent.embeds[0]["description"].splitlines()
    for fact in reply.facts:
        (line,) = [line for line in lines if fact.answer[:40] in line]
        assert (UNCITED.rstrip(".") in line) == (not fact.cites)
    assert len(lines) == len(reply.facts), "no line of its own between the bullets"


async def test_an_answer_has_source_vote_and_delete_buttons(scene: Scene) -> None:
    """Under a public answer: Source, Helpful, Not helpful and Delete."""
    sent, _ = await ask(scene, SURE_QUESTION)
    assert list(sent.buttons) == ANSWER_BUTTONS


async def test_private_ask_answers_only_the_asker(scene: Scene) -> None:
    """/ask with private set answers ephemerally."""
    sent, reply = await ask(scene, SURE_QUESTION, private=True)
    assert sent.ephemeral
    assert reply.facts[0].answer in sent.text


async def test_a_private_answer_has_no_delete_button(scene: Scene) -> None:
    """A private answer needs no Delete: Discord lets the asker dismiss it."""
    sent, _ = await ask(scene, SURE_QUESTION, private=True)
    assert "Delete" not in sent.buttons


async def test_a_private_answer_can_be_posted_to_the_channel(scene: Scene) -> None:
    """Post to channel under a private answer posts it for everyone, with Delete."""
    standin = scene.standin
    private, reply = await ask(scene, SURE_QUESTION, private=True)
    assert list(private.buttons) == [
        "Source",
        "Helpful",
        "Not helpful",
        "Read it on Wikipedia",
        "Post to channel",
    ]
    posted = await standin.response(
        await standin.click(private, private.buttons["Post to channel"])
    )
    assert not posted.ephemeral
    assert reply.facts[0].answer in posted.text
    assert list(posted.buttons) == ANSWER_BUTTONS
    assert posted.embeds[0]["footer"] == private.embeds[0]["footer"]


async def test_an_answer_picked_in_the_topic_browser_can_be_posted(scene: Scene) -> None:
    """The private topic browser's answer has Post to channel too."""
    standin = scene.standin
    fact = scene.bot.engine.knowledge.facts[0]
    menu = await topics(scene)
    listed = await standin.response(await standin.choose(menu, "heartbot:topic", fact.topic))
    picked = await standin.response(await standin.choose(listed, "heartbot:fact", fact.id))
    posted = await standin.response(await standin.click(picked, picked.buttons["Post to channel"]))
    assert not posted.ephemeral
    assert fact.answer in posted.text
    assert "on Wikipedia, CC BY-SA 4.0" in picked.embeds[0]["footer"]["text"]


async def test_ask_for_someone_pings_them_and_no_one_else(scene: Scene) -> None:
    """/ask for:@bob starts "for @bob" and allows exactly that one ping."""
    standin = scene.standin
    standin.expected_pings.add(standin.bob.id)
    sent = await standin.response(
        await standin.slash("ask", question=SURE_QUESTION, **{"for": standin.bob})
    )
    assert sent.content == f"for <@{standin.bob.id}>"
    assert [int(u) for u in sent.body["allowed_mentions"]["users"]] == [standin.bob.id]
    assert sent.body["allowed_mentions"]["parse"] == []
    assert scene.bot.engine.ask(SURE_QUESTION).facts[0].answer in sent.text


async def test_ask_for_someone_only_where_the_asker_may_post(scene: Scene) -> None:
    """In a channel the asker can't post in, for:@bob would be a ping they couldn't make
    themselves: refused politely; asking without it still answers."""
    standin = scene.standin
    sent = await standin.response(
        await standin.slash(
            "ask", question=SURE_QUESTION, channel=standin.muted, **{"for": standin.bob}
        )
    )
    assert sent.ephemeral
    assert sent.content == FOR_WHERE_YOU_CANNOT_POST
    plain = await standin.response(
        await standin.slash("ask", question=SURE_QUESTION, channel=standin.muted)
    )
    assert scene.bot.engine.ask(SURE_QUESTION).facts[0].answer in plain.text


async def test_ask_for_someone_cannot_be_private(scene: Scene) -> None:
    """for: with private:True is refused politely: an answer for someone must be seen."""
    standin = scene.standin
    sent = await standin.response(
        await standin.slash("ask", question=SURE_QUESTION, private=True, **{"for": standin.bob})
    )
    assert sent.ephemeral
    assert sent.content == FOR_AND_PRIVATE


async def test_the_question_is_echoed_without_pings(scene: Scene) -> None:
    """An @everyone in a question comes back broken, so it could never ping."""
    sent, _ = await ask(scene, f"@everyone {SURE_QUESTION}")
    assert "@everyone" not in sent.text
    assert "@\u200beveryone" in sent.embeds[0]["title"]


# --- autocomplete ---------------------------------------------------------------------------


async def test_autocomplete_offers_questions_that_fit(scene: Scene) -> None:
    """Typing into /ask question offers the fact base's questions that fit."""
    choices = await scene.standin.autocomplete("ask", "question", "who direct")
    assert "who directed it" in [c["name"] for c in choices]


async def test_autocomplete_offers_at_most_25(scene: Scene) -> None:
    """With nothing typed yet, autocomplete offers Discord's maximum and no more."""
    choices = await scene.standin.autocomplete("ask", "question", "")
    assert len(choices) == MAX_CHOICES


async def test_autocomplete_values_are_the_questions(scene: Scene) -> None:
    """Picking a suggestion fills in the question itself."""
    choices = await scene.standin.autocomplete("ask", "question", "who lent")
    assert all(c["name"] == c["value"] for c in choices)


# --- /source --------------------------------------------------------------------------------


async def test_source_shows_the_passage_with_its_marker(scene: Scene) -> None:
    """/source 9 quotes what [9] supports, with the marker in place."""
    number = scene.bot.engine.sources[0].markers[0]
    interaction = await scene.standin.slash("source", number=number)
    sent = await scene.standin.response(interaction)
    passage = scene.bot.engine.passage(number)
    assert passage is not None
    assert f"[{number}]" in passage.sentences[0]
    assert passage.sentences[0] in sent.text


async def test_source_lists_the_facts_citing_it(scene: Scene) -> None:
    """/source n lists the facts that carry citation n."""
    number = scene.bot.engine.sources[0].markers[0]
    sent = await scene.standin.response(await scene.standin.slash("source", number=number))
    passage = scene.bot.engine.passage(number)
    assert passage is not None
    assert all(fact.answer in sent.text for fact in passage.facts)


async def test_an_unknown_citation_number_lists_the_valid_ones_privately(scene: Scene) -> None:
    """/source with a number the source lacks says so, privately, and lists the real ones."""
    sent = await scene.standin.response(await scene.standin.slash("source", number=1))
    assert sent.ephemeral
    assert "no citation [1]" in sent.text
    assert all(f"[{n}]" in sent.text for n in scene.bot.engine.sources[0].markers)


async def test_source_number_starts_at_1(scene: Scene) -> None:
    """/source number has min_value 1, so Discord itself refuses 0 and -1; with one source
    there is no document to choose, and no option for it."""
    (command,) = [c for c in scene.standin.synced["global"] if c["name"] == "source"]
    number = next(o for o in command["options"] if o["name"] == "number")
    assert number["min_value"] == 1
    assert [o["name"] for o in command["options"]] == ["number"]


async def test_source_number_offers_the_numbers_the_source_uses(scene: Scene) -> None:
    """Typing into /source number offers the source's own numbers, each with what it says."""
    markers = scene.bot.engine.sources[0].markers
    choices = await scene.standin.autocomplete("source", "number", "", kind=4)
    assert [c["value"] for c in choices] == list(markers)
    assert choices[0]["name"].startswith(f"[{markers[0]}] ")
    typed = await scene.standin.autocomplete("source", "number", "1", kind=4)
    assert [c["value"] for c in typed] == [n for n in markers if str(n).startswith("1")]


async def test_source_marks_the_clause_its_number_supports(scene: Scene) -> None:
    """/source 16 on a sentence holding [16] and [17] sets in bold what [16] supports."""
    sent = await scene.standin.response(await scene.standin.slash("source", number=16))
    quoted = sent.embeds[0]["description"]
    assert "**A screening of an unfinished print" in quoted
    assert "1981[16]** resulted" in quoted
    after = await scene.standin.response(await scene.standin.slash("source", number=17))
    assert "[16] **resulted in many exhibitors" in after.embeds[0]["description"]


# --- /topics --------------------------------------------------------------------------------


async def topics(scene: Scene) -> Sent:
    return await scene.standin.response(await scene.standin.slash("topics"))


async def test_topics_offers_a_menu_of_topics(scene: Scene) -> None:
    """/topics privately offers every topic in a menu."""
    sent = await topics(scene)
    options = sent.selects["heartbot:topic"]
    assert sent.ephemeral
    assert [o["label"] for o in options] == list(scene.bot.engine.knowledge.topics)


async def test_picking_a_topic_lists_its_questions(scene: Scene) -> None:
    """Picking a topic shows that topic's questions in a second menu."""
    topic, facts = next(iter(scene.bot.engine.knowledge.topics.items()))
    menu = await topics(scene)
    sent = await scene.standin.response(await scene.standin.choose(menu, "heartbot:topic", topic))
    assert [o["value"] for o in sent.selects["heartbot:fact"]] == [f.id for f in facts]


async def test_picking_a_question_shows_its_answer(scene: Scene) -> None:
    """Picking a question in the browser shows its answer with a Source button."""
    fact = scene.bot.engine.knowledge.facts[-1]
    menu = await topics(scene)
    listed = await scene.standin.response(
        await scene.standin.choose(menu, "heartbot:topic", fact.topic)
    )
    sent = await scene.standin.response(
        await scene.standin.choose(listed, "heartbot:fact", fact.id)
    )
    assert fact.answer in sent.text
    assert "Source" in sent.buttons


# --- /about and /help -----------------------------------------------------------------------


async def test_about_says_what_heartbot_knows(scene: Scene) -> None:
    """/about names the source, counts the facts and lists the citation numbers."""
    knowledge = scene.bot.engine.knowledge
    sent = await scene.standin.response(await scene.standin.slash("about"))
    assert knowledge.sources[0].title in sent.text
    assert f"{len(knowledge.facts)} facts" in sent.text
    assert " ".join(f"[{n}]" for n in knowledge.sources[0].markers) in sent.text


async def test_help_says_how_to_ask(scene: Scene) -> None:
    """/help explains every way to ask."""
    sent = await scene.standin.response(await scene.standin.slash("help"))
    assert all(way in sent.text for way in ("/ask", "Mention me", "direct message", "Ask heartbot"))


# --- the message menu -----------------------------------------------------------------------


async def test_the_message_menu_answers_the_selected_message(scene: Scene) -> None:
    """Apps → Ask heartbot on someone's message answers it."""
    standin = scene.standin
    message = await standin.say(SURE_QUESTION, author=standin.bob)
    sent = await standin.response(await standin.message_menu("Ask heartbot", message))
    assert scene.bot.engine.ask(SURE_QUESTION).facts[0].answer in sent.text
    assert not sent.ephemeral


async def test_the_message_menus_answer_links_to_the_message_it_answers(scene: Scene) -> None:
    """The answer's title is bob's question, linked to bob's message."""
    standin = scene.standin
    message = await standin.say(SURE_QUESTION, author=standin.bob)
    sent = await standin.response(await standin.message_menu("Ask heartbot", message))
    embed = sent.embeds[0]
    assert embed["title"] == SURE_QUESTION
    assert embed["url"] == (
        f"https://discord.com/channels/{standin.guild_id}/{standin.general.id}/{message}"
    )


@pytest.mark.parametrize("outcome", [Outcome.REFUSE, Outcome.SUGGEST])
async def test_the_message_menus_refusals_and_guesses_are_private(
    scene: Scene, outcome: Outcome
) -> None:
    """Ask heartbot on chatter refuses, or guesses, to the picker alone, not under bob's text."""
    standin = scene.standin
    message = await standin.say(question_for(scene.bot.engine, outcome), author=standin.bob)
    sent = await standin.response(await standin.message_menu("Ask heartbot", message))
    assert sent.ephemeral
    assert scene.bot.engine.ask(question_for(scene.bot.engine, outcome)).message in sent.text


async def test_the_message_menu_on_an_empty_message_says_so(scene: Scene) -> None:
    """Ask heartbot on a message with no text says, privately, that there's nothing to answer."""
    standin = scene.standin
    message = await standin.say("", author=standin.bob)
    sent = await standin.response(await standin.message_menu("Ask heartbot", message))
    assert sent.ephemeral
    assert "no text" in sent.text


# --- buttons --------------------------------------------------------------------------------


async def test_source_button_shows_the_passage_to_whoever_clicks(scene: Scene) -> None:
    """Anyone may press Source; they alone see the passage with its markers."""
    sent, reply = await ask(scene, SURE_QUESTION)
    click = await scene.standin.click(sent, sent.buttons["Source"], user=scene.standin.bob)
    shown = await scene.standin.response(click)
    assert shown.ephemeral
    assert format_cites(reply.citations) in shown.text


async def test_source_button_quotes_an_uncited_fact(scene: Scene) -> None:
    """Source on an uncited answer quotes the source and says it has no number."""
    sent, reply = await ask(scene, uncited_question(scene.bot.engine))
    shown = await scene.standin.response(await scene.standin.click(sent, sent.buttons["Source"]))
    assert "No citation number" in shown.text
    assert reply.facts[0].quote.split()[0] in shown.text


@pytest.mark.parametrize(("label", "helpful"), [("Helpful", True), ("Not helpful", False)])
async def test_the_asker_can_vote(scene: Scene, label: str, helpful: bool) -> None:
    """The asker's vote is stored (the fact and the verdict) and thanked, privately."""
    sent, reply = await ask(scene, SURE_QUESTION)
    thanks = await private_note(scene, await scene.standin.click(sent, sent.buttons[label]))
    assert thanks.ephemeral
    _, votes = await scene.recorded()
    assert [(v.entry_id, v.helpful) for v in votes] == [(reply.entry_id, helpful)]


async def private_note(scene: Scene, click: Interaction) -> Sent:
    """The private note a click brings, besides any edit of the message clicked."""
    standin = scene.standin
    return await standin.until(
        lambda: next(
            (s for s in standin.sent if s.interaction == click.id and s.via == "followup"), None
        )
    )


def shown(scene: Scene, message: Sent) -> Sent:
    """A message of the bot's as it looks now, after any edits."""
    return [s for s in scene.standin.sent if s.id == message.id][-1]


async def test_a_vote_marks_the_chosen_button_at_once(scene: Scene) -> None:
    """Helpful edits the answer at once: its button ticked, the other left plain to change to."""
    sent, _ = await ask(scene, SURE_QUESTION)
    await private_note(scene, await scene.standin.click(sent, sent.buttons["Helpful"]))
    now = shown(scene, sent)
    assert now.via == "update"
    assert list(now.buttons) == [
        "Source",
        "Helpful ✓",
        "Not helpful",
        "Read it on Wikipedia",
        "Delete",
    ]
    assert now.embeds == sent.embeds


async def test_one_vote_per_person_a_later_click_changes_it(scene: Scene) -> None:
    """Helpful, Not helpful, Helpful again: one Helpful vote stored, and Helpful ticked."""
    standin = scene.standin
    sent, reply = await ask(scene, SURE_QUESTION)
    for label in ("Helpful", "Not helpful", "Helpful"):
        current = shown(scene, sent)
        button = next(cid for name, cid in current.buttons.items() if name.startswith(label))
        await private_note(scene, await standin.click(sent, button))
    _, votes = await scene.recorded()
    assert [(v.entry_id, v.helpful) for v in votes] == [(reply.entry_id, True)]
    assert list(shown(scene, sent).buttons)[1:3] == ["Helpful ✓", "Not helpful"]


async def test_others_cannot_vote(scene: Scene) -> None:
    """Someone else pressing Helpful gets a private note, and no vote counts."""
    sent, _ = await ask(scene, SURE_QUESTION)
    click = await scene.standin.click(sent, sent.buttons["Helpful"], user=scene.standin.bob)
    note = await scene.standin.response(click)
    assert note.ephemeral
    assert "Only the person who asked" in note.text
    _, votes = await scene.recorded()
    assert votes == []


async def test_the_asker_can_delete_the_answer(scene: Scene) -> None:
    """Delete, pressed by the asker, removes the answer."""
    sent, _ = await ask(scene, SURE_QUESTION)
    click = await scene.standin.click(sent, sent.buttons["Delete"])
    await scene.standin.until(lambda: sent.deleted)
    assert click.callbacks == [DEFERRED_UPDATE]


async def test_others_cannot_delete_the_answer(scene: Scene) -> None:
    """Someone else pressing Delete gets a private note and the answer stays."""
    sent, _ = await ask(scene, SURE_QUESTION)
    click = await scene.standin.click(sent, sent.buttons["Delete"], user=scene.standin.bob)
    note = await scene.standin.response(click)
    assert "Only the person who asked" in note.text
    assert not sent.deleted


async def test_a_moderator_can_delete_the_answer(scene: Scene) -> None:
    """Someone with Manage Messages may press Delete on anyone's answer."""
    standin = scene.standin
    standin.moderators.add(standin.bob.id)
    sent, _ = await ask(scene, SURE_QUESTION)
    await standin.click(sent, sent.buttons["Delete"], user=standin.bob)
    await standin.until(lambda: sent.deleted or None)


async def test_delete_expires_after_five_minutes(scene: Scene) -> None:
    """Past 5 minutes the asker's Delete is taken off the answer, which stays, and says why."""
    standin = scene.standin
    sent, _ = await ask(scene, SURE_QUESTION)
    scene.bot.wall_clock = lambda: time.time() + DELETE_SECONDS + 1
    click = await standin.click(sent, sent.buttons["Delete"])
    note = await private_note(scene, click)
    assert "expired" in note.text
    assert list(shown(scene, sent).buttons) == ANSWER_BUTTONS[:-1]
    assert not sent.deleted


async def test_delete_comes_off_an_answer_when_it_expires(scene: Scene) -> None:
    """Like python-discord's trashcan, Delete leaves an answer by itself when its time is up."""
    scene.bot.delete_seconds = 0.05
    sent, _ = await ask(scene, SURE_QUESTION)
    await scene.standin.until(lambda: "Delete" not in shown(scene, sent).buttons or None)
    assert list(shown(scene, sent).buttons) == ANSWER_BUTTONS[:-1]
    assert shown(scene, sent).embeds == sent.embeds


async def test_a_vote_stays_marked_when_delete_comes_off(scene: Scene) -> None:
    """Delete leaving a reply redraws its buttons as they are, the asker's vote still ticked."""
    standin = scene.standin
    scene.bot.delete_seconds = 0.3
    sent = await standin.reply_to(await standin.mention(SURE_QUESTION))
    await private_note(scene, await standin.click(sent, sent.buttons["Helpful"]))
    await standin.until(lambda: "Delete" not in shown(scene, sent).buttons or None)
    assert list(shown(scene, sent).buttons)[:3] == ["Source", "Helpful ✓", "Not helpful"]


async def test_a_moderator_may_delete_after_the_askers_delete_expired(scene: Scene) -> None:
    """Expiry binds the asker only: a moderator's Delete still works."""
    standin = scene.standin
    standin.moderators.add(standin.bob.id)
    sent, _ = await ask(scene, SURE_QUESTION)
    scene.bot.wall_clock = lambda: time.time() + DELETE_SECONDS + 1
    await standin.click(sent, sent.buttons["Delete"], user=standin.bob)
    await standin.until(lambda: sent.deleted or None)


async def test_the_questions_own_buttons_come_first_in_one_row(scene: Scene) -> None:
    """A "did you mean" puts its suggestions first and Delete last, in one row, not alone."""
    sent, reply = await ask(scene, question_for(scene.bot.engine, Outcome.SUGGEST))
    (row,) = sent.components
    labels = [c["label"] for c in row["components"]]
    assert labels == [s.question for s in reply.suggestions] + ["Delete"]


# --- not sure, not covered, not said ---------------------------------------------------------


async def test_an_unsure_answer_offers_the_suggestions_as_buttons(scene: Scene) -> None:
    """When heartbot isn't sure, each "did you mean" question is a button."""
    sent, reply = await ask(scene, question_for(scene.bot.engine, Outcome.SUGGEST))
    assert reply.suggestions
    assert all(s.question in sent.buttons for s in reply.suggestions)


async def test_a_suggestion_button_asks_that_question(scene: Scene) -> None:
    """The asker pressing a suggestion gets its answer where they asked."""
    sent, reply = await ask(scene, question_for(scene.bot.engine, Outcome.SUGGEST))
    suggestion = reply.suggestions[0].question
    answer = await scene.standin.response(await scene.standin.click(sent, sent.buttons[suggestion]))
    expected = scene.bot.engine.ask(suggestion)
    assert expected.message in answer.text or expected.facts[0].answer in answer.text
    assert not answer.ephemeral


async def test_a_suggestion_pressed_by_someone_else_answers_them_privately(scene: Scene) -> None:
    """Someone else pressing a suggestion gets the answer too, but only they see it."""
    sent, reply = await ask(scene, question_for(scene.bot.engine, Outcome.SUGGEST))
    click = await scene.standin.click(
        sent, sent.buttons[reply.suggestions[0].question], user=scene.standin.bob
    )
    assert (await scene.standin.response(click)).ephemeral


async def test_a_refusal_offers_to_browse_the_topics(scene: Scene) -> None:
    """An off-topic question says the source doesn't cover it and offers the topic browser."""
    sent, reply = await ask(scene, question_for(scene.bot.engine, Outcome.REFUSE))
    assert reply.message in sent.text
    browser = await scene.standin.response(
        await scene.standin.click(sent, sent.buttons["Browse topics"])
    )
    assert "heartbot:topic" in browser.selects


async def test_an_unknown_says_what_the_source_does_say(scene: Scene) -> None:
    """A question the source can't answer says so, and offers the nearest fact and its source."""
    sent, reply = await ask(scene, question_for(scene.bot.engine, Outcome.UNKNOWN))
    assert reply.nearest is not None
    assert reply.message in sent.text
    assert reply.nearest.answer in sent.text
    assert "Source" in sent.buttons


# --- failures -------------------------------------------------------------------------------


async def test_an_expired_interaction_still_gets_its_answer_in_the_channel(scene: Scene) -> None:
    """If Discord has already dropped the interaction, the answer is posted in the channel."""
    standin = scene.standin
    interaction = await standin.slash("ask", question=SURE_QUESTION, age=4.0)
    posted = await standin.posted(standin.general, after=interaction.id)
    assert interaction.callbacks == []
    assert scene.bot.engine.ask(SURE_QUESTION).facts[0].answer in posted.text


async def test_an_expired_interaction_where_heartbot_is_no_member_is_let_go(
    scene: Scene,
) -> None:
    """A user's install asked in a server without the bot, the interaction expired: nowhere
    to post instead, so nothing is posted and nothing goes wrong (no error is logged)."""
    standin = scene.standin
    interaction = await standin.slash(
        "ask", question=SURE_QUESTION, channel=standin.elsewhere, age=4.0
    )
    await standin.until(lambda: interaction.attempts or None)
    await scene.settle()
    assert standin.sent_after(interaction.id) == []


async def test_an_expired_private_question_is_not_posted_publicly(scene: Scene) -> None:
    """A private question whose interaction expired is never answered in public."""
    standin = scene.standin
    interaction = await standin.slash("ask", question=SURE_QUESTION, private=True, age=4.0)
    await standin.until(lambda: interaction.attempts or None)
    await scene.settle()
    assert standin.sent_after(interaction.id) == []


async def test_a_failure_gets_a_polite_private_apology(
    standin: StandIn,
    knowledge: KnowledgeBase,
    discord_settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """If answering fails, the asker gets a private apology and the error is logged."""

    class BrokenEngine(Engine):
        def ask(self, question: str) -> Reply:
            raise RuntimeError("the engine broke")

    async with running(make_bot(BrokenEngine(knowledge), discord_settings), standin.token):
        sent = await standin.response(await standin.slash("ask", question=SURE_QUESTION))
    assert sent.ephemeral
    assert sent.content == SORRY
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


async def test_buttons_still_work_after_a_restart(
    standin: StandIn, engine: Engine, discord_settings: Settings, tmp_path: Path
) -> None:
    """A Source button on an answer from before a restart still shows the passage."""
    async with running(make_bot(engine, discord_settings), standin.token):
        sent = await standin.response(await standin.slash("ask", question=SURE_QUESTION))
    async with running(make_bot(engine, discord_settings), standin.token):
        shown = await standin.response(await standin.click(sent, sent.buttons["Source"]))
    assert format_cites(engine.ask(SURE_QUESTION).citations) in shown.text


async def test_mentions_in_a_question_show_as_names_in_the_title(scene: Scene) -> None:
    """<@id> in /ask's question is titled with the name Discord shows, never the id."""
    standin = scene.standin
    sent, _ = await ask(scene, f"<@{standin.bot.id}> <@{standin.carol.id}> {SURE_QUESTION}")
    title = sent.embeds[0]["title"]
    assert str(standin.bot.id) not in title
    assert str(standin.carol.id) not in title
    assert title.startswith("@\u200bheartbot @\u200bsomeone who")


async def test_the_menus_title_shows_others_mentions_by_name(scene: Scene) -> None:
    """Ask heartbot on '@carol **who** lent the money' is titled with carol's name, escaped."""
    standin = scene.standin
    message = await standin.say(
        f"<@{standin.carol.id}> **who** lent the money",
        author=standin.bob,
        mentions=[standin.carol],
    )
    sent = await standin.response(await standin.message_menu("Ask heartbot", message))
    assert sent.embeds[0]["title"] == "@\u200bcarol \\*\\*who\\*\\* lent the money"


async def test_markdown_in_a_question_is_shown_as_typed_in_the_title(scene: Scene) -> None:
    """**bold**, ||spoilers|| and # headings in a question don't become formatting above it."""
    sent, _ = await ask(scene, f"**{SURE_QUESTION}** ||now||")
    title = sent.embeds[0]["title"]
    assert title.startswith("\\*\\*who")
    assert "\\|\\|now\\|\\|" in title


# --- user installs --------------------------------------------------------------------------

EVERYWHERE = {"ask", "source", "topics", "about", "help", "Ask heartbot"}


async def test_commands_install_to_users_and_work_in_dms_and_group_dms(scene: Scene) -> None:
    """Each command and the message menu may be installed by a user and used anywhere."""
    synced = {c["name"]: c for c in scene.standin.synced["global"]}
    for name in EVERYWHERE:
        assert sorted(synced[name]["integration_types"]) == [0, 1], name
        assert sorted(synced[name]["contexts"]) == [0, 1, 2], name


@pytest.mark.parametrize("where", ["group_dm", "elsewhere"])
async def test_a_users_install_answers_where_the_bot_is_no_member(scene: Scene, where: str) -> None:
    """/ask in a group DM, or a server without the bot, is answered through the interaction."""
    standin = scene.standin
    channel = getattr(standin, where)
    sent = await standin.response(
        await standin.slash("ask", question=SURE_QUESTION, channel=channel)
    )
    assert scene.bot.engine.ask(SURE_QUESTION).facts[0].answer in sent.text
    assert not sent.ephemeral
    assert standin.refusals == []


async def test_delete_works_where_the_bot_is_no_member(scene: Scene) -> None:
    """Delete under an answer in a group DM removes it, though the bot can't reach the channel."""
    standin = scene.standin
    sent = await standin.response(
        await standin.slash("ask", question=SURE_QUESTION, channel=standin.group_dm)
    )
    await standin.click(sent, sent.buttons["Delete"])
    await standin.until(lambda: sent.deleted or None)
    assert standin.refusals == []


async def test_the_message_menu_works_in_a_group_dm(scene: Scene) -> None:
    """Apps → Ask heartbot on bob's message in a group DM answers it, linked to it."""
    standin = scene.standin
    message = await standin.say(SURE_QUESTION, author=standin.bob, channel=standin.group_dm)
    sent = await standin.response(await standin.message_menu("Ask heartbot", message))
    assert scene.bot.engine.ask(SURE_QUESTION).facts[0].answer in sent.text
    assert sent.embeds[0]["url"].endswith(f"/{standin.group_dm.id}/{message}")
