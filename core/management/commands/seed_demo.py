"""``manage.py seed_demo``: load the fictional demo data set (idempotent)."""

import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from core.demo.seed import demo_totals, seed_demo
from orgs.models import Unit


class Command(BaseCommand):
    help = "Load the demo data set (offices, recommenders, units, users, roles). Existing rows are kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any unit exists already.")

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and Unit.objects.exists():
            self.stdout.write("Units exist already: demo data not loaded.")
            return
        started = time.perf_counter()
        with transaction.atomic():
            created = seed_demo(stdout=self.stdout)
        elapsed = time.perf_counter() - started
        self.stdout.write("Created: " + ", ".join(f"{key} {count}" for key, count in created.items()))
        self.stdout.write("Now: " + ", ".join(f"{key} {count}" for key, count in demo_totals().items()))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {elapsed:.1f} s."))
