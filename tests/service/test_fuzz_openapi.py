"""Property-based fuzz of the HTTP API from its own OpenAPI schema (schemathesis, in-process over
ASGI): random valid and invalid requests to every operation never produce a 500.

Bounded so it runs in seconds. The report operation is left out here (rendering a PDF takes
seconds per example); its inputs are two enums and ids, covered by test_api_compute.
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


def test_no_server_errors(fuzz_schema, ids):
    """Every operation, 12 generated cases each, as the organisation admin."""
    headers = {"Authorization": f"Bearer {ids['a_admin']}"}
    tested, statuses = [], set()
    ops = [r.ok() for r in fuzz_schema.get_all_operations()]
    # revoking tokens last: a revoked id may be the admin's own token
    for op in sorted(ops, key=lambda o: (o.method.upper() == "DELETE", o.path, o.method)):
        if op.path.endswith("/report"):
            continue
        tested.append(f"{op.method.upper()} {op.path}")

        @given(case=op.as_strategy())
        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call(headers=headers)
            statuses.add(response.status_code)
            assert response.status_code != 500, (case.method, case.formatted_path,
                                                 response.text[:500])
            assert response.status_code < 500 or response.status_code == 501

        run()
    assert len(tested) >= 30, tested
    assert {200, 201, 404, 422} <= statuses  # the fuzz reached real objects and bad input
