"""House-style cues read from text alone: dateline shapes, link markers, closing lines, self-references."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.text.house_style import dateline_shape, house_cues, self_references
from provenance.text.outlets import OutletDirectory, OutletEntry


@pytest.mark.parametrize(
    ("paragraph", "shape"),
    [
        ("TALMORE, VESKA (9:30 A.M.) – Crews repaired the bridge.", "PLACE, PLACE (TIME) – "),
        ("NEW HAVERD, VESKA (11:05 P.M.) – Crews repaired the bridge.", "PLACE, PLACE (TIME) – "),
        ("ORVEL, (VK)_The ferry sailed.", "PLACE, (VK)_"),
        ("Port Selm, June 3 (OC) - The ferry sailed.", "Place, Month # (OC) - "),
        ("MARSK (Veska Wire) — The ferry sailed.", "PLACE (Veska Wire) — "),
        ("Haverd – The ferry sailed at dawn.", "Place – "),
    ],
)
def test_a_dateline_is_read_as_its_house_shape(paragraph, shape):
    assert dateline_shape(paragraph).key == shape


@pytest.mark.parametrize(
    "paragraph",
    [
        "Reportedly, Jabhat al-Marsk fighters left the town.",  # a hyphen inside a name
        "Update: the ferry sailed again on Friday.",  # a label, not a place
        "The ferry sailed – and nobody saw it.",  # a sentence with a dash
        "Officials, speaking on condition of anonymity, said – nothing.",  # lower-case words after the comma
        "",
    ],
)
def test_running_text_is_not_a_dateline(paragraph):
    assert dateline_shape(paragraph) is None


def test_markers_keep_the_way_the_house_types_them():
    cues = house_cues("Text of the report.", furniture=["ALSO READ  Ferry to Orvel", "Also read: Ferry to Orvel"])
    assert [(cue.kind, cue.key) for cue in cues] == [("marker", "ALSO READ"), ("marker", "Also read:")]


def test_a_short_last_line_is_a_closing_line_and_a_last_sentence_is_not():
    assert [cue.key for cue in house_cues("The ferry sailed at dawn.\n\n(VK desk, 2031)")] == ["(VK desk, #)"]
    assert house_cues("The ferry sailed at dawn.\n\nIt came back at noon with forty passengers aboard.") == []


DIRECTORY = OutletDirectory.with_defaults([OutletEntry("Veska Ledger", ("VL",), source_id=7)])


@pytest.mark.parametrize(
    ("text", "is_direct"),
    [
        ("Dear readers, the Veska Ledger is now offering a weekly map.", True),
        ("Support Veska Ledger with a donation.", True),
        ("The ferry sailed.Veska Ledger", True),  # a link card to one of its own pages
        ("A sailor told the Veska Ledger that the ferry sailed.", False),  # how outlets also cite each other
    ],
)
def test_an_outlet_naming_itself(text, is_direct):
    [cue] = self_references(text, DIRECTORY)
    assert cue.key == "veskaledger" and cue.outlet.source_id == 7 and cue.is_direct is is_direct


def test_an_outlet_cited_is_not_a_self_reference():
    assert self_references("According to the Veska Ledger, the ferry sailed. SANA reported it too.", DIRECTORY) == []


@given(st.text(max_size=300))
def test_any_text_gives_cues_without_error(text):
    for cue in house_cues(text, furniture=[text], directory=DIRECTORY):
        assert cue.key and len(cue.key) <= 200 and len(cue.text) <= 300
