"""Made-up cases at any scale, for measuring the tracker with a realistic amount of data
(manage.py make_cases): the 2020 review's own cases, varied — other parties, amounts,
dates, places and the authorities of those places — read as an import reads a row (the
same functions, cached by their input text) and created as an import creates its new
rows (enforcement.services.create_cases), a batch per transaction."""

import contextlib
import csv
import datetime
import functools
import json
import multiprocessing
import os
import random
import re
import resource
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from enforcement.models import Campaign, Case, Penalty, SubjectKind
from enforcement.parties import guess_subject_kind, is_person
from enforcement.penalties import ParsedPenalty, parse_penalties
from enforcement.regions import Place, read_region
from enforcement.services import NewCase, all_categories, create_cases
from instruments.models import Region, RegulatorFamily
from instruments.names import split_agency_text
from instruments.places import regions
from instruments.services import AuthorityCache
from lawtracker import history
from lawtracker.dates import parse_partial_date
from lawtracker.imports.resources import assign_public_ids
from lawtracker.numbers import parse_amount
from lawtracker.text import compact

REVIEW = Path(settings.BASE_DIR) / "fixtures" / "review_2020"
CITIES = Path(settings.BASE_DIR) / "fixtures" / "cities.json"
REASON = "manage.py make_cases"

FIRST_DAY = datetime.date(2016, 1, 1)
LAST_DAY = datetime.date(2026, 11, 30)  # fixed, so that a seed makes the same cases any day
# Enforcement grew year on year (2026 is not over).
YEAR_WEIGHTS = {
    2016: 2,
    2017: 3,
    2018: 4,
    2019: 6,
    2020: 8,
    2021: 11,
    2022: 12,
    2023: 13,
    2024: 14,
    2025: 15,
    2026: 13,
}
MONTH_PRECISION_SHARE = 0.1
# The review's families are uneven (public security reports most cases); so is this.
FAMILY_WEIGHTS = {
    RegulatorFamily.PUBLIC_SECURITY: 40,
    RegulatorFamily.MIIT: 30,
    RegulatorFamily.CYBERSPACE: 20,
    RegulatorFamily.OTHER: 10,
}
# Where cases are decided: the coastal provinces and the municipalities most often.
PROVINCE_WEIGHTS = {
    "广东": 12,
    "浙江": 9,
    "江苏": 9,
    "北京": 8,
    "上海": 8,
    "山东": 6,
    "四川": 5,
    "河南": 4,
    "湖北": 4,
    "湖南": 4,
    "福建": 4,
    "河北": 3,
    "安徽": 3,
    "重庆": 3,
    "天津": 2,
    "陕西": 2,
    "广西": 2,
    "云南": 2,
    "江西": 2,
    "辽宁": 2,
    "山西": 2,
    "贵州": 1.5,
    "黑龙江": 1.5,
    "吉林": 1,
    "内蒙古": 1,
    "新疆": 1,
    "甘肃": 1,
    "海南": 1,
    "宁夏": 0.5,
    "青海": 0.3,
    "西藏": 0.2,
}
# A municipality's districts stand where a province's cities do (its police branches).
DISTRICTS = {
    "北京": ["朝阳", "海淀", "东城", "西城", "丰台", "石景山", "通州", "大兴"],
    "上海": ["浦东新区", "黄浦", "徐汇", "静安", "长宁", "闵行", "普陀", "杨浦"],
    "天津": ["和平", "河西", "南开", "滨海新区", "河东"],
    "重庆": ["渝中", "江北", "涪陵", "北碚", "长寿", "渝北", "九龙坡"],
}
# Each province's one-character abbreviation, for decision numbers (粤通管罚〔2021〕12号).
ABBREVIATIONS = dict(
    zip(
        "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北"
        " 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆".split(),
        "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新",
        strict=True,
    )
)
DECISION_WORDS = {
    RegulatorFamily.CYBERSPACE: "网信罚",
    RegulatorFamily.PUBLIC_SECURITY: "公网安罚决字",
    RegulatorFamily.MIIT: "通管罚",
}
NATIONAL_DECISION_WORDS = {
    RegulatorFamily.CYBERSPACE: "国网信罚",
    RegulatorFamily.PUBLIC_SECURITY: "公网安罚",
    RegulatorFamily.MIIT: "工信网安罚",
    RegulatorFamily.OTHER: "银保监罚决字",
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴"
)
# Made-up trade names (字号) are two of these: none is a real company's by design.
TRADE_CHARACTERS = (
    "创梦天顺易通久邦先睿聚迈资拓讯锐速泽涛递糯智卓盛鑫途飞傲善臻祥康零壹霆洋超守护亿启维蓝迈瑞"
    "车坚花帝格汇邸冠轻环品移趣视奇游境云星辰海川峰阳光明华远航宏图博达新锦程优品嘉禾思源恒信泰"
)
INDUSTRIES = [
    "科技",
    "网络科技",
    "信息科技",
    "信息技术",
    "电子商务",
    "数码科技",
    "软件科技",
    "文化传媒",
    "网络技术",
    "通信科技",
    "教育科技",
    "互联网信息服务",
    "数据科技",
    "智能科技",
    "商贸",
    "健康管理",
    "金融信息服务",
    "物流",
]
COMPANY_FORMS = ["有限公司"] * 6 + ["股份有限公司", "有限责任公司"]
# The last words of a platform's or a service's name (虎牙直播, 新浪微博, 学而思网校).
SERVICE_ENDINGS = ("直播", "微博", "网校", "视频", "陪练", "代刷网", "网", "APP", "App")

# The legal basis a decision cites, by family, with the day from which it can (a law in
# force). About half the cases give one.
BASES = {
    RegulatorFamily.CYBERSPACE: [
        ("《网络安全法》第四十七条、第六十八条", datetime.date(2017, 6, 1)),
        ("《网络信息内容生态治理规定》第三十四条", datetime.date(2020, 3, 1)),
        ("《互联网信息服务管理办法》第二十三条", FIRST_DAY),
        ("《个人信息保护法》第六十六条", datetime.date(2021, 11, 1)),
        ("《数据安全法》第四十五条", datetime.date(2021, 9, 1)),
    ],
    RegulatorFamily.PUBLIC_SECURITY: [
        ("《网络安全法》第二十一条、第五十九条", datetime.date(2017, 6, 1)),
        ("《网络安全法》第二十四条、第六十一条", datetime.date(2017, 6, 1)),
        ("《网络安全法》第四十条、第六十四条", datetime.date(2017, 6, 1)),
        ("《计算机信息网络国际联网安全保护管理办法》第二十一条", FIRST_DAY),
        ("《数据安全法》第二十七条、第四十五条", datetime.date(2021, 9, 1)),
    ],
    RegulatorFamily.MIIT: [
        ("《网络安全法》第四十一条、第六十四条", datetime.date(2017, 6, 1)),
        ("《电信和互联网用户个人信息保护规定》第九条、第二十三条", FIRST_DAY),
        ("《移动智能终端应用软件预置和分发管理暂行规定》第五条", datetime.date(2017, 7, 1)),
        ("《个人信息保护法》第十三条、第六十六条", datetime.date(2021, 11, 1)),
    ],
    RegulatorFamily.OTHER: [
        ("《消费者权益保护法》第二十九条、第五十六条", FIRST_DAY),
        ("《中国人民银行金融消费者权益保护实施办法》第三十一条", datetime.date(2020, 11, 1)),
        ("《民法典》第一千零三十五条", datetime.date(2021, 1, 1)),
        ("《网络安全法》第四十二条", datetime.date(2017, 6, 1)),
    ],
}
CAMPAIGN_SHARE = 0.3  # of the cases decided within a year of a campaign of their family

# An amount of money in a penalty text as the review writes it: 4 万元, 100万元, 1 万 5 千元,
# 5287.68 元, 七万五千元.
AMOUNT = re.compile(
    r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?:\s*[万千](?:\s*[0-9]+\s*千)?)?\s*元"
    r"|[一二两三四五六七八九十百千万]+元"
)
DETENTION_DAYS = re.compile(r"(拘\s*留\s*)([0-9]+|[一二三四五六七八九十]+)(\s*[日天])")
ANONYMISED_SURNAME = re.compile(r"([\u4e00-\u9fff])某")


@dataclass(frozen=True)
class Template:
    """One case of the review, whose texts a made-up case varies."""

    family: str
    decided_text: str
    region_text: str
    subject: str
    agency_text: str
    facts: str
    penalty_text: str


@dataclass(frozen=True)
class CaseTexts(Template):
    """What a made-up case gives, as the cells of an import row would: a review case's
    texts, varied, and what it adds."""

    legal_basis_text: str = ""
    decision_number: str = ""
    campaign_draw: float = 1.0  # below CAMPAIGN_SHARE: in a campaign, when there is one


@dataclass(frozen=True)
class City:
    name: str  # 深圳市
    short_name: str  # 深圳
    level: str  # prefecture or county


@dataclass(frozen=True)
class Spot:
    """Where a made-up case is decided: a province, and a city of it (or a district of a
    municipality)."""

    province: Region
    city: City | None = None
    county: City | None = None  # a county-level city, for a local police office


def review_templates() -> list[Template]:
    """The review's cases, each with its file's family (fixtures/review_2020)."""
    manifest = json.loads((REVIEW / "manifest.json").read_text(encoding="utf-8"))
    templates = []
    for entry in manifest["files"]:
        if entry["kind"] != "cases":
            continue
        with (REVIEW / entry["file"]).open(encoding="utf-8-sig", newline="") as file:
            for row in csv.DictReader(file):
                templates.append(
                    Template(
                        family=entry["family"],
                        decided_text=row["时间"].strip(),
                        region_text=row["地区"].strip(),
                        subject=row["被处罚主体"].strip(),
                        agency_text=row["执法机构"].strip(),
                        facts=row["违法事实"].strip(),
                        penalty_text=row["处罚结果"].strip(),
                    )
                )
    return templates


def weighted(rng: random.Random, choices: list[tuple[float, object]]):
    """One of (weight, value) pairs, by weight."""
    total = sum(weight for weight, _ in choices)
    draw = rng.random() * total
    for weight, value in choices:
        draw -= weight
        if draw < 0:
            return value
    return choices[-1][1]


class CaseMaker:
    """Made-up case texts from the review's, the same sequence for the same seed. Reads
    the regions once (one query)."""

    def __init__(self, *, seed: int, last_day: datetime.date = LAST_DAY):
        self.rng = random.Random(seed)
        self.last_day = last_day
        self.templates: dict[str, list[Template]] = {}
        for template in review_templates():
            self.templates.setdefault(template.family, []).append(template)
        self.families = [
            (weight, family)
            for family, weight in FAMILY_WEIGHTS.items()
            if family in self.templates
        ]
        regions = {region.short_name: region for region in Region.objects.order_by("code")}
        self.provinces = [
            (weight, regions[name]) for name, weight in PROVINCE_WEIGHTS.items() if name in regions
        ]
        cities: dict[str, list[City]] = {}
        for city in json.loads(CITIES.read_text(encoding="utf-8")):
            cities.setdefault(city["province"], []).append(
                City(city["name"], city["short_name"], city["level"])
            )
        # Within a province the capital (listed first) decides most, then the other
        # prefectures, fewer each; a county-level city now and then.
        self.cities: dict[str, list[tuple[float, City]]] = {}
        self.counties: dict[str, list[City]] = {}
        for code, listed in cities.items():
            prefectures = [city for city in listed if city.level == "prefecture"]
            self.cities[code] = [
                (3.0 if rank == 1 else 1 / rank**0.8, city)
                for rank, city in enumerate(prefectures, start=1)
            ]
            self.counties[code] = [city for city in listed if city.level == "county"]
        self.years = [(weight, year) for year, weight in YEAR_WEIGHTS.items()]

    # -- one case ------------------------------------------------------------------------

    def texts(self) -> CaseTexts:
        """The next made-up case."""
        rng = self.rng
        family = weighted(rng, self.families)
        template = rng.choice(self.templates[family])
        decided_text, day = self.date()
        spot = self.spot()
        national = False
        if rng.random() < 0.1:
            # The review's own place and agency, as written there (its busy authorities).
            region_text, agency_text = template.region_text, template.agency_text
        else:
            agency_text, national = self.agency(family, template, spot)
            region_text = self.region_text(spot, national, agency_text)
        subject, facts, penalty_text = self.party(template, spot)
        facts = self.facts(facts, family)
        penalty_text = self.penalty(penalty_text)
        basis = ""
        if rng.random() < 0.5:
            usable = [text for text, since in BASES[family] if since <= day]
            basis = rng.choice(usable) if usable else ""
        decision = ""
        if rng.random() < 0.3 and agency_text != template.agency_text:
            decision = self.decision_number(family, agency_text, spot, national, day.year)
        return CaseTexts(
            family=family,
            decided_text=decided_text,
            region_text=region_text,
            subject=subject,
            agency_text=agency_text,
            facts=facts,
            penalty_text=penalty_text,
            legal_basis_text=basis,
            decision_number=decision,
            campaign_draw=rng.random(),
        )

    def decision_number(
        self, family: str, agency_text: str, spot: Spot, national: bool, year: int
    ) -> str:
        """A decision's number as its agency would write it: 粤通管罚〔2021〕12号."""
        if national and family == RegulatorFamily.OTHER and "市场" in agency_text:
            issuer = "国市监处罚"
        elif national:
            issuer = NATIONAL_DECISION_WORDS[family]
        else:
            issuer = ABBREVIATIONS.get(spot.province.short_name, "")
            if family != RegulatorFamily.OTHER:
                issuer += DECISION_WORDS[family]
            elif "银" in agency_text:
                issuer += "银保监罚决字"
            elif "文化" in agency_text:
                issuer += "文旅执法罚"
            else:
                issuer += "市监处罚"
        return f"{issuer}〔{year}〕{self.rng.randint(1, 400)}号"

    def date(self) -> tuple[str, datetime.date]:
        """A date as the review and the spreadsheets write it; a tenth known to the month."""
        rng = self.rng
        while True:
            year = weighted(rng, self.years)
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(366))
            if day.year == year and FIRST_DAY <= day <= self.last_day:
                break
        if rng.random() < MONTH_PRECISION_SHARE:
            text = rng.choice([f"{day.year}.{day.month:02d}", f"{day.year}年{day.month}月"])
            return text, day.replace(day=1)
        style = rng.random()
        if style < 0.7:
            text = f"{day.year}.{day.month:02d}.{day.day:02d}"
        elif style < 0.8:
            text = f"{day.year}.{day.month}.{day.day}"
        elif style < 0.9:
            text = day.isoformat()
        else:
            text = f"{day.year}年{day.month}月{day.day}日"
        return text, day

    def spot(self) -> Spot:
        rng = self.rng
        province = weighted(rng, self.provinces)
        if province.short_name in DISTRICTS:
            district = rng.choice(DISTRICTS[province.short_name])
            name = district if district.endswith("新区") else f"{district}区"
            return Spot(province, City(name, district, "district"))
        cities = self.cities.get(province.code)
        city = weighted(rng, cities) if cities else None
        counties = self.counties.get(province.code)
        county = rng.choice(counties) if counties and rng.random() < 0.3 else None
        return Spot(province, city, county)

    def agency(self, family: str, template: Template, spot: Spot) -> tuple[str, bool]:
        """An enforcing agency of the family in that place (or a central one), with whether
        it is central."""
        rng = self.rng
        province, city = spot.province, spot.city
        municipality = province.kind == Region.Kind.MUNICIPALITY
        # A municipality's own name is its city's: 北京市公安局, not 北京省….
        local = province.name if municipality or city is None else city.name
        branch = f"{province.name}{city.name}" if municipality and city else local
        if family == RegulatorFamily.CYBERSPACE:
            if rng.random() < 0.08:
                return rng.choice(["国家互联网信息办公室", "国家网信办", "中央网信办"]), True
            if rng.random() < 0.45 or municipality:
                name = rng.choice(
                    [
                        f"{province.name}互联网信息办公室",
                        f"{province.name}网信办",
                        f"{province.short_name}网信办",
                        f"{province.name}委网信办",
                    ]
                )
            else:
                name = rng.choice([f"{local}网信办", f"{local}互联网信息办公室"])
            if rng.random() < 0.05:
                name += rng.choice(["、", "联合"]) + f"{local}市场监督管理局"
            return name, False
        if family == RegulatorFamily.MIIT:
            if rng.random() < 0.06:
                return rng.choice(
                    ["工业和信息化部", "工信部", "工业和信息化部网络安全管理局"]
                ), True
            return weighted(
                rng,
                [
                    (75, f"{province.name}通信管理局"),
                    (10, f"{province.short_name}通管局"),
                    (10, "通信管理局"),
                    (5, f"通信管理局（{province.short_name}）"),
                ],
            ), False
        if family == RegulatorFamily.PUBLIC_SECURITY:
            provincial = "公安局" if municipality else "公安厅"
            choices = [
                (10, f"{province.name}{provincial}网安总队"),
                (25, f"{local}公安局网安支队"),
                (15, f"{local}公安局"),
                (10, f"{local}公安局网络安全保卫支队"),
                (10, rng.choice(["网安大队", "警方", "公安机关"])),
            ]
            if municipality and city:
                choices.append((20, f"{province.name}公安局{city.short_name}分局"))
            elif spot.county:
                choices.append((20, f"{spot.county.name}公安局网安大队"))
            return weighted(rng, choices), False
        # Other regulators: the template's kind of regulator, in that place.
        if "银" in template.agency_text:
            if rng.random() < 0.1:
                return rng.choice(["中国银保监会", "中国银行保险监督管理委员会"]), True
            return rng.choice(
                [
                    f"{province.short_name}银保监局",
                    f"中国银行保险监督管理委员会{province.short_name}监管局",
                ]
            ), False
        if "文化" in template.agency_text or "旅游" in template.agency_text:
            return f"{branch}文化和旅游局", False
        if rng.random() < 0.03:
            return "国家市场监督管理总局", True
        return rng.choice(
            [f"{local}市场监督管理局", f"{local}市场监管局", f"{province.name}市场监督管理局"]
        ), False

    def region_text(self, spot: Spot, national: bool, agency_text: str) -> str:
        """The 地区 cell: the place in one of the ways the sources write it, or empty (read
        from the agency) when the agency names its place or is central."""
        rng = self.rng
        if national:
            return rng.choice(["全国", "中央", ""])
        province, city = spot.province, spot.city
        # The city the agency names (瑞安市公安局…, 深圳市网信办), else now and then the
        # case's city, for an agency of the province.
        named = next(
            (
                place
                for place in (spot.county, city)
                if place and place.level != "district" and agency_text.startswith(place.name)
            ),
            None,
        )
        local = named
        if local is None and city and city.level == "prefecture" and rng.random() < 0.5:
            if not agency_text.startswith(tuple(c.name for c in self.counties[province.code])):
                local = city
        choices = [(35, province.short_name), (10, province.name)]
        if local:
            choices += [
                (15, f"{province.short_name} {local.short_name}"),
                (15, f"{province.short_name}{local.short_name}"),
                (5, f"{province.name}{local.name}"),
            ]
        if named or agency_text.startswith((province.name, province.short_name)):
            choices.append((15, ""))
        return weighted(rng, choices)

    def party(self, template: Template, spot: Spot) -> tuple[str, str, str]:
        """Another party of the template's kind, and the template's facts and penalty
        text naming it where they named the template's."""
        rng = self.rng
        subject, facts, penalty = template.subject, template.facts, template.penalty_text
        flat = compact(subject)
        if "某" in flat and is_person(subject, facts=facts, penalty_text=penalty):
            # 曹某, 翟某某等人, 何某珍 韦某南: other surnames, wherever the texts name them.
            for surname in dict.fromkeys(ANONYMISED_SURNAME.findall(subject)):
                other = rng.choice(SURNAMES)
                subject, facts, penalty = (
                    text.replace(f"{surname}某", f"{other}某")
                    for text in (subject, facts, penalty)
                )
            return subject, facts, penalty
        place = self.place_prefix(spot)
        if "某" in flat:
            # 济南某酒店, 某医院, 朝阳区某建设公司: another place before the 某.
            made = f"{place}某{subject.split('某', 1)[1]}"
        elif "有限公司" in flat or "有限责任公司" in flat:
            trade = self.trade_name()
            if "银行" in flat:
                made = rng.choice(
                    [
                        f"{place}{trade}农村商业银行股份有限公司",
                        f"{trade}银行股份有限公司{place}分行",
                    ]
                )
            else:
                made = f"{place}{trade}{rng.choice(INDUSTRIES)}{rng.choice(COMPANY_FORMS)}"
        elif flat.endswith(SERVICE_ENDINGS):
            ending = next(e for e in SERVICE_ENDINGS if flat.endswith(e))
            made = f"{self.trade_name()}{ending}"
        else:
            return subject, facts, penalty  # 电信运营商, 卫生管理部门: as the review has it
        return made, facts.replace(subject, made), penalty.replace(subject, made)

    def place_prefix(self, spot: Spot) -> str:
        """The place a party's name starts with: mostly the case's city, sometimes another
        or none."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.1:
            return ""
        if draw < 0.25 or spot.city is None:
            province = weighted(rng, self.provinces)
            cities = self.cities.get(province.code)
            city = weighted(rng, cities) if cities else None
            return city.name if city else province.short_name
        city = spot.city if spot.city.level != "district" else None
        if city is None:
            return spot.province.short_name
        return rng.choice([city.name, city.short_name])

    def trade_name(self) -> str:
        return "".join(self.rng.sample(TRADE_CHARACTERS, 2))

    def facts(self, facts: str, family: str) -> str:
        """The template's facts; a quarter of them followed by another case's first sentence."""
        rng = self.rng
        if rng.random() >= 0.25:
            return facts
        other = rng.choice(self.templates[family]).facts
        sentence = other.split("。", 1)[0].strip()
        # Not one naming the review's company: the sentence is about another party.
        if not sentence or sentence in facts or "公司" in sentence:
            return facts
        joint = "" if not facts or facts.endswith(("。", "；", ";")) else "。"
        return f"{facts}{joint}{sentence}。"

    def penalty(self, text: str) -> str:
        """The template's penalty text with other amounts (written in the ways the review
        writes them) and other days of detention."""
        rng = self.rng
        text = AMOUNT.sub(lambda found: self.amount(found.group()), text)
        text = DETENTION_DAYS.sub(
            lambda found: f"{found[1]}{rng.choice([1, 2, 3, 5, 5, 7, 10, 10, 15])}{found[3]}",
            text,
        )
        return text

    def amount(self, written: str) -> str:
        """Another amount of the same order as `written` (sometimes far larger), written
        the way the review does: 5万元, 1.5 万元, 50000元, 50,000元, 5 千元, 614 元."""
        rng = self.rng
        original = parse_amount(written) or Decimal(10000)
        factor = Decimal(str(rng.choice([0.2, 0.3, 0.5, 0.5, 1, 1, 1, 1.5, 2, 2, 3, 5])))
        draw = rng.random()
        if draw < 0.002:
            factor *= 1000
        elif draw < 0.015:
            factor *= rng.choice([10, 20, 50, 100])
        value = original * factor
        if original != original.to_integral_value():
            # Illegal gains confiscated, to the fen: 5287.68 元.
            value = (value * Decimal(str(rng.uniform(0.5, 1.5)))).quantize(Decimal("0.01"))
            return f"{value} 元" if rng.random() < 0.5 else f"{value}元"
        if value >= 10000:
            value = max(Decimal(5000), (value / 5000).quantize(Decimal(1)) * 5000)
        else:
            step = 100 if rng.random() < 0.8 else 1
            value = max(Decimal(50), (value / step).quantize(Decimal(1)) * step)
        return self.written_amount(value)

    def written_amount(self, value: Decimal) -> str:
        rng = self.rng
        whole = int(value)
        if whole >= 10**8 and whole % 10**6 == 0:
            return f"{Decimal(whole) / 10**8:g} 亿元"
        if whole >= 10000 and whole % 1000 == 0:
            wan = f"{Decimal(whole) / 10000:g}"
            return weighted(
                rng,
                [
                    (40, f"{wan}万元"),
                    (35, f"{wan} 万元"),
                    (15, f"{whole}元"),
                    (10, f"{whole:,}元"),
                ],
            )
        if whole % 1000 == 0:
            return rng.choice([f"{whole // 1000}千元", f"{whole // 1000} 千元", f"{whole}元"])
        return rng.choice([f"{whole}元", f"{whole} 元"])


# -- reading made-up rows as an import does ----------------------------------------------
# What an import's row check reads of a case (CaseResource.parse_row), each reading cached
# by its input, in a process of its own beside the one that writes (a tenth of the work,
# measured, once cached), sent over as plain values (quicker to send than model
# instances). The writer makes the cases of them and creates them as an import creates
# its new rows (create_cases).


@dataclass
class ReadCase:
    """What a made-up case's texts tell as an import's row check reads them: the case's
    fields (by attribute name; its province by id) and its penalties."""

    case: dict[str, Any]
    penalties: tuple[ParsedPenalty, ...]
    campaign_draw: float


class TextReader:
    """Reads made-up texts with the functions CaseResource reads a row with, each cached
    by its input. Reads the regions when made, and the database no more."""

    def __init__(self):
        regions()  # read once, here: kept by the reading process too
        self.place = functools.lru_cache(maxsize=2**16)(self._place)
        self.subject_kind = functools.lru_cache(maxsize=2**14)(self._subject_kind)
        self.penalties = functools.lru_cache(maxsize=2**16)(self._penalties)

    def read(self, texts: CaseTexts) -> ReadCase:
        decided = parse_partial_date(texts.decided_text)
        place = self.place(texts.region_text, texts.agency_text)
        subject_kind = self.subject_kind(texts.subject, texts.facts, texts.penalty_text)
        case = {
            "family": texts.family,
            "decided_text": texts.decided_text,
            "decided_on": decided.value,
            "decided_precision": decided.precision,
            "decided_end": decided.last_day,
            "region_text": texts.region_text,
            "national": place.national,
            "province_id": place.province.pk if place.province else None,
            "city": place.city,
            "subject": texts.subject,
            "subject_kind": subject_kind,
            "agency_text": texts.agency_text,
            "facts": texts.facts,
            "penalty_text": texts.penalty_text,
            "legal_basis_text": texts.legal_basis_text,
            "decision_number": texts.decision_number,
            "fingerprint": Case.make_fingerprint(
                decided_on=decided.value,
                decided_precision=decided.precision,
                place=place,
                subject=texts.subject,
                agency_text=texts.agency_text,
                facts=texts.facts,
            ),
        }
        return ReadCase(
            case=case,
            penalties=self.penalties(texts.penalty_text, subject_kind == SubjectKind.INDIVIDUAL),
            campaign_draw=texts.campaign_draw,
        )

    @staticmethod
    def _place(region_text: str, agency_text: str) -> Place:
        return read_region(region_text, split_agency_text(agency_text))

    @staticmethod
    def _subject_kind(subject: str, facts: str, penalty_text: str) -> str:
        return guess_subject_kind(subject, facts=facts, penalty_text=penalty_text)

    @staticmethod
    def _penalties(text: str, subject_is_person: bool) -> tuple[ParsedPenalty, ...]:
        return tuple(parse_penalties(text, subject_is_person=subject_is_person))


# The reading process's own maker and reader (it reads one run's cases, in order).
_reading: tuple[CaseMaker, TextReader] | None = None


def _start_reading(maker: CaseMaker, reader: TextReader) -> None:
    global _reading
    _reading = (maker, reader)
    # The writer stops a run (Ctrl-C included) and ends this process; should the writer
    # be killed outright, this process ends by itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()


def _end_with(writer: int) -> None:
    while os.getppid() == writer:
        time.sleep(1)
    os._exit(0)


def _read_next(count: int) -> list[ReadCase]:
    maker, reader = _reading
    return [reader.read(maker.texts()) for _ in range(count)]


READ_CHUNK = 500  # cases the reading process sends at a time
READ_AHEAD = 4  # chunks it reads ahead of the writer, at most (memory stays flat)


@contextlib.contextmanager
def read_cases(maker: CaseMaker, reader: TextReader, count: int) -> Iterator[Iterator[ReadCase]]:
    """The made-up cases, read in order in a process of their own (forked, so it has the
    maker, the reader and their reference data, and never opens a database connection),
    a little ahead of `count` being taken (more when some are made again)."""
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_reading,
        initargs=(maker, reader),
    )
    chunk = min(READ_CHUNK, count)
    # Forked now, before the writer opens a transaction.
    pending = deque(
        pool.submit(_read_next, chunk) for _ in range(min(READ_AHEAD, -(-count // chunk)))
    )

    def cases() -> Iterator[ReadCase]:
        while True:
            got = pending.popleft().result()
            pending.append(pool.submit(_read_next, chunk))
            yield from got

    try:
        yield cases()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class CaseLinker:
    """The case a read one is, to create as an import's new row: with its province and,
    for some, a campaign (as a 专项行动 cell names one). Reads the regions and campaigns
    once."""

    def __init__(self):
        self.regions = {region.pk: region for region in Region.objects.all()}
        self.campaigns: dict[str, list[Campaign]] = {}
        for campaign in Campaign.objects.order_by("started_on", "id"):
            self.campaigns.setdefault(campaign.family, []).append(campaign)

    def new_case(self, read: ReadCase) -> NewCase:
        values = dict(read.case)
        # The province itself, as create_cases reads it (by id, a query a case).
        province = self.regions.get(values.pop("province_id"))
        case = Case(
            **values,
            province=province,
            campaign=self.campaign(values["family"], values["decided_on"], read.campaign_draw),
        )
        # The import's family as the hint for new authorities (CaseResource.save_related).
        return NewCase(case=case, family_hint=values["family"], penalties=list(read.penalties))

    def campaign(self, family: str, day: datetime.date, draw: float) -> Campaign | None:
        """A campaign of the case's family it falls within a year of, for some of them."""
        if draw >= CAMPAIGN_SHARE:
            return None
        within = [
            campaign
            for campaign in self.campaigns.get(family, ())
            if campaign.started_on <= day <= campaign.started_on + datetime.timedelta(days=365)
        ]
        if not within:
            return None
        return within[int(draw / CAMPAIGN_SHARE * len(within))]


# -- writing -----------------------------------------------------------------------------


@dataclass
class MakeReport:
    """What a run made, and where its time went (seconds by step)."""

    seed: int
    cases: int = 0
    regenerated: int = 0  # made-up cases dropped because the tracker held one like them
    seconds: Counter = field(default_factory=Counter)
    # Processor time, in seconds: this process's (which writes), the reading process's.
    writer_cpu: float = 0.0
    reader_cpu: float = 0.0


def new_cases(
    read: Iterator[ReadCase], linker: CaseLinker, count: int, report: MakeReport
) -> list[NewCase]:
    """The next `count` made-up cases unlike each other and unlike any in the tracker (by
    their fingerprint; a query a round, and a second round is rare)."""
    made: dict[str, NewCase] = {}
    while len(made) < count:
        fresh = [next(read) for _ in range(count - len(made))]
        prints = [item.case["fingerprint"] for item in fresh]
        held = set(
            Case.objects.filter(fingerprint__in=prints).values_list("fingerprint", flat=True)
        )
        for item in fresh:
            if item.case["fingerprint"] in held or item.case["fingerprint"] in made:
                report.regenerated += 1
            else:
                made[item.case["fingerprint"]] = linker.new_case(item)
    return list(made.values())


def make_cases(
    *,
    count: int,
    seed: int,
    batch_size: int = 2000,
    with_history: bool = True,
    progress: Callable[[MakeReport], None] | None = None,
) -> MakeReport:
    """Add `count` made-up cases to the tracker as an import of their rows would (tracker
    IDs, everything derived, history), a batch per transaction (an interrupted run keeps
    the batches written), with their history unless told not to; `progress` is called
    after each batch. A batch takes a query or so per table it writes, and one or two for
    each body named the first time in the run."""
    report = MakeReport(seed=seed)
    cpu, children = time.process_time(), children_cpu()
    maker = CaseMaker(seed=seed, last_day=min(LAST_DAY, timezone.localdate()))
    linker, categories, authorities = CaseLinker(), all_categories(), AuthorityCache()
    try:
        with (
            history.acting(reason=REASON),
            read_cases(maker, TextReader(), count) as read,
        ):
            while report.cases < count:
                size = min(batch_size, count - report.cases)
                with timed(report, "commit"), transaction.atomic():
                    with timed(report, "history"), history.batch() as pending:
                        with timed(report, "reading"):
                            new = new_cases(read, linker, size, report)
                        with timed(report, "writing"):
                            cases = [item.case for item in new]
                            assign_public_ids(cases)
                            create_cases(new=new, categories=categories, authorities=authorities)
                        if not with_history:
                            for key in [key for key in pending if key[0] in (Case, Penalty)]:
                                del pending[key]
                report.cases += size
                if progress is not None:
                    progress(report)
    finally:
        report.writer_cpu = time.process_time() - cpu
        report.reader_cpu = children_cpu() - children  # ended with the block above
    return report


def children_cpu() -> float:
    """The processor time of this process's ended children, in seconds."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def timed(report: MakeReport, step: str) -> Iterator[None]:
    """Count the time spent inside as the step's, less the steps timed within it."""
    started = time.perf_counter()
    inner = sum(report.seconds.values())
    try:
        yield
    finally:
        inside = sum(report.seconds.values()) - inner
        report.seconds[step] += time.perf_counter() - started - inside
