from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from applications import nav, todos  # noqa: F401  (menu entries, workbench to-dos)
        from applications.permissions import application_attachment_rule
        from attachments.permissions import register_owner_rule

        register_owner_rule("applications.application", application_attachment_rule)
