"""A case's agencies read whatever their spellings (enforcement.agencies): the same bodies
written other ways read the same, other bodies do not."""

import pytest

from enforcement.agencies import agency_reading
from tests.factories import region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("北京市互联网信息办公室", "北京网信办"),
        ("广东省通信管理局", "广东通管局"),
        ("国家网信办、工业和信息化部", "工业和信息化部、国家网信办"),
    ],
)
def test_the_same_bodies_written_other_ways_read_the_same(one, other):
    province = region("北京") if one.startswith("北京") else region("广东")
    assert agency_reading(one, province) == agency_reading(other, province)


def test_other_bodies_or_another_province_read_differently():
    assert agency_reading("网安大队", region("广东")) != agency_reading("网安大队", region("江苏"))
    assert agency_reading("广东省通信管理局", None) != agency_reading("广东省公安厅", None)
