"""The demo data set: a fictional provincial S&T department in Zhejiang, built through the services.

``seed_demo`` first plans everything from a fixed random seed (so every run plans the same rows),
then creates only what is missing, looked up by stable keys: office code, recommender name, credit
code and account name. Running it twice changes nothing.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import MembershipStatus, UnitMembership, User
from accounts.roles import ROLE_SCOPE, Role
from accounts.services import role_grant, user_create
from audit.models import AuditEvent
from audit.services import audit_record
from core.demo import names
from core.demo.names import Person, PersonGenerator, words
from notifications.models import Notification
from notifications.services import notify
from orgs.models import Agency, Office, Recommender, RecommenderKind, Region, Unit, UnitType
from orgs.services import office_create, recommender_create, regions_load, unit_create

SEED = 2026
DEMO_PASSWORD = "Kejiwang@2026"  # noqa: S105 (published demo password, printed by demo_logins)
EMAIL_DOMAIN = "demo.kejiwang.cn"
PROVINCE = "330000"
EXPERT_COUNT = 320
PENDING_APPLICANTS = 5

AGENCY = {"name": "浙江省科学技术厅（演示）", "short_name": "省科技厅"}
OFFICES = (
    ("办公室", "general"),
    ("政策法规处", "policy"),
    ("计划财务处", "finance"),
    ("高新技术处", "hightech"),
    ("农村科技处", "rural"),
    ("社会发展科技处", "social"),
    ("基础研究处", "basic"),
    ("成果转化与区域创新处", "transfer"),
    ("对外科技合作处", "cooperation"),
    ("科技人才与科普处", "talent"),
    ("监督评估与科研诚信处", "integrity"),
    ("机关党委", "party"),
    ("人事处", "personnel"),
)
# County bureaus (none for 西湖区, so the demo university reports to 杭州市科学技术局).
COUNTY_BUREAUS = words("330108 330110 330212 330206 330381 330481 330521 330681 330782 331082")
DEPARTMENTS = ("浙江省教育厅", "浙江省卫生健康委员会", "浙江省农业农村厅")

# Curated fictional units: (name, type, county code). The first university is the demo one.
NAMED_UNITS = (
    ("之江理工大学", UnitType.UNIVERSITY, "330106"),
    ("钱江科技大学", UnitType.UNIVERSITY, "330114"),
    ("天目农林大学", UnitType.UNIVERSITY, "330112"),
    ("甬江大学", UnitType.UNIVERSITY, "330212"),
    ("瓯越医科大学", UnitType.UNIVERSITY, "330304"),
    ("越州文理学院", UnitType.UNIVERSITY, "330602"),
    ("浙江省新材料研究院", UnitType.INSTITUTE, "330110"),
    ("浙江省智能制造研究院", UnitType.INSTITUTE, "330108"),
    ("浙江省农业生物技术研究所", UnitType.INSTITUTE, "330105"),
    ("甬江海洋材料研究所", UnitType.INSTITUTE, "330206"),
    ("瓯江生物医药研究院", UnitType.INSTITUTE, "330381"),
    ("嘉禾微电子研究院", UnitType.INSTITUTE, "330402"),
    ("湖州绿色低碳技术研究院", UnitType.INSTITUTE, "330521"),
    ("之江理工大学附属医院", UnitType.HOSPITAL, "330106"),
    ("甬江大学附属第一医院", UnitType.HOSPITAL, "330203"),
    ("瓯越医科大学附属眼视光医院", UnitType.HOSPITAL, "330302"),
    ("绍兴市鉴湖人民医院", UnitType.HOSPITAL, "330603"),
    ("台州市东海中心医院", UnitType.HOSPITAL, "331002"),
    ("浙江省智能制造学会", UnitType.SOCIAL_ORGANIZATION, "330106"),
    ("浙江省科技企业孵化器协会", UnitType.SOCIAL_ORGANIZATION, "330108"),
)
ENTERPRISE_COUNTIES = words(
    "330105 330108 330109 330110 330212 330206 330282 330381 330382 330481",
    "330411 330521 330681 330782 330784 330881 330902 331082 331081 331102",
)
REGISTRATION = {UnitType.ENTERPRISE: "91", UnitType.SOCIAL_ORGANIZATION: "51"}

# Professional titles by unit type, senior first: experts hold one of the first two.
TITLES = {
    UnitType.UNIVERSITY: ("教授", "副教授", "讲师"),
    UnitType.INSTITUTE: ("研究员", "副研究员", "助理研究员"),
    UnitType.HOSPITAL: ("主任医师", "副主任医师", "主治医师"),
    UnitType.ENTERPRISE: ("正高级工程师", "高级工程师", "工程师"),
    UnitType.SOCIAL_ORGANIZATION: ("研究员", "高级工程师", "工程师"),
}
STAFF_TITLES = ("一级主任科员", "二级主任科员", "四级调研员", "三级调研员")


@dataclass(frozen=True)
class DemoLogin:
    """A named demo account printed by ``demo_logins``."""

    username: str
    full_name: str
    role: str
    description: str
    title: str = ""
    office: str = ""  # office code, for officers
    recommender: str = ""  # recommender name, for recommenders
    unit_index: int | None = None  # position in NAMED_UNITS of the unit the person works at
    male: bool = True


DEMO_LOGINS = (
    DemoLogin("sysadmin", "陈志远", Role.SYSADMIN, "系统管理员：账号、单位、处室与系统配置", "高级工程师"),
    DemoLogin("secadmin", "林晓峰", Role.SECURITY_ADMIN, "安全管理员：角色授权与安全策略", "高级工程师"),
    DemoLogin("auditadmin", "郑丽华", Role.AUDIT_ADMIN, "安全审计员：查阅与核验审计日志", "工程师", male=False),
    DemoLogin(
        "officer", "王海涛", Role.OFFICER, "项目主管（高新技术处）：形式审查、评审组织", "四级调研员", office="hightech"
    ),
    DemoLogin("officer2", "刘佳宁", Role.OFFICER, "项目主管（基础研究处）", "一级主任科员", office="basic", male=False),
    DemoLogin(
        "registrar",
        "何晓燕",
        Role.OFFICER,
        "办公室：行风热线登记、分办与回访",
        "一级主任科员",
        office="general",
        male=False,
    ),
    DemoLogin("policy", "钱建国", Role.OFFICER, "政策法规处：办事指南的编制与发布", "四级调研员", office="policy"),
    DemoLogin("leader", "张明华", Role.LEADER, "厅领导：审定立项、查看全局统计、整改路线图", "副厅长"),
    DemoLogin(
        "supervisor", "赵文静", Role.SUPERVISOR, "监督人员：督办事项、整改台账与科研诚信", "三级调研员", male=False
    ),
    DemoLogin("expert", "孙立新", Role.EXPERT, "评审专家：通讯评审与会议评审", "教授", unit_index=1),
    DemoLogin(
        "unitadmin",
        "黄雅琴",
        Role.UNIT_ADMIN,
        "单位管理员（之江理工大学）：单位审核、人员绑定",
        "副教授",
        unit_index=0,
        male=False,
    ),
    DemoLogin("applicant", "李思远", Role.APPLICANT, "申报人（之江理工大学）：填报申报书", "副教授", unit_index=0),
    DemoLogin(
        "recommender",
        "吴国平",
        Role.RECOMMENDER,
        "推荐单位（杭州市科学技术局）：推荐上报",
        "二级主任科员",
        recommender="杭州市科学技术局",
    ),
)


@dataclass(frozen=True)
class UnitPlan:
    name: str
    unit_type: str
    region: str
    credit_code: str
    address: str
    contact: Person
    contact_phone: str


@dataclass
class UserPlan:
    username: str
    person: Person
    title: str = ""
    unit: str = ""  # credit code of user.unit
    roles: list[tuple[str, str, str]] = field(default_factory=list)  # (role, scope kind, scope key)
    membership: tuple[str, str] | None = None  # (status, credit code)
    welcome: str = ""  # body of a welcome notification


@dataclass
class Plan:
    agency_code: str
    recommenders: list[tuple[str, str, str, str]]  # (name, kind, region code, parent name)
    units: list[UnitPlan]
    users: list[UserPlan]


# Planning: pure Python, same result on every run.


def _city_bureau(city: Region) -> str:
    return f"{city.name}科学技术局"


def _county_bureau(county: Region) -> str:
    is_district = county.name.endswith("区")
    return f"{county.parent.name}{county.name}科学技术局" if is_district else f"{county.name}科学技术局"


def plan_recommenders(regions: dict[str, Region]) -> list[tuple[str, str, str, str]]:
    """City bureaus, county bureaus under them, then provincial departments."""
    cities = sorted((r for r in regions.values() if r.parent_id == PROVINCE), key=lambda r: r.code)
    rows = [(_city_bureau(city), RecommenderKind.CITY_BUREAU, city.code, "") for city in cities]
    for code in COUNTY_BUREAUS:
        county = regions[code]
        rows.append((_county_bureau(county), RecommenderKind.COUNTY_BUREAU, code, _city_bureau(county.parent)))
    rows += [(name, RecommenderKind.DEPARTMENT, PROVINCE, "") for name in DEPARTMENTS]
    return rows


def _place_short(region: Region) -> str:
    """The name an enterprise carries: the city, or a county-level city such as 义乌."""
    if region.code[4:] >= "81":
        return region.name.removesuffix("市")
    return region.parent.name.removesuffix("市")


def plan_units(rng: random.Random, people: PersonGenerator, regions: dict[str, Region]) -> list[UnitPlan]:
    """The curated universities, institutes, hospitals and societies, then generated enterprises."""
    rows = [(name, kind, code) for name, kind, code in NAMED_UNITS]
    taken = {name for name, _kind, _code in rows}
    for code in ENTERPRISE_COUNTIES:
        while (name := names.enterprise_name(rng, _place_short(regions[code]))) in taken:
            pass
        taken.add(name)
        rows.append((name, UnitType.ENTERPRISE, code))
    plans = []
    for name, kind, code in rows:
        registration = REGISTRATION.get(kind, "12")
        plans.append(
            UnitPlan(
                name=name,
                unit_type=kind,
                region=code,
                credit_code=names.credit_code(rng, registration=registration, region_code=code),
                address=names.address(rng, regions[code].full_name),
                contact=people.person(first_year=1970, last_year=1995),
                contact_phone=names.landline(rng, code),
            )
        )
    return plans


def _named_users(people: PersonGenerator, units: list[UnitPlan]) -> list[UserPlan]:
    plans = []
    for login in DEMO_LOGINS:
        unit = units[login.unit_index].credit_code if login.unit_index is not None else ""
        kind = ROLE_SCOPE.get(login.role, "")
        key = {"unit": unit, "office": login.office, "recommender": login.recommender}.get(kind, "")
        plan = UserPlan(
            username=login.username,
            person=people.person(first_year=1968, last_year=1992, full_name=login.full_name, male=login.male),
            title=login.title,
            unit=unit,
            roles=[(login.role, kind, key)],
            welcome=f"您的演示角色：{login.description}。",
        )
        if login.role == Role.APPLICANT:
            plan.membership = (MembershipStatus.CONFIRMED, unit)
        plans.append(plan)
    return plans


def _unit_users(people: PersonGenerator, rng: random.Random, units: list[UnitPlan]) -> list[UserPlan]:
    plans = []
    for index, unit in enumerate(units, start=1):
        code, titles = unit.credit_code, TITLES[unit.unit_type]
        admin = UserPlan(f"u{index:02d}_admin", people.person(first_year=1970, last_year=1995), titles[-1], code)
        admin.roles.append((Role.UNIT_ADMIN, "unit", code))
        plans.append(admin)
        for number in range(1, rng.randint(2, 4) + 1):
            applicant = UserPlan(
                f"u{index:02d}_app{number}",
                people.person(first_year=1972, last_year=1996),
                rng.choice(titles),
                code,
                [(Role.APPLICANT, "unit", code)],
                (MembershipStatus.CONFIRMED, code),
            )
            plans.append(applicant)
    return plans


def _pending_users(people: PersonGenerator, rng: random.Random, demo_unit: UnitPlan) -> list[UserPlan]:
    return [
        UserPlan(
            f"u01_req{number}",
            people.person(first_year=1985, last_year=1998),
            rng.choice(TITLES[demo_unit.unit_type][1:]),
            membership=(MembershipStatus.PENDING, demo_unit.credit_code),
        )
        for number in range(1, PENDING_APPLICANTS + 1)
    ]


def _staff_users(people: PersonGenerator, rng: random.Random, recommenders: list[str]) -> list[UserPlan]:
    plans = []
    for _name, code in OFFICES:
        for number in (1, 2):
            person = people.person(first_year=1970, last_year=1994)
            plans.append(
                UserPlan(
                    f"off_{code}{number}", person, rng.choice(STAFF_TITLES), roles=[(Role.OFFICER, "office", code)]
                )
            )
    for role, prefix, count in ((Role.LEADER, "leader", 4), (Role.SUPERVISOR, "supervisor", 3)):
        for number in range(1, count + 1):
            person = people.person(first_year=1963, last_year=1980)
            plans.append(UserPlan(f"{prefix}{number}", person, rng.choice(STAFF_TITLES), roles=[(role, "", "")]))
    for number, name in enumerate(recommenders, start=1):
        person = people.person(first_year=1970, last_year=1994)
        plans.append(
            UserPlan(
                f"rec{number:02d}", person, rng.choice(STAFF_TITLES), roles=[(Role.RECOMMENDER, "recommender", name)]
            )
        )
    return plans


def _expert(people: PersonGenerator, rng: random.Random, number: int, unit: UnitPlan) -> UserPlan:
    return UserPlan(
        f"expert{number:03d}",
        people.person(first_year=1958, last_year=1988),
        rng.choice(TITLES[unit.unit_type][:2]),
        unit.credit_code,
        [(Role.EXPERT, "", "")],
    )


def _experts(people: PersonGenerator, rng: random.Random, units: list[UnitPlan]) -> list[UserPlan]:
    return [_expert(people, rng, number, rng.choice(units)) for number in range(1, EXPERT_COUNT + 1)]


def build_plan(regions: dict[str, Region]) -> Plan:
    """Everything the demo needs, drawn from the fixed seed (no database writes)."""
    rng = random.Random(SEED)
    people = PersonGenerator(rng)
    agency_code = names.credit_code(rng, registration="11", region_code=PROVINCE)
    recommenders = plan_recommenders(regions)
    units = plan_units(rng, people, regions)
    users = _named_users(people, units)
    users += _unit_users(people, rng, units)
    users += _pending_users(people, rng, units[0])
    users += _staff_users(people, rng, [name for name, *_rest in recommenders])
    users += _experts(people, rng, units)
    return Plan(agency_code, recommenders, units, users)


# Applying: create what is missing, through the services.


class _Seeder:
    def __init__(self, stdout: IO[str] | None) -> None:
        self.stdout = stdout
        self.created: Counter[str] = Counter()
        self.regions: dict[str, Region] = {}
        self.offices: dict[str, Office] = {}
        self.recommenders: dict[str, Recommender] = {}
        self.units: dict[str, Unit] = {}

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def agency(self, credit_code: str) -> None:
        # One config row and no service yet: no lookup fields means "the row, whatever its name".
        agency, created = Agency.objects.get_or_create(
            defaults={**AGENCY, "region": self.regions[PROVINCE], "credit_code": credit_code},
        )
        if created:
            audit_record(actor=None, action="agency.create", target=agency, after={**AGENCY, "region": PROVINCE})
            self.created["agency"] += 1

    def offices_create(self) -> None:
        self.offices = {office.code: office for office in Office.objects.all()}
        for order, (name, code) in enumerate(OFFICES, start=1):
            if code not in self.offices:
                self.offices[code] = office_create(actor=None, name=name, code=code, sort_order=order)
                self.created["offices"] += 1

    def recommenders_create(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.recommenders = {rec.name: rec for rec in Recommender.objects.all()}
        for name, kind, region, parent in rows:
            if name not in self.recommenders:
                self.recommenders[name] = recommender_create(
                    actor=None, name=name, kind=kind, region=self.regions[region], parent=self.recommenders.get(parent)
                )
                self.created["recommenders"] += 1

    def units_create(self, plans: list[UnitPlan]) -> None:
        self.units = {unit.credit_code: unit for unit in Unit.objects.all()}
        for plan in plans:
            if plan.credit_code in self.units:
                continue
            self.units[plan.credit_code] = unit_create(
                actor=None,
                name=plan.name,
                credit_code=plan.credit_code,
                unit_type=plan.unit_type,
                region=self.regions[plan.region],
                address=plan.address,
                contact_name=plan.contact.full_name,
                contact_phone=plan.contact_phone,
            )
            self.created["units"] += 1

    def users_create(self, plans: list[UserPlan]) -> list[tuple[User, UserPlan]]:
        existing = {name.lower() for name in User.objects.values_list("username", flat=True)}
        missing = [plan for plan in plans if plan.username.lower() not in existing]
        password_hash = make_password(DEMO_PASSWORD) if missing else ""  # hashed once: Argon2 is slow
        return [(self.user_create(plan, password_hash), plan) for plan in missing]

    def user_create(self, plan: UserPlan, password_hash: str) -> User:
        user, _issued = user_create(
            actor=None,
            username=plan.username,
            full_name=plan.person.full_name,
            email=f"{plan.username}@{EMAIL_DOMAIN}",
            phone=plan.person.phone,
            id_number=plan.person.id_number,
            title=plan.title,
            unit=self.units.get(plan.unit),
            password_hash=password_hash,
        )
        self.created["users"] += 1
        for role, kind, key in plan.roles:
            role_grant(actor=None, user=user, role=role, **self._scope(kind, key))
            self.created["roles"] += 1
        if plan.membership:
            self.membership_create(user, *plan.membership)
        return user

    def _scope(self, kind: str, key: str) -> dict:
        lookup = {"unit": self.units, "office": self.offices, "recommender": self.recommenders}
        return {kind: lookup[kind][key]} if kind else {}

    def membership_create(self, user: User, status: str, credit_code: str) -> None:
        unit = self.units[credit_code]
        confirmed = status == MembershipStatus.CONFIRMED
        membership = UnitMembership.objects.create(
            user=user, unit=unit, status=status, decided_at=timezone.now() if confirmed else None
        )
        action = "unitmembership.confirm" if confirmed else "unitmembership.request"
        audit_record(actor=None, action=action, target=membership, after={"unit": unit.pk, "status": status})
        self.created["memberships"] += 1

    def welcome(self, new_users: list[tuple[User, UserPlan]]) -> None:
        for user, plan in new_users:
            if plan.welcome:
                body = f"{user.full_name}，您好！{plan.welcome}演示数据均为虚构。"
                notify(recipients=[user], title="欢迎使用科技网演示环境", body=body, url="/", email=False)
                self.created["notifications"] += 1


def seed_demo(*, stdout: IO[str] | None = None) -> dict[str, int]:
    """Create the demo data set where missing and return how many rows of each kind were created.

    Call it inside a transaction; every row is written through its service, with audit events.
    """
    seeder = _Seeder(stdout)
    seeder.say(f"Regions loaded: {regions_load()}")
    seeder.regions = Region.objects.select_related("parent__parent").in_bulk()
    plan = build_plan(seeder.regions)
    seeder.agency(plan.agency_code)
    seeder.offices_create()
    seeder.recommenders_create(plan.recommenders)
    seeder.units_create(plan.units)
    new_users = seeder.users_create(plan.users)
    seeder.welcome(new_users)
    keys = ("agency", "offices", "recommenders", "units", "users", "roles", "memberships", "notifications")
    from applications.demo import seed_applications  # each module keeps its own demo data
    from approvals.demo import seed_decisions
    from experts.demo import seed_expert_profiles
    from party.demo import seed_party
    from plans.demo import seed_plans
    from reviews.demo import seed_review_round

    created = {**{key: seeder.created[key] for key in keys}, **seed_plans()}
    created |= {**seed_applications(), **seed_decisions(), **seed_expert_profiles()}
    from catalogue.demo import seed_catalogue
    from evaluation.demo import seed_evaluation
    from hotline.demo import seed_hotline
    from rectification.demo import seed_rectification
    from study.demo import seed_study
    from supervision.demo import seed_supervision
    from surveys.demo import seed_surveys

    created |= seed_review_round() | seed_party() | seed_study() | seed_evaluation()
    # Supervision and service: the ledger first (tasks, requests and surveys link to its items).
    created |= seed_rectification() | seed_supervision() | seed_hotline() | seed_surveys() | seed_catalogue()
    return created


def demo_totals() -> dict[str, int]:
    """Rows of each kind now in the database (demo or not)."""
    return {
        "units": Unit.objects.count(),
        "regions with units": Unit.objects.values("region").distinct().count(),
        "offices": Office.objects.count(),
        "recommenders": Recommender.objects.count(),
        "users": User.objects.count(),
        "experts": User.objects.filter(role_assignments__role=Role.EXPERT, role_assignments__is_active=True)
        .distinct()
        .count(),
        "notifications": Notification.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }
