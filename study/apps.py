from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "study"
    verbose_name = _("Party study")

    def ready(self) -> None:
        from attachments.permissions import register_owner_rule
        from study import imports, nav, periodic, todos  # noqa: F401  (imports, menu, daily push, to-dos)
        from study.permissions import card_attachment_rule

        register_owner_rule("study.learningcard", card_attachment_rule)
