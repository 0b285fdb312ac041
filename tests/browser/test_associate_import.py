"""An associate imports a spreadsheet in the admin, in real Chromium against gunicorn's
two workers and the import worker: upload, the preview, confirm, the result."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The server is shared with the partner's tests, which count the snapshot's cyberspace
# cases and Guangdong's large fines: these rows are neither.
ROWS = (
    "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
    "2021.03.15,北京,北京浏览器测试科技有限公司,北京市通信管理局,APP 违规收集个人信息,"
    "责令改正 警告 罚款 2 万元\n"
    "2021年4月,河北 唐山,李某,唐山市市场监督管理局,未注销 ICP 备案,注销网站备案\n"
)


def shot(page, screenshots, name):
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def associate_page(live_app, browser):
    """A browser window of the associate's, logged in to the admin."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(live_app.base + "/admin/login/")
    page.fill("#id_username", live_app.associate)
    page.fill("#id_password", live_app.associate_password)
    page.click("input[type=submit]")
    return context, page


def test_an_associate_previews_then_imports_a_file(live_app, browser, screenshots, tmp_path):
    file = tmp_path / "new_cases.csv"
    file.write_text(ROWS, encoding="utf-8-sig")
    context, page = associate_page(live_app, browser)

    page.goto(live_app.base + "/admin/enforcement/case/import/")
    page.set_input_files("#id_import_file", str(file))
    page.click("input[type=submit]")
    # The upload returns at once; the job's page refreshes itself until the check is done.
    expect(page).to_have_url(re.compile(r"/admin/lawtracker/importjob/\d+/change/"))
    expect(page.locator("#content-main")).to_contain_text("待确认导入", timeout=30_000)
    expect(page.locator("#content-main")).to_contain_text("2 行将新增记录")
    expect(page.locator("#content-main")).to_contain_text("北京浏览器测试科技有限公司")
    shot(page, screenshots, "11-admin-import-preview")

    page.click("button[value=confirm]")
    expect(page.locator("#content-main")).to_contain_text("已导入", timeout=60_000)
    shot(page, screenshots, "12-admin-import-done")

    # The cases are in the tracker, and their history says who imported which file.
    page.goto(live_app.base + "/admin/enforcement/case/?q=北京浏览器测试")
    page.click("#result_list tbody tr a")
    page.click("a.historylink")
    expect(page.locator("#change-history")).to_contain_text("new_cases.csv")
    expect(page.locator("#change-history")).to_contain_text(live_app.associate)
    context.close()


# Instruments of mixed levels in one table, as the review prints them, with no 效力级别
# column; no draft among them (the partner's tests count the pending drafts).
INSTRUMENTS = (
    "名称,发布时间,生效时间,发布机关\n"
    "《中华人民共和国个人信息保护法》,2021.08.20,2021.11.01,全国人民代表大会常务委员会\n"
    "《关键信息基础设施安全保护条例》,2021.08.17,2021.09.01,国务院\n"
    "《深圳经济特区数据条例》,2021.07.06,2022.01.01,深圳市人民代表大会常务委员会\n"
    "《网络安全标准实践指南—网络数据分类分级指引》,2021.12.31,2021.12.31,全国信息安全标准化技术委员会\n"
)


def test_an_associate_imports_a_mixed_table_and_confirms_the_levels_read(
    live_app, browser, screenshots, tmp_path
):
    file = tmp_path / "instruments_2021.csv"
    file.write_text(INSTRUMENTS, encoding="utf-8")
    context, page = associate_page(live_app, browser)

    page.goto(live_app.base + "/admin/instruments/instrument/import/")
    page.set_input_files("#id_import_file", str(file))
    page.click("input[type=submit]")
    main = page.locator("#content-main")
    expect(main).to_contain_text("待确认导入", timeout=30_000)
    expect(main).to_contain_text("导入后将新增")
    expect(main).to_contain_text("效力级别按名称推断：法律")
    expect(main).to_contain_text("效力级别按名称推断：地方性法规")
    shot(page, screenshots, "13-admin-import-levels-read-from-titles")
    page.click("button[value=confirm]")
    expect(main).to_contain_text("已导入", timeout=60_000)

    # The law found the review's draft of it: linked, and no longer pending.
    page.goto(live_app.base + "/instruments/?q=个人信息保护法")
    page.locator("#results tbody tr a", has_text="草案").click()
    expect(page.locator("dl.facts")).to_contain_text("《中华人民共和国个人信息保护法》")
    expect(page.locator("ol.timeline")).to_contain_text("2021年8月20日")
    shot(page, screenshots, "14-draft-found-its-final")

    # The levels wait, marked inferred, for the associate to confirm them.
    page.goto(live_app.base + "/admin/instruments/instrument/?level_inferred__exact=1")
    expect(page.locator("#result_list tbody tr")).to_have_count(4)
    expect(page.locator("#result_list")).to_contain_text("法律（推断）")
    shot(page, screenshots, "14-admin-inferred-levels")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "confirm_levels")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("已确认 4 个法律文件的效力级别")
    expect(page.locator("#result_list tbody tr")).to_have_count(0)
    context.close()
