"""What a curator reads: the questions heartbot couldn't answer, grouped, and facts voted down."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from bot.curation.store import Store, records
from bot.engine.answers import Outcome
from bot.engine.text import is_content
from bot.limits import REPORT_ROWS

if TYPE_CHECKING:
    from bot.engine.core import Engine

MAX_VARIANTS = 5
# Compared on their content words, near-duplicates ("who composed the songs" / "who composd
# the songs?", "what was the budget" / "whats the budjet") score 90 and up, while different
# questions that share most words ("when was it released" / "re-released", "where" / "when
# was it filmed") stay just under. Synonyms ("wrote" / "composed") are beyond string likeness.
SIMILAR = 90
_SINCE = re.compile(r"(\d+)\s*([hdw])")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_NOW_SAYS = {
    Outcome.ANSWER: "now: answered by {}",
    Outcome.UNKNOWN: "now: the source doesn't say ({})",
    Outcome.SUGGEST: "now: still unsure (closest {})",
    Outcome.REFUSE: "now: still refused",
    Outcome.HINT: "now: asks nothing of the source (the usage hint)",
}


def parse_since(text: str) -> timedelta | None:
    """Read ``12h``, ``7d``, ``2w`` as a period back from now, and ``all`` as None: everything."""
    value = text.strip().lower()
    if value == "all":
        return None
    match = _SINCE.fullmatch(value)
    try:
        if match is not None and int(match.group(1)) > 0:
            return int(match.group(1)) * _UNITS[match.group(2)]
    except OverflowError:
        pass
    raise ValueError(
        f"expected hours, days or weeks back, like 12h, 7d or 2w, or all; got {text!r}"
    )


def window_start(now: datetime, since: timedelta | None) -> datetime | None:
    """The first moment a report covers; None for the whole record."""
    if since is None:
        return None
    try:
        return now - since
    except OverflowError:  # further back than datetime goes: everything
        return None


@dataclass(frozen=True)
class Now:
    """What the current knowledge does with a group's example: whether a fix already covers it."""

    outcome: Outcome
    entry_id: str | None


@dataclass(frozen=True)
class Group:
    """Near-duplicate unanswered questions, one row: a question a curator may add."""

    count: int
    example: str
    variants: tuple[str, ...]
    outcomes: tuple[tuple[Outcome, int], ...]
    nearest: str | None
    now: Now | None = None


@dataclass(frozen=True)
class FactVotes:
    """How one fact's answers were voted."""

    entry_id: str
    not_helpful: int
    helpful: int


@dataclass(frozen=True)
class Day:
    """One UTC day's questions and how many got a fact."""

    day: date
    asked: int
    answered: int

    @property
    def share(self) -> float:
        """The share answered, 0 to 1."""
        return self.answered / self.asked if self.asked else 0.0


@dataclass(frozen=True)
class Report:
    """The curation report: unanswered questions, facts voted down, share answered per day."""

    since: datetime | None
    until: datetime
    unanswered: tuple[Group, ...] = ()
    left_off: int = 0  # groups beyond the limit
    not_helpful: tuple[FactVotes, ...] = ()
    days: tuple[Day, ...] = ()
    unreadable: int = 0  # rows left out: an outcome or a time this heartbot can't read

    @property
    def asked(self) -> int:
        """Questions in the window."""
        return sum(day.asked for day in self.days)

    @property
    def answered(self) -> int:
        """Questions in the window that got a fact."""
        return sum(day.answered for day in self.days)

    def text(self) -> str:
        """The report as plain text, each section saying what to do with it."""
        window = f"since {_minute(self.since)}" if self.since else "in the whole record"
        lines = [f"heartbot report: questions and votes {window}, to {_minute(self.until)}."]
        if not self.days:
            lines.append(f"No questions recorded {window}; `heartbot run` records them.")
        else:
            lines.append(
                f"{self.asked} questions, {self.answered} answered "
                f"({self.answered / self.asked:.0%})."
            )
        if self.unreadable:
            lines.append(
                f"{records(self.unreadable)} could not be read (an outcome or a time this "
                "heartbot doesn't know: written by another version?) and were left out."
            )
        lines.append("")
        if self.unanswered:
            lines.append(
                "Unanswered questions, most asked first. Add a fact for each, or add the "
                "question to the fact it should reach:"
            )
            lines.extend(line for group in self.unanswered for line in _group_lines(group))
            if self.left_off:
                lines.append(f"  ({self.left_off} more; raise --limit to see them)")
        elif self.days:
            lines.append(f"Nothing unanswered {window}: every question got a fact.")
        lines.append("")
        if self.not_helpful:
            lines.append(
                'Facts most often voted "Not helpful". Check their answer, and the questions '
                "that lead to them:"
            )
            lines.extend(
                f"  {v.not_helpful:5} not helpful {v.helpful:5} helpful  {v.entry_id}"
                for v in self.not_helpful
            )
        else:
            lines.append(f'No "Not helpful" votes {window}.')
        if self.days:
            lines.append("")
            lines.append("Questions answered per day (UTC):")
            lines.extend(
                f"  {d.day.isoformat()}  {d.asked:6} asked  {d.answered:6} answered  {d.share:4.0%}"
                for d in self.days
            )
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        """The report as plain data for ``report --json``; the keys are stable."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "asked": self.asked,
            "answered": self.answered,
            "unanswered": [
                {
                    "count": g.count,
                    "example": g.example,
                    "variants": list(g.variants),
                    "outcomes": {outcome.value: n for outcome, n in g.outcomes},
                    "nearest": g.nearest,
                    "now": (
                        {"outcome": g.now.outcome.value, "entry_id": g.now.entry_id}
                        if g.now
                        else None
                    ),
                }
                for g in self.unanswered
            ],
            "unanswered_left_off": self.left_off,
            "unreadable": self.unreadable,
            "not_helpful": [
                {"entry_id": v.entry_id, "not_helpful": v.not_helpful, "helpful": v.helpful}
                for v in self.not_helpful
            ],
            "days": [
                {
                    "date": d.day.isoformat(),
                    "asked": d.asked,
                    "answered": d.answered,
                    "share_answered": round(d.share, 4),
                }
                for d in self.days
            ],
        }


def build_report(
    store: Store,
    *,
    since: timedelta | None,
    now: datetime,
    engine: Engine | None = None,
    limit: int = REPORT_ROWS,
) -> Report:
    """Read the window from the store and sum it up; with an engine, say what it answers now."""
    start = window_start(now, since)
    asked: Counter[date] = Counter()
    answered: Counter[date] = Counter()
    texts: Counter[str] = Counter()
    outcomes: defaultdict[str, Counter[Outcome]] = defaultdict(Counter)
    nearest: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for question in store.questions(start):
        day = question.at.astimezone(UTC).date()
        asked[day] += 1
        if question.outcome is Outcome.ANSWER:
            answered[day] += 1
        elif question.text:
            texts[question.text] += 1
            outcomes[question.text][question.outcome] += 1
            if question.entry_id is not None:
                nearest[question.text][question.entry_id] += 1
    groups = sorted(
        (_group(members, texts, outcomes, nearest) for members in cluster(texts)),
        key=lambda g: (-g.count, g.example),
    )
    shown = tuple(_now(group, engine) for group in groups[:limit])
    not_helpful = _not_helpful(store, start)[:limit]
    return Report(
        since=start,
        until=now,
        unanswered=shown,
        left_off=len(groups) - len(shown),
        not_helpful=not_helpful,
        days=tuple(Day(day, asked[day], answered[day]) for day in sorted(asked)),
        unreadable=store.unreadable,
    )


def cluster(counts: Counter[str]) -> list[list[str]]:
    """Group texts by likeness: most asked first, each joins its likest leader or leads."""
    clusters: list[list[str]] = []
    leaders: dict[int, str] = {}
    for text, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        key = _content(text)
        found = process.extractOne(
            key, leaders, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=SIMILAR
        )
        if found is None:
            leaders[len(clusters)] = key
            clusters.append([text])
        else:
            clusters[found[2]].append(text)
    return clusters


def _content(text: str) -> str:
    """The words that say what is asked: filler ("hey", "the", "lol") never makes two differ."""
    return " ".join(word for word in text.split() if is_content(word)) or text


def _group(
    members: list[str],
    texts: Counter[str],
    outcomes: defaultdict[str, Counter[Outcome]],
    nearest: defaultdict[str, Counter[str]],
) -> Group:
    seen: Counter[Outcome] = Counter()
    entries: Counter[str] = Counter()
    for text in members:
        seen.update(outcomes[text])
        entries.update(nearest[text])
    common = entries.most_common(1)
    return Group(
        count=sum(texts[text] for text in members),
        example=members[0],  # the leader: the most asked phrasing
        variants=tuple(members[1 : 1 + MAX_VARIANTS]),
        outcomes=tuple(seen.most_common()),
        nearest=common[0][0] if common else None,
    )


def _now(group: Group, engine: Engine | None) -> Group:
    if engine is None:
        return group
    reply = engine.ask(group.example)
    return replace(group, now=Now(reply.outcome, reply.entry_id or reply.closest))


def _not_helpful(store: Store, start: datetime | None) -> tuple[FactVotes, ...]:
    votes: defaultdict[str, Counter[bool]] = defaultdict(Counter)
    for vote in store.votes(start):
        votes[vote.entry_id][vote.helpful] += 1
    down = [FactVotes(entry, n[False], n[True]) for entry, n in votes.items() if n[False]]
    return tuple(sorted(down, key=lambda v: (-v.not_helpful, v.helpful, v.entry_id)))


def _group_lines(group: Group) -> list[str]:
    seen = ", ".join(f"{outcome.value} ×{n}" for outcome, n in group.outcomes)
    notes = [seen, f"nearest: {group.nearest or 'none'}"]
    if group.now is not None:
        notes.append(_NOW_SAYS[group.now.outcome].format(group.now.entry_id))
    lines = [f"  {group.count:5}  {group.example}", "         " + "; ".join(notes)]
    if group.variants:
        lines.append("         also asked as: " + " | ".join(group.variants))
    return lines


def _minute(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
