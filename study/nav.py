from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from party.permissions import holds_party_post, is_party_member
from study.permissions import runs_study

register_nav(
    NavItem(_("Party study"), _("My study"), "study:home", is_party_member, icon="bi-book", order=70),
    NavItem(_("Party study"), _("Learning cards"), "study:cards", is_party_member, icon="bi-card-text", order=71),
    NavItem(
        _("Party study"),
        _("Study rankings"),
        "study:rankings",
        holds_party_post,
        icon="bi-bar-chart",
        order=72,
    ),
    NavItem(_("Party study"), _("Study administration"), "study:admin", runs_study, icon="bi-gear", order=73),
)
register_action_labels(
    {
        "study_topic.create": _("Study topic added"),
        "study_card.create": _("Learning card written"),
        "study_card.update": _("Learning card edited"),
        "study_question.create": _("Question added to the bank"),
        "study_question.edit": _("Question edited (new version)"),
        "study_test.create": _("Test set"),
        "study_attempt.finish": _("Test handed in"),
    }
)
