"""Batch scoring and dataset cleaning over records, in input order, with one output per input record.

The CLI and pipeline adapters only wire files to these functions.
"""

from __future__ import annotations

import math
import multiprocessing as mp
from collections import Counter, deque
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
Decision = Literal["kept", "dropped", "errors"]


def _error_of(exc: BaseException) -> InputError:
    if isinstance(exc, InputError):
        return exc
    return InputError("scoring_failed", f"{type(exc).__name__}: {exc}")


def _score_texts(detector: Detector, texts: Sequence[str]) -> list[Outcome]:
    return [res if isinstance(res, ScoreResult) else _error_of(res) for res in detector.score_batch(texts)]


def _texts(chunk: Sequence[Record]) -> list[str]:
    return [r.text for r in chunk if r.error is None and r.text is not None]


def _merge(chunk: Sequence[Record], scored: Sequence[Outcome]) -> Iterator[tuple[Record, Outcome]]:
    results = iter(scored)
    for r in chunk:
        if r.error is not None:
            yield r, r.error
        elif r.text is None:
            yield r, InputError("missing_text", f"record {r.line}: no text")
        else:
            yield r, next(results)


_WORKER: Detector | None = None


def _init_worker(bundle_dir: str | None) -> None:
    global _WORKER
    # Each worker loads the model once; documents then cost only their own analysis.
    _WORKER = Detector.load(Path(bundle_dir) if bundle_dir else None)


def _work(texts: Sequence[str]) -> list[Outcome]:
    assert _WORKER is not None
    return _score_texts(_WORKER, texts)


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
            yield from _merge(chunk, _score_texts(detector, _texts(chunk)))
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(str(bundle_dir) if bundle_dir else None,)) as pool:
        # A bounded window of pending chunks, collected in submission order: input order is kept while the
        # workers run ahead, and memory stays bounded on inputs of any length. Only the texts cross to the
        # workers: a record's other fields (a Parquet row's every column) stay here for the output.
        window: deque[tuple[list[Record], Any]] = deque()
        for chunk in _chunks(records, CHUNK):
            window.append((chunk, pool.apply_async(_work, (_texts(chunk),))))
            if len(window) >= workers * 4:
                done, fut = window.popleft()
                yield from _merge(done, fut.get())
        while window:
            done, fut = window.popleft()
            yield from _merge(done, fut.get())


def error_record(record: Record, error: InputError) -> dict[str, Any]:
    return {"id": record.id, "line": record.line, "error": {"code": error.code, "message": error.message}}


def score_record(record: Record, outcome: Outcome, explain: bool) -> dict[str, Any]:
    if isinstance(outcome, InputError):
        return error_record(record, outcome)
    return {"id": record.id, **outcome.to_record(explain=explain)}


HISTOGRAM_BINS = 10
Z_95 = 1.96
SHARE_METHOD = (
    "normal approximation over documents: mean ± 1.96·sd/√n of the per-document calibrated probabilities of the "
    "n scored documents (error records excluded), sd the sample standard deviation, bounds clipped to [0, 1]; it "
    "covers sampling variation between documents only, not the model's own error"
)


@dataclass
class Moments:
    """Running mean and variance (Welford): stable over billions of values, in constant memory."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, x: float) -> None:
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)

    @property
    def sd(self) -> float | None:
        return math.sqrt(self.m2 / (self.n - 1)) if self.n > 1 else None

    def ci95(self) -> tuple[float, float] | None:
        sd = self.sd
        if sd is None:
            return None
        half = Z_95 * sd / math.sqrt(self.n)
        return max(0.0, self.mean - half), min(1.0, self.mean + half)


@dataclass(frozen=True)
class Threshold:
    value: float
    source: Literal["--threshold", "--max-fpr", "model"]
    detail: str  # for people: where the value came from

    def describe(self) -> str:
        sep = ", " if self.source == "model" else " "
        return f"threshold {self.value:.3f}{sep}{self.detail}"


@dataclass
class FilterStats:
    kept: int = 0
    dropped: int = 0
    errors: int = 0
    dropped_by_reason: Counter[str] = field(default_factory=Counter)
    errors_by_code: Counter[str] = field(default_factory=Counter)
    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    shares: dict[str, Moments] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.kept + self.dropped + self.errors

    @property
    def scored(self) -> int:
        return self.kept + self.dropped

    def add(self, where: Decision, reason: str | None, outcome: Outcome) -> None:
        if where == "errors":
            self.errors += 1
            self.errors_by_code[reason or "?"] += 1
            return
        if where == "kept":
            self.kept += 1
        else:
            self.dropped += 1
            self.dropped_by_reason[reason or "?"] += 1
        if isinstance(outcome, ScoreResult):
            score = outcome.artifact_score
            if math.isfinite(score):
                self.histogram[min(HISTOGRAM_BINS - 1, max(0, int(score * HISTOGRAM_BINS)))] += 1
            for label, p in outcome.scores.items():
                self.shares.setdefault(label, Moments()).add(p)

    def summary(self) -> str:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.dropped_by_reason.items())) or "none"
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_by_code.items())) or "none"
        return (
            f"kept {self.kept}, dropped {self.dropped} ({reasons}), errors {self.errors} ({codes}); total {self.total}"
        )

    def report(self, threshold: Threshold) -> list[str]:
        """The end-of-run summary for people: counts, the score histogram, the class shares."""
        lines = [f"{self.summary()} ({threshold.describe()})"]
        peak = max(self.histogram) or 1
        lines.append(f"artifact_score histogram ({self.scored:,} scored documents):")
        for i, count in enumerate(self.histogram):
            lo, hi = i / HISTOGRAM_BINS, (i + 1) / HISTOGRAM_BINS
            bracket = "]" if i == HISTOGRAM_BINS - 1 else ")"
            lines.append(f"  [{lo:.1f}, {hi:.1f}{bracket} {count:>12,}  {'#' * round(30 * count / peak)}".rstrip())
        if self.shares:
            parts = []
            for label, m in self.shares.items():
                ci = m.ci95()
                parts.append(f"{label} {m.mean:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""))
            lines.append("mean class probability (95% CI, normal approximation): " + ", ".join(parts))
        return lines

    def to_json(self, threshold: Threshold, input_name: str) -> dict[str, Any]:
        classes: dict[str, Any] = {}
        for label, m in self.shares.items():
            ci = m.ci95()
            classes[label] = {"mean": m.mean, "sd": m.sd, "ci95": list(ci) if ci else None}
        return {
            "input": input_name,
            "records": self.total,
            "kept": self.kept,
            "dropped": self.dropped,
            "errors": self.errors,
            "dropped_by_reason": dict(sorted(self.dropped_by_reason.items())),
            "errors_by_code": dict(sorted(self.errors_by_code.items())),
            "threshold": {"value": threshold.value, "source": threshold.source, "detail": threshold.detail},
            "artifact_score_histogram": {
                "edges": [i / HISTOGRAM_BINS for i in range(HISTOGRAM_BINS + 1)],
                "counts": list(self.histogram),
                "n": sum(self.histogram),
                "bins": "[lo, hi), the last [0.9, 1.0]; scored documents only",
            },
            "class_share": {
                "n": self.scored,
                "confidence": 0.95,
                "method": SHARE_METHOD,
                "classes": classes,
            },
        }


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
