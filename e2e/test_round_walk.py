"""A whole half-year and year round of 2024 (issue 14, "Done when"), in real Chromium, by the standing office, two
districts and an agency, each in its own browser, on a server of its own that e-mails its notices through a real SMTP
server on loopback (aiosmtpd, in this process) every second.

1. The office opens the rounds "6 tháng đầu năm 2024" and "Năm 2024" on the rounds page.
2. Ngọc Hồi fills its communes' grid for the first half-year with the keyboard and saves it once; enters its own
   figures for both half-years; sets its e-mail on the notices page; writes and sends its half-year report.
   Đắk Tô and Sở Y tế enter their figures and send theirs.
3. The office returns Ngọc Hồi's report with a comment on a duty and on a figure. Ngọc Hồi sees both on its home page
   and beside the items, and in the e-mail read back from the SMTP server. It corrects and sends again; the office
   approves the three reports.
4. Ngọc Hồi's year report shows its figures made from the two half-years and asks for none of them: it is sent with
   no figure typed again, and approved.
5. The progress grid shows the reports' states and the target page's map shows the districts with their status.

Screenshots at 1366 and 390 px in e2e/artifacts/round-walk-*.png; keystrokes in round-walk-keystrokes.txt.
"""

from __future__ import annotations

import email
import email.policy
import re
import socket
import tempfile
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from conftest import ARTIFACTS, Server, _start_server, user_creator
from pageutil import click_and_wait, fill, nav_link, nfc, path_of, text_of, wait_for
from test_board_and_entry import full_page_screenshot, sign_in, submit, submit_expecting

OFFICE, DISTRICT, OTHER, AGENCY = "62-CAT", "611", "612", "62-SYT"
PASSWORD = "một mật khẩu đủ dài 2024"
REPORTER_EMAIL = "vanthu.ngochoi@example.gov.vn"
DUTY_COMMENT = "Nêu rõ số cuộc tuyên truyền đã tổ chức."
FIGURE_COMMENT = "Kiểm tra lại số vụ ma túy tổng hợp."
WHOLES = {"users_with_record", "cultivation_found_m2", "hotspots_existing"}
YES_NO = {"commune_drug_free", "commune_propaganda"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def mailbox():
    """A real SMTP server on loopback keeping what it receives in a maildir."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Mailbox

    folder = Path(tempfile.mkdtemp(prefix="pcmt-walk-mail-"))
    port = free_port()
    controller = Controller(Mailbox(str(folder / "box")), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, folder / "box"
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def walk_server(artifacts: Path, mailbox):
    port, _ = mailbox
    yield from _start_server(
        artifacts, "server-walk",
        extra_env={
            "PCMT_SMTP_URL": f"smtp://127.0.0.1:{port}?tls=none",
            "PCMT_MAIL_FROM": "Công an tỉnh <pcmt@congan.example.gov.vn>",
            "PCMT_NOTICE_INTERVAL_SECONDS": "1",
        })


@pytest.fixture(scope="module")
def people(walk_server: Server, browsers) -> dict[str, WebDriver]:
    """Signed-in browsers of the office, the two districts and the agency, each past its first password change."""
    create = user_creator(walk_server)
    drivers = {}
    for username, role, unit in [
        ("vanphong", "standing_office", OFFICE), ("ngochoi", "district_reporter", DISTRICT),
        ("dakto", "district_reporter", OTHER), ("soyte", "agency_reporter", AGENCY),
    ]:
        one_time = create(username, role, unit)
        driver = browsers()
        sign_in(walk_server, driver, username, one_time)
        wait_for(driver, lambda d: path_of(d) == "/account/password", "the password page")
        fill(driver, "f-current", one_time)
        fill(driver, "f-new", PASSWORD)
        fill(driver, "f-confirm", PASSWORD)
        submit(driver, "main form")
        drivers[username] = driver
    return drivers


def messages(box: Path) -> list[email.message.EmailMessage]:
    new = box / "new"
    files = sorted(new.iterdir(), key=lambda p: p.stat().st_mtime) if new.exists() else []
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]


def wait_for_mail(box: Path, subject: str, timeout: float = 20) -> email.message.EmailMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in messages(box):
            if message["Subject"] == subject:
                return message
        time.sleep(0.3)
    raise AssertionError(f"no e-mail “{subject}” within {timeout:.0f} s; received: {[m['Subject'] for m in messages(box)]}")


def fill_data(server: Server, driver: WebDriver, unit: str, period: str) -> int:
    """Every empty figure of the unit's form for the period, then save; returns the keystrokes typed."""
    driver.get(server.url(f"/data/{unit}/{period}"))
    if not driver.find_elements(By.CSS_SELECTOR, "main form.entry"):
        return 0  # the unit reports no data element
    keystrokes = 0
    for field in driver.find_elements(By.CSS_SELECTOR, "main table.entry input[type=text]"):
        if field.get_attribute("readonly") or (field.get_attribute("value") or "").strip():
            continue
        field.send_keys("5")
        keystrokes += 2  # the value, and Tab to the next field
    for select in driver.find_elements(By.CSS_SELECTOR, "main table.entry select"):
        Select(select).select_by_index(len(Select(select).options) - 1)
    submit_expecting(driver, "main form.entry", 200)
    assert "Đã lưu" in text_of(driver), text_of(driver)[:800]
    return keystrokes + 1


def report_of(server: Server, driver: WebDriver, round_title: str) -> str:
    """The unit's report in the round, from its home page."""
    driver.get(server.url("/"))
    links = [a for a in driver.find_elements(By.CSS_SELECTOR, "main a") if nfc(a.text).startswith(round_title)
             and "/submissions/" in (a.get_attribute("href") or "")]
    assert links, f"no report “{round_title}” on the home page:\n{text_of(driver)[:1500]}"
    return links[0].get_attribute("href")


def write_and_send(driver: WebDriver, url: str) -> None:
    driver.get(url)
    for area in driver.find_elements(By.CSS_SELECTOR, "main form.record textarea"):
        name = area.get_attribute("name") or ""
        if name.startswith("results_") and not (area.get_attribute("value") or "").strip():
            area.send_keys(f"Đã triển khai đầy đủ ({name.removeprefix('results_')}).")
    for field in driver.find_elements(By.CSS_SELECTOR, "main form.record input[type=text]"):
        name = field.get_attribute("name") or ""
        if not (field.get_attribute("value") or "").strip():
            field.send_keys("Đang thực hiện" if name.startswith("status_") else "50")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form.record button[value=submit]"))
    state = text_of(driver, "main .state")
    assert state == "Đã gửi", f"not sent ({state}):\n{text_of(driver)[:2000]}"


def review(driver: WebDriver, url: str, action: str) -> None:
    driver.get(url)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"main form#{action}-form button[type=submit]"))


def test_a_whole_half_year_and_year_round(walk_server: Server, people: dict[str, WebDriver], mailbox):
    server = walk_server
    office, ngochoi, dakto, soyte = (people[n] for n in ("vanphong", "ngochoi", "dakto", "soyte"))
    _, box = mailbox

    # 1. The office opens both rounds from the rounds page.
    office.get(server.url("/"))
    click_and_wait(office, nav_link(office, "Kỳ báo cáo"))
    rounds_page = office.current_url
    for period in ("2024S1", "2024"):
        office.get(rounds_page)
        Select(office.find_element(By.ID, "f-period")).select_by_value(period)
        submit(office, "main form.narrow")
        assert re.fullmatch(r"/rounds/[0-9a-f-]{36}", path_of(office)), f"{period}: {office.current_url}\n{text_of(office)[:800]}"

    # 2. Ngọc Hồi: the communes' grid for the first half-year, with the keyboard, saved once.
    ngochoi.get(server.url(f"/data/communes/{DISTRICT}/2024S1"))
    grid = ngochoi.find_elements(By.CSS_SELECTOR, "main table.grid")[0]
    cells = [c for c in grid.find_elements(By.CSS_SELECTOR, "tbody input[type=text]") if not c.get_attribute("readonly")]
    communes = len(grid.find_elements(By.CSS_SELECTOR, "tbody tr"))
    assert communes >= 5 and len(cells) >= 5 * 15, (communes, len(cells))
    keystrokes = 1
    cells[0].click()
    began = time.monotonic()
    for index, cell in enumerate(cells):
        key = re.sub(r"^v_[^_]+_", "", cell.get_attribute("name")).split("__")[0]
        value = "1" if key in YES_NO else "100" if key in WHOLES else "2"
        active = ngochoi.switch_to.active_element
        if active.get_attribute("name") != cell.get_attribute("name"):
            cell.click()
            keystrokes += 1
            active = cell
        active.send_keys(Keys.CONTROL, "a")
        active.send_keys(value)
        keystrokes += 1 + len(value)
        if index < len(cells) - 1:
            active.send_keys(Keys.TAB)
            keystrokes += 1
    grid_seconds = time.monotonic() - began
    submit_expecting(ngochoi, "main form.grid", 200)
    keystrokes += 1
    assert text_of(ngochoi, "main .notice-ok").startswith("Đã lưu:"), text_of(ngochoi)[:800]
    full_page_screenshot(ngochoi, "round-walk-grid-1366.png", width=1366)

    # Its own figures for both half-years, and those of Đắk Tô and Sở Y tế for the first.
    own = fill_data(server, ngochoi, DISTRICT, "2024S1") + fill_data(server, ngochoi, DISTRICT, "2024S2")
    fill_data(server, dakto, OTHER, "2024S1")
    fill_data(server, soyte, AGENCY, "2024S1")

    # Ngọc Hồi asks for its notices by e-mail.
    ngochoi.get(server.url("/"))
    click_and_wait(ngochoi, ngochoi.find_element(By.CSS_SELECTOR, "header a.notices"))
    fill(ngochoi, "f-email", REPORTER_EMAIL)
    checkbox = ngochoi.find_element(By.ID, "f-email_notices")
    if not checkbox.is_selected():
        checkbox.click()
    submit(ngochoi, "main section.narrow form")
    assert f"thông báo cũng sẽ được gửi tới {REPORTER_EMAIL}" in text_of(ngochoi), text_of(ngochoi)[:600]

    half = "Báo cáo 6 tháng đầu năm 2024"
    reports = {name: report_of(server, driver, half) for name, driver in (("ngochoi", ngochoi), ("dakto", dakto), ("soyte", soyte))}
    for name, driver in (("ngochoi", ngochoi), ("dakto", dakto), ("soyte", soyte)):
        write_and_send(driver, reports[name])

    # 3. The office reviews Ngọc Hồi's report: this year beside the last, a comment on a duty and on a figure.
    office.get(reports["ngochoi"])
    page = text_of(office)
    assert "Cùng kỳ năm trước" in page and "Tăng, giảm" in page, page[:1500]
    full_page_screenshot(office, "round-walk-review-1366.png", width=1366)
    duty = office.find_element(By.CSS_SELECTOR, "textarea[name^='item_duty:']")
    duty.send_keys(DUTY_COMMENT)
    figure = office.find_element(By.CSS_SELECTOR, "textarea[name='item_figure:drug_cases_detected']")
    figure.send_keys(FIGURE_COMMENT)
    click_and_wait(office, office.find_element(By.CSS_SELECTOR, "main form#return-form button[type=submit]"))
    assert text_of(office, "main .state") == "Trả lại", text_of(office)[:800]

    # Ngọc Hồi sees it on its home page, beside each item, and by e-mail.
    ngochoi.get(server.url("/"))
    home = text_of(ngochoi)
    assert "bị vanphong trả lại" in home and DUTY_COMMENT in home, home[:1500]
    assert "Thông báo (1 mới)" in text_of(ngochoi, "header"), text_of(ngochoi, "header")
    full_page_screenshot(ngochoi, "round-walk-returned-home-1366.png", width=1366)
    full_page_screenshot(ngochoi, "round-walk-returned-home-390.png", width=390)
    mail = wait_for_mail(box, f"[pcmt] {half} của Huyện Ngọc Hồi bị trả lại")
    body = mail.get_content()
    assert mail["To"] == REPORTER_EMAIL and DUTY_COMMENT in body and FIGURE_COMMENT in body, body
    assert reports["ngochoi"].removeprefix(server.url("")) in body, body
    ngochoi.get(reports["ngochoi"])
    beside = [nfc(p.text) for p in ngochoi.find_elements(By.CSS_SELECTOR, "main p.review-comment")]
    assert any(DUTY_COMMENT in p for p in beside) and any(FIGURE_COMMENT in p for p in beside), beside
    full_page_screenshot(ngochoi, "round-walk-returned-report-390.png", width=390)

    # Corrected and sent again; the office sees what changed and approves the three reports.
    area = ngochoi.find_element(By.CSS_SELECTOR, "main form.record textarea[name^='results_']")
    area.send_keys(Keys.END, " Đã tổ chức 12 cuộc tuyên truyền.")
    click_and_wait(ngochoi, ngochoi.find_element(By.CSS_SELECTOR, "main form.record button[value=submit]"))
    assert text_of(ngochoi, "main .state") == "Đã gửi", text_of(ngochoi)[:800]
    office.get(reports["ngochoi"])
    assert "Thay đổi từ khi trả lại lúc" in text_of(office) and "12 cuộc tuyên truyền" in text_of(office, "main section.changes")
    for url in reports.values():
        review(office, url, "approve")
        assert text_of(office, "main .state") == "Đã duyệt", text_of(office)[:800]
    wait_for_mail(box, f"[pcmt] {half} của Huyện Ngọc Hồi đã được duyệt")

    # 4. The year report: figures made from the half-years, none asked for again.
    year = report_of(server, ngochoi, "Báo cáo năm 2024")
    ngochoi.get(year)
    page = text_of(ngochoi)
    assert "cộng hai kỳ 6 tháng" in page, page[:2000]
    asked = [nfc(li.text) for li in ngochoi.find_elements(By.CSS_SELECTOR, "main .notice-warn li")]
    assert not any(item.startswith("Số liệu:") for item in asked), asked
    full_page_screenshot(ngochoi, "round-walk-year-1366.png", width=1366)
    write_and_send(ngochoi, year)
    review(office, year, "approve")
    assert text_of(office, "main .state") == "Đã duyệt"

    # 5. The progress grid and the map.
    office.get(server.url("/"))
    click_and_wait(office, nav_link(office, "Kỳ báo cáo"))
    click_and_wait(office, office.find_element(By.CSS_SELECTOR, "main a[href$='/rounds/progress']"))
    row = office.find_element(By.XPATH, "//main//table[contains(@class,'progress')]//tr[th[contains(., 'Huyện Ngọc Hồi')]]")
    states = [nfc(td.text).split("\n")[0] for td in row.find_elements(By.CSS_SELECTOR, "td.state-cell")]
    assert states == ["Đã duyệt", "Đã duyệt"], states
    full_page_screenshot(office, "round-walk-progress-1366.png", width=1366)
    full_page_screenshot(office, "round-walk-progress-390.png", width=390)
    office.get(server.url(path_of(office).removesuffix("/rounds/progress") + "/board/T04?period=2024S1"))
    shapes = office.find_elements(By.CSS_SELECTOR, "main figure.area-map svg g.area")
    assert len(shapes) == 10, len(shapes)
    listed = [nfc(li.text) for li in office.find_elements(By.CSS_SELECTOR, "main ul.map-list li")]
    assert any(item.startswith("Huyện Ngọc Hồi:") for item in listed), listed
    full_page_screenshot(office, "round-walk-map-1366.png", width=1366)
    full_page_screenshot(office, "round-walk-map-390.png", width=390)

    (ARTIFACTS / "round-walk-keystrokes.txt").write_text(
        f"Ngọc Hồi, 6 tháng đầu năm 2024: the communes' grid ({communes} rows, {len(cells)} cells) in {keystrokes} keystrokes "
        f"(typed by the driver in {grid_seconds:.1f} s) and saved once; its own figures for both half-years in {own} keystrokes; "
        f"the year report sent with no figure typed again.\n"
        f"Before the grid: one form per commune ({communes} forms: choose unit and period, open, fill, save).\n")
