"""A fact base's lexicon: the phrasings people use for what the source says, each to one key.

"come out", "hit theaters" and "premiere" all ask about the release; "fund" and "back
financially" about the loan. Curators write these once per fact file, in [lexicon]; the
matcher reads every curated question and every question asked through the same lexicon, so
a phrasing meets the curated questions of its key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.engine.text import fold, words

# Words that, between "the" and "film", say which film is meant in any document.
_EVERYDAY_DESCRIPTIONS = (
    "old weird famous infamous notorious legendary big expensive troubled forgotten early".split()
)
_FILM_NOUNS = ("film", "movie", "flick", "picture", "one", "flop")
_DETERMINERS = ("the", "that", "this", "his", "her", "their", "some")
_ERA = ("early", "mid", "late")


def _one_of(options: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True)) + ")"


def _film_by_what(described_by: Sequence[str]) -> re.Pattern[str] | None:
    """ "Coppola's 1982 musical", "that Coppola movie from the early 80s": the film, named by
    what the fact base says describes it (its director, year, genre) rather than its title."""
    if not described_by:
        return None
    own = _one_of([fold(d) for d in described_by])
    described = _one_of([*(fold(d) for d in described_by), *_EVERYDAY_DESCRIPTIONS])
    return re.compile(
        rf"\b(?:{_one_of(_DETERMINERS)}\s+(?:{own}'s\s+)?|{own}'s\s+)"
        rf"(?:{described}\s+){{0,3}}(?:{_one_of(_FILM_NOUNS)}|{own})\b"
        rf"(?:\s+(?:from|of)\s+(?:the\s+)?(?:{_one_of(_ERA)}\s+)?{own}\b)?"
    )


def _the_film(match: re.Match[str]) -> str:
    found = match.group(0)
    # "the film", "this one", "the musical" say no more than "it": leave them as they are.
    plain = len(found.split()) == 2 and "'s" not in found
    return found if plain else " the film "


class Lexicon:
    """Rewrite each known phrasing to its key, longest phrasing first; and the film described
    by what it is, to "the film"."""

    def __init__(
        self, table: Mapping[str, Sequence[str]], described_by: Sequence[str] = ()
    ) -> None:
        self._film_by_what = _film_by_what(described_by)
        self._phrasings: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
        for key, phrasings in table.items():
            replacement = tuple(words(key))
            for phrasing in phrasings:
                normalised = tuple(words(phrasing))
                if normalised:
                    self._phrasings[normalised] = (key, replacement)
        self._longest = max((len(p) for p in self._phrasings), default=0)

    @property
    def spellings(self) -> frozenset[str]:
        """Every word of every phrasing, as a question may spell it."""
        return frozenset(w for phrasing in self._phrasings for w in phrasing)

    def __bool__(self) -> bool:
        return bool(self._phrasings) or self._film_by_what is not None

    def name_film(self, text: str) -> str:
        """The text with the film described by what it is ("that Coppola musical") called
        "the film": read before typos are repaired, while its possessives are still there."""
        if self._film_by_what is None:
            return text
        return self._film_by_what.sub(_the_film, fold(text))

    def apply(self, text: str) -> tuple[str, tuple[str, ...]]:
        """The text normalised, each phrasing replaced by its key; and the keys used."""
        found = words(self.name_film(text))
        if not self._phrasings:
            return " ".join(found), ()
        out: list[str] = []
        used: dict[str, None] = {}
        i = 0
        while i < len(found):
            for size in range(min(self._longest, len(found) - i), 0, -1):
                hit = self._phrasings.get(tuple(found[i : i + size]))
                if hit is not None:
                    used.setdefault(hit[0], None)
                    out.extend(hit[1])
                    i += size
                    break
            else:
                out.append(found[i])
                i += 1
        return " ".join(out), tuple(used)
