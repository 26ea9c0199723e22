"""A fact base's lexicon: the phrasings people use for what the source says, each to one key.

"come out", "hit theaters" and "premiere" all ask about the release; "fund" and "back
financially" about the loan. Curators write these once per fact file, in [lexicon]; the
matcher reads every curated question and every question asked through the same lexicon, so
a phrasing meets the curated questions of its key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.engine.text import words


class Lexicon:
    """Rewrite each known phrasing to its key, longest phrasing first."""

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
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
        return bool(self._phrasings)

    def apply(self, text: str) -> tuple[str, tuple[str, ...]]:
        """The text normalised, each phrasing replaced by its key; and the keys used."""
        found = words(text)
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
