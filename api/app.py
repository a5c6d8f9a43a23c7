"""The FastAPI application: the model loads once at start; routes only call the library."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.schemas import BatchItem, BatchRequest, BatchResponse, ErrorResponse, Health, ScoreRequest, ScoreResponse
from api.settings import Settings, get_settings
from artifactdet.detector import Detector, ScoreResult
from artifactdet.errors import InputError
from artifactdet.validate import Limits

ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "request body or batch too large"},
    422: {"model": ErrorResponse, "description": "malformed request or text that cannot be scored"},
}


def _error(status: int, code: str, detail: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail, "code": code})


def create_app(settings: Settings | None = None, detector: Detector | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.detector = detector or Detector.load(settings.model_dir, Limits(max_chars=settings.max_chars))
        yield

    app = FastAPI(
        title="artifactdet",
        summary="Scores English text for machine-translation and spinning artifacts.",
        version=__import__("artifactdet").__version__,
        lifespan=lifespan,
    )
    app.state.settings = settings

    def get_detector(request: Request) -> Detector:
        det: Detector = request.app.state.detector
        return det

    DetectorDep = Annotated[Detector, Depends(get_detector)]

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > settings.max_body_bytes):
            return _error(413, "body_too_large", f"request body over {settings.max_body_bytes} bytes")
        if request.method == "POST":
            body = await request.body()
            if len(body) > settings.max_body_bytes:
                return _error(413, "body_too_large", f"request body over {settings.max_body_bytes} bytes")
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                return _error(400, "invalid_utf8", f"request body is not valid UTF-8 (offset {exc.start})")
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{loc or 'body'}: {err.get('msg')}")
        return _error(422, "invalid_request", "; ".join(parts))

    @app.exception_handler(InputError)
    async def on_input_error(request: Request, exc: InputError) -> JSONResponse:
        status = 413 if exc.code in {"too_long", "batch_too_large"} else 422
        return _error(status, exc.code, exc.message)

    def _response(result: ScoreResult, explain: bool) -> dict[str, Any]:
        return result.to_record(explain=explain)

    @app.get("/healthz", response_model=Health)
    def healthz(det: DetectorDep) -> dict[str, Any]:
        return {"status": "ok", "model_sha256": det.manifest["model_sha256"]}

    @app.get("/v1/model")
    def model(det: DetectorDep) -> dict[str, Any]:
        """The model bundle's manifest: versions, feature names, data digest, metrics, thresholds."""
        return det.manifest

    @app.post("/v1/score", response_model=ScoreResponse, response_model_exclude_none=True, responses=ERRORS)
    async def score(body: ScoreRequest, det: DetectorDep) -> dict[str, Any]:
        result = await run_in_threadpool(det.score, body.text)
        return _response(result, body.explain)

    @app.post("/v1/score/batch", response_model=BatchResponse, response_model_exclude_none=True, responses=ERRORS)
    async def score_batch(body: BatchRequest, det: DetectorDep) -> dict[str, Any]:
        if len(body.documents) > settings.max_batch:
            raise InputError("batch_too_large", f"{len(body.documents)} documents; the limit is {settings.max_batch}")
        if not body.documents:
            raise InputError("empty_batch", "documents is empty")
        outcomes = await run_in_threadpool(det.score_batch, [d.text for d in body.documents])
        results: list[dict[str, Any]] = []
        for doc, outcome in zip(body.documents, outcomes, strict=True):
            if isinstance(outcome, ScoreResult):
                results.append({"id": doc.id, **_response(outcome, body.explain)})
            else:
                err = outcome if isinstance(outcome, InputError) else InputError("scoring_failed", str(outcome))
                results.append({"id": doc.id, "error": {"code": err.code, "message": err.message}})
        return {"results": [BatchItem.model_validate(r).model_dump(exclude_none=True) for r in results]}

    return app
