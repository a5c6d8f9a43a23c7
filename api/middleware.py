"""Plain ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware, which wraps every response body).

``RequestContext`` (outermost): request id, access log line, request metrics.
``Guard``: API-key check, body-size limit while the body streams in, UTF-8 check of the body.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
import uuid
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.observability import LOGGER, Metrics, request_id

OPEN_PATHS = frozenset({"/healthz", "/readyz"})  # probes answer without a key
_METHODS = frozenset({"GET", "POST", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
# A caller's request id is echoed only if it cannot inject anything into logs or headers.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def error_response(status: int, code: str, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The service's one error shape. ``detail`` may quote client input, so lone surrogates are escaped."""
    detail = detail.encode("utf-8", "backslashreplace").decode("utf-8")
    return JSONResponse(status_code=status, content={"detail": detail, "code": code}, headers=headers)


class RequestContext:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        incoming = headers.get("x-request-id", "")
        rid = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500  # if the app fails before starting a response

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.in_flight.dec()
            route = scope.get("route")
            # The route template, not the path: paths come from clients and would blow up label cardinality.
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            self.metrics.requests.labels(method, template, str(status)).inc()
            self.metrics.latency.labels(method, template).observe(elapsed)
            client = scope.get("client")
            LOGGER.info(
                "request",
                extra={
                    "fields": {
                        "method": method,
                        "path": scope["path"][:200],
                        "route": template,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "client": client[0] if client else None,
                    }
                },
            )
            request_id.reset(token)


class Guard:
    def __init__(self, app: ASGIApp, *, api_keys: list[str], max_body_bytes: int) -> None:
        self.app = app
        # Digests of equal length, so comparing them leaks neither the keys' contents nor their lengths.
        self._keys = [hashlib.sha256(k.encode()).digest() for k in api_keys]
        self._max = max_body_bytes

    def _authorized(self, headers: Headers) -> bool:
        given = headers.get("x-api-key")
        if given is None:
            scheme, _, token = headers.get("authorization", "").partition(" ")
            given = token.strip() if scheme.lower() == "bearer" else None
        if not given:
            return False
        digest = hashlib.sha256(given.encode("utf-8", "surrogateescape")).digest()
        # No early exit: every key is compared, so timing does not tell which one (or whether any) matched.
        matched = False
        for key in self._keys:
            matched |= hmac.compare_digest(digest, key)
        return matched

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self._keys and scope["path"] not in OPEN_PATHS and not self._authorized(headers):
            response = error_response(
                401, "unauthorized", "missing or unknown API key (X-API-Key header)", {"WWW-Authenticate": "Bearer"}
            )
            await response(scope, receive, send)
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self._max):
            await self._too_large(scope, receive, send)
            return
        if (length is not None and length != "0") or "chunked" in headers.get("transfer-encoding", "").lower():
            try:
                body = await self._read(receive)
            except _TooLarge:
                await self._too_large(scope, receive, send)
                return
            if body is None:  # client went away
                return
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                detail = f"request body is not valid UTF-8 (bad byte 0x{body[exc.start]:02x} at offset {exc.start})"
                await error_response(400, "invalid_utf8", detail)(scope, receive, send)
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The body, stopping once it passes the limit (the rest is never buffered)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._max:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"request body over {self._max} bytes"
        await error_response(413, "body_too_large", detail, {"Connection": "close"})(scope, receive, send)


class _TooLarge(Exception):
    pass


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        message: dict[str, Any] = dict(await receive())
        return message

    return replayed
