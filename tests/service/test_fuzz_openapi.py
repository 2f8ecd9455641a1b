"""Property-based fuzz of the HTTP API from its own OpenAPI schema (schemathesis, in-process over
ASGI): random valid and invalid requests to every operation never produce a 5xx, and every 4xx
answer is JSON that names the offending field or parameter: ``loc`` on each item of a 422 (as
FastAPI's validation errors), ``loc`` beside ``detail`` on the service's own 4xx (404 names the
path parameter, 409 ``base_revision``, 413/415 the ``file`` field, 401 the Authorization header).

Violations are collected (no shrinking) and reported together. Bounded to about a minute.
The report operation is left out here (rendering a PDF takes seconds per example); its inputs
are two enums and ids, covered by test_api_compute. Starting a job is left out too (each valid
example would start Dask work in the background); test_jobs covers its inputs.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from alcarbon.service.settings import Settings


@pytest.fixture
def fuzz_schema(store):
    from alcarbon.service.app import create_app

    app = create_app(store[0], Settings(max_upload_bytes=100_000, max_iterations=200))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def unlocated(response) -> str | None:
    """Why a 4xx answer does not say what and where, or None when it does."""
    try:
        body = response.json()
    except ValueError:
        return f"body is not JSON: {response.text[:200]!r}"
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):
        if not detail:
            return "empty detail list"
        bad = [d for d in detail if not (isinstance(d, dict) and d.get("loc") and d.get("msg"))]
        return f"items without loc/msg: {bad[:3]}" if bad else None
    if not (isinstance(detail, str) and detail.strip()):
        return f"no detail message: {body!r:.200}"
    if not body.get("loc"):
        return f"no loc beside detail {detail!r:.200}"
    return None


def test_no_server_errors_and_located_client_errors(fuzz_schema, ids):
    """Every operation, 12 generated cases each, as the organisation admin."""
    headers = {"Authorization": f"Bearer {ids['a_admin']}"}
    tested, statuses, problems = [], set(), []
    ops = [r.ok() for r in fuzz_schema.get_all_operations()]
    # revoking tokens last: a revoked id may be the admin's own token
    for op in sorted(ops, key=lambda o: (o.method.upper() == "DELETE", o.path, o.method)):
        if op.path.endswith("/report") or op.path.endswith("/jobs"):
            continue
        tested.append(f"{op.method.upper()} {op.path}")

        @given(case=op.as_strategy())
        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call(headers=headers)
            statuses.add(response.status_code)
            where = f"{case.method} {case.formatted_path} -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.text[:300]}")
            elif response.status_code >= 400:
                problem = unlocated(response)
                if problem:
                    problems.append(f"{where}: {problem}")

        run()
    assert problems == [], "\n".join(problems[:40])
    assert len(tested) >= 30, tested
    assert {200, 201, 404, 422} <= statuses  # the fuzz reached real objects and bad input


def test_unlocated_flags_answers_without_a_field():
    """The fuzz's own check: a 4xx without ``loc`` (or with a non-JSON body) is reported."""
    import httpx

    def resp(status, **kw):
        return httpx.Response(status, **kw)

    assert unlocated(resp(404, json={"detail": "no such study"})) is not None
    assert unlocated(resp(404, text="Not Found")) is not None
    assert unlocated(resp(422, json={"detail": [{"msg": "bad"}]})) is not None
    assert unlocated(resp(404, json={"detail": "study_id 9: no such study",
                                     "loc": ["path", "study_id"]})) is None
    assert unlocated(resp(422, json={"detail": [{"loc": ["body", "reason"],
                                                 "msg": "too short"}]})) is None
