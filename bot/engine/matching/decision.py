"""The decision: the score ranks, meaning decides.

A message is read sentence by sentence; each sentence that asks something is ranked, and the
best entry must then pass checks that say why, each shown by ``heartbot ask --explain``:

* subject: a question naming someone or something the fact base knows (Hank, Jack Singer)
  never gets an entry about someone else, however close the words;
* kind: a question for a month, a day, a year or an amount gets an entry only if its answer
  holds one ("what month did it come out": the source gives a year only);
* words: a question that turns on a word no entry knows and English doesn't use every day
  ("which soundstage ...", "... on Blu-ray") asks for something the source may not have;
* score: the entry explains enough of the question, and leads the next unrelated one; or, in
  a long message whose story dilutes the score, a model fitted on the curated questions
  (``learned``) puts it first with a clear chance.

An entry that fails only on meaning, for a question clearly about the source, is what the
source doesn't say: the reply says so and offers the nearest fact about that subject.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING

from bot.engine.matching.english import English, english
from bot.engine.matching.index import (
    DEFAULT_THRESHOLDS,
    SPECIFIC,
    Candidate,
    Index,
    Intent,
    Query,
    Thresholds,
)
from bot.engine.matching.lexicon import Lexicon
from bot.engine.matching.question import (
    Part,
    acronyms,
    asks,
    asks_about_me,
    asks_of_the_film,
    asks_the_films_age,
    asks_what_next,
    asks_what_the_asker_does,
    asks_why,
    asks_yes_or_no,
    beyond_the_film,
    checks_a_claim,
    checks_whether,
    clean,
    continues,
    it_is_asked_after_a_story,
    kind_asked,
    kinds_given,
    leading_question_word,
    names_a_topic,
    parts,
    points_back,
    points_to_one,
    proper_names,
    refers_to_someone,
    sentences,
    unnamed_things,
    which_asked,
)
from bot.engine.matching.ranking import rank
from bot.engine.text import (
    LIGHT_WORDS,
    fold,
    is_content,
    last_titled_at,
    stem,
    titles_the_film,
    without_title,
    words,
)

if TYPE_CHECKING:
    from bot.engine.matching.learned import Learned  # numpy: imported only where fitted


class Verdict(StrEnum):
    """What the engine should do with a message."""

    ANSWER = "answer"  # the best entry answers it
    NOT_SAID = "not_said"  # about the source, but the source doesn't say what is asked
    SUGGEST = "suggest"  # close to something, not sure enough to answer
    REFUSE = "refuse"  # nothing close: not about the source
    HINT = "hint"  # nothing asked at all ("test", "hello"): say how to ask


@dataclass(frozen=True)
class Check:
    """One reason in a decision: what was checked, whether it held, and why."""

    name: str
    passed: bool
    why: str
    words: tuple[str, ...] = ()  # the words it turned on, where it names some


@dataclass(frozen=True)
class Match:
    """The decision, the ranking behind it (best first), and the reasons."""

    verdict: Verdict
    candidates: tuple[Candidate, ...]
    part: str = ""  # what was read: the asking sentence, with any it leans on before it
    asked: str = ""  # the asking sentence alone: what a reply names as the question
    checks: tuple[Check, ...] = ()
    subject: str | None = None  # who or what the question is about, if it names one
    nearest: str | None = None  # for NOT_SAID: the entry to offer instead
    lexicon: tuple[str, ...] = ()  # the lexicon keys the question's phrasings stood for
    # The words the asking sentence turns on, as the index read them: no light word, no filler.
    meant: frozenset[str] = frozenset()
    yes_or_no: bool = False  # the asking sentence asks yes or no (see asks_yes_or_no)
    why: bool = False  # it asks what brought something about (see asks_why)

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any scored at all."""
        return self.candidates[0] if self.candidates else None


def _small_number(token: str) -> bool:
    """A one- or two-digit number: "8" in "what's 7*8" is no sign of the $8 million loan."""
    return token.isdigit() and len(token) <= 2


def _first(ranked: list[Candidate], chosen: Candidate) -> list[Candidate]:
    """The ranking with ``chosen`` moved to the top, the rest in their order."""
    ranked.remove(chosen)
    ranked.insert(0, chosen)
    return ranked


def _nothing_next(key: str) -> str | None:
    return None


def _answered(message: str, candidates: tuple[Candidate, ...], check: Check) -> Match:
    """A follow-up answered with the entry the message before points to, for the one reason
    ``check`` gives."""
    return Match(Verdict.ANSWER, candidates, message, message, checks=(check,))


def _answered_with(decided: Match) -> str | None:
    """The entry a message was answered with, if it was."""
    return decided.best.key if decided.verdict is Verdict.ANSWER and decided.best else None


def _wanted(asking: str) -> tuple[frozenset[str], str | None]:
    """What a question asks for: its question word's kind of answer ("who"), and the kind
    of thing it asks ("what year"), where its wording says."""
    leading = leading_question_word(asking)
    return (SPECIFIC & {leading} if leading else frozenset()), kind_asked(asking)


def _hint(base: Match, why: str) -> Match:
    """Nothing is asked of the source: the reply says how to ask."""
    return replace(base, verdict=Verdict.HINT, checks=(Check("asks", False, why),))


# Where a text puts something "in" or "at": the capitalised run after ("in San Francisco").
_IN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?((?:[A-Z][\w'’]*[\s,]*)+)")
# The words after "in": "was she in Young Frankenstein?" names where else she was.
_IN_WHAT = re.compile(r"\bin (?:the )?(\w+)(?: (\w+))?")
# The words after "wrote for", "reviewed it for": "did Warren Clements write for the Toronto
# Star?" names a paper, not another film.
_FOR_WHAT = re.compile(
    r"\b(?:write|writes|wrote|written|writing|work|works|worked|review|reviews|reviewed)"
    r"(?: it| this| the film| the movie)? for (?:the )?(\w+)(?: (\w+))?"
)
# The words after "the plot of", "the cast of": "the plot of the Matrix" names another film.
_OF_WHAT = re.compile(
    r"\b(?:plot|story|cast|ending|director|soundtrack|stars?) of (?:the )?(\w+)(?: (\w+))?"
)
# What someone said something of: "what did Susan King say about the acting?" asks of the
# acting, which no entry speaks of, however everyday the word.
_OF_ASPECT = re.compile(
    r"\b(?:say|said|says|think|thought|thinks|write|wrote|writes|opinion|thoughts|take|feel"
    r"|felt) (?:about|of|on) (?:the |its |his |her |their )?(\w+)"
)
# What "how did they ... ?" asks is its last word: "how did Hank and Frannie first meet?"
_HOW_DID = re.compile(
    r"^\W*(?:(?:so|and|but|ok(?:ay)?|wait|lol|i wonder|(?:i'?m )?curious)\W+)*"
    r"(?:how|why|when|where) (?:did|do|does) ((?:\w+ ){1,7}?\w+)"
    r"(?: in the first place| at first| to begin with| in the (?:story|film|movie|plot))?\W*$"
)
_HOW_DID_WORDS = 5  # "how did Hank and Frannie first meet": a longer one asks more than a verb
_TIMING = frozenset({"first", "originally", "initially", "eventually", "finally"})
_FOR_SOMEONE = frozenset({"who", "whom", "whose", "which"})  # question words asking for someone
# Verbs that ask how something went, not what happened: "how did the screening go?".
_HAPPENING = frozenset({"go", "do", "happen", "work", "fare", "end", "turn", "come", "play"})
# A follow-up that only names someone: "and Frannie?", "what about Ray".
_ONLY_NAMED = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\s+)?(?:(?:what|how)\s+about\s+)?(?P<rest>[^?!.]+?)[\s?!.]*$"
)
# What "which" asks to be named: the word after it, past words that only narrow it ("which
# movie theater" asks for a theater) or count it ("which two things").
_WHICH_HEAD = re.compile(
    r"\bwhich (?:(?:other|another|different|same|exact|specific|particular|main|real|actual"
    r"|film|two|three|four|five|\d+) )*"
    r"(\w+)"
)
# Things an entry names by their value, not by a word for them: "which year" is answered by
# "1982", "which city" by "San Francisco", "which actor" by a name.
_VALUE_NOUNS = frozenset(
    stem(w)
    for w in """year month day date time decade era city country state place location town
    kind type sort genre name person people man woman guy girl lady actor actress role
    character part thing way format version language critic reviewer writer director
    producer filmmaker performer star""".split()
)
# A question asking who said something, or whether a critic did.
_SAID_BY = re.compile(
    r"\b(?:who|which (?:critics?|reviewers?|reviews?|papers?))\b(?: \w+){0,3}? "
    r"(?:said|says|say|called|calls|thinks?|thought|claimed|noted|pointed)\b"
    r"|\b(?:did|do|does) (?:a|any|the) (?:critics?|reviewers?|reviews?)\b"
    r"|\bcritics? (?:said|say|says)\b"
)
_TOGETHER = re.compile(r"\b(?:both|also|too|as well|either|neither)\b")
_WITH_STORY = "with what the story says of it"
_IT = re.compile(r"\b(?:it|that)\b")  # a thing the story named, where the question points back
_WHEN_OR_WHERE = frozenset({"when", "where"})
# Words that ask for another than the one just told: "what did other critics say?".
_ANOTHER = re.compile(r"\b(?:other|others|else|another|besides|too|also|as well)\b")
_TIME_OR_PLACE = frozenset({"day", "month", "year", "place"})
# Words that only say what kind of thing is asked: "what year?", "where was it shown?",
# "which paper?" after a review.
_KIND_WORDS = frozenset(
    "year month day date time place city country exactly shown show showed held happen "
    "happened released release come came out paper newspaper".split()
)
_KIND_OF = re.compile(r"\b(?:kind|type|sort)s? of (\w+)")  # "what kind of act": finer than "act"
_QUOTE_KEY = 8  # characters: how a quote is looked for inside another (see quoting_alike)
_EXACT = 100.0  # the score of a curated question asked as it is written
_NAME_WORDS = 3  # words of a name that may stand between "which" and what it asks for
# A clause that sets the scene before the question, which follows its comma: "Before I vote,
# can you ...", "For my seminar, who ...".
_LEAD_CLAUSE = re.compile(
    r"^([^,]{3,}?),\s+(?=(?:who|whom|whose|what|whats|when|where|which|why|how|is|are|was|were|"
    r"did|does|do|can|could|would|has|have|had|any ?one|any ?body)\b)",
    re.IGNORECASE,
)
_CHAT_WORDS = 2  # a non-question this short that names nothing known is chat, not a question
_KIN = 5  # letters: words that begin alike ("critic", "criticize") are kin, not strangers ...
_KIN_SHARE = 0.6  # ... when what they share is this much of the shorter
_CUT = 4  # letters: a word this long that starts a known word is that word cut short
# Words that ask who someone is with, as "who" does: a fact mentioning them may say.
_RELATIONS = frozenset(
    "who whom partner partners fling lover lovers companion date affair girlfriend boyfriend "
    "wife husband interest girl guy woman man lady dude gal meet meets met name".split()
)
# Someone goes, runs off or ends up with someone: the question is about both.
_WITH = re.compile(
    r"\b(?:go(?:es)?|went|gone|run(?:s)?|ran|spend(?:s)?|spent|end(?:s|ed)? up|pair(?:s|ed)?|"
    r"hook(?:s|ed)? up|leave(?:s)?|left|sleep(?:s)?|slept|stay(?:s|ed)?)\b(?: \w+){0,4} with\b"
)
# Entries a fact base may have for the curated questions' model to be fitted: its weights are
# features x entries (the film: 59, CLINC150: 151; a 10,000-fact base: 11,500, gigabytes).
LEARNED_ENTRIES = 500
# Which verdict wins when a message's sentences disagree: an answer first, "hint" last.
_PREFERENCE = (Verdict.ANSWER, Verdict.NOT_SAID, Verdict.SUGGEST, Verdict.REFUSE, Verdict.HINT)


@functools.cache
def _word(word: str) -> re.Pattern[str]:
    """A word where it stands alone ("ray", not the end of "gray")."""
    return re.compile(rf"\b{re.escape(word)}\b")


def quotes_holding(intents: Sequence[Intent]) -> dict[str, frozenset[str]]:
    """For each entry whose quote another's holds, the entries whose quotes hold it.

    Not every pair is compared (10,000 facts make 100 million pairs): each quote is found by
    its first ``_QUOTE_KEY`` characters at every place in every other quote, so a quote
    shorter than that is found in none.
    """
    starting: dict[str, list[Intent]] = {}
    for intent in intents:
        if len(intent.quote) >= _QUOTE_KEY:
            starting.setdefault(intent.quote[:_QUOTE_KEY], []).append(intent)
    holding: dict[str, set[str]] = {}
    for one in intents:
        quote = one.quote
        for at in range(len(quote) - _QUOTE_KEY + 1):
            for other in starting.get(quote[at : at + _QUOTE_KEY], ()):
                if other.key != one.key and quote.startswith(other.quote, at):
                    holding.setdefault(other.key, set()).add(one.key)
    return {key: frozenset(holders) for key, holders in holding.items()}


class Matcher:
    """Rank entries for each asking sentence of a message, and decide with reasons."""

    def __init__(
        self,
        intents: Sequence[Intent],
        *,
        groups: dict[str, frozenset[str]] | None = None,
        lexicon: Mapping[str, Sequence[str]] | None = None,
        described_by: Sequence[str] = (),
        people: Sequence[str] = (),
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        english_words: English | None = None,
        told_next: Callable[[str], str | None] | None = None,
        learned: Learned | None = None,
    ) -> None:
        """``learned``: a model already fitted on these entries' questions, where the caller
        decides with one of its own (an intent benchmark); else one is fitted when needed."""
        self.thresholds = thresholds
        self.lexicon = Lexicon(lexicon or {}, described_by)
        self._english = english_words if english_words is not None else english()
        # What kinds of answer each entry holds: as given, or as its text shows (read before
        # the lexicon rewrites it, while its quotation marks are there). Few kinds, many
        # entries: each set of kinds is kept once.
        kinds: dict[frozenset[str], frozenset[str]] = {}
        self._gives = {
            i.key: kinds.setdefault(gives, gives)
            for i in intents
            for gives in (kinds_given(i.context) if i.gives is None else i.gives,)
        }
        rewritten = [self._rewrite(intent) for intent in intents]
        self.index = Index(
            rewritten,
            groups=groups,
            thresholds=thresholds,
            english=self._english,
            spellings=self.lexicon.spellings,
            gives=self._gives,
        )
        self._groups = groups or {}
        # The roundups each fact is a member of: a fact base may have thousands of roundups.
        self._groups_of: dict[str, list[str]] = {}
        for group, members in self._groups.items():
            for member in members:
                self._groups_of.setdefault(member, []).append(group)
        self._says_unknown = frozenset(i.key for i in intents if i.says_unknown)
        # The fact the source tells after an entry's ("and then what?"), if the fact base knows.
        self._then = told_next if told_next is not None else _nothing_next
        self._questions = [q for i in intents for q in i.questions]  # for _curates_me
        self._asked_by = {i.key: i.questions for i in intents if i.questions}  # for _model
        self._fitted = learned
        # What each entry's text brings in unnamed ("which crashed plane?" it can't answer):
        # read when first asked "which", since few entries ever are.
        self._unnamed: dict[str, frozenset[str]] = {}
        self._texts = {i.key: i.context for i in intents}  # as written, not as the lexicon reads
        near: dict[str, set[str]] = {}
        for intent in intents:
            if intent.nearest is not None:
                near.setdefault(intent.key, set()).add(intent.nearest)
                near.setdefault(intent.nearest, set()).add(intent.key)
        # Each entry, its roundups or members, and what the source does and doesn't say of it:
        # none of them is a rival to it (asked for every candidate of every question).
        self._kin_of: dict[str, frozenset[str]] = {
            i.key: frozenset(self.index.related(i.key) | near.get(i.key, set()) | {i.key})
            for i in intents
        }
        # Facts whose quotes hold another's ("Hank goes with Leila, a circus performer" within
        # the plot's sentence), for each fact held: asked of both Leila and Ray, the plot's
        # sentence says both. Either way round, the two are no rivals (see ``_decide``).
        self._holders = quotes_holding(intents)
        self._quoting_alike = frozenset(
            frozenset((held, holder))
            for held, holders in self._holders.items()
            for holder in holders
        )
        # Each entry and those asked as it is: its kin; for a known unknown, its nearest fact's.
        self._asked_alike: dict[str, tuple[str, ...]] = {}
        for intent in intents:
            kin = intent.nearest if intent.says_unknown and intent.nearest else intent.key
            self._asked_alike[intent.key] = tuple(sorted(self._related(kin)))
        # Subjects as people type them: all the content words of a name, or any one of them
        # that is no everyday English word ("Maslin", "Zoetrope"; not "Times" or "Jack"); and a
        # name of small words only ("At the Movies") as the phrase itself.
        self._subjects: dict[str, tuple[frozenset[str], frozenset[str], tuple[str, ...]]] = {}
        for intent in intents:
            for subject in intent.subjects:
                name = tuple(words(subject))
                tokens = frozenset(w for w in name if is_content(w) and w not in LIGHT_WORDS)
                rare = frozenset(
                    w for w in tokens if self._english.frequency(w) < thresholds.specific_zipf
                )
                self._subjects[subject.casefold()] = (tokens, rare, name)
        # Every subject's words as the index reads them.
        self._names = frozenset(
            token for subject in self._subjects for token in self.index.tokens_in(subject)
        )
        # The subjects the source has things happen in or at: "in San Francisco".
        places = " | ".join(
            " ".join(words(run)) for i in intents for run in _IN_PLACE.findall(i.context)
        )
        self._places = frozenset(
            token
            for subject, (_, _, said) in self._subjects.items()
            if f" {' '.join(said)} " in f" {places} "
            for token in self.index.tokens_in(subject)
        )
        # And names the texts mention in passing, of no entry's subject: places, nationalities
        # ("Canadian", "Las Vegas", "California"); not the title, nor the words that describe
        # the film ("Coppola"). Met only in these, a question is about somewhere else.
        described = {t for d in described_by for t in self.index.tokens_in(d)}
        names = {n for text in self._texts.values() for n in proper_names(without_title(text))}
        mentioned = frozenset(token for name in names for token in self.index.tokens_in(name))
        self._places |= frozenset(
            token
            for token in mentioned - self._names - described
            if is_content(token) and token not in LIGHT_WORDS
        )
        # Few distinct sets of subjects, many entries: each set is kept once.
        kept: dict[frozenset[str], frozenset[str]] = {}

        def once(found: frozenset[str]) -> frozenset[str]:
            return kept.setdefault(found, found)

        # The subjects that are people, where the fact base says so: "it" stands for none.
        self._people = frozenset(p.casefold() for p in people)
        self._subject_of = {
            intent.key: once(frozenset(s.casefold() for s in intent.subjects)) for intent in intents
        }
        # The subjects each entry's text mentions without being about them: Ray's fact names
        # Frannie, whose partner he is, so it may say *who* she goes with, never what she does.
        self._mentions: dict[str, frozenset[str]] = {}
        for intent in intents:
            text = " ".join(words(intent.context))
            self._mentions[intent.key] = once(
                frozenset(
                    subject
                    for subject, (tokens, _, name) in self._subjects.items()
                    if (
                        tokens <= set(text.split())
                        if tokens
                        else f" {' '.join(name)} " in f" {text} "
                    )
                )
            )
        # Each entry's own text as the index reads it, once asked of (see ``says``).
        self._said: dict[str, frozenset[str]] = {}
        self._sorted_vocabulary = sorted(w for w in self.index.vocabulary if w.isalpha())
        self._prefixes: dict[str, list[str]] = {}
        for known in self._sorted_vocabulary:
            if len(known) >= _KIN:
                self._prefixes.setdefault(known[:_KIN], []).append(known)
        # Each entry's aliases as the index read them: the words that say what it is about.
        aliases = {key: self.index.aliases_of(key) for key in self.index.intents}
        # Each known unknown's aliases as sets of words ("box office", "final scene"): one
        # standing whole in a question says the question asks what the source doesn't say.
        self._unknown_aliases: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for key in aliases:
            if self.index.intents[key].says_unknown:
                for meant in self.alias_meanings(key):
                    for token in meant:
                        self._unknown_aliases.setdefault(token, []).append((key, meant))
        # What a word alone may ask for ("budget", "siskel"): a word of a name or alias, or a
        # curated question of one word. Any other lone everyday word ("test") asks nothing.
        self._keywords: set[str] = set()
        for key, found in aliases.items():
            self._keywords.update(t for alias in found for t in alias if t not in LIGHT_WORDS)
            for question in self.index.questions_of(key):
                meaningful = [t for t in question if t not in LIGHT_WORDS]
                if len(meaningful) == 1:
                    self._keywords.update(meaningful)

    def alias_meanings(self, key: str) -> tuple[frozenset[str], ...]:
        """An entry's aliases as the decision reads them, one each: their words less the light
        ones ("which exhibitors" means "exhibitors")."""
        return tuple(frozenset(alias) - LIGHT_WORDS for alias in self.index.aliases_of(key))

    def _rewrite(self, intent: Intent) -> Intent:
        """An intent as the index sees it: its texts through the lexicon."""
        if not self.lexicon:
            return intent
        return replace(
            intent,
            questions=tuple(self.lexicon.apply(q)[0] for q in intent.questions),
            aliases=tuple(self.lexicon.apply(a)[0] for a in intent.aliases),
            context=self.lexicon.apply(intent.context)[0],
        )

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word the index knows, unstemmed."""
        return self.index.vocabulary

    def match(self, message: str, *, previous: str | None = None, limit: int = 5) -> Match:
        """Decide on a message: each asking sentence in turn, the best decision wins.

        ``previous`` is the asker's message before, for a follow-up ("and who put it out?"):
        where the message alone gets no answer, or points back ("when did it come out?"), it
        is read again after the previous one's last sentence, and that reading answers if it
        can.
        """
        if not previous:
            return self._best(message, limit)
        # The message before, as it was decided: once, where first needed.
        earlier = functools.cache(functools.partial(self._best, previous, limit))
        if asks_what_next(message):
            following = self._told_next(message, earlier())
            if following is not None:
                return following
        decided = self._best(message, limit)
        elsewhere = self._asked_elsewhere(decided, message, earlier())
        if elsewhere is not None:
            return elsewhere
        kept = self._of_the_answer_before(decided, message, earlier)
        if kept is not None:
            return kept
        narrowed = self._narrowed_to_the_answer_before(decided, message, earlier)
        if narrowed is not None:
            return narrowed
        unsure = decided.verdict not in (Verdict.ANSWER, Verdict.NOT_SAID)
        swapped = self._swapped(message, previous)
        if swapped is not None:
            # "And Frannie?" after "who does Hank go with?": that question, of Frannie. Of
            # someone the source doesn't know ("and Ebert?"), never the answer about the first.
            asked, stranger = swapped
            again = self._decide(Part(asked, asked), limit)
            if stranger or again.verdict in (Verdict.ANSWER, Verdict.NOT_SAID):
                return again
        bare = self._bare(message)
        if unsure or bare or points_back(message):
            before = sentences(previous)
            if before:
                told = _answered_with(earlier())
                topic = told if bare else None
                read = Part(f"{before[-1]} {message}", message, topic=topic, answered=told)
                again = self._decide(read, limit)
                if decided.subject is not None and (
                    not self._about_named(again, decided.subject)
                    or self._answered_of(decided, decided.subject)
                ):
                    # "And what about Hank, what's his job?": "his" is Hank's, whom it names;
                    # "and Ray? what's his deal" was answered with Ray's own fact.
                    return decided
                if again.verdict is not Verdict.ANSWER:
                    # "What paper was she at?" after Maslin: never what the source says, or
                    # doesn't, of someone else; "what year was that?" after a review: what the
                    # source doesn't say of it, not the film's year.
                    asked_of_it = (
                        topic is not None
                        and kind_asked(message) is not None
                        and again.verdict is Verdict.NOT_SAID
                    )
                    # "What country is he from?" after Jack Singer: what the source doesn't say
                    # of him, not the film's country.
                    of_them = (
                        again.verdict is Verdict.NOT_SAID
                        and (
                            again.subject is not None
                            or bool(self._subject_of.get(again.nearest or ""))
                        )
                        and decided.subject is None
                        and refers_to_someone(message)
                    )
                    if asked_of_it or of_them or self._of_someone_else(decided, again):
                        return again
                    return decided
                answered = decided.verdict is Verdict.ANSWER and decided.best is not None
                # "He" or "she", naming no one, is someone the message before named or
                # answered with: "did he write it as well?" after "who directed it?".
                someone = refers_to_someone(message) and decided.subject is None
                if (
                    answered
                    and again.best != decided.best
                    and not someone
                    and not self._about_its_subject(previous, again)
                ):
                    return decided
                return again
        return decided

    def _asked_elsewhere(self, decided: Match, message: str, before: Match) -> Match | None:
        """ "And who starred in it?" after "who directed the Godfather?": "it" is what the
        message before asked of, a thing no entry knows; not this source's film."""
        if before.verdict not in (Verdict.REFUSE, Verdict.NOT_SAID) or not points_back(message):
            return None
        strays = [w for c in before.checks if c.name == "words" and not c.passed for w in c.words]
        if not strays or decided.subject is not None:
            return None
        if titles_the_film(message) or titles_the_film(before.part):
            return None  # "... the coppola movie with the neon sets, one from the heart?"
        why = f"points back to {', '.join(strays)}, which the message before asked of"
        checks = (*decided.checks, Check("words", False, why, tuple(strays)))
        return replace(decided, verdict=Verdict.REFUSE, checks=checks)

    def _of_the_answer_before(
        self, decided: Match, message: str, earlier: Callable[[], Match]
    ) -> Match | None:
        """ "What's the downside they mention?" after the critics consensus asks of the
        consensus: read alone it gets what someone the message never names said (Maslin's
        "lacked"), which "they" cannot stand for. Only where the answer before gives what is
        asked: "where was the screening?" after the exhibitors is the screening's place."""
        chosen = decided.best
        if decided.verdict is not Verdict.ANSWER or chosen is None or decided.subject:
            return None
        if not self._subject_of.get(chosen.key) or leading_question_word(message) in _FOR_SOMEONE:
            return None  # "who said it lacked story?" asks for the someone
        said = set(self.index.query(self._read(message)).tokens)
        if any(set(alias) <= said for alias in self.index.aliases_of(chosen.key)):
            return None  # "and the LA Times?" names the review it asks for
        topic = _answered_with(earlier())
        # Only within one roundup: another of the reviews, where the answer before was one.
        if topic is None or topic == chosen.key or not self._siblings(topic, chosen.key):
            return None
        if self._subject_of.get(topic, frozenset()) & self._subject_of[chosen.key]:
            return None  # "what scene was it for?" after the airport: of the same airport
        if not self._fits_asked(topic, message):
            return None  # "where was that screening?" after the exhibitors: they say no place
        why = f"asks of {topic}, the answer before; {chosen.key} is about someone not named"
        return _answered(
            message,
            (Candidate(topic, chosen.score, chosen.coverage), chosen),
            Check("topic", True, why),
        )

    def _narrowed_to_the_answer_before(
        self, decided: Match, message: str, earlier: Callable[[], Match]
    ) -> Match | None:
        """ "Who was the critic?" after the Globe and Mail's review asks who wrote that one:
        read alone it gets the reviews roundup, which doesn't tell that review. The fact
        answered before stands where it was ranked and gives what is asked; not where another
        is asked for ("what did other critics say?")."""
        chosen = decided.best
        if decided.verdict is not Verdict.ANSWER or chosen is None:
            return None
        if chosen.key not in self._groups or _ANOTHER.search(fold(message)):
            return None
        topic = _answered_with(earlier())
        if topic is None or topic in self._groups or topic in self._groups[chosen.key]:
            return None  # the roundup tells the answer before too, and what it may ask besides
        ranked = next((c for c in decided.candidates if c.key == topic), None)
        if ranked is None or not self._fits_asked(topic, message):
            return None
        why = f"asks of {topic}, the answer before, which {chosen.key} is broader than"
        return _answered(
            message,
            (ranked, *(c for c in decided.candidates if c.key != topic)),
            Check("topic", True, why),
        )

    def _told_next(self, message: str, earlier: Match) -> Match | None:
        """ "And then what?" after an answer (``earlier``, the message before as it was
        decided): the fact the source tells after it."""
        topic = earlier.best if earlier.verdict is Verdict.ANSWER else None
        following = self._then(topic.key) if topic is not None else None
        if topic is None or following is None:
            return None
        why = f"{following} is what the source tells after {topic.key}"
        return _answered(
            message, (Candidate(following, topic.score, topic.coverage),), Check("next", True, why)
        )

    @functools.cached_property
    def _model(self) -> Learned | None:
        """The curated questions' model, fitted when a long message first needs it (numpy and
        the fit cost 0.15 s, which a one-line question never pays); none over more entries
        than ``LEARNED_ENTRIES``, where its weights would outgrow what it pays for."""
        if self._fitted is not None:
            return self._fitted
        if not self._asked_by or len(self._asked_by) > LEARNED_ENTRIES:
            return None
        from bot.engine.matching.learned import Learned

        return Learned(self._asked_by)

    def _learned_first(self, key: str, piece: Part) -> float | None:
        """The chance the curated questions' model gives an entry, where the message is long
        enough to be diluted and the model puts that entry first."""
        if len(words(piece.text)) < self.thresholds.learned_words or self._model is None:
            return None
        chances = self._model.chances(piece.text)
        first = max(chances, key=chances.__getitem__)
        return chances[first] if first == key else None

    @functools.cached_property
    def _curates_me(self) -> bool:
        """Whether the entries themselves answer questions about the bot ("are you a bot?" is
        an intent of CLINC150's): then the ranking decides them, as any other. Read when first
        asked, as few questions are about the bot."""
        return any(asks_about_me(q) for q in self._questions)

    def _told_elsewhere(self, key: str, asking: str) -> str | None:
        """What "which ..." asks to be named, where the source speaks of such things but
        never with this entry: "which theater hosted the screening?" (theaters are in the
        release, not the screening) asks what the source doesn't say. Things it would name
        by value ("which year", "which city") and by role ("which actor") are not caught."""
        known = self.index.tokens_of(key)
        for head in self._which_heads(asking):
            told = stem(head)
            if is_content(head) and told in self.index.told and told not in known | _VALUE_NOUNS:
                return str(head)
        return None

    def _which_heads(self, asking: str) -> list[str]:
        """What "which ..." asks to be named, as the lexicon reads it ("which movie theater":
        theater); nothing where "which" isn't asked."""
        if "which" not in asking.casefold():
            return []
        read = self.lexicon.apply(asking)[0]
        # Past a name that only narrows it: "which San Francisco theater" asks a theater.
        named = {stem(w) for w in proper_names(asking)} & self._names
        heads = []
        for found in _WHICH_HEAD.finditer(read):
            after = [found.group(1), *read[found.end() :].split()[:_NAME_WORDS]]
            heads.append(next((w for w in after if stem(w) not in named), after[0]))
        return heads

    def _swapped(self, message: str, previous: str) -> tuple[str, bool] | None:
        """The previous question asked of another subject, where the message names only that
        one ("and Frannie?", "what about Ray"), and whether the source doesn't know that one;
        None where it says more."""
        named = _ONLY_NAMED.match(fold(clean(message)))
        if named is None:
            return None
        said = words(named.group("rest"))
        others = self._named(self.index.query(" ".join(said)), named.group("rest"))
        content = {w for w in said if is_content(w) and w not in LIGHT_WORDS}
        if not others and self._unheard_name(content):
            # "and Ebert?" after Siskel: someone the source doesn't know, asked the same.
            instead = " ".join(w for w in said if w in content)
        elif len(others) == 1 and content <= set(self._subjects[others[0]][2]):
            instead = others[0]
        else:
            return None
        before = sentences(previous)
        if not before:
            return None
        asked = before[-1]
        earlier = [n for n in self._named(self.index.query(asked), asked) if n != instead]
        folded = fold(asked)
        for subject in earlier:
            for said_as in (" ".join(self._subjects[subject][2]), *self._subjects[subject][1]):
                pattern = re.compile(rf"\b{re.escape(said_as)}\b")
                if pattern.search(folded):
                    return pattern.sub(instead, folded, count=1), not others
        return None

    def _unheard_name(self, said: set[str]) -> bool:
        """Whether words read as the name of someone the source doesn't know: one no English
        list or entry has ("Ebert"), the rest no everyday word ("Roger"; not "format")."""
        english = self._english
        return any(not english.knows(w) and self._stranger(w) for w in said) and all(
            not self._knows(stem(w)) and not self.index.everyday(w) for w in said
        )

    def _about_named(self, match: Match, subject: str) -> bool:
        """Whether a decision's entry is about the subject, or about no one."""
        if match.best is None:
            return True
        return self._about(match.best.key, [subject], who=False)

    def _answered_of(self, match: Match, subject: str) -> bool:
        """Whether a decision answers with a fact about the subject itself."""
        return (
            match.verdict is Verdict.ANSWER
            and match.best is not None
            and subject in self._subject_of.get(match.best.key, frozenset())
        )

    def _of_someone_else(self, alone: Match, after: Match) -> bool:
        """Whether a message read alone got an entry about someone other than the subject
        the message before names, whom its "she" or "he" stands for."""
        if alone.verdict is not Verdict.ANSWER or alone.best is None or after.subject is None:
            return False
        subjects = self._subject_of.get(alone.best.key, frozenset())
        return bool(subjects) and after.subject not in subjects and refers_to_someone(alone.asked)

    def _prefer_fitting(
        self, ranked: list[Candidate], asking: str, topic: str | None = None
    ) -> list[Candidate]:
        """For a question that says nothing but what it asks ("when was that?", "what
        year?"), the story before it ranks: of entries near the top, the one the message
        before was answered with, else the first, that gives what is asked (a year, a place)
        comes first."""
        specific, kind = _wanted(asking)
        if not specific and kind is None:
            return ranked
        fits = functools.partial(self._fits, specific=specific, kind=kind)
        if topic is not None and kind is not None and not fits(topic):
            return ranked  # the year the answer before doesn't give, another fact's isn't
        near = [c for c in ranked if c.score >= ranked[0].score - self.thresholds.bare_pick]
        found = next((c for c in ranked if c.key == topic and fits(c.key)), None)
        found = found or next((c for c in near if fits(c.key)), None)
        if found is None:
            return ranked
        return _first(ranked, found)

    def _fits(self, key: str, *, specific: frozenset[str], kind: str | None) -> bool:
        """Whether an entry gives what a question asks for (see ``_wanted``)."""
        return specific <= self._answers(key) and (kind is None or kind in self._gives[key])

    def _fits_asked(self, key: str, asking: str) -> bool:
        """Whether an entry gives what a sentence asks for."""
        specific, kind = _wanted(asking)
        return self._fits(key, specific=specific, kind=kind)

    def _tells_a_view(self, key: str) -> bool:
        """Whether an entry tells what someone said or judged: a review, a verdict."""
        return "opinion" in self._gives[key]

    def _answers(self, key: str) -> frozenset[str]:
        """The question words an entry answers: its questions' "who", "when" ..., and "where"
        if its text names a place."""
        kinds = self.index.answers_to(key)
        return kinds | {"where"} if "place" in self._gives[key] else kinds

    def _bare(self, message: str) -> bool:
        """Whether a message asks only a kind of thing ("what year?", "where was it shown?"),
        naming nothing it asks it of."""
        said = [w for w in words(message) if is_content(w) and w not in LIGHT_WORDS]
        return all(w in _KIND_WORDS for w in said)

    def _about_its_subject(self, message: str, after: Match) -> bool:
        """Whether a message was about a subject of the fact base (Ray, the Reprise), which
        "it" or "he" after it may stand for, and the reading after it is about that subject
        too; after "who directed it?", "it" is still the film, and "and who was in it?" asks
        for the cast, not the director; after "who bought the rights?" (Zoetrope's), "who
        distributed it?" asks who distributed the film."""
        earlier = self._best(message, 1)
        if earlier.best is None or after.best is None:
            return False
        subjects = self._subject_of.get(earlier.best.key, frozenset())
        return bool(subjects & self._subject_of.get(after.best.key, frozenset()))

    def _best(self, message: str, limit: int) -> Match:
        found = parts(message)
        if not found:
            return Match(Verdict.HINT, ())
        # "mccaran airport replica?? what scene was it for": the question after the words it
        # points back to, or asks on from ("... for which scene"), is what is asked, read with
        # them; they ask nothing of their own.
        topics = {
            n
            for n, (part, after) in enumerate(pairwise(found))
            if names_a_topic(part.asking)
            and (points_back(after.asking) or continues(after.asking))
            and part.asking in after.text
        }
        decisions = [
            self._decide_in_story(part, limit) for n, part in enumerate(found) if n not in topics
        ]
        # Of decisions alike, one asked with a question mark first ("any details would help.").
        return min(
            decisions,
            key=lambda m: (
                _PREFERENCE.index(m.verdict),
                "?" not in m.asked,
                -(m.best.score if m.best else 0.0),
            ),
        )

    def _decide_in_story(self, piece: Part, limit: int) -> Match:
        """A sentence as its story reads it, and two second readings. One read with the story
        that points to nothing in it, and is a curated question as written, is that question.
        One that says enough to be read alone, yet points back ("was it used for the last
        scene?"), is read again with the sentence before where alone it gets no answer, as a
        follow-up is read with the message before it; the entry it then gets must be one it
        ranked alone: the sentence before says what "it" is, not what is asked."""
        decided = self._decide(piece, limit)
        if (
            piece.text != piece.asking
            and not piece.echoes
            # "... they mentioned One from the Heart. Who directed it?": "it" is the film,
            # which the story names; unless the story's reading told a fact, or that the
            # source doesn't say what is asked.
            and (not points_back(piece.asking) or self._it_is_the_film(piece, decided))
        ):
            # "... a podcast about box office bombs. Who was the director?": a question that
            # points to nothing before it and is a curated question as written is that one.
            alone = self._decide(Part(piece.asking, piece.asking), limit)
            if (
                alone.verdict is Verdict.ANSWER
                and alone.best is not None
                and alone.best.score >= _EXACT
                and alone.best != decided.best
            ):
                return alone
        if decided.verdict not in (Verdict.ANSWER, Verdict.NOT_SAID):
            lead = _LEAD_CLAUSE.match(piece.asking)
            if lead is not None and not asks(lead.group(1)) and decided.best is not None:
                # "Before I vote, can you give me the gist?": a clause before the question
                # that only sets the scene dilutes it. The clause may say what is asked of
                # ("according to the review summary, ..."): the entry must be the one ranked
                # first with it.
                asked = piece.asking[lead.end(1) :].lstrip(" ,")
                clause = self._decide(Part(piece.text, asked), limit)
                first = clause.best.key if clause.best is not None else None
                if clause.verdict is Verdict.ANSWER and first == decided.best.key:
                    return clause
        if piece.before is None or decided.verdict in (Verdict.ANSWER, Verdict.NOT_SAID):
            return self._of_the_story(piece, decided, limit)
        again = self._decide(Part(f"{piece.before} {piece.asking}", piece.asking), limit)
        ranked_alone = {c.key for c in decided.candidates}
        # "Who do the two leads end up with?" after a story naming Harry Dean Stanton: "their"
        # is not his; "it" or "she" may be what the sentence before names.
        borrowed = again.subject is not None and not points_to_one(piece.asking)
        if (
            again.verdict is Verdict.ANSWER
            and again.best is not None
            and again.best.key in ranked_alone
            and not borrowed
        ):
            return again
        return decided

    def _of_the_story(self, piece: Part, decided: Match, limit: int) -> Match:
        """ "It" in a question after a story may be a thing the story named, not the film:
        "... a poster for One From the Heart: Reprise. When did it come out?" asks when the
        Reprise came out. Where the question was answered of the film as a whole, and asked
        again of the thing the story named last it is answered with an entry about that
        thing, that answer stands."""
        best = decided.best
        question_word = leading_question_word(piece.asking)
        # Who or which "it" is asks of a thing only where the fact base says which of its
        # subjects are people: "I only know Raul Julia from The Addams Family. Who wrote
        # it?" asks who wrote the film, not of him. When or where "it" was is of a thing.
        of_someone = question_word in _FOR_SOMEONE and bool(self._people)
        if (
            decided.verdict is not Verdict.ANSWER
            or best is None
            or self._subject_of.get(best.key)
            or not piece.story
            or not points_to_one(piece.asking)
            or titles_the_film(piece.asking)  # "who directed One from the Heart, was it ...?"
            or not (
                of_someone
                or question_word in _WHEN_OR_WHERE
                or kind_asked(piece.asking) in _TIME_OR_PLACE
            )
        ):
            return decided
        story = self._read(piece.story)
        named = [
            n for n in self._named(self.index.query(story), piece.story) if n not in self._people
        ]
        # The one named last; none if the film's title comes after it ("a poster for the
        # Reprise ... it's tied to One from the Heart? When did it come out?" asks of the film).
        folded = fold(piece.story)
        at = {
            n: max(
                (m.start() for w in self._subjects[n][2] for m in _word(w).finditer(folded)),
                default=-1,
            )
            for n in named
        }
        if not named or max(at.values()) < last_titled_at(piece.story):
            return decided
        subject = max(named, key=lambda n: at[n])
        asked = _IT.sub(subject, piece.asking, count=1)
        if asked == piece.asking:
            return decided
        again = self._decide(Part(asked, asked), limit)
        # Asked when or where, the thing's answer must have been ranked for the question as
        # asked; asked who, "it" names the thing the question's words can't ("... a New York
        # Times review. Who wrote it?": the film's writer, read alone).
        if (
            again.verdict is Verdict.ANSWER
            and again.best is not None
            and subject in self._subject_of.get(again.best.key, frozenset())
            and (of_someone or again.best.key in {c.key for c in decided.candidates})
            and again.best.key not in self._says_unknown
        ):
            return again
        return decided

    def _it_is_the_film(self, piece: Part, decided: Match) -> bool:
        """Whether "it" in the asking sentence is the film, where the story before it asks
        nothing: the story names the film by its title, or read with the question it gets only a
        known unknown ("the cast was stacked but they didn't list anyone. Who starred in it?"
        is not which actor played whom). Not where the story's reading tells a fact, or that
        the source doesn't say what is asked."""
        if not it_is_asked_after_a_story(piece):
            return False
        if decided.verdict is Verdict.NOT_SAID or decided.best is None:
            return False
        unknown = decided.best.key in self._says_unknown
        if decided.verdict is Verdict.ANSWER and not unknown:
            return False
        return unknown or titles_the_film(piece.text[: -len(piece.asking)])

    def _read(self, sentence: str) -> str:
        """A sentence as the index reads it: the title named as one, slips repaired, the
        lexicon's phrasings in its words."""
        return self.lexicon.apply(self.index.repaired(self.lexicon.name_film(sentence)))[0]

    def _decide(self, piece: Part, limit: int) -> Match:
        t = self.thresholds
        part = piece.text
        as_typed = self.lexicon.name_film(part)
        text, used = self.lexicon.apply(self.index.repaired(as_typed))
        query = self.index.query(text)
        # The asking sentence's own words, apart from any context read with it.
        asked = frozenset(query.tokens)
        own: Query | None = None
        own_text = text
        if piece.text != piece.asking:
            own_text = self._read(piece.asking)
            own = self.index.query(own_text)
            asked = frozenset(own.tokens)
            background = frozenset(query.tokens) - asked
            # Context can only say what "it" is through words the fact base knows; and a story
            # a question echoes ("did a critic say so?") says it of people who are no subject.
            idle = self._names if piece.echoes else frozenset()
            kept = tuple(
                w for w in query.tokens if w not in background or (self._knows(w) and w not in idle)
            )
            query = replace(query, tokens=kept, text=" ".join(sorted(kept)), background=background)
        meaningful = [tok for tok in query.tokens if tok not in LIGHT_WORDS]
        known = [tok for tok in meaningful if tok not in query.filler and self._knows(tok)]
        asking = own if own is not None else query  # the asking sentence, as read
        meant = frozenset(
            t for t in asking.tokens if t not in LIGHT_WORDS and t not in asking.filler
        )
        yes_or_no = asks_yes_or_no(piece.asking)
        base = Match(
            Verdict.REFUSE,
            (),
            part,
            piece.asking,
            lexicon=used,
            meant=meant,
            yes_or_no=yes_or_no,
            why=asks_why(piece.asking),
        )
        # A word the fact base knows counts, however few its letters ("4k?"); a number
        # alone ("1981", "8") is still no question.
        letters = sum(ch.isalpha() for ch in part)
        spelt = any(not tok.isdigit() for tok in known)
        if (letters < t.min_letters and not spelt) or not (meaningful or query.about_film):
            return _hint(base, "nothing in it says what it is about")
        if asks_about_me(piece.asking) and not self._curates_me:
            return _hint(base, "it asks about the bot, not the source")
        if asks_what_the_asker_does(piece.asking):
            return replace(base, checks=(Check("topic", False, "it asks what you do"),))
        # A number no entry knows ("test 123") says nothing of what is asked.
        said = [w for w in query.words if not self._idle_number(w)]
        saying = [tok for tok in meaningful if not self._idle_number(tok)]
        lone = len(saying) == 1 and not asks(part) and saying[0] not in self._keywords
        if lone and all(self._english.knows(w) for w in said):
            return _hint(base, f"“{said[0]}” alone asks nothing of the source")
        # A story's subjects are what "he" or "she" may stand for; a question that asks of no
        # one ("who directed it?") asks of the film, whoever the story names.
        of_own = own is not None and (piece.echoes or asks_of_the_film(piece.asking))
        named = self._named(own, own_text) if own and of_own else self._named(query, text)
        if meaningful and not known and not named:
            # Nothing the fact base knows of: chit-chat, or a question about something else.
            if not asks(part) and len(meaningful) <= _CHAT_WORDS:
                return _hint(base, "ordinary words that ask nothing of the source")
            return replace(base, checks=(Check("words", False, "no word the source knows"),))
        ranked = self._rank(query, limit)
        if not ranked:
            return base
        ranked = self._prefer_members(ranked)
        if own is None:  # after a story, the fact may lack the story's words
            ranked = self._unknown_yields(
                ranked, frozenset(meaningful) - query.filler, piece.asking
            )
        # What is asked for, where the story ranked and that picked among it.
        wanted: tuple[frozenset[str], str | None] | None = None
        if own is not None and (
            piece.topic
            or not set(own.tokens) - LIGHT_WORDS
            or ranked[0].key not in self._says_unknown
        ):
            first = ranked[0]
            ranked = self._prefer_fitting(ranked, piece.asking, piece.topic)
            if ranked[0] is not first:
                wanted = _wanted(piece.asking)
        if yes_or_no:
            ranked = self._prefer_said(ranked, meant, frozenset(query.tokens))
        subject = named[0] if named else None
        checks: list[Check] = []
        # Asked which critic said something of a subject ("did a critic say Hank and Frannie
        # don't like each other?"), only a review answers: it speaks of them without being
        # about them.
        folded_asking = fold(piece.asking)
        reviewed = bool(_SAID_BY.search(folded_asking))
        if reviewed and not self._tells_a_view(ranked[0].key):
            review = next((c for c in ranked if self._tells_a_view(c.key)), None)
            if review is not None:
                checks.append(Check("kind", True, f"asks who said it: {review.key} tells"))
                ranked = _first(ranked, review)
        chosen = ranked[0]
        # Ranked above the entry about the subject named: where that entry is about someone,
        # not the film as a whole, they are not about the subject, and no rival to it.
        set_aside: list[Candidate] = []
        if named:
            who = not _RELATIONS.isdisjoint(query.words) or bool(_WITH.search(folded_asking))
            about = [
                c
                for c in ranked
                if self._about(c.key, named, who=who) or (reviewed and self._tells_a_view(c.key))
            ]
            # Entries about the named subject come before facts about the film as a whole;
            # what the source doesn't say of anyone ("who played whom") keeps its place.
            about.sort(
                key=lambda c: (
                    not (self._subject_of.get(c.key) or self.index.intents[c.key].says_unknown)
                )
            )
            if about and about[0] is not chosen:
                checks.append(
                    Check("subject", False, f"{chosen.key} is not about {', '.join(named)}")
                )
                set_aside = list(ranked[: ranked.index(about[0])])
                chosen = about[0]
                # What the set-aside entry says of its subject, this one doesn't say of
                # theirs: "what does Hank do for a living" is Leila's job, not Hank's.
                taken = self._words_of(set_aside, chosen, query, asked)
                # Words for the kind asked ("what year") are no one's, where it gives that kind.
                kind = kind_asked(piece.asking)
                if kind is not None and kind in self._gives[chosen.key]:
                    taken = [w for w in taken if w not in _KIND_WORDS]
                if taken:
                    why = f"{', '.join(taken)}: what {set_aside[0].key} says, of another"
                    checks.append(Check("words", False, why))
                    return self._not_said(base, ranked, checks, subject, chosen)
                # A roundup about the subject holds a fact set aside above it: it answers as
                # surely as that fact ("did exhibitors back out after the SF screening?").
                members = [c for c in set_aside if c.key in self._groups.get(chosen.key, ())]
                if members:
                    chosen = Candidate(
                        chosen.key,
                        max(chosen.score, *(c.score for c in members)),
                        max(chosen.coverage, *(c.coverage for c in members)),
                    )
            elif not about:
                checks.append(Check("subject", False, f"no entry is about {', '.join(named)}"))
                return self._not_said(base, ranked, checks, subject)
            checks.append(Check("subject", True, f"{chosen.key} is about {', '.join(named)}"))
        beyond = self._beyond(chosen, ranked, query, named, asked, piece.asking)
        if beyond is not None:
            unknown, stray = beyond
            checks.append(Check("words", False, f"{unknown.key} is about {', '.join(stray)}"))
            ordered = (unknown, *(c for c in ranked if c is not unknown))
            return replace(
                base,
                verdict=Verdict.ANSWER,
                candidates=ordered,
                checks=tuple(checks),
                subject=subject,
            )
        # "A coworker claims Paramount put it out, is that so?", "was it directed by
        # Scorsese?": words the source lacks are what the fact on the topic sets right or bears
        # out. Not where the question may name someone else in place of the fact's subject
        # ("did Ebert give it a thumbs up?" is no claim about Siskel).
        of_the_film = (query.about_film or bool(named)) and (
            bool(named) or not self._subject_of.get(chosen.key)
        )
        # Or another name where the entry's thing stands ("was Paramount the distributor?"),
        # if the entry clearly leads: weaker, the name is as likely a place the source never
        # speaks of ("was it shown at Cannes?" is no claim about the Reprise).
        claim = checks_a_claim(piece.text) or (
            checks_whether(piece.asking)
            and (
                of_the_film
                or (
                    chosen.score >= t.clear_score and self._renamed(chosen.key, piece.asking, named)
                )
            )
        )
        meaning = self._meaning(chosen, query, piece, claim)
        if not all(c.passed for c in meaning) and chosen.key in self._groups:
            # A roundup that doesn't give what is asked may hold a fact that does ("where did
            # they get the plane for the airport set?": the airliner's fact says).
            for member in ranked:
                if member.key in self._groups[chosen.key] and member not in set_aside:
                    fits = self._meaning(member, query, piece, claim)
                    if all(c.passed for c in fits):
                        chosen, meaning = member, fits
                        break
        checks.extend(meaning)
        if any(c.name == "place" for c in meaning):
            # Met only in a place the source names: about somewhere, not about the film.
            return replace(base, candidates=tuple(ranked), checks=tuple(checks))
        if not all(c.passed for c in meaning):
            return self._not_said(base, ranked, checks, subject, chosen)
        merged: set[str] = set()  # facts answered by the one chosen, which holds them both
        sibling = next(
            (c for c in ranked if c is not chosen and self._siblings(chosen.key, c.key)), None
        )
        group = self._siblings(chosen.key, sibling.key) if sibling is not None else None
        if sibling is not None and group is not None and chosen.score - sibling.score < t.margin:
            # Two facts of one roundup, close: the roundup answers, each with its citations.
            # It is answered as surely as the facts it holds, or as its own questions, if surer.
            held = Candidate(group, chosen.score, chosen.coverage)
            itself = next((c for c in ranked if c.key == group), held)
            chosen = itself if itself.score >= held.score else held
            checks.append(Check("score", True, f"{group} holds both close facts"))
        elif sibling is None:
            # Two facts whose quotes one sentence holds, close: that sentence's fact says both,
            # where it is itself among those ranked ("should I quit my job?" is not the plot).
            in_ranking = {c.key for c in ranked}
            close = next(
                (
                    (h, c.key)
                    for c in ranked
                    if c is not chosen and chosen.score - c.score < t.margin
                    for h in sorted(
                        self._holders.get(chosen.key, frozenset())
                        & self._holders.get(c.key, frozenset())
                        & in_ranking
                    )
                ),
                None,
            )
            if close is not None:
                holder, other = close
                merged = {chosen.key, other}
                # It is answered as surely as the facts it holds, or as its own questions.
                itself = next(c for c in ranked if c.key == holder)
                held = Candidate(holder, chosen.score, chosen.coverage)
                chosen = itself if itself.score >= held.score else held
                checks.append(Check("score", True, f"{holder} holds both close facts"))
            else:
                # Ranked first itself, above two facts it holds: they are no rivals to it.
                within = [
                    c.key
                    for c in ranked
                    if chosen.key in self._holders.get(c.key, frozenset())
                    and chosen.score - c.score < t.margin
                ]
                if len(within) > 1:
                    merged = set(within)
                    checks.append(Check("score", True, f"{chosen.key} holds both close facts"))
        spanned = self._spanned(chosen.key, meant)
        if spanned is not None:
            # "What was the result of the 1981 screening?": the screening is one fact, its
            # result another; the roundup answers with both, each with its citations.
            # The roundup holds the fact the question was ranked to: it is answered as surely.
            chosen = Candidate(spanned, chosen.score, chosen.coverage)
            checks.append(Check("score", True, f"{spanned} holds what is asked of both facts"))
        named_unknown = chosen.key in self._says_unknown and any(
            meant <= asked for meant in self.alias_meanings(chosen.key)
        )
        chosen_about = self._subject_of.get(chosen.key, frozenset())
        # Where the entry chosen is about someone, those the subject check set aside are no
        # rivals to it, read with the story or without.
        aside = {c.key for c in set_aside} if chosen_about else set()
        rival = next(
            (
                c
                for c in ranked
                if c is not chosen
                and c.key not in self._related(chosen.key)
                and not self._siblings(chosen.key, c.key)
                # A known unknown the question names by its alias ("what songs ..."): another
                # thing the source doesn't say is no rival to it.
                and not (named_unknown and c.key in self._says_unknown)
                and c.key not in aside
                and c.key not in merged
                and not (wanted and not self._fits(c.key, specific=wanted[0], kind=wanted[1]))
                and not (reviewed and not self._tells_a_view(c.key))
                and c.key != piece.answered
                # A fact quoting a stretch of the source another fact's quote holds, or
                # holding it, says the same sentence: the ranking picks between them, where
                # the one chosen knows every word the question turns on ("what are Hank and
                # Frannie's jobs?": the plot knows no job, Leila's fact does).
                and not (
                    frozenset((chosen.key, c.key)) in self._quoting_alike
                    and meant <= self.index.tokens_of(chosen.key)
                )
                # Asked of Maslin, what the source doesn't say of Siskel is no rival; nor, asked
                # of MGM, what it says of Zoetrope alone, where the entry is MGM's own.
                and not (
                    named
                    and not self._about(c.key, named, who=False)
                    and (
                        c.key in self._says_unknown
                        or (
                            bool(chosen_about)
                            and self._subject_of.get(c.key, frozenset()).isdisjoint(chosen_about)
                        )
                    )
                )
            ),
            None,
        )
        lead = chosen.score - (rival.score if rival else 0.0)
        # Subjects the story names in passing ask nothing: only the asking sentence's count.
        spans = self._spans(chosen, self._named(own, own_text) if own is not None else named)
        if spans and not (reviewed and self._tells_a_view(chosen.key)):
            checks.append(Check("words", False, spans))
            decided = replace(base, candidates=tuple(ranked), checks=tuple(checks))
            return replace(decided, verdict=Verdict.SUGGEST, subject=subject)
        typed = frozenset(words(as_typed))  # as typed, nothing repaired
        # A curated question or alias must share a word: answer text alone is weak evidence,
        # and so is a word of two letters ("la" of "LA Times" in "la la land").
        # A roundup is asked with its facts' words too: it answers what they are asked; so
        # does a fact whose quote holds those it was chosen over.
        strong = self.index.asked_with(chosen.key).union(
            *(self.index.asked_with(m) for m in (*self._groups.get(chosen.key, ()), *merged))
        )
        asked_for = not meaningful or any(
            w in strong and not _small_number(w) and (len(w) > 2 or not w.isalpha())
            for w in meaningful
        )
        # The subject the asking sentence names, where the entry is about it and every word is
        # known: it may explain less ("so ray is a waiter or a piano guy??").
        spoken = f" {' '.join(words(piece.asking))} "
        # Or names by "she" or "he" the one the sentence before it named ("what did Susan
        # King say?" then "which paper was she at?").
        pointed = piece.text != piece.asking and refers_to_someone(piece.asking)
        credit = (
            t.subject_credit
            if not yes_or_no
            and not query.unknown
            and any(
                (pointed or f" {' '.join(self._subjects[n][2])} " in spoken)
                and n in self._subject_of.get(chosen.key, ())
                for n in named
            )
            else 0.0
        )
        # "What year?" after the screening: the message before said what it asks of, as a
        # subject named would; nothing else need trail it.
        topical = piece.topic is not None and (
            chosen.key == piece.topic or piece.topic in self._groups.get(chosen.key, ())
        )
        if topical:
            credit = max(credit, t.subject_credit)
        enough = self._enough(chosen, lead, asked_for, credit, query, asking, typed)
        if enough and not (used or query.about_film or named):
            # One word shared, and only once repaired, amid others ("can u help me writ a
            # cover leter": "later"), naming neither the film nor a subject: a guess.
            shared = self._shared(chosen.key, query)
            typed_stems = {stem(w) for w in typed}
            if len(shared) == 1 and not shared & typed_stems and len(meaningful) > 1:
                enough = False
        clear = lead >= t.margin or topical
        why = f"score {chosen.score:.0f}, explains {chosen.coverage:.0%}, leads by {lead:.0f}"
        if not (clear and enough):
            # The story around a question, or the claim it checks, may dilute it: the question
            # without them may still ask for the same entry strongly enough.
            for how, variant in self._undiluted(own, query, claim, chosen.key):
                again = self._rank(variant, limit)
                if not again or (again[0].key != chosen.key and again[0].key not in merged):
                    continue
                top = again[0]
                rival_again = next(
                    (
                        c
                        for c in again[1:]
                        if c.key not in self._related(chosen.key) and c.key not in aside
                    ),
                    None,
                )
                lead_again = top.score - (rival_again.score if rival_again else 0.0)
                # The story's words the entry knows favour it: it must lead without them too.
                lead = min(lead, lead_again) if how == _WITH_STORY else lead_again
                enough = self._enough(top, lead, asked_for, credit, variant, asking, typed)
                clear = lead >= t.margin
                why = (
                    f"{how}: score {top.score:.0f}, explains {top.coverage:.0%}, "
                    f"leads by {lead:.0f}"
                )
                break
        if not (enough and clear):
            # A long message's story dilutes the score; the model weighs only the words that
            # tell entries apart.
            chance = self._learned_first(chosen.key, piece)
            if chance is not None and chance >= t.learned_chance:
                enough = clear = True
                why = f"{why}; the curated questions' model gives it {chance:.0%}"
        checks.append(Check("score", enough and clear, why))
        ordered = (chosen, *(c for c in ranked if c.key != chosen.key))
        decided = replace(base, candidates=ordered, checks=tuple(checks), subject=subject)
        if enough and clear:
            return replace(decided, verdict=Verdict.ANSWER)
        if chosen.score >= t.suggest and chosen.coverage >= t.suggest_coverage:
            return replace(decided, verdict=Verdict.SUGGEST)
        return decided

    def _rank(self, query: Query, limit: int) -> list[Candidate]:
        """The ``limit`` best entries by score, each score then moved by how likely the
        question's words are in the entry's curated questions as a whole (``Index.usage``):
        best first again. The ranking finds them; this weighs what it found."""
        ranked = rank(self.index, query, limit=limit if limit > 0 else None)[:limit]
        if len(ranked) < 2:
            return ranked
        tokens = query.tokens
        usage = functools.cache(lambda key: self.index.usage(tokens, key))
        # Kin weigh as the likeliest of them: the score and the checks tell them apart. (A
        # known unknown's few questions, a word from its fact's, make its topic's words likely.)
        likelihood = [max(map(usage, self._asked_alike[c.key])) for c in ranked]
        likeliest = max(likelihood)
        weight = self.thresholds.usage_weight
        weighed = []
        for c, likely in zip(ranked, likelihood, strict=True):
            moved = round(weight * (likely - likeliest), 2)
            weighed.append(Candidate(c.key, round(c.score + moved, 2), c.coverage, moved))
        return sorted(weighed, key=lambda c: (-c.score, c.key))

    def _enough(
        self,
        chosen: Candidate,
        lead: float,
        asked_for: bool,
        credit: float,
        query: Query,
        asking: Query,
        typed: frozenset[str],
    ) -> bool:
        """Whether the entry explains enough of the question: most of it; or, far ahead of
        any other entry, a good part ("siskel a fan?": chat words dilute, nothing else is near).
        ``credit`` is the points (and percent) a subject named in the question makes up for."""
        t = self.thresholds
        score, coverage = chosen.score + credit, chosen.coverage + credit / 100
        if not asked_for or score < t.answer:
            return False
        if coverage >= t.coverage:
            return True
        if lead < t.clear_lead or coverage < t.clear_coverage:
            return False
        return score >= t.clear_score or (
            score >= t.clear_score - t.telling_credit
            and self._telling(chosen.key, query, asking, typed)
        )

    def _telling(self, key: str, query: Query, asking: Query, typed: frozenset[str]) -> bool:
        """Whether the entry shares with the question a word English seldom uses: evidence
        that everyday words ("form", "own") met by chance are not; nor is a word of the story
        before it read as a typo of one ("my cat won't stop meowing. any tips?": "showing")."""
        strong = self.index.asked_with(key)
        return any(
            (w in typed or w in asking.words)
            and stem(w) in strong
            and self._english.frequency(w) < self.thresholds.telling_zipf
            for w in query.words
        )

    def says(self, key: str, meant: frozenset[str]) -> bool:
        """Whether an entry's own text says every word a yes/no question turns on (``meant``,
        as the decision read it: "was MGM the distributor?", "MGM remained the film's
        distributor"); a word only its curated questions know ("did Siskel give it a thumbs
        down?") is not said."""
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = self.index.tokens_in(self.index.intents[key].context)
        # Names alone say nothing of them: "does Frannie end up with Hank?" is not borne out
        # by a text naming both.
        return bool(meant - self._names) and meant <= said

    def _undiluted(
        self, own: Query | None, query: Query, claim: bool, key: str
    ) -> list[tuple[str, Query]]:
        """The question without what only dilutes it: the story before it, or the story's
        words but those the entry ``key`` knows ("... the couple seem to hate each other. Did
        any critic point that out?"), and the words of a claim it checks that the source
        doesn't know ("a coworker claims Universal ...")."""
        variants: list[tuple[str, Query]] = []
        if own is not None:
            variants.append(("asked alone", own))
            known = self.index.tokens_of(key)
            told = tuple(
                dict.fromkeys(
                    (
                        *own.tokens,
                        *(w for w in query.tokens if w in query.background and w in known),
                    )
                )
            )
            if len(told) > len(own.tokens):
                variants.append(
                    (_WITH_STORY, replace(query, tokens=told, text=" ".join(sorted(told))))
                )
        if query.unknown and claim:
            dropped = {stem(w) for w in query.unknown}
            kept = tuple(t for t in query.tokens if t not in dropped)
            if kept:
                trimmed = replace(query, tokens=kept, text=" ".join(sorted(kept)))
                variants.append(("the claim's known words", trimmed))
        return variants

    def _meaning(self, chosen: Candidate, query: Query, piece: Part, claim: bool) -> list[Check]:
        """The checks of what is asked: the kind of answer, and words the entry lacks."""
        intent = self.index.intents[chosen.key]
        checks: list[Check] = []
        if not intent.says_unknown:
            specific, asked = _wanted(piece.asking)
            if asked == "age" and not asks_the_films_age(piece.asking):
                checks.append(Check("kind", False, "asks someone's age; the source gives none"))
            elif asked is not None and asked not in self._gives[chosen.key]:
                article = "an" if asked[0] in "aeiou" else "a"
                why = f"asks for {article} {asked}; {chosen.key} gives none"
                checks.append(Check("kind", False, why))
            if specific and specific.isdisjoint(self._answers(chosen.key)) and asked is None:
                checks.append(
                    Check(
                        "kind",
                        False,
                        f"asks {'/'.join(sorted(specific))}; {chosen.key} answers no such question",
                    )
                )
            which = which_asked(piece.asking)
            if which and chosen.key not in self._unnamed:
                self._unnamed[chosen.key] = unnamed_things(self._texts[chosen.key])
            unnamed = sorted(which & self._unnamed.get(chosen.key, frozenset()))
            if unnamed and not checks:
                why = f"asks which {unnamed[0]}; {chosen.key} doesn't name it"
                checks.append(Check("kind", False, why))
            elsewhere = self._told_elsewhere(chosen.key, piece.asking)
            if elsewhere and not checks:
                why = f"asks which {elsewhere}; {chosen.key} speaks of none"
                checks.append(Check("kind", False, why))
            if not checks:
                checks.append(Check("kind", True, f"{asked or 'what is asked'} fits {chosen.key}"))
        if beyond_the_film(piece.asking):
            checks.append(Check("words", False, "asks about more than this film"))
        # Only the asking sentence's own words: the story around it names things in passing.
        asked_words = set(words(piece.asking))
        named_here = set(proper_names(piece.asking))
        vocabulary = self.index.vocabulary
        # Met only in a place or a number, the film unnamed ("best pizza in san francisco?",
        # "best laptop 2024"), the entry says nothing of what else is asked: then an everyday
        # word no entry knows counts too.
        shared = self._shared(chosen.key, query)
        by_place = (
            bool(shared)
            and all(t in self._places or t.isdigit() for t in shared)
            and not query.about_film
        )
        # What someone was in, where the source knows no word of it ("who starred in Paris
        # Texas?"), is another film: its words count, however common.
        unknown = set(query.unknown)
        in_runs = _IN_WHAT.findall(fold(piece.asking))
        other_film = {
            w
            for run in in_runs
            if all(w in unknown and w.isalpha() and len(w) > 3 for w in run if w)
            for w in run
            if w
        }
        # "The plot of the Matrix", "the cast of Blade Runner": a film the source doesn't know.
        other_film |= {
            w
            for run in _OF_WHAT.findall(fold(piece.asking))
            for w in run
            if w in unknown and w.isalpha() and len(w) >= 3
        }
        aspect = self._asked_of(piece.asking, query)
        stray = [
            w
            for w in dict.fromkeys(query.words)
            if w in asked_words
            and w not in vocabulary
            and not self._knows(stem(w))
            and (
                w in other_film
                or (
                    self._stranger(w)
                    if w in named_here
                    else by_place or w in aspect or self._specific(w)
                )
            )
        ]
        # A title the source doesn't know ("the Outsiders"), or what someone was in ("was Teri
        # Garr in Young Frankenstein?"), is another film, not a claim. Nor is someone asked
        # of besides ("did Siskel and Ebert both ...?"): the fact settles only its own half.
        together = bool(named_here & set(stray)) and _TOGETHER.search(fold(piece.asking))
        after_in = {w for run in in_runs for w in run if w}
        if (
            stray
            and claim
            and not together
            and not self._elsewhere(stray, query, after_in, piece.asking)
        ):
            checks.append(Check("words", True, f"a claim to check: {', '.join(stray)}"))
        elif stray and by_place:
            why = f"meets the source only in {', '.join(sorted(shared))}: {', '.join(stray)}"
            checks.append(Check("place", False, why))
        elif stray:
            checks.append(Check("words", False, f"no entry knows {', '.join(stray)}", tuple(stray)))
        return checks

    def _asked_of(self, asking: str, query: Query) -> set[str]:
        """The words naming what a question asks of, which count however everyday, where no
        entry knows them: the acting of "what did Susan King say about the acting?", the
        meeting of "how did Hank and Frannie first meet?"."""
        unknown = set(query.unknown)
        folded = fold(asking)
        aspect = {w for w in _OF_ASPECT.findall(folded) if w in unknown and w.isalpha()}
        how = _HOW_DID.match(folded)
        said = words(how.group(1)) if how else []
        while said and not is_content(said[-1]):
            said.pop()  # "... meet lol"
        # Only names (or "they") stand before the verb: "how did Hank and Frannie first meet".
        only_names = all(
            not is_content(w) or stem(w) in self._names or w in _TIMING for w in said[:-1]
        )
        last = said[-1:] if len(said) <= _HOW_DID_WORDS and only_names else []
        aspect |= {
            w
            for w in last
            if w.isalpha()
            and len(w) > 2
            and (w in unknown or stem(w) in query.filler)
            and w not in _HAPPENING
        }
        return aspect

    @staticmethod
    def _elsewhere(stray: Sequence[str], query: Query, after_in: set[str], asking: str) -> bool:
        """Whether words the source lacks name another film: a title ("the Outsiders"), or
        what someone was in (``after_in``: "in Young Frankenstein"); not what someone wrote
        for ("the Toronto Star"), a paper however titled."""
        wrote_for = {w for run in _FOR_WHAT.findall(fold(asking)) for w in run if w}
        return any((stem(w) in query.names or w in after_in) and w not in wrote_for for w in stray)

    def _beyond(
        self,
        chosen: Candidate,
        ranked: Sequence[Candidate],
        query: Query,
        named: Sequence[str],
        asked: frozenset[str],
        asking: str,
    ) -> tuple[Candidate, list[str]] | None:
        """A known unknown that explains words of the question ``chosen`` lacks, if any.

        "What role did Frederic Forrest have?" names the cast, but "role" is what the unknown
        about who played whom is about: the cast list would answer a different question.
        """
        index = self.index
        own = index.tokens_of(chosen.key)
        ignored = LIGHT_WORDS | query.filler
        stray = [t for t in query.tokens if t not in own and t not in ignored and t in asked]
        if not stray:
            return None
        for token in stray:
            for key, alias in self._unknown_aliases.get(token, ()):
                if alias <= asked and not alias <= own and self._about(key, named, who=False):
                    found = next((c for c in ranked if c.key == key), Candidate(key, 0.0, 0.0))
                    return found, sorted(alias - own)
        # What the source doesn't say of the entry, asked with the thing "which" asks for
        # where the entry never names one ("which company restored it?": the Reprise's fact
        # names no company).
        heads = {stem(h) for h in self._which_heads(asking)}
        lacking = [t for t in stray if t in heads and t not in _VALUE_NOUNS]
        for c in ranked:
            if (
                c is not chosen
                and c.key in self._says_unknown
                and c.key in self._related(chosen.key)
            ):
                lacked = sorted(t for t in lacking if t in index.asked_with(c.key))
                if lacked:
                    return c, lacked
        return None

    def _spans(self, chosen: Candidate, named: Sequence[str]) -> str | None:
        """Why the question spans more than ``chosen`` answers, if it does: it names several
        subjects, one of which ``chosen`` neither is about nor mentions ("siskel or maslin")."""
        covered = self._subject_of.get(chosen.key, frozenset()) | self._mentions.get(
            chosen.key, frozenset()
        )
        if covered and len(named) > 1:
            missing = [n for n in named if n not in covered]
            if missing:
                return f"also names {', '.join(missing)}, which {chosen.key} doesn't"
        return None

    def _words_of(
        self,
        others: Sequence[Candidate],
        chosen: Candidate,
        query: Query,
        asked: frozenset[str],
    ) -> list[str]:
        """The asking sentence's words ``chosen`` lacks that ``others`` have in their questions.
        Known unknowns among them count too: the city Jack Singer lived in is not said, and
        the plot, asked Hank's city, knows no city either."""
        index = self.index
        # Nor do entries of one story with it: the exhibitors' backing out is what came of
        # the San Francisco screening, and the roundup of both tells it of San Francisco.
        kin = self._related(chosen.key)
        others = [o for o in others if o.key not in kin]
        own = index.tokens_of(chosen.key)
        ignored = LIGHT_WORDS | query.filler | own
        return [
            t
            for t in query.tokens
            if t in asked and t not in ignored and any(t in index.asked_with(o.key) for o in others)
        ]

    def _not_said(
        self,
        base: Match,
        ranked: Sequence[Candidate],
        checks: list[Check],
        subject: str | None,
        chosen: Candidate | None = None,
    ) -> Match:
        """Meaning failed: about the source (a subject it knows, or a close entry), say it
        doesn't say that, offering ``chosen`` or the best entry; about anything else, refuse."""
        best = chosen or ranked[0]
        in_domain = subject is not None or best.score >= self.thresholds.suggest
        return replace(
            base,
            verdict=Verdict.NOT_SAID if in_domain else Verdict.REFUSE,
            candidates=tuple(ranked),
            checks=tuple(checks),
            subject=subject,
            nearest=best.key,
        )

    def _prefer_said(
        self, ranked: list[Candidate], meant: frozenset[str], tokens: frozenset[str]
    ) -> list[Candidate]:
        """A known unknown ranked first gives way, for a yes or no, to the fact it stands beside
        when that fact holds every word the question turns on, explains as much of it, and the
        question names none of the unknown's own aliases: "did coppola co-write it?" is what
        the source says; "did he have a writing partner?" is what it doesn't."""
        unknown = ranked[0].key
        fact = self._beside(ranked)
        if fact is None or not meant:
            return ranked
        said = self.index.tokens_of(fact.key)
        # A word no entry knows is the claim's, which the fact settles ("is Leila a waitress?"
        # of "which circus is Leila with?"): the unknown knows it no more than the fact does.
        meant = frozenset(w for w in meant if self._knows(w))
        if not meant <= said or any(
            tokens.issuperset(alias) and not said.issuperset(alias)
            for alias in self.index.aliases_of(unknown)
        ):
            return ranked
        if fact.coverage < ranked[0].coverage:
            return ranked
        return _first(ranked, fact)

    def _unknown_yields(
        self, ranked: list[Candidate], asked: frozenset[str], asking: str
    ) -> list[Candidate]:
        """A known unknown ranked first gives way to the fact it stands beside where the
        question asks nothing it adds: no word only the unknown is asked with, every word
        (``asked``) one the fact knows, the fact scoring close ("one from the heart
        exhibitors" asks for the exhibitors, not which ones they were; "who is Ray in the
        story?" is not how it ends, though the ending's questions name Ray and the story).
        Not a question of the unknown's own, as written; nor one asking to name what the
        unknown is about ("what's the name of the website?"); nor "what kind of act", where
        the fact says "act", or explains less: that asks for more than it gives."""
        top = ranked[0]
        if top.key not in self._says_unknown or top.score >= _EXACT:
            return ranked
        fact = self._beside(ranked)
        if fact is None or top.score - fact.score > self.thresholds.yield_margin:
            return ranked
        sort = _KIND_OF.search(fold(asking))
        if sort and (
            fact.coverage < top.coverage or not self._tells_kind(fact.key, sort.group(1), asking)
        ):
            return ranked
        if sort:  # "kind of" asks what the fact tells: no word of its own
            asked = asked - {stem(w) for w in words(sort.group(0))[:1]}
        known = self.index.tokens_of(fact.key)
        own = self.index.asked_with(top.key) - known - LIGHT_WORDS
        if own & asked or not asked <= known:
            return ranked
        # "Which circus does Leila perform with?" asks to name what the unknown is about.
        named = which_asked(asking).union(stem(h) for h in self._which_heads(asking))
        if named & self.index.asked_with(top.key):
            return ranked
        return _first(ranked, fact)

    def _tells_kind(self, key: str, thing: str, asking: str) -> bool:
        """Whether an entry tells what kind of ``thing`` is asked: it says the thing with a
        word the question lacks before it ("what kind of performer?": a circus performer),
        or never says the thing at all. "What kind of circus performer?" asks finer."""
        said = words(self._texts[key])
        asked = {stem(w) for w in words(asking)}
        thing = stem(thing)
        at = [i for i, w in enumerate(said) if stem(w) == thing]
        return not at or any(
            i > 0 and is_content(said[i - 1]) and stem(said[i - 1]) not in asked for i in at
        )

    def _beside(self, ranked: list[Candidate]) -> Candidate | None:
        """The fact the entry ranked first stands beside (its ``nearest``), if ranked too."""
        nearest = self.index.intents[ranked[0].key].nearest
        return next((c for c in ranked if c.key == nearest), None) if nearest else None

    def _prefer_members(self, ranked: list[Candidate]) -> list[Candidate]:
        """A roundup's fact that explains more of the question, scoring close, answers it."""
        members = self._groups.get(ranked[0].key, frozenset())
        close = [
            c
            for c in ranked[1:]
            if c.key in members
            and c.coverage > ranked[0].coverage
            and ranked[0].score - c.score < self.thresholds.member_margin
        ]
        return _first(ranked, close[0]) if close else ranked

    def _spanned(self, key: str, meant: frozenset[str]) -> str | None:
        """The roundup of ``key`` whose other fact is asked for by a word of its aliases (the
        words that say what it is about) that ``key`` lacks."""
        own = self.index.tokens_of(key)
        wanted = meant - own
        for group in self._groups_of.get(key, ()):
            if any(
                not wanted.isdisjoint(alias)
                for other in self._groups[group] - {key}
                for alias in self.index.aliases_of(other)
            ):
                return group
        return None

    def _siblings(self, one: str, other: str) -> str | None:
        """The roundup two entries are both members of, if any."""
        return next((g for g in self._groups_of.get(one, ()) if other in self._groups[g]), None)

    def _related(self, key: str) -> frozenset[str]:
        """An entry, its roundups or members, and what the source does and doesn't say of it:
        none of them is a rival to it."""
        return self._kin_of.get(key) or frozenset({key})

    def _shared(self, key: str, query: Query) -> frozenset[str]:
        """The words of a question, bar light ones, that an entry knows."""
        return frozenset(self.index.tokens_of(key).intersection(query.tokens)) - LIGHT_WORDS

    def _idle_number(self, word: str) -> bool:
        """A number no entry knows: "123" in "test 123" asks for nothing."""
        return word.isdigit() and not self._knows(word)

    def _knows(self, token: str) -> bool:
        """Whether any entry knows a (stemmed) word."""
        return self.index.knows(token)

    def _named(self, query: Query, text: str) -> list[str]:
        """The subjects of the fact base the question names, in the fact base's spelling."""
        # A possessive typed without its apostrophe ("hanks job") names Hank too.
        asked = set(query.words) | {w[:-1] for w in query.words if len(w) > 3 and w[-1] == "s"}
        spoken = " " + " ".join(words(text)) + " "
        return [
            subject
            for subject, (tokens, rare, said) in self._subjects.items()
            if (tokens and tokens <= asked)
            or not asked.isdisjoint(rare)
            or (not tokens and f" {' '.join(said)} " in spoken)
        ]

    def _renamed(self, key: str, asking: str, named: Sequence[str]) -> bool:
        """Whether a question puts a name the source doesn't know in the place of a thing the
        entry is about: "was Paramount the distributor?" of MGM's fact, "was the set a replica
        of LAX?" of McCarran's (capitals are a name, though "LAX" begins as "Las" does). One
        company distributes, one airport was copied, so the fact settles the claim; not so a
        person ("did Ebert give it a thumbs up?" of Siskel's: both may have)."""
        things = self._subject_of.get(key, frozenset())
        if not things or not things.isdisjoint(self._people) or named:
            return False
        names = [n for n in proper_names(asking) if self._stranger(n)] + acronyms(asking)
        return any(not self._knows(stem(name)) for name in names)

    def _about(self, key: str, named: Sequence[str], *, who: bool) -> bool:
        """Whether an entry may answer a question naming these subjects: it is about one of
        them, or about the film as a whole; or, asked who, its text mentions one."""
        subjects = self._subject_of.get(key, frozenset())
        if not subjects or not subjects.isdisjoint(named):
            return True
        return who and not self._mentions.get(key, frozenset()).isdisjoint(named)

    def _specific(self, word: str) -> bool:
        """Whether an unknown word carries meaning the source may lack: rare in English, or
        no English at all and no slip of the keyboard for an English word; and no kin of a
        word the source has ("criticize" of "critic", "Canada" of "Canadian")."""
        if not word.isalpha() or len(word) < 3 or stem(word) in LIGHT_WORDS:
            return False
        if self._kin(word):
            return False
        frequency = self._english.frequency(word)
        if frequency:
            return frequency < self.thresholds.specific_zipf
        return not self._english.slip(word)

    def _stranger(self, name: str) -> bool:
        """Whether a capitalised word names what the source doesn't: no kin of its words."""
        return name.isalpha() and len(name) >= 2 and not self._kin(name)

    def _kin(self, word: str) -> bool:
        """Whether a word begins as a word the source has, over most of the shorter one:
        "criticize" and "critic", "Canada" and "Canadian"; not "soundstage" and "soundtrack";
        or is the start of one, cut short ("fran" for "Francisco")."""
        vocabulary = self._sorted_vocabulary
        at = bisect.bisect_left(vocabulary, word)
        if len(word) >= _CUT and at < len(vocabulary) and vocabulary[at].startswith(word):
            return True
        for known in self._prefixes.get(word[:_KIN], ()):
            shared = next(
                (i for i, (a, b) in enumerate(zip(word, known, strict=False)) if a != b),
                min(len(word), len(known)),
            )
            if shared >= _KIN_SHARE * min(len(word), len(known)):
                return True
        return False
