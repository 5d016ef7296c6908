"""Development settings: the default for `make run` and the test suite."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env_list

DEBUG = True
ALLOW_DEMO_DATA = True
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# runserver serves static files itself in development; whitenoise is for production.
MIDDLEWARE = [entry for entry in MIDDLEWARE if "whitenoise" not in entry]  # noqa: F405
