"""OOFCalibratedClassifier: out-of-fold calibration that keeps its held-out predictions for thresholds."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from artifactdet.calibration import OOFCalibratedClassifier


def _data(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rng = np.random.RandomState(seed)
    y = rng.choice(np.asarray(["original", "translated", "spun"]), size=n, p=[0.6, 0.25, 0.15])
    centres = {"original": (0.0, 0.0), "translated": (2.0, 0.0), "spun": (0.0, 2.0)}
    X = np.asarray([centres[label] for label in y]) + rng.normal(size=(n, 2))
    groups = [f"g{i // 3}" for i in range(n)]  # three rows per group, as pseudo-documents of one source
    return X, y, groups


@pytest.mark.parametrize("use_groups", [True, False])
@pytest.mark.parametrize("balance", [1.0, 0.0, "auto"])
def test_probabilities_are_proper_and_out_of_fold_rows_are_all_filled(use_groups: bool, balance: float | str) -> None:
    X, y, groups = _data()
    model = OOFCalibratedClassifier(LogisticRegression(), cv=4, balance=balance)
    model.fit(X, y, groups=groups if use_groups else None)
    assert list(model.classes_) == sorted(set(y))
    for p in (model.oof_proba_, model.predict_proba(X)):
        assert p.shape == (len(y), 3)
        assert np.allclose(p.sum(axis=1), 1.0)
        assert (p >= 0).all() and (p <= 1).all()
    # Every training row got a held-out prediction: none is the uniform fallback of an unfilled row.
    assert not np.allclose(model.oof_proba_, 1 / 3)
    assert (model.predict(X) == model.classes_[np.argmax(model.predict_proba(X), axis=1)]).all()


def test_out_of_fold_predictions_are_less_confident_than_in_sample_ones() -> None:
    X, y, groups = _data(seed=1)
    model = OOFCalibratedClassifier(LogisticRegression(), cv=5).fit(X, y, groups=groups)
    held_out_acc = (model.classes_[model.oof_proba_.argmax(axis=1)] == y).mean()
    assert 0.6 < held_out_acc < 1.0  # a real, imperfect held-out estimate on overlapping classes


def test_balanced_calibration_raises_the_minority_class_share() -> None:
    X, y, groups = _data(seed=2)
    plain = OOFCalibratedClassifier(LogisticRegression(), balance=0.0).fit(X, y, groups=groups)
    balanced = OOFCalibratedClassifier(LogisticRegression(), balance=1.0).fit(X, y, groups=groups)
    spun = list(plain.classes_).index("spun")
    assert balanced.predict_proba(X)[:, spun].mean() > plain.predict_proba(X)[:, spun].mean()


def test_follows_scikit_learn_estimator_rules() -> None:
    model = OOFCalibratedClassifier(LogisticRegression(C=2.0), cv=3, balance=0.5, random_state=7)
    params = model.get_params(deep=False)
    assert params["cv"] == 3 and params["balance"] == 0.5 and params["random_state"] == 7
    copy = clone(model)
    assert not hasattr(copy, "classes_") and copy.get_params(deep=False)["cv"] == 3


def test_auto_balance_picks_the_power_with_the_best_out_of_fold_macro_f1() -> None:
    X, y, groups = _data(seed=3)
    model = OOFCalibratedClassifier(LogisticRegression(), balance="auto").fit(X, y, groups=groups)
    assert set(model.balance_scores_) == {0.0, 0.25, 0.5, 0.75, 1.0}
    assert model.balance_scores_[model.balance_] == max(model.balance_scores_.values())
