#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

MISSING_ENVIRONMENT = """Pantau RB: the environment is not loaded (DEBUG is set neither in it nor in .env), so this
command stops. On the server: set -a; . /etc/pantau-rb.env; set +a   (see docs/deploy.md), then run it again.
  For development: `make run` / `make test` set it for you, or `export DEBUG=1`."""


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings")
    # No silent development default: a command run on the server without its environment would
    # otherwise work quietly on a fresh SQLite file instead of the real database.
    from roadmap_site.env import read_env_file

    read_env_file(Path(__file__).resolve().parent / ".env")
    if "DEBUG" not in os.environ:
        sys.exit(MISSING_ENVIRONMENT)
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
