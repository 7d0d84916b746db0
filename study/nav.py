from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_labels
from core.nav import NavItem, register_nav
from party.permissions import holds_party_post, is_party_member
from study.permissions import holds_center_group, runs_study

register_nav(
    NavItem(_("Party study"), _("My study"), "study:home", is_party_member, icon="bi-book", order=70),
    NavItem(_("Party study"), _("Learning cards"), "study:cards", is_party_member, icon="bi-card-text", order=71),
    NavItem(_("Party study"), _("Notes and reflections"), "study:notes", is_party_member, icon="bi-journal", order=71),
    NavItem(
        _("Party study"),
        _("Discussion questions"),
        "study:discussions",
        is_party_member,
        icon="bi-chat-quote",
        order=71,
    ),
    NavItem(
        _("Party study"), _("Center-group study"), "study:center_group", holds_center_group, icon="bi-easel", order=72
    ),
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
        "study_note.submit": _("Study note submitted"),
        "study_note.update": _("Study note edited"),
        "study_note.exhibit": _("Reflection exhibited"),
        "study_note.unexhibit": _("Reflection taken out of the exhibition"),
        "study_discussion.create": _("Discussion question published"),
        "study_discussion.answer": _("Discussion question answered"),
        "study_plan.save": _("Center-group study plan saved"),
        "party_meeting.circulate": _("Center-group study summary circulated"),
    }
)
