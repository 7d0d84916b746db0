from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = _("Rectification ledger")

    def ready(self) -> None:
        from attachments.permissions import register_owner_rule
        from rectification import nav, periodic, todos  # noqa: F401  (menu, reminders, to-dos)
        from rectification.permissions import evidence_rule

        register_owner_rule("rectification.rectificationitem", evidence_rule)
