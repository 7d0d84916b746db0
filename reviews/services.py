"""Writes of expert review: rounds and their rubric, assignment, invitations, conflicts, replacements.

Scoring and results are in ``reviews.scoring``, panel sessions in ``reviews.panels``. Every write
goes through a service that audits it in the same transaction; state changes go through the
shared workflow (``core.workflow``).
"""

from datetime import timedelta

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from audit.services import audit_record
from core.errors import EditConflict
from core.jobs import job_start
from core.models import Job, JobStatus
from core.workflow import Workflow, transition_apply
from notifications.services import notify
from plans.permissions import runs_call
from reviews.affinity import PairScores, candidates_build
from reviews.conflicts import HARD, RoundPool, item_pool, reason_labels
from reviews.models import (
    ACTIVE,
    MAX_APPLICANT_AVOIDANCES,
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    AvoidanceRequest,
    ConflictOverride,
    Criterion,
    Review,
    ReviewItem,
    ReviewRound,
    RoundStatus,
)
from reviews.permissions import runs_round
from reviews.solver import assignment_sample, assignment_solve

ROUND_FIELDS = (
    "title",
    "kind",
    "reviewers_per_item",
    "max_load",
    "deadline",
    "answer_days",
    "blind",
    "off_site",
    "group_by_discipline",
    "aggregation",
    "dispersion_limit",
    "min_comment_length",
    "randomise",
    "pair_cap",
    "pass_share",
)
CANDIDATES_PER_PLACE = 8  # candidate experts kept per place wanted (at least MIN_CANDIDATES)
MIN_CANDIDATES = 40
REMIND_BEFORE = timedelta(days=2)
JOB_OPEN = (JobStatus.QUEUED, JobStatus.RUNNING)
JOB_STALE = timedelta(hours=1)  # a job "running" for longer died with its worker; allow a new run


def _is_self(actor, assignment: Assignment) -> bool:
    return assignment.expert_id == actor.pk


def _not_submitted(assignment: Assignment, actor, changes) -> None:
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and review.status == "submitted":
        raise ValidationError(_("The review has been submitted; ask the officer to reopen it first."))


ROUND_WORKFLOW = (
    Workflow(state_field="status", audit_prefix="review_round")
    .add("propose", [RoundStatus.DRAFT, RoundStatus.PROPOSED], RoundStatus.PROPOSED, rule=runs_round)
    .add("invite", [RoundStatus.PROPOSED], RoundStatus.IN_REVIEW, rule=runs_round)
    .add("publish", [RoundStatus.IN_REVIEW], RoundStatus.CLOSED, rule=runs_round)
)
ASSIGNMENT_WORKFLOW = (
    Workflow(state_field="status", audit_prefix="review_assignment")
    .add("accept", [AssignmentStatus.INVITED], AssignmentStatus.ACCEPTED, rule=_is_self)
    .add("decline", [AssignmentStatus.INVITED], AssignmentStatus.DECLINED, rule=_is_self, needs_reason=True)
    .add(
        "declare_conflict",
        [AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED],
        AssignmentStatus.CONFLICTED,
        rule=_is_self,
        needs_reason=True,
        guards=(_not_submitted,),
    )
    .add(
        "withdraw",
        ACTIVE,
        AssignmentStatus.WITHDRAWN,
        rule=lambda actor, a: runs_round(actor, a.round),
        guards=(_not_submitted,),
    )
)


# --- rounds ---------------------------------------------------------------------------------
def _criteria_clean(criteria: list[dict]) -> list[dict]:
    rows = [c for c in criteria if (c.get("name") or "").strip()]
    if not rows:
        raise ValidationError({"criteria": [_("Give at least one scoring criterion.")]})
    names = [c["name"].strip() for c in rows]
    if len(set(names)) != len(names):
        raise ValidationError({"criteria": [_("Each criterion needs a different name.")]})
    total = sum(int(c.get("weight") or 0) for c in rows)
    if total != 100:
        raise ValidationError({"criteria": [_("The weights must add up to 100 (now %(total)d).") % {"total": total}]})
    for c in rows:
        if not 1 <= int(c.get("max_score") or 0) <= 100:
            raise ValidationError({"criteria": [_("Maximum scores run from 1 to 100.")]})
    return rows


def _criteria_write(round: ReviewRound, rows: list[dict]) -> None:
    Criterion.objects.bulk_create(
        [
            Criterion(
                round=round,
                name=c["name"].strip(),
                guidance=(c.get("guidance") or "").strip()[:300],
                weight=int(c["weight"]),
                max_score=int(c["max_score"]),
                order=n,
            )
            for n, c in enumerate(rows)
        ]
    )


def _round_clean(data: dict) -> dict:
    values = {name: data[name] for name in ROUND_FIELDS if name in data}
    if values.get("deadline") and values["deadline"] <= timezone.now():
        raise ValidationError({"deadline": [_("The deadline must be in the future.")]})
    return values


def _items_sync(round: ReviewRound) -> int:
    """Add the call's applications that passed the formal check and are not yet in the round."""
    taken = set(round.items.values_list("application_id", flat=True))
    applications = (
        Application.objects.filter(call=round.call, status=ApplicationStatus.FORMAL_PASSED)
        .exclude(pk__in=taken)
        .order_by("topic__code", "pk")
    )
    start = round.items.count()
    new = [
        ReviewItem(
            round=round,
            application=application,
            code=f"P{round.pk:03d}-{start + n:03d}",
            discipline_group=(application.discipline_codes or "").split(".")[0].split(",")[0].strip()[:10],
        )
        for n, application in enumerate(applications, start=1)
    ]
    ReviewItem.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def review_round_create(*, actor, call, data: dict, criteria: list[dict]) -> ReviewRound:
    """Create a round of the call with its rubric and the applications that passed the formal check."""
    if not runs_call(actor, call):
        raise PermissionDenied
    values = _round_clean(data)
    rows = _criteria_clean(criteria)
    if not Application.objects.filter(call=call, status=ApplicationStatus.FORMAL_PASSED).exists():
        raise ValidationError(_("No application of this call has passed the formal check yet."))
    round = ReviewRound.objects.create(call=call, created_by=actor, **values)
    _criteria_write(round, rows)
    items = _items_sync(round)
    audit_record(
        actor=actor,
        action="review_round.create",
        target=round,
        after={"call": call.pk, "items": items, "criteria": [c["name"] for c in rows]},
    )
    return round


@transaction.atomic
def review_round_update(
    *, actor, round: ReviewRound, data: dict, criteria: list[dict] | None, version: int
) -> ReviewRound:
    """Change the rules while no invitation has gone out; the rubric only before any review exists."""
    if not runs_round(actor, round):
        raise PermissionDenied
    if round.status not in (RoundStatus.DRAFT, RoundStatus.PROPOSED):
        raise ValidationError(_("Invitations have gone out; the round's rules can no longer change."))
    values = _round_clean(data)
    updated = ReviewRound.objects.filter(pk=round.pk, version=version).update(**values, version=F("version") + 1)
    if not updated:
        raise EditConflict(round.pk)
    if criteria is not None:
        rows = _criteria_clean(criteria)
        round.criteria.all().delete()
        _criteria_write(round, rows)
    added = _items_sync(round)
    audit_record(
        actor=actor, action="review_round.update", target=round, after={"fields": sorted(values), "items_added": added}
    )
    return ReviewRound.objects.get(pk=round.pk)


# --- assignment -----------------------------------------------------------------------------
def assignment_run(*, actor, round: ReviewRound):
    """Start the optimal assignment as a background job; returns the job (for its progress page)."""
    from reviews.tasks import round_assign

    if not runs_round(actor, round):
        raise PermissionDenied
    if round.status not in (RoundStatus.DRAFT, RoundStatus.PROPOSED):
        raise ValidationError(_("Invitations have gone out; use replacement instead of a new assignment."))
    back_url = reverse("reviews:assignments", args=[round.pk])
    running = Job.objects.filter(kind="review_assignment", back_url=back_url, status__in=JOB_OPEN)
    if running.filter(created_at__gt=timezone.now() - JOB_STALE).exists():
        raise ValidationError(_("An assignment of this round is already running; wait for it to finish."))
    with transaction.atomic():
        job = job_start(
            owner=actor,
            kind="review_assignment",
            title=_("Expert assignment: %(round)s") % {"round": round.title},
            task=round_assign,
            back_url=back_url,
            round_id=round.pk,
            actor_id=actor.pk,
        )
        audit_record(actor=actor, action="review_round.assign_start", target=round, after={"job": str(job.pk)})
    return job


def _shortage_reasons(pool: RoundPool, i: int, top: int = 3) -> str:
    counts: dict[str, int] = {}
    for j in range(len(pool.experts)):
        for reason in pool.reasons(i, j):
            counts[reason] = counts.get(reason, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
    return "；".join(
        f"{label} {n}" for label, n in zip(reason_labels([r for r, _ in ranked]), [n for _, n in ranked], strict=True)
    )


def _explain(pool: RoundPool, round: ReviewRound, demand, unmet, eligible) -> list[dict]:
    """For each item left short, a sentence the officer can act on."""
    problems = []
    for i in np.flatnonzero(unmet > 0):
        item = pool.items[int(i)]
        topic = item.application.topic
        where = f"{topic.code} {topic.title}" if topic else item.discipline_group
        if eligible[i] < demand[i]:
            text = _(
                "%(code)s (topic %(topic)s) has only %(eligible)d eligible experts for %(places)d places. "
                "Most experts are excluded for: %(reasons)s. Approve more experts in discipline %(discipline)s "
                "or relax the off-site rule."
            ) % {
                "code": item.code,
                "topic": where,
                "eligible": int(eligible[i]),
                "places": int(demand[i]),
                "reasons": _shortage_reasons(pool, int(i)) or "—",
                "discipline": item.application.discipline_codes or "—",
            }
        else:
            text = _(
                "%(code)s (topic %(topic)s): its %(eligible)d eligible experts are all at the load limit of "
                "%(load)d; raise the maximum load or approve more experts in discipline %(discipline)s."
            ) % {
                "code": item.code,
                "topic": where,
                "eligible": int(eligible[i]),
                "load": round.max_load,
                "discipline": item.application.discipline_codes or "—",
            }
        problems.append({"item": item.pk, "code": item.code, "unmet": int(unmet[i]), "text": text})
    return problems


def _kept(round: ReviewRound):
    """Assignments a new run keeps: all of them in review; before that, all but the solver's proposals."""
    rows = round.assignments.all()
    if round.status != RoundStatus.IN_REVIEW:
        rows = rows.exclude(status=AssignmentStatus.PROPOSED, source=AssignmentSource.SOLVER)
    return rows


def _snapshot(round: ReviewRound) -> tuple:
    """What the computation depended on: the round's state and the assignments kept."""
    fresh = ReviewRound.objects.get(pk=round.pk)
    rows = tuple(_kept(fresh).order_by("pk").values_list("pk", "status"))
    return fresh.status, fresh.reviewers_per_item, fresh.max_load, fresh.version, rows


def assignment_fill(round: ReviewRound, *, source: str = AssignmentSource.SOLVER, on_chunk=None) -> dict:
    """Fill every open place of the round optimally, keeping the assignments that exist.

    Open places are ``reviewers_per_item`` minus the item's active assignments; each expert's load
    counts their active assignments in the round. Before invitations, a run replaces the previous
    run's proposals (the officer's own additions stay); pairs that ever existed otherwise
    (declined, expired, withdrawn, conflicted) are never proposed again. The solve runs outside any
    transaction; the write then locks the round and checks that nothing it depended on changed
    meanwhile (an invitation sent, an expert added, a decline), computing again if it did.
    Returns the report shown to the officer.
    """
    allowed = (
        (RoundStatus.IN_REVIEW,)
        if source == AssignmentSource.REPLACEMENT
        else (RoundStatus.DRAFT, RoundStatus.PROPOSED)
    )
    for _attempt in range(3):
        round = ReviewRound.objects.select_related("call").get(pk=round.pk)
        if round.status not in allowed:
            raise ValidationError(
                _("The round has moved on (%(status)s); nothing was assigned.") % {"status": round.get_status_display()}
            )
        before = _snapshot(round)
        plan = _assignment_plan(round, on_chunk=on_chunk)
        with transaction.atomic():
            locked = ReviewRound.objects.select_for_update().get(pk=round.pk)
            if _snapshot(locked) != before:
                continue
            return _assignment_write(locked, plan, source=source)
    raise ValidationError(_("The round kept changing while the assignment was computed. Run it again."))


def _assignment_plan(round: ReviewRound, *, on_chunk=None) -> dict:
    pool = RoundPool.load(round)
    n, m = len(pool.items), len(pool.experts)
    report = {"items": n, "experts": m, "placed": 0, "unmet": 0, "problems": [], "total_affinity": 0.0}
    plan = {"rows": [], "report": report}
    if n == 0:
        return plan
    if m == 0:
        report["problems"] = [
            {"item": None, "code": "", "unmet": 0, "text": _("The expert pool has no approved expert.")}
        ]
        report["unmet"] = n * round.reviewers_per_item
        return plan
    item_ix = {item.pk: i for i, item in enumerate(pool.items)}
    expert_ix = {p.user_id: j for j, p in enumerate(pool.experts)}
    active = np.zeros(n, dtype=np.int64)
    load = np.zeros(m, dtype=np.int64)
    taken = []
    for item_id, user_id, status in _kept(round).values_list("item_id", "expert_id", "status"):
        i, j = item_ix.get(item_id), expert_ix.get(user_id)
        if i is not None and status in ACTIVE:
            active[i] += 1
        if j is not None and status in ACTIVE:
            load[j] += 1
        if i is not None and j is not None:
            taken.append((i, j))
    demand = np.maximum(round.reviewers_per_item - active, 0)
    capacity = np.maximum(round.max_load - load, 0)
    pairs = pool.conflict_pairs()
    if taken:
        pairs = np.concatenate([pairs, np.array(taken, dtype=np.int64)])
    items_side, experts_side = pool.sides()
    scores = PairScores(
        items_side, experts_side, off_site=round.off_site, conflict_pairs=pairs, excluded_experts=pool.excluded_mask()
    )
    k = max(MIN_CANDIDATES, CANDIDATES_PER_PLACE * round.reviewers_per_item)
    candidates = candidates_build(scores, k=k, on_chunk=on_chunk)
    if round.randomise:
        seed = np.random.default_rng().integers(2**63)
        solution = assignment_sample(
            candidates, demand=demand, capacity=capacity, cap=float(round.pair_cap), rng=np.random.default_rng(seed)
        )
    else:
        solution = assignment_solve(candidates, demand=demand, capacity=capacity)
    plan["rows"] = [
        (pool.items[int(i)].pk, pool.experts[int(j)].user_id, float(a))
        for i, j, a in zip(solution.item, solution.expert, solution.affinity, strict=True)
    ]
    report.update(
        unmet=int(solution.unmet.sum()),
        problems=_explain(pool, round, demand, solution.unmet, candidates.eligible),
        total_affinity=round_to(solution.total_affinity),
        conflicts_excluded=int(candidates.conflicts),
        randomised=bool(round.randomise),
    )
    return plan


def _assignment_write(round: ReviewRound, plan: dict, *, source: str) -> dict:
    """Write a plan (inside the caller's transaction, the round locked)."""
    in_review = round.status == RoundStatus.IN_REVIEW
    now = timezone.now()
    rows = [
        Assignment(
            round=round,
            item_id=item_id,
            expert_id=expert_id,
            affinity=affinity,
            source=source,
            status=AssignmentStatus.INVITED if in_review else AssignmentStatus.PROPOSED,
            invited_at=now if in_review else None,
            answer_by=_answer_by(round, now) if in_review else None,
        )
        for item_id, expert_id, affinity in plan["rows"]
    ]
    report = plan["report"] | {"placed": len(rows), "at": now.isoformat()}
    if not in_review:  # a new proposal replaces the previous one (the officer's additions stay)
        round.assignments.filter(status=AssignmentStatus.PROPOSED, source=AssignmentSource.SOLVER).delete()
    Assignment.objects.bulk_create(rows)
    saved = report
    if in_review:  # a replacement: keep the proposal's figures, update what is still open
        previous = round.assignment_report or {}
        saved = previous | {
            "unmet": report["unmet"],
            "problems": report["problems"],
            "replacements": previous.get("replacements", 0) + len(rows),
            "replaced_at": now.isoformat(),
        }
    ReviewRound.objects.filter(pk=round.pk).update(assignment_report=saved)
    if in_review and rows:
        _invite_notify(round, [r.expert_id for r in rows])
    return report


def round_to(value: float, places: int = 4) -> float:
    return float(f"{value:.{places}f}")


def round_assign_finish(*, actor, round: ReviewRound, report: dict) -> None:
    """After the job: move the round to "assignment proposed" (audited)."""
    transition_apply(
        actor=actor,
        obj=round,
        workflow=ROUND_WORKFLOW,
        name="propose",
        audit_after={"placed": report["placed"], "unmet": report["unmet"]},
    )


def assignment_add(*, actor, round: ReviewRound, item: ReviewItem, expert, override_reason: str = "") -> Assignment:
    """The officer adds an expert to an item by hand; conflicts are checked again.

    Hard conflicts (own work, declared conflict, integrity restriction, unavailability) refuse;
    other conflicts need ``override_reason``, recorded as a ``ConflictOverride`` and audited.
    """
    if not runs_round(actor, round):
        raise PermissionDenied
    if round.status == RoundStatus.CLOSED:
        raise ValidationError(_("The results are published; assignments can no longer change."))
    pool = item_pool(round, item, include=[expert.pk])  # the same pool the officer's candidate list shows
    j = pool.expert_index(expert.pk)
    if j is None:
        raise ValidationError({"expert": [_("Only approved experts of the pool can be assigned.")]})
    reasons = pool.reasons(0, j)
    hard = [r for r in reasons if r in HARD]
    if hard:
        raise ValidationError({"expert": [_("Cannot be assigned: %(why)s.") % {"why": "；".join(reason_labels(hard))}]})
    if reasons and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": [
                    _("This expert has a conflict (%(why)s). Give a reason to override it.")
                    % {"why": "；".join(reason_labels(reasons))}
                ]
            }
        )
    items_side, experts_side = pool.sides()
    affinity = float(PairScores(items_side, experts_side).affinity(0, 1)[0, j])
    with transaction.atomic():
        round = ReviewRound.objects.select_for_update().get(pk=round.pk)  # one change to the round at a time
        if round.status == RoundStatus.CLOSED:
            raise ValidationError(_("The results are published; assignments can no longer change."))
        if Assignment.objects.filter(item=item, expert=expert).exists():
            raise ValidationError({"expert": [_("This expert is or was already assigned to this application.")]})
        load = Assignment.objects.filter(round=round, expert=expert, status__in=ACTIVE).count()
        if load >= round.max_load:
            raise ValidationError(
                {"expert": [_("This expert already has %(n)d applications, the round's limit.") % {"n": load}]}
            )
        in_review = round.status == RoundStatus.IN_REVIEW
        now = timezone.now()
        assignment = Assignment.objects.create(
            round=round,
            item=item,
            expert=expert,
            affinity=affinity,
            source=AssignmentSource.OFFICER,
            status=AssignmentStatus.INVITED if in_review else AssignmentStatus.PROPOSED,
            invited_at=now if in_review else None,
            answer_by=_answer_by(round, now) if in_review else None,
        )
        if reasons:
            ConflictOverride.objects.update_or_create(
                item=item,
                expert=expert,
                defaults={
                    "round": round,
                    "conflicts": reasons,
                    "reason": override_reason.strip()[:300],
                    "decided_by": actor,
                },
            )
        audit_record(
            actor=actor,
            action="review_assignment.add",
            target=assignment,
            after={"item": item.code, "expert": expert.pk, "overridden": reasons, "reason": override_reason.strip()},
        )
        if in_review:
            _invite_notify(round, [expert.pk])
    return assignment


def assignment_withdraw(*, actor, assignment: Assignment, reason: str = "") -> Assignment:
    """The officer takes an expert off an item; in review, the place is refilled automatically."""
    assignment = transition_apply(
        actor=actor,
        obj=assignment,
        workflow=ASSIGNMENT_WORKFLOW,
        name="withdraw",
        reason=reason,
        changes={"reason": reason.strip()[:300]},
    )
    if assignment.round.status == RoundStatus.IN_REVIEW:
        _refill_later(assignment.round_id)
    return assignment


def _answer_by(round: ReviewRound, now):
    """When an invitation sent ``now`` must be answered: the round's days to answer, at most its deadline."""
    return min(now + timedelta(days=round.answer_days), round.deadline)


def _invite_notify(round: ReviewRound, expert_ids: list[int]) -> None:
    """One message per expert; it names the round, never an application or an applicant."""
    from accounts.models import User

    counts: dict[int, int] = {}
    for user_id in expert_ids:
        counts[user_id] = counts.get(user_id, 0) + 1
    for user in User.objects.filter(pk__in=counts):
        notify(
            recipients=[user],
            title=_("Invitation to review: %(round)s") % {"round": round.title},
            body=_("You are invited to review %(n)d application(s). Please answer by %(date)s.")
            % {
                "n": counts[user.pk],
                "date": timezone.localtime(_answer_by(round, timezone.now())).strftime("%Y-%m-%d %H:%M"),
            },
            url=reverse("reviews:mine"),
        )


def _stale_proposals(round: ReviewRound) -> list[int]:
    """Proposed assignments that a conflict now forbids (the pool or the integrity list changed)."""
    pool = RoundPool.load(round)
    item_ix = {item.pk: i for i, item in enumerate(pool.items)}
    overridden = {(o.item_id, o.expert_id): set(o.conflicts) for o in round.overrides.all()}
    stale = []
    for pk, item_id, expert_id in round.assignments.filter(status=AssignmentStatus.PROPOSED).values_list(
        "pk", "item_id", "expert_id"
    ):
        j = pool.expert_index(expert_id)
        reasons = set(pool.reasons(item_ix[item_id], j)) if j is not None else {"unavailable"}
        if reasons - overridden.get((item_id, expert_id), set()):
            stale.append(pk)
    return stale


def round_invite(*, actor, round: ReviewRound) -> dict:
    """Send the proposed assignments as invitations; the round is then in review.

    Conflicts are checked again first: a proposal that a change since the run forbids (an expert
    no longer approved or available, a new integrity restriction, a new avoidance) is dropped and
    its place refilled like a decline. Returns ``{"sent": n, "dropped": m}``.
    """
    if not runs_round(actor, round):
        raise PermissionDenied
    stale = _stale_proposals(round)
    now = timezone.now()
    with transaction.atomic():
        locked = ReviewRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != RoundStatus.PROPOSED:
            raise ValidationError(_("This item is no longer in a state that allows this action."))
        dropped = locked.assignments.filter(pk__in=stale, status=AssignmentStatus.PROPOSED).delete()[0]
        proposed = list(locked.assignments.filter(status=AssignmentStatus.PROPOSED).values_list("expert_id", flat=True))
        if not proposed:
            raise ValidationError(_("There is no proposed assignment to send."))
        locked.assignments.filter(status=AssignmentStatus.PROPOSED).update(
            status=AssignmentStatus.INVITED,
            invited_at=now,
            answer_by=_answer_by(locked, now),
        )
        _invite_notify(locked, proposed)
        transition_apply(
            actor=actor,
            obj=locked,
            workflow=ROUND_WORKFLOW,
            name="invite",
            audit_after={"invited": len(proposed), "dropped_stale": dropped},
        )
        if dropped:
            _refill_later(locked.pk)
    return {"sent": len(proposed), "dropped": dropped}


def review_round_deadline_extend(*, actor, round: ReviewRound, deadline, reason: str) -> ReviewRound:
    """Move the scoring deadline later while the round is in review (audited, experts notified)."""
    from accounts.models import User

    if not runs_round(actor, round):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        locked = ReviewRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != RoundStatus.IN_REVIEW:
            raise ValidationError(_("Only a round in review can have its deadline extended."))
        if deadline is None or deadline <= max(locked.deadline, timezone.now()):
            raise ValidationError({"deadline": [_("The new deadline must be later than the current one.")]})
        before = locked.deadline
        ReviewRound.objects.filter(pk=locked.pk).update(deadline=deadline, version=F("version") + 1)
        audit_record(
            actor=actor,
            action="review_round.extend",
            target=locked,
            before={"deadline": before.isoformat()},
            after={"deadline": deadline.isoformat(), "reason": reason.strip()},
        )
        experts = User.objects.filter(
            review_assignments__round=locked, review_assignments__status=AssignmentStatus.ACCEPTED
        ).distinct()
        notify(
            recipients=list(experts),
            title=_("Scoring deadline extended: %(round)s") % {"round": locked.title},
            body=_("The new deadline is %(date)s.") % {"date": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")},
            url=reverse("reviews:mine"),
        )
    return ReviewRound.objects.get(pk=round.pk)


# --- the expert's answers -------------------------------------------------------------------
def invitation_answer(*, actor, assignment: Assignment, accept: bool, reason: str = "") -> Assignment:
    if accept:
        with transaction.atomic():
            Review.objects.get_or_create(assignment=assignment)
            assignment = transition_apply(
                actor=actor,
                obj=assignment,
                workflow=ASSIGNMENT_WORKFLOW,
                name="accept",
                changes={"answered_at": timezone.now()},
            )
        return assignment
    assignment = transition_apply(
        actor=actor,
        obj=assignment,
        workflow=ASSIGNMENT_WORKFLOW,
        name="decline",
        reason=reason,
        changes={"answered_at": timezone.now(), "reason": reason.strip()[:300]},
    )
    _refill_later(assignment.round_id)
    return assignment


def no_conflict_confirm(*, actor, assignment: Assignment) -> Assignment:
    """The expert confirms having no undeclared conflict; only then is the full text shown."""
    if not _is_self(actor, assignment) or assignment.status != AssignmentStatus.ACCEPTED:
        raise PermissionDenied
    with transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk, no_conflict_confirmed_at__isnull=True).update(
            no_conflict_confirmed_at=timezone.now()
        )
        audit_record(actor=actor, action="review_assignment.confirm_no_conflict", target=assignment)
    assignment.refresh_from_db()
    return assignment


def conflict_declare(*, actor, assignment: Assignment, reason: str) -> Assignment:
    """The expert declares a conflict: the assignment ends and the place is refilled."""
    assignment = transition_apply(
        actor=actor,
        obj=assignment,
        workflow=ASSIGNMENT_WORKFLOW,
        name="declare_conflict",
        reason=reason,
        changes={"answered_at": timezone.now(), "reason": reason.strip()[:300]},
    )
    _refill_later(assignment.round_id)
    return assignment


def _refill_later(round_id: int) -> None:
    from reviews.tasks import round_refill

    transaction.on_commit(lambda: round_refill.enqueue(round_id=round_id))


def replacements_fill(round: ReviewRound) -> dict:
    """Fill places left by declines, expiries, conflicts and withdrawals with new invitations.

    Nothing is refilled once the scoring deadline has passed (an invitation then could not be
    answered and scored in time); the officer extends the deadline first if more reviews are needed.
    """
    round = ReviewRound.objects.get(pk=round.pk)
    if round.status != RoundStatus.IN_REVIEW or timezone.now() >= round.deadline:
        return {"placed": 0, "unmet": 0}
    try:
        report = assignment_fill(round, source=AssignmentSource.REPLACEMENT)
    except ValidationError:
        return {"placed": 0, "unmet": 0}  # the round moved on meanwhile
    with transaction.atomic():
        audit_record(
            actor=None,
            action="review_round.replace",
            target=round,
            after={"placed": report["placed"], "unmet": report["unmet"]},
            actor_name="system",
        )
    return report


def invitations_expire(*, now=None) -> int:
    """Invitations past their answer time become "no answer" and their places are refilled."""
    now = now or timezone.now()
    overdue = list(
        Assignment.objects.filter(status=AssignmentStatus.INVITED, answer_by__lt=now).values_list("pk", "round_id")
    )
    expired, rounds = 0, set()
    for pk, round_id in overdue:
        with transaction.atomic():
            # Conditional update: safe when several schedulers or workers run the sweep at once.
            if Assignment.objects.filter(pk=pk, status=AssignmentStatus.INVITED).update(
                status=AssignmentStatus.EXPIRED
            ):
                expired += 1
                rounds.add(round_id)
                audit_record(
                    actor=None,
                    action="review_assignment.expire",
                    target_type="reviews.assignment",
                    target_id=str(pk),
                    after={"status": AssignmentStatus.EXPIRED},
                    actor_name="system",
                )
    for round_id in rounds:
        replacements_fill(ReviewRound.objects.get(pk=round_id))
    return expired


def reminders_send(*, now=None) -> int:
    """Remind experts of reviews not yet submitted when the deadline is near (once per assignment)."""
    now = now or timezone.now()
    due = Assignment.objects.filter(
        status=AssignmentStatus.ACCEPTED,
        reminded_at__isnull=True,
        round__status=RoundStatus.IN_REVIEW,
        round__deadline__gt=now,
        round__deadline__lte=now + REMIND_BEFORE,
    ).exclude(review__status="submitted")
    by_expert = due.values("expert", "round__title", "round__deadline").annotate(n=Count("pk"))
    from accounts.models import User

    users = User.objects.in_bulk([row["expert"] for row in by_expert])
    for row in by_expert:
        notify(
            recipients=[users[row["expert"]]],
            title=_("Reminder: reviews due %(date)s")
            % {"date": timezone.localtime(row["round__deadline"]).strftime("%Y-%m-%d %H:%M")},
            body=_("%(round)s: %(n)d review(s) not yet submitted.") % {"round": row["round__title"], "n": row["n"]},
            url=reverse("reviews:mine"),
        )
    return due.update(reminded_at=now)


# --- applicant-requested avoidances ---------------------------------------------------------
AVOIDANCE_OPEN = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


@transaction.atomic
def avoidance_request_add(
    *, actor, application: Application, name: str, unit_name: str, reason: str
) -> AvoidanceRequest:
    """The PI asks that a named expert not review the application (at most three, while editable)."""
    if application.pi_id != actor.pk:
        raise PermissionDenied
    if application.status not in AVOIDANCE_OPEN:
        raise ValidationError(_("Avoidance requests can only be made while the application is being edited."))
    errors = {}
    if not name.strip():
        errors["name"] = [_("Give the expert's name.")]
    if not unit_name.strip():
        errors["unit_name"] = [_("Give the expert's unit.")]
    if not reason.strip():
        errors["reason"] = [_("Give a reason.")]
    if errors:
        raise ValidationError(errors)
    if AvoidanceRequest.objects.filter(application=application).count() >= MAX_APPLICANT_AVOIDANCES:
        raise ValidationError({"name": [_("At most %(n)d experts can be named.") % {"n": MAX_APPLICANT_AVOIDANCES}]})
    request = AvoidanceRequest.objects.create(
        application=application, name=name.strip()[:50], unit_name=unit_name.strip()[:100], reason=reason.strip()[:300]
    )
    audit_record(
        actor=actor,
        action="avoidance_request.add",
        target=application,
        after={"name": request.name, "unit": request.unit_name},
    )
    return request


@transaction.atomic
def avoidance_request_remove(*, actor, request: AvoidanceRequest) -> None:
    if request.application.pi_id != actor.pk:
        raise PermissionDenied
    if request.application.status not in AVOIDANCE_OPEN:
        raise ValidationError(_("Avoidance requests can only be changed while the application is being edited."))
    audit_record(
        actor=actor, action="avoidance_request.remove", target=request.application, before={"name": request.name}
    )
    request.delete()


def open_places(round: ReviewRound) -> int:
    """Places still to fill: reviewers wanted minus active assignments, over all items."""
    counts = round.items.annotate(active=Count("assignments", filter=Q(assignments__status__in=ACTIVE)))
    return sum(max(0, round.reviewers_per_item - item.active) for item in counts)
