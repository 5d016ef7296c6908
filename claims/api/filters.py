"""FilterSets for the API lists: the same triage filters the admin offers, each value checked (400 if unknown)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters
from django_filters.fields import ModelChoiceField
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from claims.api.schema import TEXT_WITHOUT_NUL
from claims.models import Claim, Mention, Review, Verdict
from claims.selectors.triage import search_claims, search_mentions, with_mention
from provenance.models import Article, Derivation
from provenance.search import search_articles
from sources.models import Source

LANGUAGE_CODE = RegexValidator(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", "Use an ISO 639 language code such as en or ar.")
NO_VERDICT = "none"


class ChoicesFilter(filters.MultipleChoiceFilter):
    """A repeatable choice filter on the row's own field or a one-to-one: no DISTINCT.

    django-filter adds DISTINCT by default; on the claim list that made PostgreSQL sort every column
    of the claim status view for every claim before taking a page (seconds at 20,000 claims).
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """true/false/1/0; anything else is an error (forms.NullBooleanField would silently ignore it)."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError("Use true or false.", code="invalid") from None


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = forms.TextInput  # the default widget turns unknown values into "no filter"
        super().__init__(*args, **kwargs)


class IdChoiceField(ModelChoiceField):
    """An object by id, looked up once per request: two filters naming the same row (outlet and origin) share it."""

    found: dict | None = None  # set by StrictFilterForm: one per form, shared by its id fields

    def to_python(self, value):
        query = self.queryset.query
        if self.found is None or value in self.empty_values or query.where or query.select_related:
            return super().to_python(value)
        key = (self.queryset.model, frozenset(query.deferred_loading[0]), query.deferred_loading[1], str(value))
        if key not in self.found:
            self.found[key] = super().to_python(value)
        return self.found[key]


class StrictFilterForm(forms.Form):
    """An empty value is an error for a typed filter (date, id, choice, true/false); text may be empty."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        found: dict = {}
        for field in self.fields.values():
            if isinstance(field, IdChoiceField):
                field.found = found

    def clean(self):
        cleaned = super().clean()
        for key, values in self.data.lists():
            name = key if key in self.fields else key.rsplit("_", 1)[0]
            field = self.fields.get(name)
            if field is not None and not isinstance(field, forms.CharField) and "" in values:
                self.add_error(name, "Give a value, or leave this filter out.")
        return cleaned


class StrictFilterSet(filters.FilterSet):
    def get_form_class(self):
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        return type(f"{type(self).__name__}Form", (StrictFilterForm,), fields)


UNKNOWN_ID = "An id that names nothing is a 400."


def unknown_id_message(noun: str, *, value: str) -> str:
    """What a 400 says of an id that names nothing, the same for a filter and a request body field
    (value: the placeholder each one's error message fills in)."""
    return f"No {noun} with id {value}."


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.ModelChoiceFilter):
    """An object chosen by id; an id that names nothing is a 400 saying so (and the schema says it too)."""

    field_class = IdChoiceField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        noun = self.queryset.model._meta.verbose_name
        self.extra["error_messages"] = {"invalid_choice": unknown_id_message(noun, value="%(value)s")}
        # the class's schema type drops the help text: say both, per filter
        description = " ".join(filter(None, [self.extra.get("help_text") or f"A {noun} id.", UNKNOWN_ID]))
        set_override(self, "field", {"type": "integer", "minimum": 1, "description": description})


class TextFilter(filters.CharFilter):
    """A text filter whose length limit and pattern (an empty value passes: no filter) are in the schema."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        schema: dict = {"type": "string"}
        if self.extra.get("max_length"):
            schema["maxLength"] = self.extra["max_length"]
        patterns = [v.regex.pattern for v in self.extra.get("validators", []) if isinstance(v, RegexValidator)]
        schema["pattern"] = "|".join(["^$", *patterns]) if patterns else TEXT_WITHOUT_NUL
        description = self.extra.get("help_text") or self.label
        set_override(self, "field", {**schema, **({"description": description} if description else {})})


def _search_text(max_length: int = 500) -> TextFilter:
    return TextFilter(method="filter_q", max_length=max_length, label="Full-text search")


def _root_id(source: Source) -> int:
    return source.root_id or source.pk


class ClaimFilter(StrictFilterSet):
    suggested_status = ChoicesFilter(  # the table kept by triggers, read through its index (migration 0013)
        field_name="suggestion__suggested_status", choices=Verdict.choices, help_text="Suggested status (repeatable)."
    )
    verdict = filters.ChoiceFilter(
        choices=[*Verdict.choices, (NO_VERDICT, "No review yet")],
        method="filter_verdict",
        help_text="Verdict of the latest review; `none` for claims nobody has reviewed.",
    )
    disagreement = StrictBooleanFilter(
        field_name="status__is_disagreement", help_text="The latest verdict differs from the suggested status."
    )
    kind = ChoicesFilter(choices=Claim.Kind.choices, help_text="Claim kind (repeatable).")
    article = IdFilter(
        queryset=Article.objects.only("id"), method="filter_article", help_text="Claims mentioned in this article."
    )
    outlet = IdFilter(
        queryset=Source.objects.all(), method="filter_outlet", help_text="Claims mentioned by this outlet."
    )
    origin = IdFilter(
        queryset=Source.objects.all(),
        method="filter_origin",
        help_text="Claims with a mention whose origin (attributed source, else the root of the article's chain) "
        "is this source's affiliation root.",
    )
    attributed_to = IdFilter(
        queryset=Source.objects.all(), method="filter_attributed_to", help_text="Claims attributed to this source."
    )
    language = TextFilter(
        method="filter_language", validators=[LANGUAGE_CODE], help_text="Claims mentioned in this language."
    )
    published = filters.DateFromToRangeFilter(
        method="filter_published", help_text="A mentioning article was published in this range (YYYY-MM-DD)."
    )
    event_date = filters.DateFromToRangeFilter(field_name="event_date", help_text="Date the claim is about.")
    created = filters.DateFromToRangeFilter(field_name="created_at__date", help_text="Date the claim was recorded.")
    reviewed = filters.DateFromToRangeFilter(
        field_name="status__verdict_at__date", help_text="Date of the latest review."
    )
    q = _search_text()

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_verdict(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == NO_VERDICT:
            return queryset.filter(status__verdict__isnull=True)
        return queryset.filter(status__verdict=value)

    def filter_article(self, queryset, name, value):
        return with_mention(queryset, Q(article=value))

    def filter_outlet(self, queryset, name, value):
        return with_mention(queryset, Q(article__outlet=value))

    def filter_origin(self, queryset, name, value):
        return with_mention(queryset, Q(origin__origin_source_id=_root_id(value)))

    def filter_attributed_to(self, queryset, name, value):
        return with_mention(queryset, Q(attributed_to=value))

    def filter_language(self, queryset, name, value):
        return with_mention(queryset, Q(article__language__iexact=value))

    def filter_published(self, queryset, name, value):
        condition = Q()
        if value.start:
            condition &= Q(article__published__gte=value.start)
        if value.stop:
            condition &= Q(article__published__lte=value.stop)
        return with_mention(queryset, condition) if condition else queryset

    def filter_q(self, queryset, name, value):
        return search_claims(queryset, value)


class MentionFilter(StrictFilterSet):
    claim = IdFilter(queryset=Claim.objects.only("id"), help_text="Mentions of this claim.")
    article = IdFilter(queryset=Article.objects.only("id"), help_text="Mentions in this article.")
    status = ChoicesFilter(choices=Mention.Status.choices)
    stance = ChoicesFilter(choices=Mention.Stance.choices)
    hedge = ChoicesFilter(choices=Mention.Hedge.choices)
    outlet = IdFilter(field_name="article__outlet", queryset=Source.objects.all())
    attributed_to = IdFilter(queryset=Source.objects.all())
    origin = IdFilter(queryset=Source.objects.all(), method="filter_origin")
    language = TextFilter(field_name="article__language", lookup_expr="iexact", validators=[LANGUAGE_CODE])
    published = filters.DateFromToRangeFilter(field_name="article__published")
    verdict = filters.ChoiceFilter(choices=[*Verdict.choices, (NO_VERDICT, "No review yet")], method="filter_verdict")
    q = _search_text()

    class Meta:
        model = Mention
        fields: list[str] = []

    def filter_origin(self, queryset, name, value):
        return queryset.filter(origin__origin_source_id=_root_id(value))

    def filter_verdict(self, queryset, name, value):
        if value == NO_VERDICT:
            return queryset.filter(claim__status__verdict__isnull=True)
        return queryset.filter(claim__status__verdict=value)

    def filter_q(self, queryset, name, value):
        return search_mentions(queryset, value)


class ReviewFilter(StrictFilterSet):
    claim = IdFilter(queryset=Claim.objects.only("id"))
    verdict = ChoicesFilter(choices=Verdict.choices)
    reviewer = TextFilter(field_name="reviewer__username", max_length=150, help_text="Reviewer's username.")
    created = filters.DateFromToRangeFilter(field_name="created_at__date")

    class Meta:
        model = Review
        fields: list[str] = []


class ArticleFilter(StrictFilterSet):
    outlet = IdFilter(queryset=Source.objects.all())
    carrier = IdFilter(queryset=Source.objects.all())
    origin = IdFilter(
        queryset=Source.objects.all(), method="filter_origin", help_text="Articles whose chain starts at this source."
    )
    origin_article = IdFilter(queryset=Article.objects.only("id"))
    language = TextFilter(lookup_expr="iexact", validators=[LANGUAGE_CODE])
    published = filters.DateFromToRangeFilter()
    needs_review = StrictBooleanFilter()
    q = _search_text()

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_origin(self, queryset, name, value):
        return queryset.filter(origin_outlet__root_id=_root_id(value))

    def filter_q(self, queryset, name, value):
        return search_articles(queryset, value)


class DerivationFilter(StrictFilterSet):
    status = ChoicesFilter(choices=Derivation.Status.choices)
    kind = ChoicesFilter(choices=Derivation.Kind.choices)
    evidence = ChoicesFilter(choices=Derivation.Evidence.choices)
    needs_review = StrictBooleanFilter()
    derived = IdFilter(queryset=Article.objects.only("id"))
    source_article = IdFilter(queryset=Article.objects.only("id"))
    source_outlet = IdFilter(queryset=Source.objects.all())
    outlet = IdFilter(field_name="derived__outlet", queryset=Source.objects.all())
    created = filters.DateFromToRangeFilter(field_name="created_at__date")

    class Meta:
        model = Derivation
        fields: list[str] = []


class SourceFilter(StrictFilterSet):
    kind = ChoicesFilter(choices=Source.Kind.choices)
    grade = ChoicesFilter(choices=Source.Grade.choices)
    country = TextFilter(
        lookup_expr="iexact", validators=[RegexValidator(r"^[A-Za-z]{2}$", "Use an ISO 3166-1 alpha-2 code.")]
    )
    parent = IdFilter(queryset=Source.objects.all())
    root = IdFilter(queryset=Source.objects.all(), help_text="Sources under this affiliation root.")
    needs_review = StrictBooleanFilter()
    q = TextFilter(method="filter_q", max_length=200, help_text="Name or alias contains this text.")

    class Meta:
        model = Source
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        aliases = Source.objects.filter(pk=OuterRef("pk"), aliases__name__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Exists(aliases))
