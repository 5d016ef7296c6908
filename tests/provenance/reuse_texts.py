"""Fictional report texts for text-reuse tests: originals, excerpts, rewrites, same-topic negatives."""

from __future__ import annotations

import random


def _words(line: str) -> list[str]:
    return line.split()


NOUNS = _words(
    "convoy bridge council harbour depot checkpoint village market clinic school road pipeline border "
    "garrison report delegation shipment corridor airfield valley ridge district crossing militia envoy"
)
VERBS = _words("reached shelled crossed blocked inspected announced denied confirmed evacuated repaired visited")
ADJECTIVES = _words("northern southern local regional provisional damaged heavy temporary disputed remote coastal")
PLACES = ["Marsk", "Velmora", "Ostrakai", "Dunveld"]
PEOPLE = ["Ilsa Dravonen", "Teo Marquell"]


def sentences(seed: int, count: int = 24) -> list[str]:
    """Invented sentences about one topic (the same places and people for every seed)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [
            rng.choice([f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}", rng.choice(PEOPLE)]),
            rng.choice(VERBS),
            f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of {rng.choice(PLACES)}",
            f"and {rng.choice(VERBS)} {rng.randint(2, 90)} {rng.choice(NOUNS)}s",
        ]
        sentence = " ".join(words)
        out.append(sentence[0].upper() + sentence[1:] + ".")
    return out


def text(parts: list[str]) -> str:
    return "\n\n".join(" ".join(parts[i : i + 4]) for i in range(0, len(parts), 4))


def rewrite(parts: list[str], seed: int = 1) -> list[str]:
    """Move a few sentences and change about one word in twelve."""
    rng = random.Random(seed)
    parts = list(parts)
    for i in range(0, len(parts) - 1, 6):
        parts[i], parts[i + 1] = parts[i + 1], parts[i]
    changed = []
    for sentence in parts:
        words = sentence.split()
        for i in range(1, len(words)):
            if rng.random() < 0.08:
                words[i] = rng.choice(NOUNS)
        changed.append(" ".join(words))
    return changed
