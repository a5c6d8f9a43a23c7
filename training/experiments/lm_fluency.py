"""Experiment (not a tool): does a language model's word-pair probability see spins no thesaurus explains?

The fluency tell reads pairs against the statistics split's bigram counts (about 250,000 pairs). The US
English trigram model in the ``pocketsphinx`` wheel has two million bigrams with probabilities and back-off
weights. Per document this computes, over adjacent word pairs both in the model's vocabulary: the mean log10
P(b | a) (backed off where the pair is missing), the mean of log P(b | a) - log P(b) (how much the neighbour
makes the word likelier: a spinner's substitute fits its context less), its 10th percentile, the share of pairs
under -1, the share of pairs the model holds, and the share of words outside its vocabulary. It appends them
and prints, on the test split, each one's single-feature ROC-AUC between original documents and each other
group, beside the fluency tell's four features.

    ARTIFACTDET_SHARED=../shared python -m training.experiments.lm_fluency [--folds thesaurus=aiksaurus ...]

Measured 2026-11-23 (ROC-AUC against 2,524 test originals; two runs gave the same table):

    group              mean log P  log-ratio  ratio p10  ratio<-1  held  outside | fluency tell, best of four
    spun, Aiksaurus    0.617       0.713      0.686      0.672     0.653  0.588  | 0.653
    spun, MyThes       0.580       0.664      0.656      0.629     0.608  0.596  | 0.635
    spun, WordNet      0.579       0.683      0.643      0.621     0.593  0.603  | 0.624
    human translation  0.569       0.692      0.640      0.659     0.587  0.550  | 0.659
    machine transl.    0.542       0.560      0.562      0.585     0.521  0.521  | 0.670

The mean log-ratio separates spun text a little better than the fluency tell (0.66-0.71 against 0.62-0.65),
but human translations, labelled original, score as high (0.692): it measures text unlike the model's
training English, not spinning. Not built into a tell.

``--folds NAME ...`` runs those leave-one-out folds with the shipped procedure, once as shipped and once with
the six LM columns beside the tell columns (the trees read them). Measured 2026-11-23 (accuracy at argmax /
share flagged at the fold's threshold: false positives for genre and language folds, detections for thesaurus
folds); the shipped column repeats ``training.evaluate``'s numbers of that day exactly (before the n-gram model
read only columns in ``training.train.NGRAM_MIN_DF`` documents, and before WordNet and MyThes became one fold;
a rerun now uses both):

    fold                   shipped          with LM columns
    genre=essays           0.856 / 0.005    0.856 / 0.011
    genre=review           0.913 / 0.009    0.911 / 0.010
    genre=wikipedia        0.423 / 0.045    0.568 / 0.027
    language=et            0.694 / 0.491    0.639 / 0.481
    language=ja            0.475 / 0.025    0.438 / 0.000
    language=ru            0.466 / 0.059    0.481 / 0.067
    language=uk            0.588 / 0.150    0.575 / 0.138
    thesaurus=aiksaurus    0.283 / 0.012    0.217 / 0.016
    thesaurus=mythes       0.772 / 0.158    0.857 / 0.239
    thesaurus=wordnet      0.776 / 0.243    0.757 / 0.165
    pooled                 accuracy 0.719, AUC original/translated/spun 0.828/0.893/0.920
                           with LM: 0.723, 0.823/0.905/0.913

The unseen thesaurus (Aiksaurus) is found less often with them, and pooled spun ROC-AUC falls: not built. The
run that crashed in scikit-learn's binning last session ("window shape cannot be larger than input array
shape") is not repeated here; scikit-learn 1.9.1 raises that message for a column missing (NaN) in every row.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.metrics import roc_auc_score

from artifactdet.analysis import Document, analyse
from artifactdet.resources import load_resources
from artifactdet.tells import FEATURE_NAMES, run_tells
from training.evaluate import Fold, fold_features, fold_of, print_fold_runs, score_fold
from training.experiments.surface_slips import group_of
from training.lm_pairs import dump_arpa
from training.train import corpus_splits, parse_run_args

N_LM = 6


class ArpaModel:
    def __init__(self, arpa: Path) -> None:
        self.uni: dict[str, float] = {}
        self.backoff: dict[str, float] = {}
        self.bi: dict[tuple[str, str], float] = {}
        section = ""
        with arpa.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("\\"):
                    section = line.strip()
                    continue
                p = line.split()
                if section == "\\1-grams:" and len(p) >= 2:
                    self.uni[p[1]] = float(p[0])
                    self.backoff[p[1]] = float(p[2]) if len(p) > 2 else 0.0
                elif section == "\\2-grams:" and len(p) >= 3:
                    self.bi[(p[1], p[2])] = float(p[0])

    def features(self, doc: Document) -> list[float]:
        uni, bi, backoff = self.uni, self.bi, self.backoff
        lp: list[float] = []
        ratio: list[float] = []
        seen = words = oov = 0
        for lowers in doc.word_run_lowers:
            words += len(lowers)
            oov += sum(w not in uni for w in lowers)
            for a, b in itertools.pairwise(lowers):
                if a not in uni or b not in uni:
                    continue
                v = bi.get((a, b))
                if v is None:
                    v = backoff[a] + uni[b]
                else:
                    seen += 1
                lp.append(v)
                ratio.append(v - uni[b])
        if not lp:
            return [0.0] * N_LM
        r = np.asarray(ratio)
        return [
            float(np.mean(lp)),
            float(r.mean()),
            float(np.percentile(r, 10)),
            float((r < -1).mean()),
            seen / len(lp),
            oov / max(words, 1),
        ]


NAMES = ("mean log P(b|a)", "mean log-ratio", "log-ratio p10", "log-ratio < -1", "pairs held", "words outside")
FLUENCY = (
    "fluency.unseen_common_pair_rate",
    "fluency.low_common_pair_rate",
    "fluency.mean_log_pair_count",
    "fluency.unseen_pair_rate",
)


def auc(y: list[int], x: list[float]) -> float:
    """ROC-AUC of one feature, whichever direction separates (a single feature has no learnt sign)."""
    a = float(roc_auc_score(y, x))
    return max(a, 1.0 - a)


def load_lm() -> ArpaModel:
    with tempfile.TemporaryDirectory() as tmp:
        arpa = Path(tmp) / "lm.arpa"
        dump_arpa(arpa)
        return ArpaModel(arpa)


def run_folds(args: argparse.Namespace) -> None:
    """The named leave-one-out folds, shipped procedure, with and without the LM columns beside the tells."""
    train, test = corpus_splits(args)
    folds = sorted({fold_of(it.sample) for it in test if fold_of(it.sample).name in args.folds})
    feats = fold_features(train, test, folds, args.jobs)
    lm = load_lm()
    t0 = time.time()
    lm_train = np.asarray([lm.features(analyse(it.sample.text)) for it in train])
    lm_test = np.asarray([lm.features(analyse(it.sample.text)) for it in test])
    if not (np.isfinite(lm_train).all() and np.isfinite(lm_test).all()):
        raise ValueError("LM features must be finite")
    print(f"LM features in {time.time() - t0:.0f} s", flush=True)
    n_tells = len(FEATURE_NAMES)

    def inputs(fold: Fold, variant: str) -> tuple[sp.csr_matrix, sp.csr_matrix, int]:
        f = feats[fold]
        if variant == "shipped":
            return f.train, f.test, n_tells
        # The LM columns join the tell columns, before the hashed n-grams: the trees read them.
        return (
            sp.hstack([f.train[:, :n_tells], sp.csr_matrix(lm_train), f.train[:, n_tells:]], format="csr"),
            sp.hstack([f.test[:, :n_tells], sp.csr_matrix(lm_test), f.test[:, n_tells:]], format="csr"),
            n_tells + N_LM,
        )

    def run(fold: Fold, variant: str) -> tuple[Fold, str, np.ndarray, float]:
        X_tr, X_te, n = inputs(fold, variant)
        return (fold, variant, *score_fold(X_tr, X_te, train, test, fold, args.seed, n))

    jobs = [(fold, v) for fold in folds for v in ("shipped", "lm")]
    results: list[tuple[Fold, str, np.ndarray, float]] = Parallel(n_jobs=args.jobs)(delayed(run)(f, v) for f, v in jobs)
    print_fold_runs(results, test)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folds", nargs="*", default=[], help="run these leave-one-out folds with and without LM columns")
    args = parse_run_args(ap, None)
    if args.folds:
        run_folds(args)
        return
    _, test = corpus_splits(args)
    res = load_resources().warm()
    lm = load_lm()
    columns = [FEATURE_NAMES.index(name) for name in FLUENCY]
    rows: list[tuple[str, list[float], list[float]]] = []
    for it in test:
        doc = analyse(it.sample.text)
        tells = run_tells(doc, res).features
        rows.append((group_of(it), lm.features(doc), [float(tells[c]) for c in columns]))
    originals = [r for r in rows if r[0] == "original"]
    print(f"{'group':22s} {'n':>5s} " + " ".join(f"{n[:14]:>14s}" for n in (*NAMES, *FLUENCY)))
    for group in sorted({r[0] for r in rows} - {"original"}):
        mine = [r for r in rows if r[0] == group]
        y = [0] * len(originals) + [1] * len(mine)
        both = originals + mine
        lm_aucs = [auc(y, [r[1][i] for r in both]) for i in range(N_LM)]
        tell_aucs = [auc(y, [r[2][i] for r in both]) for i in range(len(FLUENCY))]
        print(f"{group[:22]:22s} {len(mine):5d} " + " ".join(f"{a:14.3f}" for a in (*lm_aucs, *tell_aucs)))


if __name__ == "__main__":
    main()
