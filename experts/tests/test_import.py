"""Excel import of experts: good files create accounts and approved profiles; bad files import nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from core.excel import workbook_bytes
from core.models import ImportBatch
from experts.imports import EXPERT_IMPORT
from experts.models import ExpertProfile, ProfileStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disciplines")]

GOOD = [
    [
        "zhangwei_zj",
        "张伟",
        "教授",
        "之江理工大学",
        "330106",
        "520.20、520.60",
        "机器学习",
        "",
        "zw@example.edu.cn",
        "",
    ],
    [
        "liuyang_nb",
        "刘洋",
        "研究员",
        "宁波某研究院",
        "330200",
        "430.65",
        "纳米材料",
        "纳米涂层",
        "ly@example.cn",
        "13900000000",
    ],
]


def xlsx(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("experts.xlsx", workbook_bytes(EXPERT_IMPORT.headers(), rows))


def test_good_file_creates_experts_with_approved_profiles(officer, login, regions, unit):
    client = login(officer)
    page = client.post("/imports/experts/", {"file": xlsx(GOOD)}).content.decode()
    assert 'data-testid="import-confirm"' in page
    batch = ImportBatch.objects.get()
    client.post(f"/imports/experts/{batch.pk}/confirm/")
    assert ExpertProfile.objects.filter(status=ProfileStatus.APPROVED).count() == 2
    zhang = ExpertProfile.objects.get(user__username="zhangwei_zj")
    assert zhang.unit == unit and zhang.discipline_codes == ["520.20", "520.60"]
    assert User.objects.get(username="liuyang_nb").must_change_password


def test_every_bad_row_is_reported_and_nothing_is_imported(officer, login, regions):
    rows = [
        GOOD[0],
        ["zhangwei_zj", "重名", "教授", "某单位", "330106", "520.20", "k", "", "other@example.cn", ""],
        ["x1", "王五", "教授", "某单位", "999999", "999.99", "k", "", "not-an-email", "123"],
    ]
    page = login(officer).post("/imports/experts/", {"file": xlsx(rows)}).content.decode()
    assert 'data-testid="import-errors"' in page
    for expected in ("重复", "999999", "999.99", "手机号"):
        assert expected in page, expected
    assert not ExpertProfile.objects.exists()


def test_only_officers_import_experts(expert, login):
    assert login(expert).get("/imports/experts/").status_code == 404
