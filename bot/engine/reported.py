"""A question as reported speech: "what does Hank do for a living?" -> "what Hank does for a
living", so a reply can say "The source doesn't say what Hank does for a living."

Only the shapes that can be turned round surely are: a question word and a copula ("what is
Frannie's job" -> "what Frannie's job is"), "do"/"does" and a verb ("what does Hank do" ->
"what Hank does"), a question word as the subject ("who composed the music"), and yes/no
questions with a copula ("was MGM the distributor" -> "whether MGM was the distributor").
Anything else ("what month did it come out": English has no rule for "came") gives None, and
the reply quotes the question as asked instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.engine.matching.question import WH_WORDS, past_openers
from bot.engine.text import IRREGULAR

_WORD = re.compile(r"[\w$£€][\w'’.,$-]*")
_COPULAS = frozenset("is are was were".split())
_DO = frozenset({"does", "do"})
_AUXILIARIES = _COPULAS | _DO | frozenset("did has have had can could will would should".split())
_HOW = frozenset("much many long old often far big tall large wide high".split())
_DETERMINERS = frozenset("the a an his her its their this that these those".split())
_PREPOSITIONS = frozenset("by in on at for with from to about".split())
_PRONOUNS = frozenset("he she it they i you we".split())
# Words that stand before a participle: "best known", "first shown", "originally made".
_ADVERBS = frozenset("best most well also still first originally really actually ever".split())
# Words that open a clause of their own after what is asked: "... when he made it".
_CLAUSES = frozenset("when while after before during because if".split())
# Words a chat question ends with that say nothing of what is asked.
_CLOSERS = frozenset("lol lmao pls please thanks thx again exactly then though tho".split())
_CONTRACTIONS = {
    f"{word}{ending}": (word, "is")
    for word in ("what", "who", "where", "when", "how")
    for ending in ("'s", "s")
}
_ES_ENDINGS = ("s", "sh", "ch", "x", "z", "o")
_MAX_SUBJECT = 4  # words a subject may run to before the verb: longer is no sure reading
_PLURAL_SUBJECTS = frozenset({"they", "i", "you", "we"})
_LONGEST_NAME = 6  # words: a longer name is left as the question spelled it


def reported(question: str, names: Mapping[str, str] | None = None) -> str | None:
    """The question as it would follow "the source doesn't say", or None if unsure.

    ``names`` spells the fact base's names as it does ("hank" -> "Hank"); the title too.
    """
    found: list[str] = []
    for word in _WORD.findall(question.casefold()):
        word = word.rstrip(",.")
        found += _CONTRACTIONS.get(word.replace("’", "'"), (word,)) if word else ()
    found = past_openers(found)
    while found and found[-1] in _CLOSERS:
        found.pop()
    if len(found) < 2:
        return None
    turned = _turn(found, [tuple(n.split()) for n in names or {}])
    return None if turned is None else _spell(" ".join(turned), names or {})


def _turn(found: list[str], names: list[tuple[str, ...]]) -> list[str] | None:
    first = found[0]
    if first in _COPULAS:
        subject, rest = _subject(found[1:], names)
        if not subject or not rest:
            return None
        return ["whether", *subject, first, *rest]
    if first not in WH_WORDS:
        return None
    asked = 1
    if first == "how" and found[1:2] and found[1] in _HOW:
        asked = 2
    if first in {"what", "which", "whose"} or asked == 2:
        # "what year did ...", "how many people worked": the noun belongs to the question.
        while asked < len(found) and asked < 3 and found[asked] not in _AUXILIARIES:
            asked += 1
    if asked >= len(found):
        return None
    head, aux, after = found[:asked], found[asked], found[asked + 1 :]
    if aux not in _AUXILIARIES:
        # The question (with its noun) is the subject: "who composed the music".
        return found
    if not after:
        return None
    if aux in _COPULAS:
        # "where was One from the Heart filmed": all but a closing participle is the subject;
        # "what is Frannie's job": all of it.
        cut = len(after)
        clause = next((i for i, w in enumerate(after) if i and w in _CLAUSES), None)
        if clause is not None:
            cut = clause  # "how old was Coppola when he made it": the clause follows the verb
        elif after[-2:] in (["in", "it"], ["in", "this"]) and cut > 2:
            cut -= 2  # "how old was Teri Garr in it"
        elif cut > 2 and after[-1] in _PREPOSITIONS and _participle(after[-2]):
            cut -= 2  # "who was the film written by"
        elif cut > 1 and (_participle(after[-1]) or after[-1] in _PREPOSITIONS):
            cut -= 1  # "where was it filmed", "what is it about"
        while clause is None and cut > 1 and after[cut - 1] in _ADVERBS:
            cut -= 1  # "what is Raul Julia best known for"
        return [*head, *after[:cut], aux, *after[cut:]]
    if aux in _DO:
        subject, rest = _subject(after, names)
        if not subject or not rest:
            return None
        plural = aux == "do" or subject[-1] in _PLURAL_SUBJECTS or "and" in subject
        return [*head, *subject, rest[0] if plural else _third_person(rest[0]), *rest[1:]]
    return None


def _subject(words: list[str], names: list[tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """Split words after an auxiliary into the subject and what is said of it."""
    if not words:
        return [], []
    if words[0] in _PRONOUNS:
        return words[:1], words[1:]
    end = 1
    named = [len(n) for n in names if tuple(words[: len(n)]) == n]
    if named:
        end = max(named)  # "one from the heart", "jack singer"
    elif words[0] in _DETERMINERS:
        end = 2
    # "hank and frannie", "jack singer's loan": a name runs on through "and" and possessives.
    while end < len(words) and end < _MAX_SUBJECT:
        if words[end] == "and" and end + 1 < len(words):
            end += 2
        elif words[end - 1].endswith(("'s", "’s")):
            end += 1
        else:
            break
    if end > len(words):
        return [], []
    return words[:end], words[end:]


def _participle(word: str) -> bool:
    """ "filmed", "shown", "written", "shot": a verb's form after "was"."""
    return word.endswith(("ed", "en", "wn")) or word in IRREGULAR or word == "set"


def _third_person(verb: str) -> str:
    """ "do" -> "does", "work" -> "works", "carry" -> "carries"; "have" -> "has"."""
    if verb == "have":
        return "has"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + ("es" if verb.endswith(_ES_ENDINGS) else "s")


def _spell(text: str, names: Mapping[str, str]) -> str:
    """Spell the fact base's names its way, longest first ("jack singer" before "jack"), a
    possessive kept ("frannie's", or "frannies" typed without its apostrophe, -> "Frannie's").
    Word by word: a fact base may have thousands of names, and a question has a few words."""
    said = text.split(" ")
    out: list[str] = []
    at = 0
    while at < len(said):
        for size in range(min(_LONGEST_NAME, len(said) - at), 0, -1):
            *first, last = said[at : at + size]
            base = last.removesuffix("'s").removesuffix("’s")
            name = " ".join((*first, base))
            if name in names:
                out.append(names[name] + last[len(base) :])
                at += size
                break
            bare = " ".join((*first, last[:-1])) if last.endswith("s") else ""
            if bare in names:
                out.append(names[bare] + "'s")  # typed without its apostrophe: "hanks job"
                at += size
                break
        else:
            out.append(said[at])
            at += 1
    return " ".join(out)
