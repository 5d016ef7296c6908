"""In-text attribution: who a sentence says its content comes from, who relayed it, hedge and stance.

"the Syrian Observatory for Human Rights told AFP" gives origin SOHR via AFP; "a Syrian military
source said" an anonymous origin; "according to Sham FM" a named outlet. An AttributionReader
reads one article sentence by sentence and remembers who was introduced, so "Monitor head Ilse
Varga" later resolves "Varga said", "He reported" and "the rights group reported" to the
monitor. English first, with the common Arabic formulas (وفقاً لـ، بحسب،
قال، أفاد، ذكر، أعلن، نفى، نقلت ... عن). Names come out as text; resolving them to Sources is
the caller's business.

Who said it first reads across sentences: "These claims were first published by the Marsk
Herald", "Veloria Wire broke the story" credit what came before to that party (`credit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.text.matching import fold, name_match_key
from claims.text.patterns import hedge_of, stance_of

# Source kinds, spelt as sources.models.Source.Kind values.
OUTLET, NEWS_AGENCY, STATE_MEDIA, ORGANISATION, MONITOR, NGO, MINISTRY, ARMED_GROUP, PERSON, ANONYMOUS = (
    "outlet",
    "news_agency",
    "state_media",
    "organisation",
    "monitor",
    "ngo",
    "ministry",
    "armed_group",
    "person",
    "anonymous",
)

_KIND_HEADS: list[tuple[str, re.Pattern]] = [
    (STATE_MEDIA, re.compile(r"\bstate (?:media|tv|television|news|broadcaster)\b", re.I)),
    (MONITOR, re.compile(r"\b(?:observatory|monitor|monitoring|documentation)\b|المرصد|مرصد", re.I)),
    (
        NEWS_AGENCY,
        re.compile(
            r"\b(?:agency|wire|afp|reuters|ap|associated press|sana|tass|ria|anadolu|xinhua|dpa|upi|irna|"
            r"interfax)\b|وكالة",
            re.I,
        ),
    ),
    (
        MINISTRY,
        re.compile(
            r"\b(?:ministry|ministries|government|presidency|department|reconciliation cent(?:er|re)|pentagon|"
            r"kremlin|white house|mod|foreign office|embassy|command)\b|وزارة|الحكومة|الرئاسة",
            re.I,
        ),
    ),
    (
        NGO,
        re.compile(
            r"\b(?:red cross|red crescent|amnesty|human rights watch|white helmets|unicef|united nations|un|ocha|"
            r"unhcr|who|msf|doctors without borders|ngo|charity)\b|الصليب الأحمر|الهلال الأحمر|الأمم المتحدة",
            re.I,
        ),
    ),
    (
        OUTLET,
        re.compile(
            r"\b(?:tv|television|fm|radio|channel|news|times|post|daily|newspaper|herald|gazette|media|press|"
            r"magazine|journal|blog|review|network|broadcaster|outlet|website)\b|قناة|تلفزيون|صحيفة|إذاعة|موقع",
            re.I,
        ),
    ),
    (
        ARMED_GROUP,
        re.compile(
            r"\b(?:army|forces|front|brigades?|battalions?|militias?|group|hezbollah|isis|isil|daesh|nusra|tahrir|"
            r"units|ypg|sdf|fsa|hts|coalition|movement|party|jaish|jaysh|jeish|faylaq|ahrar|harakat|commando|"
            r"guards?|militants?|rebels?|fighters|taliban|houthis?)\b|جيش|قوات|جبهة|هيئة تحرير|حركة|فصائل|لواء",
            re.I,
        ),
    ),
    (ORGANISATION, re.compile(r"\b(?:committee|council|organi[sz]ation|union|league|center|centre|office)\b", re.I)),
]
_PERSON_TITLE = re.compile(
    r"\b(?:head|director|spokes(?:man|woman|person)|chief|leader|minister|commander|official|secretary|president|"
    r"founder|chairman|chairwoman|emir|general|colonel|major|ayatollah|sheikh|mr|mrs|ms|dr|governor|mayor|"
    r"ambassador|envoy|analyst|expert|researcher|correspondent|reporter)\.?\b",
    re.I,
)
_ROLE_OF = re.compile(
    r"^(?:the\s+)?(?:[\w-]+\s+){0,2}(?:head|director|spokes(?:man|woman|person)|chief|leader|commander|emir|"
    r"founder|chairman|official|minister)\s+(?:of|at|for)\s+(?:the\s+)?(.+)$",
    re.I,
)
_ANONYMOUS_HEADS = re.compile(
    r"\b(?:sources?|officials?|activists?|residents|witnesses|reports?|observers|analysts|commanders?|"
    r"insiders|statements?|side|people|locals|media|journalists|correspondents?|monitors|experts)\b"
    r"|مصدر|مصادر|ناشطون|ناشطين|مراسل|شهود|سكان|أنباء|انباء|تقارير|وسائل إعلام|مسؤول|مسؤولون",
    re.I,
)
_PRONOUNS = {"he", "she", "they", "him", "her", "them", "هو", "هي", "هم"}
_ANAPHORA = re.compile(
    r"^(?:the|this|that|these)\s+((?:[\w-]+\s+){0,2}(?:source|official|group|ministry|monitor|observatory|agency|"
    r"army|organi[sz]ation|coalition|spokes(?:man|woman|person)|statement|movement|militants?|center|centre|"
    r"committee|command|outlet|channel|newspaper|broadcaster|minister|leader|commander|report))$",
    re.I,
)
_QUALIFIED = re.compile(r"^[A-Z]")  # "Dravonian army", not "activist group"
_ARABIC_ANAPHORA = re.compile(r"^(?:ال)(وزارة|وكالة|مرصد|مصدر|جيش|حركة|جماعة|قناة|صحيفة|قيادة|هيئة|مسؤول)")
_DETERMINERS = {
    "a", "an", "the", "some", "several", "many", "most", "local", "unnamed", "anonymous", "other", "two", "three",
    "senior", "official", "informed", "military", "security", "field", "opposition", "pro-government",
    "pro-militant", "government", "rebel", "medical", "western", "russian", "syrian",
}  # fmt: skip
_BOUNDARY = re.compile(
    r"([,;:“”\"«»()\[\]–—]|\s-\s|\b(?:that|which|who|while|and|but|as|when|after|before|since|if)\b)", re.I
)

VERBS = (
    r"said|says|say|told|tells|tell|reported|reports|report|stated|states|announced|announces|claimed|claims|"
    r"confirmed|confirms|added|adds|noted|notes|argued|argues|argue|insisted|insists|explained|warned|warns|"
    r"alleged|alleges|denied|denies|deny|estimated|estimates|wrote|writes|declared|declares|affirmed|affirms|"
    r"revealed|accused|accuses|recorded|acknowledged|admitted|blamed|blames|stressed|quoted|divulged|disclosed|"
    r"rejected|rejects|dismissed|dismisses|refuted|refutes|describes|described|"
    r"showed (?:images|footage|pictures|photos|a video|video)|"
    r"(?:was|were|is|are) (?:quick|swift|first|the first) to (?:deny|dismiss|reject|refute|report|confirm|blame)|"
    r"(?:issued|released|published) (?:a |an |separate )?(?:\w+ )?(?:statements?|responses?|communiqu[eé])"
)
_VERB = re.compile(rf"\b(?:{VERBS})\b")  # lower case only: "Report:" in a heading is not a verb
_TOLD = re.compile(r"\btold\s+((?:the\s+)?(?:[A-Z][\w'’.-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w'’.-]*|[A-Z]{2,})){0,3})")
_QUOTED_BY = re.compile(r"\b(?:as )?quoted by\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")
_CITING = re.compile(r"\bciting\s+([^,.;]+)", re.I)
_ACCORDING = re.compile(r"\baccording to\s+([^,.;“”\"]+)", re.I)
_BY_PASSIVE = re.compile(r"\b(?:reported|announced|claimed|confirmed|stated|published) by\s+([^,.;]+)", re.I)
_INVERTED = re.compile(
    rf"(?:^|[,“”\"»]\s*)(?:{VERBS})\s+((?:the\s+)?[A-Z][^,.;]*?|(?:a|an|the)\s+[^,.;]*?)(?:,[^,]*)?\s*[.!]?[\"”»]?\s*$"
)
_AR_ACCORDING = re.compile(r"(?:وفقا|وفقاً|طبقا|طبقاً)\s*(?:لـ\s*|ل)|(?:بحسب|حسب)\s+|نقلا?ً?\s+عن\s+")
_AR_VERB = re.compile(
    r"(?:^|\s|«)[وف]?(قال|قالت|أضاف|أضافت|اضاف|اضافت|أفاد|افاد|أفادت|افادت|ذكر|ذكرت|أعلن|اعلن|أعلنت|اعلنت|أكد|اكد|أكدت|اكدت|صرح|صرحت|"
    r"أوضح|أوضحت|نفى|نفت|زعم|زعمت|ادعى|ادعت|أشار|أشارت|اتهم|اتهمت|نقلت|نقل)\s+"
)
_AR_STOP = re.compile(
    r"\s(?:أن|إن|ان|بأن|انه|إنه|أنه|في|يوم|اليوم|أمس|مساء|صباح|على|إلى|الى|عن|خلال|لـ|ل|هذه|هذا|تلك|ذلك|صحة)"
    r"(?=\s|$)|[،,:.«]"
)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_STATEMENTS = r"(?:claims?|reports?|allegations?|accusations?|stor(?:y|ies)|news|accounts?|information|rumou?rs?)"
_FIRST_BY = re.compile(
    rf"^\W*(?:(?:these|those|the|such|this|that)\s+)?(?:(?:false|fake|same|original|initial|earlier)\s+)?"
    rf"(?:{_STATEMENTS}|it|they|this)\s+(?:(?:was|were|had been|has been|have been)\s+)?"
    r"(?:first|originally|initially)\s+(?:published|reported|aired|broadcast|carried|posted|made|spread|"
    r"circulated|run|released|broken)\s+by\s+",
    re.I,
)
_REPORTS_CITING = re.compile(
    rf"^\W*(?:(?:these|those|the|such)\s+)?(?:(?:false|fake|same|original|earlier)\s+)?{_STATEMENTS}\s*,?\s+"
    r"(?:were\s+|was\s+)?(?:cit(?:ed|ing)|quot(?:ed|ing))\s+",
    re.I,
)
_BROKE_THE_STORY = re.compile(
    r"\s(?:(?:had|has)\s+)?(?:first\s+)?(?:broke|breaks)\s+the\s+(?:story|news)\b"
    rf"|\s(?:was|were)\s+the\s+first\s+to\s+(?:report|publish|break|carry)\s+(?:it|this|them|the\s+{_STATEMENTS})\b"
    rf"|\s(?:first|originally)\s+(?:reported|published)\s+(?:it|this|them|the\s+{_STATEMENTS})\s*[.!]?\s*$"
)
_ACCORDING_FIRST = re.compile(
    r"\baccording to\s+[^,]+,\s+which\s+(?:first|originally)\s+(?:reported|published|broke|carried)\b", re.I
)
_NP_END = re.compile(
    r"[,.;:]|\s+(?:before|after|and|but|which|who|when|while|on|in|at|last|earlier|as|from|with|during)\s+"
)
_AR_RELAY = re.compile(r"[وف]?نقلت?\s+(.+?)\s+عن\s+(.+)")
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A time after a name is not part of it: "the Ministry of Defence on Thursday", "officials late on Sunday".
_TIME_TAIL = re.compile(
    rf"(?:\s+(?:(?:(?:on|late|early|earlier|last|this|overnight|in|at)\s+)+(?:the\s+)?(?:{_DAYS}|{_MONTHS}|"
    r"\d{1,2}(?:st|nd|rd|th)?|morning|afternoon|evening|night|week|weekend|month)|yesterday|today|tonight)"
    rf"(?:\s+(?:{_MONTHS}|\d{{1,2}}|morning|afternoon|evening|night))*)+\s*$"
)
# A clause is no name: "said it had no reports of casualties" does not make "it had no reports" a speaker.
_CLAUSE = re.compile(
    r"^(?:it|he|she|they|we|there|this|that)\s+\S|\b(?:had|has|have|was|were|is|are|will|would|could|did|does|"
    r"can|may|might|should|must|not)\b"
)
# "his spokesman said": an unnamed party that speaks for someone named before
_POSSESSED = re.compile(
    r"^(?:his|her|its|their)\s+((?:[\w-]+\s+){0,2}(?:spokes(?:man|woman|person)|aides?|office|lawyers?|advis[eo]rs?|"
    r"representatives?|family|relatives|campaign|staff|party|government|ministry))$",
    re.I,
)
_ACCORDING_END = re.compile(r"\s+(?:as\s+(?:quoted|reported|cited|relayed)\s+by|which|who|though|although|but|while)\b")
_ACRONYM_AFTER = re.compile(
    r"((?:(?:al|el)-)?[A-Z][\w'’-]*(?:\s+(?:(?:of|for|the|and|on|al|el)\s+)*(?:(?:al|el)-)?[A-Z][\w'’-]*){1,7})"
    r"\s*\(([A-Z][A-Za-z]{1,9})\)"
)
# Reporting in a clause of its own: "..., saying that X" and "X condemned the attack and said ...".
# "..., with the Veloria Wire Service reporting dozens of casualties"
_WITH_REPORTING = re.compile(
    r"\bwith\s+((?:the\s+)?[A-Z][^,;:]{1,60}?)\s+(?:reporting|saying|claiming|citing|putting|estimating)\b"
)
_PARTICIPLE = re.compile(r",\s+(?:saying|adding|insisting|stressing|noting|explaining|warning)\b")


@dataclass(frozen=True)
class Party:
    """Someone a text attributes something to: a name to look up, a guessed kind, and whether it is unnamed."""

    name: str
    kind: str
    is_anonymous: bool = False

    @property
    def key(self) -> str:
        return name_match_key(self.name)


@dataclass(frozen=True)
class Attribution:
    """Who a sentence attributes its content to (origin), who relayed it (via), hedge and stance."""

    origin: Party | None
    via: Party | None
    hedge: str
    stance: str
    cue: str = ""
    # CREDITS_EARLIER: the sentence names who first stated what came before ("These claims were first
    # published by X"); CREDITS_HERE: who first stated what it says ("..., according to X, which first
    # reported it"), or what came before when it says nothing itself.
    credit: str = ""


CREDITS_EARLIER, CREDITS_HERE = "earlier", "here"


def _kind_from_words(name: str) -> str | None:
    for kind, pattern in _KIND_HEADS:
        if pattern.search(name):
            return kind
    return None


def guess_kind(name: str) -> str:
    """The likeliest Source kind of a named party, from the words in its name."""
    if _PERSON_TITLE.match(name.strip()):
        return PERSON
    return _kind_from_words(name) or ORGANISATION


def _clean_np(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" \t\"'“”‘’«».,;:()[]")
    text = _TIME_TAIL.sub("", text)
    return re.sub(r"^(?:both|also|then|later|and|but|so)\s+", "", text, flags=re.I)


def _is_named(np: str) -> bool:
    """True when np holds a proper name (a capitalised word that is not only a first word or demonym)."""
    for index, word in enumerate(np.split()):
        bare = word.strip("'’.,-")
        if not bare or not bare[0].isupper():
            continue
        if re.fullmatch(r"\w{2,}(?:ian|ish|ese|ean|ican|i)", bare) and not bare.isupper():
            continue  # Dravonian, Turkish: an adjective, not a name
        if index == 0 and (bare.lower() in _DETERMINERS or _ANONYMOUS_HEADS.fullmatch(bare.lower())):
            continue  # "Sources argue", "Local residents said": a capital only because it starts the sentence
        return True
    return False


@dataclass
class AttributionReader:
    """Reads the sentences of one article in order, remembering the parties it has introduced."""

    entities: list[Party] = field(default_factory=list)
    people: dict[str, Party] = field(default_factory=dict)  # surname key -> whom a person speaks for
    last_speaker: Party | None = None
    last_anonymous: Party | None = None
    last_reporter: Party | None = None  # the last party that "reported": what "the report" refers to
    acronyms: dict[str, str] = field(default_factory=dict)  # "VOCS" -> "Veloria Observatory for Civilian Safety"
    full_names: dict[str, str] = field(default_factory=dict)  # surname key -> a full name met in the text

    def read(self, sentence: str) -> Attribution:
        """The attribution of one sentence; updates what the reader remembers for the next ones."""
        self._remember_names(sentence)
        credit = ""
        if (first := self._first_to_state(sentence)) is not None:
            origin, via, cue, credit = first, None, "first published by", CREDITS_EARLIER
        else:
            origin, via, cue = self._find(sentence)
            if origin is not None and _ACCORDING_FIRST.search(_outside_quotes(sentence)):
                credit = CREDITS_HERE
        if origin is not None:
            self.last_speaker = origin
            if origin.is_anonymous:
                self.last_anonymous = origin
            if cue.startswith("report"):
                self.last_reporter = origin
        return Attribution(
            origin=origin,
            via=via,
            hedge=hedge_of(sentence, attributed=origin is not None),
            stance=stance_of(sentence),
            cue=cue,
            credit=credit,
        )

    # --- who said it first ---

    def _first_to_state(self, sentence: str) -> Party | None:
        """The party a sentence says first stated what came before: "These false claims were first
        published by X", "The reports cited X", "X broke the story", "X was the first to report it"."""
        if _ARABIC_LETTER.search(sentence):
            return None
        outside = _outside_quotes(sentence)
        if match := _FIRST_BY.match(outside) or _REPORTS_CITING.match(outside):
            np = _NP_END.split(outside[match.end() :], maxsplit=1)[0]
        elif match := _BROKE_THE_STORY.search(outside):
            np = self._subject_before(outside, match.start() + 1)
        else:
            return None
        party = self._party(np)
        if party is None and _clean_np(np)[:1].isupper():  # a name our rules take for an adjective ("Vedomosti")
            party = self._resolve_org(_bare_name(_clean_np(np)))
        is_title = party is not None and party.kind == PERSON and re.match(r"\s*the\s", np, re.I)  # "the Marsk Ledger"
        if party is None or party.is_anonymous or (party.kind != ORGANISATION and not is_title):
            return party
        # who publishes a story is an outlet, unless its name says what else it is
        outlet = Party(name=party.name, kind=_kind_from_words(np) or OUTLET)
        self.entities = [outlet if known == party else known for known in self.entities]
        return outlet

    # --- finding the attribution phrase ---

    def _find(self, sentence: str) -> tuple[Party | None, Party | None, str]:
        # "The Veloria Observatory for Civilian Safety (VOCS) said": the name, not the short form after it
        outside = _ACRONYM_AFTER.sub(lambda m: m.group(1) + " " * (len(m.group()) - len(m.group(1))), sentence)
        outside = _outside_quotes(outside)
        if _ARABIC_LETTER.search(sentence):
            return self._find_arabic(sentence)
        if match := _CITING.search(outside):
            origin = self._party(match.group(1))
            if origin is not None:
                via = self._party(self._subject_before(outside, _first_verb_start(outside, match.start())))
                return origin, via if via != origin else None, "citing"
        if match := _ACCORDING.search(outside):
            np = _ACCORDING_END.split(match.group(1), maxsplit=1)[0]
            origin = self._party(np) or self._unnamed(np)
            if origin is not None:
                quoted = _QUOTED_BY.search(outside)
                return origin, self._party(quoted.group(1)) if quoted else None, "according to"
        if match := _BY_PASSIVE.search(outside):
            origin = self._party(match.group(1))
            if origin is not None:
                return origin, None, match.group().split()[0].lower()
        for verb in _VERB.finditer(outside):
            if re.search(r"\b(?:is|was|were|are|be|been|being)\s+(?:not\s+)?(?:\w+ly\s+)?$", outside[: verb.start()]):
                continue  # a passive ("was not declared"): the subject is not the speaker
            inverted = verb.group().lower() not in {"told", "tells"}  # who is told is the listener
            if inverted and re.search(r"[,”\"»]\s*$", outside[: verb.start()]):  # "..., reports the Observatory."
                after = re.match(r"\s*([^,.;:“”\"]+)", outside[verb.end() :])
                origin = self._party(after.group(1)) if after else None
                if origin is not None:
                    return origin, None, verb.group().lower()
            if re.search(r"\band\s+$", outside[: verb.start()]):  # "X condemned the attack and said"
                subject = self._clause_subject(outside[: verb.start()].rstrip()[:-3])
            else:
                subject = self._subject_before(outside, verb.start())
            origin = self._party(subject) if subject else None
            if origin is None:
                continue
            via = None
            if verb.group().lower() == "told" and (told := _TOLD.match(outside, verb.start())):
                via = self._party(told.group(1))
            elif quoted := _QUOTED_BY.search(outside):
                via = self._party(quoted.group(1))
            return origin, via, verb.group().lower()
        if match := _INVERTED.search(outside):
            origin = self._party(match.group(1))
            if origin is not None:
                return origin, None, "said"
        if match := _WITH_REPORTING.search(outside):
            origin = self._party(match.group(1))
            if origin is not None:
                return origin, None, "reported"
        if match := _PARTICIPLE.search(outside):  # "X condemned the attack, saying that ..."
            subject = self._clause_subject(outside[: match.start()])
            origin = self._party(subject) if subject else None
            if origin is not None:
                return origin, None, "said"
        return None, None, ""

    def _clause_subject(self, text: str) -> str:
        """The subject of the clause text ends in: "Josh Earnest" in "press secretary Josh Earnest
        condemned the attack", "Abu Tamar" in "Abu Tamar, the commander, condemned the attack"."""
        parts = _BOUNDARY.split(text)
        pieces, delimiters = parts[0::2], parts[1::2]
        index = len(pieces) - 1
        while index >= 0 and not pieces[index].strip():
            index -= 1
        if index < 0:
            return ""
        words = pieces[index].split()
        for end in range(len(words) - 1, 0, -1):  # the longest run of words before a verb that names someone
            follows = words[end]
            if (
                follows[:1].islower()
                and re.fullmatch(r"[a-z]+(?:ed|s)", follows)
                and _looks_like_subject(candidate := _clean_np(" ".join(words[:end])))
            ):
                return candidate if _is_named(candidate) or _ANONYMOUS_HEADS.search(candidate) else ""
        if words and words[0][:1].islower() and index >= 1 and delimiters[index - 1] == ",":
            return self._subject_before(text, text.rfind(pieces[index].strip()))
        return ""

    def _unnamed(self, np: str) -> Party | None:
        """A party the text names only by what it is ("according to the municipality")."""
        np = _clean_np(np)
        if not np or len(np.split()) > 6 or _CLAUSE.search(np) or _ARABIC_LETTER.search(np):
            return None
        name = re.sub(r"^(?:a|an|the|some)\s+", "", np, flags=re.I)
        return Party(name=name, kind=ANONYMOUS, is_anonymous=True) if name else None

    def _subject_before(self, text: str, verb_start: int) -> str:
        """The noun phrase just before a reporting verb, skipping an appositive between commas."""
        parts = _BOUNDARY.split(text[:verb_start])
        pieces, delimiters = parts[0::2], parts[1::2]
        index = len(pieces) - 1
        ends_with_comma = False
        while index >= 0 and not pieces[index].strip():
            ends_with_comma = ends_with_comma or (index >= 1 and delimiters[index - 1] == ",")
            index -= 1
        if index < 0:
            return ""
        if index >= 1 and delimiters[index - 1].lower() in _SUBORDINATORS:
            return ""  # "..., a day after state media said X": the main clause is not theirs
        if ends_with_comma and not _looks_like_subject(_clean_np(pieces[index])):
            # "Ansel Drumm, 52, who sells onions by the gate, said": back over the appositive to the name
            back = index
            while back >= 1 and delimiters[back - 1].lower() in {",", "who", "which", "(", ")", "–", "—"}:
                back -= 1
                candidate = _clean_np(pieces[back])
                if candidate and not candidate.isdigit() and _looks_like_subject(candidate):
                    if _is_named(candidate) or _ANONYMOUS_HEADS.search(candidate):
                        return candidate
                    break
        subject = pieces[index].strip()
        previous = pieces[index - 1].strip() if index >= 1 and delimiters[index - 1] == "," else ""
        if ends_with_comma and previous:
            # "A military source, stationed near the zone, denied": the subject is before the appositive
            first = subject.split()[0]
            if (first[:1].islower() and first.lower() not in _DETERMINERS) or (
                first.lower() in {"a", "an", "the"} and not _is_named(subject) and not _ANONYMOUS_HEADS.search(subject)
            ):
                subject = previous
            elif _is_named(subject) and (role := _ROLE_OF.match(previous)):
                # "The leader of the Korrin Front, Abu Tamar, said": he speaks for the group
                body = self._resolve_org(role.group(1))
                self.people[_surname(subject)] = body
                return previous
        words = subject.split()
        if len(words) > 8:
            words = words[-8:]
            while words and not (words[0][:1].isupper() or words[0].lower() in _DETERMINERS):
                words.pop(0)
        while words and (words[-1].lower() in _AUXILIARIES or words[-1].lower().endswith("ly")):
            words.pop()  # "al-Saadon has affirmed", "Turkey just admitted"
        while words and words[0].lower().endswith("ly") and words[0][:1].islower():
            words.pop(0)  # "naturally Ankara blamed"
        subject = _clean_np(" ".join(words))
        return subject if _looks_like_subject(subject) else ""

    def _find_arabic(self, sentence: str) -> tuple[Party | None, Party | None, str]:
        sentence = _ARABIC_MARKS.sub("", sentence)  # "نفّت" is "نفت": the verbs are written without short vowels
        if relay := _AR_RELAY.search(sentence):
            via = self._party(_arabic_np(relay.group(1)))
            origin = self._party(_arabic_np(relay.group(2)))
            if origin is not None:
                return origin, via, "نقل عن"
        if match := _AR_ACCORDING.search(sentence):
            origin = self._party(_arabic_np(sentence[match.end() :]))
            if origin is not None:
                return origin, None, match.group().strip()
        for match in _AR_VERB.finditer(sentence):
            if match.start() > 40 and sentence[max(0, match.start() - 2) : match.start() + 1].strip() not in {
                "،",
                ".",
                ":",
            }:
                continue  # a verb deep inside a long sentence is rarely its attribution
            origin = self._party(_arabic_np(sentence[match.end() :]))
            if origin is not None:
                return origin, None, match.group(1)
        return None, None, ""

    # --- turning a noun phrase into a party ---

    def _party(self, np: str | None) -> Party | None:
        np = _clean_np(np or "")
        if not np or len(np.split()) > 10:
            return None
        lowered = np.lower()
        if lowered in _PRONOUNS:
            return self.last_speaker
        if lowered in {"it", "this", "there", "we", "i", "you", "one", "nobody", "no one"}:
            return None
        if np in self.acronyms:
            return self._resolve_org(self.acronyms[np])
        if match := _POSSESSED.match(np):
            return Party(name=match.group(1), kind=ANONYMOUS, is_anonymous=True)
        if _CLAUSE.search(np):
            return None
        if match := _ANAPHORA.match(np):
            description = match.group(1)
            if _QUALIFIED.search(description) and not _ANONYMOUS_HEADS.search(description):
                # "the Dravonian army" says whose army it is: a name, not a word for the last speaker
                return self._antecedent(description, qualified=True) or self._resolve_org(np)
            return self._antecedent(description)
        if match := _ARABIC_ANAPHORA.match(np):
            return self._antecedent(match.group(1)) or self._named(np)
        if self._is_anonymous(np):
            name = re.sub(r"^(?:a|an|the|some)\s+", "", np, flags=re.I)
            party = Party(name=name, kind=ANONYMOUS, is_anonymous=True)
            return party
        return self._named(np)

    def _is_anonymous(self, np: str) -> bool:
        if not _ANONYMOUS_HEADS.search(np):
            return False
        if _ARABIC_LETTER.search(np):  # the head comes first: "وكالة الأنباء ..." is an agency, not "reports"
            return bool(_ANONYMOUS_HEADS.match(np))
        if _KIND_HEADS[0][1].search(np) and _is_named(np.replace("state", "").replace("State", "")):
            return False  # "Dravonian state media" is a named collective
        if re.search(r"\bstate (?:media|tv|television|news)\b", np, re.I) and re.search(
            r"\b[A-Z]\w+(?:ian|ish|ese|i)\b", np
        ):
            return False
        return not _is_named(np) or bool(re.search(r"\b(?:sources?|officials?)\s+(?:close to|in|from|at)\b", np, re.I))

    def _named(self, np: str) -> Party | None:
        np = _bare_name(np)
        if not np:
            return None
        if _ARABIC_LETTER.search(np):
            return self._named_arabic(np)
        if not _is_named(np) and not re.search(r"\bstate (?:media|tv|television)\b", np, re.I):
            return None
        if honorific := _HONORIFIC.match(np):  # "Mr Obama" is the "Barack Obama" named before
            surname = _surname(honorific.group(1))
            if surname in self.people:
                return self.people[surname]
            np = self.full_names.get(surname, np)
        if match := _ROLE_OF.match(np):  # "the leader of al-Nusra Front": speaks for the group
            body = self._resolve_org(match.group(1))
            return body
        person, org = _split_person(np)
        if person:
            known = org and (_kind_from_words(org) or any(name_match_key(org) in p.key for p in self.entities))
            speaks_for = self._resolve_org(org) if known else None
            party = speaks_for or Party(name=person, kind=PERSON)
            self.people[_surname(person)] = party
            return party
        surname = _surname(np)
        if surname in self.people:
            return self.people[surname]
        if len(np.split()) == 1 and surname in self.full_names:  # "Obama said", after "Barack Obama"
            return self._named(self.full_names[surname])
        return self._resolve_org(np)

    def _named_arabic(self, np: str) -> Party | None:
        for party in reversed(self.entities):
            if fold(np) in fold(party.name) and len(party.name) > len(np):
                return party
        party = Party(name=np, kind=guess_kind(np))
        self.entities.append(party)
        return party

    def _resolve_org(self, name: str) -> Party:
        """The party a (possibly shortened) organisation name refers to: an earlier full name if any."""
        name = _clean_np(re.sub(r"^(?:the)\s+", "", name, flags=re.I))
        key = name_match_key(name)
        words = set(key.split())
        named = [p for p in reversed(self.entities) if not p.is_anonymous and p.kind != PERSON]
        for party in named:
            if party.key == key:
                return party
        for party in named:  # "the Observatory" for "the Veloria Observatory for Civilian Safety"
            party_words = party.key.split()
            # "Veloria" (a place) is not "Veloria Wire Service", though "Ministry" is "Ministry of Defence"
            is_modifier = words == {party_words[0]} and len(party_words) > 1 and _kind_from_words(name) is None
            if words and words <= set(party_words) and " and " not in f" {party.key} " and not is_modifier:
                return party
        party = Party(name=name, kind=guess_kind(name))
        self.entities.append(party)
        return party

    def _antecedent(self, description: str, *, qualified: bool = False) -> Party | None:
        """The earlier party "the source", "the ministry" or "the activist group" refers to.

        A qualified description ("the Dravonian army") refers only to a party of that name.
        """
        head = fold(description).split()[-1]
        head = re.sub(r"^ال", "", head)
        if head in {"source", "مصدر"}:
            return self.last_anonymous
        if head == "report":
            return self.last_reporter or self.last_speaker
        kinds = {
            "group": {ARMED_GROUP, MONITOR, NGO, ORGANISATION},
            "militant": {ARMED_GROUP},
            "militants": {ARMED_GROUP},
            "monitor": {MONITOR},
            "observatory": {MONITOR},
            "agency": {NEWS_AGENCY, STATE_MEDIA},
            "ministry": {MINISTRY},
            "وزاره": {MINISTRY},
            "وكاله": {NEWS_AGENCY},
            "مرصد": {MONITOR},
        }.get(head, set())
        if "activist" in description.lower() or "rights" in description.lower():
            kinds = {MONITOR, NGO, ORGANISATION}
        if "militant" in description.lower() or "armed" in description.lower():
            kinds = {ARMED_GROUP}
        if qualified:
            key = name_match_key(description)
            return next((p for p in reversed(self.entities) if not p.is_anonymous and key in p.key), None)
        speaker = self.last_speaker
        if speaker is not None and not speaker.is_anonymous and (speaker.kind in kinds or head in fold(speaker.name)):
            return speaker
        for party in reversed(self.entities):
            if party.is_anonymous:
                continue
            if head in fold(party.name).split() or party.kind in kinds:
                return party
        if self.last_speaker is not None and not self.last_speaker.is_anonymous and not kinds:
            return self.last_speaker
        return None

    def _remember_names(self, sentence: str) -> None:
        """Keep the organisations named in the sentence, so later short forms resolve to them."""
        for match in _ACRONYM_AFTER.finditer(sentence):
            self.acronyms[match.group(2)] = _bare_name(match.group(1))
        for match in _FULL_NAME.finditer(sentence):
            words = match.group().split()
            starts = [i for i, w in enumerate(words) if _PERSON_TITLE.fullmatch(w) or w.lower() in _NOT_A_NAME]
            words = words[starts[-1] + 1 :] if starts else words  # "In June President Barack Obama"
            if 2 <= len(words) <= 3 and _kind_from_words(" ".join(words)) is None:
                self.full_names.setdefault(_surname(words[-1]), " ".join(words))
        for match in re.finditer(
            r"(?:(?:al|el)-)?[A-Z][\w'’-]*(?:\s+(?:(?:of|for|the|al|el)\s+)*(?:(?:al|el)-)?[A-Z][\w'’-]*)+",
            sentence,
        ):
            name = _bare_name(match.group())
            if len(name.split()) < 2:
                continue
            kind = guess_kind(name)
            is_body = kind not in {ORGANISATION, PERSON} or re.search(r"\b(?:Observatory|Committee|Council)\b", name)
            if is_body and not any(party.key == name_match_key(name) for party in self.entities):
                self.entities.append(Party(name=name, kind=kind))


def _outside_quotes(sentence: str) -> str:
    """The sentence with quoted speech blanked out (same length), so verbs inside quotes are ignored."""

    def blank(match: re.Match) -> str:
        return match.group(0)[0] + " " * (len(match.group(0)) - 2) + match.group(0)[-1]

    return re.sub(r"“[^”]*”|\"[^\"]*\"|«[^»]*»", blank, sentence)


def _bare_name(name: str) -> str:
    """A name without article, qualifier or descriptor: "The Saudi-backed High Committee" -> "High Committee",
    "Dravonia's official news agency DNA" -> "DNA", "Hollin FM radio station" -> "Hollin FM"."""
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
    name = re.sub(r"^(?:(?:al|el)-)?[A-Z][\w-]*['’]s?\s+(?=[A-Z])", "", name)  # "al-Rassi's Korrin Front"
    name = re.sub(
        r"^(?:(?:pro-[\w-]+|[\w-]+-(?:backed|affiliated|linked|based|led|controlled|held|run|owned))\s+)+",
        "",
        name,
        flags=re.I,
    )
    if match := _DESCRIBED_NAME.match(name):
        name = match.group(1)
    if match := _NAME_THEN_DESCRIPTOR.match(name):
        name = match.group(1)
    name = re.sub(r"\s*\[\d*\]?\s*$", "", name)  # "Washington Post report [3]"
    name = re.sub(r"\s+reports?$", "", name)
    return name.strip()


_DESCRIBED_NAME = re.compile(
    r"^.*?\b(?:news agency|agency|newspaper|e-newspaper|daily|channel|outlet|radio|station|television|website|"
    r"broadcaster|monitor)\s+((?:(?:al|el)-)?[A-Z][\w'’-]*(?:\s+(?:(?:al|el)-)?[A-Z][\w'’-]*){0,3})$"
)
_NAME_THEN_DESCRIPTOR = re.compile(
    r"^((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*)\s+(?:(?:business|financial|national|local|online|independent)\s+)?"
    r"(?:radio station|radio|e-newspaper|newspaper|news website|website|daily|tv channel|channel|news agency)$"
)
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+([A-Z][\w'’-]+)$")
# A person's first and last name, not after an honorific: "Barack Obama", "Ilse Harrowgate"
_FULL_NAME = re.compile(r"(?<![\w.])[A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z][\w'’-]+)){1,5}\b")
_NOT_A_NAME = {"the", "a", "an", "in", "on", "at", "by", "of", "for", "from", "to", "with", "as", "and", "but"} | {
    day.lower() for day in (*_DAYS[3:-1].split("|"), *_MONTHS[3:-1].split("|"))
}
_SUBORDINATORS = {"after", "before", "since", "when", "while", "if", "although", "though", "because"}
_AUXILIARIES = {
    "has", "have", "had", "is", "was", "were", "are", "also", "already", "just", "then", "later", "not",
    "once", "again", "still", "did", "does", "do", "will", "would", "earlier", "previously", "first",
}  # fmt: skip
_SENTENCE_STARTERS = {
    "such", "something", "this", "that", "these", "those", "it", "there", "here", "what", "all", "both", "each",
    "every", "another", "other", "further", "moreover", "however", "meanwhile", "thus", "then", "later", "yet",
    "still", "now", "today", "yesterday", "last", "next", "first", "finally", "in", "on", "at", "by", "for", "from",
    "with", "without", "after", "before", "during", "since", "while", "when", "although", "though", "because",
    "despite", "even", "only", "just", "don't", "don’t", "we", "i", "you", "my", "our", "their", "his", "its",
    "so", "but", "and", "or", "nor", "if", "as", "according", "also", "many", "most", "no", "not",
}  # fmt: skip
_SUBJECT_WORDS = re.compile(
    r"^(?:of|for|the|a|an|and|al|el|de|bin|ibn|abu|in|close|to|near|from|on|its|his|their|her|senior|local|"
    r"official|state|media|news|military|security|government|opposition|rebel|anonymous|unnamed|informed|field|"
    r"medical|activist|militant|armed|monitoring|human|rights|defen[cs]e|foreign|interior|office|front-lines?|"
    r"frontlines?|ground|army|press|general|high|command|audio|video|several|some|many|two|three|other|"
    r"pro-[\w-]+|[\w-]+-(?:backed|affiliated|linked|based|led|controlled|held|run|owned)|[\w-]+['’]s?)$",
    re.I,
)


_PREFIXED_NAME = re.compile(r"(?:al|el|ad|as|an|ar|at|az|ash|abu|bin|ibn)-[A-Z]")


def _looks_like_subject(np: str) -> bool:
    """True when np can be the speaker of a reporting verb: names, titles and descriptors, no stray verbs."""
    words = np.split()
    if not words or len(words) > 8:
        return False
    if _POSSESSED.match(np):
        return True
    if words[0].lower().strip("’'") in _SENTENCE_STARTERS and len(words) > 1 and words[0].lower() not in {"the"}:
        return False
    if len(words) == 1 and words[0].lower() in _SENTENCE_STARTERS:
        return False
    # "Obama administration officials", "a senior political source": unknown words before a head noun
    described = len(words) <= 5 and _is_head(words[-1])
    for word in words:
        bare = word.strip("\"'“”‘’,.;:()[]")
        if not bare or bare[:1].isupper() or bare.lower() in _PRONOUNS or _PREFIXED_NAME.match(bare):
            continue
        if _SUBJECT_WORDS.match(bare) or _ANONYMOUS_HEADS.fullmatch(bare.lower()) or _PERSON_TITLE.fullmatch(bare):
            continue
        if any(pattern.fullmatch(bare) for _, pattern in _KIND_HEADS):
            continue
        if described and bare.isalpha() and not bare.endswith(("ed", "ing")) and bare not in _CLAUSE_WORDS:
            continue
        return False
    return True


_CLAUSE_WORDS = {"had", "has", "have", "was", "were", "is", "are", "will", "would", "could", "did", "does", "and", "or"}


def _is_head(word: str) -> bool:
    """Whether word can end a description of a speaker: "officials", "source", "groups", "bloggers"."""
    bare = word.strip("\"'“”‘’,.;:()[]").lower()
    singular = bare[:-1] if bare.endswith("s") else bare
    return bool(
        _ANONYMOUS_HEADS.fullmatch(bare)
        or _PERSON_TITLE.fullmatch(bare)
        or _PERSON_TITLE.fullmatch(singular)
        or any(pattern.fullmatch(bare) or pattern.fullmatch(singular) for _, pattern in _KIND_HEADS)
        or singular in {"blogger", "authority", "authoritie", "municipality", "agencie", "investigator", "doctor"}
    )


def _first_verb_start(text: str, limit: int) -> int:
    match = _VERB.search(text, 0, limit)
    return match.start() if match else limit


def _split_person(np: str) -> tuple[str, str]:
    """("Ilse Varga", "Observatory") from "Observatory head Ilse Varga"; ("", "") if no person."""
    match = re.match(
        r"^(?:(?P<org>.+?)(?:['’]s)?\s+)?(?P<title>head|director|spokes(?:man|woman|person)|chief|leader|"
        r"commander|emir|founder|chairman|chairwoman|official|minister|foreign minister|defen[cs]e minister|"
        r"(?:press\s+)?secretary|president|general|colonel|ayatollah|sheikh|analyst|expert|governor|mayor|ambassador|envoy)"
        r"\s+(?P<person>(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,3})$",
        np,
        re.I,
    )
    if match and match.group("person")[0].isupper():
        org = (match.group("org") or "").strip()
        if org.lower() in {"foreign", "defence", "defense", "prime", "the", "a", "an"} or not _is_named(org):
            org = ""
        return match.group("person"), org
    words = np.split()
    capitalised = all(w[:1].isupper() or _PREFIXED_NAME.match(w) for w in words)
    if 2 <= len(words) <= 4 and capitalised and _kind_from_words(np) is None and not any(w.isupper() for w in words):
        return np, ""
    return "", ""


def _surname(name: str) -> str:
    words = name_match_key(name).split()
    return words[-1] if words else ""


def _arabic_np(text: str, limit: int = 6) -> str:
    """The noun phrase at the start of Arabic text: up to a stop word or punctuation, at most six words.

    An unnamed source keeps what places it: "مصدر في الجيش" (a source in the army).
    """
    text = text.strip()
    stop = _AR_STOP.search(" " + text)
    if stop:
        head = text[: max(0, stop.start() - 1)]
        rest = text[max(0, stop.start() - 1) :].split()
        if _AR_UNNAMED.fullmatch(head.strip()) and rest and rest[0] in {"في", "من"} and len(rest) > 1:
            after = re.split(r"[،,:.«]|\s(?:أن|إن|ان|بأن)\s", " ".join(rest[1:3]) + " ")[0].split()
            return " ".join([head.strip(), rest[0], *after[:2]])
        text = head
    return " ".join(text.split()[:limit])


_AR_UNNAMED = re.compile(r"(?:مصدر|مصادر|مسؤول|مسؤولون|ناشطون)(?:\s+(?:عسكري|أمني|محلي|مطلع|عسكرية|أمنية|محلية))?")
