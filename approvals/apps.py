from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approval and publicity")

    def ready(self) -> None:
        from approvals import nav  # noqa: F401  (menu entries, audit labels, to-dos)
