"""A synthetic fact base of any size, so the index can be measured at scale with no curator.

A seeded generator writes a Wikipedia-style article about a made-up film: cast, crew, sets,
money, releases, reviews, awards and songs, with citation markers the way Wikipedia places
them (at a sentence's end, mid-sentence, stacked, reused, or missing). Each fact quotes one
sentence of it, carries the markers the article gives that sentence, and is asked for in
eight ways, like the shipped fact file: a plain question, lowercase chat and keyword queries.

Every fact names one new pronounceable name (a role, a city, a song) and reuses others
(people, outlets) with Zipf-like odds, beside a Zipf-weighted stock of common words, so the
vocabulary grows with the fact base the way a real one's does.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.engine.knowledge import Fact, FactFile, KnowledgeBase, Roundup, Unknown
from bot.engine.source import Source, parse

SOURCE_PATH = Path("<synthetic>")
QUESTIONS_PER_ENTRY = 8
DEFAULT_SAMPLE = 500

_ONSETS = (
    "b", "br", "d", "dr", "f", "fl", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "pl",
    "r", "s", "sk", "st", "t", "tr", "v", "z", "sh", "ch", "th", "j", "w", "qu",
)  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ia", "ea", "o", "a", "e")
_CODAS = ("", "", "", "", "n", "r", "l", "s", "th", "m", "nd", "rk", "x", "v", "ck", "ll")

_OCCUPATIONS = (
    "waiter", "pianist", "dancer", "singer", "sailor", "painter", "clerk", "pilot",
    "mechanic", "florist", "gambler", "driver", "nurse", "teacher", "juggler", "tailor",
    "baker", "barber", "boxer", "poet", "detective", "photographer", "magician", "bartender",
    "drummer", "fisherman", "gardener", "jeweller", "lawyer", "mailman", "acrobat", "chef",
)  # fmt: skip
_ACTIVITIES = (
    "dreams of leaving town", "runs a small diner", "sings in a hotel lounge",
    "works the night shift", "owns a travel agency", "paints neon signs",
    "sells used cars", "plays the saxophone", "keeps a secret diary", "collects old maps",
    "fixes jukeboxes", "drives a taxi", "lives above a laundromat", "writes love letters",
    "wins a fortune at cards", "loses everything at the races", "trains pigeons",
    "tends a rooftop garden", "guards a wax museum", "repairs old clocks",
)  # fmt: skip
_JOBS = (
    "cinematographer", "editor", "composer", "production designer", "costume designer",
    "choreographer", "art director", "sound mixer", "set decorator", "makeup artist",
    "stunt coordinator", "casting director",
)  # fmt: skip
_ADJECTIVES = (
    "bold", "tender", "lavish", "hollow", "dazzling", "dreamy", "clumsy", "brilliant",
    "dull", "moving", "garish", "elegant", "gaudy", "sincere", "tedious", "luminous",
    "reckless", "charming", "bloated", "haunting", "shallow", "exquisite", "baffling", "warm",
)  # fmt: skip
_THINGS = (
    "replica", "diner", "casino", "bridge", "motel", "carnival", "lighthouse",
    "train station", "ballroom", "gas station", "neon sign", "ferris wheel", "jetway",
    "boardwalk", "greenhouse", "theatre", "junkyard", "street", "harbour", "skyline",
)  # fmt: skip
_SCENES = (
    "opening", "dance", "chase", "wedding", "airport", "final", "rooftop", "dream",
    "storm", "parade", "farewell", "fireworks",
)  # fmt: skip
_CATEGORIES = (
    "Actor", "Actress", "Score", "Cinematography", "Editing", "Costume Design",
    "Art Direction", "Sound", "Original Song", "Director", "Screenplay", "Makeup",
)  # fmt: skip
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_OUTLETS = (
    "Gazette", "Times", "Herald", "Tribune", "Weekly", "Review", "Courier", "Post",
    "Chronicle", "Observer", "Journal", "Monthly",
)  # fmt: skip
_COMPANIES = ("Pictures", "Studios", "Bank", "Films", "Capital", "Trust")
_TITLES = ("Nights", "Heart", "Summer", "Dreams", "Road", "Lights")
_TOPICS = ("Cast", "Credits", "Production", "Music", "Release", "Reception", "Awards")
_OFF_TOPIC = (
    "what's the weather like in {city} today",
    "who won the football game last night",
    "recommend me a good pizza place",
    "how do i reset my password",
    "what is the capital of {country}",
    "tell me a joke",
    "who directed the godfather",
    "what time is it in {city}",
    "how tall is the eiffel tower",
    "can you help me with my {subject} homework",
    "what's the best laptop for gaming",
    "is it going to rain tomorrow",
    "who is the president of {country}",
    "how do I cook rice",
    "zxqv blorp fnord",
    "what does {noun} mean",
)
_CITIES = ("paris", "tokyo", "london", "chicago", "berlin", "sydney", "toronto", "madrid")
_COUNTRIES = ("france", "japan", "brazil", "canada", "germany", "india", "kenya", "peru")
_SUBJECTS = ("math", "chemistry", "history", "physics", "spanish")
_NOUNS = ("serendipity", "ephemeral", "blockchain", "photosynthesis", "entropy")


@dataclass(frozen=True)
class Synthetic:
    """A generated fact base, and a sample of chat questions to time it with."""

    knowledge: KnowledgeBase
    questions: tuple[str, ...]


def generate(facts: int, *, seed: int = 0, sample: int = DEFAULT_SAMPLE) -> Synthetic:
    """Generate a fact base of ``facts`` facts and ``sample`` chat questions, fixed by ``seed``."""
    # Beside the facts, as the shipped file has: a tenth as many unknowns, a twentieth as many
    # roundups.
    if facts < 1:
        raise ValueError("a synthetic fact base needs at least one fact")
    rng = random.Random(seed)
    world = _World(rng, facts)
    drafts = [world.draft() for _ in range(facts)]
    ids = [f"{draft.kind}-{n}" for n, draft in enumerate(drafts, 1)]
    source, cites = _article(rng, world, drafts)
    fact_list = tuple(
        Fact(
            id=ident,
            topic=draft.topic,
            answer=draft.sentence,
            quote=draft.sentence,
            cites=found,
            questions=draft.questions,
            aliases=draft.aliases,
        )
        for ident, draft, found in zip(ids, drafts, cites, strict=True)
    )
    unknowns = _unknowns(rng, drafts, ids, facts // 10)
    roundups = _roundups(drafts, ids, facts // 20)
    knowledge = _knowledge_base(source, fact_list, unknowns, roundups)
    return Synthetic(knowledge, _sample(rng, knowledge, sample))


def _knowledge_base(
    source: Source,
    facts: tuple[Fact, ...],
    unknowns: tuple[Unknown, ...],
    roundups: tuple[Roundup, ...],
) -> KnowledgeBase:
    """Assemble the fact base directly: grounding it is load_knowledge's job, not the index's."""
    return KnowledgeBase((FactFile(SOURCE_PATH, source, facts, unknowns, roundups),))


@dataclass(frozen=True)
class _Draft:
    """One fact before it has an id: its sentence and how people ask for it."""

    kind: str
    topic: str
    sentence: str  # ends with its full stop; the article adds the markers
    questions: tuple[str, ...]
    aliases: tuple[str, ...]
    people: tuple[str, ...]  # whom it speaks of, for roundups and unknowns


class _World:
    """Names and common words, drawn so a few recur often and most are rare."""

    def __init__(self, rng: random.Random, facts: int) -> None:
        self.rng = rng
        self._used: set[str] = set()
        self._people: list[str] = []
        self._outlets: list[str] = []
        self._places: list[str] = []
        # Pools grow with the fact base, so its vocabulary does too.
        self._people_size = max(20, facts)
        self._outlet_size = max(5, facts // 40)
        self._place_size = max(10, facts // 5)
        self._kinds: list[Callable[[], _Draft]] = [
            self._role,
            self._crew,
            self._set,
            self._loan,
            self._release,
            self._review,
            self._award,
            self._song,
            self._box_office,
        ]
        self._kind_weights = (25, 10, 10, 8, 10, 15, 8, 8, 6)
        self.title = f"{self.name()} {rng.choice(_TITLES)}"

    def draft(self) -> _Draft:
        """A fact of a random kind, about at least one name never used before."""
        (make,) = self.rng.choices(self._kinds, weights=self._kind_weights)
        return make()

    def name(self) -> str:
        """A new capitalised, pronounceable word, unlike any made before."""
        while True:
            syllables = self.rng.choice((2, 2, 2, 3))
            word = "".join(
                self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) + self.rng.choice(_CODAS)
                for _ in range(syllables)
            )
            if len(word) >= 4 and word not in self._used:
                self._used.add(word)
                return word.capitalize()

    def person(self) -> str:
        """Someone of the film's world: a handful recur everywhere, most appear once."""
        return self._reuse(self._people, self._people_size, self.new_person)

    def new_person(self) -> str:
        """A full name never used before."""
        return f"{self.name()} {self.name()}"

    def place(self) -> str:
        """A place, reused with Zipf-like odds."""
        return self._reuse(self._places, self._place_size, self.name)

    def outlet(self) -> str:
        """A newspaper, reused with Zipf-like odds."""
        return self._reuse(
            self._outlets, self._outlet_size, lambda: f"The {self.name()} {self.common(_OUTLETS)}"
        )

    def common(self, stock: Sequence[str]) -> str:
        """A common word: the first of a stock is the most common, Zipf-like."""
        return self.rng.choices(stock, cum_weights=_zipf(len(stock)))[0]

    def _reuse(self, pool: list[str], size: int, make: Callable[[], str]) -> str:
        # Log-uniform rank in [1, size): rank r comes up with odds about 1/r.
        rank = int(size ** self.rng.random())
        while len(pool) < rank:
            pool.append(make())
        return pool[rank - 1]

    def _pick(self, first: str, others: Sequence[str]) -> tuple[str, ...]:
        """The plain question first, then seven of the other phrasings."""
        unique = list(dict.fromkeys(q for q in others if q.casefold() != first.casefold()))
        return (first, *self.rng.sample(unique, min(QUESTIONS_PER_ENTRY - 1, len(unique))))

    def _role(self) -> _Draft:
        person, role = self.person(), self.name()
        job, activity = self.common(_OCCUPATIONS), self.common(_ACTIVITIES)
        p, r, last = person.lower(), role.lower(), person.split()[1].lower()
        return _Draft(
            "role",
            "Cast",
            f"{person} plays {role}, a {job} who {activity}.",
            self._pick(
                f"Who plays {role}?",
                [
                    f"who is {r}",
                    f"{r} actor",
                    f"what does {r} do",
                    f"{r}'s job",
                    f"what part does {p} play",
                    f"is {r} really a {job}",
                    f"which character does {last} play",
                    f"who plays the {job} in the movie",
                    f"who was cast as {r}",
                ],
            ),
            (person, role, job),
            (person,),
        )

    def _crew(self) -> _Draft:
        person, place, job = self.person(), self.name(), self.common(_JOBS)
        p, pl, last = person.lower(), place.lower(), person.split()[1].lower()
        return _Draft(
            "crew",
            "Credits",
            f"The {job} for the {place} scenes was {person}.",
            self._pick(
                f"Who was the {job} for the {place} scenes?",
                [
                    f"{pl} scenes {job}",
                    f"who did the {job} work on the {pl} scenes",
                    f"what did {p} do on the film",
                    f"{last} {job}",
                    f"{job} for {pl}",
                    f"who worked on the {pl} scenes",
                    f"was {p} the {job}",
                    f"who handled the {job} job in {pl}",
                ],
            ),
            (person, place, job),
            (person,),
        )

    def _set(self) -> _Draft:
        place, thing = self.name(), self.common(_THINGS)
        adjective, scene = self.common(_ADJECTIVES), self.common(_SCENES)
        pl = place.lower()
        return _Draft(
            "set",
            "Production",
            f"For the {scene} scene, the crew built a {adjective} {thing} in {place}.",
            self._pick(
                f"What was built in {place} for the {scene} scene?",
                [
                    f"{pl} {thing}",
                    f"where was the {thing} for the {scene} scene built",
                    f"the {adjective} {thing}",
                    f"where did they build the {thing}",
                    f"{scene} scene set",
                    f"was the {thing} in {pl} real",
                    f"tell me about the {pl} set",
                    f"what did the crew build in {pl}",
                ],
            ),
            (place, thing, f"{scene} scene"),
            (),
        )

    def _loan(self) -> _Draft:
        company = f"{self.name()} {self.common(_COMPANIES)}"
        person, place = self.person(), self.place()
        millions = self.rng.randint(2, 40)
        c, pl, last = company.lower(), place.lower(), person.split()[1].lower()
        return _Draft(
            "loan",
            "Production",
            f"{company} agreed to lend ${millions} million to {person} for the {place} shoot.",
            self._pick(
                f"How much did {company} lend?",
                [
                    f"{c} loan",
                    f"who lent money for the {pl} shoot",
                    f"who financed the {pl} shoot",
                    f"the {millions} million dollar loan from {c}",
                    f"what did {c} do",
                    f"how much money came from {c}",
                    f"did {last} get a loan from {c}",
                    f"who backed the {pl} shoot financially",
                ],
            ),
            (company, person, f"${millions} million", "loan"),
            (person,),
        )

    def _release(self) -> _Draft:
        place, month = self.name(), self.rng.choice(_MONTHS)
        day, year = self.rng.randint(1, 28), self.rng.randint(1979, 1995)
        pl = place.lower()
        return _Draft(
            "release",
            "Release",
            f"The film opened in {place} on {month} {day}, {year}.",
            self._pick(
                f"When did the film open in {place}?",
                [
                    f"{pl} release date",
                    f"what year did it come out in {pl}",
                    f"when did {pl} get the film",
                    f"{pl} premiere",
                    f"did it open in {pl}",
                    f"when was it released in {pl}",
                    f"release date {pl}",
                    f"how long has it been out in {pl}",
                ],
            ),
            (place, f"{month} {day}, {year}", str(year)),
            (),
        )

    def _review(self) -> _Draft:
        critic, outlet = self.new_person(), self.outlet()
        first, second = self.common(_ADJECTIVES), self.common(_ADJECTIVES[::-1])
        c, last = critic.lower(), critic.split()[1].lower()
        paper = outlet.removeprefix("The ").lower()
        return _Draft(
            "review",
            "Reception",
            f'{critic} of {outlet} called the film "{first} and {second}".',
            self._pick(
                f"What did {critic} say?",
                [
                    f"{paper} review",
                    f"what did the {paper} think",
                    f"{last} review",
                    f"who called it {first} and {second}",
                    f"did the {paper} like it",
                    f"{c}'s take on it",
                    f"what did the {paper} critic say",
                    f"{c} opinion of the movie",
                ],
            ),
            (critic, outlet, outlet.removeprefix("The ")),
            (critic,),
        )

    def _award(self) -> _Draft:
        person, prize = self.person(), self.name()
        category, year = self.common(_CATEGORIES), self.rng.randint(1982, 1990)
        p, z, last, cat = person.lower(), prize.lower(), person.split()[1].lower(), category.lower()
        return _Draft(
            "award",
            "Awards",
            f"{person} won the {prize} Award for Best {category} in {year}.",
            self._pick(
                f"Who won the {prize} Award?",
                [
                    f"{z} award",
                    f"what award did {p} win",
                    f"did {last} win best {cat}",
                    f"{p} award",
                    f"when did {last} win the {z} award",
                    f"best {cat} {z}",
                    f"which prize did {last} get",
                    f"did the film win the {z} award",
                ],
            ),
            (person, f"{prize} Award", f"Best {category}"),
            (person,),
        )

    def _song(self) -> _Draft:
        song = f"{self.name()} {self.rng.choice(_TITLES)}"
        writer, singer = self.person(), self.person()
        s, w, last = song.lower(), writer.lower(), singer.split()[1].lower()
        return _Draft(
            "song",
            "Music",
            f'The song "{song}" was written by {writer} and sung by {singer}.',
            self._pick(
                f'Who wrote "{song}"?',
                [
                    f"who sings {s}",
                    f"{s} song",
                    f"who performed {s}",
                    f"{s} songwriter",
                    f"is {s} in the film",
                    f"what song did {last} sing",
                    f"who sang {s}",
                    f"did {w} write {s}",
                ],
            ),
            (song, writer, singer, "song"),
            (writer, singer),
        )

    def _box_office(self) -> _Draft:
        place, millions = self.name(), self.rng.randint(1, 90)
        pl = place.lower()
        return _Draft(
            "box-office",
            "Release",
            f"The film earned ${millions} million at the box office in {place}.",
            self._pick(
                f"How much did the film earn in {place}?",
                [
                    f"{pl} box office",
                    f"{pl} gross",
                    f"how much money did it make in {pl}",
                    f"box office in {pl}",
                    f"was it a hit in {pl}",
                    f"{pl} earnings",
                    f"how did it do in {pl}",
                    f"ticket sales in {pl}",
                ],
            ),
            (place, f"${millions} million", "box office"),
            (),
        )


@functools.cache
def _zipf(size: int) -> tuple[float, ...]:
    """Cumulative odds of ranks 1..size, each about 1/rank."""
    return tuple(itertools.accumulate(1 / rank for rank in range(1, size + 1)))


def _article(
    rng: random.Random, world: _World, drafts: Sequence[_Draft]
) -> tuple[Source, list[tuple[int, ...]]]:
    """Write and parse the article; return it with each draft's markers, in draft order."""
    marked: list[str] = [""] * len(drafts)
    cites: list[tuple[int, ...]] = [()] * len(drafts)
    markers = itertools.count(1)
    given: list[int] = []

    def marker() -> int:
        # Wikipedia cites one reference again now and then.
        if given and rng.random() < 0.1:
            return rng.choice(given)
        given.append(next(markers))
        return given[-1]

    for index, draft in enumerate(drafts):
        sentence, roll = draft.sentence, rng.random()
        if roll < 0.12:  # uncited
            marked[index] = sentence
        elif roll < 0.22:  # stacked: [3][4]
            first, second = marker(), marker()
            marked[index] = f"{sentence}[{first}]" + (f"[{second}]" if second != first else "")
            cites[index] = tuple(dict.fromkeys((first, second)))
        elif roll < 0.32 and ", " in sentence:  # one clause each: "Ann plays Leila,[3] a ..."
            head, tail = sentence.split(", ", 1)
            first, second = marker(), marker()
            marked[index] = f"{head},[{first}] {tail}[{second}]"
            cites[index] = tuple(dict.fromkeys((first, second)))
        else:
            number = marker()
            marked[index] = f"{sentence}[{number}]"
            cites[index] = (number,)
    paragraphs: list[str] = []
    for topic in _TOPICS:
        sentences = [marked[i] for i, d in enumerate(drafts) if d.topic == topic]
        while sentences:
            size = rng.randint(3, 6)
            chunk, sentences = sentences[:size], sentences[size:]
            if rng.random() < 0.3:  # some of the article is nobody's fact
                chunk.append(
                    f"{world.person()} later remembered the {world.common(_ADJECTIVES)} "
                    "mood on the set."
                )
            paragraphs.append(" ".join(chunk))
    text = world.title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return parse(SOURCE_PATH, text), cites


def _unknowns(
    rng: random.Random, drafts: Sequence[_Draft], ids: Sequence[str], count: int
) -> tuple[Unknown, ...]:
    """Questions about people that the article never answers: their pay and their birthplace."""
    about = [(i, person) for i, d in enumerate(drafts) for person in d.people]
    rng.shuffle(about)
    made: dict[str, Unknown] = {}
    for (index, person), kind in zip(about, itertools.cycle(("pay", "birthplace")), strict=False):
        if len(made) >= count:
            break
        ident = f"{kind}-{person.lower().replace(' ', '-')}"
        if ident in made:
            continue
        p, last = person.lower(), person.split()[1].lower()
        if kind == "pay":
            answer = f"The source doesn't say what {person} was paid."
            first = f"How much was {person} paid?"
            others = [
                f"{p} salary",
                f"what did {last} earn",
                f"{last} fee",
                f"how much did {p} make",
                f"was {last} well paid",
                f"{p} paycheck",
                f"what was {last}'s salary",
            ]
        else:
            answer = f"The source doesn't say where {person} was born."
            first = f"Where was {person} born?"
            others = [
                f"{p} birthplace",
                f"where is {last} from",
                f"{last} hometown",
                f"what country is {p} from",
                f"where did {last} grow up",
                f"{p} nationality",
                f"is {last} american",
            ]
        made[ident] = Unknown(
            ident, "Unknowns", answer, ids[index], (first, *others), (person, kind)
        )
    return tuple(made.values())


def _roundups(drafts: Sequence[_Draft], ids: Sequence[str], count: int) -> tuple[Roundup, ...]:
    """Who's who: a person named by several facts gets a roundup of (up to three of) them."""
    facts_of: dict[str, list[str]] = {}
    for ident, draft in zip(ids, drafts, strict=True):
        for person in dict.fromkeys(draft.people):
            facts_of.setdefault(person, []).append(ident)
    busiest = sorted(
        (p for p, f in facts_of.items() if len(f) >= 2), key=lambda p: -len(facts_of[p])
    )
    roundups: list[Roundup] = []
    for person in busiest[:count]:
        p, last = person.lower(), person.split()[1].lower()
        roundups.append(
            Roundup(
                f"who-is-{p.replace(' ', '-')}",
                "People",
                tuple(facts_of[person][:3]),
                (
                    f"What did {person} do on the film?",
                    f"who is {p}",
                    f"tell me about {p}",
                    p,
                    f"{last} work on the film",
                    f"what was {last}'s part in it",
                    f"everything about {last}",
                    f"{p} credits",
                ),
                (person,),
            )
        )
    return tuple(roundups)


def _sample(rng: random.Random, knowledge: KnowledgeBase, count: int) -> tuple[str, ...]:
    """Chat as it comes: curated questions, paraphrases, typos, lowercase and off-topic."""
    entries = knowledge.entries
    questions: list[str] = []
    kinds = ("curated", "paraphrase", "typo", "lowercase", "off-topic")
    for kind in rng.choices(kinds, weights=(30, 20, 20, 15, 15), k=count):
        entry = rng.choice(entries)
        asked = rng.choice(entry.questions)
        if kind == "paraphrase":
            opener = rng.choice(("hey, ", "quick question: ", "do you know ", "i wonder ", ""))
            closer = rng.choice(("", "?", " in the movie", " btw", " exactly", " lol"))
            asked = opener + asked.replace("film", "movie") + closer
        elif kind == "typo":
            asked = _typo(rng, asked)
        elif kind == "lowercase":
            asked = "".join(ch for ch in entry.questions[0].lower() if ch.isalnum() or ch == " ")
        elif kind == "off-topic":
            asked = rng.choice(_OFF_TOPIC).format(
                city=rng.choice(_CITIES),
                country=rng.choice(_COUNTRIES),
                subject=rng.choice(_SUBJECTS),
                noun=rng.choice(_NOUNS),
            )
        questions.append(asked)
    return tuple(questions)


def _typo(rng: random.Random, question: str) -> str:
    """Misspell one word of four letters or more the way fingers do."""
    words = question.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long:
        return question
    i = rng.choice(long)
    word, at = words[i], rng.randrange(1, len(words[i]) - 1)
    edit = rng.randrange(4)
    if edit == 0:
        word = word[:at] + word[at + 1 :]  # dropped
    elif edit == 1:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # swapped
    elif edit == 2:
        word = word[:at] + word[at] + word[at:]  # doubled
    else:
        word = word[:at] + rng.choice("aeioustrn") + word[at + 1 :]  # wrong letter
    words[i] = word
    return " ".join(words)
