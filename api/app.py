"""The FastAPI application: routes validate, queue documents for the scoring pool, and map outcomes to HTTP.

Status codes: 400 body not UTF-8 (or unparseable); 401 missing/unknown API key; 413 body, text or batch too
large; 422 malformed request, text the library will not score, or a document over its time budget
(``time_budget_exceeded``); 503 with Retry-After when the queue is full or the service is stopping; 500 only
for a bug (logged with the request id).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.middleware import OPEN_PATHS, Guard, RequestContext, error_response
from api.observability import LOGGER, Metrics, configure_logging
from api.pool import Outcome, ProcessScorer, Scorer, ThreadScorer
from api.schemas import BatchRequest, BatchResponse, ErrorResponse, Health, Ready, ScoreRequest, ScoreResponse
from api.settings import Settings, get_settings

if TYPE_CHECKING:
    # Only the scoring processes import the library (nltk, scikit-learn): the HTTP process stays small.
    from artifactdet.detector import Detector

_DESCRIPTIONS = {
    400: "request body is not valid UTF-8, or cannot be parsed",
    401: "missing or unknown API key",
    413: "request body, text (`too_long`) or batch (`batch_too_large`) too large",
    422: "malformed request, text that cannot be scored (`empty`, `binary`, `not_english`, ...), "
    "or a document over its time budget (`time_budget_exceeded`)",
    500: "the scorer failed on this document: a bug, logged under the request id",
    503: "queue full (`overloaded`) or service stopping; retry after Retry-After seconds",
}
_RETRY = {"Retry-After": {"description": "seconds to wait before retrying", "schema": {"type": "integer"}}}
_HTTP_CODES = {400: "invalid_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}


def _version() -> str:
    try:
        return version("artifactdet")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {}
    for s in statuses:
        out[s] = {"model": ErrorResponse, "description": _DESCRIPTIONS[s]}
        if s == 503:
            out[s]["headers"] = _RETRY
    return out


def create_app(settings: Settings | None = None, detector: Detector | None = None) -> FastAPI:
    """The app. With ``detector`` given (tests, embedding) scoring runs in this process, as with pool="thread"."""
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    metrics = Metrics()
    scorer: Scorer = (
        ThreadScorer(settings, metrics, detector)
        if detector is not None or settings.pool == "thread"
        else ProcessScorer(settings, metrics)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await scorer.start()
        if isinstance(scorer, ThreadScorer):
            app.state.detector = scorer.detector
        LOGGER.info(
            "service ready",
            extra={"fields": {"mode": scorer.mode, **scorer.status(), "model_sha256": scorer.manifest["model_sha256"]}},
        )
        try:
            yield
        finally:
            LOGGER.info("service stopping")
            await scorer.close()

    app = FastAPI(
        title="artifactdet",
        summary="Scores English text for machine-translation and spinning artifacts.",
        description=(__doc__ or "").split("\n\n", 1)[-1],
        version=_version(),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.scorer = scorer
    app.state.metrics = metrics
    app.add_middleware(
        Guard, api_keys=[k.get_secret_value() for k in settings.api_keys], max_body_bytes=settings.max_body_bytes
    )
    app.add_middleware(RequestContext, metrics=metrics)  # outermost: sees every answer, including the Guard's

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{loc or 'body'}: {err.get('msg')}")
        return error_response(422, "invalid_request", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), exc.headers)

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> JSONResponse:
        LOGGER.error("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "internal error; the logs have it under this request id")

    def refusal(outcome: Outcome) -> JSONResponse:
        if outcome.kind == "refused":
            metrics.refused.labels(outcome.code).inc()
            return error_response(413 if outcome.code == "too_long" else 422, outcome.code, outcome.message)
        if outcome.kind in ("overloaded", "lost"):
            return error_response(503, outcome.code, outcome.message, {"Retry-After": "1"})
        LOGGER.error("scoring failed", extra={"fields": {"error": outcome.message}})
        return error_response(500, "internal_error", "scoring failed; the logs have it under this request id")

    @app.get("/healthz", response_model=Health, responses=_errors(503))
    async def healthz() -> Any:
        """Liveness: the process answers, and the scoring pool has not given up (workers that keep failing)."""
        if scorer.broken:
            return error_response(503, "broken", "no scoring worker can start; restart the service")
        return {"status": "ok", "model_sha256": scorer.manifest["model_sha256"]}

    @app.get("/readyz", response_model=Ready, responses=_errors(503))
    async def readyz() -> Any:
        """Readiness: at least one scoring worker is up and the service is not stopping."""
        if not scorer.ready:
            return error_response(503, "not_ready", "no scoring worker is ready", {"Retry-After": "1"})
        return {"status": "ready", "mode": scorer.mode, **scorer.status()}

    @app.get(
        "/metrics",
        response_class=Response,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus"}},
    )
    async def prometheus() -> Response:
        """Prometheus metrics (text format 0.0.4): requests, latency, labels returned, pool state, memory."""
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_PLAIN_0_0_4)

    @app.get("/v1/model", response_model=dict[str, Any])
    async def model() -> Any:
        """The model bundle's manifest: versions, feature names, data digest, metrics, thresholds."""
        return scorer.manifest

    @app.post(
        "/v1/score",
        response_model=ScoreResponse,
        response_model_exclude_unset=True,
        responses=_errors(400, 413, 422, 500, 503),
    )
    async def score(body: ScoreRequest) -> Any:
        """Score one document; with explain=true the evidence spans come too, with restore=true the text with the
        likely originals put back (`restored`, as `artifactdet restore` writes it)."""
        [outcome] = await scorer.score([(body.text, body.explain, body.restore)])
        if outcome.kind != "ok" or outcome.record is None:
            return refusal(outcome)
        metrics.labels.labels(outcome.record["label"]).inc()
        return outcome.record

    @app.post(
        "/v1/score/batch",
        response_model=BatchResponse,
        response_model_exclude_unset=True,
        responses=_errors(400, 413, 422, 503),
    )
    async def score_batch(body: BatchRequest) -> Any:
        """Score several documents; one that cannot be scored gets an `error` in its slot. `explain` and `restore`
        apply to every document."""
        n = len(body.documents)
        if n > settings.max_batch:
            return error_response(413, "batch_too_large", f"{n} documents; the limit is {settings.max_batch}")
        if not n:
            return error_response(422, "empty_batch", "documents is empty")
        outcomes = await scorer.score([(d.text, body.explain, body.restore) for d in body.documents])
        if any(o.kind == "overloaded" or o.code == "shutting_down" for o in outcomes):
            return refusal(next(o for o in outcomes if o.kind in ("overloaded", "lost")))
        results: list[dict[str, Any]] = []
        for doc, outcome in zip(body.documents, outcomes, strict=True):
            if outcome.kind == "ok" and outcome.record is not None:
                metrics.labels.labels(outcome.record["label"]).inc()
                results.append({"id": doc.id, **outcome.record})
                continue
            if outcome.kind == "error":
                LOGGER.error("scoring failed", extra={"fields": {"id": doc.id, "error": outcome.message}})
            else:
                metrics.refused.labels(outcome.code).inc()
            results.append({"id": doc.id, "error": {"code": outcome.code, "message": outcome.message}})
        return {"results": results}

    def openapi() -> dict[str, Any]:
        # Documents the API-key scheme only when keys are configured, so the schema says what this instance does.
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, description=app.description, routes=app.routes
        )
        if settings.api_keys:
            schema.setdefault("components", {})["securitySchemes"] = {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "Bearer": {"type": "http", "scheme": "bearer"},
            }
            for path, operations in schema["paths"].items():
                if path in OPEN_PATHS:
                    continue
                for op in operations.values():
                    op["security"] = [{"ApiKey": []}, {"Bearer": []}]
                    op["responses"]["401"] = {
                        "description": _DESCRIPTIONS[401],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
                    }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
