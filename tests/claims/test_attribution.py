"""In-text attribution: origin, relay, hedge and stance, with who-is-who remembered across an article."""

import pytest

from claims.text.attribution import AttributionReader, guess_kind


def read(*sentences: str):
    reader = AttributionReader()
    return [reader.read(sentence) for sentence in sentences]


def origin(attribution):
    return attribution.origin.name if attribution.origin else None


def test_a_monitor_that_told_an_agency_is_the_origin_and_the_agency_the_relay():
    (found,) = read("The Tarnholm Casualty Monitor told Veloria Wire that 12 civilians were killed.")
    assert (origin(found), found.via.name, found.origin.kind) == (
        "Tarnholm Casualty Monitor",
        "Veloria Wire",
        "monitor",
    )
    assert (found.hedge, found.stance) == ("reported", "asserts")


def test_a_spokesman_speaks_for_his_organisation_for_the_rest_of_the_article():
    found = read(
        "Shelling hit the silos, reports the Tarnholm Casualty Monitor.",
        '"The silos are burning. 12 people died," Monitor head Ilse Varga told Veloria Wire.',
        "Since Tuesday, 30 soldiers have been killed, Varga said.",
        "He added that the bridge was closed.",
        "The rights group reported three more checkpoints taken.",
    )
    assert [origin(a) for a in found] == ["Tarnholm Casualty Monitor"] * 5
    assert found[1].via.name == "Veloria Wire"


def test_unnamed_sources_are_anonymous():
    for sentence, name in [
        ("A Dravonian military source said that the depot burned.", "Dravonian military source"),
        ("According to pro-government sources, the militants fled.", "pro-government sources"),
        ("Sources argue that at least 1,000 soldiers were deployed.", "Sources"),
        ("Local residents said the road was cut.", "Local residents"),
    ]:
        (found,) = read(sentence)
        assert found.origin.is_anonymous, sentence
        assert found.origin.name == name


def test_the_source_refers_back_to_the_anonymous_source_already_quoted():
    first, second = read(
        "A Dravonian military source, stationed near Vetch, denied these claims.",
        "The source told Marsk Herald that no clashes happened.",
    )
    assert first.origin.is_anonymous and second.origin == first.origin
    assert (first.stance, second.via.name) == ("denies", "Marsk Herald")


def test_according_to_a_named_outlet():
    (found,) = read("According to Radio Hollin FM, the ferry did not sail.")
    assert (origin(found), found.origin.kind) == ("Radio Hollin FM", "outlet")


def test_state_media_of_a_country_is_a_named_collective():
    (found,) = read("Dravonian state media denied that the strikes hit the port.")
    assert (origin(found), found.origin.kind, found.origin.is_anonymous) == (
        "Dravonian state media",
        "state_media",
        False,
    )
    assert found.stance == "denies"


def test_descriptions_around_a_name_are_dropped():
    found = read(
        "Dravonia's official news agency DNA reported that air defences intercepted 11 drones.",
        "The Saudi-backed Hollin Coordination Committee accused the army of breaking the truce.",
        "The report added that the drones came from the east.",
    )
    assert [origin(a) for a in found] == ["DNA", "Hollin Coordination Committee", "DNA"]
    assert found[1].hedge == "alleged"


def test_an_analyst_after_the_statement_and_his_pronoun():
    found = read(
        "The fall of Sarnel would open the road to Vetch, said Jory Vantreel, an analyst at the Borderland Centre.",
        '"This would be very dangerous," he said.',
    )
    assert [origin(a) for a in found] == ["Jory Vantreel", "Jory Vantreel"]


def test_the_leader_of_a_group_speaks_for_it():
    (found,) = read("The leader of the Korrin Front, Abu Tamar al-Rassi, issued a statement denying the merger.")
    assert origin(found) == "Korrin Front"


def test_sentences_without_attribution():
    for sentence in [
        "The army took control of Sarnel on Friday.",
        "The town was declared liberated by the army.",  # a passive, not a speaker
        "My gut feeling tells me that the army is behind these tensions.",
    ]:
        (found,) = read(sentence)
        assert found.origin is None, sentence
    (found,) = read("The army reportedly took control of Sarnel.")
    assert (found.origin, found.hedge) == (None, "reported")


@pytest.mark.parametrize(
    ("sentence", "name", "stance"),
    [
        ("وفقاً لـ المرصد الفيلوري، قتل 12 مدنيا في تارنهولم.", "المرصد الفيلوري", "asserts"),
        ("قال مصدر عسكري إن القوات دخلت سارنيل.", "مصدر عسكري", "asserts"),
        ("أفادت وكالة الأنباء الدرافونية بأن الدفاعات اعترضت 11 طائرة.", "وكالة الأنباء الدرافونية", "asserts"),
        ("نفت وزارة الدفاع أن تكون طائراتها قد قصفت السوق.", "وزارة الدفاع", "denies"),
    ],
)
def test_arabic_attribution_phrases(sentence, name, stance):
    (found,) = read(sentence)
    assert (origin(found), found.stance) == (name, stance)


def test_arabic_relay_names_the_origin_and_the_outlet():
    (found,) = read("نقلت إذاعة هولين عن مصدر في الجيش أن الجسر أغلق.")
    assert origin(found) == "مصدر في الجيش" and found.origin.is_anonymous
    assert found.via.name == "إذاعة هولين"


def test_the_ministry_refers_back_in_arabic():
    first, second = read(
        "أعلنت وزارة الدفاع الدرافونية أن الدفاعات اعترضت 11 طائرة.",
        "وقالت الوزارة في بيان إن الطائرات أطلقت من الشرق.",
    )
    assert origin(first) == origin(second) == "وزارة الدفاع الدرافونية"


def test_kind_guesses_from_the_words_of_a_name():
    assert guess_kind("Veloria Observatory for Civilian Safety") == "monitor"
    assert guess_kind("Dravonian Ministry of Defence") == "ministry"
    assert guess_kind("Korrin Liberation Front") == "armed_group"
    assert guess_kind("Radio Hollin FM") == "outlet"
    assert guess_kind("Hollin Relief League") == "organisation"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "These false claims were first published by the Marsk Ledger business daily before spreading.",
            "Marsk Ledger",
        ),
        ("The reports were originally carried by Hollin Evening Post.", "Hollin Evening Post"),
        ("The reports cited Veloria Wire Service.", "Veloria Wire Service"),
        ("The Marsk Ledger broke the story on Monday.", "Marsk Ledger"),
        ("Radio Hollin FM was the first to report it.", "Radio Hollin FM"),
    ],
)
def test_who_said_it_first_is_credited_with_what_came_before(sentence, name):
    (found,) = read(sentence)
    assert (origin(found), found.credit) == (name, "earlier")
    assert not found.origin.is_anonymous


def test_an_outlet_first_to_publish_is_an_outlet_whatever_its_name():
    (found,) = read("These claims were first published by Vedrosti before spreading.")
    assert (origin(found), found.origin.kind) == ("Vedrosti", "outlet")  # a name ending in -i is not a demonym here


def test_according_to_the_outlet_that_first_reported_it():
    (found,) = read("Dravonian troops entered Sarnel, according to Radio Hollin FM, which first reported the advance.")
    assert (origin(found), found.credit) == ("Radio Hollin FM", "here")
    (plain,) = read("Dravonian troops entered Sarnel, according to Radio Hollin FM.")
    assert plain.credit == ""


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("The convoy turned back at the bridge, Dravonian administration officials said late Thursday.", None),
        ("Grain deliveries resumed at the port, a senior regional source told Veloria Wire.", None),
        ("The Korrin Ministry of Defence on Sunday denied that its drones crossed the river.", "Korrin Ministry"),
        ("Pell Arnby, 47, who runs a bakery near the square, said he heard two blasts.", "Pell Arnby"),
        ("The Hollin Relief Council (HRC) said 40 families were moved to the school.", "Hollin Relief Council"),
    ],
)
def test_the_speaker_is_read_whatever_stands_between_it_and_the_verb(sentence, speaker):
    (found,) = read(sentence)
    assert found.origin is not None, sentence
    if speaker is None:  # an unnamed description is kept whole, without the time after it
        assert found.origin.is_anonymous and not found.origin.name.endswith(("Thursday", "late"))
    else:
        assert found.origin.name.startswith(speaker), (sentence, found.origin.name)
        assert "Sunday" not in found.origin.name


def test_a_clause_after_said_is_never_taken_for_a_name():
    (found,) = read("The Hollin Relief Council, which works on both banks, said it had no reports of damage in Vetch.")
    assert origin(found) == "Hollin Relief Council"


def test_according_to_an_unnamed_body_and_a_relayed_monitor():
    first, second = read(
        "Schools in Marsk were closed by Monday, according to the municipality, which opened two halls.",
        "About 900 people left Vetch, according to the Tarnholm Casualty Monitor as quoted by Veloria Wire.",
    )
    assert (origin(first), first.origin.is_anonymous) == ("municipality", True)
    assert (origin(second), second.via.name) == ("Tarnholm Casualty Monitor", "Veloria Wire")


def test_the_speaker_of_a_coordinated_or_participle_report():
    first, second, third = read(
        "Korrin Front spokesman Adel Marr condemned the raid and said two fighters were captured.",
        "The head of the Vetch council, Mira Osk, condemned the shelling, saying that the school was hit.",
        "The market was shelled with the Veloria Wire Service reporting dozens of wounded.",
    )
    assert origin(first) in {"Korrin Front", "Adel Marr"}
    assert origin(second) in {"Vetch council", "Mira Osk"}
    assert origin(third) == "Veloria Wire Service"


def test_a_report_inside_a_subordinate_clause_is_not_the_speaker_of_the_sentence():
    (found,) = read("Fighting went on around Sarnel on Saturday, a day after Dravonian state media said it fell.")
    assert found.origin is None


def test_an_honorific_refers_back_to_the_full_name():
    _, second = read(
        "Mayor Tomas Brevik opened the bridge to traffic on Monday.",
        '"Nobody was hurt when the old bridge was closed," Mr Brevik said.',
    )
    assert origin(second) == "Tomas Brevik"


def test_his_spokesman_is_an_unnamed_party():
    (found,) = read("The opposition leader returned to Marsk late on Wednesday, his spokesman said.")
    assert (origin(found), found.origin.is_anonymous) == ("spokesman", True)


def test_who_is_told_is_the_listener_not_the_speaker():
    (found,) = read('Ilse Varga, the monitor\'s director, told the Herald: "Twelve people died in the market."')
    assert (origin(found), found.via.name) == ("Ilse Varga", "Herald")


def test_a_country_is_not_the_outlet_named_after_it():
    first, second, third = read(
        "Veloria Wire Service reported that 11 drones were shot down over Tollvik.",
        "TOLLVIK: Veloria rejects Dravonian claims that its forces launched the drones.",
        "The Wire reported that the drones came from the east.",
    )
    assert (origin(first), origin(second), origin(third)) == ("Veloria Wire Service", "Veloria", "Veloria Wire Service")
