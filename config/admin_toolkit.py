"""Admin building blocks every app may use, implying no domain dependency.

Actions refused with 403 when forged, bulk actions confirmed on an intermediate page, a history
panel read from django-pghistory, change pages that refuse to overwrite an edit made since they were
opened, and name fields that follow the direction of what is typed.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import display_for_field, flatten_fieldsets, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Field as DjangoField
from django.db.models import Model
from django.forms.models import construct_instance
from django.template.response import TemplateResponse
from django.utils import formats, timezone
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
    model: str = ""  # the changed row's model label ("sources.Source") and primary key
    object_id: str = ""


_ACTIONS = {"insert": "created", "update": "changed", "delete": "deleted"}
_UNINTERESTING = {"updated_at", "key", "pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_context"}


def _short(value) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def recent_events(
    obj: Model, event_models: Iterable[str], *, limit: int = 50, since: datetime | None = None
) -> list[HistoryEntry]:
    """The latest changes recorded by django-pghistory to obj and rows pointing at it, newest first.

    One query: the events across the given event models (after `since`, when given), with the
    person who made each.
    """
    from pghistory.models import MiddlewareEvents

    events = MiddlewareEvents.objects.references(obj).across(*event_models).select_related("user")
    if since is not None:
        events = events.filter(pgh_created_at__gt=since)
    events = events.order_by("-pgh_created_at", "-pgh_id")[:limit]
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
                model=event.pgh_obj_model or "",
                object_id=event.pgh_obj_id or "",
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


# --- change pages that do not lose an edit ------------------------------------------------------

EDIT_VERSION_FIELD = "edit_version"


@dataclass
class _Value:
    label: str
    text: str  # comparable: the same value always gives the same text
    shown: str  # for people


@dataclass
class ConflictRow:
    """One value the form would save that differs from the stored row."""

    label: str
    yours: str
    stored: str
    changed_since_opened: bool


@dataclass
class EditConflict:
    """Why a change form was not saved: the row changed since the form was opened."""

    noun: str
    changes: list[HistoryEntry]  # recorded since the form was opened, newest first
    rows: list[ConflictRow]

    @property
    def message(self) -> str:
        latest: dict[str, datetime] = {}
        for entry in self.changes:
            latest.setdefault(entry.user, entry.at)
        who = " and ".join(
            f"by {user} at {formats.date_format(timezone.localtime(at), 'j M Y H:i:s')}" for user, at in latest.items()
        )
        return (
            f"This {self.noun} was changed {who or 'by someone else'} since you opened it. Nothing was saved: "
            "your values are kept in the form; compare them with the stored ones, then save again to keep "
            "yours, or reload the page to start from the stored ones."
        )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _related_value(label: str, related: Iterable[Model]) -> _Value:
    related = list(related)
    return _Value(label, ",".join(sorted(str(obj.pk) for obj in related)), ", ".join(sorted(map(str, related))) or "—")


def _model_value(instance: Model, model_field: DjangoField, label: str) -> _Value:
    if model_field.many_to_many:
        return _related_value(label, model_field.value_from_object(instance) if instance.pk else [])
    shown = display_for_field(getattr(instance, model_field.name), model_field, "—", avoid_link=True)
    return _Value(label, model_field.value_to_string(instance), shown)


class OptimisticLockMixin:
    """Refuse to save a change page opened before someone else changed the row (optimistic locking).

    The form carries in a hidden field when it was opened and a digest of each value it showed (its
    fields and its inline rows). On save the row is locked and compared: when someone changed a value
    the form would overwrite, nothing is saved and the page comes back (409) with the user's values
    kept, who changed the row since, and the two versions side by side. The next save from that page
    is checked against the stored version it showed, so a person who has compared can keep theirs.
    A POST without the field (a script) is not checked, like an API write without If-Match.

    Templates show the comparison by including admin/includes/edit_conflict.html; the people named
    are read from the history_event_models django-pghistory records.
    """

    history_event_models: tuple[str, ...] = ()

    def get_fieldsets(self, request, obj=None):
        # the hidden field ends the last fieldset, on a change page the user may save
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != EDIT_VERSION_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and fieldsets and self.has_change_permission(request, obj):
            name, options = fieldsets[-1]
            fieldsets[-1] = (name, {**options, "fields": [*options["fields"], EDIT_VERSION_FIELD]})
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return super().get_form(request, obj, change, **kwargs)
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:  # a form field, not a model field: declared below
            kwargs["fields"] = [name for name in kwargs["fields"] if name != EDIT_VERSION_FIELD]
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class VersionedForm(form_class):
            edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

            def __init__(self, *args, **form_kwargs) -> None:
                super().__init__(*args, **form_kwargs)
                self.edit_conflict: EditConflict | None = None
                if not self.is_bound and self.instance.pk is not None:
                    self.initial[EDIT_VERSION_FIELD] = model_admin.edit_version(request, self.instance, self)

            def clean(self):
                data = super().clean()
                model_admin.check_edit_version(request, self)
                return data

        VersionedForm.__name__ = form_class.__name__
        return VersionedForm

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        adminform = (getattr(response, "context_data", None) or {}).get("adminform")
        if adminform is not None and getattr(adminform.form, "edit_conflict", None) is not None:
            response.status_code = 409
        return response

    def edit_version(self, request, obj: Model, form: forms.ModelForm) -> str:
        """What the hidden field carries: when the page was opened and a digest of each value it shows."""
        return self._version(self._stored_values(request, obj, form))

    def check_edit_version(self, request, form: forms.ModelForm) -> None:
        """Lock the row and refuse the form (an EditConflict on it) when it would overwrite a newer edit."""
        raw = form.cleaned_data.get(EDIT_VERSION_FIELD)
        if not raw or form.instance.pk is None:
            return
        try:
            opened = json.loads(raw)
            opened_at = datetime.fromisoformat(opened["opened_at"])
            digests = {str(key): str(value) for key, value in opened["digests"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            form.add_error(None, "This page's version marker is garbled: reload the page and apply your changes again.")
            return
        model = form._meta.model
        stored_row = model._default_manager.select_for_update().get(pk=form.instance.pk)
        stored = self._stored_values(request, stored_row, form)
        yours = self._form_values(form, stored_row)
        changed = {key for key, digest in digests.items() if key not in stored or _digest(stored[key].text) != digest}
        # a change is lost when the form would write something else over it (inline rows: always)
        lost = {key for key in changed if key not in yours or key not in stored or yours[key].text != stored[key].text}
        if not lost:
            # the form's instance was read before the lock: take the locked row's other fields
            for model_field in model._meta.concrete_fields:
                if model_field.name not in yours:
                    setattr(form.instance, model_field.attname, getattr(stored_row, model_field.attname))
            return
        rows = [
            ConflictRow(value.label, value.shown, stored[key].shown, key in changed)
            for key, value in yours.items()
            if key in stored and value.text != stored[key].text
        ]
        rows += [
            ConflictRow(
                stored[key].label if key in stored else "A row shown on this page",
                self._posted_inline_value(request, key),
                stored[key].shown if key in stored else "(deleted)",
                changed_since_opened=True,
            )
            for key in sorted(changed - set(yours))
        ]
        form.edit_conflict = EditConflict(
            noun=str(model._meta.verbose_name),
            changes=self._changes_since(request, stored_row, opened_at),
            rows=rows,
        )
        form.add_error(None, form.edit_conflict.message)
        # the page now stands for the stored version: saving again from it keeps the user's values
        form.data = form.data.copy()
        form.data[form.add_prefix(EDIT_VERSION_FIELD)] = self._version(stored)

    # what a change page shows of a row, and who changed it

    def _form_fields(self, form: forms.ModelForm) -> list[tuple[str, DjangoField, str]]:
        opts = form._meta.model._meta
        fields = []
        for name, form_field in form.fields.items():
            try:
                model_field = opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.editable and (model_field.concrete or model_field.many_to_many):
                fields.append((name, model_field, str(form_field.label or name)))
        return fields

    def _inline_rows(self, request, obj: Model):
        """Each inline's rows with the fields its forms edit: (prefix, model options, fields, rows)."""
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            fk = getattr(formset_class, "fk", None)
            if fk is None:
                continue
            opts = formset_class.model._meta
            model_fields = {f.name: f for f in opts.get_fields()}
            edited = [
                model_fields[name]
                for name in formset_class.form.base_fields
                if name in model_fields and name not in {fk.name, opts.pk.name}
            ]
            rows = list(inline.get_queryset(request).filter(**{fk.name: obj}).order_by("pk"))
            yield formset_class.get_default_prefix(), opts, edited, rows

    def _stored_values(self, request, obj: Model, form: forms.ModelForm) -> dict[str, _Value]:
        values = {name: _model_value(obj, model_field, label) for name, model_field, label in self._form_fields(form)}
        for prefix, opts, model_fields, rows in self._inline_rows(request, obj):
            for row in rows:
                for model_field in model_fields:
                    label = f"{capfirst(opts.verbose_name)} “{row}”: {model_field.verbose_name}"
                    values[f"{prefix}:{row.pk}:{model_field.name}"] = _model_value(row, model_field, label)
        return values

    def _form_values(self, form: forms.ModelForm, stored_row: Model) -> dict[str, _Value]:
        """What saving the form would write: the stored row with the form's cleaned values on it."""
        fields = self._form_fields(form)
        yours_row = copy.copy(stored_row)
        construct_instance(form, yours_row, fields=[name for name, *_ in fields])
        values = {}
        for name, model_field, label in fields:
            if model_field.many_to_many:
                values[name] = _related_value(label, form.cleaned_data.get(name) or [])
            else:
                values[name] = _model_value(yours_row, model_field, label)
        return values

    def _version(self, values: dict[str, _Value]) -> str:
        digests = {key: _digest(value.text) for key, value in values.items()}
        return json.dumps({"opened_at": timezone.now().isoformat(), "digests": digests}, sort_keys=True)

    def _posted_inline_value(self, request, key: str) -> str:
        prefix, pk, name = key.split(":", 2)
        post = request.POST
        total = post.get(f"{prefix}-TOTAL_FORMS", "0")
        for index in range(int(total) if total.isdecimal() else 0):
            if post.get(f"{prefix}-{index}-id") == pk:
                return post.get(f"{prefix}-{index}-{name}") or "—"
        return "—"

    def _changes_since(self, request, row: Model, opened_at: datetime) -> list[HistoryEntry]:
        """The recorded changes to the row and its inline rows since opened_at (else the latest one)."""
        inline_models = {opts.label for _prefix, opts, _fields, _rows in self._inline_rows(request, row)}

        def concerns_row(entry: HistoryEntry) -> bool:
            is_row = entry.model == row._meta.label and entry.object_id == str(row.pk)
            return is_row or entry.model in inline_models

        since = [e for e in recent_events(row, self.history_event_models, since=opened_at) if concerns_row(e)]
        return since or [e for e in recent_events(row, self.history_event_models) if concerns_row(e)][:1]


class NamesRightToLeftMixin:
    """Name fields follow the direction of what is typed in them (Arabic names right to left)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in {"name", "notes"} and field is not None:
            field.widget.attrs["dir"] = "auto"
        return field
