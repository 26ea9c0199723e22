"""The English word list: read fast from wordfreq's data, the same as through its API."""

from __future__ import annotations

import pytest

from bot.engine.matching import english as english_module
from bot.engine.matching.english import English, english


def test_everyday_words_are_english_and_names_of_the_film_are_not() -> None:
    """'help' and 'test' are ordinary English; 'Zoetrope' and 'Frannie' are not."""
    words = english()
    assert words.knows("help")
    assert words.knows("test")
    assert not words.knows("zoetrope")
    assert not words.knows("frannie")


def test_common_words_are_more_frequent_than_rare_ones() -> None:
    """The Zipf scale orders 'really' above 'acrobat', and an unknown word at zero."""
    words = english()
    assert words.frequency("really") > words.frequency("screenplay") > 0
    assert words.frequency("qwertyuiop") == 0.0


def test_the_direct_read_gives_what_wordfreq_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading wordfreq's file directly loses nothing against its public API."""
    fast = english()
    monkeypatch.setattr(english_module, "_list_path", _missing)
    english.cache_clear()
    try:
        slow = english()
    finally:
        english.cache_clear()
    assert isinstance(slow, English)
    assert slow.zipf.keys() == fast.zipf.keys()
    assert all(abs(slow.zipf[w] - fast.zipf[w]) < 0.011 for w in ("help", "hart", "mgm"))


def _missing() -> None:
    raise OSError("pretend the data file moved")


def test_a_slip_of_an_everyday_word_is_told_from_a_rare_word() -> None:
    """One slip from a very common word ("moive", "wiht") is that word mistyped; a rare word
    ("soundstage") or a name is not."""
    words = english()
    assert words.everyday_slip("moive")
    assert words.everyday_slip("wiht")
    assert not words.everyday_slip("soundstage")
    assert not words.everyday_slip("zoetrope")


def test_a_dropped_g_is_restored_only_where_it_makes_a_far_commoner_word() -> None:
    """ "somethin" is "something"; "thin" (everyday) and "begin" (no "beging") stay."""
    words = english()
    assert words.g_restored("somethin") == "something"
    assert words.g_restored("talkin") == "talking"
    assert words.g_restored("thin") == "thin"
    assert words.g_restored("begin") == "begin"
