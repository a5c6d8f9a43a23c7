"""The process pool as it runs in production: scoring in worker processes, a document over its time budget
refused with its worker killed and replaced, a crashed worker replaced, and no worker left after shutdown."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

ENGLISH = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would "
    "raise funds for schools and roads, and that they expected a vote before the end of the month. "
)
# Far over a one-second budget on any machine (a 100,000-character document takes a few hundred ms).
HUGE = ENGLISH * 6_000


def _workers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name.startswith("artifactdet-worker")]


def _metric(client: TestClient, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} (\S+)$", client.get("/metrics").text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def _wait_ready(client: TestClient, workers: int, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/readyz").json().get("workers_ready") == workers:
            return
        time.sleep(0.2)
    raise AssertionError(f"{workers} workers not ready within {timeout:.0f} s")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(
        pool="process",
        workers=2,
        doc_timeout_s=1.0,
        max_chars=2 * len(HUGE),  # so the huge document and a small one share a model call
        max_body_bytes=4 * len(HUGE),
        max_queue_wait_s=120.0,  # requests wait for replacement workers instead of being turned away
    )
    with TestClient(create_app(settings)) as c:
        started = _workers()
        assert len(started) == 2
        yield c
    # Graceful shutdown leaves no worker behind.
    assert not any(p.is_alive() for p in started) and not _workers()


def test_scores_in_worker_processes(client: TestClient) -> None:
    ready = client.get("/readyz").json()
    assert ready["mode"] == "process" and ready["workers_ready"] == 2
    r = client.post("/v1/score", json={"text": ENGLISH, "explain": True})
    assert r.status_code == 200 and "evidence" in r.json() and "restored" not in r.json()
    # Restoring is done in the worker, with the scoring: the flag crosses the pipe with each document.
    spun = "Since the Nineteen Nineties the council has met on Tuesdays. " + ENGLISH
    docs = [{"id": "spun", "text": spun}, {"id": "bad", "text": ""}, {"id": "plain", "text": ENGLISH}]
    results = client.post("/v1/score/batch", json={"documents": docs, "restore": True}).json()["results"]
    assert [x["id"] for x in results] == ["spun", "bad", "plain"] and results[1]["error"]["code"] == "empty"
    assert results[0]["restored"]["text"] == spun.replace("Nineteen Nineties", "1990s")
    assert results[2]["restored"] == {"text": ENGLISH, "applied": []}
    assert client.post("/v1/score", json={"text": ""}).json()["code"] == "empty"
    assert client.get("/healthz").json()["model_sha256"] == client.get("/v1/model").json()["model_sha256"]
    assert 'artifactdet_worker_resident_memory_bytes{worker="1"}' in client.get("/metrics").text


def test_document_over_budget_is_refused_and_its_worker_replaced(client: TestClient) -> None:
    before = _workers()
    # Both documents go to one worker in one model call; it overruns, is killed, and each document is retried
    # alone, so only the huge one is refused.
    docs = [{"id": "ok", "text": ENGLISH}, {"id": "huge", "text": HUGE}]
    r = client.post("/v1/score/batch", json={"documents": docs})
    assert r.status_code == 200, r.text
    ok, huge = r.json()["results"]
    assert "label" in ok and huge["error"]["code"] == "time_budget_exceeded"
    assert _metric(client, 'artifactdet_worker_restarts_total{reason="timeout"}') == 2
    r = client.post("/v1/score", json={"text": HUGE})
    assert r.status_code == 422 and r.json()["code"] == "time_budget_exceeded"
    # The pool heals: replacements start and score.
    assert client.post("/v1/score", json={"text": ENGLISH}).status_code == 200
    _wait_ready(client, 2)
    assert {p.pid for p in _workers()} != {p.pid for p in before}


def test_crashed_worker_is_replaced(client: TestClient) -> None:
    _wait_ready(client, 2)
    victim = _workers()[0]
    assert victim.pid is not None
    os.kill(victim.pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while _metric(client, 'artifactdet_worker_restarts_total{reason="crash"}') < 1:
        assert time.monotonic() < deadline, "the dead worker was not noticed"
        time.sleep(0.1)
    assert client.post("/v1/score", json={"text": ENGLISH}).status_code == 200
    _wait_ready(client, 2)
