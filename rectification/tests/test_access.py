"""Who sees what: supervisors everything, leaders read everything, officers their office's items;
another office's officer and an outsider see nothing; the anonymous user signs in first."""

import pytest

from rectification.tests.conftest import pdf

pytestmark = pytest.mark.django_db

PAGES = ["/rectification/", "/rectification/roadmap/", "/rectification/export/"]


@pytest.mark.parametrize("url", [*PAGES, "/rectification/new/", "/rectification/findings/"])
def test_the_anonymous_user_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_an_outsider_is_refused(login, outsider, url):
    assert login(outsider).get(url).status_code == 403


def test_an_outsider_and_another_office_cannot_open_an_item(login, outsider, stranger, item):
    assert login(outsider).get(f"/rectification/{item.pk}/").status_code == 403
    other = login(stranger)
    assert other.get(f"/rectification/{item.pk}/").status_code == 404
    assert other.post(f"/rectification/{item.pk}/progress/", {"text": "冒名报告进展情况说明"}).status_code == 404


def test_another_office_does_not_see_the_item_in_the_ledger_or_the_export(login, stranger, item):
    assert item.number not in login(stranger).get("/rectification/").content.decode()


def test_a_leader_reads_but_cannot_work_on_an_item(login, leader, item):
    reader = login(leader)
    assert reader.get(f"/rectification/{item.pk}/").status_code == 200
    assert reader.get(f"/rectification/{item.pk}/edit/").status_code == 404
    assert reader.post(f"/rectification/{item.pk}/progress/", {"text": "领导不应能报告进展"}).status_code == 404
    assert reader.post(f"/rectification/{item.pk}/check/", {"text": "领导不应能记录调度"}).status_code == 404
    assert reader.get("/rectification/new/").status_code == 403


def test_an_officer_cannot_check_review_or_reopen(login, officer, with_evidence):
    clerk = login(officer)
    assert clerk.post(f"/rectification/{with_evidence.pk}/check/", {"text": "自己调度自己的事项"}).status_code == 404
    assert clerk.post(f"/rectification/{with_evidence.pk}/review/", {"decision": "close"}).status_code == 404
    assert clerk.post(f"/rectification/{with_evidence.pk}/reopen/", {"text": "无权重开事项"}).status_code == 404
    assert clerk.get("/rectification/new/").status_code == 403
    assert clerk.get("/rectification/findings/").status_code == 403


def test_evidence_files_are_read_by_readers_of_the_item_only(login, officer, leader, stranger, item):
    from attachments.selectors import attachments_of
    from rectification.services import evidence_add

    evidence_add(actor=officer, item=item, upload=pdf())
    file = attachments_of(item).get()
    assert login(leader).get(f"/files/{file.pk}/").status_code == 200
    assert login(stranger).get(f"/files/{file.pk}/").status_code == 404


def test_a_missing_item_answers_404(login, supervisor):
    assert login(supervisor).get("/rectification/999999/").status_code == 404


def test_a_file_that_is_not_what_it_claims_is_refused_at_the_field(login, officer, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(officer).post(f"/rectification/{item.pk}/evidence/", {"file": fake})
    assert response.status_code == 400 and "invalid-feedback" in response.content.decode()
