"""The successor plan 2026–2030, made in the editor by the standing office of the new province (pcmt issue 16,
item 4 and "Done when"), in a real headless chromium, through the site's forms only.

Kon Tum (62) became part of Tỉnh Quảng Ngãi (51) on 01/07/2025. The story, as the new province's standing office
would go through it:

1. An account at 51-CAT (the new province's police, built in from 01/07/2025) with the standing_office role, from the
   command line as every account is; first sign-in with its one-time password, then a password of its own.
2. "Kế hoạch" in the menu, "+ Kế hoạch mới": a copy of 3959/KH-UBND (2021–2025), which it follows, for 2026–2030 with
   baseline 2025, issued by 51-UBND (the People's Committee, which stands for its province 51). The editor says how
   many texts had their years moved, and the copy has 3959's 29 data elements.
3. A data element the plan lacks (cases using cyberspace) through the editor's data element form, then four targets
   of the 2030 programme, each with the rule kind of its words: at least 50% of communes drug-free by 2030 (a share of
   units), 100% of hotspots found and eliminated (a ratio, at least), border and express-delivery cases up more than 3%
   a year and cyberspace cases up more than 5% a year (growth, above). A measure naming a code the plan does not have
   is refused beside its field first. The plan's targets page says each rule in its words.
4. An assignee (Ủy ban nhân dân Xã Tu Mơ Rông, a new commune whose code 23425 was Xã Đắk Hà before the reform) with a
   duty; the 2026S1 round opened from the rounds page, which lists the units of 2026 by their names of 2026; then the
   plan's board: for 2025 (its baseline) it points to 3959's results, and for the province 51 in 2026, with the data
   not yet approved, it judges the four targets (a status each, with the rule's words) and lists the new units.

The plan is made on a demo server of this module's own (synthetic data across the reform), so that the other tests'
pages keep their current plan.
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import _start_server, user_creator
from pageutil import click_and_wait, document_statuses, fill, nav_link, nfc, path_of, text_of, wait_for

USERNAME = "thuongtruc51"
PASSWORD = "kế hoạch mới đến năm 2030"
PREDECESSOR = "3959/KH-UBND"
CODE = "88/KH-UBND"
TITLE = "Kế hoạch thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030"
STATUSES = {"Đạt", "Đúng tiến độ", "Có nguy cơ không đạt", "Không đạt", "Chưa đủ số liệu", "Chưa có số liệu"}

# code, group, text, rule kind, threshold, base, deadline, indicator, numerator, denominator, the rule in words
TARGETS = [
    ("T17", "1", "Ít nhất 50% số xã, phường, đặc khu không có ma túy đến năm 2030", "unitShareAtLeastBy", "50",
     "denominator", "2030", "Tỷ lệ xã, phường, đặc khu không có ma túy", "commune_drug_free", "count:commune",
     "Ít nhất 50% số xã đến năm 2030"),
    ("T18", "4", "100% điểm, tụ điểm phức tạp về ma túy được phát hiện và triệt xóa", "ratioAtLeast", "100",
     "denominator", "", "Tỷ lệ điểm, tụ điểm phức tạp về ma túy được phát hiện và triệt xóa", "hotspots_eliminated",
     "hotspots_eliminated, hotspots_existing", "Ít nhất 100%"),
    ("T19", "7", "Số vụ phát hiện qua biên giới và qua dịch vụ chuyển phát tăng trên 3% mỗi năm", "growthAbove", "3",
     "previousYear", "", "Số vụ phát hiện qua biên giới và qua dịch vụ chuyển phát", "trafficking_leads", "",
     "Tăng trên 3% so với năm trước"),
    ("T20", "3", "Số vụ phạm tội ma túy sử dụng không gian mạng tăng trên 5% mỗi năm", "growthAbove", "5",
     "previousYear", "", "Số vụ phạm tội ma túy sử dụng không gian mạng", "cyber_drug_cases", "",
     "Tăng trên 5% so với năm trước"),
]


@pytest.fixture(scope="module")
def successor_server(artifacts):
    """A demo server of this module's own: the plan made here becomes the current plan of 2026 there."""
    yield from _start_server(artifacts, "server-successor", ("--demo",))


def submit(driver, form_css: str, status: int) -> None:
    """Press the form's submit button and check the HTTP status of the page that comes back (after any redirect)."""
    document_statuses(driver)  # forget what came before
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"{form_css} button[type=submit]"))
    statuses = document_statuses(driver)
    assert statuses and statuses[-1] == status, f"the form answered {statuses}, not {status}:\n{text_of(driver)[:1500]}"


def add_link(driver, label: str):
    links = [a for a in driver.find_elements(By.CSS_SELECTOR, "main a.add") if nfc(a.text).strip() == label]
    assert links, f"no {label!r} on {driver.current_url}: {[nfc(a.text) for a in driver.find_elements(By.CSS_SELECTOR, 'main a.add')]}"
    return links[-1]


def board_rows(driver) -> dict[str, dict[str, str]]:
    rows = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "main table.board tbody tr"):
        code = nfc(row.find_element(By.CSS_SELECTOR, "th a").text).strip()
        status = nfc(row.find_element(By.CSS_SELECTOR, "td .status").text).strip()
        rows[code] = {
            "rule": nfc(row.find_element(By.CSS_SELECTOR, "td.rule").text).strip(),
            "value": nfc(row.find_element(By.CSS_SELECTOR, "td.num").text).strip(),
            "status": status.split(" ", 1)[1] if " " in status else status,
            "why": nfc(row.find_element(By.CSS_SELECTOR, "td.why").text).strip(),
        }
    return rows


def test_the_new_provinces_standing_office_makes_the_2030_plan_in_the_browser(successor_server, browsers):
    server = successor_server
    one_time = user_creator(server)(USERNAME, "standing_office", "51-CAT")
    driver = browsers()

    # 1. First sign-in, a password of its own.
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

    # 2. The plans page offers a new plan; a copy of 3959, which it follows, issued by 51-UBND.
    click_and_wait(driver, nav_link(driver, "Kế hoạch"))
    assert path_of(driver) == "/plans"
    assert CODE not in text_of(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "+ Kế hoạch mới (trống hoặc bản sao)"))
    assert path_of(driver) == "/plans/new"
    assert text_of(driver, "main h1") == "Kế hoạch mới"
    Select(driver.find_element(By.ID, "f-copyFrom")).select_by_visible_text(f"bản sao của {PREDECESSOR} (2021–2025)")
    Select(driver.find_element(By.ID, "f-predecessor")).select_by_visible_text(f"{PREDECESSOR} (2021–2025)")
    fill(driver, "f-code", CODE)
    fill(driver, "f-title", TITLE)
    fill(driver, "f-issuer", "Ủy ban nhân dân tỉnh Quảng Ngãi")
    fill(driver, "f-issuerUnit", "51-UBND")
    driver.find_element(By.ID, "f-issuedOn").send_keys("15012026")  # a date field, typed as a person would (dd mm yyyy)
    fill(driver, "f-place", "Quảng Ngãi")
    fill(driver, "f-startYear", "2026")
    fill(driver, "f-endYear", "2030")
    fill(driver, "f-baselineYear", "2025")
    submit(driver, "main form", 200)  # after the 303 to the new plan's editor
    match = re.fullmatch(r"/plans/([0-9a-f-]{36})/edit", path_of(driver))
    assert match, driver.current_url
    plan = f"/plans/{match.group(1)}"
    assert text_of(driver, "main .kicker") == CODE
    notice = text_of(driver, "main .notice")
    assert re.match(r"Đã tạo kế hoạch từ bản sao\. Đã đổi năm trong \d+ đoạn văn theo giai đoạn 2026–2030", notice), notice
    assert len(driver.find_elements(By.CSS_SELECTOR, "main #data-elements li")) == 29, "a copy of 3959 has its 29 elements"
    assert "cyber_drug_cases" not in text_of(driver, "main #data-elements")

    # 3a. The missing data element, through the editor's form.
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "+ Thêm chỉ số dữ liệu"))
    assert path_of(driver) == f"{plan}/data-elements/new"
    fill(driver, "f-code", "cyber_drug_cases")
    fill(driver, "f-name", "Vụ phạm tội về ma túy sử dụng không gian mạng được phát hiện")
    fill(driver, "f-measure", "vụ")
    Select(driver.find_element(By.ID, "f-aggregation")).select_by_value("flow")
    Select(driver.find_element(By.ID, "f-valueType")).select_by_value("count")
    Select(driver.find_element(By.ID, "f-collectedAt")).select_by_value("agency")
    fill(driver, "f-collectedBy", "51-CAT")
    submit(driver, "main form.record", 200)
    assert re.fullmatch(f"{plan}/data-elements/[0-9a-f-]{{36}}", path_of(driver)), driver.current_url
    assert "Đã lưu. Phiên bản 1." in text_of(driver, "main .notice")

    # 3b. Four targets of the 2030 programme, each from the editor's "+ Thêm chỉ tiêu".
    for code, group, text, kind, threshold, base, deadline, indicator, numerator, denominator, _ in TARGETS:
        driver.get(server.url(f"{plan}/edit"))
        click_and_wait(driver, add_link(driver, "+ Thêm chỉ tiêu"))
        assert text_of(driver, "main h1") == "Thêm chỉ tiêu"
        Select(driver.find_element(By.ID, "f-group")).select_by_value(group)
        fill(driver, "f-code", code)
        fill(driver, "f-text", text)
        Select(driver.find_element(By.ID, "f-ruleKind")).select_by_value(kind)
        fill(driver, "f-threshold", threshold)
        Select(driver.find_element(By.ID, "f-base")).select_by_value(base)
        fill(driver, "f-deadlineYear", deadline)
        fill(driver, "f-indicator", indicator)
        fill(driver, "f-denominator", denominator)
        if code == "T20":
            # A code the plan does not have is refused beside the measure's field, and nothing is saved.
            fill(driver, "f-numerator", "cyber_cases")
            submit(driver, "main form.record", 422)
            field = driver.find_element(By.CSS_SELECTOR, "main .field.has-error")
            assert field.find_element(By.CSS_SELECTOR, "input").get_attribute("id") == "f-numerator"
            assert "cyber_cases" in nfc(field.find_element(By.CSS_SELECTOR, "p.error").text)
        fill(driver, "f-numerator", numerator)
        submit(driver, "main form.record", 200)
        assert "Đã lưu. Phiên bản 1." in text_of(driver, "main .notice"), text_of(driver)[:1500]

    # The plan's targets page says each rule in its words.
    click_and_wait(driver, nav_link(driver, "Chỉ tiêu"))
    assert path_of(driver) == f"{plan}/targets"
    for code, *_, words in TARGETS:
        assert text_of(driver, f"main tr#{code} td.rule") == words, code

    # 4a. An assignee of the new map, with a duty.
    driver.get(server.url(f"{plan}/edit"))
    click_and_wait(driver, add_link(driver, "+ Thêm đơn vị được phân công"))
    fill(driver, "f-number", "22")
    fill(driver, "f-assignee", "Ủy ban nhân dân Xã Tu Mơ Rông")
    fill(driver, "f-units", "23425")
    fill(driver, "f-intro", "Triển khai kế hoạch trên địa bàn xã.")
    submit(driver, "main form.record", 200)
    assert "Đã lưu." in text_of(driver, "main .notice")
    driver.get(server.url(f"{plan}/edit"))
    click_and_wait(driver, add_link(driver, "+ Thêm nhiệm vụ được giao"))
    assert path_of(driver) == f"{plan}/edit/duty/new"
    fill(driver, "f-text", "Rà soát, công nhận xã không có ma túy; phát hiện, triệt xóa các điểm, tụ điểm phức tạp về ma túy.")
    Select(driver.find_element(By.ID, "f-role")).select_by_value("lead")
    fill(driver, "f-partners", "51-CAT")
    submit(driver, "main form.record", 200)
    driver.get(server.url(f"{plan}/edit"))
    assert "22. Ủy ban nhân dân Xã Tu Mơ Rông" in text_of(driver)
    assert "Rà soát, công nhận xã không có ma túy" in text_of(driver)

    # 4b. The 2026S1 round, from the plan's rounds page.
    click_and_wait(driver, nav_link(driver, "Kỳ báo cáo"))
    assert path_of(driver) == f"{plan}/rounds"
    assert text_of(driver, "main .served-plan") == f"Các kỳ báo cáo của Kế hoạch {CODE}, trong giai đoạn 2026–2030."
    Select(driver.find_element(By.ID, "f-period")).select_by_value("2026S1")
    submit(driver, "main form", 200)
    assert re.fullmatch(r"/rounds/[0-9a-f-]{36}", path_of(driver)), driver.current_url
    page = text_of(driver)
    assert "Báo cáo 6 tháng đầu năm 2026" in page and f"Kế hoạch {CODE} (2026–2030)" in page, page[:800]
    # The units of 2026 by their names of 2026: 23425 is Xã Tu Mơ Rông (no longer Xã Đắk Hà), no township is left.
    assert "Xã Tu Mơ Rông" in page and "Công an tỉnh Quảng Ngãi" in page, page[:3000]
    assert "Xã Đắk Hà" not in page and "Thị trấn" not in page, page[:3000]
    driver.get(server.url(f"{plan}/rounds"))
    assert "Báo cáo 6 tháng đầu năm 2026" in text_of(driver, "main table")

    # 4c. The board: its baseline year points to 3959's results; 51 in 2026 judges the new targets.
    click_and_wait(driver, nav_link(driver, "Bảng chỉ tiêu"))
    assert path_of(driver) == f"{plan}/board"
    assert text_of(driver, "main h1") == "Bảng chỉ tiêu · Tỉnh Quảng Ngãi · năm 2026"
    Select(driver.find_element(By.ID, "f-period")).select_by_value("2025")
    submit(driver, "main form.filters", 200)
    assert text_of(driver, "main h1") == "Bảng chỉ tiêu · Tỉnh Quảng Ngãi · năm 2025"
    assert f"Kế hoạch {PREDECESSOR} (2021–2025)" in text_of(driver, "main .predecessor")
    Select(driver.find_element(By.ID, "f-period")).select_by_value("2026")
    Select(driver.find_element(By.ID, "f-unit")).select_by_value("51")
    Select(driver.find_element(By.ID, "f-all")).select_by_value("1")  # the round's reports are not approved yet
    submit(driver, "main form.filters", 200)
    assert text_of(driver, "main h1") == "Bảng chỉ tiêu · Tỉnh Quảng Ngãi · năm 2026"
    rows = board_rows(driver)
    for code, *_, words in TARGETS:
        assert code in rows, f"{code} is not on the board: {sorted(rows)}"
        assert rows[code]["rule"] == words, (code, rows[code])
        assert rows[code]["status"] in STATUSES, (code, rows[code])
    assert "chỉ tiêu ≥ 50% đến năm 2030" in rows["T17"]["why"], rows["T17"]
    assert re.fullmatch(r"\d+(,\d+)?%( \(tính lại\))?", rows["T17"]["value"]), rows["T17"]
    assert "chỉ tiêu ≥ 100%" in rows["T18"]["why"], rows["T18"]
    assert "chỉ tiêu > +3%" in rows["T19"]["why"], rows["T19"]
    assert rows["T20"]["status"] == "Chưa có số liệu", "no unit has reported the new element yet"
    computed = [code for code, *_ in TARGETS if rows[code]["status"] != "Chưa có số liệu"]
    assert len(computed) >= 3, f"the demo's data should judge T17–T19: {rows}"
    page = text_of(driver)
    for unit in ("Phường Kon Tum", "Xã Tu Mơ Rông", "Đặc khu Lý Sơn"):
        assert unit in page, f"{unit} is not among the board's units"
