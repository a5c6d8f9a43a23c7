"""The library's entry point: load a bundle once, score texts, return scores with evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from artifactdet.analysis import Sentence, analyse
from artifactdet.model import LABELS, Bundle, load_bundle
from artifactdet.ngrams import StackedClassifier, hashed_counts, ngram_terms
from artifactdet.resources import Resources, load_resources
from artifactdet.sentences import score_sentences
from artifactdet.tells import Extraction, run_tells
from artifactdet.tells.base import Evidence
from artifactdet.validate import DEFAULT_LIMITS, RELIABLE_MIN_WORDS, Limits, validate_text


@dataclass(frozen=True)
class ScoreResult:
    """Scores for one document. ``scores`` are calibrated probabilities of the three classes (sum 1)."""

    label: str
    scores: dict[str, float]
    artifact_score: float
    reliable: bool
    n_words: int
    evidence: tuple[Evidence, ...]
    text: str = field(repr=False, default="")
    sentences: tuple[Sentence, ...] = field(repr=False, default=())

    def to_record(self, *, explain: bool = False) -> dict[str, Any]:
        """The CLI/API output fields (without the id)."""
        record: dict[str, Any] = {
            "label": self.label,
            "scores": dict(self.scores),
            "artifact_score": self.artifact_score,
            "reliable": self.reliable,
        }
        if explain:
            record["evidence"] = [evidence_record(e, self.text) for e in self.evidence]
            # Only sentences with evidence: a reviewer is pointed at the ones to read, not at every sentence.
            record["sentences"] = [
                s.to_record(self.text)
                for s in score_sentences(self.sentences, self.evidence)
                if s.translation_score or s.spin_score
            ]
        return record


def evidence_record(e: Evidence, text: str) -> dict[str, Any]:
    """An evidence item as the CLI and API write it: the span, the words it covers, the tell and why."""
    return {
        "start": e.start,
        "end": e.end,
        "text": text[e.start : e.end],
        "kind": e.kind,
        "tell": e.tell,
        "reason": e.reason,
        "suggestion": e.suggestion,
        "weight": round(e.weight, 3),
        "counted": e.counted,
    }


# One text's analysis products: tell extraction, word count, the text, its sentences, its n-gram terms.
_Extracted = tuple[Extraction, int, str, tuple[Sentence, ...], list[str]]


class Detector:
    """Scores documents with one loaded bundle. Thread-safe for reading; build one per process."""

    def __init__(self, bundle: Bundle, resources: Resources, limits: Limits = DEFAULT_LIMITS) -> None:
        self.bundle = bundle
        self.resources = resources
        self.limits = limits
        self._model: StackedClassifier = bundle.pipeline[-1]
        classes = bundle.classes
        self._order = [classes.index(label) for label in LABELS]
        # Inspecting the loaded native libraries costs ~5 ms; do it once, not per call.
        self._threads = ThreadpoolController()

    @classmethod
    def load(cls, bundle_dir: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> Detector:
        resources = load_resources().warm()
        return cls(load_bundle(bundle_dir, resources), resources, limits)

    @property
    def manifest(self) -> dict[str, Any]:
        return self.bundle.manifest

    def extract(self, text: str) -> _Extracted:
        doc = analyse(validate_text(text, self.limits))
        return run_tells(doc, self.resources), doc.n_words, text, doc.sentences, ngram_terms(doc)

    def score(self, text: str) -> ScoreResult:
        """Score one text; raises :class:`InputError` for text that cannot be scored."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[str]) -> list[ScoreResult]:
        """Score texts in one model call. Any invalid text raises; use :meth:`score_batch` to keep going."""
        extracted = [self.extract(t) for t in texts]
        return self._finish(extracted)

    def score_batch(self, texts: Sequence[object]) -> list[ScoreResult | Exception]:
        """Score what can be scored; an invalid text yields its exception in its place, so nothing is lost."""
        slots: list[ScoreResult | Exception] = []
        good: list[_Extracted] = []
        where: list[int] = []
        for i, text in enumerate(texts):
            try:
                good.append(self.extract(text))  # type: ignore[arg-type]
                where.append(i)
                slots.append(ValueError("pending"))
            except Exception as exc:
                slots.append(exc)
        for i, result in zip(where, self._finish(good), strict=True):
            slots[i] = result
        return slots

    def _finish(self, extracted: Sequence[_Extracted]) -> list[ScoreResult]:
        if not extracted:
            return []
        tells = np.vstack([e.features for e, *_ in extracted])
        counts = hashed_counts([x[4] for x in extracted])
        # OpenMP threads cost far more than they save on a few rows, and stall for seconds when the cores are
        # busy (measured: p95 4 s for one row with default threads, 38 ms with one); scale with processes.
        with self._threads.limit(limits=1, user_api="openmp"):
            proba = self._model.predict_proba_parts(tells, counts)[:, self._order]
        out = []
        for (ext, n_words, text, sentences, _), row in zip(extracted, proba, strict=True):
            row = np.clip(row, 0.0, 1.0)
            row = row / row.sum()
            scores = {label: float(p) for label, p in zip(LABELS, row, strict=True)}
            out.append(
                ScoreResult(
                    label=LABELS[int(np.argmax(row))],
                    scores=scores,
                    artifact_score=1.0 - scores["original"],
                    reliable=n_words >= RELIABLE_MIN_WORDS,
                    n_words=n_words,
                    evidence=ext.evidence,
                    text=text,
                    sentences=sentences,
                )
            )
        return out
