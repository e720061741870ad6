"""Hostile requests against the real server (issue 12): text that is not clean, malformed HTTP, bodies too large
for who sends them, the wrong media type, forged form tokens, guessed passwords, and a rewritten audit log. Every
request gets a clear 4xx (or is detected by `pcmt audit verify`), and the server keeps answering.

The server is a fresh one of its own (`hostile_server`), so that its failed sign-ins, its audit log and the copies
of its database that are tampered with never reach the other tests. Raw sockets send what Python's clients refuse
to send (a control character in a header, headers of 40 kB, a body that never comes).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import socket
import sqlite3
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from conftest import Server, _start_server, run_cli, user_creator

PLAN = "6f0c3959-2021-4025-8d62-000000003959"
PASSWORD = "một mật khẩu đủ dài 2025"


@pytest.fixture(scope="module")
def hostile_server(artifacts: Path):
    yield from _start_server(artifacts, "server-hostile")


# --- clients -------------------------------------------------------------------------------------------------------


def raw(srv: Server, data: bytes, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """Send `data` as it is on a new connection; read the answer until the server closes or `timeout` passes.
    Returns the status (0 when nothing came back), the headers and the body."""
    host, port = srv.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        received = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
                if b"\r\n\r\n" in received:
                    head, _, body = received.partition(b"\r\n\r\n")
                    length = re.search(rb"(?i)content-length:\s*(\d+)", head)
                    if length and len(body) >= int(length.group(1)):
                        break
        except (socket.timeout, ConnectionResetError):
            pass
    if not received.startswith(b"HTTP/"):
        return 0, {}, received
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


class Client:
    """Keeps cookies itself (Python's clients never send Secure cookies over plain HTTP) and never follows
    redirects."""

    def __init__(self, srv: Server):
        self.base = srv.base_url
        self.cookies: dict[str, str] = {}
        self.extra: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, form: dict[str, str] | None = None, body: bytes | None = None,
                content_type: str | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
        data = body if body is not None else (urllib.parse.urlencode(form).encode() if form is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method="POST" if data is not None else "GET")
        if form is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        if content_type:
            request.add_header("Content-Type", content_type)
        for name, value in {**self.extra, **(headers or {})}.items():
            request.add_header(name, value)
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
        # The headers as a message: names compared without case.
        return response.status, response.headers, response.read().decode("utf-8", errors="replace")

    def token(self) -> str:
        if "__Host-pcmt_csrf" not in self.cookies:
            self.request("/signin")
        return self.cookies["__Host-pcmt_csrf"]

    def post(self, path: str, form: dict[str, str]) -> tuple[int, dict, str]:
        return self.request(path, {"_csrf": self.token(), **form})

    def sign_in(self, username: str, password: str) -> tuple[int, dict, str]:
        return self.post("/signin", {"username": username, "password": password, "next": "/"})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main_text(page: str) -> str:
    inner = page[page.find("<main"):page.find("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", inner).split())


def alive(srv: Server) -> None:
    status, _, body = raw(srv, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 200 and b'"ok"' in body, (status, body)
    assert srv.process.poll() is None, f"the server stopped:\n{srv.log()[-3000:]}"


def cli(srv: Server, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(srv.binary), *args], cwd=srv.workdir, env={**srv.env, **(env or {})},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def accounts(hostile_server: Server) -> dict[str, str]:
    """Accounts with their own passwords: two viewers of the same office and a district's reporter."""
    create = user_creator(hostile_server)
    made = {}
    for username, role, unit in [("office1", "viewer", "62"), ("office2", "viewer", "62"), ("ngochoi", "district_reporter", "611")]:
        one_time = create(username, role, unit)
        client = Client(hostile_server)
        status, headers, _ = client.sign_in(username, one_time)
        assert status == 303 and headers["Location"] == "/account/password", (username, status)
        status, _, page = client.post("/account/password", {"current": one_time, "new": PASSWORD, "confirm": PASSWORD})
        assert status == 303, main_text(page)
        made[username] = PASSWORD
    return made


@pytest.fixture(scope="module")
def district_token(hostile_server: Server) -> str:
    output = run_cli(hostile_server, "tokens", "create", "--role", "district_reporter", "--unit", "611", "--name", "e2e-hostile")
    match = re.search(r"pcmt_[A-Za-z0-9_-]{40,}", output)
    assert match, output
    return match.group(0)


# --- malformed HTTP ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [b"a\x01b", b"a\x00b", b"\x1b[31m", b"a\x7fb"])
def test_a_control_character_in_a_header_is_answered_400(hostile_server: Server, value: bytes):
    status, headers, body = raw(hostile_server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: " + value + b"\r\n\r\n")
    assert status == 400, (status, body)
    assert headers.get("connection") == "close"
    assert "điều khiển".encode() in body and b"control character" in body
    alive(hostile_server)


def test_headers_over_the_limits_are_answered_431(hostile_server: Server):
    one_big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n"
    many = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % n for n in range(150)) + b"\r\n"
    total = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: %s\r\n" % (n, b"v" * 8000) for n in range(6)) + b"\r\n"
    for request in (one_big, many, total):
        status, _, body = raw(hostile_server, request)
        assert status == 431, (status, body[:200])
        assert b"too large" in body
    status, _, _ = raw(hostile_server, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 414
    status, _, _ = raw(hostile_server, b"NOT-HTTP\r\n\r\n")
    assert status == 400
    alive(hostile_server)


def test_an_anonymous_body_is_refused_before_it_is_read(hostile_server: Server):
    # Ten megabytes announced, none sent: the answer comes at once (the server does not wait for the body).
    for path in (b"/signin", b"/api/v1/datavalues", b"/data/import"):
        head = (b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 10000000\r\n\r\n")
        status, headers, body = raw(hostile_server, head, timeout=5)
        assert status == 413, (path, status, body[:200])
        assert headers.get("connection") == "close"
    # A forged session cookie earns nothing more than no cookie.
    status, _, _ = raw(hostile_server, b"POST /signin HTTP/1.1\r\nHost: x\r\nCookie: __Host-pcmt_session=forged\r\n"
                                       b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200000\r\n\r\n", timeout=5)
    assert status == 413
    # A chunked body is counted as it arrives.
    chunks = b"".join(b"4000\r\n" + b"a" * 0x4000 + b"\r\n" for _ in range(8))
    status, _, _ = raw(hostile_server, b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                       b"Transfer-Encoding: chunked\r\n\r\n" + chunks)
    assert status == 413
    alive(hostile_server)


def test_a_signed_in_body_past_the_anonymous_cap_is_read(hostile_server: Server, accounts):
    client = Client(hostile_server)
    assert client.sign_in("ngochoi", accounts["ngochoi"])[0] == 303
    text = "element,unit,period,category,value\n" + "schools_total,611,2023,,40\n" * 8_000
    status, _, page = client.post("/data/import", {"text": text})
    # 200 kB, past the anonymous cap: the import's own checks answer (whatever they decide), not that cap.
    assert status < 500 and "64 KB" not in main_text(page), (status, main_text(page)[:300])


# --- media types and clean text ------------------------------------------------------------------------------------


def test_the_json_api_takes_json_only(hostile_server: Server, district_token: str):
    client = Client(hostile_server)
    auth = {"Authorization": f"Bearer {district_token}"}
    status, _, body = client.request("/api/v1/datavalues", body=b"orgunit=611&period=2023", content_type="application/x-www-form-urlencoded", headers=auth)
    assert status == 415, body
    assert "application/json" in json.loads(body)["reason"]
    status, _, _ = client.request("/api/v1/datavalues", body=b'{"orgunit":"611"}', content_type="text/plain", headers=auth)
    assert status == 415
    status, _, body = client.request("/api/v1/datavalues?orgunit=611&period=2023", headers=auth)
    assert status == 200, body


@pytest.mark.parametrize("body,status,words", [
    (b'{"orgunit":"611\\u0000","period":"2023","values":[]}', 422, "orgunit: character 4 is a control character (U+0000)"),
    (b'{"orgunit":"611","period":"2023\\n","values":[]}', 422, "period: character 5 is a line break or tab"),
    (b'{"orgunit":"611","period":"2023","values":[{"element":"x\\u202e","value":1}]}', 422, "values[0].element: character 2"),
    (b'{"orgunit":"61\xff","period":"2023","values":[]}', 400, "not valid UTF-8"),
    (b'{"orgunit":"\\udc00","period":"2023","values":[]}', 400, "orgunit: the text is not valid UTF-8"),
    (b'{"orgunit":"611",', 400, "not valid JSON"),
    (b"[" * 5000 + b"]" * 5000, 400, "nested deeper than 64"),
])
def test_bad_text_in_json_is_refused_naming_the_field(hostile_server: Server, district_token: str, body: bytes, status: int, words: str):
    answer, _, text = Client(hostile_server).request(
        "/api/v1/datavalues", body=body, content_type="application/json", headers={"Authorization": f"Bearer {district_token}"})
    assert answer == status, text
    assert words in json.loads(text)["reason"], text
    alive(hostile_server)


def test_the_nul_username_of_the_report_is_refused_and_the_chain_holds(hostile_server: Server, accounts):
    client = Client(hostile_server)
    status, _, page = client.sign_in("x\x00", "guess")
    assert status == 422, main_text(page)
    assert "username: ký tự thứ 2 là ký tự điều khiển (U+0000), không được phép." in main_text(page)
    # Raw bytes that are not UTF-8, in a form, a query, a path and a logged header.
    status, _, _ = client.request("/signin", body=b"_csrf=" + client.token().encode() + b"&username=x%FF&password=y",
                                  content_type="application/x-www-form-urlencoded")
    assert status == 400
    for request in (b"GET /search?q=ab%00cd HTTP/1.1\r\n", b"GET /search?q=%FF%FE HTTP/1.1\r\n", b"GET /orgunits/62%00 HTTP/1.1\r\n",
                    b"GET /search?q=%E2%80%AEabc HTTP/1.1\r\n"):
        status, _, body = raw(hostile_server, request + b"Host: x\r\nConnection: close\r\n\r\n")
        assert status == 400, (request, status, body[:300])
    status, _, _ = raw(hostile_server, b"GET /orgunits HTTP/1.1\r\nHost: x\r\nUser-Agent: \xff\xfe\r\nConnection: close\r\n\r\n")
    assert status == 400
    # Someone else still signs in, and the audit chain is whole.
    assert Client(hostile_server).sign_in("office1", accounts["office1"])[0] == 303
    output = run_cli(hostile_server, "audit", "verify")
    assert "Audit log intact" in output, output
    alive(hostile_server)


def test_text_typed_decomposed_is_kept_as_one_letter(hostile_server: Server, accounts):
    client = Client(hostile_server)
    assert client.sign_in("office1", accounts["office1"])[0] == 303
    # "Ngọc" with the dot below typed as a combining mark finds the district as the precomposed word does.
    status, _, page = client.request("/search?" + urllib.parse.urlencode({"q": "Ngo\u0323c Ho\u0302\u0300i"}))
    assert status == 200 and "Huyện Ngọc Hồi" in page


# --- forms, sessions, sign-in --------------------------------------------------------------------------------------


def test_the_form_token_is_tied_to_the_session_in_a_host_cookie(hostile_server: Server, accounts):
    a, b = Client(hostile_server), Client(hostile_server)
    status, headers, _ = a.request("/signin")
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("__Host-pcmt_csrf=") and "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie, cookie
    before = a.token()
    assert a.sign_in("office1", accounts["office1"])[0] == 303
    assert b.sign_in("office2", accounts["office2"])[0] == 303
    assert a.token() != before, "a new session, a new token"
    # B sends A's token with A's token cookie, inside B's session: refused though the two agree.
    b.cookies["__Host-pcmt_csrf"] = a.cookies["__Host-pcmt_csrf"]
    status, _, page = b.request("/signout", {"_csrf": a.cookies["__Host-pcmt_csrf"]})
    assert status == 403, main_text(page)
    # A form rendered for B gives B its own token again, and the same request passes.
    b.request("/account/password")
    status, _, _ = b.post("/signout", {})
    assert status == 303


def test_one_person_guessing_does_not_lock_the_office(hostile_server: Server, accounts):
    # office2 has signed in from this address before (the accounts fixture); office1 is the one mistyped.
    for _ in range(5):
        status, _, _ = Client(hostile_server).sign_in("office1", "wrong password")
        assert status == 401
    status, headers, page = Client(hostile_server).sign_in("office1", accounts["office1"])
    assert status == 429
    assert "Đăng nhập sai quá nhiều lần vào tài khoản office1 từ địa chỉ của bạn" in main_text(page)
    assert int(headers["Retry-After"]) > 0
    assert Client(hostile_server).sign_in("office2", accounts["office2"])[0] == 303, "a colleague at the same address"
    # Without PCMT_TRUSTED_PROXIES an X-Forwarded-For header is not believed: a new "address" each time changes nothing.
    for n in range(3):
        client = Client(hostile_server)
        client.extra["X-Forwarded-For"] = f"198.51.100.{n}"
        assert client.sign_in("office1", accounts["office1"])[0] == 429


# --- the audit log -------------------------------------------------------------------------------------------------


def _copy(srv: Server, name: str) -> tuple[Path, dict[str, str]]:
    """A consistent copy of the server's database, and the environment for `pcmt` to work on it with the server's
    key and a checkpoint file of its own."""
    source = sqlite3.connect(srv.workdir / "e2e.sqlite")
    target_path = srv.workdir / f"{name}.sqlite"
    target = sqlite3.connect(target_path)
    source.backup(target)
    source.close()
    target.close()
    return target_path, {
        "PCMT_DATABASE_URL": f"sqlite://{target_path}",
        "PCMT_AUDIT_KEY_FILE": str(srv.workdir / "pcmt-audit.key"),
        "PCMT_AUDIT_CHECKPOINT_FILE": str(srv.workdir / f"{name}-checkpoints.txt"),
    }


def _content(row: dict) -> str:
    """The hashed content of an event as pcmt writes it: each field length-prefixed (UTF-8 bytes), "-" for none."""
    fields = [str(row["seq"]), str(row["at_ms"]), row["actor"], row["actor_unit"], row["address"], row["kind"], row["entity"],
              row["entity_id"], row["unit_code"], row["summary"], row["before"], row["after"], row["prev_hash"]]
    return "".join("-|" if f is None else f"{len(f.encode())}:{f}|" for f in fields)


def test_the_audit_key_lives_outside_the_database(hostile_server: Server):
    key = hostile_server.workdir / "pcmt-audit.key"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert "beside the database" in hostile_server.log() and "Created a new audit key" in hostile_server.log()
    database = sqlite3.connect(hostile_server.workdir / "e2e.sqlite")
    secret = [line for line in key.read_text().splitlines() if line and not line.startswith("#")][-1]
    dump = "\n".join(database.iterdump())
    assert secret not in dump
    keyed = database.execute("SELECT count(*) FROM audit_events WHERE mac_key IS NOT NULL").fetchone()[0]
    assert keyed > 0 and keyed == database.execute("SELECT count(*) FROM audit_events").fetchone()[0]


def test_deleting_the_last_events_is_found_against_the_checkpoint(hostile_server: Server, accounts):
    Client(hostile_server).sign_in("office2", "wrong")  # one more event
    path, env = _copy(hostile_server, "truncated")
    made = cli(hostile_server, "audit", "checkpoint", env=env)
    assert made.returncode == 0, made.stderr
    line = next((l for l in made.stdout.splitlines() if l.startswith("pcmt-audit-checkpoint")), made.stdout)
    assert re.fullmatch(r"pcmt-audit-checkpoint v1 events=\d+ hash=[0-9a-f]{64} at=\S+Z key=[0-9a-f]{16} mac=[0-9a-f]{64}", line), line
    assert Path(env["PCMT_AUDIT_CHECKPOINT_FILE"]).read_text().strip() == line
    assert cli(hostile_server, "audit", "verify", env=env).returncode == 0

    database = sqlite3.connect(path)
    last = database.execute("SELECT max(seq) FROM audit_events").fetchone()[0]
    database.execute("DELETE FROM audit_events WHERE seq > ?", (last - 2,))
    database.commit()
    database.close()
    checked = cli(hostile_server, "audit", "verify", env=env)
    assert checked.returncode != 0
    assert f"the log ends at event {last - 2}" in checked.stderr + checked.stdout and "its end was removed" in checked.stderr + checked.stdout


@pytest.mark.parametrize("start", ["first", "middle", "last"])
def test_rewriting_from_any_event_with_recomputed_hashes_is_found(hostile_server: Server, accounts, start: str):
    path, env = _copy(hostile_server, f"rewritten-{start}")
    assert cli(hostile_server, "audit", "checkpoint", env=env).returncode == 0
    database = sqlite3.connect(path)
    database.row_factory = sqlite3.Row
    rows = [dict(row) for row in database.execute("SELECT * FROM audit_events ORDER BY seq")]
    first = {"first": 0, "middle": len(rows) // 2, "last": len(rows) - 1}[start]
    previous = rows[first - 1]["hash"] if first > 0 else "0" * 64
    # What someone with the database but without the key can do: change an event, recompute every hash after it
    # with the unkeyed SHA-256 of old databases, and relink.
    for row in rows[first:]:
        row["summary"] = "nothing happened"
        row["prev_hash"] = previous
        row["hash"] = hashlib.sha256(_content(row).encode()).hexdigest()
        database.execute("UPDATE audit_events SET summary = ?, prev_hash = ?, hash = ?, mac_key = NULL WHERE seq = ?",
                         (row["summary"], row["prev_hash"], row["hash"], row["seq"]))
        previous = row["hash"]
    database.commit()
    database.close()
    checked = cli(hostile_server, "audit", "verify", env=env)
    said = checked.stderr + checked.stdout
    assert checked.returncode != 0, said
    if first == 0:
        assert "so the log was rewritten up to here" in said, said
    else:
        assert f"Audit log broken at event {rows[first]['seq']}: it has an unkeyed hash after keyed events" in said, said


# --- exports -------------------------------------------------------------------------------------------------------


def test_the_board_csv_keeps_negative_numbers_and_neutralises_formulas(demo_server: Server):
    create = user_creator(demo_server)
    one_time = create("hostile-viewer", "viewer", "62")
    client = Client(demo_server)
    assert client.sign_in("hostile-viewer", one_time)[0] == 303
    assert client.post("/account/password", {"current": one_time, "new": PASSWORD, "confirm": PASSWORD})[0] == 303
    cells = []
    for unit in ("62", "608", "611"):
        for period in ("2021", "2023", "2024"):
            status, _, text = client.request(f"/plans/{PLAN}/board.csv?period={period}&unit={unit}")
            assert status == 200
            cells += [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]
    assert cells, "the board has rows"
    for cell in cells:
        assert not re.fullmatch(r"'-\d+(\.\d+)?%?", cell), f"a number written as text: {cell!r}"
        if cell[:1] in ("=", "+", "@"):
            pytest.fail(f"a cell that starts a formula: {cell!r}")
        if cell.startswith("-"):
            assert re.fullmatch(r"-\d+(\.\d+)?%?", cell), f"a formula-like cell left as it is: {cell!r}"
