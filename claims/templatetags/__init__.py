"""Template tags and filters of the annotation web app."""
