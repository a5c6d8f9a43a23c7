"""Batch scoring and dataset cleaning over records, in input order, with one output per input record.

The CLI and pipeline adapters only wire files to these functions.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from artifactdet.detector import Detector, ScoreResult
from artifactdet.errors import InputError
from artifactdet.io import Record

CHUNK = 64

Outcome = ScoreResult | InputError


def _error_of(exc: BaseException) -> InputError:
    if isinstance(exc, InputError):
        return exc
    return InputError("scoring_failed", f"{type(exc).__name__}: {exc}")


def _score_chunk(detector: Detector, chunk: Sequence[Record]) -> list[Outcome]:
    texts = [r.text for r in chunk if r.error is None]
    results = iter(detector.score_batch(texts))
    out: list[Outcome] = []
    for r in chunk:
        if r.error is not None:
            out.append(r.error)
            continue
        res = next(results)
        out.append(res if isinstance(res, ScoreResult) else _error_of(res))
    return out


_WORKER: Detector | None = None


def _init_worker(bundle_dir: str | None) -> None:
    global _WORKER
    # Each worker loads the model once; documents then cost only their own analysis.
    _WORKER = Detector.load(Path(bundle_dir) if bundle_dir else None)


def _work(chunk: Sequence[Record]) -> list[Outcome]:
    assert _WORKER is not None
    return _score_chunk(_WORKER, chunk)


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def score_records(
    detector: Detector,
    records: Iterable[Record],
    *,
    workers: int = 1,
    bundle_dir: Path | None = None,
) -> Iterator[tuple[Record, Outcome]]:
    """Pair every record with its result or its error, in input order."""
    if workers <= 1:
        for chunk in _chunks(records, CHUNK):
            yield from zip(chunk, _score_chunk(detector, chunk), strict=True)
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(str(bundle_dir) if bundle_dir else None,)) as pool:
        chunks = _chunks(records, CHUNK)
        # A bounded window of pending chunks, collected in submission order: input order is kept while the
        # workers run ahead, and memory stays bounded on inputs of any length.
        pending = ((chunk, pool.apply_async(_work, (chunk,))) for chunk in chunks)
        window: list[tuple[list[Record], Any]] = []
        for item in pending:
            window.append(item)
            if len(window) >= workers * 4:
                chunk, fut = window.pop(0)
                yield from zip(chunk, fut.get(), strict=True)
        for chunk, fut in window:
            yield from zip(chunk, fut.get(), strict=True)


def error_record(record: Record, error: InputError) -> dict[str, Any]:
    return {"id": record.id, "line": record.line, "error": {"code": error.code, "message": error.message}}


def score_record(record: Record, outcome: Outcome, explain: bool) -> dict[str, Any]:
    if isinstance(outcome, InputError):
        return error_record(record, outcome)
    return {"id": record.id, **outcome.to_record(explain=explain)}


@dataclass
class FilterStats:
    kept: int = 0
    dropped: int = 0
    errors: int = 0
    dropped_by_reason: Counter[str] = field(default_factory=Counter)
    errors_by_code: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.dropped_by_reason.items())) or "none"
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_by_code.items())) or "none"
        return (
            f"kept {self.kept}, dropped {self.dropped} ({reasons}), errors {self.errors} ({codes}); "
            f"total {self.kept + self.dropped + self.errors}"
        )


Decision = Literal["kept", "dropped", "errors"]


def decide(
    record: Record, outcome: Outcome, threshold: float, annotate: bool
) -> tuple[Decision, dict[str, Any], str | None]:
    """Where a record goes and what is written there; dropped records carry their reason."""
    if isinstance(outcome, InputError):
        return "errors", error_record(record, outcome), outcome.code
    base = dict(record.raw or {"id": record.id, "text": record.text})
    scores = outcome.to_record()
    if outcome.artifact_score >= threshold:
        reason = outcome.label if outcome.label != "original" else "artifact"
        top = sorted({e.tell for e in outcome.evidence if e.kind != "provenance"})[:5]
        base["artifactdet"] = {
            **scores,
            "reason": f"{reason}: artifact_score {outcome.artifact_score:.3f} >= threshold {threshold:.3f}",
            "tells": top,
        }
        return "dropped", base, reason
    if annotate:
        base["artifactdet"] = scores
    return "kept", base, None
