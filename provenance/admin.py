"""Admin for captures (read-only), articles with their chain tree, and derivation edges to review."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from config.admin_toolkit import ActionPermissionsMixin, HistoryMixin, OptimisticLockMixin
from provenance.admin_outlets import OutletSuggestionAdminMixin, OutletSuggestionFilter
from provenance.models import Article, BoilerplatePattern, Capture, Derivation
from provenance.selectors import ChainTree, TreeNode, chain_tree_for, origins_for
from provenance.services import (
    ProvenanceError,
    add_derivation_by_person,
    check_derivation,
    correct_derivation_by_person,
    decide_derivations,
)
from provenance.verification import verify_capture

PASSAGES_SHOWN = 3
PASSAGE_CHARS = 160


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    """Captures are our chain of custody: readable, never editable."""

    list_display = ["__str__", "kind", "media_type", "encoding", "size", "http_status", "captured_at", "received_at"]
    list_filter = ["kind", "media_type", "encoding"]
    search_fields = ["filename", "url", "requested_url", "sha256", "archive_record_id"]
    exclude = ["data"]
    readonly_fields = [
        "sha256",
        "size",
        "filename",
        "url",
        "media_type",
        "encoding",
        "received_at",
        "received_by",
        "evidence",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    @admin.display(description="Does the evidence hold?")
    def evidence(self, capture: Capture) -> str:
        """The bytes re-hashed, the archive digest and every timestamp token checked now (`manage.py verify`)."""
        if capture.pk is None:
            return "-"
        check = verify_capture(capture)
        rows = [("Bytes", check.bytes_detail, check.bytes_ok)]
        if check.archive_digest:
            rows.append(("Archive digest", check.archive_digest, check.archive_digest_ok))
        for token in check.tokens:
            chain = "" if token.chain_checked else " (certificate chain not checked: set CAPTURE_TSA_CA_CERTS)"
            rows.append(
                (
                    f"Timestamp by {token.tsa_name or token.tsa_url}",
                    f"{token.gen_time}: {token.detail}{chain}",
                    token.ok,
                )
            )
        if not check.tokens:
            rows.append(("Timestamps", "none (CAPTURE_TSA_URLS names no time-stamping authority)", True))
        warc = reverse("api:capture-record-warc", args=[capture.pk])
        return format_html(
            '<p><strong>{}</strong> · <a href="{}">export as WARC</a></p><ul>{}</ul>',
            check.outcome,
            warc,
            format_html_join(
                "", "<li>{}: {} {}</li>", ((name, detail, "✓" if ok else "✗") for name, detail, ok in rows)
            ),
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DerivationForm(forms.ModelForm):
    """An edge a person adds or corrects: checked by the service (no self edge, no cycle, dates agree)."""

    class Meta:
        model = Derivation
        fields = ["derived", "source_article", "source_outlet", "kind", "evidence_text", "status"]

    def clean(self):
        data = super().clean()
        moved = {"derived", "source_article", "source_outlet"} & set(self.changed_data)
        if self.instance.pk is not None and moved:
            raise forms.ValidationError(
                "the ends of a stored edge do not change: reject this edge and add another one instead"
            )
        if self.instance.pk is None and not self.errors:
            derived = data.get("derived") or getattr(self.instance, "derived", None)
            if derived is not None and derived.pk is not None:
                try:
                    check_derivation(
                        derived=derived,
                        source_article=data.get("source_article"),
                        source_outlet=data.get("source_outlet"),
                        kind=data.get("kind") or Derivation.Kind.REPUBLICATION,
                        status=data.get("status") or Derivation.Status.CONFIRMED,
                    )
                except ProvenanceError as error:
                    raise forms.ValidationError(str(error)) from error
        return data


def save_by_person(form: forms.ModelForm, *, derived: Article, user) -> Derivation:
    """Write a person's new or corrected edge through the services (which decide what the role may do)."""
    data = form.cleaned_data
    if form.instance.pk is None:
        return add_derivation_by_person(
            derived=derived,
            person=user,
            source_article=data.get("source_article"),
            source_outlet=data.get("source_outlet"),
            kind=data.get("kind") or Derivation.Kind.REPUBLICATION,
            evidence_text=data.get("evidence_text", ""),
            status=data.get("status") or "",
        )
    return correct_derivation_by_person(
        derivation=Derivation.objects.get(pk=form.instance.pk),
        person=user,
        kind=data["kind"] if "kind" in form.changed_data else None,
        status=data["status"] if "status" in form.changed_data else None,
    )


class DerivationInline(admin.TabularInline):
    model = Derivation
    form = DerivationForm
    fk_name = "derived"
    extra = 0
    can_delete = False
    verbose_name = "taken from"
    verbose_name_plural = "taken from (derivations)"
    fields = ["source_article", "source_outlet", "kind", "evidence", "score", "status", "needs_review", "evidence_text"]
    readonly_fields = ["evidence", "score", "needs_review"]
    autocomplete_fields = ["source_article", "source_outlet"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source_article", "source_outlet")


def _selected_ids(request, queryset) -> list[int]:
    """The ids the reviewer ticked, as posted: an unknown one is reported, not silently dropped."""
    raw = request.POST.getlist(ACTION_CHECKBOX_NAME)
    if request.POST.get("select_across") == "1" or not raw:
        return list(queryset.values_list("pk", flat=True))
    try:
        return [int(value) for value in raw]
    except ValueError as error:
        raise ProvenanceError(f"not an id: {error}") from error


@admin.register(Article)
class ArticleAdmin(OutletSuggestionAdminMixin, ActionPermissionsMixin, admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "language", "origin", "needs_review"]
    list_filter = ["language", "needs_review", OutletSuggestionFilter, "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "outlet__name"]
    date_hierarchy = "published"
    autocomplete_fields = ["outlet", "carrier", "authors"]
    readonly_fields = ["chain", "capture", "text_hash", "attribution_lines", "created_at"]
    inlines = [DerivationInline]
    actions = ["confirm_proposed_edges", "accept_suggested_outlets", "dismiss_suggested_outlets"]

    class Media:
        css = {"all": ["admin_review/review.css"]}  # the chain tree's indentation

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        page = list(changelist.result_list)
        origins = origins_for(article.pk for article in page)
        for article in page:
            article.origin_info = origins.get(article.pk)
        return changelist

    def save_formset(self, request, form, formset, change):
        if formset.model is not Derivation:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            is_new = inline_form.instance.pk is None
            saved = save_by_person(inline_form, derived=form.instance, user=request.user)
            if is_new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, inline_form.changed_data))
        return None

    @admin.display(description="origin")
    def origin(self, article: Article) -> str:
        origin = getattr(article, "origin_info", None)
        if origin is None or origin.is_self:
            return "itself"
        return origin.outlet_name or f"article {origin.article_id}"

    @admin.display(description="chain (origin at the top)")
    def chain(self, article: Article) -> str:
        if article.pk is None:
            return "-"
        return render_chain_tree(chain_tree_for(article.pk))

    @admin.action(description="Confirm the proposed edges of the selected articles", permissions=["decide"])
    def confirm_proposed_edges(self, request, queryset) -> None:
        try:
            ids = _selected_ids(request, queryset)
            missing = sorted(set(ids) - set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True)))
            if missing:
                raise ProvenanceError(f"unknown article id(s): {', '.join(map(str, missing))}; nothing was changed")
            edges = Derivation.objects.filter(derived_id__in=ids, status=Derivation.Status.PROPOSED)
            count = decide_derivations(
                derivation_ids=list(edges.values_list("pk", flat=True)),
                status=Derivation.Status.CONFIRMED,
                decided_by=request.user,
            )
        except ProvenanceError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"{count} derivation(s) confirmed.", messages.SUCCESS)

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("provenance.decide_derivation")


def _passage_rows(edge: Derivation, derived: Article) -> list[tuple[str, str]]:
    rows = []
    for passage in edge.passages[:PASSAGES_SHOWN]:
        start, end = passage.get("derived_start", 0), passage.get("derived_end", 0)
        text = derived.body[start:end]
        if len(text) > PASSAGE_CHARS:
            text = text[: PASSAGE_CHARS // 2] + " … " + text[-PASSAGE_CHARS // 2 :]
        rows.append((f"{start}-{end} ↔ {passage.get('source_start')}-{passage.get('source_end')}", text))
    return rows


def _edge_html(edge: Derivation, derived: Article) -> str:
    score = f"{edge.score:.2f}" if edge.score is not None else "-"
    passages = _passage_rows(edge, derived) if edge.evidence == Derivation.Evidence.TEXT_REUSE else []
    more = len(edge.passages) - len(passages)
    return format_html(
        "<span class='edge'>← {} · {} · score {} · {}{}</span>{}{}",
        edge.get_kind_display(),
        edge.get_evidence_display(),
        score,
        edge.get_status_display(),
        " · needs review" if edge.needs_review else "",
        format_html(
            "<ul class='passages'>{}</ul>",
            format_html_join("", "<li><small>{}</small> <q>{}</q></li>", passages),
        )
        if passages
        else "",
        format_html(" <small>and {} more passage(s)</small>", more) if passages and more > 0 else "",
    )


def render_chain_tree(tree: ChainTree) -> str:
    """The chain as nested lists (indented by the stylesheet, no inline style): each article with date,
    outlet, and the edge to the one above it."""
    truncated = format_html("<p>only the first articles of this chain are shown</p>") if tree.truncated else ""
    return format_html(
        "<div class='chain'><div class='chain-tree'>{}{}</div></div>", _chain_list(tree.roots, tree), truncated
    )


def _chain_list(nodes: list[TreeNode], tree: ChainTree) -> str:
    if not nodes:
        return ""
    items = ((_chain_node(node, tree), _chain_list(node.children, tree)) for node in nodes)
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}{}</li>", items))


def _chain_node(node: TreeNode, tree: ChainTree) -> str:
    article = node.article
    url = reverse("admin:provenance_article_change", args=[article.pk])
    label = format_html(
        "<a href='{}'>{}</a> <small>{} · {}</small>",
        url,
        article.title,
        article.outlet or "unknown outlet",
        article.published.isoformat() if article.published else "undated",
    )
    if article.pk == tree.article_id:
        label = format_html("<strong>{} (this article)</strong>", label)
    edge_html = ""
    if node.edge is not None:
        edge_html = _edge_html(node.edge, article)
        if node.edge.source_outlet_id:
            note = "<small>from {} (original not in the database)</small>"
            edge_html = format_html("{} " + note, edge_html, node.edge.source_outlet)
    others = ((e.source_article or e.source_outlet, _edge_html(e, article)) for e in node.other_edges)
    also = format_html_join("", "<div><small>also from {}:</small> {}</div>", others)
    return format_html("{} {}{}", label, edge_html, also)


@admin.register(Derivation)
class DerivationAdmin(OptimisticLockMixin, HistoryMixin, ActionPermissionsMixin, admin.ModelAdmin):
    form = DerivationForm
    list_display = ["derived", "source_display", "kind", "evidence", "score", "status", "needs_review"]
    list_filter = ["status", "kind", "evidence", "needs_review"]
    list_select_related = ["derived", "source_article", "source_outlet"]
    search_fields = ["derived__title", "source_article__title", "source_outlet__name", "evidence_text"]
    autocomplete_fields = ["derived", "source_article", "source_outlet"]
    readonly_fields = ["evidence", "score", "passages", "created_by", "decided_by", "decided_at", "created_at"]
    actions = ["confirm", "reject"]
    change_form_template = "provenance/admin/derivation_change_form.html"
    history_event_models = ("provenance.DerivationEvent",)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "derived", "source_article", "source_outlet", "evidence_text"]

    def save_model(self, request, obj, form, change) -> None:
        saved = save_by_person(form, derived=form.cleaned_data.get("derived") or obj.derived, user=request.user)
        obj.__dict__.update({name: value for name, value in saved.__dict__.items() if name != "_state"})
        obj._state.adding = False

    def save_related(self, request, form, formsets, change) -> None:
        pass  # a derivation has no many-to-many fields or inlines; everything was saved by the service

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # reject an edge instead: the decision stays on record

    @admin.display(description="taken from")
    def source_display(self, derivation: Derivation) -> str:
        return str(derivation.source_article or derivation.source_outlet)

    def _decide(self, request, queryset, status: str) -> None:
        try:
            count = decide_derivations(
                derivation_ids=_selected_ids(request, queryset), status=status, decided_by=request.user
            )
        except ProvenanceError as error:
            self.message_user(request, f"{error}; nothing was changed", messages.ERROR)
            return
        self.message_user(request, f"{count} derivation(s) {status}.", messages.SUCCESS)

    @admin.action(description="Confirm selected derivations", permissions=["decide"])
    def confirm(self, request, queryset) -> None:
        self._decide(request, queryset, Derivation.Status.CONFIRMED)

    @admin.action(description="Reject selected derivations", permissions=["decide"])
    def reject(self, request, queryset) -> None:
        self._decide(request, queryset, Derivation.Status.REJECTED)

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("provenance.decide_derivation")


@admin.register(BoilerplatePattern)
class BoilerplatePatternAdmin(ActionPermissionsMixin, admin.ModelAdmin):
    """Site furniture the ingestion strips, as data: added by an admin, read by everyone else.

    A row takes effect on the next import; generic defaults live in provenance.text.boilerplate.
    """

    list_display = ["pattern", "kind", "outlet_display", "description", "is_active", "created_at"]
    list_filter = ["is_active", "kind", ("outlet", admin.EmptyFieldListFilter)]
    list_select_related = ["outlet"]
    search_fields = ["pattern", "description", "outlet__name"]
    autocomplete_fields = ["outlet"]
    fields = ["outlet", "kind", "pattern", "description", "is_active", "created_at"]
    readonly_fields = ["created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "outlet" in form.base_fields:
            form.base_fields["outlet"].help_text = "Leave empty for a pattern that applies to every outlet."
        if "kind" in form.base_fields:
            form.base_fields[
                "kind"
            ].help_text = "An attribution pattern with a (?P<name>...) group credits the source it names."
        return form

    @admin.display(description="outlet", ordering="outlet__name")
    def outlet_display(self, pattern: BoilerplatePattern) -> str:
        return pattern.outlet.name if pattern.outlet_id else "All outlets"


from provenance import admin_batches  # noqa: E402, F401  (registers the batch admin)
