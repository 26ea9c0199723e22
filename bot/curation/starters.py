"""Starter questions for a drafted fact, asked the way a reader would ask them.

There is no parser here, only the shapes Wikipedia sentences take again and again: "directed
by X", "starring ...", "was released on <date>", "$8 million", "3,000 teenagers", "filmed in
Baltimore", "X praised ...", "X is a ...", "Leila, a circus performer". Each shape gives the
question a reader would ask of it, in the sentence's own names and numbers; simplemma turns the
sentence's verbs into the form a question needs ("agreed to lend" -> "did ... agree to lend").
A sentence no shape fits gets nothing here: the drafter falls back to plainer questions, and
the engine proves that every question it keeps routes back to its own fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import simplemma

from bot.engine.matching.english import english
from bot.engine.text import MONTHS, STOPWORDS, YEAR, fold

_TOKEN = re.compile(r"[$£€]\s?\d(?:[\d,.]*\d)?|\d{1,3}(?:,\d{3})+|\w+(?:['’.-]\w+)*")
_MONEY = re.compile(r"[$£€]")
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_AMOUNT_WORDS = frozenset("million billion thousand hundred".split())
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundreds thousands dozen dozens".split()
)
_MONTHS = frozenset(MONTHS)
_WHEN = frozenset("in on during since until by of".split())  # before a date: "released in 2011"
_AUX = frozenset("was were is are be been being has have had did does do".split())
_COPULAS = frozenset("is was are were".split())
_DETERMINERS = frozenset("a an the its his her their this that these those".split())
_REWRITTEN_DETERMINERS = frozenset("a an its his her their".split())  # become "the"
_PREPOSITIONS = frozenset(
    "of in on at by for with from to into during after before as over against".split()
)
_BEFORE_PLACES = frozenset("the in at near from of to".split())
_RELATIVES = frozenset("who which that".split())
_NAME_JOINERS = frozenset("of the and from de von van".split())
# Words that sit between a subject and its verb without changing who did what.
_ADVERBS = frozenset("also then later eventually initially first never finally once".split())
# Verbs by which somebody gives a view: asking what they said is asking what they thought.
_VIEWS = frozenset(
    """
    said stated wrote described called praised criticised criticized panned dismissed
    recommended hailed lauded noted argued deemed rated ranked
    """.split()
)
# Words for what somebody does, which open a sentence before a name ("Critic Anne Berg").
ROLES = frozenset(
    """
    critic critics reviewer director producer actor actress writer author composer singer
    businessman businesswoman editor journalist columnist novelist screenwriter
    """.split()
)
_SAYS = frozenset("reads says states".split())
_PLOT = frozenset("follows tells centers centres depicts concerns".split())
_DURATIONS = frozenset("minutes hours days weeks months years".split())
_ABOUT_NUMBERS = frozenset("approx approximately about around nearly over some for".split())
_CAST = frozenset("starring stars starred featuring".split())
_FILM_WORDS = frozenset("it film movie picture".split())
_FIXED = frozenset({("took", "place"), ("take", "place")})  # no object to ask "what" of
_SHORT_SUBJECT = 4  # words: a longer opening subject is cut to its head noun ("the screening")
_MAX_TAIL = 3  # words after a verb that a question keeps ("released in 4K"), names whole
_COMMON_WORD = 4.0  # Zipf frequency above which an opening capital is only the sentence's


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    gap: str  # what stands between this token and the one before: ", " opens a clause
    quoted: bool  # inside quotation marks: someone's words, not what the sentence reports

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def capital(self) -> bool:
        return self.text[0].isupper()

    @property
    def opens_clause(self) -> bool:
        return any(mark in self.gap for mark in ',;—()"“”') or ": " in self.gap


@cache
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="en")


def _past(token: _Token) -> bool:
    """Whether a word reads as a past tense or participle: "directed", "lent", "bought"."""
    low = token.low
    if (
        token.capital
        or low in STOPWORDS
        or low in _AUX
        or len(low) < 3
        or low.endswith(("s", "ing"))
        or not low.isalpha()
    ):
        return False
    return low.endswith("ed") or _lemma(low) != low


def starters(sentence: str, title: str) -> list[str]:
    """The questions a reader would ask of one sentence, most telling first, each once."""
    shapes = _Shapes(sentence, title)
    if not shapes.tokens:
        return []
    found = [
        shapes.agent(),
        shapes.cast(),
        shapes.plot(),
        shapes.amount(),
        shapes.duration(),
        shapes.count(),
        shapes.when(),
        shapes.where(),
        shapes.view(),
        shapes.definition(),
        shapes.state(),
        shapes.who(),
    ]
    if not any(found[3:6]) and not found[8]:  # the amount, count or view asks it better
        found.append(shapes.action())
    if not any(found):
        found.append(shapes.fate())
    return list(dict.fromkeys(q for q in found if q))


class _Shapes:
    """One sentence's words, and a method per shape that may give a question."""

    def __init__(self, sentence: str, title: str) -> None:
        self.sentence = sentence
        self.title = title
        self.tokens: list[_Token] = []
        end, quoted = 0, False
        for match in _TOKEN.finditer(sentence):
            gap = sentence[end : match.start()]
            quoted ^= (gap.count('"') + gap.count("“") + gap.count("”")) % 2 == 1
            self.tokens.append(_Token(match.group(), match.start(), match.end(), gap, quoted))
            end = match.end()
        self.verb = self._main_verb()

    # --- the shapes ---------------------------------------------------------------------------

    def agent(self) -> str | None:
        """ "co-written and directed by X" -> "who directed <the film>?" """
        for i, token in enumerate(self.tokens[:-1]):
            if token.low != "by" or i == 0 or token.quoted:
                continue
            verb, after = self.tokens[i - 1], self.tokens[i + 1]
            if after.low == "the" and i + 2 < len(self.tokens):
                after = self.tokens[i + 2]  # "raised by the Norwegian Film Institute"
            if not _past(verb) or not after.capital:
                continue
            passive = i >= 2 and self.tokens[i - 2].low in _COPULAS
            thing = self._subject(i - 3) if passive else self._about()
            if thing is None:
                continue
            if verb.low.endswith("ed"):
                return f"who {verb.low} {thing}?"
            return f"who was {thing} {verb.low} by?"
        return None

    def cast(self) -> str | None:
        """ "starring A, B and C" -> "who stars in <the film>?" """
        for i, token in enumerate(self.tokens[:-1]):
            if token.low in _CAST and not token.quoted and self.tokens[i + 1].capital:
                return f"who stars in {self._about() or self.title}?"
        return None

    def plot(self) -> str | None:
        """ "It follows a trapper who ..." -> "what happens in <the film>?" """
        plot = len(self.tokens) > 2 and self.tokens[1].low in _PLOT
        return f"what happens in {self.title}?" if plot and self._subject(0) == self.title else None

    def duration(self) -> str | None:
        """ "Its runtime is approx. 52 minutes" -> "how long is the runtime?" """
        for i, token in enumerate(self.tokens[1:-1], start=1):
            unit = self.tokens[i + 1]
            if not _COUNT.fullmatch(token.text) or unit.low not in _DURATIONS or token.quoted:
                continue
            verb = i - 1
            while verb >= 0 and self.tokens[verb].low in _ABOUT_NUMBERS:
                verb -= 1
            if verb < 1:
                return None
            if self.tokens[verb].low in _COPULAS:
                thing = self._subject(verb - 1)
                return f"how long {self.tokens[verb].low} {thing}?" if thing else None
            if _past(self.tokens[verb]):
                doer = self._subject(self._verb_subject_end(verb))
                if doer is not None:
                    return f"how long did {doer} {_lemma(self.tokens[verb].low)}?"
        return None

    def amount(self) -> str | None:
        """ "agreed to lend $8 million" -> "how much did Jack Singer agree to lend?" """
        for i, token in enumerate(self.tokens):
            if not _MONEY.match(token.text) or i == 0 or token.quoted:
                continue
            before = self.tokens[i - 1]
            if before.low == "of" and i >= 2 and not self.tokens[i - 2].capital:
                return f"how much was the {self.tokens[i - 2].low}?"
            verb = i - 1
            if i >= 3 and before.low not in _AUX and self.tokens[i - 2].low == "to":
                verb = i - 3  # "agreed to lend"
            if not _past(self.tokens[verb]):
                continue
            doer = self._subject(verb - 1)
            if doer is None:
                continue
            action = " ".join(
                [_lemma(self.tokens[verb].low), *(t.low for t in self.tokens[verb + 1 : i])]
            )
            after = i + 1
            while after < len(self.tokens) and self.tokens[after].low in _AMOUNT_WORDS:
                after += 1
            return f"how much did {doer} {action}{self._place_after(after)}?"
        return None

    def count(self) -> str | None:
        """ "drew 3,000 teenagers" -> "how many teenagers did the festival draw?" """
        for i, token in enumerate(self.tokens[:-1]):
            number = _COUNT.fullmatch(token.text) and not YEAR.fullmatch(token.text)
            if not (number or token.low in _NUMBER_WORDS) or i == 0 or token.quoted:
                continue
            previous, noun = self.tokens[i - 1], self.tokens[i + 1]
            if _MONEY.match(previous.text) or previous.low in _MONTHS:
                continue
            if noun.capital or not noun.low.endswith("s") or noun.low in _AMOUNT_WORDS:
                continue
            if _past(previous):
                doer = self._subject(i - 2)
                if doer is not None:
                    return f"how many {noun.low} did {doer} {_lemma(previous.low)}?"
            if i + 2 < len(self.tokens) and _past(self.tokens[i + 2]):
                return f"how many {noun.low} {self.tokens[i + 2].low}?"
        return None

    def when(self) -> str | None:
        """ "On <date>, X was released in 4K" -> "when was X released in 4K?" """
        if self.verb is None or not self._dated():
            return None
        i = self.verb
        verb = self.tokens[i]
        before = self._skip_adverbs(i - 1)
        if before >= 0 and self.tokens[before].low in _COPULAS:
            thing = self._subject(before - 1)
            if thing is not None:
                copula = self.tokens[before].low
                return f"when {copula} {thing} {verb.low}{self._tail(i + 1)}?"
            return None
        head = self._opening_head()
        if head is not None and any(_is_date(t) for t in self.tokens[:i]):
            return f"when was {head}?"  # "A screening ... in August 1981 resulted in ..."
        doer = self._subject(before)
        if doer is not None:
            return f"when did {doer} {_lemma(verb.low)}{self._tail(i + 1)}?"
        return None

    def where(self) -> str | None:
        """ "It was filmed in Baltimore" -> "where was <the film> filmed?" """
        if self.verb is None:
            return None
        places = [i for i in range(len(self.tokens)) if self._place_at(i)]
        if not places:
            return None
        i = self.verb
        if places[0] < i:
            head = self._opening_head()
            return f"where was {head}?" if head is not None else None
        before = self._skip_adverbs(i - 1)
        if before >= 0 and self.tokens[before].low in _COPULAS:
            thing = self._subject(before - 1)
            if thing is not None:
                return f"where {self.tokens[before].low} {thing} {self.tokens[i].low}?"
            return None
        doer = self._subject(before)
        if doer is not None and (self._place_at(i + 1) or self._place_at(i + 2)):
            return f"where did {doer} {_lemma(self.tokens[i].low)}{self._tail(i + 1)}?"
        return None

    def view(self) -> str | None:
        """ "Susan King praised it" -> "what did Susan King think of <the film>?" """
        for i, token in enumerate(self.tokens):
            judged = token.low in _VIEWS or (token.low == "gave" and self._about_film(i + 1))
            if judged and i > 0 and not token.quoted:
                critic = self._name_before(i)
                if critic is not None:
                    return f"what did {critic} think of {self.title}?"
            if token.low in _SAYS and i > 0 and not token.quoted:
                thing = self._subject(i - 1)
                if thing is not None:
                    return f"what does {thing} say?"
        return None

    def state(self) -> str | None:
        """ "Reviews were mixed." -> "what were reviews like?" """
        if len(self.tokens) == 3 and self.tokens[1].low in _COPULAS:
            last = self.tokens[2]
            if not last.capital and last.low not in _DETERMINERS and last.low.isalpha():
                thing = self._subject(0)
                return f"what {self.tokens[1].low} {thing} like?" if thing else None
        return None

    def fate(self) -> str | None:
        """ "A sequel was planned but never made." -> "what happened to the sequel?" """
        i = self.verb
        if i is None or i < 2 or self.tokens[i - 1].low not in _COPULAS:
            return None
        thing = self._subject(i - 2)
        if thing is None or thing == self.title:
            return None  # "what happened to <the film>?" asks for everything at once
        return f"what happened to {thing}?"

    def definition(self) -> str | None:
        """ "X is a 1982 American musical" -> "what is X?" """
        for i, token in enumerate(self.tokens[1:], start=1):
            if token.low in _COPULAS and i + 1 < len(self.tokens):
                if self.tokens[i + 1].low not in {"a", "an"}:
                    return None
                thing = self._subject(i - 1)
                return f"what {token.low} {thing}?" if thing is not None else None
            if _past(token) or token.opens_clause:
                return None
        return None

    def who(self) -> str | None:
        """ "Leila, a circus performer" -> "who is Leila?" """
        for i, token in enumerate(self.tokens[1:-1], start=1):
            if (
                token.low in {"a", "an", "its", "his", "her", "their"}
                and "," in token.gap
                and not self.tokens[i + 1].capital
                and not token.quoted
            ):
                name = self._name_before(i, single=True)
                first = i - len(name.split()) - 1 if name is not None else 0
                if first >= 0 and self.tokens[first].low in _BEFORE_PLACES:
                    continue  # "in the United States, an ...": a place, not a person
                if name is not None and fold(name) != fold(self.title):
                    return f"who is {name}?"
        return None

    def action(self) -> str | None:
        """ "Set construction included a replica" -> "what did set construction include?" """
        i = self.verb
        if i is None or i + 1 >= len(self.tokens):
            return None
        verb, after = self.tokens[i], self.tokens[i + 1]
        before = self._skip_adverbs(i - 1)
        if before < 0 or self.tokens[before].low in _AUX:
            return None
        if after.low in _PREPOSITIONS or (verb.low, after.low) in _FIXED:
            return None
        doer = self._subject(before)
        return f"what did {doer} {_lemma(verb.low)}?" if doer is not None else None

    # --- reading the sentence -----------------------------------------------------------------

    def _main_verb(self) -> int | None:
        """The sentence's first past-tense verb, past adjectives and relative clauses."""
        relative = False
        for i, token in enumerate(self.tokens):
            if token.opens_clause:
                relative = token.low in _RELATIVES
            if i == 0 or relative or token.quoted or not _past(token):
                continue
            before = self.tokens[i - 1]
            if before.low in _DETERMINERS or (before.low == "and" and not token.opens_clause):
                continue  # "an unfinished print", "updated and restored"
            if i + 1 < len(self.tokens) and self.tokens[i + 1].low == "and":
                continue
            if token.opens_clause and self.tokens[i + 1 :] and self.tokens[i + 1].capital:
                continue  # ", entitled One From the Heart"
            return i
        return None

    def _verb_subject_end(self, verb: int) -> int:
        """Where a verb's subject ends: "Filming took place ..., and ran" shares the first's."""
        if self.tokens[verb - 1].low == "and" and self.verb is not None and self.verb < verb:
            return self.verb - 1
        return verb - 1

    def _skip_adverbs(self, index: int) -> int:
        while index >= 0 and (
            self.tokens[index].low in _ADVERBS or self.tokens[index].low.endswith("ly")
        ):
            index -= 1
        return index

    def _span(self, first: int, last: int) -> str:
        return self.sentence[self.tokens[first].start : self.tokens[last].end]

    def _subject(self, end: int) -> str | None:
        """Who or what did the verb after ``end``: a name, the film, or a short noun phrase."""
        end = self._skip_adverbs(end)
        if end < 0:
            return None
        start = end
        while start > 0 and not self._breaks_before(start):
            start -= 1
        if self.tokens[start].low in _RELATIVES:
            return self._name_before(start)
        if start < end and _past(self.tokens[start]):
            start += 1  # "entitled One From the Heart: Reprise"
        words = self.tokens[start : end + 1]
        text = self._span(start, end)
        if text == self.title or fold(text) in _FILM_WORDS | {f"the {w}" for w in _FILM_WORDS}:
            return self.title
        named = all(t.capital or t.low in _NAME_JOINERS for t in words)
        if named and (start > 0 or len(words) > 1):
            return text
        if start != 0:
            return None
        first = words[0].low
        if len(words) > _SHORT_SUBJECT or any(t.low in _PREPOSITIONS for t in words[1:]):
            return self._opening_head()
        if first in _DETERMINERS:
            rest = self._span(start + 1, end) if len(words) > 1 else ""
            return f"the {rest}" if rest and first in _REWRITTEN_DETERMINERS | {"the"} else text
        if self._common(words[0]) and not any(t.capital for t in words[1:]):
            return text[0].lower() + text[1:]  # "Critics praised" -> "what did critics praise?"
        return text

    def _breaks_before(self, index: int) -> bool:
        """Whether a clause opens at ``index``; a colon in a title ("Heart: Reprise") doesn't."""
        token = self.tokens[index]
        if ": " in token.gap and token.capital and self.tokens[index - 1].capital:
            return False
        return token.opens_clause

    def _opening_head(self) -> str | None:
        """The noun a long opening subject is about: "A screening of ..." -> "the screening"."""
        words = self.tokens
        if len(words) >= 3 and words[0].low in _DETERMINERS and words[2].low in _PREPOSITIONS:
            return f"the {words[1].low}"
        return None

    def _name_before(self, index: int, *, single: bool = False) -> str | None:
        """The capitalised name ending just before ``index``, past "of The Globe and Mail"."""
        end = index - 1
        if end >= 0 and self.tokens[end].low in _RELATIVES:
            end -= 1
        joined = end
        while joined >= 0 and (self.tokens[joined].capital or self.tokens[joined].low == "and"):
            joined -= 1
        if joined >= 1 and self.tokens[joined].low in {"of", "in", "at", "for"} and joined < end:
            end = joined - 1  # "Warren Clements of The Globe and Mail stated"
        start = end
        while start > 0 and self.tokens[start - 1].capital and not self._breaks_before(start):
            start -= 1
        while start == 0 and end - start >= 2 and self._common(self.tokens[start]):
            start += 1  # "Critic Anne Berg of Dagbladet called it ..."
        name = self.tokens[start : end + 1]
        if not name or not all(t.capital for t in name) or (len(name) < 2 and not single):
            return None
        if start == 0 and len(name) == 1 and self._common(name[0]):
            return None
        return self._span(start, end)

    @staticmethod
    def _common(token: _Token) -> bool:
        """Whether a capitalised word is an everyday one, capitalised by where it stands."""
        return token.low in ROLES or english().frequency(token.low) >= _COMMON_WORD

    def _about(self) -> str | None:
        """The film (or whatever the source is about) when the sentence speaks of it."""
        if fold(self.title) in fold(self.sentence) or self.tokens[0].low in _FILM_WORDS:
            return self.title
        return None

    def _dated(self) -> bool:
        """Whether the sentence says when: "in 2011", "on 3 March", "in a 1986 episode"."""
        for i, token in enumerate(self.tokens[:-1]):
            if token.low not in _WHEN or token.quoted:
                continue
            j = i + 2 if self.tokens[i + 1].low in {"a", "an"} else i + 1
            if j < len(self.tokens) and (
                _is_date(self.tokens[j])
                or (
                    _COUNT.fullmatch(self.tokens[j].text) is not None
                    and j + 1 < len(self.tokens)
                    and self.tokens[j + 1].low in _MONTHS
                )
            ):
                return True
        return False

    def _about_film(self, i: int) -> bool:
        """Whether the words at ``i`` are the film: "it", "the film", its title."""
        if i >= len(self.tokens):
            return False
        if self.tokens[i].low in _FILM_WORDS:
            return True
        return self.tokens[i].low == "the" and self._about_film(i + 1)

    def _place_at(self, i: int) -> bool:
        """ "in Baltimore", "at the Cannes Film Festival": a place, not a month or a year."""
        if i + 1 >= len(self.tokens):
            return False
        token = self.tokens[i]
        if token.low not in {"in", "at", "near"} or token.quoted:
            return False
        name = self.tokens[i + 1]
        if name.low == "the" and i + 2 < len(self.tokens):
            name = self.tokens[i + 2]
        return name.capital and not _is_date(name)

    def _tail(self, start: int) -> str:
        """The words after a verb that say what it was ("on Blu-ray"), up to a comma or a date."""
        kept: list[_Token] = []
        for i in range(start, len(self.tokens)):
            token = self.tokens[i]
            naming = bool(kept) and token.capital and kept[-1].capital
            if token.opens_clause or _is_date(token) or token.quoted:
                break
            if len(kept) >= _MAX_TAIL and not naming:
                break
            if token.low in _PREPOSITIONS and kept and not kept[-1].capital:
                break  # "released in 4K" keeps "in"; "earned $2 million against" stops
            following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            if token.low in _PREPOSITIONS and (
                following is None or _is_date(following) or _COUNT.fullmatch(following.text)
            ):
                break  # "on 3 March 1968" says when, which the question asks
            if token.low in {"as", "but", "and"} and not naming:
                break
            kept.append(token)
        while kept and kept[-1].low in _PREPOSITIONS | _DETERMINERS:
            kept.pop()
        return f" {self._span(start, start + len(kept) - 1)}" if kept else ""

    def _place_after(self, start: int) -> str:
        """ "in North America" after an amount, which the question keeps."""
        if start + 1 < len(self.tokens) and self.tokens[start].low in {"in", "at"}:
            last = start
            for i in range(start + 1, len(self.tokens)):
                if not self.tokens[i].capital or self.tokens[i].opens_clause:
                    break
                last = i
            if last > start:
                return f" {self._span(start, last)}"
        return ""


def _is_date(token: _Token) -> bool:
    return not token.quoted and (token.low in _MONTHS or bool(YEAR.fullmatch(token.text)))
