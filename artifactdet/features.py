"""The scikit-learn face of the tells: raw texts in, one row of tell features per text out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, TransformerMixin

from artifactdet.analysis import analyse
from artifactdet.resources import load_resources
from artifactdet.tells import FEATURE_NAMES, run_tells


class TellFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Stateless transformer; the resources it reads are loaded once per process, not pickled."""

    def fit(self, X: Iterable[str], y: Any = None) -> TellFeatures:
        self.n_features_out_ = len(FEATURE_NAMES)
        return self

    def transform(self, X: Iterable[str]) -> npt.NDArray[np.float64]:
        res = load_resources()
        rows = [run_tells(analyse(text), res).features for text in X]
        return np.vstack(rows) if rows else np.zeros((0, len(FEATURE_NAMES)))

    def get_feature_names_out(self, input_features: Any = None) -> npt.NDArray[np.str_]:
        return np.asarray(FEATURE_NAMES, dtype=str)
