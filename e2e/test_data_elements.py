"""Data elements are plan data (pcmt issue 16, item 4), in a browser: the standing office opens the plan editor from
the navigation, adds a data element with two categories (first refused for its code, with the reason beside the
field), finds it in the plan's list and in the API, then removes it again, so the plain server's plan keeps its 29
elements for the other tests.
"""

from __future__ import annotations

import json
import re
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import Server
from pageutil import click_and_wait, document_statuses, fill, nav_link, nfc, path_of, text_of, wait_for

PLAN = "6f0c3959-2021-4025-8d62-000000003959"
USERNAME = "vanphong_chiso"
PASSWORD = "chỉ số dữ liệu của kế hoạch mới"


def submit_expecting(driver, form_css: str, status: int) -> None:
    document_statuses(driver)  # forget what came before
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"{form_css} button[type=submit]"))
    statuses = document_statuses(driver)
    assert statuses and statuses[-1] == status, f"the form answered {statuses}, not {status}:\n{text_of(driver)[:1500]}"


def api_elements(server: Server) -> dict[str, dict]:
    with urllib.request.urlopen(server.url(f"/api/v1/plans/{PLAN}/dataelements"), timeout=10) as response:
        return {element["code"]: element for element in json.load(response)}


def test_the_standing_office_adds_a_data_element_in_the_browser(server: Server, browsers, create_user):
    one_time = create_user(USERNAME, "standing_office", "62-CAT")
    driver = browsers()
    driver.get(server.url("/"))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "header a.signin"))
    fill(driver, "f-username", USERNAME)
    fill(driver, "f-password", one_time)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    wait_for(driver, lambda d: path_of(d) == "/account/password", "the password page")
    fill(driver, "f-current", one_time)
    fill(driver, "f-new", PASSWORD)
    fill(driver, "f-confirm", PASSWORD)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert path_of(driver) == "/", driver.current_url

    before = api_elements(server)
    assert len(before) == 29 and "border_cases" not in before

    # From the navigation to the plan editor, its list of data elements, and the form for a new one.
    click_and_wait(driver, nav_link(driver, "Sửa kế hoạch"))
    wait_for(driver, lambda d: path_of(d) == f"/plans/{PLAN}/edit", "the plan editor")
    section = text_of(driver, "main #data-elements")
    assert section.startswith("Chỉ số dữ liệu") and "drug_cases_detected — " in section, section
    assert len(driver.find_elements(By.CSS_SELECTOR, "main #data-elements li")) == 29
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "+ Thêm chỉ số dữ liệu"))
    assert path_of(driver) == f"/plans/{PLAN}/data-elements/new"
    assert nfc(driver.find_element(By.TAG_NAME, "h1").text) == "Thêm chỉ số dữ liệu"

    # A code with capitals and spaces is refused beside its field; what was typed stays in the form.
    fill(driver, "f-code", "Vu Bien Gioi")
    fill(driver, "f-name", "Số vụ phát hiện tại khu vực biên giới")
    fill(driver, "f-measure", "vụ")
    Select(driver.find_element(By.ID, "f-aggregation")).select_by_value("flow")
    Select(driver.find_element(By.ID, "f-valueType")).select_by_value("count")
    Select(driver.find_element(By.ID, "f-collectedAt")).select_by_value("agency")
    fill(driver, "f-collectedBy", "62-BDBP, 62-HQ")
    driver.find_element(By.ID, "f-categories").send_keys("land | Đường bộ\nriver | Đường sông")
    submit_expecting(driver, "main form.record", 422)
    error = nfc(driver.find_element(By.CSS_SELECTOR, "main .field.has-error p.error").text)
    assert error.startswith('Mã: "Vu Bien Gioi" không hợp lệ'), error
    assert driver.find_element(By.ID, "f-name").get_attribute("value") == "Số vụ phát hiện tại khu vực biên giới"
    assert api_elements(server).keys() == before.keys(), "nothing was saved"

    fill(driver, "f-code", "border_cases")
    submit_expecting(driver, "main form.record", 200)  # after the 303 to the saved element
    assert re.fullmatch(f"/plans/{PLAN}/data-elements/[0-9a-f-]{{36}}", path_of(driver)), driver.current_url
    assert "Đã lưu. Phiên bản 1." in text_of(driver, "main .notice")
    assert driver.find_element(By.ID, "f-categories").get_attribute("value") == "land | Đường bộ\nriver | Đường sông"
    element_page = path_of(driver)

    added = api_elements(server)["border_cases"]
    assert (added["aggregation"], added["collectedAt"], added["collectedBy"], added["version"], added["position"]) == (
        "flow", "agency", ["62-BDBP", "62-HQ"], 1, 30)
    assert [(c["code"], c["name"]) for c in added["categories"]] == [("land", "Đường bộ"), ("river", "Đường sông")]
    driver.get(server.url(f"/plans/{PLAN}/edit"))
    assert "border_cases — Số vụ phát hiện tại khu vực biên giới (vụ)" in text_of(driver, "main #data-elements")

    # Removed again (nothing refers to it yet): back to the editor, the plan has its 29 elements.
    driver.get(server.url(element_page))
    driver.find_element(By.CSS_SELECTOR, "main form.danger input[name=confirm]").click()
    submit_expecting(driver, "main form.danger", 200)
    assert path_of(driver) == f"/plans/{PLAN}/edit", driver.current_url
    assert "border_cases" not in text_of(driver, "main #data-elements")
    assert api_elements(server).keys() == before.keys()
