"""HTTP service: the routes, the contract of /v1/score, and 4xx (never 5xx) for bad input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

ENGLISH = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would "
    "raise funds for schools and roads, and that they expected a vote before the end of the month."
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(Settings(max_chars=5_000, max_batch=3, max_body_bytes=50_000))
    with TestClient(app) as c:
        yield c


def test_health_and_model(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
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


def test_batch(client: TestClient) -> None:
    docs = [{"id": "a", "text": ENGLISH}, {"id": "b", "text": "   "}, {"id": "c", "text": ENGLISH}]
    r = client.post("/v1/score/batch", json={"documents": docs})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["id"] for x in results] == ["a", "b", "c"]
    assert results[1]["error"]["code"] == "empty" and "label" in results[0]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"text": ""}}, 422, "empty"),
        ({"json": {"text": 5}}, 422, "invalid_request"),
        ({"json": {}}, 422, "invalid_request"),
        ({"json": {"text": "x", "extra": 1}}, 422, "invalid_request"),
        ({"json": ["text"]}, 422, "invalid_request"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "invalid_request"),
        ({"content": b'{"text": "caf\xe9"}', "headers": {"content-type": "application/json"}}, 400, "invalid_utf8"),
        ({"json": {"text": "word " * 2_000}}, 413, "too_long"),
        ({"json": {"text": "a" * 60_000}}, 413, "body_too_large"),
        ({"json": {"text": "\u0000\u0001\u0002 binary"}}, 422, "binary"),
        (
            {"json": {"text": "Это длинный русский текст, который не является английским языком вообще никак."}},
            422,
            "not_english",
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
    assert r.status_code == 422
    r = client.post("/v1/score/batch", json={"documents": [{"id": 1, "text": ENGLISH}]})
    assert r.status_code == 422
