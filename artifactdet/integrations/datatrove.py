"""A datatrove filter: drops machine-translated and spun documents, and adds artifactdet's scores to the metadata.

::

    from datatrove.pipeline.writers import JsonlWriter
    from artifactdet.integrations.datatrove import ArtifactFilter

    pipeline = [
        reader,
        ArtifactFilter(max_fpr=0.02, exclusion_writer=JsonlWriter("out/removed/artifactdet")),
        JsonlWriter("out/kept"),
    ]

``doc.metadata["artifactdet"]`` holds what the CLI's ``filter`` writes in its ``artifactdet`` field: ``label``,
``scores``, ``artifact_score``, ``reliable``, and for a document at or over the threshold ``reason`` (with the
score and threshold) and ``tells``. A document that cannot be scored (empty, binary, not English, too long, not a
string) gets ``{"error": {"code", "message"}}`` there and is kept (``on_error="keep"``, the default) or dropped
with the reason ``error_<code>`` (``on_error="drop"``); it never stops the pipeline.

The filter returns ``(False, label)`` for a dropped document (``spun``, ``translated``, or ``artifact`` for one
rated original but over the threshold): datatrove counts drops per reason (``dropped_<reason>``) and writes the
reason to the exclusion writer's ``filter_reason``, so the reason names a class, not a score, and the score with
the threshold is in the metadata. Each process loads the model once, on its first batch; the filter itself holds
no model, so pickling it to datatrove's workers stays cheap. Needs the ``datatrove`` extra.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, cast

from datatrove.pipeline.filters.base_filter import BaseFilter

from artifactdet.batch import DetectorSpec, annotation, cached_detector, resolve_threshold, score_texts
from artifactdet.detector import ScoreResult
from artifactdet.errors import InputError
from artifactdet.model import Bundle, default_bundle_dir, read_manifest
from artifactdet.validate import DEFAULT_MAX_CHARS, Limits

OnError = Literal["keep", "drop"]


class ArtifactFilter(BaseFilter):  # type: ignore[misc]  # datatrove is not typed
    """Drop documents whose artifact score (1 - p(original)) is at or over the threshold.

    Args:
        threshold: drop at or over this artifact score (default: the model's, for 1% false positives on original
            text); exclusive with ``max_fpr``.
        max_fpr: use the model's threshold for at most this false-positive rate on original text, as measured in
            training (needs a bundle with a threshold curve).
        model_dir: a bundle produced by ``training.train`` (default: the shipped one). Every worker must see it at
            this path.
        annotate_only: never drop; only add the metadata (``reason`` still marks the documents the threshold
            would drop).
        on_error: what happens to a document that cannot be scored: ``keep`` (default) or ``drop``.
        max_chars: longest text scored; longer ones are errors (``too_long``).
        metadata_key: where in ``doc.metadata`` the scores go.
        exclusion_writer: a datatrove writer for the dropped documents.
        batch_size: documents per model call; a call costs about the same for one document as for eight.
    """

    name = "🔎 artifactdet"

    def __init__(
        self,
        threshold: float | None = None,
        max_fpr: float | None = None,
        model_dir: str | Path | None = None,
        *,
        annotate_only: bool = False,
        on_error: OnError = "keep",
        max_chars: int = DEFAULT_MAX_CHARS,
        metadata_key: str = "artifactdet",
        exclusion_writer: Any = None,
        batch_size: int = 16,
    ) -> None:
        super().__init__(exclusion_writer, batch_size)
        if on_error not in ("keep", "drop"):
            raise ValueError(f"on_error must be 'keep' or 'drop', got {on_error!r}")
        bundle_dir = Path(model_dir) if model_dir is not None else default_bundle_dir()
        manifest = read_manifest(bundle_dir)
        # Resolved from the manifest alone, when the pipeline is built: a rate the bundle cannot serve fails here,
        # once, not in every task; the model itself is loaded lazily in each worker process.
        self.threshold = resolve_threshold(Bundle(cast(Any, None), manifest), threshold=threshold, max_fpr=max_fpr)
        digest = manifest.get("model_sha256")
        self.spec = DetectorSpec(
            str(bundle_dir.resolve()), Limits(max_chars=max_chars), digest if isinstance(digest, str) else None
        )
        self.annotate_only = annotate_only
        self.on_error = on_error
        self.metadata_key = metadata_key

    def filter(self, doc: Any) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[Any]) -> list[bool | tuple[bool, str]]:
        # The process's cached detector, loaded on first use; a text that cannot be scored gets its error in place,
        # so one bad document never costs its batch.
        outcomes = score_texts(cached_detector(self.spec), [doc.text for doc in batch])
        return [self._decide(doc, outcome) for doc, outcome in zip(batch, outcomes, strict=True)]

    def _decide(self, doc: Any, outcome: ScoreResult | InputError) -> bool | tuple[bool, str]:
        if isinstance(outcome, InputError):
            doc.metadata[self.metadata_key] = {"error": {"code": outcome.code, "message": outcome.message}}
            self.stat_update(f"error_{outcome.code}")
            if self.on_error == "drop" and not self.annotate_only:
                return False, f"error_{outcome.code}"
            return True
        value, reason = annotation(outcome, self.threshold.value)
        doc.metadata[self.metadata_key] = value
        self.stat_update(f"label_{outcome.label}")
        if reason is None or self.annotate_only:
            return True
        return False, reason
