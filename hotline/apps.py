from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = _("Service requests")

    def ready(self) -> None:
        from hotline import nav, periodic, todos  # noqa: F401  (menu and audit labels, deadline sweep, to-dos)
