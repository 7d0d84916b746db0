"""Workbench to-dos: my office's open surveys still waiting for answers, and drafts not sent."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from surveys.models import Survey, SurveyStatus
from surveys.permissions import office_ids
from workbench.registry import Todo, todo_provider


@todo_provider("surveys")
def survey_todos(user) -> list[Todo]:
    offices = office_ids(user)
    if not offices:
        return []
    counts = Survey.objects.filter(office_id__in=offices).aggregate(
        drafts=Count("pk", filter=Q(status=SurveyStatus.DRAFT)),
        open=Count("pk", filter=Q(status=SurveyStatus.OPEN)),
    )
    section, url = _("Supervision and service"), reverse("surveys:list")
    return [
        Todo(section, _("Surveys not yet sent"), counts["drafts"], url + "?status=draft"),
        Todo(section, _("Surveys collecting answers"), counts["open"], url + "?status=open"),
    ]
