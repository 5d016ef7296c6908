"""Give the four roles their newsroom permissions (claims/roles.py): fact-checks for all, webhooks for admins."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.roles import APPS, role_permissions


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        if app_config.label == "newsroom":
            # Permissions are normally created after all migrations; create them now (as claims 0004 does).
            app_config.models_module = True
            create_permissions(app_config, verbosity=0)
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    newsroom = {p.codename: p for p in Permission.objects.filter(content_type__app_label="newsroom")}
    codenames: dict[str, set[str]] = {}
    for app_label, codename in Permission.objects.filter(content_type__app_label__in=APPS).values_list(
        "content_type__app_label", "codename"
    ):
        codenames.setdefault(app_label, set()).add(codename)
    for role, dotted_names in role_permissions(codenames).items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            wanted = [newsroom[name.split(".")[1]] for name in dotted_names if name.startswith("newsroom.")]
            group.permissions.add(*[p for p in wanted if p is not None])


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="newsroom"))


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("claims", "0004_roles"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
