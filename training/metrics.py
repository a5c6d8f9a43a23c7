"""Metrics shared by the model and its peers, computed the same way for each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import confusion_matrix, f1_score, roc_auc_score

from artifactdet.model import LABELS


def threshold_at_fpr(p_artifact: npt.NDArray[np.float64], is_original: npt.NDArray[np.bool_], fpr: float) -> float:
    """Smallest artifact-score threshold whose false-positive rate on original text is at most ``fpr``."""
    neg = np.sort(p_artifact[is_original])
    if len(neg) == 0:
        return 0.5
    k = int(np.floor(fpr * len(neg)))
    # Drop when score >= t: t just above the (n-k)-th largest original score keeps at most k false positives.
    idx = len(neg) - k - 1
    return float(min(1.0, np.nextafter(neg[idx], np.inf))) if idx >= 0 else 0.0


def metrics(
    y_true: Sequence[str],
    proba: npt.NDArray[np.float64],
    groups: dict[str, Sequence[str]] | None = None,
    threshold: float | None = None,
) -> dict[str, Any]:
    """macro-F1, one-vs-rest ROC-AUC per class, artifact AUC, FPR on original text, per-group breakdowns.

    ``proba`` columns follow ``LABELS``; ``groups`` maps a breakdown name to one key per sample (genre, source...).
    """
    y = np.asarray(y_true)
    pred = np.asarray(LABELS)[np.argmax(proba, axis=1)]
    out: dict[str, Any] = {
        "n": len(y),
        "support": {label: int((y == label).sum()) for label in LABELS},
        "macro_f1": float(f1_score(y, pred, labels=list(LABELS), average="macro")),
        "f1": {
            label: float(v)
            for label, v in zip(LABELS, f1_score(y, pred, labels=list(LABELS), average=None), strict=True)
        },
        "roc_auc": {},
        "confusion": {"labels": list(LABELS), "matrix": confusion_matrix(y, pred, labels=list(LABELS)).tolist()},
    }
    for i, label in enumerate(LABELS):
        positives = y == label
        if 0 < positives.sum() < len(y):
            out["roc_auc"][label] = float(roc_auc_score(positives, proba[:, i]))
    is_original = y == "original"
    artifact = 1.0 - proba[:, 0]
    if 0 < is_original.sum() < len(y):
        out["artifact_auc"] = float(roc_auc_score(~is_original, artifact))
        # A point on the ROC curve (the threshold is set on these very originals): how much an ideal
        # 1%-FPR operating point would catch. The deployable figure is tpr_artifact_at_threshold.
        oracle = threshold_at_fpr(artifact, is_original, 0.01)
        out["tpr_at_1pct_fpr"] = float((artifact[~is_original] >= oracle).mean())
    out["fpr_original_argmax"] = float((pred[is_original] != "original").mean()) if is_original.any() else None
    if threshold is not None:
        out["threshold"] = threshold
        out["fpr_original_at_threshold"] = (
            float((artifact[is_original] >= threshold).mean()) if is_original.any() else None
        )
        out["tpr_artifact_at_threshold"] = (
            float((artifact[~is_original] >= threshold).mean()) if (~is_original).any() else None
        )
    for name, keys in (groups or {}).items():
        table: dict[str, dict[str, Any]] = defaultdict(dict)
        k = np.asarray(keys)
        for key in sorted(set(keys)):
            m = k == key
            row: dict[str, Any] = {"n": int(m.sum()), "accuracy": float((pred[m] == y[m]).mean())}
            orig = m & is_original
            if orig.any():
                row["n_original"] = int(orig.sum())
                row["fpr_original"] = float((pred[orig] != "original").mean())
                if threshold is not None:
                    row["fpr_original_at_threshold"] = float((artifact[orig] >= threshold).mean())
            table[str(key)] = row
        out[f"by_{name}"] = dict(table)
    return out
