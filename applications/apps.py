import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from applications import nav, todos  # noqa: F401  (menu entries, workbench to-dos)
        from applications.permissions import application_attachment_rule
        from attachments.permissions import register_owner_rule

        register_owner_rule("applications.application", application_attachment_rule)
        if "rqworker" in sys.argv:
            # rq forks a work horse per job: load jieba's dictionary (~0.8 s) once in the parent.
            from applications.duplicates import tokenizer_warm_up

            tokenizer_warm_up()
