"""The one workflow mechanism for every state machine in Kejiwang.

A model declares its allowed transitions as a ``Workflow``: each ``Transition`` names its source
states, its target state, the access rule for who may perform it, and optional guards (functions
that raise ``ValidationError`` with the reason in the interface language). ``transition_apply``
locks the row, checks the current state, the rule and the guards, sets the new state and any
extra fields, saves with ``update_fields``, and writes the audit event — in one transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record

Guard = Callable[[models.Model, Any, dict], None]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    rule: Callable[[Any, models.Model], bool] | None = None  # (actor, obj) -> allowed
    guards: tuple[Guard, ...] = ()
    needs_reason: bool = False


@dataclass
class Workflow:
    state_field: str
    transitions: dict[str, Transition] = field(default_factory=dict)
    audit_prefix: str = ""  # audit actions are "<prefix>.<transition>"; the model name by default

    def add(self, name: str, sources: Iterable[str], target: str, **options: Any) -> "Workflow":
        self.transitions[name] = Transition(name=name, sources=frozenset(sources), target=target, **options)
        return self

    def available(self, obj: models.Model, actor: Any) -> list[Transition]:
        """Transitions the actor may try from the object's current state (for showing buttons)."""
        state = getattr(obj, self.state_field)
        return [t for t in self.transitions.values() if state in t.sources and (t.rule is None or t.rule(actor, obj))]


def transition_apply(
    *,
    actor: Any,
    obj: models.Model,
    workflow: Workflow,
    name: str,
    reason: str = "",
    changes: dict | None = None,
    audit_after: dict | None = None,
) -> models.Model:
    """Move ``obj`` along transition ``name``; returns the locked, updated row.

    ``audit_after`` adds details to the transition's audit event. The audit chain is one ordered
    sequence, so callers do their other writes first and the transition last: the chain's head row
    stays locked only from here to the commit.
    """
    transition = workflow.transitions[name]
    changes = dict(changes or {})
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        state = getattr(locked, workflow.state_field)
        if state not in transition.sources:
            raise ValidationError(_("This item is no longer in a state that allows this action."), code="state")
        if transition.rule is not None and not transition.rule(actor, locked):
            raise PermissionDenied
        if transition.needs_reason and not reason.strip():
            raise ValidationError({"reason": [_("Give a reason.")]}, code="reason")
        for guard in transition.guards:
            guard(locked, actor, changes)
        setattr(locked, workflow.state_field, transition.target)
        for field_name, value in changes.items():
            setattr(locked, field_name, value)
        locked.save(update_fields=[workflow.state_field, *changes])
        label = workflow.audit_prefix or locked._meta.model_name
        after = {workflow.state_field: transition.target, **({"reason": reason.strip()} if reason else {})}
        audit_record(
            actor=actor,
            action=f"{label}.{name}",
            target=locked,
            before={workflow.state_field: state},
            after=after | (audit_after or {}),
        )
    return locked
