"""Project wiring: settings, root URLs, WSGI/ASGI entry points."""
