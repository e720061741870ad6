"""A reporting round walked through by the standing office and a district, in separate headless chromium sessions.

The plain server (no demo data): everything the round needs is made by this module. The story, in order (the tests
share their browsers and build on each other; run the whole file):

1. Accounts from the command line: `kct_office` (standing_office at 62-CAT, Công an tỉnh), `ngochoi_bc`
   (district_reporter at 611, Huyện Ngọc Hồi) and `dakto_bc` (district_reporter at 612, Huyện Đắk Tô); each signs in
   with its one-time password and chooses its own.
2. The office opens "Kỳ báo cáo" and the round "Năm 2023" with the default dates: the cut-offs of Decree 09/2019
   (15/12/2022 - 14/12/2023), one report for each of the 30 expected units (20 provincial bodies, 10 districts), all
   drafts, nothing reported yet.
3. The reporter sees the round on its home page, writes the narratives of its duties and sends: refused (422) but
   kept as a draft, with the missing figures listed.
4. Through the report's link it enters every figure of 611 / 2023 (schools, industrial zones, drug cases by drug type,
   offenders by sex), and 611 / 2022's drug cases (a year without a round: the baseline, official as entered). The
   official board has no 2023 figure yet for T04; the board including unapproved figures has it.
5. The reporter sends the complete report: "Đã gửi". It cannot approve it (403); the reporter of 612 cannot open it
   (404) nor write to it (404).
6. The office returns it: without a comment refused (422); with one, "Trả lại", and the comment is in the history.
7. The reporter sees the comment, changes a text and sends again; the office approves: "Đã duyệt". The figures of
   611 / 2023 are locked (the form offers no save; a save would answer 423).
8. The official board for 611 / 2023 now judges T04 on the entered total; the round page counts 1 of 30 reported
   (late: the 2023 deadline is past), the CSV has 611 approved, and the compiled view carries the district's text.

Screenshots in e2e/artifacts/: rounds-round.png (1280) and rounds-round-390.png, rounds-returned.png (the reporter's
page after the return), rounds-compiled.png.
"""

from __future__ import annotations

import csv
import io
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from pageutil import click_and_wait, document_statuses, fill, nav_labels, nav_link, nfc, path_of, query_of, text_of, wait_for
from conftest import ARTIFACTS, Server

PAGE_LIMIT = 100_000
SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
STYLESHEET = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet\b[^>]*>", re.IGNORECASE)
EXTERNAL_SCRIPT = re.compile(r"<script src=\"(/static/[\w.-]+\.js)\"(?: defer(?:=\"defer\")?)?></script>", re.IGNORECASE)
COPY_SCRIPT = "/static/copy.js"
REPORTER_EMAIL = "pcmt.ngochoi@kontum.gov.vn"

OFFICE_UNIT = "62-CAT"
DISTRICT = "611"
DISTRICT_NAME = "Huyện Ngọc Hồi"
OTHER_DISTRICT = "612"
PERIOD = "2023"
ROUND_TITLE = "Báo cáo năm 2023"
EXPECTED_UNITS = 30  # 20 provincial bodies assigned in section IV and the 10 districts/city
PASSWORDS = {
    "kct_office": "thường trực tổng hợp báo cáo",
    "ngochoi_bc": "báo cáo năm của Ngọc Hồi",
    "dakto_bc": "báo cáo năm của Đắk Tô",
}
# Every figure a district reports, as the data form names its inputs.
FIGURES_2023 = {
    "v_drug_cases_detected__heroin": 3,
    "v_drug_cases_detected__synthetic": 6,
    "v_drug_cases_detected__cannabis": 1,
    "v_drug_cases_detected__other": 1,
    "v_drug_offenders_arrested__male": 9,
    "v_drug_offenders_arrested__female": 2,
    "v_schools_total": 40,
    "v_schools_reached": 40,
    "v_industrial_zones_total": 1,
    "v_industrial_zones_reached": 1,
}
CASES_2022 = {  # the baseline year: drug cases only
    "v_drug_cases_detected__heroin": 2,
    "v_drug_cases_detected__synthetic": 3,
    "v_drug_cases_detected__cannabis": 1,
    "v_drug_cases_detected__other": 2,
}
CASES_TOTAL_2023 = sum(v for k, v in FIGURES_2023.items() if k.startswith("v_drug_cases_detected__"))  # 11
CASES_TOTAL_2022 = sum(CASES_2022.values())  # 8
DATA_MISSING = [  # what the report lists as missing while neither the year nor its halves have figures
    "Số liệu: Vụ phạm tội về ma túy được phát hiện, bắt giữ (thiếu năm 2023)",
    "Số liệu: Đối tượng phạm tội về ma túy bị bắt giữ (thiếu năm 2023)",
    "Số liệu: Trường học trên địa bàn (thiếu 6 tháng cuối năm 2023)",  # a stock: the year's end is what is asked for
    "Số liệu: Khu công nghiệp trên địa bàn (thiếu 6 tháng cuối năm 2023)",
]
NARRATIVE_KINDS = ("results", "shortcomings", "proposals")
RETURN_COMMENT = "Đề nghị bổ sung số buổi tuyên truyền đã tổ chức trong kết quả của nhiệm vụ thứ hai."
FIXED_TEXT = "Tổ chức 14 buổi tuyên truyền tại 7 xã, thị trấn, thu hút 2.100 lượt người tham dự."


# --- helpers -------------------------------------------------------------------------------------------------------


def press(driver: WebDriver, button_css: str, status: int) -> None:
    """Click a submit button, wait for the next page and check the HTTP status it came with."""
    document_statuses(driver)  # forget what came before
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, button_css))
    statuses = document_statuses(driver)
    assert statuses and statuses[-1] == status, (
        f"{button_css} answered {statuses}, not {status}; at {driver.current_url} the page says:\n{text_of(driver)[:1200]}")


def open_page(driver: WebDriver, url: str, status: int = 200) -> None:
    document_statuses(driver)
    driver.get(url)
    statuses = document_statuses(driver)
    assert statuses and statuses[-1] == status, f"{url} answered {statuses}, not {status}:\n{text_of(driver, 'body')[:600]}"


def cookies_of(driver: WebDriver) -> dict[str, str]:
    return {c["name"]: c["value"] for c in driver.get_cookies()}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(driver: WebDriver, url: str, form: dict[str, str] | None = None) -> tuple[int, str]:
    """GET, or POST a form with the browser's CSRF token, with the browser's cookies, redirects not followed."""
    cookies = cookies_of(driver)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = None
    if form is not None:
        body = urllib.parse.urlencode({**form, "_csrf": cookies.get("__Host-pcmt_csrf", "")}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if form is not None else "GET")
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")


def check_html(driver: WebDriver, scripts: tuple[str, ...] = ()) -> str:
    """The page the browser shows, fetched again with its cookies: small, styled, and no script but the given external
    ones (the round page's optional copy button, /static/copy.js), each an empty element."""
    url = driver.current_url.split("#")[0]
    status, page = http(driver, url)
    assert status == 200, f"{url}: status {status}"
    assert len(page.encode()) < PAGE_LIMIT, f"{url} is {len(page.encode())} bytes"
    assert STYLESHEET.search(page), f"{url} has no stylesheet"
    found = SCRIPT.findall(page)
    allowed = EXTERNAL_SCRIPT.findall(page)
    assert len(found) == len(allowed) and set(allowed) <= set(scripts), (
        f"{url} has scripts {re.findall(r'<script[^>]*>', page, re.IGNORECASE)}; only {scripts} are allowed")
    return page


def full_page_screenshot(driver: WebDriver, name: str, width: int = 1280) -> Path:
    """The whole page at the given width (then back to the 1280x900 viewport)."""
    mobile = width < 600
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile})
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": min(int(height), 8000), "deviceScaleFactor": 1, "mobile": mobile})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    try:
        assert driver.save_screenshot(str(path)), f"chromium did not write {name}"
    finally:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    return path


def sign_in(server: Server, driver: WebDriver, username: str, password: str) -> None:
    driver.get(server.url("/"))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "header a.signin"))
    fill(driver, "f-username", username)
    fill(driver, "f-password", password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def signed_in_as(driver: WebDriver) -> str | None:
    who = driver.find_elements(By.CSS_SELECTOR, "header form.account .who a")
    return nfc(who[0].text).strip() if who else None


def first_sign_in(server: Server, driver: WebDriver, username: str, one_time: str) -> None:
    """Sign in with the one-time password; the site insists on a new one first, then goes home."""
    sign_in(server, driver, username, one_time)
    wait_for(driver, lambda d: path_of(d) == "/account/password", "the password page")
    fill(driver, "f-current", one_time)
    fill(driver, "f-new", PASSWORDS[username])
    fill(driver, "f-confirm", PASSWORDS[username])
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert path_of(driver) == "/", f"after choosing a password: {driver.current_url}\n{text_of(driver)[:600]}"
    assert signed_in_as(driver) == username


def state_of(driver: WebDriver) -> str:
    """The state word the submission page shows under its title."""
    return text_of(driver, "main span.state").strip()


def notices(driver: WebDriver) -> list[str]:
    return [nfc(n.text).strip() for n in driver.find_elements(By.CSS_SELECTOR, "main .notice")]


def missing_items(driver: WebDriver) -> list[str]:
    """The "Còn thiếu trước khi gửi" list of a submission page (empty when complete)."""
    return [nfc(li.text).strip() for li in driver.find_elements(By.CSS_SELECTOR, "main .notice-warn li")]


def narrative_fields(driver: WebDriver) -> dict[str, str]:
    """name -> value of the report's narrative textareas."""
    return {t.get_attribute("name"): t.get_attribute("value")
            for t in driver.find_elements(By.CSS_SELECTOR, "main form.record fieldset.duty textarea")}


def history(driver: WebDriver) -> list[str]:
    sections = [s for s in driver.find_elements(By.CSS_SELECTOR, "main section")
                if nfc(s.find_element(By.TAG_NAME, "h2").text).strip() == "Lịch sử và ý kiến"]
    assert len(sections) == 1, "no 'Lịch sử và ý kiến' section"
    return [nfc(li.text).strip() for li in sections[0].find_elements(By.CSS_SELECTOR, "ol > li")]


def hidden_version(driver: WebDriver, form_css: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f"{form_css} input[type=hidden][name=version]").get_attribute("value")


def counts(driver: WebDriver) -> dict[str, str]:
    """The round page's figures: label -> the number before it ("tỷ lệ báo cáo (1/30)" -> "3,3%")."""
    result = {}
    for item in driver.find_elements(By.CSS_SELECTOR, "main ul.counts li"):
        number = nfc(item.find_element(By.TAG_NAME, "strong").text).strip()
        label = nfc(item.text).strip()[len(number):].strip()
        result[label] = number
    return result


def unit_rows(driver: WebDriver) -> dict[str, dict]:
    """The round page's table of every expected unit: name -> link, state, first sent, timeliness."""
    tables = driver.find_elements(By.CSS_SELECTOR, "main table")
    heading = [t for t in tables if [nfc(th.text).strip() for th in t.find_elements(By.CSS_SELECTOR, "thead th")]
               == ["Đơn vị", "Trạng thái", "Gửi lần đầu", "Thời hạn"]]
    assert len(heading) == 1, "no table of the expected units on the round page"
    rows = {}
    for row in heading[0].find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        link = cells[0].find_element(By.TAG_NAME, "a")
        rows[nfc(link.text).strip()] = {
            "href": urlsplit(link.get_attribute("href")).path,
            "state": nfc(cells[1].text).strip(),
            "sent": nfc(cells[2].text).strip(),
            "timeliness": nfc(cells[3].text).strip(),
        }
    return rows


def overdue_units(driver: WebDriver) -> list[str]:
    section = driver.find_elements(By.CSS_SELECTOR, "main section.overdue")
    if not section:
        return []
    return [nfc(a.text).strip() for a in section[0].find_elements(By.CSS_SELECTOR, "tbody tr td:first-child a")]


def board_t04(server: Server, driver: WebDriver, plan: str, include_unapproved: bool) -> dict:
    """T04 on the board for 611 / 2023, chosen through the board's own selectors (`plan` is /plans/{id})."""
    driver.get(server.url(f"{plan}/board"))
    Select(driver.find_element(By.ID, "f-period")).select_by_value(PERIOD)
    Select(driver.find_element(By.ID, "f-unit")).select_by_value(DISTRICT)
    Select(driver.find_element(By.ID, "f-all")).select_by_value("1" if include_unapproved else "0")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form.filters button[type=submit]"))
    query = query_of(driver)
    assert query.get("period") == [PERIOD] and query.get("unit") == [DISTRICT], driver.current_url
    assert query.get("all") == ["1" if include_unapproved else "0"], driver.current_url
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "main table.board tbody tr")
           if nfc(r.find_element(By.CSS_SELECTOR, "th a").text).strip() == "T04"]
    assert len(row) == 1, "T04 is not on the board"
    cells = row[0].find_elements(By.TAG_NAME, "td")
    badge = cells[2].find_element(By.CSS_SELECTOR, "span.status")
    kind = [c for c in badge.get_attribute("class").split() if c.startswith("status-")][0].removeprefix("status-")
    return {
        "value": nfc(cells[1].text).strip(),
        "status": kind,
        "word": nfc(badge.text).strip().partition(" ")[2],
        "why": nfc(row[0].find_element(By.CSS_SELECTOR, "td.why").text).strip(),
        "help": " ".join(nfc(p.text) for p in driver.find_elements(By.CSS_SELECTOR, "main p.help, main .notice")),
    }


def fill_data_form(driver: WebDriver, figures: dict[str, int]) -> None:
    for name, value in figures.items():
        element = driver.find_element(By.CSS_SELECTOR, f"main form.entry input[name='{name}']")
        element.clear()
        element.send_keys(str(value))


# --- the story -----------------------------------------------------------------------------------------------------


class Story:
    def __init__(self) -> None:
        self.office: WebDriver | None = None
        self.reporter: WebDriver | None = None
        self.other: WebDriver | None = None
        self.plan = ""  # /plans/{id}
        self.round = ""  # /rounds/{id}
        self.submission = ""  # /submissions/{id} of 611
        self.narratives: dict[str, str] = {}
        self.done: set[str] = set()

    def need(self, *steps: str) -> None:
        missing = [step for step in steps if step not in self.done]
        if missing:
            pytest.skip(f"needs the earlier step(s) {', '.join(missing)} of this module, which did not pass")


@pytest.fixture(scope="module")
def story(server: Server, browsers) -> Story:
    return Story()


def test_accounts_for_the_office_and_two_districts(story: Story, server: Server, browsers, create_user):
    one_time = {
        "kct_office": create_user("kct_office", "standing_office", OFFICE_UNIT),
        "ngochoi_bc": create_user("ngochoi_bc", "district_reporter", DISTRICT, email=REPORTER_EMAIL),
        "dakto_bc": create_user("dakto_bc", "district_reporter", OTHER_DISTRICT),
    }
    story.office = browsers()
    first_sign_in(server, story.office, "kct_office", one_time["kct_office"])
    assert "Kỳ báo cáo" in nav_labels(story.office), nav_labels(story.office)

    story.reporter = browsers()
    first_sign_in(server, story.reporter, "ngochoi_bc", one_time["ngochoi_bc"])
    assert "Kỳ báo cáo" not in nav_labels(story.reporter), "the rounds are the standing office's"

    story.other = browsers()
    first_sign_in(server, story.other, "dakto_bc", one_time["dakto_bc"])
    story.done.add("accounts")


def test_the_office_opens_the_round_of_2023(story: Story, server: Server):
    story.need("accounts")
    o = story.office
    o.get(server.url("/"))
    click_and_wait(o, nav_link(o, "Kỳ báo cáo"))
    assert re.fullmatch(r"/plans/[^/]+/rounds", path_of(o)), o.current_url
    story.plan = path_of(o).removesuffix("/rounds")
    check_html(o)
    assert text_of(o, "main h1") == "Các kỳ báo cáo"
    assert "Nghị định 09/2019/NĐ-CP" in text_of(o), text_of(o)[:800]

    # The period, and the dates left empty: the defaults.
    Select(o.find_element(By.ID, "f-period")).select_by_value(PERIOD)
    for field in ("f-due", "f-cutoffStart", "f-cutoffEnd"):
        assert o.find_element(By.ID, field).get_attribute("type") == "date", field
        assert o.find_element(By.ID, field).get_attribute("value") == "", field
    press(o, "main form button[type=submit]", 200)  # after the 303 to the new round
    assert re.fullmatch(r"/rounds/[0-9a-f-]{36}", path_of(o)), o.current_url
    story.round = path_of(o)
    check_html(o, scripts=(COPY_SCRIPT,))
    assert text_of(o, "main h1") == ROUND_TITLE

    # Decree 09/2019: a year's figures run from 15 December of the year before to 14 December.
    # The line of dates (after the plan the round serves, issue 16).
    dates = next(nfc(p.text) for p in o.find_elements(By.CSS_SELECTOR, "main h1 ~ p") if "Hạn nộp" in p.text)
    match = re.fullmatch(r"Hạn nộp (\d\d)/(\d\d)/(\d{4}); số liệu từ 15/12/2022 đến 14/12/2023\.", dates)
    assert match, dates
    assert match[3] == PERIOD, f"the default deadline should be in {PERIOD}: {dates}"

    # Nothing reported yet; every expected unit has a draft.
    figures = counts(o)
    assert figures.get(f"tỷ lệ báo cáo (0/{EXPECTED_UNITS})") == "0%", figures
    assert figures.get(f"đúng hạn (0/{EXPECTED_UNITS})") == "0%", figures
    assert figures.get("Đang soạn") == str(EXPECTED_UNITS), figures
    assert figures.get("Đã gửi") == "0" and figures.get("Trả lại") == "0" and figures.get("Đã duyệt") == "0", figures
    rows = unit_rows(o)
    assert len(rows) == EXPECTED_UNITS, sorted(rows)
    districts = [name for name in rows if name.startswith(("Huyện ", "Thành phố "))]
    assert len(districts) == 10 and len(rows) - len(districts) == 20, sorted(rows)
    assert "Công an tỉnh" in rows and DISTRICT_NAME in rows and "Huyện Đắk Tô" in rows, sorted(rows)
    assert {row["state"] for row in rows.values()} == {"Đang soạn"}, rows
    assert all(row["sent"] == "—" for row in rows.values()), rows
    story.submission = rows[DISTRICT_NAME]["href"]
    assert re.fullmatch(r"/submissions/[0-9a-f-]{36}", story.submission), story.submission
    assert len({row["href"] for row in rows.values()}) == EXPECTED_UNITS, "each unit should have its own report"

    # The deadline is long past: all 30 are overdue, each with whom to remind (611's reporter by e-mail, 612's by
    # account name), a reminder text to copy and an e-mail link to the addresses known.
    overdue = overdue_units(o)
    assert sorted(overdue) == sorted(rows), overdue
    overdue_section = text_of(o, "main section.overdue")
    assert f"Quá hạn ({EXPECTED_UNITS})" in overdue_section, overdue_section[:300]
    assert REPORTER_EMAIL in overdue_section and "dakto_bc" in overdue_section, overdue_section
    reminder = nfc(o.find_element(By.CSS_SELECTOR, "main section.overdue textarea").get_attribute("value"))
    assert "3959/KH-UBND" in reminder and PERIOD in reminder, reminder
    mailto = [a.get_attribute("href") for a in o.find_elements(By.CSS_SELECTOR, "main section.overdue a[href^='mailto:']")]
    assert len(mailto) == 1, mailto
    address, _, query = mailto[0].removeprefix("mailto:").partition("?")
    assert address == REPORTER_EMAIL, mailto[0]
    assert nfc(urllib.parse.parse_qs(query)["body"][0]) == reminder, mailto[0]

    # The plan's list of rounds has it, with its counts.
    o.get(server.url(story.plan + "/rounds"))
    listed = [nfc(a.text) for a in o.find_elements(By.CSS_SELECTOR, f"main table a[href='{story.round}']")]
    assert listed == [ROUND_TITLE], listed
    story.done.add("round")


def test_the_reporter_sees_the_report_and_cannot_send_it_without_figures(story: Story, server: Server):
    story.need("round")
    r = story.reporter
    r.get(server.url("/"))
    section = r.find_element(By.CSS_SELECTOR, "main section.own-reports")
    assert nfc(section.find_element(By.TAG_NAME, "h2").text) == "Báo cáo của đơn vị"
    links = [a for a in section.find_elements(By.CSS_SELECTOR, "a") if nfc(a.text).strip() == ROUND_TITLE]
    assert len(links) == 1, nfc(section.text)
    assert "Đang soạn" in nfc(section.text), nfc(section.text)
    click_and_wait(r, links[0])
    assert path_of(r) == story.submission, f"the home page's link leads to {r.current_url}, the office's to {story.submission}"
    check_html(r)
    assert text_of(r, "main h1") == DISTRICT_NAME
    assert state_of(r) == "Đang soạn"
    for item in DATA_MISSING:
        assert item in missing_items(r), missing_items(r)

    # One narrative block (results, shortcomings, proposals) for each duty of assignment 21.
    fields = narrative_fields(r)
    duties = sorted({name.split("_", 1)[1] for name in fields})
    assert duties and duties[0] == "21/-1", duties
    assert set(fields) == {f"{kind}_{duty}" for kind in NARRATIVE_KINDS for duty in duties}, sorted(fields)
    assert all(value == "" for value in fields.values()), fields
    legends = [nfc(l.text) for l in r.find_elements(By.CSS_SELECTOR, "main form.record fieldset.duty legend")]
    assert len(legends) == len(duties) and all(legends), legends

    for duty in duties:
        n = duty.rsplit("-", 1)[1]
        story.narratives[f"results_{duty}"] = f"Kết quả thực hiện nội dung {n}: đã triển khai đầy đủ trên địa bàn huyện."
        story.narratives[f"shortcomings_{duty}"] = f"Hạn chế {n}: lực lượng mỏng, địa bàn rộng, giáp biên giới."
        story.narratives[f"proposals_{duty}"] = f"Kiến nghị {n}: bổ sung kinh phí tuyên truyền cho các xã biên giới."
    for name, value in story.narratives.items():
        fill(r, f"f-{name}", value)

    # Sent without the figures: refused, but nothing written is lost.
    press(r, "main form.record button[name=intent][value=submit]", 422)
    assert state_of(r) == "Đang soạn"
    said = " ".join(notices(r))
    assert "Đã lưu bản nháp nhưng chưa gửi được" in said, said
    missing = missing_items(r)
    for item in DATA_MISSING:
        assert item in missing, missing
    assert not [item for item in missing if not item.startswith("Số liệu: ")], f"only figures should be missing: {missing}"
    r.get(server.url(story.submission))
    assert narrative_fields(r) == story.narratives, "the draft should have been saved"
    story.done.add("draft")


def test_the_reporter_enters_the_figures(story: Story, server: Server):
    story.need("draft")
    r = story.reporter
    r.get(server.url(story.submission))
    link = [a for a in r.find_elements(By.CSS_SELECTOR, "main a")
            if nfc(a.text).startswith("Nhập hoặc kiểm tra số liệu")]
    assert len(link) == 1, [nfc(a.text) for a in r.find_elements(By.CSS_SELECTOR, "main a")]
    click_and_wait(r, link[0])
    assert path_of(r) == f"/data/{DISTRICT}/{PERIOD}", r.current_url
    check_html(r)
    assert text_of(r, "main h1") == f"{DISTRICT_NAME} · năm {PERIOD}"
    names = {e.get_attribute("name") for e in r.find_elements(By.CSS_SELECTOR, "main form.entry input.value")}
    assert names == set(FIGURES_2023), f"the district's form has {sorted(names)}"
    fill_data_form(r, FIGURES_2023)
    press(r, "main form.entry button[type=submit]", 200)
    assert any(n.startswith("Đã lưu") for n in notices(r)), notices(r)
    for name, value in FIGURES_2023.items():
        assert r.find_element(By.CSS_SELECTOR, f"main form.entry input[name='{name}']").get_attribute("value") == str(value)

    # The year before, which has no round: the baseline T04 compares with.
    r.get(server.url(f"/data/{DISTRICT}/2022"))
    assert text_of(r, "main h1") == f"{DISTRICT_NAME} · năm 2022"
    fill_data_form(r, CASES_2022)
    press(r, "main form.entry button[type=submit]", 200)
    assert any(n.startswith("Đã lưu") for n in notices(r)), notices(r)

    # Nothing missing now.
    r.get(server.url(story.submission))
    assert missing_items(r) == [], missing_items(r)
    assert "Đầy đủ: không còn thiếu nội dung nào." in notices(r), notices(r)
    story.done.add("figures")


def test_unapproved_figures_are_not_official(story: Story, server: Server):
    story.need("figures")
    r = story.reporter
    official = board_t04(server, r, story.plan, include_unapproved=False)
    assert official["status"] == "no_data" and official["word"] == "Chưa có số liệu", official
    assert official["why"] == f"{PERIOD}: chưa có số liệu.", official
    assert "Số liệu chính thức" in official["help"], official["help"]
    check_html(r)

    everything = board_t04(server, r, story.plan, include_unapproved=True)
    assert f"{PERIOD}: {CASES_TOTAL_2023} so với {CASES_TOTAL_2022} năm 2022" in everything["why"], everything
    assert everything["value"] == "+37,5%", everything
    assert "chưa duyệt" in everything["help"], everything["help"]
    story.done.add("unofficial")


def test_the_reporter_sends_and_may_do_nothing_more(story: Story, server: Server):
    story.need("figures")
    r = story.reporter
    r.get(server.url(story.submission))
    assert narrative_fields(r) == story.narratives
    press(r, "main form.record button[name=intent][value=submit]", 200)
    assert path_of(r) == story.submission, r.current_url
    assert state_of(r) == "Đã gửi"
    assert "Đã gửi cơ quan thường trực." in notices(r), notices(r)
    assert narrative_fields(r) == {}, "a sent report is not editable"
    assert not r.find_elements(By.CSS_SELECTOR, "main section.review"), "the reporter must not see the review forms"
    version = hidden_version(r, "main form.record")

    # The reporter cannot approve or return its own report, nor see the round.
    status, _ = http(r, server.url(story.submission + "/approve"), {"version": version})
    assert status == 403, f"a district reporter's approve answered {status}"
    status, _ = http(r, server.url(story.submission + "/return"), {"version": version, "comment": "tự trả lại"})
    assert status == 403, f"a district reporter's return answered {status}"
    status, _ = http(r, server.url(story.round))
    assert status == 403, f"the round page answered {status} to a district reporter"
    r.get(server.url(story.submission))
    assert state_of(r) == "Đã gửi"

    # Another district's reporter: the report is not there for it.
    d = story.other
    open_page(d, server.url(story.submission), 404)
    status, _ = http(d, server.url(story.submission), {"version": version, "intent": "save", "results_21/-1": "x"})
    assert status == 404, f"612's save into 611's report answered {status}"
    d.get(server.url("/"))
    own = nfc(d.find_element(By.CSS_SELECTOR, "main section.own-reports").text)
    assert ROUND_TITLE in own and "Đang soạn" in own, own
    story.done.add("sent")


def test_the_office_returns_the_report_with_a_comment(story: Story, server: Server):
    story.need("sent")
    o = story.office
    o.get(server.url(story.round))
    assert unit_rows(o)[DISTRICT_NAME]["state"] == "Đã gửi"
    assert DISTRICT_NAME not in overdue_units(o)
    click_and_wait(o, o.find_element(By.CSS_SELECTOR, f"main a[href='{story.submission}']"))
    check_html(o)
    assert state_of(o) == "Đã gửi"
    review = o.find_element(By.CSS_SELECTOR, "main section.review")
    assert nfc(review.find_element(By.TAG_NAME, "h2").text) == "Cơ quan thường trực xem xét"
    buttons = [nfc(b.text).strip() for b in review.find_elements(By.CSS_SELECTOR, "button[type=submit]")]
    assert buttons == ["Duyệt", "Trả lại kèm ý kiến"], buttons
    # The office reads what was written.
    for value in story.narratives.values():
        assert value in text_of(o), f"{value!r} is not on the office's page"

    # Without a comment: refused, nothing changes.
    version = hidden_version(o, "main form[action$='/return']")
    status, page = http(o, server.url(story.submission + "/return"), {"version": version, "comment": "  "})
    assert status == 422, f"a return without a comment answered {status}"
    assert "Hãy nêu lý do" in page, page[:2000]
    o.get(server.url(story.submission))
    assert state_of(o) == "Đã gửi"

    fill(o, "f-comment", RETURN_COMMENT)
    press(o, "main form[action$='/return'] button[type=submit]", 200)
    assert state_of(o) == "Trả lại"
    assert "Đã trả lại đơn vị kèm ý kiến." in notices(o), notices(o)
    events = history(o)
    assert len(events) == 2, events
    assert "kct_office" in events[-1] and RETURN_COMMENT in events[-1], events
    story.done.add("returned")


def test_the_reporter_reads_the_comment_fixes_and_sends_again(story: Story, server: Server):
    story.need("returned")
    r = story.reporter
    r.get(server.url("/"))
    assert "Trả lại" in nfc(r.find_element(By.CSS_SELECTOR, "main section.own-reports").text)
    r.get(server.url(story.submission))
    assert state_of(r) == "Trả lại"
    events = history(r)
    assert any(RETURN_COMMENT in event and "kct_office" in event for event in events), events
    assert narrative_fields(r) == story.narratives, "the returned report should keep what was written"
    full_page_screenshot(r, "rounds-returned.png")

    second = sorted(name for name in story.narratives if name.startswith("results_"))[1]
    story.narratives[second] = FIXED_TEXT
    fill(r, f"f-{second}", FIXED_TEXT)
    press(r, "main form.record button[name=intent][value=submit]", 200)
    assert state_of(r) == "Đã gửi"
    assert FIXED_TEXT in text_of(r)
    story.done.add("resent")


def test_the_office_approves_and_the_figures_are_locked(story: Story, server: Server):
    story.need("resent")
    o = story.office
    o.get(server.url(story.submission))
    assert state_of(o) == "Đã gửi"
    assert FIXED_TEXT in text_of(o)
    press(o, "main form[action$='/approve'] button[type=submit]", 200)
    assert state_of(o) == "Đã duyệt"
    assert any(n.startswith("Đã duyệt") for n in notices(o)), notices(o)
    events = history(o)
    assert len(events) == 4, events
    reopen = [nfc(b.text).strip() for b in o.find_elements(By.CSS_SELECTOR, "main section.review button[type=submit]")]
    assert reopen == ["Mở lại (nêu lý do)"], reopen

    # The reporter's figures for 611 / 2023 are locked: a save is refused and changes nothing.
    r = story.reporter
    r.get(server.url(f"/data/{DISTRICT}/{PERIOD}"))
    assert "đã được duyệt" in text_of(r), text_of(r)[:600]
    assert not r.find_elements(By.CSS_SELECTOR, "main form.entry button[type=submit]"), "a locked form offers no save"
    assert r.find_element(By.CSS_SELECTOR, "main input[name='v_schools_total']").get_attribute("value") == "40"
    r.get(server.url("/"))
    assert "Đã duyệt" in nfc(r.find_element(By.CSS_SELECTOR, "main section.own-reports").text)
    story.done.add("approved")


def test_the_official_board_counts_the_approved_figures(story: Story, server: Server):
    story.need("approved")
    o = story.office
    t04 = board_t04(server, o, story.plan, include_unapproved=False)
    # 11 against 8 is +37.5%: achieved, whatever threshold (5% or the 6% another module sets) T04 has.
    assert t04["status"] == "achieved" and t04["word"] == "Đạt", t04
    assert t04["value"] == "+37,5%", t04
    assert re.fullmatch(rf"{PERIOD}: {CASES_TOTAL_2023} so với {CASES_TOTAL_2022} năm 2022 = \+37,5%, "
                        r"chỉ tiêu ≥ \+\d+%: đạt", t04["why"]), t04["why"]
    story.done.add("board")


def test_the_round_page_counts_the_approved_report(story: Story, server: Server, tmp_path: Path):
    story.need("approved")
    o = story.office
    o.get(server.url(story.plan + "/rounds"))
    click_and_wait(o, o.find_element(By.CSS_SELECTOR, f"main table a[href='{story.round}']"))
    assert path_of(o) == story.round
    check_html(o, scripts=(COPY_SCRIPT,))
    figures = counts(o)
    assert figures.get(f"tỷ lệ báo cáo (1/{EXPECTED_UNITS})") == "3,3%", figures
    assert figures.get(f"đúng hạn (0/{EXPECTED_UNITS})") == "0%", f"2023's deadline is past, so 611 is late: {figures}"
    assert figures.get("Đang soạn") == str(EXPECTED_UNITS - 1), figures
    assert figures.get("Đã gửi") == "0" and figures.get("Trả lại") == "0" and figures.get("Đã duyệt") == "1", figures
    rows = unit_rows(o)
    assert rows[DISTRICT_NAME]["state"] == "Đã duyệt", rows[DISTRICT_NAME]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d(:\d\d)?", rows[DISTRICT_NAME]["sent"]), rows[DISTRICT_NAME]
    assert rows[DISTRICT_NAME]["timeliness"] == "trễ hạn", rows[DISTRICT_NAME]
    assert [name for name, row in rows.items() if row["state"] != "Đang soạn"] == [DISTRICT_NAME], rows
    overdue = overdue_units(o)
    assert len(overdue) == EXPECTED_UNITS - 1 and DISTRICT_NAME not in overdue, overdue
    assert not o.find_elements(By.CSS_SELECTOR, "main section.overdue a[href^='mailto:']"), "611 is no longer overdue"
    full_page_screenshot(o, "rounds-round.png")
    full_page_screenshot(o, "rounds-round-390.png", width=390)

    # The CSV, downloaded by its link.
    o.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    link = o.find_elements(By.CSS_SELECTOR, f"main a[href='{story.round}/completeness.csv']")
    assert len(link) == 1 and "CSV" in nfc(link[0].text), [nfc(a.text) for a in o.find_elements(By.CSS_SELECTOR, "main a.button")]
    link[0].click()
    deadline = time.monotonic() + 15
    files: list[Path] = []
    while time.monotonic() < deadline:
        files = [f for f in tmp_path.iterdir() if not f.name.endswith(".crdownload")]
        if files:
            break
        time.sleep(0.1)
    assert len(files) == 1 and files[0].suffix == ".csv", list(tmp_path.iterdir())
    rows_read = list(csv.DictReader(io.StringIO(files[0].read_text(encoding="utf-8-sig"))))
    table = [row for row in rows_read if row["unit_code"]]
    assert len(table) == EXPECTED_UNITS, f"{len(table)} units in the CSV"
    assert all(row["unit_code"] for row in rows_read), "only unit rows: a program can read every column"
    by_code = {row["unit_code"]: row for row in table}
    row = by_code[DISTRICT]
    assert row["unit"] == DISTRICT_NAME and row["state"] == "approved", row
    assert row["first_submitted_at"] and row["approved_at"] and row["on_time"] == "no" and row["overdue"] == "no", row
    assert [code for code, r in by_code.items() if r["state"] != "draft"] == [DISTRICT], table
    assert by_code[OTHER_DISTRICT]["state"] == "draft" and by_code[OTHER_DISTRICT]["overdue"] == "yes", by_code[OTHER_DISTRICT]
    story.done.add("counted")


def test_the_compiled_view_carries_the_approved_report(story: Story, server: Server):
    story.need("approved")
    o = story.office
    o.get(server.url(story.round))
    link = [a for a in o.find_elements(By.CSS_SELECTOR, "main a") if nfc(a.text).startswith("Xem tổng hợp")]
    assert len(link) == 1, [nfc(a.text) for a in o.find_elements(By.CSS_SELECTOR, "main a")]
    click_and_wait(o, link[0])
    assert path_of(o) == story.round + "/compiled", o.current_url
    check_html(o)
    headings = [nfc(h.text) for h in o.find_elements(By.CSS_SELECTOR, "main h2")]
    assert headings[0] == "Chỉ tiêu, theo số liệu đã duyệt", headings

    # T04 of the province: only Ngọc Hồi has figures on this server.
    t04 = [r for r in o.find_elements(By.CSS_SELECTOR, "main table.board tbody tr")
           if nfc(r.find_element(By.TAG_NAME, "th").text).startswith("T04")]
    assert len(t04) == 1
    why = nfc(t04[0].find_element(By.CSS_SELECTOR, "td.why").text)
    assert why.startswith(f"{PERIOD}: {CASES_TOTAL_2023} so với {CASES_TOTAL_2022} năm 2022"), why

    # What the district wrote, the fixed text included, under its name.
    writings = [nfc(w.text) for w in o.find_elements(By.CSS_SELECTOR, "main .writing")
                if nfc(w.text).startswith(DISTRICT_NAME)]
    assert len(writings) == len([n for n in story.narratives if n.startswith("results_")]), writings
    text = "\n".join(writings)
    for value in story.narratives.values():
        assert value in text, f"{value!r} is not in the compiled view"
    full_page_screenshot(o, "rounds-compiled.png")

    # The province's report starts from the same writing, under the district's name, ready to edit.
    report = [a for a in o.find_elements(By.CSS_SELECTOR, "main a") if nfc(a.text).startswith("Soạn và tải báo cáo của tỉnh")]
    assert len(report) == 1, [nfc(a.text) for a in o.find_elements(By.CSS_SELECTOR, "main a")]
    click_and_wait(o, report[0])
    assert path_of(o) == story.round + "/report", o.current_url
    check_html(o)
    areas = "\n".join(nfc(t.get_attribute("value") or "") for t in o.find_elements(By.CSS_SELECTOR, "main form textarea"))
    # One paragraph for the district (issue 15: a unit's writing appears once, under its name), holding every result.
    district_lines = [line for line in areas.split("\n") if line.startswith(f"- {DISTRICT_NAME}: ")]
    for key, value in story.narratives.items():
        if key.startswith("results_") and value.strip():
            assert any(value.strip() in line for line in district_lines), f"{value!r} is not in the report's text"
    full_page_screenshot(o, "rounds-report.png")
    story.done.add("compiled")
