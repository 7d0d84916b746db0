"""Browser journey: an officer drafts a guide with its materials, 政策法规处 publishes it, and a
member of the public finds it on the portal with the "最多跑一次" filter and downloads the PDF."""

import pytest

from catalogue.models import ItemStatus, ServiceItem
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guide_goes_from_draft_to_the_portal(open_as, officer, office, policy_officer):
    page = open_as(officer)
    page.goto("/catalogue/new/")
    page.fill("#id_code", "330000-KJ-XK-002")
    page.fill("#id_name", "实验动物生产许可证核发")
    page.select_option("#id_kind", "power")
    page.select_option("#id_power_class", "licensing")
    page.fill("#id_legal_basis", "《实验动物管理条例》\n《实验动物许可证管理办法（试行）》")
    page.fill("#id_procedure", "网上申请\n受理\n专家现场评审\n作出许可决定")
    page.fill("#id_legal_limit_days", "20")
    page.fill("#id_promised_limit_days", "25")  # longer than the legal limit: refused at the field
    page.fill("#id_online_url", "/portal/guide/")
    page.fill("#id_onsite_address", "省政务服务中心科技厅综合窗口")
    page.fill("#id_phone", "0571-87054002")
    page.select_option("#id_visit_level", "once")
    page.click("button[type=submit]")
    page.wait_for_selector("#id_promised_limit_days_error")
    snap(page, "catalogue-01-item-form-error")
    page.fill("#id_promised_limit_days", "12")
    page.click("button[type=submit]")
    page.wait_for_selector(".alert-success")
    page.fill("#id_new-name", "实验动物生产许可证申请书")
    page.click("form[action$='/materials/new/'] button")
    page.wait_for_selector("[data-testid=materials] >> text=实验动物生产许可证申请书")
    item = ServiceItem.objects.get(code="330000-KJ-XK-002")

    manager = open_as(policy_officer)
    manager.goto(f"/catalogue/{item.pk}/")
    manager.click("[data-testid=publish]")
    manager.wait_for_selector("[data-testid=revisions] >> text=r1")
    snap(manager, "catalogue-02-item-published")
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED

    public = open_as(None)
    public.goto("/portal/guide/")
    public.select_option("#level", "once")
    public.click("form[role=search] button")
    public.wait_for_selector("[data-testid=guide-list] >> text=实验动物生产许可证核发")
    snap(public, "catalogue-03-portal-list")
    public.click("text=实验动物生产许可证核发")
    public.wait_for_selector("[data-testid=guide-pdf]")
    snap(public, "catalogue-04-portal-item")
    with public.expect_download() as download:
        public.click("[data-testid=guide-pdf]")
    assert download.value.suggested_filename.endswith(".pdf")
