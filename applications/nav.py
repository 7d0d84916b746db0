from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from audit.labels import register_action_labels
from core.nav import NavItem, register_nav

register_nav(
    NavItem(_("S&T plans"), _("My applications"), "applications:mine", has_role(Role.APPLICANT), order=31),
    NavItem(_("S&T plans"), _("Unit endorsement"), "applications:unit_queue", has_role(Role.UNIT_ADMIN), order=32),
    NavItem(
        _("S&T plans"), _("Recommendation"), "applications:recommender_queue", has_role(Role.RECOMMENDER), order=33
    ),
)
register_action_labels(
    {
        "application.create": _("Application started"),
        "application.save": _("Application draft saved"),
        "application.submit": _("Application submitted"),
        "application.endorse": _("Application endorsed by the unit"),
        "application.unit_return": _("Application returned by the unit"),
        "application.recommend": _("Application recommended"),
        "application.recommender_return": _("Application returned by the recommender"),
        "application.export": _("Applications exported"),
        "application.formal_pass": _("Formal check passed"),
        "application.duplicate_check": _("Duplicate check run"),
        "application.pdf_download": _("Application PDF downloaded"),
        "application.formal_fail": _("Formal check failed"),
        "application.officer_return": _("Application returned by the officer"),
    }
)
