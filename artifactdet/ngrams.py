"""Word n-gram evidence learned from data, stacked under the tells.

The tells encode what is known about translation and spinning; a linear model over hashed word unigrams and
bigrams picks up what no tell names (translationese phrasing, a spinner's favourite substitutes). It reads the
tokens of the shared analysis, so nothing is tokenised twice, and it is fitted in training like the trees:
the trees see its out-of-fold scores, never its scores on its own training rows.

A document enters the model as one sparse row: the tell features first, then the hashed n-gram counts.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.utils.extmath import softmax
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

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


def _class_columns(model_classes: npt.NDArray[Any], classes: npt.NDArray[Any]) -> list[int]:
    """Where each of a model's classes goes among ``classes`` (a fold may lack one)."""
    return [list(classes).index(label) for label in model_classes]


def _ordered_decision(model: Any, H: Any, classes: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    raw = np.asarray(model.decision_function(H), dtype=float)
    out = np.full((raw.shape[0], len(classes)), -10.0)
    out[:, _class_columns(model.classes_, classes)] = raw
    return out


@dataclass(frozen=True, eq=False)
class _NgramScorer:
    """A fitted :func:`ngram_model` pipeline's decision values, without its per-call overhead.

    ``Pipeline.decision_function`` validates the rows again in each step, and the linear model multiplies by
    ``coef_.T``, an F-ordered view that scipy copies (3 x 2^19 floats, 12 MB) on every call: most of the time
    of a one-document prediction. Here the transposed weights are held C-ordered once, and the tf-idf step is
    applied as ``TfidfTransformer.transform`` does it (``data *= idf[indices]``, then the same in-place L2 row
    normalisation); the same kernels run in the same order, so the decision values are bit-identical.
    """

    idf: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]  # coef_.T, C-ordered: (n_features, n_model_classes)
    intercept: npt.NDArray[np.float64]
    columns: list[int]  # the column of each of the model's classes in the output
    n_classes: int

    @classmethod
    def of(
        cls, pipeline: Pipeline, classes: npt.NDArray[Any], mask: npt.NDArray[np.bool_] | None = None
    ) -> _NgramScorer:
        tfidf, linear = (step for _, step in pipeline.steps)
        # What ngram_model builds; another configuration would need other arithmetic here.
        if not (
            isinstance(tfidf, TfidfTransformer)
            and tfidf.use_idf
            and tfidf.norm == "l2"
            and not tfidf.sublinear_tf
            and isinstance(linear, SGDClassifier)
            and linear.coef_.shape[0] == len(linear.classes_) > 2
        ):
            raise TypeError(f"not a multiclass ngram_model pipeline: {pipeline!r}")
        idf = np.asarray(tfidf.idf_, dtype=np.float64)
        return cls(
            # A masked column's weight 0 makes its count 0, as if absent: it adds exactly 0.0 to the row's norm
            # and to each decision value, so the result is bit-identical to fitting's masked rows.
            idf=idf if mask is None else np.where(mask, idf, 0.0),
            weights=np.ascontiguousarray(linear.coef_.T),
            intercept=linear.intercept_,
            columns=_class_columns(linear.classes_, classes),
            n_classes=len(classes),
        )

    def decision(self, H: sp.csr_matrix) -> npt.NDArray[np.float64]:
        """Decision values per class (the -10.0 of :func:`_ordered_decision` for classes the model lacks)."""
        X = sp.csr_matrix((H.data * self.idf[H.indices], H.indices, H.indptr), shape=H.shape)
        inplace_csr_row_normalize_l2(X)
        out = np.full((H.shape[0], self.n_classes), -10.0)
        out[:, self.columns] = X @ self.weights + self.intercept
        return out


# Up to this many rows the compiled trees are faster than scikit-learn's (measured: 0.2 vs 2.0 ms for one row,
# 1.7 vs 2.9 ms for 64); they walk every tree as deep as the deepest one goes, so on large batches
# scikit-learn's per-tree Cython is faster (15 vs 6 ms for 600 rows) and predicts instead.
_COMPILED_MAX_ROWS: Final = 64


@dataclass(frozen=True, eq=False)
class _CompiledTrees:
    """A fitted ``HistGradientBoostingClassifier``'s ``decision_function`` on numeric features, as flat arrays.

    scikit-learn predicts tree by tree: one Cython call per tree (99 here), each with its own Python and OpenMP
    set-up, after validating the input: about 2 ms a call however few rows it has. Here all trees take one
    step down for all rows at once, ``depth`` times. Each row takes the branch scikit-learn's predictor takes (a
    missing value goes where training sent missing values, a number right when ``x > threshold``), and the leaf
    values are added to the baseline in the same order (iteration by iteration), so the decision values are
    bit-identical. Reads the model's private ``_predictors`` and ``_baseline_prediction``: bundles are refused
    under another scikit-learn minor version, and the tests compare the two.
    """

    model: HistGradientBoostingClassifier  # predicts batches of more than _COMPILED_MAX_ROWS rows
    classes_: npt.NDArray[Any]
    feature: npt.NDArray[np.intp]  # per node of all trees, concatenated
    threshold: npt.NDArray[np.float64]
    missing_right: npt.NDArray[np.bool_]
    children: npt.NDArray[np.intp]  # node i's left child at 2i, right at 2i + 1; a leaf is its own child
    value: npt.NDArray[np.float64]
    roots: npt.NDArray[np.intp]  # iteration-major, as the trees are summed
    depth: int  # steps from the roots to the deepest leaf
    baseline: npt.NDArray[np.float64]
    per_iteration: int  # trees per boosting iteration (one per class, or one for two classes)

    @classmethod
    def of(cls, model: object) -> _CompiledTrees | None:
        """The compiled trees, or None for a model they cannot stand for (not gradient boosting, categorical)."""
        if not isinstance(model, HistGradientBoostingClassifier) or model._preprocessor is not None:
            return None
        trees = [predictor.nodes for iteration in model._predictors for predictor in iteration]
        nodes = np.concatenate(trees)
        if nodes["is_categorical"].any():
            return None
        sizes = [len(tree) for tree in trees]
        starts = np.cumsum([0, *sizes[:-1]])
        offset = np.repeat(starts, sizes)
        own = np.arange(len(nodes))
        leaf = nodes["is_leaf"].astype(bool)
        children = np.empty(2 * len(nodes), dtype=np.intp)
        children[0::2] = np.where(leaf, own, nodes["left"].astype(np.intp) + offset)
        children[1::2] = np.where(leaf, own, nodes["right"].astype(np.intp) + offset)
        return cls(
            model=model,
            classes_=model.classes_,
            feature=nodes["feature_idx"].astype(np.intp),
            threshold=nodes["num_threshold"].astype(np.float64),
            missing_right=~nodes["missing_go_to_left"].astype(bool),
            children=children,
            value=nodes["value"].astype(np.float64),
            roots=starts.astype(np.intp),
            depth=int(nodes["depth"].max()),
            baseline=model._baseline_prediction,
            per_iteration=model.n_trees_per_iteration_,
        )

    def decision_function(self, X: Any) -> npt.NDArray[np.float64]:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] > _COMPILED_MAX_ROWS:
            out: npt.NDArray[np.float64] = self.model.decision_function(X)
            return out
        n, n_features = X.shape
        if n_features != self.model.n_features_in_:
            raise ValueError(f"X has {n_features} features, the trees read {self.model.n_features_in_}")
        flat = X.ravel()
        # One walk per (row, tree), row-major: ``row_start`` is where the walk's row begins in ``flat``.
        row_start = np.repeat(np.arange(n, dtype=np.intp) * n_features, len(self.roots))
        node = np.tile(self.roots, n)
        missing = bool(np.isnan(flat).any())
        for _ in range(self.depth):
            x = flat.take(row_start + self.feature.take(node))
            right = x > self.threshold.take(node)  # false for NaN: missing values are sent on below
            if missing:
                nan = np.isnan(x)
                right[nan] = self.missing_right.take(node[nan])
            node = self.children.take(2 * node + right)
        leaves = self.value.take(node).reshape(n, -1, self.per_iteration)
        raw = np.zeros((n, self.per_iteration), order="F")
        raw += self.baseline
        for i in range(leaves.shape[1]):
            raw += leaves[:, i]
        return raw.ravel() if self.per_iteration == 1 else raw


@dataclass(frozen=True, eq=False)
class _Softmax:
    """A fitted multinomial ``LogisticRegression``'s ``predict_proba``, without validating its input again, and the
    same for a row whatever rows are scored with it.

    The calibrator reads three decision values a row, and validating them costs more than the arithmetic (about
    0.2 ms a call). scikit-learn's ``X @ coef_.T`` goes to BLAS, which picks another kernel, and so another
    summation order, for another number of rows: a document scored alone and in a batch differed in the last bit
    (a Dask partition of one against the local engine's batch). Here each row's values are summed term by term in
    a fixed order, then scikit-learn's ``softmax``: within a few units in the last place of scikit-learn's.
    """

    classes_: npt.NDArray[Any]
    weights: npt.NDArray[np.float64]  # coef_.T
    intercept: npt.NDArray[np.float64]

    @classmethod
    def of(cls, model: object) -> _Softmax | None:
        if not isinstance(model, LogisticRegression) or len(model.classes_) <= 2:
            return None  # binary models predict through a logistic, not a softmax
        return cls(model.classes_, np.ascontiguousarray(model.coef_.T), model.intercept_)

    def predict_proba(self, X: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        X = np.asarray(X, dtype=np.float64)
        z = X[:, :1] * self.weights[0]
        for j in range(1, X.shape[1]):
            z = z + X[:, j : j + 1] * self.weights[j]
        out: npt.NDArray[np.float64] = softmax(z + self.intercept, copy=False)
        return out


@dataclass(frozen=True, eq=False)
class _Prediction:
    """What a fitted :class:`StackedClassifier` predicts with: its models as made for scoring, not training."""

    ngram_source: Pipeline  # the fitted models these were made from: a refit classifier gets new ones
    final_source: Any
    ngram: _NgramScorer
    # final_ itself, or a shallow copy whose ``estimator_`` (trees) and ``calibrator_`` (a multinomial logistic
    # regression) are replaced by the fast equivalents above: final_'s own code runs on them.
    final: Any
    order: list[int]  # the column of each of the classifier's classes among final's

    @classmethod
    def of(cls, model: StackedClassifier) -> _Prediction:
        final = model.final_
        fast = {
            "estimator_": _CompiledTrees.of(getattr(final, "estimator_", None)),
            "calibrator_": _Softmax.of(getattr(final, "calibrator_", None)),
        }
        if any(fast.values()):
            final = copy.copy(final)
            for name, replacement in fast.items():
                if replacement is not None:
                    setattr(final, name, replacement)
        order = [list(model.final_.classes_).index(label) for label in model.classes_]
        scorer = _NgramScorer.of(model.ngram_, model.classes_, model.ngram_mask_)
        return cls(model.ngram_, model.final_, scorer, final, order)


class StackedClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]  # sklearn is untyped
    """Trees over the tell features plus an n-gram model's class scores.

    ``X`` is ``stack_rows(...)``: the first ``n_tells`` columns are tell features, the rest hashed n-grams.
    ``final`` is fitted on the tell features plus the n-gram model's out-of-fold decision values (cv folds,
    by group when ``groups`` are given); the n-gram model is then refit on every row for scoring. Fitted:
    ``ngram_``, ``final_``, ``classes_``, ``ngram_mask_``; ``oof_proba_`` is the final estimator's, when it keeps
    one.

    ``min_df``: the n-gram model reads only hashed columns present in at least this many training rows
    (``ngram_mask_``; None when ``min_df`` is 1). A topic's words are rarer than a class's phrasing: held out of
    training, Wikipedia's originals were flagged at threshold 0.045 with every column and 0.009 with those in 35
    of about 10,000 documents (``training.experiments.ngram_topic``; ``training.train.NGRAM_MIN_DF``).
    Predictions run on a :class:`_Prediction` made from the fitted models on first use and never pickled, so
    bundles saved before it existed load and predict unchanged.
    """

    # A class-level default: instances unpickled from bundles saved before it existed have no such attribute.
    _prediction: _Prediction | None = None
    ngram_mask_: npt.NDArray[np.bool_] | None = None  # likewise: bundles from before min_df read every column

    def __init__(self, final: Any, n_tells: int, cv: int = 5, seed: int = 0, min_df: int = 1) -> None:
        self.final = final
        self.n_tells = n_tells
        self.cv = cv
        self.seed = seed
        self.min_df = min_df

    def _split(self, X: Any) -> tuple[npt.NDArray[np.float64], sp.csr_matrix]:
        X = sp.csr_matrix(X)
        return X[:, : self.n_tells].toarray(), X[:, self.n_tells :]

    def fit(
        self, X: Any, y: Sequence[Any] | npt.NDArray[Any], groups: Sequence[Any] | None = None
    ) -> StackedClassifier:
        y_arr = np.asarray(y)
        self.classes_ = np.unique(y_arr)
        tells, H = self._split(X)
        # Label-free, so fitted once on every row: the out-of-fold scores below see the same columns as scoring.
        self.ngram_mask_ = None if self.min_df <= 1 else np.asarray((H > 0).sum(axis=0)).ravel() >= self.min_df
        H = self.masked(H)
        oof = np.zeros((len(y_arr), len(self.classes_)))
        for train_idx, held_idx in held_out_folds(y_arr, groups, self.cv, self.seed):
            fold = ngram_model(self.seed).fit(H[train_idx], y_arr[train_idx])
            oof[held_idx] = _ordered_decision(fold, H[held_idx], self.classes_)
        self.ngram_ = ngram_model(self.seed).fit(H, y_arr)
        # ``final`` takes groups (OOFCalibratedClassifier does): its own calibration folds follow them too.
        self.final_ = clone(self.final).fit(np.hstack([tells, oof]), y_arr, groups=groups)
        return self

    def masked(self, H: sp.csr_matrix) -> sp.csr_matrix:
        """``H`` with the n-gram columns outside ``ngram_mask_`` removed (zeroed and dropped from the sparse
        structure), as the n-gram model was fitted."""
        if self.ngram_mask_ is None:
            return H
        H = sp.csr_matrix(H, copy=True)
        H.data[~self.ngram_mask_[H.indices]] = 0.0
        H.eliminate_zeros()
        return H

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())  # a copy: the instance keeps its prediction models
        state.pop("_prediction", None)  # derived from ngram_ and final_, and as large: made again after loading
        return state

    def _predictor(self) -> _Prediction:
        prediction = self._prediction
        if (
            prediction is None
            or prediction.ngram_source is not self.ngram_
            or prediction.final_source is not self.final_
        ):
            prediction = self._prediction = _Prediction.of(self)  # first use, or refit since
        return prediction

    @property
    def oof_proba_(self) -> npt.NDArray[np.float64]:
        out: npt.NDArray[np.float64] = self.final_.oof_proba_
        return out

    def predict_proba(self, X: Any) -> npt.NDArray[np.float64]:
        return self.predict_proba_parts(*self._split(X))

    def predict_proba_parts(self, tells: npt.NDArray[np.float64], counts: sp.csr_matrix) -> npt.NDArray[np.float64]:
        """:meth:`predict_proba` of ``stack_rows(tells, counts)``, for a caller that has the parts: stacking them
        only to split them again costs as much as predicting one row (about 0.4 ms each, measured)."""
        prediction = self._predictor()
        stacked = np.hstack([tells, prediction.ngram.decision(counts)])
        proba = np.asarray(prediction.final.predict_proba(stacked), dtype=float)
        out: npt.NDArray[np.float64] = proba[:, prediction.order]
        return out

    def predict(self, X: Any) -> npt.NDArray[Any]:
        out: npt.NDArray[Any] = self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return out

    def ngram_scores(self, X: Any) -> npt.NDArray[np.float64]:
        """The n-gram model's decision values per class (``classes_`` order), for explanations."""
        return self._predictor().ngram.decision(self._split(X)[1])
