"""Property-based tests of the JSON API against the OpenAPI document the server itself serves at /openapi.json.

Schemathesis generates requests for every GET operation of the document (valid and invalid inputs) and checks that
the server never answers with a server error, that every status code it answers is documented, and that every
response body conforms to the documented schema.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

exchanges: dict[tuple[str, int], int] = {}

schema = schemathesis.pytest.from_fixture("api_schema").include(method="GET")


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_get_operations_conform(case):
    response = case.call_and_validate(checks=CHECKS)
    key = (case.operation.label, response.status_code)
    exchanges[key] = exchanges.get(key, 0) + 1


def test_operations_were_exercised():
    # Runs after the generated tests: every GET operation was called, with answers both found and not found.
    summary = "\n".join(f"  {count:>4} x {status}  {label}" for (label, status), count in sorted(exchanges.items()))
    print("\n" + summary)
    labels = {label for label, _ in exchanges}
    assert labels == {
        "GET /api/v1/plans",
        "GET /api/v1/plans/{id}",
        "GET /api/v1/orgunits",
        "GET /api/v1/orgunits/{code}",
    }, summary


def _plan_id(server) -> str:
    with urllib.request.urlopen(server.url("/api/v1/plans"), timeout=10) as response:
        plans = json.load(response)
    assert [plan["code"] for plan in plans] == ["3959/KH-UBND"], plans
    return plans[0]["id"]


# Generated inputs almost never hit an existing plan or unit, so the documented 200 answers of the lookups are
# validated here on real ones, with the same checks.
KNOWN = [
    ("/api/v1/plans/{id}", {"id": None}, None),
    ("/api/v1/orgunits", {}, None),
    ("/api/v1/orgunits", {}, {"parent": "62"}),
    ("/api/v1/orgunits", {}, {"parent": "611"}),
    ("/api/v1/orgunits/{code}", {"code": "62"}, None),
    ("/api/v1/orgunits/{code}", {"code": "611"}, None),
    ("/api/v1/orgunits/{code}", {"code": "23395"}, None),
    ("/api/v1/orgunits/{code}", {"code": "62-CAT"}, None),
]


@pytest.mark.parametrize(
    ("path", "path_parameters", "query"),
    KNOWN,
    ids=[path.format(**(params or {"id": "id"})) + (f"?parent={query['parent']}" if query else "") for path, params, query in KNOWN],
)
def test_known_resources_conform(api_schema, server, path, path_parameters, query):
    if "id" in path_parameters:
        path_parameters = {"id": _plan_id(server)}
    case = api_schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 200, response.text[:500]


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


def test_document_lists_the_api(server):
    with urllib.request.urlopen(server.url("/openapi.json"), timeout=10) as response:
        assert response.status == 200
        document = json.load(response)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/plans",
        "/api/v1/plans/{id}",
        "/api/v1/orgunits",
        "/api/v1/orgunits/{code}",
    }
