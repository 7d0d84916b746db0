from django.http import HttpRequest
from ninja import Router, Schema

from accounts.models import TokenScope
from core.api_scopes import require_scope

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    scope: str | None


class MeOut(Schema):
    username: str
    full_name: str
    unit: str | None
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The signed-in user or token owner")
def me(request: HttpRequest) -> dict:
    require_scope(request, TokenScope.READ_PROFILE)
    user = request.user
    return {
        "username": user.username,
        "full_name": user.full_name,
        "unit": user.unit.name if user.unit_id else None,
        "roles": [{"role": a.role, "scope": str(a.scope) if a.scope else None} for a in user.active_roles],
    }
