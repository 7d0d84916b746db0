"""Conflicts of interest (回避) of a round, from the database, with the reason of each.

``RoundPool`` loads a round's items and the approved, available experts once, in a bounded number
of queries, and answers two questions with the same data: which expert–item pairs are excluded
and why (``reasons``), and the arrays the bulk solver needs (``sides``, ``conflict_pairs``,
``excluded``). The rules, all enforced:

- same unit (by registered unit or by name); same city or province under the off-site rule;
- the expert is the PI or a team member of the application; the expert's unit is a cooperation
  unit of it; the expert has an application of their own in the same call (excluded from the round);
- the expert and the PI or a team member worked together on a project approved in the last 3 years;
- the expert declared the unit or the person an avoidance; the applicant asked that the expert not
  review (name and unit, up to 3); the expert declared a conflict on this item during the round;
- the integrity list restricts the expert from review; the expert is unavailable (not a conflict,
  but excluded all the same).

People are matched by name and unit, the way applications record team members.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.duplicates import tokens
from applications.models import Application
from experts.models import ExpertProfile, ProfileStatus
from integrity.models import IntegrityRecord, Restriction
from projects.models import Project
from reviews.affinity import Side
from reviews.models import AssignmentStatus, AvoidanceRequest, OffSite, ReviewItem, ReviewRound

COLLABORATION_YEARS = 3


class Conflict(models.TextChoices):
    SAME_UNIT = "same_unit", _("Same unit as the applicant")
    SAME_CITY = "same_city", _("Same city as the applicant (off-site review)")
    SAME_PROVINCE = "same_province", _("Same province as the applicant (off-site review)")
    TEAM_MEMBER = "team_member", _("PI or team member of the application")
    COOPERATION_UNIT = "cooperation_unit", _("Works at a cooperation unit of the application")
    OWN_APPLICATION = "own_application", _("Has an application of their own in this call")
    CO_APPLICANT = "co_applicant", _("Worked with the PI or a team member on a project in the last 3 years")
    EXPERT_AVOIDS = "expert_avoids", _("Declared an avoidance of this unit or person")
    APPLICANT_AVOIDS = "applicant_avoids", _("The applicant asked that this expert not review")
    DECLARED = "declared", _("Declared a conflict on this application")
    INTEGRITY = "integrity", _("Restricted from review by the integrity list")
    UNAVAILABLE = "unavailable", _("Not available for review")


# Conflicts an officer may override, with a reason (audited): the off-site rule when a field has
# too few experts elsewhere, an old collaboration, and an applicant's request the agency finds
# unfounded. Every other conflict is a party to the application judging it, and is never overridden.
OVERRIDABLE = frozenset({Conflict.SAME_CITY, Conflict.SAME_PROVINCE, Conflict.CO_APPLICANT, Conflict.APPLICANT_AVOIDS})
HARD = frozenset(set(Conflict) - OVERRIDABLE)


def _norm(text: str) -> str:
    return "".join((text or "").split())


def _person(name: str, unit: str) -> tuple[str, str]:
    return _norm(name), _norm(unit)


def _unit_matches(wanted: str, actual: str) -> bool:
    """Unit names as people write them: "浙江大学" matches "浙江大学计算机学院" and the reverse."""
    return bool(wanted) and bool(actual) and (wanted in actual or actual in wanted)


def city_of(code: str) -> str:
    return code[:4] + "00" if code else ""


def province_of(code: str) -> str:
    return code[:2] + "0000" if code else ""


@dataclass
class RoundPool:
    """A round's items and candidate experts, with every conflict between them."""

    round: ReviewRound
    items: list[ReviewItem]
    experts: list[ExpertProfile]
    excluded: dict[int, list[str]] = field(default_factory=dict)  # expert index -> reasons
    pairs: dict[tuple[int, int], set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def load(cls, round: ReviewRound, *, items=None, expert_ids=None) -> "RoundPool":
        """Every item of the round (or the given ones) against every approved expert (or those given)."""
        items = list(
            items
            if items is not None
            else ReviewItem.objects.filter(round=round).select_related("application__unit__region", "application__pi")
        )
        profiles = ExpertProfile.objects.filter(status=ProfileStatus.APPROVED)
        if expert_ids is not None:
            profiles = profiles.filter(user_id__in=list(expert_ids))
        experts = list(profiles.select_related("user", "unit", "region").prefetch_related("avoid_units").order_by("pk"))
        pool = cls(round=round, items=items, experts=experts)
        pool._collect()
        return pool

    # --- structure ---------------------------------------------------------------------------
    def _expert_unit(self, profile: ExpertProfile) -> str:
        return _norm(profile.affiliation)

    def _collect(self) -> None:
        today = timezone.localdate()
        expert_ix = {p.user_id: j for j, p in enumerate(self.experts)}
        by_person: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_name: dict[str, list[int]] = defaultdict(list)
        for j, profile in enumerate(self.experts):
            by_person[_person(profile.user.full_name, profile.affiliation)].append(j)
            by_name[_norm(profile.user.full_name)].append(j)
            if not profile.available and (profile.unavailable_until is None or profile.unavailable_until >= today):
                self.excluded.setdefault(j, []).append(Conflict.UNAVAILABLE)

        def experts_named(name: str, unit: str) -> list[int]:
            """Experts of that name at that unit (by name alone when the unit is not given)."""
            unit = _norm(unit)
            named = by_name.get(_norm(name), [])
            return [j for j in named if not unit or _unit_matches(unit, self._expert_unit(self.experts[j]))]

        people_of_item = [self._people(item.application) for item in self.items]
        item_ix = {item.pk: i for i, item in enumerate(self.items)}

        # PI or team member; cooperation units; the expert's declared avoidances. Indexed by unit
        # name, unit id and person name so the cost grows with the data, not items × experts.
        by_affiliation: dict[str, list[int]] = defaultdict(list)
        by_avoided_unit: dict[int, list[int]] = defaultdict(list)
        by_avoided_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for j, profile in enumerate(self.experts):
            by_affiliation[self._expert_unit(profile)].append(j)
            for unit in profile.avoid_units.all():
                by_avoided_unit[unit.pk].append(j)
            for avoided in profile.avoid_people:
                by_avoided_name[_norm(avoided.get("name", ""))].append((j, _norm(avoided.get("unit", ""))))
        for i, item in enumerate(self.items):
            application = item.application
            if application.pi_id in expert_ix:
                self.pairs[i, expert_ix[application.pi_id]].add(Conflict.TEAM_MEMBER)
            for name, unit in people_of_item[i]:
                for j in experts_named(name, unit):
                    self.pairs[i, j].add(Conflict.TEAM_MEMBER)
                for j, avoided_unit in by_avoided_name.get(name, []):
                    if not avoided_unit or _unit_matches(avoided_unit, unit):
                        self.pairs[i, j].add(Conflict.EXPERT_AVOIDS)
            for j in by_avoided_unit.get(application.unit_id, []):
                self.pairs[i, j].add(Conflict.EXPERT_AVOIDS)
            cooperation = [_norm(u) for u in application.cooperation_units or [] if _norm(u)]
            for affiliation, members in by_affiliation.items():
                if any(_unit_matches(c, affiliation) for c in cooperation):
                    for j in members:
                        self.pairs[i, j].add(Conflict.COOPERATION_UNIT)

        # Applicant-requested avoidances (name and unit).
        for request in AvoidanceRequest.objects.filter(application__review_items__in=self.items).distinct():
            for item in self.items:
                if item.application_id == request.application_id:
                    for j in experts_named(request.name, request.unit_name):
                        self.pairs[item_ix[item.pk], j].add(Conflict.APPLICANT_AVOIDS)

        # The expert's own application in the same call.
        own = Application.objects.filter(call=self.round.call_id, pi__in=list(expert_ix)).values_list("pi", flat=True)
        for user_id in set(own):
            self.excluded.setdefault(expert_ix[user_id], []).append(Conflict.OWN_APPLICATION)

        # Collaboration on projects approved in the last three years.
        self._co_applicants(people_of_item, by_person)

        # Conflicts declared during this round.
        declared = self.round.assignments.filter(status=AssignmentStatus.CONFLICTED).values_list("item", "expert")
        for item_id, user_id in declared:
            if item_id in item_ix and user_id in expert_ix:
                self.pairs[item_ix[item_id], expert_ix[user_id]].add(Conflict.DECLARED)

        # The integrity list.
        records = (
            IntegrityRecord.objects.in_force().filter(person__in=list(expert_ix)).values_list("person", "restrictions")
        )
        for user_id, restrictions in records:
            if Restriction.REVIEW in (restrictions or []):
                self.excluded.setdefault(expert_ix[user_id], []).append(Conflict.INTEGRITY)

    def _people(self, application: Application) -> set[tuple[str, str]]:
        people = {_person(application.pi.full_name, application.unit.name)}
        for member in application.team or []:
            if member.get("name"):
                people.add(_person(member["name"], member.get("unit", "")))
        return people

    def _co_applicants(self, people_of_item, by_person) -> None:
        since = timezone.now() - timedelta(days=365 * COLLABORATION_YEARS)
        items_by_person: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, people in enumerate(people_of_item):
            for person in people:
                items_by_person[person].append(i)
        projects = Project.objects.filter(approved_at__gte=since).select_related("application__unit", "application__pi")
        for project in projects:
            people = self._people(project.application)
            experts = {j for person in people for j in by_person.get(person, [])}
            if not experts:
                continue
            items = {i for person in people for i in items_by_person.get(person, [])}
            for i in items:
                if self.items[i].application_id == project.application_id:
                    continue
                for j in experts:
                    self.pairs[i, j].add(Conflict.CO_APPLICANT)

    # --- answers -----------------------------------------------------------------------------
    def structural(self, i: int, j: int) -> list[str]:
        """Unit and region conflicts of one pair (the bulk path computes these from ``sides``)."""
        application, profile = self.items[i].application, self.experts[j]
        found = []
        if _norm(application.unit.name) == self._expert_unit(profile):
            found.append(Conflict.SAME_UNIT)
        region, mine = application.unit.region_id, profile.region_id
        if self.round.off_site == OffSite.CITY and city_of(region) == city_of(mine):
            found.append(Conflict.SAME_CITY)
        if self.round.off_site == OffSite.PROVINCE and province_of(region) == province_of(mine):
            found.append(Conflict.SAME_PROVINCE)
        return found

    def reasons(self, i: int, j: int) -> list[str]:
        """Every conflict between item ``i`` and expert ``j`` (empty: they may be paired)."""
        return self.structural(i, j) + sorted(self.pairs.get((i, j), ())) + self.excluded.get(j, [])

    def expert_index(self, user_id: int) -> int | None:
        return next((j for j, p in enumerate(self.experts) if p.user_id == user_id), None)

    def sides(self) -> tuple[Side, Side]:
        """Arrays for ``reviews.affinity``: units and regions as integer ids (0 = unknown)."""
        ids: dict[str, int] = {}

        def key(text: str) -> int:
            return ids.setdefault(text, len(ids) + 1) if text else 0

        def region_ids(code: str) -> tuple[int, int]:
            return (key("c" + city_of(code)), key("p" + province_of(code))) if code else (0, 0)

        item_regions = [region_ids(item.application.unit.region_id) for item in self.items]
        expert_regions = [region_ids(p.region_id) for p in self.experts]
        items = Side(
            unit=np.array([key(_norm(item.application.unit.name)) for item in self.items], dtype=np.int64),
            city=np.array([r[0] for r in item_regions], dtype=np.int64),
            province=np.array([r[1] for r in item_regions], dtype=np.int64),
            disciplines=[_codes(item.application.discipline_codes) for item in self.items],
            tokens=[tokens(f"{item.application.keywords}\n{item.application.abstract}") for item in self.items],
        )
        experts = Side(
            unit=np.array([key(self._expert_unit(p)) for p in self.experts], dtype=np.int64),
            city=np.array([r[0] for r in expert_regions], dtype=np.int64),
            province=np.array([r[1] for r in expert_regions], dtype=np.int64),
            disciplines=[list(p.discipline_codes) for p in self.experts],
            tokens=[tokens(f"{p.keywords}\n{p.research_fields}") for p in self.experts],
        )
        return items, experts

    def conflict_pairs(self) -> np.ndarray:
        if not self.pairs:
            return np.empty((0, 2), dtype=np.int64)
        return np.array([key for key, reasons in self.pairs.items() if reasons], dtype=np.int64).reshape(-1, 2)

    def excluded_mask(self) -> np.ndarray:
        mask = np.zeros(len(self.experts), dtype=bool)
        mask[list(self.excluded)] = True
        return mask


def _codes(text: str) -> list[str]:
    return [c for c in (text or "").replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if c]


def item_pool(round: ReviewRound, item: ReviewItem, *, include=()) -> RoundPool:
    """One item against the experts worth showing for it: those sharing a first-level discipline
    with it, those already on it, and ``include`` (user ids). Loading the whole pool for one item
    would cost as much as the round's assignment; affinity outside the item's disciplines is at most
    the text part (0.4) anyway."""
    firsts = {c.split(".")[0] for c in _codes(item.application.discipline_codes)}
    ids = set(include) | set(item.assignments.values_list("expert_id", flat=True))
    rows = ExpertProfile.objects.filter(status=ProfileStatus.APPROVED).values_list("user_id", "discipline_codes")
    ids |= {user_id for user_id, codes in rows if not firsts or firsts & {c.split(".")[0] for c in codes or []}}
    return RoundPool.load(round, items=[item], expert_ids=ids)


def reason_labels(reasons) -> list[str]:
    return [str(Conflict(r).label) for r in reasons]
