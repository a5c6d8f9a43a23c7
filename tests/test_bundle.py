"""Bundles: the shipped one loads and carries its manifest; tampered or foreign bundles are refused clearly."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sklearn.pipeline import Pipeline

from artifactdet.errors import BundleError
from artifactdet.model import (
    MANIFEST_FILE,
    MODEL_FILE,
    NO_CURVE,
    Bundle,
    ThresholdError,
    default_bundle_dir,
    load_bundle,
    read_manifest,
)
from artifactdet.tells import FEATURE_NAMES


@pytest.fixture()
def bundle_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "bundle"
    shutil.copytree(default_bundle_dir(), dst)
    return dst


def _edit(bundle: Path, **changes: object) -> None:
    path = bundle / MANIFEST_FILE
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


def test_shipped_bundle_manifest() -> None:
    bundle = load_bundle()
    m = bundle.manifest
    assert m["feature_names"] == list(FEATURE_NAMES)
    assert set(m["labels"]) == {"original", "translated", "spun"}
    for key in ("versions", "training_data_sha256", "metrics", "thresholds", "resources_sha256", "model_sha256"):
        assert m[key]
    assert 0.0 < m["thresholds"]["artifact"] <= 1.0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"producer": "someone-else"}, "not produced by artifactdet"),
        ({"bundle_format": 99}, "bundle format 99"),
        ({"feature_names": ["a", "b"]}, "other features"),
        ({"versions": {"scikit-learn": "0.24.2"}}, "scikit-learn 0.24.2"),
        ({"resources_sha256": "0" * 64}, "other lexical resources"),
        ({"model_sha256": "0" * 64}, "does not match the digest"),
    ],
)
def test_mismatched_manifest_is_refused(bundle_copy: Path, changes: dict[str, object], message: str) -> None:
    _edit(bundle_copy, **changes)
    with pytest.raises(BundleError, match=re.escape(message)):
        load_bundle(bundle_copy)


def test_swapped_model_file_is_refused_before_unpickling(bundle_copy: Path) -> None:
    (bundle_copy / MODEL_FILE).write_bytes(b"not a pickle at all")
    with pytest.raises(BundleError, match="does not match the digest"):
        load_bundle(bundle_copy)


def test_missing_or_broken_manifest(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match=r"manifest\.json is missing"):
        read_manifest(tmp_path)
    (tmp_path / MANIFEST_FILE).write_text("{")
    with pytest.raises(BundleError, match="not valid JSON"):
        read_manifest(tmp_path)


CURVE = [[0.001, 0.99], [0.01, 0.9], [0.05, 0.7], [0.1, 0.5], [0.5, 0.1]]


def _curve_bundle(curve: object = CURVE) -> Bundle:
    # The lookup reads only the manifest; a passthrough pipeline spares loading the model.
    manifest = {} if curve is None else {"threshold_curve": {"artifact": curve, "measured_on": "test"}}
    return Bundle(Pipeline([("model", "passthrough")]), manifest)


@pytest.mark.parametrize(
    ("max_fpr", "threshold"),
    [
        (0.001, 0.99),  # equal to the smallest listed
        (0.05, 0.7),  # equal to a listed fpr
        (0.07, 0.7),  # between two: the lower fpr, never one above the target
        (0.0999, 0.7),
        (0.1, 0.5),
        (0.5, 0.1),  # equal to the largest
        (0.9, 0.1),  # above all
    ],
)
def test_threshold_for_fpr_picks_the_largest_fpr_not_above(max_fpr: float, threshold: float) -> None:
    assert _curve_bundle().threshold_for_fpr(max_fpr) == threshold


@pytest.mark.parametrize(
    ("curve", "max_fpr", "message"),
    [
        (CURVE, 0.0, "between 0 and 1 (exclusive), got 0.0"),
        (CURVE, 1.0, "between 0 and 1 (exclusive), got 1.0"),
        (CURVE, 1.5, "between 0 and 1 (exclusive), got 1.5"),
        (CURVE, -0.1, "between 0 and 1 (exclusive)"),
        (CURVE, float("nan"), "between 0 and 1 (exclusive)"),
        (CURVE, 0.0005, "the smallest supported is 0.001"),
        (None, 0.05, NO_CURVE),
    ],
)
def test_threshold_for_fpr_refuses_clearly(curve: object, max_fpr: float, message: str) -> None:
    with pytest.raises(ThresholdError, match=re.escape(message)):
        _curve_bundle(curve).threshold_for_fpr(max_fpr)


def test_bundle_without_curve_still_loads(bundle_copy: Path) -> None:
    path = bundle_copy / MANIFEST_FILE
    manifest = json.loads(path.read_text())
    manifest.pop("threshold_curve", None)  # bundles trained before the curve existed
    path.write_text(json.dumps(manifest))
    bundle = load_bundle(bundle_copy)
    assert bundle.threshold_curve is None
    with pytest.raises(ThresholdError, match=re.escape(NO_CURVE)):
        bundle.threshold_for_fpr(0.01)


def test_bundle_with_curve_loads_and_answers(bundle_copy: Path) -> None:
    _edit(bundle_copy, threshold_curve={"artifact": CURVE, "measured_on": "test"})
    bundle = load_bundle(bundle_copy)
    assert bundle.threshold_curve == tuple(tuple(p) for p in CURVE)
    assert bundle.threshold_for_fpr(0.02) == 0.9


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ([[0.1, 0.5]], 'expected {"artifact": [[fpr, threshold], ...], ...}'),
        ({"measured_on": "x"}, 'expected {"artifact"'),
        ({"artifact": []}, "at least one pair"),
        ({"artifact": [[0.1]]}, "artifact[0] is [0.1], not a pair of numbers"),
        ({"artifact": [[0.1, 0.5, 0.2]]}, "not a pair of numbers"),
        ({"artifact": [[0.1, "0.5"]]}, "not a pair of numbers"),
        ({"artifact": [[0.1, True]]}, "not a pair of numbers"),
        ({"artifact": [[0.1, float("nan")]]}, "not a pair of numbers"),
        ({"artifact": [0.1, 0.5]}, "artifact[0] is 0.1, not a pair"),
        ({"artifact": [[0, 0.5]]}, "fpr 0, outside (0, 1]"),
        ({"artifact": [[0.1, 0.5], [1.5, 0.2]]}, "artifact[1] has fpr 1.5, outside (0, 1]"),
        ({"artifact": [[0.1, 1.2]]}, "threshold 1.2, outside [0, 1]"),
        ({"artifact": [[0.1, -0.2]]}, "threshold -0.2, outside [0, 1]"),
        ({"artifact": [[0.1, 0.5], [0.05, 0.6]]}, "fpr must ascend, but artifact[1] has 0.05 after 0.1"),
        ({"artifact": [[0.1, 0.5], [0.1, 0.4]]}, "fpr must ascend"),
        ({"artifact": [[0.05, 0.5], [0.1, 0.6]]}, "thresholds must not rise with fpr"),
    ],
)
def test_malformed_curve_is_refused_at_load(bundle_copy: Path, block: object, message: str) -> None:
    _edit(bundle_copy, threshold_curve=block)
    with pytest.raises(BundleError, match=re.escape(message)) as caught:
        load_bundle(bundle_copy)
    assert "threshold_curve is malformed" in str(caught.value) and MANIFEST_FILE in str(caught.value)
