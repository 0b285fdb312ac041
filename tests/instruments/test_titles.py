"""An instrument's versions read from its title (instruments.titles): a draft, its final
version and its amendments share one base title, whatever the brackets and prefixes."""

import pytest

from instruments.titles import base_title, is_amendment_title, is_draft_title


@pytest.mark.parametrize(
    ("draft", "final"),
    [
        ("《个人信息保护法（草案）》", "《中华人民共和国个人信息保护法》"),
        ("《数据安全法(草案)》", "《数据安全法》"),
        (
            "《互联网用户公众账号信息服务管理规定（修订草案征求意见稿）》",
            "《互联网用户公众账号信息服务管理规定》",
        ),
        ("《网络数据安全标准体系建设指南》（征求意见稿）", "《网络数据安全标准体系建设指南》"),
        (
            "《信息安全技术 个人信息告知同意指南（征求意见稿）》",
            "《信息安全技术  个人信息告知同意指南》",
        ),
        ("《网络交易监督管理办法》征求意见稿", "《网络交易监督管理办法》"),
        ("《未成年人保护法（修订草案）》", "《未成年人保护法（2020年修订）》"),
    ],
)
def test_a_draft_and_its_final_version_share_their_base_title(draft, final):
    assert is_draft_title(draft) and not is_draft_title(final)
    assert base_title(draft) == base_title(final)


@pytest.mark.parametrize(
    ("title", "amendment"),
    [
        ("《网络餐饮服务食品安全监督管理办法（2020年修订版）》", True),
        ("《中华人民共和国网络安全法（修正）》", True),
        ("《外商投资准入特别管理措施（负面清单）（2020年版）》", True),
        ("《中华人民共和国个人信息保护法》", False),
    ],
)
def test_an_amendment_is_told_by_its_title(title, amendment):
    assert is_amendment_title(title) is amendment


def test_other_instruments_have_other_base_titles():
    assert base_title("《数据安全法》") != base_title("《网络安全法》")
    assert base_title("《商用密码产品认证目录（第一批）》") != base_title(
        "《商用密码产品认证目录（第二批）》"
    )
