"""benchmarks/load_test.py: the hand-written HTTP/1.1 client reads every response form the service sends."""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

# What a loopback server answers to each request, in order: a sized body, a chunked one, one that closes.
RESPONSES = [
    b'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok": 1}\r\n',
    b"HTTP/1.1 422 Unprocessable Entity\r\ntransfer-encoding: chunked\r\n\r\n"
    b'4\r\n{"a"\r\n3;x=y\r\n: 1\r\n1\r\n}\r\n0\r\n\r\n',
    b"HTTP/1.1 413 Content Too Large\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}",
]


@pytest.fixture
def load_test(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("load_test")


async def _exchange(load_test: ModuleType) -> tuple[list[int], list[bytes], int]:
    answers = iter(RESPONSES)
    requests: list[bytes] = []
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        while head := await reader.readuntil(b"\r\n\r\n"):
            length = next(
                int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
            )
            requests.append(head + await reader.readexactly(length))
            answer = next(answers)
            writer.write(answer)
            await writer.drain()
            if b"connection: close" in answer:
                writer.close()
                return

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = load_test.RawClient("127.0.0.1", port, {"content-type": "application/json", "x-api-key": "k"})
    statuses = [await client.post("/v1/score", f'{{"text": "{i}"}}'.encode()) for i in range(len(RESPONSES))]
    await client.close()
    server.close()
    await server.wait_closed()
    return statuses, requests, connections


def test_raw_client_reads_sized_chunked_and_closing_responses(load_test: ModuleType) -> None:
    statuses, requests, connections = asyncio.run(asyncio.wait_for(_exchange(load_test), 10))
    assert statuses == [200, 422, 413, 200]
    assert connections == 2  # the third response closed the first connection; the fourth request reconnected
    assert requests[0].startswith(b"POST /v1/score HTTP/1.1\r\nhost: 127.0.0.1:")
    assert b"\r\nx-api-key: k\r\n" in requests[0]
    assert requests[3].endswith(b'\r\ncontent-length: 13\r\n\r\n{"text": "3"}')
