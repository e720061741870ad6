"""A user's walk through pcmt in a real headless chromium.

Each test starts from a clean browser (no cookies, Vietnamese) and checks what a user sees. Every page reached is also
fetched as raw HTML and held to the foundation's rules: under 100 kB, one stylesheet link, no script.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from pageutil import nfc
from conftest import REPO_ROOT, Server

PAGE_LIMIT = 100_000  # bytes of HTML per page
PLAN_NUMBER = "3959/KH-UBND"
PLAN_HEADING = "Kế hoạch thực hiện Chương trình phòng, chống ma túy giai đoạn 2021-2025"
# The commune the plan names in key task 3 ("xã Pờ Y, huyện Ngọc Hồi"); the official GSO list spells it "Xã Bờ Y".
COMMUNE_NAME = "Xã Bờ Y"
COMMUNE_CODE = "23395"
DISTRICT_NAME = "Huyện Ngọc Hồi"
DISTRICT_CODE = "611"

STYLESHEET = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet\b[^>]*>", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b", re.IGNORECASE)

checked_pages: dict[str, int] = {}


def text_of(driver: WebDriver, css: str = "body") -> str:
    return nfc(driver.find_element(By.CSS_SELECTOR, css).text)


def check_page(server: Server, driver: WebDriver) -> str:
    """Fetch the page the browser shows, as the browser would, and check its raw HTML."""
    url = driver.current_url
    assert url.startswith(server.base_url), f"left the site: {url}"
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url.split("#")[0], headers={"Cookie": cookies} if cookies else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200, f"{url}: status {response.status}"
        assert response.headers.get_content_type() == "text/html", f"{url}: {response.headers['Content-Type']}"
        body = response.read()
    html = body.decode("utf-8")
    path = urlsplit(url).path + (("?" + urlsplit(url).query) if urlsplit(url).query else "")
    assert len(body) < PAGE_LIMIT, f"{path} is {len(body)} bytes, over {PAGE_LIMIT}"
    assert STYLESHEET.search(html), f"{path} has no <link rel=stylesheet>"
    assert not SCRIPT.search(html), f"{path} contains a <script> element"
    checked_pages[path] = len(body)
    return html


def wait_for_path(driver: WebDriver, path_prefix: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: urlsplit(d.current_url).path.startswith(path_prefix))


def nav_link(driver: WebDriver, label: str):
    for link in driver.find_elements(By.CSS_SELECTOR, "header nav a"):
        if nfc(link.text).strip() == label:
            return link
    labels = [nfc(a.text) for a in driver.find_elements(By.CSS_SELECTOR, "header nav a")]
    raise AssertionError(f"no navigation link {label!r}; the navigation has {labels}")


def nav_labels(driver: WebDriver) -> list[str]:
    return [nfc(a.text).strip() for a in driver.find_elements(By.CSS_SELECTOR, "header nav a")]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture()
def page(browser: WebDriver, server: Server) -> WebDriver:
    """A browser at the home page, Vietnamese, no cookies."""
    browser.get(server.url("/"))
    browser.delete_all_cookies()
    browser.get(server.url("/"))
    return browser


def test_home_shows_the_plan(page: WebDriver, server: Server, artifacts: Path):
    check_page(server, page)
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert PLAN_NUMBER in page.title
    assert nfc(page.find_element(By.CSS_SELECTOR, "main .kicker").text) == f"Kế hoạch số {PLAN_NUMBER}"
    heading = text_of(page, "main h1")
    assert heading.startswith(PLAN_HEADING), heading
    identity = text_of(page, "main dl.identity")
    for expected in (PLAN_NUMBER, "03/11/2021", "Ủy ban nhân dân tỉnh Kon Tum", "1452/QĐ-TTg", "2021–2025"):
        assert expected in identity, f"{expected!r} not in the plan identity: {identity!r}"
    main = text_of(page, "main")
    assert "Mục tiêu chung" in main and "Mục tiêu cụ thể" in main

    shot = artifacts / "home.png"
    assert page.save_screenshot(str(shot)), "chromium did not write a screenshot"
    assert png_size(shot) == (1280, 900), png_size(shot)
    # The README's picture is refreshed only on request, or every run would leave the working tree changed.
    if os.environ.get("PCMT_UPDATE_SCREENSHOT") == "1":
        docs = REPO_ROOT / "docs"
        docs.mkdir(exist_ok=True)
        shutil.copyfile(shot, docs / "screenshot.png")


def test_nav_leads_to_the_targets(page: WebDriver, server: Server):
    nav_link(page, "Chỉ tiêu").click()
    wait_for_path(page, "/plans/")
    assert urlsplit(page.current_url).path.endswith("/targets")
    check_page(server, page)
    assert text_of(page, "main h1") == "Mục tiêu cụ thể"
    rows = page.find_elements(By.CSS_SELECTOR, "main tr[id]")
    ids = [row.get_attribute("id") for row in rows]
    assert ids == [f"T{n:02d}" for n in range(1, 17)], ids
    rules = [nfc(cell.text) for cell in page.find_elements(By.CSS_SELECTOR, "main td.rule")]
    assert len(rules) == 16
    assert any("≥ 5%" in rule for rule in rules), rules
    assert any("> 80%" in rule for rule in rules), rules
    assert "100%" in rules, rules
    assert "16 chỉ tiêu" in text_of(page, "main .lead")


def test_language_switch_is_remembered(page: WebDriver, server: Server):
    nav_link(page, "Chỉ tiêu").click()
    wait_for_path(page, "/plans/")
    targets_path = urlsplit(page.current_url).path

    page.find_element(By.LINK_TEXT, "English").click()
    WebDriverWait(page, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert urlsplit(page.current_url).path == targets_path, "the switch should come back to the same page"
    check_page(server, page)
    labels = nav_labels(page)
    assert "Targets" in labels and "Chỉ tiêu" not in labels, labels
    assert text_of(page, "main h1") == "Specific targets"
    main = text_of(page, "main")
    # The plan's own text stays as written.
    assert "Phấn đấu tăng số xã, phường, thị trấn không có tệ nạn ma túy" in main
    assert page.find_element(By.LINK_TEXT, "Tiếng Việt")
    assert any(c["name"] == "pcmt_lang" and c["value"] == "en" for c in page.get_cookies()), page.get_cookies()

    page.refresh()
    assert "Targets" in nav_labels(page)
    page.get(server.url("/"))
    check_page(server, page)
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "Targets" in nav_labels(page)
    assert PLAN_HEADING in text_of(page, "main h1")

    page.find_element(By.LINK_TEXT, "Tiếng Việt").click()
    WebDriverWait(page, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
    assert urlsplit(page.current_url).path == "/"
    check_page(server, page)
    labels = nav_labels(page)
    assert "Chỉ tiêu" in labels and "Targets" not in labels, labels
    page.refresh()
    assert "Chỉ tiêu" in nav_labels(page)


def test_assignee_page(page: WebDriver, server: Server):
    nav_link(page, "Phân công").click()
    wait_for_path(page, "/plans/")
    check_page(server, page)
    assert "21 đơn vị được phân công" in text_of(page, "main")
    assignees = page.find_elements(By.CSS_SELECTOR, "main tbody tr")
    assert len(assignees) == 21, len(assignees)

    page.find_element(By.CSS_SELECTOR, "main tbody").find_element(By.LINK_TEXT, "Công an tỉnh").click()
    wait_for_path(page, "/plans/")
    assert urlsplit(page.current_url).path.endswith("/assignments/1")
    check_page(server, page)
    assert text_of(page, "main h1") == "1. Công an tỉnh"
    labels = [nfc(e.text) for e in page.find_elements(By.CSS_SELECTOR, "main ol.duties > li > .label")]
    assert labels == ["a.", "b.", "c.", "d."], labels
    main = text_of(page, "main")
    assert "Dự án 1" in main
    assert "Phòng, chống và kiểm soát ma túy qua biên giới" in main
    for n in (1, 2, 3):
        assert f"Tiểu dự án {n}" in main
    for project in ("Dự án 2", "Dự án 3", "Dự án 4"):
        assert project in main


def test_commune_page(page: WebDriver, server: Server):
    nav_link(page, "Đơn vị").click()
    wait_for_path(page, "/orgunits")
    check_page(server, page)
    main = text_of(page, "main")
    assert "10 huyện/thành phố, 102 xã/phường/thị trấn" in main, main[:300]

    assert page.find_element(By.CSS_SELECTOR, f"main a[href='/orgunits/{DISTRICT_CODE}']").text == DISTRICT_NAME
    # By its address: since 01/07/2025 the new province has a Xã Bờ Y of its own (23377), listed first.
    commune = page.find_element(By.CSS_SELECTOR, f"main a[href='/orgunits/{COMMUNE_CODE}']")
    assert commune.get_attribute("textContent") == COMMUNE_NAME
    assert "Tỉnh Quảng Ngãi" in main and "96 xã/phường/thị trấn" in main, main[:300]
    if not commune.is_displayed():
        # Folded under its district (<details>): open it by its summary's text, not by the district's link.
        summary = commune.find_element(By.XPATH, "ancestor::details[1]/summary")
        summary.find_element(By.TAG_NAME, "small").click()
    WebDriverWait(page, 10).until(EC.visibility_of(commune))
    commune.click()
    wait_for_path(page, f"/orgunits/{COMMUNE_CODE}")
    check_page(server, page)
    assert text_of(page, "main h1") == COMMUNE_NAME
    identity = text_of(page, "main dl.identity")
    assert COMMUNE_CODE in identity, identity
    parent = page.find_element(By.CSS_SELECTOR, "main .kicker").find_element(By.LINK_TEXT, DISTRICT_NAME)
    assert urlsplit(parent.get_attribute("href")).path == f"/orgunits/{DISTRICT_CODE}"
    assert "Tỉnh Kon Tum" in text_of(page, "main .kicker")

    parent.click()
    wait_for_path(page, f"/orgunits/{DISTRICT_CODE}")
    check_page(server, page)
    assert text_of(page, "main h1") == DISTRICT_NAME
    assert page.find_elements(By.LINK_TEXT, COMMUNE_NAME), "the district page should list its communes"


def test_search_ignores_diacritics(page: WebDriver, server: Server):
    box = page.find_element(By.CSS_SELECTOR, "header form[role=search] input[name=q]")
    box.send_keys("ngoc hoi")
    box.submit()
    wait_for_path(page, "/search")
    check_page(server, page)
    results = page.find_elements(By.CSS_SELECTOR, "main ol.results a")
    names = [nfc(a.text) for a in results]
    assert DISTRICT_NAME in names, names
    page.find_element(By.CSS_SELECTOR, "main ol.results").find_element(By.LINK_TEXT, DISTRICT_NAME).click()
    wait_for_path(page, f"/orgunits/{DISTRICT_CODE}")
    check_page(server, page)


def test_every_page_visited_was_checked():
    # Runs last in this file: the pages above were all small, styled and script-free (check_page asserts each one).
    assert len(checked_pages) >= 8, checked_pages
    print("\n".join(f"  {size:>7} B  {path}" for path, size in sorted(checked_pages.items())))
