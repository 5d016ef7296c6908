"""WSGI entry point (gunicorn config.wsgi).

Once the application is loaded, `gc.freeze()` moves every object made so far (Django, DRF, the
settings, the models) out of the garbage collector's reach: they live as long as the process, and
without them each full collection during a request has far fewer objects to walk. Each gunicorn
worker imports this module itself, so each freezes its own loaded state.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
application = get_wsgi_application()
gc.freeze()
