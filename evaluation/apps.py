from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Party reports and evaluations")

    def ready(self) -> None:
        from evaluation import nav, periodic, todos  # noqa: F401  (menu, report reminders, to-dos)
