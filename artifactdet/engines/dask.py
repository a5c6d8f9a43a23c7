"""The Dask engine: shards (or, for one input, partitions of records) scored on a ``dask.distributed`` cluster.

A task carries only a shard's path and the run's settings (or a partition's texts), never the model: each Dask
worker process loads the bundle on its first task and keeps it in a module-level cache keyed by the bundle path,
limits and digest (:func:`artifactdet.batch.cached_detector`). A worker checks that the bundle it loaded is the one
the run was started with, so a cluster with another model installed fails instead of writing its scores.

Shard tasks write their outputs themselves, so with ``--scheduler`` the input and output directories must be at
the same paths on every worker (a shared file system). Tasks are idempotent (temporary names, atomic renames, the
marker last), so Dask's retry of a task whose worker died is safe.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from artifactdet.batch import (
    DetectorSpec,
    Outcome,
    cached_detector,
    score_chunk,
    score_records,
    score_records_on,
)
from artifactdet.errors import ArtifactDetError
from artifactdet.io import Record
from artifactdet.shards import Shard, ShardJob, ShardResult, run_shard

# Records per task for one input: about 10 s of work, so a task's overhead (a few ms) does not count.
DEFAULT_PARTITION = 512
LOOPBACK = "127.0.0.1"


def shard_task(shard: Shard, job: ShardJob) -> ShardResult:
    """Runs on a Dask worker: one shard, with the worker's cached detector."""
    detector = cached_detector(job.detector)
    return run_shard(shard, job, lambda records: score_records(detector, records))


class _DaskChunks:
    def __init__(self, client: Any, spec: DetectorSpec, window: int) -> None:
        self._client = client
        self._spec = spec
        self.window = window

    def submit(self, texts: list[str]) -> Callable[[], list[Outcome]]:
        # pure=False: no hashing of the texts to make a key, and equal partitions are still two tasks.
        future = self._client.submit(score_chunk, self._spec, texts, pure=False)
        return lambda: list(future.result())


class DaskEngine:
    def __init__(
        self,
        spec: DetectorSpec,
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        partition_size: int = DEFAULT_PARTITION,
    ) -> None:
        try:
            distributed = _distributed()
        except ImportError as exc:
            raise ArtifactDetError("--engine dask needs dask.distributed: pip install 'artifactdet[dask]'") from exc
        self.spec = spec
        self.partition_size = partition_size
        self._cluster: Any = None
        if scheduler:
            self.client: Any = distributed.Client(scheduler)
        else:
            self._cluster = distributed.LocalCluster(
                n_workers=workers or _usable_cores(),
                threads_per_worker=1,  # the model call is single-threaded by design; scale with processes
                processes=True,
                # Loopback only, scheduler and workers alike, on free ports, and no dashboards: a local run opens
                # nothing to the network.
                host=LOOPBACK,
                scheduler_port=0,
                dashboard_address=None,
                worker_dashboard_address=None,
                # Without a dashboard the scheduler still serves /health and /metrics, by default on port 8787; on
                # a free loopback port instead, so two runs on one machine do not collide.
                scheduler_kwargs={"dashboard_address": f"{LOOPBACK}:0"},
                silence_logs=logging.ERROR,
            )
            self.client = distributed.Client(self._cluster)

    @property
    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def score_records(self, records: Iterable[Record]) -> Iterator[tuple[Record, Outcome]]:
        executor = _DaskChunks(self.client, self.spec, window=self.n_workers * 2)
        return score_records_on(executor, records, chunk_size=self.partition_size)

    def run_shards(
        self, shards: Sequence[Shard], job: ShardJob, on_records: Callable[[int], None]
    ) -> Iterator[ShardResult]:
        # Every shard is submitted at once: a task is a path and the settings, so even 100,000 of them are small,
        # and the scheduler keeps every worker busy. Results are collected as they finish.
        pending = {self.client.submit(shard_task, shard, job, pure=False): shard for shard in shards}
        try:
            for future in _distributed().as_completed(list(pending)):
                shard = pending.pop(future)
                try:
                    result: ShardResult = future.result()
                except Exception as exc:
                    # A worker lost too often (KilledWorker), or a bug: the shard has no marker and is retried later.
                    result = ShardResult(shard.name, error=f"{type(exc).__name__}: {exc}", input_bytes=shard.size)
                future.release()
                on_records(result.stats.total)
                yield result
        finally:
            if pending:  # interrupted: no shard left running for nobody
                self.client.cancel(list(pending))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _distributed() -> Any:
    # Imported by name and used untyped: the optional dependency's partial annotations would otherwise make mypy's
    # verdict depend on whether the extra is installed.
    return importlib.import_module("distributed")


def _usable_cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
