"""The source document: its sentences, citation markers and what each marker supports.

The convention is Wikipedia's: a marker like ``[15]`` supports the text right before it,
back to the previous marker in the same sentence or the sentence's start. Text with no
marker after it is uncited. Extraction sometimes leaves a sentence's closing quote mark
and markers at the start of the next paragraph; they are moved back to where they belong.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

_MARKER = re.compile(r"\s*\[(\d+)\]")
# A paragraph that opens with a stray closing quote and/or markers: they close the one before.
_LEADING_CLOSERS = re.compile(r"[ \t]*\n\s*(\"?(?:\[\d+\])+)[ \t]*")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A sentence ends at . ! or ? (maybe with a closing quote and markers) before a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’]?(?:\[\d+\])*)\s+(?=[\"“A-Z0-9])")
_WHITESPACE = re.compile(r"\s+")
_SHORT_WORD = 3  # letters: "Vol.", "Ch." before a number are abbreviations, not sentence ends
# The word a stop closes, with any inner stops ("U.S."): what decides if it is an abbreviation.
_LAST_WORD = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$")
# Wikipedia's notes beside the citations: lettered ([a]), numbered ([note 1], [nb 2]) and
# inline tags ([citation needed], [who?], [dubious – discuss]). None is a citation number.
_NOTE = re.compile(
    r"\[(?:[a-z]{1,2}|(?:note|nb|n)\s*\d+|[^\[\]\d]{0,40}?(?:needed|\?|dubious|disputed|"
    r"verification|unreliable)[^\[\]\d]{0,30})\]",
    re.IGNORECASE,
)


class SourceError(Exception):
    """The source document cannot be read or holds nothing to cite."""


def squash(text: str) -> str:
    """Fold every run of whitespace to one space, so quotes match across line breaks."""
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Span:
    """A stretch of the clean text and the marker that supports it (None: uncited)."""

    start: int
    end: int
    cite: int | None
    sentence: int


@dataclass(frozen=True)
class Sentence:
    """One sentence, clean (markers removed) and as marked in the source."""

    start: int
    end: int
    clean: str
    marked: str


@dataclass(frozen=True)
class Source:
    """A parsed source document; offsets index ``text``, the clean squashed text."""

    path: Path
    title: str
    text: str
    sentences: tuple[Sentence, ...]
    spans: tuple[Span, ...]

    @property
    def markers(self) -> tuple[int, ...]:
        """Every citation number in the source, in order of appearance, once each."""
        seen: dict[int, None] = {}
        for span in self.spans:
            if span.cite is not None:
                seen.setdefault(span.cite, None)
        return tuple(seen)

    def locate(self, quote: str, *, near: int = 0) -> tuple[int, int] | None:
        """Find a quote (whitespace-normalised) in the clean text: its first place from
        ``near`` on where it has one (quotes read in the source's order are found at once),
        else its first place."""
        needle = squash(quote)
        if not needle:
            return None
        start = self.text.find(needle, near)
        if start < 0 and near:
            start = self.text.find(needle, 0, near + len(needle))
        return None if start < 0 else (start, start + len(needle))

    def places(self, quote: str) -> tuple[int, ...]:
        """The sentences a quote (whitespace-normalised) starts in, each time it stands."""
        needle = squash(quote)
        found: list[int] = []
        start = self.text.find(needle) if needle else -1
        while start >= 0:
            found.append(self.sentence_at(start))
            start = self.text.find(needle, start + 1)
        return tuple(found)

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding a clean-text offset (its end counts as inside)."""
        return max(0, bisect_right(self._starts, offset) - 1)

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def cites_for(self, quote: str) -> tuple[int, ...] | None:
        """Return the markers that support a quote, in order; None if it isn't in the source."""
        where = self.locate(quote)
        if where is None:
            return None
        start, end = where
        cites: dict[int, None] = {}
        for span in self.spans:
            overlap = self.text[max(start, span.start) : min(end, span.end)]
            # Sharing only a space or a comma with a clause is not quoting it.
            if span.cite is not None and any(ch.isalnum() for ch in overlap):
                cites.setdefault(span.cite, None)
        return tuple(cites)

    def passages(self, number: int) -> tuple[str, ...]:
        """Return the sentences that marker ``number`` supports, with their markers in place."""
        indexes = sorted({s.sentence for s in self.spans if s.cite == number})
        return tuple(self.sentences[i].marked for i in indexes)


def unmarked(text: str) -> str:
    """Text as the clean text reads it, without its citation markers and notes: evidence
    copied from the source with "1981[16] resulted" in it is found as "1981 resulted"."""
    return _MARKER.sub("", _NOTE.sub("", text))


def parse(path: Path, raw: str) -> Source:
    """Parse a source document; its first line is its title."""
    title, _, body = raw.partition("\n")
    title = title.strip()
    if not title:
        raise SourceError(f"{path}: the first line must be the document's title")
    # Notes ([a], [note 1], [citation needed]) are no citations and no part of the text.
    body = _NOTE.sub("", body)
    body = _LEADING_CLOSERS.sub(lambda m: m.group(1) + "\n\n", body)
    sentences: list[Sentence] = []
    spans: list[Span] = []
    text_parts: list[str] = []
    offset = 0
    for paragraph in _PARAGRAPH_BREAK.split(body):
        for marked in _split_sentences(squash(paragraph)):
            clean, sentence_spans = _clean_sentence(marked, offset, len(sentences))
            if not clean:
                continue
            sentences.append(Sentence(offset, offset + len(clean), clean, marked))
            spans.extend(sentence_spans)
            text_parts.append(clean)
            offset += len(clean) + 1
    if not sentences:
        raise SourceError(f"{path}: the document has no text after its title")
    return Source(path, title, " ".join(text_parts), tuple(sentences), tuple(spans))


def load_source(path: Path) -> Source:
    """Read and parse a source document, naming the file in any error."""
    try:
        raw = path.read_text(encoding="utf-8-sig")  # a byte-order mark is no part of the title
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read the source document ({exc})") from exc
    return parse(path, raw)


def _split_sentences(paragraph: str) -> list[str]:
    """Split a squashed paragraph into sentences, each keeping its closing quote and markers.

    A stop before a capital ends a sentence, unless it ends an initial ("S. E. Hinton") or
    one of pysbd's English abbreviations ("Dr.", "St.", "U.S.", "No.") with no citation
    marker after it, or a lower-case or short word before a number ("approx. 90", "Vol. 2").
    """
    parts: list[str] = []
    last = 0
    for match in _SENTENCE_END.finditer(paragraph):
        if _abbreviated(paragraph, match):
            continue
        parts.append(paragraph[last : match.end(1)])
        last = match.end()
    parts.append(paragraph[last:])
    return [p.strip() for p in parts if p.strip()]


def _abbreviated(paragraph: str, end: re.Match[str]) -> bool:
    """Whether a stop that looks like a sentence's end only closes an abbreviation."""
    if "[" in end.group(1):
        return False  # a citation marker after the stop: the sentence did end
    before = _LAST_WORD.search(paragraph, 0, end.start())
    if before is None:
        return False
    word = before.group(1)
    following = paragraph[end.end() : end.end() + 1]
    if len(word) == 1 and word.isupper():
        return True  # an initial
    if word.casefold().rstrip(".") in _abbreviations():
        return True
    # A number after it: "approx. 90 minutes", "Vol. 2", not a new sentence.
    return following.isdigit() and (word.islower() or len(word) <= _SHORT_WORD)


@cache
def _abbreviations() -> frozenset[str]:
    """pysbd's list of English abbreviations: the well-kept part of a sentence splitter."""
    from pysbd.lang.english import English

    return frozenset(a.casefold() for a in English.Abbreviation.ABBREVIATIONS)


def _clean_sentence(marked: str, offset: int, index: int) -> tuple[str, list[Span]]:
    """Remove a sentence's markers, returning its clean text and the spans they support."""
    clean_parts: list[str] = []
    spans: list[Span] = []
    clause_start = 0
    length = 0
    last = 0
    for match in _MARKER.finditer(marked):
        piece = marked[last : match.start()]
        clean_parts.append(piece)
        length += len(piece)
        last = match.end()
        if length > clause_start:
            spans.append(Span(offset + clause_start, offset + length, int(match.group(1)), index))
        else:
            # Stacked markers ([1][2]) support the same clause as the first.
            previous = spans[-1] if spans else None
            if previous is not None:
                spans.append(Span(previous.start, previous.end, int(match.group(1)), index))
        clause_start = length
    clean_parts.append(marked[last:])
    clean = "".join(clean_parts)
    tail = clean[clause_start:]
    if any(ch.isalnum() for ch in tail):
        spans.append(Span(offset + clause_start, offset + len(clean), None, index))
    return clean, spans
