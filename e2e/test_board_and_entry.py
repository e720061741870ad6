"""The target board, a target's page, data entry and import, in real headless chromium sessions on a demo server.

This module has a server of its own (`demo_server`: `pcmt serve --demo`, its own port and SQLite file), so the values it
changes never reach the plain server the other modules check. The story, in order (the tests share their browsers and
build on each other; run the whole file):

1. Two accounts from the command line: `ngochoi`, district_reporter at 611 (Huyện Ngọc Hồi), and `xem`, viewer at 62
   (the province). Each signs in with its one-time password and chooses its own.
2. The viewer opens "Bảng chỉ tiêu", picks year 2023 and the province: 16 targets, each with a status badge (class,
   symbol and word), at least one "Đạt" and one "Không đạt", the summary counts agree with the rows, and T04's figures
   add up ("2023: 284 so với 272 năm 2022 = +4,4%, chỉ tiêu ≥ +5%: không đạt").
3. The viewer opens T04: an inline SVG chart of 2020-2025 (result and target polylines), the yearly table agrees with
   the board, the 10 districts add up to the province, and sorting by value descending really orders them.
4. The standing office reopens 611's approved report for the first half of 2025 (through the API: the demo approved
   it, and approved data is locked; every Kon Tum unit ended on 30/06/2025, so no later period is open to 611). The
   reporter opens the entry form for 611 / 2025S1 through "Nhập số liệu": the demo values are there, and the board
   counts exactly them.
5. The reporter raises the heroin cases far above the usual: "Đã lưu" and the unusual-value warning; the board for 611 /
   2025S1 shows the new total at once.
6. -1 is refused (422) with the field named; nothing changes.
7. A second session of the reporter saves meanwhile: the first one's stale save is refused (409) with a conflict box.
8. A CSV upload with one bad row is refused with the row's number, and saves nothing; a good one is previewed (before →
   after), saved from the preview and counted.
9. The form's history of the period shows each change with the value before and after.
10. The template downloads as UTF-8 with a byte-order mark, with the rows the unit reports.

Screenshots (full pages at 1280 px, and the board at 390 px) are written to e2e/artifacts/.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from pageutil import click_and_wait, document_statuses, fill, nav_labels, nav_link, nfc, path_of, query_of, text_of, wait_for
from conftest import ARTIFACTS, Server, create_token, user_creator

PAGE_LIMIT = 100_000
SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
STYLESHEET = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet\b[^>]*>", re.IGNORECASE)

PROVINCE = "62"
DISTRICT = "611"
DISTRICT_NAME = "Huyện Ngọc Hồi"
DISTRICTS = ["608"] + [str(code) for code in range(610, 619)]
HALF_YEAR = "2025S1"
HALF_YEAR_NAME = "6 tháng đầu năm 2025"
PLAN_ID = "6f0c3959-2021-4025-8d62-000000003959"
CASES = "drug_cases_detected"  # T04's element: drug crime cases detected, by drug type
CASES_NAME = "Vụ phạm tội về ma túy được phát hiện, bắt giữ"
CATEGORIES = ["heroin", "synthetic", "cannabis", "other"]
CATEGORY_NAMES = {"heroin": "Heroin", "synthetic": "Ma túy tổng hợp", "cannabis": "Cần sa", "other": "Loại khác"}
PASSWORDS = {
    "ngochoi": "số liệu huyện Ngọc Hồi",
    "xem": "chỉ đọc bảng chỉ tiêu thôi",
}
STATUS_WORDS = {  # class suffix -> (symbol, word)
    "achieved": ("✔", "Đạt"),
    "on_track": ("➚", "Đúng tiến độ"),
    "at_risk": ("⚠", "Có nguy cơ không đạt"),
    "not_achieved": ("✘", "Không đạt"),
    "no_data": ("…", "Chưa có số liệu"),
}
# "2023: 284 so với 272 năm 2022 = +4,4%, chỉ tiêu ≥ +5%: không đạt"
GROWTH = re.compile(
    r"^(?P<period>\S+): (?P<current>[\d.]+) so với (?P<previous>[\d.]+) (?:của 6 tháng (?:đầu|cuối) )?năm (?P<previous_period>\S+) = "
    r"(?P<percent>[+-][\d.,]+)%, chỉ tiêu ≥ \+5%: (?P<verdict>.+)$")


# --- helpers -------------------------------------------------------------------------------------------------------


def submit(driver: WebDriver, form_css: str) -> None:
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"{form_css} button[type=submit]"))


def submit_expecting(driver: WebDriver, form_css: str, status: int) -> None:
    document_statuses(driver)  # forget what came before
    submit(driver, form_css)
    statuses = document_statuses(driver)
    assert statuses and statuses[-1] == status, (
        f"the form answered {statuses}, not {status}; the page says:\n{text_of(driver)[:1000]}")


def cookie_header(driver: WebDriver) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


def fetch(driver: WebDriver, url: str) -> tuple[int, dict[str, str], bytes]:
    """GET with the browser's cookies, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie_header(driver)})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers or {}), error.read()


def check_html(driver: WebDriver) -> str:
    """The page the browser shows, fetched again with its cookies: small, styled, no script."""
    url = driver.current_url.split("#")[0]
    status, _, body = fetch(driver, url)
    assert status == 200, f"{url}: status {status}"
    assert len(body) < PAGE_LIMIT, f"{url} is {len(body)} bytes"
    page = body.decode("utf-8")
    assert STYLESHEET.search(page), f"{url} has no stylesheet"
    assert not SCRIPT.search(page), f"{url} contains a <script>"
    return page


def full_page_screenshot(driver: WebDriver, name: str, width: int = 1280) -> Path:
    """The whole page at the given width (then back to the 1280x900 viewport)."""
    mobile = width < 600
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile})
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": min(int(height), 6000), "deviceScaleFactor": 1, "mobile": mobile})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    try:
        assert driver.save_screenshot(str(path)), f"chromium did not write {name}"
    finally:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    return path


def vi_int(text: str) -> int:
    """'2.526' -> 2526 (Vietnamese thousands separator)."""
    return int(text.replace(".", ""))


def vi_number(text: str) -> float:
    """'+4,4%' -> 4.4, '-5,7%' -> -5.7, '1.234,5' -> 1234.5."""
    return float(text.strip().rstrip("%").replace(".", "").replace(",", ".").replace("−", "-"))


def vi_format(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def check_growth(why: str, period: str) -> re.Match:
    """T04's explanation: its figures are the stated growth, and the growth the stated verdict (≥ 5%)."""
    match = GROWTH.match(why)
    assert match, f"T04's explanation is not in the expected form: {why!r}"
    assert match["period"] == period, why
    current, previous = vi_int(match["current"]), vi_int(match["previous"])
    shown = vi_number(match["percent"])
    if previous:
        growth = 100 * (current - previous) / previous
        assert abs(growth - shown) <= 0.051, f"{current} vs {previous} is {growth:+.2f}%, the page says {shown}%: {why}"
        if re.fullmatch(r"\d{4}", period):  # a whole year is judged, a half-year only on track or at risk
            expected = "đạt" if growth >= 5 else "không đạt"
            assert match["verdict"] == expected, f"{growth:+.2f}% against ≥ +5% should be {expected!r}: {why}"
    return match


def badge(cell) -> tuple[str, str, str]:
    """(status class suffix, symbol, word) of a status badge in a cell."""
    spans = cell.find_elements(By.CSS_SELECTOR, "span.status")
    assert len(spans) == 1, f"{len(spans)} status badges in {nfc(cell.text)!r}"
    classes = [c for c in spans[0].get_attribute("class").split() if c.startswith("status-")]
    assert len(classes) == 1, spans[0].get_attribute("class")
    kind = classes[0].removeprefix("status-")
    text = nfc(spans[0].text).strip()
    symbol, _, word = text.partition(" ")
    return kind, symbol, word


def sign_in(server: Server, driver: WebDriver, username: str, password: str) -> None:
    driver.get(server.url("/"))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "header a.signin"))
    fill(driver, "f-username", username)
    fill(driver, "f-password", password)
    submit(driver, "main form")


def signed_in_as(driver: WebDriver) -> str | None:
    who = driver.find_elements(By.CSS_SELECTOR, "header form.account .who a")
    return nfc(who[0].text).strip() if who else None


def first_sign_in(server: Server, driver: WebDriver, username: str, one_time: str) -> None:
    sign_in(server, driver, username, one_time)
    wait_for(driver, lambda d: path_of(d) == "/account/password", "the password page")
    fill(driver, "f-current", one_time)
    fill(driver, "f-new", PASSWORDS[username])
    fill(driver, "f-confirm", PASSWORDS[username])
    submit(driver, "main form")
    assert path_of(driver) == "/", f"after choosing a password: {driver.current_url}\n{text_of(driver)[:600]}"
    assert signed_in_as(driver) == username


def open_board(server: Server, driver: WebDriver, period: str, unit: str, include_unapproved: bool = False) -> None:
    """Through the navigation and the board's own period, unit and data selector (official figures unless asked)."""
    driver.get(server.url("/"))
    click_and_wait(driver, nav_link(driver, "Bảng chỉ tiêu"))
    wait_for(driver, lambda d: path_of(d).endswith("/board"), "the board")
    # The menu opens the plan serving the current year; the demonstration's is the new province's plan to 2030,
    # and these boards are Kon Tum's 2021–2025.
    if path_of(driver) != f"/plans/{PLAN_ID}/board":
        driver.get(server.url(f"/plans/{PLAN_ID}/board"))
    Select(driver.find_element(By.ID, "f-period")).select_by_value(period)
    Select(driver.find_element(By.ID, "f-unit")).select_by_value(unit)
    if include_unapproved:
        Select(driver.find_element(By.ID, "f-all")).select_by_value("1")
    submit(driver, "main form.filters")
    assert query_of(driver).get("period") == [period] and query_of(driver).get("unit") == [unit], driver.current_url


def board_rows(driver: WebDriver) -> dict[str, dict]:
    rows = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "main table.board tbody tr"):
        code = nfc(row.find_element(By.CSS_SELECTOR, "th a").text).strip()
        cells = row.find_elements(By.TAG_NAME, "td")
        kind, symbol, word = badge(cells[2])
        rows[code] = {
            "rule": nfc(cells[0].text).strip(),
            "value": nfc(cells[1].text).strip(),
            "status": kind,
            "symbol": symbol,
            "word": word,
            "why": nfc(row.find_element(By.CSS_SELECTOR, "td.why").text).strip(),
        }
    return rows


def open_entry_form(server: Server, driver: WebDriver, unit: str, period: str) -> None:
    driver.get(server.url("/"))
    click_and_wait(driver, nav_link(driver, "Nhập số liệu"))
    wait_for(driver, lambda d: path_of(d) == "/data", "the data entry page")
    Select(driver.find_element(By.ID, "f-unit")).select_by_value(unit)
    Select(driver.find_element(By.ID, "f-period")).select_by_value(period)
    submit(driver, "main form.filters")
    assert path_of(driver) == f"/data/{unit}/{period}", driver.current_url


def field_id(element: str, category: str | None = None) -> str:
    return f"f-{element}__{category}" if category else f"f-{element}"


def case_values(driver: WebDriver) -> dict[str, int]:
    values = {}
    for category in CATEGORIES:
        text = driver.find_element(By.ID, field_id(CASES, category)).get_attribute("value")
        assert re.fullmatch(r"\d+", text or ""), f"the {category} cases field holds {text!r}"
        values[category] = int(text)
    return values


def row_of(driver: WebDriver, element: str, category: str):
    return driver.find_element(By.ID, field_id(element, category)).find_element(By.XPATH, "ancestor::tr[1]")


def t04_on_board(server: Server, driver: WebDriver, period: str, unit: str) -> dict:
    # What was just entered is on the board at once — among the figures not yet approved.
    open_board(server, driver, period, unit, include_unapproved=True)
    return board_rows(driver)["T04"]


# --- the story -----------------------------------------------------------------------------------------------------


class Story:
    def __init__(self) -> None:
        self.viewer: WebDriver | None = None
        self.reporter: WebDriver | None = None
        self.second: WebDriver | None = None
        self.cases: dict[str, int] = {}  # 611 / 2025S1 as the form last showed them
        self.demo_cases: dict[str, int] = {}  # the same, as the demo made them
        self.province_2023: tuple[int, int] = (0, 0)  # T04 on the province's board: 2023 and 2022
        self.done: set[str] = set()

    def need(self, *steps: str) -> None:
        missing = [step for step in steps if step not in self.done]
        if missing:
            pytest.skip(f"needs the earlier step(s) {', '.join(missing)} of this module, which did not pass")

    @property
    def total(self) -> int:
        return sum(self.cases.values())


@pytest.fixture(scope="module")
def story(demo_server: Server, browsers) -> Story:
    return Story()


def office_api(server: Server, token: str, method: str, path: str, body: dict | None = None) -> object:
    request = urllib.request.Request(
        server.url(path), method=method, data=None if body is None else json.dumps(body).encode("utf-8"),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def reopen_half_year_report(server: Server) -> None:
    """The standing office reopens 611's report for HALF_YEAR if the demo approved it, so that its data can change."""
    token = create_token(server, "standing_office", "62-CAT", "e2e-board-office")
    rounds = office_api(server, token, "GET", f"/api/v1/plans/{PLAN_ID}/rounds")
    round_id = next(r["id"] for r in rounds if r["period"] == HALF_YEAR)
    report = next(s for s in office_api(server, token, "GET", f"/api/v1/rounds/{round_id}/submissions") if s["orgunit"] == DISTRICT)
    if report["state"] == "approved":
        reopened = office_api(server, token, "POST", f"/api/v1/submissions/{report['id']}/reopen",
                              {"version": report["version"], "comment": "Mở lại để huyện bổ sung số liệu (kiểm thử)."})
        assert reopened["state"] != "approved", reopened


def test_accounts_for_a_district_reporter_and_a_viewer(story: Story, demo_server: Server, browsers):
    reopen_half_year_report(demo_server)
    create = user_creator(demo_server)
    one_time = {"ngochoi": create("ngochoi", "district_reporter", DISTRICT), "xem": create("xem", "viewer", PROVINCE)}

    story.viewer = browsers()
    story.viewer.get(demo_server.url("/"))
    assert "Bảng chỉ tiêu" not in nav_labels(story.viewer), "the board is for signed-in users"
    first_sign_in(demo_server, story.viewer, "xem", one_time["xem"])
    labels = nav_labels(story.viewer)
    assert "Bảng chỉ tiêu" in labels and "Nhập số liệu" not in labels, labels

    story.reporter = browsers()
    first_sign_in(demo_server, story.reporter, "ngochoi", one_time["ngochoi"])
    labels = nav_labels(story.reporter)
    assert "Bảng chỉ tiêu" in labels and "Nhập số liệu" in labels, labels
    story.done.add("accounts")


def test_the_board_of_2023(story: Story, demo_server: Server):
    story.need("accounts")
    v = story.viewer
    open_board(demo_server, v, "2023", PROVINCE)
    check_html(v)
    assert text_of(v, "main h1") == "Bảng chỉ tiêu · Tỉnh Kon Tum · năm 2023", text_of(v, "main h1")

    rows = board_rows(v)
    assert list(rows) == [f"T{n:02d}" for n in range(1, 17)], list(rows)
    for code, row in rows.items():
        assert row["status"] in STATUS_WORDS, (code, row)
        assert (row["symbol"], row["word"]) == STATUS_WORDS[row["status"]], (code, row)
        assert row["why"], f"{code} has no explanation"
    words = [row["word"] for row in rows.values()]
    assert "Đạt" in words and "Không đạt" in words, words
    # Every measurable target has figures from the demo data; T16 is qualitative.
    assert [code for code, row in rows.items() if row["status"] == "no_data"] == ["T16"], {
        code: row["why"] for code, row in rows.items() if row["status"] == "no_data"}
    for code, row in rows.items():
        if code != "T16":
            assert row["why"].startswith("2023: "), (code, row["why"])

    # The summary counts the rows.
    summary = {}
    for item in v.find_elements(By.CSS_SELECTOR, "main ul.status-summary li"):
        kind = [c for c in item.get_attribute("class").split() if c.startswith("status-")][0].removeprefix("status-")
        summary[kind] = int(item.find_element(By.TAG_NAME, "strong").text)
    assert set(summary) == set(STATUS_WORDS), summary
    assert summary == {kind: sum(1 for row in rows.values() if row["status"] == kind) for kind in STATUS_WORDS}, summary

    # T04's figures add up, and its value is the growth the explanation states.
    t04 = rows["T04"]
    assert t04["rule"] == "Tăng ≥ 5% so với năm trước", t04
    match = check_growth(t04["why"], "2023")
    assert match["previous_period"] == "2022", t04["why"]
    assert t04["value"] == match["percent"] + "%", t04
    assert t04["word"] == match["verdict"].capitalize(), t04
    story.province_2023 = (vi_int(match["current"]), vi_int(match["previous"]))

    full_page_screenshot(v, "board.png")
    full_page_screenshot(v, "board-390.png", width=390)
    story.done.add("board")


def test_the_page_of_T04(story: Story, demo_server: Server):
    story.need("board")
    v = story.viewer
    current, previous = story.province_2023
    link = v.find_element(By.CSS_SELECTOR, "main table.board tbody tr th a[href*='/board/T04']")
    click_and_wait(v, link)
    assert path_of(v).endswith("/board/T04"), v.current_url
    assert query_of(v).get("period") == ["2023"] and query_of(v).get("unit") == [PROVINCE], v.current_url
    check_html(v)
    assert text_of(v, "main h1").startswith("T04 · "), text_of(v, "main h1")

    # The chart: an inline SVG drawn by the server, 2020-2025, the result and the target as lines.
    charts = v.find_elements(By.CSS_SELECTOR, "main svg.chart")
    assert len(charts) == 1, f"{len(charts)} svg.chart on the page"
    chart = charts[0]
    assert len(chart.find_elements(By.TAG_NAME, "polyline")) >= 2, "the result and the target should both be lines"
    labels = [nfc(t.get_attribute("textContent")).strip() for t in chart.find_elements(By.TAG_NAME, "text")]
    for year in range(2020, 2026):
        assert str(year) in labels, f"{year} is not on the chart: {labels}"
    assert chart.size["width"] > 300 and chart.size["height"] > 150, chart.size

    # The yearly table agrees with the board.
    years = [nfc(th.text) for th in v.find_elements(By.CSS_SELECTOR, "main table.trend thead th")][1:]
    assert years == [str(y) for y in range(2020, 2026)], years
    results = [nfc(td.text) for td in v.find_elements(By.CSS_SELECTOR, "main table.trend tbody tr:first-child td")]
    by_year = dict(zip(years, results))
    assert vi_int(by_year["2023"]) == current and vi_int(by_year["2022"]) == previous, (by_year, current, previous)
    for value in results:
        assert value in labels, f"the chart does not label {value}: {labels}"

    # The districts: 10 rows that add up to the province.
    def districts():
        rows = []
        for row in v.find_elements(By.CSS_SELECTOR, "main table.sortable tbody tr"):
            cells = row.find_elements(By.TAG_NAME, "td")
            rows.append({"code": nfc(cells[0].text), "name": nfc(cells[1].text), "value": nfc(cells[2].text),
                         "word": badge(cells[3])[2], "why": nfc(cells[4].text)})
        return rows

    rows = districts()
    assert [row["code"] for row in rows] == DISTRICTS, [row["code"] for row in rows]
    figures = {row["code"]: check_growth(row["why"], "2023") for row in rows}
    assert sum(vi_int(m["current"]) for m in figures.values()) == current, "the districts do not add up to the province"
    assert sum(vi_int(m["previous"]) for m in figures.values()) == previous
    for row in rows:
        assert row["value"] == figures[row["code"]]["percent"] + "%", row
        assert row["word"] == figures[row["code"]]["verdict"].capitalize(), row

    # Sorting by value: the header link, then again for descending.
    def header(label: str):
        links = [a for a in v.find_elements(By.CSS_SELECTOR, "main table.sortable thead th a")
                 if nfc(a.text).startswith(label)]
        assert len(links) == 1, [nfc(a.text) for a in v.find_elements(By.CSS_SELECTOR, "main table.sortable thead th a")]
        return links[0]

    click_and_wait(v, header("Kết quả"))
    assert query_of(v).get("sort") == ["value"], v.current_url
    ascending = [vi_number(row["value"]) for row in districts()]
    assert ascending == sorted(ascending), ascending
    descending_link = header("Kết quả")
    assert "dir=desc" in descending_link.get_attribute("href"), descending_link.get_attribute("href")
    click_and_wait(v, descending_link)
    assert query_of(v).get("sort") == ["value"] and query_of(v).get("dir") == ["desc"], v.current_url
    check_html(v)
    sorted_rows = districts()
    values = [vi_number(row["value"]) for row in sorted_rows]
    assert values == sorted(values, reverse=True), values
    assert values[0] > values[-1], f"all districts have the same value: {values}"
    assert sorted(row["code"] for row in sorted_rows) == DISTRICTS
    assert "▼" in nfc(header("Kết quả").text), nfc(header("Kết quả").text)

    v.get(v.current_url.split("?")[0] + "?period=2023&unit=62")
    full_page_screenshot(v, "target-T04.png")
    story.done.add("target")


def test_the_entry_form_shows_the_demo_values(story: Story, demo_server: Server):
    story.need("accounts")
    r = story.reporter
    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    check_html(r)
    assert text_of(r, "main h1") == f"{DISTRICT_NAME} · {HALF_YEAR_NAME}", text_of(r, "main h1")
    story.cases = case_values(r)
    story.demo_cases = dict(story.cases)
    assert story.cases["heroin"] > 0, f"the demo should have heroin cases at {DISTRICT} in {HALF_YEAR}: {story.cases}"
    for category in CATEGORIES:
        assert "demo" in nfc(row_of(r, CASES, category).find_element(By.CSS_SELECTOR, "td.meta").text)
    assert r.find_element(By.CSS_SELECTOR, f"main form.entry input[name=v_{CASES}__heroin]")
    assert r.find_element(By.CSS_SELECTOR, f"main form.entry input[type=hidden][name=ver_{CASES}__heroin]")

    # The board counts exactly these.
    t04 = t04_on_board(demo_server, r, HALF_YEAR, DISTRICT)
    match = check_growth(t04["why"], HALF_YEAR)
    assert vi_int(match["current"]) == story.total, (t04["why"], story.cases)
    story.done.add("form")


def test_an_unusual_value_is_saved_with_a_warning_and_reaches_the_board(story: Story, demo_server: Server):
    story.need("form")
    r = story.reporter
    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    assert case_values(r) == story.cases
    heroin = story.cases["heroin"] + 500
    fill(r, field_id(CASES, "heroin"), str(heroin))
    submit_expecting(r, "main form.entry", 200)
    assert "Đã lưu" in text_of(r, "main .notice-ok"), text_of(r)[:800]
    story.cases["heroin"] = heroin
    warning = text_of(r, "main .notice-warn")
    assert "chênh lệch nhiều so với các kỳ trước" in warning, warning
    assert f"{CASES_NAME}: {vi_format(story.total)}" in warning, warning
    assert case_values(r) == story.cases
    assert "ngochoi" in nfc(row_of(r, CASES, "heroin").find_element(By.CSS_SELECTOR, "td.meta").text)
    full_page_screenshot(r, "entry-saved.png")

    t04 = t04_on_board(demo_server, r, HALF_YEAR, DISTRICT)
    match = check_growth(t04["why"], HALF_YEAR)
    assert vi_int(match["current"]) == story.total, f"the board should count {story.total} at once: {t04['why']}"
    assert t04["status"] in ("achieved", "on_track"), t04
    story.done.add("saved")


def test_a_negative_value_is_refused_and_nothing_changes(story: Story, demo_server: Server):
    story.need("saved")
    r = story.reporter
    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    fill(r, field_id(CASES, "heroin"), "-1")
    submit_expecting(r, "main form.entry", 422)
    summary = text_of(r, "main .error-summary")
    assert "Chưa lưu gì" in summary, summary
    items = [nfc(li.text) for li in r.find_elements(By.CSS_SELECTOR, "main .error-summary li")]
    assert len(items) == 1 and "Heroin" in items[0] and "số nguyên không âm" in items[0], items
    link = r.find_element(By.CSS_SELECTOR, "main .error-summary li a")
    assert link.get_attribute("href").endswith("#" + field_id(CASES, "heroin")), link.get_attribute("href")
    row = row_of(r, CASES, "heroin")
    assert "has-error" in row.get_attribute("class").split(), row.get_attribute("class")
    assert "số nguyên không âm" in nfc(row.find_element(By.CSS_SELECTOR, ".error").text)
    assert r.find_element(By.ID, field_id(CASES, "heroin")).get_attribute("value") == "-1", "the input should be kept"
    assert r.find_element(By.ID, field_id(CASES, "heroin")).get_attribute("aria-invalid") == "true"

    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    assert case_values(r) == story.cases, "the refused save changed something"
    t04 = t04_on_board(demo_server, r, HALF_YEAR, DISTRICT)
    assert vi_int(check_growth(t04["why"], HALF_YEAR)["current"]) == story.total, t04["why"]
    story.done.add("refused")


def test_a_stale_save_is_refused_with_the_conflict(story: Story, demo_server: Server, browsers):
    story.need("saved")
    r = story.reporter
    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)  # the form, as of now

    # Meanwhile the same district saves from another session.
    second = story.second = browsers()
    sign_in(demo_server, second, "ngochoi", PASSWORDS["ngochoi"])
    assert signed_in_as(second) == "ngochoi"
    open_entry_form(demo_server, second, DISTRICT, HALF_YEAR)
    other = story.cases["other"] + 1
    fill(second, field_id(CASES, "other"), str(other))
    submit_expecting(second, "main form.entry", 200)
    story.cases["other"] = other

    # The first session, on its stale form, changes cannabis and the same "other" cases: refused, nothing of it saved
    # (a field it had not changed would not have been written, nor been a conflict).
    fill(r, field_id(CASES, "cannabis"), str(story.cases["cannabis"] + 7))
    fill(r, field_id(CASES, "other"), str(other + 5))
    submit_expecting(r, "main form.entry", 409)
    conflict = text_of(r, "main .conflict")
    assert "Chưa lưu gì" in conflict, conflict
    rows = [[nfc(cell.text) for cell in row.find_elements(By.CSS_SELECTOR, "th, td")]
            for row in r.find_elements(By.CSS_SELECTOR, "main .conflict tbody tr")]
    assert [row[0] for row in rows] == [f"{CASES_NAME} — Loại khác"], rows
    assert rows[0][1].startswith(f"{other} (ngochoi, "), rows
    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    assert case_values(r) == story.cases, "the stale save changed something"
    story.done.add("conflict")


def _import(driver: WebDriver, server: Server, path: Path, status: int) -> None:
    driver.get(server.url("/"))
    click_and_wait(driver, nav_link(driver, "Nhập số liệu"))
    links = [a for a in driver.find_elements(By.CSS_SELECTOR, "main a[href='/data/import']")]
    assert links, "no link to the import on /data"
    click_and_wait(driver, links[0])
    assert path_of(driver) == "/data/import", driver.current_url
    check_html(driver)
    driver.find_element(By.CSS_SELECTOR, "main input[type=file][name=file]").send_keys(str(path))
    submit_expecting(driver, "main form[action='/data/import']", status)


def test_an_import_with_a_bad_row_saves_nothing(story: Story, demo_server: Server, tmp_path: Path):
    story.need("saved")
    r = story.reporter
    path = tmp_path / "so-lieu-sai.csv"
    path.write_text(
        "element,unit,period,category,value\n"
        f"{CASES},{DISTRICT},{HALF_YEAR},synthetic,{story.cases['synthetic'] + 1}\n"
        f"{CASES},{DISTRICT},{HALF_YEAR},cannabis,-4\n",
        encoding="utf-8")
    _import(r, demo_server, path, 422)
    summary = text_of(r, "main .error-summary")
    assert "so-lieu-sai.csv" in summary and "chưa lưu gì" in summary, summary
    rows = [[nfc(cell.text) for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in r.find_elements(By.CSS_SELECTOR, "main .error-summary table tbody tr")]
    assert len(rows) == 1 and rows[0][0] == "3", f"one error, on line 3 (the header is line 1): {rows}"
    assert rows[0][1].startswith("value:") and "không âm" in rows[0][1], rows

    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    assert case_values(r) == story.cases, "a refused import must save nothing, not even its good rows"
    story.done.add("import-refused")


def test_a_good_import_is_saved_and_counted(story: Story, demo_server: Server, tmp_path: Path):
    story.need("saved")
    r = story.reporter
    synthetic, cannabis = story.cases["synthetic"] + 1, story.cases["cannabis"] + 2
    path = tmp_path / "so-lieu-dung.csv"
    # As a spreadsheet writes it: a byte-order mark and CRLF line ends.
    path.write_bytes((
        "\ufeffelement,unit,period,category,value\r\n"
        f"{CASES},{DISTRICT},{HALF_YEAR},synthetic,{synthetic}\r\n"
        f"{CASES},{DISTRICT},{HALF_YEAR},cannabis,{cannabis}\r\n").encode("utf-8"))
    _import(r, demo_server, path, 200)
    # Checked, not saved yet: the preview shows each value before and after, and saves only from its own button.
    preview = text_of(r, "main section.preview")
    assert "Kiểm tra trước khi lưu: so-lieu-dung.csv" in preview and "2 số liệu thay đổi" in preview, preview
    full_page_screenshot(r, "import-preview.png")
    submit_expecting(r, "main section.preview form", 200)
    notice = text_of(r, "main .notice-ok")
    assert "so-lieu-dung.csv" in notice and "2 dòng" in notice, notice
    full_page_screenshot(r, "import-saved.png")
    story.cases.update(synthetic=synthetic, cannabis=cannabis)

    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    assert case_values(r) == story.cases, "the imported values are not in the form"
    t04 = t04_on_board(demo_server, r, HALF_YEAR, DISTRICT)
    assert vi_int(check_growth(t04["why"], HALF_YEAR)["current"]) == story.total, t04["why"]
    story.done.add("imported")


def test_the_history_shows_each_change_before_and_after(story: Story, demo_server: Server):
    story.need("saved", "conflict", "imported")
    r = story.reporter
    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    headings = [nfc(th.text) for th in r.find_elements(By.CSS_SELECTOR, "main table.audit thead th")]
    assert headings == ["Thời gian", "Ai", "Chỉ số", "Trước", "Sau", "Cách"], headings
    rows = [[nfc(td.text) for td in row.find_elements(By.TAG_NAME, "td")]
            for row in r.find_elements(By.CSS_SELECTOR, "main table.audit tbody tr")]
    newest: dict[str, list[str]] = {}
    for row in rows:  # newest first
        newest.setdefault(row[2], row)
    changed = {
        "heroin": story.demo_cases["heroin"],  # entered once (the refused and stale saves changed nothing)
        "other": story.demo_cases["other"],  # entered from the second session
        "synthetic": story.demo_cases["synthetic"],  # imported
        "cannabis": story.demo_cases["cannabis"],  # imported
    }
    found = {}
    for category, before in changed.items():
        label = f"{CASES_NAME} — {CATEGORY_NAMES[category]}"
        assert label in newest, f"no history row for {label}: {rows}"
        when, who, _, shown_before, shown_after, how = newest[label]
        assert who == "ngochoi", newest[label]
        found[category] = (vi_int(shown_before), vi_int(shown_after))
    expected = {category: (before, story.cases[category]) for category, before in changed.items()}
    assert found == expected, f"history (before, after) {found}, expected {expected}"


def test_the_template_lists_what_the_unit_reports(story: Story, demo_server: Server):
    story.need("form")
    r = story.reporter
    open_entry_form(demo_server, r, DISTRICT, HALF_YEAR)
    fields = sorted(e.get_attribute("name")[2:] for e in r.find_elements(By.CSS_SELECTOR, "main form.entry input[name^=v_]"))
    status, headers, body = fetch(r, demo_server.url("/data/template.csv"))
    assert status == 200, status
    assert headers.get("Content-Type", headers.get("content-type", "")).startswith("text/csv"), headers
    assert body.startswith(b"\xef\xbb\xbf"), "the template should start with a UTF-8 byte-order mark (for Excel)"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Mã chỉ số [element]", "Mã đơn vị [unit]", "Kỳ [period]", "Mã phân tổ [category]", "Giá trị [value]"], rows[0]
    assert {row[1] for row in rows[1:]} == {DISTRICT}, {row[1] for row in rows[1:]}
    assert all(row[4] == "" for row in rows[1:]), "the template's values should be empty"
    listed = sorted(f"{row[0]}__{row[3]}" if row[3] else row[0] for row in rows[1:])
    assert listed == fields, f"the template lists {listed}, the form asks for {fields}"
