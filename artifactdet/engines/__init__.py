"""Where scoring runs: in this process (or a pool of local processes), or on a Dask cluster.

Every engine runs the same code on a record or a shard (:func:`artifactdet.batch.score_records`,
:func:`artifactdet.shards.run_shard`), so the choice changes where the work happens, never what is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal, Protocol

from artifactdet.shards import ShardEngine

if TYPE_CHECKING:
    from artifactdet.batch import DetectorSpec, Outcome
    from artifactdet.detector import Detector
    from artifactdet.io import Record

EngineName = Literal["local", "dask"]


class Engine(ShardEngine, Protocol):
    def score_records(self, records: Iterable[Record]) -> Iterator[tuple[Record, Outcome]]:
        """Every record with its result or error, in input order (one input, not sharded)."""
        ...

    def close(self) -> None: ...


def make_engine(
    name: EngineName,
    detector: Detector,
    spec: DetectorSpec,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    partition_size: int | None = None,
) -> Engine:
    """``local``: here, or in ``workers`` local processes. ``dask``: on the cluster at ``scheduler``, or on a
    loopback-only ``LocalCluster`` of ``workers`` processes (default: one per core)."""
    if name == "dask":
        from artifactdet.engines.dask import DEFAULT_PARTITION, DaskEngine

        return DaskEngine(
            spec, scheduler=scheduler, workers=workers, partition_size=partition_size or DEFAULT_PARTITION
        )
    from artifactdet.engines.local import LocalEngine

    return LocalEngine(detector, spec, workers=workers or 1)
