"""A partner's path through the tracker in real Chromium, with a screenshot of each page
left in test-artifacts/screenshots/ for review."""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def shot(page, screenshots, name):
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def test_a_partner_finds_reads_exports_and_switches_language(live_app, browser, screenshots):
    base, username, password = live_app[:3]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith((base, "data:")) else None
        ),
    )

    # Log in: the interface is Chinese by default.
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    shot(page, screenshots, "01-login")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("概览")
    shot(page, screenshots, "02-dashboard")

    # Filter cases by province and fine: the results update in place and the URL follows.
    page.click("nav >> text=执法案例")
    expect(page.locator("h1")).to_have_text("执法案例")
    # The province picker folds away, naming what is ticked.
    province = page.locator("fieldset:has(legend:text('省份')) details")
    expect(province.locator("summary")).to_have_text("不限")
    province.locator("summary").click()
    province.locator("input[value='440000']").check()
    expect(province.locator("summary")).to_have_text("广东")
    page.fill("#id_org_fine_min", "30000")
    page.press("#id_org_fine_min", "Enter")
    expect(page).to_have_url(re.compile(r"province=440000.*org_fine_min=30000"))
    expect(page.locator("#results .summary strong")).to_have_text("16 个案例")
    # The filters set, each a chip that removes it.
    expect(page.locator("#results .chip").first).to_have_text(re.compile("省份: 广东"))
    shot(page, screenshots, "03-cases-guangdong-30000")
    # Sorted by the fines' header: the largest first.
    page.click("#results th a.sort >> text=罚款")
    expect(page).to_have_url(re.compile(r"sort=-fine"))
    expect(page.locator("#results th[aria-sort=descending]")).to_contain_text("罚款")
    shot(page, screenshots, "03b-cases-largest-fines-first")
    page.click("#results .chip >> text=单位罚款")
    expect(page).not_to_have_url(re.compile(r"org_fine_min"))
    expect(page).to_have_url(re.compile(r"province=440000"))

    # A two-character word, highlighted.
    page.fill("#id_q", "警告")
    expect(page).to_have_url(re.compile(r"q=%E8%AD%A6%E5%91%8A"))
    expect(page.locator("#results mark").first).to_have_text("警告")
    count = page.locator("#results tbody tr").count()
    assert count > 0
    shot(page, screenshots, "04-cases-search-two-characters")

    # Back returns to the list before the search: the page reloads itself for the entry it
    # returns to, so each step waits for that reload to finish before the next one.
    with page.expect_event("load"):
        page.go_back()
    expect(page).not_to_have_url(re.compile(r"q="))
    # Forward again, as the browser's button does (Playwright's go_forward() can report
    # the reload as an aborted navigation). The step is queued, so the script has answered
    # before the page moves.
    with page.expect_event("load"):
        page.evaluate("setTimeout(() => history.forward(), 0)")
    expect(page).to_have_url(re.compile(r"q="))
    expect(page.locator("#results mark").first).to_have_text("警告")

    # Export exactly this list.
    with page.expect_download() as download:
        page.click("text=导出 XLSX")
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet.max_row == count + 1

    # Open a case.
    page.locator("#results tbody tr a").first.click()
    expect(page.locator("h2").first).to_have_text("违法事实")
    shot(page, screenshots, "05-case")

    # Switch to English; the choice is remembered.
    page.select_option("#language", "en")
    expect(page.locator("h2").first).to_have_text("Facts")
    page.click("nav >> text=Overview")
    expect(page.locator("h1")).to_have_text("Overview")
    # 30 drafts of the review, less those a final version imported since has found.
    pending = re.search(r"\((\d+)\)", page.locator("#drafts").inner_text()).group(1)
    shot(page, screenshots, "06-dashboard-english")
    page.emulate_media(media="print")
    expect(page.locator("header nav")).to_be_hidden()
    shot(page, screenshots, "06-dashboard-print")
    page.emulate_media(media="screen")
    page.click("nav >> text=Instruments")
    page.click("text=Drafts still pending >> nth=0")
    expect(page.locator("#results .summary strong")).to_have_text(f"{pending} instruments")
    shot(page, screenshots, "07-instruments-pending-drafts")

    # The overview as a report: a year and a family, each figure one click from its list.
    page.goto(base + "/?year=2020&family=miit")
    expect(page.locator("form.selection .count")).to_contain_text("45 cases")
    shot(page, screenshots, "07b-overview-2020-miit-english")
    page.click("form.selection .count")
    expect(page.locator("#results .summary strong")).to_have_text("45 cases")

    # An address that leads nowhere: the site's own page, in the user's language.
    page.goto(base + "/cases/999999/")
    expect(page.locator("h1")).to_have_text("Not found")
    shot(page, screenshots, "07c-not-found-english")

    # On a phone: each case a card with its date, party, agency, penalties and fine, and
    # nothing wider than the screen.
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, storage_state=context.storage_state()
    )
    small = phone.new_page()
    small.goto(base + "/cases/?family=miit")
    a_case = small.locator("#results tbody tr a").first.get_attribute("href")
    for path, name in (
        ("/cases/?family=miit", "08-cases-phone"),
        ("/", "08b-overview-phone"),
        (a_case, "08c-case-phone"),
    ):
        small.goto(base + path)
        assert small.evaluate("document.documentElement.scrollWidth") <= 390, path
        shot(small, screenshots, name)
    small.goto(base + "/cases/?family=miit")
    expect(small.locator("h1")).to_have_text("Enforcement cases")
    card = small.locator("#results tbody tr").first
    expect(card.locator("td.card-head")).to_be_visible()
    expect(card.locator("td.num")).to_contain_text("¥")
    expect(card.locator("td.wide")).to_be_visible()  # the agency, hidden on a narrow table
    expect(small.locator("form.filters details").first).not_to_have_attribute("open", "")
    phone.close()

    assert errors == []
    assert outside == [], "everything must load from the app itself"
    context.close()


def test_filters_work_without_javascript(live_app, browser, screenshots):
    base, username, password = live_app[:3]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.goto(base + "/cases/")
    page.check("input[name=family][value=cyberspace]")
    page.click("text=应用")
    expect(page).to_have_url(re.compile(r"family=cyberspace"))
    expect(page.locator("#results .summary strong")).to_have_text("11 个案例")
    shot(page, screenshots, "09-cases-without-javascript")
    context.close()


TOUR = [
    ("overview", "/"),
    ("overview-2020-cyberspace", "/?year=2020&family=cyberspace"),
    ("cases", "/cases/"),
    ("cases-filtered", "/cases/?family=miit&province=440000&sort=-fine"),
    ("cases-bad-date", "/cases/?date_from=2020-99-99"),
    ("instruments", "/instruments/"),
    ("campaigns", "/campaigns/"),
    ("glossary", "/glossary/"),
    ("review", "/review/?year=2020"),
    ("whats-new", "/changes/"),
    ("my-searches", "/searches/"),
    ("not-found", "/no-such-page/"),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", [1366, 390])
def test_every_page_in_each_language_and_on_a_phone(
    live_app, browser, screenshots, language, width
):
    """A screenshot of each page and state, in each language, at a desk and on a phone;
    nothing wider than the screen, and the page in the language chosen."""
    base, username, password = live_app[:3]
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    pages = TOUR + [("case", page.locator("ol a[href^='/cases/']").first.get_attribute("href"))]
    for name, path in pages:
        page.goto(base + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        if name == "cases-bad-date":  # folded or not, the filters show what could not be read
            expect(page.locator("form.filters .error")).to_be_visible()
        shot(page, screenshots, f"20-{name}-{language}-{width}")
    context.close()
