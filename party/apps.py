from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "party"
    verbose_name = _("Party building")

    def ready(self) -> None:
        from attachments.permissions import register_owner_rule
        from party import imports, nav, periodic, todos  # noqa: F401  (imports, menu, reminders, to-dos)
        from party.permissions import meeting_attachment_rule

        register_owner_rule("party.meeting", meeting_attachment_rule)
