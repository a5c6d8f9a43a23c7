"""Evaluation plots: files written, valid PNGs, deterministic bytes, and the calibration-error metric."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from artifactdet.model import LABELS
from training.plots import expected_calibration_error, write_plots

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
KINDS = ("roc", "reliability", "confusion")


def _synthetic(n: int = 300, seed: int = 0) -> tuple[list[str], npt.NDArray[np.float64]]:
    """Labels plus a probability matrix that leans towards the true class, so curves are non-trivial."""
    rng = np.random.RandomState(seed)
    truth = rng.randint(0, len(LABELS), size=n)
    logits = rng.normal(size=(n, len(LABELS)))
    logits[np.arange(n), truth] += 1.5
    proba = np.exp(logits)
    proba /= proba.sum(axis=1, keepdims=True)
    return [LABELS[i] for i in truth], proba


def _peer(proba: npt.NDArray[np.float64], seed: int) -> npt.NDArray[np.float64]:
    noisy = proba + np.random.RandomState(seed).uniform(0.0, 0.5, size=proba.shape)
    noisy /= noisy.sum(axis=1, keepdims=True)
    return noisy


def _assert_pngs(paths: dict[str, Path], out_dir: Path, prefix: str) -> None:
    assert set(paths) == set(KINDS)
    for kind in KINDS:
        path = paths[kind]
        assert path == out_dir / f"{prefix}-{kind}.png"
        data = path.read_bytes()
        assert data.startswith(PNG_MAGIC)
        assert 5_000 < len(data) < 150_000, (kind, len(data))


def test_write_plots_writes_three_pngs(tmp_path: Path) -> None:
    y, proba = _synthetic()
    out_dir = tmp_path / "nested" / "plots"
    peers = {"peer-a": _peer(proba, 1), "peer-b": _peer(proba, 2)}
    paths = write_plots(out_dir, "test", y, proba, threshold=0.6, peers=peers, title="synthetic")
    _assert_pngs(paths, out_dir, "test")


def test_write_plots_is_deterministic(tmp_path: Path) -> None:
    y, proba = _synthetic()
    first = write_plots(tmp_path / "a", "run", y, proba, threshold=0.5)
    second = write_plots(tmp_path / "b", "run", y, proba, threshold=0.5)
    for kind in KINDS:
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind


@pytest.mark.parametrize(
    ("case", "labels"),
    [
        ("no spun rows", ["original", "translated"]),
        ("originals only", ["original"]),
        ("artifacts only", ["translated", "spun"]),
    ],
)
def test_write_plots_tolerates_missing_classes(tmp_path: Path, case: str, labels: list[str]) -> None:
    _, proba = _synthetic(n=120)
    y = [labels[i % len(labels)] for i in range(len(proba))]
    paths = write_plots(tmp_path, "edge", y, proba, threshold=0.5, peers={"peer": _peer(proba, 3)}, title=case)
    _assert_pngs(paths, tmp_path, "edge")


def test_write_plots_without_threshold_or_peers(tmp_path: Path) -> None:
    y, proba = _synthetic(n=100)
    paths = write_plots(tmp_path, "bare", y, proba, threshold=None)
    _assert_pngs(paths, tmp_path, "bare")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("shape", "shape"),
        ("label", "outside"),
        ("peer", "peers"),
    ],
)
def test_write_plots_rejects_bad_input(tmp_path: Path, bad: str, message: str) -> None:
    y, proba = _synthetic(n=50)
    peers = None
    if bad == "shape":
        proba = proba[:, :2]
    elif bad == "label":
        y[0] = "paraphrased"
    else:
        peers = {"short": proba[:-1]}
    with pytest.raises(ValueError, match=message):
        write_plots(tmp_path, "bad", y, proba, threshold=0.5, peers=peers)


def _calibrated(n: int = 200_000, seed: int = 0) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    rng = np.random.RandomState(seed)
    p = rng.uniform(size=n)
    return (rng.uniform(size=n) < p).astype(np.float64), p


@pytest.mark.parametrize(
    ("case", "y", "p", "low", "high"),
    [
        ("calibrated", *_calibrated(), 0.0, 0.05),
        ("confident and wrong", np.zeros(1000), np.full(1000, 0.95), 0.3, 1.0),
        ("confident and right", np.ones(1000), np.full(1000, 0.95), 0.0, 0.051),
        ("p at both edges", np.array([0.0, 1.0]), np.array([0.0, 1.0]), 0.0, 1e-12),
    ],
)
def test_expected_calibration_error(
    case: str, y: npt.NDArray[np.float64], p: npt.NDArray[np.float64], low: float, high: float
) -> None:
    ece = expected_calibration_error(y, p)
    assert low <= ece < high, (case, ece)


def test_expected_calibration_error_exact_value() -> None:
    assert expected_calibration_error(np.zeros(10), np.full(10, 0.95)) == pytest.approx(0.95)
    # Two bins, each half the rows: |0 - 0.2| and |1 - 0.7| average to 0.25.
    y = np.array([0.0, 0.0, 1.0, 1.0])
    p = np.array([0.2, 0.2, 0.7, 0.7])
    assert expected_calibration_error(y, p, bins=10) == pytest.approx(0.25)


def test_expected_calibration_error_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="differ"):
        expected_calibration_error(np.zeros(3), np.zeros(4))
