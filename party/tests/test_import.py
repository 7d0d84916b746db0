"""Excel import of party members: a good file fills the registry; a file with one bad row imports
nothing and names every problem; only managers of the branches in the file import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.excel import workbook_bytes
from core.models import ImportBatch
from party.imports import MEMBER_IMPORT
from party.models import PartyMember

pytestmark = pytest.mark.django_db


def xlsx(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("members.xlsx", workbook_bytes(MEMBER_IMPORT.headers(), rows))


def good(tree):
    branch = tree["branch"].name
    return [
        [
            "孙晓东",
            "330106199505050013",
            "13905710001",
            branch,
            "正式党员",
            "2018-07-01",
            "2019-07-01",
            "研究员",
            "在职",
        ],
        ["周敏", "110101198001010010", "", branch, "预备党员", "2026-06-01", "", "", "学生"],
    ]


def test_a_good_file_fills_the_registry(tree, secretary, login):
    client = login(secretary)
    before = PartyMember.objects.count()
    page = client.post("/imports/party_members/", {"file": xlsx(good(tree))}).content.decode()
    assert 'data-testid="import-confirm"' in page
    client.post(f"/imports/party_members/{ImportBatch.objects.get().pk}/confirm/")
    assert PartyMember.objects.count() == before + 2
    zhou = PartyMember.objects.get(name="周敏")
    assert zhou.status == "probationary" and zhou.dues_category == "student" and zhou.id_number == "110101198001010010"


def test_every_bad_row_is_reported_and_nothing_is_imported(tree, members, secretary, login):
    rows = [
        *good(tree),
        ["重复", "330106199505050013", "", tree["branch"].name, "正式党员", "", "", "", ""],
        ["错号", "330106199505050012", "123", tree["branch"].name, "党员", "2018/07/01", "", "", "自由职业"],
        ["无支部", "330106199505050021", "", "不存在的支部", "正式党员", "", "", "", ""],
        ["已在册", members[0].id_number, "", tree["branch"].name, "正式党员", "", "", "", ""],
    ]
    page = login(secretary).post("/imports/party_members/", {"file": xlsx(rows)}).content.decode()
    assert 'data-testid="import-errors"' in page
    for expected in ("两次", "校验码", "手机号", "不存在", "正式党员", "2024-07-01", "无法识别", "已在"):
        assert expected in page, expected
    assert not PartyMember.objects.filter(name__in=["孙晓东", "周敏"]).exists()


def test_a_file_for_someone_elses_branch_imports_nothing(tree, other_secretary, login):
    client = login(other_secretary)
    page = client.post("/imports/party_members/", {"file": xlsx(good(tree))}).content.decode()
    # Refused row by row at the preview, before anything about the branch's registry is looked up.
    assert 'data-testid="import-errors"' in page and "您不负责管理该党组织" in page
    assert not ImportBatch.objects.exists()
    assert not PartyMember.objects.filter(name="孙晓东").exists()


def test_members_without_posts_cannot_import(members, login):
    assert login(members[0].user).get("/imports/party_members/").status_code == 404
