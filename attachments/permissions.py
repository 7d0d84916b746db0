"""Who may read an attachment: the uploader, or whoever its owner's module admits."""

from collections.abc import Callable

from django.http import Http404

from attachments.models import Attachment

# owner model label ("orgs.unit") -> predicate(user, owner, write) deciding access
_owner_rules: dict[str, Callable[[object, object, bool], bool]] = {}


def register_owner_rule(label: str, rule: Callable[[object, object, bool], bool]) -> None:
    """Let a module decide who may read or manage the attachments of its objects."""
    _owner_rules[label] = rule


def attachment_get_for_user(user, pk, *, write: bool = False) -> Attachment:
    """The attachment if ``user`` may read it (or manage it with ``write``); otherwise 404."""
    attachment = Attachment.objects.select_related("owner_type").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    rule = _owner_rules.get(attachment.owner_type.app_label + "." + attachment.owner_type.model)
    owner = attachment.owner
    if owner is not None and rule is not None and rule(user, owner, write):
        return attachment
    if not write and attachment.uploaded_by_id == user.pk:
        return attachment
    raise Http404
