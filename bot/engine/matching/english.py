"""Ordinary English words, from wordfreq: a real word is never a typo for a fact's word.

"help", "test" or "bold" are not misspellings of anything in the fact base, and a message made
only of such words asks nothing of the source. How common a word is also tells filler ("really",
"actually") from words that carry meaning the source may not have ("soundstage", "Godfather").
"""

from __future__ import annotations

import gzip
import importlib.util
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

import msgpack  # wordfreq's own dependency, for its word lists
from rapidfuzz import process
from rapidfuzz.distance import OSA

# wordfreq's "small" English list holds every word seen at least once per million words
# (Zipf 3 and up): ordinary English. Its format, cBpack, is documented in wordfreq: a header,
# then lists of words by frequency in centibels, one list per centibel step down from 0.
_LIST = "small_en.msgpack.gz"
_HEADER = {"format": "cB", "version": 1}
EVERYDAY = 5.0  # Zipf: a word this common says little of what a question is about
# Zipf: "livin" (3.2) is "living" (5.3); "thin" (4.5) is no "thing", nor "raisin" "raising".
DROPPED_G_RARE = 4.0
DROPPED_G_GAP = 1.5
MAX_SLIPS_KEPT = 10_000  # words whose nearness to English is remembered, at most (each list)


@dataclass(frozen=True)
class English:
    """How common each ordinary English word is, on the Zipf scale (3 rare ... 7 "the")."""

    zipf: dict[str, float]

    @cached_property
    def by_length(self) -> dict[int, list[str]]:
        """The words by length, for finding the English word a typo was meant to be; built
        the first time a typo needs it, not at every start."""
        return _by_length(self.zipf)

    @cached_property
    def everyday_by_length(self) -> dict[int, list[str]]:
        """The everyday words (Zipf ``EVERYDAY`` and up: "movie", "with", "really") by length,
        for telling a slip of one of them ("moive", "wiht") from a word with a meaning."""
        return _by_length(word for word, zipf in self.zipf.items() if zipf >= EVERYDAY)

    def g_restored(self, word: str) -> str:
        """The word with the "g" chat drops restored ("livin", "playin", "somethin"), where
        that makes a far commoner word and the word itself is no everyday one ("thin")."""
        if not word.endswith("in") or len(word) < 3:
            return word
        full = word + "g"
        zipf = self.zipf.get(word, 0.0)
        if zipf < DROPPED_G_RARE and self.zipf.get(full, 0.0) >= zipf + DROPPED_G_GAP:
            return full
        return word

    def slip(self, word: str) -> bool:
        """Whether a word is one slip of the keyboard from an English word ("realy")."""
        return self._slips(word)

    def everyday_slip(self, word: str) -> bool:
        """Whether a word no list knows is one slip of the keyboard from an everyday word."""
        if len(word) < 3 or not word.isalpha():
            return False
        return self._everyday_slips(word)

    @cached_property
    def _slips(self) -> Callable[[str], bool]:
        """``slip``, remembering the answers for the words asked most lately."""
        return lru_cache(maxsize=MAX_SLIPS_KEPT)(lambda word: _one_slip(word, self.by_length))

    @cached_property
    def _everyday_slips(self) -> Callable[[str], bool]:
        """``everyday_slip``, remembering the answers for the words asked most lately."""
        return lru_cache(maxsize=MAX_SLIPS_KEPT)(
            lambda word: _one_slip(word, self.everyday_by_length)
        )

    def knows(self, word: str) -> bool:
        """Whether a word is ordinary English."""
        return word in self.zipf

    def frequency(self, word: str) -> float:
        """The word's Zipf frequency, 0 if it isn't ordinary English."""
        return self.zipf.get(word, 0.0)


def _by_length(words: Iterable[str]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for word in words:
        found.setdefault(len(word), []).append(word)
    return found


def _one_slip(word: str, by_length: Mapping[int, Sequence[str]]) -> bool:
    """Whether one edit (a letter added, dropped, changed or two swapped) makes ``word`` one
    of the words, looked up among those of a length one edit can reach."""
    for length in (len(word) - 1, len(word), len(word) + 1):
        found = process.extractOne(
            word,
            by_length.get(length, ()),
            scorer=OSA.distance,
            processor=None,
            score_cutoff=1,
        )
        if found is not None:
            return True
    return False


@cache
def english() -> English:
    """Load the list once per process (about 10 ms): read directly, else through wordfreq."""
    try:
        return English(_read(_list_path()))
    except (OSError, ValueError, KeyError, TypeError, msgpack.UnpackException):
        return English(_through_wordfreq())


def _list_path() -> Path:
    # Found without importing wordfreq, whose import (ftfy, langcodes) costs 0.2 s at start.
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("wordfreq is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / _LIST


def _read(path: Path) -> dict[str, float]:
    with gzip.open(path, "rb") as handle:
        packed = msgpack.load(handle, raw=False)
    if packed[0] != _HEADER:
        raise ValueError(f"{path}: not a cBpack version 1 word list")
    # The list at index i holds the words at -i centibels: Zipf = (900 - i) / 100.
    return {
        word: (900 - centibels) / 100
        for centibels, bucket in enumerate(packed[1:])
        for word in bucket
        if word.isalpha()
    }


def _through_wordfreq() -> dict[str, float]:
    import wordfreq

    return {
        word: wordfreq.zipf_frequency(word, "en", wordlist="small")
        for word in wordfreq.iter_wordlist("en", wordlist="small")
        if word.isalpha()
    }
