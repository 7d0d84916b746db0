"""Editing the four clarities and the commitment: the optimistic lock, bad input at the field,
nothing cleared once under rectification, the responsible person from the responsible office."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rectification.models import RectificationStatus
from rectification.services import rectification_item_update

pytestmark = pytest.mark.django_db


def form(item, **overrides) -> dict:
    values = {
        "version": item.version,
        "problem": item.problem,
        "goal": item.goal,
        "deadline": item.deadline.isoformat() if item.deadline else "",
        "measures": item.measures,
        "office": item.office_id or "",
        "responsible": item.responsible_id or "",
        "commitment": item.commitment,
        "is_public": "on",
        "internal_note": "",
    }
    return values | overrides


def test_a_draft_stays_a_draft_until_every_clarity_is_set(login, officer, draft):
    clerk = login(officer)
    partial = form(draft, goal="知晓率提升至90%以上", measures="开展政策宣讲进园区活动")
    assert clerk.post(f"/rectification/{draft.pk}/edit/", partial).status_code == 302
    draft.refresh_from_db()
    assert draft.status == RectificationStatus.DRAFT and draft.goal == "知晓率提升至90%以上"
    full = form(
        draft,
        deadline=(timezone.localdate() + timedelta(days=30)).isoformat(),
        responsible=officer.pk,
        commitment="承诺年底前完成全省宣讲",
    )
    assert clerk.post(f"/rectification/{draft.pk}/edit/", full).status_code == 302
    draft.refresh_from_db()
    assert draft.status == RectificationStatus.IN_PROGRESS


def test_a_stale_version_is_refused_and_the_typed_text_kept(login, officer, colleague, item):
    first, second = login(officer), login(colleague)
    assert first.post(f"/rectification/{item.pk}/edit/", form(item, goal="第一位同事的目标")).status_code == 302
    response = second.post(f"/rectification/{item.pk}/edit/", form(item, goal="第二位同事写的目标"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "第二位同事写的目标" in page and 'data-testid="conflict"' in page
    item.refresh_from_db()
    assert item.goal == "第一位同事的目标"


def test_the_clarities_cannot_be_cleared_under_rectification(login, officer, item):
    response = login(officer).post(f"/rectification/{item.pk}/edit/", form(item, measures="", commitment=""))
    assert response.status_code == 400
    assert 'id="id_measures_error"' in response.content.decode()
    item.refresh_from_db()
    assert item.measures and item.commitment


def test_a_deadline_before_the_entry_is_answered_at_the_field(login, officer, item):
    earlier = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = login(officer).post(f"/rectification/{item.pk}/edit/", form(item, deadline=earlier))
    assert response.status_code == 400 and 'id="id_deadline_error"' in response.content.decode()


def test_a_malformed_date_is_answered_at_the_field(login, officer, item):
    response = login(officer).post(f"/rectification/{item.pk}/edit/", form(item, deadline="2026-13-45"))
    assert response.status_code == 400 and 'id="id_deadline_error"' in response.content.decode()


def test_the_responsible_person_must_belong_to_the_office(login, officer, stranger, item):
    response = login(officer).post(f"/rectification/{item.pk}/edit/", form(item, responsible=stranger.pk))
    assert response.status_code == 400 and 'id="id_responsible_error"' in response.content.decode()


def test_a_submitted_item_cannot_be_edited(officer, with_evidence):
    from rectification.services import completion_report

    submitted = completion_report(
        actor=officer, item=with_evidence, text="已全部完成专家库整改工作", completed_on=timezone.localdate()
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        rectification_item_update(
            actor=officer,
            item=submitted,
            version=submitted.version,
            problem=submitted.problem,
            goal="改",
            deadline=submitted.deadline,
            measures=submitted.measures,
            office=submitted.office,
            responsible=submitted.responsible,
            commitment=submitted.commitment,
            is_public=True,
            internal_note="",
        )


def test_the_edit_page_answers_404_once_the_item_is_closed_to_the_office(login, officer, with_evidence):
    from rectification.services import completion_report

    completion_report(
        actor=officer, item=with_evidence, text="已全部完成专家库整改工作", completed_on=timezone.localdate()
    )
    assert login(officer).get(f"/rectification/{with_evidence.pk}/edit/").status_code == 404
