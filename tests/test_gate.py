"""The metric gate: the shipped bundle's held-out metrics stay at or above the pinned floors."""

from __future__ import annotations

from typing import Any

from artifactdet.model import load_bundle
from training.gate import check

FLOORS: dict[str, Any] = {
    "evaluation_data_sha256": "abc",
    "floors": {"macro_f1": 0.7, "roc_auc.spun": 0.9},
    "ceilings": {"fpr_original_at_threshold": 0.02},
}


def test_gate_holds_and_fails_as_it_should() -> None:
    good = {
        "evaluation_data_sha256": "abc",
        "macro_f1": 0.75,
        "roc_auc": {"spun": 0.95},
        "fpr_original_at_threshold": 0.01,
    }
    assert check(good, FLOORS) == []
    low = {**good, "macro_f1": 0.69}
    assert check(low, FLOORS) == ["macro_f1 = 0.69 is under its floor 0.7"]
    missing = {k: v for k, v in good.items() if k != "roc_auc"}
    assert check(missing, FLOORS) == ["roc_auc.spun = None is under its floor 0.9"]
    fpr = {**good, "fpr_original_at_threshold": 0.05}
    assert check(fpr, FLOORS) == ["fpr_original_at_threshold = 0.05 is over its ceiling 0.02"]
    other_data = {**good, "evaluation_data_sha256": "def"}
    assert "other data" in check(other_data, FLOORS)[0]


def test_shipped_bundle_passes_the_gate() -> None:
    problems = check(load_bundle().manifest["metrics"])
    assert problems == [], problems


def test_committed_leave_one_out_evaluation_passes_its_gate() -> None:
    import json
    from pathlib import Path

    from training.gate import check_leave_one_out

    report = json.loads((Path(__file__).resolve().parent.parent / "training" / "evaluation.json").read_text())
    problems = check_leave_one_out(report)
    assert problems == [], problems
    # and the gate bites: the same report with a lower macro-F1 fails
    worse = {**report, "model": {**report["model"], "macro_f1": report["model"]["macro_f1"] - 0.2}}
    assert any(p.startswith("macro_f1") for p in check_leave_one_out(worse))
