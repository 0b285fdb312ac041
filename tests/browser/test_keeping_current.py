"""Keeping the tracker current, in real Chromium against gunicorn: the annual review read,
printed and downloaded as Word; a search saved with its feed; an associate verifying a
record from the queue in one click."""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.test_associate_import import shot

pytestmark = pytest.mark.browser


def logged_in(live_app, browser, username, password, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(live_app.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    return context, page


def test_a_partner_reads_the_2020_review_and_downloads_it_as_word(live_app, browser, screenshots):
    context, page = logged_in(live_app, browser, live_app.username, live_app.password)
    page.click("nav >> text=年度回顾")
    expect(page.locator("article.review h1")).to_contain_text("年度回顾")
    page.select_option("#id_year", "2020")
    page.click("form.selection button[type=submit]")
    expect(page.locator("article.review h1")).to_have_text(
        "中国网数立法与执法实践年度回顾（2020）"
    )
    expect(page.locator("article.review")).to_contain_text(
        "82 部法规文件、14 项专项行动、146 个案例"
    )
    expect(page.locator("table.review-cases").first).to_contain_text("某小区早餐店")
    expect(page.locator("button.js-print")).to_be_visible()
    shot(page, screenshots, "30-review-2020")
    with page.expect_download() as download:
        page.click("text=Word 文档（中文）")
    content = open(download.value.path(), "rb").read()
    tables = docx.Document(io.BytesIO(content)).tables
    assert [cell.text for cell in tables[0].rows[0].cells] == ["名称", "发布时间", "生效时间"]
    assert sum(len(table.rows) - 1 for table in tables[:3]) == 82
    page.emulate_media(media="print")
    expect(page.locator(".review-tools")).to_be_hidden()  # the page prints as the document
    shot(page, screenshots, "31-review-2020-print")
    context.close()


def test_a_partner_saves_a_search_and_reads_its_feed(live_app, browser, screenshots):
    context, page = logged_in(live_app, browser, live_app.username, live_app.password)
    page.goto(live_app.base + "/cases/?family=miit")
    page.click("text=保存此检索")
    page.fill("details.save-search input[name=name]", "工信部门的案例")
    page.select_option("details.save-search select[name=frequency]", "daily")
    page.click("details.save-search button[type=submit]")
    expect(page).to_have_url(re.compile(r"/searches/$"))
    expect(page.locator(".messages")).to_contain_text("“工信部门的案例”已保存。")
    row = page.locator("tr", has_text="工信部门的案例")
    expect(row.locator("select[name=frequency]")).to_have_value("daily")
    shot(page, screenshots, "32-saved-searches")
    feed = row.locator("a", has_text="Atom").get_attribute("href")
    answer = context.request.get(live_app.base + feed)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    assert "网络科技有限公司" in answer.text()
    page.goto(live_app.base + "/changes/")
    expect(page.locator("h1")).to_have_text("最新动态")
    shot(page, screenshots, "33-whats-new")
    context.close()


def test_an_associate_verifies_a_record_from_the_queue(live_app, browser, screenshots):
    context, page = logged_in(live_app, browser, live_app.associate, live_app.associate_password)
    page.click("nav >> text=待核实")
    expect(page.locator("h1")).to_have_text("待核实记录")
    first = page.locator("tbody tr").first
    name = first.locator("td a").first.inner_text()
    first.locator("input[name=source]").fill("https://www.cac.gov.cn/example.htm")
    shot(page, screenshots, "34-verification-queue")
    first.locator("button", has_text="已按此来源核实").click()
    expect(page.locator(".messages")).to_contain_text(
        "已按 https://www.cac.gov.cn/example.htm 核实"
    )
    expect(page.locator("tbody")).not_to_contain_text(name)
    page.goto(live_app.base + "/")
    expect(page.locator("#verified")).to_have_text("核实情况")
    expect(page.locator("section[aria-labelledby=verified]")).to_contain_text(
        re.compile(r"1 / \d+")
    )
    context.close()
