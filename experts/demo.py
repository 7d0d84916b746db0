"""Demo expert profiles: every demo expert gets one in the disciplines of the demo calls' topics.

Idempotent: experts who already have a profile are left alone. Profiles are saved by the expert
and approved by an officer of the 高新技术处, through the services (so with audit events); the last
few stay waiting for approval, so the officer's queue is not empty.
"""

import random
from datetime import date

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import users_with_role
from experts.disciplines import discipline_codes_load
from experts.services import expert_profile_decide, expert_profile_save
from orgs.models import Unit

PENDING = 6
# (discipline codes, keywords, research field) per field of the demo calls' topics.
FIELDS = (
    (["460.20", "460.50", "460.35"], "数控机床、工业机器人、精密减速器", "高端装备关键部件设计与可靠性"),
    (["520.20", "520.40", "510.30"], "人工智能、工业软件、集成电路设计", "工业软件与智能算法"),
    (["430.50", "430.30", "430.65"], "高性能纤维、半导体材料、纳米材料", "先进材料制备与表征"),
    (["350.10", "320.67", "310.64"], "创新药物、医学影像、体外诊断", "创新药物与高端医疗器械研发"),
    (["210.30", "210.70", "210.60"], "种业创新、智慧农业装备、病虫害防控", "现代农业技术与装备"),
    (["480.40", "470.40", "480.70"], "锂电池、储能系统、电力电子", "新能源与储能技术"),
)


def _profile_data(user: User, rng: random.Random) -> dict:
    codes, keywords, field = FIELDS[user.pk % len(FIELDS)]
    unit = user.unit or Unit.objects.order_by("pk").first()
    return {
        "title": user.title or "研究员",
        "unit": unit,
        "unit_name": "",
        "region": unit.region,
        "discipline_codes": rng.sample(codes, 2),
        "keywords": keywords,
        "research_fields": f"{field}；主持省部级以上项目{rng.randint(2, 9)}项。",
        "available": rng.random() > 0.05,
        "unavailable_until": None,
    }


def seed_expert_profiles() -> dict[str, int]:
    discipline_codes_load()  # idempotent; restores the codes after a flush
    rng = random.Random(13745)
    officer = users_with_role(Role.OFFICER).order_by("username").first()
    experts = list(
        User.objects.filter(role_assignments__role=Role.EXPERT, expert_profile__isnull=True)
        .select_related("unit__region")
        .order_by("username")
        .distinct()
    )
    created = 0
    for number, user in enumerate(experts):
        data = _profile_data(user, rng)
        if not data["available"]:
            data["unavailable_until"] = date(2027, 3, 31)
        profile = expert_profile_save(actor=user, data=data, version=None)
        if officer is not None and number < len(experts) - PENDING:
            expert_profile_decide(actor=officer, profile=profile, approve=True)
        created += 1
    return {"expert profiles": created}
