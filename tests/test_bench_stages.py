"""benchmarks/bench_stages.py: every stage of the hot path is timed, in order, on a few documents."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType

import pytest

from artifactdet.detector import Detector
from artifactdet.tells import TELLS

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
TEXTS = [
    "The council met on Monday. It voted to keep the library open for another year, members said.",
    "Officials from the State Division said the talks would resume next week in Geneva.",
]


@pytest.fixture
def stages(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("bench_stages")


def test_stages_follow_the_hot_path_and_the_registry(stages: ModuleType) -> None:
    times = stages.stage_times(Detector.load(), TEXTS, rounds=1)
    names = [name for name, _ in times]
    assert names == [
        "validate",
        "analyse",
        *(f"tell {tell.name}" for tell in TELLS),
        "evidence shown (attested-pairs gate)",
        "n-gram terms",
        "model",
    ]
    assert all(seconds >= 0.0 for _, seconds in times)
    assert sum(seconds for _, seconds in times) > 0.0


def test_main_prints_a_row_per_stage_for_input_records(
    stages: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS), encoding="utf-8")
    monkeypatch.setattr(stages, "startup_seconds", lambda rounds: (0.5, 0.25))
    assert stages.main(["--input", str(path), "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert f"2 records of {path}" in out
    for tell in TELLS:
        assert f"tell {tell.name}" in out
    assert "all stages" in out
    assert "imports 0.50 s, Detector.load 0.25 s" in out
