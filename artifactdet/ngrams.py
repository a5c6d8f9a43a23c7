"""Word n-gram evidence learned from data, stacked under the tells.

The tells encode what is known about translation and spinning; a linear model over hashed word unigrams and
bigrams picks up what no tell names (translationese phrasing, a spinner's favourite substitutes). It reads the
tokens of the shared analysis, so nothing is tokenised twice, and it is fitted in training like the trees:
the trees see its out-of-fold scores, never its scores on its own training rows.

A document enters the model as one sparse row: the tell features first, then the hashed n-gram counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline, make_pipeline

from artifactdet.analysis import Document
from artifactdet.calibration import held_out_folds

# Bundles record this; a change to how tokens become hashed columns must change it, or old weights would be
# read against new columns. Loading refuses a bundle with another scheme.
NGRAM_SCHEME: Final = "lower-tokens-uni-bi-murmur3-2^19-v1"
N_HASHED: Final = 2**19
_HASHER: Final = FeatureHasher(n_features=N_HASHED, input_type="string", alternate_sign=False)


def ngram_terms(doc: Document) -> list[str]:
    """Lowercased tokens (words, numbers, punctuation) and adjacent pairs, as strings to hash."""
    toks = [t.lower for t in doc.tokens]
    return [*toks, *(f"{a} {b}" for a, b in pairwise(toks))]


def hashed_counts(terms: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """Sublinear term frequencies (1 + log count) of each document's hashed terms, one row per document."""
    m = _HASHER.transform(terms).tocsr()
    m.data = 1.0 + np.log(m.data)
    return m


def stack_rows(tell_rows: npt.NDArray[np.float64], counts: sp.csr_matrix) -> sp.csr_matrix:
    """The model's input: tell features, then hashed n-gram counts."""
    return sp.hstack([sp.csr_matrix(tell_rows), counts], format="csr")


def ngram_model(seed: int) -> Pipeline:
    return make_pipeline(
        TfidfTransformer(sublinear_tf=False),  # counts are already sublinear; this adds IDF and L2 norm
        SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=20, tol=None, class_weight="balanced", random_state=seed),
    )


def _ordered_decision(model: Any, H: Any, classes: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    raw = np.asarray(model.decision_function(H), dtype=float)
    out = np.full((raw.shape[0], len(classes)), -10.0)
    for j, label in enumerate(model.classes_):
        out[:, list(classes).index(label)] = raw[:, j]
    return out


class StackedClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]  # sklearn is untyped
    """Trees over the tell features plus an n-gram model's class scores.

    ``X`` is ``stack_rows(...)``: the first ``n_tells`` columns are tell features, the rest hashed n-grams.
    ``final`` is fitted on the tell features plus the n-gram model's out-of-fold decision values (cv folds,
    by group when ``groups`` are given); the n-gram model is then refit on every row for scoring. Fitted:
    ``ngram_``, ``final_``, ``classes_``; ``oof_proba_`` is the final estimator's, when it keeps one.
    """

    def __init__(self, final: Any, n_tells: int, cv: int = 5, seed: int = 0) -> None:
        self.final = final
        self.n_tells = n_tells
        self.cv = cv
        self.seed = seed

    def _split(self, X: Any) -> tuple[npt.NDArray[np.float64], sp.csr_matrix]:
        X = sp.csr_matrix(X)
        return X[:, : self.n_tells].toarray(), X[:, self.n_tells :]

    def fit(
        self, X: Any, y: Sequence[Any] | npt.NDArray[Any], groups: Sequence[Any] | None = None
    ) -> StackedClassifier:
        y_arr = np.asarray(y)
        self.classes_ = np.unique(y_arr)
        tells, H = self._split(X)
        oof = np.zeros((len(y_arr), len(self.classes_)))
        for train_idx, held_idx in held_out_folds(y_arr, groups, self.cv, self.seed):
            fold = ngram_model(self.seed).fit(H[train_idx], y_arr[train_idx])
            oof[held_idx] = _ordered_decision(fold, H[held_idx], self.classes_)
        self.ngram_ = ngram_model(self.seed).fit(H, y_arr)
        # ``final`` takes groups (OOFCalibratedClassifier does): its own calibration folds follow them too.
        self.final_ = clone(self.final).fit(np.hstack([tells, oof]), y_arr, groups=groups)
        return self

    @property
    def oof_proba_(self) -> npt.NDArray[np.float64]:
        out: npt.NDArray[np.float64] = self.final_.oof_proba_
        return out

    def _stacked(self, X: Any) -> npt.NDArray[np.float64]:
        tells, H = self._split(X)
        return np.hstack([tells, _ordered_decision(self.ngram_, H, self.classes_)])

    def predict_proba(self, X: Any) -> npt.NDArray[np.float64]:
        proba = np.asarray(self.final_.predict_proba(self._stacked(X)), dtype=float)
        order = [list(self.final_.classes_).index(label) for label in self.classes_]
        out: npt.NDArray[np.float64] = proba[:, order]
        return out

    def predict(self, X: Any) -> npt.NDArray[Any]:
        out: npt.NDArray[Any] = self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return out

    def ngram_scores(self, X: Any) -> npt.NDArray[np.float64]:
        """The n-gram model's decision values per class (``classes_`` order), for explanations."""
        return _ordered_decision(self.ngram_, self._split(X)[1], self.classes_)
