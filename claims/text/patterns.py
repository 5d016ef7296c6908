"""Claim candidates in a sentence: figures, territorial control, strikes, responsibility, quotations.

Rule-based and explainable: each candidate names the cue words that made it. English first, with
the common Arabic verbs and nouns for the same kinds. Offsets are code points in the sentence.

A denial ("B denied X"), a confirmation ("B confirmed X") or a question ("B could not verify X")
is not a claim of its own: it is a candidate *about* a claim X (its `addressed` content), with the
stance denies, asserts or questions. X is a claim stated earlier in the text (`addressed_claims`),
or else, for a denied clause ("denied that the strikes hit the depot"), a claim made from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.text.matching import claim_names, conflicting, content_words, dates, figures, signature, word_overlap

# Claim kinds, spelt as claims.models.Claim.Kind values (this module does not import Django).
EVENT, CASUALTY, TERRITORY, RESPONSIBILITY, QUOTATION, DENIAL = (
    "event",
    "casualty",
    "territory",
    "responsibility",
    "quotation",
    "denial",
)
ASSERTED, REPORTED, ALLEGED, RUMOURED = "asserted", "reported", "alleged", "rumoured"
ASSERTS, DENIES, QUESTIONS = "asserts", "denies", "questions"


_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")


def _words(*alternatives: str) -> re.Pattern:
    """A case-blind pattern matching any alternative as whole words (Arabic alternatives as prefixes)."""
    arabic = [a for a in alternatives if _ARABIC.search(a)]
    latin = [a for a in alternatives if not _ARABIC.search(a)]
    parts = []
    if latin:
        parts.append(r"\b(?:" + "|".join(latin) + r")\b")
    if arabic:
        parts.append(r"(?<![\w])(?:[وف])?(?:[لب])?(?:" + "|".join(arabic) + r")")
    return re.compile("|".join(parts), re.IGNORECASE)


CASUALTY_CUES = _words(
    r"killed", r"kill(?:s|ing)?", r"dead", r"deaths?", r"died", r"wounded", r"injured", r"injuries",
    r"casualties", r"death toll", r"lost their lives", r"martyred", r"perished", r"slain", r"massacred?",
    r"bodies", r"fatalities", r"losses", r"lost \d[\d,]*", r"beheaded", r"executed",
    r"lost (?:\w+ ){0,2}(?:fighters|soldiers|troops|men|members)",
    "قتل", "قتلى", "مقتل", "قتيل", "جرحى", "جريح", "اصابة", "إصابة", "أصيب", "اصيب", "استشهد", "شهداء", "شهيد",
    "ضحايا",
)  # fmt: skip
# "civilian casualties" alone is no casualty claim: a toll, or a killing verb with its victims, is.
CASUALTY_WITHOUT_FIGURE = _words(
    r"death toll", r"heavy losses", r"fatalities", r"no (?:reports? of )?(?:casualties|deaths|injuries|fatalities)",
    r"(?:شخصين|مدنيين|جنديين|طفلين|عنصرين)",  # an Arabic dual is a figure: "two people"
)  # fmt: skip
KILLING = _words(
    r"killed",
    r"died",
    r"slain",
    r"massacred?",
    r"lost their lives",
    r"beheaded",
    r"executed",
    "قتل",
    "مقتل",
    "استشهد",
    "لقي حتفه",
    "لقوا حتفهم",
)
TERRITORY_CUES = _words(
    r"took (?:full )?control", r"tak(?:en|ing|es?) (?:full )?control", r"seiz(?:ed|es|ing)", r"captur(?:ed|es|ing)",
    r"recaptur(?:ed|es|ing)", r"retook", r"retak(?:en|es|ing)", r"liberat(?:ed|es|ing)", r"overr[au]n",
    r"advanc(?:ed|es|ing)", r"advances", r"entered", r"besieg(?:ed|es|ing)", r"encircl(?:ed|es|ing)",
    r"surround(?:ed|s)", r"fell to", r"fallen", r"withdr[e]?w(?:n)?", r"withdrawing", r"retreat(?:ed|s|ing)",
    r"expell(?:ed|ing)", r"pushed back",
    r"chang(?:ed|es|ing) hands",
    r"(?:took|take|takes|taking|taken) (?:over )?(?:the )?(?:villages?|towns?|city|hills?|base|airport|positions?)",
    r"push(?:ed|ing)? \w+ back", r"under (?:the |their |its )?control",
    r"controls?", r"controlled", r"held", r"holds", r"secur(?:ed|ing)", r"lost control", r"drive back",
    "سيطر", "سيطرة", "استعاد", "استعادة", "حرر", "تحرير", "دخل", "دخول", "انسحب", "انسحاب", "تقدم", "حاصر", "حصار",
)  # fmt: skip
EVENT_CUES = _words(
    r"air ?strikes?", r"strikes?", r"struck", r"hit", r"shell(?:ed|ing|s)", r"bombard(?:ed|ing|ment)",
    r"bomb(?:ed|ing|ings)", r"target(?:ed|ing|s)", r"attack(?:ed|ing|s)?", r"launch(?:ed|es|ing)", r"clash(?:ed|es)",
    r"fighting", r"explosions?", r"blasts?", r"explod(?:ed|es)", r"raid(?:ed|s)?", r"ambush(?:ed)?",
    r"deploy(?:ed|ing|s)", r"reinforcements", r"convoys?", r"intercept(?:ed|s)", r"shot down", r"downed",
    r"assassinat(?:ed|ion)", r"arrest(?:ed|s)", r"detain(?:ed|s)", r"kidnapp(?:ed|ing)", r"fired", r"rockets?",
    r"missiles?", r"drones?", r"conducted", r"carried out", r"stormed", r"sent", r"blocked", r"met with",
    r"protest(?:ed|s)?", r"infighting", r"battl(?:ed|ing)", r"displaced", r"fled", r"flee(?:ing)?",
    r"evacuat(?:ed|ing)",
    r"opened fire", r"gunned down", r"beheaded", r"blew up", r"stormed", r"house arrest", r"confined",
    r"elected", r"imposed", r"lift(?:ed|ing)?", r"sanctions", r"embargo", r"outlawed", r"banned", r"signed",
    r"ordered", r"returned", r"visit(?:ed|s)?", r"lands? in", r"condemned", r"briefed", r"allowed",
    r"announc(?:e|ed|es)", r"resign(?:ed|s)", r"appointed", r"closed", r"reopen(?:ed|s)?", r"shuttered",
    r"flattened", r"destroyed", r"damaged", r"collapsed", r"rescue workers", r"killings?", r"merg(?:e|ed|ing|er)",
    r"dissolv(?:e|ed|ing)", r"join(?:ed|ing)?", r"formed", r"captured", r"assault(?:ed|s)?", r"artillery", r"gunfire",
    r"(?:clear(?:ed|ing)?|laid|planted) (?:\w+ )?mines", r"demining", r"humanitarian corridors?",
    r"(?:food|medical|humanitarian) (?:aid|assistance)",
    r"extinguish(?:ed)?", r"blaze", r"(?:have|has|had) left", r"at (?:full )?capacity", r"drafting",
    "غارة", "غارات", "قصف", "هجوم", "هجمات", "استهدف", "استهداف", "اشتباكات", "معارك", "انفجار", "تفجير",
    "اعترض", "اعتراض", "أطلق", "اطلق", "صواريخ", "طائرة مسيرة", "طائرات مسيرة", "عملية", "نزح",
    "ضربة", "ضربات", "دمر", "دمرت", "تدمير", "تستهدف", "يستهدف", "استهدفت", "تعرضت", "تعرض",
)  # fmt: skip
RESPONSIBILITY_CUES = _words(
    r"(?:is|are|was|were|be) behind", r"behind the (?:attack|bombing|strike|blast|explosion|assault|killing)s?",
    r"responsib(?:le|ility)", r"carried out the (?:attack|bombing|strike|assault)", r"blam(?:ed|es|ing)",
    r"accus(?:ed|es|ing)", r"perpetrat(?:ed|ors?)", r"orchestrat(?:ed|ing)", r"(?:his|her|its|their) role in",
    r"(?<=['’]s) role in",
    "تبنى", "تبنت", "مسؤولية", "يقف وراء", "تقف وراء", "اتهم", "اتهمت", "حمل", "حملت",
)  # fmt: skip
_DENIED_NOUN = r"(?:claims?|reports?|allegations?|accusations?|stor(?:y|ies)|accounts?|rumou?rs?)"
_FALSE = r"(?:false|untrue|baseless|groundless|unfounded|fabricated|fabrications?|fake|lies|a lie|nonsense)"
DENIAL_CUES = _words(
    r"den(?:y|ied|ies|ying|ial)", r"refut(?:ed|es|ing)",
    rf"reject(?:ed|s|ing)? (?:the |these |those |such |all )?(?:[\w’'-]+ ){{0,2}}{_DENIED_NOUN}",
    rf"dismiss(?:ed|es|ing)? (?:the |these |those |such |all )?(?:[\w’'-]+ ){{0,2}}{_DENIED_NOUN}",
    rf"dismiss(?:ed|es|ing)? .{{1,80}}? as {_FALSE}",
    rf"(?:was|were|is|are) (?:completely |totally |entirely |simply )?{_FALSE}",
    r"false (?:claims?|reports?)", r"nothing to do with",
    "نفى", "نفت", "ينفي", "تنفي", "نفي", "نافيا", "نافياً", "نافية", "رفضت الادعاءات", "رفض الادعاءات", "ترفض",
    "كذبت", "كذب",
)  # fmt: skip
QUESTION_CUES = _words(
    r"question(?:ed|s)", r"cast(?:s|ing)? doubts?", r"doubt(?:ed|s)? (?:about|over|that|whether)", r"disput(?:ed|es)",
    r"(?:it is|it remains|remains) unclear", r"unclear whether",
    r"(?:could not|cannot|can ?not|was unable to|were unable to|is unable to|has not been able to) (?:be )?"
    r"(?:independently )?(?:verify|verified|confirm|confirmed)",
    r"(?:neither|none)\b[^.;]{0,60}?\b(?:could|can|has|have) (?:yet )?(?:be |been )?(?:independently )?"
    r"(?:verified|confirmed)",
    "شكك", "تشكيك", "غير واضح", "لم يتسن التحقق", "لم يتسنَ التحقق", "لا يمكن التحقق",
)  # fmt: skip
RUMOUR_CUES = _words(
    r"rumou?r(?:s|ed)?", r"unconfirmed", r"unverified", r"it is said", r"it is believed", r"speculat(?:ed|ion)",
    r"word is", "شائعات", "أنباء غير مؤكدة", "يشاع",
)  # fmt: skip
ALLEGATION_CUES = _words(
    r"alleg(?:ed|es|edly|ations?)", r"claim(?:ed|s|ing)? (?:that|it|to|responsibility)", r"claimed",
    r"accus(?:ed|es|ing)",
    r"purported(?:ly)?", r"supposedly", r"argu(?:e|es|ed)", r"insist(?:ed|s)",
    "زعم", "مزاعم", "ادعى", "ادعت", "ادعاء", "الادعاءات", "اتهم",
)  # fmt: skip
REPORT_CUES = _words(
    r"reportedly", r"according to", r"report(?:ed|s)", r"said", r"says", r"told", r"stated", r"announc(?:ed|es)",
    r"confirm(?:ed|s)", r"quot(?:ed|ing)", r"citing", r"added", r"noted", r"estimat(?:ed|es)", r"recorded",
    r"declared", r"affirmed", r"revealed", r"statement",
    "بحسب", "حسب", "وفقا", "وفقاً", "قال", "قالت", "أفاد", "افاد", "أفادت", "ذكر", "ذكرت", "أعلن", "أعلنت", "اعلن",
    "نقل", "نقلت", "أكد", "أكدت", "صرح", "بيان",
)  # fmt: skip
SPEECH_VERBS = _words(
    r"said", r"says", r"told", r"added", r"noted", r"stated", r"declared", r"explained", r"warned", r"insisted",
    r"stressed", r"affirmed", r"continued", "قال", "قالت", "أضاف", "أضافت", "أكد", "أكدت", "صرح",
)  # fmt: skip
_QUOTATION = re.compile(r"[“\"«]([^”\"»]{15,})[”\"»]")
# Control is over a place: a settlement word, or a capitalised name, after the cue ("held Sarnel",
# "under the control of the army in the village"), never "held power" or "held accountable".
_PLACE_AFTER = re.compile(
    r"^\W*(?:\S+\s+){0,6}?(?:(?:al-|the\s+)?[A-Z][\w’'-]+|villages?|towns?|city|cities|district|districts|area|areas|"
    r"region|province|hills?|road|crossing|base|airport|positions?|outpost|territory|ground|km|kilometres|"
    r"[\u0600-\u06ff]+)"
)
_OPINION = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve)\b|\b(?:my|me|mine)\b|\bin my (?:view|opinion)\b|أعتقد|برأيي")
# Feelings, beliefs and judgements: what they report cannot be checked ("raised fears that", "said he
# believed", "hailed as a model"), unless a figure is stated with them.
_OPINION_VERBS = re.compile(
    r"\b(?:believ(?:e|es|ed)|fears?|feared|worr(?:y|ied|ies)|hop(?:e|es|ed)|hailed|prais(?:ed|es)|appalled|"
    r"distress(?:ing|ed)|frustrat(?:ed|ing|ion)|stymied|reviled|admired|"
    r"(?:seen|regarded|considered|viewed|hailed) (?:\w+ ){0,3}as|"
    r"defend(?:ed|s) (?:his|her|their|its) (?:decision|record)|"
    r"(?:is|are|was|were) meant to|there is (?:a |growing |some )?(?:worry|consensus|concern|fear|hope))\b",
    re.IGNORECASE,
)
# What a quote says in general or of the future is rhetoric: "Markets are not targets, every party knows it".
_RHETORIC = re.compile(
    r"\b(?:will|would|must|should|shall|every|everyone|anyone|nobody|always|never)\b|\b(?:is|are) meant to\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"^\W*(?:if|unless|should|whether)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might)\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!؟?…][\"'»”’)\]]*\s*$")
_ANAPHORIC_OBJECT = re.compile(
    r"^(?:(?:these|those|the|such|this|that|its|their|all|all the|all these)\s+(?:[\w’'-]+\s+){0,2}?)?"
    r"(?:(?:false|recent|media|latest|earlier|same|initial|original)\s+)?(?:claims?|reports?|allegations?|"
    r"accusations?|information|news|statements?|rumou?rs?|stor(?:y|ies)|accounts?|it|this|them)\s*[.,;]?\s*$"
    r"|^(?:صحة\s+)?(?:(?:هذه|تلك|ذلك|هذا)(?:\s+(?:الأنباء|الانباء|المزاعم|الادعاءات|التقارير|الاتهامات|المعلومات))?"
    r"|الأنباء|الانباء|المزاعم|الادعاءات|التقارير|الاتهامات|المعلومات|الأخبار|الاخبار)\s*[.،]?\s*$",
    re.IGNORECASE,
)
# In Arabic the subject follows the verb ("نفت الوزارة هذه الأنباء"): the reports referred to end the clause.
_ARABIC_ANAPHOR = re.compile(
    r"(?:صحة\s+)?(?:(?:هذه|تلك)\s+)?(?:الأنباء|الانباء|المزاعم|الادعاءات|التقارير|الاتهامات|المعلومات|الأخبار|الاخبار)"
    r"\s*[.،]?\s*$|(?<=\s)(?:هذه|تلك|ذلك|هذا)\s*[.،]?\s*$"
)
_EMBEDDED_REPORT = re.compile(
    r"^(?P<reporter>(?:(?:the|recent|earlier|media|some|several|multiple|all)\s+){0,2}"
    r"(?:reports?|claims?|allegations?|accusations?|rumou?rs?|stor(?:y|ies)))\s+"
    r"(?:claiming|saying|that|suggesting|alleging|which said|according to which)\s+(?:that\s+)?",
    re.IGNORECASE,
)


def _tolerant(word: str) -> str:
    """A pattern for an Arabic word written with or without short vowels, shadda or tatweel."""
    return "".join(re.escape(letter) + "[\u0640\u064b-\u065f\u0670]*" for letter in word)


def _arabic_verbs(*verbs: str) -> str:
    return r"(?<![\w])[وف]?(?:" + "|".join(_tolerant(verb) for verb in verbs) + r")\s+"


_DENIED_OBJECT = re.compile(
    r"(?:den(?:y|ied|ies|ying)|refut(?:ed|es|ing)|reject(?:ed|s|ing)?|dismiss(?:ed|es|ing)?|denial\s+of)\s+"
    r"(?P<that>that\s+)?"
    r"|(?P<role>(?:had|has|have)\s+nothing\s+to\s+do\s+with)\s+"
    r"|(?P<arabic>" + _arabic_verbs("نفى", "نفت", "ينفي", "تنفي", "نافيا", "نافية", "كذب", "كذبت", "يكذب", "تكذب") + ")"
    r"|(?P<arabic_rejected>" + _arabic_verbs("رفض", "رفضت", "يرفض", "ترفض") + ")"
    r"(?=(?:\S+\s+){0,3}(?:هذه\s+)?(?:الادعاءات|المزاعم|الاتهامات|الأنباء|الانباء|التقارير))",
    re.IGNORECASE,
)
# "said the reports were false", "dismissed these claims as fabricated", "called it a lie"
_CALLED_FALSE = re.compile(
    r"\b(?:said|says|say|called|calls|described|describes|termed|branded|dismissed|dismisses|insisted|stressed|"
    r"added)\s+(?:that\s+)?"
    r"(?P<object>(?:(?:the|these|those|such|this|that|all|recent|earlier|media)\s+)*(?:[\w’'-]+\s+){0,2}?"
    rf"{_DENIED_NOUN}(?:\s+(?:of|about|that)\s+[^,;]+?)?|it|this|that|them)\s+"
    rf"(?:(?:was|were|is|are)\s+|as\s+)?(?:completely\s+|totally\s+|entirely\s+|simply\s+)?{_FALSE}\b",
    re.IGNORECASE,
)
_REPORT_OF = re.compile(
    r"^(?:(?:the|these|those|such|this|that|all|recent|earlier|media)\s+)*(?:[\w’'-]+\s+){0,2}?"
    rf"{_DENIED_NOUN}\s+(?P<link>of|about|that)\s+",
    re.IGNORECASE,
)
_DENIAL_TAIL = re.compile(
    r",?\s+(?:saying|adding|insisting|stressing|explaining)\s+(?:that\s+)?"
    r"|,?\s+and\s+(?:warning|complaining|calling|saying|adding)\b|,\s+calling\b|\.\s"
    rf"|\s+as\s+(?:completely\s+|totally\s+|simply\s+)?{_FALSE}\b",
    re.IGNORECASE,
)
_ARABIC_THAT = re.compile(r"\s(?:أن|ان|إن)\s")
_SUBORDINATE = re.compile(r"\s+(?:when|while|after|before|because|as|since|which|who|where|although|though|but)\b")
_CONFIRMED_OBJECT = re.compile(  # lower case only: a heading's "Confirmed:" is not a confirmation
    r"\b(?:confirm(?:ed|s)|corroborat(?:ed|es)|verified)\s+"
    r"(?:to\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\s+)?(?P<that>that\s+)?"
)
_CONFIRMED_PASSIVE = re.compile(
    r"^\W*(?P<object>(?:(?:these|those|the|such|this|that)\s+)?(?:(?:false|recent|media|earlier)\s+)?"
    rf"(?:{_DENIED_NOUN}|it|they))\s+(?:was|were|has been|have been|had been)\s+(?:\w+ly\s+)?"
    r"(?:confirmed|corroborated|verified)\s+by\b",
    re.IGNORECASE,
)
_NOT_CONFIRMED = re.compile(
    r"\b(?:not|never|neither|nor|no|declined to|refused to|without|unable to|cannot|can't|can’t|couldn't|couldn’t|"
    r"didn't|didn’t|won't|won’t|yet to|failed to)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_AR_CONFIRMED = re.compile(_arabic_verbs("أكد", "أكدت", "اكد", "اكدت", "يؤكد", "تؤكد"))


@dataclass(frozen=True)
class Addressed:
    """What a denial, confirmation or question is about: its words (start/end in the sentence), or an
    earlier claim it refers to ("these claims")."""

    text: str
    start: int
    end: int
    is_anaphoric: bool
    is_embedded_report: bool = False  # "denied reports claiming that X": X is a claim stated in this very sentence
    reported_by: str = ""  # "recent reports": who the text says stated X
    is_clause: bool = False  # a statement of its own: "denied that X", Arabic "نفى أن X", "reports claiming that X"
    is_role: bool = False  # "had nothing to do with the attack": a denial of responsibility

    @property
    def can_stand_alone(self) -> bool:
        """Whether it states enough to be a claim of its own when no earlier claim is what it is about.

        A clause ("that the strikes hit the depot") does; a noun phrase only when it is a checkable
        statement ("Dravonia's role in the attack"), never a bare "the merger" or "any involvement".
        """
        if self.is_anaphoric or self.is_role or len(set(content_words(self.text))) < 3:
            return False
        return self.is_clause or (not _ARABIC.search(self.text) and classify(self.text) is not None)


@dataclass(frozen=True)
class Candidate:
    """A checkable statement found in a sentence: its kind, span (in the sentence) and cue words.

    A denial, confirmation or question carries what it is about (`addressed`) and, for when no
    earlier claim is that, the span of the statement to make a claim of (`own_claim`), if any.
    """

    kind: str
    start: int
    end: int
    cues: tuple[str, ...]
    stance: str = ASSERTS
    reported_by: str = ""  # "recent reports" in "denied recent reports claiming that X": who stated X
    addressed: Addressed | None = None
    own_claim: tuple[int, int] | None = None


def _cues(pattern: re.Pattern, text: str) -> list[str]:
    return [match.group().strip().lower() for match in pattern.finditer(text)]


def is_claim_like(sentence: str, *, min_words: int = 5) -> bool:
    """False for headings, bylines, questions, first-person opinion and hypotheticals."""
    words = sentence.split()
    if len(words) < min_words or len(words) > 150:
        return False
    if not _TERMINAL.search(sentence) and len(words) < 20:
        return False  # a heading, byline or caption
    stripped = sentence.rstrip("\"'»”’) \n")
    if stripped.endswith(("?", "؟")):
        return False
    if _OPINION.search(sentence):
        return False
    if _OPINION_VERBS.search(sentence) and not figures(sentence):
        return False
    if _CONDITIONAL.search(sentence):
        return False
    return not (
        _HYPOTHETICAL.search(sentence)
        and not (REPORT_CUES.search(sentence) or DENIAL_CUES.search(sentence) or QUESTION_CUES.search(sentence))
    )


def _anchored(sentence: str) -> bool:
    """Whether a sentence holds something a checker can hold it to: a figure, a date or day, or a source."""
    plain = _plain(sentence)
    return bool(figures(plain) or dates(plain) or _DAY_NAMED.search(plain) or REPORT_CUES.search(plain))


def hedge_of(sentence: str, *, attributed: bool = False) -> str:
    """How the sentence commits to what it says: rumoured, alleged, reported or asserted."""
    sentence = _plain(sentence)
    if RUMOUR_CUES.search(sentence):
        return RUMOURED
    if ALLEGATION_CUES.search(sentence):
        return ALLEGED
    if attributed or REPORT_CUES.search(sentence):
        return REPORTED
    return ASSERTED


def stance_of(sentence: str) -> str:
    """Whether the sentence asserts, denies or questions what it reports."""
    sentence = _plain(sentence)
    if DENIAL_CUES.search(sentence):
        return DENIES
    if QUESTION_CUES.search(sentence):
        return QUESTIONS
    return ASSERTS


def _plain(text: str) -> str:
    """Text without Arabic short-vowel marks and tatweel, which cue words are written without."""
    return _ARABIC_MARKS.sub("", text)


_PLACE_IN_CUE = ("hands", "village", "villages", "town", "towns", "city", "hill", "hills", "base", "airport")
_PLACE_IN_CUE += ("district", "position", "positions")  # the place is in the cue: "took the town"


def classify(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The claim kind of a statement (without denial handling) and the cue words, or None.

    A quotation by a named speaker is a quotation unless what is quoted states a figure, a
    responsibility or a change of control: then it is that claim, made by the speaker.
    """
    text = _plain(text)
    quoted = _QUOTATION.search(text)
    if quoted and SPEECH_VERBS.search(outside := text[: quoted.start()] + text[quoted.end() :]):
        inner = quoted.group(1)
        if not (figures(inner) or RESPONSIBILITY_CUES.search(inner) or TERRITORY_CUES.search(inner)):
            if (EVENT_CUES.search(inner) or CASUALTY_CUES.search(inner)) and not _RHETORIC.search(inner):
                return QUOTATION, tuple(_cues(SPEECH_VERBS, text))
            return classify(outside) if len(outside.split()) >= 6 else None  # rhetoric: what is said around it
    has_figure = bool(figures(text))
    if cues := _cues(RESPONSIBILITY_CUES, text):
        return RESPONSIBILITY, tuple(cues)
    casualty = _cues(CASUALTY_CUES, text)
    if casualty and (has_figure or CASUALTY_WITHOUT_FIGURE.search(text) or KILLING.search(text)):
        return CASUALTY, tuple(casualty)
    territory = [
        m
        for m in TERRITORY_CUES.finditer(text)
        if _PLACE_AFTER.match(text[m.end() :]) or m.group().lower().endswith(_PLACE_IN_CUE)  # "took the town"
    ]
    if territory:
        return TERRITORY, tuple(m.group().strip().lower() for m in territory)
    if cues := _cues(EVENT_CUES, text):
        return EVENT, tuple(cues)
    return None


def denied_content(sentence: str) -> Addressed | None:
    """What a denial sentence denies, or None when it is not a denial."""
    if not DENIAL_CUES.search(_plain(sentence)):
        return None
    if called := _CALLED_FALSE.search(sentence):
        return _reported_content(sentence, *called.span("object"))
    match = _DENIED_OBJECT.search(sentence)
    if match is None:
        return None
    start = match.end()
    is_clause = bool(match.group("that"))
    is_arabic = bool(match.group("arabic") or match.group("arabic_rejected"))
    rest = sentence[start:]
    if is_arabic and (that := _ARABIC_THAT.search(rest)) and that.start() < 60:
        start += that.end()
        rest = sentence[start:]
        is_clause = True
    tail = _DENIAL_TAIL.search(rest)
    end = start + (tail.start() if tail else len(rest.rstrip()))
    text = sentence[start:end].rstrip(" .،,;")
    if is_arabic and not is_clause and (anaphor := _ARABIC_ANAPHOR.search(text)):
        start += anaphor.start()
        text = text[anaphor.start() :]
    end = start + len(text)
    if embedded := _EMBEDDED_REPORT.match(text):
        return Addressed(
            text=text[embedded.end() :],
            start=start + embedded.end(),
            end=end,
            is_anaphoric=False,
            is_embedded_report=True,
            reported_by=embedded.group("reporter").strip(),
            is_clause=True,
        )
    if is_clause:
        return Addressed(text=text, start=start, end=end, is_anaphoric=False, is_clause=True)
    if subordinate := _SUBORDINATE.search(text):  # "the claim of responsibility when Trump said ..."
        text = text[: subordinate.start()]
        end = start + len(text)
    if not text:
        return Addressed(text=text, start=start, end=end, is_anaphoric=True)
    return _reported_content(sentence, start, end, is_role=bool(match.group("role")))


def _reported_content(sentence: str, start: int, end: int, *, is_role: bool = False) -> Addressed:
    """What "the reports of X" (denied, or said to be false) are about: the reports referred to, or X itself."""
    text = sentence[start:end]
    if _ANAPHORIC_OBJECT.match(text):
        return Addressed(text=text, start=start, end=end, is_anaphoric=True)
    if about := _REPORT_OF.match(text):
        start += about.end()
        return Addressed(
            text=sentence[start:end], start=start, end=end, is_anaphoric=False, is_clause=about.group("link") == "that"
        )
    return Addressed(text=text, start=start, end=end, is_anaphoric=False, is_role=is_role)


def confirmed_content(sentence: str) -> Addressed | None:
    """What "B confirmed X" confirms: the reports it refers to, or X; None when it confirms nothing earlier.

    "12 people were killed, the ministry confirmed" states a claim of its own: None. "could not
    confirm" is a question and "did not confirm" no confirmation at all.
    """
    plain = _plain(sentence)
    if DENIAL_CUES.search(plain) or QUESTION_CUES.search(plain):
        return None
    if passive := _CONFIRMED_PASSIVE.match(sentence):  # "These reports were confirmed by the army."
        start, end = passive.span("object")
        return Addressed(text=sentence[start:end], start=start, end=end, is_anaphoric=True)
    if arabic := _AR_CONFIRMED.search(sentence):  # only "أكدت الوزارة هذه الأنباء": أكد is also "stressed"
        clause = sentence[arabic.end() :]
        tail = _DENIAL_TAIL.search(clause)
        clause = clause[: tail.start() if tail else len(clause)].rstrip(" .،,;")
        if (anaphor := _ARABIC_ANAPHOR.search(clause)) is None:
            return None
        start = arabic.end() + anaphor.start()
        text = clause[anaphor.start() :].rstrip(" .،,;")
        return Addressed(text=text, start=start, end=start + len(text), is_anaphoric=True)
    match = _CONFIRMED_OBJECT.search(sentence)
    if match is None or _NOT_CONFIRMED.search(sentence[: match.start()]):
        return None
    start = match.end()
    text = _addressed_words(sentence, start)
    if not text:
        return None
    return Addressed(
        text=text,
        start=start,
        end=start + len(text),
        is_anaphoric=bool(_ANAPHORIC_OBJECT.match(text)),
        is_clause=bool(match.group("that")),
    )


def claim_candidates(sentence: str) -> list[Candidate]:
    """The claim candidates of one sentence: none, one, or a denial with what it reports or adds."""
    if not is_claim_like(sentence, min_words=4):
        return []
    denied = denied_content(sentence)
    if denied is not None:
        return _denial_candidates(sentence, denied)
    if not is_claim_like(sentence):
        return []
    if len(sentence.split()) > 40 and not _anchored(sentence):
        return []  # a long passage with no figure, day or source: commentary, not something to check
    found = classify(sentence)
    confirmed = confirmed_content(sentence)
    if confirmed is not None:  # a mention of what it confirms; a claim of its own only if it states one
        own = (0, len(sentence)) if found is not None and not confirmed.is_anaphoric else None
        kind, cues = found or (EVENT, tuple(_cues(REPORT_CUES, sentence)))
        return [Candidate(kind=kind, start=0, end=len(sentence), cues=cues, addressed=confirmed, own_claim=own)]
    if found is None:
        if questioned_content(sentence) is not None:  # doubt about what came before: "could not verify where"
            return [Candidate(kind=EVENT, start=0, end=len(sentence), cues=tuple(_cues(QUESTION_CUES, sentence)))]
        return []
    kind, cues = found
    if stance_of(sentence) == ASSERTS and len(parts := claim_clauses(sentence)) > 1:
        return [
            Candidate(kind=part_kind, start=start, end=end, cues=part_cues)
            for start, end, part_kind, part_cues in parts
        ]
    return [Candidate(kind=kind, start=0, end=len(sentence), cues=cues)]


# Where one sentence joins statements of its own: "; ", ", and", ", while", "، و", "، فيما" ...
_CLAUSE_BOUNDARY = re.compile(
    r";\s+|,\s+(?:and|while|whereas|but)\s+(?=(?:the\s+|a\s+|an\s+)?[\w\u0600-\u06ff-]+\s)"
    r"|\s+while\s+|[،,]\s*(?=(?:و|ف)?(?:فيما|بينما|كما|في حين)\s)|[،,]\s*(?=و[\u0600-\u06ff]{3,}\s)|؛\s*"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


def claim_clauses(sentence: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """The statements of a sentence that says several things: (start, end, kind, cues) each, or [] for one.

    A sentence is split at a clause boundary (outside quotes) only when every part is a claim of its
    own with something of its own to check: a figure, a named actor or place (English), or, in
    Arabic, a figure or eight words. Otherwise it stays whole: "X, and said that Y" is one statement.
    """
    quoted = [match.span() for match in _QUOTED.finditer(sentence)]
    cuts = [
        match
        for match in _CLAUSE_BOUNDARY.finditer(sentence)
        if not any(start < match.start() < end for start, end in quoted)
    ]
    if not cuts:
        return []
    bounds = [0, *(edge for match in cuts for edge in match.span()), len(sentence)]
    parts = []
    for start, end in zip(bounds[0::2], bounds[1::2], strict=True):
        text = sentence[start:end]
        found = classify(text)
        if found is None or len(text.split()) < 6 or not _stands_alone(text):
            return []
        parts.append((start, start + len(text.rstrip(" .،,;")), *found))
    return parts


def _stands_alone(clause: str) -> bool:
    if figures(clause):
        return True
    if _ARABIC.search(clause):
        return len(clause.split()) >= 8
    places, actors = claim_names(clause)
    return bool(places or actors)


def _denial_candidates(sentence: str, denied: Addressed) -> list[Candidate]:
    """A denial (a candidate about what it denies), the claim it reports ("denied reports that X") and
    the claim it adds ("..., saying that B")."""
    candidates = []
    tail = _DENIAL_TAIL.search(sentence, denied.end)
    denial_end = len(sentence)
    if tail and tail.group().strip(", ").lower().startswith(("saying", "adding", "insisting", "stressing")):
        added = sentence[tail.end() :].strip()
        found = classify(added)
        if found is not None and len(added.split()) >= 4:
            start = sentence.index(added, tail.end())
            candidates.append(Candidate(kind=found[0], start=start, end=start + len(added), cues=found[1]))
            denial_end = denied.end
    kind = (classify(denied.text) or (EVENT,))[0]
    own = (denied.start, denied.end) if denied.can_stand_alone else None
    cues = tuple(_cues(DENIAL_CUES, _plain(sentence)))
    candidates.insert(0, Candidate(kind, 0, denial_end, cues, stance=DENIES, addressed=denied, own_claim=own))
    if denied.is_embedded_report and denied.can_stand_alone:  # the reports state X: a claim, which is denied
        reported = Candidate(kind, denied.start, denied.end, cues=(denied.reported_by,), reported_by=denied.reported_by)
        candidates.append(reported)
    return candidates


@dataclass(frozen=True)
class Preceding:
    """An earlier claim in the same article, offered to a denial, confirmation or question as what it is about."""

    key: int
    text: str
    kind: str
    origin: str | None  # who the text attributes it to, if anyone
    distance: int  # sentences between it and the denial


# What follows a question cue is what is questioned: "could not verify the number of drones",
# "questioned the figure", "it remains unclear whether the strike hit the depot".
_QUESTIONED_OBJECT = re.compile(
    r"(?:question(?:ed|s)|disput(?:ed|es)|doubts?\s+(?:about|over|on)|doubt(?:ed|s)?\s+(?:that|whether)|"
    r"unclear\s+(?:whether|if|how|who|where|when)|(?:verify|verified|confirm|confirmed)(?:\s+(?:that|whether|if))?)"
    r"\s+|(?:شكك|تشكيك)\s+(?:في|ب)?\s*|(?:التحقق|التأكد)\s+(?:من)?\s*",
    re.IGNORECASE,
)


def _addressed_words(sentence: str, start: int) -> str:
    """The words a sentence addresses from start: up to a trailing attribution ("..., it said"), trimmed."""
    rest = sentence[start:]
    tail = _DENIAL_TAIL.search(rest)
    return rest[: tail.start() if tail else len(rest)].rstrip(" .،,;")


_NEITHER_VERIFIED = re.compile(
    r"^\W*(?P<object>(?:neither|none)\b[^.;]{0,60}?)\s+(?:could|can|has|have)\s+(?:yet\s+)?(?:be\s+|been\s+)?"
    r"(?:independently\s+)?(?:verified|confirmed)",
    re.IGNORECASE,
)


def questioned_content(sentence: str) -> Addressed | None:
    """What a questioning sentence calls into doubt, or None when it does not say."""
    if not QUESTION_CUES.search(_plain(sentence)):
        return None
    if neither := _NEITHER_VERIFIED.match(sentence):  # "Neither side's account could be verified": what came before
        start, end = neither.span("object")
        return Addressed(text=sentence[start:end], start=start, end=end, is_anaphoric=True)
    match = _QUESTIONED_OBJECT.search(sentence)
    if match is None:
        return None
    start = match.end()
    text = _addressed_words(sentence, start)
    if not text:
        return None
    return Addressed(text=text, start=start, end=start + len(text), is_anaphoric=bool(_ANAPHORIC_OBJECT.match(text)))


def addressed_claims(addressed: Addressed, speaker: str | None, preceding: list[Preceding]) -> list[int]:
    """Keys of the earlier claims a denial or confirmation is about (nearest first), or [] when none fits.

    "these claims" is about the nearest claim made by someone other than the speaker, and the
    other nearby claims of that same origin; "denied that the strikes hit the depot" is about the
    nearby claim sharing most of its content words, never one whose figures or dates differ.
    """
    others = [p for p in preceding if p.kind != DENIAL and (speaker is None or p.origin != speaker)]
    if not others:
        return []
    others.sort(key=lambda p: p.distance)
    if addressed.is_anaphoric:
        nearest = others[0]
        if nearest.distance > 4:
            return []
        same_origin = [p.key for p in others[1:] if p.origin == nearest.origin and p.distance <= 4 and p.origin]
        return [nearest.key, *same_origin]
    if addressed.is_role or RESPONSIBILITY_CUES.search(addressed.text):  # "denying Dravonia's role in the attack"
        blamed = [p for p in others if p.kind == RESPONSIBILITY and p.distance <= 3]
        if blamed:
            return [blamed[0].key]
        if addressed.is_role:
            return []
    words = content_words(addressed.text)
    if not words:
        return []
    stated = signature(addressed.text)
    scored = [
        (word_overlap(words, content_words(p.text)) - 0.03 * p.distance, -p.distance, p.key)
        for p in others
        if p.distance <= 8 and not conflicting(stated, signature(p.text))
    ]
    best = max(scored, default=(0.0, 0, 0))
    return [best[2]] if best[0] >= 0.45 else []


def question_targets(questioned: Addressed, asker: str | None, preceding: list[Preceding]) -> list[int]:
    """Key of the earlier claim a question doubts, or [] when none fits.

    Doubt follows what it doubts: the claim just before ("could not verify the figure") when it
    shares a content word with what is questioned, else a claim nearby sharing most of its words.
    """
    others = [p for p in preceding if p.kind != DENIAL and (asker is None or p.origin != asker) and p.distance <= 8]
    if not others:
        return []
    others.sort(key=lambda p: p.distance)
    nearest = others[0]
    if questioned.is_anaphoric:
        return [nearest.key] if nearest.distance <= 2 else []
    words = content_words(questioned.text)
    if nearest.distance <= 1 and word_overlap(words, content_words(nearest.text)) > 0:
        return [nearest.key]
    return addressed_claims(questioned, asker, others)


_DAY_NAMED = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|overnight|last (?:week|night))\b"
    r"|(?:الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|أمس)"
)
_CHECKABLE_KINDS = {CASUALTY: 15, TERRITORY: 15, RESPONSIBILITY: 15, EVENT: 5}


def check_worthiness(text: str, kind: str) -> int:
    """How much there is to check in a claim, 0-100: figures, named actors, places, a date, a source.

    Triage shows the highest first. A figure weighs most (a count can be checked against others'),
    then a casualty, control or responsibility claim, named actors and places, a day, and someone
    the text says stated it; a rumour, a quotation or a long passage (several statements at once)
    weighs less. Names are read in English text only, so Arabic claims score on figures, days and
    sources.
    """
    plain = _plain(text)
    places, actors = claim_names(text)
    score = 25 if figures(plain) else 0
    score += _CHECKABLE_KINDS.get(kind, 0)
    score += (15 if actors else 0) + (5 if len(actors) > 1 else 0) + (15 if places else 0)
    score += 10 if dates(text) or _DAY_NAMED.search(plain) else 0
    score += 10 if REPORT_CUES.search(plain) else 0
    score -= 10 if RUMOUR_CUES.search(plain) else 0
    score -= 5 if kind == QUOTATION else 0
    score -= 10 if len(text.split()) > 60 else 0
    return max(0, min(100, score))
