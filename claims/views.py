"""Views of the annotation web app: parse input, call a selector or a service, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import retarget

from claims.elsewhere import checked_elsewhere_for
from claims.forms import (
    AnnotationForm,
    ArticleFilterForm,
    CorrectTextForm,
    DecisionForm,
    ReviewForm,
    SpanForm,
)
from claims.models import Claim, Mention
from claims.selectors import reader as selectors
from claims.selectors.evidence import mentions_by_origin, relations_for_claim, reviews_for_claim
from claims.selectors.spread import claim_spread
from claims.selectors.status import status_explanation_html
from claims.services import ClaimError, record_review
from claims.services.annotation import AnnotationError, annotate_selection, decide_mention, place_orphan, selection_span
from claims.services.reanchor import CorrectionError, correct_article_text
from claims.tasks import articles_awaiting_proposals
from provenance.models import Article
from provenance.spread import Copy, Spread, spread_for_article
from provenance.svg import graph_svg, timeline_svg

PAGE_SIZE = 25
TEXT = "text/plain; charset=utf-8"


def _article(pk: int) -> Article:
    try:
        return selectors.article_for_reader(pk)
    except Article.DoesNotExist as missing:
        raise Http404(f"No article {pk}") from missing


def _claim(pk: int) -> Claim:
    try:
        return selectors.claim_for_view(pk)
    except Claim.DoesNotExist as missing:
        raise Http404(f"No claim {pk}") from missing


def _mention(pk: int) -> Mention:
    mention = Mention.objects.select_related("article").filter(pk=pk).first()
    if mention is None:
        raise Http404(f"No mention {pk}")
    return mention


def _reader_context(request: HttpRequest, article: Article) -> dict:
    mentions = selectors.mentions_for_article(article)
    user = request.user
    return {
        "article": article,
        "mentions": mentions,
        "claims": selectors.claims_in_article(mentions),
        "orphans": [m for m in mentions if m.status == Mention.Status.ORPHANED],
        "chain": selectors.chain_for_article(article),
        "claims_being_proposed": bool(articles_awaiting_proposals([article.pk])),
        "can_annotate": user.has_perm("claims.add_mention"),
        "can_add_claim": user.has_perm("claims.add_claim"),
        "can_decide": user.has_perm("claims.change_mention"),
        "can_correct": user.has_perm("provenance.change_article"),
    }


def _reader_update(request: HttpRequest, article: Article, *, focus: int | None = None) -> HttpResponse:
    """The reader's body and side panel, swapped in place after a change (htmx out-of-band swaps)."""
    response = render(request, "claims/reader/_update.html", _reader_context(request, article))
    response["HX-Trigger"] = json.dumps({"reader-updated": {"focus": focus}})
    return response


@require_GET
@login_required
@permission_required("provenance.view_article", raise_exception=True)
def article_list(request: HttpRequest) -> HttpResponse:
    """Articles: full-text search, filters, a chosen order, pagination; each row with its origin and copies."""
    form = ArticleFilterForm(request.GET or None, choices=selectors.filter_choices())
    articles = selectors.articles_for_reader_list(**form.filters()).order_by(*form.ordering())
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "claims/_article_results.html" if request.htmx else "claims/article_list.html"
    return render(request, template, {"form": form, "page": page})


@require_GET
@login_required
@permission_required("provenance.view_article", raise_exception=True)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader: the article's text with its mentions, its chain and its claims."""
    return render(request, "claims/reader/reader.html", _reader_context(request, _article(pk)))


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("claims.add_mention", raise_exception=True)
def annotate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the popover for a selection. POST: save it as a mention of a new or existing claim."""
    article = _article(pk)
    context = {"article": article, "can_add_claim": request.user.has_perm("claims.add_claim")}
    if request.method == "GET":
        span = SpanForm(request.GET)
        if not span.is_valid():
            return render(request, "claims/reader/_popover_error.html", {"errors": span.errors})
        try:
            start, end = selection_span(article=article, **span.cleaned_data)
        except AnnotationError as error:
            return render(request, "claims/reader/_popover_error.html", {"message": str(error)})
        quote = article.body[start:end]
        form = AnnotationForm(initial={"start": start, "end": end, "quote": quote, "claim_text": quote})
        return render(request, "claims/reader/_popover.html", {**context, "form": form, "quote": quote})

    form = AnnotationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["claim"] is None and not request.user.has_perm("claims.add_claim"):
            form.add_error("claim", "You may attach to existing claims only.")
        elif data["new_source_name"] and not request.user.has_perm("sources.add_source"):
            form.add_error("source_q", "You may not create sources; pick an existing one.")
        else:
            try:
                mention = annotate_selection(
                    article=article,
                    start=data["start"],
                    end=data["end"],
                    quote=data["quote"],
                    claim=data["claim"],
                    claim_text=data["claim_text"],
                    claim_kind=data["claim_kind"],
                    attributed_to=data["attributed_to"],
                    new_source_name=data["new_source_name"],
                    hedge=data["hedge"],
                    stance=data["stance"],
                    user=request.user,
                )
            except AnnotationError as error:
                form.add_error(None, str(error))
            else:
                return _reader_update(request, article, focus=mention.pk)
    quote = form.data.get("quote", "")
    context |= {"form": form, "quote": quote}
    if form.data.get("source_q", "").strip():  # the suggestions come back with it, the choice (if any) kept
        context["sources"] = _source_results(request, form.data["source_q"], form.data.get("source", ""))
    response = render(request, "claims/reader/_popover.html", context)
    return retarget(response, "#popover")


def _change_mention(request: HttpRequest, pk: int, form, change, invalid: str) -> HttpResponse:
    """Validate form, apply change(mention, **cleaned_data), then refresh the reader (or say what is wrong)."""
    mention = _mention(pk)
    if not form.is_valid():
        return HttpResponse(invalid, status=400, content_type=TEXT)
    try:
        change(mention=mention, user=request.user, **form.cleaned_data)
    except AnnotationError as error:
        return HttpResponse(str(error), status=400, content_type=TEXT)
    if not request.htmx:
        return redirect("web:article", pk=mention.article_id)
    return _reader_update(request, _article(mention.article_id), focus=mention.pk)


@require_POST
@login_required
@permission_required("claims.change_mention", raise_exception=True)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or reject a proposed mention: one click."""
    return _change_mention(request, pk, DecisionForm(request.POST), decide_mention, "Choose accept or reject.")


@require_POST
@login_required
@permission_required("claims.change_mention", raise_exception=True)
def place(request: HttpRequest, pk: int) -> HttpResponse:
    """Place an orphaned mention at the current selection."""
    invalid = "Select the passage where the mention belongs, then press Place."
    return _change_mention(request, pk, SpanForm(request.POST), place_orphan, invalid)


@require_GET
@login_required
@permission_required("claims.view_claim", raise_exception=True)
def claim_search(request: HttpRequest) -> HttpResponse:
    """Claims matching what was typed so far (the popover's attach-to-existing list)."""
    q = request.GET.get("claim_q", "")[:200]
    claims = selectors.claims_matching(q)
    return render(request, "claims/reader/_claim_results.html", {"claims": claims, "q": q})


@require_GET
@login_required
@permission_required("sources.view_source", raise_exception=True)
def source_search(request: HttpRequest) -> HttpResponse:
    """Sources whose name or alias matches what was typed (the popover's attributed-to list).

    Typing never chooses one: a source is attributed only once the annotator picks it. A pick still
    among the matches (sent back as `source`) stays picked as the name is refined.
    """
    context = _source_results(request, request.GET.get("source_q", ""), request.GET.get("source", ""))
    return render(request, "claims/reader/_source_results.html", context)


def _source_results(request: HttpRequest, q: str, chosen: str) -> dict:
    q = q[:200].strip()
    matches = selectors.sources_matching(q)
    exact = any(match.is_exact for match in matches)
    offers_new = bool(q) and not exact and request.user.has_perm("sources.add_source")
    kept = {str(match.source.pk) for match in matches} | ({"new"} if offers_new else set())
    return {"matches": matches, "q": q, "offers_new": offers_new, "chosen": chosen if chosen in kept else ""}


def _spread_page(request: HttpRequest, spread: Spread, *, api_link: str, subject: str, back: str) -> HttpResponse:
    """The spread drawn: a fragment for htmx (the claim page loads it), else a page of its own."""

    def link(copy: Copy) -> str:
        return reverse("web:article", args=[copy.article_id])

    context = {
        "spread": spread,
        "timeline": timeline_svg(spread, title="Copies over time", href=link),
        "graph": graph_svg(spread, title="Who copied whom", href=link),
        "api_link": api_link,
        "subject": subject,
        "back": back,
    }
    template = "claims/_spread.html" if request.htmx else "claims/spread.html"
    return render(request, template, context)


@require_GET
@login_required
@permission_required("provenance.view_article", raise_exception=True)
def article_spread(request: HttpRequest, pk: int) -> HttpResponse:
    """The spread of the article's story, drawn: the reader's chain panel links to it."""
    article = Article.objects.only("id", "title").filter(pk=pk).first()
    if article is None:
        raise Http404(f"No article {pk}")
    return _spread_page(
        request,
        spread_for_article(pk),
        api_link=reverse("api:article-spread", args=[pk]),
        subject=article.title,
        back=reverse("web:article", args=[pk]),
    )


@require_GET
@login_required
@permission_required("claims.view_claim", raise_exception=True)
def claim_spread_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The spread of a claim: every article carrying it and their chains, drawn (the claim page loads it)."""
    claim = Claim.objects.only("id", "text").filter(pk=pk).first()
    if claim is None:
        raise Http404(f"No claim {pk}")
    return _spread_page(
        request,
        claim_spread(pk),
        api_link=reverse("api:claim-spread", args=[pk]),
        subject=claim.text,
        back=reverse("web:claim", args=[pk]),
    )


@require_GET
@login_required
@permission_required("claims.view_claim", raise_exception=True)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim: its mentions grouped by independent origin, why its status is suggested, its reviews."""
    return render(request, "claims/claim_detail.html", _claim_context(request, _claim(pk), ReviewForm()))


def _claim_context(request: HttpRequest, claim: Claim, form: ReviewForm) -> dict:
    groups, orphans = mentions_by_origin(claim)
    status = getattr(claim, "status", None)
    return {
        "claim": claim,
        "status": status,
        "explanation": status_explanation_html(status) if status else "",
        "groups": groups,
        "orphans": orphans,
        "reviews": reviews_for_claim(claim),
        "relations": relations_for_claim(claim),
        "checked_elsewhere": checked_elsewhere_for(claim.pk),
        "form": form,
        "can_review": request.user.has_perm("claims.add_review"),
    }


@require_POST
@login_required
@permission_required("claims.add_review", raise_exception=True)
def claim_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a reviewer's verdict on the claim (appended to its history)."""
    claim = _claim(pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            record_review(claim=claim, reviewer=request.user, **form.cleaned_data)
        except ClaimError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Verdict recorded.")
            return redirect("web:claim", pk=claim.pk)
    return render(request, "claims/claim_detail.html", _claim_context(request, claim, form), status=400)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("provenance.change_article", raise_exception=True)
def correct_text(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an article's text; its mentions are re-anchored and the ones that cannot be placed listed."""
    article = _article(pk)
    form = CorrectTextForm(request.POST or None, initial={"body": article.body})
    if request.method == "POST" and form.is_valid():
        try:
            report = correct_article_text(article=article, body=form.cleaned_data["body"])
        except CorrectionError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, f"Text corrected: {report.summary}.")
            return redirect("web:article", pk=article.pk)
    return render(request, "claims/correct_text.html", {"article": article, "form": form})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every page, the admin's included: point them at ours."""
    return redirect(static("claims/favicon.svg"), permanent=True)
