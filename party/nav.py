from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from party.permissions import holds_party_post, is_party_member

register_nav(
    NavItem(
        _("Party building"), _("Party organizations"), "party:orgs", holds_party_post, icon="bi-diagram-3", order=60
    )
)
register_nav(
    NavItem(
        _("Party building"),
        _("Organization life compliance"),
        "party:compliance",
        holds_party_post,
        icon="bi-calendar-check",
        order=61,
    )
)
register_nav(
    NavItem(
        _("Party building"),
        _("Contact points"),
        "party:contact_points",
        holds_party_post,
        icon="bi-link-45deg",
        order=62,
    )
)
register_nav(
    NavItem(_("Party building"), _("My party dues"), "party:my_dues", is_party_member, icon="bi-wallet2", order=64)
)
register_nav(
    NavItem(_("Party building"), _("My meetings"), "party:my_meetings", is_party_member, icon="bi-people", order=63)
)
register_action_labels(
    {
        "party_member.reveal": _("Party member's ID and phone viewed"),
        "dues_base.declare": _("Dues base declared"),
        "dues.bill": _("Monthly dues billed"),
        "dues.pay": _("Dues payment recorded"),
        "dues.approval": _("Dues approval recorded"),
        "dues.export": _("Dues ledger exported"),
        "party_meeting.record": _("Party meeting recorded"),
        "party_development.step": _("Member development step recorded"),
        "party_development.extend": _("Probation extended"),
        "party_election.record": _("Election recorded"),
        "party_member.import": _("Party member imported"),
        "party_contact.add": _("Contact point set up"),
        "party_contact.visit": _("Contact point visit recorded"),
        "party_term.postpone": _("Election postponed"),
        "party_transfer.issue": _("Introduction letter issued"),
        "party_transfer.accepted": _("Transfer accepted"),
        "party_transfer.rejected": _("Transfer rejected"),
        "party_transfer.suspended": _("Transfer suspended"),
        "dues.remit": _("Dues remitted upward"),
        "dues.remit_confirm": _("Dues remittance receipt confirmed"),
        "party_org.create": _("Party organization set up"),
        "party_org.update": _("Party organization edited"),
        "party_org.deactivate": _("Party organization dissolved"),
        "party_post.assign": _("Party post filled"),
        "party_post.end": _("Party post ended"),
    }
)
