#!/usr/bin/env python3
"""Bulk-write benchmark: how fast values reach the database through the API and the import, beside the floor of
`sqlite3 .import` into the same table in the same run (issue 13, items 3 and 4).

Starts the release server (`.build/release/pcmt serve --demo`) on a fresh SQLite database with the demonstration data
(Kon Tum 2020-2025, reporting rounds mostly approved), makes a standing office account (signed in as a browser is)
and an API token for it. The demonstration's approved reports lock most periods, so the office first reopens every
approved report of 2021-2024 through the API (reviews first, then years, then half-years), as it would to let
corrections in: the communes' periods of 2020 (a baseline year without rounds) to 2024 are then open. Units that ceased
on 30/06/2025 are not used (nothing of 2025 is).

Then, in one run:
- `POST /api/v1/datavalues`, one value per request (the old way), for comparison;
- `POST /api/v1/dataValueSets` with 1, 100 and 10,000 values (the median of a few repetitions, each changing every
  value it sends);
- a 10,000-row CSV through `/data/import` as a signed-in user: the upload (checked, previewed) and the save from the
  preview, as the page's two buttons do (new values each time, the median of as many repetitions as the large set);
- the floor: `sqlite3 .import` of the same 10,000 rows into `data_values` in a copy of the same database file (the
  rows' old versions deleted first, untimed; the median of 5 runs).
Each write figure is given with its ratio to the floor. Prints one JSON document (and writes it with --out).

    python3 bench/write-bench.py --out bench/results/2026-11-29-write-after.json
"""

import argparse
import csv
import http.cookiejar
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The 19 values of a commune's form (element, category): the plan's commune-level elements.
COMMUNE_KEYS = [
    ("commune_drug_free", ""), ("commune_propaganda", ""), ("addicts", "male"), ("addicts", "female"),
    ("users_with_record", ""), ("users_served", ""), ("counselling", ""), ("rehabilitation", "home_community"),
    ("rehabilitation", "voluntary_facility"), ("rehabilitation", "compulsory"), ("methadone", ""), ("post_rehab_managed", ""),
    ("reintegration_support", ""), ("hotspots_existing", ""), ("hotspots_new", ""), ("hotspots_eliminated", ""),
    ("cultivation_found_m2", ""), ("cultivation_destroyed_m2", ""), ("cultivation_plants_destroyed", ""),
]
# Values that keep every rule: yes/no 0 or 1, parts (users_served ≤ users_with_record, addicts ≤ users_with_record,
# cultivation_destroyed ≤ cultivation_found) within their wholes.
YES_NO = {"commune_drug_free", "commune_propaganda"}
WHOLES = {"users_with_record", "cultivation_found_m2"}


def value_for(element: str, round_number: int, index: int) -> int:
    if element in YES_NO:
        return (round_number + index) % 2
    if element in WHOLES:
        return 100_000 + round_number
    return 1 + (round_number * 7 + index) % 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(binary: Path, workdir: Path, env: dict, *args: str) -> str:
    result = subprocess.run([str(binary), *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=300)
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
        with self.opener.open(self.base + path, timeout=600) as response:
            return response.geturl(), response.read().decode()

    def csrf(self, page: str) -> str:
        token = re.search(r'name="_csrf" value="([^"]+)"', page)
        return token.group(1) if token else ""

    def post_form(self, path: str, page: str, fields: dict) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(dict(fields, _csrf=self.csrf(page))).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=600) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode()

    def post_file(self, path: str, page: str, name: str, data: bytes) -> tuple[int, str]:
        boundary = "pcmt-write-bench-" + uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n{self.csrf(page)}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\ncheck\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
            data, f"\r\n--{boundary}--\r\n".encode(),
        ]
        request = urllib.request.Request(
            self.base + path, data=b"".join(parts), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(request, timeout=600) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def api(base: str, token: str, method: str, path: str, body=None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {token}"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, {"text": text.decode(errors="replace")}


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    if not match:
        return ""
    return (match.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
            .replace("&amp;", "&"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(ROOT / ".build/release/pcmt"))
    parser.add_argument("--values", type=int, default=10_000, help="values of the large set and rows of the import (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of the large set (default 3; 1 and 100 values: 9)")
    parser.add_argument("--single", type=int, default=100, help="one-value requests of the old API (default 100)")
    parser.add_argument("--label", default="", help="a name for the run, kept in the JSON (e.g. the commit)")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()

    binary = Path(args.binary)
    if not binary.exists():
        subprocess.run(["swift", "build", "-c", "release", "--product", "pcmt"], cwd=ROOT, check=True)
    if not shutil.which("sqlite3"):
        sys.exit("sqlite3 is missing: apt-get install -y sqlite3")

    load_before = [round(x, 2) for x in os.getloadavg()]
    workdir = Path(tempfile.mkdtemp(prefix="pcmt-write-bench-"))
    database = workdir / "bench.sqlite"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PCMT_DATABASE_URL=f"sqlite://{database}", PCMT_SECURE_COOKIES="0")
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
            if time.monotonic() - started > 900:
                sys.exit("the server did not answer /healthz within 900 s")
            time.sleep(0.5)

        # A standing office account (signed in as a browser is) and a token that belongs to it.
        output = run(binary, workdir, env, "users", "create", "--username", "benchoffice", "--role", "standing_office", "--unit", "62-CAT")
        one_time = re.search(r"One-time password \(must be changed at first sign-in\): (\S+)", output).group(1)
        token_output = run(
            binary, workdir, env, "tokens", "create", "--owner", "benchoffice", "--name", "bench", "--role", "standing_office", "--unit", "62-CAT")
        token = re.search(r"^(pcmt_\S+)$", token_output, re.M).group(1)
        client = Client(base)
        _, page = client.get("/signin")
        _, url, page = client.post_form("/signin", page, {"username": "benchoffice", "password": one_time})
        if "/account/password" in url:
            chosen = "Bench-pass-2026-x9"
            _, url, page = client.post_form(
                "/account/password", page, {"username": "benchoffice", "current": one_time, "new": chosen, "confirm": chosen})

        # Open 2021-2024 again: every approved report reopened, reviews first (a year under an approved review stays shut).
        with sqlite3.connect(database) as db:
            approved = db.execute(
                "SELECT s.id, s.version, r.period FROM submissions s JOIN reporting_rounds r ON r.id = s.round_id "
                "WHERE s.state = 'approved'").fetchall()
            communes = [row[0] for row in db.execute(
                "SELECT code FROM org_unit_versions WHERE level = 'commune' AND (valid_to IS NULL OR valid_to >= '2024-12-31') AND (valid_from IS NULL OR valid_from <= '2020-01-01') ORDER BY code")]

        def rank(period: str) -> int:
            return 0 if "-" in period else (1 if "S" not in period else 2)

        reopened = 0
        for submission_id, version, period in sorted(approved, key=lambda row: rank(row[2])):
            if period in ("2025", "2025S1"):
                continue
            identifier = submission_id if isinstance(submission_id, str) else str(uuid.UUID(bytes=submission_id))
            status, answer = api(base, token, "POST", f"/api/v1/submissions/{identifier.lower()}/reopen",
                                 {"version": version, "comment": "Mở lại để sửa số liệu (đo hiệu năng)."})
            if status != 200:
                sys.exit(f"reopening {period} {identifier}: {status} {answer}")
            reopened += 1

        periods = ["2020", "2020S1", "2020S2"] + [p for year in range(2021, 2025) for p in (f"{year}S1", f"{year}S2", str(year))]
        addresses = [(unit, period, element, category) for period in periods for unit in communes for element, category in COMMUNE_KEYS]
        # Within each unit and period the wholes come before their parts, so a slice that starts at a unit's first value
        # carries the wholes its parts are checked against.
        start = -(-args.values // len(COMMUNE_KEYS)) * len(COMMUNE_KEYS)
        if len(addresses) < start + 100 + len(COMMUNE_KEYS) * (args.single + 1):
            sys.exit(f"only {len(addresses)} open values")
        large = addresses[: args.values]
        small = addresses[start: start + 100]
        rest = addresses[start + 100 + len(COMMUNE_KEYS):]
        plain = [a for a in rest if a[2] in ("counselling", "reintegration_support", "hotspots_new", "methadone")]
        one_set = plain[:1]
        single_pool = plain[1: 1 + args.single]

        def rows(chosen, round_number):
            return [{"dataElement": e, "period": p, "orgUnit": u, "categoryOptionCombo": c, "value": value_for(e, round_number, i)}
                    for i, (u, p, e, c) in enumerate(chosen)]

        def write_set(chosen, round_number) -> float:
            body = {"dataValues": rows(chosen, round_number)}
            began = time.perf_counter()
            status, answer = api(base, token, "POST", "/api/v1/dataValueSets", body)
            elapsed = time.perf_counter() - began
            if status == 404:
                raise LookupError("no POST /api/v1/dataValueSets on this server")
            if status != 200:
                sys.exit(f"data value set of {len(chosen)}: {status} {json.dumps(answer)[:2000]}")
            return elapsed

        results: dict = {}
        # The old way: one value per request, with the version it replaces.
        one = single_pool
        began = time.perf_counter()
        for i, (unit, period, element, category) in enumerate(one):
            status, answer = api(base, token, "POST", "/api/v1/datavalues", {
                "orgunit": unit, "period": period, "values": [dict({"element": element, "value": 1 + (i % 40)}, **({"category": category} if category else {}))]})
            if status == 409:
                continue
            if status != 200:
                sys.exit(f"datavalues: {status} {answer}")
        elapsed = time.perf_counter() - began
        results["api_one_value_per_request"] = {"values": len(one), "seconds": round(elapsed, 3), "values_per_second": round(len(one) / elapsed, 1)}
        print(f"one value per request: {results['api_one_value_per_request']['values_per_second']} values/s", file=sys.stderr)

        for name, chosen, repeat in [("api_set_1", one_set, 9), ("api_set_100", small, 9), (f"api_set_{args.values}", large, args.repeat)]:
            try:
                times = [write_set(chosen, round_number) for round_number in range(1, repeat + 1)]
            except LookupError as missing:
                results[name] = {"values": len(chosen), "available": False, "note": str(missing)}
                continue
            median = statistics.median(times)
            results[name] = {"values": len(chosen), "repetitions": repeat, "seconds_median": round(median, 4),
                             "seconds_all": [round(t, 4) for t in times], "values_per_second": round(len(chosen) / median, 1)}
            print(f"{name}: {results[name]['values_per_second']} values/s", file=sys.stderr)

        # The import: the same addresses as the large set, new values each time, as a signed-in user through the page;
        # as many repetitions as the large set, the median kept (check, save, and the two together).
        checks, saves, totals = [], [], []
        for repetition in range(args.repeat):
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(["element", "unit", "period", "category", "value"])
            for i, (unit, period, element, category) in enumerate(large):
                writer.writerow([element, unit, period, category, value_for(element, 50 + repetition, i)])
            data = buffer.getvalue().encode()
            _, page = client.get("/data/import")
            began = time.perf_counter()
            status, preview = client.post_file("/data/import", page, "bench.csv", data)
            checked = time.perf_counter()
            if status != 200 or 'name="intent" value="save"' not in preview:
                sys.exit(f"import check: {status}\n{re.sub('<[^>]+>', ' ', preview)[:3000]}")
            # Every hidden field of the preview's save form, as its button sends them (the form token is added by post_form).
            save_form = preview[preview.find('name="intent" value="save"'):]
            save_form = save_form[: save_form.find("</form>")]
            fields = {name: hidden(save_form, name) for name in re.findall(r'type="hidden" name="([^"]+)"', save_form) if name != "_csrf"}
            fields["intent"] = "save"
            status, _, done = client.post_form("/data/import", preview, fields)
            saved = time.perf_counter()
            if status != 200:
                # Recorded, not fatal: a server before issue 13 refused the preview's save of a file this large.
                why = " ".join(re.sub("<[^>]+>", " ", done).split())
                results["import_csv"] = {"rows": len(large), "check_seconds": round(checked - began, 3), "saved": False,
                                         "status": status, "answer": why[why.find("422"):][:300]}
                print(f"import save: {status}", file=sys.stderr)
                raise StopIteration
            checks.append(checked - began)
            saves.append(saved - checked)
            totals.append(saved - began)
        check, save, total = statistics.median(checks), statistics.median(saves), statistics.median(totals)
        results["import_csv"] = {
            "rows": len(large), "repetitions": args.repeat, "check_seconds": round(check, 3), "save_seconds": round(save, 3),
            "seconds": round(total, 3), "seconds_all": [round(t, 3) for t in totals], "check_seconds_all": [round(t, 3) for t in checks],
            "save_seconds_all": [round(t, 3) for t in saves], "rows_per_second": round(len(large) / total, 1),
            "save_rows_per_second": round(len(large) / save, 1)}
        print(f"import: {results['import_csv']['rows_per_second']} rows/s", file=sys.stderr)
    except StopIteration:
        pass
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    # The floor: the same rows, with every column, by sqlite3 .import into data_values of a copy of the database
    # (their old versions deleted first, untimed); the median of 5 runs, each on a fresh copy.
    copy = workdir / "floor.sqlite"
    with sqlite3.connect(database) as db:
        sample = db.execute("SELECT typeof(id), typeof(updated_at), updated_at FROM data_values LIMIT 1").fetchone()
        placement = {code: (district, province) for code, district, province in db.execute(
            "SELECT unit_code, district_code, province_code FROM data_values GROUP BY unit_code")}
    stamp = sample[2] if sample else time.time()
    lines = io.StringIO()
    floor_writer = csv.writer(lines, lineterminator="\n")
    for i, (unit, period, element, category) in enumerate(large):
        district, province = placement.get(unit, ("", "62"))
        year, half = int(period[:4]), (int(period[5]) if "S" in period else 0)
        floor_writer.writerow([str(uuid.uuid4()).upper(), element, unit, district, province, period, year, half, category,
                               value_for(element, 50, i), 1, "bench", stamp])
    floor_csv = workdir / "floor.csv"
    floor_csv.write_text(lines.getvalue())
    floor_times = []
    for _ in range(5):
        shutil.copy(database, copy)
        with sqlite3.connect(copy) as db:
            db.executemany("DELETE FROM data_values WHERE unit_code = ? AND period = ? AND element = ? AND category = ?", large)
            db.commit()
        began = time.perf_counter()
        result = subprocess.run(["sqlite3", str(copy), ".mode csv", f".import {floor_csv} data_values"], capture_output=True, text=True)
        floor_times.append(time.perf_counter() - began)
        if result.returncode != 0 or result.stderr.strip():
            sys.exit(f"sqlite3 .import failed: {result.stderr}")
        with sqlite3.connect(copy) as db:
            imported = db.execute("SELECT COUNT(*) FROM data_values WHERE updated_by = 'bench'").fetchone()[0]
        if imported != len(large):
            sys.exit(f"sqlite3 .import wrote {imported} rows of {len(large)}")
    floor_seconds = statistics.median(floor_times)
    floor = len(large) / floor_seconds
    results["floor_sqlite3_import"] = {"rows": len(large), "seconds_median": round(floor_seconds, 4),
                                       "seconds_all": [round(t, 4) for t in floor_times], "rows_per_second": round(floor, 1),
                                       "note": "sqlite3 process start included; the table's indexes as pcmt keeps them"}
    for name, item in results.items():
        if name == "floor_sqlite3_import":
            continue
        rate = item.get("values_per_second") or item.get("rows_per_second")
        if rate:
            item["ratio_to_floor"] = round(rate / floor, 4)
    if "save_rows_per_second" in results.get("import_csv", {}):
        results["import_csv"]["save_ratio_to_floor"] = round(results["import_csv"]["save_rows_per_second"] / floor, 4)

    document = {
        "label": args.label,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": load_before,
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "database": "SQLite, the demonstration data, 2021-2024 reports reopened",
        "reopened_reports": reopened,
        "goal": "bulk writes through the API and the import at least 1/5 of sqlite3 .import (ratio_to_floor >= 0.2)",
        "results": results,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
