from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervised tasks")

    def ready(self) -> None:
        from attachments.permissions import register_owner_rule
        from supervision import nav, periodic, todos  # noqa: F401  (menu, warnings and bulletins, to-dos)
        from supervision.permissions import evidence_attachment_rule

        register_owner_rule("supervision.supervisedtask", evidence_attachment_rule)
