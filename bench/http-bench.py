#!/usr/bin/env python3
"""HTTP benchmark of the served board: what a user waits for, beside the server's floor in the same run.

Starts the release server (`.build/release/pcmt serve`) on a fresh SQLite database: by default with the demonstration
data (`--demo`: Kon Tum 2020-2025, reporting rounds mostly approved), or with `--national PATH` on a copy of the
national database that `pcmt-bench --keep PATH` leaves (every province, district and commune of the 2025 list, rounds
opened and approved for part of the units). Creates an account (a viewer of the province 62) and an API token it owns
with the pcmt command line, signs the account in, then runs wrk (2 threads, 32 connections by default) against
/healthz, the home page, the board page and the board API in both views (approved data only, the default, and all
data), and a target page; /healthz runs first and last. After each loaded run, a run with one connection measures the
server's CPU per request (utime + stime of the server process from /proc, divided by the requests answered).
With `--engine-json` (the JSON pcmt-bench printed for the same database) the engine's in-process time of the
province's board is put beside it. Prints one JSON document (and writes it with --out).

    python3 bench/http-bench.py                       # the demo, 15 s per address
    python3 bench/http-bench.py --duration 30 --out bench/results/2026-11-29-http.json
    .build/release/pcmt-bench --keep /tmp/national.sqlite > /tmp/national.json
    python3 bench/http-bench.py --national /tmp/national.sqlite --engine-json /tmp/national.json

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


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system, every thread) the process has used so far, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command's closing parenthesis: state is field 3, utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    parser.add_argument("--national", metavar="PATH",
                        help="serve a copy of this SQLite file (left by pcmt-bench --keep PATH) instead of the demo")
    parser.add_argument("--engine-json", metavar="FILE",
                        help="the JSON pcmt-bench printed for that database: its in-process board times are put beside")
    parser.add_argument("--cpu-duration", type=int, default=5,
                        help="seconds of the one-connection run measuring CPU per request (default 5; 0: none)")
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
    serve = [str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port)]
    if args.national:
        source = Path(args.national)
        if not source.exists():
            sys.exit(f"--national {source}: no such file (make it with: .build/release/pcmt-bench --keep {source})")
        # A copy, so that the account, the token and the sessions made here never reach the kept file.
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", workdir / f"bench.sqlite{suffix}")
    else:
        serve.insert(2, "--demo")
    engine = None
    if args.engine_json:
        runs = json.loads(Path(args.engine_json).read_text())["results"]
        engine = next((r for r in runs if r.get("backend") == "sqlite"), None)
        if engine is None:
            sys.exit(f"--engine-json {args.engine_json}: no SQLite result in it")
    log = open(workdir / "server.log", "wb")
    server = subprocess.Popen(
        serve,
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
        token_output = run(
            binary, workdir, env, "tokens", "create", "--name", "bench", "--role", "viewer", "--unit", "62", "--owner", "benchviewer")
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
        # Every address answers 200 with this account before it is measured. The first request of each is timed: the
        # server keeps boards in memory until the data changes, so this is what the first user after a save waits for
        # (nothing of this board kept yet; the unit tree and the plan are read by the requests before it).
        bodies = {}
        first_ms = {}
        for name, path, headers in targets:
            request = urllib.request.Request(base + path, headers=dict(h.split(": ", 1) for h in headers))
            started_request = time.monotonic()
            with urllib.request.urlopen(request, timeout=60) as response:
                if response.status != 200 or "/signin" in response.geturl():
                    sys.exit(f"{name}: {path} answered {response.status} at {response.geturl()}")
                bodies[name] = response.read()
            first_ms[name] = round((time.monotonic() - started_request) * 1000, 1)
        # With reports approved for part of the units, the two views of the board give different figures.
        api_views_differ = bodies["board_api_approved"] != bodies["board_api_all"]
        results = {}
        for name, path, headers in targets:
            waited = drain(base)
            cpu_before = cpu_seconds(server.pid)
            loaded = wrk(base + path, headers, args.threads, args.connections, args.duration)
            cpu_loaded = cpu_seconds(server.pid) - cpu_before
            results[name] = dict(loaded, path=path, drained_seconds=waited, first_request_ms=first_ms[name])
            if loaded["requests"]:
                # Approximate: the requests still in flight when wrk stopped used CPU but are not counted.
                results[name]["server_cpu_ms_per_request_loaded"] = round(cpu_loaded * 1000 / loaded["requests"], 2)
            if args.cpu_duration > 0:
                drain(base)
                cpu_before = cpu_seconds(server.pid)
                serial = wrk(base + path, headers, 1, 1, args.cpu_duration)
                cpu = cpu_seconds(server.pid) - cpu_before
                results[name]["one_connection"] = {
                    "requests": serial["requests"],
                    "requests_per_second": serial["requests_per_second"],
                    "latency_ms": serial["latency_ms"],
                    "server_cpu_ms_per_request": round(cpu * 1000 / serial["requests"], 2) if serial["requests"] else None,
                }
            print(f"{name}: {results[name]['requests_per_second']} req/s, "
                  f"{results[name].get('one_connection', {}).get('server_cpu_ms_per_request')} ms CPU per request", file=sys.stderr)
        floor = max(results["healthz"]["requests_per_second"], results["healthz_again"]["requests_per_second"])
        for name, result in results.items():
            result["ratio_to_healthz"] = round(result["requests_per_second"] / floor, 4)
        dataset = "demo (Kon Tum 2020-2025, rounds mostly approved)"
        if args.national:
            dataset = f"national database of pcmt-bench ({args.national})"
            if engine:
                dataset += (f": {engine['provinces']} provinces, {engine['communes']} communes, {engine['values']} values; "
                            f"rounds: {engine.get('rounds', 'none')}")
        served = {}
        for view, name, engine_key in (("all", "board_api_all", "province_board_all_years"),
                                       ("approved", "board_api_approved", "province_board_all_years_approved")):
            entry = {"served_board_api_cpu_ms_per_request": results[name].get("one_connection", {}).get("server_cpu_ms_per_request")}
            page = results["board_page_all" if view == "all" else "board_page_approved"]
            entry["served_board_page_cpu_ms_per_request"] = page.get("one_connection", {}).get("server_cpu_ms_per_request")
            if engine and engine_key in engine:
                entry["engine_province_board_median_ms"] = engine[engine_key]["median_ms"]
                if entry["served_board_api_cpu_ms_per_request"]:
                    entry["served_api_cpu_over_engine"] = round(
                        entry["served_board_api_cpu_ms_per_request"] / engine[engine_key]["median_ms"], 2)
            served[view] = entry
        served["note"] = ("served: server CPU (user + system) per request of one board, one period, one connection; "
                          "engine: pcmt-bench's in-process wall time of the province's board for every year and the span "
                          "(median), on the same database")
        report = {
            "benchmark": "http",
            "label": args.label,
            "dataset": dataset,
            "build": "release",
            "threads": args.threads,
            "connections": args.connections,
            "duration_seconds": args.duration,
            "period": period,
            "server_startup_seconds": round(startup, 1),
            "healthz_floor_requests_per_second": floor,
            "cpu_one_connection_seconds": args.cpu_duration,
            "served_board_vs_engine": served,
            "board_api_views_differ": api_views_differ,
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
