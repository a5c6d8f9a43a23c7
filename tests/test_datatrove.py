"""The datatrove filter, on datatrove's own Documents, writers and local executor."""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove", reason="the 'datatrove' extra is not installed")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter

from artifactdet import batch
from artifactdet.detector import Detector
from artifactdet.integrations.datatrove import ArtifactFilter
from artifactdet.model import ThresholdError, default_bundle_dir

ENGLISH = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would "
    "raise funds for schools and roads, and that they expected a vote before the end of the month. "
    "Several residents spoke at the meeting and asked for more money for the parks."
)
SPUN = "In the Nineteen Nineties the State Division said the nationwide protection council met. " + ENGLISH
SPANISH = (
    "El consejo se reunió el martes para discutir el nuevo presupuesto de la ciudad y los miembros dijeron que el "
    "plan aumentaría los fondos para las escuelas"
)


def documents() -> list[Document]:
    return [
        Document(text=ENGLISH, id="plain"),
        Document(text=SPUN, id="spun"),
        Document(text="   ", id="blank"),
        Document(text="\x00\x01\x02 binary", id="binary"),
        Document(text=SPANISH, id="spanish"),
        Document(text=ENGLISH + " The vote is next week.", id="plain2"),
    ]


GOOD = ["plain", "spun", "plain2"]
BAD = {"blank": "empty", "binary": "binary", "spanish": "not_english"}


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    """Each good document's artifact score, straight from the library."""
    detector = Detector.load()
    return {d.id: detector.score(d.text).artifact_score for d in documents() if d.id in GOOD}


def _cut(scores: dict[str, float]) -> float:
    """A threshold between the documents' scores, so some are kept and some dropped."""
    low, high = sorted(scores.values())[:2]
    return (low + high) / 2


def test_filter_drops_over_the_threshold_and_keeps_bad_text_with_an_error(scores: dict[str, float]) -> None:
    cut = _cut(scores)
    step = ArtifactFilter(threshold=cut, batch_size=4)
    docs = documents()
    kept = list(step.run(iter(docs)))
    expect_dropped = {k for k, v in scores.items() if v >= cut}
    assert expect_dropped and expect_dropped != set(GOOD)
    assert [d.id for d in kept] == [d.id for d in docs if d.id not in expect_dropped]  # order kept
    by_id = {d.id: d for d in docs}
    for doc_id, code in BAD.items():
        assert by_id[doc_id].metadata["artifactdet"]["error"]["code"] == code
    for doc_id in GOOD:
        meta = by_id[doc_id].metadata["artifactdet"]
        assert meta["artifact_score"] == pytest.approx(scores[doc_id])
        assert set(meta["scores"]) == {"original", "translated", "spun"} and meta["label"] in meta["scores"]
        assert ("reason" in meta) is (doc_id in expect_dropped)
    for doc_id in expect_dropped:
        reason = by_id[doc_id].metadata["artifactdet"]["reason"]
        assert f">= threshold {cut:.3f}" in reason and f"artifact_score {scores[doc_id]:.3f}" in reason
    counted = step.stats.to_dict()["stats"]
    assert {k: counted[f"error_{c}"] for k, c in BAD.items()} == dict.fromkeys(BAD, 1)
    assert sum(v for k, v in counted.items() if k.startswith("label_")) == len(GOOD)
    assert counted["dropped"] == len(expect_dropped) and counted["forwarded"] == len(kept)


def test_drop_reason_is_the_label_and_bad_text_can_be_dropped(scores: dict[str, float]) -> None:
    step = ArtifactFilter(threshold=0.0, on_error="drop")
    results = step.filter_batch(documents())
    by_id = dict(zip([d.id for d in documents()], results, strict=True))
    for doc_id in GOOD:
        assert by_id[doc_id][0] is False and by_id[doc_id][1] in {"spun", "translated", "artifact"}
    assert {k: by_id[k] for k in BAD} == {k: (False, f"error_{c}") for k, c in BAD.items()}


def test_annotate_only_never_drops(scores: dict[str, float]) -> None:
    docs = documents()
    kept = list(ArtifactFilter(threshold=0.0, annotate_only=True, on_error="drop").run(iter(docs)))
    assert [d.id for d in kept] == [d.id for d in docs]
    assert all("reason" in d.metadata["artifactdet"] for d in docs if d.id in GOOD)  # it would have dropped them


def test_thresholds_come_from_the_bundle_like_the_cli() -> None:
    detector = Detector.load()
    default = ArtifactFilter()
    assert default.threshold.value == detector.bundle.thresholds["artifact"] and default.threshold.source == "model"
    if detector.bundle.threshold_curve is not None:
        fpr = detector.bundle.threshold_curve[-1][0]
        assert ArtifactFilter(max_fpr=fpr).threshold.value == detector.bundle.threshold_for_fpr(fpr)
        with pytest.raises(ThresholdError):
            ArtifactFilter(max_fpr=detector.bundle.threshold_curve[0][0] / 2)  # refused when the pipeline is built
    with pytest.raises(ValueError, match="not both"):
        ArtifactFilter(threshold=0.5, max_fpr=0.05)
    with pytest.raises(ValueError, match="on_error"):
        ArtifactFilter(on_error="skip")  # type: ignore[arg-type]


def test_the_model_loads_once_per_process_and_is_never_pickled(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[Any] = []
    real = Detector.load

    def counting(*args: Any, **kwargs: Any) -> Detector:
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "_DETECTORS", {})
    monkeypatch.setattr(Detector, "load", staticmethod(counting))
    first, second = ArtifactFilter(threshold=0.5), ArtifactFilter(threshold=0.9)
    assert loads == []  # lazily: building the pipeline loads nothing
    for step in (first, second, first):
        list(step.run(iter(documents())))
    assert len(loads) == 1  # one bundle, one load, however many filters and batches
    assert len(pickle.dumps(first)) < 20_000  # what datatrove ships to its workers holds no model
    assert str(default_bundle_dir().resolve()) == first.spec.bundle_dir


def test_in_a_local_pipeline_with_an_exclusion_writer(tmp_path: Path, scores: dict[str, float]) -> None:
    cut = _cut(scores)
    pipeline = [
        documents(),
        ArtifactFilter(threshold=cut, exclusion_writer=JsonlWriter(str(tmp_path / "removed"))),
        JsonlWriter(str(tmp_path / "kept")),
    ]
    LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()

    def read(folder: str) -> list[dict[str, Any]]:
        return [json.loads(line) for p in sorted((tmp_path / folder).glob("*.jsonl.gz")) for line in gzip.open(p)]

    kept, removed = read("kept"), read("removed")
    dropped = sorted(k for k, v in scores.items() if v >= cut)
    assert sorted(d["id"] for d in removed) == dropped
    assert sorted(d["id"] for d in kept) == sorted(d.id for d in documents() if d.id not in dropped)
    for d in removed:
        assert d["metadata"]["filter_reason"] in {"spun", "translated", "artifact"}
        assert d["metadata"]["artifactdet"]["reason"].startswith(d["metadata"]["filter_reason"] + ": artifact_score")
    assert {
        d["id"]: d["metadata"]["artifactdet"]["error"]["code"] for d in kept if "error" in d["metadata"]["artifactdet"]
    } == BAD
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "artifactdet" in s["name"])
    assert step["stats"]["dropped"] == len(dropped) and step["stats"]["forwarded"] == len(kept)
