"""The article admin's suggested outlet: the suggestion with its evidence, and buttons to accept or dismiss it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from provenance.house_style import accept_outlet_suggestion, candidates_of, dismiss_outlet_suggestion
from provenance.models import Article, OutletSuggestion
from provenance.services import ProvenanceError
from sources.models import Source


def _teacher_html(outlet: dict) -> str:
    links = format_html_join(
        ", ",
        "<a href='{}'>{}</a>",
        ((reverse("admin:provenance_article_change", args=[pk]), pk) for pk in outlet["examples"]),
    )
    taught = " (taught by a suggestion, not yet a known outlet)" if outlet["taught_by_suggestion"] else ""
    return format_html(
        "{} article(s) of {} show it{}: {}",
        outlet["articles"],
        outlet["name"] or f"source {outlet['id']}",
        taught,
        links,
    )


def _evidence_html(item: dict) -> str:
    if item["direct"]:
        why = "the text names the outlet in words an outlet uses only of itself"
    elif item["points_to"] is None:
        why = "shared by several outlets: not counted"
    else:
        why = format_html_join("; ", "{}", ((_teacher_html(outlet),) for outlet in item["outlets"]))
    return format_html(
        "<li><strong>{}</strong>: <q>{}</q> <small class='quiet'>{}</small></li>", item["label"], item["text"], why
    )


def outlet_suggestion_panel(suggestion: OutletSuggestion, *, can_decide: bool) -> str:
    """The suggestion, its evidence, and (pending, for someone who may change the article) the buttons."""
    url = reverse("admin:provenance_article_outlet_suggestion", args=[suggestion.article_id])
    if suggestion.is_ambiguous:
        head = "Ambiguous: the cues point to more than one outlet"
    else:
        head = format_html("Suggested outlet: <strong>{}</strong>", suggestion.outlet)
    if suggestion.status == OutletSuggestion.Status.PENDING:
        state = format_html("<span class='status status-single_sourced'>{}</span>", "to review")
    else:
        state = format_html(
            "<span class='status'>{} by {} on {}</span>",
            suggestion.get_status_display().lower(),
            suggestion.decided_by or "the system",
            suggestion.decided_at.date().isoformat() if suggestion.decided_at else "-",
        )
    buttons = ""
    if can_decide and suggestion.status == OutletSuggestion.Status.PENDING:
        names = dict(Source.objects.filter(pk__in=candidates_of(suggestion)).values_list("pk", "name"))
        accept = format_html_join(
            " ",
            "<button type='submit' class='button' formaction='{}' formnovalidate name='accept' value='{}'>"
            "Accept {} as the outlet</button>",
            ((url, pk, name) for pk, name in names.items()),
        )
        buttons = format_html(
            "<p>{} <button type='submit' class='button' formaction='{}' formnovalidate name='dismiss' value='1'>"
            "Dismiss</button></p>",
            accept,
            url,
        )
    return format_html(
        "<div class='status-box outlet-suggestion'><p class='explanation'>{} {}</p>"
        "<p class='quiet'>Read from the house style of the articles whose outlet is known; "
        "not the article's outlet until a person accepts it.</p><ul>{}</ul>{}</div>",
        head,
        state,
        format_html_join("", "{}", ((_evidence_html(item),) for item in suggestion.evidence)),
        buttons,
    )


class OutletSuggestionAdminMixin:
    """Adds the suggested-outlet panel to the article page, its accept/dismiss view, and bulk actions."""

    change_form_template = "provenance/admin/article_change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.decide_outlet_suggestion)
        return [
            path("<int:article_id>/outlet-suggestion/", view, name="provenance_article_outlet_suggestion"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        suggestion = (
            OutletSuggestion.objects.select_related("outlet", "decided_by").filter(article_id=object_id).first()
            if str(object_id).isdecimal()
            else None
        )
        if suggestion is not None:
            can_decide = self.has_change_permission(request, suggestion.article)
            extra_context["outlet_suggestion_panel"] = outlet_suggestion_panel(suggestion, can_decide=can_decide)
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_outlet_suggestion(self, request, article_id: int):
        """Accept (the named candidate) or dismiss an article's suggested outlet, then back to its page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article.objects.only("id"), pk=article_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied("you may not change this article's outlet")
        back = HttpResponseRedirect(reverse("admin:provenance_article_change", args=[article.pk]))
        suggestion = OutletSuggestion.objects.filter(article=article).first()
        try:
            if suggestion is None:
                raise ProvenanceError(f"article {article.pk} has no suggested outlet")
            if "dismiss" in request.POST:
                dismiss_outlet_suggestion(suggestion=suggestion, decided_by=request.user)
                self.message_user(request, "The suggested outlet was dismissed.", messages.SUCCESS)
                return back
            chosen = _chosen_outlet(request.POST.get("accept", ""))
            accepted = accept_outlet_suggestion(suggestion=suggestion, decided_by=request.user, outlet=chosen)
        except ProvenanceError as error:
            self.message_user(request, f"{error}; nothing was changed", messages.ERROR)
            return back
        self.message_user(request, f"{accepted.outlet} is now the article's outlet.", messages.SUCCESS)
        return back

    @admin.action(description="Accept the suggested outlet of the selected articles", permissions=["change"])
    def accept_suggested_outlets(self, request, queryset) -> None:
        suggestions = OutletSuggestion.objects.filter(
            article__in=queryset, status=OutletSuggestion.Status.PENDING, is_ambiguous=False
        )
        accepted, refused = 0, []
        for suggestion in suggestions:
            try:
                accept_outlet_suggestion(suggestion=suggestion, decided_by=request.user)
                accepted += 1
            except ProvenanceError as error:
                refused.append(str(error))
        self.message_user(request, f"{accepted} suggested outlet(s) accepted.", messages.SUCCESS)
        for reason in refused[:10]:
            self.message_user(request, f"not accepted: {reason}", messages.WARNING)

    @admin.action(description="Dismiss the suggested outlet of the selected articles", permissions=["change"])
    def dismiss_suggested_outlets(self, request, queryset) -> None:
        count = 0
        for suggestion in OutletSuggestion.objects.filter(article__in=queryset, status=OutletSuggestion.Status.PENDING):
            dismiss_outlet_suggestion(suggestion=suggestion, decided_by=request.user)
            count += 1
        self.message_user(request, f"{count} suggested outlet(s) dismissed.", messages.SUCCESS)


def _chosen_outlet(value: str) -> Source | None:
    if not value:
        return None
    if not value.isdecimal():
        raise ProvenanceError(f"not a source id: {value[:20]!r}")
    source = Source.objects.filter(pk=int(value)).first()
    if source is None:
        raise ProvenanceError(f"no source with id {value}")
    return source


class OutletSuggestionFilter(admin.SimpleListFilter):
    """Articles by their suggested outlet's state: to review, ambiguous, accepted, dismissed."""

    title = "suggested outlet"
    parameter_name = "outlet_suggestion"

    def lookups(self, request, model_admin):
        return [
            ("pending", "to review"),
            ("ambiguous", "ambiguous"),
            ("accepted", "accepted"),
            ("dismissed", "dismissed"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "ambiguous":
            return queryset.filter(outlet_suggestion__is_ambiguous=True, outlet_suggestion__status="pending")
        if value in {"pending", "accepted", "dismissed"}:
            return queryset.filter(outlet_suggestion__status=value)
        return queryset
