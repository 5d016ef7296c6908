"""How good the claim proposals are, measured against sentences we labelled by hand.

The labels (bench/data/claims_labels.json) name each sentence by reference only: its page folder
under ../shared/benchmarks/readability-pages/ (or its article in the demo corpus), its index among
the sentences our segmenter finds in the page's reference text, and a SHA-256 of the sentence, with
our own short paraphrase; never the sentence itself. For each: whether it holds a checkable claim,
who the text attributes it to ("" for the outlet's own voice; alternatives joined by "|"), its
stance (asserts, denies, questions, confirms) and its kind.

This script reads the pages, finds each sentence again by its hash, runs the proposal engine
(claims.services.proposals.read_proposals, no database) and prints, per split (dev, held-out):
proposal precision and recall (a sentence is proposed when the engine makes at least one
candidate in it), and on the labelled claims it proposed, the accuracy of attribution, stance
and kind.

    .venv/bin/python bench/claims_quality.py            # the table
    .venv/bin/python bench/claims_quality.py --errors   # each disagreement (paraphrase, label, engine)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and its claims.py would shadow the app.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

SHARED = Path(os.environ.get("PROVENANCE_SHARED_DIR") or ROOT.parent / "shared")
PAGES_DIR = SHARED / "benchmarks" / "readability-pages"
LABELS = ROOT / "bench" / "data" / "claims_labels.json"
DEMO = ROOT / "claims" / "demo" / "corpus.json"

# The blocks of a reference page that hold text of their own; each becomes one paragraph.
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "figcaption"}


def reference_text(folder: str) -> str:
    """The main text of a readability page: its reference (expected.html), one paragraph per block."""
    import lxml.html

    root = lxml.html.fromstring((PAGES_DIR / folder / "expected.html").read_text("utf-8"))
    paragraphs = []
    for element in root.iter():
        if element.tag in _BLOCKS and not any(parent.tag in _BLOCKS for parent in element.iterancestors()):
            text = re.sub(r"\s+", " ", element.text_content()).strip()
            if text:
                paragraphs.append(text)
    return "\n\n".join(paragraphs)


def sentence_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def texts() -> dict[tuple[str, str], tuple[str, str]]:
    """(corpus, page) -> (body, language) for every page the labels refer to."""
    labels = json.loads(LABELS.read_text("utf-8"))
    found = {}
    demo = {article["key"]: article for article in json.loads(DEMO.read_text("utf-8"))["articles"]}
    for entry in labels["sentences"]:
        key = (entry["corpus"], entry["page"])
        if key in found:
            continue
        if entry["corpus"] == "demo":
            found[key] = (demo[entry["page"]]["body"], demo[entry["page"]]["language"])
        else:
            found[key] = (reference_text(entry["page"]), "en")
    return found


@dataclass
class Reading:
    """What the engine made of one sentence: nothing, or its first candidate's source, stance and kind."""

    proposed: bool
    source: str = ""
    stance: str = ""
    kind: str = ""


def engine_readings(body: str, language: str) -> tuple[list[str], dict[int, Reading]]:
    """The sentences of a text (as the engine segments it) and the engine's reading of each one."""
    from claims.services.proposals import read_proposals
    from claims.text.segment import segment

    sentences = [sentence.text for sentence in segment(body, language)]
    _, proposals = read_proposals(body, language)
    readings: dict[int, Reading] = {}
    for proposal in proposals:
        if proposal.sentence in readings:
            continue
        stance = proposal.stance
        if proposal.addressed is not None and stance == "asserts":
            stance = "confirms"
        source = proposal.origin.name if proposal.origin is not None else ""
        readings[proposal.sentence] = Reading(True, source, stance, proposal.kind)
    return sentences, readings


_DROPPED = re.compile(r"^(?:the|a|an|his|her|its|their)\s+|[’']s\b|[^\w\s]", re.IGNORECASE)


def _normal(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip().lower())
    previous = None
    while previous != name:
        previous, name = name, _DROPPED.sub("", name).strip()
    return name


def same_source(label: str, found: str) -> bool:
    """Whether the engine's source is the labelled one: either name contains the other (no article, case-blind)."""
    found = _normal(found)
    if not label:
        return not found
    return bool(found) and any(
        (alt := _normal(alternative)) and (alt in found or found in alt) for alternative in label.split("|")
    )


@dataclass
class Tally:
    labelled: int = 0
    claims: int = 0
    proposed: int = 0
    hits: int = 0
    source_ok: int = 0
    stance_ok: int = 0
    kind_ok: int = 0
    missing: int = 0

    def row(self, name: str) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.2f} ({a}/{b})" if b else "-"

        return (
            f"| {name} | {self.labelled} | {self.claims} | {ratio(self.hits, self.proposed)} | "
            f"{ratio(self.hits, self.claims)} | {ratio(self.source_ok, self.hits)} | "
            f"{ratio(self.stance_ok, self.hits)} | {ratio(self.kind_ok, self.hits)} |"
        )


def evaluate(show_errors: bool = False) -> dict[str, Tally]:
    import django

    django.setup()
    labels = json.loads(LABELS.read_text("utf-8"))["sentences"]
    pages = {key: engine_readings(body, language) for key, (body, language) in texts().items()}
    tallies: dict[str, Tally] = defaultdict(Tally)
    for entry in labels:
        sentences, readings = pages[entry["corpus"], entry["page"]]
        index = entry["sentence"]
        if not (index < len(sentences) and sentence_hash(sentences[index]) == entry["sha256"]):
            moved = [i for i, text in enumerate(sentences) if sentence_hash(text) == entry["sha256"]]
            if not moved:
                for split in (entry["split"], "all"):
                    tallies[split].missing += 1
                continue
            index = moved[0]
        reading = readings.get(index, Reading(False))
        for split in (entry["split"], f"{entry['corpus']} ({entry['split']})", "all"):
            tally = tallies[split]
            tally.labelled += 1
            tally.claims += entry["claim"]
            tally.proposed += reading.proposed
            if entry["claim"] and reading.proposed:
                tally.hits += 1
                tally.source_ok += same_source(entry["source"], reading.source)
                tally.stance_ok += entry["stance"] == reading.stance
                tally.kind_ok += entry["kind"] == reading.kind
        if show_errors and (
            entry["claim"] != reading.proposed
            or (
                reading.proposed
                and (
                    not same_source(entry["source"], reading.source)
                    or entry["stance"] != reading.stance
                    or entry["kind"] != reading.kind
                )
            )
        ):
            print(
                f"{entry['page']}#{index} [{entry['paraphrase']}] label=({entry['claim']}, {entry['source']!r}, "
                f"{entry['stance']}, {entry['kind']}) engine=({reading.proposed}, {reading.source!r}, "
                f"{reading.stance}, {reading.kind})"
            )
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="print each sentence the engine reads otherwise")
    args = parser.parse_args()
    if not PAGES_DIR.is_dir():
        sys.exit(f"needs {PAGES_DIR}, which is absent: it lives in the workspace's shared/ folder beside the checkout")
    tallies = evaluate(show_errors=args.errors)
    print("| set | sentences | claims | precision | recall | attribution | stance | kind |")
    print("|---|---|---|---|---|---|---|---|")
    for name in sorted(tallies, key=lambda n: (n == "all", n)):
        print(tallies[name].row(name))
    missing = tallies["all"].missing
    if missing:
        print(f"\n{missing} labelled sentence(s) not found again in their page (text or segmenter changed)")


if __name__ == "__main__":
    main()
