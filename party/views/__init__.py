"""Pages of party building I, one module per area; ``party.urls`` names them through here."""

from party.views.development import case_detail, development
from party.views.dues import (
    dues,
    dues_approval_new,
    dues_base_new,
    dues_disclosure,
    ledger_export,
    my_dues,
    remittances,
)
from party.views.life import compliance, meeting_detail, meetings, my_meetings
from party.views.structure import org_dissolve, org_edit, org_new, post_remove, posts
from party.views.tree import (
    contact_points,
    election_new,
    member_detail,
    org_detail,
    orgs,
    transfer_answer,
    transfer_new,
)

__all__ = [
    "case_detail",
    "compliance",
    "contact_points",
    "development",
    "dues",
    "dues_approval_new",
    "dues_base_new",
    "dues_disclosure",
    "election_new",
    "ledger_export",
    "meeting_detail",
    "meetings",
    "member_detail",
    "my_dues",
    "my_meetings",
    "org_detail",
    "org_dissolve",
    "org_edit",
    "org_new",
    "orgs",
    "post_remove",
    "posts",
    "remittances",
    "transfer_answer",
    "transfer_new",
]
