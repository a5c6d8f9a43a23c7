"""Batch scoring and dataset cleaning over records, in input order, with one output per input record.

The CLI and pipeline adapters only wire files to these functions.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from artifactdet.detector import Detector, ScoreResult
from artifactdet.errors import BundleError, InputError
from artifactdet.io import Record
from artifactdet.validate import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from artifactdet.model import Bundle

CHUNK = 64

Outcome = ScoreResult | InputError
Decision = Literal["kept", "dropped", "errors"]


def _error_of(exc: BaseException) -> InputError:
    if isinstance(exc, InputError):
        return exc
    return InputError("scoring_failed", f"{type(exc).__name__}: {exc}")


def score_texts(detector: Detector, texts: Sequence[object]) -> list[Outcome]:
    """Each text's result, or the error that refused it, in place."""
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


@dataclass(frozen=True)
class DetectorSpec:
    """How to load the caller's detector in another process: small, picklable, and a cache key.

    ``model_sha256``, when set, is checked after loading: a worker that finds another bundle at the same path (a
    remote Dask worker with another install) fails instead of writing scores from a model the run does not name.
    """

    bundle_dir: str | None = None
    limits: Limits = DEFAULT_LIMITS
    model_sha256: str | None = None

    @classmethod
    def of(cls, detector: Detector, bundle_dir: Path | str | None) -> DetectorSpec:
        digest = detector.manifest.get("model_sha256")
        return cls(
            str(bundle_dir) if bundle_dir else None, detector.limits, digest if isinstance(digest, str) else None
        )

    def load(self) -> Detector:
        detector = Detector.load(Path(self.bundle_dir) if self.bundle_dir else None, self.limits)
        found = detector.manifest.get("model_sha256")
        if self.model_sha256 is not None and found != self.model_sha256:
            raise BundleError(
                f"the bundle at {self.bundle_dir or 'the shipped location'} has model {str(found)[:12]}, not the "
                f"{self.model_sha256[:12]} this run was started with"
            )
        return detector


_DETECTORS: dict[DetectorSpec, Detector] = {}
_DETECTORS_LOCK = threading.Lock()


def cached_detector(spec: DetectorSpec) -> Detector:
    """The process's detector for ``spec``, loaded on first use: worker processes (a pool, a Dask worker, a
    datatrove task) pay the load once, however many chunks or shards they score."""
    # Under the lock: a Dask worker running several threads must not load the bundle once per thread.
    with _DETECTORS_LOCK:
        detector = _DETECTORS.get(spec)
        if detector is None:
            detector = _DETECTORS[spec] = spec.load()
        return detector


def score_chunk(spec: DetectorSpec, texts: Sequence[str]) -> list[Outcome]:
    """Score texts with the process's cached detector: the task a worker process or a Dask worker runs."""
    return score_texts(cached_detector(spec), texts)


class ChunkExecutor(Protocol):
    """Scores chunks of texts elsewhere (processes, a cluster); ``submit`` returns a call that waits for them."""

    @property
    def window(self) -> int:
        """Chunks in flight at most: enough to keep every worker busy, few enough to bound memory."""
        ...

    def submit(self, texts: list[str]) -> Callable[[], list[Outcome]]: ...


def _adopt(spec: DetectorSpec, detector: Detector) -> None:
    """A forked worker's initializer: the parent's detector, already in this process's memory, serves ``spec``."""
    with _DETECTORS_LOCK:
        _DETECTORS[spec] = detector


class ProcessChunks:
    """A pool of worker processes, each with the detector loaded once.

    Given the caller's ``detector`` on a platform that forks, the workers are forked from this process and share
    its loaded bundle and lexicon (copy-on-write) instead of loading their own: a spawned worker pays the whole
    import and load again (about 3 s here), which on a run of a few thousand documents is most of what a second
    worker could save. Without one (or without fork) they are spawned and load ``spec``.
    """

    def __init__(self, spec: DetectorSpec, workers: int, detector: Detector | None = None) -> None:
        self.spec = spec
        self.window = workers * 4
        if detector is not None and "fork" in mp.get_all_start_methods():
            # Forking a process that has scored is safe too: the Detector runs OpenMP single-threaded, so no
            # OpenMP worker threads exist whose locks a child could inherit held (OpenBLAS re-forms its own).
            self._pool = mp.get_context("fork").Pool(workers, initializer=_adopt, initargs=(spec, detector))
        else:
            self._pool = mp.get_context("spawn").Pool(workers, initializer=cached_detector, initargs=(spec,))

    def submit(self, texts: list[str]) -> Callable[[], list[Outcome]]:
        result = self._pool.apply_async(score_chunk, (self.spec, texts))
        return lambda: list(result.get())

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> ProcessChunks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def score_records_on(
    executor: ChunkExecutor, records: Iterable[Record], *, chunk_size: int = CHUNK
) -> Iterator[tuple[Record, Outcome]]:
    """Like :func:`score_records`, with the chunks scored by ``executor``; input order is kept."""
    # A bounded window of pending chunks, collected in submission order: input order is kept while the workers run
    # ahead, and memory stays bounded on inputs of any length. Only the texts cross to the workers: a record's
    # other fields (a Parquet row's every column) stay here for the output.
    window: deque[tuple[list[Record], Callable[[], list[Outcome]]]] = deque()
    for chunk in _chunks(records, chunk_size):
        window.append((chunk, executor.submit(_texts(chunk))))
        if len(window) >= executor.window:
            done, wait = window.popleft()
            yield from _merge(done, wait())
    while window:
        done, wait = window.popleft()
        yield from _merge(done, wait())


def score_records(
    detector: Detector,
    records: Iterable[Record],
    *,
    workers: int = 1,
    bundle_dir: Path | None = None,
    executor: ChunkExecutor | None = None,
    chunk_size: int = CHUNK,
) -> Iterator[tuple[Record, Outcome]]:
    """Pair every record with its result or its error, in input order.

    With ``executor`` the chunks are scored there; else with ``workers`` > 1 in that many processes (loading the
    bundle at ``bundle_dir`` with ``detector``'s limits); else here with ``detector``.
    """
    if executor is not None:
        yield from score_records_on(executor, records, chunk_size=chunk_size)
        return
    if workers <= 1:
        for chunk in _chunks(records, chunk_size):
            yield from _merge(chunk, score_texts(detector, _texts(chunk)))
        return
    with ProcessChunks(DetectorSpec.of(detector, bundle_dir), workers, detector) as pool:
        yield from score_records_on(pool, records, chunk_size=chunk_size)


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

    def merge(self, other: Moments) -> None:
        """Fold in another run's moments (Chan et al.'s pairwise update): shards summed without their values."""
        if other.n == 0:
            return
        n = self.n + other.n
        delta = other.mean - self.mean
        self.mean += delta * other.n / n
        self.m2 += other.m2 + delta * delta * self.n * other.n / n
        self.n = n


@dataclass(frozen=True)
class Threshold:
    value: float
    source: Literal["--threshold", "--max-fpr", "model"]
    detail: str  # for people: where the value came from

    def describe(self) -> str:
        sep = ", " if self.source == "model" else " "
        return f"threshold {self.value:.3f}{sep}{self.detail}"

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source, "detail": self.detail}


def resolve_threshold(bundle: Bundle, *, threshold: float | None = None, max_fpr: float | None = None) -> Threshold:
    """The cut a run uses: ``threshold`` as given, the bundle's for ``max_fpr``, or the bundle's default.

    Raises :class:`~artifactdet.model.ThresholdError` for a rate the bundle cannot serve.
    """
    if threshold is not None and max_fpr is not None:
        raise ValueError("give a threshold or a maximum false-positive rate, not both")
    if max_fpr is not None:
        return Threshold(bundle.threshold_for_fpr(max_fpr), "--max-fpr", f"for max FPR {max_fpr:g} on original text")
    if threshold is not None:
        return Threshold(threshold, "--threshold", "from --threshold")
    thresholds = bundle.thresholds
    target = thresholds.get("target_fpr_original")
    return Threshold(
        thresholds.get("artifact", 0.5),
        "model",
        "the model's default" + (f" for FPR {target:.3f} on original text" if target is not None else ""),
    )


@dataclass
class FilterStats:
    kept: int = 0
    dropped: int = 0
    errors: int = 0
    dropped_by_reason: Counter[str] = field(default_factory=Counter)
    errors_by_code: Counter[str] = field(default_factory=Counter)
    # Annotate-only runs keep what the threshold would drop; these count it, by the reason it would be dropped.
    flagged_by_reason: Counter[str] = field(default_factory=Counter)
    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    shares: dict[str, Moments] = field(default_factory=dict)
    labels: Counter[str] = field(default_factory=Counter)  # scored records per predicted label

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
            if reason is not None:
                self.flagged_by_reason[reason] += 1
        else:
            self.dropped += 1
            self.dropped_by_reason[reason or "?"] += 1
        if isinstance(outcome, ScoreResult):
            score = outcome.artifact_score
            if math.isfinite(score):
                self.histogram[min(HISTOGRAM_BINS - 1, max(0, int(score * HISTOGRAM_BINS)))] += 1
            for label, p in outcome.scores.items():
                self.shares.setdefault(label, Moments()).add(p)
            self.labels[outcome.label] += 1

    def merge(self, other: FilterStats) -> None:
        """Add another run's (a shard's) counts, histogram and class-share moments to these."""
        self.kept += other.kept
        self.dropped += other.dropped
        self.errors += other.errors
        self.dropped_by_reason.update(other.dropped_by_reason)
        self.errors_by_code.update(other.errors_by_code)
        self.flagged_by_reason.update(other.flagged_by_reason)
        self.histogram = [a + b for a, b in zip(self.histogram, other.histogram, strict=True)]
        for label, m in other.shares.items():
            self.shares.setdefault(label, Moments()).merge(m)
        self.labels.update(other.labels)

    def to_state(self) -> dict[str, Any]:
        """Everything needed to merge these stats later, as JSON (a finished shard's marker keeps it)."""
        return {
            "kept": self.kept,
            "dropped": self.dropped,
            "errors": self.errors,
            "dropped_by_reason": dict(self.dropped_by_reason),
            "errors_by_code": dict(self.errors_by_code),
            "flagged_by_reason": dict(self.flagged_by_reason),
            "histogram": list(self.histogram),
            "shares": {label: [m.n, m.mean, m.m2] for label, m in self.shares.items()},
            "labels": dict(self.labels),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> FilterStats:
        histogram = [int(c) for c in state["histogram"]]
        if len(histogram) != HISTOGRAM_BINS:
            raise ValueError(f"a histogram of {len(histogram)} bins, not {HISTOGRAM_BINS}")
        return cls(
            kept=int(state["kept"]),
            dropped=int(state["dropped"]),
            errors=int(state["errors"]),
            dropped_by_reason=Counter({str(k): int(v) for k, v in state["dropped_by_reason"].items()}),
            errors_by_code=Counter({str(k): int(v) for k, v in state["errors_by_code"].items()}),
            # Markers written before annotate-only runs existed have no flagged counts.
            flagged_by_reason=Counter({str(k): int(v) for k, v in state.get("flagged_by_reason", {}).items()}),
            histogram=histogram,
            shares={str(k): Moments(int(n), float(mean), float(m2)) for k, (n, mean, m2) in state["shares"].items()},
            labels=Counter({str(k): int(v) for k, v in state.get("labels", {}).items()}),
        )

    def summary(self) -> str:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.dropped_by_reason.items())) or "none"
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_by_code.items())) or "none"
        flagged = ""
        if self.flagged_by_reason:
            why = ", ".join(f"{k}: {v}" for k, v in sorted(self.flagged_by_reason.items()))
            flagged = f" (flagged, kept annotated: {sum(self.flagged_by_reason.values())}, {why})"
        return (
            f"kept {self.kept}{flagged}, dropped {self.dropped} ({reasons}), errors {self.errors} ({codes}); "
            f"total {self.total}"
        )

    def score_summary(self) -> str:
        """The counts line of a ``score`` run, where every scored record is counted as kept."""
        labels = ", ".join(f"{k}: {v}" for k, v in sorted(self.labels.items())) or "none"
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_by_code.items())) or "none"
        return f"scored {self.scored} ({labels}), errors {self.errors} ({codes}); total {self.total}"

    def report(self, threshold: Threshold | None) -> list[str]:
        """The end-of-run summary for people: counts, the score histogram, the class shares.

        Without a threshold it is a ``score`` run's: scored records by label instead of kept and dropped.
        """
        lines = [f"{self.summary()} ({threshold.describe()})" if threshold is not None else self.score_summary()]
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

    def to_json(self, threshold: Threshold | None, input_name: str) -> dict[str, Any]:
        """The summary as JSON; without a threshold a ``score`` run's (scored records by label, no kept/dropped)."""
        classes: dict[str, Any] = {}
        for label, m in self.shares.items():
            ci = m.ci95()
            classes[label] = {"mean": m.mean, "sd": m.sd, "ci95": list(ci) if ci else None}
        counts: dict[str, Any]
        if threshold is None:
            counts = {"scored": self.scored, "errors": self.errors, "labels": dict(sorted(self.labels.items()))}
        else:
            counts = {
                "kept": self.kept,
                "dropped": self.dropped,
                "errors": self.errors,
                "dropped_by_reason": dict(sorted(self.dropped_by_reason.items())),
                "flagged_by_reason": dict(sorted(self.flagged_by_reason.items())),
            }
        return {
            "input": input_name,
            "records": self.total,
            **counts,
            "errors_by_code": dict(sorted(self.errors_by_code.items())),
            **({"threshold": threshold.to_json()} if threshold is not None else {}),
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


def annotation(outcome: ScoreResult, threshold: float) -> tuple[dict[str, Any], str | None]:
    """The ``artifactdet`` field written for a scored record and, at or over ``threshold``, why it is dropped."""
    scores = outcome.to_record()
    if outcome.artifact_score < threshold:
        return scores, None
    reason = outcome.label if outcome.label != "original" else "artifact"
    top = sorted({e.tell for e in outcome.evidence if e.kind != "provenance"})[:5]
    detail = f"{reason}: artifact_score {outcome.artifact_score:.3f} >= threshold {threshold:.3f}"
    return {**scores, "reason": detail, "tells": top}, reason


def decide(
    record: Record, outcome: Outcome, threshold: float, annotate: bool, drop: bool = True
) -> tuple[Decision, dict[str, Any], str | None]:
    """Where a record goes and what is written there; dropped records carry their reason.

    With ``drop`` false (annotate-only) every scored record is kept with its scores; one over the threshold also
    with the reason it would have been dropped for, which is returned too so the run can count it.
    """
    if isinstance(outcome, InputError):
        return "errors", error_record(record, outcome), outcome.code
    base = dict(record.raw or {"id": record.id, "text": record.text})
    value, reason = annotation(outcome, threshold)
    if reason is not None:
        base["artifactdet"] = value
        return ("dropped" if drop else "kept"), base, reason
    if annotate or not drop:
        base["artifactdet"] = value
    return "kept", base, None
