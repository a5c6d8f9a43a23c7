"""Scoring off the event loop.

``ProcessScorer`` keeps one worker process per core, each with its own Detector, and feeds them from one
queue. A worker takes every document waiting (up to ``micro_batch``, and no more characters in all than one
longest document) and scores them in one model call, because the model call has a large fixed cost. Each call
runs under a time budget; a worker that overruns it is killed and replaced, and if it held several documents
they are retried one at a time so only the document that overruns is refused. A document travels as
``(text, explain, restore)`` (message format in :mod:`api.worker`): restoring, like explaining, is done by the
worker with the scoring, off the event loop and under the same budget.

``ThreadScorer`` scores in this process (tests, debugging): the same outcomes, but a document over budget is
only answered, not stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import multiprocessing
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Literal, Protocol

from api import worker
from api.observability import LOGGER, Metrics
from api.settings import Settings

if TYPE_CHECKING:
    from artifactdet.detector import Detector

Kind = Literal["ok", "refused", "error", "overloaded", "lost"]
BUDGET_CODE = "time_budget_exceeded"
# Replacement workers that fail to start are retried after these delays (seconds), then every 30 s.
_BACKOFF = (0.0, 1.0, 2.0, 5.0, 10.0, 30.0)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one document. ``record`` is set for "ok"; ``code``/``message`` otherwise."""

    kind: Kind
    record: dict[str, Any] | None = None
    code: str = ""
    message: str = ""


def _outcome(raw: tuple[Any, ...]) -> Outcome:
    if raw[0] == "ok":
        return Outcome("ok", record=raw[1])
    if raw[0] == "refused":
        return Outcome("refused", code=raw[1], message=raw[2])
    return Outcome("error", code="scoring_failed", message=raw[1])


OVERLOADED = Outcome("overloaded", code="overloaded", message="the scoring queue is full; retry shortly")
STALE = Outcome("overloaded", code="overloaded", message="waited too long for a scoring worker; retry shortly")
SHUTTING_DOWN = Outcome("lost", code="shutting_down", message="the service is shutting down")


class Scorer(Protocol):
    manifest: dict[str, Any]
    mode: str

    async def start(self) -> None: ...
    async def close(self) -> None: ...
    async def score(self, items: Sequence[worker.Item]) -> list[Outcome]: ...
    def status(self) -> dict[str, int]: ...
    @property
    def ready(self) -> bool: ...
    @property
    def broken(self) -> bool: ...


def _chunks(items: Sequence[worker.Item], size: int, max_chars: int) -> list[list[int]]:
    """Indices of ``items`` in runs of at most ``size`` documents and ``max_chars`` characters (at least one)."""
    out: list[list[int]] = []
    current: list[int] = []
    chars = 0
    for i, (text, *_) in enumerate(items):
        if current and (len(current) >= size or chars + len(text) > max_chars):
            out.append(current)
            current, chars = [], 0
        current.append(i)
        chars += len(text)
    if current:
        out.append(current)
    return out


class _Doc:
    __slots__ = ("enqueued", "explain", "future", "restore", "solo", "text")

    def __init__(
        self, text: str, explain: bool, restore: bool, future: asyncio.Future[Outcome], enqueued: float
    ) -> None:
        self.text = text
        self.explain = explain
        self.restore = restore
        self.future = future
        self.enqueued = enqueued
        self.solo = False  # retried alone after a shared micro-batch overran its budget

    def resolve(self, outcome: Outcome) -> None:
        if not self.future.done():  # the request may have been cancelled (client gone)
            self.future.set_result(outcome)


class _Worker:
    def __init__(self, index: int) -> None:
        self.index = index
        self.proc: BaseProcess | None = None
        self.conn: Connection | None = None
        self.pid = 0
        self.ready = False
        self.started: asyncio.Future[None] | None = None
        self.batch: list[_Doc] | None = None
        self.batch_id = -1
        self.timer: asyncio.TimerHandle | None = None
        self.failures = 0  # consecutive failed starts


class ProcessScorer:
    mode = "process"

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self._settings = settings
        self._metrics = metrics
        self._ctx = _context()
        self._workers = [_Worker(i) for i in range(settings.worker_count())]
        self._queue: deque[_Doc] = deque()
        self._ids = itertools.count()
        self._closing = False
        self._respawns: set[asyncio.Task[None]] = set()
        self.manifest: dict[str, Any] = {}
        metrics.watch_pool(
            queued=lambda: len(self._queue),
            ready=lambda: sum(w.ready for w in self._workers),
            busy=lambda: sum(w.batch is not None for w in self._workers),
            pids=lambda: {w.index: w.pid for w in self._workers if w.ready},
        )

    # -- lifecycle --------------------------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._closing = False
        for w in self._workers:
            self._spawn(w)
        starts = [w.started for w in self._workers if w.started is not None]
        try:
            await asyncio.wait_for(asyncio.gather(*starts), self._settings.startup_timeout_s)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Stop taking work, answer what is queued, and let each worker finish its batch before it exits."""
        self._closing = True
        for task in self._respawns:
            task.cancel()
        while self._queue:
            self._queue.popleft().resolve(SHUTTING_DOWN)
        procs = []
        for w in self._workers:
            if w.conn is not None:
                with contextlib.suppress(OSError):
                    w.conn.send(None)  # queued behind the batch in hand, if any
            if w.proc is not None:
                procs.append(w.proc)
        # A batch in hand ends within its budget either way; past that the worker would be killed anyway.
        deadline = self._loop.time() + self._settings.doc_timeout_s + 1.0
        while any(p.is_alive() for p in procs) and self._loop.time() < deadline:
            await asyncio.sleep(0.05)  # the loop stays free to deliver the last results
        for w in self._workers:
            if w.batch:
                for doc in w.batch:
                    doc.resolve(SHUTTING_DOWN)
            self._retire(w)
        await asyncio.to_thread(_reap, procs)

    @property
    def ready(self) -> bool:
        return not self._closing and any(w.ready for w in self._workers)

    @property
    def broken(self) -> bool:
        """No worker left and replacements keep failing: only a restart of the service will help."""
        return not self.ready and all(w.failures >= 3 for w in self._workers)

    def status(self) -> dict[str, int]:
        return {
            "workers": len(self._workers),
            "workers_ready": sum(w.ready for w in self._workers),
            "workers_busy": sum(w.batch is not None for w in self._workers),
            "queued": len(self._queue),
        }

    # -- scoring ----------------------------------------------------------------------------------------------

    async def score(self, items: Sequence[worker.Item]) -> list[Outcome]:
        if self._closing:
            return [SHUTTING_DOWN] * len(items)
        if len(self._queue) + len(items) > self._settings.max_queue:
            return [OVERLOADED] * len(items)
        now = self._loop.time()
        docs = [_Doc(text, explain, restore, self._loop.create_future(), now) for text, explain, restore in items]
        self._queue.extend(docs)
        self._dispatch()
        try:
            return list(await asyncio.gather(*(d.future for d in docs)))
        except asyncio.CancelledError:
            for d in docs:  # queued ones are skipped; running ones finish and are dropped
                d.future.cancel()
            raise

    def _dispatch(self) -> None:
        for w in self._workers:
            if not self._queue:
                return
            if w.ready and w.batch is None:
                batch = self._take()
                if batch:
                    self._send(w, batch)

    def _take(self) -> list[_Doc]:
        """The next micro-batch from the head of the queue (see the module docstring)."""
        s = self._settings
        stale_before = self._loop.time() - s.max_queue_wait_s
        batch: list[_Doc] = []
        chars = 0
        while self._queue:
            doc = self._queue[0]
            if doc.future.done():
                self._queue.popleft()
                continue
            if doc.enqueued < stale_before and not doc.solo:
                self._queue.popleft().resolve(STALE)
                continue
            if batch and (doc.solo or len(batch) >= s.micro_batch or chars + len(doc.text) > s.max_chars):
                break
            batch.append(self._queue.popleft())
            chars += len(doc.text)
            if doc.solo:
                break
        return batch

    def _send(self, w: _Worker, batch: list[_Doc]) -> None:
        assert w.conn is not None
        w.batch, w.batch_id = batch, next(self._ids)
        try:
            w.conn.send((w.batch_id, [(d.text, d.explain, d.restore) for d in batch]))  # see api.worker
        except OSError:  # died between its last answer and now
            self._fail(w, "crash")
            return
        w.timer = self._loop.call_later(self._settings.doc_timeout_s, self._on_timeout, w, w.batch_id)

    def _on_message(self, w: _Worker) -> None:
        assert w.conn is not None
        try:
            message = w.conn.recv()
        except (EOFError, OSError):
            self._fail(w, "crash")
            return
        if not w.ready:
            self._on_start(w, message)
            return
        batch_id, outcomes, seconds = message
        if batch_id != w.batch_id or w.batch is None:
            return
        if w.timer is not None:
            w.timer.cancel()
        batch, w.batch = w.batch, None
        self._metrics.batch_seconds.observe(seconds)
        self._metrics.batch_docs.observe(len(batch))
        for doc, raw in zip(batch, outcomes, strict=True):
            doc.resolve(_outcome(raw))
        self._dispatch()

    def _on_start(self, w: _Worker, message: tuple[Any, ...]) -> None:
        assert w.started is not None
        if self._closing:  # a replacement that finished starting after close() began
            return
        if message[0] == "ready":
            w.ready, w.pid, w.failures = True, message[1], 0
            self.manifest = self.manifest or message[2]
            if not w.started.done():
                w.started.set_result(None)
            LOGGER.info("worker ready", extra={"fields": {"worker": w.index, "pid": w.pid}})
            self._dispatch()
            return
        error = RuntimeError(f"scoring worker {w.index} could not load the model: {message[1]}")
        LOGGER.error(str(error))
        if not w.started.done():
            w.started.set_exception(error)
        w.failures += 1
        self._replace(w)

    def _on_timeout(self, w: _Worker, batch_id: int) -> None:
        if w.batch_id != batch_id or not w.batch:
            return
        batch, w.batch = w.batch, None
        budget = self._settings.doc_timeout_s
        if len(batch) == 1:
            batch[0].resolve(
                Outcome("refused", code=BUDGET_CODE, message=f"scoring took longer than the {budget:g} s budget")
            )
        else:
            for doc in reversed(batch):  # at the head of the queue, each on its own, to find the one that overran
                doc.solo = True
                self._queue.appendleft(doc)
        LOGGER.warning(
            "worker over budget; replacing it",
            extra={"fields": {"worker": w.index, "pid": w.pid, "documents": len(batch), "budget_s": budget}},
        )
        self._metrics.restarts.labels("timeout").inc()
        self._replace(w)
        self._dispatch()

    def _fail(self, w: _Worker, reason: str) -> None:
        """The worker died (crash, OOM kill): requeue its batch alone, or answer a lone document."""
        batch, w.batch = w.batch or [], None
        if self._closing:  # a worker leaving after close() asked it to
            for doc in batch:
                doc.resolve(SHUTTING_DOWN)
            self._retire(w)
            return
        if len(batch) == 1 and batch[0].solo:
            batch[0].resolve(Outcome("lost", code="worker_lost", message="the scoring worker died; retry shortly"))
        else:
            for doc in reversed(batch):
                doc.solo = True
                self._queue.appendleft(doc)
        if w.started is not None and not w.started.done():
            w.started.set_exception(RuntimeError(f"scoring worker {w.index} exited while starting"))
            w.failures += 1
        LOGGER.error("worker died; replacing it", extra={"fields": {"worker": w.index, "pid": w.pid}})
        self._metrics.restarts.labels(reason).inc()
        self._replace(w)
        self._dispatch()

    # -- processes --------------------------------------------------------------------------------------------

    def _spawn(self, w: _Worker) -> None:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(
            target=worker.main,
            args=(child, self._settings.model_dir, self._settings.max_chars),
            name=f"artifactdet-worker-{w.index}",
            daemon=True,  # never outlives this process, even if it dies without closing the pool
        )
        proc.start()
        child.close()
        w.proc, w.conn, w.ready, w.pid = proc, parent, False, 0
        w.started = self._loop.create_future()
        # A failed start during start() is reported through start()'s gather; later ones only through logs.
        w.started.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._loop.add_reader(parent.fileno(), self._on_message, w)

    def _retire(self, w: _Worker) -> None:
        if w.timer is not None:
            w.timer.cancel()
            w.timer = None
        if w.conn is not None:
            with contextlib.suppress(ValueError, OSError):
                self._loop.remove_reader(w.conn.fileno())
            w.conn.close()
            w.conn = None
        if w.proc is not None and w.proc.is_alive():
            w.proc.kill()
        w.ready = False

    def _replace(self, w: _Worker) -> None:
        proc = w.proc
        self._retire(w)
        w.proc = None
        if self._closing:
            return
        task = self._loop.create_task(self._respawn(w, proc))
        self._respawns.add(task)
        task.add_done_callback(self._respawns.discard)

    async def _respawn(self, w: _Worker, old: BaseProcess | None) -> None:
        if old is not None:
            await asyncio.to_thread(_reap, [old])
        await asyncio.sleep(_BACKOFF[min(w.failures, len(_BACKOFF) - 1)])
        if not self._closing:
            self._spawn(w)


def _context() -> ForkServerContext | SpawnContext:
    """Fork is unsafe in a process running threads; a fork server that has already imported the library (nltk,
    scikit-learn) forks a replacement worker in about the time it takes to load the model, spawn in far longer."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["api.worker", "artifactdet.detector", "threadpoolctl"])
    return ctx


def _reap(procs: list[BaseProcess]) -> None:
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join(timeout=5)


class ThreadScorer:
    """Scores in this process on a few threads; the GIL makes them one core in all."""

    mode = "thread"

    def __init__(self, settings: Settings, metrics: Metrics, detector: Detector | None = None) -> None:
        self._settings = settings
        self._metrics = metrics
        self._detector = detector
        self._threads = max(1, settings.worker_count())
        self._executor: ThreadPoolExecutor | None = None
        self._pending = 0
        self._closing = False
        self.manifest: dict[str, Any] = {}
        metrics.watch_pool(
            queued=lambda: max(0, self._pending - self._threads),
            ready=lambda: self._threads if self.ready else 0,
            busy=lambda: min(self._pending, self._threads),
            pids=dict,
        )

    @property
    def detector(self) -> Detector | None:
        return self._detector

    async def start(self) -> None:
        if self._detector is None:
            from artifactdet.detector import Detector
            from artifactdet.validate import Limits

            limits = Limits(max_chars=self._settings.max_chars)
            self._detector = await asyncio.to_thread(Detector.load, self._settings.model_dir, limits)
        self._executor = ThreadPoolExecutor(
            self._threads, thread_name_prefix="artifactdet-score", initializer=worker.limit_native_threads
        )
        await asyncio.get_running_loop().run_in_executor(
            self._executor, worker.score_texts, self._detector, [(worker.WARM_UP, True, True)]
        )
        self._closing = False
        self.manifest = self._detector.manifest

    async def close(self) -> None:
        self._closing = True
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    @property
    def ready(self) -> bool:
        return not self._closing and self._executor is not None

    @property
    def broken(self) -> bool:
        return False

    def status(self) -> dict[str, int]:
        return {
            "workers": self._threads,
            "workers_ready": self._threads if self.ready else 0,
            "workers_busy": min(self._pending, self._threads),
            "queued": max(0, self._pending - self._threads),
        }

    async def score(self, items: Sequence[worker.Item]) -> list[Outcome]:
        if not self.ready:
            return [SHUTTING_DOWN] * len(items)
        if self._pending + len(items) > self._settings.max_queue + self._threads:
            return [OVERLOADED] * len(items)
        chunks = _chunks(items, self._settings.micro_batch, self._settings.max_chars)
        self._pending += len(items)
        try:
            parts = await asyncio.gather(*(self._run([items[i] for i in chunk]) for chunk in chunks))
        finally:
            self._pending -= len(items)
        by_index = {i: o for chunk, part in zip(chunks, parts, strict=True) for i, o in zip(chunk, part, strict=True)}
        return [by_index[i] for i in range(len(items))]

    async def _run(self, chunk: list[worker.Item]) -> list[Outcome]:
        loop = asyncio.get_running_loop()
        budget = self._settings.doc_timeout_s
        started = loop.time()
        try:
            raw = await asyncio.wait_for(
                loop.run_in_executor(self._executor, worker.score_texts, self._detector, chunk), budget
            )
        except TimeoutError:
            message = f"scoring took longer than the {budget:g} s budget"
            return [Outcome("refused", code=BUDGET_CODE, message=message)] * len(chunk)
        self._metrics.batch_seconds.observe(loop.time() - started)
        self._metrics.batch_docs.observe(len(chunk))
        return [_outcome(r) for r in raw]
