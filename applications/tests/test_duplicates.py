"""The duplicate check finds paraphrased, reordered and partly copied applications across calls."""

import pytest

from applications.duplicates import duplicate_check, overlapping_passages, shingles, tokens
from applications.models import Application, ApplicationStatus

pytestmark = pytest.mark.django_db

ORIGINAL = (
    "本项目面向高端数控机床核心部件，研究高精度主轴热误差建模与补偿方法。"
    "开发基于多源传感的在线监测系统，实现主轴热变形的实时预测与补偿。"
    "在省内龙头装备企业开展示范应用，形成可推广的技术标准和产品。"
    "预期申请发明专利五项，培养博士研究生三名，实现新增产值五千万元。"
)
REORDERED = (
    "预期申请发明专利五项，培养博士研究生三名，实现新增产值五千万元。"
    "在省内龙头装备企业开展示范应用，形成可推广的技术标准和产品。"
    "本项目面向高端数控机床核心部件，研究高精度主轴热误差建模与补偿方法。"
    "开发基于多源传感的在线监测系统，实现主轴热变形的实时预测与补偿。"
)
UNRELATED = (
    "本课题针对茶园病虫害监测难题，构建基于无人机多光谱影像的识别模型。"
    "研发绿色防控决策系统，在三个产茶县开展示范，减少化学农药使用量百分之三十。"
)


def make(call, unit, pi, title: str, text: str, status=ApplicationStatus.SUBMITTED) -> Application:
    return Application.objects.create(
        call=call, unit=unit, pi=pi, title=title, abstract=text, objectives=text, status=status
    )


def test_chinese_text_is_tokenised_into_words():
    words = tokens("研究高精度主轴热误差建模与补偿方法")
    assert "主轴" in words and "补偿" in words
    assert all(len(w) > 1 or "|" in w for w in shingles("主轴热误差补偿"))


def test_reordered_copy_is_found_with_overlapping_passages_and_unrelated_work_is_not(open_call, applicant, unit):
    copied = make(open_call, unit, applicant, "主轴热误差补偿（往年）", REORDERED)
    other = make(open_call, unit, applicant, "茶园病虫害防控", UNRELATED)
    for item in (copied, other):
        duplicate_check(item)
    report = duplicate_check(make(open_call, unit, applicant, "主轴热误差补偿", ORIGINAL))
    assert [m["application"] for m in report.matches] == [copied.pk]
    assert report.matches[0]["similarity"] > 0.6
    assert report.matches[0]["passages"] and report.corpus_size == 2


def test_partly_copied_text_is_found(open_call, applicant, unit):
    half = ORIGINAL[: len(ORIGINAL) // 2] + UNRELATED
    source = make(open_call, unit, applicant, "来源", ORIGINAL)
    duplicate_check(source)
    report = duplicate_check(make(open_call, unit, applicant, "部分抄袭", half))
    assert report.matches and report.matches[0]["application"] == source.pk


def test_drafts_are_not_compared(open_call, applicant, unit):
    draft = make(open_call, unit, applicant, "草稿", ORIGINAL, status=ApplicationStatus.DRAFT)
    duplicate_check(draft)
    report = duplicate_check(make(open_call, unit, applicant, "正式", ORIGINAL))
    assert report.matches == []


def test_overlapping_passages_pair_similar_sentences():
    pairs = overlapping_passages(ORIGINAL, REORDERED)
    assert len(pairs) == 4 and all(p["similarity"] == 1.0 for p in pairs)


def test_officer_runs_the_check_on_demand_with_a_progress_job(
    open_call, applicant, unit, officer, login, django_capture_on_commit_callbacks
):
    from core.models import Job

    item = make(open_call, unit, applicant, "直报项目", ORIGINAL, status=ApplicationStatus.UNIT_ENDORSED)
    type(open_call).objects.filter(pk=open_call.pk).update(recommendation_path="direct")
    client = login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/applications/{item.pk}/duplicates/")
    job = Job.objects.get(owner=officer)
    assert response["Location"] == f"/jobs/{job.pk}/" and job.status == "done"
    assert item.duplicate_reports.count() == 1
    assert "查重" in client.get(f"/applications/{item.pk}/").content.decode()
