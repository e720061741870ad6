"""Accounts, plan editing with versions, and the audit log, walked through in real headless chromium sessions.

The story, in order (the tests of this module share their browsers and build on each other; run the whole file):

1. The standing office's two officers, `office1` and `office2` (standing_office at 62-CAT), and an auditor,
   `auditor1` (auditor at 62), get accounts from the command line (`pcmt users create`), each with a one-time password.
2. Browser A signs in as office1 with the one-time password, is sent to choose a password of its own (a too short
   one is refused first), and is then sent on to the home page, signed in, with its session cookie kept (Secure,
   HttpOnly) on http://127.0.0.1.
3. A and a second, separate browser B (office2) open the edit form of target T04 through "Sửa kế hoạch".
4. A changes T04's threshold 5 -> 6 and saves: "Đã lưu.", and the public targets page shows "Tăng ≥ 6%".
5. B, still on its stale form, saves 7: refused (409) with the conflict table 5 / 6 / 7; the public page keeps 6%.
6. A sets T05's threshold (a ratio) to 150, then T05's text to nothing: each refused (422) naming the field; nothing
   saved.
7. A adds a key task and deletes it: the delete form's "confirm" box is required, a POST without it deletes
   nothing (400), with it the task is gone.
8. A request without the CSRF token, with A's session cookie, is refused (403); with the token (also for a form of a
   few kB) it passes the check.
9. B signs out and signs in as auditor1, sees the T04 update in /audit with before/after, the chain-intact notice, the
   filters and the CSV download.
10. A signs out; an edit URL then sends the browser to /signin.
"""

from __future__ import annotations

import html
import json
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
from selenium.webdriver.support.ui import Select, WebDriverWait

from pageutil import nfc
from conftest import Server

OFFICE_UNIT = "62-CAT"  # Công an tỉnh, the standing office of the plan
PROVINCE = "62"
PASSWORDS = {  # the passwords the users choose at first sign-in
    "office1": "lưu ý chỉ tiêu năm sau",
    "office2": "hai người cùng sửa một lúc",
    "auditor1": "kiểm tra nhật ký hàng tuần",
}
T04_BEFORE = "Tăng ≥ 5% so với năm trước"
T04_AFTER = "Tăng ≥ 6% so với năm trước"
THRESHOLD_LABEL = "Ngưỡng (%)"
TEXT_LABEL = "Nội dung"
PAGE_LIMIT = 100_000
SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
STYLESHEET = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet\b[^>]*>", re.IGNORECASE)


# --- helpers -------------------------------------------------------------------------------------------------------


def text_of(driver: WebDriver, css: str = "main") -> str:
    return nfc(driver.find_element(By.CSS_SELECTOR, css).text)


def path_of(driver: WebDriver) -> str:
    return urlsplit(driver.current_url).path


def wait_for(driver: WebDriver, condition, what: str, timeout: float = 10):
    try:
        return WebDriverWait(driver, timeout).until(lambda d: condition(d))
    except Exception as error:
        raise AssertionError(f"timed out waiting for {what}; at {driver.current_url}:\n{text_of(driver, 'body')[:1500]}") from error


def wait_for_path(driver: WebDriver, prefix: str) -> None:
    wait_for(driver, lambda d: path_of(d).startswith(prefix), f"a page under {prefix}")


def nav_link(driver: WebDriver, label: str):
    links = driver.find_elements(By.CSS_SELECTOR, "header nav a")
    for link in links:
        if nfc(link.text).strip() == label:
            return link
    raise AssertionError(f"no navigation link {label!r}; the navigation has {[nfc(a.text) for a in links]}")


def nav_labels(driver: WebDriver) -> list[str]:
    return [nfc(a.text).strip() for a in driver.find_elements(By.CSS_SELECTOR, "header nav a")]


def submit(driver: WebDriver, form_css: str = "main form") -> None:
    """Click the form's submit button and wait for the next page (the old <html> goes stale)."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, f"{form_css} button[type=submit]").click()

    def replaced(d):
        try:
            old.tag_name
            return False
        except Exception:
            return d.execute_script("return document.readyState") == "complete"

    wait_for(driver, replaced, "the page after submitting")


def fill(driver: WebDriver, field_id: str, value: str) -> None:
    element = driver.find_element(By.ID, field_id)
    element.clear()
    if value:
        element.send_keys(value)


def document_statuses(driver: WebDriver) -> list[tuple[int, str, str]]:
    """(status, method-less URL path, mime) of the documents loaded since the last call, from Chrome's performance log
    (the browsers of the `browsers` fixture record it)."""
    statuses = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.responseReceived" and message["params"].get("type") == "Document":
            response = message["params"]["response"]
            statuses.append((response["status"], urlsplit(response["url"]).path, response.get("mimeType", "")))
    return statuses


def last_document_status(driver: WebDriver) -> int:
    statuses = document_statuses(driver)
    assert statuses, "chromium recorded no document response"
    return statuses[-1][0]


def save_record(driver: WebDriver, expected_status: int) -> None:
    """Press "Lưu" on the record form and check the HTTP status of the page that comes back."""
    document_statuses(driver)  # forget what came before
    submit(driver, "main form.record")
    status = last_document_status(driver)
    assert status == expected_status, (
        f"saving the form answered {status}, not {expected_status}; the page says:\n{text_of(driver)[:800]}")


def cookie_header(driver: WebDriver) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(url: str, cookie: str = "", data: dict[str, str] | None = None) -> tuple[int, dict, str]:
    """GET (or POST a form) without following redirects; returns status, headers and body."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
    try:
        with _opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers or {}), error.read().decode("utf-8", errors="replace")


def main_text(page: str) -> str:
    """The text of a page's <main>, tags dropped, spaces squeezed (for messages)."""
    inner = page[page.find("<main"):page.find("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())


def check_html(server: Server, driver: WebDriver, expected_status: int = 200) -> str:
    """Fetch the page the browser shows, with its cookies, and hold it to the site's rules: small, styled, no script."""
    url = driver.current_url.split("#")[0]
    status, headers, page = http(url, cookie_header(driver))
    assert status == expected_status, f"{url}: status {status}"
    assert len(page.encode()) < PAGE_LIMIT, f"{url} is {len(page.encode())} bytes"
    assert STYLESHEET.search(page), f"{url} has no stylesheet"
    assert not SCRIPT.search(page), f"{url} contains a <script>"
    return page


def sign_in(server: Server, driver: WebDriver, username: str, password: str) -> None:
    driver.get(server.url("/"))
    driver.find_element(By.CSS_SELECTOR, "header a.signin").click()
    wait_for_path(driver, "/signin")
    assert text_of(driver, "main h1") == "Đăng nhập"
    fill(driver, "f-username", username)
    fill(driver, "f-password", password)
    submit(driver, "main form")


def choose_password(driver: WebDriver, current: str, new: str) -> None:
    fill(driver, "f-current", current)
    fill(driver, "f-new", new)
    fill(driver, "f-confirm", new)
    submit(driver, "main form")


def first_sign_in(server: Server, driver: WebDriver, username: str, one_time: str) -> None:
    """Sign in with the one-time password and choose the user's own password at once."""
    sign_in(server, driver, username, one_time)
    wait_for_path(driver, "/account/password")
    choose_password(driver, one_time, PASSWORDS[username])
    assert_left_for_the_site(driver)
    assert signed_in_as(driver) == username


def assert_left_for_the_site(driver: WebDriver) -> None:
    """After the one-time password is replaced, the person is sent on to the site (the home page, ?password=saved)."""
    assert path_of(driver) == "/", f"after choosing a password: {driver.current_url}\n{text_of(driver)[:500]}"
    assert urllib.parse.parse_qs(urlsplit(driver.current_url).query).get("password") == ["saved"], driver.current_url


def signed_in_as(driver: WebDriver) -> str | None:
    who = driver.find_elements(By.CSS_SELECTOR, "header form.account .who a")
    return nfc(who[0].text).strip() if who else None


def sign_out(driver: WebDriver) -> None:
    button = driver.find_element(By.CSS_SELECTOR, "header form.account button[type=submit]")
    assert nfc(button.text).strip() == "Đăng xuất"
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    wait_for(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "header form.account") and d.find_elements(
        By.CSS_SELECTOR, "header a.signin"), "the signed-out header")
    del old


def open_target_form(driver: WebDriver, code: str) -> str:
    """From any page: nav "Sửa kế hoạch", then the target's link. Returns the form's path."""
    nav_link(driver, "Sửa kế hoạch").click()
    wait_for(driver, lambda d: path_of(d).endswith("/edit"), "the plan's edit page")
    assert text_of(driver, "main h1") == "Sửa kế hoạch"
    links = [a for a in driver.find_elements(By.CSS_SELECTOR, "main ul.records a")
             if nfc(a.text).startswith(f"{code} — ")]
    assert len(links) == 1, f"{len(links)} links to {code} on the edit page"
    links[0].click()
    wait_for(driver, lambda d: "/edit/target/" in path_of(d), f"the edit form of {code}")
    assert text_of(driver, "main h1") == "Sửa chỉ tiêu"
    assert driver.find_element(By.ID, "f-code").get_attribute("value") == code
    return path_of(driver)


def record_version(driver: WebDriver, code: str) -> str:
    """The version the edit list shows for a target (" · v2")."""
    for item in driver.find_elements(By.CSS_SELECTOR, "main ul.records li[id^=target-]"):
        if nfc(item.find_element(By.TAG_NAME, "a").text).startswith(f"{code} — "):
            return nfc(item.find_element(By.TAG_NAME, "small").text).strip(" ·")
    raise AssertionError(f"{code} is not on the edit page")


def public_rule(server: Server, driver: WebDriver, code: str) -> str:
    """The rule the public targets page shows for a target, reached through the navigation."""
    driver.get(server.url("/"))
    nav_link(driver, "Chỉ tiêu").click()
    wait_for(driver, lambda d: path_of(d).endswith("/targets"), "the targets page")
    return text_of(driver, f"main tr#{code} td.rule")


def plan_path(server: Server) -> str:
    """/plans/{id} of the plan the home page shows (read as an anonymous visitor)."""
    status, _, page = http(server.url("/"))
    assert status == 200, status
    match = re.search(r'href="(/plans/[^/"]+)/targets"', page)
    assert match, "no link to the plan's targets on the home page"
    return match.group(1)


def error_summary(driver: WebDriver) -> list[str]:
    return [nfc(li.text) for li in driver.find_elements(By.CSS_SELECTOR, "main .error-summary li")]


# --- the story -----------------------------------------------------------------------------------------------------


class Story:
    """What the tests of this module hand on to the next."""

    def __init__(self) -> None:
        self.one_time: dict[str, str] = {}
        self.a: WebDriver | None = None
        self.b: WebDriver | None = None
        self.t04_form: str | None = None
        self.done: set[str] = set()

    def need(self, *steps: str) -> None:
        missing = [step for step in steps if step not in self.done]
        if missing:
            pytest.skip(f"needs the earlier step(s) {', '.join(missing)} of this module, which did not pass")


@pytest.fixture(scope="module")
def story(server: Server, browsers, create_user) -> Story:
    return Story()


def test_accounts_are_created_from_the_command_line(story: Story, server: Server, create_user):
    story.one_time["office1"] = create_user("office1", "standing_office", OFFICE_UNIT)
    story.one_time["office2"] = create_user("office2", "standing_office", OFFICE_UNIT)
    story.one_time["auditor1"] = create_user("auditor1", "auditor", PROVINCE)
    for username, password in story.one_time.items():
        assert len(password) >= 12, f"{username}'s one-time password is short: {password!r}"
    assert len(set(story.one_time.values())) == 3, "one-time passwords must differ"
    story.done.add("accounts")


def test_first_sign_in_forces_a_new_password(story: Story, server: Server, browsers):
    story.need("accounts")
    a = story.a = browsers()
    one_time = story.one_time["office1"]

    # A wrong password first: refused, no hint whether the account exists.
    sign_in(server, a, "office1", "not the password")
    assert path_of(a) == "/signin", a.current_url
    assert last_document_status(a) == 401
    assert text_of(a, "main .notice") == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert signed_in_as(a) is None

    sign_in(server, a, "office1", one_time)
    wait_for_path(a, "/account/password")
    assert text_of(a, "main h1") == "Mật khẩu"
    assert "Bạn đã đăng nhập bằng mật khẩu dùng một lần" in text_of(a), text_of(a)
    assert signed_in_as(a) == "office1"
    check_html(server, a)

    # The session cookie survives on http://127.0.0.1 although it is Secure, and scripts cannot read it.
    cookies = {c["name"]: c for c in a.get_cookies()}
    assert "__Host-pcmt_session" in cookies, f"chromium dropped the session cookie: {list(cookies)}"
    session = cookies["__Host-pcmt_session"]
    assert session["secure"] and session["httpOnly"], session
    assert session.get("sameSite") in ("Lax", "Strict"), session

    # Until the password is changed, the rest of the signed-in site sends the user back here.
    for path in ("/", plan_path(server) + "/targets", plan_path(server) + "/edit"):
        a.get(server.url(path))
        assert path_of(a) == "/account/password", f"{path} led to {a.current_url}"

    # Too short: refused with the field named, nothing changed.
    choose_password(a, one_time, "ngắn quá")
    assert path_of(a) == "/account/password"
    assert last_document_status(a) == 422
    assert error_summary(a) == ["Mật khẩu mới: Ít nhất 12 ký tự."], error_summary(a)
    assert "Ít nhất 12 ký tự." in text_of(a, "main .field.has-error"), text_of(a, "main .field.has-error")

    # Containing the username: refused too.
    choose_password(a, one_time, "office1 mật khẩu dài")
    assert last_document_status(a) == 422
    assert error_summary(a) == ["Mật khẩu mới: Mật khẩu không được chứa tên đăng nhập."], error_summary(a)

    choose_password(a, one_time, PASSWORDS["office1"])
    assert last_document_status(a) == 200
    assert_left_for_the_site(a)
    assert signed_in_as(a) == "office1"
    assert "Cơ quan thường trực" in text_of(a, "header form.account"), text_of(a, "header form.account")
    a.get(server.url("/"))
    assert "Sửa kế hoạch" in nav_labels(a), nav_labels(a)
    story.done.add("office1")


def test_two_sessions_edit_the_same_target(story: Story, server: Server, browsers):
    story.need("office1")
    a = story.a
    b = story.b = browsers()
    first_sign_in(server, b, "office2", story.one_time["office2"])
    assert {c["name"] for c in a.get_cookies()} & {c["name"] for c in b.get_cookies()} == {"__Host-pcmt_session", "__Host-pcmt_csrf"}
    assert cookie_header(a) != cookie_header(b), "the two browsers must hold separate sessions"

    assert public_rule(server, a, "T04") == T04_BEFORE

    a.get(server.url("/"))
    story.t04_form = open_target_form(a, "T04")
    check_html(server, a)
    b.get(server.url("/"))
    assert open_target_form(b, "T04") == story.t04_form
    for driver in (a, b):
        assert driver.find_element(By.ID, "f-threshold").get_attribute("value") == "5"
        assert driver.find_element(By.CSS_SELECTOR, "main form.record input[name=version]").get_attribute("value") == "1"
    document_statuses(b)  # forget B's history

    # A saves 6.
    fill(a, "f-threshold", "6")
    save_record(a, 200)  # after the 303 to ?saved=1
    assert path_of(a) == story.t04_form and urlsplit(a.current_url).query == "saved=1", a.current_url
    assert "Đã lưu." in text_of(a, "main .notice"), text_of(a, "main")
    assert a.find_element(By.ID, "f-threshold").get_attribute("value") == "6"
    assert a.find_element(By.CSS_SELECTOR, "main form.record input[name=version]").get_attribute("value") == "2"
    assert public_rule(server, a, "T04") == T04_AFTER

    # B saves 7 on its stale copy: refused, with what changed meanwhile.
    fill(b, "f-threshold", "7")
    save_record(b, 409)
    assert path_of(b) == story.t04_form
    conflict = text_of(b, "main .conflict")
    assert "Chưa lưu" in conflict and "office1" in conflict and "phiên bản 2" in conflict, conflict
    headings = [nfc(th.text) for th in b.find_elements(By.CSS_SELECTOR, "main .conflict thead th")]
    assert headings == ["Trường", "Khi bạn mở", "Hiện tại", "Của bạn"], headings
    rows = [[nfc(cell.text) for cell in row.find_elements(By.CSS_SELECTOR, "th, td")]
            for row in b.find_elements(By.CSS_SELECTOR, "main .conflict tbody tr")]
    assert rows == [[THRESHOLD_LABEL, "5", "6", "7"]], rows
    b.save_screenshot(str(Path(__file__).parent / "artifacts" / "conflict.png"))

    assert public_rule(server, b, "T04") == T04_AFTER, "the stale save must not change anything"
    b.get(server.url("/"))
    nav_link(b, "Sửa kế hoạch").click()
    wait_for(b, lambda d: path_of(d).endswith("/edit"), "the plan's edit page")
    assert record_version(b, "T04") == "v2"
    story.done.add("conflict")


def test_bad_input_is_refused_with_the_field_named(story: Story, server: Server):
    story.need("office1")
    a = story.a
    a.get(server.url("/"))
    form = open_target_form(a, "T05")
    assert a.find_element(By.ID, "f-ruleKind").get_attribute("value") == "ratioAbove"
    assert a.find_element(By.ID, "f-threshold").get_attribute("value") == "90"
    document_statuses(a)

    fill(a, "f-threshold", "150")
    save_record(a, 422)
    assert path_of(a) == form
    summary = error_summary(a)
    assert len(summary) == 1 and summary[0].startswith(f"{THRESHOLD_LABEL}: "), summary
    assert "0 đến 100" in summary[0], summary
    assert "Chưa lưu gì" in text_of(a, "main .error-summary")
    link = a.find_element(By.CSS_SELECTOR, "main .error-summary li a")
    assert link.get_attribute("href").endswith("#f-threshold")
    field = a.find_element(By.CSS_SELECTOR, "main .field.has-error")
    assert field.find_element(By.TAG_NAME, "input").get_attribute("id") == "f-threshold"
    assert a.find_element(By.ID, "f-threshold").get_attribute("value") == "150", "the user's input should be kept"

    # Empty text, threshold back to the plan's: refused with "Nội dung" named.
    fill(a, "f-threshold", "90")
    fill(a, "f-text", "")
    save_record(a, 422)
    summary = error_summary(a)
    assert len(summary) == 1 and summary[0].startswith(f"{TEXT_LABEL}: "), summary
    assert a.find_element(By.CSS_SELECTOR, "main .field.has-error textarea").get_attribute("id") == "f-text"

    assert public_rule(server, a, "T05") == "> 90%"
    a.get(server.url("/"))
    nav_link(a, "Sửa kế hoạch").click()
    wait_for(a, lambda d: path_of(d).endswith("/edit"), "the plan's edit page")
    assert record_version(a, "T05") == "v1", "a refused save must not make a version"
    story.done.add("bad-input")


def task_items(driver: WebDriver) -> list[str]:
    """The key tasks the edit page lists ("1. Cấp ủy…")."""
    return [nfc(item.find_element(By.TAG_NAME, "a").text)
            for item in driver.find_elements(By.CSS_SELECTOR, "main ul.records li[id^=task-]")]


def test_deleting_a_record_needs_the_confirmation(story: Story, server: Server):
    """A key task is added, then deleted: the delete form has a required "confirm" box, a POST without it is refused
    and deletes nothing, and with it the task is gone (the public page counts 9 tasks again)."""
    story.need("office1")
    a = story.a
    a.get(server.url("/"))
    nav_link(a, "Sửa kế hoạch").click()
    wait_for(a, lambda d: path_of(d).endswith("/edit"), "the plan's edit page")
    assert len(task_items(a)) == 9, task_items(a)
    add = [link for link in a.find_elements(By.CSS_SELECTOR, "main a.add") if nfc(link.text) == "+ Thêm nhiệm vụ trọng tâm"]
    assert len(add) == 1, [nfc(link.text) for link in a.find_elements(By.CSS_SELECTOR, "main a.add")]
    add[0].click()
    wait_for(a, lambda d: path_of(d).endswith("/edit/task/new"), "the new task form")
    assert text_of(a, "main h1") == "Thêm nhiệm vụ trọng tâm"
    fill(a, "f-number", "10")
    fill(a, "f-text", "Nhiệm vụ thử, sẽ bị xóa ngay")
    document_statuses(a)
    save_record(a, 200)  # after the 303 to the new record's form, ?saved=1
    form_path = path_of(a)
    assert re.fullmatch(r"/plans/[^/]+/edit/task/[0-9a-f-]{36}", form_path), a.current_url
    assert "Đã lưu." in text_of(a, "main .notice"), text_of(a)

    # The delete form: the box must be ticked (the browser will not send the form without it).
    danger = a.find_element(By.CSS_SELECTOR, "main form.danger")
    box = danger.find_element(By.CSS_SELECTOR, "input[type=checkbox][name=confirm]")
    assert box.get_attribute("value") == "yes" and box.get_attribute("required") is not None
    assert "Tôi muốn xóa nhiệm vụ trọng tâm này" in nfc(danger.text), nfc(danger.text)
    button = danger.find_element(By.CSS_SELECTOR, "button[type=submit]")
    assert nfc(button.text) == "Xóa nhiệm vụ trọng tâm này"
    button.click()
    time.sleep(0.3)
    assert path_of(a) == form_path, f"an unticked delete form was sent: {a.current_url}"

    # Sent anyway, without the box (as a script could): refused, nothing deleted.
    fields = {e.get_attribute("name"): e.get_attribute("value")
              for e in danger.find_elements(By.CSS_SELECTOR, "input[type=hidden]")}
    assert set(fields) == {"_csrf", "version"}, fields
    delete_url = server.url(urlsplit(danger.get_attribute("action")).path)
    status, _, page = http(delete_url, cookie_header(a), fields)
    assert status == 400, f"a delete without confirm=yes answered {status}: {main_text(page)[:300]}"
    assert "Hãy đánh dấu ô xác nhận để xóa; chưa xóa gì." in main_text(page), main_text(page)[:500]
    a.get(server.url(form_path))
    assert a.find_element(By.ID, "f-text").get_attribute("value") == "Nhiệm vụ thử, sẽ bị xóa ngay"

    # Ticked: deleted, back on the edit page with a notice; the public page has its 9 tasks.
    danger = a.find_element(By.CSS_SELECTOR, "main form.danger")
    danger.find_element(By.CSS_SELECTOR, "input[name=confirm]").click()
    submit(a, "main form.danger")
    assert path_of(a).endswith("/edit") and urlsplit(a.current_url).query == "removed=task", a.current_url
    assert "Đã xóa nhiệm vụ trọng tâm." in text_of(a, "main .notice"), text_of(a)[:500]
    assert len(task_items(a)) == 9 and not [t for t in task_items(a) if "Nhiệm vụ thử" in t], task_items(a)
    a.get(server.url(form_path))
    assert last_document_status(a) == 404, "the deleted task's form should be gone"
    a.get(server.url("/"))
    nav_link(a, "Nhiệm vụ trọng tâm").click()
    wait_for(a, lambda d: path_of(d).endswith("/tasks"), "the tasks page")
    assert "9 nhiệm vụ trọng tâm." in text_of(a, "main .lead"), text_of(a, "main .lead")
    story.done.add("delete")


def _t04_form_as_sent(story: Story, server: Server) -> tuple[str, dict[str, str], dict[str, str]]:
    """Open T04's form in browser A; return its path, the fields it would send (without _csrf) and A's cookies."""
    a = story.a
    a.get(server.url("/"))
    path = open_target_form(a, "T04")
    form = {element.get_attribute("name"): element.get_attribute("value")
            for element in a.find_elements(By.CSS_SELECTOR, "main form.record input, main form.record select")}
    form["text"] = a.find_element(By.ID, "f-text").get_attribute("value")
    cookies = {c["name"]: c["value"] for c in a.get_cookies()}
    assert "__Host-pcmt_session" in cookies and "__Host-pcmt_csrf" in cookies, cookies
    assert form.pop("_csrf") == cookies["__Host-pcmt_csrf"], "the form's token should be the cookie's"
    return path, form, cookies


def test_a_post_without_the_csrf_token_is_refused(story: Story, server: Server):
    story.need("office1")
    rule = public_rule(server, story.a, "T04")
    path, form, cookies = _t04_form_as_sent(story, server)
    url = server.url(path)
    all_cookies = "; ".join(f"{k}={v}" for k, v in cookies.items())
    changed = {**form, "threshold": "9"}

    status, _, page = http(url, all_cookies, changed)
    assert status == 403, f"a POST without _csrf answered {status}"
    assert "Biểu mẫu đã hết hạn hoặc không xuất phát từ pcmt" in html.unescape(page), page[:2000]
    status, _, _ = http(url, all_cookies, {**changed, "_csrf": "not-the-token"})
    assert status == 403, f"a POST with a wrong _csrf answered {status}"
    without_csrf_cookie = "; ".join(f"{k}={v}" for k, v in cookies.items() if k != "__Host-pcmt_csrf")
    status, _, _ = http(url, without_csrf_cookie, {**changed, "_csrf": cookies["__Host-pcmt_csrf"]})
    assert status == 403, f"a POST whose token has no matching cookie answered {status}"

    # The same request with the token passes the check; on a stale version (0) it stops at the conflict, unsaved.
    status, _, page = http(url, all_cookies, {**changed, "_csrf": cookies["__Host-pcmt_csrf"], "version": "0"})
    assert status == 409, f"with the token, a stale save answered {status}: {main_text(page)[:300]}"
    assert public_rule(server, story.a, "T04") == rule


def test_a_long_form_with_the_token_passes_the_csrf_check(story: Story, server: Server):
    """A form of a few kB (a target with a long text) with the right token must reach the form's own checks."""
    story.need("office1")
    path, form, cookies = _t04_form_as_sent(story, server)
    long_text = form["text"] + " — " + "Phấn đấu giảm tỷ lệ tái nghiện trên địa bàn tỉnh. " * 40
    body = {**form, "text": long_text, "_csrf": cookies["__Host-pcmt_csrf"], "version": "0"}
    size = len(urllib.parse.urlencode(body))
    status, _, page = http(server.url(path), "; ".join(f"{k}={v}" for k, v in cookies.items()), body)
    assert status == 409, (
        f"a stale save of a {size}-byte form with the right token answered {status}, not 409 (conflict): "
        f"{main_text(page)[:300]}")


def test_the_auditor_sees_the_change(story: Story, server: Server, tmp_path: Path):
    story.need("conflict")
    b = story.b
    b.get(server.url("/"))
    sign_out(b)
    assert signed_in_as(b) is None
    first_sign_in(server, b, "auditor1", story.one_time["auditor1"])
    b.get(server.url("/"))
    labels = nav_labels(b)
    assert "Sửa kế hoạch" not in labels, labels
    nav_link(b, "Nhật ký").click()
    wait_for_path(b, "/audit")
    page = check_html(server, b)
    assert text_of(b, "main h1") == "Nhật ký hệ thống"
    notice = text_of(b, "main .notice")
    assert re.fullmatch(r"Chuỗi \d+ sự kiện còn nguyên vẹn\.", notice), notice

    headings = [nfc(th.text) for th in b.find_elements(By.CSS_SELECTOR, "main table.audit thead th")]
    assert headings == ["#", "Thời gian", "Ai", "Địa chỉ", "Loại", "Nội dung", "Thay đổi"], headings
    rows = [[nfc(cell.text) for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in b.find_elements(By.CSS_SELECTOR, "main table.audit tbody tr")]
    # In the page's language (issue 14): the kind and the summary in words, what changed instead of raw JSON.
    t04 = [row for row in rows if row[4] == "Sửa" and "Sửa chỉ tiêu T04 trong kế hoạch" in row[5]]
    assert len(t04) == 1, f"one update of T04 expected (the stale and refused saves record nothing): {t04}"
    seq, at, who, address, kind, summary, changed = t04[0]
    assert who == "office1 · 62-CAT", who
    assert address == "127.0.0.1", address
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", at), at
    assert changed.replace("\n", " ").split() == ["Ngưỡng:", "5", "6"], changed
    cell = [row for row in b.find_elements(By.CSS_SELECTOR, "main table.audit tbody tr")
            if "Sửa chỉ tiêu T04" in nfc(row.text)][0]
    assert nfc(cell.find_element(By.CSS_SELECTOR, "td.changes del").text).strip() == "5"
    assert nfc(cell.find_element(By.CSS_SELECTOR, "td.changes ins").text).strip() == "6"
    assert not [row for row in rows if row[4] == "Sửa" and "chỉ tiêu T05" in row[5]], "T05 was never saved"
    kinds = {row[4] for row in rows}
    for expected in ("Phân quyền", "Đăng nhập", "Đăng nhập không thành công", "Đổi mật khẩu", "Đăng xuất"):
        assert expected in kinds, f"no {expected} event in the log: {sorted(kinds)}"
    assert "{&quot;threshold&quot;" not in page, "no raw JSON on the page"

    # Filters: user and kind.
    fill(b, "f-user", "office1")
    Select(b.find_element(By.ID, "f-kind")).select_by_value("update")
    submit(b, "main form.filters")
    query = urllib.parse.parse_qs(urlsplit(b.current_url).query)
    assert query.get("user") == ["office1"] and query.get("kind") == ["update"], b.current_url
    filtered = [[nfc(cell.text) for cell in row.find_elements(By.TAG_NAME, "td")]
                for row in b.find_elements(By.CSS_SELECTOR, "main table.audit tbody tr")]
    assert len(filtered) == 1 and "Sửa chỉ tiêu T04 trong kế hoạch" in filtered[0][5], filtered
    assert "1 sự kiện" in text_of(b, "main .lead"), text_of(b, "main .lead")

    # The CSV, downloaded as a user would, by the link.
    b.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    link = b.find_element(By.CSS_SELECTOR, "main form.filters a[href^='/audit.csv']")
    assert nfc(link.text) == "Tải CSV"
    link.click()
    deadline = time.monotonic() + 10
    files: list[Path] = []
    while time.monotonic() < deadline:
        files = [f for f in tmp_path.iterdir() if not f.name.endswith(".crdownload")]
        if files:
            break
        time.sleep(0.1)
    assert [f.name for f in files] == ["pcmt-audit.csv"], list(tmp_path.iterdir())
    csv_text = files[0].read_text(encoding="utf-8-sig")
    header = csv_text.splitlines()[0]
    assert header.startswith('"seq","at","actor"'), header
    assert '"{""threshold"":""5""}","{""threshold"":""6""}"' in csv_text, csv_text[:2000]
    story.done.add("audit")


def test_signing_out_closes_the_edit_pages(story: Story, server: Server):
    story.need("office1")
    a = story.a
    a.get(server.url("/"))
    form = open_target_form(a, "T04")
    threshold = a.find_element(By.ID, "f-threshold").get_attribute("value")
    if "conflict" in story.done:
        assert threshold == "6"
    a.get(server.url("/"))
    sign_out(a)
    assert path_of(a) == "/", a.current_url
    assert "__Host-pcmt_session" not in {c["name"] for c in a.get_cookies()}, a.get_cookies()
    assert "Sửa kế hoạch" not in nav_labels(a)
    a.get(server.url(form))
    wait_for_path(a, "/signin")
    query = urllib.parse.parse_qs(urlsplit(a.current_url).query)
    assert query.get("next") == [form], a.current_url
    assert a.find_element(By.CSS_SELECTOR, "main form input[name=next]").get_attribute("value") == form

    # Signing in again goes back to the page asked for.
    fill(a, "f-username", "office1")
    fill(a, "f-password", PASSWORDS["office1"])
    submit(a, "main form")
    assert path_of(a) == form, a.current_url
    assert a.find_element(By.ID, "f-threshold").get_attribute("value") == threshold
