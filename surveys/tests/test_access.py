"""Who reaches what: officers run their own office's surveys, leaders and supervisors read all,
others are refused; missing and forbidden surveys look the same."""

import pytest

from surveys.models import SurveyStatus

pytestmark = pytest.mark.django_db

PAGES = ["", "recipients/", "results/", "comments/", "findings/", "results.xlsx"]


def test_the_anonymous_user_is_sent_to_sign_in(client, draft):
    for url in ["/surveys/", "/surveys/new/", *(f"/surveys/{draft.pk}/{p}" for p in PAGES)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_an_outsider_and_a_unit_admin_are_refused(login, outsider, units, draft):
    from accounts.models import User

    for user in (outsider, User.objects.get(username="uadmin0")):
        web = login(user)
        assert web.get("/surveys/").status_code == 403
        assert web.get(f"/surveys/{draft.pk}/").status_code == 403


def test_an_officer_of_another_office_sees_neither_the_survey_nor_its_results(login, other_officer, open_survey):
    web = login(other_officer)
    for page in PAGES:
        assert web.get(f"/surveys/{open_survey.pk}/{page}").status_code == 404, page
    assert web.post(f"/surveys/{open_survey.pk}/act/", {"action": "close"}).status_code == 404
    assert open_survey.title not in web.get("/surveys/").content.decode()
    open_survey.refresh_from_db()
    assert open_survey.status == SurveyStatus.OPEN


def test_a_missing_survey_is_not_found(login, officer):
    assert login(officer).get("/surveys/999999/").status_code == 404


@pytest.mark.parametrize("persona", ["leader", "supervisor"])
def test_leaders_and_supervisors_read_every_survey_but_run_none(request, login, persona, open_survey):
    web = login(request.getfixturevalue(persona))
    assert open_survey.title in web.get("/surveys/").content.decode()
    for page in PAGES:
        assert web.get(f"/surveys/{open_survey.pk}/{page}").status_code == 200, page
    assert web.post(f"/surveys/{open_survey.pk}/act/", {"action": "close"}).status_code == 403
    assert web.get("/surveys/new/").status_code == 403
    assert web.post(f"/surveys/{open_survey.pk}/recipients/", {"users": "x"}).status_code == 404
    open_survey.refresh_from_db()
    assert open_survey.status == SurveyStatus.OPEN


def test_state_changes_need_post(login, officer, open_survey):
    assert login(officer).get(f"/surveys/{open_survey.pk}/act/").status_code == 405
