"""The metric gate: evaluation floors pinned next to the digest of the data they were measured on.

``training/metric_floors.json`` holds the floors: those of the shipped bundle's test split, and (section
``leave_one_out``) those of the committed leave-one-out evaluation. A bundle passes when its manifest was
measured on the same evaluation data (same digest) and every metric is at or above its floor (FPRs at or below
their ceiling).
Lowering a floor is a deliberate edit of that file, and the commit that does it says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FLOORS_FILE = Path(__file__).resolve().parent / "metric_floors.json"


def _get(metrics: dict[str, Any], dotted: str) -> float | None:
    cur: Any = metrics
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return float(cur) if isinstance(cur, (int, float)) else None


def check_leave_one_out(report: dict[str, Any], floors: dict[str, Any] | None = None) -> list[str]:
    """The same gate for a leave-one-out report (``training/evaluation.json``) and the file's own section."""
    pinned = floors if floors is not None else json.loads(FLOORS_FILE.read_text(encoding="utf-8"))["leave_one_out"]
    metrics = {**report["model"], "evaluation_data_sha256": report.get("evaluation_data_sha256")}
    return check(metrics, pinned)


def check(metrics: dict[str, Any], floors: dict[str, Any] | None = None) -> list[str]:
    """Problems with ``metrics`` (a manifest's ``metrics``) against the floors; empty when the gate holds."""
    floors = floors if floors is not None else json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    problems = []
    if metrics.get("evaluation_data_sha256") != floors["evaluation_data_sha256"]:
        problems.append(
            "the bundle was evaluated on other data than the floors were "
            f"({str(metrics.get('evaluation_data_sha256'))[:12]} vs {floors['evaluation_data_sha256'][:12]}): "
            "re-measure and update training/metric_floors.json deliberately"
        )
        return problems
    for name, floor in floors["floors"].items():
        value = _get(metrics, name)
        if value is None or value < floor:
            problems.append(f"{name} = {value} is under its floor {floor}")
    for name, ceiling in floors.get("ceilings", {}).items():
        value = _get(metrics, name)
        if value is None or value > ceiling:
            problems.append(f"{name} = {value} is over its ceiling {ceiling}")
    return problems
