"""Who a case's parties are: whether the penalized party is a natural person, the kind of
party its name suggests, and the persons a penalty text names."""

import re
from collections.abc import Iterator

from enforcement.models import SubjectKind
from lawtracker.text import compact, folded, spaced, without_spaces

CJK = "\u4e00-\u9fff"

# About 330 of the most common one-character surnames. Left out, though they are surnames,
# are characters that in these texts mostly begin an ordinary word: 公 (公司), 国 (国家),
# 和, 车 (车辆), 农 (农村), 党 (党委), 时, 应, 原, 平, 相, 区, 信, 门, 云, 元, 利, 位, and 司
# alone (司马 and 司徒 stay). Common ones that begin such words are kept: see NOT_NAMES.
SURNAMES = "".join(
    """
    王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁
    任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴
    莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪
    梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆卓古吉缪简
    项连芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂全佟臧闵苟邬边卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩
    明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥班储栗楚鄢劳谌奚皮粟冼蔺楼满闻厉伊仝郜阚花帅屠朴盖练廉禹井
    祖漆巴丰支卿狄晋初敬扈晁芮阙浦戈伏鹿薄邸雍辜羊裘亓邰赫况鲜逯隆茹嵇湛宾戎勾茅揭冶檀昝衡
    """.split()
)
COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 司徒 夏侯 尉迟 公孙 长孙 宇文 端木 独孤 南宫 西门"
    " 百里 呼延 轩辕 澹台 公冶 太史 申屠 闻人 钟离 宗政 濮阳 淳于 单于 拓跋 赫连 东郭 万俟"
).split()
# A surname and one or two more characters: 张三, 王小明, 欧阳娜娜.
GIVEN = rf"(?:(?!某)[{CJK}])"
FULL_NAME = re.compile(rf"(?:{'|'.join(COMPOUND_SURNAMES)}|[{SURNAMES}]){GIVEN}{{1,2}}")
# The review's anonymised persons: a character, 某 or 某某, and at most one more: 李某,
# 姚某某, 何某珍. The character after 某 is never a place of business (李某店).
KIND_ENDINGS = "店厂局所站部会社馆院行吧网处室场司校商厅铺坊记"
ANONYMISED = re.compile(rf"(?!某)[{CJK}]某{{1,2}}(?![{KIND_ENDINGS}])(?:(?!某)[{CJK}])?")
# Persons the review names by who they are, not by name: 某市民, 网民.
NAMELESS = re.compile(r"某?(?:市民|村民|居民|网民|群众)")

# Brands that read like a surname and a given name. Only well-known parties of data and
# app cases whose short name is all a text may give: 全家 (FamilyMart, in the 2020 review),
# 华为, 苏宁, 高德 (maps), 万达, 万科, 金山 (software), 米哈游 (games), 马蜂窝 (travel app),
# 易车 and 安居客 (apps on MIIT's lists).
# Also brands whose characters are all common in given names (万豪, 伊利, 李宁 …), which the
# given-name rule below would otherwise read as persons.
BRANDS = frozenset(
    "全家 华为 苏宁 高德 万达 万科 金山 米哈游 马蜂窝 易车 安居客 万豪 伊利 金蝶 吉利 李宁"
    " 方正 华润 金龙 安信 唐宁 华泰".split()
)
# The characters common in given names (伟, 芳, 娜, 明, 子 … and the placeholders 三 四 五
# 六): a bare full name counts as a person's only when its given name is made of them, or
# when the texts speak of a person. 华住, 乐视, 蒙牛, 花椒, 房天下 are not names.
GIVEN_NAME_CHARACTERS = frozenset(
    "".join(
        """
        伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新
        利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐
        绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽
        晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍
        红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧
        璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰
        韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影
        荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽灵玛媚琪晴容睿烁堂唯威韦雯苇萱彦宇雨洋忠宗曼紫
        逸贤蝶菡绿蓝儿烟小轩涵梓昊然铭琪彤晗皓霖煜宸一诺依沐柏奕熙昕语嫣楷钰鑫淼森垚犇焱金银
        铁石水火大正方立道礼智孝廉洪涌润源汉淮湘渝川陵峻崇岳岭桐柳杨桃芷茹萌蕾芮苗芹葵虹霓霜
        冬夏晖曦旸昀昱暄暖景晟晋旻曜丰满喜禄寿顺宁奎魁彰耀炜烨煌灿昆仑伶俐菀荟蓁蔚彧臻琨瑜璇
        珏琦璟瑛琛瑭珩玮珺婧娴姝嫱媛娉雍颂鹤鹰凯胜荣军兵卫海江波涛勇猛刚强亮辉光华明阳东南北
        西斯佩沛沁泓汐淳清澄浚鑫钢铭锋锐镇钊杭柯桥梁彤丛枝棠杏樱纯红绮缘绣继续维纲纶绪显晔晗
        乾坤艺益毅义仪懿怀晓望渊湛然琳璐修盈蕴珂旺洛莹淇沂浦炳焕熠煦照琼甫畅登皎盼睦砚硕碧
        祺禾稳穗穆章竣笑笛筱箐粲纬绵缙翎翊翌耕聆胤舜艾芊芙苡茵萦蔓蕙薪衡觅谊贺赢跃轶迪遥郁铎
        锟长闻阔隽霏韬飒骏骞麒麟黎默鼎龄三四五六七八九二甲乙
        """.split()
    )
)
# What in a case's texts says its party is a natural person: detention is for persons only.
PERSON_EVIDENCE = re.compile(r"拘留|[男女],|[男女]性|[0-9]+岁|身份证|犯罪嫌疑人|违法行为人|其本人")
# Words that start with a surname and often stand where a penalty text names a person
# (对单位罚款, 严肃处理相关责任人): no names, in a text or as a party.
NOT_NAMES = frozenset(
    "单位 全部 全体 全面 安全 管理 关于 关闭 关停 于是 金额 卫生 严重 严肃 严格 严厉 任何 包括"
    " 明确 连续 解除".split()
)
# Words of an organisation or a place of business anywhere in a name; KIND_ENDINGS are
# such words only at a name's end, as 会, 行, 社 … are also given names (刘会英, 李行之).
ORGANISATION_WORDS = re.compile(
    r"公司|企业|单位|集团|中心|平台|科技|网络|网站|网校|银行|医院|卫生院|诊所|学校|学院|大学"
    r"|中学|小学|幼儿园|酒店|宾馆|超市|商行|商店|工作室|协会|委员会|政府|机关|部门|有限|股份"
    r"|控股|直播|视频|微博|微信|公众号|运营者|经营者|app",
    re.IGNORECASE,
)
# The words of a party's name for its kind, in this order (services' list, unchanged).
SUBJECT_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (SubjectKind.HOSPITAL, ("医院", "卫生院", "诊所")),
    (SubjectKind.SCHOOL, ("学校", "中学", "小学", "学院", "大学", "幼儿园")),
    (
        SubjectKind.GOVERNMENT,
        ("局", "管理部门", "机关", "政府", "委员会", "直属单位", "文化馆"),
    ),
    (
        SubjectKind.COMPANY,
        ("公司", "企业", "集团", "商行", "中心", "酒店", "超市", "店", "出版社", "检验站"),
    ),
    (
        SubjectKind.PLATFORM,
        ("直播", "微博", "网校", "视频", "网站", "网", "APP", "App", "平台", "陪练"),
    ),
]
# How facts and penalty texts refer back to a party of each kind: 该医院, 该公司 …. Not 该局:
# in the facts that is as often the police bureau that acted.
TEXT_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (SubjectKind.HOSPITAL, ("医院", "卫生院", "诊所")),
    (SubjectKind.SCHOOL, ("学校", "校", "学院", "中学", "小学", "大学", "幼儿园")),
    (SubjectKind.COMPANY, ("公司", "企业", "集团", "酒店", "宾馆", "超市", "店", "商行")),
    (SubjectKind.PLATFORM, ("平台",)),
]
# How the texts speak of a party that is an organisation: 该 and a word for its kind, or its
# responsible persons. Not 该网站 or 该APP, as a person may run one, nor 该局.
ORGANISATION_REFERENCE = re.compile(
    r"该(?:公司|企业|集团|单位|机构|平台|医院|卫生院|诊所|学校|校|学院|酒店|宾馆|超市|门店|店铺"
    r"|店|商行)|其(?:法定代表人|法人代表|主要负责人|实际控制人)|直接负责的主管人员"
    r"|其他直接责任人员"
)

# What may follow a person's name in a party's name: a role or description in brackets
# （法定代表人） (某科技公司员工) (网名“小鱼”), or "，男，35岁".
ABOUT = re.compile(r"\([^()]*\)|,(?:男|女)(?:,[0-9]+岁)?|,[0-9]+岁")
# Between the persons of one party (张三、李四, 王某及李某, 何某珍 韦某南) and after the last
# (翟某某等人, 张某某等3人).
SEPARATOR = re.compile(r"以及|[、,;/ 和及与]")
OTHERS = re.compile(r"等(?:[0-9]+|[一二两三四五六七八九十]+)?[人名]?")

# The roles of an organisation's responsible persons: 负责人 covers 主要负责人 and
# 网络安全负责人, 责任人 covers 直接责任人员 and 其他直接责任人员.
ROLE = (
    r"法定代表人|法人代表|实际控制人|负责人|主管人员|责任人员?"
    r"|(?:副)?董事长|(?:副)?总经理|(?:副)?总裁|首席执行官|CEO|董事|监事"
)
# In a penalty text: an anonymised person (王某, 陈某某). The character before 某 must be a
# surname, not a word like 对某公司 or 该某.
ANONYMISED_IN_TEXT = re.compile(
    rf"[{CJK}](?<![对该向给将其中一等和及与的在由被某])某某?(?!公司|单位|企业)"
)
# Where a penalty text may name a person in full: its start, after punctuation, after
# 对/给予 (对张三罚款, 给予李四行政拘留), after a role (法定代表人王五) or another person.
NAME_CUE = re.compile(rf"^|[,;。、:“(]|(?P<addressed>对于|对|给予)|{ROLE}|和|及|与")
# What ends a person's name in a penalty text: punctuation, a sanction's first words, a
# conjunction, or an amount.
NAME_END = re.compile(
    r"$|[,;。、:()“”]|罚|处|予以|给予|作出|做出|(?:行政)?拘留|警告|没收|并|责令|等|和|及|与"
    r"|分别|各|个人|[0-9]"
)


# The rule for a party that is a natural person, as a lawyer can check it.
# The party is a person when its name, leaving out a role or description in brackets
# （法定代表人）(某科技公司员工)(网名“小鱼”) or after a comma (，男，35岁), lists only persons,
# joined by 、 , 和 及 与 or a space and perhaps ending in 等, 等人 or 等3人. A person is
# - anonymised the way the review does it: a character, 某 or 某某 and at most one more
#   character (李某, 姚某某, 何某珍), or 某市民, 网民 …; or
# - named in full: a common surname (SURNAMES: 张, 王 …; COMPOUND_SURNAMES: 欧阳, 司马 …)
#   and one or two more characters (张三, 王小明, 欧阳娜娜).
# It is not a person when a name holds a word of an organisation (ORGANISATION_WORDS:
# 公司, 科技, 医院, APP …) or ends in one of a place of business (KIND_ENDINGS: 店, 厂,
# 局, 所 …: 李某店, 刘记), or when a full name is a brand that reads like a name (BRANDS:
# 华为, 全家 …). A party named only in full, with no role or description, is a person when
# its given name is made of characters common in given names (GIVEN_NAME_CHARACTERS: so
# not 华住, 乐视, 蒙牛) or when the texts speak of a person (PERSON_EVIDENCE: 拘留, 男,
# 35岁); never when the facts or the penalty text speak of it as an organisation (该公司,
# 该单位, 其法定代表人, 直接负责的主管人员 …). An anonymised name or one with a role stays a
# person whatever the texts say: a person's facts often speak of the company they worked for.
def is_person(subject: str, *, facts: str = "", penalty_text: str = "") -> bool:
    """Whether the penalized party is one or more natural persons (the rule above)."""
    text = spaced(folded(subject))
    flat = text.replace(" ", "")
    if NAMELESS.fullmatch(flat) or (
        flat.startswith("网民") and not ORGANISATION_WORDS.search(flat)
    ):
        return True
    listed = _listed(text) or _listed(flat)
    if listed is None:
        return False
    if all(anonymised or about for _name, anonymised, about in listed):
        return True
    texts = compact(f"{facts}\n{penalty_text}")
    if ORGANISATION_REFERENCE.search(texts):
        return False
    return PERSON_EVIDENCE.search(texts) is not None or all(
        anonymised or about or given_name_of(name) for name, anonymised, about in listed
    )


def given_name_of(name: str) -> bool:
    """Whether a full name's given name is made of characters common in given names."""
    surname = next((c for c in COMPOUND_SURNAMES if name.startswith(c)), name[0])
    return all(char in GIVEN_NAME_CHARACTERS for char in name[len(surname) :])


def person_name_at(text: str, start: int) -> str:
    """The person named in full at `start` of a whitespace-free penalty text, or "" (张三
    at 1 in 对张三罚款). The shortest name that the text's next words end is taken."""
    for end in range(start + 2, min(start + 4, len(text)) + 1):
        name = text[start:end]
        if FULL_NAME.fullmatch(name) and NAME_END.match(text, end) and _may_be_a_name(name):
            return name
    return ""


def first_person(text: str, *, addressed_only: bool = False) -> tuple[int, str] | None:
    """Where a whitespace-free penalty text first names a person, and the name: anonymised
    anywhere (王某), in full where a name may begin (对张三, 法定代表人王五); one addressed
    with 对 or 给予 is named from there. `addressed_only`: names in full count only after
    对 or 给予, not at the start, after punctuation or a role (暂停“高德”… names no party)."""
    found = []
    if anonymised := ANONYMISED_IN_TEXT.search(text):
        found.append((anonymised.start(), anonymised[0]))
    for cue in NAME_CUE.finditer(text):
        if addressed_only and not cue["addressed"]:
            continue
        if name := person_name_at(text, cue.end()):
            found.append((cue.start() if cue["addressed"] else cue.end(), name))
            break
    return min(found) if found else None


def guess_subject_kind(subject: str, *, facts: str = "", penalty_text: str = "") -> str:
    """The kind of penalized party its name suggests, else the texts' words for it (该医院);
    "other" when unsure."""
    if is_person(subject, facts=facts, penalty_text=penalty_text):
        return SubjectKind.INDIVIDUAL
    flat = without_spaces(subject)
    for kind, keywords in SUBJECT_KEYWORDS:
        if any(keyword in flat for keyword in keywords):
            return kind
    texts = compact(f"{facts}\n{penalty_text}")
    for kind, keywords in TEXT_KEYWORDS:
        if any(f"该{keyword}" in texts for keyword in keywords):
            return kind
    return SubjectKind.OTHER


def _may_be_a_name(name: str) -> bool:
    """Whether a full name's characters could be a person's: no brand, word or
    organisation's word (华为, 单位, 张三店)."""
    return not (
        name in BRANDS
        or name in NOT_NAMES
        or name[-1] in KIND_ENDINGS
        or ORGANISATION_WORDS.search(name)
    )


def _listed(text: str, start: int = 0) -> list[tuple[str, bool, str]] | None:
    """The persons a party's name lists from `start`, as (name, anonymised, role or
    description), or None when it lists anything else."""
    for name, anonymised, end in _names_at(text, start):
        about = ABOUT.match(text, end)
        if about:
            end = about.end()
        person = (name, anonymised, about[0] if about else "")
        rest = text[end:]
        if not rest or OTHERS.fullmatch(rest):
            return [person]
        if separator := SEPARATOR.match(text, end):
            following = _listed(text, separator.end())
        elif anonymised and not about:
            # 何某珍韦某南 with its space removed: anonymised names need no separator.
            following = _listed(text, end)
        else:
            following = None
        if following:
            return [person, *following]
    return None


def _names_at(text: str, start: int) -> Iterator[tuple[str, bool, int]]:
    """Each person's name that may begin at `start` of a party's name, shortest first:
    (name, anonymised, end)."""
    for length in (2, 3, 4):
        name = text[start : start + length]
        if len(name) < length:
            return
        if ANONYMISED.fullmatch(name):
            yield name, True, start + length
        elif FULL_NAME.fullmatch(name) and _may_be_a_name(name):
            yield name, False, start + length
