from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from catalogue.permissions import is_staff_reader
from core.nav import NavItem, register_nav

register_nav(
    NavItem(
        _("Supervision and service"),
        _("Service catalogue"),
        "catalogue:items",
        is_staff_reader,
        icon="bi-journal-text",
        order=96,
    ),
)
register_action_labels(
    {
        "service_item.create": _("Service item created"),
        "service_item.update": _("Service item changed"),
        "service_item.publish": _("Service guide published"),
        "service_item.withdraw": _("Service guide withdrawn"),
        "service_item.export": _("Service catalogue exported"),
        "service_material.add": _("Application material added"),
        "service_material.update": _("Application material changed"),
        "service_material.delete": _("Application material removed"),
        "service_material.move": _("Application materials reordered"),
        "service_material.form": _("Blank form uploaded"),
        "service_item.review_reminder": _("Yearly review of service guides reminded"),
    }
)
