from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_prune


class Command(BaseCommand):
    help = "Delete audit events older than the retention period (at least 180 days)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=365, help="retention in days (minimum 180)")

    def handle(self, *args, days: int, **options) -> None:
        try:
            count = audit_prune(actor=None, older_than_days=days)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Deleted {count} audit events older than {days} days.")
