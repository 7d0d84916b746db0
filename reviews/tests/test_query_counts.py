"""The officer's and the expert's lists cost the same number of queries whatever their length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.services import application_decide
from applications.tests.test_recommendation import endorsed
from reviews.models import Assignment
from reviews.services import _items_sync, assignment_fill
from reviews.tests.conftest import accept

pytestmark = pytest.mark.django_db


def queries(client, path) -> int:
    client.get(path)  # warm up: the first request after sign-in also loads per-session data
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def grow(round, officer, make_user, unit, unit_admin, n=3):
    """More applications in the round, assigned like the first ones."""
    call = round.call
    type(call).objects.filter(pk=call.pk).update(status="published", closes_at=call.opens_at.replace(year=2099))
    call.refresh_from_db()
    for k in range(n):
        pi = make_user(f"more{k}", "applicant", unit=unit)
        application = endorsed(call, pi, unit_admin, f"追加项目{k}")
        application_decide(actor=officer, application=application, name="formal_pass")
    _items_sync(round)
    type(round).objects.filter(pk=round.pk).update(max_load=10)
    round.refresh_from_db()
    assignment_fill(round, source="replacement")  # the round is in review: places are refilled


def test_officer_pages_do_not_grow_with_the_round(in_review, officer, login, make_user, unit, unit_admin):
    client = login(officer)
    paths = [f"/reviews/rounds/{in_review.pk}/assignments/", f"/reviews/rounds/{in_review.pk}/", "/reviews/"]
    before = [queries(client, p) for p in paths]
    grow(in_review, officer, make_user, unit, unit_admin)
    assert in_review.items.count() == 6
    assert [queries(client, p) for p in paths] == before


def test_results_page_does_not_grow_with_the_reviews(in_review, officer, login, make_user, unit, unit_admin):
    client = login(officer)
    path = f"/reviews/rounds/{in_review.pk}/results/"
    before = queries(client, path)
    for assignment in Assignment.objects.filter(round=in_review).select_related("expert"):
        accept(assignment)
    assert queries(client, path) <= before + 1  # the scored rows add no per-row queries


def test_expert_workspace_does_not_grow_with_the_assignments(in_review, login, make_user, unit, unit_admin, officer):
    expert = Assignment.objects.filter(round=in_review).values_list("expert", flat=True).first()
    expert = type(officer).objects.get(pk=expert)
    client = login(expert)
    before = queries(client, "/reviews/mine/")
    grow(in_review, officer, make_user, unit, unit_admin)
    in_review.assignments.filter(expert=expert, status="proposed").update(status="invited")
    assert Assignment.objects.filter(expert=expert).count() > 3
    assert queries(client, "/reviews/mine/") == before
