from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("S&T plans")

    def ready(self) -> None:
        from attachments.permissions import register_owner_rule
        from plans import nav  # noqa: F401  (menu entries)
        from plans.permissions import call_attachment_rule

        register_owner_rule("plans.call", call_attachment_rule)
