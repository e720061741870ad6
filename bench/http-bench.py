#!/usr/bin/env python3
"""HTTP benchmark of the served board: what a user waits for, beside the server's floor in the same run.

Starts the release server (`.build/release/pcmt serve --demo`) on a fresh SQLite database with the demonstration data
(Kon Tum 2020-2025, reporting rounds mostly approved), signs an account in (a viewer of the province) and makes an API
token, then runs wrk (2 threads, 32 connections by default) against /healthz, the home page, the board page and the
board API in both views (approved data only, the default, and all data), and a target page; /healthz runs first and
last. Prints one JSON document (and writes it with --out).

    python3 bench/http-bench.py                       # 15 s per address
    python3 bench/http-bench.py --duration 30 --out bench/results/2026-11-29-http.json

Numbers depend on the machine; the ratios to /healthz in the same run are what compare across runs.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(binary: Path, workdir: Path, env: dict, *args: str) -> str:
    result = subprocess.run([str(binary), *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        sys.exit(f"pcmt {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Client:
    """A browser-like client: cookies kept, the CSRF token of each form sent back."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def post_form(self, path: str, page: str, fields: dict) -> tuple[str, str]:
        token = re.search(r'name="_csrf" value="([^"]+)"', page)
        data = dict(fields, _csrf=token.group(1) if token else "")
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, data=body, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def wrk(url: str, headers: list[str], threads: int, connections: int, duration: int) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "30s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def seconds(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]

    latency = {p: round(seconds(v) * 1000, 2) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M)}
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if requests == 0:
        return {"requests_per_second": 0.0, "requests": 0, "latency_ms": {}, "non_2xx": 0,
                "socket_errors": sum(map(int, errors.groups())) if errors else 0, "note": "no request finished within the run"}
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": requests,
        "latency_ms": {f"p{k}": v for k, v in latency.items()},
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def drain(base: str, limit: float = 120) -> float:
    """Waits until the server answers /healthz at once again (the requests of the previous run still queued when wrk
    stopped are served first); returns the seconds waited."""
    started = time.monotonic()
    quick = 0
    while quick < 3 and time.monotonic() - started < limit:
        before = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=30):
                pass
        except OSError:
            pass
        quick = quick + 1 if time.monotonic() - before < 0.05 else 0
        time.sleep(0.2)
    return round(time.monotonic() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(ROOT / ".build/release/pcmt"))
    parser.add_argument("--duration", type=int, default=15, help="seconds per address (default 15)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--period", default="2023", help="the board's period (default 2023, a year approved in the demo)")
    parser.add_argument("--label", default="", help="a name for the run, kept in the JSON (e.g. the commit)")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()

    binary = Path(args.binary)
    if not binary.exists():
        subprocess.run(["swift", "build", "-c", "release", "--product", "pcmt"], cwd=ROOT, check=True)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")

    workdir = Path(tempfile.mkdtemp(prefix="pcmt-http-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PCMT_DATABASE_URL=f"sqlite://{workdir}/bench.sqlite", PCMT_SECURE_COOKIES="0")
    log = open(workdir / "server.log", "wb")
    server = subprocess.Popen(
        [str(binary), "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(port)],
        cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        while True:
            if server.poll() is not None:
                sys.exit(f"the server stopped:\n{(workdir / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() - started > 600:
                sys.exit("the server did not answer /healthz within 600 s")
            time.sleep(0.5)
        startup = time.monotonic() - started

        # An account of the province (signed in as a browser is) and an API token.
        output = run(binary, workdir, env, "users", "create", "--username", "benchviewer", "--role", "viewer", "--unit", "62")
        one_time = re.search(r"One-time password \(must be changed at first sign-in\): (\S+)", output).group(1)
        token_output = run(binary, workdir, env, "tokens", "create", "--name", "bench", "--role", "viewer", "--unit", "62")
        token = token_output.strip().splitlines()[-1].strip()
        client = Client(base)
        _, page = client.get("/signin")
        url, page = client.post_form("/signin", page, {"username": "benchviewer", "password": one_time})
        if "/account/password" in url:
            chosen = "Bench-pass-2026-x9"
            url, page = client.post_form(
                "/account/password", page, {"username": "benchviewer", "current": one_time, "new": chosen, "confirm": chosen})
        cookie = client.cookie_header()
        if not cookie:
            sys.exit("signing in gave no session cookie")

        request = urllib.request.Request(base + "/api/v1/plans", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            plans = json.load(response)
        items = plans if isinstance(plans, list) else plans.get("plans") or plans.get("items") or []
        plan = items[0]["id"]
        period = args.period

        page_headers = [f"Cookie: {cookie}"]
        api_headers = [f"Authorization: Bearer {token}"]
        targets = [
            ("healthz", "/healthz", []),
            ("home", "/", page_headers),
            ("board_page_approved", f"/plans/{plan}/board?period={period}&unit=62", page_headers),
            ("board_page_all", f"/plans/{plan}/board?period={period}&unit=62&all=1", page_headers),
            ("board_api_approved", f"/api/v1/plans/{plan}/board?period={period}&unit=62", api_headers),
            ("board_api_all", f"/api/v1/plans/{plan}/board?period={period}&unit=62&data=all", api_headers),
            ("target_page", f"/plans/{plan}/board/T01?period={period}&unit=62", page_headers),
            ("healthz_again", "/healthz", []),
        ]
        # Every address answers 200 with this account before it is measured.
        for name, path, headers in targets:
            request = urllib.request.Request(base + path, headers=dict(h.split(": ", 1) for h in headers))
            with urllib.request.urlopen(request, timeout=60) as response:
                if response.status != 200 or "/signin" in response.geturl():
                    sys.exit(f"{name}: {path} answered {response.status} at {response.geturl()}")
        results = {}
        for name, path, headers in targets:
            waited = drain(base)
            results[name] = dict(wrk(base + path, headers, args.threads, args.connections, args.duration), path=path, drained_seconds=waited)
            print(f"{name}: {results[name]['requests_per_second']} req/s", file=sys.stderr)
        floor = max(results["healthz"]["requests_per_second"], results["healthz_again"]["requests_per_second"])
        for name, result in results.items():
            result["ratio_to_healthz"] = round(result["requests_per_second"] / floor, 4)
        report = {
            "benchmark": "http",
            "label": args.label,
            "dataset": "demo (Kon Tum 2020-2025, rounds mostly approved)",
            "build": "release",
            "threads": args.threads,
            "connections": args.connections,
            "duration_seconds": args.duration,
            "period": period,
            "server_startup_seconds": round(startup, 1),
            "healthz_floor_requests_per_second": floor,
            "results": results,
        }
        text = json.dumps(report, indent=2, ensure_ascii=False)
        print(text)
        if args.out:
            Path(args.out).write_text(text + "\n")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
