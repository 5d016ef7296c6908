"""List filters of the claim triage queue: status, verdict, mentions (outlet, origin, source, language), dates."""

from __future__ import annotations

from datetime import date

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language_info

from claims.models import Verdict
from claims.selectors.triage import (
    SAVED_VIEWS,
    attributed_source_choices,
    language_choices,
    origin_choices,
    outlet_choices,
    reviewed_by,
    reviewer_choices,
    saved_view,
    with_mention,
)


def once_per_request(request, compute, **kwargs):
    """compute(**kwargs) once per request: the admin builds its filters again for each facet count."""
    cache = request.__dict__.setdefault("_claim_filter_choices", {})
    key = (compute, tuple(sorted(kwargs.items())))
    if key not in cache:
        cache[key] = compute(**kwargs)
    return cache[key]


class ChoiceFilter(admin.SimpleListFilter):
    """A filter whose value must be one of its lookups; anything else is named in a message and ignored."""

    def checked_value(self, request) -> str | None:
        value = self.value()
        if value is None:
            return None
        if value not in {str(key) for key, _label in self.lookup_choices}:
            if not getattr(self, "_warned", False):
                messages.warning(request, f"{value!r} is not a choice of the {self.title} filter; it was ignored.")
                self._warned = True
            return None
        return value


class SavedViewFilter(ChoiceFilter):
    title = "saved view"
    parameter_name = "view"

    def lookups(self, request, model_admin):
        return [(view.slug, view.label) for view in SAVED_VIEWS]

    def queryset(self, request, queryset):
        view = saved_view(self.checked_value(request) or "")
        return queryset.filter(view.condition(timezone.now())) if view else queryset


class SuggestedStatusFilter(ChoiceFilter):
    title = "suggested status"
    parameter_name = "suggested"

    ONE_CARRIER = "corroborated_one_carrier"

    def lookups(self, request, model_admin):
        return [*Verdict.choices, (self.ONE_CARRIER, "Corroborated through one carrier")]

    def queryset(self, request, queryset):
        value = self.checked_value(request)
        if value == self.ONE_CARRIER:  # independent origins that all reach us in one article
            return queryset.filter(status__suggested_status=Verdict.CORROBORATED, status__one_carrier__isnull=False)
        return queryset.filter(status__suggested_status=value) if value else queryset


class VerdictFilter(ChoiceFilter):
    title = "verdict"
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return [("none", "No verdict yet"), *Verdict.choices]

    def queryset(self, request, queryset):
        value = self.checked_value(request)
        if value == "none":
            return queryset.filter(status__verdict__isnull=True)
        return queryset.filter(status__verdict=value) if value else queryset


class DisagreementFilter(ChoiceFilter):
    title = "verdict vs suggestion"
    parameter_name = "disagreement"

    def lookups(self, request, model_admin):
        return [("yes", "Verdict differs from suggestion"), ("no", "Verdict agrees (or none)")]

    def queryset(self, request, queryset):
        value = self.checked_value(request)
        return queryset.filter(status__is_disagreement=value == "yes") if value else queryset


class MentionFilter(ChoiceFilter):
    """Claims with a live mention whose `lookup` equals the chosen value."""

    lookup = ""

    def queryset(self, request, queryset):
        value = self.checked_value(request)
        return with_mention(queryset, Q(**{self.lookup: value})) if value else queryset


class SourceFilter(MentionFilter):
    """A mention filter on a source: the most used sources are listed, and the chosen one."""

    choices_of = None

    def lookups(self, request, model_admin):
        chosen = request.GET.get(self.parameter_name, "")
        include = int(chosen) if chosen.isdecimal() else None
        return once_per_request(request, type(self).choices_of, include=include)


class LanguageFilter(MentionFilter):
    title = "language"
    parameter_name = "language"
    lookup = "article__language"

    def lookups(self, request, model_admin):
        def name(code: str) -> str:
            try:
                return f"{get_language_info(code)['name']} ({code})"
            except KeyError:
                return code

        return sorted((code, name(code)) for code in once_per_request(request, language_choices))


class OutletFilter(SourceFilter):
    title = "outlet"
    parameter_name = "outlet"
    lookup = "article__outlet_id"

    choices_of = staticmethod(outlet_choices)


class OriginFilter(SourceFilter):
    title = "origin"
    parameter_name = "origin"
    lookup = "origin__origin_source_id"

    choices_of = staticmethod(origin_choices)


class AttributedSourceFilter(SourceFilter):
    title = "attributed source"
    parameter_name = "attributed_to"
    lookup = "attributed_to_id"

    choices_of = staticmethod(attributed_source_choices)


class ReviewerFilter(ChoiceFilter):
    title = "reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        return once_per_request(request, reviewer_choices)

    def queryset(self, request, queryset):
        value = self.checked_value(request)
        return reviewed_by(queryset, int(value)) if value else queryset


class MergedFilter(admin.SimpleListFilter):
    """Claims merged into another are hidden unless asked for."""

    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("yes", "Merged into another claim"), ("all", "All claims")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "all":
            return queryset
        return queryset.filter(merged_into__isnull=True)

    def choices(self, changelist):
        yield {
            "selected": self.value() not in ("yes", "all"),
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Not merged",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class DateRangeFilter(admin.ListFilter):
    """From / to dates (YYYY-MM-DD, either may be empty) on one date of the claim's status."""

    template = "admin/claims/includes/date_range_filter.html"
    prefix = ""
    lookup = ""

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.bounds: dict[str, date] = {}
        for bound in ("from", "to"):
            name = f"{self.prefix}_{bound}"
            if name not in params:
                continue
            raw = params.pop(name)[-1]
            self.used_parameters[name] = raw
            if not raw.strip():
                continue
            try:
                self.bounds[bound] = date.fromisoformat(raw.strip())
            except ValueError:
                messages.warning(
                    request, f"{raw!r} is not a date (use YYYY-MM-DD): the {self.title} filter ignored it."
                )

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str]:
        return [f"{self.prefix}_from", f"{self.prefix}_to"]

    def queryset(self, request, queryset):
        if "from" in self.bounds:
            queryset = queryset.filter(**{f"{self.lookup}__gte": self.bounds["from"]})
        if "to" in self.bounds:
            queryset = queryset.filter(**{f"{self.lookup}__lte": self.bounds["to"]})
        return queryset

    def choices(self, changelist: ChangeList):
        keep = {k: v for k, v in changelist.params.items() if k not in self.expected_parameters() and k != "p"}
        yield {
            "prefix": self.prefix,
            "from": self.used_parameters.get(f"{self.prefix}_from", ""),
            "to": self.used_parameters.get(f"{self.prefix}_to", ""),
            "hidden": sorted(keep.items()),
            "clear": changelist.get_query_string(remove=self.expected_parameters()) if self.used_parameters else "",
        }


class ReportedBetweenFilter(DateRangeFilter):
    title = "first reported"
    prefix = "reported"
    lookup = "status__first_published"


class ReviewedBetweenFilter(DateRangeFilter):
    title = "last verdict"
    prefix = "reviewed"
    lookup = "status__verdict_at__date"
