"""``flush`` that also empties the audit table.

Django's flush (used by tests and by developers resetting a database) would be stopped by the
append-only triggers; this lifts them for the flush and puts them back straight after.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from audit import triggers


class Command(FlushCommand):
    def handle(self, **options) -> None:
        connection = connections[options["database"]]
        triggers.remove(connection)
        try:
            super().handle(**options)
        finally:
            triggers.install(connection)
