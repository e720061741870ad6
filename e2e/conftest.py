"""Fixtures for the browser and API tests.

The server under test is the built `pcmt` binary (`$PCMT_BINARY`, set by `scripts/test`), started once per test
session on a free port of 127.0.0.1, in a fresh temporary working directory, on a fresh SQLite file (`server`). The
board and data-entry tests start a second one with `--demo` (`demo_server`: its own port, directory and database), so
that the values they change never reach the pages the other tests check. The browser is Debian's chromium driven
through Debian's chromedriver; Selenium Manager never downloads anything.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent
ARTIFACTS = E2E_DIR / "artifacts"

CHROMIUM = os.environ.get("PCMT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PCMT_CHROMEDRIVER", "/usr/bin/chromedriver")
VIEWPORT = (1280, 900)
STARTUP_TIMEOUT = float(os.environ.get("PCMT_E2E_STARTUP_TIMEOUT", "120"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binary() -> Path:
    value = os.environ.get("PCMT_BINARY")
    if value:
        path = Path(value).resolve()
    else:
        path = REPO_ROOT / ".build" / "debug" / "pcmt"
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.exit(
            f"pcmt binary not found at {path}: build it with `swift build --product pcmt` "
            "and set PCMT_BINARY (scripts/test does both)",
            returncode=4,
        )
    return path


class Server:
    def __init__(
        self,
        base_url: str,
        workdir: Path,
        log_path: Path,
        process: subprocess.Popen,
        binary: Path | None = None,
        env: dict[str, str] | None = None,
    ):
        self.base_url = base_url
        self.workdir = workdir
        self.log_path = log_path
        self.process = process
        self.binary = binary
        self.env = env or {}

    def url(self, path: str) -> str:
        return self.base_url + path

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _start_server(artifacts: Path, name: str, extra_args: tuple[str, ...] = (), extra_env: dict[str, str] | None = None):
    """Start `pcmt serve` on a free port of 127.0.0.1 in a fresh working directory on a fresh SQLite file; yield the
    Server once /healthz answers 200; stop it and keep its log as artifacts/<name>.log."""
    binary = _binary()
    workdir = Path(tempfile.mkdtemp(prefix=f"pcmt-e2e-{name}-"))
    port = _free_port()
    log_path = workdir / "server.log"
    env = dict(os.environ)
    env["PCMT_DATABASE_URL"] = f"sqlite://{workdir}/e2e.sqlite"
    env.setdefault("LOG_LEVEL", "info")
    env.update(extra_env or {})
    base_url = f"http://127.0.0.1:{port}"
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port), *extra_args],
                cwd=workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    except OSError:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    srv = Server(base_url, workdir, log_path, process, binary=binary, env=env)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last_error = "no attempt"
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"pcmt ({name}) exited with status {process.returncode} before answering /healthz\n"
                    f"--- server log ---\n{srv.log()}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(srv.url("/healthz"), timeout=2) as response:
                    if response.status == 200:
                        break
                    last_error = f"status {response.status}"
            except urllib.error.HTTPError as error:
                last_error = f"status {error.code}"
            except (urllib.error.URLError, OSError) as error:
                last_error = str(error)
            if time.monotonic() > deadline:
                pytest.fail(
                    f"pcmt ({name}) did not answer 200 on /healthz within {STARTUP_TIMEOUT:.0f}s ({last_error})\n"
                    f"--- server log ---\n{srv.log()}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield srv
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        try:
            shutil.copyfile(log_path, artifacts / f"{name}.log")
        except OSError:
            pass
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def server(artifacts: Path):
    """The plain server: the built-in plan and units, no data values, no account."""
    yield from _start_server(artifacts, "server")


@pytest.fixture(scope="session")
def demo_server(artifacts: Path):
    """A second server, on its own port and database, started with `--demo`: synthetic data for Kon Tum 2020-2025.
    The tests that change data values use this one, so that the plain server's pages stay as the other tests expect."""
    yield from _start_server(artifacts, "server-demo", ("--demo",))


def run_cli(srv: Server, *args: str) -> str:
    """Run `pcmt <args>` against a running server's database (same working directory, same PCMT_DATABASE_URL; SQLite
    lets the second process in); return its standard output, failing the test on a non-zero exit."""
    result = subprocess.run(
        [str(srv.binary), *args],
        cwd=srv.workdir,
        env=srv.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"pcmt {' '.join(args)} exited with {result.returncode}:\n{result.stdout}{result.stderr}"
    return result.stdout


TOKEN_LINE = re.compile(r"^(pcmt_\S+)$", re.MULTILINE)


def create_token(srv: Server, role: str, unit: str, name: str) -> str:
    """Make an API token as an operator would (a token belongs to an account, issue 12): first the account
    `<name>-owner` with the same role and unit (`pcmt users create`), then `pcmt tokens create --owner` for it.
    Return the token, which `pcmt tokens create` prints once on a line of its own."""
    owner = f"{name}-owner"
    run_cli(srv, "users", "create", "--username", owner, "--role", role, "--unit", unit)
    output = run_cli(srv, "tokens", "create", "--owner", owner, "--role", role, "--unit", unit, "--name", name)
    match = TOKEN_LINE.search(output)
    assert match, f"pcmt tokens create printed no token on a line of its own:\n{output}"
    return match.group(1)


def start_browser(performance_log: bool = False):
    """A fresh headless chromium (its own profile: no cookies shared with any other) with a 1280x900 viewport.

    With performance_log, the driver records Chrome's network events, so that a test can read the HTTP status of
    the documents it loaded (see `document_statuses`)."""
    # Imported here so that the API tests can run where selenium is absent.
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # Never let Selenium Manager look for or download a browser or a driver.
    os.environ["SE_OFFLINE"] = "true"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            pytest.exit(f"{path} is missing: apt-get install chromium chromium-driver", returncode=4)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--lang=vi-VN",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(argument)
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(ARTIFACTS / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    # --window-size counts the window's frame; pin the viewport itself so that screenshots are exactly 1280x900.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": VIEWPORT[0], "height": VIEWPORT[1], "deviceScaleFactor": 1, "mobile": False},
    )
    return driver


@pytest.fixture(scope="session")
def browser(server: Server):
    driver = start_browser()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def browsers():
    """Start more browsers, each a separate session (own profile, own cookies): `browsers()` returns a new one, with
    the performance log on. All are closed at the end of the module."""
    started = []

    def new():
        driver = start_browser(performance_log=True)
        started.append(driver)
        return driver

    try:
        yield new
    finally:
        for driver in started:
            try:
                driver.quit()
            except Exception:  # a crashed browser must not hide the test's own failure
                pass


ONE_TIME_PASSWORD = re.compile(r"One-time password \(must be changed at first sign-in\): (\S+)")


def user_creator(srv: Server):
    """`create(username, role, unit, email=None)` runs `pcmt users create` against the server's database and returns
    the one-time password it prints."""

    def create(username: str, role: str, unit: str, email: str | None = None) -> str:
        extra = ("--email", email) if email else ()
        output = run_cli(srv, "users", "create", "--username", username, "--role", role, "--unit", unit, *extra)
        match = ONE_TIME_PASSWORD.search(output)
        assert match, f"pcmt users create {username} printed no one-time password:\n{output}"
        return match.group(1)

    return create


@pytest.fixture(scope="session")
def create_user(server: Server):
    """`create_user(username, role, unit, email=None)`: an account on the plain server (see `user_creator`)."""
    return user_creator(server)


@pytest.fixture(scope="session")
def api_schema(server: Server):
    import schemathesis

    return schemathesis.openapi.from_url(server.url("/openapi.json"))
