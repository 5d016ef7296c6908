"""Reads about claims: claims with their suggested status, and the explanation of each status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim, ClaimStatus, Mention, Verdict


def claims_with_status() -> QuerySet[Claim]:
    """Claims (not merged into another) joined to their suggested status, verdict and counts: one query.

    The status is a database view computed per claim of the page only (see migration 0006), so a
    page costs the same whatever the size of the corpus; filtering or ordering on a status column
    computes it for every claim.
    """
    return Claim.objects.filter(merged_into__isnull=True).select_related("status")


def attach_statuses(claims: Sequence[Claim]) -> None:
    """Give each claim its ClaimStatus row (`claim.status`), computed for these claims only: one query.

    Reads claims_status_rows(ids) (migration 0015): the view's rows, through a plan the database
    session makes once instead of planning the view into every page's query.
    """
    ids = [claim.pk for claim in claims]
    if not ids:
        return
    rows = ClaimStatus.objects.raw("SELECT * FROM claims_status_rows(%s::bigint[])", [ids])
    statuses = {status.claim_id: status for status in rows}
    for claim in claims:
        status = statuses.get(claim.pk)
        if status is not None:
            claim.status = status


class StatusPaginator(Paginator):
    """Pages of claims_with_status() that compute the status of the page's claims only.

    Sliced plainly, a page at offset N makes PostgreSQL compute the status of the N claims it
    skips as well; this paginator picks the page's ids in a subquery (ORDER BY ... LIMIT ...
    OFFSET ...) and joins the status to those alone, in one query. (Ordering or filtering on a
    status column still needs every claim's status: that is in the nature of the question.)
    """

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


def claims_in_disagreement() -> QuerySet[Claim]:
    """Claims whose latest verdict differs from the suggested status."""
    return claims_with_status().filter(status__is_disagreement=True)


def status_counts() -> dict[str, int]:
    """How many live claims have each suggested status, in one query."""
    rows = (
        ClaimStatus.objects.filter(claim__merged_into__isnull=True)
        .values("suggested_status")
        .annotate(n=Count("claim"))
        .order_by()
    )
    counts = dict.fromkeys(Verdict.values, 0)
    counts.update({row["suggested_status"]: row["n"] for row in rows})
    return counts


def mentions_for_claims(claim_ids: Iterable[int]) -> QuerySet[Mention]:
    """The live mentions of the given claims, with article, outlet, attributed source and origin."""
    return (
        Mention.objects.live()
        .filter(claim_id__in=list(claim_ids))
        .select_related("article__outlet", "attributed_to", "via", "origin")
        .order_by("article__published", "article_id", "start")
    )


# A name in an explanation is set apart from the sentence around it (Unicode bidi isolates), so a name
# written right to left ("انتصار حلب") cannot reorder the words and figures next to it.
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolated(name: str) -> str:
    """The name between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: its direction is its own."""
    bare = name.replace(FIRST_STRONG_ISOLATE, "").replace(POP_DIRECTIONAL_ISOLATE, "")
    return f"{FIRST_STRONG_ISOLATE}{bare}{POP_DIRECTIONAL_ISOLATE}"


def _names(names: Iterable[str]) -> str:
    names = [isolated(name) for name in sorted(names)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _carriers(status: ClaimStatus) -> str:
    return carriers_text(status.outlet_count, status.unknown_outlets)


def carriers_text(outlet_count: int, unknown_outlets: Iterable[str]) -> str:
    """Where mentions are: "2 outlets", "1 outlet and ⁨unknown outlet (page.txt)⁩" (never "0 outlets")."""
    unknown = [isolated(name) for name in sorted(set(unknown_outlets))]
    known = [_plural(outlet_count, "outlet")] if outlet_count or not unknown else []
    parts = known + unknown
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _through_one_carrier(status: ClaimStatus) -> str:
    """ ", both through one article (⁨Al Bawaba⁩)" when every asserting origin reaches us in one article."""
    if not status.one_carrier:
        return ""
    origins = status.asserting_origin_count
    every = "both" if origins == 2 else f"all {origins}"
    return f", {every} through one article ({isolated(status.one_carrier)})"


def _traced(status: ClaimStatus) -> str:
    """How the asserting mentions reach their origin: "all derived from X", "all attributed to X"."""
    source = _names(status.asserting_origins)
    attributed, total = status.attributed_count, status.asserting_mention_count
    if total <= 1:
        return f"{'attributed to' if attributed else 'from'} {source}"
    if attributed == total:
        return f"all attributed to {source}"
    if attributed == 0:
        return f"all derived from {source}"
    return f"all traced to {source} ({attributed} by in-text attribution, {total - attributed} through their chains)"


def status_explanation(status: ClaimStatus) -> str:
    """Plain-language reason for a suggested status, from the figures the status view computed.

    "4 mentions in 4 outlets, all derived from ⁨South Front⁩ (19 Apr 2016): 1 independent origin"
    (each name between U+2068 and U+2069, for the API, exports and anything else in plain text).
    """
    reason = _reason(status)
    if status.questioning_origins:
        return f"{reason}; questioned by {_names(status.questioning_origins)}"
    return reason


def status_explanation_html(status: ClaimStatus) -> SafeString:
    """The explanation for a web page: escaped, each name in a <bdi> element instead of the isolate marks.

    The marks come in pairs, one around each name (`isolated` drops any inside a name), so the tags balance.
    """
    return isolates_as_html(status_explanation(status))


def isolates_as_html(text: str) -> SafeString:
    """Plain text with isolated names (see `isolated`) for a web page: escaped, each name in a <bdi> element."""
    html = escape(text)
    return mark_safe(html.replace(FIRST_STRONG_ISOLATE, "<bdi>").replace(POP_DIRECTIONAL_ISOLATE, "</bdi>"))


def carriers_html(status: ClaimStatus) -> SafeString:
    """Where a claim's mentions are, for a web page: "2 outlets", "1 outlet and <bdi>unknown outlet (…)</bdi>"."""
    return isolates_as_html(_carriers(status))


def _reason(status: ClaimStatus) -> str:
    if status.mention_count == 0 and not status.contradicting_claim_count:
        return "no mentions yet"
    seen = f"{_plural(status.mention_count, 'mention')} in {_carriers(status)}"
    day = status.first_published
    date = f" ({day.day} {day:%b %Y})" if day else ""
    origins = status.asserting_origin_count
    pending = f" ({status.proposed_count} still proposed, not yet accepted)" if status.proposed_count else ""
    if status.suggested_status == Verdict.CONTRADICTED:
        denied = f"contradicted by {_names(status.independent_denying_origins)}"
        if origins == 0:
            return f"{seen}{pending}; {denied}; no mention asserts it"
        return (
            f"{seen}{pending}; {denied}, independent of the {_plural(origins, 'origin')} asserting it "
            f"({_names(status.asserting_origins)})"
        )
    not_independent = ""
    if status.denying_origins:
        not_independent = f"; the denial by {_names(status.denying_origins)} is not independent of it"
    if status.suggested_status == Verdict.CORROBORATED:
        return (
            f"{seen}{pending} from {_plural(origins, 'independent origin')}: "
            f"{_names(status.asserting_origins)}{_through_one_carrier(status)}{not_independent}"
        )
    if status.suggested_status == Verdict.SINGLE_SOURCED and origins >= 2:  # one carrier, no distinct parties
        return (
            f"{seen}{pending} from {_names(status.asserting_origins)}{_through_one_carrier(status)}, "
            f"which does not attribute them to distinct named parties: counted as 1 independent origin"
            f"{not_independent}"
        )
    if status.suggested_status == Verdict.SINGLE_SOURCED:
        return f"{seen}{pending}, {_traced(status)}{date}: 1 independent origin{not_independent}"
    return f"{seen}{pending}; no mention asserts it"
