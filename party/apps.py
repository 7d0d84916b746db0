from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "party"
    verbose_name = _("Party building")

    def ready(self) -> None:
        from party import imports, nav, todos  # noqa: F401  (Excel import, menu entries, to-dos)
