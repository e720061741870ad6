"""The registry of people under management (issue 17) in real Chromium, as two new commune officers of the new Tỉnh
Quảng Ngãi use it: Xã Tu Mơ Rông (23425) registers a made-up person (a refusal first, each problem beside its field,
what was typed kept), opens the record for a stated purpose, records a service and asks to move the record to Xã Bờ Y
(23377); Bờ Y sees the move waiting in its register and accepts it; registering the same ID number again is refused
naming Bờ Y. Then the due dates: an illicit user whose management the law sets ends within days is on the commune's
to-do list and found by the filter "by due management end" with an accent-free search; the record shows the period
and its legal source, and a rehabilitation is followed by post-rehabilitation management while the first period ends
early. Nothing but synthetic data."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from conftest import Server, user_creator
from pageutil import click_and_wait, fill, nav_link, nfc, path_of, text_of, wait_for
from test_board_and_entry import full_page_screenshot, sign_in, submit, submit_expecting

PASSWORDS = {"so_tumorong": "sổ quản lý của Tu Mơ Rông", "so_boy": "sổ quản lý của Bờ Y"}
ID_NUMBER = "079200000001"


def officer(server: Server, browsers, username: str, commune: str) -> WebDriver:
    one_time = user_creator(server)(username, "commune_officer", commune)
    driver = browsers()
    sign_in(server, driver, username, one_time)
    wait_for(driver, lambda d: path_of(d) == "/account/password", "the password page")
    fill(driver, "f-current", one_time)
    fill(driver, "f-new", PASSWORDS[username])
    fill(driver, "f-confirm", PASSWORDS[username])
    submit(driver, "main form")
    return driver


@pytest.fixture(scope="module")
def tumorong(server: Server, browsers) -> WebDriver:
    return officer(server, browsers, "so_tumorong", "23425")


@pytest.fixture(scope="module")
def boy(server: Server, browsers) -> WebDriver:
    return officer(server, browsers, "so_boy", "23377")


def fill_registration(driver: WebDriver, name: str, number: str) -> None:
    fill(driver, "f-fullName", name)
    fill(driver, "f-otherNames", "Tèo")
    Select(driver.find_element(By.ID, "f-sex")).select_by_value("male")
    fill(driver, "f-birth", "1994-03-08")
    fill(driver, "f-idNumber", number)
    fill(driver, "f-address", "Thôn Mẫu Thử, số 9")
    Select(driver.find_element(By.ID, "f-status")).select_by_value("addict")
    fill(driver, "f-statusBody", "Trạm y tế xã Tu Mơ Rông")


def test_a_commune_registers_opens_serves_and_moves_a_record_that_the_other_commune_accepts(
    server: Server, tumorong: WebDriver, boy: WebDriver
):
    # The menu leads the officer to its commune's register.
    tumorong.get(server.url("/"))
    click_and_wait(tumorong, nav_link(tumorong, "Sổ quản lý"))
    assert path_of(tumorong) == "/registry/communes/23425", tumorong.current_url
    assert "Sổ quản lý của Xã Tu Mơ Rông" in text_of(tumorong, "main h1")
    click_and_wait(tumorong, tumorong.find_element(By.LINK_TEXT, "Đăng ký người mới"))

    # A refusal: each problem beside its field, what was typed kept.
    fill_registration(tumorong, "", ID_NUMBER)
    fill(tumorong, "f-birth", "2090-01-01")
    submit_expecting(tumorong, "main form", 422)
    assert "Bắt buộc nhập họ và tên." in text_of(tumorong, ".field:has(#f-fullName)")
    assert "Ngày sinh không được sau ngày hôm nay." in text_of(tumorong, ".field:has(#f-birth)")
    assert tumorong.find_element(By.ID, "f-idNumber").get_attribute("value") == ID_NUMBER

    # Registered: the record shows nothing identifying before a purpose is given.
    fill(tumorong, "f-fullName", "Nguyễn Văn Mẫu")
    fill(tumorong, "f-birth", "1994-03-08")
    submit_expecting(tumorong, "main form", 200)
    assert path_of(tumorong).startswith("/registry/people/"), tumorong.current_url
    record = path_of(tumorong)
    page = text_of(tumorong)
    assert "Đã đăng ký người vào sổ." in page and "Mục đích xem hồ sơ" in page, page
    assert "Nguyễn Văn Mẫu" not in page and ID_NUMBER not in page, page
    fill(tumorong, "f-purpose", "Cập nhật dịch vụ")
    submit_expecting(tumorong, "main form", 200)
    page = text_of(tumorong)
    assert "Nguyễn Văn Mẫu" in page and ID_NUMBER in page and "Thôn Mẫu Thử, số 9" in page, page
    full_page_screenshot(tumorong, "registry-record-1280.png")

    # A service, with today's day as the form gives it.
    Select(tumorong.find_element(By.CSS_SELECTOR, "#registry-services ~ form #f-kind")).select_by_value("counselling")
    tumorong.find_element(By.CSS_SELECTOR, "#registry-services ~ form #f-note").send_keys("Buổi tư vấn mẫu")
    submit_expecting(tumorong, "#registry-services ~ form", 200)
    page = text_of(tumorong)
    assert "Đã ghi nhận dịch vụ." in page and "Tư vấn" in page and "Buổi tư vấn mẫu" in page, page

    # The move to Xã Bờ Y, waiting there until Bờ Y accepts it.
    Select(tumorong.find_element(By.CSS_SELECTOR, "#registry-transfer ~ form #f-to")).select_by_value("23377")
    submit_expecting(tumorong, "#registry-transfer ~ form", 200)
    assert "đang chuyển đến Xã Bờ Y" in text_of(tumorong), text_of(tumorong)

    boy.get(server.url("/"))
    click_and_wait(boy, nav_link(boy, "Sổ quản lý"))
    assert path_of(boy) == "/registry/communes/23377", boy.current_url
    waiting = text_of(boy, "section[aria-labelledby=registry-incoming]")
    assert "N. V. M." in waiting and "Xã Tu Mơ Rông" in waiting and "Nguyễn Văn Mẫu" not in waiting, waiting
    full_page_screenshot(boy, "registry-incoming-1280.png")
    submit_expecting(boy, "section[aria-labelledby=registry-incoming] form", 200)
    assert path_of(boy) == record, boy.current_url
    assert "Đã tiếp nhận hồ sơ" in text_of(boy), text_of(boy)
    fill(boy, "f-purpose", "Tiếp nhận hồ sơ chuyển đến")
    submit_expecting(boy, "main form", 200)
    assert "Nguyễn Văn Mẫu" in text_of(boy) and "Tiếp nhận" in text_of(boy, "table.registry-history")

    # Tu Mơ Rông no longer reaches the record; registering the same number again names Bờ Y, and merges nothing.
    tumorong.get(server.url(record))
    assert "404" in text_of(tumorong, "main h1") or "Không có hồ sơ này." in text_of(tumorong)
    tumorong.get(server.url("/registry/communes/23425/new"))
    fill_registration(tumorong, "Nguyen Van Mau", ID_NUMBER)
    submit_expecting(tumorong, "main form", 409)
    said = nfc(text_of(tumorong, ".field:has(#f-idNumber)"))
    assert "Xã Bờ Y (23377" in said and "hồ sơ đang quản lý" in said, said


def province_today() -> datetime:
    """The province's day (UTC+7), which is the server's "today"."""
    return datetime.now(timezone(timedelta(hours=7)))


def test_due_management_ends_are_on_the_to_do_list_and_periods_follow_the_law(server: Server, tumorong: WebDriver):
    today = province_today()
    began = (today - timedelta(days=355)).strftime("%Y-%m-%d")
    tumorong.get(server.url("/registry/communes/23425/new"))
    fill(tumorong, "f-fullName", "Lê Văn Hạn")
    Select(tumorong.find_element(By.ID, "f-sex")).select_by_value("male")
    fill(tumorong, "f-birth", "1990")
    Select(tumorong.find_element(By.ID, "f-status")).select_by_value("illicit_user")
    fill(tumorong, "f-statusBody", "Công an xã Tu Mơ Rông")
    for field in ("f-statusOn", "f-managedFrom"):
        tumorong.execute_script("arguments[0].value = arguments[1]", tumorong.find_element(By.ID, field), began)
    submit_expecting(tumorong, "main form", 200)
    record = path_of(tumorong)
    assert record.startswith("/registry/people/"), tumorong.current_url

    # The commune's to-do list names the person masked, with the day the management ends.
    tumorong.get(server.url("/registry/communes/23425"))
    todo = nfc(text_of(tumorong, "section.registry-todo"))
    assert "L. V. H." in todo and "Lê Văn Hạn" not in todo, todo
    assert "Quản lý người sử dụng trái phép chất ma túy kết thúc ngày" in todo, todo

    # The filter by due management end, with a search without accents.
    fill(tumorong, "f-q", "le van han")
    Select(tumorong.find_element(By.ID, "f-due")).select_by_value("soon")
    submit_expecting(tumorong, "form.filters", 200)
    rows = tumorong.find_elements(By.CSS_SELECTOR, "table.registry-people tbody tr")
    assert len(rows) == 1 and "L. V. H." in rows[0].text, [row.text for row in rows]
    Select(tumorong.find_element(By.ID, "f-due")).select_by_value("ended")
    submit_expecting(tumorong, "form.filters", 200)
    assert "Không có hồ sơ nào khớp bộ lọc." in text_of(tumorong), text_of(tumorong)

    # The record: the period with its legal source; a rehabilitation, then post-rehabilitation management begins and
    # the illicit use management ends early.
    tumorong.get(server.url(record))
    fill(tumorong, "f-purpose", "Rà soát thời hạn quản lý")
    submit_expecting(tumorong, "main form", 200)
    periods = nfc(text_of(tumorong, "table.registry-periods"))
    assert "Quản lý người sử dụng trái phép chất ma túy" in periods and "Điều 23" in periods, periods
    Select(tumorong.find_element(By.CSS_SELECTOR, "#registry-services ~ form #f-kind")).select_by_value("rehab_home_community")
    submit_expecting(tumorong, "#registry-services ~ form", 200)
    Select(tumorong.find_element(By.CSS_SELECTOR, "#registry-periods ~ form #f-period")).select_by_value("post_rehab")
    submit_expecting(tumorong, "#registry-periods ~ form", 200)
    assert "Đã bắt đầu thời hạn quản lý." in text_of(tumorong), text_of(tumorong)
    Select(tumorong.find_element(By.CSS_SELECTOR, "#registry-period-end ~ form #f-ending")).select_by_value("illicit_use")
    fill(tumorong, "f-reason", "Chuyển sang quản lý sau cai nghiện")
    submit_expecting(tumorong, "#registry-period-end ~ form", 200)
    periods = nfc(text_of(tumorong, "table.registry-periods"))
    assert "Quản lý sau cai nghiện ma túy" in periods and "Điều 43" in periods, periods
    assert "kết thúc trước hạn ngày " + today.strftime("%d/%m/%Y") in periods, periods
    full_page_screenshot(tumorong, "registry-periods-1280.png")
