"""The four roles (Django groups) and the permissions each one holds."""

from __future__ import annotations

APPS = ("sources", "provenance", "claims")
VIEWER, ANNOTATOR, REVIEWER, ADMIN = "viewer", "annotator", "reviewer", "admin"
ROLES = (VIEWER, ANNOTATOR, REVIEWER, ADMIN)

# Permissions each role adds to the one before it, as "app_label.codename". The newsroom app (built on
# claims) is not in APPS: its fact-checks are readable by all, its webhooks by admins only.
_VIEWER_ADDS = {"newsroom.view_factcheck", "newsroom.view_factchecklink"}
_ANNOTATOR_ADDS = {
    "newsroom.add_factcheck",
    "claims.add_claim",
    "claims.change_claim",
    "claims.add_mention",
    "claims.change_mention",
    "claims.add_claimrelation",
    "provenance.add_derivation",
    "provenance.add_capture",
    "provenance.add_article",
    "provenance.add_ingestbatch",
    "sources.add_source",
    "sources.add_sourcealias",
    "sources.add_author",
}
_REVIEWER_ADDS = {
    "newsroom.change_factchecklink",
    "claims.add_review",
    "claims.merge_claim",
    "claims.delete_mention",
    "claims.change_claimrelation",
    "claims.delete_claimrelation",
    "provenance.change_derivation",
    "provenance.decide_derivation",
    "provenance.change_article",
    "sources.change_source",
    "sources.grade_source",
    "sources.change_sourcealias",
    "sources.add_sourcedomain",
    "sources.change_author",
}
_ADMIN_ADDS = {
    "newsroom.delete_factcheck",
    *(f"newsroom.{action}_webhookendpoint" for action in ("add", "change", "delete", "view")),
    "newsroom.view_webhookevent",
    "newsroom.view_webhookdelivery",
    "newsroom.change_webhookdelivery",
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
    "auth.view_group",
    "auth.change_group",
    "knox.add_authtoken",  # API tokens, stored hashed (claims/api/authentication.py)
    "knox.view_authtoken",
    "knox.delete_authtoken",
}


def role_permissions(all_codenames: dict[str, set[str]]) -> dict[str, set[str]]:
    """Map each role to its permissions, given every codename of our apps per app label."""
    viewer = {f"{app}.{code}" for app in APPS for code in all_codenames.get(app, set()) if code.startswith("view_")}
    viewer |= _VIEWER_ADDS
    annotator = viewer | _ANNOTATOR_ADDS
    reviewer = annotator | _REVIEWER_ADDS
    admin = {f"{app}.{code}" for app in APPS for code in all_codenames.get(app, set())} | reviewer | _ADMIN_ADDS
    return {VIEWER: viewer, ANNOTATOR: annotator, REVIEWER: reviewer, ADMIN: admin}


def sync_role_groups() -> None:
    """Make the four role groups hold exactly their permissions (as migration 0004 does).

    For tests whose database was flushed (transactional tests), and for repairing a database
    whose groups were edited by hand.
    """
    from django.contrib.auth.models import Group, Permission

    permissions = list(
        Permission.objects.filter(content_type__app_label__in={*APPS, "auth", "knox", "newsroom"}).select_related(
            "content_type"
        )
    )
    codenames: dict[str, set[str]] = {}
    by_name = {}
    for permission in Permission.objects.filter(content_type__app_label__in=APPS).select_related("content_type"):
        codenames.setdefault(permission.content_type.app_label, set()).add(permission.codename)
    for permission in permissions:
        by_name[f"{permission.content_type.app_label}.{permission.codename}"] = permission
    for role, dotted_names in role_permissions(codenames).items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([by_name[name] for name in dotted_names if name in by_name])
