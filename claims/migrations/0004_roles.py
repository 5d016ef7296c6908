"""Create the four roles as groups: viewer, annotator, reviewer, admin (see claims/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.roles import APPS, ROLES, role_permissions


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames: dict[str, set[str]] = {}
    for app_label, codename in Permission.objects.filter(content_type__app_label__in=APPS).values_list(
        "content_type__app_label", "codename"
    ):
        codenames.setdefault(app_label, set()).add(codename)
    for role, permissions in role_permissions(codenames).items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
    assert set(ROLES) <= set(Group.objects.values_list("name", flat=True))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_history_and_permissions"),
        ("provenance", "0003_boilerplate_batches_history"),
        ("sources", "0002_history_and_permissions"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
