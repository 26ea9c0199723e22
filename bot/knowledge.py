"""The curated fact base: records, loading, and validation against the source document."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.source import Source, SourceError, load_source

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Discord caps an autocomplete choice at 100 characters and a message at 2000; the longest
# reply is three answers, so these caps keep every reply inside Discord's limits by design.
MAX_QUESTION = 100
MAX_ID = 60  # ids travel in Discord button custom_ids, which cap at 100 characters
MAX_ANSWER = 500
MAX_ROUNDUP = 3
MIN_QUESTIONS = 8


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


@dataclass(frozen=True)
class Unknown:
    """A question people ask that the source does not answer, and the nearest fact to offer."""

    id: str
    topic: str
    answer: str
    nearest: str | None
    questions: tuple[str, ...]
    aliases: tuple[str, ...]


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
class KnowledgeBase:
    """The loaded fact base and the source it was proven against."""

    path: Path
    source: Source
    facts: tuple[Fact, ...]
    unknowns: tuple[Unknown, ...]
    roundups: tuple[Roundup, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry a question can route to."""
        return (*self.facts, *self.unknowns, *self.roundups)

    def fact(self, fact_id: str) -> Fact:
        """Look a fact up by id (KeyError if there is none)."""
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)

    def entry(self, entry_id: str) -> Entry:
        """Look any entry up by id (KeyError if there is none)."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def facts_citing(self, number: int) -> tuple[Fact, ...]:
        """The facts that carry citation ``number``."""
        return tuple(f for f in self.facts if number in f.cites)

    @property
    def topics(self) -> dict[str, tuple[Fact, ...]]:
        """Facts grouped by topic, in the order the file gives them."""
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
    },
    "unknown": {
        "id": True,
        "topic": True,
        "answer": True,
        "nearest": False,
        "questions": True,
        "aliases": False,
    },
    "roundup": {"id": True, "topic": True, "facts": True, "questions": True, "aliases": False},
}


def load_knowledge(path: Path, seeds: Path | None = None) -> KnowledgeBase:
    """Load a fact file and prove it against its source; raise KnowledgeError naming each fault.

    ``seeds`` is the folder of source documents (default: ``seeds/`` beside the knowledge folder).
    """
    data = _read_toml(path)
    where = str(path)
    problems: list[str] = []
    unexpected = set(data) - {"source", *_FIELDS}
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
    kb = KnowledgeBase(path, source, facts, unknowns, roundups)
    problems += ground(kb)
    if problems:
        raise KnowledgeError(problems)
    return kb


def ground(kb: KnowledgeBase) -> list[str]:
    """Prove the fact base against its source: quotes, cites, coverage, ids and references."""
    where = str(kb.path)
    problems: list[str] = []
    seen: set[str] = set()
    for entry in kb.entries:
        if entry.id in seen:
            problems.append(f"{where}: {label(entry)}: id: duplicate id {entry.id!r}")
        seen.add(entry.id)
    fact_ids = {f.id for f in kb.facts}
    for fact in kb.facts:
        found = kb.source.cites_for(fact.quote)
        if found is None:
            problems.append(
                f"{where}: fact {fact.id!r}: quote: not found verbatim in {kb.source.path.name}"
            )
        elif tuple(sorted(found)) != tuple(sorted(fact.cites)):
            problems.append(
                f"{where}: fact {fact.id!r}: cites: the source gives {list(found)} "
                f"for this quote, the fact says {list(fact.cites)}"
            )
    carried = {n for f in kb.facts for n in f.cites}
    for number in kb.source.markers:
        if number not in carried:
            problems.append(f"{where}: no fact carries citation [{number}] of the source")
    for unknown in kb.unknowns:
        if unknown.nearest is not None and unknown.nearest not in fact_ids | {
            r.id for r in kb.roundups
        }:
            problems.append(
                f"{where}: unknown {unknown.id!r}: nearest: no fact or roundup {unknown.nearest!r}"
            )
    for roundup in kb.roundups:
        for fact_id in roundup.facts:
            if fact_id not in fact_ids:
                problems.append(f"{where}: roundup {roundup.id!r}: facts: no fact {fact_id!r}")
    return problems


def label(entry: Entry) -> str:
    """How errors name an entry: its kind and id, like ``fact 'financing'``."""
    kind = {Fact: "fact", Unknown: "unknown", Roundup: "roundup"}[type(entry)]
    return f"{kind} {entry.id!r}"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
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
        return Fact(
            id=self._id(raw, name),
            topic=self._text(raw, name, "topic", 60),
            answer=self._text(raw, name, "answer", MAX_ANSWER),
            quote=self._text(raw, name, "quote", 2000),
            cites=tuple(cites),
            questions=self._questions(raw, name),
            aliases=self._strings(raw, name, "aliases", required=False),
        )

    def unknown(self, raw: Mapping[str, Any], index: int) -> Unknown:
        name = self._check_keys(raw, "unknown", index)
        nearest = raw.get("nearest")
        if nearest is not None and not isinstance(nearest, str):
            self._problem(name, "nearest", "must be the id of a fact")
            nearest = None
        return Unknown(
            id=self._id(raw, name),
            topic=self._text(raw, name, "topic", 60),
            answer=self._text(raw, name, "answer", MAX_ANSWER),
            nearest=nearest,
            questions=self._questions(raw, name),
            aliases=self._strings(raw, name, "aliases", required=False),
        )

    def roundup(self, raw: Mapping[str, Any], index: int) -> Roundup:
        name = self._check_keys(raw, "roundup", index)
        facts = self._strings(raw, name, "facts", required=True)
        if not 2 <= len(facts) <= MAX_ROUNDUP:
            self._problem(name, "facts", f"must list 2 to {MAX_ROUNDUP} fact ids")
        return Roundup(
            id=self._id(raw, name),
            topic=self._text(raw, name, "topic", 60),
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
        value = raw.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self._problem(name, field, "must be a list of non-empty strings")
            return ()
        if required and not value and field in raw:
            self._problem(name, field, "must not be empty")
        return tuple(v.strip() for v in value)

    def _questions(self, raw: Mapping[str, Any], name: str) -> tuple[str, ...]:
        questions = self._strings(raw, name, "questions", required=True)
        for question in questions:
            if len(question) > MAX_QUESTION:
                self._problem(
                    name, "questions", f"{question[:40]!r}... is over {MAX_QUESTION} characters"
                )
        seen: set[str] = set()
        for question in questions:
            key = question.casefold()
            if key in seen:
                self._problem(name, "questions", f"{question!r} is listed twice")
            seen.add(key)
        return questions
