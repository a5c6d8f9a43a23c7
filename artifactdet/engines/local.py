"""The local engine: records and shards scored in this process, or in a pool of local processes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from artifactdet.batch import DetectorSpec, Outcome, ProcessChunks, score_records
from artifactdet.detector import Detector
from artifactdet.io import Record
from artifactdet.shards import Shard, ShardJob, ShardResult, run_shard


class LocalEngine:
    """Shards one after another in input order; with ``workers`` > 1 every shard's chunks of records go to one
    pool of processes that lives as long as the engine, so the model is loaded once per process, not per shard."""

    def __init__(self, detector: Detector, spec: DetectorSpec, *, workers: int = 1) -> None:
        self.detector = detector
        self.spec = spec
        self.workers = workers
        self._pool: ProcessChunks | None = None

    def _executor(self) -> ProcessChunks | None:
        if self.workers <= 1:
            return None
        if self._pool is None:
            self._pool = ProcessChunks(self.spec, self.workers, self.detector)
        return self._pool

    def score_records(self, records: Iterable[Record]) -> Iterator[tuple[Record, Outcome]]:
        return score_records(self.detector, records, executor=self._executor())

    def run_shards(
        self, shards: Sequence[Shard], job: ShardJob, on_records: Callable[[int], None]
    ) -> Iterator[ShardResult]:
        for shard in shards:
            yield run_shard(shard, job, self.score_records, on_record=lambda: on_records(1))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
