"""Forms of the annotation web app: list filters, the annotate popover, verdicts and text corrections."""

from __future__ import annotations

from django import forms
from django.db.models import F, OrderBy

from claims.models import Claim, Mention, Verdict
from claims.services.annotation import DECISIONS
from sources.models import Source


class ArticleFilterForm(forms.Form):
    """Search, filters and order of the article list; every field is optional."""

    # Newest added first by default: what was just imported is on top, whatever date it was published
    # (the demo corpus is dated 2031, and sorting by date put real imports on the last pages).
    SORTS = {
        "added": ("Newest added", (F("created_at").desc(), F("id").desc())),
        "published": ("Newest published", (F("published").desc(nulls_last=True), F("id").desc())),
        "title": ("Title", (F("title").asc(), F("id").asc())),
    }
    DEFAULT_SORT = "added"

    q = forms.CharField(required=False, label="Search", max_length=500)
    outlet = forms.ModelChoiceField(queryset=Source.objects.none(), required=False, empty_label="Any outlet")
    origin = forms.ModelChoiceField(queryset=Source.objects.none(), required=False, empty_label="Any origin")
    language = forms.ChoiceField(required=False, choices=[("", "Any language")])
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    unreviewed = forms.BooleanField(required=False, label="Has unreviewed claims")
    proposed = forms.BooleanField(required=False, label="Has proposed mentions")
    sort = forms.ChoiceField(required=False, label="Sort", choices=[(key, label) for key, (label, _) in SORTS.items()])

    def __init__(self, *args, choices: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = choices["outlets"]
        self.fields["origin"].queryset = choices["origins"]
        self.fields["language"].choices = [("", "Any language")] + [(code, code) for code in choices["languages"]]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data

    def filters(self) -> dict:
        """Keyword arguments for articles_for_reader_list (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "outlet": data["outlet"],
            "origin": data["origin"],
            "language": data["language"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "has_unreviewed_claims": data["unreviewed"],
            "has_proposed_mentions": data["proposed"],
        }

    @property
    def sort_key(self) -> str:
        """The order asked for, or the default when none (or an unknown one) was."""
        if self.is_bound and "sort" not in self.errors:  # kept while another filter is being corrected
            return self.cleaned_data.get("sort") or self.DEFAULT_SORT
        return self.DEFAULT_SORT

    def ordering(self) -> tuple[OrderBy, ...]:
        """Arguments for order_by: the chosen order, then the id so that pages never overlap."""
        return self.SORTS[self.sort_key][1]


class SpanForm(forms.Form):
    """A selection in the article body, in code points."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") is not None and data.get("end") is not None and data["start"] >= data["end"]:
            raise forms.ValidationError("The selection is empty: select some words of the article.")
        return data


NOT_ATTRIBUTED = "none"  # the popover's "Not attributed (the outlet says it)" choice


class AnnotationForm(SpanForm):
    """The annotate popover: a new claim or an existing one, who it is attributed to, hedge and stance."""

    quote = forms.CharField(strip=False, widget=forms.HiddenInput)
    claim = forms.ModelChoiceField(queryset=Claim.objects.filter(merged_into__isnull=True), required=False)
    claim_text = forms.CharField(
        required=False, label="New claim", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    claim_kind = forms.ChoiceField(choices=Claim.Kind.choices, initial=Claim.Kind.EVENT, label="Kind", required=False)
    source = forms.CharField(required=False)  # a source id, "new" (a new anonymous source), "none", or empty
    source_q = forms.CharField(required=False, label="Attributed to", max_length=200)
    hedge = forms.ChoiceField(choices=Mention.Hedge.choices, initial=Mention.Hedge.ASSERTED)
    stance = forms.ChoiceField(choices=Mention.Stance.choices, initial=Mention.Stance.ASSERTS)

    def clean_quote(self) -> str:
        # A form post may turn line breaks into CRLF; the stored text uses LF.
        return self.cleaned_data["quote"].replace("\r\n", "\n")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("claim") is None and not (data.get("claim_text") or "").strip():
            self.add_error("claim_text", "Write the claim, or pick an existing claim to attach the selection to.")
        data["claim_kind"] = data.get("claim_kind") or Claim.Kind.EVENT
        choice = (data.get("source") or "").strip()
        typed = (data.get("source_q") or "").strip()
        data["attributed_to"], data["new_source_name"] = None, ""
        if choice == "new":
            if not typed:
                self.add_error("source_q", "Type the name of the new anonymous source.")
            data["new_source_name"] = typed
        elif choice == NOT_ATTRIBUTED:
            pass  # chosen, even with a name still in the search field
        elif not choice and typed:
            # A name typed but never picked: attributing it to the first match would credit a source the
            # annotator never chose, and dropping it silently would lose what they meant.
            self.add_error(
                "source_q",
                f"“{typed}” is not picked yet: choose a source from the suggestions (click one, or press the "
                "down arrow, then Enter), or clear the name to save the mention as not attributed.",
            )
        elif choice:
            source = Source.objects.filter(pk=int(choice)).first() if choice.isascii() and choice.isdecimal() else None
            if source is None:
                self.add_error("source_q", "That source no longer exists; search again.")
            data["attributed_to"] = source
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(key, key) for key in DECISIONS])


class ReviewForm(forms.Form):
    """A reviewer's verdict on a claim."""

    verdict = forms.ChoiceField(choices=Verdict.choices)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    evidence = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=10000, help_text="Links, mention ids."
    )


class CorrectTextForm(forms.Form):
    """A corrected article body."""

    body = forms.CharField(strip=False, widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}))

    def clean_body(self) -> str:
        # Browsers send a textarea's line breaks as CRLF; the stored text uses LF.
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
