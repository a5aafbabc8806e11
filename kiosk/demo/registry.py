"""A fictitious insurance registry for demonstrations and tests.

Households of parents and children of several ages, elderly people living alone,
three years of personal-account allocations and consumption, contributions and
entitlement periods. The same seed and the same `as_of` date give the same rows.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.ids import make_id

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
MALE_GIVEN = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发"
    "武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪"
    "心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启"
    "克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
)
FEMALE_GIVEN = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹"
    "霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶"
    "怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希"
    "宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
)
# County codes python-stdnum knows, so the demo IDs also pass the region check.
REGIONS = ("110105", "110108", "310104", "310115", "330106", "420106", "510107", "320102")
EMPLOYERS = (
    "示范市宏达机械有限公司",
    "示范市新星软件有限公司",
    "示范市第三中学",
    "示范市人民医院后勤中心",
    "示范市恒通物流有限公司",
    "示范市明远建筑工程有限公司",
    "示范市绿源食品有限公司",
)
HOSPITALS = ("示范市第一人民医院", "示范市中医院", "示范区社区卫生服务中心", "示范市妇幼保健院")
PHARMACIES = ("康民大药房", "仁济药店", "百草堂药店", "惠民连锁药房")
FUND = "医保基金划入"
# People's ages are counted from a fixed day, so a seed always gives the same ID
# numbers (the README lists the demo accounts); records run up to `as_of`.
ANCHOR = datetime.date(2026, 7, 1)


@dataclass
class DemoRegistry:
    persons: list[dict[str, Any]] = field(default_factory=list)
    ledger_entries: list[dict[str, Any]] = field(default_factory=list)
    contributions: list[dict[str, Any]] = field(default_factory=list)
    entitlements: list[dict[str, Any]] = field(default_factory=list)
    # (id_number, password, note) of the people whose accounts come pre-activated
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    # holder's ID number -> (ID number, relationship) of the others in the holder's
    # household, children first: whom `kiosk demo-accounts` may offer to add
    households: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


class _Builder:
    def __init__(self, seed: int, as_of: datetime.date) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.out = DemoRegistry()
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.reference = 0

    # --- people ---------------------------------------------------------------

    def birth_date(self, age: int) -> datetime.date:
        days_into_year = self.rng.randrange(0, 365)
        return ANCHOR - datetime.timedelta(days=age * 365 + age // 4 + days_into_year)

    def id_number(self, region: str, born: datetime.date, sex: str) -> str:
        while True:
            seq = self.rng.randrange(0, 1000)
            if (seq % 2 == 1) != (sex == "M"):
                seq = (seq + 1) % 1000
            number = make_id(region, born, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        while True:
            number = self.rng.choice("3456789")
            number = f"1{number}{self.rng.randrange(0, 10**9):09d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def given_name(self, sex: str) -> str:
        pool = MALE_GIVEN if sex == "M" else FEMALE_GIVEN
        return "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2))))

    def person(self, surname: str, sex: str, age: int, region: str, kind: str) -> dict[str, Any]:
        born = self.birth_date(age)
        number = self.id_number(region, born, sex)
        status = "active"
        if kind == "employee" and age >= 18:
            roll = self.rng.random()
            status = "suspended" if roll < 0.05 else "terminated" if roll < 0.08 else "active"
        start = (
            born + datetime.timedelta(days=30)
            if age < 18
            else max(
                born.replace(year=born.year + 18)
                if not (born.month == 2 and born.day == 29)
                else datetime.date(born.year + 18, 3, 1),
                datetime.date(2012, 1, 1) + datetime.timedelta(days=self.rng.randrange(0, 1500)),
            )
        )
        start = min(start, ANCHOR)
        record = {
            "id_number": number,
            "name": surname + self.given_name(sex),
            "phone": self.phone(),
            "sex": sex,
            "birth_date": born.isoformat(),
            "insurance_type": kind,
            "status": status,
            "enrolled_on": start.isoformat(),
        }
        self.out.persons.append(record)
        return record

    # --- records ----------------------------------------------------------------

    def months(self, record: dict[str, Any], years: int = 3) -> list[datetime.date]:
        first = max(
            datetime.date.fromisoformat(record["enrolled_on"]),
            datetime.date(self.as_of.year - years, self.as_of.month, 1),
        )
        month = datetime.date(first.year, first.month, 1)
        out = []
        while month <= self.as_of:
            out.append(month)
            month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return out

    def entry(
        self,
        record: dict[str, Any],
        day: datetime.date,
        kind: str,
        cents: int,
        who: str,
        who_kind: str,
    ) -> None:
        self.reference += 1
        self.out.ledger_entries.append(
            {
                "reference": f"DEMO{self.reference:010d}",
                "id_number": record["id_number"],
                "entry_date": day.isoformat(),
                "kind": kind,
                "amount_cents": cents,
                "counterparty": who,
                "counterparty_kind": who_kind,
            }
        )

    def employee_records(self, record: dict[str, Any], retired: bool) -> None:
        employer = self.rng.choice(EMPLOYERS)
        base = self.rng.randrange(4000, 16000) * 100
        balance = 0
        months = self.months(record)
        for index, month in enumerate(months):
            arrears = record["status"] == "suspended" and index >= len(months) - 3
            if not retired:
                self.out.contributions.append(
                    {
                        "id_number": record["id_number"],
                        "month": f"{month:%Y-%m}",
                        "base_cents": base,
                        "employer_cents": base * 8 // 100,
                        "individual_cents": base * 2 // 100,
                        "status": "arrears" if arrears else "paid",
                    }
                )
            if arrears or record["status"] == "terminated":
                continue
            credit = base * 2 // 100 + base * 8 // 1000 if not retired else 15000
            day = month.replace(day=5)
            if day <= self.as_of:
                self.entry(
                    record,
                    day,
                    "credit",
                    credit,
                    FUND if retired else employer,
                    "fund" if retired else "employer",
                )
                balance += credit
            for _ in range(self.rng.choice((0, 1, 1, 2, 3))):
                day = month.replace(day=self.rng.randrange(6, 29))
                if day > self.as_of:
                    continue
                cents = min(balance, self.rng.randrange(1500, 40000))
                if cents <= 0:
                    continue
                if self.rng.random() < 0.55:
                    where, kind = self.rng.choice(PHARMACIES), "pharmacy"
                else:
                    where, kind = self.rng.choice(HOSPITALS), "hospital"
                self.entry(record, day, "debit", cents, where, kind)
                balance -= cents

    def resident_records(self, record: dict[str, Any]) -> None:
        for year in range(self.as_of.year - 2, self.as_of.year + 1):
            if f"{year}-12-31" < record["enrolled_on"]:
                continue
            self.out.contributions.append(
                {
                    "id_number": record["id_number"],
                    "month": f"{year}-01",
                    "base_cents": 0,
                    "employer_cents": 0,
                    "individual_cents": 38000 + (year - 2024) * 2000,
                    "status": "paid",
                }
            )

    def entitlement(self, record: dict[str, Any]) -> None:
        reason = {"active": "正常参保", "suspended": "欠费暂停", "terminated": "转出本统筹区"}
        end = None
        if record["status"] == "terminated":
            end = (self.as_of - datetime.timedelta(days=self.rng.randrange(30, 400))).isoformat()
            end = max(end, record["enrolled_on"])
        self.out.entitlements.append(
            {
                "id_number": record["id_number"],
                "start_date": record["enrolled_on"],
                "end_date": end,
                "insurance_type": record["insurance_type"],
                "status": record["status"],
                "reason": reason[record["status"]],
            }
        )

    # --- households ---------------------------------------------------------------

    def household(self) -> list[dict[str, Any]]:
        rng = self.rng
        region = rng.choice(REGIONS)
        surname = rng.choice(SURNAMES)
        father_age = rng.randrange(30, 56)
        father = self.person(surname, "M", father_age, region, "employee")
        mother = self.person(
            rng.choice(SURNAMES),
            "F",
            max(24, father_age + rng.randrange(-4, 3)),
            region,
            rng.choice(("employee", "employee", "resident")),
        )
        members = [father, mother]
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            age = rng.randrange(0, min(20, father_age - 22))
            members.append(self.person(surname, rng.choice("MF"), age, region, "resident"))
        return members

    def elder(self) -> dict[str, Any]:
        sex = self.rng.choice("MF")
        return self.person(
            self.rng.choice(SURNAMES),
            sex,
            self.rng.randrange(60, 86),
            self.rng.choice(REGIONS),
            self.rng.choice(("employee", "resident")),
        )

    def build(self, people: int) -> DemoRegistry:
        households: list[list[dict[str, Any]]] = []
        while len(self.out.persons) < people:
            if self.rng.random() < 0.8 or not households:
                households.append(self.household())
            else:
                households.append([self.elder()])
        del self.out.persons[people:]
        kept = {p["id_number"] for p in self.out.persons}
        for person in self.out.persons:
            age = self.as_of.year - int(person["birth_date"][:4])
            if person["insurance_type"] == "employee":
                self.employee_records(person, retired=age >= 60)
            else:
                self.resident_records(person)
            self.entitlement(person)
        self.pick_accounts([[p for p in h if p["id_number"] in kept] for h in households])
        return self.out

    def pick_accounts(self, households: list[list[dict[str, Any]]]) -> None:
        """Pre-activate a few holders: parents of children of different ages, and an elder."""
        picked = 0
        for members in households:
            head = members[0]
            if len(members) < 3 or head["status"] != "active" or picked >= 4:
                continue
            picked += 1
            born = ", ".join(sorted(m["birth_date"][:4] for m in members[2:]))
            self.out.accounts.append(
                (head["id_number"], f"Demo-Pass-{picked:02d}", f"children born {born}")
            )
            others = [(m["id_number"], "child") for m in members[2:]]
            self.out.households[head["id_number"]] = [*others, (members[1]["id_number"], "spouse")]
        for members in households:
            if len(members) == 1 and members[0]["status"] == "active":
                self.out.accounts.append((members[0]["id_number"], "Demo-Pass-05", "lives alone"))
                self.out.households[members[0]["id_number"]] = []
                break


def build_demo_registry(seed: int, people: int, as_of: datetime.date) -> DemoRegistry:
    """Fictitious people and their records; the same arguments give the same rows."""
    if people < 10:
        raise ValueError("a demo registry needs at least 10 people")
    return _Builder(seed, max(as_of, ANCHOR)).build(people)
