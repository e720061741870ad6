"""A district's communes in one grid (issue 14, item 2), in real Chromium, as a district reporter does it: chosen on the
data page, filled with the keyboard only (Tab along a commune's row), saved once; a wrong cell names its commune and
figure and saves nothing; the grid's workbook, read by an independent reader (openpyxl), has a row per commune, the
figures' Vietnamese names with their units of measure and frozen headers. Screenshots at 1366 and 390 px."""

from __future__ import annotations

import io
import re
import time

import openpyxl
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from conftest import ARTIFACTS, Server, user_creator
from pageutil import click_and_wait, fill, nav_link, nfc, path_of, text_of, wait_for
from test_board_and_entry import fetch, full_page_screenshot, sign_in, submit, submit_expecting

DISTRICT = "611"
PERIOD = "2020S2"  # the baseline year: no round, so no approved report locks it in the demonstration data
USERNAME = "luoi_ngochoi"
PASSWORD = "bảng các xã của Ngọc Hồi"
WHOLES = {"users_with_record", "cultivation_found_m2", "hotspots_existing"}
YES_NO = {"commune_drug_free", "commune_propaganda"}


def value_for(key: str) -> str:
    element = key.split("__")[0]
    if element in YES_NO:
        return "1"
    return "100" if element in WHOLES else "2"


@pytest.fixture(scope="module")
def reporter(demo_server: Server, browsers) -> WebDriver:
    one_time = user_creator(demo_server)(USERNAME, "district_reporter", DISTRICT)
    driver = browsers()
    sign_in(demo_server, driver, USERNAME, one_time)
    wait_for(driver, lambda d: path_of(d) == "/account/password", "the password page")
    fill(driver, "f-current", one_time)
    fill(driver, "f-new", PASSWORD)
    fill(driver, "f-confirm", PASSWORD)
    submit(driver, "main form")
    return driver


def open_grid(server: Server, driver: WebDriver) -> None:
    driver.get(server.url("/"))
    click_and_wait(driver, nav_link(driver, "Nhập số liệu"))
    Select(driver.find_element(By.ID, "f-unit")).select_by_value(DISTRICT)
    Select(driver.find_element(By.ID, "f-period")).select_by_value(PERIOD)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form.filters button[value=communes]"))
    assert path_of(driver) == f"/data/communes/{DISTRICT}/{PERIOD}", driver.current_url


def row_inputs(driver: WebDriver, row: int):
    """The cells of the communes' grid (the first table; the district's own figures are the second) in row `row`."""
    communes = driver.find_elements(By.CSS_SELECTOR, "main table.grid")[0]
    return communes.find_elements(By.CSS_SELECTOR, f"tbody tr:nth-child({row}) input[type=text]")


def test_a_district_fills_a_communes_row_with_the_keyboard_and_saves_once(demo_server: Server, reporter: WebDriver):
    open_grid(demo_server, reporter)
    heading = text_of(reporter, "main h1")
    assert heading == "Huyện Ngọc Hồi và các xã · 6 tháng cuối năm 2020", heading
    communes = [nfc(th.text) for th in reporter.find_elements(By.CSS_SELECTOR, "main table.grid tbody th.unit")]
    assert len(communes) >= 5 and communes[0].startswith(("Thị trấn", "Xã", "Phường")), communes
    headers = text_of(reporter, "main table.grid thead")
    assert "Lượt tư vấn về nghiện ma túy" in headers and "Nam" in headers, headers
    full_page_screenshot(reporter, "area-grid-1366.png", width=1366)

    # The first commune's row, typed as a person does: select what is in the cell, type, Tab to the next.
    inputs = row_inputs(reporter, 1)
    assert len(inputs) >= 15, len(inputs)
    keys = [re.sub(r"^v_[^_]+_", "", i.get_attribute("name")) for i in inputs]
    inputs[0].click()
    keystrokes = 1  # the click into the first cell
    began = time.monotonic()
    for index, key in enumerate(keys):
        active = reporter.switch_to.active_element
        assert active.get_attribute("name") == inputs[index].get_attribute("name"), f"Tab did not reach cell {index + 1}"
        active.send_keys(Keys.CONTROL, "a")
        active.send_keys(value_for(key))
        keystrokes += 1 + len(value_for(key))
        if index < len(keys) - 1:
            active.send_keys(Keys.TAB)
            keystrokes += 1
    typed = time.monotonic() - began
    document_start = time.monotonic()
    submit_expecting(reporter, "main form.grid", 200)
    keystrokes += 1
    notice = text_of(reporter, "main .notice-ok")
    assert notice.startswith("Đã lưu:") and "lưu cùng một lần" in notice, notice
    (ARTIFACTS / "area-grid-keystrokes.txt").write_text(
        f"one commune's row of {len(keys)} figures: {keystrokes} keystrokes (Ctrl+A, the value, Tab per cell; a click, the save), "
        f"typed by the driver in {typed:.1f} s, saved in {time.monotonic() - document_start:.1f} s\n")

    # Every cell of the row is what was typed, read again from the saved page.
    saved = {re.sub(r"^v_[^_]+_", "", i.get_attribute("name")): i.get_attribute("value") for i in row_inputs(reporter, 1)}
    assert saved == {key: value_for(key) for key in keys}, saved
    full_page_screenshot(reporter, "area-grid-390.png", width=390)


def test_a_wrong_cell_is_named_and_nothing_is_saved(demo_server: Server, reporter: WebDriver):
    open_grid(demo_server, reporter)
    first = row_inputs(reporter, 1)
    second = row_inputs(reporter, 2)
    before = {i.get_attribute("name"): i.get_attribute("value") for i in second}
    name = nfc(reporter.find_element(By.CSS_SELECTOR, "main table.grid tbody tr:nth-child(1) th.unit").text)
    first[0].clear()
    first[0].send_keys("hai")
    second[0].clear()
    second[0].send_keys("3")
    submit_expecting(reporter, "main form.grid", 422)
    summary = text_of(reporter, "main .error-summary")
    assert summary.startswith("Chưa lưu gì") and name in summary, summary
    assert reporter.find_element(By.CSS_SELECTOR, "main table.grid td.has-error input").get_attribute("value") == "hai"
    open_grid(demo_server, reporter)
    after = {i.get_attribute("name"): i.get_attribute("value") for i in row_inputs(reporter, 2)}
    assert after == before, "the good cell of another commune was not saved either"


def test_the_grids_workbook_reads_back_in_an_independent_reader(demo_server: Server, reporter: WebDriver):
    status, headers, body = fetch(reporter, demo_server.url(f"/data/communes/{DISTRICT}/{PERIOD}/template.xlsx"))
    assert status == 200, status
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Mã đơn vị [unit]", "Tên đơn vị", "Kỳ [period]"], rows[0]
    assert "Lượt tư vấn về nghiện ma túy (lượt) [counselling]" in rows[0], rows[0]
    assert sheet.freeze_panes == "D2", sheet.freeze_panes
    assert all(row[2] == PERIOD for row in rows[1:])
    assert rows[-1][0] == DISTRICT, "the district's own row comes last"
    column = rows[0].index("Lượt tư vấn về nghiện ma túy (lượt) [counselling]")
    assert rows[1][column] == 2, "the first commune's saved figure is in the workbook"
