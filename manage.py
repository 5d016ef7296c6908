#!/usr/bin/env python
"""Django's command-line utility, with database problems reported in one line."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    from config.database import DatabaseConfigError

    try:
        execute_from_command_line(sys.argv)
    except DatabaseConfigError as error:
        sys.exit(f"database error: {error}")
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        sys.exit(f"database error: cannot use the database ({first_line}); check DATABASE_URL")


if __name__ == "__main__":
    main()
