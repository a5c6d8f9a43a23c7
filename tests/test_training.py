"""A small end-to-end training run: data, spinner, features, model, bundle, report (minutes, not the full run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from artifactdet.detector import Detector
from tests.conftest import SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data not present")


def test_small_training_run_writes_a_loadable_bundle_and_report(tmp_path: Path) -> None:
    from training.train import main

    out, report = tmp_path / "bundle", tmp_path / "report"
    args = ["--limit", "12", "--out", str(out), "--report", str(report), "--no-peers", "--jobs", "1"]
    assert main([*args, "--plots", str(tmp_path / "plots")]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["training"]["limit_per_source"] == 12
    assert 0.0 <= manifest["metrics"]["macro_f1"] <= 1.0
    data = json.loads(report.with_suffix(".json").read_text())
    assert set(data["model"]["roc_auc"]) <= {"original", "translated", "spun"}
    assert "by_genre" in data["model"] and data["counts"]["test"]
    assert "| system |" in report.with_suffix(".md").read_text()
    det = Detector.load(out)
    assert det.score("The committee met on Monday and agreed on a plan for the new school year.").label


def test_seeds_rated_wrong_names_each_miss() -> None:
    from training.train import seeds_rated_wrong

    seeds = {
        "001.txt": {"gold": "original", "label": "original", "scores": {"original": 0.9}},
        "002.txt": {"gold": "translated", "label": "original", "scores": {"original": 0.549, "translated": 0.424}},
    }
    assert seeds_rated_wrong(seeds) == [
        "002.txt: rated original, labelled translated (scores {'original': 0.549, 'translated': 0.424})"
    ]
    assert seeds_rated_wrong({}) == []
