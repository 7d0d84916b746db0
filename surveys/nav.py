from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from surveys.permissions import reads_surveys

register_nav(
    NavItem(
        _("Supervision and service"),
        _("Surveys and evaluations"),
        "surveys:list",
        reads_surveys,
        icon="bi-ui-checks",
        order=92,
    ),
)
register_action_labels(
    {
        "survey.create": _("Survey created"),
        "survey.update": _("Survey edited"),
        "survey.open": _("Survey sent"),
        "survey.close": _("Survey closed"),
        "survey.remind": _("Survey reminders sent"),
        "survey.recipients_add": _("Survey recipients added"),
        "survey.recipient_remove": _("Survey recipient removed"),
        "survey_question.add": _("Survey question added"),
        "survey_question.delete": _("Survey question removed"),
        "survey_question.move": _("Survey question moved"),
        "survey_response.submit": _("Survey answered"),
        "survey_answer.tag": _("Survey comments grouped"),
        "survey_finding.add": _("Survey problem recorded"),
        "survey_finding.rectify": _("Survey problem turned into a rectification item"),
    }
)
