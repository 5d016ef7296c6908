"""Claim candidates: which sentences hold a checkable statement, of which kind, with which hedge and stance."""

import pytest

from claims.text.patterns import (
    Preceding,
    claim_candidates,
    classify,
    denial_targets,
    denied_content,
    hedge_of,
    is_claim_like,
    stance_of,
)


def kinds(sentence: str) -> list[str]:
    return [candidate.kind for candidate in claim_candidates(sentence)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Since Tuesday, 30 soldiers and 43 fighters have been killed in Tarnholm, the monitor said.", "casualty"),
        ("Dravonian units took control of the village of Sarnel after three days of fighting.", "territory"),
        ("The air force conducted 34 airstrikes on the outskirts of Vetch overnight.", "event"),
        ("The Korrin Front said it was behind the attack on the fuel depot at Vetch.", "responsibility"),
        ('"Markets are not military targets, and every party knows it," the director said.', "quotation"),
        ("The ministry denied that its aircraft struck the market in Marsk.", "denial"),
        ("قُتل ٣٠ جنديا في بلدة تارنهولم يوم الثلاثاء، بحسب المرصد.", "casualty"),
        ("سيطرت القوات على قرية سارنيل بعد ثلاثة أيام من المعارك.", "territory"),
        ("نفت وزارة الدفاع أن تكون طائراتها قد قصفت السوق في مارسك.", "denial"),
    ],
)
def test_each_kind_of_claim_is_recognised(sentence, kind):
    assert kinds(sentence)[0] == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Tarnholm after the storm",  # a heading
        "By Mira Kettering, Marsk Herald",  # a byline
        "Will the army take Sarnel before winter?",  # a question
        "I believe the army is behind these tensions in Sarnel.",  # first-person opinion
        "If the army captures Sarnel, the road to Vetch will open.",  # a hypothesis
        "The town is known for its grain silos and its old bridge.",  # nothing checkable
    ],
)
def test_sentences_without_a_checkable_statement_are_skipped(sentence):
    assert claim_candidates(sentence) == []


def test_casualty_words_without_a_figure_need_a_toll():
    assert classify("The Korrin fighters suffered a heavy death toll near Vetch.")[0] == "casualty"
    assert classify("Medics treated the wounded at the school.") is None
    assert classify("Several soldiers were killed in the shelling.")[0] == "casualty"


def test_hedges_from_asserted_to_rumoured():
    assert hedge_of("The bridge at Tarnholm collapsed on Monday.") == "asserted"
    assert hedge_of("The bridge collapsed, the mayor said.") == "reported"
    assert hedge_of("The Korrin Front claimed that the bridge collapsed.") == "alleged"
    assert hedge_of("Unconfirmed reports say the bridge collapsed.") == "rumoured"
    assert hedge_of("بحسب المرصد، انهار الجسر.") == "reported"


def test_stances():
    assert stance_of("The ministry denied the reports.") == "denies"
    assert stance_of("Analysts questioned the figure of 4,200 displaced.") == "questions"
    assert stance_of("The army took Sarnel.") == "asserts"
    assert stance_of("نفت الوزارة هذه الأنباء.") == "denies"


def test_a_denial_says_what_it_denies():
    denied = denied_content("The ministry denied that its aircraft struck the market in Marsk.")
    assert denied.text == "its aircraft struck the market in Marsk"
    assert not denied.is_anaphoric
    assert denied_content("A military source denied these claims.").is_anaphoric
    assert denied_content("The army took Sarnel.") is None


def test_a_denial_that_adds_its_own_figures_gives_two_candidates():
    sentence = "State media denied that the strikes hit the depot saying that 2 soldiers were killed and 4 injured."
    first, second = claim_candidates(sentence)
    assert (first.kind, first.stance) == ("denial", "denies")
    assert sentence[first.start : first.end] == "State media denied that the strikes hit the depot"
    assert second.kind == "casualty"
    assert sentence[second.start : second.end] == "2 soldiers were killed and 4 injured."


def test_a_denial_of_reports_names_the_reported_claim_inside_it():
    sentence = "The ministry denied recent reports claiming that 3 officers were killed in a blast near Vetch."
    denial, reported = claim_candidates(sentence)
    assert denial.kind == "denial" and denial.end == len(sentence)
    assert sentence[reported.start : reported.end] == "3 officers were killed in a blast near Vetch"
    assert reported.reported_by == "recent reports"


def test_an_anaphoric_denial_answers_the_nearest_claims_of_another_origin():
    denied = denied_content("A military source denied these claims.")
    preceding = [
        Preceding(
            key=1, text="The Front said it repelled an attack near Vetch.", kind="event", origin="front", distance=2
        ),
        Preceding(
            key=2, text="The Front said the army used a convoy as cover.", kind="event", origin="front", distance=1
        ),
        Preceding(key=3, text="Snow fell on Tarnholm.", kind="event", origin=None, distance=6),
    ]
    assert denial_targets(denied, "military source", preceding) == [2, 1]


def test_a_denial_answers_the_claim_sharing_its_words():
    denied = denied_content("State media denied that the strikes hit Iranian targets.")
    preceding = [
        Preceding(
            key=1,
            text="Jets carried out airstrikes on Iranian-linked targets near Vetch.",
            kind="event",
            origin=None,
            distance=2,
        ),
        Preceding(
            key=2, text="A second wave of jets targeted the port of Lorn.", kind="event", origin=None, distance=1
        ),
    ]
    assert denial_targets(denied, "state media", preceding) == [1]
    assert denial_targets(denied_content("The ministry denied that bakeries closed."), None, preceding) == []


def test_a_denial_of_a_role_answers_the_nearby_claim_of_responsibility():
    denied = denied_content("Both ministers issued statements, vehemently denying Dravonia's role in the attack.")
    preceding = [
        Preceding(
            key=7,
            text="Once again Lorn is held responsible, without evidence.",
            kind="responsibility",
            origin=None,
            distance=1,
        )
    ]
    assert denial_targets(denied, None, preceding) == [7]


def test_is_claim_like_keeps_long_lines_without_a_full_stop():
    assert is_claim_like(" ".join(["Dravonian units took control of Sarnel"] * 4))
