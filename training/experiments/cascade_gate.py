"""Experiment (not a tool): could a fastText-speed bag-of-words gate pass most original text unscored?

A cascade would score every document with a cheap linear model over word unigrams and bigrams and send only the
ones it cannot call original to the full pipeline. That is worth having only if, at a threshold that lets
through almost no artifacts, it passes most originals. The gate is fitted on the training split; its threshold
is the ``miss`` quantile of its out-of-fold scores on training artifacts (5 folds by group); the shares are
measured on the test split.

    ARTIFACTDET_SHARED=../shared python -m training.experiments.cascade_gate

Measured 2026-11-22: at 1% / 2% / 5% of training artifacts let through, the test split let through 1.1% / 1.8%
/ 3.4% of artifacts and passed 6.1% / 10.9% / 20.5% of originals (news 4.7% / 5.3% / 6.4%). Most originals would
still need the full pipeline, so a cascade would not come near the throughput target; nothing was built on it.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from training.train import corpus_splits, parse_run_args


def main() -> None:
    args = parse_run_args(argparse.ArgumentParser(description=__doc__), [])
    train, test = corpus_splits(args)
    vec = HashingVectorizer(
        n_features=2**20, ngram_range=(1, 2), alternate_sign=False, token_pattern=r"(?u)\b\w+\b|[^\w\s]"
    )
    X_train = vec.transform([it.sample.text for it in train])
    X_test = vec.transform([it.sample.text for it in test])
    y_train = np.array([it.sample.label != "original" for it in train])
    y_test = np.array([it.sample.label != "original" for it in test])
    oof = np.zeros(len(train))
    for fit, held in GroupKFold(5).split(X_train, y_train, [it.sample.group for it in train]):
        model = LogisticRegression(C=4.0, max_iter=2000).fit(X_train[fit], y_train[fit])
        oof[held] = model.decision_function(X_train[held])
    scores = LogisticRegression(C=4.0, max_iter=2000).fit(X_train, y_train).decision_function(X_test)
    for miss in (0.01, 0.02, 0.05):
        passed = scores < np.quantile(oof[y_train], miss)
        by_genre: dict[str, list[bool]] = defaultdict(list)
        for it, p in zip(test, passed, strict=True):
            if it.sample.label == "original":
                by_genre[it.sample.genre].append(bool(p))
        print(
            f"training artifacts let through {miss:.0%}: test artifacts let through {passed[y_test].mean():.3f}, "
            f"originals passed {passed[~y_test].mean():.3f}, news originals passed {np.mean(by_genre['news']):.3f}"
        )


if __name__ == "__main__":
    main()
