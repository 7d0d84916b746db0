"""From ranked results to approved projects, walked through the real views."""

import pytest
from django.test import Client
from django.utils import timezone

from applications.models import ApplicationStatus
from approvals.models import FundingList, ListStatus, Objection, ScoreSource
from audit.models import AuditEvent
from projects.models import Project

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


def file_objection(client: Client, funding_list, **changes):
    data = {
        "item": "",
        "name": "王公正",
        "id_number": ID_NUMBER,
        "phone": "13812345678",
        "email": "wang@example.test",
        "content": "该项目负责人同期承担同类项目，申报内容与已结题项目高度重复，请核查。",
    } | changes
    return client.post(f"/portal/publicity/{funding_list.pk}/", data)


def test_scores_list_joint_sign_off_publicity_objection_and_approval(
    passed, officer, second_officer, finance_office, finance_officer, leader, applicant, login
):
    first, second = passed
    call = first.call
    staff = login(officer)

    # Manual scores, clearly marked, stand in for the review module.
    page = staff.get(f"/approvals/calls/{call.pk}/scores/")
    assert "人工录入" in page.content.decode()
    response = staff.post(
        f"/approvals/calls/{call.pk}/scores/", {f"score-{first.pk}": "91.5", f"score-{second.pk}": "84"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.review_score.source == ScoreSource.MANUAL

    # The officer draws up the list from the ranking, with the finance office co-signing.
    response = staff.post(f"/approvals/calls/{call.pk}/open/")
    funding_list = FundingList.objects.get(call=call)
    assert response.url == f"/approvals/{funding_list.pk}/"
    response = staff.post(
        f"/approvals/{funding_list.pk}/save/",
        {
            "version": funding_list.version,
            "include": [first.pk, second.pk],
            f"grant-{first.pk}": "90",
            f"grant-{second.pk}": "80",
            "offices": [finance_office.pk],
            "note": "按评审排名择优支持。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    items = list(funding_list.items.order_by("rank"))
    assert [(i.application_id, i.rank, str(i.grant)) for i in items] == [
        (first.pk, 1, "90.00"),
        (second.pk, 2, "80.00"),
    ]

    staff.post(f"/approvals/{funding_list.pk}/do/submit/")
    funding_list.refresh_from_db()
    assert funding_list.status == ListStatus.SIGN_OFF and funding_list.sign_off_round == 1

    # Nobody approves alone: the proposer cannot sign; each office and a leader must.
    assert (
        staff.post(f"/approvals/{funding_list.pk}/sign/", {"seat": "leader", "decision": "approve"}).status_code == 403
    )
    seat = f"office-{finance_office.pk}"
    login(finance_officer).post(f"/approvals/{funding_list.pk}/sign/", {"seat": seat, "decision": "approve"})
    login(second_officer).post(
        f"/approvals/{funding_list.pk}/sign/", {"seat": f"office-{call.program.office_id}", "decision": "approve"}
    )
    funding_list.refresh_from_db()
    assert funding_list.status == ListStatus.SIGN_OFF
    login(leader).post(f"/approvals/{funding_list.pk}/sign/", {"seat": "leader", "decision": "approve"})
    funding_list.refresh_from_db()
    assert funding_list.status == ListStatus.SIGNED

    staff.post(f"/approvals/{funding_list.pk}/do/publish/")
    funding_list.refresh_from_db()
    assert funding_list.status == ListStatus.PUBLICITY and funding_list.publicity_ends_at > timezone.now()
    first.refresh_from_db()
    assert first.status == ApplicationStatus.PROPOSED

    # The public sees the list and files a real-name objection against the second project.
    public = Client()
    page = public.get(f"/portal/publicity/{funding_list.pk}/").content.decode()
    assert "高精度主轴热误差补偿" in page and "海洋防腐涂层材料" in page
    second_item = funding_list.items.get(application=second)
    response = file_objection(public, funding_list, item=second_item.pk)
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert public.get(response.url).status_code == 200

    # The objector's identity is in no audit detail.
    event = AuditEvent.objects.filter(action="objection.file").get()
    assert "王公正" not in str(event.after) and ID_NUMBER not in str(event.after)

    # Not final before the period is over, nor while an objection is open.
    staff.post(f"/approvals/{funding_list.pk}/do/finalize/")
    funding_list.refresh_from_db()
    assert funding_list.status == ListStatus.PUBLICITY

    response = staff.post(
        f"/approvals/{funding_list.pk}/objections/{objection.pk}/answer/",
        {f"o{objection.pk}-outcome": "upheld", f"o{objection.pk}-answer": "经核查，异议属实，该项目不予立项。"},
    )
    assert response.status_code == 302
    FundingList.objects.filter(pk=funding_list.pk).update(publicity_ends_at=timezone.now())
    staff.post(f"/approvals/{funding_list.pk}/do/finalize/")
    funding_list.refresh_from_db()
    assert funding_list.status == ListStatus.FINAL

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ApplicationStatus.APPROVED, ApplicationStatus.NOT_FUNDED)
    project = Project.objects.get()
    assert (project.application_id, str(project.grant), project.pi_id) == (first.pk, "90.00", applicant.pk)
    assert "经核查" in public.get(f"/portal/objections/{objection.token}/").content.decode()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "funding_list.submit",
        "funding_list.sign",
        "funding_list.complete",
        "funding_list.publish",
        "objection.answer",
        "funding_list.finalize",
        "application.approve",
        "application.not_fund",
        "project.create",
    } <= actions


@pytest.fixture
def in_publicity(passed, officer, second_officer, finance_office, finance_officer, leader):
    from approvals import services

    first, second = passed
    for application, score in ((first, 90), (second, 80)):
        services.review_score_record(actor=officer, application=application, score=score, source=ScoreSource.MANUAL)
    funding_list = services.funding_list_open(actor=officer, call=first.call)
    funding_list = services.funding_list_save(
        actor=officer,
        funding_list=funding_list,
        version=funding_list.version,
        grants={first.pk: "90", second.pk: "80"},
        offices=[finance_office],
        note="",
    )
    services.funding_list_submit(actor=officer, funding_list=funding_list)
    services.sign_off(
        actor=finance_officer, funding_list=funding_list, seat=f"office-{finance_office.pk}", decision="approve"
    )
    services.sign_off(
        actor=second_officer,
        funding_list=funding_list,
        seat=f"office-{first.call.program.office_id}",
        decision="approve",
    )
    services.sign_off(actor=leader, funding_list=funding_list, seat="leader", decision="approve")
    return services.publicity_start(actor=officer, funding_list=FundingList.objects.get(pk=funding_list.pk))


def test_an_objection_without_a_real_name_is_refused_at_the_field(in_publicity):
    public = Client()
    response = file_objection(public, in_publicity, name="", id_number="", phone="")
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("invalid-feedback") >= 3
    response = file_objection(public, in_publicity, id_number="110105194912310021")  # wrong check digit
    assert response.status_code == 400 and "身份证" in response.content.decode()
    assert not Objection.objects.exists()


def test_objections_are_refused_after_the_publicity_period(in_publicity):
    FundingList.objects.filter(pk=in_publicity.pk).update(publicity_ends_at=timezone.now())
    response = file_objection(Client(), in_publicity)
    assert response.status_code == 400 and "公示期已满" in response.content.decode()
    assert "objection-form" not in Client().get(f"/portal/publicity/{in_publicity.pk}/").content.decode()
    assert not Objection.objects.exists()


def test_objections_from_one_address_are_rate_limited(in_publicity):
    public = Client()
    for _ in range(5):
        assert file_objection(public, in_publicity).status_code == 302
    response = file_objection(public, in_publicity)
    assert response.status_code == 400 and Objection.objects.count() == 5


def test_the_objected_party_never_sees_objections_and_only_the_running_office_sees_identities(
    in_publicity, applicant, unit_admin, finance_officer, officer, expert, login
):
    file_objection(Client(), in_publicity)
    objection = Objection.objects.get()
    for user in (applicant, unit_admin, expert):
        assert login(user).get(f"/approvals/{in_publicity.pk}/").status_code in (403, 404)
    co_signer = login(finance_officer)
    page = co_signer.get(f"/approvals/{in_publicity.pk}/").content.decode()
    assert "该项目负责人" in page and "王公正" not in page
    assert co_signer.post(f"/approvals/{in_publicity.pk}/objections/{objection.pk}/contact/").status_code == 404
    staff = login(officer)
    assert "王公正" in staff.get(f"/approvals/{in_publicity.pk}/").content.decode()
    contact = staff.post(f"/approvals/{in_publicity.pk}/objections/{objection.pk}/contact/").content.decode()
    assert "13812345678" in contact
    assert AuditEvent.objects.filter(action="objection.reveal", actor=officer).exists()
    detail = login(applicant).get(f"/applications/{in_publicity.items.first().application_id}/").content.decode()
    assert "王公正" not in detail and "异议" not in detail


def test_the_public_sees_no_list_before_publicity(passed, officer):
    from approvals import services

    funding_list = services.funding_list_open(actor=officer, call=passed[0].call)
    assert Client().get(f"/portal/publicity/{funding_list.pk}/").status_code == 404
    assert "海洋防腐涂层材料" not in Client().get("/portal/publicity/").content.decode()
