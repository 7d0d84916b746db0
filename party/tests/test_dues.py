"""Every number of the dues rules (中组发〔2008〕3号) with worked examples at the edges, and the
billing, payment, back-payment and arrears rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from party.dues import add_months, dues_settings, first_of_month, monthly_dues
from party.models import DuesBill
from party.services import arrears_of, bills_generate, dues_approval_record, dues_base_declare, dues_pay

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("category", "base", "rate", "amount"),
    [
        ("employed", "3000.00", "0.005", "15.00"),  # the upper edge belongs to the lower bracket
        ("employed", "3000.01", "0.01", "30.00"),
        ("employed", "5000.00", "0.01", "50.00"),
        ("employed", "5000.01", "0.015", "75.00"),
        ("employed", "10000.00", "0.015", "150.00"),
        ("employed", "10000.01", "0.02", "200.00"),
        ("employed", "6543.21", "0.015", "98.15"),  # 98.14815 rounds half up to the fen
        ("employed", "2999.99", "0.005", "15.00"),  # 14.99995 → 15.00
        ("employed", "0", "0.005", "0.00"),
        ("annual_salary", "12000", "0.02", "240.00"),  # on that month's pay
        ("self_employed", "4200", "0.01", "42.00"),  # on the previous quarter's monthly average
        ("retired", "5000.00", "0.005", "25.00"),
        ("retired", "5000.01", "0.01", "50.00"),
    ],
)
def test_rates_by_bracket(category, base, rate, amount):
    dues = monthly_dues(category=category, base=Decimal(base), rules=dues_settings())
    assert dues.rate == Decimal(rate) and dues.amount == Decimal(amount)


@pytest.mark.parametrize("category", ["student", "unemployed", "relief"])
def test_flat_twenty_fen_a_month(category):
    assert monthly_dues(category=category, base=None, rules=dues_settings()).amount == Decimal("0.20")


def test_farmers_pay_between_twenty_fen_and_one_yuan():
    rules = dues_settings()
    assert monthly_dues(category="farmer", base=None, rules=rules).amount == Decimal("0.20")
    assert monthly_dues(category="farmer", base=Decimal("0.50"), rules=rules).amount == Decimal("0.50")
    assert monthly_dues(category="farmer", base=Decimal("3"), rules=rules).amount == Decimal("1.00")


def test_the_rules_are_data():
    rules = dues_settings()
    rules.employed_brackets = [["4000", "0.005"], [None, "0.01"]]
    rules.save()
    assert monthly_dues(category="employed", base=Decimal("3500"), rules=dues_settings()).amount == Decimal("17.50")


def test_month_arithmetic():
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)


def test_bills_use_the_base_in_force_and_the_branch_dues_day(tree, members, secretary):
    month = first_of_month(timezone.localdate())
    dues_base_declare(actor=secretary, member=members[0], amount="6000", effective_month=add_months(month, -3))
    dues_base_declare(
        actor=secretary, member=members[0], amount="12000", effective_month=add_months(month, 1)
    )  # next raise
    dues_base_declare(actor=secretary, member=members[1], amount="5200", effective_month=add_months(month, -12))
    result = bills_generate(actor=secretary, organization=tree["branch"], month=month)
    assert result.created == 3 and result.missing_base == []
    bills = {b.member.name: b for b in DuesBill.objects.filter(month=month)}
    assert bills["王建国"].amount == Decimal("90.00") and bills["王建国"].due_on == month.replace(day=15)
    assert bills["李红梅"].amount == Decimal("52.00") and bills["张伟"].amount == Decimal("0.20")
    again = bills_generate(actor=secretary, organization=tree["branch"], month=month)
    assert again.created == 0 and again.existing == 3  # idempotent


def test_a_member_without_base_is_reported_not_billed(tree, members, secretary):
    result = bills_generate(actor=secretary, organization=tree["branch"], month=timezone.localdate())
    assert result.missing_base == ["李红梅", "王建国"] or set(result.missing_base) == {"王建国", "李红梅"}


def test_only_the_branch_secretaries_bill_and_record(tree, members, other_secretary):
    with pytest.raises(PermissionDenied):
        bills_generate(actor=other_secretary, organization=tree["branch"], month=timezone.localdate())


def billed(tree, secretary, member, months_back: int):
    today = first_of_month(timezone.localdate())
    dues_base_declare(actor=secretary, member=member, amount="4000", effective_month=add_months(today, -24))
    for n in range(months_back, -1, -1):
        bills_generate(actor=secretary, organization=tree["branch"], month=add_months(today, -n))
    return list(DuesBill.objects.filter(member=member).order_by("month"))


def test_back_payment_beyond_six_months_needs_an_approval(tree, members, secretary):
    bills = billed(tree, secretary, members[0], 7)  # eight unpaid months, the oldest 7 months ago
    with pytest.raises(ValidationError) as refused:
        dues_pay(actor=secretary, bills=bills, paid_on=timezone.localdate())
    assert "7" in str(refused.value)
    dues_pay(actor=secretary, bills=bills[1:], paid_on=timezone.localdate())  # six months back: allowed
    dues_approval_record(
        actor=secretary,
        member=members[0],
        kind="back_payment",
        months_from=bills[0].month,
        months_to=bills[0].month,
        reason="外派援疆期间未能按月缴纳",
        document="科院党〔2026〕12号",
    )
    [paid] = dues_pay(
        actor=secretary, bills=bills[:1], paid_on=timezone.localdate(), method="proxy", proxy_name="王小明"
    )
    assert paid.status == "paid" and paid.receipt.startswith("DF") and paid.proxy_name == "王小明"
    with pytest.raises(ValidationError):
        dues_pay(actor=secretary, bills=bills[:1], paid_on=timezone.localdate())  # already paid


def test_arrears_follow_up_at_three_and_review_at_six_months(tree, members, secretary):
    billed(tree, secretary, members[0], 5)  # six consecutive unpaid months
    bills = billed(tree, secretary, members[2], 2)  # the branch is billed for six months already
    dues_pay(actor=secretary, bills=bills[-1:], paid_on=timezone.localdate())  # pays the latest: streak 0
    found = {a.member.name: a for a in arrears_of(tree["branch"])}
    assert found["王建国"].months == 6 and found["王建国"].review and found["王建国"].follow_up
    assert found["张伟"].months == 0 and not found["张伟"].follow_up  # older months still owed
    assert found["张伟"].owed == Decimal("1.00")  # five older months of 0.20 still owed


def test_exemption_and_reduction_need_an_approval_and_apply_to_bills(tree, members, secretary):
    month = first_of_month(timezone.localdate())
    dues_base_declare(actor=secretary, member=members[0], amount="8000", effective_month=month)
    dues_base_declare(actor=secretary, member=members[1], amount="4000", effective_month=month)
    with pytest.raises(ValidationError):
        dues_approval_record(
            actor=secretary,
            member=members[0],
            kind="reduction",
            months_from=month,
            months_to=month,
            reason="困难",
            document="x",
        )
    dues_approval_record(
        actor=secretary,
        member=members[0],
        kind="reduction",
        months_from=month,
        months_to=month,
        reason="家庭困难",
        document="党委批复1号",
        amount="10",
    )
    dues_approval_record(
        actor=secretary,
        member=members[1],
        kind="exemption",
        months_from=month,
        months_to=month,
        reason="重病",
        document="党委批复2号",
    )
    bills_generate(actor=secretary, organization=tree["branch"], month=month)
    bills = {b.member.name: b for b in DuesBill.objects.filter(month=month)}
    assert bills["王建国"].amount == Decimal("10.00") and bills["李红梅"].status == "exempt"


def test_billing_more_than_six_months_ahead_needs_an_approval(tree, members, secretary):
    dues_base_declare(actor=secretary, member=members[0], amount="4000", effective_month=timezone.localdate())
    far = add_months(first_of_month(timezone.localdate()), 7)
    with pytest.raises(ValidationError):
        bills_generate(actor=secretary, organization=tree["branch"], month=far)
    bills_generate(actor=secretary, organization=tree["branch"], month=add_months(far, -1))


def test_rates_are_shown_as_percentages():
    assert DuesBill(rate=Decimal("0.0150")).rate_percent == "1.5%"
    assert DuesBill(rate=Decimal("0.0050")).rate_percent == "0.5%"
    assert DuesBill(rate=Decimal("0.0200")).rate_percent == "2%"
    assert DuesBill(rate=None).rate_percent == ""


def test_the_yearly_disclosure_sums_the_organizations_below(tree, members, secretary, make_user, login):
    from party.services import disclosure
    from party.tests.conftest import post_holder

    month = first_of_month(timezone.localdate())
    dues_base_declare(actor=secretary, member=members[0], amount="4000", effective_month=month)
    bills_generate(actor=secretary, organization=tree["branch"], month=month)
    dues_pay(
        actor=secretary,
        bills=list(DuesBill.objects.filter(member=members[0])),
        paid_on=timezone.localdate(),
        extra="10",
    )
    committee_secretary = post_holder(make_user, "comsec", tree["committee"], home=tree["committee"])
    report = disclosure(tree["committee"], month.year)
    assert [r["organization__name"] for r in report["rows"]] == [tree["branch"].name]
    assert report["totals"]["due"] == Decimal("40.20") and report["totals"]["paid"] == Decimal("40.00")
    assert report["totals"]["extra"] == Decimal("10.00") and report["totals"]["outstanding"] == Decimal("0.20")
    client = login(committee_secretary)
    assert tree["branch"].name in client.get(f"/party/orgs/{tree['committee'].pk}/disclosure/").content.decode()
    response = client.get(f"/party/orgs/{tree['committee'].pk}/disclosure/?format=xlsx&year={month.year}")
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert login(members[0].user).get(f"/party/orgs/{tree['committee'].pk}/disclosure/").status_code == 403
