"""Reviewer anonymity and blind review, channel by channel.

Experts: pages, attachment names, PDF text and metadata, API JSON, notifications; never another
expert's identity or scores, never an item not theirs. Applicants: feedback page, PDF, API, e-mails
and inbox carry aliases only. A user holding both roles is covered.
"""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from accounts.roles import Role
from accounts.services import role_grant
from applications.models import Application
from attachments.services import attachment_store
from experts.models import ExpertProfile, ProfileStatus
from notifications.models import Notification
from reviews.conflicts import Conflict, RoundPool
from reviews.models import Assignment, AssignmentStatus, Review
from reviews.scoring import results_publish, review_save
from reviews.tests.conftest import accept

pytestmark = pytest.mark.django_db
COMMENT = "研究内容系统完整，关键技术指标先进，建议补充中试验证方案与风险应对措施。"


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def identity(application) -> list[str]:
    return [application.pi.full_name, application.unit.name, "钱学森", "南京工业技术大学", "宁波海洋材料研究院"]


def pdf_with_author(author: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": author, "/Title": f"{author}的承诺书"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def first_assignment(in_review, passed):
    """An accepted, confirmed assignment on the first application (which names its team and partner)."""
    Application.objects.filter(pk=passed[0].pk).update(abstract=f"本项目由{passed[0].unit.name}牵头，钱学森参与。")
    attachment_store(
        actor=passed[0].pi,
        owner=passed[0],
        upload=SimpleUploadedFile(f"{passed[0].unit.name}承诺书.pdf", pdf_with_author(passed[0].pi.full_name)),
        kind="commitment",
    )
    assignment = (
        Assignment.objects.filter(round=in_review, item__application=passed[0]).select_related("expert").first()
    )
    return accept(assignment)


def submit_all(round):
    for assignment in Assignment.objects.filter(round=round, status=AssignmentStatus.INVITED).select_related("expert"):
        accept(assignment)
    for assignment in Assignment.objects.filter(round=round, status=AssignmentStatus.ACCEPTED).select_related("expert"):
        review = Review.objects.get(assignment=assignment)
        if review.status == "submitted":
            continue
        data = {f"score_{c.pk}": "8" for c in round.criteria.all()} | {
            "recommendation": "support",
            "comment": COMMENT + f"意见编号{assignment.pk}号",
        }
        review_save(actor=assignment.expert, review=review, data=data, version=review.version, submit=True)


def test_blind_item_page_hides_every_identity(first_assignment, login, passed):
    page = login(first_assignment.expert).get(f"/reviews/mine/{first_assignment.pk}/").content.decode()
    assert passed[0].title.split("补偿")[0] in page  # the science is shown
    for term in identity(passed[0]):
        assert term not in page, term
    assert "■■" in page  # the unit named in the abstract is masked


def test_blind_attachments_are_renamed_and_lose_their_metadata(first_assignment, login, passed):
    from attachments.selectors import attachments_of

    pi = passed[0].pi
    attachment_store(
        actor=pi,
        owner=passed[0],
        upload=SimpleUploadedFile(f"{passed[0].unit.name}技术报告.pdf", pdf_with_author(pi.full_name)),
        kind="other",
    )
    legacy = attachment_store(actor=pi, owner=passed[0], upload=SimpleUploadedFile("说明.pdf", PDF), kind="other")
    type(legacy).objects.filter(pk=legacy.pk).update(extension="doc", original_name="旧格式说明.doc")  # as if a .doc
    client = login(first_assignment.expert)
    page = client.get(f"/reviews/mine/{first_assignment.pk}/").content.decode()
    assert "承诺书" not in page and "技术报告" not in page and "材料1.pdf" in page
    files = {f.kind + f.extension: f for f in attachments_of(passed[0])}
    # The unit's commitment letters exist to identify it: not given to experts in a blind round.
    assert client.get(f"/reviews/mine/{first_assignment.pk}/files/{files['commitmentpdf'].pk}/").status_code == 404
    response = client.get(f"/reviews/mine/{first_assignment.pk}/files/{files['otherpdf'].pk}/")
    assert response.status_code == 200
    assert "filename*=utf-8''%E6%9D%90%E6%96%99" in response["Content-Disposition"]  # 材料N.pdf
    assert pi.full_name.encode() not in response.content
    assert PdfReader(io.BytesIO(response.content)).metadata is None
    # A legacy Word file cannot be cleaned reliably: withheld with a message, never a 500.
    response = client.get(f"/reviews/mine/{first_assignment.pk}/files/{files['otherdoc'].pk}/")
    assert response.status_code == 409 and "PDF" in response.content.decode()
    # The general download route refuses the expert altogether.
    assert client.get(f"/files/{files['otherpdf'].pk}/").status_code == 404


def test_office_files_lose_their_document_properties():
    import zipfile

    from reviews.blind import attachment_clean

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "docProps/core.xml", "<cp:p><dc:creator>张三</dc:creator><cp:lastModifiedBy>张三</cp:lastModifiedBy></cp:p>"
        )
        z.writestr("docProps/app.xml", "<Properties><Company>之江理工大学</Company></Properties>")
        z.writestr("docProps/custom.xml", "<x>张三</x>")
        z.writestr("word/comments.xml", '<w:comment w:author="张三" w:initials="ZS">意见</w:comment>')
    clean = attachment_clean(buffer.getvalue(), "docx")
    parts = zipfile.ZipFile(io.BytesIO(clean))
    assert "docProps/custom.xml" not in parts.namelist()
    for name in parts.namelist():
        text = parts.read(name).decode()
        assert "张三" not in text and "之江理工大学" not in text
    assert "意见" in parts.read("word/comments.xml").decode()  # the content stays


def test_blind_scoresheet_pdf_has_no_identity_in_text_or_metadata(first_assignment, login, passed):
    response = login(first_assignment.expert).get(f"/reviews/mine/{first_assignment.pk}/review.pdf")
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert first_assignment.item.code in text
    metadata = PdfReader(io.BytesIO(response.content)).metadata or {}
    for term in identity(passed[0]):
        assert term not in text and all(term not in str(v) for v in metadata.values())
    assert passed[0].unit.name not in response["Content-Disposition"]


def test_api_gives_the_expert_only_their_own_blinded_assignments(first_assignment, login, passed, in_review):
    rows = login(first_assignment.expert).get("/api/reviews/assignments").json()
    mine = Assignment.objects.filter(expert=first_assignment.expert, round=in_review)
    assert {r["id"] for r in rows} == set(mine.values_list("pk", flat=True))
    body = str(rows)
    for term in identity(passed[0]):
        assert term not in body
    others = Assignment.objects.filter(round=in_review).exclude(expert=first_assignment.expert).select_related("expert")
    for other in others:
        assert other.expert.full_name not in body


def test_an_expert_never_sees_other_experts_or_their_scores(in_review, login, passed):
    submit_all(in_review)
    on_first = list(Assignment.objects.filter(round=in_review, item__application=passed[0]).select_related("expert"))
    client = login(on_first[0].expert)
    page = client.get(f"/reviews/mine/{on_first[0].pk}/").content.decode()
    for other in on_first[1:]:
        assert other.expert.full_name not in page and other.expert.username not in page
        assert f"意见编号{other.pk}号" not in page  # nor their comment
    for path in (
        f"/reviews/rounds/{in_review.pk}/",
        f"/reviews/rounds/{in_review.pk}/results/",
        f"/reviews/rounds/{in_review.pk}/results.xlsx",
        f"/reviews/rounds/{in_review.pk}/assignments/",
    ):
        assert client.get(path).status_code == 403, path
    # An item of someone else's, and the expert's own after declaring a conflict: 404.
    foreign = Assignment.objects.filter(round=in_review).exclude(expert=on_first[0].expert).first()
    assert client.get(f"/reviews/mine/{foreign.pk}/").status_code == 404
    assert client.get(f"/api/reviews/feedback/{on_first[0].item_id}").status_code == 404


def test_a_declared_conflict_closes_the_item_to_the_expert(first_assignment, login, django_capture_on_commit_callbacks):
    client = login(first_assignment.expert)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reviews/mine/{first_assignment.pk}/conflict/", {"declare": "1", "reason": "曾与负责人合作"})
    assert client.get(f"/reviews/mine/{first_assignment.pk}/").status_code == 404
    assert client.get(f"/reviews/mine/{first_assignment.pk}/review.pdf").status_code == 404


def test_the_applicant_sees_aliases_only_on_every_channel(in_review, login, passed, applicant, officer, mailoutbox):
    submit_all(in_review)
    results_publish(actor=officer, round=in_review)
    item = in_review.items.get(application=passed[0])
    experts = [a.expert for a in Assignment.objects.filter(round=in_review).select_related("expert")]
    forbidden = [t for e in experts for t in (e.full_name, e.username)]
    forbidden += [p.affiliation for p in ExpertProfile.objects.filter(user__in=experts)]
    client = login(applicant)
    page = client.get(f"/reviews/feedback/{item.pk}/").content.decode()
    api = client.get(f"/api/reviews/feedback/{item.pk}").json()
    pdf = client.get(f"/reviews/feedback/{item.pk}/comments.pdf").content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    inbox = " ".join(Notification.objects.filter(recipient=applicant).values_list("body", flat=True))
    mails = " ".join(m.body + m.subject for m in mailoutbox if applicant.email in m.to)
    for channel in (page, str(api), text, inbox, mails, str(PdfReader(io.BytesIO(pdf)).metadata)):
        for term in forbidden:
            assert term not in channel, term
    assert [c["alias"] for c in api["comments"]] == sorted(c["alias"] for c in api["comments"])
    assert len(api["comments"]) == 3 and set(api["comments"][0]) == {"alias", "recommendation", "comment"}
    # The officers' pages stay closed to the applicant, and so does someone else's feedback.
    for path in (f"/reviews/rounds/{in_review.pk}/results/", f"/reviews/rounds/{in_review.pk}/results.xlsx"):
        assert client.get(path).status_code == 403
    other = in_review.items.get(application=passed[1])
    assert client.get(f"/reviews/feedback/{other.pk}/").status_code == 404
    assert client.get(f"/api/reviews/feedback/{other.pk}").status_code == 404


def test_feedback_is_not_shown_before_the_results_are_published(in_review, login, passed, applicant):
    submit_all(in_review)
    item = in_review.items.get(application=passed[0])
    assert login(applicant).get(f"/reviews/feedback/{item.pk}/").status_code == 404


def test_a_user_with_both_roles_never_reviews_the_call_they_applied_to(in_review, passed, third_pi, units, login):
    """applicant3 applied to this call and is also an expert: excluded here, and sees nothing of the review."""
    role_grant(actor=None, user=third_pi, role=Role.EXPERT)
    ExpertProfile.objects.create(
        user=third_pi,
        title="研究员",
        unit=units["njgy"],
        region=units["njgy"].region,
        discipline_codes=["460.45"],
        keywords="数控机床",
        research_fields="精密加工",
        status=ProfileStatus.APPROVED,
    )
    pool = RoundPool.load(in_review)
    j = pool.expert_index(third_pi.pk)
    assert all(Conflict.OWN_APPLICATION in pool.reasons(i, j) for i in range(len(pool.items)))
    from reviews.services import assignment_fill

    assignment_fill(in_review, source="replacement")
    assert not Assignment.objects.filter(expert=third_pi).exists()
    client = login(third_pi)
    assert client.get(f"/reviews/rounds/{in_review.pk}/").status_code == 403
    assert "P001" not in client.get("/reviews/mine/").content.decode()
    own = in_review.items.get(application=passed[2])
    assert client.get(f"/reviews/feedback/{own.pk}/").status_code == 404  # not published yet


def test_invitations_name_no_applicant_even_in_the_inbox(in_review, passed):
    bodies = " ".join(
        Notification.objects.filter(title__contains=in_review.title).values_list("body", "title").distinct()[0]
    )
    for application in passed:
        for term in [*identity(application), application.title]:
            assert term not in bodies
