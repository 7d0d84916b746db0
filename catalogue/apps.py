from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Service catalogue")

    def ready(self) -> None:
        from attachments.permissions import register_owner_rule
        from catalogue import imports, nav, periodic, todos  # noqa: F401  (import, menu, yearly review, to-dos)
        from catalogue.permissions import item_attachment_rule

        register_owner_rule("catalogue.serviceitem", item_attachment_rule)
