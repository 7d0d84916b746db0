"""The demo seeder: the 18 power items and the public services, through the services, once."""

import pytest

from accounts.roles import Role
from catalogue.demo import seed_catalogue
from catalogue.models import ItemKind, ItemStatus, PowerClass, ServiceItem
from orgs.models import Office

pytestmark = pytest.mark.django_db
CODES = ("general", "policy", "finance", "hightech", "rural", "social", "basic", "transfer", "cooperation")


@pytest.fixture
def demo_offices(make_user):
    for n, code in enumerate((*CODES, "talent", "integrity")):
        office = Office.objects.create(name=f"处室{code}", code=code, sort_order=n)
        make_user(f"off_{code}1", Role.OFFICER, office=office)


def test_the_demo_has_the_18_power_items_by_class_and_is_idempotent(demo_offices, client):
    counts = seed_catalogue()
    assert counts["power items published"] == 18
    published = ServiceItem.objects.filter(status=ItemStatus.PUBLISHED)
    by_class = {c: published.filter(kind=ItemKind.POWER, power_class=c).count() for c in PowerClass.values}
    assert by_class == {"licensing": 3, "confirmation": 8, "reward": 2, "inspection": 3, "other": 2}
    assert published.filter(kind=ItemKind.PUBLIC_SERVICE).count() == 9
    assert ServiceItem.objects.filter(status=ItemStatus.DRAFT).count() == 1
    assert ServiceItem.objects.filter(status=ItemStatus.WITHDRAWN).count() == 1
    assert all(item.materials.exists() for item in ServiceItem.objects.all())
    assert ServiceItem.objects.get(code="330000-KJ-XK-002").revisions.count() == 2
    assert seed_catalogue() == {}
    assert client.get("/portal/guide/").context["counts"]["power"] == 18
