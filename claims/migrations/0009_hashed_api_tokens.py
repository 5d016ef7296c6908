"""API tokens are stored hashed (django-rest-knox): existing plain tokens become digests and keep working.

Each rest_framework.authtoken token becomes a knox token with the same key: knox keeps the key's
first 15 characters and its SHA-512 digest (knox.crypto.hash_token of a hexadecimal key is the
SHA-512 of its ASCII bytes), and no expiry. The plain rows are then deleted, so the database holds
no key in clear. The admin role manages knox tokens instead of DRF's.

Going back restores the admin role's permissions only: a digest cannot be turned back into a key,
so tokens must then be issued again.
"""

import hashlib

from django.contrib.auth.management import create_permissions
from django.db import migrations

KNOX_KEY_LENGTH = 15  # knox.settings.CONSTANTS.TOKEN_KEY_LENGTH
ADMIN_ROLE = "admin"
KNOX_PERMISSIONS = ("add_authtoken", "view_authtoken", "delete_authtoken")
DRF_PERMISSIONS = ("add_token", "view_token", "delete_token")


def _permissions(apps, app_label, codenames):
    for app_config in apps.get_app_configs():
        if app_config.label == app_label:
            # Permissions are normally created after all migrations; create them now (as 0004 does).
            app_config.models_module = True
            create_permissions(app_config, verbosity=0)
            app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def _switch_admin_role(apps, *, to_knox: bool):
    group = apps.get_model("auth", "Group").objects.filter(name=ADMIN_ROLE).first()
    if group is None:
        return
    knox = _permissions(apps, "knox", KNOX_PERMISSIONS)
    drf = _permissions(apps, "authtoken", DRF_PERMISSIONS)
    group.permissions.add(*(knox if to_knox else drf))
    group.permissions.remove(*(drf if to_knox else knox))


def hash_plain_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    AuthToken = apps.get_model("knox", "AuthToken")
    for token in Token.objects.all():
        digest = hashlib.sha512(token.key.encode("ascii")).hexdigest()
        hashed = AuthToken.objects.create(
            digest=digest, token_key=token.key[:KNOX_KEY_LENGTH], user_id=token.user_id, expiry=None
        )
        AuthToken.objects.filter(pk=hashed.pk).update(created=token.created)  # keep when it was made
    Token.objects.all().delete()
    _switch_admin_role(apps, to_knox=True)


def restore_admin_role(apps, schema_editor):
    _switch_admin_role(apps, to_knox=False)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_status_view_relations_by_index"),
        ("knox", "0009_extend_authtoken_field"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(hash_plain_tokens, restore_admin_role)]
