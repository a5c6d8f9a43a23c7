"""HTTP service: the routes, the contract of /v1/score, 4xx (never 5xx) for bad input, auth, time budget,
overload, request ids, logs and metrics. Scoring runs in-process here (pool="thread"); tests/test_api_process.py
covers the process pool."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import worker
from api.app import create_app
from api.observability import JsonFormatter
from api.schemas import EXAMPLE_RESTORED, EXAMPLE_SPUN
from api.settings import Settings
from artifactdet.detector import Detector
from artifactdet.restore import restore_document

ENGLISH = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would "
    "raise funds for schools and roads, and that they expected a vote before the end of the month."
)
KEY = "test-key-0123456789abcdef"
JSON = {"content-type": "application/json"}
LIMITS = {"max_chars": 5_000, "max_batch": 3, "max_body_bytes": 50_000}
# Spins the restore library undoes: number words for a decade, a phrase from the tortured-phrase list.
DECADE = "Since the Nineteen Nineties the council has met on Tuesdays. " + ENGLISH
TORTURED = "The firm said that counterfeit consciousness will change how the council plans the budget. " + ENGLISH


def _settings(**changes: object) -> Settings:
    return Settings(**{"pool": "thread", **LIMITS, **changes})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(_settings())) as c:
        yield c


@pytest.fixture(scope="module")
def detector(client: TestClient) -> Detector:
    det: Detector = client.app.state.detector  # type: ignore[attr-defined]
    return det


def test_health_ready_and_model(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok" and len(r.json()["model_sha256"]) == 64
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready" and r.json()["mode"] == "thread"
    m = client.get("/v1/model").json()
    assert m["producer"] == "artifactdet" and "feature_names" in m and "thresholds" in m


def test_score_matches_cli_fields(client: TestClient) -> None:
    r = client.post("/v1/score", json={"text": ENGLISH})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"label", "scores", "artifact_score", "reliable"}
    assert sum(body["scores"].values()) == pytest.approx(1.0)
    r = client.post(
        "/v1/score", json={"text": "In the Nineteen Nineties the State Division spoke. " + ENGLISH, "explain": True}
    )
    ev = r.json()["evidence"]
    assert any(e["suggestion"] == "1990s" for e in ev)
    # Like the CLI, every evidence item has every field; an unknown suggestion is null, not missing.
    assert all(
        set(e) == {"start", "end", "text", "kind", "tell", "reason", "suggestion", "weight", "counted"} for e in ev
    )
    # The sentence holding the spin is pointed at, with its span and score.
    sentences = r.json()["sentences"]
    assert sentences[0]["start"] == 0 and sentences[0]["spin_score"] > 0
    assert "Nineteen Nineties" in sentences[0]["text"]


def test_batch(client: TestClient) -> None:
    docs = [{"id": "a", "text": ENGLISH}, {"id": "b", "text": "   "}, {"id": "c", "text": ENGLISH}]
    r = client.post("/v1/score/batch", json={"documents": docs})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["id"] for x in results] == ["a", "b", "c"]
    assert results[1]["error"]["code"] == "empty" and "label" in results[0] and "error" not in results[0]
    assert set(results[1]) == {"id", "error"}


def _check_restored(detector: Detector, text: str, restored: dict[str, Any]) -> None:
    """The API's `restored` is what `artifactdet restore` writes, and every change lies inside the input."""
    expected = restore_document(text, detector.resources, detector.limits)
    assert restored == {"text": expected.text, "applied": [a.to_record() for a in expected.applied]}
    for change in restored["applied"]:
        assert 0 <= change["start"] < change["end"] <= len(text)
        assert text[change["start"] : change["end"]] == change["original"] != change["replacement"]


@pytest.mark.parametrize(
    ("text", "original", "replacement"),
    [
        pytest.param(DECADE, "Nineteen Nineties", "1990s", id="decade in words"),
        pytest.param(TORTURED, "counterfeit consciousness", "artificial intelligence", id="tortured phrase"),
        pytest.param(EXAMPLE_SPUN, "Nineteen Nineties", "1990s", id="the OpenAPI example"),
    ],
)
@pytest.mark.parametrize("explain", [False, True])
def test_score_restore(
    client: TestClient, detector: Detector, text: str, original: str, replacement: str, explain: bool
) -> None:
    r = client.post("/v1/score", json={"text": text, "restore": True, "explain": explain})
    assert r.status_code == 200, r.text
    body = r.json()
    assert {"label", "scores", "restored"} <= set(body) and ("evidence" in body) == explain
    restored = body["restored"]
    assert restored["text"] != text and restored["applied"]
    assert any(a["original"] == original and a["replacement"] == replacement for a in restored["applied"])
    assert replacement in restored["text"] and original not in restored["text"]
    _check_restored(detector, text, restored)


def test_restore_example_is_what_the_library_does(detector: Detector) -> None:
    _check_restored(detector, EXAMPLE_SPUN, EXAMPLE_RESTORED)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({}, id="default"),
        pytest.param({"restore": False}, id="false"),
        pytest.param({"explain": True, "restore": False}, id="explain only"),
    ],
)
def test_no_restore_no_restored_field(client: TestClient, extra: dict[str, bool]) -> None:
    # Like evidence without explain: the field is left out, not null.
    r = client.post("/v1/score", json={"text": DECADE, **extra})
    assert r.status_code == 200 and "restored" not in r.json()
    docs = [{"id": "a", "text": DECADE}]
    assert "restored" not in client.post("/v1/score/batch", json={"documents": docs, **extra}).json()["results"][0]


def test_batch_restore_keeps_order_and_error_slots(client: TestClient, detector: Detector) -> None:
    docs = [{"id": "spun", "text": TORTURED}, {"id": "bad", "text": "   "}, {"id": "plain", "text": ENGLISH}]
    r = client.post("/v1/score/batch", json={"documents": docs, "restore": True})
    assert r.status_code == 200, r.text
    spun, bad, plain = r.json()["results"]
    assert [x["id"] for x in (spun, bad, plain)] == ["spun", "bad", "plain"]
    assert set(bad) == {"id", "error"} and bad["error"]["code"] == "empty"
    assert spun["restored"]["text"] != TORTURED and spun["restored"]["applied"]
    assert plain["restored"] == {"text": ENGLISH, "applied": []}  # nothing to restore: the text comes back as is
    for text, result in ((TORTURED, spun), (ENGLISH, plain)):
        _check_restored(detector, text, result["restored"])
    # Each slot is restored from its own document, however the batch is ordered.
    r = client.post("/v1/score/batch", json={"documents": docs[::-1], "restore": True})
    assert [x.get("restored") for x in r.json()["results"]] == [plain["restored"], None, spun["restored"]]


def _chunks(n: int, size: int) -> Iterator[bytes]:
    yield b'{"text": "'
    for _ in range(n):
        yield b"a" * size
    yield b'"}'


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"text": ""}}, 422, "empty"),
        ({"json": {"text": 5}}, 422, "invalid_request"),
        ({"json": {}}, 422, "invalid_request"),
        ({"json": {"text": "x", "extra": 1}}, 422, "invalid_request"),
        ({"json": {"text": ENGLISH, "restore": "yes"}}, 422, "invalid_request"),
        ({"json": {"text": ENGLISH, "restore": 1}}, 422, "invalid_request"),
        ({"json": ["text"]}, 422, "invalid_request"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "invalid_request"),
        ({"content": b'{"text": "caf\xe9"}', "headers": {"content-type": "application/json"}}, 400, "invalid_utf8"),
        ({"json": {"text": "word " * 2_000}}, 413, "too_long"),
        ({"json": {"text": "a" * 60_000}}, 413, "body_too_large"),
        ({"content": _chunks(10, 10_000), "headers": {"content-type": "application/json"}}, 413, "body_too_large"),
        ({"json": {"text": "\u0000\u0001\u0002 binary"}}, 422, "binary"),
        (
            {"json": {"text": "Это длинный русский текст, который не является английским языком вообще никак."}},
            422,
            "not_english",
        ),
        # Escapes that decode to lone surrogates: not text, and not writable back as UTF-8.
        (
            {"content": b'{"text": "a \\ud800 b"}', "headers": {"content-type": "application/json"}},
            422,
            "invalid_request",
        ),
        (
            {"content": b'{"text": "a", "\\udfff": 1}', "headers": {"content-type": "application/json"}},
            422,
            "invalid_request",
        ),
        # Parser bombs: nesting past the recursion limit, an integer past the digit limit.
        ({"content": b'{"text": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", "headers": JSON}, 400, "invalid_request"),
        (
            {"content": b'{"text": 1' + b"0" * 5_000 + b"}", "headers": {"content-type": "application/json"}},
            400,
            "invalid_request",
        ),
        (
            {"content": b"text=hello", "headers": {"content-type": "application/x-www-form-urlencoded"}},
            422,
            "invalid_request",
        ),
    ],
)
def test_bad_input_gets_4xx(client: TestClient, kwargs: dict[str, object], status: int, code: str) -> None:
    r = client.post("/v1/score", **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text
    assert r.json()["code"] == code and r.json()["detail"]


def test_batch_limits(client: TestClient) -> None:
    r = client.post("/v1/score/batch", json={"documents": [{"id": str(i), "text": ENGLISH} for i in range(4)]})
    assert r.status_code == 413 and r.json()["code"] == "batch_too_large"
    r = client.post("/v1/score/batch", json={"documents": []})
    assert r.status_code == 422 and r.json()["code"] == "empty_batch"
    r = client.post("/v1/score/batch", json={"documents": [{"id": 1, "text": ENGLISH}]})
    assert r.status_code == 422


def test_unknown_route_and_method_keep_the_error_shape(client: TestClient) -> None:
    r = client.get("/nowhere")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.delete("/v1/score")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed" and r.headers["allow"] == "POST"


def test_request_ids_and_json_access_log(client: TestClient) -> None:
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(JsonFormatter().format(record))  # type: ignore[method-assign]
    logger = logging.getLogger("api")
    logger.addHandler(handler)
    try:
        r = client.post("/v1/score", json={"text": ENGLISH}, headers={"X-Request-ID": "abc-123"})
        assert r.headers["x-request-id"] == "abc-123"
        generated = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"}).headers["x-request-id"]
        assert len(generated) == 32 and generated.isalnum()
    finally:
        logger.removeHandler(handler)
    records = [json.loads(line) for line in lines]
    access = [r for r in records if r["msg"] == "request"]
    assert access[0]["request_id"] == "abc-123" and access[0]["route"] == "/v1/score" and access[0]["status"] == 200
    assert access[0]["duration_ms"] >= 0 and access[0]["level"] == "info"
    assert access[1]["request_id"] == generated
    assert ENGLISH not in "".join(lines)  # documents never reach the logs


def test_metrics(client: TestClient) -> None:
    client.post("/v1/score", json={"text": ENGLISH})
    client.post("/v1/score", json={"text": ""})
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    assert 'artifactdet_http_requests_total{method="POST",route="/v1/score",status="200"}' in text
    assert 'artifactdet_http_requests_total{method="POST",route="/v1/score",status="422"}' in text
    assert 'artifactdet_http_request_duration_seconds_bucket{le="0.05",method="POST",route="/v1/score"}' in text
    assert "artifactdet_documents_scored_total{label=" in text
    assert 'artifactdet_documents_refused_total{code="empty"}' in text
    assert "process_resident_memory_bytes" in text and "artifactdet_workers_ready 2.0" in text
    # A fresh app starts from zero: metrics belong to the app, not the process.
    with TestClient(create_app(_settings(), detector=client.app.state.detector)) as other:  # type: ignore[attr-defined]
        assert 'route="/v1/score"' not in other.get("/metrics").text


def test_openapi_documents_routes_examples_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/score", "/v1/score/batch", "/healthz", "/readyz", "/metrics", "/v1/model"} <= set(spec["paths"])
    score = spec["paths"]["/v1/score"]["post"]
    assert {"200", "400", "413", "422", "503"} <= set(score["responses"])
    assert spec["components"]["schemas"]["ScoreRequest"]["examples"]
    schemas = spec["components"]["schemas"]
    assert "restore" in schemas["ScoreRequest"]["properties"] and "restore" in schemas["BatchRequest"]["properties"]
    assert "restored" in schemas["ScoreResponse"]["properties"] and "restored" in schemas["BatchItem"]["properties"]
    assert schemas["RestoredOut"]["examples"] == [EXAMPLE_RESTORED] and "AppliedOut" in schemas
    assert "securitySchemes" not in spec.get("components", {})  # no keys configured here


def test_api_keys(detector: Detector) -> None:
    with TestClient(create_app(_settings(api_keys=f"{KEY},other-key-0123456789abc"), detector=detector)) as c:
        assert c.get("/healthz").status_code == 200 and c.get("/readyz").status_code == 200  # probes stay open
        r = c.post("/v1/score", json={"text": ENGLISH})
        assert r.status_code == 401 and r.json()["code"] == "unauthorized" and "www-authenticate" in r.headers
        assert c.post("/v1/score", json={"text": ENGLISH}, headers={"X-API-Key": KEY + "x"}).status_code == 401
        assert c.get("/metrics").status_code == 401 and c.get("/openapi.json").status_code == 401
        assert c.post("/v1/score", json={"text": ENGLISH}, headers={"X-API-Key": KEY}).status_code == 200
        ok = c.post("/v1/score", json={"text": ENGLISH}, headers={"Authorization": "Bearer other-key-0123456789abc"})
        assert ok.status_code == 200
        spec = c.get("/openapi.json", headers={"X-API-Key": KEY}).json()
        assert "ApiKey" in spec["components"]["securitySchemes"]
        assert "401" in spec["paths"]["/v1/score"]["post"]["responses"]
        assert "security" not in spec["paths"]["/healthz"]["get"]


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTIFACTDET_API_KEYS", f"{KEY}, other-key-0123456789abc ,")
    monkeypatch.setenv("ARTIFACTDET_WORKERS", "3")
    monkeypatch.setenv("ARTIFACTDET_DOC_TIMEOUT_S", "0.5")
    s = Settings()
    assert [k.get_secret_value() for k in s.api_keys] == [KEY, "other-key-0123456789abc"]
    assert s.worker_count() == 3 and s.doc_timeout_s == 0.5
    assert KEY not in repr(s)  # keys never reach logs or tracebacks through the settings
    monkeypatch.setenv("ARTIFACTDET_API_KEYS", "short")
    with pytest.raises(ValueError, match="at least 16"):
        Settings()
    monkeypatch.delenv("ARTIFACTDET_API_KEYS")
    monkeypatch.delenv("ARTIFACTDET_WORKERS")
    assert Settings().worker_count() >= 1


def test_time_budget_answers_422(detector: Detector, monkeypatch: pytest.MonkeyPatch) -> None:
    # In-process the budget can only be answered, not enforced; the process pool kills the worker instead.
    # Scoring is made to outlast the budget for sure: a scoring thread that holds the GIL can finish before the
    # event loop runs the timeout, and then its result is returned (seen on a loaded machine with a 1 us budget).
    score_texts = worker.score_texts

    def slow(detector: Any, items: list[Any]) -> Any:
        time.sleep(0.5)
        return score_texts(detector, items)

    monkeypatch.setattr(worker, "score_texts", slow)
    with TestClient(create_app(_settings(doc_timeout_s=0.05), detector=detector)) as c:
        r = c.post("/v1/score", json={"text": ENGLISH})
        assert r.status_code == 422 and r.json()["code"] == "time_budget_exceeded"
        r = c.post("/v1/score/batch", json={"documents": [{"id": "a", "text": ENGLISH}]})
        assert r.json()["results"][0]["error"]["code"] == "time_budget_exceeded"


def test_saturation_answers_503_with_retry_after(detector: Detector) -> None:
    with TestClient(create_app(_settings(workers=1, max_queue=1), detector=detector)) as c:
        docs = [{"id": str(i), "text": ENGLISH} for i in range(3)]
        r = c.post("/v1/score/batch", json={"documents": docs})
        assert r.status_code == 503 and r.json()["code"] == "overloaded" and r.headers["retry-after"] == "1"
        assert c.post("/v1/score", json={"text": ENGLISH}).status_code == 200
