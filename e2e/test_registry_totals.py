"""Issue 17's "Done when" in real Chromium on a demo server: the boards move at once with the registry.

In the demonstration, two communes of the new Tỉnh Quảng Ngãi formed from Kon Tum's keep registers of made-up people,
and their registry figures are derived from them (from 2025); the standing office finds them on its index of
registers. The officer of the first registers a made-up addict managed since October 2025, records a counselling
session of November 2025, and asks to move the record to the second, whose officer accepts it. After each step,
without anything else done:

- Kế hoạch 3959's board of 2025 for Kon Tum's territory (62, all data): T02 (the growth of addicts) moves after the
  registration, and T03 (the share of managed people who reached a service) after the service;
- the successor plan's board of 2026: T06 (addicts against 2025) does not move while the move waits, and moves for
  both communes once the second accepts it (the first keeps him in 2025, not in 2026);
- the standing office's page of the first commune's figures shows them derived from the register, saved equal to
  counted.

Nothing but synthetic data; the ID number begins with 999, no province's code.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from conftest import Server, _start_server, user_creator
from pageutil import fill, nfc, path_of, text_of, wait_for
from test_board_and_entry import sign_in, submit, submit_expecting
from test_successor_plan import board_rows

PLAN_3959 = "6f0c3959-2021-4025-8d62-000000003959"
PLAN_2030 = "6f0c2030-2026-4030-8d62-000000002030"
PASSWORDS = {"tong_first": "sổ của xã thứ nhất đủ dài", "tong_second": "sổ của xã thứ hai đủ dài", "tong_so51": "thường trực tỉnh đủ dài"}


@pytest.fixture(scope="module")
def registry_server(artifacts):
    """A demo server of this module's own: the registrations here change its boards only."""
    yield from _start_server(artifacts, "server-registry-totals", ("--demo",))


def account(server: Server, browsers, username: str, role: str, unit: str) -> WebDriver:
    one_time = user_creator(server)(username, role, unit)
    driver = browsers()
    sign_in(server, driver, username, one_time)
    wait_for(driver, lambda d: path_of(d) == "/account/password", "the password page")
    fill(driver, "f-current", one_time)
    fill(driver, "f-new", PASSWORDS[username])
    fill(driver, "f-confirm", PASSWORDS[username])
    submit(driver, "main form")
    return driver


def board(server: Server, driver: WebDriver, plan: str, period: str, unit: str) -> dict[str, dict[str, str]]:
    driver.get(server.url(f"/plans/{plan}/board?period={period}&unit={unit}&all=1"))
    rows = board_rows(driver)
    assert rows, f"no board rows at {driver.current_url}:\n{text_of(driver)[:800]}"
    return rows


def set_day(driver: WebDriver, field_id: str, day: str) -> None:
    """A date field's value, set as the date picker would set it (typing into it depends on the browser's locale)."""
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field_id), day)


def test_a_record_changed_by_a_commune_moves_the_boards_at_once(registry_server: Server, browsers):
    server = registry_server
    office = account(server, browsers, "tong_so51", "standing_office", "51-CAT")
    # The registers of the demonstration: the communes with records, from the standing office's index.
    office.get(server.url("/registry"))
    kept = []
    for row in office.find_elements(By.CSS_SELECTOR, "table.registry-communes tbody tr"):
        cells = row.find_elements(By.CSS_SELECTOR, "td.num")
        if int(nfc(cells[0].text).strip() or "0") > 0:
            kept.append(row.get_attribute("id").removeprefix("commune-"))
    assert len(kept) >= 2, f"the demo has registers in {kept}:\n{text_of(office)[:800]}"
    first, second = kept[0], kept[1]
    tumorong = account(server, browsers, "tong_first", "commune_officer", first)
    boy = account(server, browsers, "tong_second", "commune_officer", second)

    def t06(unit: str) -> str:
        return board(server, office, PLAN_2030, "2026", unit)["T06"]["value"]

    before_2025 = board(server, office, PLAN_3959, "2025", "62")
    before_tumorong, before_boy = t06(first), t06(second)

    # 1. Registered: an addict managed since 01/10/2025.
    tumorong.get(server.url(f"/registry/communes/{first}/new"))
    fill(tumorong, "f-fullName", "Đinh Văn Mẫu Thử")
    Select(tumorong.find_element(By.ID, "f-sex")).select_by_value("male")
    fill(tumorong, "f-birth", "1992")
    fill(tumorong, "f-idNumber", "999092000777")
    fill(tumorong, "f-address", "Thôn Mẫu, số 1")
    Select(tumorong.find_element(By.ID, "f-status")).select_by_value("addict")
    set_day(tumorong, "f-statusOn", "2025-09-30")
    fill(tumorong, "f-statusBody", "Trạm y tế xã")
    set_day(tumorong, "f-managedFrom", "2025-10-01")
    submit_expecting(tumorong, "main form", 200)
    record = path_of(tumorong)
    assert record.startswith("/registry/people/"), tumorong.current_url

    # T02 (addicts in 2025, against 2024) moved at once. (T06 compares 2026 with 2025: he counts in both.)
    after_2025 = board(server, office, PLAN_3959, "2025", "62")
    assert after_2025["T02"] != before_2025["T02"], (before_2025["T02"], after_2025["T02"])
    # The board says which figures are derived from registers, and in how many communes.
    assert "Tính từ sổ quản lý của xã, phường (không nhập tay)" in nfc(text_of(office)), text_of(office)[:1500]

    # 2. A counselling session in November 2025: T03's share of people reached moves.
    fill(tumorong, "f-purpose", "Ghi nhận dịch vụ tư vấn")
    submit_expecting(tumorong, "main form", 200)
    Select(tumorong.find_element(By.CSS_SELECTOR, "#registry-services ~ form #f-kind")).select_by_value("counselling")
    set_day(tumorong, "f-on-services", "2025-11-05")
    submit_expecting(tumorong, "#registry-services ~ form", 200)
    served = board(server, office, PLAN_3959, "2025", "62")
    assert served["T03"] != after_2025["T03"], (after_2025["T03"], served["T03"])

    # 3. Moved to the second commune: nothing moves until it accepts; then both communes' 2026 move.
    Select(tumorong.find_element(By.CSS_SELECTOR, "#registry-transfer ~ form #f-to")).select_by_value(second)
    submit_expecting(tumorong, "#registry-transfer ~ form", 200)
    assert t06(second) == before_boy, "not before it is accepted"
    boy.get(server.url(f"/registry/communes/{second}"))
    submit_expecting(boy, "section[aria-labelledby=registry-incoming] form", 200)
    # The person was in the first commune on 31/12/2025 and is in the second now: the first's 2026 loses him, its 2025 keeps him.
    moved = t06(first)
    assert moved != before_tumorong, (before_tumorong, moved)
    assert t06(second) != before_boy

    # 4. The standing office's page of the first commune's figures: derived, saved equal to counted.
    office.get(server.url(f"/registry/communes/{first}/sources?period=2026S2"))
    page = nfc(text_of(office))
    assert "Tính từ sổ quản lý người sử dụng, người nghiện từ năm 2025" in page, page[:1500]
    # A derived figure is the register's count; typed figures of the other registers may differ from their counts.
    assert office.find_elements(By.CSS_SELECTOR, "table.registry-sources tr.derived"), page[:1500]
    differing = office.find_elements(By.CSS_SELECTOR, "table.registry-sources tr.derived.differs")
    assert not differing, [nfc(row.text) for row in differing]


PASSWORDS.update({"tong_rec_office": "sổ theo dõi của tỉnh đủ dài", "tong_rec_first": "sổ theo dõi của xã đủ dài"})


def test_a_hotspot_entered_then_eliminated_moves_the_successor_board_at_once(registry_server: Server, browsers):
    """The registers of records: in the demo, two communes keep made-up hotspots and cases, their hotspot figures
    derived. The officer of the first enters a hotspot found this year: the successor plan's T03 (new hotspots) moves;
    eliminating it moves T02 (hotspots eliminated). A form with a wrong day is refused naming the field, nothing saved."""
    server = registry_server
    office = account(server, browsers, "tong_rec_office", "standing_office", "51-CAT")
    office.get(server.url("/records"))
    kept = [
        row.get_attribute("id").removeprefix("commune-")
        for row in office.find_elements(By.CSS_SELECTOR, "table.records-index tbody tr")
        if int(nfc(row.find_element(By.CSS_SELECTOR, "td.hotspots").text).strip() or "0") > 0
    ]
    assert len(kept) >= 1, f"the demo has hotspots in {kept}:\n{text_of(office)[:800]}"
    first = kept[0]
    officer = account(server, browsers, "tong_rec_first", "commune_officer", first)
    year = office.execute_script("return new Date().getFullYear()")

    def new_hotspots() -> str:
        return board(server, officer, PLAN_2030, str(year), first)["T03"]["value"]

    before = new_hotspots()
    # The officer's registers: sent to the commune's own, then the hotspots' list.
    officer.get(server.url("/records"))
    wait_for(officer, lambda d: path_of(d) == f"/records/communes/{first}", "the commune's registers")
    officer.find_element(By.LINK_TEXT, "Sổ theo dõi điểm, tụ điểm phức tạp về ma túy").click()
    wait_for(officer, lambda d: path_of(d) == f"/records/communes/{first}/hotspots", "the hotspots' list")
    officer.find_element(By.LINK_TEXT, "Thêm điểm, tụ điểm").click()
    wait_for(officer, lambda d: path_of(d).endswith("/hotspots/new"), "the form")

    # Eliminated before it was found: refused, the field named, nothing saved.
    fill(officer, "f-label", "Bãi đất trống cuối thôn (thử nghiệm)")
    Select(officer.find_element(By.ID, "f-kind")).select_by_visible_text("Tụ điểm")
    set_day(officer, "f-found_on", f"{year}-01-15")
    set_day(officer, "f-eliminated_on", f"{year}-01-10")
    submit_expecting(officer, "main form.record-form", 422)
    assert "Ngày triệt xóa: không được trước ngày phát hiện (15/01/" in nfc(text_of(officer)), text_of(officer)[:1500]
    assert new_hotspots() == before

    officer.get(server.url(f"/records/communes/{first}/hotspots/new"))
    fill(officer, "f-label", "Bãi đất trống cuối thôn (thử nghiệm)")
    Select(officer.find_element(By.ID, "f-kind")).select_by_visible_text("Tụ điểm")
    set_day(officer, "f-found_on", f"{year}-01-15")
    submit(officer, "main form.record-form")
    wait_for(officer, lambda d: "Đã lưu bản ghi" in nfc(text_of(d)), "the saved record")
    record = path_of(officer)
    after = new_hotspots()
    assert int(after) == int(before) + 1, (before, after)

    # Eliminated in February: T02's eliminated count moves at once.
    eliminated_before = board(server, officer, PLAN_2030, str(year), first)["T02"]
    officer.get(server.url(record))
    set_day(officer, "f-eliminated_on", f"{year}-02-20")
    submit(officer, "main form.record-form")
    wait_for(officer, lambda d: "Đã lưu; số liệu tính từ sổ đã được cập nhật" in nfc(text_of(d)), "the saved change")
    eliminated_after = board(server, officer, PLAN_2030, str(year), first)["T02"]
    assert eliminated_after != eliminated_before, (eliminated_before, eliminated_after)
