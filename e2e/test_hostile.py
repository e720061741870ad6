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

from conftest import Server, _start_server, create_token, run_cli, user_creator

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
                content_type: str | None = None, headers: dict[str, str] | None = None,
                timeout: float = 30) -> tuple[int, dict, str]:
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
            response = self.opener.open(request, timeout=timeout)
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
    return create_token(hostile_server, "district_reporter", "611", "e2e-hostile")


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
    (b'{"orgunit":"611\\u0000","period":"2023","values":[]}', 422, "orgunit: ký tự thứ 4 là ký tự điều khiển (U+0000)"),
    (b'{"orgunit":"611","period":"2023\\n","values":[]}', 422, "period: ký tự thứ 5 là dấu xuống dòng hoặc tab"),
    (b'{"orgunit":"611","period":"2023","values":[{"element":"x\\u202e","value":1}]}', 422, "values[0].element: ký tự thứ 2"),
    (b'{"orgunit":"61\xff","period":"2023","values":[]}', 400, "không phải UTF-8 hợp lệ"),
    (b'{"orgunit":"\\udc00","period":"2023","values":[]}', 400, "orgunit: văn bản không phải UTF-8 hợp lệ"),
    (b'{"orgunit":"611",', 400, "không phải JSON hợp lệ"),
    (b"[" * 5000 + b"]" * 5000, 400, "lồng sâu quá 64 cấp"),
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
        # Numbers in the page's notation: a decimal comma in Vietnamese ("-35,9%").
        assert not re.fullmatch(r"'-\d+([.,]\d+)?%?", cell), f"a number written as text: {cell!r}"
        if cell[:1] in ("=", "+", "@"):
            pytest.fail(f"a cell that starts a formula: {cell!r}")
        if cell.startswith("-"):
            assert re.fullmatch(r"-\d+(,\d+)?%?", cell), f"a formula-like cell left as it is: {cell!r}"


# --- pathological files: bounded work, bounded memory (issue 12, item 1) -----------------------------------------
#
# The limits are pcmt's InputLimits (Sources/PCMTReports/InputLimits.swift): 10 MB per upload, 32 MB unpacked per part
# of a workbook and 64 MB in all, a compression ratio of 100, 100,000 rows, 256 columns, 1,000,000 cells, 1,000,000
# shared strings holding 16 MB, 32,767 characters per cell, 65,536 per CSV line, 32 levels of XML, and for the JSON API
# 1 MB and 2,000 values. Each file below crosses one of them (or, for the empty cells in column XFD, none) and must get
# the 413 or 422 that names it, while the server's memory stays under MEMORY_BOUND.

MEMORY_BOUND_MB = 400
"""The most resident memory (VmHWM, the peak over the process's life) the server may reach while it is sent every
pathological file below, one after the other. Measured on the debug build: 60 MB after start, 160 to 175 MB for the
million shared strings and the million cells, 245 MB at the peak for the 99,999 rows each refused twice (200,000
messages) and the 10 MB form; see artifacts/upload-memory.txt. Before the limits, a file like the first one took it
to 3 GB in 21 s (issue 12)."""


@pytest.fixture(scope="module")
def upload_server(artifacts: Path):
    """A server of its own, so that its peak memory is the uploads' alone."""
    yield from _start_server(artifacts, "server-uploads")


@pytest.fixture(scope="module")
def uploader(upload_server: Server) -> "Client":
    """A data-entry account of district 611, signed in."""
    one_time = user_creator(upload_server)("uploader", "district_reporter", "611")
    client = Client(upload_server)
    assert client.sign_in("uploader", one_time)[0] == 303
    assert client.post("/account/password", {"current": one_time, "new": PASSWORD, "confirm": PASSWORD})[0] == 303
    return client


def memory_kb(srv: Server) -> dict[str, int]:
    """VmRSS and VmHWM of the server process, in kB, from /proc/<pid>/status."""
    values = {}
    for line in Path(f"/proc/{srv.process.pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


def upload(client: Client, name: str, data: bytes) -> tuple[int, str]:
    """POST the file to the import form as a browser does (multipart, with the form token); the status and the
    page's main text."""
    boundary = "pcmt-e2e-" + hashlib.sha256(data[:4096]).hexdigest()[:16]
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{client.token()}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    status, _, page = client.request("/data/import", body=body, content_type=f"multipart/form-data; boundary={boundary}",
                                     timeout=300)
    return status, main_text(page)


def workbook(sheet: str | bytes, shared: str | bytes | None = None, level: int = 6) -> bytes:
    """An .xlsx of one sheet (and a shared strings table), deflated."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


def sheet_xml(rows: str) -> str:
    return f"<worksheet><sheetData>{rows}</sheetData></worksheet>"


def noise(count: int, seed: int, alphabet: bytes = b"01") -> bytes:
    """`count` random characters of `alphabet`: text that packs poorly enough not to cross the compression ratio."""
    import random

    table = bytes(alphabet[b % len(alphabet)] for b in range(256))
    return random.Random(seed).randbytes(count).translate(table)


def lying_bomb() -> bytes:
    """A workbook whose sheet says it unpacks to 1,000 bytes while its stream unpacks to 200 MB."""
    data = bytearray(workbook(sheet_xml("") + " " * 200_000_000, level=9))
    signature = b"PK\x01\x02"
    at = data.find(signature)
    while at >= 0:
        name_length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            data[at + 24:at + 28] = (1000).to_bytes(4, "little")
        at = data.find(signature, at + 4)
    return bytes(data)


HEADER_ROW = ('<row r="1">' + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{n}</t></is></c>'
                                       for c, n in zip("ABCDE", ["element", "unit", "period", "category", "value"])) + "</row>")

# (name, the file, the status, the words of the message that name the limit)
PATHOLOGICAL = [
    ("xfd-values.xlsx",
     lambda: workbook(sheet_xml("".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 50_001))), level=9),
     422, ["Vượt giới hạn: có ô nằm ngoài giới hạn 256 cột", "dòng 1, cột XFD"]),
    ("xfd-styled-empty.xlsx",
     lambda: workbook(sheet_xml(HEADER_ROW + "".join(f'<row r="{n}"><c r="XFD{n}" s="1"/></row>' for n in range(2, 50_001))), level=9),
     422, ["Tệp không có dòng số liệu nào"]),
    ("bomb-200MB.xlsx", lambda: workbook(sheet_xml("") + " " * 200_000_000, level=9),
     413, ["khi giải nén lớn hơn giới hạn 32 MB", "phần xl/worksheets/sheet1.xml"]),
    ("bomb-ratio.xlsx", lambda: workbook(sheet_xml("") + " " * 30_000_000, level=9),
     413, ["lớn hơn 100 lần kích thước nén (giới hạn tỷ lệ nén)"]),
    ("bomb-lying.xlsx", lying_bomb, 422, ["Không đọc được tệp dạng bảng tính .xlsx", "unpacks to more than its size"]),
    ("shared-strings-count.xlsx",
     lambda: workbook(sheet_xml(""), "<sst>" + "".join(f"<si><t>{n}</t></si>" for n in range(1_000_001)) + "</sst>"),
     422, ["nhiều hơn giới hạn 1.000.000 mục", "chuỗi dùng chung thứ 1000001"]),
    ("shared-strings-bytes.xlsx",
     lambda: workbook(sheet_xml(""), b"<sst>" + b"".join(b"<si><t>" + noise(30_000, n) + b"</t></si>" for n in range(600)) + b"</sst>"),
     413, ["lớn hơn giới hạn 16 MB văn bản"]),
    ("rows.xlsx",
     lambda: workbook(sheet_xml("".join(f'<row r="{n}"><c r="B{n}"><v>{n}</v></c></row>' for n in range(1, 100_002)))),
     422, ["tệp có nhiều hơn giới hạn 100.000 dòng", "dòng 100001, cột B"]),
    ("cells.xlsx",
     lambda: workbook(sheet_xml("".join(f'<row r="{r}">' + "".join(f"<c><v>{(r * 256 + c) % 9973}</v></c>" for c in range(256)) + "</row>"
                                         for r in range(1, 3_908)))),
     422, ["tệp có nhiều hơn giới hạn 1.000.000 ô có giá trị", "dòng 3907"]),
    ("megabyte-cell.xlsx",
     lambda: workbook(sheet_xml(HEADER_ROW).replace("</sheetData>", "").replace("</worksheet>", "").encode()
                      + b'<row r="2"><c r="E2" t="inlineStr"><is><t>' + noise(3_000_000, 7) + b"</t></is></c></row></sheetData></worksheet>"),
     422, ["có ô dài hơn giới hạn 32.767 ký tự", "dòng 2, cột E"]),
    ("deep.xlsx", lambda: workbook(sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is>' + "<r>" * 100_000 + "</is></c></row>")),
     422, ["lồng sâu hơn giới hạn 32 cấp"]),
    ("laughs.xlsx",
     lambda: workbook('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                      + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
                      + ']><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>'),
     422, ["declares a DTD"]),
    ("long-line.csv", lambda: b"element,unit,period,category,value\n" + b",".join([b"a" * 1000] * 300) + b"\n",
     422, ["dòng của tệp CSV dài hơn giới hạn 65.536 ký tự", "dòng 2"]),
    ("rows.csv", lambda: b"element,unit,period,category,value\n" + b"schools_total,611,2023,,40\n" * 100_000,
     422, ["tệp có nhiều hơn giới hạn 100.000 dòng", "dòng 100001"]),
    ("wide.csv", lambda: b"element,unit,period,category,value\nx" + b"," * 299 + b"1\n",
     422, ["có ô nằm ngoài giới hạn 256 cột", "dòng 2, cột 300"]),
    ("cells.csv", lambda: b"element,unit,period,category,value\n" + (b"1," * 255 + b"1\n") * 3_910,
     422, ["tệp có nhiều hơn giới hạn 1.000.000 ô có giá trị"]),
    ("megabyte-field.csv", lambda: b'element,unit,period,category,value\nx,611,2023,,"' + noise(1_000_000, 3, b"ab\n,") + b'"\n',
     422, ["có ô dài hơn giới hạn 32.767 ký tự", "dòng 2, cột 5"]),
    # Within every limit, the most work a file can ask for: 99,999 rows, each refused by the checks.
    ("within-limits-bad-rows.csv", lambda: b"element,unit,period,category,value\n" + b"nonsense,611,2023,,1\n" * 99_999,
     422, ["199997 lỗi", "mã “nonsense” không tồn tại", "số liệu này đã có ở dòng 2"]),
    ("within-limits-bad-rows.xlsx",
     lambda: workbook(sheet_xml(HEADER_ROW + "".join(
         f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}"><v>611</v></c><c r="C{n}"><v>2023</v></c><c r="E{n}"><v>{n}</v></c></row>'
         for n in range(2, 100_001))), "<sst><si><t>nonsense</t></si></sst>"),
     422, ["199997 lỗi", "mã “nonsense” không tồn tại", "số liệu này đã có ở dòng 2"]),
    ("ten-megabytes-and-a-line.csv", lambda: b"element,unit,period,category,value\n" + b"schools_total,611,2023,,40\n" * 388_400,
     413, ["tệp lớn hơn giới hạn 10 MB cho mỗi lần tải lên"]),
    # Past the upload and the form's 64 KB: refused before the form is parsed, on an error page of its own.
    ("eleven-megabytes.csv", lambda: b"element,unit,period,category,value\n" + b"schools_total,611,2023,,40\n" * 420_000,
     413, ["Vượt giới hạn: tệp lớn hơn giới hạn 10 MB cho mỗi lần tải lên."]),
]


def test_pathological_files_get_the_limit_they_cross_and_memory_stays_bounded(upload_server: Server, uploader: Client,
                                                                                 artifacts: Path):
    import threading
    import time

    report = [f"memory of pcmt (pid {upload_server.process.pid}) at the start: {memory_kb(upload_server)} kB"]
    for name, make, status, words in PATHOLOGICAL:
        data = make()
        peak = [0]
        done = threading.Event()

        def sample():
            while not done.is_set():
                try:
                    peak[0] = max(peak[0], memory_kb(upload_server)["VmRSS"])
                except (OSError, KeyError):
                    return
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.monotonic()
        (artifacts / "upload-memory.txt").write_text("\n".join(report + [f"{name}: {len(data):,} bytes, sent"]) + "\n")
        try:
            answer, text = upload(uploader, name, data)
        finally:
            done.set()
            sampler.join()
        took = time.monotonic() - started
        memory = memory_kb(upload_server)
        report.append(f"{name}: {len(data):,} bytes, answered {answer} in {took:.1f} s, "
                      f"VmRSS at most {peak[0] // 1024} MB during, VmHWM {memory['VmHWM'] // 1024} MB: {text[:200]}")
        (artifacts / "upload-memory.txt").write_text("\n".join(report) + "\n")
        assert answer == status, (name, answer, text[:600])
        if name != "eleven-megabytes.csv":
            assert "chưa lưu gì" in text, (name, text[:600])
        for word in words:
            assert word in text, (name, word, text[:600])
        assert memory["VmHWM"] < MEMORY_BOUND_MB * 1024, (name, memory, "\n".join(report))
        alive(upload_server)
    (artifacts / "upload-memory.txt").write_text("\n".join(report) + "\n")
    assert memory_kb(upload_server)["VmHWM"] < MEMORY_BOUND_MB * 1024, "\n".join(report)


def test_the_api_names_its_limits(upload_server: Server):
    token = create_token(upload_server, "district_reporter", "611", "e2e-limits")
    client = Client(upload_server)
    auth = {"Authorization": f"Bearer {token}"}

    def values(count: int, padding: str = "") -> bytes:
        one = {"element": "schools_total", "category": padding, "value": 40}
        return json.dumps({"orgunit": "611", "period": "2023", "values": [one] * count}).encode()

    status, _, body = client.request("/api/v1/datavalues", body=values(2_001), content_type="application/json", headers=auth)
    reason = json.loads(body)["reason"]
    assert status == 422, body[:300]
    # The OpenAPI gate may answer before the route (the document says maxItems 2000); both name the limit.
    assert "giới hạn 2.000 giá trị" in reason or "values: tối đa 2000 mục." in reason, reason
    status, _, body = client.request("/api/v1/datavalues", body=values(1_000, "x" * 1_100), content_type="application/json", headers=auth)
    assert status == 413, body[:300]
    assert "nội dung yêu cầu lớn hơn giới hạn 1 MB của API" in json.loads(body)["reason"], body[:300]
    status, _, body = client.request("/api/v1/datavalues?orgunit=611&period=2023", headers=auth)
    assert status == 200 and "schools_total" not in body, "nothing was saved"
    alive(upload_server)
    assert memory_kb(upload_server)["VmHWM"] < MEMORY_BOUND_MB * 1024
