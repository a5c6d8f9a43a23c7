"""The scoring fast paths give bit-identical results to the straightforward code they replace.

Prediction: the n-gram scorer and the compiled trees against the fitted scikit-learn models; the calibrator's
softmax sums each row in a fixed order instead of through BLAS, so that a row scores the same bits in any batch,
and is checked against scikit-learn's to 1e-12 (relative). Tells: the
substring tests that let a regex scan be skipped never skip one that would match. Validation: the ASCII fast
path counts control characters and scripts as the count of every character did.
"""

from __future__ import annotations

import pickle
import re
import unicodedata
from collections import Counter

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from artifactdet.analysis import analyse
from artifactdet.calibration import OOFCalibratedClassifier
from artifactdet.detector import Detector
from artifactdet.errors import InputError
from artifactdet.ngrams import (
    N_HASHED,
    StackedClassifier,
    _CompiledTrees,
    _ordered_decision,
    hashed_counts,
    ngram_terms,
    stack_rows,
)
from artifactdet.resources import Resources
from artifactdet.tells import expansions, numbers, run_tells
from artifactdet.tells.base import may_match
from artifactdet.tells.provenance import ProvenanceMarkers
from artifactdet.validate import Limits, validate_text

TEXTS = [
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would raise "
    "funds for schools and roads, and that they expected a vote before the end of the month.",
    "Since the Nineteen Nineties, counterfeit consciousness has changed how the council plans its budget, "
    "officials said. The State Division did not answer.",
    "The minister said talks with the Talibanto delegation would resume. He said it was a much torn plan.",
]


def _reference_proba(model: StackedClassifier, X: sp.csr_matrix) -> np.ndarray:
    """What StackedClassifier.predict_proba computed before the fast paths: the fitted models as they are."""
    X = sp.csr_matrix(X)
    tells, H = X[:, : model.n_tells].toarray(), X[:, model.n_tells :]
    stacked = np.hstack([tells, _ordered_decision(model.ngram_, model.masked(H), model.classes_)])
    proba = np.asarray(model.final_.predict_proba(stacked))
    return proba[:, [list(model.final_.classes_).index(label) for label in model.classes_]]


def _assert_sklearn_close(ours: np.ndarray, reference: np.ndarray) -> None:
    np.testing.assert_allclose(ours, reference, rtol=1e-12, atol=0.0)


def _assert_batch_invariant(model: StackedClassifier, X: sp.csr_matrix) -> None:
    """Each row, alone and in every prefix batch, predicts the bits it predicts in the whole batch."""
    whole = model.predict_proba(X)
    for i in range(X.shape[0]):
        assert np.array_equal(model.predict_proba(X[i : i + 1]), whole[i : i + 1])
    for n in (2, 3, 5, 8):
        assert np.array_equal(model.predict_proba(X[:n]), whole[:n])


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load()


@pytest.fixture(scope="module")
def rows(detector: Detector) -> sp.csr_matrix:
    docs = [analyse(t) for t in TEXTS]
    tells = np.vstack([run_tells(d, detector.resources).features for d in docs])
    return stack_rows(tells, hashed_counts([ngram_terms(d) for d in docs]))


def test_shipped_model_predicts_as_its_fitted_models(detector: Detector, rows: sp.csr_matrix) -> None:
    model = detector._model
    # Real rows, and the same with a tell feature missing (NaN) or far out of range, which the trees route apart.
    odd = rows.toarray()
    odd[0, 3] = np.nan
    odd[1, :10] = 1e9
    odd[2, 5:40] = np.nan
    X = sp.vstack([rows, sp.csr_matrix(odd)], format="csr")
    _assert_sklearn_close(model.predict_proba(X), _reference_proba(model, X))
    for i in range(X.shape[0]):  # one row at a time, as the API scores
        _assert_sklearn_close(model.predict_proba(X[i : i + 1]), _reference_proba(model, X[i : i + 1]))
    _assert_batch_invariant(model, X)
    H = X[:, model.n_tells :]
    assert np.array_equal(model.ngram_scores(X), _ordered_decision(model.ngram_, model.masked(H), model.classes_))


def test_a_document_scores_the_same_alone_and_in_a_batch(detector: Detector) -> None:
    """The engines split input differently (Dask partitions, API micro-batches): the bytes written must not move."""
    together = detector.score_batch([*TEXTS, *TEXTS[::-1]])
    for i, text in enumerate(TEXTS):
        [alone] = detector.score_batch([text])
        assert not isinstance(alone, Exception)
        assert [r.scores for r in (together[i], together[-1 - i]) if not isinstance(r, Exception)] == [alone.scores] * 2


def test_predict_proba_parts_is_predict_proba_of_the_stacked_rows(detector: Detector, rows: sp.csr_matrix) -> None:
    model = detector._model
    tells, counts = rows[:, : model.n_tells].toarray(), rows[:, model.n_tells :]
    assert np.array_equal(model.predict_proba_parts(tells, counts), model.predict_proba(rows))


def _hgb_data(n_classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(300, 6))
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int) + (n_classes > 2) * (X[:, 3] > 0.5)
    X[rng.random(X.shape) < 0.1] = np.nan  # missing values in training: both missing directions get learnt
    return X, np.array(["a", "b", "c"])[y]


@pytest.mark.parametrize("n_classes", [2, 3])
def test_compiled_trees_match_scikit_learn(n_classes: int) -> None:
    X, y = _hgb_data(n_classes, seed=n_classes)
    model = HistGradientBoostingClassifier(max_iter=40, random_state=0).fit(X, y)
    trees = _CompiledTrees.of(model)
    assert trees is not None
    rng = np.random.default_rng(9)
    probe = rng.normal(size=(200, 6)) * 2
    probe[rng.random(probe.shape) < 0.2] = np.nan
    probe[:5] = X[:5]  # training rows: values exactly on thresholds' sides as learnt
    # Up to 64 rows the arrays walk the trees; larger batches are scikit-learn's own.
    for batch in (probe[:1], probe[7:8], probe[:64], probe[64:100], X[:64], probe):
        assert np.array_equal(trees.decision_function(batch), model.decision_function(batch))
    with pytest.raises(ValueError, match="features"):
        trees.decision_function(probe[:3, :5])


def test_compiled_trees_refuse_what_they_cannot_stand_for() -> None:
    X, y = _hgb_data(3, seed=0)
    X[:, 5] = np.round(np.abs(X[:, 5]) * 3) % 4
    categorical = HistGradientBoostingClassifier(max_iter=5, categorical_features=[5]).fit(np.nan_to_num(X), y)
    assert _CompiledTrees.of(categorical) is None
    assert _CompiledTrees.of(LogisticRegression()) is None


def _small_stacked(seed: int, final: object) -> tuple[StackedClassifier, sp.csr_matrix, np.ndarray]:
    rng = np.random.default_rng(seed)
    n_tells = 4
    tells = rng.normal(size=(60, n_tells))
    counts = sp.random(60, N_HASHED, density=2e-5, format="csr", random_state=seed)
    counts.data = 1.0 + np.log1p(counts.data)
    y = np.array(["original", "spun", "translated"] * 20)
    X = stack_rows(tells, counts)
    return StackedClassifier(final, n_tells=n_tells, cv=2).fit(X, y), X, y


@pytest.mark.parametrize(
    "final",
    [
        OOFCalibratedClassifier(HistGradientBoostingClassifier(max_iter=10, random_state=0), cv=2, balance=0.0),
        OOFCalibratedClassifier(LogisticRegression(max_iter=200), cv=2, balance=0.0),  # trees not compiled
    ],
)
def test_refit_and_pickle_keep_predictions_exact(final: object) -> None:
    model, X, y = _small_stacked(0, final)
    first = model.predict_proba(X)
    _assert_sklearn_close(first, _reference_proba(model, X))
    if _CompiledTrees.of(model.final_.estimator_) is not None:  # a linear final model multiplies through BLAS
        _assert_batch_invariant(model, X)
    # The prediction models are not pickled (old bundles have none) and are made again after loading.
    blob = pickle.dumps(model)
    assert b"_CompiledTrees" not in blob and b"_NgramScorer" not in blob
    loaded = pickle.loads(blob)
    assert "_prediction" not in vars(loaded) and "_prediction" in vars(model)
    assert np.array_equal(loaded.predict_proba(X), first)
    # A refit on other data must not keep predicting with the first fit's models.
    model.fit(X[::-1], y[::-1])
    _assert_sklearn_close(model.predict_proba(X), _reference_proba(model, X))


def test_min_df_masks_rare_columns_in_fitting_and_scoring() -> None:
    rng = np.random.default_rng(3)
    n_rows, n_tells = 90, 3
    y = np.array(["original", "spun", "translated"] * 30)
    common = np.arange(100, 130)  # each in most rows, weighted by class
    rare = rng.choice(np.arange(1000, N_HASHED), size=n_rows, replace=False)  # one row each
    rows, cols, vals = [], [], []
    for i in range(n_rows):
        for c in common[rng.random(len(common)) < 0.7]:
            rows.append(i)
            cols.append(int(c))
            vals.append(1.0 + (int(c) % 3 == ["original", "spun", "translated"].index(y[i])))
        rows.append(i)
        cols.append(int(rare[i]))
        vals.append(2.0)
    counts = sp.csr_matrix((vals, (rows, cols)), shape=(n_rows, N_HASHED))
    X = stack_rows(rng.normal(size=(n_rows, n_tells)), counts)
    final = OOFCalibratedClassifier(LogisticRegression(max_iter=200), cv=2, balance=0.0)
    model = StackedClassifier(final, n_tells=n_tells, cv=2, min_df=5).fit(X, y)
    assert model.ngram_mask_ is not None
    assert set(np.flatnonzero(model.ngram_mask_)) == set(common.tolist())  # every common column is in >= 5 rows
    first = model.predict_proba(X)
    _assert_sklearn_close(first, _reference_proba(model, X))
    assert np.array_equal(pickle.loads(pickle.dumps(model)).predict_proba(X), first)
    # A masked column is not read: moving each row's rare count elsewhere changes no score.
    moved = X.tolil()
    for i in range(n_rows):
        moved[i, n_tells + int(rare[i])] = 0.0
        moved[i, n_tells + int(rare[(i + 1) % n_rows])] = 5.0
    assert np.array_equal(model.predict_proba(moved.tocsr()), first)
    # Without a minimum every column is read, and the rare ones do change scores.
    plain = StackedClassifier(final, n_tells=n_tells, cv=2).fit(X, y)
    assert plain.ngram_mask_ is None
    assert not np.array_equal(plain.predict_proba(moved.tocsr()), plain.predict_proba(X))


def test_may_match_never_skips_a_pattern_that_matches() -> None:
    pattern = re.compile(r"\b(?:machine|automatically)[ -]translated\b", re.I)
    texts = [
        "It was Machine-Translated.",
        "Nothing here.",
        "It was machine tran\u017flated.",
        "AUTOMAT\u0130CALLY translated",
    ]
    for text in texts:
        doc = analyse(text)
        assert may_match(doc, "translated") or not pattern.search(doc.norm)
    # Non-ASCII text is always scanned: re.I folds "\u017f" to "s", str.lower does not.
    assert may_match(analyse("machine tran\u017flated"), "translated")
    assert not may_match(analyse("plain ascii text"), "translated")


def test_scraper_markers_found_in_non_ascii_text(tiny: Resources) -> None:
    text = "Caf\u00e9 news.\n\u017fource link\nThe po\u017ft x appeared fir\u017ft on y."
    assert ProvenanceMarkers()(analyse(text), tiny).features["provenance.scraper_markers"] == 2.0


HINTED = [
    (numbers._ACRONYM_NUMBER_RE, numbers._ACRONYM_NUMBER_HINT),
    (expansions._ACRONYM_WORD_RE, expansions._ACRONYM_WORD_HINT),
]


@pytest.mark.parametrize("text", ["MH-seventeen", "F-sixteen", "AB-oh-seven", "MH-\u017feven", "ISIS-Okay", "US-Based"])
def test_hints_are_in_every_match(text: str) -> None:
    for pattern, hint in HINTED:
        assert hint.search(text) or not pattern.search(text), (pattern.pattern, text)


def _reference_validate(text: str) -> str:
    """validate_text's character checks as they were written before the ASCII fast path."""
    sample = text[:20_000]
    chars = Counter(sample)
    controls = sum(n for c, n in chars.items() if c not in "\n\r\t\f" and unicodedata.category(c) in ("Cc", "Cs", "Co"))
    if controls > max(2, len(sample) // 100):
        return f"binary {controls}"
    letters = sum(n for c, n in chars.items() if c.isalpha())
    latin = sum(n for c, n in chars.items() if c.isalpha() and c < "\u0250")
    if letters >= 40 and latin / letters < 0.5:
        return "not_english script"
    return "ok"


@pytest.mark.parametrize(
    "text",
    [
        TEXTS[0],
        TEXTS[0] + "\x01\x02\x1f\x7f\x0b",  # ASCII controls, under the limit
        TEXTS[0][:150] + "\x01\x02\x1f\x7f\x0b\x1c",  # over it
        TEXTS[0][:100] + "\x85\x85\x85\ue000",  # non-ASCII controls and private use
        TEXTS[0] + "\t\n\r\f\t\n\r\f",  # white space controls do not count
        "\u4e2d\u6587\u6587\u672c \u65e5\u672c\u8a9e " * 30,
        "caf\u00e9 " * 60,
    ],
)
def test_validate_counts_characters_as_before(text: str) -> None:
    try:
        validate_text(text, Limits(check_language=False))
        got = "ok"
    except InputError as exc:
        got = f"{exc.code} {exc.message.split()[2]}" if exc.code == "binary" else exc.code
    want = _reference_validate(text)
    if want == "not_english script":  # only the language check refuses it
        assert got == "ok"
        with pytest.raises(InputError, match="non-Latin script"):
            validate_text(text)
    else:
        assert got == want
