"""Settings package: base (shared), local (development, the default) and production."""
