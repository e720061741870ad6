#!/usr/bin/env python3
"""Writes the README's figures table from the benchmarks' JSON under bench/results/ (never typed by hand).

    python3 bench/figures.py            # rewrites the part of README.md between the two markers
    python3 bench/figures.py --print    # prints it instead

Reads: the served board before and after (http-bench on the demo data), the served board on the national dataset,
the national engine run with rounds (pcmt-bench), and the bulk writes (write-bench); the file names are below.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
FILES = {
    "http_before": "2026-11-29-http-before.json",
    "http_after": "2026-11-30-http-demo.json",
    "http_national": "2026-11-30-http-national.json",
    "engine_national": "2026-11-30-national-rounds.json",
    "write_after": "2026-11-30-write-import.json",
}
BEGIN = "<!-- bench:figures:begin (written by bench/figures.py from bench/results/*.json) -->"
END = "<!-- bench:figures:end -->"


def load(key):
    path = RESULTS / FILES[key]
    return json.loads(path.read_text()) if path.exists() and path.stat().st_size else None


def num(value, digits=0):
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text


def served_rows(before, after, national):
    names = [
        ("board_page_approved", "board page, approved data (default)"),
        ("board_page_all", "board page, all data"),
        ("board_api_approved", "board API, approved data (default)"),
        ("board_api_all", "board API, all data"),
        ("target_page", "target page (T01 with its districts)"),
        ("home", "home page"),
    ]
    lines = [
        "| address, 32 connections | before: req/s · p99 · ÷ `/healthz` | after: req/s · p99 · ÷ `/healthz` | after, 63 provinces: req/s · p99 · ÷ `/healthz` | first request after start, demo · national |",
        "|---|---|---|---|---|",
    ]

    def cell(run, name):
        if not run or name not in run["results"]:
            return "–"
        r = run["results"][name]
        p99 = r.get("latency_ms", {}).get("p99")
        return f"{num(r['requests_per_second'])} · {num(p99)} ms · {r['ratio_to_healthz']:.3f}"

    for name, label in names:
        firsts = [run["results"].get(name, {}).get("first_request_ms") if run else None for run in (after, national)]
        lines.append(
            f"| {label} | {cell(before, name)} | {cell(after, name)} | {cell(national, name)} | "
            + " · ".join(f"{num(v, 0)} ms" if v is not None else "–" for v in firsts) + " |")
    floors = [run["healthz_floor_requests_per_second"] if run else None for run in (before, after, national)]
    lines.append(f"| `/healthz`, the floor of each run | {num(floors[0])} req/s | {num(floors[1])} req/s | {num(floors[2])} req/s | |")
    return lines


def cpu_rows(after, national, engine):
    lines = [
        "| one connection | demo (1 province) | national (63 provinces) |",
        "|---|---|---|",
    ]
    for name, label in [("board_api_approved", "served board API, CPU per request"), ("board_page_approved", "served board page, CPU per request")]:
        cells = []
        for run in (after, national):
            value = run["results"].get(name, {}).get("one_connection", {}).get("server_cpu_ms_per_request") if run else None
            cells.append(f"{num(value, 2)} ms" if value is not None else "–")
        lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    if engine:
        for result in engine["results"]:
            if result.get("backend") != "sqlite":
                continue
            approved = result.get("province_board_all_years_approved", {}).get("median_ms")
            lines.append(f"| engine in process, province board, every year, approved data (median) | | {num(approved, 1)} ms |")
            agree = result.get("engine_and_sql_agree_by_view", {})
            if agree:
                lines.append(f"| engine and hand-written SQL agree, by view | | {', '.join(f'{k}: {v}' for k, v in sorted(agree.items()))} |")
    return lines


def write_rows(write):
    if not write:
        return []
    r = write["results"]
    floor = r["floor_sqlite3_import"]["rows_per_second"]
    lines = [
        f"| write, {write.get('database', 'SQLite')} | values or rows per second | ÷ `sqlite3 .import` ({num(floor)} rows/s, same run) |",
        "|---|---|---|",
    ]
    for key, label, field in [
        ("api_one_value_per_request", "`POST /api/v1/datavalues`, one value per request", "values_per_second"),
        ("api_set_1", "`POST /api/v1/dataValueSets`, 1 value", "values_per_second"),
        ("api_set_100", "`POST /api/v1/dataValueSets`, 100 values", "values_per_second"),
        ("api_set_10000", "`POST /api/v1/dataValueSets`, 10,000 values", "values_per_second"),
        ("import_csv", "`/data/import` of 10,000 rows: check and save", "rows_per_second"),
    ]:
        if key in r:
            lines.append(f"| {label} | {num(r[key][field])} | {r[key]['ratio_to_floor']:.3f} |")
    if "import_csv" in r and "save_rows_per_second" in r["import_csv"]:
        lines.append(f"| the same import, the save alone | {num(r['import_csv']['save_rows_per_second'])} | {r['import_csv']['save_ratio_to_floor']:.3f} |")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--print", action="store_true", help="print the table instead of writing README.md")
    args = parser.parse_args()
    runs = {key: load(key) for key in FILES}
    missing = [FILES[key] for key, run in runs.items() if run is None]
    lines = [BEGIN, ""]
    lines += served_rows(runs["http_before"], runs["http_after"], runs["http_national"]) + [""]
    lines += cpu_rows(runs["http_after"], runs["http_national"], runs["engine_national"]) + [""]
    lines += write_rows(runs["write_after"])
    if missing:
        lines += ["", "Not measured yet: " + ", ".join(missing) + "."]
    lines += ["", END]
    text = "\n".join(lines)
    if args.print:
        print(text)
        return
    readme = ROOT / "README.md"
    content = readme.read_text()
    if BEGIN not in content or END not in content:
        sys.exit(f"README.md has no markers {BEGIN!r} … {END!r}")
    start = content.index(BEGIN)
    end = content.index(END) + len(END)
    readme.write_text(content[:start] + text + content[end:])
    print(f"README.md: figures written from {len(FILES) - len(missing)} result files", file=sys.stderr)


if __name__ == "__main__":
    main()
