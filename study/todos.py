"""Workbench to-dos: today's card not yet read, open tests not yet taken."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from study.models import Attempt, CardRead, LearningCard, StudyTest
from study.permissions import member_of
from workbench.registry import Todo, todo_provider


@todo_provider("study")
def study_todos(user) -> list[Todo]:
    member = member_of(user)
    if member is None:
        return []
    today, now = timezone.localdate(), timezone.now()
    unread = (
        LearningCard.objects.filter(publish_on=today)
        .exclude(pk__in=CardRead.objects.filter(member=member, completed_at__isnull=False).values("card"))
        .count()
    )
    untaken = (
        StudyTest.objects.filter(opens_at__lte=now, closes_at__gt=now)
        .exclude(pk__in=Attempt.objects.filter(member=member).values("test"))
        .count()
    )
    url = reverse("study:home")
    return [
        Todo(_("Party study"), _("Today's learning card to read"), unread, url),
        Todo(_("Party study"), _("Tests open to take"), untaken, url),
    ]
