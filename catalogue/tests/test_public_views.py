"""The portal's service guide: published items only, counts, filters, the item page and the PDF."""

import subprocess

import pytest

from catalogue.models import ItemKind, ItemStatus, PowerClass, VisitLevel
from catalogue.services import material_add, service_item_create, service_item_publish
from catalogue.tests.conftest import item_data

pytestmark = pytest.mark.django_db


def publish(officer, policy_officer, office, **changes):
    item = service_item_create(actor=officer, **item_data(office, **changes))
    material_add(actor=officer, item=item, name="申请表", form="original", copies=2, required=True, notes="签字盖章")
    return service_item_publish(actor=policy_officer, item=item)


@pytest.fixture
def catalogue(officer, policy_officer, office, draft_item):
    """Three published items (two power items, one public service) beside the draft."""
    return [
        publish(officer, policy_officer, office, code="KJ-XK-001", name="实验动物生产许可证核发",
                power_class=PowerClass.LICENSING, visit_level=VisitLevel.ONCE, onsite_address="省政务服务中心"),
        publish(officer, policy_officer, office, code="KJ-JL-001", name="省科学技术奖提名",
                power_class=PowerClass.REWARD, visit_level=VisitLevel.ZERO),
        publish(officer, policy_officer, office, code="KJ-GG-001", name="科技成果登记",
                kind=ItemKind.PUBLIC_SERVICE, visit_level=VisitLevel.MORE, onsite_address="省科技厅",
                visit_reason="需现场核验原件"),
    ]  # fmt: skip


def test_the_public_list_counts_published_items_by_kind_and_class(client, catalogue, draft_item):
    response = client.get("/portal/guide/")
    page = response.content.decode()
    counts = response.context["counts"]
    assert counts["all"] == 3 and counts["power"] == 2 and counts["public_service"] == 1
    assert counts["class_licensing"] == 1 and counts["at_most_once"] == 2
    assert draft_item.name not in page and "实验动物生产许可证核发" in page


def test_the_at_most_one_visit_filter_and_search(client, catalogue):
    once = client.get("/portal/guide/?level=once").content.decode()
    assert "省科学技术奖提名" in once and "实验动物生产许可证核发" in once and "科技成果登记" not in once
    found = client.get("/portal/guide/?q=成果").content.decode()
    assert "科技成果登记" in found and "省科学技术奖提名" not in found
    by_class = client.get("/portal/guide/?kind=power&class=reward").content.decode()
    assert "省科学技术奖提名" in by_class and "实验动物生产许可证核发" not in by_class


def test_nonsense_filters_are_ignored(client, catalogue):
    response = client.get("/portal/guide/?kind=<script>&class=x&level=9&office=²&page=-1")
    assert response.status_code == 200 and response.context["page"].paginator.count == 3


def test_the_item_page_has_everything_a_citizen_needs(client, catalogue):
    item = catalogue[0]
    page = client.get(f"/portal/guide/{item.pk}/").content.decode()
    for text in (
        "《中华人民共和国企业所得税法》第二十八条",
        "专家评审",
        "申请表",
        "签字盖章",
        "0571-87054000",
        "省政务服务中心",
    ):
        assert text in page
    assert 'data-testid="online-entry"' in page and 'href="/portal/"' in page


def test_an_external_entry_point_opens_without_referrer(client, officer, policy_officer, office):
    item = publish(officer, policy_officer, office, code="KJ-WG-001", online_url="https://fuwu.most.gov.cn/")
    page = client.get(f"/portal/guide/{item.pk}/").content.decode()
    assert 'href="https://fuwu.most.gov.cn/" rel="noopener noreferrer"' in page


def test_drafts_are_never_public(client, draft_item):
    assert client.get(f"/portal/guide/{draft_item.pk}/").status_code == 404
    assert client.get(f"/portal/guide/{draft_item.pk}/guide.pdf").status_code == 404
    assert client.get("/portal/guide/999999/").status_code == 404


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_guide_pdf_has_the_items_text_in_chinese(client, catalogue):
    item = catalogue[2]
    response = client.get(f"/portal/guide/{item.pk}/guide.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdftotext(response.content)
    for expected in ("科技成果登记办事指南", "KJ-GG-001", "需现场核验原件", "申请表", "0571-87054000", "高新技术处"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "CJK" in fonts or "Noto" in fonts


def test_staff_can_preview_the_pdf_of_a_draft(login, leader, draft_item):
    response = login(leader).get(f"/catalogue/{draft_item.pk}/guide.pdf")
    assert response.status_code == 200
    text = pdftotext(response.content)
    assert draft_item.name in text and f"【{ItemStatus.DRAFT.label}】" in text


def test_a_blank_form_not_linked_to_a_material_is_404(client, catalogue):
    item = catalogue[0]
    assert client.get(f"/portal/guide/{item.pk}/forms/00000000-0000-0000-0000-000000000000/").status_code == 404
