"""The supervised-task pages through the real views: assignment, handling, completion with
evidence, feedback, weekly checks, bulletins, export; anonymous users, wrong personas, bad input."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from supervision.models import StageBulletin, SupervisedTask, TaskStatus, WeeklyCheck
from supervision.tests.conftest import pdf

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def task(make_task):
    """A task running now (the pages use the real clock)."""
    return make_task(
        assigned_on=TODAY, deadline=TODAY + dt.timedelta(days=60), stages=[("方案制定", TODAY + dt.timedelta(days=10))]
    )


def test_the_whole_workflow_through_the_pages(login, supervisor, owner, office, leader):
    boss = login(supervisor)
    response = boss.post(
        "/supervision/new/",
        {
            "title": "重点研发计划项目验收",
            "requirements": "组织到期项目结题验收。",
            "source": "instruction",
            "source_details": "分管厅领导批示",
            "office": office.pk,
            "owner": owner.pk,
            "leader": leader.pk,
            "stage_1_name": "方案制定",
            "stage_1_date": (dt.date.today() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task = SupervisedTask.objects.get()
    url = f"/supervision/{task.pk}/"
    assert task.raised_by == supervisor and task.deadline > task.assigned_on  # the policy's limit

    handler = login(owner)
    assert handler.get(url).status_code == 200
    assert handler.post(f"{url}act/", {"action": "start"}).status_code == 302
    response = handler.post(
        f"{url}progress/", {"text": "已印发方案", "progress": "40", "stage": task.stages.get().pk, "stage_done": "on"}
    )
    assert response.status_code == 302
    response = handler.post(f"{url}report/", {"completion_summary": "已完成验收"})
    assert response.status_code == 400  # no evidence: answered at the field
    assert "files" in response.context["report_form"].errors
    response = handler.post(f"{url}report/", {"completion_summary": "已完成验收", "files": [pdf()]})
    assert response.status_code == 302
    assert handler.post(f"{url}report/", {"completion_summary": "再次提交", "files": [pdf()]}).status_code == 400

    response = boss.post(f"{url}act/", {"action": "send_back", "reason": ""})
    assert response.status_code == 400 and response.context["errors"]["send_back_reason"]
    assert boss.post(f"{url}act/", {"action": "send_back", "reason": "请补充验收意见"}).status_code == 302
    assert handler.post(f"{url}report/", {"completion_summary": "已补充验收意见"}).status_code == 302
    assert boss.post(f"{url}act/", {"action": "accept", "reason": "同意"}).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.send_back_count == 1
    page = boss.get(url).content.decode()
    assert "请补充验收意见" in page and "办结报告.pdf" in page


def test_anonymous_users_are_sent_to_sign_in(client, task):
    for path in ("/supervision/", f"/supervision/{task.pk}/", "/supervision/bulletins/", "/supervision/weekly/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_is_refused_and_another_office_sees_nothing(login, task, outsider, other_officer):
    assert login(outsider).get("/supervision/").status_code == 403
    other = login(other_officer)
    assert other.get(f"/supervision/{task.pk}/").status_code == 404
    assert task.number not in other.get("/supervision/").content.decode()
    assert other.post(f"/supervision/{task.pk}/act/", {"action": "start"}).status_code == 404
    assert other.get("/supervision/new/").status_code == 403


def test_a_co_office_sees_the_task_and_reports_progress_but_not_completion(
    login, make_task, other_office, other_officer
):
    task = make_task(co_offices=[other_office])
    client = login(other_officer)
    assert client.get(f"/supervision/{task.pk}/").status_code == 200
    response = client.post(f"/supervision/{task.pk}/progress/", {"text": "配合完成数据汇总", "progress": "20"})
    assert response.status_code == 302
    assert client.post(f"/supervision/{task.pk}/report/", {"completion_summary": "x"}).status_code == 404


def test_bad_input_is_answered_at_the_field(login, supervisor, office, owner, leader, task):
    boss = login(supervisor)
    response = boss.post("/supervision/new/", {"title": "", "office": office.pk, "owner": owner.pk, "leader": "x"})
    assert response.status_code == 400
    assert {"title", "requirements", "leader"} <= set(response.context["form"].errors)
    response = login(owner).post(f"/supervision/{task.pk}/progress/", {"text": "", "progress": "150"})
    assert response.status_code == 400
    assert {"text", "progress"} <= set(response.context["progress_form"].errors)
    assert boss.post(f"/supervision/{task.pk}/act/", {"action": "explode"}).status_code == 404
    assert boss.get("/supervision/?office=abc&month=13-2026&status=zz&page=999").status_code == 200


def test_an_edit_from_a_stale_window_is_refused_and_the_text_kept(login, supervisor, task, owner, leader):
    boss = login(supervisor)
    data = {
        "title": "新标题",
        "requirements": "新的要求",
        "owner": owner.pk,
        "leader": leader.pk,
        "deadline": (TODAY + dt.timedelta(days=50)).isoformat(),
        "version": task.version,
    }
    assert boss.post(f"/supervision/{task.pk}/edit/", data).status_code == 302
    response = boss.post(f"/supervision/{task.pk}/edit/", data | {"title": "另一窗口的标题"})
    assert response.status_code == 409 and "另一窗口的标题" in response.content.decode()


def test_decomposition_gives_the_distribution_table(login, supervisor, task, other_office, make_user, leader):
    from accounts.roles import Role

    other_owner = make_user("transfer2", Role.OFFICER, office=other_office)
    boss = login(supervisor)
    response = boss.post(
        f"/supervision/{task.pk}/subtasks/new/",
        {
            "title": "梳理成果转化问题清单",
            "requirements": "形成问题清单并限期整改。",
            "office": other_office.pk,
            "owner": other_owner.pk,
            "leader": leader.pk,
            "deadline": (TODAY + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    sub = SupervisedTask.objects.get(parent=task)
    assert sub.raised_by == task.raised_by and sub.source == task.source
    page = boss.get(f"/supervision/distribution/?parent={task.pk}").content.decode()
    assert "梳理成果转化问题清单" in page and other_office.name in page
    assert login(other_owner).get(f"/supervision/{sub.pk}/").status_code == 200


def test_the_progress_table_filters_and_exports(login, supervisor, make_task, other_office, make_user):

    make_task(title="按期任务", assigned_on=TODAY, deadline=TODAY + dt.timedelta(days=30), stages=[])
    late = make_task(title="逾期任务", deadline=dt.date(2026, 9, 10), stages=[])
    boss = login(supervisor)
    page = boss.get("/supervision/?overdue=1").content.decode()
    assert "逾期任务" in page and "按期任务" not in page
    response = boss.get("/supervision/export/?overdue=1")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [late.number]


def test_a_supervisor_records_the_weekly_check_once_a_week(login, supervisor, task, owner):
    boss = login(supervisor)
    assert boss.post(f"/supervision/{task.pk}/check/", {"finding": ""}).status_code == 400
    assert boss.post(f"/supervision/{task.pk}/check/", {"finding": "进度正常", "next": "weekly"}).status_code == 302
    assert boss.post(f"/supervision/{task.pk}/check/", {"finding": "更正：进度滞后"}).status_code == 302
    assert WeeklyCheck.objects.get().finding == "更正：进度滞后"
    assert "更正：进度滞后" in boss.get("/supervision/weekly/").content.decode()
    assert login(owner).post(f"/supervision/{task.pk}/check/", {"finding": "自查"}).status_code == 403


def test_supervisors_issue_bulletins_that_offices_read(login, supervisor, task, owner):
    boss = login(supervisor)
    assert boss.post("/supervision/bulletins/", {"title": ""}).status_code == 400
    assert boss.post("/supervision/bulletins/", {"title": "督办通报"}).status_code == 302
    bulletin = StageBulletin.objects.get()
    handler = login(owner)
    assert task.title in handler.get(f"/supervision/bulletins/{bulletin.pk}/").content.decode()
    assert handler.post("/supervision/bulletins/", {"title": "越权"}).status_code == 403


def test_the_policy_page_is_for_supervisors(login, supervisor, owner):
    from supervision.services import POLICY_FIELDS, policy

    assert login(owner).get("/supervision/policy/").status_code == 403
    boss = login(supervisor)
    data = dict.fromkeys(POLICY_FIELDS, "3") | {"default_limit_days": "15", "version": policy().version}
    assert boss.post("/supervision/policy/", data).status_code == 302
    assert boss.post("/supervision/policy/", data).status_code == 409  # the stale version
    bad = data | {"version": policy().version, "urgent_limit_days": "30"}
    assert boss.post("/supervision/policy/", bad).status_code == 400


def test_a_double_submitted_assignment_makes_one_task(login, supervisor, office, owner, leader):
    boss = login(supervisor)
    key = boss.get("/supervision/new/").context["form"].initial["submit_key"]
    data = {
        "title": "行风热线来电督办",
        "requirements": "5个工作日内答复来电人。",
        "source": "hotline",
        "office": office.pk,
        "owner": owner.pk,
        "leader": leader.pk,
        "is_urgent": "on",
        "submit_key": key,
    }
    first, second = boss.post("/supervision/new/", data), boss.post("/supervision/new/", data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert SupervisedTask.objects.count() == 1 and SupervisedTask.objects.get().is_urgent


def test_evidence_can_be_removed_while_handling_but_not_once_reported(login, task, owner):
    from attachments.models import Attachment

    client = login(owner)
    assert client.post(f"/supervision/{task.pk}/evidence/", {"file": pdf("初稿.pdf")}).status_code == 302
    draft = Attachment.objects.get()
    assert client.post(f"/files/{draft.pk}/delete/", {"next": f"/supervision/{task.pk}/"}).status_code == 302
    assert (
        client.post(
            f"/supervision/{task.pk}/evidence/", {"file": pdf("伪装.pdf").__class__("伪装.pdf", b"MZ")}
        ).status_code
        == 400
    )
    client.post(f"/supervision/{task.pk}/report/", {"completion_summary": "已完成", "files": [pdf()]})
    kept = Attachment.objects.get()
    assert client.post(f"/files/{kept.pk}/delete/").status_code == 404
