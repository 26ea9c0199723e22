"""Text normalisation shared by the index and the questions: chat text in, comparable tokens out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

WORDS_CACHE = 4096  # texts whose words are kept: a decision reads each several times
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_IS_CONTRACTIONS = re.compile(r"\b(what|who|where|when|how|that|it|there|here|whats|whos)'s\b")
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'s\b"), ""),  # possessive: "coppola's film" is about coppola
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Discord mentions and custom emoji say who is addressed, never what is asked.
DISCORD_MARKUP = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|@(?:everyone|here)\b")
# Phrases whose words mislead one by one.
_PHRASES = (
    (re.compile(r"\bfor a living\b"), " job "),
    (re.compile(r"\bturn(?:ed|s|ing)? (?:it |the offer |them )?down\b"), " reject "),
    (re.compile(r"\bsaid no\b|\bsay no\b"), " reject "),
    (
        re.compile(r"\bhit (?:the )?(?:theaters|theatres|cinemas|screens)\b"),
        " released in theaters ",
    ),
    (re.compile(r"\bc[ao]me out\b"), " released "),
    (re.compile(r"\bwhat is the (?:deal|story) with\b"), " about "),
    # "name the actors", "list the critics": a request, like "tell me", not a question of names.
    (
        re.compile(r"^\W*(?:please\s+|pls\s+|plz\s+|can you\s+|could you\s+)?(?:name|list)\b"),
        " tell ",
    ),
    # "figure out" and "find out" ask to know; their "out" is no backing out.
    (re.compile(r"\b(?:figur(?:e|es|ed|ing)|find(?:s|ing)?|found) out\b"), " know "),
    # Nor is "point that out", which says something.
    (re.compile(r"\bpoint(?:s|ed|ing)? (?:that |this |it |those )?out\b"), " say "),
    # "Where does MGM come into it?" asks what part MGM had, not a place.
    (
        re.compile(r"\bwhere (?:do|does|did) (.{1,40}?) (?:come|fit)s? in(?:to)?\b"),
        r" what role did \1 have in ",
    ),
    # "Which actors make up the cast": who is in it, no one making anything.
    (re.compile(r"\bmak(?:e|es|ing) up\b"), " are in "),
    # Caring for each other is liking each other, whoever cares for the characters.
    (re.compile(r"\bcar(?:e|es|ed|ing) (?:for|about) (each other|one another)\b"), r" like \1 "),
    # "Who stared in it?": starred, a slip no spell-check catches.
    (re.compile(r"\bstared in\b"), " starred in "),
    # "end up with" is where someone lands, not an ending.
    (re.compile(r"\bend(?:s|ed|ing)? up\b"), " land "),
    # "At what point in the story": in which scene.
    (re.compile(r"\b(?:at )?what point in the (?:story|film|movie|plot)\b"), " in which scene "),
    # "the verdict in a nutshell": how much is wanted, not what.
    (
        re.compile(
            r"\bin (?:a nutshell|short|brief|a word)\b|\b(?:the )?short version\b"
            r"|\bin (?:a|one|1) (?:sentence|line)(?: or two)?\b"
            # "tell me a bit about it": how much, not a bit of anything.
            r"|\ba (?:little )?bit (?=about|more|of background)|\ba little (?=about|more)"
        ),
        " ",
    ),
    # "What's Hank's middle name?": a surname, which no first name the source gives tells.
    (re.compile(r"\b(?:last|middle|family|maiden|sur) ?names?\b"), " surname "),
    # "My friend says X, I say Y. Who's right?": whether a claim is so, not who someone is.
    (re.compile(r"\bwho (?:is|was) (?:right|correct)\b|\bwho wins\b"), " is that right "),
    # "Was Siskel a fan or what?", "or nah": a yes or no, asked; the tail asks nothing more.
    (re.compile(r"\bor (?:what|not|nah|naw|no|nope)\W*$"), " "),
    # What the answer is for ("so I can put it on the flyer") asks nothing.
    (re.compile(r"\bso (?:that )?(?:i|we) (?:can|could)\b.*$"), " "),
    # "Did he write it as well?": too; nothing was received well.
    (re.compile(r"\bas well(?! as)\b"), " too "),
    # "In terms of genre": of the genre; no terms of anything.
    (re.compile(r"\bin terms of\b"), " of "),
    # "What was the airport set for?" asks what it was used for.
    (
        re.compile(
            r"\bwhat(?:'s|s| was| were| is| are) ((?:\w+ ){1,5}?)"
            r"(?:even |actually |really )?for\W*$"
        ),
        r" what was \1 used for ",
    ),
    # "I wonder what the airport set was for": the same, asked indirectly.
    (
        re.compile(
            r"\bwhat ((?:\w+ ){1,5}?)(?:was|were|is|are) (?:even |actually |really )?for\W*$"
        ),
        r" what was \1 used for ",
    ),
    # "Who directed One from the Heart, the one he starred in?": which film, not what is asked.
    (re.compile(r",\s*(?:the|that) (?:one|film|movie)\b[^?.!]*"), " "),
    # "Can't remember who Ray is", "not sure what Leila does": wondering, as "I wonder"; no
    # "not" of anything the source says ("characters who don't seem to like each other").
    (
        re.compile(
            r"\b(?:can'?t|cannot|can not|couldn'?t|don'?t|do not) (?:quite )?(?:remember|recall)\b"
            r"|\bnot (?:quite |really |too )?sure\b|\bno idea\b"
        ),
        " wonder ",
    ),
    # "Tips for a first date": an evening out, not a date the source gives.
    (re.compile(r"\b(?:a|my|our|the|your) first dates?\b"), " "),
    # "Any big names?", "any famous ppl in it?": who starred in it.
    (
        re.compile(r"\b(?:any )?big names?\b|\bfamous (?:faces?|people|ppl|folks|actors)\b"),
        " stars ",
    ),
    # "Fill in the blank: Hank goes with ____": a request, like "tell me"; the blank is asked.
    (re.compile(r"\bfill in the blanks?\b"), " tell "),
    # What the asker needs it for ("for my essay", "for a trivia night") asks nothing.
    (
        re.compile(
            r"\bfor (?:my|our|a|an|the|this|his|her|their) (?:\w+ ){0,2}?(?:lists?|essays?"
            r"|papers?|blog|blog post|class|course|project|quiz|trivia|trivia night|quiz night"
            r"|movie night|date night|podcast|video|club|notes|card"
            r"|presentation|assignment|homework|report|article|newsletter|handout|thesis"
            r"|watchlist|zine)\b"
        ),
        " ",
    ),
    # "Which airport did the crew recreate?": the crew only does what is asked about; who
    # they were is not asked.
    (
        re.compile(
            r"\bthe (?:film |movie )?(?:crew|filmmakers|production team|set builders|set "
            r"designers|production designers|art department)"
            r"(?= (?:built|build|recreate|recreated|replicate|replicated|reproduce|reproduced"
            r"|copy|copied|use|used|make|made|construct|constructed|model|modeled|modelled"
            r"|rebuild|rebuilt|source|sourced|get|got|find|found)\b)"
        ),
        " they ",
    ),
    # "Did any critic back me up?" asks whether one said so; nothing is backed or up.
    (re.compile(r"\bback (?:me|us|that|this) up\b"), " say so "),
    # "Is it as bad as people say?" asks of its reputation, not of what anyone said.
    (
        re.compile(r"\bas (?:bad|good|great|terrible) as (?:people|they|everyone|folks) says?\b"),
        " its reputation ",
    ),
    # "Per your source": where the answer is to come from, which it always does.
    (
        re.compile(
            r"\b(?:per|according to|from|in|based on) (?:your|ur|the|this) (?:source|article"
            r"|document|doc|page|text|wiki|wikipedia page)\b"
        ),
        " ",
    ),
    # "No spoilers": how much is wanted, not the ending.
    (
        re.compile(
            r"\b(?:no|without|zero|minimal|light) spoilers?\b|\bspoiler[- ]free\b"
            r"|\b(?:don'?t|do not|dont) (?:want to )?spoil (?:it|anything|the ending)\b"
        ),
        " ",
    ),
    # "would love to know" wants to know; it has nothing to do with a love story.
    (re.compile(r"\b(?:would|'d|i) (?:really )?(?:love|like) to\b"), " want to "),
)

# Chat spellings and everyday synonyms, mapped to the word the fact base uses.
CHAT: dict[str, str] = {
    "u": "you",
    "ya": "you",
    "ur": "your",
    "r": "are",
    "y": "why",
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "whats": "what is",
    "wats": "what is",
    "whos": "who is",
    "wheres": "where is",
    "whens": "when is",
    "hows": "how is",
    "wen": "when",
    "wer": "where",
    "wher": "where",
    "hw": "how",
    "abt": "about",
    "comin": "coming",
    "goin": "going",
    "nothin": "nothing",
    "somethin": "something",
    "esp": "especially",
    "bout": "about",
    "dis": "this",
    "dat": "that",
    "da": "the",
    "teh": "the",
    "im": "i am",
    "shes": "she is",
    "thats": "that is",
    "theres": "there is",
    "eachother": "each other",
    "ther": "there",
    "theyre": "they are",
    "werent": "were not",
    "wouldnt": "would not",
    "dont": "do not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "wasnt": "was not",
    "cant": "can not",
    "rite": "right",
    "tru": "true",
    "rites": "rights",
    "nite": "night",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "thx": "thanks",
    "ty": "thanks",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "b4": "before",
    "2day": "today",
    "movie": "film",
    "movies": "films",
    "flick": "film",
    "pic": "film",
    "picture": "film",
    "nyt": "new york times",
    "lat": "los angeles times",
    "ffc": "francis ford coppola",
    "sf": "san francisco",
    "yr": "year",
    "yrs": "years",
    "n": "and",
    "w": "with",
    "lv": "las vegas",
    "vegas": "las vegas",
    "dir": "director",
    "rec": "recommend",
    "recd": "recommended",
    "dos": "does",
    "rereleased": "re released",
    "rerelease": "re release",
}

STOPWORDS = frozenset(
    """
    a an the and or but of to on at by for from with as into over than then so during thru
    is are was were be been being am do does did doing done have has had having
    i me my we our you your he him his she her it its they them their this that these those
    there here can could would should will shall may might must
    please tell know let give show say said any some tell me just really actually also
    hey hi hello ok okay yo thanks thank like get got want wanted wonder wondering curious
    ever even still himself herself itself themselves myself yourself exactly
    lol lmao haha omg btw tho though pls plz anyone someone anybody somebody guys bot heartbot
    roughly basically kinda sorta literally recently lately overall explain right now more one
    remind remember recall forget forgot forgetting trying wanna need figure confirm
    bruh bro ngl tbh idk smh ikr fam yall imo imho rn fr swear swears swore insist insists nah
    gimme meh wait misremembering misremember misremembered heard
    if whether always according else sure supposed wondered thing things stuff anything whole
    entire
    """.split()
)
# Question words carry intent ("when" vs "where") but little else: they count, lightly.
QUESTION_WORDS = frozenset({"who", "what", "when", "where", "why", "how", "which", "whom"})
# Words that only say "this film": they count lightly too, so "what is the film about" still
# reaches the plot while "film" alone never decides between facts.
LIGHT_WORDS = QUESTION_WORDS | {"film", "films", "about", "in"}

_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ers", "er", "ed", "es", "s", "ly")
# Irregular forms the suffix rule can't reach, mapped to the form it produces for the stem.
IRREGULAR: dict[str, str] = {
    "bought": "buy",
    "made": "make",
    "wrote": "writ",
    "written": "writ",
    "write": "writ",
    "lent": "lend",
    "spent": "spend",
    "paid": "pay",
    "gave": "give",
    "given": "give",
    "sang": "sing",
    "sung": "sing",
    "built": "build",
    "shot": "shoot",
    "won": "win",
    "thought": "think",
    "saw": "see",
    "seen": "see",
    "went": "go",
    "gone": "go",
    "held": "hold",
    "began": "begin",
    "begun": "begin",
    "ran": "run",
    "sold": "sell",
    "took": "take",
    "taken": "take",
    "told": "tell",
    "came": "come",
    "got": "get",
    "cost": "cost",
    # The suffix rule keeps a final "e" the suffixed forms lose: these meet those forms.
    "distribute": "distribut",  # "distributed"
    "rate": "rat",  # "rated", "rating": "how did siskel rate it?" is asked "rated" too
    # Shooting a film is not the film: keep "filming" apart from "film".
    "filming": "shoot",
    "filmed": "shoot",
    "shooting": "shoot",
    "news": "news",
}
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")
# The title, however it's typed ("one form teh heart"), means "the film": every question is
# about it, so it says nothing about which fact is wanted.
_TITLE = re.compile(
    r"\bone\s+(?:(?:fr?o?m|fron|form|frmo|fomr|of|frum)\s+(?:the\s+|teh\s+|da\s+)?|fromthe\s+)"
    r"(?:heart|hart|heat|haert)"
    r"(?:\s*:?\s*reprise)?\b"
)


_TITLE_AS_WRITTEN = re.compile(_TITLE.pattern, re.IGNORECASE)


def without_title(text: str) -> str:
    """The text as written, the film's title taken out: its capitals name nothing else."""
    return _TITLE_AS_WRITTEN.sub(" ", text)


# A year as sources write them, 1500 to 2099: what makes a fact able to answer "when".
YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
MONTHS = (
    "january february march april may june july august september october november december"
).split()

_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion dozen dozens hundreds thousands millions twice".split()
)


def states_number(text: str) -> bool:
    """Whether a text gives a number, in digits or in words ("eleven years"): one that can
    answer "how many/much/long ...?"."""
    if any(ch.isdigit() for ch in text):
        return True
    # The title's "one" is no number: drop it, then look at the bare words.
    bare = _NON_WORD.sub(" ", _TITLE.sub(" ", fold(text))).split()
    return not _NUMBER_WORDS.isdisjoint(bare)


_FILM_REFERENCES = frozenset({"film", "films", "it", "this"})
_THIS_FILM = frozenset({"film", "thing", "musical", "flick", "picture"})  # "this thing"
_NAMED_FILM = re.compile(r"\b(?:this|the|that) (?:film|movie|flick|musical)\b")


def names_film(text: str) -> bool:
    """Whether a sentence names the film itself, by its title or as "this movie": after it,
    "it" is the film ("film club" names no film)."""
    folded = fold(text)
    return _TITLE.search(folded) is not None or _NAMED_FILM.search(folded) is not None


def titles_the_film(text: str) -> bool:
    """Whether a text names the film by its title, as the film itself: not the Reprise's title,
    nor the film as what something is of ("the re-release of One from the Heart")."""
    return last_titled_at(text) >= 0


def last_titled_at(text: str) -> int:
    """Where in the folded text the film is last named by its title as the film itself, or
    -1 where it isn't."""
    folded = fold(text)
    return max(
        (
            m.start()
            for m in _TITLE.finditer(folded)
            if not m.group(0).endswith("reprise") and not folded[: m.start()].endswith("of ")
        ),
        default=-1,
    )


def mentions_film(normalised: Sequence[str]) -> bool:
    """Whether words normalised by ``words`` point at the film ("it", "this movie", the title);
    "this week" and "this year" point at no film."""
    for i, word in enumerate(normalised):
        if word in _FILM_REFERENCES:
            after = normalised[i + 1] if i + 1 < len(normalised) else ""
            if word != "this" or not after or not is_content(after) or after in _THIS_FILM:
                return True
    return False


def fold(text: str) -> str:
    """Casefold, strip accents and unify apostrophes, so "Raúl" and "raul" compare equal."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.casefold()  # ASCII has nothing to decompose and no accents to strip
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# "in '86", "back in 82": a year of the last century, written short.
# Not "in 90 minutes" or "one of 50 theaters": the number ends the clause.
_SHORT_YEAR = re.compile(
    r"(?P<lead>\b(?:in|of|from|since|by|around|or|and) |')(?P<year>[3-9]\d)"
    r"(?=\s*(?:[?.!,;:)]|$)|\s+(?:and|or|but|when|right|too|though|lol|i|he|she|it|they)\b)"
)


def words(text: str) -> list[str]:
    """Fold text, expand contractions and chat spellings, and split it into words."""
    return list(_words(text))


# Whether any of the phrases is there at all: most texts have none, and one search is cheaper
# than trying each.
_ANY_PHRASE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _PHRASES))


@lru_cache(maxsize=WORDS_CACHE)
def _words(text: str) -> tuple[str, ...]:
    # A question is read several times over as it is decided; each reading is the same.
    return _read(text, phrases=True)


def spelled_out(text: str) -> tuple[str, ...]:
    """The words with contractions and chat spellings spelled out, but none of the phrases the
    matcher rewrites for the film ("for a living" -> "job"): a reading any intents can learn
    from."""
    return _read(text, phrases=False)


def _read(text: str, *, phrases: bool) -> tuple[str, ...]:
    text = DISCORD_MARKUP.sub(" ", fold(text))
    # Each pattern only where what it needs is there: most questions have no apostrophe.
    if "one" in text:
        text = _TITLE.sub(lambda m: "reprise" if m.group(0).endswith("reprise") else "film", text)
    if any(ch.isdigit() for ch in text):
        text = _SHORT_YEAR.sub(r"\g<lead>19\g<year>", text)
    if "'" in text:
        text = _IS_CONTRACTIONS.sub(lambda m: m.group(1).removesuffix("s") + " is", text)
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
    if phrases and _ANY_PHRASE.search(text):
        for pattern, replacement in _PHRASES:
            text = pattern.sub(replacement, text)
    out: list[str] = []
    for word in _NON_WORD.sub(" ", text).split():
        meant = CHAT.get(word, word).split()
        # "vegas" is "las vegas", but "las vegas" is no "las las vegas".
        lead = meant[:-1]
        if lead and out[-len(lead) :] == lead:
            meant = meant[-1:]
        out.extend(meant)
    return tuple(out)


def forget() -> None:
    """Drop the words kept of texts read before: a benchmark measures reading them afresh."""
    _words.cache_clear()


def stem(word: str) -> str:
    """Strip one common English suffix so "directed", "directing" and "director" meet."""
    if word.isdigit():
        return word
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix in _SUFFIXES:
        # "-er" leaves at least four letters: "singer" is "sing", but "offer" is no "off".
        shortest = 4 if suffix in ("er", "ers") else 3
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)]
            if suffix not in ("s", "ly"):
                # "starred" -> "star", "planning" -> "plan"
                word = _DOUBLED.sub(r"\1", word)
            break
    # "director" -> "direct" and "directing" -> "direct"; "writer"/"writ" collapse likewise.
    return word.removesuffix("or") if len(word) > 6 else word


def is_content(word: str) -> bool:
    """Whether a word says what the question is about (not a stopword)."""
    return word not in STOPWORDS
