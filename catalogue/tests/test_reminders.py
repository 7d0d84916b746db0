"""The yearly review reminder: once per item and year, only for guides unchanged for a year."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import ServiceItem
from catalogue.reminders import review_sweep
from catalogue.todos import catalogue_todos

pytestmark = pytest.mark.django_db


def test_a_guide_unchanged_for_a_year_is_reminded_once(published_item, officer):
    ServiceItem.objects.filter(pk=published_item.pk).update(updated_at=timezone.now() - timedelta(days=400))
    today = timezone.localdate()
    assert review_sweep(today=today) == 1
    assert review_sweep(today=today) == 0  # a second scheduler, or the next tick
    title = _("Please review the service guide: %(name)s") % {"name": published_item.name}
    assert officer.notifications.filter(title=title).count() == 1


def test_a_recent_guide_is_not_reminded(published_item):
    assert review_sweep(today=timezone.localdate()) == 0


def test_the_next_year_reminds_again(published_item):
    ServiceItem.objects.filter(pk=published_item.pk).update(updated_at=timezone.now() - timedelta(days=800))
    assert review_sweep(today=date.today()) == 1
    assert review_sweep(today=date.today() + timedelta(days=366)) == 1


def test_the_catalogue_office_sees_drafts_to_publish(policy_officer, officer, draft_item):
    titles = {t.title: t.count for t in catalogue_todos(policy_officer)}
    assert 1 in titles.values()
    assert all(t.count == 0 for t in catalogue_todos(officer))
