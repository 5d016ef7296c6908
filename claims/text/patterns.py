"""Claim candidates in a sentence: figures, territorial control, strikes, responsibility, quotations, denials.

Rule-based and explainable: each candidate names the cue words that made it. English first, with
the common Arabic verbs and nouns for the same kinds. Offsets are code points in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.text.matching import content_words, figures, word_overlap

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
        parts.append(r"(?<![\w])(?:[وف])?(?:" + "|".join(arabic) + r")")
    return re.compile("|".join(parts), re.IGNORECASE)


CASUALTY_CUES = _words(
    r"killed", r"kill(?:s|ing)?", r"dead", r"deaths?", r"died", r"wounded", r"injured", r"injuries",
    r"casualties", r"death toll", r"lost their lives", r"martyred", r"perished", r"slain", r"massacred?",
    r"bodies", r"fatalities", r"losses",
    "قتل", "قتلى", "مقتل", "قتيل", "جرحى", "جريح", "اصابة", "إصابة", "أصيب", "اصيب", "استشهد", "شهداء", "شهيد",
    "ضحايا",
)  # fmt: skip
CASUALTY_WITHOUT_FIGURE = _words(r"death toll", r"casualties", r"heavy losses", r"fatalities", "ضحايا", "خسائر")
KILLING = _words(
    r"killed", r"died", r"slain", r"massacred?", r"lost their lives", "قتل", "مقتل", "استشهد", "لقي حتفه", "لقوا حتفهم"
)
TERRITORY_CUES = _words(
    r"took (?:full )?control", r"tak(?:en|ing|es?) (?:full )?control", r"seiz(?:ed|es|ing)", r"captur(?:ed|es|ing)",
    r"recaptur(?:ed|es|ing)", r"retook", r"retak(?:en|es|ing)", r"liberat(?:ed|es|ing)", r"overr[au]n",
    r"advanc(?:ed|es|ing)", r"advances", r"entered", r"besieg(?:ed|es|ing)", r"encircl(?:ed|es|ing)",
    r"surround(?:ed|s|ing)", r"fell to", r"fallen", r"withdr[e]?w(?:n)?", r"withdrawing", r"retreat(?:ed|s|ing)",
    r"expell(?:ed|ing)", r"pushed back", r"push(?:ed|ing)? \w+ back", r"under (?:the |their |its )?control",
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
    r"protest(?:ed|s)?", r"infighting", r"battl(?:ed|ing)", r"displaced", r"fled",
    "غارة", "غارات", "قصف", "هجوم", "هجمات", "استهدف", "استهداف", "اشتباكات", "معارك", "انفجار", "تفجير",
    "اعترض", "اعتراض", "أطلق", "اطلق", "صواريخ", "طائرة مسيرة", "طائرات مسيرة", "عملية", "نزح",
)  # fmt: skip
RESPONSIBILITY_CUES = _words(
    r"(?:is|are|was|were|be) behind", r"behind the (?:attack|bombing|strike|blast|explosion|assault|killing)s?",
    r"responsib(?:le|ility)", r"carried out the (?:attack|bombing|strike|assault)", r"blam(?:ed|es|ing)",
    r"accus(?:ed|es|ing)", r"perpetrat(?:ed|ors?)", r"orchestrat(?:ed|ing)", r"(?:his|her|its|their) role in",
    r"(?<=['’]s) role in",
    "تبنى", "تبنت", "مسؤولية", "يقف وراء", "تقف وراء", "اتهم", "اتهمت", "حمل", "حملت",
)  # fmt: skip
DENIAL_CUES = _words(
    r"den(?:y|ied|ies|ying|ial)", r"refut(?:ed|es|ing)",
    r"reject(?:ed|s|ing)? (?:the |these |those |such |all )?(?:claims?|reports?|allegations?|accusations?)",
    r"dismiss(?:ed|es|ing)? (?:the |these |those |such |all )?(?:claims?|reports?|allegations?|accusations?)",
    r"false (?:claims?|reports?)", r"nothing to do with",
    "نفى", "نفت", "ينفي", "تنفي", "نفي", "نافيا", "نافياً", "نافية", "رفضت الادعاءات", "رفض الادعاءات", "ترفض",
    "كذبت", "كذب",
)  # fmt: skip
QUESTION_CUES = _words(
    r"question(?:ed|s)", r"cast(?:s|ing)? doubts?", r"doubt(?:ed|s)? (?:about|over|that|whether)", r"disput(?:ed|es)",
    r"(?:it is|it remains|remains) unclear", r"unclear whether",
    r"(?:could not|cannot|can ?not|was unable to|were unable to|is unable to|has not been able to) (?:be )?"
    r"(?:independently )?(?:verify|verified|confirm|confirmed)",
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
_OPINION = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve)\b|\b(?:my|me|mine)\b|\bin my (?:view|opinion)\b|أعتقد|برأيي")
_CONDITIONAL = re.compile(r"^\W*(?:if|unless|should|whether)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might)\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!؟?…][\"'»”’)\]]*\s*$")
_ANAPHORIC_OBJECT = re.compile(
    r"^(?:these|those|the|such|this|that|its|their|all|all the|all these)?\s*"
    r"(?:(?:false|recent|media|latest)\s+)?(?:claims?|reports?|allegations?|accusations?|information|news|"
    r"statements?|rumou?rs?|it|this|them)\s*[.,;]?\s*$"
    r"|^(?:هذه|تلك|ذلك|هذا)(?:\s+(?:الأنباء|الانباء|المزاعم|الادعاءات|التقارير|الاتهامات|المعلومات))?\s*[.،]?\s*$",
    re.IGNORECASE,
)
_EMBEDDED_REPORT = re.compile(
    r"^(?P<reporter>(?:(?:the|recent|earlier|media|some|several|multiple|all)\s+){0,2}"
    r"(?:reports?|claims?|allegations?|accusations?|rumou?rs?))\s+"
    r"(?:claiming|saying|that|suggesting|alleging|which said|according to which)\s+(?:that\s+)?",
    re.IGNORECASE,
)
_DENIED_OBJECT = re.compile(
    r"(?:den(?:y|ied|ies|ying)|refut(?:ed|es|ing)|reject(?:ed|s|ing)?|dismiss(?:ed|es|ing)?)\s+(?:that\s+)?"
    r"|(?:نفى|نفت|ينفي|تنفي|نافيا|نافياً|نافية)\s+",
    re.IGNORECASE,
)
_DENIAL_TAIL = re.compile(
    r",?\s+(?:saying|adding|insisting|stressing|explaining)\s+(?:that\s+)?"
    r"|,?\s+and\s+(?:warning|complaining|calling|saying|adding)\b|,\s+calling\b|\.\s",
    re.IGNORECASE,
)
_ARABIC_THAT = re.compile(r"\s(?:أن|ان|إن)\s")


@dataclass(frozen=True)
class Candidate:
    """A checkable statement found in a sentence: its kind, span (in the sentence) and cue words."""

    kind: str
    start: int
    end: int
    cues: tuple[str, ...]
    stance: str = ASSERTS
    reported_by: str = ""  # "recent reports" in "denied recent reports claiming that X": who stated X


@dataclass(frozen=True)
class DeniedContent:
    """What a denial denies: its own words (start/end in the sentence), or an earlier claim ("these claims")."""

    text: str
    start: int
    end: int
    is_anaphoric: bool
    is_embedded_report: bool  # "denied reports claiming that X": X is a claim stated in this very sentence
    reported_by: str = ""  # "recent reports": who the text says stated X


def _cues(pattern: re.Pattern, text: str) -> list[str]:
    return [match.group().strip().lower() for match in pattern.finditer(text)]


def is_claim_like(sentence: str) -> bool:
    """False for headings, bylines, questions, first-person opinion and hypotheticals."""
    words = sentence.split()
    if len(words) < 5 or len(words) > 150:
        return False
    if not _TERMINAL.search(sentence) and len(words) < 20:
        return False  # a heading, byline or caption
    stripped = sentence.rstrip("\"'»”’) \n")
    if stripped.endswith(("?", "؟")):
        return False
    if _OPINION.search(sentence):
        return False
    if _CONDITIONAL.search(sentence):
        return False
    return not (_HYPOTHETICAL.search(sentence) and not (REPORT_CUES.search(sentence) or DENIAL_CUES.search(sentence)))


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


def classify(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The claim kind of a statement (without denial handling) and the cue words, or None.

    A quotation by a named speaker is a quotation unless what is quoted states a figure, a
    responsibility or a change of control: then it is that claim, made by the speaker.
    """
    text = _plain(text)
    quoted = _QUOTATION.search(text)
    if quoted and SPEECH_VERBS.search(text[: quoted.start()] + text[quoted.end() :]):
        inner = quoted.group(1)
        if not (figures(inner) or RESPONSIBILITY_CUES.search(inner) or TERRITORY_CUES.search(inner)):
            return QUOTATION, tuple(_cues(SPEECH_VERBS, text))
    has_figure = bool(figures(text))
    if cues := _cues(RESPONSIBILITY_CUES, text):
        return RESPONSIBILITY, tuple(cues)
    casualty = _cues(CASUALTY_CUES, text)
    if casualty and (has_figure or CASUALTY_WITHOUT_FIGURE.search(text) or KILLING.search(text)):
        return CASUALTY, tuple(casualty)
    if cues := _cues(TERRITORY_CUES, text):
        return TERRITORY, tuple(cues)
    if cues := _cues(EVENT_CUES, text):
        return EVENT, tuple(cues)
    return None


def denied_content(sentence: str) -> DeniedContent | None:
    """What a denial sentence denies, or None when it is not a denial."""
    match = _DENIED_OBJECT.search(sentence)
    if match is None or not DENIAL_CUES.search(sentence):
        return None
    start = match.end()
    rest = sentence[start:]
    if not rest.isascii() and (that := _ARABIC_THAT.search(rest)) and that.start() < 60:
        start += that.end()
        rest = sentence[start:]
    tail = _DENIAL_TAIL.search(rest)
    end = start + (tail.start() if tail else len(rest.rstrip()))
    text = sentence[start:end].rstrip(" .،,;")
    end = start + len(text)
    if embedded := _EMBEDDED_REPORT.match(text):
        return DeniedContent(
            text=text[embedded.end() :],
            start=start + embedded.end(),
            end=end,
            is_anaphoric=False,
            is_embedded_report=True,
            reported_by=embedded.group("reporter").strip(),
        )
    return DeniedContent(
        text=text,
        start=start,
        end=end,
        is_anaphoric=bool(_ANAPHORIC_OBJECT.match(text)) or not text,
        is_embedded_report=False,
    )


def claim_candidates(sentence: str) -> list[Candidate]:
    """The claim candidates of one sentence: none, one, or a denial with what it denies or adds."""
    if not is_claim_like(sentence):
        return []
    denied = denied_content(sentence) if DENIAL_CUES.search(_plain(sentence)) else None
    if denied is None:
        found = classify(sentence)
        if found is None:
            return []
        kind, cues = found
        return [Candidate(kind=kind, start=0, end=len(sentence), cues=cues)]
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
    candidates.insert(0, Candidate(DENIAL, 0, denial_end, tuple(_cues(DENIAL_CUES, sentence)), stance=DENIES))
    if denied.is_embedded_report and (found := classify(denied.text)) is not None:
        candidates.append(
            Candidate(kind=found[0], start=denied.start, end=denied.end, cues=found[1], reported_by=denied.reported_by)
        )
    return candidates


@dataclass(frozen=True)
class Preceding:
    """An earlier claim in the same article, offered to a denial as what it might answer."""

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


def questioned_content(sentence: str) -> DeniedContent | None:
    """What a questioning sentence calls into doubt, or None when it does not say."""
    if not QUESTION_CUES.search(_plain(sentence)):
        return None
    match = _QUESTIONED_OBJECT.search(sentence)
    if match is None:
        return None
    start = match.end()
    rest = sentence[start:]
    tail = _DENIAL_TAIL.search(rest)
    text = rest[: tail.start() if tail else len(rest)].rstrip(" .،,;")
    if not text:
        return None
    return DeniedContent(
        text=text,
        start=start,
        end=start + len(text),
        is_anaphoric=bool(_ANAPHORIC_OBJECT.match(text)),
        is_embedded_report=False,
    )


def denial_targets(denied: DeniedContent, denier: str | None, preceding: list[Preceding]) -> list[int]:
    """Keys of the earlier claims a denial answers (nearest first), or [] when none fits well enough.

    "these claims" answers the nearest claim made by someone other than the denier, and the other
    nearby claims of that same origin; "denied that the strikes hit the depot" answers the
    nearby claim sharing most of its content words.
    """
    others = [p for p in preceding if p.kind != DENIAL and (denier is None or p.origin != denier)]
    if not others:
        return []
    others.sort(key=lambda p: p.distance)
    if denied.is_anaphoric:
        nearest = others[0]
        if nearest.distance > 4:
            return []
        same_origin = [p.key for p in others[1:] if p.origin == nearest.origin and p.distance <= 4 and p.origin]
        return [nearest.key, *same_origin]
    if RESPONSIBILITY_CUES.search(denied.text):  # "denying Dravonia's role in the attack"
        blamed = [p for p in others if p.kind == RESPONSIBILITY and p.distance <= 3]
        if blamed:
            return [blamed[0].key]
    words = content_words(denied.text)
    if not words:
        return []
    scored = [
        (word_overlap(words, content_words(p.text)) - 0.03 * p.distance, -p.distance, p.key)
        for p in others
        if p.distance <= 8
    ]
    best = max(scored, default=(0.0, 0, 0))
    return [best[2]] if best[0] >= 0.45 else []


def question_targets(questioned: DeniedContent, asker: str | None, preceding: list[Preceding]) -> list[int]:
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
    return denial_targets(questioned, asker, others)
