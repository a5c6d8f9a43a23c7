"""A classifier calibrated on out-of-fold predictions, so the calibration never sees its own training fit.

scikit-learn's ``CalibratedClassifierCV(ensemble=False)`` does the same cross-fitting but keeps the out-of-fold
predictions to itself; training needs them to choose thresholds (for a target false-positive rate on original
text) on the same held-out scores the calibration was fitted on, so this small estimator keeps them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, StratifiedKFold


def held_out_folds(
    y: npt.NDArray[Any], groups: Sequence[Any] | None, cv: int, seed: int
) -> list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]:
    """(train, held-out) row indices: by group when groups are given, else stratified; never more folds than
    the rarest class has members (small runs), never fewer than two."""
    folds = max(2, min(cv, int(np.unique(y, return_counts=True)[1].min())))
    splitter: Any = (
        GroupKFold(n_splits=folds)
        if groups is not None
        else StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    )
    return list(splitter.split(np.zeros((len(y), 1)), y, groups))


# Class weights n_c ** -power in the calibration fit: 0 keeps the training shares as priors, 1 makes them equal.
BALANCE_GRID: Final = (0.0, 0.25, 0.5, 0.75, 1.0)


class OOFCalibratedClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]  # sklearn is untyped
    """``estimator`` refit on all data; a multinomial logistic calibrator fitted on out-of-fold decision values.

    Parameters follow scikit-learn's rules (stored as given). ``balance`` sets the class priors the
    probabilities are calibrated for: training shares are partly accidents of collection, and how far to move
    from them toward equal priors (0 = keep, 1 = equal) is chosen, with ``"auto"``, for the best macro-F1 of the
    out-of-fold predictions themselves. Fitted: ``estimator_``, ``classes_``, ``calibrator_`` (a multinomial
    logistic regression on the decision values), ``balance_`` and ``balance_scores_`` (macro-F1 per power
    tried) and ``oof_proba_`` (calibrated out-of-fold probabilities of the training rows, for thresholds).
    """

    def __init__(self, estimator: Any, cv: int = 5, balance: float | str = "auto", random_state: int = 0) -> None:
        self.estimator = estimator
        self.cv = cv
        self.balance = balance
        self.random_state = random_state

    def fit(
        self, X: Any, y: Sequence[Any] | npt.NDArray[Any], groups: Sequence[Any] | None = None
    ) -> OOFCalibratedClassifier:
        y_arr = np.asarray(y)
        self.classes_ = np.unique(y_arr)
        decision = np.zeros((len(y_arr), len(self.classes_)))
        for train_idx, held_idx in held_out_folds(y_arr, groups, self.cv, self.random_state):
            fold = clone(self.estimator).fit(X[train_idx], y_arr[train_idx])
            decision[held_idx] = self._decision(fold, X[held_idx], list(fold.classes_))
        powers = BALANCE_GRID if self.balance == "auto" else (float(self.balance),)
        self.balance_scores_: dict[float, float] = {}
        best: tuple[float, float, Any] | None = None
        for power in powers:
            calibrator = self._fit_calibrator(decision, y_arr, power)
            pred = calibrator.classes_[np.argmax(calibrator.predict_proba(decision), axis=1)]
            score = float(f1_score(y_arr, pred, average="macro"))
            self.balance_scores_[power] = score
            if best is None or score > best[0]:
                best = (score, power, calibrator)
        assert best is not None
        _, self.balance_, self.calibrator_ = best
        self.oof_proba_ = self._calibrate(decision)
        self.estimator_ = clone(self.estimator).fit(X, y_arr)
        return self

    @staticmethod
    def _fit_calibrator(decision: npt.NDArray[np.float64], y: npt.NDArray[Any], power: float) -> LogisticRegression:
        # One multinomial logistic regression over all classes' decision values (vector scaling): per-class
        # one-vs-rest sigmoids, renormalised, skew the argmax when one class separates worse than the others.
        labels, counts = np.unique(y, return_counts=True)
        per_class = dict(zip(labels, (counts / counts.sum()) ** -power, strict=True))
        weights = np.asarray([per_class[label] for label in y])
        return LogisticRegression(C=100.0, max_iter=1000).fit(decision, y, sample_weight=weights / weights.mean())

    def _decision(self, model: Any, X: Any, fold_classes: list[Any]) -> npt.NDArray[np.float64]:
        raw = np.asarray(model.decision_function(X), dtype=float)
        if raw.ndim == 1:  # binary estimators return one column
            raw = np.column_stack([-raw, raw])
        out = np.full((raw.shape[0], len(self.classes_)), -1e3)
        for j, label in enumerate(fold_classes):
            out[:, list(self.classes_).index(label)] = raw[:, j]
        return out

    def _calibrate(self, decision: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        order = [list(self.calibrator_.classes_).index(label) for label in self.classes_]
        out: npt.NDArray[np.float64] = np.asarray(self.calibrator_.predict_proba(decision))[:, order]
        return out

    def decision_function(self, X: Any) -> npt.NDArray[np.float64]:
        return self._decision(self.estimator_, X, list(self.estimator_.classes_))

    def predict_proba(self, X: Any) -> npt.NDArray[np.float64]:
        return self._calibrate(self.decision_function(X))

    def predict(self, X: Any) -> npt.NDArray[Any]:
        out: npt.NDArray[Any] = np.asarray(self.classes_)[np.argmax(self.predict_proba(X), axis=1)]
        return out
