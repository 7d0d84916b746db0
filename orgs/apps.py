from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from attachments.permissions import register_owner_rule
        from orgs import imports, nav  # noqa: F401  (registers the unit import and menu)
        from orgs.permissions import unit_attachment_rule

        register_owner_rule("orgs.unit", unit_attachment_rule)
