from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from experts.permissions import is_expert, reads_pool

register_nav(NavItem(_("Expert review"), _("Expert pool"), "experts:pool", reads_pool, icon="bi-people", order=40))
register_nav(
    NavItem(_("Expert review"), _("My expert profile"), "experts:me", is_expert, icon="bi-person-badge", order=41)
)
register_action_labels(
    {
        "expert_profile.save": _("Expert profile saved"),
        "expert_profile.approve": _("Expert profile approved"),
        "expert_profile.return": _("Expert profile returned"),
        "expert_profile.import": _("Expert imported"),
    }
)
