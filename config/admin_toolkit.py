"""Admin building blocks every app may use, implying no domain dependency.

Actions refused with 403 when forged, bulk actions confirmed on an intermediate page, a history
panel read from django-pghistory, and name fields that follow the direction of what is typed.
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
from django.db.models import Model
from django.template.response import TemplateResponse
from django.utils.text import capfirst


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


class NamesRightToLeftMixin:
    """Name fields follow the direction of what is typed in them (Arabic names right to left)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in {"name", "notes"} and field is not None:
            field.widget.attrs["dir"] = "auto"
        return field
