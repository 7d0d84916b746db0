"""Reminders of party building, sent by the periodic sweep (``manage.py run_periodic``).

- Dues: members with an unpaid bill for the month are reminded ``DuesSettings.notice_days``
  days before their branch's collection day (and up to the day itself, if the sweep missed a
  day); the group-chat robots (DingTalk/WeCom) get one line per collection day and month.
- Terms (换届): the secretaries of an organization and of the one above it are reminded
  ``TERM_WARNING_DAYS`` before the term ends, and again once it has ended without an election.
- Organization life: from the 1st of each month, the secretary of every organization behind on
  its required meetings is reminded, and the robots get the month's count.

Each reminder has a key; a ``PartyReminder`` row with that key is written in the same
transaction as the notification, so a reminder goes out once even with several schedulers.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import broadcast, notify
from party.dues import first_of_month
from party.meetings import compliance_table
from party.models import (
    TERM_WARNING_DAYS,
    BillStatus,
    DuesBill,
    OrgKind,
    PartyOrganization,
    PartyPost,
    PartyReminder,
    Post,
)
from party.services import dues_settings


def send_once(key: str, send, done: set[str]) -> bool:
    """Run ``send`` only if no reminder with ``key`` was sent before; True if it ran now.

    ``done`` holds the keys known to be sent (read once per sweep) so most repeats cost nothing;
    the unique key decides the rest (a reminder older than the set, or a sweep running beside).
    """
    if key in done:
        return False
    done.add(key)
    with transaction.atomic():
        try:
            with transaction.atomic():
                PartyReminder.objects.create(key=key)
        except IntegrityError:
            return False
        send()
    return True


def _secretaries(org_ids) -> dict[int, list]:
    """Organization id → users of its secretaries (and deputies), one query."""
    found: dict[int, list] = defaultdict(list)
    posts = PartyPost.objects.filter(
        organization__in=list(org_ids),
        post__in=[Post.SECRETARY, Post.DEPUTY_SECRETARY],
        member__is_active=True,
        member__user__isnull=False,
    ).select_related("member__user")
    for post in posts:
        found[post.organization_id].append(post.member.user)
    return found


def dues_reminders(today: date, done: set[str]) -> int:
    month = first_of_month(today)
    notice = dues_settings().notice_days
    bills = (
        DuesBill.objects.filter(
            month=month,
            status=BillStatus.UNPAID,
            due_on__gte=today,
            due_on__lte=date.fromordinal(today.toordinal() + notice),
            member__user__isnull=False,
            member__is_active=True,
        )
        .select_related("member__user", "organization")
        .order_by("due_on", "pk")
    )
    url = reverse("party:my_dues")
    sent = 0
    by_day: dict[date, set[int]] = defaultdict(set)
    for bill in bills:
        by_day[bill.due_on].add(bill.organization_id)
        title = _("Party dues for %(month)s: %(amount)s yuan, collected on %(date)s") % {
            "month": f"{month:%Y-%m}",
            "amount": bill.amount,
            "date": bill.due_on.isoformat(),
        }
        body = _("%(org)s collects the month's dues on %(date)s.") % {
            "org": bill.organization.name,
            "date": bill.due_on.isoformat(),
        }
        sent += send_once(
            f"dues:{bill.member_id}:{month:%Y-%m}",
            lambda bill=bill, title=title, body=body: notify(
                recipients=[bill.member.user], title=title, body=body, url=url
            ),
            done,
        )
    for day, orgs in sorted(by_day.items()):
        title = _("Party dues collection day: %(date)s (%(n)d branches)") % {"date": day.isoformat(), "n": len(orgs)}
        body = _("Members who have not yet paid this month's dues, please pay them to your branch by that day.")
        send_once(
            f"dues-robot:{day.isoformat()}", lambda title=title, body=body: broadcast(title=title, body=body), done
        )
    return sent


def term_reminders(today: date, done: set[str]) -> int:
    orgs = [
        org
        for org in PartyOrganization.objects.filter(is_active=True, term_started_on__isnull=False).exclude(
            kind__in=[OrgKind.LEADING_GROUP, OrgKind.GROUP]
        )
        if org.term_ends_on and (org.term_ends_on - today).days <= TERM_WARNING_DAYS
    ]
    if not orgs:
        return 0
    secretaries = _secretaries({o.pk for o in orgs} | {o.parent_id for o in orgs if o.parent_id})
    sent = 0
    for org in orgs:
        ends = org.term_ends_on
        overdue = ends < today
        if overdue:
            key = f"term-overdue:{org.pk}:{ends.isoformat()}"
            title = _("%(org)s: term ended on %(date)s, election overdue") % {"org": org.name, "date": ends.isoformat()}
        else:
            key = f"term:{org.pk}:{ends.isoformat()}"
            title = _("%(org)s: term ends on %(date)s, prepare the election") % {
                "org": org.name,
                "date": ends.isoformat(),
            }
        recipients = {u.pk: u for u in secretaries.get(org.pk, []) + secretaries.get(org.parent_id, [])}
        if not recipients:
            continue
        url = reverse("party:org", args=[org.pk])
        sent += send_once(
            key,
            lambda title=title, recipients=recipients, url=url: notify(
                recipients=recipients.values(), title=title, url=url
            ),
            done,
        )
    return sent


def life_reminders(today: date, done: set[str]) -> int:
    orgs = list(PartyOrganization.objects.filter(is_active=True))
    behind = [row for row in compliance_table(orgs, today.year, today=today) if row["overdue"]]
    if not behind:
        return 0
    secretaries = _secretaries(row["org"].pk for row in behind)
    url = reverse("party:compliance")
    sent = 0
    for row in behind:
        org = row["org"]
        users = secretaries.get(org.pk, [])
        if not users:
            continue
        missing = "、".join(f"{c.label} {c.held}/{c.due}" for c in row["cells"] if c.overdue)
        title = _("%(org)s is behind on organization life") % {"org": org.name}
        body = _("Held / due so far this year: %(missing)s.") % {"missing": missing}
        sent += send_once(
            f"life:{org.pk}:{today:%Y-%m}",
            lambda users=users, title=title, body=body: notify(recipients=users, title=title, body=body, url=url),
            done,
        )
    title = _("Organization life, %(month)s: %(n)d organizations behind on required meetings") % {
        "month": f"{today:%Y-%m}",
        "n": len(behind),
    }
    send_once(f"life-robot:{today:%Y-%m}", lambda: broadcast(title=title), done)
    return sent


KNOWN_DAYS = 400  # reminders sent this recently are read up front; older ones are caught by the key


def reminders_send(*, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=KNOWN_DAYS)
    done = set(PartyReminder.objects.filter(sent_at__gte=since).values_list("key", flat=True))
    return {
        "dues": dues_reminders(today, done),
        "terms": term_reminders(today, done),
        "life": life_reminders(today, done),
    }
