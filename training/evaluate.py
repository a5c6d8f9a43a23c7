"""Leave-one-out evaluation: every test document is scored by a model that never saw its kind of text.

    python -m training.evaluate                          # writes training/evaluation.{md,json} and plots
    python -m training.evaluate --limit 40 --no-peers --out /tmp/ev    # a small run

Each test document (the held-out 25% of groups that ``training.train`` also tests on) belongs to one fold:
- a translation, or a human translation, from source language L: the model is trained without any document
  from L (leave-one-source-language-out);
- original English of genre family G: trained without any document of G, whatever its label or language
  (leave-one-genre-out);
- spun text made with thesaurus T: trained without any document spun with T or a thesaurus of T's family, and
  every document of the fold (training and test) is featurised with a lexicon without their synonym links
  (leave-one-thesaurus-out). MyThes en_US is built from WordNet (96.6% of its links are WordNet's), so the two
  are one family, held out together: the model of that fold has seen only Aiksaurus spins, and its tells read
  no synonym links at all.
Each fold runs the shipped procedure (n-gram stacking, trees, out-of-fold calibration, 1%-FPR threshold) on its
training rows, and the peers are trained on exactly the same rows. The predictions of all folds are pooled,
and every metric is computed on the pool: the "leave-one-out numbers, together" of issue 3.
"""

from __future__ import annotations

import argparse
import bisect
import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

from artifactdet.model import LABELS
from training.data import Sample
from training.metrics import metrics
from training.peers import Peer, make_peers
from training.train import (
    NGRAM_MIN_DF,
    REPO,
    Item,
    cached_features,
    choose_thresholds,
    corpus_splits,
    fit_model,
    ordered_proba,
    parse_run_args,
)

log = logging.getLogger("training.evaluate")

# Brown's fifteen categories are too fine to be "unseen" one at a time (mystery vs adventure), so genres are
# held out by family; other sources keep their own genre.
GENRE_FAMILY = {
    **dict.fromkeys(("adventure", "fiction", "mystery", "romance", "science_fiction", "humor"), "fiction"),
    **dict.fromkeys(
        ("belles_lettres", "lore", "religion", "hobbies", "government", "learned", "editorial", "reviews"),
        "essays and nonfiction",
    ),
    **dict.fromkeys(("social", "conversation"), "social and chat"),
}


def genre_family(genre: str) -> str:
    return GENRE_FAMILY.get(genre, genre)


# MyThes en_US is built from WordNet: 96.6% of its synonym links are WordNet's, and 95.6% of the headwords both
# list have the same entries (measured 2026-11-23; Aiksaurus shares 2.4% of its links with either). Held out one
# at a time, each would be "unseen" while the model trains on the other's near-identical spins and the fold's
# tells read the other's links, so they are held out together.
THESAURUS_FAMILY = dict.fromkeys(("wordnet", "mythes"), "wordnet+mythes")


def thesaurus_family(thesaurus: str) -> str:
    return THESAURUS_FAMILY.get(thesaurus, thesaurus)


def family_members(family: str) -> tuple[str, ...]:
    """The thesauri of a family, sorted ("aiksaurus" alone is its own)."""
    return tuple(sorted(t for t, f in THESAURUS_FAMILY.items() if f == family)) or (family,)


@dataclass(frozen=True, order=True)
class Fold:
    kind: str  # "language", "genre" or "thesaurus"
    key: str

    @property
    def name(self) -> str:
        """How reports and the predictions file name the fold: "language=ru"."""
        return f"{self.kind}={self.key}"


def fold_of(sample: Sample) -> Fold:
    """The fold that scores a test document: what about it the model must not have seen."""
    if sample.lang != "en":
        return Fold("language", sample.lang)
    if sample.label == "spun":
        return Fold("thesaurus", thesaurus_family(sample.system.removeprefix("spinner:")))
    return Fold("genre", genre_family(sample.genre))


def excluded(sample: Sample, fold: Fold) -> bool:
    """Whether a training document would let the fold's model see what the fold holds out."""
    if fold.kind == "language":
        return sample.lang == fold.key
    if fold.kind == "thesaurus":
        return sample.label == "spun" and thesaurus_family(sample.system.removeprefix("spinner:")) == fold.key
    # Every document of the genre, whatever its label or language: with the genre's translations left in, a
    # model learns "this genre's style means translated" and flags the held-out originals (measured: all 51
    # utterance originals and 41% of Wikipedia's were flagged when only English documents were excluded).
    return genre_family(sample.genre) == fold.key


def _fit_fold(
    X: npt.NDArray[np.float64],
    y: npt.NDArray[np.str_],
    groups: list[str],
    genres: list[str],
    seed: int,
    n_tells: int | None = None,
    min_df: int = NGRAM_MIN_DF,
    trees_params: dict[str, Any] | None = None,
) -> tuple[Any, dict[str, Any]]:
    # One OpenMP thread per fold: folds run in parallel processes, and two OpenMP pools on two cores stall.
    with threadpool_limits(limits=1, user_api="openmp"):
        model = fit_model(X, y, groups, seed, n_tells, min_df, trees_params)
    chosen = choose_thresholds(
        1.0 - model.oof_proba_[:, list(model.classes_).index("original")], y == "original", genres
    )
    return model, chosen


def score_fold(
    X_train: Any,
    X_test: Any,
    train: Sequence[Item],
    test: Sequence[Item],
    fold: Fold,
    seed: int,
    n_tells: int | None = None,
    min_df: int = NGRAM_MIN_DF,
    trees_params: dict[str, Any] | None = None,
) -> tuple[npt.NDArray[np.float64], float]:
    """One fold of the shipped procedure on an experiment's own matrices (rows aligned with ``train``/``test``):
    the fold's model is fitted on the training rows it may see, and the fold's test rows get probabilities (in
    ``LABELS`` order) and the fold's default threshold."""
    keep = np.asarray([not excluded(it.sample, fold) for it in train])
    model, chosen = _fit_fold(
        X_train[keep],
        np.asarray([it.sample.label for it in train])[keep],
        [it.sample.group for it, k in zip(train, keep, strict=True) if k],
        [it.sample.genre for it, k in zip(train, keep, strict=True) if k],
        seed,
        n_tells,
        min_df,
        trees_params,
    )
    rows = [i for i, it in enumerate(test) if fold_of(it.sample) == fold]
    return ordered_proba(model, X_test[rows]), float(chosen["default"])


def print_fold_runs(results: Sequence[tuple[Fold, str, npt.NDArray[np.float64], float]], test: Sequence[Item]) -> None:
    """An experiment's :func:`score_fold` results, one row per (fold, variant): accuracy at argmax and the share
    flagged at the fold's threshold; then per variant, pooled over its folds, accuracy, artifact AUC and the
    one-vs-rest AUC of each class present."""
    from sklearn.metrics import roc_auc_score

    pooled: dict[str, list[tuple[npt.NDArray[np.float64], list[str]]]] = defaultdict(list)
    print(f"{'fold':30s} {'variant':8s} {'acc':>6s} {'flag@thr':>8s}")
    for fold, variant, proba, thr in results:
        gold = [it.sample.label for it in test if fold_of(it.sample) == fold]
        acc = np.mean([LABELS[i] == g for i, g in zip(proba.argmax(1), gold, strict=True)])
        flagged = np.mean(1.0 - proba[:, LABELS.index("original")] >= thr)
        print(f"{fold.name:30s} {variant:8s} {acc:6.3f} {flagged:8.3f}")
        pooled[variant].append((proba, gold))
    for variant, parts in pooled.items():
        proba = np.vstack([p for p, _ in parts])
        gold = [g for _, gs in parts for g in gs]
        acc = np.mean([LABELS[i] == g for i, g in zip(proba.argmax(1), gold, strict=True)])
        shown = [f"accuracy {acc:.3f}"]
        artifact = np.asarray([g != "original" for g in gold])
        if 0 < artifact.sum() < len(artifact):
            shown.append(f"artifact AUC {roc_auc_score(artifact, 1.0 - proba[:, LABELS.index('original')]):.3f}")
        for label in LABELS:
            y = [g == label for g in gold]
            if 0 < sum(y) < len(y):
                shown.append(f"AUC {label} {roc_auc_score(y, proba[:, LABELS.index(label)]):.3f}")
        print(f"pooled {variant:8s} " + "  ".join(shown))


@dataclass(frozen=True)
class FoldFeatures:
    train: Any  # sparse rows of the training split
    test: Any
    lexicon: str  # what the tells read, for the report


def fold_features(
    train: Sequence[Item], test: Sequence[Item], folds: Sequence[Fold], jobs: int
) -> dict[Fold, FoldFeatures]:
    """Each fold's feature matrices: the shipped lexicon's, except where a thesaurus is held out.

    A thesaurus fold's tells read a lexicon without the links of its thesauri (``without_thesaurus``): with the
    links left in, the synonym and context tells would look the held-out thesaurus up, and the fold would not
    measure an unseen spinner.
    """
    from training.build_resources import THESAURI, without_thesaurus

    shipped = FoldFeatures(*cached_features(train, test, jobs), "shipped")
    out: dict[Fold, FoldFeatures] = {}
    for fold in folds:
        # Only a thesaurus the lexicon holds has links to drop.
        held = [t for t in family_members(fold.key) if t in THESAURI] if fold.kind == "thesaurus" else []
        if held:
            lexicon = without_thesaurus(held, REPO / "training" / "out")
            out[fold] = FoldFeatures(
                *cached_features(train, test, jobs, lexicon), f"shipped without {' and '.join(held)}"
            )
        else:
            out[fold] = shipped
    return out


def run_folds(
    train: Sequence[Item],
    test: Sequence[Item],
    features: dict[Fold, FoldFeatures],
    seed: int,
    peers: Sequence[Peer],
    jobs: int = 2,
) -> dict[str, Any]:
    """Pooled out-of-fold probabilities (model and peers) and per-row thresholds for the test documents.

    ``features``: each fold's (training, test) matrices, from :func:`fold_features`."""
    folds: dict[Fold, list[int]] = defaultdict(list)
    for i, it in enumerate(test):
        folds[fold_of(it.sample)].append(i)
    order = sorted(folds)
    keeps = {fold: np.asarray([not excluded(it.sample, fold) for it in train]) for fold in order}
    y_all = np.asarray([it.sample.label for it in train])
    groups = [it.sample.group for it in train]
    genres = [it.sample.genre for it in train]
    t0 = time.time()
    fitted = Parallel(n_jobs=jobs)(
        delayed(_fit_fold)(
            features[f].train[keeps[f]],
            y_all[keeps[f]],
            [g for g, k in zip(groups, keeps[f], strict=True) if k],
            [g for g, k in zip(genres, keeps[f], strict=True) if k],
            seed,
        )
        for f in order
    )
    log.info("model: %d folds in %.0f s", len(order), time.time() - t0)
    proba = np.zeros((len(test), len(LABELS)))
    thresholds = np.zeros(len(test))
    fold_rows: list[dict[str, Any]] = []
    for fold, (model, chosen) in zip(order, fitted, strict=True):
        rows = folds[fold]
        proba[rows] = ordered_proba(model, features[fold].test[rows])
        thresholds[rows] = chosen["default"]
        fold_rows.append(
            {
                "fold": fold.name,
                "train_documents": int(keeps[fold].sum()),
                "train_excluded": int((~keeps[fold]).sum()),
                "test_documents": len(rows),
                "test_labels": dict(Counter(test[i].sample.label for i in rows)),
                "threshold": chosen["default"],
                "lexicon": features[fold].lexicon,
            }
        )
    peer_proba: dict[str, npt.NDArray[np.float64]] = {}
    for peer in peers:
        t0 = time.time()
        peer.prepare([it.sample.text for it in train], [it.sample.text for it in test])
        out = np.zeros((len(test), len(LABELS)))
        # Threads, not processes: the prepared n-gram matrices stay shared, and fastText's and SGD's native
        # training loops release the GIL.
        fits = Parallel(n_jobs=jobs, backend="threading")(
            delayed(peer.fit_predict)(np.flatnonzero(keeps[f]), list(y_all[keeps[f]]), np.asarray(folds[f]), seed)
            for f in order
        )
        for fold, fitted_proba in zip(order, fits, strict=True):
            out[folds[fold]] = fitted_proba
        peer_proba[peer.name] = out
        log.info("peer %s: %d folds in %.0f s", peer.name, len(order), time.time() - t0)
    return {"proba": proba, "thresholds": thresholds, "peers": peer_proba, "folds": fold_rows}


def pooled_metrics(
    test: Sequence[Item], proba: npt.NDArray[np.float64], thresholds: npt.NDArray[np.float64] | None
) -> dict[str, Any]:
    y = [it.sample.label for it in test]
    groups: dict[str, Sequence[str]] = {
        "fold": [fold_of(it.sample).name for it in test],
        # Human translations are original text too: the FPR table lists them beside each genre.
        "genre": [
            f"human translation ({it.sample.lang})" if it.sample.lang != "en" else it.sample.genre for it in test
        ],
    }
    out = metrics(y, proba, groups, None)
    if thresholds is not None:
        # Each document is judged at its own fold's threshold, as the shipped model would judge unseen text.
        y_arr = np.asarray(y)
        flagged = flagged_at(proba, thresholds)
        original = y_arr == "original"
        out["fpr_original_at_threshold"] = float(flagged[original].mean())
        out["tpr_artifact_at_threshold"] = float(flagged[~original].mean())
        for name in ("genre", "fold"):
            keys = np.asarray(groups[name])
            for key, row in out[f"by_{name}"].items():
                mask = original & (keys == key)
                if mask.any():
                    row["fpr_original_at_threshold"] = float(flagged[mask].mean())
    return out


# Substitution-rate bands of the training spinner (``training.train.spin_configs`` draws 0.05-0.40), light
# spins, as commercial spinners make, to crude ones: the upper edges of all but the last band, and the labels.
RATE_EDGES: Final = (0.10, 0.15, 0.25)
RATE_LABELS: Final = ("0.05-0.10", "0.10-0.15", "0.15-0.25", "0.25-0.40")


def rate_band(rate: float) -> str:
    return RATE_LABELS[bisect.bisect_right(RATE_EDGES, rate)]


def flagged_at(proba: npt.NDArray[np.float64], thresholds: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Which rows a threshold on the artifact probability (1 - P(original)) flags, each at its own threshold."""
    return np.asarray(1.0 - proba[:, LABELS.index("original")] >= thresholds)


def spun_breakdown(
    test: Sequence[Item], proba: npt.NDArray[np.float64], thresholds: npt.NDArray[np.float64] | None
) -> dict[str, dict[str, Any]]:
    """Spun test documents by how they were spun: per held-out thesaurus family and substitution-rate band (and
    with or without tortured phrases), the share rated spun at argmax and, with ``thresholds``, the share
    flagged as any artifact. Keys are "family | rate 0.05-0.10" and "family | tortured phrases yes"."""
    spun_col = LABELS.index("spun")
    groups: dict[str, list[int]] = {}
    for i, it in enumerate(test):
        if it.sample.label != "spun" or it.spin is None:
            continue
        family = thesaurus_family(it.spin.thesaurus)
        for key in (f"rate {rate_band(it.spin.rate)}", f"tortured phrases {'yes' if it.spin.tortured else 'no'}"):
            groups.setdefault(f"{family} | {key}", []).append(i)
    out: dict[str, dict[str, Any]] = {}
    for key, rows in sorted(groups.items()):
        p = proba[rows]
        row: dict[str, Any] = {
            "n": len(rows),
            "spun_at_argmax": float((p.argmax(axis=1) == spun_col).mean()),
            "mean_swaps": float(np.mean([test[i].swaps for i in rows])),
        }
        if thresholds is not None:
            row["flagged_at_threshold"] = float(flagged_at(p, thresholds[rows]).mean())
        out[key] = row
    return out


def write_predictions(
    path: Path, test: Sequence[Item], proba: npt.NDArray[np.float64], thresholds: npt.NDArray[np.float64]
) -> None:
    """Each test document's pooled leave-one-out prediction, so a change in a pooled metric can be traced to the
    documents behind it. Ids and numbers only: no text of the shared data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for it, row, threshold in zip(test, proba, thresholds, strict=True):
            s = it.sample
            record = {
                "id": s.id,
                "fold": fold_of(s).name,
                "label": s.label,
                "genre": s.genre,
                "system": s.system,
                **({"spin_rate": round(it.spin.rate, 4), "swaps": it.swaps} if it.spin is not None else {}),
                "scores": {label: round(float(p), 6) for label, p in zip(LABELS, row, strict=True)},
                "threshold": round(float(threshold), 6),
                # from the unrounded numbers, as the pooled metrics count it
                "flagged": bool(1.0 - row[LABELS.index("original")] >= threshold),
            }
            f.write(json.dumps(record, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=REPO / "training" / "evaluation", help="report path stem (.md/.json)")
    ap.add_argument(
        "--predictions",
        type=Path,
        default=REPO / "training" / "out" / "leave-one-out-predictions.jsonl",
        help="one JSON line per test document: its fold, label, genre, system, probabilities, threshold",
    )
    args = parse_run_args(ap, argv)
    t0 = time.time()
    train, test = corpus_splits(args)
    features = fold_features(train, test, sorted({fold_of(it.sample) for it in test}), args.jobs)

    peers: list[Peer] = [] if args.no_peers else make_peers()
    result = run_folds(train, test, features, args.seed, peers, args.jobs)
    from training.train import digest

    report: dict[str, Any] = {
        "protocol": __doc__.split("\n\n", 2)[2].strip() if __doc__ else "",
        "genre_families": {
            family: sorted(g for g, f in GENRE_FAMILY.items() if f == family) for family in set(GENRE_FAMILY.values())
        },
        "thesaurus_families": {family: list(family_members(family)) for family in set(THESAURUS_FAMILY.values())},
        "evaluation_data_sha256": digest(test),
        "training_data_sha256": digest(train),
        "folds": result["folds"],
        "model": pooled_metrics(test, result["proba"], result["thresholds"]),
        "spun_by_setting": spun_breakdown(test, result["proba"], result["thresholds"]),
        "peers": {name: pooled_metrics(test, p, None) for name, p in result["peers"].items()},
    }
    from training.plots import write_plots

    y_test = [it.sample.label for it in test]
    args.plots.mkdir(parents=True, exist_ok=True)
    paths = write_plots(
        args.plots,
        "leave-one-out",
        y_test,
        result["proba"],
        None,
        peers=result["peers"],
        title="leave-one-out (pooled)",
    )
    report["plots"] = {
        k: str(Path(p).relative_to(args.out.parent)) if Path(p).is_relative_to(args.out.parent) else str(p)
        for k, p in paths.items()
    }
    report["seconds"] = round(time.time() - t0, 1)
    write_predictions(args.predictions, test, result["proba"], result["thresholds"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    from training.report import write_evaluation_markdown

    write_evaluation_markdown(report, args.out.with_suffix(".md"))
    m = report["model"]
    log.info(
        "leave-one-out: macro-F1 %.3f, AUCs %s, artifact AUC %.3f",
        m["macro_f1"],
        {k: round(v, 3) for k, v in m["roc_auc"].items()},
        m.get("artifact_auc", float("nan")),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
