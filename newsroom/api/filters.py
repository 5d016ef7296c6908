"""Filters of the newsroom API: strict, as the claims API's (an unknown value or id is a 400 naming it)."""

from __future__ import annotations

from claims.api.filters import ChoicesFilter, IdFilter, StrictFilterSet
from claims.models import Claim
from newsroom.models import FactCheckLink


class FactCheckLinkFilter(StrictFilterSet):
    claim = IdFilter(queryset=Claim.objects.all(), help_text="Links to this claim.")
    status = ChoicesFilter(
        choices=FactCheckLink.Status.choices, help_text="proposed, confirmed or rejected (repeatable)."
    )

    class Meta:
        model = FactCheckLink
        fields = ["claim", "status"]
