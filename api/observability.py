"""JSON logs carrying the request id, and Prometheus metrics kept per app instance."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

LOGGER = logging.getLogger("api")
_HANDLER_NAME = "artifactdet-api"

LATENCY_BUCKETS = (0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class JsonFormatter(logging.Formatter):
    """One JSON object per line; ``extra={"fields": {...}}`` adds keys, the current request id is added."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            out["request_id"] = rid
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(level: str, as_json: bool) -> None:
    """Route this service's and uvicorn's logs through one handler on stdout.

    Idempotent, because tests build several apps in one process. uvicorn's own access log is switched off:
    ours carries the request id, the route and the duration.
    """
    handler = _Stdout()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(
        JsonFormatter() if as_json else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    for name in ("api", "uvicorn"):  # "uvicorn.error" propagates to "uvicorn"
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() in (_HANDLER_NAME, "default")]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level.upper())
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True


class _Stdout(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stdout is now (test runners swap it), not the one there when it was made."""

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


class Metrics:
    """The service's metrics in a registry of their own, so every app instance (and test) starts from zero."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        ProcessCollector(registry=r)  # resident memory and CPU of the HTTP process
        self.requests = Counter(
            "artifactdet_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=r
        )
        self.latency = Histogram(
            "artifactdet_http_request_duration_seconds",
            "Time from request to the end of the response",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.in_flight = Gauge("artifactdet_http_requests_in_flight", "Requests being handled", registry=r)
        self.labels = Counter(
            "artifactdet_documents_scored", "Documents scored, by label returned", ["label"], registry=r
        )
        self.refused = Counter(
            "artifactdet_documents_refused", "Documents not scored, by error code", ["code"], registry=r
        )
        self.batch_seconds = Histogram(
            "artifactdet_scoring_batch_seconds",
            "Worker time per micro-batch of documents",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.batch_docs = Histogram(
            "artifactdet_scoring_batch_documents",
            "Documents per micro-batch",
            buckets=(1, 2, 4, 8, 16, 32, 64),
            registry=r,
        )
        self.restarts = Counter(
            "artifactdet_worker_restarts", "Scoring workers replaced, by reason", ["reason"], registry=r
        )
        self.queued = Gauge("artifactdet_queue_documents", "Documents waiting for a scoring worker", registry=r)
        self.workers_ready = Gauge("artifactdet_workers_ready", "Scoring workers ready", registry=r)
        self.workers_busy = Gauge("artifactdet_workers_busy", "Scoring workers scoring", registry=r)

    def watch_pool(
        self,
        queued: Callable[[], float],
        ready: Callable[[], float],
        busy: Callable[[], float],
        pids: Callable[[], dict[int, int]],
    ) -> None:
        """Read the pool's state at scrape time instead of tracking every change."""
        self.queued.set_function(queued)
        self.workers_ready.set_function(ready)
        self.workers_busy.set_function(busy)
        self.registry.register(_WorkerMemory(pids))


class _WorkerMemory(Collector):
    """Resident memory and CPU time of each scoring worker, read from /proc at scrape time (Linux only)."""

    def __init__(self, pids: Callable[[], dict[int, int]]) -> None:
        self._pids = pids

    def collect(self) -> Iterable[GaugeMetricFamily | CounterMetricFamily]:
        rss = GaugeMetricFamily(
            "artifactdet_worker_resident_memory_bytes", "Resident memory of each scoring worker", labels=["worker"]
        )
        cpu = CounterMetricFamily(
            "artifactdet_worker_cpu_seconds", "CPU time of each scoring worker (since it started)", labels=["worker"]
        )
        for index, pid in sorted(self._pids().items()):
            usage = _proc_usage(pid)
            if usage is not None:
                rss.add_metric([str(index)], usage[0])
                cpu.add_metric([str(index)], usage[1])
        yield rss
        yield cpu


def _proc_usage(pid: int) -> tuple[int, float] | None:
    """Resident bytes and user+system CPU seconds of a process, or None (not Linux, or it just exited)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open(f"/proc/{pid}/stat") as f:
            # Fields after the parenthesised command name, which may itself contain spaces.
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        return rss, ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
