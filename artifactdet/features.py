"""The scikit-learn face of the tells: raw texts in, one sparse row per text out (tell features, then hashed
word n-grams; see ``artifactdet.ngrams``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from artifactdet.analysis import analyse
from artifactdet.ngrams import N_HASHED, hashed_counts, ngram_terms, stack_rows
from artifactdet.resources import load_resources
from artifactdet.tells import FEATURE_NAMES, run_tells


class TellFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Stateless transformer; the resources it reads are loaded once per process, not pickled.

    ``resources``: a lexicon file to read instead of the shipped one (the evaluation's leave-one-thesaurus-out
    folds); only its path is stored.
    """

    def __init__(self, resources: str | None = None) -> None:
        self.resources = resources

    def fit(self, X: Iterable[str], y: Any = None) -> TellFeatures:
        self.n_features_out_ = len(FEATURE_NAMES) + N_HASHED
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        tells, counts = self.transform_parts(X)
        return stack_rows(tells, counts)

    def transform_parts(self, X: Iterable[str]) -> tuple[npt.NDArray[np.float64], sp.csr_matrix]:
        """Tell features (dense) and hashed n-gram counts (sparse), from one analysis per text."""
        # getattr: bundles pickled before the parameter existed unpickle without the attribute.
        path = getattr(self, "resources", None)
        res = load_resources(Path(path) if path else None)
        rows: list[npt.NDArray[np.float64]] = []
        terms: list[list[str]] = []
        for text in X:
            doc = analyse(text)
            rows.append(run_tells(doc, res).features)
            terms.append(ngram_terms(doc))
        tells = np.vstack(rows) if rows else np.zeros((0, len(FEATURE_NAMES)))
        return tells, hashed_counts(terms)

    def get_feature_names_out(self, input_features: Any = None) -> npt.NDArray[np.str_]:
        return np.asarray([*FEATURE_NAMES, *(f"ngram_hash.{i}" for i in range(N_HASHED))], dtype=str)
