"""Claim candidates: which sentences hold a checkable statement, of which kind, with which hedge and stance."""

import pytest

from claims.text.patterns import (
    Preceding,
    addressed_claims,
    claim_candidates,
    classify,
    confirmed_content,
    denied_content,
    hedge_of,
    is_claim_like,
    questioned_content,
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
        ('"Our pilots struck the depot at Vetch before dawn," the spokesman said.', "quotation"),
        ("قُتل ٣٠ جنديا في بلدة تارنهولم يوم الثلاثاء، بحسب المرصد.", "casualty"),
        ("سيطرت القوات على قرية سارنيل بعد ثلاثة أيام من المعارك.", "territory"),
    ],
)
def test_each_kind_of_claim_is_recognised(sentence, kind):
    assert kinds(sentence)[0] == kind


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        (
            "The ministry denied that its aircraft struck the market in Marsk.",
            "its aircraft struck the market in Marsk",
        ),
        ("نفت وزارة الدفاع أن تكون طائراتها قد قصفت السوق في مارسك.", "تكون طائراتها قد قصفت السوق في مارسك"),
        ("ونفّت وزارة الدفاع أن تكون طائراتها قد قصفت السوق في مارسك.", "تكون طائراتها قد قصفت السوق في مارسك"),
    ],
)
def test_a_denial_is_a_candidate_about_the_claim_it_denies_not_a_claim_of_its_own(sentence, claim):
    (denial,) = claim_candidates(sentence)
    assert (denial.stance, denial.kind) == ("denies", "event")  # the kind of what it denies: a strike
    assert sentence[denial.start : denial.end] == sentence  # its quote is the denial
    assert denial.addressed.text == claim and not denial.addressed.is_anaphoric
    assert sentence[denial.own_claim[0] : denial.own_claim[1]] == claim  # a claim of its own, if nothing earlier


@pytest.mark.parametrize(
    "sentence",
    [
        "Tarnholm after the storm",  # a heading
        "By Mira Kettering, Marsk Herald",  # a byline
        "Will the army take Sarnel before winter?",  # a question
        "I believe the army is behind these tensions in Sarnel.",  # first-person opinion
        "If the army captures Sarnel, the road to Vetch will open.",  # a hypothesis
        "The town is known for its grain silos and its old bridge.",  # nothing checkable
        '"We will never give up, whatever they say about us," the director said.',  # rhetoric
        "The party has held power in the capital for decades and must be held accountable.",  # no place is taken
    ],
)
def test_sentences_without_a_checkable_statement_are_skipped(sentence):
    assert claim_candidates(sentence) == []


def test_casualty_words_without_a_figure_need_a_toll():
    assert classify("Civilian casualties were reported after the shelling of the Vetch depot.")[0] == "event"
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
    assert not denied.is_anaphoric and denied.is_clause
    assert denied_content("A military source denied these claims.").is_anaphoric
    assert denied_content("The army took Sarnel.") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The Dravonian ministry said the reports were false.",
        "The Dravonian ministry dismissed these claims as fabricated.",
        "The Dravonian ministry rejected the Velorian allegations.",
        "The Dravonian ministry refuted the reports.",
        "نفت وزارة الدفاع الدرافونية هذه الأنباء.",
        "وكذّبت وزارة الدفاع الدرافونية هذه الأنباء.",
    ],
)
def test_denials_of_what_was_said_before_refer_back_to_it(sentence):
    (denial,) = claim_candidates(sentence)
    assert denial.stance == "denies"
    assert denial.addressed.is_anaphoric
    assert denial.own_claim is None  # "these claims" alone is no claim


def test_a_denial_of_a_bare_noun_makes_no_claim_of_its_own():
    for sentence in (
        "The Front's leader issued a statement denying the merger and complaining about it.",
        "The Korrin Front said it had nothing to do with the bombing of the market.",
    ):
        (denial,) = claim_candidates(sentence)
        assert denial.stance == "denies" and denial.own_claim is None, sentence
    assert denied_content("The Korrin Front said it had nothing to do with the bombing of the market.").is_role


def test_a_denial_that_adds_its_own_figures_gives_two_candidates():
    sentence = "State media denied that the strikes hit the depot saying that 2 soldiers were killed and 4 injured."
    first, second = claim_candidates(sentence)
    assert first.stance == "denies"
    assert sentence[first.start : first.end] == "State media denied that the strikes hit the depot"
    assert (second.kind, second.stance) == ("casualty", "asserts")
    assert sentence[second.start : second.end] == "2 soldiers were killed and 4 injured."


def test_a_denial_of_reports_names_the_reported_claim_inside_it():
    sentence = "The ministry denied recent reports claiming that 3 officers were killed in a blast near Vetch."
    denial, reported = claim_candidates(sentence)
    assert denial.stance == "denies" and denial.end == len(sentence)
    assert (reported.kind, reported.stance) == ("casualty", "asserts")
    assert sentence[reported.start : reported.end] == "3 officers were killed in a blast near Vetch"
    assert reported.reported_by == "recent reports"


def test_a_confirmation_is_about_what_it_confirms():
    anaphoric = confirmed_content("The Dravonian army confirmed the reports.")
    assert anaphoric.is_anaphoric
    (candidate,) = claim_candidates("The Dravonian army confirmed the reports.")
    assert (candidate.stance, candidate.own_claim) == ("asserts", None)
    sentence = "The Dravonian army confirmed that its troops entered Sarnel on Monday."
    (candidate,) = claim_candidates(sentence)
    assert candidate.addressed.text == "its troops entered Sarnel on Monday" and candidate.addressed.is_clause
    assert candidate.own_claim == (0, len(sentence))  # stated in full: a claim of its own if nothing earlier


@pytest.mark.parametrize(
    "sentence",
    [
        "12 people were killed in Vetch, the ministry confirmed.",  # a claim of its own, not a confirmation
        "The army did not confirm that its troops entered Sarnel.",
        "Veloria Wire could not confirm the reports.",  # a question
    ],
)
def test_what_is_not_a_confirmation(sentence):
    assert confirmed_content(sentence) is None


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
    assert addressed_claims(denied, "military source", preceding) == [2, 1]


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
    assert addressed_claims(denied, "state media", preceding) == [1]
    assert addressed_claims(denied_content("The ministry denied that bakeries closed."), None, preceding) == []


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
    assert addressed_claims(denied, None, preceding) == [7]


def test_a_denial_is_never_about_a_claim_with_other_figures_or_dates():
    preceding = [
        Preceding(key=1, text="12 soldiers were killed in Vetch on 3 May.", kind="casualty", origin=None, distance=1)
    ]
    assert addressed_claims(denied_content("The army denied that 12 soldiers were killed in Vetch."), None, preceding)
    for other in (
        "The army denied that 30 soldiers were killed in Vetch.",
        "The army denied that soldiers were killed in Vetch on 9 May.",
    ):
        assert addressed_claims(denied_content(other), None, preceding) == [], other


def test_is_claim_like_keeps_long_lines_without_a_full_stop():
    assert is_claim_like(" ".join(["Dravonian units took control of Sarnel"] * 4))


@pytest.mark.parametrize(
    "sentence",
    [
        "The shelling raised fears that the truce around Vetch was collapsing.",
        "A Korrin Front commander said he believed the raid would unite the valley against the army.",
        "The town has been hailed as a model of reconstruction after the war in the north.",
        '"Those who shelled this school will be found and punished," said the governor of Marsk.',
        '"Bridges are not military targets, and every commander knows it," said the head of the council.',
    ],
)
def test_opinion_and_rhetoric_make_no_claim(sentence):
    assert claim_candidates(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Vetch has changed hands three times since the start of the campaign in March.", "territory"),
        ("The monitor said it had no reports of casualties in Hollin after the raid.", "casualty"),
        ("The front said it had lost 12 fighters in two days of clashes near Sarnel.", "casualty"),
        ("Engineers have begun clearing mines from the road between Sarnel and Vetch.", "event"),
        ("وتقع فيتش قرب الحدود، وقد تعرضت لهجمات مماثلة مرتين منذ بداية العام.", "event"),
        ("وأضاف البيان أن الشظايا أدت إلى إصابة شخصين بجروح طفيفة في المدينة.", "casualty"),
    ],
)
def test_news_events_without_the_common_verbs_are_recognised(sentence, kind):
    assert kinds(sentence)[:1] == [kind]


def test_check_worthiness_ranks_figures_names_places_days_and_sources_above_vague_statements():
    from claims.text.patterns import check_worthiness

    ranked = [
        ("The Korrin Front said 14 soldiers were killed near the village of Vetch on Monday.", "casualty"),
        ("Dravonian units took control of the village of Sarnel.", "territory"),
        ("Fighting continued on the outskirts.", "event"),
    ]
    scores = [check_worthiness(text, kind) for text, kind in ranked]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 3
    assert all(0 <= score <= 100 for score in scores)
    rumour = "Unconfirmed rumours say 14 soldiers were killed near the village of Vetch on Monday."
    assert check_worthiness(rumour, "casualty") < scores[0]


def spans(sentence: str) -> list[tuple[str, str]]:
    return [(c.kind, sentence[c.start : c.end]) for c in claim_candidates(sentence)]


def test_a_sentence_stating_two_claims_is_split_at_the_clause_boundary():
    sentence = "Dravonian artillery shelled Vetch on Monday, while Korrin Front fighters took the village of Sarnel."
    assert spans(sentence) == [
        ("event", "Dravonian artillery shelled Vetch on Monday"),
        ("territory", "Korrin Front fighters took the village of Sarnel"),
    ]
    arabic = (
        "قصفت المدفعية بلدة فيتش يوم الاثنين وقتل 12 مدنيا، فيما سيطرت قوات جبهة كورين على قرية سارنيل بعد معارك عنيفة."
    )
    assert [kind for kind, _ in spans(arabic)] == ["casualty", "territory"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The army shelled the depot at Vetch and said it had destroyed 40 tanks.",  # no boundary: one statement
        "Dravonian artillery shelled Vetch on Monday, and the shelling went on through the night.",  # nothing its own
        '"The guns shelled Vetch at dawn, and the Korrin Front took Sarnel," the army commander said on Monday.',
    ],
)
def test_a_sentence_is_kept_whole_when_its_parts_do_not_stand_alone(sentence):
    assert len(claim_candidates(sentence)) == 1


def test_doubt_about_what_came_before_is_a_candidate_even_without_an_event_word():
    for sentence in ("Veloria Wire could not verify where the video was filmed.", "Neither account could be verified."):
        assert len(claim_candidates(sentence)) == 1
        assert stance_of(sentence) == "questions"
    assert questioned_content("Neither side's account could be independently verified.").is_anaphoric


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The monitor said it had counted 34 airstrikes on Marsk and surrounding villages in two days.", "event"),
        ("Militants loyal to the Korrin Front beheaded 12 prisoners near Vetch in January.", "casualty"),
    ],
)
def test_kinds_follow_the_evidence_not_a_word_out_of_place(sentence, kind):
    assert kinds(sentence)[:1] == [kind]
