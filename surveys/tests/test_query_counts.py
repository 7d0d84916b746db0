"""The survey pages' query counts do not grow with surveys, recipients or answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.services import recipients_add, response_submit, survey_open
from surveys.tests.conftest import build_survey

pytestmark = pytest.mark.django_db


def grow(officer, office, n: int):
    for k in range(n):
        survey = build_survey(officer, office, title=f"意见函{k}")
        recipients_add(
            actor=officer, survey=survey, externals=[(f"人{k}-{i}", f"p{k}-{i}@example.test") for i in range(4)]
        )
        survey = survey_open(actor=officer, survey=survey)
        for recipient in survey.recipients.all()[:3]:
            q = list(survey.questions.all())
            response_submit(recipient=recipient, values={q[0].pk: ["1"], q[1].pk: ["0"], q[3].pk: [f"意见{k}"]})
    return survey


def count(web, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert web.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["", "{pk}/", "{pk}/recipients/", "{pk}/results/", "{pk}/comments/", "{pk}/findings/"])
def test_pages_do_not_grow_with_the_data(login, officer, office, page):
    web = login(officer)
    survey = grow(officer, office, 1)
    small = count(web, "/surveys/" + page.format(pk=survey.pk))
    survey = grow(officer, office, 4)
    large = count(web, "/surveys/" + page.format(pk=survey.pk))
    assert large <= small


def test_the_list_page_is_pinned(login, officer, office, django_assert_max_num_queries):
    web = login(officer)
    grow(officer, office, 5)
    web.get("/surveys/")  # warms the session and the policy cache, as any earlier page would
    with django_assert_max_num_queries(16):
        assert web.get("/surveys/").status_code == 200
