"""A seeded, reproducible synthetic news corpus with gold cross-posting chains (all text invented).

Fictional outlets publish original reports on fictional topics; other outlets republish them
verbatim (adding their own boilerplate), excerpt them (20-70% of the text), lightly rewrite them
(sentences moved, some words changed), and aggregator pages carry the leads of several of them.
Hard negatives are other originals on the same topic, sharing its names, places and stock phrases.
Every generated article carries its gold sources, so a detector's edges and origins can be scored.

    from bench.corpus import generate_corpus
    for article in generate_corpus(1000, seed=7):
        article.key, article.outlet, article.published, article.gold_sources
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

START_DAY = date(2031, 1, 1)
ORIGINALS_PER_DAY = 24
KEEP_DAYS = 8  # how long an article stays available to be copied


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


_SYLLABLES = [
    "ka", "lo", "mi", "ra", "ve", "to", "su", "an", "el", "or", "is", "ul", "da", "ne", "vo", "ri",
    "sa", "po", "te", "ma", "ki", "lu", "zo", "ha", "bre", "tal", "vin", "dor", "mar", "sel", "quo", "fen",
]  # fmt: skip
_NOUNS = _words(
    "convoy bridge council harbour depot checkpoint village market clinic school road pipeline border "
    "garrison ceasefire report statement delegation shipment corridor airfield valley ridge district "
    "crossing militia ministry envoy observer column artillery drone battalion tribunal monitor committee "
    "mayor governor spokesman commander refugee camp warehouse station railway dam reservoir quarry "
    "factory mine barracks outpost patrol negotiation agreement sanction embargo census election protest "
    "curfew hospital bakery"
)
_VERBS = _words(
    "reached shelled crossed blocked inspected announced denied confirmed reported evacuated surrounded "
    "repaired visited seized released questioned delayed approved rejected opened closed attacked "
    "defended monitored counted photographed described abandoned supplied rebuilt targeted promised "
    "warned"
)
_ADJECTIVES = _words(
    "northern southern eastern western local regional provisional armed unarmed damaged heavy light "
    "temporary official unofficial independent disputed remote crowded empty rural coastal mountain "
    "makeshift senior junior foreign neutral joint mobile"
)
_ADVERBS = _words("reportedly quietly suddenly briefly repeatedly slowly formally partly again later")
_TIMES = _words(
    "on Monday|on Tuesday|on Wednesday|on Thursday|on Friday|on Saturday|on Sunday|overnight|at dawn|"
    "late in the evening|earlier this week|in the afternoon|before noon",
    sep="|",
)
_LINKERS = _words(
    "according to|as reported by|in a statement from|citing|quoting|with the support of|"
    "despite warnings from|after talks with|in response to|without the consent of",
    sep="|",
)
_FURNITURE = [
    "Support independent reporting at {name}.",
    "Become a member of {name} today.",
    "Views expressed are the authors' own.",
    "Share this page with your friends.",
    "{name} depends on readers like you.",
    "Donate now to keep our correspondents in the field.",
    "Follow {name} for daily updates.",
    "Subscribe to our weekly newsletter.",
    "Comments are closed for this story.",
    "All rights reserved by {name}.",
    "Republishing is allowed with a link back.",
    "Report an error to the {name} desk.",
]
_STOCK = [
    "The situation remains tense",
    "Independent verification was not possible",
    "No casualties were reported",
    "Talks are expected to continue",
    "Residents described a night of loud explosions",
    "The claim could not be confirmed",
]


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


@dataclass
class Outlet:
    name: str
    boilerplate: str
    is_aggregator: bool = False


@dataclass
class Topic:
    places: list[str]
    people: list[str]
    groups: list[str]


@dataclass
class SyntheticArticle:
    """One generated article with its gold provenance (keys of the articles it was taken from)."""

    key: int
    outlet: str
    title: str
    body: str
    published: date
    kind: str  # original, republication, excerpt, rewrite, aggregation
    gold_sources: list[int] = field(default_factory=list)
    gold_origins: frozenset[int] = frozenset()
    attribution_lines: list[str] = field(default_factory=list)


@dataclass
class _Text:
    """Sentences grouped in paragraphs, so copies can cut, move and change them."""

    paragraphs: list[list[str]]

    def render(self) -> str:
        return "\n\n".join(" ".join(paragraph) for paragraph in self.paragraphs if paragraph)

    def sentences(self) -> list[str]:
        return [sentence for paragraph in self.paragraphs for sentence in paragraph]

    def words(self) -> int:
        return sum(len(s.split()) for s in self.sentences())


class CorpusGenerator:
    """Generates the corpus day by day; the same seed always gives the same articles."""

    def __init__(self, total: int, seed: int = 7) -> None:
        self.total = total
        self.rng = random.Random(seed)
        rng = self.rng
        self.outlets = [self._outlet(i, is_aggregator=False) for i in range(60)]
        self.aggregators = [self._outlet(i, is_aggregator=True) for i in range(8)]
        self.topics = [
            Topic(
                places=[_name(rng, rng.randint(2, 3)) for _ in range(4)],
                people=[f"{_name(rng, 2)} {_name(rng, 3)}" for _ in range(3)],
                groups=[f"{_name(rng, 2)} {rng.choice(['Front', 'Guard', 'Brigade', 'Movement', 'Council'])}"],
            )
            for _ in range(max(20, total // 60))
        ]
        self.next_key = 0
        self.emitted = 0
        self.recent: dict[int, tuple[SyntheticArticle, _Text, Topic]] = {}
        self.carried: dict[str, set[int]] = {}  # keys each aggregator has carried (it carries a story once)

    def _outlet(self, index: int, *, is_aggregator: bool) -> Outlet:
        rng = self.rng
        name = f"{_name(rng, 2)} {rng.choice(['Herald', 'Wire', 'Post', 'Courier', 'Monitor', 'Dispatch'])}"
        if is_aggregator:
            name = f"{_name(rng, 2)} News Digest"
        # Each outlet words its furniture its own way (donation appeal, disclaimer, share prompt).
        first, second = (phrase.format(name=name) for phrase in rng.sample(_FURNITURE, 2))
        appeal = f"{first} {name}. {second}"
        return Outlet(name=name, boilerplate=appeal, is_aggregator=is_aggregator)

    # --- text -------------------------------------------------------------------------------------
    def _sentence(self, topic: Topic) -> str:
        rng = self.rng
        subject = rng.choice(
            [
                f"the {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}",
                rng.choice(topic.groups),
                rng.choice(topic.people),
                f"a {rng.choice(_NOUNS)} near {rng.choice(topic.places)}",
                f"{rng.randint(2, 900)} {rng.choice(_NOUNS)}s",
            ]
        )
        parts = [subject, rng.choice(_ADVERBS) if rng.random() < 0.3 else "", rng.choice(_VERBS)]
        parts.append(f"the {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} of {rng.choice(topic.places)}")
        if rng.random() < 0.6:
            parts.append(rng.choice(_TIMES))
        if rng.random() < 0.5:
            parts.append(f"{rng.choice(_LINKERS)} {rng.choice(topic.groups + topic.people)}")
        if rng.random() < 0.4:
            parts.append(f"and {rng.choice(_VERBS)} {rng.randint(2, 90)} {rng.choice(_NOUNS)}s")
        sentence = " ".join(part for part in parts if part)
        if rng.random() < 0.08:
            sentence = rng.choice(_STOCK)
        return sentence[0].upper() + sentence[1:] + "."

    def _original_text(self, topic: Topic) -> _Text:
        rng = self.rng
        sentences = rng.randint(14, 48)
        paragraphs, current = [], []
        for _ in range(sentences):
            current.append(self._sentence(topic))
            if len(current) >= rng.randint(2, 5):
                paragraphs.append(current)
                current = []
        if current:
            paragraphs.append(current)
        return _Text(paragraphs)

    def _excerpt(self, text: _Text, low: float, high: float, *, lead: bool) -> _Text:
        rng = self.rng
        sentences = text.sentences()
        total = sum(len(s.split()) for s in sentences)
        target = rng.uniform(low, high) * total
        start = 0 if lead else rng.randrange(0, max(1, len(sentences) // 2))
        chosen, words = [], 0
        for sentence in sentences[start:]:
            if words >= target and chosen:
                break
            chosen.append(sentence)
            words += len(sentence.split())
        return _Text([chosen[i : i + 3] for i in range(0, len(chosen), 3)])

    def _rewrite(self, text: _Text, topic: Topic) -> _Text:
        rng = self.rng
        sentences = text.sentences()
        for _ in range(max(1, len(sentences) // 8)):
            i = rng.randrange(0, len(sentences) - 1)
            sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        changed = []
        for sentence in sentences:
            words = sentence.rstrip(".").split()
            for i in range(len(words)):
                if rng.random() < 0.08:
                    words[i] = rng.choice(_NOUNS + _ADJECTIVES + _VERBS)
            changed.append(" ".join(words) + ".")
        if rng.random() < 0.5:
            changed.insert(rng.randrange(0, len(changed)), self._sentence(topic))
        return _Text([changed[i : i + 4] for i in range(0, len(changed), 4)])

    def _title(self, topic: Topic) -> str:
        rng = self.rng
        return f"{rng.choice(topic.groups)} {rng.choice(_VERBS)} {rng.choice(_NOUNS)} in {rng.choice(topic.places)}"

    # --- articles -----------------------------------------------------------------------------------
    def _make(
        self, outlet: Outlet, text: _Text, title: str, day: date, kind: str, sources: list[int], origins: frozenset
    ) -> SyntheticArticle:
        body = text.render()
        body = f"{outlet.boilerplate}\n\n{body}" if self.rng.random() < 0.3 else f"{body}\n\n{outlet.boilerplate}"
        key = self.next_key
        self.next_key += 1
        return SyntheticArticle(
            key=key,
            outlet=outlet.name,
            title=title,
            body=body,
            published=day,
            kind=kind,
            gold_sources=sources,
            gold_origins=origins or frozenset({key}),
        )

    def __iter__(self) -> Iterator[SyntheticArticle]:
        rng = self.rng
        scheduled: list[tuple[date, int, object]] = []  # (day, tiebreak, maker)
        tiebreak = 0
        day = START_DAY
        while self.emitted < self.total:
            today = []
            for _ in range(ORIGINALS_PER_DAY):
                topic = rng.choice(self.topics)
                text = self._original_text(topic)
                outlet = rng.choice(self.outlets)
                article = self._make(outlet, text, self._title(topic), day, "original", [], frozenset())
                today.append((article, text, topic))
            while scheduled and scheduled[0][0] <= day:
                _, _, maker = heapq.heappop(scheduled)
                made = maker(day)
                if made is not None:
                    today.append(made)
            if day > START_DAY:
                for _ in range(2):
                    made = self._aggregation(day)
                    if made is not None:
                        today.append(made)
            rng.shuffle(today)
            for article, text, topic in today:
                if self.emitted >= self.total:
                    return
                self.recent[article.key] = (article, text, topic)
                self.emitted += 1
                yield article
                if article.kind in ("original", "rewrite"):
                    for delay, maker in self._plan_copies(article, text, topic):
                        tiebreak += 1
                        heapq.heappush(scheduled, (day + timedelta(days=delay), tiebreak, maker))
            for key in [k for k, (a, _, _) in self.recent.items() if (day - a.published).days > KEEP_DAYS]:
                del self.recent[key]
            day += timedelta(days=1)

    def _plan_copies(self, source: SyntheticArticle, text: _Text, topic: Topic):
        rng = self.rng
        copies = rng.choice([0, 0, 0, 1, 1, 2, 2, 3, 4]) if source.kind == "original" else rng.choice([0, 0, 1, 2])
        # An outlet carries a story once: the copies of one story come from different outlets.
        outlets = rng.sample([o for o in self.outlets if o.name != source.outlet], copies)
        for outlet in outlets:
            delay = 0 if rng.random() < 0.06 else rng.randint(1, 4)
            kind = rng.choices(["republication", "excerpt", "rewrite"], weights=[45, 30, 25])[0]
            if source.kind == "rewrite":
                kind = rng.choice(["republication", "excerpt"])
            yield delay, self._copy_maker(source, text, topic, kind, outlet)

    def _copy_maker(self, source: SyntheticArticle, text: _Text, topic: Topic, kind: str, outlet: Outlet):
        def make(day: date):
            rng = self.rng
            if kind == "republication":
                copied = _Text([list(p) for p in text.paragraphs])
            elif kind == "excerpt":
                copied = self._excerpt(text, 0.2, 0.7, lead=rng.random() < 0.6)
            else:
                copied = self._rewrite(text, topic)
            title = source.title if kind != "rewrite" else self._title(topic)
            article = self._make(outlet, copied, title, day, kind, [source.key], source.gold_origins)
            if rng.random() < 0.5:
                article.attribution_lines = [f"First published by {source.outlet}."]
            return article, copied, topic

        return make

    def _aggregation(self, day: date):
        rng = self.rng
        pool = [
            entry
            for entry in self.recent.values()
            if entry[0].kind in ("original", "rewrite") and 1 <= (day - entry[0].published).days <= 3
        ]
        aggregator = rng.choice(self.aggregators)
        pool = [entry for entry in pool if entry[0].key not in self.carried.setdefault(aggregator.name, set())]
        if len(pool) < 5:
            return None
        picked = rng.sample(pool, rng.randint(3, 5))
        self.carried[aggregator.name].update(entry[0].key for entry in picked)
        paragraphs, sources, origins = [], [], set()
        for article, text, _topic in picked:
            lead = self._excerpt(text, 0.3, 0.6, lead=True)
            paragraphs.append([article.title + "."])
            paragraphs.extend(lead.paragraphs)
            paragraphs.append([f"Read the full story at {article.outlet}."])
            sources.append(article.key)
            origins |= article.gold_origins
        page = self._make(aggregator, _Text(paragraphs), f"{aggregator.name}: {day.isoformat()}", day, "aggregation",
                          sources, frozenset(origins))  # fmt: skip
        return page, _Text(paragraphs), picked[0][2]


def generate_corpus(total: int, seed: int = 7) -> Iterator[SyntheticArticle]:
    """Yield `total` articles in publication order (shuffled within a day), each with its gold sources."""
    return iter(CorpusGenerator(total, seed))
