"""Evaluation plots for the training report: ROC curves, reliability diagrams and a confusion matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

# Select the file-only backend before pyplot loads: training runs headless.
matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sklearn.metrics import roc_auc_score, roc_curve

from artifactdet.model import LABELS

__all__ = ["expected_calibration_error", "write_plots"]

_DPI = 100
# Log-scale FPR axes cannot show 0; the ROC is drawn from here so the low-FPR region stays readable.
_MIN_FPR = 1e-3
_FPR_MARK = 0.01
# No timestamp or version in the PNG, so identical inputs give identical bytes.
_PNG_METADATA: dict[str, str | None] = {"Software": None}


def expected_calibration_error(
    y_true_binary: npt.ArrayLike,
    p: npt.ArrayLike,
    bins: int = 10,
) -> float:
    """Count-weighted mean of |observed frequency - mean predicted probability| over equal-width bins of ``p``.

    Returns NaN for empty input.
    """
    y = np.asarray(y_true_binary, dtype=np.float64).ravel()
    q = np.asarray(p, dtype=np.float64).ravel()
    if y.shape != q.shape:
        raise ValueError(f"y_true_binary and p differ in length: {y.size} vs {q.size}")
    if bins < 1:
        raise ValueError(f"bins must be positive, got {bins}")
    if y.size == 0:
        return float("nan")
    counts, observed, predicted = _bin_stats(y, q, bins)
    filled = counts > 0
    gap = np.abs(observed[filled] - predicted[filled])
    return float(np.sum(gap * counts[filled]) / y.size)


def write_plots(
    out_dir: Path,
    prefix: str,
    y_true: Sequence[str],
    proba: npt.NDArray[np.float64],
    threshold: float | None,
    peers: Mapping[str, npt.NDArray[np.float64]] | None = None,
    title: str = "",
) -> dict[str, Path]:
    """Write ``{prefix}-roc.png``, ``{prefix}-reliability.png`` and ``{prefix}-confusion.png`` into ``out_dir``.

    ``proba`` and each peer's array are (n, 3) with columns in ``LABELS`` order; the artifact score is
    ``1 - proba[:, 0]`` and ``threshold`` (if given) is marked on the artifact ROC with the ``>=`` rule.
    """
    labels = np.asarray(list(y_true), dtype=object)
    model = _check_proba("proba", proba, labels.size)
    unknown = sorted(set(labels.tolist()) - set(LABELS))
    if unknown:
        raise ValueError(f"y_true holds labels outside {LABELS}: {unknown}")
    curves = {"model": model}
    for name, peer in (peers or {}).items():
        if name in curves:
            raise ValueError(f"peer name {name!r} clashes with the model's own curve")
        curves[name] = _check_proba(f"peers[{name!r}]", peer, labels.size)

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {kind: out_dir / f"{prefix}-{kind}.png" for kind in ("roc", "reliability", "confusion")}
    _save(_roc_figure(labels, curves, threshold, title), paths["roc"])
    _save(_reliability_figure(labels, model, title), paths["reliability"])
    _save(_confusion_figure(labels, model, title), paths["confusion"])
    return paths


def _check_proba(name: str, proba: npt.ArrayLike, n: int) -> npt.NDArray[np.float64]:
    arr = np.asarray(proba, dtype=np.float64)
    if arr.shape != (n, len(LABELS)):
        raise ValueError(f"{name} must have shape ({n}, {len(LABELS)}), got {arr.shape}")
    return arr


def _bin_stats(
    y: npt.NDArray[np.float64], p: npt.NDArray[np.float64], bins: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    # p == 1.0 belongs in the last bin, not an extra one; clipping also absorbs float noise just outside [0, 1].
    idx = np.clip((p * bins).astype(np.int64), 0, bins - 1)
    counts = np.bincount(idx, minlength=bins).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.bincount(idx, weights=y, minlength=bins) / counts
        predicted = np.bincount(idx, weights=p, minlength=bins) / counts
    return counts, observed, predicted


def _save(fig: Figure, path: Path) -> None:
    try:
        fig.savefig(path, dpi=_DPI, metadata=_PNG_METADATA)
    finally:
        plt.close(fig)


def _new_figure(nrows: int, ncols: int, size: tuple[float, float], title: str, **kwargs: Any) -> tuple[Figure, Any]:
    fig, axes = plt.subplots(nrows, ncols, figsize=size, dpi=_DPI, layout="constrained", **kwargs)
    if title:
        fig.suptitle(title)
    return fig, axes


def _no_data(ax: Axes, why: str) -> None:
    ax.text(0.5, 0.5, why, ha="center", va="center", transform=ax.transAxes, color="0.4")


def _roc_panel(
    ax: Axes,
    heading: str,
    positive: npt.NDArray[np.bool_],
    scores: Mapping[str, npt.NDArray[np.float64]],
    *,
    log_fpr: bool,
    threshold: float | None = None,
) -> None:
    ax.set_title(heading, fontsize=10)
    ax.set_xlabel("false-positive rate")
    ax.set_ylabel("true-positive rate")
    ax.set_ylim(0.0, 1.02)
    lo = _MIN_FPR if log_fpr else 0.0
    if log_fpr:
        ax.set_xscale("log")
    ax.set_xlim(lo, 1.0)
    chance = np.logspace(np.log10(_MIN_FPR), 0.0, 50) if log_fpr else np.array([0.0, 1.0])
    ax.plot(chance, chance, color="0.75", linestyle="--", linewidth=0.8)
    if positive.all() or not positive.any():
        _no_data(ax, "no positives" if not positive.any() else "no negatives")
        return
    for i, (name, score) in enumerate(scores.items()):
        fpr, tpr, _ = roc_curve(positive, score)
        auc = roc_auc_score(positive, score)
        x = np.maximum(fpr, _MIN_FPR) if log_fpr else fpr
        is_model = i == 0
        ax.plot(
            x,
            tpr,
            color=f"C{i}",
            linewidth=1.8 if is_model else 1.0,
            alpha=1.0 if is_model else 0.8,
            drawstyle="steps-post",
            label=f"{name} (AUC {auc:.3f})",
        )
    if log_fpr:
        ax.axvline(_FPR_MARK, color="0.3", linestyle=":", linewidth=1.0, label=f"FPR = {_FPR_MARK:g}")
    if threshold is not None:
        model_score = next(iter(scores.values()))
        hit = model_score >= threshold
        op_fpr = float(hit[~positive].mean())
        op_tpr = float(hit[positive].mean())
        ax.plot(
            max(op_fpr, lo),
            op_tpr,
            marker="o",
            markersize=7,
            markerfacecolor="none",
            markeredgecolor="black",
            linestyle="none",
            label=f"threshold {threshold:.3f} (FPR {op_fpr:.3f}, TPR {op_tpr:.3f})",
        )
    # A log axis moves the curve into whichever corner the model's low-FPR behaviour dictates.
    ax.legend(loc="best" if log_fpr else "lower right", fontsize=7)
    ax.grid(True, which="major", alpha=0.3)


def _roc_figure(
    labels: npt.NDArray[np.object_],
    curves: Mapping[str, npt.NDArray[np.float64]],
    threshold: float | None,
    title: str,
) -> Figure:
    fig, axes = _new_figure(2, 2, (8.0, 7.0), title)
    for k, label in enumerate(LABELS):
        _roc_panel(
            axes.flat[k],
            f"{label} vs rest",
            labels == label,
            {name: p[:, k] for name, p in curves.items()},
            log_fpr=False,
        )
    _roc_panel(
        axes.flat[3],
        "artifact (translated or spun) vs original",
        labels != LABELS[0],
        {name: 1.0 - p[:, 0] for name, p in curves.items()},
        log_fpr=True,
        threshold=threshold,
    )
    return fig


def _reliability_figure(
    labels: npt.NDArray[np.object_], proba: npt.NDArray[np.float64], title: str, bins: int = 10
) -> Figure:
    fig, axes = _new_figure(2, len(LABELS), (8.0, 5.0), title, sharex="col", gridspec_kw={"height_ratios": [3, 1]})
    edges = np.linspace(0.0, 1.0, bins + 1)
    centers = (edges[:-1] + edges[1:]) / 2
    for k, label in enumerate(LABELS):
        top: Axes = axes[0, k]
        bottom: Axes = axes[1, k]
        y = (labels == label).astype(np.float64)
        p = proba[:, k]
        top.set_title(label, fontsize=10)
        top.plot([0.0, 1.0], [0.0, 1.0], color="0.75", linestyle="--", linewidth=0.8)
        top.set_xlim(0.0, 1.0)
        top.set_ylim(0.0, 1.0)
        bottom.set_xlabel("predicted probability")
        if k == 0:
            top.set_ylabel("observed frequency")
            bottom.set_ylabel("rows")
        if y.size == 0:
            _no_data(top, "no rows")
            continue
        counts, observed, predicted = _bin_stats(y, p, bins)
        filled = counts > 0
        ece = expected_calibration_error(y, p, bins)
        top.plot(predicted[filled], observed[filled], marker="o", markersize=4, color="C0", label=f"ECE {ece:.3f}")
        top.legend(loc="upper left", fontsize=8)
        top.grid(True, alpha=0.3)
        bottom.bar(centers, counts, width=1.0 / bins, color="C0", alpha=0.6, edgecolor="white")
        # Most rows sit in the end bins; a log axis keeps the sparse middle bins visible.
        if counts.max() > 0:
            bottom.set_yscale("log")
            bottom.set_ylim(0.8, counts.max() * 2)
    return fig


def _confusion_figure(labels: npt.NDArray[np.object_], proba: npt.NDArray[np.float64], title: str) -> Figure:
    index = {label: i for i, label in enumerate(LABELS)}
    true_idx = np.array([index[str(v)] for v in labels], dtype=np.int64)
    pred_idx = np.argmax(proba, axis=1) if proba.shape[0] else np.zeros(0, dtype=np.int64)
    n = len(LABELS)
    counts = np.bincount(true_idx * n + pred_idx, minlength=n * n).reshape(n, n)
    row_totals = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, row_totals, out=np.zeros(counts.shape, dtype=np.float64), where=row_totals > 0)

    fig, ax = _new_figure(1, 1, (5.0, 4.5), title)
    image = ax.imshow(counts, cmap="Blues", vmin=0)
    fig.colorbar(image, ax=ax, label="rows", shrink=0.8)
    dark = counts.max() / 2
    for i in range(n):
        for j in range(n):
            ax.text(
                j,
                i,
                f"{counts[i, j]}\n{share[i, j]:.0%}",
                ha="center",
                va="center",
                fontsize=10,
                color="white" if counts[i, j] > dark else "black",
            )
    ax.set_xticks(range(n), LABELS)
    ax.set_yticks(range(n), LABELS)
    ax.set_xlabel("predicted (argmax)")
    ax.set_ylabel("true")
    return fig
