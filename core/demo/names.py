"""Deterministic generators of realistic, fictional demo identities.

Everything draws from a seeded ``random.Random``, so the same seed gives the same people, codes and
numbers on every run (which is what makes ``seed_demo`` idempotent). Identifiers carry correct
check characters: credit codes (GB 32100, with the GB 11714 organization code check inside) and
resident ID numbers (GB 11643, with a birth place valid for the birth year).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn import ric, uscc


def words(*rows: str) -> tuple[str, ...]:
    """The space-separated words of the rows, as one tuple (keeps long code lists compact)."""
    return tuple(word for row in rows for word in row.split())


# Common surnames, most frequent first; the weights roughly follow their share of the population.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = tuple(max(1.0, 60.0 - index * 0.6) for index in range(len(SURNAMES)))
GIVEN_MALE = "伟强磊军勇杰涛斌明超刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳志海峰建国文博远航晨睿哲瀚铭轩毅诚"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀玲桂英慧莹雪琳晶妍倩婷颖洁佳怡欣悦彤雯瑶琪萱梦蕾露璐雅楠丹薇菲嘉"

# Birth places for ID numbers: today's Zhejiang counties, codes in use before the 1980s reforms
# (older people's numbers carry them), and a few districts of Beijing and Shanghai.
BIRTH_PLACES = words(
    "330102 330105 330106 330108 330109 330110 330122 330127 330203 330205 330206 330211 330212",
    "330302 330303 330304 330381 330382 330402 330411 330481 330483 330502 330521 330522 330523",
    "330602 330681 330683 330702 330703 330781 330782 330783 330802 330881 330902 331002 331003",
    "331081 331082 331102 331121 330121 330123 330124 330125 330126 332122 332123 332124 332126",
    "332129 332221 332222 332226 332301 332322 332325 332501 332525 332526 332621 332622 332623",
    "110105 110108 310104 310110",
)

# Mobile prefixes in use on the three networks (13x to 19x).
MOBILE_PREFIXES = words(
    "130 131 132 133 134 135 136 137 138 139 147 150 151 152 153 155 156 157 158 159 166",
    "173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 197 198 199",
)

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_LETTERS = "ABCDEFGHJKLMNPQRTUWXY"

# Fictional enterprise names: "<place><brand><field><suffix>".
BRANDS = words(
    "云栖 启明 海纳 天禾 星辰 恒锐 睿信 众诚 华瑞 博远 金石 青禾 之远 澜图 智禾",
    "芯研 新锐 东极 潮涌 弘毅 致远 拓新 澄源 正和 嘉航 宏鼎 安澜 卓尔 格物 瑞途",
)
FIELDS = words(
    "智能科技 生物医药 新材料 光电科技 数据科技 微电子 精密机械 环保科技",
    "新能源科技 医疗器械 信息技术 智能装备 海洋科技 农业科技 检测技术",
)
ROADS = words(
    "文一西路 学院路 科技大道 创新路 江南大道 滨海大道 人民路 解放路 中山路 环城北路 望江路 新城大道",
)

# Area codes for landlines, by city code prefix.
AREA_CODES = {
    "3301": "0571",
    "3302": "0574",
    "3303": "0577",
    "3304": "0573",
    "3305": "0572",
    "3306": "0575",
    "3307": "0579",
    "3308": "0570",
    "3309": "0580",
    "3310": "0576",
    "3311": "0578",
}


@dataclass(frozen=True)
class Person:
    """A fictional person with valid identifiers."""

    full_name: str
    male: bool
    birth_date: date
    id_number: str
    phone: str


def person_name(rng: random.Random, *, male: bool) -> str:
    """A common surname and a one- or two-character given name."""
    surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    pool = GIVEN_MALE if male else GIVEN_FEMALE
    length = 1 if rng.random() < 0.25 else 2
    return surname + "".join(rng.choice(pool) for _ in range(length))


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random, region_code: str) -> str:
    """An office landline with the city's area code, e.g. 0571-86123456."""
    area = AREA_CODES.get(region_code[:4], "0571")
    return f"{area}-8{rng.randrange(10**7):07d}"


def address(rng: random.Random, place: str) -> str:
    """A street address inside ``place`` (a full region name such as 浙江省杭州市西湖区)."""
    return f"{place}{rng.choice(ROADS)}{rng.randint(1, 999)}号"


def enterprise_name(rng: random.Random, place: str) -> str:
    """A fictional enterprise name such as 杭州云栖智能科技有限公司."""
    suffix = "股份有限公司" if rng.random() < 0.2 else "有限公司"
    field = rng.choice(FIELDS)
    if not field.endswith(("科技", "技术")) and rng.random() < 0.7:
        field += "科技"
    return f"{place}{rng.choice(BRANDS)}{field}{suffix}"


def org_code_check(body: str) -> str:
    """GB 11714 check character of an 8-character organization code body."""
    total = sum(int(char, 36) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, *, registration: str, region_code: str) -> str:
    """A valid unified social credit code.

    ``registration`` is the two leading characters: 11 government body, 12 public institution,
    51 social organization, 91 enterprise. Enterprises get a new-style ``MA`` organization code.
    """
    if registration.startswith("9"):
        body = "MA" + "".join(rng.choice("0123456789" + _USCC_LETTERS) for _ in range(6))
    else:
        body = rng.choice("34") + f"{rng.randrange(10**7):07d}"
    stem = f"{registration}{region_code}{body}{org_code_check(body)}"
    code = stem + uscc.calc_check_digit(stem)
    if not uscc.is_valid(code):  # pragma: no cover (a guard on the arithmetic above)
        raise ValueError(f"generated an invalid credit code {code}")
    return code


def _valid_id(number: str) -> bool:
    try:
        return ric.is_valid(number)
    except KeyError:  # python-stdnum trips over some city-level codes
        return False


def id_number(rng: random.Random, *, birth_date: date, male: bool) -> str:
    """A valid 18-character resident ID number with a birth place valid for the birth year."""
    sequence = rng.randrange(50) * 2 + (1 if male else 0) + rng.randrange(10) * 100
    tail = f"{birth_date:%Y%m%d}{sequence:03d}"
    for place in rng.sample(BIRTH_PLACES, len(BIRTH_PLACES)):
        stem = place + tail
        number = stem + ric.calc_check_digit(stem + "0")
        if _valid_id(number):
            return number
    raise ValueError(f"no birth place fits {birth_date:%Y}")  # pragma: no cover


def birth_date(rng: random.Random, *, first_year: int, last_year: int) -> date:
    """A random date between 1 January of ``first_year`` and 31 December of ``last_year``."""
    start = date(first_year, 1, 1)
    span = (date(last_year, 12, 31) - start).days
    return start + timedelta(days=rng.randint(0, span))


class PersonGenerator:
    """Fictional people whose ID numbers and phone numbers never repeat within one generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._seen: set[str] = set()

    def _unique(self, make) -> str:
        while (value := make()) in self._seen:
            pass
        self._seen.add(value)
        return value

    def person(
        self, *, first_year: int = 1965, last_year: int = 1998, full_name: str = "", male: bool | None = None
    ) -> Person:
        """A new person born between the two years (a given ``full_name`` and sex are kept)."""
        rng = self.rng
        male = rng.random() < 0.6 if male is None else male
        born = birth_date(rng, first_year=first_year, last_year=last_year)
        return Person(
            full_name=full_name or person_name(rng, male=male),
            male=male,
            birth_date=born,
            id_number=self._unique(lambda: id_number(rng, birth_date=born, male=male)),
            phone=self._unique(lambda: mobile(rng)),
        )
