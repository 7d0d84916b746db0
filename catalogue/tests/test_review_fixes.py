"""Regressions found in review: text longer than the columns hold is refused at its field."""

import pytest
from django.core.exceptions import ValidationError

from catalogue.imports import ITEM_IMPORT
from catalogue.models import ServiceItem
from catalogue.services import service_item_create
from catalogue.tests.conftest import item_data
from catalogue.tests.test_imports import row, workbook
from core.excel import parse_workbook

pytestmark = pytest.mark.django_db


def test_an_item_name_longer_than_the_column_is_refused_at_the_field(officer, office):
    with pytest.raises(ValidationError) as caught:
        service_item_create(actor=officer, **item_data(office, name="高" * 201, onsite_address="址" * 301))
    assert {"name", "onsite_address"} <= set(caught.value.message_dict)
    assert not ServiceItem.objects.exists()


def test_an_imported_row_with_an_overlong_name_is_reported_and_nothing_is_saved(officer, office):
    result = parse_workbook(ITEM_IMPORT, workbook([row(name="高" * 201)]), actor=officer)
    assert [e.column for e in result.errors] == ["事项名称"]
    assert not ServiceItem.objects.exists()
