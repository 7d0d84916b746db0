"""Excel import of dues payments: a good file pays the bills (extra over the amount due is a
voluntary extra); any bad row stops the whole file and every problem is named."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.excel import workbook_bytes
from core.models import ImportBatch
from party.dues import add_months, first_of_month
from party.imports import PAYMENT_IMPORT
from party.models import DuesBill
from party.tests.test_dues import billed

pytestmark = pytest.mark.django_db


def xlsx(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("payments.xlsx", workbook_bytes(PAYMENT_IMPORT.headers(), rows))


def row(tree, member, month, amount, paid_on=None, proxy=""):
    paid_on = paid_on or timezone.localdate()
    return [tree["branch"].name, member.name, member.id_number, f"{month:%Y-%m}", amount, paid_on.isoformat(), proxy]


def test_a_good_file_pays_the_bills(tree, members, secretary, login):
    bills = billed(tree, secretary, members[0], 1)  # two months at 40.00
    client = login(secretary)
    rows = [row(tree, members[0], bills[0].month, "40.00"), row(tree, members[0], bills[1].month, "50", proxy="王小明")]
    page = client.post("/imports/party_dues_payments/", {"file": xlsx(rows)}).content.decode()
    assert 'data-testid="import-confirm"' in page
    client.post(f"/imports/party_dues_payments/{ImportBatch.objects.get().pk}/confirm/")
    first, second = DuesBill.objects.filter(member=members[0]).order_by("month")
    assert first.status == second.status == "paid" and first.method == "import"
    assert second.extra == Decimal("10.00") and second.proxy_name == "王小明" and second.receipt.startswith("DF")


def test_every_bad_row_is_reported_and_nothing_is_paid(tree, members, secretary, login):
    today = first_of_month(timezone.localdate())
    bills = billed(tree, secretary, members[0], 7)  # the oldest is 7 months back
    stranger = members[3]  # in the other branch
    rows = [
        row(tree, members[0], bills[-1].month, "40.00"),
        row(tree, members[0], bills[-1].month, "40.00"),  # twice
        row(tree, members[0], bills[-2].month, "39.99"),  # less than due
        row(tree, members[0], bills[0].month, "40.00"),  # 7 months back: needs approval
        row(tree, members[1], today, "10.00"),  # not billed
        [tree["branch"].name, stranger.name, stranger.id_number, f"{today:%Y-%m}", "1", "2026-01-01", ""],
        [tree["branch"].name, "王建国", members[0].id_number, "2026-13", "abc", "2026/01/01", ""],
        row(tree, members[0], bills[-3].month, "40.00", paid_on=add_months(timezone.localdate(), 1)),
    ]
    page = login(secretary).post("/imports/party_dues_payments/", {"file": xlsx(rows)}).content.decode()
    assert 'data-testid="import-errors"' in page
    for expected in (
        "两次",
        "部分缴纳",
        "40.00",
        "批准记录",
        "尚未",
        "身份证号",
        "2026-03",
        "97.80",
        "2024-07-01",
        "晚于今天",
    ):
        assert expected in page, expected
    assert not DuesBill.objects.filter(status="paid").exists()


def test_only_managers_import_their_own_branches(tree, members, secretary, other_secretary, login):
    bills = billed(tree, secretary, members[0], 0)
    client = login(other_secretary)
    page = client.post(
        "/imports/party_dues_payments/", {"file": xlsx([row(tree, members[0], bills[0].month, "40")])}
    ).content.decode()
    assert 'data-testid="import-errors"' in page and "您不负责管理该党组织" in page
    assert not ImportBatch.objects.exists()
    assert not DuesBill.objects.filter(status="paid").exists()
