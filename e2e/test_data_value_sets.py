"""POST /api/v1/dataValueSets (issue 13, item 3) against the real server: a data value set over several units and
periods is saved whole with an API token, or not at all when one row is wrong; the values read back through
GET /api/v1/datavalues are the ones sent.

Runs on the demonstration server (the tests that change values use it); 2020, the plan's baseline year, has no
reporting round, so nothing locks its values.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from conftest import create_token


def post(server, token: str, rows: list[dict]) -> tuple[int, dict]:
    request = urllib.request.Request(
        server.url("/api/v1/dataValueSets"),
        data=json.dumps({"dataValues": rows}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def saved(server, token: str, unit: str, period: str) -> dict[str, float]:
    request = urllib.request.Request(
        server.url(f"/api/v1/datavalues?orgunit={unit}&period={period}"), headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    items = body if isinstance(body, list) else body.get("values") or body.get("dataValues") or []
    return {
        item["element"] + ("/" + item["category"] if item.get("category") else ""): item["value"]
        for item in items
        if item.get("orgunit", item.get("orgUnit", unit)) == unit and item.get("period", period) == period
    }


def test_a_data_value_set_is_saved_whole_or_not_at_all(demo_server):
    token = create_token(demo_server, "district_reporter", "611", "e2e-value-sets")
    rows = [
        {"dataElement": "counselling", "period": "2020S1", "orgUnit": "23395", "value": 14},
        {"dataElement": "counselling", "period": "2020S2", "orgUnit": "23395", "value": "15"},
        {"dataElement": "methadone", "period": "2020S1", "orgUnit": "23398", "categoryOptionCombo": "", "value": 6},
        {"dataElement": "drug_cases_detected", "period": "2020", "orgUnit": "611", "categoryOptionCombo": "heroin", "value": 9},
    ]
    status, summary = post(demo_server, token, rows)
    assert status == 200, summary
    assert summary["status"] == "SUCCESS"
    assert sum(summary["importCount"].values()) == 4
    assert summary["conflicts"] == []
    assert saved(demo_server, token, "23395", "2020S1")["counselling"] == 14
    assert saved(demo_server, token, "23395", "2020S2")["counselling"] == 15
    assert saved(demo_server, token, "23398", "2020S1")["methadone"] == 6
    assert saved(demo_server, token, "611", "2020")["drug_cases_detected/heroin"] == 9

    # One bad row (a count with decimals) among good ones: 422 naming it, and nothing of the set is saved.
    changed = [dict(row, value=21) for row in rows]
    changed[2] = dict(rows[2], value="2.5")
    status, summary = post(demo_server, token, changed)
    assert status == 422, summary
    assert summary["status"] == "ERROR"
    assert [(c["index"], c["field"]) for c in summary["conflicts"]] == [(2, "dataValues[2].value")]
    assert summary["conflicts"][0]["message"]
    assert saved(demo_server, token, "23395", "2020S1")["counselling"] == 14
    assert saved(demo_server, token, "611", "2020")["drug_cases_detected/heroin"] == 9

    # A unit the token does not reach: 403 naming the row.
    status, answer = post(demo_server, token, [dict(rows[0], orgUnit="23281")])
    assert status == 403
    assert "dataValues[0].orgUnit" in answer["reason"]
