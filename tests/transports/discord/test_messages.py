"""End to end: mentions, DMs, auto-answer channels, manners and fallbacks, over the gateway."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.config import Settings
from bot.engine.answers import Outcome, format_cites
from bot.engine.core import Engine
from bot.limits import FLOOD_POSTS, FLOOD_SECONDS, FOLLOW_UP_SECONDS, REPEAT_SECONDS
from bot.transports.discord.cog import NO_TEXT, menu_hint, usage_hint
from tests.transports.discord.scene import (
    ANSWER_BUTTONS,
    SURE_QUESTION,
    Scene,
    make_bot,
    question_for,
    running,
)
from tests.transports.discord.standin import CANNOT_DM, MESSAGE_CONTENT_INTENT, Sent, StandIn


def answer_to(scene: Scene, question: str) -> str:
    return scene.bot.engine.ask(question).facts[0].answer


# --- mentions and DMs -----------------------------------------------------------------------


async def test_a_mention_is_answered_with_the_text_after_it(scene: Scene) -> None:
    """@heartbot who lent the money → the answer, as a reply to that message."""
    standin = scene.standin
    message = await standin.say(
        f"hey <@{standin.bot.id}>, {SURE_QUESTION}?", mentions=[standin.bot]
    )
    sent = await standin.reply_to(message)
    assert answer_to(scene, SURE_QUESTION) in sent.text
    assert "title" not in sent.embeds[0], "the question is right above the reply"


async def test_a_reply_to_a_mention_does_not_ping_its_author(scene: Scene) -> None:
    """The reply is marked as a reply, but its author isn't pinged."""
    sent = await scene.standin.reply_to(await scene.standin.mention(SURE_QUESTION))
    assert sent.body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_a_mention_of_heartbots_role_is_answered_too(scene: Scene) -> None:
    """Mentioning the role Discord made for heartbot counts as mentioning heartbot."""
    role = scene.standin.bot_role
    message = await scene.standin.say(f"<@&{role}> {SURE_QUESTION}", roles=[role])
    sent = await scene.standin.reply_to(message)
    assert answer_to(scene, SURE_QUESTION) in sent.text
    assert "title" not in sent.embeds[0]


async def test_a_mention_alone_gets_a_hint(scene: Scene) -> None:
    """A bare @heartbot gets a short note on how to ask."""
    sent = await scene.standin.reply_to(await scene.standin.mention(""))
    assert sent.content == usage_hint("One from the Heart")


async def test_a_dm_is_answered(scene: Scene) -> None:
    """Any direct message is answered."""
    sent = await scene.standin.reply_to(await scene.standin.dm(SURE_QUESTION))
    assert answer_to(scene, SURE_QUESTION) in sent.text


async def test_a_dm_gets_buttons_too(scene: Scene) -> None:
    """An answer by DM has the same buttons as anywhere else."""
    sent = await scene.standin.reply_to(await scene.standin.dm(SURE_QUESTION))
    assert list(sent.buttons) == ANSWER_BUTTONS


async def test_mentions_work_without_the_message_content_intent(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """Without auto-answer channels the bot asks for no message content, yet answers mentions."""
    settings = replace(discord_settings, channels=frozenset())
    async with running(make_bot(engine, settings), standin.token):
        assert not standin.intents() & MESSAGE_CONTENT_INTENT
        sent = await standin.reply_to(await standin.mention(SURE_QUESTION))
    assert engine.ask(SURE_QUESTION).facts[0].answer in sent.text


async def test_auto_answer_channels_ask_for_the_message_content_intent(scene: Scene) -> None:
    """With auto-answer channels set, the bot asks for the Message Content intent."""
    assert scene.standin.intents() & MESSAGE_CONTENT_INTENT


# --- replies ---------------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["", "this", "can you answer this?", "hi"])
async def test_a_bare_mention_in_a_reply_answers_the_message_replied_to(
    scene: Scene, words: str
) -> None:
    """Replying '@heartbot' (or '@heartbot this') to bob's question answers bob's message."""
    standin = scene.standin
    question = await standin.say(f"{SURE_QUESTION}?", author=standin.bob)
    mention = await standin.mention(words, reply_to=question)
    sent = await standin.reply_to(question)
    await scene.settle()
    assert answer_to(scene, SURE_QUESTION) in sent.text
    assert "title" not in sent.embeds[0], "the question is right above the reply"
    assert standin.sent_after(mention) == [sent]


async def test_a_bare_mention_replying_to_heartbot_gets_the_hint(scene: Scene) -> None:
    """'@heartbot' under heartbot's own answer asks nothing new: the usage hint, not an echo."""
    standin = scene.standin
    answer = await standin.reply_to(await standin.mention(SURE_QUESTION))
    sent = await standin.reply_to(await standin.mention("", reply_to=answer.id))
    assert sent.content == usage_hint("One from the Heart")


async def test_a_reply_with_its_own_question_answers_that_question(scene: Scene) -> None:
    """A mention that asks something itself is answered, even when it replies to a message."""
    standin = scene.standin
    chatter = await standin.say("what a film that was", author=standin.bob)
    mention = await standin.mention(SURE_QUESTION, reply_to=chatter)
    sent = await standin.reply_to(mention)
    assert answer_to(scene, SURE_QUESTION) in sent.text


async def test_a_reply_to_a_message_without_text_says_so(scene: Scene) -> None:
    """Replying '@heartbot' to a message with no text (an image, say) says there is none."""
    standin = scene.standin
    image = await standin.say("", author=standin.bob)
    sent = await standin.reply_to(await standin.mention("", reply_to=image))
    assert sent.content == NO_TEXT


async def test_without_the_intent_a_reply_points_to_the_message_menu(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """Without Message Content, Discord blanks bob's text: heartbot names Apps → Ask heartbot."""
    settings = replace(discord_settings, channels=frozenset())
    async with running(make_bot(engine, settings), standin.token):
        question = await standin.say(f"{SURE_QUESTION}?", author=standin.bob)
        mention = await standin.mention("", reply_to=question)
        sent = await standin.reply_to(mention)
    assert sent.content == menu_hint()
    assert "Ask heartbot" in sent.content
    assert len(sent.content.splitlines()) == 1
    assert standin.sent_after(mention) == [sent]


async def test_without_the_intent_a_reply_to_heartbot_mentioning_text_is_answered(
    standin: StandIn, engine: Engine, discord_settings: Settings
) -> None:
    """Discord shows a bot messages that mention it: a reply to one is answered as usual."""
    settings = replace(discord_settings, channels=frozenset())
    async with running(make_bot(engine, settings), standin.token):
        question = await standin.mention(SURE_QUESTION, author=standin.bob)
        await standin.reply_to(question)
        mention = await standin.mention("this", reply_to=question)
        sent = await standin.until(
            lambda: next((s for s in standin.sent_after(mention) if s.reply_to == question), None)
        )
    assert engine.ask(SURE_QUESTION).facts[0].answer in sent.text


# --- auto-answer channels -------------------------------------------------------------------


async def test_an_auto_answer_channel_answers_what_it_is_sure_of(scene: Scene) -> None:
    """In an auto-answer channel, a question heartbot is sure of is answered unasked."""
    message = await scene.standin.say(f"{SURE_QUESTION}?", channel=scene.standin.auto)
    sent = await scene.standin.reply_to(message)
    assert answer_to(scene, SURE_QUESTION) in sent.text


async def test_an_auto_answer_channel_stays_silent_when_unsure(scene: Scene) -> None:
    """In an auto-answer channel, a question heartbot isn't sure of gets no reply at all."""
    question = question_for(scene.bot.engine, Outcome.SUGGEST)
    message = await scene.standin.say(f"{question}?", channel=scene.standin.auto)
    await scene.settle()
    assert scene.standin.sent_after(message) == []


async def test_an_auto_answer_channel_ignores_chatter(scene: Scene) -> None:
    """In an auto-answer channel, a message that isn't a question is left alone."""
    message = await scene.standin.say("Jack Singer lent the money", channel=scene.standin.auto)
    await scene.settle()
    assert scene.standin.sent_after(message) == []


async def test_other_channels_are_left_alone(scene: Scene) -> None:
    """Outside auto-answer channels, a question without a mention gets no reply."""
    message = await scene.standin.say(f"{SURE_QUESTION}?")
    await scene.settle()
    assert scene.standin.sent_after(message) == []


async def test_the_same_question_moments_later_points_to_the_earlier_answer(
    scene: Scene,
) -> None:
    """Bob, then alice, ask the same thing in an auto-answer channel: one embed, one link."""
    standin = scene.standin
    asked = await standin.say(f"{SURE_QUESTION}?", channel=standin.auto, author=standin.bob)
    first = await standin.reply_to(asked)
    second = await standin.reply_to(await standin.say(f"{SURE_QUESTION}?", channel=standin.auto))
    assert first.embeds
    assert second.embeds == []
    here = f"https://discord.com/channels/{standin.guild_id}/{standin.auto.id}"
    # The answer's link, or (if it was still on its way) that of the question it is under.
    assert f"{here}/{first.id}" in second.content or f"{here}/{asked}" in second.content


async def test_pointers_to_an_earlier_answer_count_towards_a_flood(scene: Scene) -> None:
    """The same question again and again in an auto-answer channel: one answer, pointers to
    it up to the flood limit, then silence, not a line for every message."""
    standin = scene.standin
    first = await standin.say(f"{SURE_QUESTION}?", channel=standin.auto)
    await standin.reply_to(first)

    def posted() -> list[Sent]:
        return [m for m in standin.sent_after(first) if m.channel_id == standin.auto.id]

    for repeat in range(FLOOD_POSTS + 3):
        await standin.say(f"{SURE_QUESTION}?", channel=standin.auto, author=standin.bob)
        expected = min(repeat + 2, FLOOD_POSTS)  # the answer, a pointer each, up to the limit
        await standin.until(lambda n=expected: len(posted()) >= n or None)
        await scene.settle()
    assert len(posted()) == FLOOD_POSTS


async def test_the_same_question_later_on_is_answered_in_full(scene: Scene) -> None:
    """Past the short window, the same question gets its own answer again."""
    standin = scene.standin
    await standin.reply_to(await standin.say(f"{SURE_QUESTION}?", channel=standin.auto))
    scene.clock.advance(REPEAT_SECONDS + 1)
    again = await standin.reply_to(await standin.say(f"{SURE_QUESTION}?", channel=standin.auto))
    assert answer_to(scene, SURE_QUESTION) in again.text


# --- manners --------------------------------------------------------------------------------


async def test_another_bot_is_never_answered(scene: Scene) -> None:
    """A bot mentioning heartbot gets no reply, so two bots can't loop."""
    message = await scene.standin.mention(SURE_QUESTION, author=scene.standin.other_bot)
    await scene.settle()
    assert scene.standin.sent_after(message) == []


async def test_heartbot_never_answers_itself(scene: Scene) -> None:
    """heartbot's own answers, which it sees on the gateway, are never answered."""
    message = await scene.standin.say(f"{SURE_QUESTION}?", channel=scene.standin.auto)
    await scene.standin.reply_to(message)
    await scene.settle()
    assert len(scene.standin.sent_after(message)) == 1


async def test_asking_too_fast_gets_a_polite_private_note(scene: Scene) -> None:
    """Past 5 questions in 30 seconds, /ask answers with a private note to wait."""
    for _ in range(FLOOD_POSTS):
        await scene.standin.response(await scene.standin.slash("ask", question=SURE_QUESTION))
    note = await scene.standin.response(await scene.standin.slash("ask", question=SURE_QUESTION))
    assert note.ephemeral
    assert "Please wait" in note.text


async def test_a_flood_is_one_answer_posted_again_in_one_channel(scene: Scene) -> None:
    """The same answer posted over and over in one channel floods it, whoever asks; another
    answer there, or the same one in another channel, does not."""
    for _ in range(FLOOD_POSTS):
        await scene.standin.response(await scene.standin.slash("ask", question=SURE_QUESTION))
    bob = scene.standin.bob
    sent = await scene.standin.response(
        await scene.standin.slash("ask", question=SURE_QUESTION, user=bob)
    )
    assert sent.ephemeral
    assert answer_to(scene, SURE_QUESTION) not in sent.text
    other = "who directed it"
    sent = await scene.standin.response(await scene.standin.slash("ask", question=other, user=bob))
    assert answer_to(scene, other) in sent.text
    sent = await scene.standin.response(
        await scene.standin.slash("ask", question=SURE_QUESTION, channel=scene.standin.auto)
    )
    assert answer_to(scene, SURE_QUESTION) in sent.text


async def test_the_cooldown_lifts_after_30_seconds(scene: Scene) -> None:
    """After the window passes, questions are answered again."""
    for _ in range(FLOOD_POSTS):
        await scene.standin.response(await scene.standin.slash("ask", question=SURE_QUESTION))
    scene.clock.advance(FLOOD_SECONDS)
    sent = await scene.standin.response(await scene.standin.slash("ask", question=SURE_QUESTION))
    assert answer_to(scene, SURE_QUESTION) in sent.text


async def test_mentioning_too_fast_is_told_once(scene: Scene) -> None:
    """Over the limit by mention, the note comes once, not once per message."""
    standin = scene.standin
    for _ in range(FLOOD_POSTS):
        await standin.reply_to(await standin.mention(SURE_QUESTION))
    first = await standin.mention(SURE_QUESTION)
    note = await standin.reply_to(first)
    second = await standin.mention(SURE_QUESTION)
    await scene.settle()
    assert "Please wait" in note.text
    assert standin.sent_after(second) == []


async def test_a_mentions_cooldown_note_counts_down_and_goes_away(scene: Scene) -> None:
    """The note in a channel shows a live countdown to when, and deletes itself soon after."""
    standin = scene.standin
    scene.bot.note_seconds = 0.05
    for _ in range(FLOOD_POSTS):
        await standin.reply_to(await standin.mention(SURE_QUESTION))
    note = await standin.reply_to(await standin.mention(SURE_QUESTION))
    assert re.search(r"<t:\d+:R>", note.content)
    await standin.until(lambda: note.deleted or None)


async def test_direct_messages_are_never_counted(scene: Scene) -> None:
    """DMs flood no channel: the sixth in a row is answered like the first."""
    standin = scene.standin
    for _ in range(FLOOD_POSTS + 1):
        sent = await standin.reply_to(await standin.dm(SURE_QUESTION))
        assert answer_to(scene, SURE_QUESTION) in sent.text


async def test_ask_in_a_dm_or_a_group_dm_is_never_counted(scene: Scene) -> None:
    """/ask in a DM, or a group DM heartbot is installed to by a user, floods no channel."""
    standin = scene.standin
    for channel in (standin.dm_with(standin.alice), standin.group_dm):
        for _ in range(FLOOD_POSTS + 1):
            interaction = await standin.slash("ask", question=SURE_QUESTION, channel=channel)
            sent = await standin.response(interaction)
            assert answer_to(scene, SURE_QUESTION) in sent.text


async def test_private_answers_are_never_counted(scene: Scene) -> None:
    """/ask private:True posts nothing in the channel, so it never trips the cooldown."""
    for _ in range(FLOOD_POSTS + 1):
        interaction = await scene.standin.slash("ask", question=SURE_QUESTION, private=True)
        sent = await scene.standin.response(interaction)
        assert answer_to(scene, SURE_QUESTION) in sent.text


async def test_different_answers_in_a_row_are_not_a_flood(scene: Scene) -> None:
    """Only one answer posted over and over counts: six different questions are all answered."""
    standin = scene.standin
    questions = [f.questions[0] for f in scene.bot.engine.knowledge.facts]
    answered = 0
    for question in questions[: FLOOD_POSTS + 1]:
        sent = await standin.response(await standin.slash("ask", question=question))
        answered += "Please wait" not in sent.text
    assert answered == FLOOD_POSTS + 1


async def test_clicking_heartbots_own_suggestions_is_never_counted(scene: Scene) -> None:
    """Asks, a "did you mean" and a click on each suggestion: no click is told to wait."""
    standin = scene.standin
    question = question_for(scene.bot.engine, Outcome.SUGGEST)
    unsure = await standin.response(await standin.slash("ask", question=question))
    reply = scene.bot.engine.ask(question)
    for _ in range(FLOOD_POSTS - 1):
        await standin.response(await standin.slash("ask", question=SURE_QUESTION))
    for _ in range(2):
        for suggestion in reply.suggestions:
            click = await standin.click(unsure, unsure.buttons[suggestion.question])
            answer = await standin.response(click)
            assert "Please wait" not in answer.text


# --- fallbacks ------------------------------------------------------------------------------


async def test_an_answer_to_a_deleted_message_goes_to_its_channel(scene: Scene) -> None:
    """If the question was deleted before the reply, the answer is posted in the channel."""
    standin = scene.standin
    message = await standin.mention(SURE_QUESTION)
    standin.delete_user_message(message)
    posted = await standin.posted(standin.general, after=message)
    assert posted.reply_to is None
    assert answer_to(scene, SURE_QUESTION) in posted.text


async def test_where_embeds_are_not_allowed_the_answer_is_plain_text(scene: Scene) -> None:
    """In a channel where the bot may not embed, the answer comes as text with its citations."""
    message = await scene.standin.mention(SURE_QUESTION, channel=scene.standin.no_embeds)
    sent = await scene.standin.reply_to(message)
    assert sent.embeds == []
    assert answer_to(scene, SURE_QUESTION) in sent.content
    assert format_cites(scene.bot.engine.ask(SURE_QUESTION).citations) in sent.content


async def test_where_the_bot_may_not_speak_it_answers_by_dm(scene: Scene) -> None:
    """Mentioned in a channel where it can't send, the bot answers the asker by DM."""
    standin = scene.standin
    message = await standin.mention(SURE_QUESTION, channel=standin.muted)
    dm = await standin.posted(standin.dm_with(standin.alice), after=message)
    assert answer_to(scene, SURE_QUESTION) in dm.text


async def test_a_closed_dm_is_a_log_line_not_a_crash(scene: Scene) -> None:
    """If the asker doesn't accept DMs either, the bot gives up quietly and keeps working."""
    standin = scene.standin
    standin.dm_closed.add(standin.alice.id)
    message = await standin.mention(SURE_QUESTION, channel=standin.muted)
    await standin.until(lambda: any(code == CANNOT_DM for _, code in standin.refusals) or None)
    await scene.settle()
    assert standin.sent_after(message) == []


async def test_nothing_heartbot_sends_can_ping_anyone(scene: Scene) -> None:
    """Replies, DMs, slash answers and button answers all switch every kind of ping off."""
    standin = scene.standin
    await standin.reply_to(await standin.mention(f"@everyone {SURE_QUESTION}"))
    await standin.reply_to(await standin.dm(SURE_QUESTION))
    answer = await standin.response(await standin.slash("ask", question=SURE_QUESTION))
    await standin.response(await standin.click(answer, answer.buttons["Source"]))
    bodies = [sent.body for sent in standin.sent if sent.via != "update"]
    assert len(bodies) == 4
    for body in bodies:
        assert body["allowed_mentions"]["parse"] == []
        assert not body["allowed_mentions"].get("users")
        assert not body["allowed_mentions"].get("roles")
        assert not body["allowed_mentions"].get("replied_user")


async def test_a_question_before_the_mention_is_answered(scene: Scene) -> None:
    """'who lent the money @heartbot' asks as much as '@heartbot who lent the money'."""
    standin = scene.standin
    message = await standin.say(f"{SURE_QUESTION} <@{standin.bot.id}>", mentions=[standin.bot])
    sent = await standin.reply_to(message)
    assert "[9]" in sent.text


async def test_a_question_after_a_long_story_is_answered(scene: Scene) -> None:
    """A mention with a story first and the question last gets the question's answer."""
    standin = scene.standin
    story = "we watched a pile of old films at the club last night and argued for hours. " * 8
    message = await standin.say(
        f"<@{standin.bot.id}> {story}anyway, {SURE_QUESTION}?", mentions=[standin.bot]
    )
    sent = await standin.reply_to(message)
    assert "[9]" in sent.text


async def test_a_follow_up_is_read_with_the_question_before_it(scene: Scene) -> None:
    """'when did it come out?' right after asking about the Reprise is about the Reprise."""
    standin = scene.standin
    await standin.reply_to(await standin.dm("tell me about the reprise"))
    sent = await standin.reply_to(await standin.dm("when did it come out?"))
    assert "2024" in sent.text


async def test_a_follow_up_long_after_is_read_alone(scene: Scene) -> None:
    """Minutes later, 'when did it come out?' is about the film again, not the Reprise."""
    standin = scene.standin
    await standin.reply_to(await standin.dm("tell me about the reprise"))
    scene.clock.advance(FOLLOW_UP_SECONDS + 1)
    sent = await standin.reply_to(await standin.dm("when did it come out?"))
    assert "1982" in sent.text
    assert "2024" not in sent.text
