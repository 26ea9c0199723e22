"""Reading a message: which of its sentences ask something, what kind of answer each wants.

People write "hey, watched this last night, loved the neon. does anyone know who paid for it?":
only the last sentence asks, and it asks for a person. Sentences come from pysbd, a
rule-based sentence segmenter that knows abbreviations and initials; Discord markup goes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from bot.engine.matching.english import EVERYDAY, english

if TYPE_CHECKING:
    import pysbd

from bot.engine.text import (
    DISCORD_MARKUP,
    LIGHT_WORDS,
    MONTHS,
    QUESTION_WORDS,
    YEAR,
    fold,
    is_content,
    names_film,
    states_number,
    stem,
    words,
)

# Markup says who is addressed, never what is asked; a bare "@heartbot" too, wherever it stands.
_MARKUP = re.compile(rf"{DISCORD_MARKUP.pattern}|@heartbot\b", re.IGNORECASE)
_MARKDOWN = re.compile(r"[*_~`|>#]+")
# A stop with more of the line after it, or a quote mark at a word's edge (pysbd may end a
# sentence at a closing quote): only then can a line hold two sentences. An apostrophe inside a
# word ("what's") is neither, and pysbd ends no sentence at a colon, a semicolon or an ellipsis
# ("One From the Heart: Reprise").
_INNER_STOP = re.compile(r"[.!?]+[\"'”’)\]]*\s+\S|(?<!\w)['\"‘’“”]|['\"‘’“”](?!\w)")
# Where chat starts a question after a full stop (or a colon) without a capital letter.
_OPENING = (
    r"(?:who|what|when|where|which|why|how|does|do|did|is|was|are|were|can|could|anyone|"
    r"any ?body)\b"
)
_CHAT_BREAK = re.compile(
    rf"(?<=[.!?:])\s+(?={_OPENING})"
    # An emoji ends a sentence in chat as a full stop does ("so hyped 🎉 When did it ...").
    rf"|(?<=[\u2600-\u27bf\U0001f300-\U0001faff])\s+(?=(?i:{_OPENING}))"
)
# "... for which scene?": a question asked on from the sentence before, of what it names.
_ASKED_ON = r"(?:for|in|from|at|on|by|with|to|of|during|until) (?:whom|whose|what|wat|which|wich)"
_CONTINUES = re.compile(rf"^\W*{_ASKED_ON}\b", re.IGNORECASE)
_QUESTION_START = re.compile(
    r"^\W*(?:(?:so|and|but|ok(?:ay)?|hey|yo|also|then|wait|lol|um+|hm+|quick one|quick q)[\s,]+)*"
    rf"(?:{_ASKED_ON}\b|"
    r"who|whom|whose|what|whats|wat|wut|when|where|which|wich|why|how|is|are|was|were|did|"
    r"does|do|can|could|would|will|has|have|had|any|anything|anyone|tell|name|list|explain|"
    r"describe|sum|summari[sz]e|remind|give)\b",
    re.IGNORECASE,
)
# Requests that ask without a question mark: "i wonder who ...", "curious whether ...".
_REQUEST = re.compile(
    r"\b(?:i wonder|wondering|curious|i'?d (?:like|love) to know|want(?:ed)? to know|"
    r"wanna know|"
    r"(?:does|do) (?:any|some)(?:one|body) know|any ?one know|tell me|remind me|"
    r"can (?:you|u|someone)|could (?:you|u|someone)|i need to know|settle)\b",
    re.IGNORECASE,
)

_CONTEXT = 3  # sentences: how far back a question that points back may be read
_TERSE = 4  # words: a sentence this short leans on the ones before it for what it is about
# A yes/no question opens with one of these, after any opening chat word.
_YES_NO = frozenset("is are was were did does do has have had can could will would".split())
_CHECKING = _YES_NO - {"can", "could", "will", "would"}  # "can you ..." asks something done
# Chat words a message may open with before what it asks: "so", "ok", "wait", "lol" ...
_OPENERS = frozenset("so ok okay hey hi and but also then well um uh yo lol wait anyway".split())
# A question that says yes or no itself ("wasn't it ...", "did he say yes right away?"): which
# answer is "yes" is no longer plain.
_POLARITY = frozenset({"not", "no", "never", "nt", "n't", "yes"})
# Every question word, "whose" too: a sentence with one asks more than yes or no.
WH_WORDS = frozenset("who whom whose what when where which why how".split())
# A message checking a claim ("my buddy swears it came out in 1985, is that right?"): the
# claim's words are what someone said, not what is asked; the fact on its topic answers.
_CLAIM = re.compile(
    r"\b(?:is (?:that|it|this) (?:right|true|so|correct|accurate|legit|for real)|"
    r"(?:right|true|correct|accurate|legit|for real)\s*\?|am i right|true or (?:not|false)|"
    r"fact ?check)",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(
    r"\b(?:it|its|that|this|those|these|he|she|him|her|his|hers|they|them|their|there|"
    r"the (?:film|movie|guy|man|woman|one))\b",
    re.IGNORECASE,
)

# What a question may point back with and still mean the film: "who directed it?".
_THE_FILM_ITSELF = frozenset({"it", "the film", "the movie"})

# A question whether someone said what the story says: "did any critic say something similar?",
# "I swear some critic said the exact same thing. who was it?"
_ECHO = re.compile(
    r"\b(?:something|anything) (?:similar|like that)\b|\bthe (?:exact )?same thing\b"
    r"|\bthat exact thing\b|\bpoint(?:ed|s)? (?:that|this) out\b|\bsaid (?:so|that too)\b"
    r"|\bsay(?:s)? so\b|\bthe same (?:point|complaint|criticism|take|view)\b"
    r"|\b(?:notic(?:e|ed)|call(?:ed)?) (?:that|this)(?: out)?\b|\bagree(?:d)? with (?:me|us|that)\b"
    r"|\bback (?:me|us) up\b|\b(?:feel|felt|think|thought) the same\b|\bthe same way\b"
    r"|\bagree(?:d)? with (?:her|him|them|my \w+)\b|\bcomplain(?:ed)? about that\b",
    re.IGNORECASE,
)

# Past the film: "what other movies was she in", "coppola's best movie", "recommend me one".
_BEYOND = re.compile(
    r"\b(?:other|another|best|favou?rite|greatest|worst|next|last) "
    r"(?:\w+ )?(?:films?|movies?|roles?|musicals?|works?)\b|\bever made\b"
    r"|\brecommend (?:me|us|a|an|some|any|anything|something|other|good)\b"
    # Someone's life past the film: "is he still alive", "what is she best known for".
    r"|\bstill alive\b|\bpassed away\b|\bbest known for\b|\bafter (?:this|that) (?:film|movie)\b"
    # The films around it: "what did Coppola direct right before One from the Heart?"
    r"|\b(?:make|made|direct|directed|films?|movies?)\b(?: \w+){0,3} (?:right |just |directly )?"
    r"(?:before|after) (?:one from the heart|(?:this|that) (?:one|film|movie))\b"
    # "What else did he make that year?", "what else has she been in?"
    r"|\bwhat else (?:did|does|has|had|have) (?:\w+ ){1,3}?"
    r"(?:make|made|direct|directed|write|wrote|written|star|starred|act|acted|been in|do|done)\b"
)

# "What exact day": how precise an answer is asked for says nothing of its kind.
_PRECISION = r"(?:exact|specific|precise|actual)"
_EXACT = rf"(?:{_PRECISION} )?"
_PRECISE = rf"{_PRECISION} (?:\w+ ){{0,2}}"  # "the exact release date"
# What kind of answer a question wants, from its wording: first match wins.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "What date?" asks a day; "the screening date?" may be its month and year.
    ("day", re.compile(rf"\b(?:what|which) {_EXACT}(?:day|date)\b|\b{_PRECISE}date\b|\bday of\b")),
    ("month", re.compile(rf"\b(?:what|which) {_EXACT}month\b|\bmonth\b")),
    # "Was it made in the 90s?" asks in which decade: a year tells.
    ("year", re.compile(r"\b(?:what|which) year\b|\byear\b|\bin the (?:19|')?\d0s\b")),
    ("age", re.compile(r"\bhow old\b")),
    (
        "amount",
        re.compile(
            r"\bhow much\b(?! (?:\w+ ){1,4}?(?:care|cares|cared|connect|connects|connected"
            r"|like|liked|likes|love|loved|loves|hate|hated|hates|enjoy|enjoyed|feel|felt|relate)\b)"
            r"|\bwhat did (?:\w+ ){1,3}(?:pay|spend|cost)\b"
            r"|\b(?:what|which) (?:sum|amount)\b"
        ),
    ),
    ("count", re.compile(r"\bhow many\b")),
    ("duration", re.compile(r"\bhow long\b")),
    ("size", re.compile(r"\bhow (?:big|tall|large|wide|high)\b")),
    # A score out of something is a number; a rating may be a thumbs up.
    ("score", re.compile(r"\bout of (?:four|five|ten|\d+)\b|\bhow many stars\b|\bpercent")),
    ("rating", re.compile(r"\brating\b")),
    # What someone thought of it: only a fact telling what someone said or judged answers.
    (
        "opinion",
        re.compile(
            r"\bwhat did (?:\w+ ){1,3}(?:think|thought|feel|felt)\b"
            r"|\bhow did (?:\w+ ){1,3}(?:feel|felt)\b"
            r"|\b(?:what|how) (?:\w+ ){1,3}(?:thought|felt) (?:of|about)\b"
        ),
    ),
)
_WHEN_IN_YEAR = re.compile(r"^\W*(?:\w+ ){0,3}?when\b(?=.*\b(?:in|of|during) (?:19|20)\d\d\b)")
_DAY = re.compile(
    r"\b(?:" + "|".join(MONTHS) + r")\s+\d{1,2}\b|\b\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\b"
)
_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")
_NO_COUNT = re.compile(r"(?<![$£€])\b\d+k\b")  # a resolution ("4K"), not "$8k"
# Words that tell what someone said or judged of it: a review, a recommendation (a verdict,
# a thumbs up, is _THUMBS).
_JUDGED = re.compile(
    r"\b(?:said|says|stated|states|called|calls|described|describes|praised"
    r"|praises|reads|recommended|recommends|criticized|criticised|rejected|lacked|lacks"
    r"|consensus|review|reviews|reviewed)\b"
)
_THUMBS = re.compile(r"\bthumbs? (?:up|down)\b")  # a critic's verdict: a rating, if no score
# A quotation, closed or running to the end (a quote field may stop before its closing mark).
_QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)')
# A place a fact's text names: "in the United States", "at McCarran", "in San Francisco".
_PLACE = re.compile(r"\b(?:[Ii]n|[Aa]t)\s+(?:[Tt]he\s+)?[A-Z][a-z]+")


def clean(message: str) -> str:
    """The message without Discord markup and markdown, on one line."""
    text = _MARKUP.sub(" ", message)
    text = _MARKDOWN.sub(" ", text)
    return " ".join(text.split())


@cache
def _segmenter() -> pysbd.Segmenter:
    import pysbd  # 10 ms to import: only a line with a stop inside it needs it

    return pysbd.Segmenter(language="en", clean=False)


# A fenced code block, closed or not: code pasted into a chat asks the source nothing,
# though it may print ("```print(1)```" is no question about the unfinished print).
_CODE_BLOCK = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)


def sentences(message: str) -> list[str]:
    """The message's sentences, markup and code blocks gone. Line breaks end sentences too,
    and so does a full stop before a question in lower case ("loved the neon. does anyone
    know ..."), which pysbd, reading edited prose, takes for one sentence."""
    found: list[str] = []
    for line in _CODE_BLOCK.sub("\n", message).splitlines():
        line = clean(line)
        for sentence in segment(line) if line else ():
            pieces = _CHAT_BREAK.split(sentence)
            found.extend(piece.strip() for piece in pieces if piece.strip())
    return found


def segment(line: str) -> list[str]:
    """pysbd's sentences of a line; a line with no stop inside it is one sentence, as pysbd
    would say, without its 1 ms of work (most questions are one line, one sentence)."""
    if _INNER_STOP.search(line) is None:
        return [line]
    return [s for s in _segmenter().segment(line) if s.strip()]


@dataclass(frozen=True)
class Part:
    """A sentence that asks, and the text to match it by: itself, or with the one before."""

    text: str
    asking: str
    # It asks whether someone said what the story says: the story names no subject of it.
    echoes: bool = False
    # The entry the message before was answered with, where this one only asks a kind of
    # thing of it ("what year?" after the screening).
    topic: str | None = None
    # The sentence before, where this one points back ("was it used for ...?") yet was read
    # alone: read again with it if alone it gets no answer.
    before: str | None = None
    # The entry the message before was answered with, where this one is read after it: the
    # words it brings ("did he turn it down at first? so how did he end up making it?") make
    # that entry no rival to what is asked now.
    answered: str | None = None
    # A sentence read before the asking one asks something itself (see ``parts``).
    story_asks: bool = False
    # Every sentence of the message before the asking one, read or not.
    story: str = ""


def parts(message: str) -> list[Part]:
    """The message's sentences that ask something, in order; all of them if none clearly asks.

    A sentence that points back and says little itself ("what was its role?", "what year, if
    so?") is read with the sentences before it that say what "it" is; their words weigh
    lightly (see ``decision``).
    """
    found = sentences(message)
    asked = [asks(s) for s in found]
    asking = [i for i, a in enumerate(asked) if a] or list(range(len(found)))
    read: list[Part] = []
    for i in asking:
        echoes = i > 0 and bool(_ECHO.search(found[i]) or _ECHO.search(found[i - 1]))
        start = max(0, i - _CONTEXT) if echoes else _context_start(found, i)
        text = _echoed(found, i) if echoes else " ".join(found[start : i + 1])
        alone = i > 0 and text == found[i] and points_back(found[i])
        before = found[i - 1] if alone else None
        read.append(
            Part(
                text,
                found[i],
                echoes,
                before=before,
                story_asks=any(asked[start:i]),
                story=" ".join(found[:i]),
            )
        )
    return read


def _says_enough(sentence: str) -> bool:
    """Whether a sentence names enough itself to be read alone: two words that aren't
    question words, "film" or everyday English ("Where was it shown?" does not)."""
    common = english()
    own = [
        w
        for w in words(sentence)
        if is_content(w) and w not in LIGHT_WORDS and common.frequency(w) < EVERYDAY
    ]
    return len(own) >= 2


# A capitalised word past a sentence's first: a name ("Ebert"), a title ("Godfather").
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b")
# "I think this movie was in one of them": a sentence that leans on one before it in turn.
_POINTS_ON = re.compile(r"\b(?:them|those|these|they|there)\b", re.IGNORECASE)
_BUT = re.compile(r"\bbut\b", re.IGNORECASE)
# "..., even though it's gorgeous.": what a story grants in passing.
_THOUGH = re.compile(r",?\s*\b(?:even though|although|though|even if)\b[^.!?]*", re.IGNORECASE)
# What stands for one person, for one thing or person, and for anyone named before.
_PERSON = "he|she|him|her|his|hers"
_ONE_PERSON = re.compile(rf"\b(?:{_PERSON})\b", re.IGNORECASE)
_ONE = re.compile(rf"\b(?:it|its|{_PERSON})\b", re.IGNORECASE)
_SOMEONE = re.compile(rf"\b(?:{_PERSON}|they|them|their)\b", re.IGNORECASE)


def proper_names(sentence: str) -> list[str]:
    """Capitalised words inside a sentence, folded: names and titles ("Ebert", "Godfather");
    what "he" or "she" may stand for."""
    return [fold(w) for w in _NAME.findall(sentence.strip())]


_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")  # "LAX", "JFK", "MGM": a name, wherever it stands


def acronyms(sentence: str) -> list[str]:
    """Words in capitals, folded: names, though they may begin as a word does ("LAX")."""
    return [fold(w) for w in _ACRONYM.findall(sentence)]


def _echoed(found: list[str], i: int) -> str:
    """The sentence after the ``_CONTEXT`` sentences before it, where it echoes what they say:
    "Gorgeous, but I felt nothing for them. Did critics feel the same?": what follows "but" is
    what the story says; what it grants before "but", or "even though ...", is asked of no
    one."""
    story = " ".join(found[max(0, i - _CONTEXT) : i])
    conceded = _BUT.split(_THOUGH.sub("", story))
    return f"{conceded[-1]} {found[i]}".strip()  # what the story says is asked


def _context_start(found: list[str], i: int) -> int:
    """Where the sentences a sentence leans on begin: back until they say enough, or
    ``_CONTEXT`` sentences; the sentence itself where it leans on none."""
    if i > 0 and continues(found[i]):
        return i - 1
    terse = len(found[i].split()) <= _TERSE
    if i == 0 or not (terse or points_back(found[i])) or _says_enough(found[i]):
        return i
    film = _means_the_film(found[i])
    if film and _names_the_film_alone(found[i - 1]) and not _says_enough(found[i - 1]):
        return i  # "it" is the film, which the sentence before names and no more
    # "he" or "she" stands for someone named: back to where someone is, if that is near.
    person = _ONE_PERSON.search(found[i]) is not None
    start = i - 1
    while (
        start > 0
        and i - start < _CONTEXT
        and not (film and _names_the_film_alone(found[start]))
        # "We couldn't figure out who directed it. Who was it?": the sentence before asks it
        # (not where the question's "she" is someone named further back).
        and (person or not _asks_inside(found[start]))
        and (
            not _says_enough(" ".join(found[start:i]))
            # A sentence saying "she" too leans on one before it for whom: "somebody told me
            # she's in a Coppola musical" names no "she".
            or (person and not any(map(_names_before_pointing, found[start:i])))
        )
    ):
        start -= 1
    return start


# Not knowing what a question asks: "we couldn't figure out who", "no idea when" (as read:
# "figure out" is "know").
_UNKNOWING = re.compile(
    r"\b(?:know|knew|wonder|wondering|wondered|remember|recall|sure|idea|tell)"
    r"(?: \w+){0,2} (?:who|what|when|where|which|why|how)\b"
)


def _asks_inside(sentence: str) -> bool:
    """Whether a sentence that asks nothing itself holds a question inside it: "we couldn't
    figure out who directed it", "no idea when it came out"."""
    return not asks(sentence) and _UNKNOWING.search(" ".join(words(sentence))) is not None


def _names_before_pointing(sentence: str) -> bool:
    """Whether a sentence names someone before any "he" or "she" of its own: "somebody told
    me she's in a Coppola musical" leans on a sentence before it for who "she" is."""
    pointing = _ONE_PERSON.search(sentence)
    named = _NAME.search(sentence.strip())
    return named is not None and (pointing is None or named.start() < pointing.start())


def it_is_asked_after_a_story(piece: Part) -> bool:
    """Whether the asking sentence points back with "it" alone, after sentences that ask
    nothing: "it" may be the film then ("... they mentioned it on a podcast. Who directed
    it?"), not what a question before it asks of ("Who sings the duets? Was it the actors?")."""
    return piece.text != piece.asking and not piece.story_asks and _means_the_film(piece.asking)


def _names_the_film_alone(sentence: str) -> bool:
    """Whether a sentence names the film, and leans on none before it ("I think this movie
    was in one of them" leans on what "them" are)."""
    return names_film(sentence) and not _POINTS_ON.search(sentence)


def _means_the_film(sentence: str) -> bool:
    """Whether a sentence points back only with "it": the film, once one before names it
    ("I finally found One from the Heart. Who starred in it?")."""
    pointers = {m.group(0).casefold() for m in _POINTS_BACK.finditer(sentence)}
    return bool(pointers) and pointers <= {"it", "its"}


# "When he finally took it on, what ...": a clause, a comma, then the question itself.
_CLAUSE_FIRST = re.compile(
    r"^\W*(?:when|where|if|after|before|once|since|while)\b[^,?]*,\s*(?=(?:who|whom|whose|"
    r"what|when|where|which|why|how)\b)",
    re.IGNORECASE,
)


def refers_to_someone(sentence: str) -> bool:
    """Whether a sentence stands "he", "she" or "they" for someone named before."""
    return _SOMEONE.search(sentence) is not None


def points_to_one(sentence: str) -> bool:
    """Whether a sentence points back to one thing or person ("it", "she"), not a crowd."""
    return _ONE.search(sentence) is not None


def asks_of_the_film(sentence: str) -> bool:
    """Whether all a sentence points back to is "it", "the film" or "the movie" ("who
    directed it?"): the film, not someone or something a story before it names."""
    pointers = {fold(m.group(0)) for m in _POINTS_BACK.finditer(sentence)}
    return bool(pointers) and pointers <= _THE_FILM_ITSELF


def names_a_topic(sentence: str) -> bool:
    """Whether a sentence only names what a question after it is about: a few words, no
    question word, nothing pointed back to ("mccaran airport replica?? what scene was it
    for": the replica is what "it" is)."""
    said = words(sentence)
    return (
        0 < len(said) <= _TERSE
        and not QUESTION_WORDS.intersection(said)
        and not asks_yes_or_no(sentence)
        and not points_back(sentence)
    )


def continues(sentence: str) -> bool:
    """Whether a sentence asks on from the one before, of what that one names: "mccarran
    airport replica?? for which scene"."""
    return _CONTINUES.search(sentence) is not None


def points_back(sentence: str) -> bool:
    """Whether a sentence leans on an earlier one for what it is about."""
    return _POINTS_BACK.search(sentence) is not None


def asks(sentence: str) -> bool:
    """Whether a sentence asks something: a question mark, a question's opening, a request."""
    return (
        "?" in sentence
        or _QUESTION_START.search(sentence) is not None
        or _REQUEST.search(sentence) is not None
    )


# A question about the bot itself: "are you a bot?", "who made this bot?", "what can you do?".
_ABOUT_ME = re.compile(
    r"\bare you (?:a |an )?(?:real|human|person|bot|robot|ai|alive)\b"
    r"|\b(?:made|built|created|coded|programmed|wrote|runs) (?:you|this bot|the bot)\b"
    r"|\bwhat can (?:you|this bot) do\b|\bis (?:this|that) a bot\b"
)


_TO_ME = re.compile(r"\b(?:you|u|ya|bot)\b")  # cheap to look for: most sentences have none


def asks_about_me(sentence: str) -> bool:
    """Whether a sentence asks about the bot, not the source ("who made this bot?")."""
    if _TO_ME.search(fold(sentence)) is None:
        return False
    return _ABOUT_ME.search(" ".join(words(sentence))) is not None


# What the asker does: "what am I doing wrong?", "or am I doing something wrong?", "what
# should we do?", "what would you do?", "what should I say to him?".
_ABOUT_THE_ASKER = re.compile(
    r"\b(?:am|are|do|did|should|shall|can|could|would) (?:i|we|you) (?:be )?(?:do|doing)\b"
    r"|\b(?:should|shall|do|would) (?:i|we) say\b"
)


def asks_what_the_asker_does(sentence: str) -> bool:
    """Whether a sentence asks what the asker does, which no source tells, however close its
    words ("what am I doing wrong" to "what went wrong after the preview")."""
    return _ABOUT_THE_ASKER.search(" ".join(words(sentence))) is not None


_WHY = re.compile(r"\b(?:why|how come|what (?:caused|made|led to)|reasons?)\b")


# What the source tells next, asked after an answer: "and then what?", "what did he do after
# that?", "what happened next?". Nothing else may be asked with it.
_WHAT_NEXT = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|ok so|wait)\W+)*(?:"
    r"then what(?: happened| happens)?(?: next)?"
    r"|then what did \w+ do"
    r"|what (?:happened|happens|came|comes|followed) (?:next|then|after(?:wards| that)?)"
    r"|what did \w+ do (?:next|then|after(?:wards| that)?)"
    r"|what next|and after that|after that"
    r")\W*$"
)


def asks_what_next(message: str) -> bool:
    """Whether a message asks only what came next ("and then what did he do?")."""
    return _WHAT_NEXT.match(fold(message).strip()) is not None


def asks_why(sentence: str) -> bool:
    """Whether a sentence asks what brought something about ("why did theaters bail?",
    "anyone know what caused that?")."""
    return _WHY.search(fold(sentence)) is not None


def asks_yes_or_no(sentence: str) -> bool:
    """Whether a sentence asks yes or no ("was MGM the distributor?"), and says neither itself
    ("wasn't it ...", "did he say yes ...": which answer is "yes" is no longer plain), nor is
    a question put politely ("can you tell me who directed it?" wants a name)."""
    found = past_openers(words(sentence))
    return (
        bool(found)
        and found[0] in _YES_NO
        and _POLARITY.isdisjoint(found)
        and WH_WORDS.isdisjoint(found)
    )


def checks_whether(sentence: str) -> bool:
    """Whether a sentence asks if something is so ("was it directed by Scorsese?"), not for
    something to be done ("can you write me a poem?")."""
    return asks_yes_or_no(sentence) and past_openers(words(sentence))[0] in _CHECKING


def past_openers(found: list[str]) -> list[str]:
    """Words from the first that isn't a chat opener ("ok so was it ..." -> "was it ...")."""
    start = 0
    while start < len(found) and found[start] in _OPENERS:
        start += 1
    return found[start:]


def checks_a_claim(message: str) -> bool:
    """Whether a message asks if something someone said is so."""
    return _CLAIM.search(message) is not None


def beyond_the_film(sentence: str) -> bool:
    """Whether a sentence asks past the film: other films, the best one ever, a pick."""
    return _BEYOND.search(fold(sentence)) is not None


# Words a relative "who" or "which" may follow: "someone who", "anyone which".
_RELATIVE_HEADS = frozenset(
    "someone somebody anyone anybody everyone everybody people those one person".split()
)


def leading_question_word(sentence: str) -> str | None:
    """The question word a sentence opens with ("when did ..."), not one inside it ("what does
    Ray pretend to be when he meets Frannie": a "what" question). A clause set off before the
    question is no question ("When he took it on, what company ...": a "what" question)."""
    clause = _CLAUSE_FIRST.match(sentence)
    if clause is not None:
        sentence = sentence[clause.end() :]
    previous = ""
    for word in words(sentence):
        if word in QUESTION_WORDS:
            # "As someone who loves musicals, ...": "who" begins no question there.
            return None if previous in _RELATIVE_HEADS else word
        if is_content(word):
            return None
        previous = word
    return None


_FILMS_AGE = re.compile(
    r"\bhow old (?:(?:is|was) )?"
    r"(?:it|this|that|(?:the|this|that) (?:film|movie)|one from the heart)\b"
)


def asks_the_films_age(sentence: str) -> bool:
    """Whether "how old ...?" asks the film's age ("how old is this movie?"), which its year
    gives, and not someone's ("how old was Coppola when he made it?")."""
    return _FILMS_AGE.search(fold(sentence)) is not None


def kind_asked(sentence: str) -> str | None:
    """The kind of answer a sentence asks for, where its wording says: a day, a month, a
    year, an age, an amount, a count, a duration, a size, a score, a rating, what someone
    thought (an opinion); None where it doesn't narrow it. Only a fact giving that kind
    answers (the decision's check, not the ranking)."""
    folded = " ".join(words(sentence))  # as chat spells it too: "hw old", "wat year"
    for kind, pattern in _KINDS:
        if pattern.search(folded):
            return kind
    if _WHEN_IN_YEAR.search(folded):
        return "month"  # "when in 1986 did it air?": the year is given; a month or date tells
    return None


def kinds_given(text: str) -> frozenset[str]:
    """The kinds of answer a fact's text can give: day, month, year, numbers, a place, what
    someone said or judged (an opinion: a quotation, a review, a verdict).

    Words in quotation marks are someone's words, not what the fact tells: a critic's "back
    in 1982" gives no year of the review.
    """
    judged = bool(_QUOTED.search(text) or _JUDGED.search(fold(text)))
    text = _QUOTED.sub(" ", text)
    folded = fold(text)
    found: set[str] = {"place"} if _PLACE.search(text) else set()
    if _DAY.search(folded):
        found |= {"day", "month"}
    elif _MONTH.search(folded):
        found.add("month")
    if YEAR.search(folded):
        found |= {"year", "age", "duration"}  # "how old is it?", "how long ago was that?"
    # A date's numbers and a picture's "4K" count nothing: "in select theaters ... 2024 ...
    # in 4K" says nothing of how many theaters.
    if states_number(_NO_COUNT.sub(" ", YEAR.sub(" ", _DAY.sub(" ", folded)))):
        found |= {"amount", "count", "duration", "age", "score", "rating", "size"}
    if _THUMBS.search(folded):
        found |= {"rating", "opinion"}  # a critic's thumbs up: his rating, and his view
    if judged:
        found.add("opinion")
    return frozenset(found)


# A text's words and marks, a possessive kept on its word: "website's" ends a noun phrase.
_TOKENS = re.compile(r"[\w'’-]+|[^\w\s]")
_NAMELESS = 2  # words: "a crashed plane", "a review website"; longer runs are no plain thing
# What a text may bring in without naming, and still be the film: "a 1982 film".
_THE_FILM = frozenset({"film", "movie", "picture"})
# What brings a thing in without saying which: "a crashed plane", "in select theaters".
_SOME = frozenset({"a", "an", "select", "some", "several", "various"})
# Words before "a ..." that make it what a named thing is: "Leila is a circus performer".
_NAMING = frozenset({"as", "is", "was", "are", "were"})


def unnamed_things(text: str) -> frozenset[str]:
    """The things a text brings in without naming them, by the stems of their head words:
    "a crashed plane" says no plane, "a review website's" no website. Not a thing it names
    ("Leila, a circus performer", "Leila is a ..."), gives a role ("MGM remaining as a
    distributor") or tells apart ("a screening of an unfinished print")."""
    tokens = _TOKENS.findall(text)
    found: set[str] = set()
    for at, token in enumerate(tokens):
        if token.lower() not in _SOME:
            continue
        before = tokens[at - 1] if at else ""
        if before.lower() in _NAMING or (before == "," and at > 1 and tokens[at - 2][:1].isupper()):
            continue
        phrase: list[str] = []
        for following in tokens[at + 1 : at + 2 + _NAMELESS]:
            folded = fold(following)
            owned = folded.endswith(("'s", "’s"))
            folded = folded.removesuffix("'s").removesuffix("’s")
            if folded == "of":
                phrase = []  # "a screening of an unfinished print" says which screening
                break
            if not folded[:1].isalnum() or not _names_a_thing(folded):
                break
            phrase.append(folded)
            if owned:
                break
        else:
            continue  # ran on past a plain thing
        if 0 < len(phrase) <= _NAMELESS and phrase[-1] not in _THE_FILM:
            found.add(stem(phrase[-1]))
    return frozenset(found)


# A token that is "which" or "what" as typed, or as chat spells it ("wat", "whats").
_WHICH_OR_WHAT = re.compile(r"\W*(?:which|wh?at|wut|wht)(?:['’]?s)?\W*$", re.IGNORECASE)


def _names_a_thing(word: str) -> bool:
    return is_content(word) and word not in LIGHT_WORDS  # not "in": "a fire in the ..."


# "the name of the website": the website is to be named.
_NAME_OF = re.compile(r"\bnames? of (?:the |that |this |his |her |their )?(\w+)")


def which_asked(sentence: str) -> frozenset[str]:
    """The stems of what "which ...", "what ..." or "the name of ..." asks to be named:
    "which crashed plane was it" asks for a plane (and a crashed one), "what kind of jet" for
    a kind, "which country's theaters" for a country."""
    # Word by word as typed, so that a possessive ends what is asked: "which country's
    # theaters" asks for a country. Only the words after "which" or "what" are read so.
    tokens = sentence.split()
    asked: set[str] = set()
    for at, token in enumerate(tokens):
        if _WHICH_OR_WHAT.match(token) is None:
            continue
        said = [
            (w, later.endswith(("'s", "’s")))
            for later in tokens[at : at + 1 + _NAMELESS]
            for w in words(later)
        ]
        for start, (word, _) in enumerate(said):
            if word not in ("which", "what"):
                continue
            for following, owned in said[start + 1 : start + 1 + _NAMELESS]:
                if not _names_a_thing(following):
                    break
                asked.add(stem(following))
                if owned:
                    break
    # "What's the name of the circus she's with?" asks to name a circus too.
    asked.update(stem(found.group(1)) for found in _NAME_OF.finditer(fold(sentence)))
    return frozenset(asked)
