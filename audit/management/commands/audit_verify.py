from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit hash chain and name the first altered or missing event."

    def handle(self, *args, **options) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(f"Audit chain broken after {report.checked} good events: {report.problem}")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events."))
