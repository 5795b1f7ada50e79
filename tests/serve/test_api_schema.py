"""schemathesis against the app's own OpenAPI schema: no 500, answers as documented, headers on every one.

Every operation gets schema-valid requests (which must be answered as documented, 2xx included) and
schema-invalid ones (which must be refused with a 4xx). The number of examples is bounded so that this
runs in every CI run; PARLEY_FUZZ=long raises it for a longer search.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

pytestmark = pytest.mark.fuzz

EXAMPLES = 300 if os.environ.get("PARLEY_FUZZ") == "long" else 15


def security_headers(ctx, response, case):
    """Every answer, errors included, carries the Content-Security-Policy and nosniff headers."""
    names = {k.lower() for k in response.headers}
    for name in ("content-security-policy", "x-content-type-options"):
        if name not in names:
            raise AssertionError(f"{case.method} {case.formatted_path} answered {response.status_code} "
                                 f"without {name}")


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
def test_api_conforms_to_its_schema(app, mode):
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10  # every documented route is exercised, not an empty schema
    unbreakable: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=os.environ.get("PARLEY_FUZZ") != "long",
                  suppress_health_check=list(HealthCheck))
        def answers_as_documented(case):
            case.call_and_validate(additional_checks=[security_headers])

        try:
            answers_as_documented()
        except Unsatisfiable:
            # No request can break this operation's schema (a GET whose only parameter is any string).
            assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
            unbreakable.append(operation.label)
    assert len(unbreakable) < len(operations) / 2, unbreakable


@pytest.mark.model
@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
def test_posting_reports_conforms_to_the_schema(build_knowledge_base, tmp_path, mode):
    """The write route with a valid token: any body is stored (201/200) or refused with a 4xx, never a 500."""
    from parley.serve.app import create_app

    app = create_app(str(build_knowledge_base(tmp_path / "kb.db")), token="s3cret")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    (operation,) = [r.ok() for r in schema.get_all_operations() if r.ok().method.upper() == "POST"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=os.environ.get("PARLEY_FUZZ") != "long", suppress_health_check=list(HealthCheck))
    def answers_as_documented(case):
        case.call_and_validate(headers={"Authorization": "Bearer s3cret"}, additional_checks=[security_headers])

    answers_as_documented()
