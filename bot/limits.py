"""Every cap heartbot keeps, Discord's and its own, named by meaning and written down once.

The engine may import this module (it imports nothing); each cap says why it is what it is.
"""

from __future__ import annotations

# --- Discord's documented limits ------------------------------------------------------------
MAX_CONTENT = 2000  # a message's text
MAX_TITLE = 256  # an embed's title
MAX_FIELD_VALUE = 1024  # an embed field's value
MAX_LABEL = 80  # a button's label
MAX_CUSTOM_ID = 100  # a component's custom_id
MAX_OPTIONS = 25  # a select menu's options
MAX_CHOICES = 25  # autocomplete choices
MAX_OPTION_TEXT = 100  # a select option's or an autocomplete choice's name and value
MAX_COMMAND_DESCRIPTION = 100  # a slash command's or an option's description
MAX_ROW = 5  # buttons in one action row
MAX_URL = 512  # a link button's url

# --- Our budgets, which keep every reply inside Discord's limits by construction ------------
# An embed stays under Discord's 6000-character total whatever the text: a title of at most
# 256, a description of 3000, two fields of at most 64 + 1024 and a footer of 300.
MAX_DESCRIPTION = 3000
MAX_FOOTER = 300
# /about lists up to 3 sources as fields of at most 100 + 300 characters, inside the budget.
MAX_SOURCE_FIELDS = 3
MAX_SOURCE_NAME = 100
MAX_SOURCE_VALUE = 300
MAX_ECHO = 80  # echoed user text (a title, a "did you mean") is cut to this

# --- The fact base ----------------------------------------------------------------------------
# A curated question is offered as an autocomplete choice and a select option: Discord's cap.
MAX_CURATED_QUESTION = MAX_OPTION_TEXT
MAX_ID = 60  # ids travel in custom_ids (at most 100) beside a prefix and the asker's id
MAX_TOPIC = 60  # a topic is a select option's label, shown beside others
# With answers capped at 500 characters and at most three of them, a reply stays far under
# Discord's 2000-character message.
MAX_ANSWER = 500
MAX_QUOTE = 2000  # a quote is shown by Source in an embed description (MAX_DESCRIPTION)
MAX_ROUNDUP = 3  # facts in one roundup answer
MIN_QUESTIONS = 8  # curated questions an entry needs before `heartbot check` is satisfied
MIN_QUOTE_WORDS = 3  # a quote is a clause of the source, not a word that could stand anywhere
MAX_CREDIT = 40  # a source's publisher or licence: a name, in a footer and a button label
MAX_LEXICON_WORDS = 5  # a lexicon phrasing is a phrase ("hit theaters"), not a sentence

# --- Questions --------------------------------------------------------------------------------
# The longest message taken from a user: Discord's own cap (with Nitro), so a question at the
# end of a long story is never cut off.
MAX_ASKED = 4000
MAX_SUGGESTIONS = 3  # "did you mean" offers at most this many
DELETE_SECONDS = 300  # an answer's Delete lasts this long for its asker (python-discord's trashcan)
REPEAT_SECONDS = 120.0  # in an auto-answer channel, the same answer this recent is pointed to
NOTE_SECONDS = 10.0  # a cooldown note posted in a channel is deleted after this long
FLOOD_POSTS = 5  # the same answer posted this often in one channel ...
FLOOD_SECONDS = 30.0  # ... within this long is a flood: the next waits (python-discord's tags)
FOLLOW_UP_SECONDS = 300.0  # a question this recent is what a follow-up follows
MAX_CONVERSATIONS = 10_000  # people whose last question is kept in memory for a follow-up
MAX_STORED_TEXT = 300  # an unanswered question's stored text is cut to this
MAX_PENDING_RECORDS = 10_000  # feedback kept in memory while its file can't be written

# --- The shared database (PostgreSQL) ---------------------------------------------------------
# A server that doesn't answer in this long is down for this try; the recorder tries again.
CONNECT_TIMEOUT_SECONDS = 5
MAX_RECONNECT_SECONDS = 30.0  # the longest wait before listening for reloads again
KEEPALIVE_IDLE_SECONDS = 30  # a silent listening connection is probed after this long ...
KEEPALIVE_INTERVAL_SECONDS = 10  # ... this often ...
KEEPALIVE_COUNT = 3  # ... and given up for lost after this many unanswered probes
READ_BATCH = 2000  # rows a report fetches at a time: a long window never sits in memory whole

# --- Curators' reports --------------------------------------------------------------------------
MAX_PROBLEMS = 10  # a reload's report stays readable, and inside a Discord message
REPORT_ROWS = 20  # `heartbot report` lists this many rows a section unless told otherwise
