"""What the browser tests share: reading pages, waiting for them, and following the navigation."""

from __future__ import annotations

import json

import unicodedata
from urllib.parse import parse_qs, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def text_of(driver: WebDriver, css: str = "main") -> str:
    return nfc(driver.find_element(By.CSS_SELECTOR, css).text)


def path_of(driver: WebDriver) -> str:
    return urlsplit(driver.current_url).path


def query_of(driver: WebDriver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def wait_for(driver: WebDriver, condition, what: str, timeout: float = 15):
    try:
        return WebDriverWait(driver, timeout).until(lambda d: condition(d))
    except Exception as error:
        raise AssertionError(f"timed out waiting for {what}; at {driver.current_url}:\n{text_of(driver, 'body')[:1500]}") from error


def nav_link(driver: WebDriver, label: str):
    links = driver.find_elements(By.CSS_SELECTOR, "header nav a")
    for link in links:
        if nfc(link.text).strip() == label:
            return link
    raise AssertionError(f"no navigation link {label!r}; the navigation has {[nfc(a.text) for a in links]}")


def nav_labels(driver: WebDriver) -> list[str]:
    return [nfc(a.text).strip() for a in driver.find_elements(By.CSS_SELECTOR, "header nav a")]


def click_and_wait(driver: WebDriver, element) -> None:
    """Click something that loads a new page and wait until it has (the old <html> goes stale)."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(d):
        try:
            old.tag_name
            return False
        except Exception:
            return d.execute_script("return document.readyState") == "complete"

    wait_for(driver, replaced, "the next page")


def fill(driver: WebDriver, field_id: str, value: str) -> None:
    element = driver.find_element(By.ID, field_id)
    element.clear()
    if value:
        element.send_keys(value)


def document_statuses(driver: WebDriver) -> list[int]:
    """HTTP statuses of the documents loaded since the last call (the `browsers` fixture records Chrome's log)."""
    statuses = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.responseReceived" and message["params"].get("type") == "Document":
            statuses.append(message["params"]["response"]["status"])
    return statuses
