"""Crafted Arabic/English pairs in our fictional world (Dravonia, Veloria, the lake towns): written by us.

TRANSLATIONS are one report and its translation (the first text is the original, published first
unless both share a day); LOOKALIKES are reports of other events in the same places, in the other
language, which share some names and dates with a pair but are not translations of it. FACTS name,
for some pairs, a figure stated in one sentence of each text: a claim made there must be carried to
the sentence that states it in the translation.
"""

from __future__ import annotations

from datetime import date

# (original language, original, translation, published original, published translation)
TRANSLATIONS = [
    (
        "en",
        "Shelling hit the central market in Marsk on Tuesday, 14 March, killing 9 civilians and wounding 23, "
        "the Marsk Observatory said. The Observatory blamed the Northern Brigade, which denied any role. "
        "Local officials said 40 stalls were destroyed.",
        "قال مرصد مارسك إن قصفا استهدف السوق المركزي في مارسك يوم الثلاثاء 14 آذار، ما أسفر عن مقتل 9 مدنيين "
        "وإصابة 23 آخرين. وحمّل المرصد لواء الشمال المسؤولية، فيما نفى اللواء أي دور له. "
        "وقال مسؤولون محليون إن 40 بسطة دُمّرت.",
        date(2031, 3, 14),
        date(2031, 3, 15),
    ),
    (
        "en",
        "Velorian drones struck a fuel depot near Tollvik on Saturday, the Dravonian Defence Ministry said. "
        "The ministry said 3 drones were shot down and 2 workers were injured. Veloria has not commented.",
        "أعلنت وزارة الدفاع الدرافونية أن طائرات مسيرة فيلورية قصفت مستودع وقود قرب تولفيك يوم السبت. "
        "وقالت الوزارة إنه تم إسقاط 3 طائرات مسيرة وأصيب عاملان. ولم تعلق فيلوريا على ذلك.",
        date(2031, 4, 1),
        date(2031, 4, 1),
    ),
    (
        "en",
        "The ferry to Orvel resumed service on 2 May after 11 days, carrying 1,200 tonnes of grain, the port "
        "authority of Orvel said. The Velorian navy escorted the convoy across Lake Ormen.",
        "قالت سلطة ميناء أورفيل إن العبّارة إلى أورفيل استأنفت رحلاتها في 2 أيار بعد توقف دام 11 يوما، ونقلت "
        "1,200 طن من الحبوب. ورافقت البحرية الفيلورية القافلة عبر بحيرة أورمن.",
        date(2031, 5, 2),
        date(2031, 5, 3),
    ),
    (
        "ar",
        "أفاد مرصد مارسك بأن 17 مقاتلا من لواء الشمال قتلوا في اشتباكات مع الجيش الفيلوري قرب نهر كيسا يوم "
        "الخميس 8 حزيران. وأضاف المرصد أن 5 مدنيين قتلوا أيضا.",
        "The Marsk Observatory reported that 17 fighters of the Northern Brigade were killed in clashes with the "
        "Velorian army near the Kessa river on Thursday, 8 June. The Observatory added that 5 civilians were also "
        "killed.",
        date(2031, 6, 8),
        date(2031, 6, 9),
    ),
    (
        "en",
        "Dravonia's foreign ministry summoned the Velorian ambassador on Monday over the strike on Brenn, which it "
        "said killed 6 people including 2 children. It demanded an investigation by the Tollvik Commission within "
        "30 days.",
        "استدعت وزارة الخارجية الدرافونية السفير الفيلوري يوم الاثنين بسبب الضربة على برين، والتي قالت إنها أسفرت "
        "عن مقتل 6 أشخاص بينهم طفلان. وطالبت بتحقيق من قبل لجنة تولفيك خلال 30 يوما.",
        date(2031, 6, 12),
        date(2031, 6, 13),
    ),
    (
        "en",
        "A convoy of 14 aid trucks reached Marsk on Wednesday, 21 June, the Red Lantern Society said. It carried "
        "medicine for 3,500 people and 8 tonnes of flour.",
        "قالت جمعية الفانوس الأحمر إن قافلة من 14 شاحنة مساعدات وصلت إلى مارسك يوم الأربعاء 21 حزيران. وحملت "
        "القافلة أدوية لـ 3,500 شخص و8 أطنان من الطحين.",
        date(2031, 6, 21),
        date(2031, 6, 22),
    ),
    (
        "ar",
        "أعلن الجيش الفيلوري السيطرة على بلدة أورفيل بعد معارك استمرت 4 أيام، مؤكدا أسر 26 عنصرا من لواء الشمال. "
        "ونفى اللواء خسارة البلدة.",
        "The Velorian army announced it had taken the town of Orvel after 4 days of fighting, saying it captured "
        "26 members of the Northern Brigade. The Brigade denied losing the town.",
        date(2031, 6, 25),
        date(2031, 6, 25),
    ),
    (
        "en",
        "Flooding on the Kessa river forced 2,300 families from their homes in Tollvik and Brenn on Sunday, the "
        "Dravonian Health Ministry said, adding that 7 people had died.",
        "قالت وزارة الصحة الدرافونية إن فيضان نهر كيسا أجبر 2,300 عائلة على مغادرة منازلها في تولفيك وبرين يوم "
        "الأحد، مضيفة أن 7 أشخاص لقوا حتفهم.",
        date(2031, 6, 28),
        date(2031, 6, 29),
    ),
    (
        "ar",
        "قال مسؤول في ميناء أورفيل إن 3 سفن محملة بالقمح غادرت الميناء يوم الجمعة 30 حزيران متجهة إلى برين، "
        "وعلى متنها 45 ألف طن.",
        "An official at the port of Orvel said 3 ships loaded with wheat left the port on Friday, 30 June, bound "
        "for Brenn, carrying 45,000 tonnes.",
        date(2031, 6, 30),
        date(2031, 7, 1),
    ),
    (
        "en",
        "The Tollvik Commission said on 12 July that 62 detainees had been released by the Northern Brigade and "
        "18 by the Velorian army in an exchange brokered by the Red Lantern Society.",
        "قالت لجنة تولفيك في 12 تموز إن لواء الشمال أفرج عن 62 محتجزا، فيما أفرج الجيش الفيلوري عن 18 آخرين، "
        "في عملية تبادل بوساطة جمعية الفانوس الأحمر.",
        date(2031, 7, 12),
        date(2031, 7, 12),
    ),
]

# (language, text, published): other events in the same places, near a pair in time.
LOOKALIKES = [
    (
        "en",
        "Shelling hit a school in Marsk on Friday, 17 March, wounding 4 pupils, the Marsk Observatory said.",
        date(2031, 3, 17),
    ),
    (
        "ar",
        "قالت وزارة الدفاع الدرافونية إن طائرة مسيرة فيلورية أسقطت فوق برين يوم الاثنين دون وقوع إصابات.",
        date(2031, 4, 3),
    ),
    (
        "en",
        "The Northern Brigade said on 9 June it had repelled an attack near the Kessa river, denying that any of "
        "its fighters were killed.",
        date(2031, 6, 9),
    ),
    (
        "ar",
        "وصلت قافلة ثانية تضم 9 شاحنات إلى تولفيك يوم الخميس 22 حزيران، بحسب جمعية الفانوس الأحمر.",
        date(2031, 6, 22),
    ),
    (
        "en",
        "The ferry to Orvel was suspended on 20 April after a storm on Lake Ormen, the port authority said.",
        date(2031, 4, 29),
    ),
    (
        "ar",
        "أعلنت لجنة تولفيك في 3 تموز بدء مفاوضات بين لواء الشمال والجيش الفيلوري حول تبادل المحتجزين.",
        date(2031, 7, 10),
    ),
]

# pair index: (a quote in the original, the figure that the aligned sentence of the translation states)
FACTS = {
    0: ("40 stalls were destroyed", "40"),
    3: ("5 مدنيين قتلوا أيضا", "5 civilians"),
    5: ("8 tonnes of flour", "8 أطنان"),
    7: ("7 people had died", "7 أشخاص"),
}
