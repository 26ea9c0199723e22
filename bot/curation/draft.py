"""``heartbot draft``: a first fact file from any Wikipedia-style source, for curators to finish.

Every sentence worth a fact becomes one: its quote is the sentence itself and its cites are
whatever the source's convention gives that quote (``Source.cites_for``), so both are right by
construction. Ids, topics, aliases and a few starter questions are guessed, and every starter
question is kept only if the engine, built over the whole draft, routes it back to its own fact:
``heartbot check`` on a draft then asks only for more questions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.curation.starters import ROLES, starters
from bot.engine.core import Engine
from bot.engine.knowledge import (
    Fact,
    FactFile,
    KnowledgeBase,
)
from bot.engine.source import Source, SourceError, Span, parse, squash
from bot.engine.text import LIGHT_WORDS, MONTHS, STOPWORDS, YEAR, fold, stem
from bot.limits import (
    MAX_ANSWER,
    MAX_CURATED_QUESTION,
    MAX_ID,
    MAX_QUOTE,
    MAX_TOPIC,
    MIN_QUESTIONS,
)

MAX_DRAFT_ID = min(40, MAX_ID)
MAX_STARTERS = 4
MIN_STARTERS = 2  # when plain questions can be had; a keyword list only when nothing else can

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_ID_WORD = re.compile(r"[a-z0-9]+")
# Latin letters that accents-stripping leaves alone, spelt the way English ids spell them.
_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ı": "i"}
)
_HEADING_MARKUP = re.compile(r"^[=#\s]+|[=#\s]+$|\[edit\]$")
# Small words that may sit inside a name: "Globe and Mail", "One from the Heart".
_NAME_JOINERS = frozenset(
    "of the and from de da del della di du des la le von van der den y".split()
)
# A name ending in one of these is an outlet or an organisation ...
_ORGANISATIONS = frozenset(
    """
    times post news journal magazine review mail tribune guardian herald daily weekly
    studios studio pictures films records company corporation inc ltd group network channel
    university college school institute academy museum theatre theater hall center centre
    award awards prize festival series show movies
    """.split()
)
# ... or a place: nobody to ask "who is" about.
_PLACES = frozenset(
    """
    airport station street avenue road square park city county state states kingdom republic
    america europe asia africa island islands river lake mountain mountains valley bay
    """.split()
)
# Words just before a name that make it a place or a thing rather than a person.
_BEFORE_PLACES = frozenset("in at of from to near into the his her their its".split())
_POSSESSIVE = re.compile(r"['’]s?$")
# Words that open a sentence or a name without being part of it: "In the Los Angeles Times".
_LEADING_SMALL_WORDS = STOPWORDS | LIGHT_WORDS | _NAME_JOINERS
_MONTHS = frozenset(MONTHS)


@dataclass(frozen=True)
class DraftFact:
    """One drafted fact, and what a curator should know about it."""

    fact: Fact
    heading: bool  # its topic is a section heading of the source, not a guess
    marked: str | None  # its sentence with markers in place, when its clauses cite differently


@dataclass(frozen=True)
class Draft:
    """A drafted fact file: one fact per sentence worth one, questions proven by the engine."""

    source: Source
    entries: tuple[DraftFact, ...]

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The drafted facts, in the source's order."""
        return tuple(e.fact for e in self.entries)

    def toml(self) -> str:
        """The fact file's text, fields in the shipped file's order, notes for curators."""
        name = self.source.path.name
        lines = [
            f"# Draft fact base for {self.source.title}: `heartbot draft {name}` wrote it.",
            "#",
            f"# Each [[fact]] is one sentence of seeds/{name} (keep the source there, beside",
            "# this file's knowledge/ folder). Quotes and cites are exact; the rest is guessed.",
            "# To make it a fact base a bot can answer from:",
            "#   1. Split a fact that says several things into one fact per clause (a '# source:'",
            "#      line shows where its citations change): shorten the quote to the clause, and",
            "#      `heartbot check` names the cites it needs.",
            "#   2. Tighten each answer to one or two sentences saying nothing the source doesn't.",
            f"#   3. Add questions until each fact has at least {MIN_QUESTIONS}, the way people",
            "#      ask them: short keyword forms, lowercase chat, indirect phrasings.",
            "#   4. Fix ids (kebab-case, stable) and topics; add aliases: names and words for what",
            "#      the fact speaks of.",
            "#   5. Add [[unknown]] entries for what people ask that the source doesn't say,",
            "#      and [[roundup]] entries for broad questions, as knowledge/",
            "#      one_from_the_heart.toml does.",
            "#   6. Run `heartbot check` after every edit: it proves quotes, cites and coverage,",
            "#      and that every question routes back to its own entry.",
            "",
            "[source]",
            f"file = {toml_string(name)}",
            "# Where the text is published, for answers to link to and credit (its licence may",
            "# ask for it): a full https:// address, then optionally who publishes it and how.",
            '# url = "https://en.wikipedia.org/wiki/..."',
            '# publisher = "Wikipedia"',
            '# licence = "CC BY-SA 4.0"',
        ]
        previous: str | None = None
        for entry in self.entries:
            fact = entry.fact
            lines.append("")
            if entry.heading and fact.topic != previous:
                lines += [f"# --- {fact.topic} ".ljust(96, "-"), ""]
            previous = fact.topic
            if entry.marked is not None:
                lines.append(f"# source: {entry.marked}")
            lines += [
                "[[fact]]",
                f"id = {toml_string(fact.id)}",
                f"topic = {toml_string(fact.topic)}",
                f"answer = {toml_string(fact.answer)}",
                f"quote = {toml_string(fact.quote)}",
                f"cites = [{', '.join(str(n) for n in fact.cites)}]",
                "questions = [",
                *(f"  {toml_string(q)}," for q in fact.questions),
                "]",
                f"aliases = [{', '.join(toml_string(a) for a in fact.aliases)}]",
            ]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Sentence:
    """A sentence chosen to become a fact, before anything is guessed about it."""

    start: int  # offsets into the source's clean text of its quote
    end: int
    own: tuple[int, int]  # ... and of its own words, before the quote took in any neighbour
    section: str | None  # the heading it sits under, if the source has headings
    marked: str  # the sentence as the source prints it, markers in place
    split: bool  # its clauses carry different citations: a curator should split it


def draft_file(path: Path) -> str:
    """Read a source document and return its draft fact file; SourceError names the file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read the source document ({exc})") from exc
    return draft(parse(path, raw), raw).toml()


def draft(source: Source, raw: str = "") -> Draft:
    """Draft facts from a parsed source; its ``raw`` text, if given, lends section headings."""
    vocabulary = _vocabulary(source)
    ids: set[str] = set()
    facts: list[Fact] = []
    ladders: list[_Ladder] = []
    chosen = _sentences(source, _headings(raw))
    texts = [source.text[slice(*s.own)] for s in chosen]
    analyses = [_analyse(t, vocabulary) for t in texts]
    # A name several sentences mention ("Coppola") can't tell a question which one is meant.
    mentions: dict[str, int] = {}
    for words in analyses:
        for alias in words.aliases:
            mentions[fold(alias)] = mentions.get(fold(alias), 0) + 1
    shared = frozenset(name for name, count in mentions.items() if count > 1)
    for sentence, text, words in zip(chosen, texts, analyses, strict=True):
        nearby = _analyse(_neighbour(source, sentence), vocabulary).keywords
        fact_id = _unique_id(_guess_id(words), ids)
        ids.add(fact_id)
        quote = source.text[sentence.start : sentence.end].strip()
        facts.append(
            Fact(
                id=fact_id,
                topic=sentence.section or _guess_topic(text, words, source.title),
                answer=_trim(text, MAX_ANSWER),
                quote=quote,
                cites=source.cites_for(quote) or (),
                questions=(),
                aliases=words.aliases,
            )
        )
        ladders.append(_starters(text, words, shared, nearby, source.title))
    proven = _prove_questions(source, facts, ladders)
    return Draft(
        source,
        tuple(
            DraftFact(fact, s.section is not None, s.marked if s.split else None)
            for fact, s in zip(proven, chosen, strict=True)
        ),
    )


def toml_string(text: str) -> str:
    """Quote text as a TOML basic string; non-ASCII stays as UTF-8 so curators can read it."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


# --- Choosing sentences -----------------------------------------------------------------------


def _headings(raw: str) -> tuple[str, ...]:
    """Lines of the source that look like section headings, as the parser will squash them."""
    lines = [*raw.splitlines()[1:], ""]  # the first line is the title
    found: list[str] = []
    for i, line in enumerate(lines[:-1]):
        text = squash(line)
        follows = lines[i + 1].strip()
        if (
            _heading_name(text)
            and (i == 0 or not lines[i - 1].strip())
            # A wrapped paragraph's first line runs on into its second: a heading doesn't.
            and (not follows or follows[0].isupper() or follows[0] in '["“')
            and "[" not in _HEADING_MARKUP.sub("", text)
        ):
            found.append(text)
    return tuple(found)


def _heading_name(line: str) -> str:
    """A heading's name ("== Plot ==" and "Plot[edit]" are "Plot"), or "" if it isn't one."""
    name = squash(_HEADING_MARKUP.sub("", line))
    if not name or not name[0].isupper() or len(name) > MAX_TOPIC or len(name.split()) > 6:
        return ""
    if name[-1] in ".!?,;:\"”'’)" or fold(name.split()[-1]) in _LEADING_SMALL_WORDS:
        return ""
    return name


def _sentences(source: Source, headings: Sequence[str]) -> list[_Sentence]:
    """The sentences worth a fact, under their headings; a sentence with a marker always is.

    A cited fragment with nothing to ask about joins the sentence before it.
    """
    cited = {span.sentence for span in source.spans if span.cite is not None}
    pending = list(headings)
    # In a source with sections, the sentences before the first one are its lead: an overview.
    section: str | None = "Overview" if headings else None
    chosen: list[_Sentence] = []
    held: int | None = None  # where a cited fragment with no sentence before it starts
    for index, sentence in enumerate(source.sentences):
        start, clean = sentence.start, sentence.clean
        if pending and (clean == pending[0] or clean.startswith(pending[0] + " ")):
            heading = pending.pop(0)
            section = _heading_name(heading)
            if clean == heading and index not in cited:
                continue
            if clean != heading:
                # The heading ran straight into its first sentence: quote the sentence alone,
                # unless that would drop a citation.
                rest = start + len(heading) + 1
                alone = source.cites_for(source.text[rest : sentence.end]) or ()
                if set(alone) == set(source.cites_for(clean) or ()):
                    start = rest
        if not _has_content(source.text[start : sentence.end]):
            if index not in cited:
                continue
            if chosen:
                # A cited fragment ("Twice.[8]", or a marker extraction left on a heading)
                # finishes the sentence before it.
                last = chosen.pop()
                chosen.append(_sentence(source, last.own[0], sentence.end, last.section))
            elif held is None:
                held = start
            continue
        if held is not None:
            start, held = held, None
        pieces = _pieces(source, start, sentence.end)
        chosen += [_sentence(source, a, b, section) for a, b in pieces]
    if held is not None:  # nothing but fragments: they make one fact together
        chosen.append(_sentence(source, held, source.sentences[-1].end, section))
    return chosen


def _pieces(source: Source, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run-on "sentence" (a table, a list) at word boundaries to fit a fact's quote."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_QUOTE:
        cut = source.text.rfind(" ", start, start + MAX_QUOTE)
        cut = cut if cut > start else start + MAX_QUOTE
        pieces.append((start, cut))
        start = cut + 1 if source.text[cut] == " " else cut
    return [*pieces, (start, end)]


def _sentence(source: Source, start: int, end: int, section: str | None) -> _Sentence:
    """A fact's stretch of text, widened over neighbours until no other place matches it."""
    own = (start, end)
    first, last = source.sentence_at(start), source.sentence_at(end)
    # A quote is found where it first occurs, so words the source repeats ("See below.") take
    # in the sentence before (or after) until they can only mean this place.
    while source.text.count(source.text[start:end]) > 1:
        if first > 0:
            first -= 1
            start = source.sentences[first].start
        else:
            last += 1
            end = source.sentences[last].end
    covered = range(first, last + 1)
    return _Sentence(
        start=start,
        end=end,
        own=own,
        section=section,
        marked=" ".join(source.sentences[i].marked for i in covered),
        split=_mixed(s for s in source.spans if s.sentence in covered),
    )


def _neighbour(source: Source, sentence: _Sentence) -> str:
    """What the quote took in around a fact's own words, else the sentence before (or after)."""
    start, end = sentence.own
    if (sentence.start, sentence.end) != sentence.own:
        return f"{source.text[sentence.start : start]} {source.text[end : sentence.end]}"
    before = source.sentence_at(start) - 1
    after = source.sentence_at(end) + 1
    if before >= 0:
        return source.sentences[before].clean
    return source.sentences[after].clean if after < len(source.sentences) else ""


def _mixed(spans: Iterable[Span]) -> bool:
    """Whether a sentence has clauses cited apart (or some uncited); stacked markers are one."""
    return len({(s.start, s.end) for s in spans}) > 1


def _has_content(text: str) -> bool:
    """Whether a sentence says something: a few words, some of them more than glue."""
    found = _WORD.findall(text)
    return len(found) >= 3 and any(_is_keyword(w) for w in found)


# --- Guessing ids, topics, aliases ------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    """A multi-word capitalised name in a sentence, and the word just before it."""

    text: str
    before: str

    @property
    def person(self) -> bool:
        """Whether "who is ..." makes sense: two or three words, not a place or an outlet."""
        last = fold(self.text.split()[-1])
        return (
            len(self.text.split()) <= 3
            and not set(fold(self.text).split()) & _NAME_JOINERS
            and last not in _ORGANISATIONS | _PLACES
            and self.before not in _BEFORE_PLACES
        )

    @property
    def place(self) -> bool:
        """Whether "what happened in ..." makes sense: named after "in" or "at", not an outlet."""
        last = fold(self.text.split()[-1])
        return self.before in {"in", "at", "near"} and last not in _ORGANISATIONS | _MONTHS


@dataclass(frozen=True)
class _Words:
    """What the guesses are made of: a sentence's names and its telling words, best first."""

    names: tuple[_Name, ...]
    keywords: tuple[str, ...]

    @property
    def aliases(self) -> tuple[str, ...]:
        """The names, once each, in the order the sentence gives them."""
        return tuple(dict.fromkeys(n.text for n in self.names))


def _is_keyword(word: str) -> bool:
    """Whether a word can say what a sentence is about: not glue, not "film", not "of"."""
    folded = fold(word)
    return (
        folded not in STOPWORDS
        and folded not in LIGHT_WORDS
        and (len(folded) >= 3 or folded.isdigit())
    )


def _bare(word: str) -> str:
    """A word without its possessive ending ("Coppola's" -> "Coppola")."""
    return _POSSESSIVE.sub("", word)


def _key(word: str) -> str:
    """A word as the matcher compares it, so "Directed" and "director" count as one."""
    return stem(fold(_bare(word)))


@dataclass(frozen=True)
class _Vocabulary:
    """What a guess needs to know of the whole source: how rare each word is, and its title."""

    title: str
    sentences: int
    frequency: Mapping[str, int]  # stemmed word -> how many sentences use it
    common: frozenset[str]  # words the source writes in lowercase somewhere

    def rarity(self, word: str) -> float:
        """How telling a word is: the fewer sentences use it, the more."""
        return math.log(1 + self.sentences / self.frequency.get(_key(word), 1))


def _vocabulary(source: Source) -> _Vocabulary:
    """Count each word's sentences once, so guesses prefer what sets a sentence apart."""
    frequency: dict[str, int] = {}
    common: set[str] = set()
    for sentence in source.sentences:
        found = _WORD.findall(sentence.clean)
        common.update(_key(w) for w in found if w[0].islower())
        for key in {_key(w) for w in found if _is_keyword(w)}:
            frequency[key] = frequency.get(key, 0) + 1
    return _Vocabulary(source.title, len(source.sentences), frequency, frozenset(common))


def _analyse(sentence: str, vocabulary: _Vocabulary) -> _Words:
    """Find a sentence's names and rank its other words: rare in the source, capitalised first."""
    names = _names(sentence, vocabulary.title, vocabulary.common)
    in_names = {fold(w) for n in names for w in n.text.split()}
    scored: dict[str, tuple[float, int, int, str]] = {}
    for position, match in enumerate(_WORD.finditer(sentence)):
        word = _bare(match.group())
        if not _is_keyword(word) or fold(word) in in_names:
            continue
        rarity = vocabulary.rarity(word)
        if word[0].isupper() and position > 0:
            rarity += 0.5
        if word.endswith("ly"):  # adverbs rarely say what a sentence is about
            rarity -= 0.5
        scored.setdefault(_key(word), (rarity, len(word), position, word))
    ranked = sorted(scored.values(), key=lambda s: (-s[0], -s[1], s[2]))
    return _Words(names, tuple(word for *_, word in ranked))


def _names(sentence: str, title: str, common: frozenset[str]) -> tuple[_Name, ...]:
    """Multi-word capitalised names ("Jack Singer", "Globe and Mail"), but not the title.

    ``common`` holds the words the source also writes in lowercase: one of them opening a
    sentence ("Critic Anne Berg") is not part of the name.
    """
    runs: list[tuple[str, list[str]]] = []  # each run of name words, and the word before it
    previous = ""
    last_end = 0
    for match in _WORD.finditer(sentence):
        word = _bare(match.group())
        # Punctuation ends a name, and "The" starts one: "Clements of The Globe" is two.
        if sentence[last_end : match.start()].strip() or word == "The":
            runs.append((previous, []))
        last_end = match.end()
        if not runs:
            runs.append(("", []))
        if word[0].isupper() or (word in _NAME_JOINERS and runs[-1][1]):
            runs[-1][1].append(word)
        else:
            runs.append((fold(word), []))
        if word != match.group():  # a possessive ends a name
            runs.append((fold(word), []))
        previous = fold(word)
    found: list[_Name] = []
    plain_title = fold(" ".join(_strip_small_words(title.split())))
    for before, words in runs:
        if not words:
            continue
        opening = not before  # only the sentence's first run has no word before it
        role = fold(words[0]) in ROLES or _key(words[0]) in common
        if opening and role and _capitals(words[1:]) >= 2:
            before, words = fold(words[0]), words[1:]
        for before_part, part in _split_name(before, words):
            while part and (part[-1] in _NAME_JOINERS or not part[-1][0].isupper()):
                part.pop()
            while part and fold(part[0]) in _LEADING_SMALL_WORDS:
                before_part = fold(part.pop(0))
            name = " ".join(part)
            if _capitals(part) >= 2 and fold(name) != plain_title:
                found.append(_Name(name, before_part))
    return tuple(found)


def _split_name(before: str, words: list[str]) -> list[tuple[str, list[str]]]:
    """Split "Anne Berg of Dagbladet" and "Per Moe and Mina Solberg" but not "Globe and Mail"."""
    for i, word in enumerate(words):
        left, right = words[:i], words[i + 1 :]
        if (word == "of" and _capitals(left) >= 2) or (
            word == "and" and _capitals(left) >= 2 and _capitals(right) >= 2
        ):
            return [(before, left), *_split_name(word, right)]
    return [(before, words)]


def _capitals(words: Sequence[str]) -> int:
    """How many words are capitalised: a name needs two."""
    return sum(w[0].isupper() for w in words)


def _strip_small_words(words: Sequence[str]) -> list[str]:
    """Drop leading small words, so "The Lighthouse Keeper" and "Lighthouse Keeper" compare."""
    out = list(words)
    while out and fold(out[0]) in _LEADING_SMALL_WORDS:
        out.pop(0)
    return out


def _guess_topic(sentence: str, words: _Words, title: str) -> str:
    """A short topic: the sentence's first name, else its first capitalised word, else the title."""
    for name in words.aliases:
        if len(name) <= MAX_TOPIC:
            return name
    for word in _WORD.findall(sentence)[1:]:
        word = _bare(word)
        if word[0].isupper() and _is_keyword(word) and fold(word) not in fold(title).split():
            return word
    return title[:MAX_TOPIC].strip() or "Draft"


def _guess_id(words: _Words) -> str:
    """A kebab-case id from the sentence's first name and telling words, at most 40 long."""
    parts: list[str] = []
    for phrase in (*words.aliases[:1], *words.keywords[:3]):
        for word in re.split(r"[\s'’-]+", fold(phrase).translate(_LETTERS)):
            # A word in a script with no ASCII spelling is left out, not cut into pieces.
            if _ID_WORD.fullmatch(word) and word not in parts and word not in STOPWORDS:
                parts.append(word)
    ident = ""
    for word in parts[:4]:
        longer = f"{ident}-{word}" if ident else word
        if len(longer) > MAX_DRAFT_ID:
            break
        ident = longer
    return ident or (parts[0][:MAX_DRAFT_ID] if parts else "fact")


def _unique_id(ident: str, taken: set[str]) -> str:
    """Number a guessed id that is already taken ("lost-2"), keeping it within the length."""
    if ident not in taken:
        return ident
    for n in range(2, len(taken) + 3):
        suffix = f"-{n}"
        candidate = ident[: MAX_DRAFT_ID - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable: one of len(taken) + 1 suffixes is free")


def _trim(text: str, limit: int) -> str:
    """Cut text at a word boundary to fit ``limit`` with an ellipsis; never add words."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


# --- Starter questions ------------------------------------------------------------------------


def _question(text: str) -> str:
    """A question as written when it reads as one ("who directed Late Show?"), else chat-style
    lowercase words without punctuation; within MAX_CURATED_QUESTION either way."""
    if text.endswith("?") and len(text) <= MAX_CURATED_QUESTION:
        return text
    words = " ".join(_WORD.findall(text.lower()))
    if len(words) > MAX_CURATED_QUESTION:
        words = words[:MAX_CURATED_QUESTION].rsplit(" ", 1)[0]
    return words


@dataclass(frozen=True)
class _Ladder:
    """The questions to try for a sentence, best first: a reader's, plain ones, then words."""

    natural: list[str]  # "who directed Late Show?"
    plain: list[str]  # "tell me about Jack Singer", "what happened in 1979?"
    keywords: list[str]  # sure but clumsy: the sentence's telling words

    @property
    def readable(self) -> list[str]:
        return [*self.natural, *self.plain]


def _starters(
    sentence: str,
    words: _Words,
    shared: frozenset[str],
    nearby: Sequence[str],
    title: str,
) -> _Ladder:
    """Questions to try for a sentence: the ones a reader would ask, then plainer ones.

    Keyword lists come last, and only for a sentence nothing readable can be proven for; the
    last borrows two words of a neighbouring sentence (``nearby``): when two sentences say the
    same thing, only where they stand tells them apart.
    """
    keywords = words.keywords
    names = [n for n in words.names if fold(n.text) not in shared]
    natural = starters(sentence, title)
    person = next((n.text for n in names if n.person), None)
    if person is not None:
        natural.append(f"who is {person}?")
    plain: list[str] = []
    if names:
        plain.append(f"tell me about {names[0].text}")
    else:
        # A word the sentence gives an article ("the runtime") names a thing; "grossed" doesn't.
        thing = next(
            (
                w
                for w in keywords
                if w.isalpha() and not w.endswith("ed") and _with_article(sentence, w) != w
            ),
            None,
        )
        if thing is not None:
            plain.append(f"tell me about {_with_article(sentence, thing)}")
    year = YEAR.search(sentence)
    if year is not None:
        plain.append(f"what happened in {year.group()}?")
    place = next((n.text for n in names if n.place), None)
    if place is not None:
        plain.append(f"what happened in {place}?")
    listed: list[str] = []
    if len(keywords) >= 2:
        # The three most telling words, in the sentence's order: a keyword query.
        top = set(keywords[:3])
        listed.append(
            " ".join(w for w in dict.fromkeys(map(_bare, _WORD.findall(sentence))) if w in top)
        )
    listed += [
        " ".join(keywords[:5]),
        " ".join(_WORD.findall(sentence)[:12]),
        sentence,
        " ".join([*keywords[:3], *[w for w in nearby if w not in keywords][:2]]),
    ]
    return _Ladder(_distinct(natural), _distinct(plain), _distinct(listed))


def _with_article(sentence: str, word: str) -> str:
    """ "the budget" where the sentence says "The budget" or "a budget", else the word alone."""
    found = re.search(rf"\b(?:the|a|an|his|her|its|their)\s+{re.escape(word)}\b", sentence, re.I)
    return f"the {word}" if found else word


def _distinct(texts: Iterable[str]) -> list[str]:
    """Make each text a question, once each: a fact may not list a question twice."""
    seen: dict[str, str] = {}
    for text in texts:
        question = _question(text)
        if question:
            seen.setdefault(fold(question), question)
    return list(seen.values())


def _prove_questions(
    source: Source, facts: Sequence[Fact], ladders: Sequence[_Ladder]
) -> tuple[Fact, ...]:
    """Keep the starter questions the engine routes back to their own fact, refilling as needed.

    Adding or dropping a question shifts every word's weight, so this repeats over the whole
    draft until nothing changes: what it returns is exactly what ``heartbot check`` will see.
    """
    # A question two sentences both offer can only be a tie: neither keeps it.
    offered: dict[str, int] = {}
    for ladder in ladders:
        for question in {fold(q) for q in (*ladder.readable, *ladder.keywords)}:
            offered[question] = offered.get(question, 0) + 1

    def unique(questions: Sequence[str]) -> list[str]:
        return [q for q in questions if offered[fold(q)] == 1]

    readable = [unique(ladder.readable) for ladder in ladders]
    listed = [unique(ladder.keywords) for ladder in ladders]
    kept = [unique(ladder.natural)[:MAX_STARTERS] for ladder in ladders]
    # A fact needs a question to load at all: one no question could be proven for keeps its
    # surest fallback all along, and `heartbot check` names it for a curator to fix.
    last_resort = [
        (pool or readable[i] or [fact.id.replace("-", " ")])[-1]
        for i, (fact, pool) in enumerate(zip(facts, listed, strict=True))
    ]
    tried = [set(k) for k in kept]
    while True:
        current = [
            replace(f, questions=tuple(q or [last]))
            for f, q, last in zip(facts, kept, last_resort, strict=True)
        ]
        engine = Engine(KnowledgeBase((FactFile(source.path, source, tuple(current), (), ()),)))
        changed = False
        for i, fact in enumerate(current):
            home = [q for q in kept[i] if engine.ask(q).entry_id == fact.id]
            if len(home) != len(kept[i]):
                kept[i], changed = home, True
        for i in range(len(ladders)):
            fresh = next((q for q in readable[i] if q not in tried[i]), None)
            if fresh is None and not kept[i]:
                fresh = next((q for q in listed[i] if q not in tried[i]), None)
            if len(kept[i]) < MIN_STARTERS and fresh is not None:
                tried[i].add(fresh)
                kept[i].append(fresh)
                changed = True
        if not changed:
            return tuple(current)
