from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from accounts.models import TokenScope
from core.api_scopes import require_scope
from orgs.models import Region
from orgs.permissions import can_read_orgs, unit_get_for_user
from orgs.selectors import unit_list

router = Router(tags=["organizations"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None


class UnitOut(Schema):
    id: int
    name: str
    credit_code: str
    unit_type: str
    region_code: str


def _unit(unit) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "credit_code": unit.credit_code,
        "unit_type": unit.unit_type,
        "region_code": unit.region_id,
    }


@router.get("/regions", response=list[RegionOut], summary="GB/T 2260 regions")
@paginate(LimitOffsetPagination)
def regions(request: HttpRequest, parent: str | None = None):
    require_scope(request, TokenScope.READ_ORGS)
    qs = Region.objects.all()
    if parent:
        qs = qs.filter(parent_id=parent)
    return [{"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_id} for r in qs]


@router.get("/units", response=list[UnitOut], summary="Units (staff only)")
@paginate(LimitOffsetPagination)
def units(request: HttpRequest, q: str = ""):
    require_scope(request, TokenScope.READ_ORGS)
    if not can_read_orgs.test(request.user):
        raise HttpError(403, "forbidden")
    return [_unit(u) for u in unit_list(query=q)]


@router.get("/units/{unit_id}", response=UnitOut, summary="One unit the caller may see")
def unit(request: HttpRequest, unit_id: int):
    require_scope(request, TokenScope.READ_ORGS)
    return _unit(unit_get_for_user(request.user, unit_id))
