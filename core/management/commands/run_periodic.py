"""Enqueue every registered periodic task, once or every ``--every`` seconds."""

import time

from django.core.management.base import BaseCommand

from core.periodic import periodic_tasks


class Command(BaseCommand):
    help = "Enqueue the registered periodic tasks (review sweep, ...) once, or every --every seconds."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--every", type=int, default=0, help="seconds between runs (0: run once and exit)")
        parser.add_argument("--times", type=int, default=0, help="stop after this many runs (0: no limit)")

    def handle(self, *args, every: int, times: int, **options) -> None:
        runs = 0
        while True:
            for name, task in sorted(periodic_tasks().items()):
                task.enqueue()
                self.stdout.write(f"enqueued {name}")
            runs += 1
            if not every or (times and runs >= times):
                return
            time.sleep(every)
