#!/usr/bin/env python
"""Django's command-line utility for Kejiwang."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kejiwang.settings")
    # Development-only commands need no production secret; everything else follows the environment.
    if len(sys.argv) > 1 and sys.argv[1] in {"makemigrations", "makemessages"}:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
