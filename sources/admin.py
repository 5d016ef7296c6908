"""Admin for sources (affiliation tree, grades in bulk, history), aliases, domains and authors.

What provenance and claims know about a source (what it originates, copies, is quoted for) is
added to its page by claims.admin, which may read all three apps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet

from config.admin_toolkit import (
    ActionPermissionsMixin,
    HistoryMixin,
    NamesRightToLeftMixin,
    OptimisticLockMixin,
    bulk_confirmation,
    confirmed_ids,
)
from sources.models import Author, AuthorAlias, Source, SourceAlias, SourceDomain
from sources.services import SourceError, set_grade

# --- sources --------------------------------------------------------------------------------------


class SourceAliasInline(NamesRightToLeftMixin, admin.TabularInline):
    model = SourceAlias
    extra = 1


class SourceDomainInline(admin.TabularInline):
    model = SourceDomain
    extra = 1


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label="Reliability grade", choices=Source.Grade.choices, widget=forms.RadioSelect)


@dataclass
class TreeNode:
    source: Source
    depth: int
    is_current: bool


def affiliation_tree(source: Source) -> list[TreeNode]:
    """The whole affiliation tree the source belongs to, top first, as rows with their depth: one query."""
    members = list(Source.objects.filter(root_id=source.root_id or source.pk).only("name", "kind", "grade", "parent"))
    children: dict[int | None, list[Source]] = {}
    for member in members:
        children.setdefault(member.parent_id, []).append(member)
    known = {m.pk for m in members}
    tops = [m for m in members if m.parent_id is None or m.parent_id not in known] or [source]
    rows: list[TreeNode] = []

    def walk(node: Source, depth: int) -> None:
        rows.append(TreeNode(source=node, depth=depth, is_current=node.pk == source.pk))
        for child in sorted(children.get(node.pk, []), key=lambda s: s.name):
            if depth < 20:  # affiliation cannot loop (set_parent refuses), but never spin
                walk(child, depth + 1)

    for top in tops:
        walk(top, 0)
    return rows


@admin.register(Source)
class SourceAdmin(OptimisticLockMixin, NamesRightToLeftMixin, HistoryMixin, ActionPermissionsMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "country", "grade", "parent", "article_count", "needs_review"]
    list_filter = ["kind", "grade", "needs_review", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases__name", "domains__domain"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceAliasInline, SourceDomainInline]
    actions = ["set_reliability_grade"]
    change_form_template = "admin/sources/source/change_form.html"
    history_event_models = ("sources.SourceEvent", "sources.SourceAliasEvent")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, source: Source) -> int:
        return source.article_count

    def has_grade_permission(self, request) -> bool:
        return request.user.has_perm("sources.grade_source")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_grade_permission(request):
            readonly.append("grade")  # an annotator may add a source but not judge it
        return readonly

    def source_context(self, source: Source) -> dict:
        """What the change page shows above the form."""
        return {"tree": affiliation_tree(source)}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        source = self.get_object(request, object_id)
        if source is not None:
            extra_context = {
                **(extra_context or {}),
                **self.source_context(source),
                **self.history_context(source),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Set the reliability grade of selected sources…", permissions=["grade"])
    def set_reliability_grade(self, request, queryset: QuerySet[Source]):
        if request.POST.get("post") == "yes":
            form = GradeForm(request.POST)
            if (ids := confirmed_ids(self, request)) is None:
                return None
            if form.is_valid():
                grade = form.cleaned_data["grade"]
                try:
                    changed = set_grade(source_ids=ids, grade=grade)
                except SourceError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                self.message_user(request, f"{changed} of {len(ids)} source(s) now graded {grade}.", messages.SUCCESS)
                return None
        else:
            ids = list(queryset.values_list("pk", flat=True))
            form = GradeForm()
        sources = Source.objects.filter(pk__in=ids).order_by("name")
        return bulk_confirmation(
            self,
            request,
            action="set_reliability_grade",
            ids=ids,
            title="Set the reliability grade",
            form=form,
            template="admin/sources/source/set_grade.html",
            sources=sources,
        )


class AuthorAliasInline(admin.TabularInline):
    model = AuthorAlias
    extra = 1


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet_names", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name", "aliases__name"]
    autocomplete_fields = ["outlets"]
    inlines = [AuthorAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("outlets")

    @admin.display(description="outlets")
    def outlet_names(self, author: Author) -> str:
        return ", ".join(outlet.name for outlet in author.outlets.all())
