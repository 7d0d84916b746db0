from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys and evaluations")

    def ready(self) -> None:
        from surveys import nav, periodic, todos  # noqa: F401  (menu, reminders, to-dos)
