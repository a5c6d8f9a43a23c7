"""Model bundles: the fitted pipeline plus a manifest, checked before anything is unpickled."""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any, Final

import joblib
import numpy as np
import sklearn
from sklearn.pipeline import Pipeline

from artifactdet import __version__
from artifactdet.errors import ArtifactDetError, BundleError
from artifactdet.ngrams import NGRAM_SCHEME
from artifactdet.resources import Resources, load_resources
from artifactdet.tells import FEATURE_NAMES

LABELS: Final = ("original", "translated", "spun")
BUNDLE_FORMAT: Final = 1
PRODUCER: Final = "artifactdet"
MODEL_FILE: Final = "model.joblib"
MANIFEST_FILE: Final = "manifest.json"
CURVE_KEY: Final = "threshold_curve"
NO_CURVE: Final = "this bundle has no threshold curve; retrain with training.train or pass --threshold"


class ThresholdError(ArtifactDetError, ValueError):
    """A false-positive rate the bundle cannot give a threshold for (out of range, below its curve, no curve).

    Not a BundleError: the bundle is sound, the request is not one it can answer, so shells report a usage error.
    """


def default_bundle_dir() -> Path:
    return Path(str(importlib_resources.files("artifactdet") / "model"))


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


@dataclass(frozen=True)
class Bundle:
    pipeline: Pipeline
    manifest: dict[str, Any]

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(str(c) for c in self.pipeline.classes_)

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.manifest.get("thresholds", {}))

    @property
    def threshold_curve(self) -> tuple[tuple[float, float], ...] | None:
        """``(fpr, threshold)`` pairs for the artifact score, fpr ascending; None for bundles trained before it."""
        return parse_threshold_curve(self.manifest)

    def threshold_for_fpr(self, max_fpr: float) -> float:
        """The artifact-score threshold of the largest listed FPR on original text that is at most ``max_fpr``.

        Rounds down to a listed point rather than interpolating: the FPR measured in training then never exceeds
        the one asked for.
        """
        if not 0.0 < max_fpr < 1.0:  # also refuses NaN
            raise ThresholdError(f"the maximum false-positive rate must be between 0 and 1 (exclusive), got {max_fpr}")
        curve = self.threshold_curve
        if curve is None:
            raise ThresholdError(NO_CURVE)
        i = bisect.bisect_right([fpr for fpr, _ in curve], max_fpr)
        if i == 0:
            raise ThresholdError(
                f"a maximum false-positive rate of {max_fpr:g} is below the smallest this bundle's threshold curve "
                f"lists; the smallest supported is {curve[0][0]:g}"
            )
        return curve[i - 1][1]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def parse_threshold_curve(manifest: dict[str, Any]) -> tuple[tuple[float, float], ...] | None:
    """The manifest's artifact threshold curve, checked; None when absent. Raises BundleError when malformed."""
    if CURVE_KEY not in manifest:
        return None

    def bad(why: str) -> BundleError:
        return BundleError(f"the manifest's {CURVE_KEY} is malformed: {why}; retrain the bundle")

    block = manifest[CURVE_KEY]
    if not isinstance(block, dict) or not isinstance(block.get("artifact"), list) or not block["artifact"]:
        raise bad('expected {"artifact": [[fpr, threshold], ...], ...} with at least one pair')
    curve: list[tuple[float, float]] = []
    for i, pair in enumerate(block["artifact"]):
        if not isinstance(pair, list) or len(pair) != 2 or not all(_number(v) for v in pair):
            raise bad(f"artifact[{i}] is {pair!r}, not a pair of numbers [fpr, threshold]")
        fpr, threshold = float(pair[0]), float(pair[1])
        if not 0.0 < fpr <= 1.0:
            raise bad(f"artifact[{i}] has fpr {fpr:g}, outside (0, 1]")
        if not 0.0 <= threshold <= 1.0:
            raise bad(f"artifact[{i}] has threshold {threshold:g}, outside [0, 1]")
        if curve and fpr <= curve[-1][0]:
            raise bad(f"fpr must ascend, but artifact[{i}] has {fpr:g} after {curve[-1][0]:g}")
        # A higher cut cannot drop more originals than a lower one: a rising threshold means swapped or bad data.
        if curve and threshold > curve[-1][1]:
            raise bad(f"thresholds must not rise with fpr, but artifact[{i}] has {threshold:g} after {curve[-1][1]:g}")
        curve.append((fpr, threshold))
    return tuple(curve)


def save_bundle(
    out_dir: Path,
    pipeline: Pipeline,
    *,
    resources: Resources,
    training_data_digest: str,
    metrics: dict[str, Any],
    thresholds: dict[str, float],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``model.joblib`` and its manifest; returns the manifest."""
    classes = tuple(str(c) for c in pipeline.classes_)
    if set(classes) != set(LABELS):
        raise BundleError(f"a bundle must predict {LABELS}, this pipeline predicts {classes}")
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / MODEL_FILE
    joblib.dump(pipeline, model_path, compress=3)
    manifest: dict[str, Any] = {
        "producer": PRODUCER,
        "bundle_format": BUNDLE_FORMAT,
        "artifactdet_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "joblib": joblib.__version__,
        },
        "labels": list(classes),
        "feature_names": list(FEATURE_NAMES),
        "ngram_scheme": NGRAM_SCHEME,
        "resources_sha256": resources.digest,
        "training_data_sha256": training_data_digest,
        "model_sha256": file_sha256(model_path),
        "metrics": metrics,
        "thresholds": thresholds,
        **(extra or {}),
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def read_manifest(bundle_dir: Path) -> dict[str, Any]:
    path = bundle_dir / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BundleError(f"no model bundle at {bundle_dir}: {MANIFEST_FILE} is missing") from None
    except ValueError as exc:
        raise BundleError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict):
        raise BundleError(f"{path} is not a manifest object")
    try:
        # Checked on reading so a bad curve is refused with the bundle, not when a user first asks for an FPR.
        parse_threshold_curve(manifest)
    except BundleError as exc:
        raise BundleError(f"{path}: {exc}") from None
    return manifest


def check_manifest(manifest: dict[str, Any], resources: Resources) -> None:
    """Refuse a bundle this code did not produce or cannot run faithfully, saying which field differs."""
    if manifest.get("producer") != PRODUCER:
        raise BundleError(f"refusing a bundle not produced by {PRODUCER} (producer={manifest.get('producer')!r})")
    if manifest.get("bundle_format") != BUNDLE_FORMAT:
        raise BundleError(
            f"bundle format {manifest.get('bundle_format')!r} is not the format this code reads ({BUNDLE_FORMAT})"
        )
    if manifest.get("feature_names") != list(FEATURE_NAMES):
        theirs = set(manifest.get("feature_names") or [])
        ours = set(FEATURE_NAMES)
        raise BundleError(
            "the bundle was trained on other features than this code computes "
            f"(missing here: {sorted(theirs - ours)[:5]}, new here: {sorted(ours - theirs)[:5]}); retrain it"
        )
    if manifest.get("ngram_scheme") != NGRAM_SCHEME:
        raise BundleError(
            f"the bundle hashes word n-grams as {manifest.get('ngram_scheme')!r}, this code as {NGRAM_SCHEME!r}; "
            "retrain it"
        )
    trained = manifest.get("versions", {}).get("scikit-learn", "?")
    if _minor(trained) != _minor(sklearn.__version__):
        raise BundleError(
            f"the bundle was pickled with scikit-learn {trained}, this environment has {sklearn.__version__}; "
            f"install scikit-learn=={_minor(trained)}.* or retrain"
        )
    if manifest.get("resources_sha256") != resources.digest:
        raise BundleError(
            "the bundle was trained with other lexical resources than the ones installed "
            f"({str(manifest.get('resources_sha256'))[:12]} vs {resources.digest[:12]}); retrain it"
        )


def load_bundle(bundle_dir: Path | None = None, resources: Resources | None = None) -> Bundle:
    """Load a bundle after checking its manifest and the model file's digest."""
    bundle_dir = bundle_dir or default_bundle_dir()
    resources = resources or load_resources()
    manifest = read_manifest(bundle_dir)
    check_manifest(manifest, resources)
    model_path = bundle_dir / MODEL_FILE
    if not model_path.is_file():
        raise BundleError(f"the bundle at {bundle_dir} has no {MODEL_FILE}")
    digest = file_sha256(model_path)
    if digest != manifest.get("model_sha256"):
        # Checked before unpickling: a swapped or corrupted file never reaches joblib.load.
        raise BundleError(f"{model_path} does not match the digest in its manifest; refusing to load it")
    pipeline = joblib.load(model_path)
    if not isinstance(pipeline, Pipeline):
        raise BundleError(f"{model_path} holds a {type(pipeline).__name__}, not a scikit-learn Pipeline")
    return Bundle(pipeline, manifest)
