from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Expert pool")

    def ready(self) -> None:
        from experts import imports, nav  # noqa: F401  (Excel import, menu entries)
