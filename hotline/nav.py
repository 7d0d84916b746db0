from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from hotline.permissions import can_open_hotline, can_read_report, is_registrar

SECTION = _("Supervision and service")

register_nav(
    NavItem(SECTION, _("Service requests"), "hotline:requests", can_open_hotline, icon="bi-telephone", order=90),
    NavItem(SECTION, _("Service request report"), "hotline:report", can_read_report, icon="bi-bar-chart", order=91),
    NavItem(SECTION, _("Request categories"), "hotline:categories", is_registrar, icon="bi-sliders", order=92),
)
register_action_labels(
    {
        "service_request.file": _("Service request filed on the portal"),
        "service_request.enter": _("Service request recorded by staff"),
        "service_request.assign": _("Service request assigned"),
        "service_request.reassign": _("Service request reassigned"),
        "service_request.return": _("Service request returned to the general office"),
        "service_request.reply": _("Service request replied"),
        "service_request.rate": _("Service request rated and closed"),
        "service_request.reopen": _("Service request reopened (unsatisfied)"),
        "service_request.close": _("Service request closed without rating"),
        "service_request.invalidate": _("Service request not accepted"),
        "service_request.reveal_contact": _("Requester's contact data shown"),
        "service_request.rectify": _("Service request turned into a rectification item"),
        "request_category.save": _("Request category saved"),
    }
)
