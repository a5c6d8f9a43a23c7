"""Bundles: the shipped one loads and carries its manifest; tampered or foreign bundles are refused clearly."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from artifactdet.errors import BundleError
from artifactdet.model import MANIFEST_FILE, MODEL_FILE, default_bundle_dir, load_bundle, read_manifest
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
