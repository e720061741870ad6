"""The JSON API against the OpenAPI document the server itself serves at /openapi.json.

`test_schemathesis_finds_nothing` runs the schemathesis command line with every check on (`--checks all`: server
errors, status codes, content types, headers and response bodies as documented, schema-violating requests refused,
schema-valid ones accepted, 405 and its Allow header, authentication enforced, ...) over every operation, with its
coverage, fuzzing and stateful phases, on a server of its own started with `--demo` (the runs send POSTs, so the
shared servers' data stay as the other tests expect). Two runs go side by side, one per core: one with a standing
office's token (`pcmt tokens create`), one anonymous. Each has a fixed seed and no example database, so CI repeats
the same requests. The test asserts that at least 2,000 cases were generated in all and that nothing was found,
reading both from schemathesis's JSON reports. e2e/schemathesis.toml holds the one setting that differs from the
defaults (422 for a well-formed request that breaks a rule stated in words).

The other tests validate real answers (a plan, units, the board, rounds, reports, values) against the document.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from conftest import E2E_DIR, REPO_ROOT, _start_server, create_token

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

# Cases per operation and phase, and the seeds: fixed, so that CI repeats the same requests.
MAX_EXAMPLES = int(os.environ.get("PCMT_SCHEMATHESIS_EXAMPLES", "40"))
SEEDS = {"office": 3959, "anonymous": 611}
MINIMUM_CASES = 2000


@pytest.fixture(scope="module")
def schemathesis_server(artifacts):
    yield from _start_server(artifacts, "server-schemathesis", ("--demo",))


def _schemathesis(server, name: str, token: str | None, report: Path) -> subprocess.Popen:
    command = [
        str(REPO_ROOT / ".venv" / "bin" / "schemathesis"),
        "--config-file",
        str(E2E_DIR / "schemathesis.toml"),
        "--no-color",
        "run",
        server.url("/openapi.json"),
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEEDS[name]),
        "--generation-database",
        "none",
        # One worker a run: the two runs use the two cores (threads of one run have tripped CPython's AST checks).
        "--workers",
        "1",
        "--request-timeout",
        "60",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    with open(report.with_suffix(".log"), "w") as log:
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=server.workdir, text=True)


def test_schemathesis_finds_nothing(schemathesis_server, artifacts):
    token = create_token(schemathesis_server, "standing_office", "62-CAT", "e2e-schemathesis")
    started = time.monotonic()
    reports = {name: artifacts / f"schemathesis-{name}.json" for name in SEEDS}
    runs = {
        name: _schemathesis(schemathesis_server, name, token if name == "office" else None, reports[name]) for name in SEEDS
    }
    for name, run in runs.items():
        run.wait(timeout=1500)
    took = time.monotonic() - started
    summary = []
    generated = 0
    for name, path in reports.items():
        log = path.with_suffix(".log").read_text(errors="replace")
        assert path.is_file(), f"schemathesis ({name}) wrote no report:\n{log[-5000:]}"
        report = json.loads(path.read_text())
        cases = report["test_cases"]["generated"]
        generated += cases
        summary.append(f"{name}: {cases} cases, {report['running_time']:.0f}s, exit {report['exit_code']}")
        operations = report["operations"]
        assert report["complete"] and operations["tested"] == operations["total"] == operations["selected"], (name, operations, log[-5000:])
        assert report["failures"] == [] and report["errors"] == [], f"schemathesis ({name}) found:\n{log[-20000:]}"
        assert report["test_cases"]["with_failures"] == 0 and report["test_cases"]["errored"] == 0, (name, report["test_cases"])
        assert runs[name].returncode == 0 and report["exit_code"] == 0, f"schemathesis ({name}) exited {runs[name].returncode}:\n{log[-20000:]}"
    print(f"\nschemathesis, every check: {generated} cases in {took:.0f}s ({'; '.join(summary)})")
    assert generated >= MINIMUM_CASES, summary


@pytest.fixture(scope="module")
def viewer_token(server) -> str:
    return create_token(server, "viewer", "62", "e2e-schema")


def _plan_id(server) -> str:
    with urllib.request.urlopen(server.url("/api/v1/plans"), timeout=10) as response:
        plans = json.load(response)
    # The built-in plan; a demonstration server also has the synthetic successor plan of the new province.
    codes = sorted(plan["code"] for plan in plans)
    assert codes in (["3959/KH-UBND"], ["01/KH-UBND (mẫu)", "3959/KH-UBND"]), plans
    return next(plan["id"] for plan in plans if plan["code"] == "3959/KH-UBND")


# Generated inputs almost never hit an existing plan or unit, so the documented 200 answers of the lookups are
# validated here on real ones, with the same checks.
KNOWN = [
    ("/api/v1/plans/{id}", {"id": None}, None),
    ("/api/v1/plans/{id}/board", {"id": None}, None),
    ("/api/v1/plans/{id}/board", {"id": None}, {"period": "2023", "orgunit": "62"}),
    ("/api/v1/plans/{id}/board", {"id": None}, {"period": "2023S1", "orgunit": "611"}),
    ("/api/v1/plans/{id}/board", {"id": None}, {"period": "2021-2023", "orgunit": "23395"}),
    ("/api/v1/dataelements", {}, None),
    ("/api/v1/dataelements", {}, {"plan": None}),
    ("/api/v1/plans/{id}/dataelements", {"id": None}, None),
    ("/api/v1/orgunits", {}, None),
    ("/api/v1/orgunits", {}, {"parent": "62"}),
    ("/api/v1/orgunits", {}, {"parent": "611"}),
    ("/api/v1/orgunits/{code}", {"code": "62"}, None),
    ("/api/v1/orgunits/{code}", {"code": "611"}, None),
    ("/api/v1/orgunits/{code}", {"code": "23395"}, None),
    ("/api/v1/orgunits/{code}", {"code": "62-CAT"}, None),
    ("/api/v1/orgunits", {}, {"date": "2025-06-30"}),
    ("/api/v1/orgunits", {}, {"parent": "611", "date": "2025-06-30"}),
    ("/api/v1/orgunits", {}, {"parent": "611", "date": "2025-07-01"}),
    ("/api/v1/datavalues", {}, {"orgunit": "62"}),
    ("/api/v1/datavalues", {}, {"orgunit": "611", "period": "2023,2023S1", "changedSince": "2025-07-01T00:00:00Z"}),
]

# Paths whose known requests carry the viewer's token.
WITH_TOKEN = ("/board", "/datavalues")


def _known_id(path, params, query) -> str:
    name = path.format(**{key: value or key for key, value in params.items()})
    if query:
        name += "?" + "&".join(f"{key}={value or 'id'}" for key, value in query.items())
    return name


@pytest.mark.parametrize(("path", "path_parameters", "query"), KNOWN, ids=[_known_id(*known) for known in KNOWN])
def test_known_resources_conform(api_schema, server, viewer_token, path, path_parameters, query):
    plan_id = _plan_id(server)
    path_parameters = {key: value or plan_id for key, value in path_parameters.items()}
    query = {key: value or plan_id for key, value in query.items()} if query else None
    headers = {"Authorization": f"Bearer {viewer_token}"} if path.endswith(WITH_TOKEN) else None
    case = api_schema[path]["GET"].Case(path_parameters=path_parameters, query=query, headers=headers)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 200, response.text[:500]


@pytest.fixture(scope="module")
def demo_schema(demo_server):
    return schemathesis.openapi.from_url(demo_server.url("/openapi.json"))


@pytest.fixture(scope="module")
def demo_viewer_token(demo_server) -> str:
    return create_token(demo_server, "viewer", "62", "e2e-schema-demo")


def test_rounds_reports_and_values_of_the_demo_conform(demo_schema, demo_server, demo_viewer_token):
    # Real answers of the reads that need data: every round of the demo plan, every report of two rounds (drafts,
    # returned and approved ones, with their writing and history), and data values with and without filters.
    headers = {"Authorization": f"Bearer {demo_viewer_token}"}

    def get(path):
        request = urllib.request.Request(demo_server.url(path), headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def check(path, path_parameters=None, query=None):
        case = demo_schema[path]["GET"].Case(path_parameters=path_parameters or {}, query=query, headers=headers)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == 200, response.text[:500]
        return response.json()

    # Kon Tum's plan (the demonstration's successor plan of the new province is not this viewer's).
    plan_id = next(plan["id"] for plan in get("/api/v1/plans") if plan["code"] == "3959/KH-UBND")
    rounds = get(f"/api/v1/plans/{plan_id}/rounds")
    assert len(rounds) >= 3, rounds
    for listed in rounds:
        one = check("/api/v1/rounds/{roundID}", {"roundID": listed["id"]})
        assert one == listed, (one, listed)
    events = 0
    for listed in rounds[:2]:
        for submission in get(f"/api/v1/rounds/{listed['id']}/submissions"):
            report = check("/api/v1/submissions/{submissionID}", {"submissionID": submission["id"]})
            assert (report["id"], report["state"], report["version"]) == (submission["id"], submission["state"], submission["version"])
            assert report["round"]["id"] == listed["id"]
            events += len(report["events"])
    assert events > 0, "the demo's reports have a review history"

    values = check("/api/v1/datavalues", query={"orgunit": "611"})
    assert values and all(value["orgunit"] == "611" for value in values)
    year = values[0]["period"]
    filtered = check("/api/v1/datavalues", query={"orgunit": "611", "period": year, "element": values[0]["element"]})
    assert filtered and all(v["period"] == year and v["element"] == values[0]["element"] for v in filtered)
    assert check("/api/v1/datavalues", query={"orgunit": "62", "changedSince": "2999-01-01T00:00:00Z"}) == []


def test_a_plans_data_element_conforms(api_schema, server):
    plan_id = _plan_id(server)
    listed = api_schema["/api/v1/plans/{id}/dataelements"]["GET"].Case(path_parameters={"id": plan_id}).call_and_validate(checks=CHECKS)
    elements = listed.json()
    assert len(elements) >= 29 and [e["position"] for e in elements] == sorted(e["position"] for e in elements)
    cases = next(e for e in elements if e["code"] == "drug_cases_detected")
    one = api_schema["/api/v1/plans/{id}/dataelements/{elementID}"]["GET"].Case(
        path_parameters={"id": plan_id, "elementID": cases["id"]}).call_and_validate(checks=CHECKS)
    assert one.status_code == 200 and one.json() == cases


def test_board_needs_a_token_and_has_every_target(server, viewer_token):
    url = server.url(f"/api/v1/plans/{_plan_id(server)}/board?period=2023&orgunit=62")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)
    assert refused.value.code == 401
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {viewer_token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        board = json.load(response)
    targets = board["targets"] if isinstance(board, dict) else board
    assert [t["code"] for t in targets] == [f"T{n:02d}" for n in range(1, 17)], targets
    # The plain server has no data values: every target says so.
    assert {t["status"] for t in targets} == {"no_data"}, {t["code"]: t["status"] for t in targets}


def test_api_counts(server):
    def get(path):
        with urllib.request.urlopen(server.url(path), timeout=10) as response:
            return json.load(response)

    plan = get(f"/api/v1/plans/{_plan_id(server)}")
    assert len(plan["targets"]) == 16
    assert len(plan["tasks"]) == 9
    assert len(plan["solutions"]) == 5
    assert len(plan["assignments"]) == 21
    assert len(plan["projects"]) == 15
    assert sum(len(project.get("subprojects") or []) for project in plan["projects"]) == 5
    districts = [u for u in get("/api/v1/orgunits?parent=62") if u["level"] == "district"]
    assert sorted(u["code"] for u in districts) == ["608"] + [str(c) for c in range(610, 619)]
    communes = [c for d in districts for c in get(f"/api/v1/orgunits?parent={d['code']}")]
    assert len(communes) == 102
    assert {c["level"] for c in communes} == {"commune"}
    assert min(int(c["code"]) for c in communes) == 23281 and max(int(c["code"]) for c in communes) == 23554
    unit = get("/api/v1/orgunits/23395")
    assert (unit["name"], unit["parentCode"]) == ("Xã Bờ Y", "611")
    # A code reused by the 2025 reform names the unit of the day asked, today's without a date.
    before = get("/api/v1/orgunits/23425?date=2025-06-30")
    assert (before["name"], before["parentCode"], before["validTo"]) == ("Xã Đắk Hà", "617", "2025-06-30")
    after = get("/api/v1/orgunits/23425?date=2025-07-01")
    assert (after["name"], after["parentCode"], after["validFrom"]) == ("Xã Tu Mơ Rông", "51", "2025-07-01")
    assert get("/api/v1/orgunits/23425")["name"] == "Xã Tu Mơ Rông"


def test_document_lists_the_api(server):
    with urllib.request.urlopen(server.url("/openapi.json"), timeout=10) as response:
        assert response.status == 200
        document = json.load(response)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/plans",
        "/api/v1/plans/{id}",
        "/api/v1/plans/{id}/board",
        "/api/v1/orgunits",
        "/api/v1/orgunits/{code}",
        "/api/v1/dataelements",
        "/api/v1/plans/{id}/dataelements",
        "/api/v1/plans/{id}/dataelements/{elementID}",
        "/api/v1/datavalues",
        "/api/v1/dataValueSets",
        "/api/v1/plans/{id}/rounds",
        "/api/v1/rounds/{roundID}",
        "/api/v1/rounds/{roundID}/submissions",
        "/api/v1/rounds/{roundID}/annex.xlsx",
        "/api/v1/rounds/{roundID}/report.docx",
        "/api/v1/rounds/{roundID}/tables/{table}",
        "/api/v1/submissions/{submissionID}",
        "/api/v1/submissions/{submissionID}/report.docx",
        "/api/v1/submissions/{submissionID}/submit",
        "/api/v1/submissions/{submissionID}/return",
        "/api/v1/submissions/{submissionID}/approve",
        "/api/v1/submissions/{submissionID}/reopen",
        "/api/v1/submissions/{submissionID}/attachments",
        "/api/v1/submissions/{submissionID}/attachments/{attachmentID}",
    }
    assert set(document["paths"]["/api/v1/datavalues"]) == {"get", "post"}
    # A plan's data elements: read by anyone, added and changed with a token (issue 16, item 4).
    assert set(document["paths"]["/api/v1/plans/{id}/dataelements"]) == {"get", "post"}
    assert set(document["paths"]["/api/v1/plans/{id}/dataelements/{elementID}"]) == {"get", "put"}
    for path, method in (("/api/v1/plans/{id}/dataelements", "post"), ("/api/v1/plans/{id}/dataelements/{elementID}", "put")):
        assert document["paths"][path][method].get("security") == [{"bearer": []}], (path, method)
    for method in ("get", "post"):
        assert document["paths"]["/api/v1/datavalues"][method].get("security") == [{"bearer": []}]
    for path in ("/api/v1/rounds/{roundID}", "/api/v1/submissions/{submissionID}"):
        assert document["paths"][path]["get"].get("security") == [{"bearer": []}], path
    assert document["paths"]["/api/v1/plans/{id}/board"]["get"].get("security") == [{"bearer": []}]
    assert document["paths"]["/api/v1/dataValueSets"]["post"].get("security") == [{"bearer": []}]
