"""Role permissions for the API: Django model permissions (granted through the role groups) per method."""

from __future__ import annotations

from rest_framework.permissions import DjangoModelPermissions


class RolePermissions(DjangoModelPermissions):
    """Reads need view_<model>, writes add/change/delete_<model>; an action may name its own permissions.

    The groups of claims.roles grant these: every role can read, annotators create and edit claims
    and mentions, reviewers add reviews and decide derivations.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        action_perms = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if action_perms is not None:
            return request.user.has_perms(action_perms)
        return super().has_permission(request, view)
