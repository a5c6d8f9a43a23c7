"""Load test of the HTTP service over loopback: requests/s, latency percentiles, errors and server memory.

    python benchmarks/load_test.py [--clients 16] [--requests 3000] [--duration 60] [--words 400] [--workers N]
                                   [--client raw|httpx]
    python benchmarks/load_test.py --url http://127.0.0.1:8000 [...]

Without --url it starts `python -m api` on a free 127.0.0.1 port (ARTIFACTDET_* variables pass through), waits
for /readyz, and stops it with SIGTERM at the end (timing the graceful shutdown). --url must be a loopback
address; nothing else is ever contacted. The run is bounded: it stops after --requests requests or --duration
seconds, whichever comes first. Every request carries a different ~N-word English document built from a fixed
vocabulary (seeded, so runs are comparable and no cache can help). Memory is read from the server's /metrics:
the HTTP process plus every scoring worker.

The load generator runs on the same machine as the server, so it takes some of the CPU it measures; its own CPU
time is printed too. Its default clients are keep-alive connections that write HTTP/1.1 by hand (``RawClient``):
httpx took 45% of a core at 220 requests/s, these 4% at 320 (2026-11-23, run in turn).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import itertools
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import VOCAB  # the same fixed vocabulary as the library benchmark

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"p99_ms": 50.0, "rps": 400.0}
MAX_REQUESTS = 100_000
MAX_DURATION_S = 600.0


class RawClient:
    """One HTTP/1.1 keep-alive connection that writes requests by hand.

    httpx costs the generator about 2.5 ms of CPU per request, CPU the server on the same two cores then lacks;
    this costs a fraction of that. It reads what the service sends: a status line, headers, then a body of
    Content-Length bytes or chunked; a response that says "connection: close" makes the next request reconnect.
    """

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.head = "".join(f"{k}: {v}\r\n" for k, v in {"host": f"{host}:{port}", **headers}.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"POST {path} HTTP/1.1\r\n{self.head}content-length: {len(body)}\r\n\r\n".encode() + body)
        try:
            status_line = await self.reader.readline()
            if not status_line:
                raise ConnectionError("the server closed the connection")
            status = int(status_line.split()[1])
            length, chunked, close = 0, False, False
            while (line := await self.reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                name, value = name.strip().lower(), value.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "transfer-encoding":
                    chunked = "chunked" in value
                elif name == "connection":
                    close = value == "close"
            if chunked:
                while size := int((await self.reader.readline()).split(b";")[0], 16):
                    await self.reader.readexactly(size + 2)
                await self.reader.readline()
            else:
                await self.reader.readexactly(length)
        except BaseException:
            await self.close()
            raise
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def documents(n: int, words: int, seed: int = 20240601) -> list[bytes]:
    """``n`` distinct JSON request bodies, each a document of about ``words`` words in sentences."""
    rng = random.Random(seed)
    bodies = []
    for _ in range(n):
        sentences, count = [], 0
        while count < words:
            k = rng.randint(8, 25)
            s = " ".join(rng.choice(VOCAB) for _ in range(k))
            sentences.append(s[0].upper() + s[1:] + ".")
            count += k
        bodies.append(json.dumps({"text": " ".join(sentences)}).encode())
    return bodies


# Hostile requests mixed in with --bad-every: each must be answered 4xx, never 5xx, and must not slow the rest.
BAD_BODIES = [
    b'{"text": "caf\xe9"}',  # not UTF-8
    b'{"text": ""}',
    b'{"text": "a \\ud800 b"}',  # a lone surrogate
    b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",  # nesting bomb
    b'{"text": 1' + b"0" * 10_000 + b"}",  # number bomb
    b"{not json",
    json.dumps({"text": "\u0000\u0001 binary " * 50}).encode(),
    json.dumps({"text": "Это русский текст, а не английский, и его не оценивают. " * 20}).encode(),
    json.dumps({"text": "word " * 30_000}).encode(),  # over the default 100,000 characters
]


def loopback_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "http":
        raise SystemExit(f"--url must be http:// on loopback, got {url!r}")
    if host != "localhost":
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise ValueError
        except ValueError:
            raise SystemExit(
                f"--url must point at a loopback address (127.0.0.0/8, ::1, localhost), got {host!r}"
            ) from None
    return f"http://{parts.netloc}"


def machine_busy_seconds() -> float:
    """CPU seconds all processes on this machine have used (from /proc/stat), to tell how busy it was."""
    try:
        with open("/proc/stat") as f:
            ticks = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(workers: int | None, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "ARTIFACTDET_HOST": "127.0.0.1", "ARTIFACTDET_PORT": str(port)}
    if workers is not None:
        env["ARTIFACTDET_WORKERS"] = str(workers)
    log = log_path.open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "api"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


async def wait_ready(client: httpx.AsyncClient, proc: subprocess.Popen[bytes] | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode} before it was ready")
        try:
            if (await client.get("/readyz")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.25)
    raise SystemExit(f"the server was not ready within {timeout:.0f} s")


async def server_memory(client: httpx.AsyncClient) -> dict[str, float]:
    """Resident memory (bytes) of the HTTP process and of the scoring workers, and pool counters, from /metrics."""
    text = (await client.get("/metrics")).text
    out = {"http": 0.0, "workers": 0.0, "n_workers": 0.0, "batch_sum": 0.0, "batch_count": 0.0, "restarts": 0.0}
    out["http_cpu"] = out["workers_cpu"] = 0.0
    for line in text.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        name, value = line.rsplit(" ", 1)
        if name == "process_resident_memory_bytes":
            out["http"] = float(value)
        elif name.startswith("artifactdet_worker_resident_memory_bytes{"):
            out["workers"] += float(value)
            out["n_workers"] += 1
        elif name == "artifactdet_scoring_batch_documents_sum":
            out["batch_sum"] = float(value)
        elif name == "artifactdet_scoring_batch_documents_count":
            out["batch_count"] = float(value)
        elif name.startswith("artifactdet_worker_cpu_seconds_total{"):
            out["workers_cpu"] += float(value)
        elif name == "process_cpu_seconds_total":
            out["http_cpu"] = float(value)
        elif name.startswith("artifactdet_worker_restarts_total"):
            out["restarts"] += float(value)
    return out


async def run(args: argparse.Namespace) -> int:
    bodies = documents(args.requests + args.warmup, args.words)
    proc = None
    log_path = Path(tempfile.mkdtemp(prefix="artifactdet-load-")) / "server.log"
    if args.url:
        base = loopback_url(args.url)
    else:
        proc, base = start_server(args.workers, log_path)
        print(f"server: python -m api on {base} (log: {log_path})")
    headers = {"content-type": "application/json"}
    if args.api_key:
        headers["x-api-key"] = args.api_key
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    try:
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0, headers=headers) as client:
            await wait_ready(client, proc, args.ready_timeout)
            ready = (await client.get("/readyz")).json()
            print(f"pool: {ready.get('mode')} mode, {ready.get('workers')} workers")

            url = urlsplit(base)
            raw = [RawClient(url.hostname or "127.0.0.1", url.port or 80, headers) for _ in range(args.clients)]

            async def fire(body: bytes, conn: RawClient | None) -> tuple[float, str]:
                t = time.perf_counter()
                try:
                    if conn is None:
                        r = await client.post("/v1/score", content=body)
                        await r.aread()
                        outcome = str(r.status_code)
                    else:
                        outcome = str(await conn.post("/v1/score", body))
                except (httpx.HTTPError, OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
                    outcome = type(exc).__name__
                return (time.perf_counter() - t) * 1000, outcome

            def connection(i: int) -> RawClient | None:
                return raw[i] if args.client == "raw" else None

            # Warm-up (not counted): connections open, worker caches warm.
            async def warm(i: int) -> None:  # a connection carries one request at a time
                for body in bodies[: args.warmup][i :: args.clients]:
                    await fire(body, connection(i))

            await asyncio.gather(*(warm(i) for i in range(args.clients)))
            before = await server_memory(client)
            peak = before["http"] + before["workers"]
            work = iter(bodies[args.warmup :])
            latencies: list[float] = []
            outcomes: Counter[str] = Counter()
            deadline = time.monotonic() + args.duration
            done = asyncio.Event()

            bad: Counter[str] = Counter()
            sent = itertools.count(1)

            async def user(i: int) -> None:
                conn = connection(i)
                for body in work:
                    if time.monotonic() > deadline:
                        return
                    if args.bad_every and next(sent) % args.bad_every == 0:
                        _, outcome = await fire(BAD_BODIES[bad.total() % len(BAD_BODIES)], conn)
                        bad[outcome] += 1
                    ms, outcome = await fire(body, conn)
                    latencies.append(ms)
                    outcomes[outcome] += 1

            async def sample() -> None:
                nonlocal peak
                while not done.is_set():
                    m = await server_memory(client)
                    peak = max(peak, m["http"] + m["workers"])
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(done.wait(), 1.0)

            cpu0 = resource.getrusage(resource.RUSAGE_SELF)
            busy0 = machine_busy_seconds()
            sampler = asyncio.create_task(sample())
            started = time.perf_counter()
            await asyncio.gather(*(user(i) for i in range(args.clients)))
            elapsed = time.perf_counter() - started
            done.set()
            await sampler
            cpu1 = resource.getrusage(resource.RUSAGE_SELF)
            busy1 = machine_busy_seconds()
            after = await server_memory(client)
            for conn in raw:
                await conn.close()
    finally:
        shutdown = stop_server(proc)

    n = len(latencies)
    errors = n - outcomes["200"]
    q = statistics.quantiles(latencies, n=100, method="inclusive") if n >= 2 else [latencies[0]] * 99
    rps = n / elapsed
    client_cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    batches = after["batch_count"] - before["batch_count"]
    mean_batch = (after["batch_sum"] - before["batch_sum"]) / batches if batches else 0.0
    mib = 1024 * 1024
    cores = len(os.sched_getaffinity(0))
    print(f"load: {args.clients} concurrent clients, {n} requests of ~{args.words} words in {elapsed:.1f} s")
    print(f"throughput: {rps:.1f} requests/s")
    print(
        f"latency ms: p50 {q[49]:.1f}  p95 {q[94]:.1f}  p99 {q[98]:.1f}  max {max(latencies):.1f}  "
        f"mean {statistics.fmean(latencies):.1f}"
    )
    print(f"errors: {errors}  statuses: {dict(sorted(outcomes.items()))}")
    bad_errors = sum(v for k, v in bad.items() if not (k.isdigit() and 400 <= int(k) < 500))
    if bad:
        print(f"hostile requests (not counted above): {bad.total()}, statuses {dict(sorted(bad.items()))}")
    print(
        f"server RSS MiB: http {after['http'] / mib:.0f} + {after['n_workers']:.0f} workers "
        f"{after['workers'] / mib:.0f} = {(after['http'] + after['workers']) / mib:.0f} (peak {peak / mib:.0f})"
    )
    print(
        f"pool: {mean_batch:.1f} documents per model call on average, "
        f"{after['restarts'] - before['restarts']:.0f} worker restarts"
    )
    http_cpu = after["http_cpu"] - before["http_cpu"]
    workers_cpu = after["workers_cpu"] - before["workers_cpu"]
    per_request = (http_cpu + workers_cpu) / n
    print(
        f"server CPU per request: {per_request * 1000:.1f} ms (HTTP process {http_cpu / n * 1000:.1f}, "
        f"workers {workers_cpu / n * 1000:.1f}); at that cost {cores} cores serve at most "
        f"{cores / per_request:.0f} requests/s"
    )
    print(
        f"CPU used: HTTP process {http_cpu / elapsed:.0%}, workers {workers_cpu / elapsed:.0%}, "
        f"load generator {client_cpu / elapsed:.0%}, other processes "
        f"{max(0.0, busy1 - busy0 - http_cpu - workers_cpu - client_cpu) / elapsed:.0%} (100% = one core; {cores} here)"
    )
    if shutdown is not None:
        print(f"graceful shutdown: {shutdown[0]:.1f} s, exit code {shutdown[1]}")
    met = {
        "no errors": errors == 0 and bad_errors == 0,
        f"p99 <= {TARGETS['p99_ms']:.0f} ms": q[98] <= TARGETS["p99_ms"],
        f">= {TARGETS['rps']:.0f} requests/s": rps >= TARGETS["rps"],
    }
    print("targets: " + ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in met.items()))
    return 0 if errors == 0 and bad_errors == 0 else 1


def stop_server(proc: subprocess.Popen[bytes] | None) -> tuple[float, int] | None:
    if proc is None:
        return None
    t = time.perf_counter()
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    return time.perf_counter() - t, code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=None, help="a running server on loopback (default: start one)")
    ap.add_argument("--clients", type=int, default=16, help="concurrent clients")
    ap.add_argument("--requests", type=int, default=3000, help="requests to send (after the warm-up)")
    ap.add_argument("--duration", type=float, default=60.0, help="stop sending after this many seconds")
    ap.add_argument("--warmup", type=int, default=64, help="requests sent first and not counted")
    ap.add_argument("--words", type=int, default=400, help="words per document")
    ap.add_argument("--bad-every", type=int, default=0, help="also send a hostile request every K requests")
    ap.add_argument("--workers", type=int, default=None, help="ARTIFACTDET_WORKERS for the server started here")
    ap.add_argument("--api-key", default=os.environ.get("ARTIFACTDET_LOAD_API_KEY"), help="sent as X-API-Key")
    ap.add_argument("--ready-timeout", type=float, default=180.0)
    ap.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="HTTP client of the load: raw keep-alive sockets (default, lighter) or httpx (the earlier figures)",
    )
    args = ap.parse_args()
    if not (1 <= args.clients <= 256 and 1 <= args.requests <= MAX_REQUESTS and 0 < args.duration <= MAX_DURATION_S):
        ap.error(f"need 1-256 clients, 1-{MAX_REQUESTS} requests and a duration of at most {MAX_DURATION_S:.0f} s")
    if args.url is None and args.api_key is None and os.environ.get("ARTIFACTDET_API_KEYS"):
        args.api_key = os.environ["ARTIFACTDET_API_KEYS"].split(",")[0].strip()
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
