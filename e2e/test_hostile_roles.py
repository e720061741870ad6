"""Tokens belong to an account and die with it (issue 12, item 3), against the real server and its command line:
`pcmt tokens create --owner` makes a token no wider than its owner and refuses one above it; once an administrator
deactivates the owner, the token answers 401 on the API at once, and the token page says why.
The server is a fresh one of its own (`roles_server`), so its accounts and tokens never reach the other tests.
"""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from conftest import Server, _start_server, run_cli, user_creator

PASSWORD = "một mật khẩu khác đủ dài 2025"
TOKEN = re.compile(r"pcmt_[A-Za-z0-9_-]{40,}")


@pytest.fixture(scope="module")
def roles_server(artifacts: Path):
    yield from _start_server(artifacts, "server-roles")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """Keeps cookies itself (Python's clients never send Secure cookies over plain HTTP); never follows redirects."""

    def __init__(self, srv: Server):
        self.base = srv.base_url
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, form: dict[str, str] | None = None, bearer: str | None = None) -> tuple[int, dict, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, method="POST" if data is not None else "GET")
        if form is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        if bearer:
            request.add_header("Authorization", f"Bearer {bearer}")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.headers, response.read().decode("utf-8", errors="replace")

    def post(self, path: str, form: dict[str, str]) -> tuple[int, dict, str]:
        if "__Host-pcmt_csrf" not in self.cookies:
            self.request("/signin")
        return self.request(path, {"_csrf": self.cookies["__Host-pcmt_csrf"], **form})


def signed_in(srv: Server, username: str, role: str, unit: str) -> Client:
    one_time = user_creator(srv)(username, role, unit)
    client = Client(srv)
    status, headers, _ = client.post("/signin", {"username": username, "password": one_time, "next": "/"})
    assert status == 303 and headers["Location"] == "/account/password", (username, status)
    status, _, _ = client.post("/account/password", {"current": one_time, "new": PASSWORD, "confirm": PASSWORD})
    assert status == 303
    return client


def tokens_create(srv: Server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(srv.binary), "tokens", "create", *args], cwd=srv.workdir, env=srv.env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


def test_a_token_dies_with_its_owner(roles_server: Server):
    admin = signed_in(roles_server, "quantri.vaitro", "system_admin", "62")
    user_creator(roles_server)("baocao.vaitro", "district_reporter", "611")
    output = run_cli(roles_server, "tokens", "create", "--owner", "baocao.vaitro", "--role", "district_reporter",
                     "--unit", "611", "--name", "e2e-roles")
    token = TOKEN.search(output)
    assert token, output
    secret = token.group(0)
    api = Client(roles_server)
    assert api.request("/api/v1/plans", bearer=secret)[0] == 200

    # Above its owner: a viewer sees the province's rounds, a district reporter does not; another district.
    for role, unit in [("viewer", "611"), ("district_reporter", "612"), ("standing_office", "62-CAT")]:
        refused = tokens_create(roles_server, "--owner", "baocao.vaitro", "--role", role, "--unit", unit, "--name", "x")
        assert refused.returncode != 0, (role, unit, refused.stdout)
        assert "--owner" in refused.stdout + refused.stderr, refused.stdout + refused.stderr
        assert TOKEN.search(refused.stdout) is None
    no_owner = tokens_create(roles_server, "--owner", "khong.co.ai", "--role", "viewer", "--unit", "62", "--name", "x")
    assert no_owner.returncode != 0

    # The administrator deactivates the owner: the token answers 401 at once.
    status, _, users = admin.request("/admin/users")
    assert status == 200
    link = re.search(r'href="(/admin/users/[0-9a-f-]{36})"[^>]*>baocao\.vaitro<', users)
    assert link, "the accounts page links the owner"
    status, _, page = admin.request(link.group(1))
    version = re.search(r'name="version" value="(\d+)"', page)
    assert status == 200 and version
    status, _, _ = admin.post(link.group(1), {"role": "district_reporter", "unit": "611", "version": version.group(1),
                                              "disabled": "1"})
    assert status == 303
    status, _, body = api.request("/api/v1/plans", bearer=secret)
    assert status == 401, body
    tokens_page = admin.request("/admin/tokens")[2]
    assert "baocao.vaitro" in tokens_page and "tài khoản sở hữu đã bị khoá" in tokens_page
