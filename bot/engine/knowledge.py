"""The curated fact base: records, loading, and validation against the source document."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.engine.source import Source, SourceError, load_source
from bot.engine.text import words
from bot.limits import (
    MAX_ANSWER,
    MAX_CREDIT,
    MAX_CURATED_QUESTION,
    MAX_ID,
    MAX_LEXICON_WORDS,
    MAX_QUOTE,
    MAX_ROUNDUP,
    MAX_TOPIC,
    MAX_URL,
    MIN_QUOTE_WORDS,
)

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class KnowledgeError(Exception):
    """The fact base is wrong; each line names the file, the entry and the field to fix."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


class KnowledgeFileError(KnowledgeError):
    """A fact file or its source can't be read or parsed at all."""


@dataclass(frozen=True)
class Fact:
    """One claim of the source, with the quote and citation numbers that ground it."""

    id: str
    topic: str
    answer: str
    quote: str
    cites: tuple[int, ...]
    questions: tuple[str, ...]
    aliases: tuple[str, ...]
    # Who or what it is about ("Leila", "Jack Singer"): a question about someone else named in
    # the fact base never gets it, however close the words. Empty: about the film as a whole.
    subjects: tuple[str, ...] = ()
    # The fact that tells what brought this one about ("the screening" for "exhibitors backing
    # out"): asked why, the bot shows it first, with its own citations. None: the source says.
    because: str | None = None


@dataclass(frozen=True)
class Unknown:
    """A question people ask that the source does not answer, and the nearest fact to offer."""

    id: str
    topic: str
    answer: str
    nearest: str | None
    questions: tuple[str, ...]
    aliases: tuple[str, ...]
    subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Roundup:
    """A broad question answered with a few facts, each keeping its own citations."""

    id: str
    topic: str
    facts: tuple[str, ...]
    questions: tuple[str, ...]
    aliases: tuple[str, ...]


Entry = Fact | Unknown | Roundup


@dataclass(frozen=True)
class Attribution:
    """Where a source document is published and under which licence, for answers to credit
    it (Wikipedia's CC BY-SA asks for it): [source] url, publisher and licence."""

    url: str
    publisher: str | None = None
    licence: str | None = None


@dataclass(frozen=True)
class FactFile:
    """One fact file and the source document it was proven against."""

    path: Path
    source: Source
    facts: tuple[Fact, ...]
    unknowns: tuple[Unknown, ...]
    roundups: tuple[Roundup, ...]
    # How people say what the source says: each key stands for its phrasings in questions
    # ("release" for "come out", "hit theaters"). Curated, like the facts; never outside facts.
    lexicon: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    attribution: Attribution | None = None
    # Words people put before "film" to say which one they mean ("Coppola's 1982 musical"):
    # [source] described_by. Named so, the film asks nothing of the director, year or genre.
    described_by: tuple[str, ...] = ()
    # Which of the entries' subjects are people ([source] people): "it" never stands for one,
    # so "... a New York Times review. Who wrote it?" asks of the paper, never of an actor.
    people: tuple[str, ...] = ()

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry of this file a question can route to."""
        return (*self.facts, *self.unknowns, *self.roundups)


@dataclass(frozen=True)
class KnowledgeBase:
    """Every fact file heartbot answers from; ids are unique across all of them."""

    files: tuple[FactFile, ...]
    _index: dict[str, tuple[Entry, FactFile]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for fact_file in self.files:
            for entry in fact_file.entries:
                self._index.setdefault(entry.id, (entry, fact_file))

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact, file by file."""
        return tuple(f for ff in self.files for f in ff.facts)

    @property
    def unknowns(self) -> tuple[Unknown, ...]:
        """Every known unknown, file by file."""
        return tuple(u for ff in self.files for u in ff.unknowns)

    @property
    def roundups(self) -> tuple[Roundup, ...]:
        """Every roundup, file by file."""
        return tuple(r for ff in self.files for r in ff.roundups)

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry a question can route to."""
        return tuple(e for ff in self.files for e in ff.entries)

    @property
    def sources(self) -> tuple[Source, ...]:
        """The source documents, one per fact file."""
        return tuple(ff.source for ff in self.files)

    @property
    def described_by(self) -> tuple[str, ...]:
        """What every fact file says describes its source's subject, each word once."""
        return tuple(dict.fromkeys(w for ff in self.files for w in ff.described_by))

    @property
    def people(self) -> tuple[str, ...]:
        """The subjects every fact file says are people, each once."""
        return tuple(dict.fromkeys(p for ff in self.files for p in ff.people))

    @property
    def lexicon(self) -> dict[str, tuple[str, ...]]:
        """Every fact file's lexicon in one: each key with all its phrasings."""
        merged: dict[str, tuple[str, ...]] = {}
        for fact_file in self.files:
            for key, phrasings in fact_file.lexicon.items():
                merged[key] = (*merged.get(key, ()), *phrasings)
        return merged

    def fact(self, fact_id: str) -> Fact:
        """Look a fact up by id (KeyError if there is none)."""
        entry = self.entry(fact_id)
        if not isinstance(entry, Fact):
            raise KeyError(fact_id)
        return entry

    def entry(self, entry_id: str) -> Entry:
        """Look any entry up by id (KeyError if there is none)."""
        return self._index[entry_id][0]

    def file_of(self, entry_id: str) -> FactFile:
        """The fact file an entry comes from (KeyError if there is none)."""
        return self._index[entry_id][1]

    def source_of(self, entry_id: str) -> Source:
        """The source document an entry is grounded in."""
        return self.file_of(entry_id).source

    def facts_citing(self, number: int, source: Source) -> tuple[Fact, ...]:
        """The facts of ``source`` that carry citation ``number``."""
        return tuple(
            f for ff in self.files if ff.source is source for f in ff.facts if number in f.cites
        )

    @property
    def topics(self) -> dict[str, tuple[Fact, ...]]:
        """Facts grouped by topic, in the order the files give them."""
        grouped: dict[str, list[Fact]] = {}
        for fact in self.facts:
            grouped.setdefault(fact.topic, []).append(fact)
        return {topic: tuple(facts) for topic, facts in grouped.items()}


_FIELDS: dict[str, dict[str, bool]] = {
    # field -> required
    "fact": {
        "id": True,
        "topic": True,
        "answer": True,
        "quote": True,
        "cites": True,
        "questions": True,
        "aliases": False,
        "subjects": False,
        "because": False,
    },
    "unknown": {
        "id": True,
        "topic": True,
        "answer": True,
        "nearest": False,
        "questions": True,
        "aliases": False,
        "subjects": False,
    },
    "roundup": {"id": True, "topic": True, "facts": True, "questions": True, "aliases": False},
}


def load_knowledge(path: Path, seeds: Path | None = None) -> KnowledgeBase:
    """Load a fact file, or every ``*.toml`` in a folder, each proven against its own source.

    ``seeds`` is the folder of source documents (default: ``seeds/`` beside the knowledge
    folder). Raises KnowledgeError naming each fault; KnowledgeFileError if a file can't be read.
    """
    if path.is_dir():
        try:
            paths = sorted(
                p for p in path.iterdir() if p.suffix == ".toml" and not p.name.startswith(".")
            )
        except OSError as exc:  # a folder heartbot may not read: say so, not "no fact files"
            reason = exc.strerror or exc
            raise KnowledgeFileError(
                [f"{path}: cannot read the knowledge folder ({reason}); let heartbot read it"]
            ) from exc
        if not paths:
            raise KnowledgeFileError(
                [f"{path}: no fact files (*.toml) here; `heartbot draft SOURCE.txt` starts one"]
            )
    else:
        paths = [path]
    files: list[FactFile] = []
    problems: list[str] = []
    unreadable = False
    for each in paths:
        try:
            files.append(load_fact_file(each, seeds))
        except KnowledgeFileError as exc:
            unreadable = True
            problems += exc.problems
        except KnowledgeError as exc:
            problems += exc.problems
    problems += _across(files)
    if problems:
        raise (KnowledgeFileError if unreadable else KnowledgeError)(problems)
    return KnowledgeBase(tuple(files))


def load_fact_file(path: Path, seeds: Path | None = None) -> FactFile:
    """Load one fact file and prove it against its source; raise KnowledgeError naming faults."""
    data = _read_toml(path)
    where = str(path)
    problems: list[str] = []
    unexpected = set(data) - {"source", "lexicon", *_FIELDS}
    problems += [f"{where}: unknown table [{key}]" for key in sorted(unexpected)]
    source_table = data.get("source")
    if not isinstance(source_table, dict) or not isinstance(source_table.get("file"), str):
        raise KnowledgeError([f'{where}: [source] needs file = "NAME.txt" (a file in seeds/)'])
    seeds_dir = seeds if seeds is not None else path.resolve().parent.parent / "seeds"
    try:
        source = load_source(seeds_dir / source_table["file"])
    except SourceError as exc:
        raise KnowledgeFileError([f"{where}: [source] file: {exc}"]) from exc

    reader = _EntryReader(where, problems)
    facts = tuple(
        reader.fact(raw, i) for i, raw in enumerate(_tables(data, "fact", where, problems))
    )
    unknowns = tuple(
        reader.unknown(raw, i) for i, raw in enumerate(_tables(data, "unknown", where, problems))
    )
    roundups = tuple(
        reader.roundup(raw, i) for i, raw in enumerate(_tables(data, "roundup", where, problems))
    )
    lexicon = _lexicon(data.get("lexicon", {}), where, problems)
    attribution = _attribution(source_table, where, problems)
    described_by = _described_by(source_table.get("described_by", []), where, problems)
    people = _people(source_table.get("people", []), (*facts, *unknowns), where, problems)
    fact_file = FactFile(
        path, source, facts, unknowns, roundups, lexicon, attribution, described_by, people
    )
    problems += ground(fact_file)
    if problems:
        raise KnowledgeError(problems)
    return fact_file


def _across(files: Sequence[FactFile]) -> list[str]:
    """Ids are unique across files (feedback and buttons name entries by id alone), and each
    source has one fact file, so a citation number means one passage per source."""
    problems: list[str] = []
    owner: dict[str, FactFile] = {}
    by_source: dict[Path, FactFile] = {}
    for fact_file in files:
        first = by_source.setdefault(fact_file.source.path.resolve(), fact_file)
        if first is not fact_file:
            problems.append(
                f"{fact_file.path}: [source] file: {fact_file.source.path.name} already has "
                f"the fact file {first.path.name}; keep one fact file per source"
            )
        for entry in fact_file.entries:
            other = owner.setdefault(entry.id, fact_file)
            if other is not fact_file:
                problems.append(
                    f"{fact_file.path}: {label(entry)}: id: {other.path.name} already uses "
                    f"{entry.id!r}; ids must be unique across fact files"
                )
    return problems


def ground(fact_file: FactFile) -> list[str]:
    """Prove a fact file against its source: quotes, cites, coverage, ids and references."""
    where = str(fact_file.path)
    problems: list[str] = []
    seen: set[str] = set()
    for entry in fact_file.entries:
        if entry.id in seen:
            problems.append(f"{where}: {label(entry)}: id: duplicate id {entry.id!r}")
        seen.add(entry.id)
    fact_ids = {f.id for f in fact_file.facts}
    source = fact_file.source
    for fact in fact_file.facts:
        places = source.places(fact.quote)
        # One problem a fact: a quote too short, found nowhere or in several places has no
        # cites to compare.
        if len(fact.quote.split()) < MIN_QUOTE_WORDS:
            problems.append(
                f"{where}: fact {fact.id!r}: quote: {fact.quote!r} is too short to mean "
                f"anything alone; quote at least {MIN_QUOTE_WORDS} words, a clause"
            )
        elif not places:
            problems.append(
                f"{where}: fact {fact.id!r}: quote: not found verbatim in {source.path.name}"
            )
        elif len(places) > 1:
            shown = "; ".join(f"sentence {n + 1}: {source.sentences[n].clean!r}" for n in places)
            problems.append(
                f"{where}: fact {fact.id!r}: quote: stands in {len(places)} places of "
                f"{source.path.name} ({shown}); quote more of it so it names one"
            )
        elif sorted(found := source.cites_for(fact.quote) or ()) != sorted(fact.cites):
            problems.append(
                f"{where}: fact {fact.id!r}: cites: the source gives {list(found)} "
                f"for this quote, the fact says {list(fact.cites)}"
            )
    carried = {n for f in fact_file.facts for n in f.cites}
    for number in fact_file.source.markers:
        if number not in carried:
            problems.append(f"{where}: no fact carries citation [{number}] of the source")
    for fact in fact_file.facts:
        if fact.because is not None and fact.because not in fact_ids - {fact.id}:
            problems.append(f"{where}: fact {fact.id!r}: because: no other fact {fact.because!r}")
    for unknown in fact_file.unknowns:
        if unknown.nearest is not None and unknown.nearest not in fact_ids | {
            r.id for r in fact_file.roundups
        }:
            problems.append(
                f"{where}: unknown {unknown.id!r}: nearest: no fact or roundup {unknown.nearest!r}"
            )
    for roundup in fact_file.roundups:
        for fact_id in roundup.facts:
            if fact_id not in fact_ids:
                problems.append(f"{where}: roundup {roundup.id!r}: facts: no fact {fact_id!r}")
    return problems


def _lexicon(raw: object, where: str, problems: list[str]) -> dict[str, tuple[str, ...]]:
    """Read [lexicon]: each key a word or short phrase, each value the phrasings it stands for.

    A phrasing may stand for one key only, or a question's meaning would depend on the order
    the table was read in.
    """
    if not isinstance(raw, dict):
        problems.append(f'{where}: [lexicon] must be a table, like release = ["come out"]')
        return {}
    lexicon: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for key, value in raw.items():
        if not key.strip() or len(key.split()) > MAX_LEXICON_WORDS:
            problems.append(f"{where}: [lexicon] {key!r}: a key is 1 to {MAX_LEXICON_WORDS} words")
            continue
        phrasings = _string_list(value)
        if phrasings is None:
            problems.append(f"{where}: [lexicon] {key}: must be a list of phrasings")
            continue
        for phrasing in phrasings:
            # Counted as the matcher reads them: the title is one word, "co-wrote" two.
            if len(words(phrasing)) > MAX_LEXICON_WORDS:
                problems.append(
                    f"{where}: [lexicon] {key}: {phrasing!r} is over {MAX_LEXICON_WORDS} words"
                )
            # Compared as the matcher reads them: "who's in it" and "Who is in it" are one.
            other = owner.setdefault(" ".join(words(phrasing)), key)
            if other != key:
                problems.append(
                    f"{where}: [lexicon] {key}: {phrasing!r} already stands for {other!r}"
                )
        lexicon[key] = phrasings
    return lexicon


_SOURCE_KEYS = ("file", "url", "publisher", "licence", "described_by", "people")


def _described_by(raw: object, where: str, problems: list[str]) -> tuple[str, ...]:
    """Read [source] described_by: single words, as people write them before "film"."""
    described = _string_list(raw)
    if described is None or any(len(words(d)) != 1 for d in described):
        problems.append(
            f"{where}: [source] described_by: must be a list of single words that say which "
            'film is meant, like described_by = ["coppola", "1982", "musical"]'
        )
        return ()
    return described


def _people(
    raw: object, entries: Sequence[Fact | Unknown], where: str, problems: list[str]
) -> tuple[str, ...]:
    """Read [source] people: subjects of the file's entries, as their ``subjects`` spell them."""
    people = _string_list(raw)
    if people is None:
        problems.append(
            f"{where}: [source] people: must be a list of the subjects that are people, "
            'like people = ["Hank", "Janet Maslin"]'
        )
        return ()
    subjects = {s.casefold() for entry in entries for s in entry.subjects}
    for person in people:
        if person.casefold() not in subjects:
            problems.append(
                f"{where}: [source] people: {person!r} is no fact's subject; list only names "
                "the facts' subjects give"
            )
    return people


def _attribution(table: Mapping[str, Any], where: str, problems: list[str]) -> Attribution | None:
    """Read [source]'s optional url, publisher and licence: where the source is published."""
    for key in sorted(set(table) - set(_SOURCE_KEYS)):
        problems.append(
            f"{where}: [source] {key}: unknown; [source] takes {', '.join(_SOURCE_KEYS)}"
        )
    url, publisher, licence = (table.get(key) for key in ("url", "publisher", "licence"))
    if url is None:
        if publisher is not None or licence is not None:
            problems.append(
                f"{where}: [source] url: publisher and licence need the url they describe, like "
                'url = "https://en.wikipedia.org/wiki/One_from_the_Heart"'
            )
        return None
    parts = urlsplit(url) if isinstance(url, str) else None
    if (
        parts is None
        or parts.scheme not in ("https", "http")
        or not parts.netloc
        or any(c.isspace() for c in url)
        or len(url) > MAX_URL
    ):
        problems.append(
            f"{where}: [source] url: {url!r} is not a web address; give the full https:// "
            f"address of the published source (at most {MAX_URL} characters)"
        )
        return None
    named: list[str | None] = []
    for key, value in (("publisher", publisher), ("licence", licence)):
        if value is not None and (
            not isinstance(value, str) or not value.strip() or len(value) > MAX_CREDIT
        ):
            problems.append(
                f"{where}: [source] {key}: {value!r} must be a short name (1 to {MAX_CREDIT} "
                'characters), like publisher = "Wikipedia", licence = "CC BY-SA 4.0"'
            )
            value = None
        named.append(value.strip() if isinstance(value, str) else None)
    return Attribution(url, named[0], named[1])


def _string_list(value: object) -> tuple[str, ...] | None:
    """A TOML list of non-blank strings, stripped; None if it is anything else."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return tuple(v.strip() for v in value)


def label(entry: Entry) -> str:
    """How errors name an entry: its kind and id, like ``fact 'financing'``."""
    kind = {Fact: "fact", Unknown: "unknown", Roundup: "roundup"}[type(entry)]
    return f"{kind} {entry.id!r}"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        # A byte-order mark (some Windows editors write one) is no TOML: read past it.
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError as exc:
        raise KnowledgeFileError([f"{path}: no such knowledge file"]) from exc
    except OSError as exc:
        raise KnowledgeFileError([f"{path}: cannot read the knowledge file ({exc})"]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        # tomllib's message carries the line and column.
        raise KnowledgeFileError([f"{path}: not valid TOML: {exc}"]) from exc


def _tables(
    data: Mapping[str, Any], kind: str, where: str, problems: list[str]
) -> list[Mapping[str, Any]]:
    raw = data.get(kind, [])
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        problems.append(f"{where}: [[{kind}]] must be an array of tables")
        return []
    return raw


class _EntryReader:
    """Read entries field by field, recording each fault with file, entry and field."""

    def __init__(self, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems

    def fact(self, raw: Mapping[str, Any], index: int) -> Fact:
        name = self._check_keys(raw, "fact", index)
        cites = raw.get("cites", [])
        if not isinstance(cites, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in cites
        ):
            self._problem(name, "cites", "must be a list of citation numbers, like [9]")
            cites = []
        because = raw.get("because")
        if because is not None and not isinstance(because, str):
            self._problem(name, "because", "must be the id of a fact")
            because = None
        return Fact(
            id=self._id(raw, name),
            topic=self._text(raw, name, "topic", MAX_TOPIC),
            answer=self._text(raw, name, "answer", MAX_ANSWER),
            quote=self._text(raw, name, "quote", MAX_QUOTE),
            cites=tuple(cites),
            questions=self._questions(raw, name),
            aliases=self._strings(raw, name, "aliases", required=False),
            subjects=self._strings(raw, name, "subjects", required=False),
            because=because,
        )

    def unknown(self, raw: Mapping[str, Any], index: int) -> Unknown:
        name = self._check_keys(raw, "unknown", index)
        nearest = raw.get("nearest")
        if nearest is not None and not isinstance(nearest, str):
            self._problem(name, "nearest", "must be the id of a fact")
            nearest = None
        return Unknown(
            id=self._id(raw, name),
            topic=self._text(raw, name, "topic", MAX_TOPIC),
            answer=self._text(raw, name, "answer", MAX_ANSWER),
            nearest=nearest,
            questions=self._questions(raw, name),
            aliases=self._strings(raw, name, "aliases", required=False),
            subjects=self._strings(raw, name, "subjects", required=False),
        )

    def roundup(self, raw: Mapping[str, Any], index: int) -> Roundup:
        name = self._check_keys(raw, "roundup", index)
        facts = self._strings(raw, name, "facts", required=True)
        if not 2 <= len(facts) <= MAX_ROUNDUP:
            self._problem(name, "facts", f"must list 2 to {MAX_ROUNDUP} fact ids")
        return Roundup(
            id=self._id(raw, name),
            topic=self._text(raw, name, "topic", MAX_TOPIC),
            facts=facts,
            questions=self._questions(raw, name),
            aliases=self._strings(raw, name, "aliases", required=False),
        )

    def _check_keys(self, raw: Mapping[str, Any], kind: str, index: int) -> str:
        ident = raw.get("id")
        name = f"{kind} {ident!r}" if isinstance(ident, str) else f"{kind} #{index + 1}"
        fields = _FIELDS[kind]
        for key in sorted(set(raw) - set(fields)):
            self._problem(name, key, "unknown key (typo?)")
        for key, required in fields.items():
            if required and key not in raw:
                self._problem(name, key, "missing")
        return name

    def _problem(self, name: str, field: str, message: str) -> None:
        self.problems.append(f"{self.where}: {name}: {field}: {message}")

    def _id(self, raw: Mapping[str, Any], name: str) -> str:
        ident = raw.get("id")
        if not isinstance(ident, str) or not _ID.match(ident):
            self._problem(name, "id", "must be kebab-case, like 'jack-singer'")
            return str(ident)
        if len(ident) > MAX_ID:
            self._problem(name, "id", f"is {len(ident)} characters; at most {MAX_ID}")
        return ident

    def _text(self, raw: Mapping[str, Any], name: str, field: str, limit: int) -> str:
        value = raw.get(field)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self._problem(name, field, "must be non-empty text")
            return ""
        if len(value) > limit:
            self._problem(name, field, f"is {len(value)} characters; at most {limit}")
        return value.strip()

    def _strings(
        self, raw: Mapping[str, Any], name: str, field: str, *, required: bool
    ) -> tuple[str, ...]:
        value = _string_list(raw.get(field, []))
        if value is None:
            self._problem(name, field, "must be a list of non-empty strings")
            return ()
        if required and not value and field in raw:
            self._problem(name, field, "must not be empty")
        return value

    def _questions(self, raw: Mapping[str, Any], name: str) -> tuple[str, ...]:
        questions = self._strings(raw, name, "questions", required=True)
        for question in questions:
            if len(question) > MAX_CURATED_QUESTION:
                self._problem(
                    name,
                    "questions",
                    f"{question[:40]!r}... is over {MAX_CURATED_QUESTION} characters",
                )
        seen: set[str] = set()
        for question in questions:
            key = question.casefold()
            if key in seen:
                self._problem(name, "questions", f"{question!r} is listed twice")
            seen.add(key)
        return questions
