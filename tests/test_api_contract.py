"""The OpenAPI contract, fuzzed with schemathesis against the app in-process (no network): every route, with
data that follows the schema and data that breaks it; no 5xx, and every response has a documented status code,
media type and body schema."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from api.app import create_app
from api.settings import Settings

KEY = "contract-test-key-0123456789"

CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            # Text that fits the schema can still be unscorable ("empty", "not_english", "binary", too long),
            # which only the library can tell: for such text 413/422 is the right answer.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "413", "422"]},
        },
        "generation": {"mode": "all"},
    }
)

# Built at import without starting the app: the schema comes from app.openapi(), and the detector loads on the
# first request. (schemathesis.pytest.from_fixture would be tidier but reads a node attribute pytest 9 removed.)
# The app keeps its detector when schemathesis restarts its lifespan for each operation.
APP = create_app(Settings(pool="thread", api_keys=KEY, max_chars=5_000, max_batch=4, max_body_bytes=60_000))  # type: ignore[arg-type]
schema = schemathesis.openapi.from_dict(APP.openapi(), config=CONFIG)
schema.app = APP


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_route_keeps_its_contract(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(headers={"X-API-Key": KEY})
