import pytest

from enforcement.parties import guess_subject_kind


@pytest.mark.parametrize(
    "subject",
    ["李某", "姚某某", "何某珍 韦某南", "翟某某等人", "某市民", "曹某", "支某"],
)
def test_anonymised_natural_persons_are_individuals(subject):
    assert guess_subject_kind(subject) == "individual"


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("济南某酒店", "company"),
        ("李某店", "company"),
        ("京某科技有限公司三河市燕郊分公司", "company"),
        ("济南某医院", "hospital"),
        ("原平市第一人民医院", "hospital"),
        ("广西某学院", "school"),
        ("新泰某中学", "school"),
        ("卫生管理部门", "government"),
        ("淮安市某机关直属单位", "government"),
        ("虎牙直播", "platform"),
        ("某单位", "other"),
    ],
)
def test_organisations_are_never_taken_for_persons(subject, kind):
    assert guess_subject_kind(subject) == kind
