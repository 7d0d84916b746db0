"""The states of a service request and who may move it (``core.workflow``).

received → assigned (the general office) → replied (the handling office) → closed (rated 满意 or
基本满意, or no rating within the rating window); 不满意 reopens it for the office (reopened →
replied again). The handling office may return a request that is not its remit to the general
office (assigned → received); the general office may refuse an invalid one (received → not accepted).
"""

from core.workflow import Workflow
from hotline.models import RequestStatus as S
from hotline.permissions import handles, is_registrar

REQUEST_WORKFLOW = (
    Workflow(state_field="status", audit_prefix="service_request")
    .add("assign", [S.RECEIVED], S.ASSIGNED, rule=lambda user, obj: is_registrar(user))
    .add("reassign", [S.ASSIGNED, S.REOPENED], S.ASSIGNED, rule=lambda user, obj: is_registrar(user))
    .add("return", [S.ASSIGNED, S.REOPENED], S.RECEIVED, rule=handles, needs_reason=True)
    .add("reply", [S.ASSIGNED, S.REOPENED], S.REPLIED, rule=handles)
    .add("rate", [S.REPLIED], S.CLOSED)
    .add("reopen", [S.REPLIED], S.REOPENED)
    .add("close", [S.REPLIED], S.CLOSED)
    .add("invalidate", [S.RECEIVED], S.INVALID, rule=lambda user, obj: is_registrar(user), needs_reason=True)
)

# Transitions offered as buttons on the request page (the others come from the requester or the sweep).
STAFF_ACTIONS = ("assign", "reassign", "return", "reply", "invalidate")
