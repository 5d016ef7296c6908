"""Admin for sources (profile, affiliation tree, grades in bulk, history), aliases, domains and authors.

Also the building blocks the other admins share: actions refused with 403 when forged, bulk
actions confirmed on an intermediate page, and a history panel read from django-pghistory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model, Q, QuerySet
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.text import capfirst

from sources.models import Author, AuthorAlias, Source, SourceAlias, SourceDomain
from sources.services import SourceError, set_grade

# --- shared building blocks -----------------------------------------------------------------------


class ActionPermissionsMixin:
    """Refuse (403) an action POST the user may not run, instead of the admin's silent redirect.

    The admin hides actions a user lacks permission for, but a forged POST naming one would only
    get "No action selected". Refusing it outright makes the rule visible and testable.
    """

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            # _get_base_actions lists every action of this admin before the permission filter.
            known = {name: func for func, name, _description in self._get_base_actions()}
            for name in filter(None, request.POST.getlist("action")):
                func = known.get(name)
                permissions = getattr(func, "allowed_permissions", ()) if func else ()
                if permissions and not any(getattr(self, f"has_{p}_permission")(request) for p in permissions):
                    raise PermissionDenied(f"you may not run the action {name!r}")
        return super().changelist_view(request, extra_context)


def selected_ids(request) -> list[int]:
    """The ids a bulk confirmation page carries forward (one field, so thousands fit in a POST)."""
    parts = [part.strip() for part in request.POST.get("selected_ids", "").split(",") if part.strip()]
    bad = next((part for part in parts if not part.isdecimal()), None)
    if bad is not None:
        raise ValueError(f"the selection was garbled ({bad[:20]!r} is not an id); select the rows again")
    return [int(part) for part in parts]


def confirmed_ids(model_admin: admin.ModelAdmin, request) -> list[int] | None:
    """The ids of a confirmed bulk action, or None once the user is told the selection was garbled."""
    try:
        return selected_ids(request)
    except ValueError as error:
        model_admin.message_user(request, str(error), messages.ERROR)
        return None


def bulk_confirmation(
    model_admin: admin.ModelAdmin,
    request,
    *,
    action: str,
    ids: list[int],
    title: str,
    form: forms.Form,
    template: str,
    **context,
) -> TemplateResponse:
    """The intermediate page of a bulk action: what will change, a form, and a confirm button.

    It posts back to the change list with post=yes and the ids in one hidden field; the admin
    only needs one _selected_action to route the POST to the action.
    """
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "opts": opts,
            "app_label": opts.app_label,
            "action": action,
            "ids": ids,
            "selected_ids": ",".join(map(str, ids)),
            "first_id": ids[0] if ids else "",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "form": form,
            "media": model_admin.media + form.media,
            **context,
        },
    )


@dataclass
class HistoryEntry:
    """One recorded change: when, who, what, and which fields changed."""

    at: datetime
    user: str
    action: str
    subject: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


_ACTIONS = {"insert": "created", "update": "changed", "delete": "deleted"}
_UNINTERESTING = {"updated_at", "key", "pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_context"}


def _short(value) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def recent_events(obj: Model, event_models: Iterable[str], *, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes recorded by django-pghistory to obj and rows pointing at it, newest first.

    One query: the events across the given event models, with the person who made each.
    """
    from pghistory.models import MiddlewareEvents

    events = (
        MiddlewareEvents.objects.references(obj)
        .across(*event_models)
        .select_related("user")
        .order_by("-pgh_created_at", "-pgh_id")[:limit]
    )
    entries = []
    for event in events:
        try:
            model_label = apps.get_model(event.pgh_obj_model)._meta.verbose_name
        except (LookupError, ValueError):
            model_label = (event.pgh_obj_model or "row").split(".")[-1].lower()
        user = event.user
        changes = [
            (name, _short(old), _short(new))
            for name, (old, new) in sorted((event.pgh_diff or {}).items())
            if name not in _UNINTERESTING
        ]
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at,
                user=user.get_username() if user else "system",
                action=_ACTIONS.get(event.pgh_label, event.pgh_label),
                subject=f"{model_label} {event.pgh_obj_id}",
                changes=changes if event.pgh_label == "update" else [],
            )
        )
    return entries


class HistoryMixin:
    """The admin's History page, and a panel of recent changes on the change page, from django-pghistory.

    pghistory's triggers record every insert, update and delete with the user the HistoryMiddleware
    saw, so changes made outside the admin (web app, API, jobs) show here too.
    """

    history_event_models: tuple[str, ...] = ()
    history_panel_size = 20

    def history_context(self, obj: Model) -> dict:
        return {"history": recent_events(obj, self.history_event_models, limit=self.history_panel_size)}

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/pghistory_object_history.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Change history: {obj}",
                "subtitle": None,
                "object": obj,
                "opts": self.opts,
                "module_name": str(capfirst(self.opts.verbose_name_plural)),
                "history": recent_events(obj, self.history_event_models, limit=1000),
                "full_history": True,
                "preserved_filters": self.get_preserved_filters(request),
                **(extra_context or {}),
            },
        )


# --- sources --------------------------------------------------------------------------------------


class NamesRightToLeftMixin:
    """Name fields follow the direction of what is typed in them (Arabic names right to left)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in {"name", "notes"} and field is not None:
            field.widget.attrs["dir"] = "auto"
        return field


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


def source_profile(source: Source) -> dict:
    """What a source originates and what it copies, as counts (four queries).

    Reads articles and mentions through the reverse relations, so this app imports neither
    provenance nor claims (the direction of knowledge is sources <- provenance <- claims).
    """
    article_model = Source._meta.get_field("articles").related_model
    elsewhere = ~Q(outlet=source) & (Q(origin_outlet=source) | Q(origin_article__outlet=source))
    counts = article_model.objects.aggregate(
        published=Count("pk", filter=Q(outlet=source)),
        originals=Count("pk", filter=Q(outlet=source, origin_depth=0)),
        copies=Count("pk", filter=Q(outlet=source, origin_depth__gt=0)),
        copied_elsewhere=Count("pk", filter=elsewhere),
    )
    copies_from = (
        source.articles.filter(origin_depth__gt=0)
        .values(origin=Coalesce("origin_article__outlet__name", "origin_outlet__name"))
        .annotate(count=Count("pk"))
        .order_by("-count", "origin")[:10]
    )
    copied_by = (
        article_model.objects.filter(elsewhere)
        .values(outlet_name=Coalesce("outlet__name", "carrier__name"))
        .annotate(count=Count("pk"))
        .order_by("-count", "outlet_name")[:10]
    )
    quoted = Source.objects.filter(pk=source.pk).aggregate(
        mentions=Count("attributed_mentions", distinct=True),
        claims=Count("attributed_mentions__claim", distinct=True),
    )
    return {**counts, "copies_from": list(copies_from), "copied_by": list(copied_by), **quoted}


@admin.register(Source)
class SourceAdmin(NamesRightToLeftMixin, HistoryMixin, ActionPermissionsMixin, admin.ModelAdmin):
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        source = self.get_object(request, object_id)
        if source is not None:
            extra_context = {
                **(extra_context or {}),
                "tree": affiliation_tree(source),
                "profile": source_profile(source),
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
